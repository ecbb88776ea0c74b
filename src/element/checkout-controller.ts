/**
 * The framework-free heart of `<klarna-checkout-button>`: it owns Klarna's lifecycle (script + session in
 * parallel, `init`, `load`, `authorize`, `finalize`), the authorization token's bookkeeping and the order
 * call, and reports through a small host interface. It knows nothing of lit, so any wrapper can drive it.
 *
 * Every async step runs inside a "run" (one AbortController); starting a new run aborts the previous one,
 * and after every `await` the controller checks that its run is still the latest and the host still
 * connected before it commits anything (lit's task.ts, google-pay's button-manager.ts).
 */
import { describeMissingAuthorizationToken, describeMissingSessionSource, describeStageFailure } from '#dev-mode';
import { loadKlarnaPayments } from '../loader/load-klarna-payments.js';
import { createMerchantClient } from '../merchant-client/create-merchant-client.js';
import type { KlarnaAuthorizeResult, KlarnaLoadResult, KlarnaPayments } from '../loader/klarna-types.js';
import type { OrderResponse, PaymentMethodCategory, SessionResponse } from '../protocol/index.js';
import { readClientTokenClaims } from './client-token-claims.js';
import { englishMessages, type MessageKey } from './messages.js';
import {
  createKlarnaCheckoutEvent,
  type KlarnaCheckoutEventDetailMap,
  type KlarnaCheckoutEventName,
  type KlarnaErrorStage,
  type KlarnaReauthorizeReason,
} from './events.js';

/** The states of a checkout; the element mirrors the current one in its `state` attribute. */
export const CheckoutState = {
  Idle: 'idle',
  Loading: 'loading',
  Ready: 'ready',
  Authorizing: 'authorizing',
  Authorized: 'authorized',
  Placing: 'placing',
  Placed: 'placed',
  Unavailable: 'unavailable',
  Error: 'error',
} as const;
/** One of the checkout states. */
export type CheckoutState = (typeof CheckoutState)[keyof typeof CheckoutState];

/** The data Klarna's `authorize` receives: an object, or a (sync or async) function read at click time. */
export type AuthorizeData = object | (() => object | Promise<object>);

/** What the controller reads from its host at the start of every step (empty strings count as unset). */
export interface CheckoutOptions {
  /** Merchant endpoint that creates (or, with `session_id`, updates) a session. */
  sessionUrl?: string | undefined;
  /** Merchant endpoint that places the order; without it the flow ends at `klarna-authorized`. */
  orderUrl?: string | undefined;
  /** A client token the page already holds; replaces the session request. */
  clientToken?: string | undefined;
  /** The category to show; default is the one the customer chose, else the session's first. */
  paymentMethodCategory?: string | undefined;
  /** `false` runs the two-step flow (`auto_finalize: false`, then `finalize()`). */
  autoFinalize?: boolean | undefined;
  /** Klarna library URL override (the simulator's). */
  librarySrc?: string | undefined;
  /** CSP nonce for the injected script. */
  nonce?: string | undefined;
  /** The merchant's cart (any JSON), sent to the merchant endpoints. */
  cart: unknown;
  /** The `data` argument of `authorize` / `finalize`. */
  authorizeData?: AuthorizeData | undefined;
  /** The fetch the merchant client uses. */
  fetch?: typeof fetch | undefined;
}

/** What the controller needs from the element (or any other host). */
export interface CheckoutHost {
  /** Whether the host is in the document; nothing is committed while it is not. */
  readonly isConnected: boolean;
  /** The light-DOM element Klarna's widget is loaded into. */
  readonly widgetContainer: HTMLElement;
  /** The current options, read at the start of each step. */
  checkoutOptions(): CheckoutOptions;
  /** Called after every state, status or category change so the host can re-render. */
  checkoutChanged(): void;
  /** Dispatches one of the controller's events; returns `false` when a listener called `preventDefault()`. */
  dispatchEvent(event: Event): boolean;
}

