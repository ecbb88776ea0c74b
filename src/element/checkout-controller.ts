/**
 * The framework-free heart of `<klarna-checkout-button>`: it owns Klarna's lifecycle (script + session in
 * parallel, `init`, `load`, `authorize`, `finalize`), the authorization token's bookkeeping and the order
 * call, and reports through a small host interface. It knows nothing of lit, so any wrapper can drive it.
 *
 * Every async step runs inside a "run" (one AbortController); starting a new run aborts the previous one,
 * and after every `await` the controller checks that its run is still the latest and the host still
 * connected before it commits anything (lit's task.ts, google-pay's button-manager.ts).
 */
import { loadKlarnaPayments } from '../loader/index.js';
import { createMerchantClient } from '../merchant-client/index.js';
import type {
  KlarnaAuthorizeResult,
  KlarnaLoadResult,
  KlarnaPayments,
} from '../loader/klarna-types.js';
import { ProtocolErrorCode } from '../protocol/index.js';
import type { PaymentMethodCategory } from '../protocol/index.js';
import { readClientTokenClaims } from './client-token-claims.js';
import {
  createKlarnaCheckoutEvent,
  KlarnaCheckoutEventName,
  type KlarnaCheckoutEventDetailMap,
  type KlarnaCheckoutEventName as EventName,
  type KlarnaErrorDetail,
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

/** What the controller reads from its host at the start of every step. */
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
  autoFinalize: boolean;
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

interface Run {
  readonly abort: AbortController;
}

interface Session {
  sessionId: string | undefined;
  clientToken: string;
  categories: PaymentMethodCategory[];
  orderAmount: number | undefined;
  fromSessionUrl: boolean;
}

interface Authorization {
  token: string;
  category: string | undefined;
  cart: string;
  orderAmount: number | undefined;
  issuedAt: number;
  expiresAt: number;
  timer: ReturnType<typeof setTimeout>;
}

/** A failure tagged with the stage it happened in (internal; surfaces as `klarna-error`). */
class StageFailure extends Error {
  override name = 'StageFailure';
  constructor(
    readonly stage: KlarnaErrorStage,
    override readonly cause: unknown,
  ) {
    super(`The ${stage} stage failed.`);
  }
}

/** The client token each `Klarna.Payments` object was last `init`ed with (one token per global). */
const initializedTokens = new WeakMap<KlarnaPayments, string>();
let instanceCount = 0;

/** Backend codes that void an authorization, mapped to the event's reason. */
const REAUTHORIZE_REASONS: Record<string, KlarnaReauthorizeReason> = {
  [ProtocolErrorCode.AuthorizationExpired]: 'expired',
  [ProtocolErrorCode.AuthorizationConsumed]: 'consumed',
  [ProtocolErrorCode.AmountMismatch]: 'cart-changed',
  [ProtocolErrorCode.AuthorizationRejected]: 'rejected',
};

const ERROR_STATUS: Record<KlarnaErrorStage, string> = {
  script: 'Klarna could not be loaded. Please try again.',
  session: 'The checkout could not be started. Please try again.',
  load: 'Klarna could not be loaded. Please try again.',
  authorize: 'Klarna could not complete the payment. Please try again.',
  order: 'Your order could not be placed. Please try again.',
};

const DEFAULT_STATUS: Record<CheckoutState, string> = {
  idle: '',
  loading: 'Loading Klarna…',
  ready: '',
  authorizing: 'Waiting for Klarna…',
  authorized: 'Klarna approved the payment.',
  placing: 'Placing your order…',
  placed: 'Your order has been placed.',
  unavailable: 'Klarna is not available for this purchase.',
  error: 'Something went wrong. Please try again.',
};

function abortError(): Error {
  const error = new Error('The step was superseded or its element was removed.');
  error.name = 'AbortError';
  return error;
}

/**
 * Calls one of Klarna's callback-style methods and settles once. Klarna sometimes calls the callback with
 * `{show_form:false}` and then throws: a synchronous throw wins over a synchronous callback.
 */
function callKlarna<T>(signal: AbortSignal, invoke: (callback: (result: T) => void) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    if (signal.aborted) return reject(abortError());
    const onAbort = () => reject(abortError());
    signal.addEventListener('abort', onAbort, { once: true });
    let synchronous = true;
    let early: { result: T } | undefined;
    const settle = (result: T) => {
      if (synchronous) early = { result };
      else {
        signal.removeEventListener('abort', onAbort);
        resolve(result);
      }
    };
    try {
      invoke(settle);
    } catch (error) {
      signal.removeEventListener('abort', onAbort);
      return reject(error);
    }
    synchronous = false;
    if (early) settle(early.result);
  });
}

