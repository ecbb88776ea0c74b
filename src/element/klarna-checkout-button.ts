/**
 * `<klarna-checkout-button>`: a thin lit element over `CheckoutController`. It maps attributes to options,
 * owns the light-DOM widget container, renders the category radio group, the button and the live status,
 * and lets the controller dispatch its events from the element.
 */
import { css, html, LitElement, nothing } from 'lit';
import type { PropertyValues } from 'lit';
import { CheckoutController, type AuthorizeData } from './checkout-controller.js';
import { BUSY_STATES, CheckoutState } from './checkout-state.js';
import { describeAuthorizationLifetime, warnAboutUnknownLooks } from '#dev-mode';
import { VERSION } from './version.js';
import type { MessageKey, Messages } from './messages.js';
import { loadedMessages, loadMessages, matchLanguage, messageText, resolveLanguage, type MessageOverrides, type SupportedLanguage } from './locale.js';
import { checkMessageOverrides } from './message-overrides.js';
import { BUTTON_SHAPES, BUTTON_THEMES, buttonLookStyles, type ButtonShape, type ButtonTheme } from './button-looks.js';
import { WidgetHeightReservation } from './widget-height.js';
import { adoptWidgetWidthStyles, WIDGET_CONTAINER_CLASS } from './widget-width.js';
import { listenToKlarnaLibrary } from './overlay-events.js';
import { readClientTokenClaims } from './client-token-claims.js';
import { createKlarnaCheckoutEvent } from './events.js';
import type { KlarnaPayments } from '../loader/klarna-types.js';

/**
 * A Klarna Payments checkout in one tag: loads Klarna's script and the merchant session in parallel,
 * shows Klarna's widget, authorizes on click and (with `order-url`) places the order.
 *
 * @tagname klarna-checkout-button
 * @fires klarna-ready - The widget loaded; detail `{ sessionId, paymentMethodCategory, paymentMethodCategories }`.
 * @fires klarna-unavailable - Klarna answered `show_form: false` to load; detail `{ paymentMethodCategory }`.
 * @fires klarna-before-authorize - Cancelable, before Klarna's authorization opens; detail `{ paymentMethodCategory }`.
 * @fires klarna-authorized - Klarna approved; detail `{ authorizationToken, paymentMethodCategory, expiresAt }`.
 * @fires klarna-finalize-required - Two-step flow: call `finalize()`; detail `{ paymentMethodCategory }`.
 * @fires klarna-declined - Klarna did not approve; detail `{ fixable, invalidFields }`.
 * @fires klarna-order-placed - The merchant backend created the order; detail `{ orderId, redirectUrl, fraudStatus }`.
 * @fires klarna-reauthorize-required - The authorization is void; detail `{ reason }` (expired, consumed, rejected, cart-changed, reloaded).
 * @fires klarna-error - A step failed; detail `{ stage, code, message, retryable, cause }`. Retryable: the button reads "Try again".
 * @fires klarna-overlay-shown - Klarna's full-screen overlay opened for this element's authorization; detail `{ paymentMethodCategory }`.
 * @fires klarna-overlay-hidden - Klarna's full-screen overlay closed; detail `{ paymentMethodCategory }`.
 *
 * @attr {number} load-timeout - How long Klarna's `load` may take (ms) before a retryable `klarna-error` {stage:'load', code:'timeout'}; default 30000.
 * @attr {string} nonce - CSP nonce for the injected Klarna script (read through the native `nonce` property, so it survives nonce hiding).
 *
 * @slot - Replaces the button's label.
 * @slot widget - Where the element puts the light-DOM container Klarna's widget loads into (managed by the element).
 *
 * @csspart base - The wrapper around everything.
 * @csspart checkout - The box holding the category choice and the widget, whose height is reserved while Klarna loads.
 * @csspart categories - The fieldset holding the payment-category radio group (before the widget).
 * @csspart category - One category choice (label with radio, badge and name).
 * @csspart category-badge - A category's badge image.
 * @csspart widget - The box around the widget slot: the element's width, at least Klarna's 280 px.
 * @csspart button - The native button.
 * @csspart status - The polite live region with a short status text.
 *
 * @cssprop --klarna-checkout-button-background - Button background (default: the `theme`'s, else `#ffa8cd`, Klarna pink).
 * @cssprop --klarna-checkout-button-color - Button text colour (default: the `theme`'s, else `#0b051d`).
 * @cssprop --klarna-checkout-button-border - Button border (default: `1px solid #0b051d` with `theme="outlined"`, else none).
 * @cssprop --klarna-checkout-button-radius - Button corner radius (default: the `shape`'s, else `8px`).
 * @cssprop --klarna-checkout-button-font - Button font shorthand (default `600 1rem/1.25 system-ui, sans-serif`).
 * @cssprop --klarna-checkout-button-padding - Button padding (default `0.75rem 1.5rem`).
 * @cssprop --klarna-checkout-button-min-height - Button minimum height (default `48px`).
 * @cssprop --klarna-checkout-button-focus-ring - Button focus outline (default `3px solid #0b051d`).
 * @cssprop --klarna-checkout-button-disabled-opacity - Button opacity while disabled (default `0.55`).
 * @cssprop --klarna-checkout-button-reserved-height - Height reserved for the category choice and Klarna's widget while they load (default `230px`, Klarna's initial widget height); set it to your page's real height and loading moves nothing.
 * @cssprop --klarna-checkout-button-gap - Space between widget, categories, button and status (default `0.75rem`).
 * @cssprop --klarna-checkout-button-status-color - Status text colour (default `inherit`).
 */