/** Options of the controller itself (not of the checkout). */
export interface CheckoutControllerOptions {
  /** How long an authorization token is trusted; default `CheckoutController.defaultAuthorizationLifetimeMs`. */
  authorizationLifetimeMs?: number;
  /** The clock (ms since the epoch); default `Date.now`. */
  now?: () => number;
}

/** The session: the session endpoint's answer, or the claims of a page-rendered client token (not refreshable). */
type Session = Partial<SessionResponse> & { client_token: string; refreshable?: boolean };

/** The outstanding authorization: a token with the cart it covers (as JSON) and its expiry; `{}` awaits `finalize()`. */
interface Authorization {
  token?: string;
  cart?: string;
  expiresAt?: number;
  timer?: ReturnType<typeof setTimeout>;
}

/** A failure tagged with the stage it happened in (internal; surfaces as `klarna-error`). */
class StageFailure {
  constructor(
    readonly stage: KlarnaErrorStage,
    readonly cause: unknown,
  ) {}
}

/** A `.catch` handler that tags a rejection with `stage`. */
const failedAt =
  (stage: KlarnaErrorStage) =>
  (cause: unknown): never => {
    throw new StageFailure(stage, cause);
  };

/** An `Error` named `name` (the `code` of its `klarna-error`), with extra fields. */
const namedError = (name: string, message: string, fields?: object): Error => Object.assign(new Error(message), { name }, fields);

/** The client token `Klarna.Payments` (one global per page) was last `init`ed with by any controller. */
let initializedToken: string | undefined;
let instanceCount = 0;

/** The key of the status text for shoppers in each state (missing: nothing to announce). */
const STATUS: Partial<Record<CheckoutState, MessageKey>> = {
  loading: 'loading',
  authorizing: 'authorizing',
  authorized: 'authorized',
  placing: 'placing',
  placed: 'placed',
  unavailable: 'notOffered',
  error: 'retry',
};

/**
 * Calls one of Klarna's callback-style methods; an abort of `signal` rejects. Klarna sometimes calls back with
 * `{show_form:false}` and then throws: the callback settles a microtask later, so a synchronous throw wins.
 */
function callKlarna<T>(signal: AbortSignal, invoke: (callback: (result: T) => void) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    signal.throwIfAborted();
    signal.addEventListener('abort', () => reject(signal.reason));
    invoke((result) => Promise.resolve(result).then(resolve));
  });
}

/** The merchant client for the host's endpoints and fetch (only those: the options object may be the element). */
const merchantClient = ({ sessionUrl, orderUrl, fetch }: CheckoutOptions) => createMerchantClient({ sessionUrl, orderUrl, fetch });

/**
 * Runs one Klarna Payments checkout for one host: load, authorize, finalize, place the order.
 * Create one per element; call `connect()` / `disconnect()` from the host's lifecycle.
 */
export class CheckoutController {
  /** Default trust period of an authorization token: 55 minutes, a 5-minute margin before Klarna's 60. */
  static defaultAuthorizationLifetimeMs = 3_300_000;

  /** How long a fresh authorization token is trusted before `klarna-reauthorize-required` {reason:'expired'}. */
  authorizationLifetimeMs: number;
  /** The clock (ms since the epoch) used for token bookkeeping. */
  now: () => number;
  /** This instance's Klarna `instance_id` (`kcb-1`, `kcb-2`, …). */
  readonly instanceId = `kcb-${++instanceCount}`;

  #host: CheckoutHost;
  #state: CheckoutState = 'idle';
  #status: MessageKey | undefined;
  /** The current run: every async step runs in one; starting a new one aborts the previous. */
  #run?: AbortController;
  #payments?: KlarnaPayments;
  #session?: Session | undefined;
  #chosenCategory?: string;
  #authorization?: Authorization | undefined;
  #inFlight?: Promise<void> | undefined;