function errorName(error: unknown): string | undefined {
  if (error && typeof error === 'object' && typeof (error as Error).name === 'string') return (error as Error).name;
  return undefined;
}

function errorProperty(error: unknown, key: string): unknown {
  return error && typeof error === 'object' ? (error as Record<string, unknown>)[key] : undefined;
}

/** Builds the `klarna-error` detail for a failure in `stage`. */
function describeFailure(stage: KlarnaErrorStage, cause: unknown): KlarnaErrorDetail {
  const message =
    cause instanceof Error && cause.message ? cause.message : `Klarna checkout failed at the ${stage} stage with ${String(cause)}.`;
  if (stage === 'script') {
    const reason = errorProperty(cause, 'reason');
    const code = typeof reason === 'string' ? reason : 'script_failed';
    return { stage, code, message, retryable: code === 'network' || code === 'timeout', cause };
  }
  if (stage === 'session' || stage === 'order') {
    const code = errorProperty(cause, 'code');
    const retryable = errorProperty(cause, 'retryable');
    return {
      stage,
      code: typeof code === 'string' ? code : errorName(cause) === 'TypeError' ? 'network_error' : `${stage}_failed`,
      message,
      retryable: typeof retryable === 'boolean' ? retryable : errorName(cause) === 'TypeError',
      cause,
    };
  }
  const name = errorName(cause);
  return { stage, code: name && name !== 'Error' ? name : `${stage}_failed`, message, retryable: false, cause };
}

/**
 * Runs one Klarna Payments checkout for one host: load, authorize, finalize, place the order.
 * Create one per element; call `connect()` / `disconnect()` from the host's lifecycle.
 */
export class CheckoutController {
  /** Default trust period of an authorization token: 55 minutes, a 5-minute margin before Klarna's 60. */
  static defaultAuthorizationLifetimeMs = 55 * 60_000;

  /** How long a fresh authorization token is trusted before `klarna-reauthorize-required` {reason:'expired'}. */
  authorizationLifetimeMs: number;
  /** The clock (ms since the epoch) used for token bookkeeping. */
  now: () => number;
  /** This instance's Klarna `instance_id` (`kcb-1`, `kcb-2`, …). */
  readonly instanceId: string;

  private readonly host: CheckoutHost;
  private currentState: CheckoutState = CheckoutState.Idle;
  private status = '';
  private run: Run | undefined;
  private payments: KlarnaPayments | undefined;
  private session: Session | undefined;
  private chosenCategory: string | undefined;
  private authorization: Authorization | undefined;
  private finalizePending = false;
  private inFlight: Promise<void> | undefined;

  /** Creates a controller for `host`; nothing happens until `connect()`. */
  constructor(host: CheckoutHost, options: CheckoutControllerOptions = {}) {
    this.host = host;
    this.authorizationLifetimeMs = options.authorizationLifetimeMs ?? CheckoutController.defaultAuthorizationLifetimeMs;
    this.now = options.now ?? (() => Date.now());
    instanceCount += 1;
    this.instanceId = `kcb-${instanceCount}`;
  }

  /** The current state. */
  get state(): CheckoutState {
    return this.currentState;
  }

  /** A short human sentence for the live status region (empty when there is nothing to say). */
  get statusMessage(): string {
    return this.status;
  }