export class KlarnaCheckoutButton extends LitElement {
  /** The element's version, compared by `defineKlarnaCheckoutButton` when two copies meet on one page. */
  static version: string = VERSION;

  /** @internal */
  static override properties = {
    sessionUrl: { attribute: 'session-url' },
    orderUrl: { attribute: 'order-url' },
    clientToken: { attribute: 'client-token' },
    paymentMethodCategory: { attribute: 'payment-method-category' },
    // Only the string "false" turns it off.
    autoFinalize: { attribute: 'auto-finalize', converter: (value: string | null) => value?.trim().toLowerCase() !== 'false' },
    librarySrc: { attribute: 'library-src' },
    label: {},
    disabled: { type: Boolean, reflect: true },
    loadTimeoutMs: { attribute: 'load-timeout', type: Number },
    cart: { attribute: false },
    authorizeData: { attribute: false },
    fetch: { attribute: false },
    locale: {},
    messages: { attribute: false, noAccessor: true },
    theme: { reflect: true },
    shape: { reflect: true },
  };

  /**
   * Klarna's themes and shapes (button-looks.ts), then: the host (never under Klarna's 280 px); the base, the checkout
   * box and the category fieldset as columns; the radio labels and badges; the checkout box's reserved height, and the
   * widget part that fills it and clips while Klarna loads, so nothing below moves (widget-height.ts); the button (every
   * look a --klarna-checkout-button-* property, over the theme's and shape's, over its default; it spans the element
   * as a stretched flex item); the status line, which always holds one line so that a status coming and going moves
   * nothing. The legend keeps its line while its text loads. The build minifies it.
   * @internal
   */
  static override styles = [
    buttonLookStyles,
    css`
      :host {
        display: block;
        min-width: 280px;
      }
      :host([hidden]) {
        display: none;
      }
      [part='base'],
      [part='checkout'],
      fieldset {
        display: flex;
        flex-flow: column;
        gap: var(--klarna-checkout-button-gap, 0.75rem);
      }
      fieldset {
        border: 0;
        margin: 0;
        padding: 0;
        gap: 0.5rem;
      }
      legend {
        padding: 0;
        margin-bottom: 0.5rem;
        font-weight: 600;
        min-height: 1lh;
      }
      label {
        display: flex;
        align-items: center;
        gap: 0.5rem;
      }
      img {
        height: 1.5rem;
      }
      [part='checkout'] {
        min-height: max(var(--klarna-checkout-button-reserved-height, 230px), var(--_klarna-reserved-height, 0px));
      }
      [part='widget'] {
        min-width: 280px;
      }
      :host([state='idle']) [part='widget'],
      :host([state='loading']) [part='widget'] {
        flex: 1 1 0;
        min-height: 0;
        overflow: clip;
      }
      button {
        cursor: pointer;
        border: var(--klarna-checkout-button-border, var(--_klarna-border, 0));
        min-height: var(--klarna-checkout-button-min-height, 48px);
        padding: var(--klarna-checkout-button-padding, 0.75rem 1.5rem);
        border-radius: var(--klarna-checkout-button-radius, var(--_klarna-radius, 8px));
        background: var(--klarna-checkout-button-background, var(--_klarna-background, #ffa8cd));
        color: var(--klarna-checkout-button-color, var(--_klarna-color, #0b051d));
        font: var(--klarna-checkout-button-font, 600 1rem/1.25 system-ui, sans-serif);
      }
      button:focus-visible {
        outline: var(--klarna-checkout-button-focus-ring, 3px solid #0b051d);
        outline-offset: 2px;
      }
      button:disabled {
        cursor: not-allowed;
        opacity: var(--klarna-checkout-button-disabled-opacity, 0.55);
      }
      button[hidden] {
        display: none;
      }
      [part='status'] {
        color: var(--klarna-checkout-button-status-color, inherit);
        font-size: 0.875rem;
        line-height: 1.25rem;
        min-height: 1.25rem;
      }
    `,
  ];


