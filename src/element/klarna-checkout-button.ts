/**
 * `<klarna-checkout-button>`: a thin lit element over `CheckoutController`. It maps attributes to options,
 * owns the light-DOM widget container, renders the category radio group, the button and the live status,
 * and lets the controller dispatch its events from the element.
 */
import { css, html, LitElement, nothing } from 'lit';
import type { PropertyValues } from 'lit';
import type { PaymentMethodCategory } from '../protocol/index.js';
import {
  CheckoutController,
  CheckoutState,
  type AuthorizeData,
  type CheckoutHost,
  type CheckoutOptions,
} from './checkout-controller.js';
import { VERSION } from './version.js';

/** Converts the `auto-finalize` attribute: only the string `"false"` turns it off. */
const autoFinalizeConverter = {
  fromAttribute: (value: string | null): boolean => value === null || value.trim().toLowerCase() !== 'false',
  toAttribute: (value: boolean): string | null => (value ? null : 'false'),
};

/** States in which the button is busy (`aria-busy="true"`). */
const BUSY_STATES: ReadonlySet<CheckoutState> = new Set<CheckoutState>([
  CheckoutState.Loading,
  CheckoutState.Authorizing,
  CheckoutState.Placing,
]);

/** Options that, when they change on a connected element, start the checkout over. */
const RESTART_PROPERTIES = ['sessionUrl', 'clientToken', 'librarySrc'] as const;