  /** The session id (from the session endpoint or the client token), once known. */
  get sessionId(): string | undefined {
    return this.session?.sessionId;
  }

  /** Every category the session offers (empty before the session is known). */
  get paymentMethodCategories(): PaymentMethodCategory[] {
    return this.session?.categories ?? [];
  }

  /** The category whose widget is shown (or will be), `undefined` when Klarna shows all. */
  get paymentMethodCategory(): string | undefined {
    const fixed = this.host.checkoutOptions().paymentMethodCategory;
    if (fixed) return fixed;
    const categories = this.paymentMethodCategories;
    if (this.chosenCategory && categories.some((category) => category.identifier === this.chosenCategory)) {
      return this.chosenCategory;
    }
    return categories[0]?.identifier;
  }

  /** Whether a two-step authorization waits for `finalize()`. */
  get awaitingFinalize(): boolean {
    return this.finalizePending;
  }

  /** When the outstanding authorization token stops being trusted (ms epoch), if there is one. */
  get authorizationExpiresAt(): number | undefined {
    return this.authorization?.expiresAt;
  }

  /** Starts the checkout: call when the host is connected. */
  connect(): void {
    void this.start();
  }

  /** Stops everything: aborts the current run, clears timers, forgets any token. No event follows. */
  disconnect(): void {
    this.run?.abort.abort();
    this.run = undefined;
    this.inFlight = undefined;
    this.finalizePending = false;
    this.forgetAuthorization();
    this.transition(CheckoutState.Idle);
  }

  /** Starts over: new session, new `load`. */
  reload(): Promise<void> {
    return this.start();
  }

  /** Shows another category's widget (the customer picked it in the radio group). */
  selectCategory(identifier: string): Promise<void> {
    this.chosenCategory = identifier;
    if (!this.session || !this.payments || this.host.checkoutOptions().paymentMethodCategory) {
      this.host.checkoutChanged();
      return Promise.resolve();
    }
    return this.reloadWidget();
  }

  /** Loads the widget again (e.g. after the fixed category changed) without a new session. */
  async reloadWidget(): Promise<void> {
    if (!this.session || !this.payments || !this.host.isConnected) return;
    const run = this.beginRun();
    this.inFlight = undefined;
    this.transition(CheckoutState.Loading);
    try {
      await this.loadWidget(run);
    } catch (error) {
      if (this.isCurrent(run)) this.fail(error);
    }
  }

  /**
   * The cart changed: refresh the session (with its `session_id`), void any authorization
   * (`klarna-reauthorize-required` {reason:'cart-changed'}) and `load` again.
   */
  async cartChanged(): Promise<void> {
    if (!this.host.isConnected) return;
    const state = this.currentState;
    if (state === CheckoutState.Idle || state === CheckoutState.Placing || state === CheckoutState.Placed) return;
    if (!this.session) {
      // The session request is still on its way with the old cart (or failed): start over with the new one.
      if (state === CheckoutState.Loading) await this.start();
      return;
    }
    const hadAuthorization = this.authorization !== undefined || this.finalizePending;
    this.forgetAuthorization();
    this.finalizePending = false;
    this.inFlight = undefined;
    if (hadAuthorization) this.emit(KlarnaCheckoutEventName.ReauthorizeRequired, { reason: 'cart-changed' });
    if (!this.host.isConnected) return;
    const previous = this.session;
    if (!previous.fromSessionUrl) {
      // A page-rendered client token cannot be refreshed from the browser: only the authorization is voided.
      if (state === CheckoutState.Authorized || state === CheckoutState.Authorizing) {
        this.run?.abort.abort();
        this.transition(CheckoutState.Ready);
      }
      return;
    }
    const run = this.beginRun();
    this.transition(CheckoutState.Loading);
    try {
      const options = this.host.checkoutOptions();
      const session = await this.obtainSession(options, run, previous.sessionId).catch((error: unknown) => {
        throw new StageFailure('session', error);
      });
      if (!this.isCurrent(run)) return;
      this.session = session;
      await this.loadWidget(run);
    } catch (error) {
      if (this.isCurrent(run)) this.fail(error);
    }
  }

