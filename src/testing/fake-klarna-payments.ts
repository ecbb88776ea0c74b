/**
 * A scriptable stand-in for Klarna's `window.Klarna.Payments` (klarna-spec.md §2): it mirrors the real
 * library's argument checks, thrown errors (callback first, then throw), widget keying, re-`init` rule,
 * short call forms (`authorize(callback)`, `authorize(data, callback)`), implicit `init` from `load`'s
 * `client_token`, and events with the instance name; it records every call and answers with configurable
 * outcomes after a macrotask. Where Klarna's behaviour is not known, docs/testing.md says what the fake assumes.
 * Nothing here touches `window` or `document` until a method is called.
 */
import type {
  KlarnaAuthorizeResult,
  KlarnaEventName,
  KlarnaLoadResult,
  KlarnaPayments,
} from '../loader/klarna-types.js';
import { decodeClientToken, randomUuid } from './client-token.js';
import { describeValue as describe } from '../errors/describe-value.js';
import {
  ApplicationNotInitializedError,
  ApplicationNotLoadedError,
  EventNotSupportedError,
  InstanceIDNotProvidedError,
  InvalidClientTokenError,
  InvalidContainerSelectorError,
  InvalidInstanceIDError,
  OperationNotSupportedError,
  PaymentMethodCategoryNotSupportedError,
} from './klarna-library-errors.js';

export * from './klarna-library-errors.js';
export { decodeClientToken, fakeClientToken, DEFAULT_CLIENT_TOKEN_CLAIMS } from './client-token.js';

/** The library methods the fake records. */
export type FakeMethod = 'init' | 'load' | 'authorize' | 'reauthorize' | 'finalize' | 'loadPaymentReview' | 'on' | 'off';

/** The methods whose answers can be scripted. */
export type FakeScriptedMethod = 'load' | 'authorize' | 'reauthorize' | 'finalize';

/** One recorded call of the fake library. */
export interface FakeKlarnaCall {
  /** The method called. */
  method: FakeMethod;
  /** The first argument as passed (for `on`/`off`: `{ event, handler }`). */
  options: any;
  /** The second argument as passed (undefined when the callback came second or nothing came). */
  data: any;
  /** The client token current when the call arrived (for `init`, the one before it). */
  clientToken: string | undefined;
  /** `Date.now()` when the call arrived. */
  at: number;
  /** The result handed to the callback, once it was. */
  result?: KlarnaLoadResult | KlarnaAuthorizeResult;
  /** The error the call threw (or the outcome function rejected with). */
  error?: unknown;
}

/** A fixed result, or a function of the call's options and data that computes one (may be async). */
export type FakeKlarnaOutcome<R> = R | ((options: any, data: any) => R | Promise<R>);

/** How the fake answers. */
export interface FakeKlarnaOptions {
  /** `load`'s answer; default `{ show_form: true }`. */
  loadResult?: FakeKlarnaOutcome<KlarnaLoadResult>;
  /** `authorize`'s answer; default `{ approved: true, show_form: true, authorization_token: <fresh unique token> }`. */
  authorizeResult?: FakeKlarnaOutcome<KlarnaAuthorizeResult>;
  /** `reauthorize`'s answer; default like `authorize`. */
  reauthorizeResult?: FakeKlarnaOutcome<KlarnaAuthorizeResult>;
  /** `finalize`'s answer; default like `authorize`. */
  finalizeResult?: FakeKlarnaOutcome<KlarnaAuthorizeResult>;
  /** Delay in ms before each callback; default 0 (callbacks are always async: at least the next macrotask). */
  latencyMs?: number;
  /** Draws `load()`'s widget instead of the fake's placeholder (the simulator's library mounts its iframe); the fake appends the returned element. */
  renderWidget?: FakeWidgetRenderer;
}

/** What `renderWidget` gets: the resolved container, the widget key (instance_id, else category, else '') and `load()`'s options. */
export interface FakeWidgetRenderRequest {
  /** The element `load()` renders into. */
  container: HTMLElement;
  /** The widget's key: `instance_id`, else `payment_method_category`, else ''. */
  key: string;
  /** The options `load()` received. */
  options: any;
}

