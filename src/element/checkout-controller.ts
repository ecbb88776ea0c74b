/**
 * The framework-free heart of `<klarna-checkout-button>`: it owns Klarna's lifecycle (script + session in
 * parallel, `init`, `load`, `authorize`, `finalize`), the authorization token's bookkeeping and the order
 * call, and reports through a small host interface. It knows nothing of lit, so any wrapper can drive it.
 *
 * Every async step runs inside a "run" (one AbortController); starting a new run aborts the previous one,
 * and after every `await` the controller checks that its run is still the latest and the host still
 * connected before it commits anything (lit's task.ts, google-pay's button-manager.ts).
 *
 * Two rules keep a payment safe (docs/failure-recovery.md):
 * - Nothing interrupts Klarna's answer or the order request. Restarts asked for meanwhile (cart, category,
 *   `reload()`) wait until the outcome is reported.
 * - An order request without a definite answer keeps its token: "Try again" (or `retry()`) sends the same token,
 *   session id and cart again, and the order endpoint, idempotent per token, answers the same order.
 */
import {
  describeForbiddenTransition,
  describeLoadTimeout,
  describeMissingAuthorizationToken,
  describeMissingSessionSource,
  describeOutcomeUnknown,
  describeRemovedWhileAuthorizing,
  describeStageFailure,
} from '#dev-mode';
import { loadKlarnaPayments } from '../loader/load-klarna-payments.js';
import { createMerchantClient } from '../merchant-client/create-merchant-client.js';
import type { KlarnaAuthorizeResult, KlarnaLoadResult, KlarnaPayments } from '../loader/klarna-types.js';
import type { OrderResponse, PaymentMethodCategory, SessionResponse } from '../protocol/index.js';
import { readClientTokenClaims } from './client-token-claims.js';
import { CheckoutState, PRESSABLE_STATES } from './checkout-state.js';
import {
  createKlarnaCheckoutEvent,
  type KlarnaCheckoutEventDetailMap,
  type KlarnaCheckoutEventName,
  type KlarnaErrorStage,
  type KlarnaReauthorizeReason,
} from './events.js';
import { coordinatorOf, nextInstanceId, takeTurn, tryTakeTurn, type ReleaseTurn } from './klarna-coordinator.js';
import { englishMessages, type MessageKey } from './messages.js';

export { CheckoutState } from './checkout-state.js';

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
  /** How long Klarna's `load` may take before a retryable `klarna-error` {stage:'load', code:'timeout'}; default 30 s. */
  loadTimeoutMs?: number | undefined;
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

/**
 * The outstanding authorization: its token (none while it awaits `finalize()`), the category and session it was
 * made for, a copy of the cart taken when `authorize` started, and its expiry. `outcomeUnknown` marks a token
 * already sent to the order endpoint without a definite answer: it is only ever sent again, with the same cart.
 */
interface Authorization {
  token?: string;
  category: string | undefined;
  sessionId: string;
  cart: unknown;
  expiresAt?: number;
  timer?: ReturnType<typeof setTimeout>;
  outcomeUnknown?: boolean;
}

/** What the status line says: a message key, or a text from the merchant's server (shown as it came). */
interface Status {
  key?: MessageKey | undefined;
  text?: string | undefined;
}

/** The failure the controller is in (state `error`), and whether "Try again" re-runs its stage. */
interface Failure {
  stage: KlarnaErrorStage;
  retryable: boolean;
}

/** A restart that waits while Klarna's answer or the order request is outstanding; a stronger one replaces a weaker. */
type Restart = 'widget' | 'cart' | 'reload';
const RESTART_STRENGTH: Record<Restart, number> = { widget: 1, cart: 2, reload: 3 };

/** How a new loading run obtains its session. */
interface LoadingPlan {
  /** A session still valid (kept after a script or load failure). */
  session?: Session | undefined;
  /** Refresh this session (its id) with the current cart. */
  refreshSessionId?: string | undefined;
  /** `init` again even when the page's record says the token is current (`reload()`: outside code may have `init`ed). */
  forceInit?: boolean;
}

/** The status key shown on entering each state. */
const STATUS_KEYS: Partial<Record<CheckoutState, MessageKey>> = {
  loading: 'loading',
  authorizing: 'authorizing',
  authorized: 'authorized',
  placing: 'placing',
  placed: 'placed',
  unavailable: 'notOffered',
  error: 'retry',
};

/** The `klarna-reauthorize-required` reason for each order answer that voids the token (others: `rejected`). */
const REAUTHORIZE_REASONS: Record<string, KlarnaReauthorizeReason> = {
  authorization_expired: 'expired',
  authorization_consumed: 'consumed',
  amount_mismatch: 'cart-changed',
};