  /** Merchant endpoint (`session-url`): `POST {cart, session_id?}` answers a session. */
  sessionUrl: string | undefined;
  /** Merchant endpoint (`order-url`): when set, the element places the order after authorization. */
  orderUrl: string | undefined;
  /** A client token rendered into the page (`client-token`); replaces the session request. */
  clientToken: string | undefined;
  /** Category to show (`payment-method-category`); default: the customer's choice, else the session's first. */
  paymentMethodCategory: string | undefined;
  /** `auto-finalize="false"` runs the two-step flow; default `true` (unset or `undefined` counts as `true`). */
  autoFinalize: boolean | undefined = true;
  /** Klarna library URL override (`library-src`), e.g. the simulator's. */
  librarySrc: string | undefined;
  /** Button text (`label`); default: the `buyButton` text in the shopper's language ("Buy with Klarna"). The default slot replaces it. */
  label: string | undefined;
  /** Disables the button, `authorize()`, `finalize()` and `retry()` (`disabled`). */
  disabled = false;
  /** How long Klarna's `load` may take in ms (`load-timeout`) before a retryable `klarna-error` {stage:'load', code:'timeout'}; default 30000. */
  loadTimeoutMs: number | undefined = 30_000;
  /** The merchant's cart (any JSON), sent to both endpoints; changing it after load refreshes the session. */
  cart: unknown;
  /** Klarna `authorize` data: an object or a (sync/async) function returning one, read at click time. */
  authorizeData: AuthorizeData | undefined;
  /** The fetch the merchant client uses (default: the global `fetch`). */
  fetch: typeof fetch | undefined;

  /**
   * The shopper's language (`locale`), a BCP 47 tag such as `de-DE` or `sv-SE`. Default: the session's locale,
   * else the page's `<html lang>`, else English. Languages: en, de, sv, nb, da, fi, nl, fr, it, es, pl, pt, cs, el, hu, ro, sk.
   */
  locale: string | undefined;
  /** Klarna's button theme (`theme`): `default` or `dark` (dark button), `light` (white), `outlined` (white, outlined); unset: the element's pink. */
  theme: ButtonTheme | undefined;
  /** Klarna's button shape (`shape`): `default` (rounded corners), `rect` (square corners) or `pill`. */
  shape: ButtonShape | undefined;

  #controller: CheckoutController;
  #container: HTMLElement | undefined;
  #messages: MessageOverrides | undefined;
  /** The shopper's language, once known, and its texts, once loaded. */
  #language: SupportedLanguage | undefined;
  #catalogue: Messages | undefined;
  #heightReservation = new WidgetHeightReservation();
  #library: KlarnaPayments | undefined;
  #stopListening: (() => void) | undefined;
  /** Whether Klarna's overlay is open for this element's authorization. */
  #overlayOpen = false;
  /** Whether the controller was started since the element was (re)connected; unset until the first update. */
  #started: boolean | undefined;
  /** The state of the last render, to notice when Klarna's answer or the order's outcome arrived. */
  #renderedState: CheckoutState = CheckoutState.Idle;