/** Builds the element that stands for a loaded widget (not yet attached; the fake appends it to the container). */
export type FakeWidgetRenderer = (request: FakeWidgetRenderRequest) => HTMLElement;

/** The fake library plus its controls. */
export interface FakeKlarna {
  /** The object to put at `window.Klarna.Payments`. */
  readonly payments: KlarnaPayments;
  /** Every call so far, in order. */
  readonly calls: readonly FakeKlarnaCall[];
  /** The calls of one method, in order. */
  callsOf(method: FakeMethod): FakeKlarnaCall[];
  /** The token of the last successful `init`. */
  readonly clientToken: string | undefined;
  /** Authorization tokens handed out, in order. */
  readonly issuedTokens: readonly string[];
  /** Changes how later calls are answered (merged into the current options). */
  configure(options: Partial<FakeKlarnaOptions>): void;
  /** One-shot: the next call of `method` answers with this result (queue; several calls queue several). */
  respondNext(method: FakeScriptedMethod, result: KlarnaLoadResult | KlarnaAuthorizeResult): void;
  /** One-shot: the next call of `method` is held until `release(result?)` (default outcome when omitted); `called` resolves when the call arrives. */
  holdNext(method: FakeScriptedMethod): { called: Promise<FakeKlarnaCall>; release(result?: KlarnaLoadResult | KlarnaAuthorizeResult): void };
  /**
   * Fires a library event to the handlers registered with `on`, as Klarna's library calls them:
   * `heightChanged` handlers get `(heightPx, instanceName)`, the overlay events' handlers `(instanceName)`.
   * `instance` defaults to the most recently loaded widget's name (`instance_id`, else its category, else `default`).
   */
  emit(event: FakeKlarnaEventName, value?: number, instance?: string): void;
  /** Forgets calls, token, widgets (removing them from the page), issued tokens, queued and held answers, pending callbacks and `on` handlers. */
  reset(): void;
}

/** The events the library fires. */
export type FakeKlarnaEventName = 'heightChanged' | 'fullscreenOverlayShown' | 'fullscreenOverlayHidden';

/** The name of a widget instance without `instance_id` or category (an assumption: Klarna's own default name is not documented). */
export const DEFAULT_INSTANCE_NAME = 'default';

/** Countries whose sessions can show `loadPaymentReview` (Klarna's library: US and GB). */
export const PAYMENT_REVIEW_COUNTRIES: readonly string[] = ['US', 'GB'];

type AnyResult = KlarnaLoadResult | KlarnaAuthorizeResult;
type Callback = (result: any) => void;
type EventHandler = (...payload: unknown[]) => void;

/** Option names of `authorize`/`reauthorize`/`finalize`: a first argument holding none of them is the call's data. */
const AUTHORIZE_OPTION_NAMES: readonly string[] = ['payment_method_category', 'payment_method_categories', 'instance_id', 'auto_finalize'];

interface Hold {
  called: Promise<FakeKlarnaCall>;
  arrive(call: FakeKlarnaCall): void;
  released: Promise<AnyResult | undefined>;
  release(result?: AnyResult): void;
}

const EVENTS: readonly string[] = ['heightChanged', 'fullscreenOverlayShown', 'fullscreenOverlayHidden'];
const INSTANCE_ID = /^[\w-]+$/;
const WIDGET_ATTRIBUTE = 'data-fake-klarna-widget';
const WIDGET_CLASS = 'fake-klarna-widget';
const WIDGET_CSS = `.${WIDGET_CLASS} {
  display: flex; align-items: center; justify-content: center; box-sizing: border-box;
  width: 100%; max-width: 600px; min-width: 280px; height: 230px; padding: 16px;
  border: 1px dashed #b3195b; border-radius: 8px; background: #ffeaf2; color: #17120f;
  font: 14px/1.4 system-ui, sans-serif; text-align: center;
}`;
const widgetSheets = new WeakMap<Document, CSSStyleSheet>();

const LOAD_FAILURE: KlarnaLoadResult = { show_form: false };
const AUTHORIZE_FAILURE: KlarnaAuthorizeResult = { approved: false, show_form: false };

function clone<T>(value: T): T {
  return typeof structuredClone === 'function' ? structuredClone(value) : (JSON.parse(JSON.stringify(value)) as T);
}

