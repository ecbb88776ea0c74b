/**
 * The simulator's `window.Klarna.Payments`: the fake library from `src/testing` (same signatures, argument
 * checks, callback-then-throw errors, one-token rule and re-`init` reset) whose outcomes come from real
 * pages on the simulator's origin — `load()` mounts a widget iframe, `authorize()` / `reauthorize()` /
 * `finalize()` open a full-screen consent overlay where the simulated shopper approves or declines, and
 * the approval creates the authorization in the simulator over its `/simulator/v1` hook.
 * Nothing here touches `window` or `document` until a function is called.
 */
import type { KlarnaAuthorizeResult, KlarnaLoadResult, KlarnaPayments } from '../../loader/klarna-types.js';
import {
  createFakeKlarnaPayments,
  decodeClientToken,
  DEFAULT_INSTANCE_NAME,
  type FakeKlarna,
  type FakeWidgetRenderRequest,
} from '../../testing/index.js';
import {
  isSimulatorMessage,
  SIMULATOR_MESSAGE_TAG,
  type OverlayRequestMessage,
  type SimulatorMessage,
} from './simulator-messages.js';
import { LIBRARY_PATH, overlayPagePath, REGION_SEGMENT, widgetPagePath } from './simulator-paths.js';

/** The attribute that marks the consent overlay iframe (on `document.body`). */
export const OVERLAY_ATTRIBUTE = 'data-klarna-simulator-overlay';

/** The attribute that marks a widget's wrapper (its value is the widget key, or `all`). */
export const WIDGET_ATTRIBUTE = 'data-klarna-simulator-widget';

/** How long `load()` waits for the widget page before answering `{ show_form: false }` (Klarna's library: 30 s). */
export const WIDGET_LOAD_TIMEOUT_MS = 30_000;

/** Options of `createSimulatorKlarnaPayments`. */
export interface SimulatorLibraryOptions {
  /** The window the library works in (its document gets the overlay; it receives the iframes' messages). */
  window: Window;
  /** The simulator's origin (where this script came from); when absent, the client token's `base_url` claim decides. */
  origin?: string;
  /** `load()`'s time-out in ms; default `WIDGET_LOAD_TIMEOUT_MS`. */
  loadTimeoutMs?: number;
}

/** The simulator's library: the `Klarna.Payments` object and the fake underneath it. */
export interface SimulatorLibrary {
  /** The object to put at `window.Klarna.Payments`. */
  readonly payments: KlarnaPayments;
  /** The fake library the calls go through (its call log and controls). */
  readonly fake: FakeKlarna;
  /** The simulator origin the pages are loaded from for the current client token, if one can be told. */
  origin(): string | undefined;
}

interface WidgetHandle {
  key: string;
  /** The name event handlers receive: `instance_id`, else the category, else `default`. */
  instance: string;
  /** True once the widget reported its first height (always announced, like Klarna's on load). */
  measured: boolean;
  iframe: HTMLIFrameElement;
  origin: string;
  category: string | undefined;
  loaded: Promise<KlarnaLoadResult>;
  settle(result: KlarnaLoadResult): void;
}

interface OverlayHandle {
  iframe: HTMLIFrameElement;
  origin: string;
  request: OverlayRequestMessage;
  settle(result: KlarnaAuthorizeResult): void;
}

const CANCELLED: KlarnaAuthorizeResult = { approved: false, show_form: true };

function originOf(url: unknown): string | undefined {
  if (typeof url !== 'string' || url === '') return undefined;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.origin : undefined;
  } catch {
    return undefined;
  }
}

function keyOf(options: { instance_id?: string; payment_method_category?: string }): string {
  return options.instance_id ?? options.payment_method_category ?? '';
}

function instanceNameOf(key: string): string {
  return key === '' ? DEFAULT_INSTANCE_NAME : key;
}

function setStyles(element: HTMLElement, styles: Record<string, string>): void {
  // CSSOM property writes: allowed under a strict `style-src` CSP, unlike style="" attributes.
  for (const [name, value] of Object.entries(styles)) element.style.setProperty(name, value);
}