  /**
   * Opens Klarna's authorization (after the cancelable `klarna-before-authorize`). While one is in flight,
   * further calls return the same promise. Does nothing unless the state is `ready` or `authorized`.
   */
  authorize(): Promise<void> {
    if (this.inFlight) return this.inFlight;
    const state = this.currentState;
    if (state !== CheckoutState.Ready && state !== CheckoutState.Authorized) return Promise.resolve();
    if (!this.host.isConnected || !this.session || !this.payments) return Promise.resolve();
    return this.track(this.runAuthorize());
  }

  /** Finishes a two-step authorization (`auto-finalize="false"` after `klarna-finalize-required`). */
  finalize(): Promise<void> {
    if (this.inFlight) return this.inFlight;
    if (!this.finalizePending || !this.host.isConnected || !this.session || !this.payments) return Promise.resolve();
    return this.track(this.runFinalize());
  }

  private track(work: Promise<void>): Promise<void> {
    const tracked: Promise<void> = work.finally(() => {
      if (this.inFlight === tracked) this.inFlight = undefined;
    });
    this.inFlight = tracked;
    return tracked;
  }

  private beginRun(): Run {
    this.run?.abort.abort();
    const run: Run = { abort: new AbortController() };
    this.run = run;
    return run;
  }

  private isCurrent(run: Run): boolean {
    return this.run === run && !run.abort.signal.aborted && this.host.isConnected;
  }

  /** The one place state changes. */
  private transition(state: CheckoutState, status?: string): void {
    this.currentState = state;
    this.status = status ?? DEFAULT_STATUS[state];
    this.host.checkoutChanged();
  }

  private emit<K extends EventName>(type: K, detail: KlarnaCheckoutEventDetailMap[K]): boolean {
    if (!this.host.isConnected) return false;
    return this.host.dispatchEvent(createKlarnaCheckoutEvent(type, detail));
  }

  private fail(error: unknown): void {
    const failure = error instanceof StageFailure ? error : new StageFailure('authorize', error);
    const detail = describeFailure(failure.stage, failure.cause);
    this.transition(CheckoutState.Error, ERROR_STATUS[failure.stage]);
    this.emit(KlarnaCheckoutEventName.Error, detail);
  }

  private async start(): Promise<void> {
    if (!this.host.isConnected) return;
    const run = this.beginRun();
    this.inFlight = undefined;
    this.finalizePending = false;
    this.forgetAuthorization();
    this.session = undefined;
    this.transition(CheckoutState.Loading);
    const options = this.host.checkoutOptions();
    try {
      // Script and session in parallel: neither waits for the other.
      const [payments, session] = await Promise.all([
        loadKlarnaPayments({
          ...(options.librarySrc ? { src: options.librarySrc } : {}),
          ...(options.nonce ? { nonce: options.nonce } : {}),
        }).catch((error: unknown) => {
          throw new StageFailure('script', error);
        }),
        this.obtainSession(options, run).catch((error: unknown) => {
          throw new StageFailure('session', error);
        }),
      ]);
      if (!this.isCurrent(run)) return;
      this.payments = payments;
      this.session = session;
      // Starting over always `init`s again: someone outside this package may have `init`ed another token.
      initializedTokens.delete(payments);
      await this.loadWidget(run);
    } catch (error) {
      if (this.isCurrent(run)) this.fail(error);
    }
  }