function isElement(value: unknown): value is HTMLElement {
  return typeof value === 'object' && value !== null && (value as Node).nodeType === 1 && typeof (value as Node).appendChild === 'function';
}

/** Puts the widget stylesheet into the container's document or shadow root (a constructed sheet: no inline style, CSP-safe). */
function adoptWidgetStyles(container: HTMLElement): void {
  const doc = container.ownerDocument;
  const view = doc.defaultView as (Window & typeof globalThis) | null;
  const root = container.getRootNode() as Document | ShadowRoot;
  if (!view || !('adoptedStyleSheets' in root) || typeof view.CSSStyleSheet !== 'function') return;
  let sheet = widgetSheets.get(doc);
  if (!sheet) {
    sheet = new view.CSSStyleSheet();
    sheet.replaceSync(WIDGET_CSS);
    widgetSheets.set(doc, sheet);
  }
  if (!root.adoptedStyleSheets.includes(sheet)) root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
}

class FakeKlarnaPaymentsState implements FakeKlarna {
  readonly payments: KlarnaPayments;
  private options: FakeKlarnaOptions;
  private recorded: FakeKlarnaCall[] = [];
  private token: string | undefined;
  private claims: Record<string, unknown> | undefined;
  private tokens: string[] = [];
  /** Keys (instance_id, else category, else '') of widgets loaded since the current token's `init`. */
  private loaded = new Set<string>();
  /** Rendered widget elements by key (kept across a re-`init` so the next `load` replaces them). */
  private widgets = new Map<string, HTMLElement>();
  private queued: Record<FakeScriptedMethod, AnyResult[]> = { load: [], authorize: [], reauthorize: [], finalize: [] };
  private holds: Record<FakeScriptedMethod, Hold[]> = { load: [], authorize: [], reauthorize: [], finalize: [] };
  private handlers = new Map<string, EventHandler[]>();
  private lastInstance = DEFAULT_INSTANCE_NAME;
  private generation = 0;

  constructor(options: FakeKlarnaOptions = {}) {
    this.options = { ...options };
    this.payments = {
      init: (options: { client_token: string }) => this.init(options),
      load: (options: any, data?: any, callback?: any) =>
        this.invoke('load', options, data, callback, LOAD_FAILURE, (o) => this.checkLoad(o)),
      authorize: (...args: unknown[]) =>
        this.invoke('authorize', ...authorizeArguments(args), AUTHORIZE_FAILURE, (o) => {
          this.checkCategoryOptions(o);
          this.checkLoaded('authorize', o);
        }),
      reauthorize: (...args: unknown[]) =>
        this.invoke('reauthorize', ...authorizeArguments(args), AUTHORIZE_FAILURE, (o) => {
          this.checkInitialized('reauthorize');
          this.checkCategoryOptions(o);
        }),
      // Klarna's finalize() works after init() alone (a separate confirmation page loads no widget).
      finalize: (...args: unknown[]) =>
        this.invoke('finalize', ...authorizeArguments(args), AUTHORIZE_FAILURE, (o) => {
          this.checkInitialized('finalize');
          this.checkCategoryOptions(o);
        }),
      loadPaymentReview: (options: any, callback: any) => this.loadPaymentReview(options, callback),
      on: (event: KlarnaEventName, handler: (value?: number) => void) => this.on(event, handler),
      off: (event: string, handler?: (value?: number) => void) => this.off(event, handler),
    };
  }

  /** Every call so far, in order. */
  get calls(): readonly FakeKlarnaCall[] {
    return this.recorded.slice();
  }

  /** The token of the last successful `init`. */
  get clientToken(): string | undefined {
    return this.token;
  }

  /** Authorization tokens handed out, in order. */
  get issuedTokens(): readonly string[] {
    return this.tokens.slice();
  }

  /** The calls of one method, in order. */
  callsOf(method: FakeMethod): FakeKlarnaCall[] {
    return this.recorded.filter((call) => call.method === method);
  }

  /** Changes how later calls are answered (merged into the current options). */
  configure(options: Partial<FakeKlarnaOptions>): void {
    this.options = { ...this.options, ...options };
  }