/** Creates the simulator's `Klarna.Payments` for one window. */
export function createSimulatorKlarnaPayments(options: SimulatorLibraryOptions): SimulatorLibrary {
  const win = options.window;
  const loadTimeoutMs = options.loadTimeoutMs ?? WIDGET_LOAD_TIMEOUT_MS;
  const widgets = new Map<string, WidgetHandle>();
  let overlay: OverlayHandle | undefined;
  let listening = false;

  const fake: FakeKlarna = createFakeKlarnaPayments({
    renderWidget: (request) => mountWidget(request),
    loadResult: (loadOptions) => awaitWidget(keyOf(loadOptions)),
    authorizeResult: (authorizeOptions, data) => openOverlay('authorize', authorizeOptions, data),
    reauthorizeResult: (authorizeOptions, data) => openOverlay('authorize', authorizeOptions, data),
    finalizeResult: (authorizeOptions, data) => openOverlay('finalize', authorizeOptions, data),
  });

  function claims(): Record<string, unknown> {
    const token = fake.clientToken;
    return (token === undefined ? undefined : decodeClientToken(token)) ?? {};
  }

  function simulatorOrigin(): string | undefined {
    return options.origin ?? originOf(claims()['base_url']);
  }

  /** The origin, region and session of the current token, or a thrown error that says what is missing. */
  function target(method: string): { origin: string; region: string; sessionId: string } {
    const origin = simulatorOrigin();
    if (origin === undefined) {
      throw new Error(
        `Klarna.Payments.${method}() (Klarna simulator) cannot tell the simulator's address: load this script from the simulator (<script src="http://127.0.0.1:4010${LIBRARY_PATH}">), or init() with a client token from the simulator, whose base_url claim points at it; the current token's base_url is ${JSON.stringify(claims()['base_url'] ?? null)}.`,
      );
    }
    const tokenClaims = claims();
    const region = typeof tokenClaims['region'] === 'string' && REGION_SEGMENT.test(tokenClaims['region']) ? tokenClaims['region'] : 'eu';
    const sessionId = typeof tokenClaims['session_id'] === 'string' ? tokenClaims['session_id'] : '';
    return { origin, region, sessionId };
  }

  function parentOrigin(): string {
    return win.location.origin;
  }

  function listen(): void {
    if (listening) return;
    listening = true;
    win.addEventListener('message', onMessage);
  }

  function onMessage(event: MessageEvent): void {
    if (!isSimulatorMessage(event.data)) return;
    const message: SimulatorMessage = event.data;
    if (overlay && event.source === overlay.iframe.contentWindow && event.origin === overlay.origin) {
      onOverlayMessage(overlay, message);
      return;
    }
    for (const widget of widgets.values()) {
      if (event.source === widget.iframe.contentWindow && event.origin === widget.origin) {
        onWidgetMessage(widget, message);
        return;
      }
    }
  }

  function onWidgetMessage(widget: WidgetHandle, message: SimulatorMessage): void {
    if (message.type === 'height' && Number.isFinite(message.height) && message.height > 0) {
      const height = Math.ceil(message.height);
      // Like Klarna's: the first height of every widget (on load) is announced, later ones when they change.
      if (widget.measured && widget.iframe.style.getPropertyValue('height') === `${height}px`) return;
      widget.measured = true;
      setStyles(widget.iframe, { height: `${height}px` });
      fake.emit('heightChanged', height, widget.instance);
    } else if (message.type === 'loaded') {
      widget.settle({ show_form: message.show_form === true });
    }
  }

  function onOverlayMessage(current: OverlayHandle, message: SimulatorMessage): void {
    if (message.type === 'ready') {
      current.iframe.contentWindow?.postMessage(current.request, current.origin);
    } else if (message.type === 'result') {
      const result = message.result;
      const valid = typeof result === 'object' && result !== null && typeof result.approved === 'boolean';
      current.settle(valid ? result : { approved: false, show_form: false });
    }
  }

  function mountWidget({ container, key, options: loadOptions }: FakeWidgetRenderRequest): HTMLElement {
    const { origin, region, sessionId } = target('load');
    listen();
    const doc = container.ownerDocument;
    const category: string | undefined =
      loadOptions.payment_method_category ?? (Array.isArray(loadOptions.payment_method_categories) ? loadOptions.payment_method_categories.join(',') : undefined);
    const query = new URLSearchParams({ session_id: sessionId, category: category ?? '', instance: loadOptions.instance_id ?? '', parent_origin: parentOrigin() });
    const wrapper = doc.createElement('div');
    wrapper.setAttribute(WIDGET_ATTRIBUTE, key === '' ? 'all' : key);
    setStyles(wrapper, { display: 'block', width: '100%', 'max-width': '600px', 'min-width': '280px', 'box-sizing': 'border-box' });
    const iframe = doc.createElement('iframe');
    iframe.src = `${origin}${widgetPagePath(region)}?${query}`;
    iframe.title = 'Klarna payment options (simulator)';
    iframe.setAttribute('scrolling', 'no');
    setStyles(iframe, { display: 'block', width: '100%', height: '230px', border: '0', 'min-width': '280px' });
    wrapper.appendChild(iframe);

    widgets.get(key)?.settle({ show_form: false });
    let settle!: (result: KlarnaLoadResult) => void;
    const loaded = new Promise<KlarnaLoadResult>((resolve) => (settle = resolve));
    widgets.set(key, { key, instance: instanceNameOf(key), measured: false, iframe, origin, category: loadOptions.payment_method_category ?? loadOptions.payment_method_categories?.[0], loaded, settle });
    return wrapper;
  }

  function awaitWidget(key: string): Promise<KlarnaLoadResult> {
    const widget = widgets.get(key);
    if (!widget) return Promise.resolve({ show_form: false });
    return new Promise((resolve) => {
      const timer = win.setTimeout(() => resolve({ show_form: false }), loadTimeoutMs);
      void widget.loaded.then((result) => {
        win.clearTimeout(timer);
        resolve(result);
      });
    });
  }

  function openOverlay(mode: 'authorize' | 'finalize', authorizeOptions: any, data: unknown): Promise<KlarnaAuthorizeResult> {
    const { origin, region, sessionId } = target(mode);
    const clientToken = fake.clientToken!;
    listen();
    const category: string | undefined =
      authorizeOptions.payment_method_category ??
      authorizeOptions.payment_method_categories?.[0] ??
      widgets.get(keyOf(authorizeOptions))?.category;
    overlay?.settle(CANCELLED);
    const doc = win.document;
    const query = new URLSearchParams({ session_id: sessionId, category: category ?? '', mode, parent_origin: parentOrigin() });
    const iframe = doc.createElement('iframe');
    iframe.setAttribute(OVERLAY_ATTRIBUTE, mode);
    iframe.title = mode === 'finalize' ? 'Klarna: confirm your order (simulator)' : 'Klarna: approve your purchase (simulator)';
    iframe.src = `${origin}${overlayPagePath(region)}?${query}`;
    setStyles(iframe, {
      position: 'fixed',
      inset: '0',
      width: '100%',
      height: '100%',
      border: '0',
      margin: '0',
      padding: '0',
      'z-index': '2147483647',
      'background-color': 'transparent',
      'color-scheme': 'normal',
    });
    const request: OverlayRequestMessage = {
      tag: SIMULATOR_MESSAGE_TAG,
      type: 'request',
      mode,
      client_token: clientToken,
      data: typeof data === 'object' && data !== null ? (JSON.parse(JSON.stringify(data)) as Record<string, unknown>) : {},
      auto_finalize: authorizeOptions.auto_finalize !== false,
      ...(category === undefined ? {} : { payment_method_category: category }),
    };
    const instance = instanceNameOf(keyOf(authorizeOptions));
    return new Promise<KlarnaAuthorizeResult>((resolve) => {
      const handle: OverlayHandle = {
        iframe,
        origin,
        request,
        settle(result) {
          if (overlay === handle) overlay = undefined;
          iframe.remove();
          fake.emit('fullscreenOverlayHidden', undefined, instance);
          resolve(result);
        },
      };
      overlay = handle;
      doc.body.appendChild(iframe);
      iframe.focus();
      fake.emit('fullscreenOverlayShown', undefined, instance);
    });
  }

  return {
    payments: fake.payments,
    fake,
    origin: simulatorOrigin,
  };
}

/**
 * Installs the simulator's library on `win.Klarna.Payments` and calls `win.klarnaAsyncCallback` if set,
 * like Klarna's `api.js`. `scriptUrl` is this script's own URL (`document.currentScript.src`), whose
 * origin is the simulator's.
 */
export function installSimulatorKlarnaLibrary(win: Window, scriptUrl?: string): SimulatorLibrary {
  const origin = originOf(scriptUrl);
  const library = createSimulatorKlarnaPayments({ window: win, ...(origin === undefined ? {} : { origin }) });
  const klarna = win.Klarna ?? {};
  klarna.Payments = library.payments;
  // Klarna's api.js also exposes the library as Klarna.Credit (its older name).
  klarna['Credit'] = library.payments;
  win.Klarna = klarna;
  const ready = win.klarnaAsyncCallback;
  if (typeof ready === 'function') {
    try {
      ready();
    } catch (error) {
      // The merchant's callback failed: report it like any uncaught error without undoing the install.
      win.setTimeout(() => {
        throw error;
      }, 0);
    }
  }
  return library;
}