  /** Creates a controller for `host`; nothing happens until `connect()`. */
  constructor(host: CheckoutHost, options: CheckoutControllerOptions = {}) {
    this.#host = host;
    this.authorizationLifetimeMs = options.authorizationLifetimeMs ?? CheckoutController.defaultAuthorizationLifetimeMs;
    this.now = options.now ?? Date.now;
  }

  /** The current state. */
  get state(): CheckoutState {
    return this.#state;
  }

  /** A short human sentence for the live status region, in English (empty when there is nothing to say). */
  get statusMessage(): string {
    return this.#status ? englishMessages[this.#status] : '';
  }

  /** The key of the status text (`messages.ts`), so a host can show it in the shopper's language; `undefined`: nothing to say. */
  get statusKey(): MessageKey | undefined {
    return this.#status;
  }

  /** Whether a session (from the session endpoint or the client token) is known. */
  get hasSession(): boolean {
    return this.#session !== undefined;
  }

  /** The session's locale (the session answer's `locale`, else the client token's), once the session is known. */
  get sessionLocale(): string | undefined {
    const session = this.#session;
    return session && (session.locale || readClientTokenClaims(session.client_token).locale);
  }

  /** The session id (from the session endpoint or the client token), once known. */
  get sessionId(): string | undefined {
    return this.#session?.session_id;
  }

  /** Every category the session offers (empty before the session is known). */
  get paymentMethodCategories(): PaymentMethodCategory[] {
    return this.#session?.payment_method_categories ?? [];
  }