  /** Creates the element; the checkout starts when it is connected. */
  constructor() {
    super();
    const element = this;
    this.#controller = new CheckoutController({
      get isConnected() {
        return element.isConnected;
      },
      get widgetContainer() {
        return element.#ensureContainer();
      },
      // The element's own properties are the checkout options, read live.
      checkoutOptions: () => this,
      checkoutChanged: () => this.requestUpdate(),
      dispatchEvent: (event) => this.dispatchEvent(event),
    });
  }

  /**
   * Texts that replace the built-in ones, by key, in any language; a key left out keeps the built-in text in the
   * shopper's language. An unknown key or a value that is not a string throws a `TypeError`, and the previous
   * overrides stay. Keys (`Messages`; English defaults in `englishMessages`): `buyButton` (the button's label),
   * `finalizeButton` (its label when `finalize()` is awaited), `tryAgainButton` (its label after a failure),
   * `categoryLegend` (the category group's legend); statuses `loading`, `authorizing`, `authorized`,
   * `finalizeRequired`, `placing`, `placed`; outcomes `notCompleted` (Klarna closed unapproved), `checkDetails`
   * (fields to fix), `confirmAgain` (authorization void), `notOffered` (Klarna declined the purchase); failures
   * `retry`, `orderRetry` (order request failed, safe to retry), `outcomeUnknown` (do not pay again),
   * `unavailableNow` (not fixable by retrying), `cartProblem` (the server refused the cart).
   */
  get messages(): MessageOverrides | undefined {
    return this.#messages;
  }
  set messages(value: MessageOverrides | undefined) {
    checkMessageOverrides(value);
    const old = this.#messages;
    this.#messages = value ?? undefined;
    this.requestUpdate('messages', old);
  }

  /** The language the element speaks (`en`, `de`, …), once it is known (read-only). */
  get language(): SupportedLanguage | undefined {
    return this.#language;
  }

  /** Whether a sent order got no definite answer: "Try again" sends the same token (read-only). */
  get outcomeUnknown(): boolean {
    return this.#controller.outcomeUnknown;
  }

  /** The checkout state (read-only), mirrored in the `state` attribute for CSS. */
  get state(): CheckoutState {
    return this.#controller.state;
  }

  /** The merchant session id, once known (read-only). */
  get sessionId(): string | undefined {
    return this.#controller.sessionId;
  }

  /** This element's Klarna `instance_id` (read-only; numbered per page once Klarna's script is loaded). */
  get instanceId(): string | undefined {
    return this.#controller.instanceId;
  }

  /** How long an authorization token is trusted (ms); default 55 minutes (Klarna's 60 minus a margin). */
  get authorizationLifetimeMs(): number {
    return this.#controller.authorizationLifetimeMs;
  }
  set authorizationLifetimeMs(value: number) {
    if (!(value > 0 && value < Infinity)) {
      throw new RangeError(describeAuthorizationLifetime?.(value) ?? 'Bad authorizationLifetimeMs.');
    }
    this.#controller.authorizationLifetimeMs = value;
  }

  /** Opens Klarna's authorization, as a button press does; a second call while one runs does nothing extra. */
  authorize(): Promise<void> {
    return this.disabled ? Promise.resolve() : this.#controller.authorize();
  }

  /** Finishes a two-step authorization after `klarna-finalize-required`, for the category that was authorized. */
  finalize(): Promise<void> {
    return this.disabled ? Promise.resolve() : this.#controller.finalize();
  }

  /**
   * Re-runs the stage that failed, as the "Try again" button does: the script, the session, the widget, the
   * authorization, or the order with the same token (never a second order). Does nothing unless a retryable
   * `klarna-error` happened.
   */
  retry(): Promise<void> {
    return this.disabled ? Promise.resolve() : this.#controller.retry();
  }

  /** Starts over: new session, new script check, new widget. Waits while Klarna's answer or an order's outcome is outstanding. */
  reload(): Promise<void> {
    return this.#controller.reload();
  }

  /** @internal */
  override connectedCallback(): void {
    super.connectedCallback();
    this.#ensureContainer();
    this.requestUpdate(); // the next update (re)starts the checkout
  }

  /** @internal */
  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#started = false;
    this.#heightReservation.detach();
    this.#stopListening?.();
    this.#stopListening = undefined;
    this.#library = undefined;
    this.#overlayOpen = false;
    this.#controller.disconnect();
  }

  /** @internal */
  protected override willUpdate(changed: PropertyValues<this>): void {
    // Controller calls happen here, before render, so their synchronous state changes join this update.
    const controller = this.#controller;
    if (!this.isConnected) return;
    if (!this.#started) {
      // Started at the first update after connection, so properties set right after insertion join the first request.
      this.#started = true;
      controller.connect();
    } else if (changed.has('sessionUrl') || changed.has('clientToken') || changed.has('librarySrc')) {
      void controller.sourceChanged();
    } else if (changed.has('cart')) {
      void controller.cartChanged();
    } else if (changed.has('paymentMethodCategory')) {
      void controller.reloadWidget();
    }
    this.#chooseLanguage();
    warnAboutUnknownLooks?.([
      ...(changed.has('theme') ? [{ name: 'theme', value: this.theme, allowed: BUTTON_THEMES }] : []),
      ...(changed.has('shape') ? [{ name: 'shape', value: this.shape, allowed: BUTTON_SHAPES }] : []),
    ]);
  }

  /**
   * Decides the language (locale attribute → session → page → English) and loads its texts; until both are known,
   * texts stay empty, so English never flashes before the shopper's language.
   */
  #chooseLanguage(): void {
    const controller = this.#controller;
    const sessionLocale = controller.sessionLocale ?? (this.clientToken ? readClientTokenClaims(this.clientToken).locale : undefined);
    const pageLocale = document.documentElement.lang;
    const waitingForSession =
      !matchLanguage(this.locale) && !this.clientToken && !controller.hasSession && (controller.state === CheckoutState.Idle || controller.state === CheckoutState.Loading);
    if (waitingForSession) {
      // The session may still name another language: fetch the page's meanwhile, but show nothing yet.
      const pageLanguage = matchLanguage(pageLocale);
      if (pageLanguage) void loadMessages(pageLanguage);
      return;
    }
    const language = resolveLanguage([this.locale, sessionLocale, pageLocale]);
    if (language === this.#language && this.#catalogue) return;
    this.#language = language;
    this.#catalogue = loadedMessages(language);
    if (!this.#catalogue) {
      void loadMessages(language).then((catalogue) => {
        if (this.#language !== language) return;
        this.#catalogue = catalogue;
        this.requestUpdate();
      });
    }
  }

  /** @internal */
  protected override updated(): void {
    const state = this.state;
    if (this.getAttribute('state') !== state) this.setAttribute('state', state);
    const previous = this.#renderedState;
    this.#renderedState = state;
    // Klarna's overlay closed without an approval, or a step failed: give focus back when nothing holds it.
    const settled = previous === CheckoutState.Authorizing || previous === CheckoutState.Placing;
    if (settled && state !== previous && this.#focusWasLost()) this.#button()?.focus();
    // The controller's disconnect() asks for one more update of a removed element: nothing to observe then.
    if (!this.isConnected) return;
    const shadow = this.renderRoot;
    this.#heightReservation.attach({
      box: shadow.querySelector<HTMLElement>('[part=checkout]')!,
      categories: shadow.querySelector<HTMLElement>('fieldset'),
      widgetContainer: this.#ensureContainer(),
    });
    this.#heightReservation.widgetShown = state !== CheckoutState.Idle && state !== CheckoutState.Loading;
    this.#listenToLibrary();
  }

  /** Follows the page's `Klarna.Payments` events (height changes, overlay) once the library is there. */
  #listenToLibrary(): void {
    const library = window.Klarna?.Payments;
    if (!library || library === this.#library || !this.isConnected) return;
    this.#stopListening?.();
    this.#library = library;
    this.#stopListening = listenToKlarnaLibrary(library, {
      heightChanged: () => this.#heightReservation.heightChanged(),
      overlayChanged: (shown) => this.#overlayChanged(shown),
    });
  }

  /** Klarna's overlay opened or closed: it is this element's while its authorization is open. */
  #overlayChanged(shown: boolean): void {
    if (shown === this.#overlayOpen || (shown && this.state !== CheckoutState.Authorizing)) return;
    this.#overlayOpen = shown;
    const detail = { paymentMethodCategory: this.#controller.paymentMethodCategory };
    this.dispatchEvent(createKlarnaCheckoutEvent(shown ? 'klarna-overlay-shown' : 'klarna-overlay-hidden', detail));
  }

  /** @internal */
  protected override render() {
    const controller = this.#controller;
    const state = controller.state;
    const busy = BUSY_STATES.includes(state);
    // The category choice comes before the widget it controls. Texts are empty (and the button disabled) until the
    // shopper's language and its texts are known, so English never flashes first.
    return html`
      <div part="base" lang=${this.#language ?? nothing}>
        <div part="checkout">
          ${this.#renderCategories()}
          <div part="widget"><slot name="widget"></slot></div>
        </div>
        <button
          part="button"
          type="button"
          ?hidden=${controller.buttonHidden}
          ?disabled=${this.disabled || !this.#catalogue || !controller.canPress}
          aria-busy=${busy ? 'true' : 'false'}
          @click=${this.#onButtonClick}
        >${this.#renderLabel()}</button>
        <div part="status" role="status" aria-live="polite">${controller.statusText ?? this.#text(controller.statusKey)}</div>
      </div>
    `;
  }

  /** The radio group, when the session offers several categories and none is fixed; locked while a step or a finalize waits. */
  #renderCategories() {
    const controller = this.#controller;
    const categories = controller.paymentMethodCategories;
    if (this.paymentMethodCategory || categories.length < 2) return nothing;
    const selected = controller.paymentMethodCategory;
    const state = controller.state;
    const locked =
      this.disabled ||
      controller.awaitingFinalize ||
      controller.outcomeUnknown ||
      controller.outcomeLost ||
      state === CheckoutState.Authorizing ||
      state === CheckoutState.Placing ||
      state === CheckoutState.Placed;
    return html`
      <fieldset part="categories" ?disabled=${locked}>
        <legend>${this.#text('categoryLegend')}</legend>
        ${categories.map(
          ({ identifier, name, asset_urls }) => html`
            <label part="category">
              <input
                type="radio"
                name="payment-method-category"
                .value=${identifier}
                .checked=${identifier === selected}
                @change=${this.#onCategoryChange}
              />
              ${asset_urls?.descriptive ? html`<img part="category-badge" src=${asset_urls.descriptive} alt="" />` : nothing}
              ${name ?? identifier}
            </label>
          `,
        )}
      </fieldset>
    `;
  }

  /** The button's label: the `label` (or the default slot) to buy; "Confirm payment" or "Try again" otherwise. */
  #renderLabel() {
    const key = this.#controller.buttonKey;
    if (key !== 'buyButton') return this.#text(key);
    return html`<slot>${this.label ?? this.#text('buyButton')}</slot>`;
  }

  /**
   * The one place a message key becomes shopper text: in the shopper's language, with the `messages` overrides;
   * empty until the language is known.
   */
  #text(key: MessageKey | undefined): string {
    return key && this.#catalogue ? messageText(key, this.#catalogue, this.#messages) : '';
  }

  #button(): HTMLButtonElement | null | undefined {
    return this.shadowRoot?.querySelector('button');
  }

  /** Whether focus went nowhere (the page's body) or stayed on this element. */
  #focusWasLost(): boolean {
    const active = document.activeElement;
    return active === null || active === document.body || active === this;
  }

  #onCategoryChange(event: Event): void {
    void this.#controller.selectCategory((event.target as HTMLInputElement).value);
  }

  #onButtonClick(): void {
    const controller = this.#controller;
    if (controller.canRetry) {
      void this.retry();
    } else if (controller.awaitingFinalize) {
      void this.finalize();
    } else {
      void this.authorize();
    }
  }

  #ensureContainer(): HTMLElement {
    const container = (this.#container ??= Object.assign(document.createElement('div'), {
      slot: 'widget',
      className: WIDGET_CONTAINER_CLASS,
    }));
    if (container.parentNode !== this) this.append(container);
    adoptWidgetWidthStyles(container);
    return container;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'klarna-checkout-button': KlarnaCheckoutButton;
  }
}