  /** One-shot: the next call of `method` answers with this result. */
  respondNext(method: FakeScriptedMethod, result: AnyResult): void {
    this.scriptedQueue(method).push(clone(result));
  }

  /** One-shot: the next call of `method` is held until `release(result?)`. */
  holdNext(method: FakeScriptedMethod): { called: Promise<FakeKlarnaCall>; release(result?: AnyResult): void } {
    let arrive!: (call: FakeKlarnaCall) => void;
    let release!: (result?: AnyResult) => void;
    const called = new Promise<FakeKlarnaCall>((resolve) => (arrive = resolve));
    const released = new Promise<AnyResult | undefined>((resolve) => (release = resolve));
    const hold: Hold = { called, arrive, released, release: (result) => release(result === undefined ? undefined : clone(result)) };
    this.scriptedQueue(method, this.holds).push(hold);
    return { called, release: hold.release };
  }

  /** Fires a library event to the handlers registered with `on` (synchronously), with the instance name like Klarna's library. */
  emit(event: FakeKlarnaEventName, value?: number, instance: string = this.lastInstance): void {
    const payload: unknown[] = event === 'heightChanged' ? [value, instance] : [instance];
    for (const handler of [...(this.handlers.get(event) ?? [])]) handler(...payload);
  }

  /** Forgets everything the fake learned or was told, except its configured options. */
  reset(): void {
    this.generation += 1;
    this.recorded = [];
    this.token = undefined;
    this.claims = undefined;
    this.tokens = [];
    this.loaded.clear();
    for (const widget of this.widgets.values()) widget.remove();
    this.widgets.clear();
    this.queued = { load: [], authorize: [], reauthorize: [], finalize: [] };
    this.holds = { load: [], authorize: [], reauthorize: [], finalize: [] };
    this.handlers.clear();
    this.lastInstance = DEFAULT_INSTANCE_NAME;
  }

  private scriptedQueue<T>(method: FakeScriptedMethod, queues: Record<FakeScriptedMethod, T[]> = this.queued as any): T[] {
    const queue = queues[method];
    if (!queue) {
      throw new TypeError(`Only load, authorize, reauthorize and finalize can be scripted; received ${describe(method)}. Pass one of those method names.`);
    }
    return queue;
  }

  private record(method: FakeMethod, options: unknown, data: unknown): FakeKlarnaCall {
    const call: FakeKlarnaCall = { method, options, data, clientToken: this.token, at: Date.now() };
    this.recorded.push(call);
    return call;
  }

  /** `init()`: takes the token and returns `Klarna.Payments`, as Klarna's library does. */
  private init(options: { client_token: string }): KlarnaPayments {
    const call = this.record('init', options, undefined);
    try {
      this.useClientToken('init', (options as { client_token?: unknown } | undefined)?.client_token);
    } catch (error) {
      call.error = error;
      throw error;
    }
    return this.payments;
  }

  /**
   * Makes `token` the current client token, or throws `InvalidClientTokenError`. Widgets loaded under an
   * earlier token stay known: Klarna's `authorize()` after a re-`init` with another token proceeds.
   */
  private useClientToken(method: string, token: unknown): void {
    const claims = typeof token === 'string' ? decodeClientToken(token) : undefined;
    if (claims === undefined) {
      const received = typeof token === 'string' ? `a string of ${token.length} characters` : describe(token);
      throw new InvalidClientTokenError(
        `Klarna.Payments.${method}() needs a client token that is a decodable JWT, but received ${received}; pass the client_token your server got from Klarna's session.`,
      );
    }
    this.token = token as string;
    this.claims = claims;
  }

  private on(event: KlarnaEventName, handler: (value?: number) => void): void {
    const call = this.record('on', { event, handler }, undefined);
    let error: Error | undefined;
    if (!EVENTS.includes(event)) {
      error = new EventNotSupportedError(`Klarna.Payments.on() does not support the event ${describe(event)}; use one of ${EVENTS.join(', ')}.`);
    } else if (typeof handler !== 'function') {
      error = new TypeError(`Klarna.Payments.on('${event}') needs a handler function, but received ${describe(handler)}.`);
    }
    if (error) {
      call.error = error;
      throw error;
    }
    const list = this.handlers.get(event) ?? [];
    list.push(handler as EventHandler);
    this.handlers.set(event, list);
  }