/**
 * A Klarna Payments checkout in one tag: loads Klarna's script and the merchant session in parallel,
 * shows Klarna's widget, authorizes on click and (with `order-url`) places the order.
 *
 * @fires klarna-ready - The widget loaded; detail `{ sessionId, paymentMethodCategory, paymentMethodCategories }`.
 * @fires klarna-unavailable - Klarna answered `show_form: false` to load; detail `{ paymentMethodCategory }`.
 * @fires klarna-before-authorize - Cancelable, before Klarna's authorization opens; detail `{ paymentMethodCategory }`.
 * @fires klarna-authorized - Klarna approved; detail `{ authorizationToken, paymentMethodCategory, expiresAt }`.
 * @fires klarna-finalize-required - Two-step flow: call `finalize()`; detail `{ paymentMethodCategory }`.
 * @fires klarna-declined - Klarna did not approve; detail `{ fixable, invalidFields }`.
 * @fires klarna-order-placed - The merchant backend created the order; detail `{ orderId, redirectUrl, fraudStatus }`.
 * @fires klarna-reauthorize-required - The authorization is void; detail `{ reason }` (expired, consumed, rejected, cart-changed).
 * @fires klarna-error - A step failed; detail `{ stage, code, message, retryable, cause }`.
 *
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
    autoFinalize: { attribute: 'auto-finalize', converter: autoFinalizeConverter },
    librarySrc: { attribute: 'library-src' },
    label: {},
    disabled: { type: Boolean, reflect: true },
    cart: { attribute: false },
    authorizeData: { attribute: false },
    fetch: { attribute: false },
    checkoutRevision: { state: true },
  };

  /** @internal */
  static override styles = css`
    :host {
      display: block;
      --_gap: var(--klarna-checkout-button-gap, 0.75rem);
    }
    :host([hidden]) {
      display: none;
    }
    .base {
      display: flex;
      flex-direction: column;
      gap: var(--_gap);
    }
    fieldset {
      border: 0;
      margin: 0;
      padding: 0;
      display: flex;
      flex-direction: column;
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
      cursor: pointer;
    }
    img {
      height: 1.5rem;
      width: auto;
    }
    button {
      appearance: none;
      border: 0;
      cursor: pointer;
      width: 100%;
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
    .status {
      color: var(--klarna-checkout-button-status-color, inherit);
      font-size: 0.875rem;
    }
    .status:empty {
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
  /** `auto-finalize="false"` runs the two-step flow; default `true`. */
  autoFinalize = true;
  /** Klarna library URL override (`library-src`), e.g. the simulator's. */
  librarySrc: string | undefined;
  /** Button text (`label`); default "Buy with Klarna". The default slot replaces it. */
  label = 'Buy with Klarna';
  /** Disables the button (`disabled`). */
  disabled = false;
  /** The merchant's cart (any JSON), sent to both endpoints; changing it after load refreshes the session. */
  cart: unknown;
  /** Klarna `authorize` data: an object or a (sync/async) function returning one, read at click time. */
  authorizeData: AuthorizeData | undefined;
  /** The fetch the merchant client uses (default: the global `fetch`). */
  fetch: typeof fetch | undefined;

  /** Bumped by the controller so lit re-renders. */
  private checkoutRevision = 0;
  private readonly controller: CheckoutController;
  private container: HTMLDivElement | undefined;
  private started = false;

  /** Creates the element; the checkout starts when it is connected. */
  constructor() {
    super();
    const element = this;
    const host: CheckoutHost = {
      get isConnected() {
        return element.isConnected;
      },
      get widgetContainer() {
        return element.ensureContainer();
      },
      checkoutOptions: () => this.checkoutOptions(),
      checkoutChanged: () => {
        this.checkoutRevision += 1;
      },
      dispatchEvent: (event) => this.dispatchEvent(event),
    };
    this.controller = new CheckoutController(host);
  }

  /** The checkout state (read-only), mirrored in the `state` attribute for CSS. */
  get state(): CheckoutState {
    return this.controller.state;
  }

  /** The merchant session id, once known (read-only). */
  get sessionId(): string | undefined {
    return this.controller.sessionId;
  }

  /** This element's Klarna `instance_id` (read-only). */
  get instanceId(): string {
    return this.controller.instanceId;
  }

  /** How long an authorization token is trusted (ms); default 55 minutes (Klarna's 60 minus a margin). */
  get authorizationLifetimeMs(): number {
    return this.controller.authorizationLifetimeMs;
  }
  set authorizationLifetimeMs(value: number) {
    if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
      throw new RangeError(
        `authorizationLifetimeMs must be a positive number of milliseconds, but received ${String(value)}; Klarna's tokens live 60 minutes, so keep it below 3600000.`,
      );
    }
    this.controller.authorizationLifetimeMs = value;
  }

  /** Opens Klarna's authorization, as a button press does; a second call while one runs does nothing extra. */
  authorize(): Promise<void> {
    if (this.disabled) return Promise.resolve();
    return this.controller.authorize();
  }

  /** Finishes a two-step authorization after `klarna-finalize-required`. */
  finalize(): Promise<void> {
    return this.controller.finalize();
  }

  /** Starts over: new session, new script check, new widget. */
  reload(): Promise<void> {
    return this.controller.reload();
  }

  /** @internal */
  override connectedCallback(): void {
    super.connectedCallback();
    this.ensureContainer();
    this.started = false;
    this.requestUpdate(); // the next update (re)starts the checkout
  }

  /** @internal */
  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.started = false;
    this.controller.disconnect();
  }

  /** @internal */
  protected override willUpdate(changed: PropertyValues): void {
    // Controller calls happen here, before render, so their synchronous state changes join this update.
    if (!this.isConnected) return;
    if (!this.started) {
      // Started after the first update, so properties set right after insertion are part of the first request.
      this.started = true;
      this.controller.connect();
      return;
    }
    if (RESTART_PROPERTIES.some((name) => changed.has(name))) {
      void this.controller.reload();
    } else if (changed.has('cart')) {
      void this.controller.cartChanged();
    } else if (changed.has('paymentMethodCategory')) {
      void this.controller.reloadWidget();
    }
  }

  /** @internal */
  protected override updated(): void {
    if (this.getAttribute('state') !== this.controller.state) this.setAttribute('state', this.controller.state);
  }

  /** @internal */
  protected override render() {
    const state = this.controller.state;
    const busy = BUSY_STATES.has(state);
    const clickable =
      !this.disabled && (state === CheckoutState.Ready || state === CheckoutState.Authorized);
    return html`<div part="base" class="base">
      <slot name="widget"></slot>
      ${this.renderCategories(state)}
      <button
        part="button"
        type="button"
        ?disabled=${!clickable}
        aria-busy=${busy ? 'true' : 'false'}
        @click=${this.onButtonClick}
      >
        <slot>${this.label}</slot>
      </button>
      <div part="status" class="status" role="status" aria-live="polite">${this.controller.statusMessage}</div>
    </div>`;
  }

  private renderCategories(state: CheckoutState) {
    const categories = this.controller.paymentMethodCategories;
    if (this.paymentMethodCategory || categories.length < 2) return nothing;
    const selected = this.controller.paymentMethodCategory;
    const locked = state === CheckoutState.Authorizing || state === CheckoutState.Placing || state === CheckoutState.Placed;
    return html`<fieldset part="categories" ?disabled=${locked || this.disabled}>
      <legend>Payment method</legend>
      ${categories.map((category) => this.renderCategory(category, category.identifier === selected))}
    </fieldset>`;
  }

  private renderCategory(category: PaymentMethodCategory, checked: boolean) {
    const badge = category.asset_urls?.descriptive;
    return html`<label part="category">
      <input
        type="radio"
        name="payment-method-category"
        .value=${category.identifier}
        .checked=${checked}
        @change=${this.onCategoryChange}
      />
      ${badge ? html`<img part="category-badge" src=${badge} alt="" />` : nothing}
      <span>${category.name ?? category.identifier}</span>
    </label>`;
  }

  private onCategoryChange = (event: Event): void => {
    const input = event.target as HTMLInputElement;
    if (input.checked) void this.controller.selectCategory(input.value);
  };

  private onButtonClick = (): void => {
    if (this.controller.awaitingFinalize) void this.finalize();
    else void this.authorize();
  };

  private ensureContainer(): HTMLDivElement {
    if (!this.container) {
      this.container = document.createElement('div');
      this.container.setAttribute('slot', 'widget');
      this.container.className = 'klarna-checkout-button-widget';
    }
    if (this.container.parentNode !== this) this.appendChild(this.container);
    return this.container;
  }

  private checkoutOptions(): CheckoutOptions {
    const nonce = this.nonce || this.getAttribute('nonce') || undefined;
    return {
      sessionUrl: this.sessionUrl || undefined,
      orderUrl: this.orderUrl || undefined,
      clientToken: this.clientToken || undefined,
      paymentMethodCategory: this.paymentMethodCategory || undefined,
      autoFinalize: this.autoFinalize,
      librarySrc: this.librarySrc || undefined,
      nonce,
      cart: this.cart,
      authorizeData: this.authorizeData,
      fetch: this.fetch,
    };
  }
}