/** Default time Klarna's `load` may take. */
const DEFAULT_LOAD_TIMEOUT_MS = 30_000;

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

/** An `Error` named `name` (the `code` of its `klarna-error` unless `fields` has a `code`), with extra fields. */
const namedError = (name: string, message: string, fields?: object): Error => Object.assign(new Error(message), { name }, fields);

/** The `klarna-error` code of a failure: the loader's `reason`, the backend's `code`, else the error class name. */
function errorCode(stage: KlarnaErrorStage, cause: unknown): string {
  const { name, code, reason } = Object(cause);
  if (typeof reason === 'string') return reason;
  if (typeof code === 'string') return code;
  return typeof name === 'string' && name !== 'Error' ? name : `${stage}_failed`;
}

/** The developer sentence of a failure: the error's own message, else a generic one. */
function errorMessage(stage: KlarnaErrorStage, cause: unknown): string {
  if (cause instanceof Error && cause.message) return cause.message;
  return describeStageFailure?.(stage, cause) ?? `${stage} failed`;
}

/**
 * Whether an order request ended without a definite answer, so the order may exist: no answer (network, time-out),
 * an answer the element cannot read, 5xx (including `outcome_unknown`, except a configuration error), 408 or 429.
 */
function isUnknownOutcome(cause: unknown): boolean {
  const { code, status } = Object(cause);
  if (code === 'timeout' || code === 'network_error' || code === 'invalid_response' || code === 'outcome_unknown') return true;
  if (code === 'klarna_configuration' || typeof status !== 'number') return false;
  return status >= 500 || status === 429 || status === 408;
}

/** Whether a session failure is a problem with the cart the shopper can fix: a protocol 4xx answer about the request. */
function isCartProblem(cause: unknown): boolean {
  const { code, status } = Object(cause);
  const answeredWithProtocolCode = typeof code === 'string' && code !== `http_${status}`;
  return answeredWithProtocolCode && status >= 400 && status < 500 && code !== 'not_found' && code !== 'method_not_allowed';
}

/** A copy of the cart as it is now (what is sent is JSON, so a JSON copy is exact). */
function snapshotOf(cart: unknown): unknown {
  return cart === undefined ? undefined : JSON.parse(JSON.stringify(cart));
}

/** Whether `value` is a promise (or another thenable). */
function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof Object(value).then === 'function';
}

/**
 * Calls one of Klarna's callback-style methods synchronously (a click's user activation reaches it); an abort of
 * `signal` rejects, and so does `timeoutMs` without an answer. Klarna sometimes calls back with
 * `{show_form:false}` and then throws: the callback settles a microtask later, so a synchronous throw wins.
 */