  private off(event: string, handler?: (value?: number) => void): void {
    this.record('off', { event, handler }, undefined);
    if (handler === undefined) {
      this.handlers.delete(event);
      return;
    }
    const list = (this.handlers.get(event) ?? []).filter((registered) => registered !== (handler as EventHandler));
    if (list.length > 0) this.handlers.set(event, list);
    else this.handlers.delete(event);
  }

  private checkInitialized(method: string): void {
    if (this.token === undefined) {
      throw new ApplicationNotInitializedError(
        `Klarna.Payments.${method}() was called before init(); call Klarna.Payments.init({ client_token }) first.`,
      );
    }
  }

  /** The categories the token allows, or undefined when it does not say. */
  private supportedCategories(): string[] | undefined {
    const claim = this.claims?.['payment_method_categories'];
    if (!Array.isArray(claim)) return undefined;
    return claim
      .map((entry: unknown) => (typeof entry === 'string' ? entry : (entry as { identifier?: unknown } | null)?.identifier))
      .filter((identifier): identifier is string => typeof identifier === 'string');
  }

  private checkCategoryOptions(options: any): void {
    const { instance_id: instanceId, payment_method_category: category, payment_method_categories: categories } = options;
    if (instanceId !== undefined && (typeof instanceId !== 'string' || !INSTANCE_ID.test(instanceId))) {
      throw new InvalidInstanceIDError(
        `The instance_id ${describe(instanceId)} is not valid; use letters, digits, "_" and "-" only (/^[\\w-]+$/).`,
      );
    }
    if (categories !== undefined && instanceId === undefined) {
      throw new InstanceIDNotProvidedError('payment_method_categories needs an instance_id; pass instance_id to name this widget.');
    }
    // Klarna's current library has no PaymentMethodCategoryNotProvidedError; what it throws for an empty or
    // non-string category is not documented, so the fake refuses those as unsupported categories (docs/testing.md).
    if (categories !== undefined && (!Array.isArray(categories) || categories.length === 0)) {
      throw new PaymentMethodCategoryNotSupportedError(
        `This payment method category is not supported: ${describe(categories)}. payment_method_categories must be a non-empty array of category identifiers.`,
      );
    }
    if (category !== undefined && (typeof category !== 'string' || category === '')) {
      throw new PaymentMethodCategoryNotSupportedError(
        `This payment method category is not supported: ${describe(category)}. payment_method_category must be a category identifier string such as "klarna".`,
      );
    }
    const requested: unknown[] = categories ?? (category === undefined ? [] : [category]);
    const supported = this.supportedCategories();
    for (const identifier of requested) {
      if (typeof identifier !== 'string' || identifier === '') {
        throw new PaymentMethodCategoryNotSupportedError(
          `This payment method category is not supported: ${describe(identifier)}. payment_method_categories must hold category identifier strings.`,
        );
      }
      if (supported && !supported.includes(identifier)) {
        throw new PaymentMethodCategoryNotSupportedError(
          `This payment method category is not supported: ${identifier}. Use one of the session's payment_method_categories: ${supported.join(', ') || '(none)'}.`,
        );
      }
    }
  }

  private keyOf(options: any): string {
    return options.instance_id ?? options.payment_method_category ?? '';
  }

  /** The instance name event handlers receive for a widget key ('' is the unnamed default instance). */
  private instanceNameOf(key: string): string {
    return key === '' ? DEFAULT_INSTANCE_NAME : key;
  }

  private checkLoaded(method: string, options: any): void {
    const key = this.keyOf(options);
    if (!this.loaded.has(key)) {
      const named = key === '' ? 'without a category' : `"${key}"`;
      throw new ApplicationNotLoadedError(
        `Klarna.Payments.${method}() found no widget loaded ${named} for the current client token; call load() with the same instance_id or payment_method_category first.`,
      );
    }
  }