  private async obtainSession(options: CheckoutOptions, run: Run, sessionId?: string): Promise<Session> {
    if (options.clientToken) {
      const claims = readClientTokenClaims(options.clientToken);
      return {
        sessionId: claims.session_id,
        clientToken: options.clientToken,
        categories: claims.payment_method_categories ?? [],
        orderAmount: undefined,
        fromSessionUrl: false,
      };
    }
    if (!options.sessionUrl) {
      const error = new Error(
        'The element has neither a session-url nor a client-token attribute (both are empty); set session-url to your session endpoint.',
      );
      error.name = 'MissingSessionSourceError';
      throw Object.assign(error, { code: 'missing_session_url', retryable: false });
    }
    const client = this.merchantClient(options);
    const response = await client.createSession(
      { cart: options.cart, ...(sessionId ? { session_id: sessionId } : {}) },
      { signal: run.abort.signal },
    );
    return {
      sessionId: response.session_id,
      clientToken: response.client_token,
      categories: Array.isArray(response.payment_method_categories) ? response.payment_method_categories : [],
      orderAmount: response.order_amount,
      fromSessionUrl: true,
    };
  }

  private merchantClient(options: CheckoutOptions) {
    return createMerchantClient({
      ...(options.sessionUrl ? { sessionUrl: options.sessionUrl } : {}),
      ...(options.orderUrl ? { orderUrl: options.orderUrl } : {}),
      ...(options.fetch ? { fetch: options.fetch } : {}),
    });
  }

  /** `init` with this instance's token unless the global already holds it; `true` when `init` ran. */
  private ensureOwnToken(payments: KlarnaPayments, clientToken: string): boolean {
    if (initializedTokens.get(payments) === clientToken) return false;
    payments.init({ client_token: clientToken });
    initializedTokens.set(payments, clientToken);
    return true;
  }

  /** `payment_method_category` (when known) + `instance_id`, the same for load, authorize and finalize. */
  private widgetKey(category: string | undefined): { payment_method_category?: string; instance_id: string } {
    return category ? { payment_method_category: category, instance_id: this.instanceId } : { instance_id: this.instanceId };
  }

  private callLoad(run: Run, payments: KlarnaPayments, category: string | undefined): Promise<KlarnaLoadResult> {
    return callKlarna<KlarnaLoadResult>(run.abort.signal, (callback) =>
      payments.load({ container: this.host.widgetContainer, ...this.widgetKey(category) }, {}, callback),
    );
  }

  /** `init` (when needed) + `load` into the container; ends in `ready` (klarna-ready) or `unavailable`. */
  private async loadWidget(run: Run): Promise<void> {
    const payments = this.payments!;
    const session = this.session!;
    const category = this.paymentMethodCategory;
    let result: KlarnaLoadResult;
    try {
      this.ensureOwnToken(payments, session.clientToken);
      result = await this.callLoad(run, payments, category);
    } catch (error) {
      throw new StageFailure('load', error);
    }
    if (!this.isCurrent(run)) return;
    if (!result.show_form) {
      this.transition(CheckoutState.Unavailable);
      this.emit(KlarnaCheckoutEventName.Unavailable, { paymentMethodCategory: category });
      return;
    }
    this.transition(CheckoutState.Ready);
    this.emit(KlarnaCheckoutEventName.Ready, {
      sessionId: session.sessionId,
      paymentMethodCategory: category,
      paymentMethodCategories: session.categories,
    });
  }

  /**
   * Before authorize/finalize: when someone `init`ed another token since our `load`, Klarna reset our widget,
   * so `init` with ours and `load` again. Returns `false` when the run ended (superseded or unavailable).
   */
  private async restoreWidgetIfReset(run: Run, category: string | undefined): Promise<boolean> {
    const payments = this.payments!;
    let result: KlarnaLoadResult;
    try {
      if (!this.ensureOwnToken(payments, this.session!.clientToken)) return true;
      result = await this.callLoad(run, payments, category);
    } catch (error) {
      throw new StageFailure('load', error);
    }
    if (!this.isCurrent(run)) return false;
    if (!result.show_form) {
      this.transition(CheckoutState.Unavailable);
      this.emit(KlarnaCheckoutEventName.Unavailable, { paymentMethodCategory: category });
      return false;
    }
    return true;
  }

