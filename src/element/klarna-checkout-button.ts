/**
 * `<klarna-checkout-button>`: a thin lit element over `CheckoutController`. It maps attributes to options,
 * owns the light-DOM widget container, renders the category radio group, the button and the live status,
 * and lets the controller dispatch its events from the element.
 */
import { css, html, LitElement, nothing } from 'lit';
import type { PropertyValues } from 'lit';
import { CheckoutController, type AuthorizeData } from './checkout-controller.js';
import { BUSY_STATES, CheckoutState } from './checkout-state.js';
import { describeValue } from '../errors/describe-value.js';
import { englishMessages, type MessageKey } from './messages.js';
import { DEV_MODE } from '#dev-mode';
import { VERSION } from './version.js';

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
 *
 * @attr {number} load-timeout - How long Klarna's `load` may take (ms) before a retryable `klarna-error` {stage:'load', code:'timeout'}; default 30000.
 * @attr {string} nonce - CSP nonce for the injected Klarna script (read through the native `nonce` property, so it survives nonce hiding).
 *
 * @slot - Replaces the button's label.
 * @slot widget - Where the element puts the light-DOM container Klarna's widget loads into (managed by the element).
 *
 * @csspart base - The wrapper around everything.
 * @csspart categories - The fieldset holding the payment-category radio group.
 * @csspart category - One category choice (label with radio, badge and name).
 * @csspart category-badge - A category's badge image.
 * @csspart button - The native button.
 * @csspart status - The polite live region with a short status text.
 *
 * @cssprop --klarna-checkout-button-background - Button background (default `#ffa8cd`, Klarna pink).
 * @cssprop --klarna-checkout-button-color - Button text colour (default `#0b051d`).
 * @cssprop --klarna-checkout-button-radius - Button corner radius (default `8px`).
 * @cssprop --klarna-checkout-button-font - Button font shorthand (default `600 1rem/1.25 system-ui, sans-serif`).
 * @cssprop --klarna-checkout-button-padding - Button padding (default `0.75rem 1.5rem`).
 * @cssprop --klarna-checkout-button-min-height - Button minimum height (default `48px`).
 * @cssprop --klarna-checkout-button-focus-ring - Button focus outline (default `3px solid #0b051d`).
 * @cssprop --klarna-checkout-button-disabled-opacity - Button opacity while disabled (default `0.55`).
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
  };

  /**
   * The host; the base and the category fieldset as columns; the radio labels and badges; the button (every look a
   * --klarna-checkout-button-* property with its default; it spans the element as a stretched flex item); the
   * status line, hidden while empty. The build minifies it.
   * @internal
   */
  static override styles = css`
    :host {
      display: block;
    }
    :host([hidden]) {
      display: none;
    }
    [part='base'],
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
    }
    label {
      display: flex;
      align-items: center;
      gap: 0.5rem;
    }
    img {
      height: 1.5rem;
    }
    button {
      border: 0;
      cursor: pointer;
      min-height: var(--klarna-checkout-button-min-height, 48px);
      padding: var(--klarna-checkout-button-padding, 0.75rem 1.5rem);
      border-radius: var(--klarna-checkout-button-radius, 8px);
      background: var(--klarna-checkout-button-background, #ffa8cd);
      color: var(--klarna-checkout-button-color, #0b051d);
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
    }
    [part='status']:empty {
      display: none;
    }
  `;

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
  /** Button text (`label`); default "Buy with Klarna" (also when unset). The default slot replaces it. */
  label: string | undefined = 'Buy with Klarna';
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

  #controller: CheckoutController;
  #container: HTMLElement | undefined;
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
      throw new RangeError(
        DEV_MODE
          ? `authorizationLifetimeMs must be a positive number (ms), but received ${describeValue(value)}.`
          : 'Bad authorizationLifetimeMs.',
      );
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
      void controller.reload();
    } else if (changed.has('cart')) {
      void controller.cartChanged();
    } else if (changed.has('paymentMethodCategory')) {
      void controller.reloadWidget();
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
  }

  /** @internal */
  protected override render() {
    const controller = this.#controller;
    const state = controller.state;
    const busy = BUSY_STATES.includes(state);
    return html`
      <div part="base">
        <slot name="widget"></slot>
        ${this.#renderCategories()}
        <button
          part="button"
          type="button"
          ?hidden=${controller.buttonHidden}
          ?disabled=${this.disabled || !controller.canPress}
          aria-busy=${busy ? 'true' : 'false'}
          @click=${this.#onButtonClick}
        >${this.#renderLabel()}</button>
        <div part="status" role="status" aria-live="polite">${controller.statusText ?? this.#optionalText(controller.statusKey)}</div>
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

  /** The one place a message key becomes shopper text. */
  #text(key: MessageKey): string {
    return englishMessages[key];
  }

  #optionalText(key: MessageKey | undefined): string {
    return key === undefined ? '' : this.#text(key);
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
      className: 'klarna-checkout-button-widget',
    }));
    if (container.parentNode !== this) this.append(container);
    return container;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'klarna-checkout-button': KlarnaCheckoutButton;
  }
}