function callKlarna<T>(
  signal: AbortSignal,
  invoke: (callback: (result: T) => void) => void,
  { timeoutMs = Infinity }: { timeoutMs?: number } = {},
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    signal.throwIfAborted();
    const onAbort = () => reject(signal.reason);
    const timer =
      timeoutMs < Infinity
        ? setTimeout(() => {
            const message = describeLoadTimeout?.(timeoutMs) ?? 'Klarna load timed out.';
            reject(namedError('KlarnaTimeoutError', message, { code: 'timeout', retryable: true }));
          }, timeoutMs)
        : undefined;
    const settled = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
    };
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      invoke((result) =>
        Promise.resolve(result).then((value) => {
          settled();
          resolve(value);
        }),
      );
    } catch (error) {
      settled();
      reject(error);
    }
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

  #host: CheckoutHost;
  #state: CheckoutState = CheckoutState.Idle;
  #status: Status = {};
  /** The current run: every async step runs in one; starting a new one aborts the previous. */
  #run?: AbortController | undefined;
  #payments?: KlarnaPayments;
  /** This controller's Klarna `instance_id`, numbered by the page's shared record of the `Klarna.Payments` it came from. */
  #instance?: { payments: KlarnaPayments; id: string };
  #session?: Session | undefined;
  #chosenCategory?: string;
  #authorization?: Authorization | undefined;
  #inFlight?: Promise<void> | undefined;
  #failure?: Failure | undefined;
  /**
   * An order whose outcome stayed unknown and whose token can no longer be sent: it may exist, so nothing (a cart or
   * category change, a reconnection) starts a new checkout until the page calls `reload()` itself.
   */
  #outcomeLost = false;
  /** The revision of the last session request. */
  #sessionRevision = 0;
  #deferred?: Restart | undefined;
  #deferredCategory?: string | undefined;

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

  /** The key of the shopper text for the status line (`undefined`: nothing to say, or `statusText` says it). */
  get statusKey(): MessageKey | undefined {
    return this.#status.key;
  }

  /** A text from the merchant's server to show instead of `statusKey` (a cart problem's shopper-safe `message`). */
  get statusText(): string | undefined {
    return this.#status.text;
  }

  /** The status line in English (`statusText`, else `statusKey`'s English text; empty when there is nothing to say). */
  get statusMessage(): string {
    const { key, text } = this.#status;
    return text ?? (key === undefined ? '' : englishMessages[key]);
  }

  /** The key of the button's label: buy, confirm (two-step flow) or try again (after a retryable failure). */
  get buttonKey(): MessageKey {
    if (this.#state === CheckoutState.Error) return 'tryAgainButton';
    return this.awaitingFinalize ? 'finalizeButton' : 'buyButton';
  }

  /** Whether pressing the button does something now: authorize, finalize or "Try again". */
  get canPress(): boolean {
    return PRESSABLE_STATES.includes(this.#state) || this.canRetry;
  }

  /** Whether the checkout failed in a way "Try again" (`retry()`) may fix. */
  get canRetry(): boolean {
    return this.#state === CheckoutState.Error && this.#failure?.retryable === true;
  }

  /** Whether the button should be out of the way: a failure retrying cannot fix. */
  get buttonHidden(): boolean {
    return this.#state === CheckoutState.Error && !this.canRetry;
  }

  /** This instance's Klarna `instance_id` (`kcb-1`, `kcb-2`, … numbered per page), once Klarna's script is loaded. */
  get instanceId(): string | undefined {
    return this.#instance?.id;
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
    const fixed = this.#host.checkoutOptions().paymentMethodCategory;
    if (fixed) return fixed;
    const chosen = categories.find((category) => category.identifier === this.#chosenCategory);
    return (chosen ?? categories[0])?.identifier;
  }

  /** Whether a two-step authorization waits for `finalize()`. */
  get awaitingFinalize(): boolean {
    return this.#authorization !== undefined && this.#authorization.token === undefined;
  }

  /** Whether an order request was sent without a definite answer: the next press sends the same token again. */
  get outcomeUnknown(): boolean {
    return this.#authorization?.outcomeUnknown === true;
  }

  /**
   * Whether an order's outcome was lost for good (`klarna-error` {code:'outcome_unknown', retryable:false}): the
   * order may exist, so nothing but `reload()` starts a new checkout.
   */
  get outcomeLost(): boolean {
    return this.#outcomeLost;
  }

  /** When the outstanding authorization token stops being trusted (ms epoch), if there is one. */
  get authorizationExpiresAt(): number | undefined {
    return this.#authorization?.expiresAt;
  }

  /** Starts the checkout: call when the host is connected. After an order whose outcome was lost, it only shows that. */
  connect(): void {
    if (this.#outcomeLost) {
      this.#transition(CheckoutState.Error, { key: 'outcomeUnknown' });
      this.#failure = { stage: 'order', retryable: false };
      return;
    }
    void this.reload();
  }

  /**
   * Stops everything: aborts the current run (releasing the page's Klarna turn), clears timers and forgets any
   * token. What cannot be undone is reported first, on the host: an open Klarna authorization
   * (`klarna-error` {stage:'authorize', code:'disconnected'}) or an order whose outcome is unknown
   * (`klarna-error` {stage:'order', code:'outcome_unknown'}). Nothing else follows.
   */
  disconnect(): void {
    const state = this.#state;
    const unknown = this.outcomeUnknown;
    this.#run?.abort();
    this.#run = undefined;
    this.#forgetAuthorization();
    this.#deferred = undefined;
    this.#deferredCategory = undefined;
    this.#failure = undefined;
    this.#transition(CheckoutState.Idle);
    if (state === CheckoutState.Authorizing) {
      this.#report('authorize', 'disconnected', {
        message: describeRemovedWhileAuthorizing?.() ?? 'Removed while authorizing.',
      });
    } else if (state === CheckoutState.Placing || unknown) {
      this.#outcomeLost = true;
      this.#reportOutcomeUnknown();
    }
  }

  /** Starts over: new session, new `load`. While Klarna's answer or the order's outcome is outstanding, it waits for it. */
  async reload(): Promise<void> {
    if (!this.#host.isConnected || this.#defer('reload')) return;
    // The page asked for a new checkout: it has settled the lost order's outcome (or chose to go on regardless).
    this.#outcomeLost = false;
    this.#voidPendingFinalize();
    this.#forgetAuthorization();
    this.#session = undefined;
    await this.#startLoading({ forceInit: true });
  }

  /**
   * The session source or the library URL changed (the host's options): start over, unless an order's outcome was
   * lost, when only the page's own `reload()` does.
   */
  async sourceChanged(): Promise<void> {
    if (this.#outcomeLost) return;
    await this.reload();
  }

  /** Re-runs the stage that failed ("Try again"): script, session, load, authorize, or the order with the same token. */
  async retry(): Promise<void> {
    const failure = this.#failure;
    if (!this.canRetry || !failure || !this.#host.isConnected) return;
    if (failure.stage === 'order') return this.#retryOrder();
    if (failure.stage === 'authorize') return this.#startAuthorization({ category: this.paymentMethodCategory, finalizing: false });
    if (failure.stage === 'session') {
      // Ask again: a refresh of the known session keeps its id.
      const previous = this.#session;
      await this.#startLoading(previous?.refreshable ? { refreshSessionId: previous.session_id } : {});
      return;
    }
    // Script or load failed: the session is still valid.
    await this.#startLoading({ session: this.#session });
  }

  /** Shows another category's widget (the customer picked it in the radio group); waits while an outcome is outstanding. */
  async selectCategory(identifier: string): Promise<void> {
    if (this.#state === CheckoutState.Placed || this.#outcomeLost) return;
    if (this.#isSettling()) {
      this.#deferredCategory = identifier;
      this.#defer('widget');
      return;
    }
    this.#chosenCategory = identifier;
    this.#host.checkoutChanged();
    if (!this.#host.checkoutOptions().paymentMethodCategory) await this.reloadWidget();
  }

  /**
   * Loads the widget again (e.g. after the fixed category changed) without a new session. A token stays
   * outstanding; a pending finalize is void (`klarna-reauthorize-required` {reason:'reloaded'}).
   */
  async reloadWidget(): Promise<void> {
    const session = this.#session;
    if (!session || !this.#host.isConnected || this.#state === CheckoutState.Placed || this.#outcomeLost || this.#defer('widget')) return;
    this.#voidPendingFinalize();
    await this.#startLoading({ session });
  }

  /**
   * The cart changed: refresh the session (with its `session_id`), void any authorization
   * (`klarna-reauthorize-required` {reason:'cart-changed'}) and `load` again. Waits while an outcome is outstanding.
   */
  async cartChanged(): Promise<void> {
    const state = this.#state;
    if (!this.#host.isConnected || state === CheckoutState.Idle || state === CheckoutState.Placed || this.#outcomeLost || this.#defer('cart')) return;
    const previous = this.#session;
    if (!previous) {
      // The session request is on its way with the old cart, or failed: start over with the new one.
      if (state === CheckoutState.Loading || state === CheckoutState.Error) await this.reload();
      return;
    }
    const voided = this.#authorization;
    this.#forgetAuthorization();
    if (voided) this.#emit('klarna-reauthorize-required', { reason: 'cart-changed' });
    if (!this.#host.isConnected) return;
    if (previous.refreshable) {
      await this.#startLoading({ refreshSessionId: previous.session_id });
    } else if (state === CheckoutState.Authorized) {
      // A page-rendered client token cannot be refreshed from the browser: only the authorization is voided.
      this.#transition(CheckoutState.Ready, {});
    }
  }

  /**
   * Opens Klarna's authorization (after the cancelable `klarna-before-authorize`). When the widget is loaded and
   * current, Klarna's `authorize` runs in the caller's task (a click keeps its user activation for Klarna's popup),
   * unless `authorizeData` returns a promise. While one is in flight, further calls return the same promise.
   * Does nothing unless the state is `ready` or `authorized`.
   */
  authorize(): Promise<void> {
    if (this.#state === CheckoutState.Authorizing) return this.#inFlight ?? Promise.resolve();
    if (!PRESSABLE_STATES.includes(this.#state) || !this.#session || !this.#host.isConnected) return Promise.resolve();
    return this.#startAuthorization({ category: this.paymentMethodCategory, finalizing: false });
  }

  /** Finishes a two-step authorization (`auto-finalize="false"` after `klarna-finalize-required`) for the category authorized. */
  finalize(): Promise<void> {
    if (this.#state === CheckoutState.Authorizing) return this.#inFlight ?? Promise.resolve();
    const pending = this.#authorization;
    if (!this.awaitingFinalize || !pending || !this.#host.isConnected) return Promise.resolve();
    return this.#startAuthorization({ category: pending.category, finalizing: true });
  }

  // ---- state ----

  /** The one place state changes; it checks `CHECKOUT_TRANSITIONS`. */
  #transition(next: CheckoutState, status: Status = { key: STATUS_KEYS[next] }): void {
    // The development build checks every move against CHECKOUT_TRANSITIONS (checkout-state.ts) and throws on a bug.
    const forbidden = describeForbiddenTransition?.(this.#state, next);
    if (forbidden) throw new Error(forbidden);
    this.#state = next;
    this.#status = status;
    if (next !== CheckoutState.Error) this.#failure = undefined;
    this.#host.checkoutChanged();
  }

  /** Aborts the previous run and starts a new one. */
  #beginRun(): AbortController {
    this.#run?.abort();
    this.#run = new AbortController();
    return this.#run;
  }

  #isCurrent(run: AbortController): boolean {
    return this.#run === run && this.#host.isConnected;
  }

  /** Whether Klarna's answer or an order's outcome is outstanding: restarts wait for it. */
  #isSettling(): boolean {
    return this.#state === CheckoutState.Authorizing || this.#state === CheckoutState.Placing || this.outcomeUnknown;
  }

  /** Keeps `restart` for later when an outcome is outstanding (the stronger one wins); `true` when it was kept. */
  #defer(restart: Restart): boolean {
    if (!this.#isSettling()) return false;
    const waiting = this.#deferred;
    if (waiting === undefined || RESTART_STRENGTH[restart] > RESTART_STRENGTH[waiting]) this.#deferred = restart;
    return true;
  }

  /** Runs the restart that waited, once the outcome is reported. */
  #applyDeferred(): void {
    const restart = this.#deferred;
    if (restart === undefined || this.#isSettling() || !this.#host.isConnected) return;
    this.#deferred = undefined;
    if (this.#deferredCategory !== undefined) {
      this.#chosenCategory = this.#deferredCategory;
      this.#deferredCategory = undefined;
    }
    if (restart === 'reload') {
      void this.reload();
    } else if (restart === 'cart') {
      void this.cartChanged();
    } else {
      void this.reloadWidget();
    }
  }

  #emit<K extends KlarnaCheckoutEventName>(type: K, detail: KlarnaCheckoutEventDetailMap[K]): boolean {
    return this.#host.isConnected && this.#host.dispatchEvent(createKlarnaCheckoutEvent(type, detail));
  }

  /** Dispatches a non-retryable `klarna-error` even when the host has just been disconnected (the page must know). */
  #report(stage: KlarnaErrorStage, code: string, { message, cause }: { message: string; cause?: unknown }): void {
    this.#host.dispatchEvent(createKlarnaCheckoutEvent('klarna-error', { stage, code, message, retryable: false, cause }));
  }

  /** The order may exist and its token can no longer be sent again: the merchant reconciles (`retryable: false`). */
  #reportOutcomeUnknown(cause?: unknown): void {
    this.#report('order', 'outcome_unknown', {
      message: describeOutcomeUnknown?.() ?? 'Order outcome unknown.',
      cause,
    });
  }

  /** A failure of `run` becomes `klarna-error` and state `error`; untagged failures belong to `stage`. */
  #fail(run: AbortController, error: unknown, stage: KlarnaErrorStage): void {
    if (!this.#isCurrent(run)) return;
    const failure = error instanceof StageFailure ? error : new StageFailure(stage, error);
    const cause = failure.cause;
    // Every error that trying again may fix says so itself (`KlarnaLoadError`, `MerchantBackendError`, the load time-out).
    const { retryable, serverMessage } = Object(cause);
    const canRetry = retryable === true;
    let status: Status = { key: canRetry ? 'retry' : 'unavailableNow' };
    if (failure.stage === 'session' && !canRetry && isCartProblem(cause)) {
      // The shopper fixes the cart on the page; the new cart starts over.
      status = { key: 'cartProblem', text: typeof serverMessage === 'string' && serverMessage ? serverMessage : undefined };
    }
    this.#transition(CheckoutState.Error, status);
    this.#failure = { stage: failure.stage, retryable: canRetry };
    this.#emit('klarna-error', {
      stage: failure.stage,
      code: errorCode(failure.stage, cause),
      message: errorMessage(failure.stage, cause),
      retryable: canRetry,
      cause,
    });
  }

  // ---- loading ----

  /** A new run in `loading`: script and session in parallel, then `init` + `load` in the page's turn. */
  async #startLoading(plan: LoadingPlan): Promise<void> {
    const run = this.#beginRun();
    this.#transition(CheckoutState.Loading);
    const options = this.#host.checkoutOptions();
    try {
      const script = loadKlarnaPayments({ src: options.librarySrc || undefined, nonce: options.nonce || undefined }).catch(
        failedAt('script'),
      );
      // The session is kept as soon as it arrives, so a script failure does not lose it.
      const session = (plan.session ? Promise.resolve(plan.session) : this.#requestSession(run, options, plan.refreshSessionId)).then(
        (received) => {
          if (this.#isCurrent(run)) this.#session = received;
        },
        failedAt('session'),
      );
      const [payments] = await Promise.all([script, session]);
      if (!this.#isCurrent(run)) return;
      this.#usePayments(payments);
      await this.#showWidget(run, plan);
    } catch (error) {
      this.#fail(run, error, 'session');
    }
  }

  /** Takes `payments` as the page's Klarna; a new global (or the first) gives this controller its page-wide instance id. */
  #usePayments(payments: KlarnaPayments): void {
    this.#payments = payments;
    if (this.#instance?.payments !== payments) this.#instance = { payments, id: nextInstanceId(coordinatorOf(payments)) };
  }

  /** A session request revision: the clock in ms, always above the previous one (a clock set back changes nothing). */
  #nextSessionRevision(): number {
    this.#sessionRevision = Math.max(Date.now(), this.#sessionRevision + 1);
    return this.#sessionRevision;
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
    // The revision lets the server skip an older update that arrives after this one (see SessionRequest).
    const revision = this.#nextSessionRevision();
    const request = sessionId === undefined ? { cart: options.cart, revision } : { cart: options.cart, session_id: sessionId, revision };
    const session = await merchantClient(options).createSession(request, { signal: run.signal });
    return { ...session, refreshable: true };
  }

  /** `init` (when needed) and `load` the widget in the page's turn; ends in `ready` (klarna-ready) or `unavailable`. */
  async #showWidget(run: AbortController, { forceInit = false }: LoadingPlan): Promise<void> {
    const record = coordinatorOf(this.#payments!);
    const category = this.paymentMethodCategory;
    const release = await takeTurn(record, run.signal).catch(failedAt('load'));
    let shown: boolean;
    try {
      // `reload()` always `init`s again: someone outside this package may have `init`ed another token.
      if (forceInit) record.token = undefined;
      shown = await this.#loadInTurn(run, category);
    } finally {
      release();
    }
    if (!this.#isCurrent(run)) return;
    if (shown) {
      this.#transition(CheckoutState.Ready, {});
      this.#emit('klarna-ready', { sessionId: this.sessionId, paymentMethodCategory: category, paymentMethodCategories: this.paymentMethodCategories });
    } else {
      this.#transition(CheckoutState.Unavailable);
      this.#emit('klarna-unavailable', { paymentMethodCategory: category });
    }
  }

  /** Whether this controller's widget for `category` is loaded for the token `Klarna.Payments` holds now. */
  #widgetIsCurrent(category: string | undefined): boolean {
    const record = coordinatorOf(this.#payments!);
    const id = this.instanceId;
    return id !== undefined && record.token === this.#session?.client_token && record.loaded[id] === (category ?? '');
  }

  /** `init`s with this session's token unless the page's record says it is current, then `load`s (the caller holds the turn). */
  async #loadInTurn(run: AbortController, category: string | undefined): Promise<boolean> {
    const payments = this.#payments!;
    const record = coordinatorOf(payments);
    const token = this.#session!.client_token;
    const id = this.instanceId!;
    const { loadTimeoutMs } = this.#host.checkoutOptions();
    const timeoutMs = typeof loadTimeoutMs === 'number' && loadTimeoutMs > 0 ? loadTimeoutMs : DEFAULT_LOAD_TIMEOUT_MS;
    delete record.loaded[id];
    const { show_form } = await callKlarna<KlarnaLoadResult>(
      run.signal,
      (callback) => {
        if (record.token !== token) {
          record.token = undefined;
          record.loaded = {};
          payments.init({ client_token: token });
          record.token = token;
        }
        payments.load({ container: this.#host.widgetContainer, ...this.#widgetKey(category) }, {}, callback);
      },
      { timeoutMs },
    ).catch(failedAt('load'));
    if (show_form && record.token === token) record.loaded[id] = category ?? '';
    return show_form;
  }

  /** `payment_method_category` (when known) + `instance_id`, the same for load, authorize and finalize. */
  #widgetKey(category: string | undefined): { payment_method_category?: string; instance_id: string } {
    const key: { payment_method_category?: string; instance_id: string } = { instance_id: this.instanceId! };
    if (category) key.payment_method_category = category;
    return key;
  }

  // ---- authorization ----

  /** A new run in `authorizing`; the cart is copied now, before anything can change it. */
  #startAuthorization({ category, finalizing }: { category: string | undefined; finalizing: boolean }): Promise<void> {
    if (!finalizing) {
      if (!this.#emit('klarna-before-authorize', { paymentMethodCategory: category })) return Promise.resolve();
      // A new authorization supersedes the previous token.
      this.#forgetAuthorization();
    }
    const run = this.#beginRun();
    this.#transition(CheckoutState.Authorizing);
    const authorizing = this.#authorizeInRun(run, { category, finalizing });
    this.#inFlight = authorizing;
    return authorizing;
  }

  /**
   * `authorize` or `finalize` in the page's turn, then the outcome (and the order with `order-url`), then the
   * restarts that waited. Written so that, when the widget is current, the turn is free and `authorizeData` is
   * not a promise, Klarna's call happens before the first `await`: in the task of the click.
   */
  async #authorizeInRun(run: AbortController, { category, finalizing }: { category: string | undefined; finalizing: boolean }): Promise<void> {
    let release: ReleaseTurn | undefined;
    try {
      const options = this.#host.checkoutOptions();
      const cart = snapshotOf(options.cart);
      const requested = typeof options.authorizeData === 'function' ? options.authorizeData() : options.authorizeData;
      const data = Object(isThenable(requested) ? await requested : requested) as object;
      if (!this.#isCurrent(run)) return;
      const payments = this.#payments!;
      const record = coordinatorOf(payments);
      release = tryTakeTurn(record) ?? (await takeTurn(record, run.signal));
      if (!this.#isCurrent(run)) return;
      if (!this.#widgetIsCurrent(category)) {
        // Another element (or a reload) `init`ed since: load this widget again first.
        const shown = await this.#loadInTurn(run, category);
        if (!this.#isCurrent(run)) return;
        if (!shown) {
          this.#transition(CheckoutState.Unavailable);
          this.#emit('klarna-unavailable', { paymentMethodCategory: category });
          return;
        }
      }
      const key = this.#widgetKey(category);
      const result = await callKlarna<KlarnaAuthorizeResult>(run.signal, (callback) => {
        if (finalizing) {
          payments.finalize(key, data, callback);
        } else {
          payments.authorize(options.autoFinalize === false ? { ...key, auto_finalize: false } : key, data, callback);
        }
      });
      release();
      if (!this.#isCurrent(run)) return;
      await this.#settleAuthorization(run, result, { category, finalizing, cart });
    } catch (error) {
      release?.();
      this.#fail(run, error, 'authorize');
    } finally {
      release?.();
      if (this.#inFlight && this.#run === run) this.#inFlight = undefined;
      this.#applyDeferred();
    }
  }

  /** Klarna answered `authorize` / `finalize`: finalize required, approved (then the order), or declined. */
  async #settleAuthorization(
    run: AbortController,
    result: KlarnaAuthorizeResult,
    { category, finalizing, cart }: { category: string | undefined; finalizing: boolean; cart: unknown },
  ): Promise<void> {
    const { approved, authorization_token: token, finalize_required, show_form, error } = result;
    this.#forgetAuthorization();
    if (!finalizing && finalize_required && !token) {
      this.#authorization = { category, sessionId: this.sessionId ?? '', cart };
      this.#transition(CheckoutState.Authorized, { key: 'finalizeRequired' });
      this.#emit('klarna-finalize-required', { paymentMethodCategory: category });
      return;
    }
    if (approved) {
      if (!token) {
        throw namedError(
          'MissingAuthorizationTokenError',
          describeMissingAuthorizationToken?.() ?? 'No authorization_token.',
        );
      }
      await this.#approve(run, { token, category, cart });
      return;
    }
    const fields = error?.invalid_fields;
    const invalidFields = show_form && Array.isArray(fields) ? [...fields] : [];
    if (show_form) {
      this.#transition(CheckoutState.Ready, { key: invalidFields.length > 0 ? 'checkDetails' : 'notCompleted' });
    } else {
      this.#transition(CheckoutState.Unavailable);
    }
    this.#emit('klarna-declined', { fixable: show_form, invalidFields });
  }

  /** Keeps the token (with its expiry timer and the cart Klarna approved), dispatches `klarna-authorized`, then orders with `order-url`. */
  async #approve(run: AbortController, { token, category, cart }: { token: string; category: string | undefined; cart: unknown }): Promise<void> {
    const lifetime = this.authorizationLifetimeMs;
    const expiresAt = this.now() + lifetime;
    const authorization: Authorization = { token, category, sessionId: this.sessionId ?? '', cart, expiresAt };
    authorization.timer = setTimeout(() => this.#expire(authorization), lifetime);
    this.#authorization = authorization;
    this.#transition(CheckoutState.Authorized);
    this.#emit('klarna-authorized', { authorizationToken: token, paymentMethodCategory: category, expiresAt });
    const options = this.#host.checkoutOptions();
    if (!this.#isCurrent(run) || !options.orderUrl || this.#authorization !== authorization) return;
    if (this.now() >= expiresAt) return this.#expire(authorization);
    await this.#placeOrder(run, authorization);
  }

  // ---- the order ----

  /**
   * Sends the token with the session id and the cart Klarna approved (never another cart). A definite answer
   * settles the token; an answer that is not definite keeps it for "Try again".
   */
  async #placeOrder(run: AbortController, authorization: Authorization): Promise<void> {
    this.#transition(CheckoutState.Placing);
    let order: OrderResponse;
    try {
      order = await merchantClient(this.#host.checkoutOptions()).placeOrder(
        { authorization_token: authorization.token!, session_id: authorization.sessionId, cart: authorization.cart },
        { signal: run.signal },
      );
    } catch (error) {
      if (this.#isCurrent(run)) this.#orderFailed(authorization, error);
      return;
    }
    if (!this.#isCurrent(run)) return;
    this.#forgetAuthorization();
    this.#transition(CheckoutState.Placed);
    this.#emit('klarna-order-placed', { orderId: order.order_id, redirectUrl: order.redirect_url, fraudStatus: order.fraud_status });
  }

  /** "Try again" after an order request without a definite answer: the same token, session id and cart. */
  async #retryOrder(): Promise<void> {
    const authorization = this.#authorization;
    if (!authorization?.outcomeUnknown) return;
    if (this.now() >= authorization.expiresAt!) return this.#expire(authorization);
    const run = this.#beginRun();
    try {
      await this.#placeOrder(run, authorization);
    } finally {
      this.#applyDeferred();
    }
  }

  /** The order request failed: void the token (reauthorize), keep it (unknown outcome), or give up (definite refusal). */
  #orderFailed(authorization: Authorization, error: unknown): void {
    const { code, reauthorize } = Object(error);
    if (reauthorize === true) {
      this.#forgetAuthorization();
      const reason = REAUTHORIZE_REASONS[code] ?? 'rejected';
      this.#transition(CheckoutState.Ready, { key: 'confirmAgain' });
      this.#emit('klarna-reauthorize-required', { reason });
      // The server's price differs from the session's: refresh the session with the current cart before the next press.
      if (reason === 'cart-changed' && this.#session?.refreshable && this.#deferred !== 'reload') this.#deferred = 'cart';
      return;
    }
    const retryable = isUnknownOutcome(error);
    // The server settled it: Klarna placed the order but its id is lost, and asking again cannot help.
    if (retryable && code === 'outcome_unknown' && Object(error).retryable === false) return this.#loseOutcome(error);
    if (retryable) {
      if (this.now() >= authorization.expiresAt!) return this.#expire(authorization, { cause: error });
      authorization.outcomeUnknown = true;
    } else {
      // A definite refusal (bad request, configuration, …): no order was placed and retrying cannot help.
      this.#forgetAuthorization();
    }
    this.#transition(CheckoutState.Error, { key: retryable ? 'orderRetry' : 'unavailableNow' });
    this.#failure = { stage: 'order', retryable };
    this.#emit('klarna-error', { stage: 'order', code: errorCode('order', error), message: errorMessage('order', error), retryable, cause: error });
  }

  /**
   * The token's trust period ended. Unspent: forget it and tell the page (`klarna-reauthorize-required`). Sent
   * without a definite answer: the order may exist, so `klarna-error` {code:'outcome_unknown'} and no new checkout.
   */
  #expire(authorization: Authorization, { cause }: { cause?: unknown } = {}): void {
    if (this.#authorization !== authorization || !this.#host.isConnected) return;
    // The order request is on its way: its answer (or the next failure) decides.
    if (this.#state === CheckoutState.Placing && cause === undefined) return;
    if (this.#state === CheckoutState.Placing || authorization.outcomeUnknown) return this.#loseOutcome(cause);
    const wasAuthorized = this.#state === CheckoutState.Authorized;
    this.#forgetAuthorization();
    if (wasAuthorized) this.#transition(CheckoutState.Ready, { key: 'confirmAgain' });
    this.#emit('klarna-reauthorize-required', { reason: 'expired' });
  }

  /**
   * The order may exist and its token can no longer be sent: tell the shopper not to pay again and the page to
   * reconcile (`klarna-error` {code:'outcome_unknown', retryable:false}); start nothing new until `reload()`.
   */
  #loseOutcome(cause?: unknown): void {
    this.#forgetAuthorization();
    this.#run?.abort();
    this.#deferred = undefined;
    this.#outcomeLost = true;
    this.#transition(CheckoutState.Error, { key: 'outcomeUnknown' });
    this.#failure = { stage: 'order', retryable: false };
    this.#reportOutcomeUnknown(cause);
  }

  /** A pending finalize is void when the widget loads again: tell the page. */
  #voidPendingFinalize(): void {
    if (!this.awaitingFinalize) return;
    this.#forgetAuthorization();
    this.#emit('klarna-reauthorize-required', { reason: 'reloaded' });
  }

  /** Forgets the token (and its timer) or the pending finalize. */
  #forgetAuthorization(): void {
    clearTimeout(this.#authorization?.timer);
    this.#authorization = undefined;
  }
}