  private async readAuthorizeData(options: CheckoutOptions): Promise<object> {
    const source = options.authorizeData;
    const value = typeof source === 'function' ? await (source as () => object | Promise<object>)() : source;
    return value && typeof value === 'object' ? value : {};
  }

  private async runAuthorize(): Promise<void> {
    const category = this.paymentMethodCategory;
    const proceed = this.emit(KlarnaCheckoutEventName.BeforeAuthorize, { paymentMethodCategory: category });
    if (!proceed || !this.host.isConnected) return;
    const run = this.beginRun();
    const options = this.host.checkoutOptions();
    this.forgetAuthorization(); // a new authorize supersedes the previous token
    this.finalizePending = false;
    this.transition(CheckoutState.Authorizing);
    try {
      const data = await this.readAuthorizeData(options).catch((error: unknown) => {
        throw new StageFailure('authorize', error);
      });
      if (!this.isCurrent(run)) return;
      if (!(await this.restoreWidgetIfReset(run, category))) return;
      const payments = this.payments!;
      const result = await callKlarna<KlarnaAuthorizeResult>(run.abort.signal, (callback) =>
        payments.authorize(
          { ...this.widgetKey(category), ...(options.autoFinalize ? {} : { auto_finalize: false }) },
          data,
          callback,
        ),
      ).catch((error: unknown) => {
        throw new StageFailure('authorize', error);
      });
      if (!this.isCurrent(run)) return;
      this.inFlight = undefined; // Klarna answered: listeners of the outcome events may authorize again
      await this.handleAuthorizationResult(run, result, category, 'authorize');
    } catch (error) {
      if (this.isCurrent(run)) this.fail(error);
    }
  }

  private async runFinalize(): Promise<void> {
    const run = this.beginRun();
    const options = this.host.checkoutOptions();
    const category = this.paymentMethodCategory;
    this.transition(CheckoutState.Authorizing);
    try {
      const data = await this.readAuthorizeData(options).catch((error: unknown) => {
        throw new StageFailure('authorize', error);
      });
      if (!this.isCurrent(run)) return;
      if (!(await this.restoreWidgetIfReset(run, category))) return;
      const payments = this.payments!;
      const result = await callKlarna<KlarnaAuthorizeResult>(run.abort.signal, (callback) =>
        payments.finalize(this.widgetKey(category), data, callback),
      ).catch((error: unknown) => {
        throw new StageFailure('authorize', error);
      });
      if (!this.isCurrent(run)) return;
      this.finalizePending = false;
      this.inFlight = undefined;
      await this.handleAuthorizationResult(run, result, category, 'finalize');
    } catch (error) {
      if (this.isCurrent(run)) this.fail(error);
    }
  }

  private async handleAuthorizationResult(
    run: Run,
    result: KlarnaAuthorizeResult,
    category: string | undefined,
    source: 'authorize' | 'finalize',
  ): Promise<void> {
    if (source === 'authorize' && result.finalize_required && !result.authorization_token) {
      this.finalizePending = true;
      this.transition(CheckoutState.Authorized, 'Klarna approved the payment; confirm to finish.');
      this.emit(KlarnaCheckoutEventName.FinalizeRequired, { paymentMethodCategory: category });
      return;
    }
    if (result.approved && result.authorization_token) {
      await this.approve(run, result.authorization_token, category);
      return;
    }
    if (result.approved) {
      const error = new Error(
        `Klarna's ${source} answered approved:true without an authorization_token (show_form: ${String(result.show_form)}); reload() and try again.`,
      );
      error.name = 'MissingAuthorizationTokenError';
      throw new StageFailure('authorize', error);
    }
    if (!result.show_form) {
      this.transition(CheckoutState.Unavailable, "Klarna can't be used for this purchase. Please choose another payment method.");
      this.emit(KlarnaCheckoutEventName.Declined, { fixable: false, invalidFields: [] });
      return;
    }
    const invalidFields = Array.isArray(result.error?.invalid_fields) ? [...result.error.invalid_fields] : [];
    this.transition(
      CheckoutState.Ready,
      invalidFields.length > 0
        ? 'Please check the details Klarna highlighted and try again.'
        : 'The Klarna payment was not completed.',
    );
    this.emit(KlarnaCheckoutEventName.Declined, { fixable: true, invalidFields });
  }