  /** The category whose widget is shown (or will be), `undefined` when Klarna shows all. */
  get paymentMethodCategory(): string | undefined {
    const categories = this.paymentMethodCategories;
    return (
      this.#host.checkoutOptions().paymentMethodCategory ||
      (categories.find((category) => category.identifier == this.#chosenCategory) ?? categories[0])?.identifier
    );
  }

  /** Whether a two-step authorization waits for `finalize()`. */
  get awaitingFinalize(): boolean {
    return !!this.#authorization && !this.#authorization.token;
  }

  /** When the outstanding authorization token stops being trusted (ms epoch), if there is one. */
  get authorizationExpiresAt(): number | undefined {
    return this.#authorization?.expiresAt;
  }

  /** Starts the checkout: call when the host is connected. */
  connect(): void {
    void this.reload();
  }

  /** Stops everything: aborts the current run, clears timers, forgets any token. No event follows. */
  disconnect(): void {
    this.#beginRun().abort();
    this.#set('idle');
  }

  /** Starts over: new session, new `load`. */
  async reload(): Promise<void> {
    if (!this.#host.isConnected) return;
    this.#session = undefined;
    await this.#step('loading', false, async (run, options) => {
      // Script and session in parallel: neither waits for the other.
      const [payments, session] = await Promise.all([
        loadKlarnaPayments({ src: options.librarySrc || undefined, nonce: options.nonce || undefined }).catch(failedAt('script')),
        this.#requestSession(run, options),
      ]);
      if (!this.#isCurrent(run)) return;
      // Starting over always `init`s again: someone outside this package may have `init`ed another token.
      this.#payments = payments;
      initializedToken = undefined;
      await this.#loadWidget(run, session);
    });
  }

  /** Shows another category's widget (the customer picked it in the radio group). */
  async selectCategory(identifier: string): Promise<void> {
    this.#chosenCategory = identifier;
    this.#host.checkoutChanged();
    if (!this.#host.checkoutOptions().paymentMethodCategory) await this.reloadWidget();
  }

  /** Loads the widget again (e.g. after the fixed category changed) without a new session; a token stays outstanding. */
  async reloadWidget(): Promise<void> {
    const session = this.#session;
    if (session && this.#host.isConnected) await this.#step('loading', true, (run) => this.#loadWidget(run, session));
  }

  /**
   * The cart changed: refresh the session (with its `session_id`), void any authorization
   * (`klarna-reauthorize-required` {reason:'cart-changed'}) and `load` again.
   */
  async cartChanged(): Promise<void> {
    const state = this.#state;
    const previous = this.#session;
    if (!this.#host.isConnected || /^(idle|placing|placed)$/.test(state)) return;
    // The session request is still on its way with the old cart (or failed): start over with the new one.
    if (!previous) return state == 'loading' ? this.reload() : undefined;
    const hadAuthorization = this.#authorization;
    this.#forgetAuthorization();
    if (hadAuthorization) this.#emit('klarna-reauthorize-required', { reason: 'cart-changed' });
    if (!this.#host.isConnected) return;
    if (previous.refreshable) {
      await this.#step('loading', false, async (run, options) =>
        this.#loadWidget(run, await this.#requestSession(run, options, previous.session_id)),
      );
    } else if (/^authoriz/.test(state)) {
      // A page-rendered client token cannot be refreshed from the browser: only the authorization is voided.
      this.#beginRun();
      this.#set('ready');
    }
  }

  /**
   * Opens Klarna's authorization (after the cancelable `klarna-before-authorize`). While one is in flight,
   * further calls return the same promise. Does nothing unless the state is `ready` or `authorized`.
   */
  authorize(): Promise<void> {
    return this.#track(/^(ready|authorized)$/.test(this.#state), false);
  }

  /** Finishes a two-step authorization (`auto-finalize="false"` after `klarna-finalize-required`). */
  finalize(): Promise<void> {
    return this.#track(this.awaitingFinalize, true);
  }

  /** Runs `authorize` (or `finalize`) when `allowed`; while one is `authorizing`, every call returns its promise. */
  #track(allowed: boolean, finalizing: boolean): Promise<void> {
    if (this.#state == 'authorizing') return this.#inFlight!;
    return allowed && this.#session && this.#host.isConnected ? (this.#inFlight = this.#authorize(finalizing)) : Promise.resolve();
  }

  /** Aborts the previous run and starts a new one; (unless kept) any token is forgotten. */
  #beginRun(keepAuthorization?: boolean): AbortController {
    this.#run?.abort();
    if (!keepAuthorization) this.#forgetAuthorization();
    return (this.#run = new AbortController());
  }

  #isCurrent(run: AbortController): boolean {
    return this.#run == run && this.#host.isConnected;
  }

  /**
   * Runs `work` as a new run in `state`. After every `await` inside it, `#isCurrent(run)` decides whether the run
   * may still commit; a failure of the current run becomes `klarna-error`. Untagged failures come from the session
   * request in a `loading` step, from `authorize` otherwise.
   */
  async #step(
    state: CheckoutState,
    keepAuthorization: boolean,
    work: (run: AbortController, options: CheckoutOptions) => Promise<unknown>,
  ): Promise<void> {
    const run = this.#beginRun(keepAuthorization);
    this.#set(state);
    try {
      await work(run, this.#host.checkoutOptions());
    } catch (error) {
      if (!this.#isCurrent(run)) return;
      const { stage, cause } = error instanceof StageFailure ? error : new StageFailure(state == 'loading' ? 'session' : 'authorize', error);
      // The loader's `reason`, the backend's `code`, else Klarna's error class name.
      const { name, code, reason, retryable, message } = Object(cause);
      this.#set('error');
      this.#emit('klarna-error', {
        stage,
        code: [reason, code].find((key) => typeof key == 'string') ?? (name && name != 'Error' ? name : stage + '_failed'),
        message: cause instanceof Error && message ? message : describeStageFailure?.(stage, cause) ?? stage + ' failed',
        retryable: retryable === true || /^(network|timeout)$/.test(reason),
        cause,
      });
    }
  }

  /** The one place state changes. */
  #set(state: CheckoutState, status: MessageKey | undefined = STATUS[state]): void {
    this.#state = state;
    this.#status = status;
    this.#host.checkoutChanged();
  }

  #emit<K extends KlarnaCheckoutEventName>(type: K, detail: KlarnaCheckoutEventDetailMap[K]): boolean {
    return this.#host.isConnected && this.#host.dispatchEvent(createKlarnaCheckoutEvent(type, detail));
  }

  /** The session from the client token's claims, or from the session endpoint. */
  async #requestSession(run: AbortController, options: CheckoutOptions, sessionId?: string): Promise<Session> {
    const token = options.clientToken;
    if (token) return { ...readClientTokenClaims(token), client_token: token };
    if (!options.sessionUrl) {
      throw namedError(
        'MissingSessionSourceError',
        describeMissingSessionSource?.() ?? 'No session-url or client-token.',
        { code: 'missing_session_url' },
      );
    }
    const session = await merchantClient(options).createSession(
      { cart: options.cart, session_id: sessionId! },
      { signal: run.signal },
    );
    return { ...session, refreshable: true };
  }