  private resolveContainer(method: string, container: unknown): HTMLElement {
    if (typeof container === 'string') {
      let found: Element | null = null;
      try {
        found = document.querySelector(container);
      } catch {
        found = null;
      }
      if (!isElement(found)) {
        throw new InvalidContainerSelectorError(
          `Klarna.Payments.${method}() found no element for the container selector ${describe(container)}; pass a selector that matches an element on the page, or the element itself.`,
        );
      }
      return found;
    }
    if (!isElement(container)) {
      throw new TypeError(
        `Klarna.Payments.${method}() needs a container that is a CSS selector or an HTMLElement, but received ${describe(container)}.`,
      );
    }
    return container;
  }

  private checkLoad(options: any): void {
    // Klarna's load() with a client_token initializes implicitly (no separate init() needed).
    if (options.client_token !== undefined) this.useClientToken('load', options.client_token);
    this.checkInitialized('load');
    this.checkCategoryOptions(options);
    const container = this.resolveContainer('load', options.container);
    const key = this.keyOf(options);
    this.lastInstance = this.instanceNameOf(key);
    const label: string =
      options.payment_method_categories?.join(', ') ?? options.payment_method_category ?? 'all payment methods';
    this.render(container, key, `Klarna (fake widget): ${label}`, options);
    this.loaded.add(key);
  }

  private render(container: HTMLElement, key: string, text: string, loadOptions?: any): void {
    const renderer = loadOptions === undefined ? undefined : this.options.renderWidget;
    if (renderer) {
      const rendered = renderer({ container, key, options: loadOptions });
      this.widgets.get(key)?.remove();
      container.appendChild(rendered);
      this.widgets.set(key, rendered);
      return;
    }
    const widget = container.ownerDocument.createElement('div');
    widget.setAttribute(WIDGET_ATTRIBUTE, key === '' ? 'all' : key);
    widget.className = WIDGET_CLASS;
    widget.setAttribute('role', 'group');
    widget.setAttribute('aria-label', 'Klarna');
    widget.textContent = text;
    adoptWidgetStyles(container);
    this.widgets.get(key)?.remove();
    container.appendChild(widget);
    this.widgets.set(key, widget);
  }

  private loadPaymentReview(options: any, callback?: Callback): void {
    const call = this.record('loadPaymentReview', options, undefined);
    try {
      this.checkInitialized('loadPaymentReview');
      const country = this.claims?.['purchase_country'];
      if (typeof country === 'string' && !PAYMENT_REVIEW_COUNTRIES.includes(country.toUpperCase())) {
        throw new OperationNotSupportedError(
          `Klarna.Payments.loadPaymentReview() is only available for ${PAYMENT_REVIEW_COUNTRIES.join(' and ')} sessions, but this client token's purchase_country is ${describe(country)}.`,
        );
      }
      this.render(this.resolveContainer('loadPaymentReview', options?.container), 'payment-review', 'Klarna (fake payment review)');
    } catch (error) {
      this.fail(call, callback, LOAD_FAILURE, error);
    }
    this.deliverLater(call, callback, async () => ({ show_form: true }));
  }

  /** Callback first, then throw: the real library settles both ways. */
  private fail(call: FakeKlarnaCall, callback: Callback | undefined, failure: AnyResult, error: unknown): never {
    call.error = error;
    call.result = clone(failure);
    if (typeof callback === 'function') callback(clone(failure));
    throw error;
  }

  private invoke(
    method: FakeScriptedMethod,
    options: any,
    data: any,
    callback: any,
    failure: AnyResult,
    check: (options: any) => void,
  ): void {
    if (typeof data === 'function' && callback === undefined) {
      callback = data;
      data = undefined;
    }
    const call = this.record(method, options, data);
    try {
      if (method !== 'load' && (options === undefined || options === null)) options = {};
      if (typeof options !== 'object' || options === null) {
        throw new TypeError(`Klarna.Payments.${method}() needs an options object, but received ${describe(options)}.`);
      }
      check(options);
    } catch (error) {
      this.fail(call, callback, failure, error);
    }
    const hold = this.holds[method].shift();
    const queued = hold ? undefined : this.queued[method].shift();
    this.deliverLater(call, callback, async () => {
      if (hold) {
        hold.arrive(call);
        const released = await hold.released;
        return released ?? this.outcome(method, options, data);
      }
      return queued ?? this.outcome(method, options, data);
    });
  }