  private async approve(run: Run, token: string, category: string | undefined): Promise<void> {
    const options = this.host.checkoutOptions();
    const issuedAt = this.now();
    const expiresAt = issuedAt + this.authorizationLifetimeMs;
    const authorization: Authorization = {
      token,
      category,
      cart: JSON.stringify(options.cart ?? null),
      orderAmount: this.session?.orderAmount,
      issuedAt,
      expiresAt,
      timer: setTimeout(() => this.expireAuthorization(authorization), Math.max(0, expiresAt - issuedAt)),
    };
    this.authorization = authorization;
    this.transition(CheckoutState.Authorized);
    this.emit(KlarnaCheckoutEventName.Authorized, { authorizationToken: token, paymentMethodCategory: category, expiresAt });
    if (!this.isCurrent(run)) return;
    const orderUrl = this.host.checkoutOptions().orderUrl;
    if (orderUrl) await this.placeOrder(run);
  }

  private async placeOrder(run: Run): Promise<void> {
    const authorization = this.authorization;
    if (!authorization) return;
    if (this.now() >= authorization.expiresAt) {
      this.expireAuthorization(authorization);
      return;
    }
    if (JSON.stringify(this.host.checkoutOptions().cart ?? null) !== authorization.cart) {
      // The cart was changed in place since Klarna authorized it: the token no longer matches it.
      this.forgetAuthorization();
      this.transition(CheckoutState.Ready, 'Please confirm your payment with Klarna again.');
      this.emit(KlarnaCheckoutEventName.ReauthorizeRequired, { reason: 'cart-changed' });
      return;
    }
    // From here on the token is spent: it is never sent anywhere again, whatever the answer.
    this.forgetAuthorization();
    this.transition(CheckoutState.Placing);
    const options = this.host.checkoutOptions();
    try {
      const order = await this.merchantClient(options).placeOrder(
        { authorization_token: authorization.token, session_id: this.session?.sessionId ?? '', cart: options.cart },
        { signal: run.abort.signal },
      );
      if (!this.isCurrent(run)) return;
      this.transition(CheckoutState.Placed);
      this.emit(KlarnaCheckoutEventName.OrderPlaced, {
        orderId: order.order_id,
        redirectUrl: order.redirect_url,
        fraudStatus: order.fraud_status,
      });
    } catch (error) {
      if (!this.isCurrent(run)) return;
      const code = errorProperty(error, 'code');
      if (errorProperty(error, 'reauthorize') === true || (typeof code === 'string' && Object.hasOwn(REAUTHORIZE_REASONS, code))) {
        const reason = (typeof code === 'string' && Object.hasOwn(REAUTHORIZE_REASONS, code) && REAUTHORIZE_REASONS[code]) || 'rejected';
        this.transition(CheckoutState.Ready, 'Please confirm your payment with Klarna again.');
        this.emit(KlarnaCheckoutEventName.ReauthorizeRequired, { reason });
        return;
      }
      this.fail(new StageFailure('order', error));
    }
  }

  /** The token's trust period ended unspent: forget it and tell the page. */
  private expireAuthorization(authorization: Authorization): void {
    if (this.authorization !== authorization) return;
    this.forgetAuthorization();
    if (!this.host.isConnected) return;
    if (this.currentState === CheckoutState.Authorized) {
      this.transition(CheckoutState.Ready, 'Please confirm your payment with Klarna again.');
    }
    this.emit(KlarnaCheckoutEventName.ReauthorizeRequired, { reason: 'expired' });
  }

  private forgetAuthorization(): void {
    if (this.authorization) clearTimeout(this.authorization.timer);
    this.authorization = undefined;
  }
}