  /** `payment_method_category` (when known) + `instance_id`, the same for load, authorize and finalize. */
  #widgetKey(category: string | undefined): { payment_method_category?: string; instance_id: string } {
    return { ...(category && { payment_method_category: category }), instance_id: this.instanceId };
  }

  /** Makes `session` current (if the run still is), then `init` + `load`; ends in `ready` (klarna-ready) or `unavailable`. */
  async #loadWidget(run: AbortController, session: Session): Promise<void> {
    if (!this.#isCurrent(run)) return;
    this.#session = session;
    const category = this.paymentMethodCategory;
    if (await this.#load(run, category, true)) {
      this.#set('ready');
      this.#emit('klarna-ready', { sessionId: this.sessionId, paymentMethodCategory: category, paymentMethodCategories: this.paymentMethodCategories });
    }
  }

  /**
   * `init`s with this instance's token unless the global already holds it, then `load`s (always, or only when
   * `init` ran: another token reset our widget). Resolves `true` when the widget shows; ends the run otherwise.
   */
  async #load(run: AbortController, category: string | undefined, always: boolean): Promise<boolean> {
    const payments = this.#payments!;
    const token = this.#session!.client_token;
    const { show_form } = await callKlarna<KlarnaLoadResult>(run.signal, (callback) => {
      if (initializedToken != token) {
        payments.init({ client_token: token });
        initializedToken = token;
      } else if (!always) return callback({ show_form: true });
      payments.load({ container: this.#host.widgetContainer, ...this.#widgetKey(category) }, {}, callback);
    }).catch(failedAt('load'));
    if (!this.#isCurrent(run)) return false;
    if (!show_form) {
      this.#set('unavailable');
      this.#emit('klarna-unavailable', { paymentMethodCategory: category });
    }
    return show_form;
  }

  /** `authorize` (after `klarna-before-authorize`) or `finalize`, then the outcome (and the order with `order-url`). */
  async #authorize(finalizing: boolean): Promise<void> {
    const category = this.paymentMethodCategory;
    if (!finalizing && !this.#emit('klarna-before-authorize', { paymentMethodCategory: category })) return;
    // A new authorize supersedes the previous token; a finalize keeps the pending state until Klarna answers.
    await this.#step('authorizing', finalizing, async (run, { authorizeData, autoFinalize }) => {
      const data = Object(typeof authorizeData == 'function' ? await authorizeData() : authorizeData) as object;
      if (!this.#isCurrent(run) || !(await this.#load(run, category, false))) return;
      const key = this.#widgetKey(category);
      const payments = this.#payments!;
      const { approved, authorization_token: token, finalize_required, show_form, error } = await callKlarna<KlarnaAuthorizeResult>(
        run.signal,
        (callback) =>
          finalizing
            ? payments.finalize(key, data, callback)
            : payments.authorize(autoFinalize === false ? { ...key, auto_finalize: false } : key, data, callback),
      );
      if (!this.#isCurrent(run)) return;
      this.#forgetAuthorization();
      if (!finalizing && finalize_required && !token) {
        this.#authorization = {};
        this.#set('authorized', 'finalizeRequired');
        this.#emit('klarna-finalize-required', { paymentMethodCategory: category });
      } else if (approved) {
        if (!token) {
          throw namedError(
            'MissingAuthorizationTokenError',
            describeMissingAuthorizationToken?.() ?? 'No authorization_token.',
          );
        }
        await this.#approve(run, token, category);
      } else {
        const fields = error?.invalid_fields;
        const invalidFields = show_form && Array.isArray(fields) ? [...fields] : [];
        this.#set(
          show_form ? 'ready' : 'unavailable',
          show_form ? (invalidFields.length ? 'checkDetails' : 'notCompleted') : 'notOffered',
        );
        this.#emit('klarna-declined', { fixable: show_form, invalidFields });
      }
    });
  }

  /** Keeps the token (with its expiry timer), dispatches `klarna-authorized`, then places the order with `order-url`. */
  async #approve(run: AbortController, token: string, category: string | undefined): Promise<void> {
    const lifetime = this.authorizationLifetimeMs;
    const expiresAt = this.now() + lifetime;
    const authorization: Authorization = {
      token,
      cart: JSON.stringify(this.#host.checkoutOptions().cart),
      expiresAt,
      timer: setTimeout(() => this.#expire(authorization), lifetime),
    };
    this.#authorization = authorization;
    this.#set('authorized');
    this.#emit('klarna-authorized', { authorizationToken: token, paymentMethodCategory: category, expiresAt });
    const options = this.#host.checkoutOptions();
    if (!this.#isCurrent(run) || !options.orderUrl || this.#authorization != authorization) return;
    if (this.now() >= expiresAt) return this.#expire(authorization);
    // From here on the token is spent: it is never sent anywhere again, whatever the answer.
    this.#forgetAuthorization();
    // A cart changed in place since Klarna authorized it no longer matches the token.
    if (JSON.stringify(options.cart) != authorization.cart) return this.#reauthorize('cart-changed');
    this.#set('placing');
    let order: OrderResponse;
    try {
      order = await merchantClient(options).placeOrder(
        { authorization_token: token, session_id: this.sessionId ?? '', cart: options.cart },
        { signal: run.signal },
      );
    } catch (error) {
      const { code, reauthorize } = Object(error);
      if (!reauthorize || !this.#isCurrent(run)) throw new StageFailure('order', error);
      return this.#reauthorize(
        code == 'amount_mismatch' ? 'cart-changed' : ((/^authorization_(expired|consumed)$/.exec(code)?.[1] ?? 'rejected') as KlarnaReauthorizeReason),
      );
    }
    if (!this.#isCurrent(run)) return;
    this.#set('placed');
    this.#emit('klarna-order-placed', { orderId: order.order_id, redirectUrl: order.redirect_url, fraudStatus: order.fraud_status });
  }

  /** The authorization is void: back to `ready` (unless `ready` is false) and tell the page why. */
  #reauthorize(reason: KlarnaReauthorizeReason, ready = true): void {
    if (ready) this.#set('ready', 'confirmAgain');
    this.#emit('klarna-reauthorize-required', { reason });
  }

  /** The token's trust period ended unspent: forget it and tell the page. */
  #expire(authorization: Authorization): void {
    if (this.#authorization != authorization || !this.#host.isConnected) return;
    this.#forgetAuthorization();
    this.#reauthorize('expired', this.#state == 'authorized');
  }

  /** Forgets the token (and its timer) or the pending finalize. */
  #forgetAuthorization(): void {
    clearTimeout(this.#authorization?.timer);
    this.#authorization = undefined;
  }
}