  private async outcome(method: FakeScriptedMethod, options: any, data: any): Promise<AnyResult> {
    const configured = this.options[`${method}Result`];
    if (configured === undefined) {
      return method === 'load' ? { show_form: true } : { approved: true, show_form: true, authorization_token: randomUuid() };
    }
    const result = typeof configured === 'function' ? await configured(options, data) : configured;
    return clone(result);
  }

  /** Resolves the answer, then calls back after `latencyMs` (never sooner than the next macrotask). */
  private deliverLater(call: FakeKlarnaCall, callback: Callback | undefined, answer: () => Promise<AnyResult>): void {
    const generation = this.generation;
    const deliver = (result: AnyResult, error?: unknown) => {
      const latency = Math.max(0, Number(this.options.latencyMs) || 0);
      setTimeout(() => {
        if (generation !== this.generation) return;
        call.result = result;
        if (error !== undefined) call.error = error;
        const token = (result as KlarnaAuthorizeResult).authorization_token;
        if (typeof token === 'string') this.tokens.push(token);
        if (typeof callback === 'function') callback(clone(result));
        if (error !== undefined) throw error;
      }, latency);
    };
    answer().then(
      (result) => deliver(result),
      (error: unknown) => deliver(call.method === 'load' || call.method === 'loadPaymentReview' ? LOAD_FAILURE : AUTHORIZE_FAILURE, error),
    );
  }
}

/**
 * The `(options, data, callback)` of an `authorize`/`reauthorize`/`finalize` call, from any of Klarna's forms:
 * `(callback)`, `(options, callback)`, `(data, callback)` (a first argument that holds no option name is data),
 * `(options, data)` and `(options, data, callback)`.
 */
export function authorizeArguments(args: readonly unknown[]): [options: any, data: any, callback: any] {
  const [first, second, third] = args;
  if (typeof first === 'function') return [{}, undefined, first];
  if (typeof second === 'function' && third === undefined) {
    const holdsOptions =
      typeof first !== 'object' || first === null || AUTHORIZE_OPTION_NAMES.some((name) => Object.prototype.hasOwnProperty.call(first, name));
    return holdsOptions ? [first, undefined, second] : [{}, first, second];
  }
  return [first, second, third];
}

/** Creates a fake `Klarna.Payments` with its controls; put `fake.payments` wherever the code under test looks. */
export function createFakeKlarnaPayments(options?: FakeKlarnaOptions): FakeKlarna {
  return new FakeKlarnaPaymentsState(options);
}

/** Creates a fake and puts it at `window.Klarna.Payments` (calling `window.klarnaAsyncCallback` if set, like the real library). */
export function installFakeKlarna(options?: FakeKlarnaOptions): FakeKlarna & { uninstall(): void } {
  if (typeof window === 'undefined') {
    throw new TypeError('installFakeKlarna() needs a browser window (or a DOM shim that defines `window`); in other environments use createFakeKlarnaPayments() and pass fake.payments yourself.');
  }
  const fake = createFakeKlarnaPayments(options) as FakeKlarna & { uninstall(): void };
  const hadKlarna = Object.prototype.hasOwnProperty.call(window, 'Klarna');
  const klarna = window.Klarna ?? {};
  const hadPayments = Object.prototype.hasOwnProperty.call(klarna, 'Payments');
  const hadCredit = Object.prototype.hasOwnProperty.call(klarna, 'Credit');
  const previousPayments = klarna.Payments;
  const previousCredit = klarna['Credit'];
  klarna.Payments = fake.payments;
  // Klarna's api.js also exposes the library as Klarna.Credit (its older name).
  klarna['Credit'] = fake.payments;
  window.Klarna = klarna;
  fake.uninstall = () => {
    if (window.Klarna?.Payments !== fake.payments) return;
    if (!hadKlarna) {
      delete window.Klarna;
      return;
    }
    if (hadPayments) window.Klarna.Payments = previousPayments;
    else delete window.Klarna.Payments;
    if (hadCredit) window.Klarna['Credit'] = previousCredit;
    else delete window.Klarna['Credit'];
  };
  if (typeof window.klarnaAsyncCallback === 'function') window.klarnaAsyncCallback();
  return fake;
}
