// The storefront: catalogue, cart, market switch and <klarna-checkout-button>. Prices shown here come from
// the shop server (/api/catalog, /api/quote), which prices the cart exactly as it prices the Klarna order;
// the browser only ever sends { market, items: [{ sku, quantity }], discountCode }.
import { PRODUCT_ART, FALLBACK_ART } from './product-art.js';
import { formatMoney, formatRate } from './money.js';
import { element, requestJson } from './page-kit.js';

const CART_KEY = 'lumen-loom-cart';
const $ = (selector) => document.querySelector(selector);

const state = {
  config: undefined,
  cart: undefined,
  products: [],
  quote: undefined,
  checkout: undefined,
  pushTimer: undefined,
};

const market = () => state.config.markets.find((candidate) => candidate.code === state.cart.market);
const money = (amount) => formatMoney(amount, market().currency, market().displayLocale);

function saveCart() {
  try {
    localStorage.setItem(CART_KEY, JSON.stringify(state.cart));
  } catch {
    // Private mode or storage disabled: the cart simply does not survive a reload.
  }
}

function loadCart() {
  try {
    const saved = JSON.parse(localStorage.getItem(CART_KEY) ?? 'null');
    if (saved && Array.isArray(saved.items) && state.config.markets.some((m) => m.code === saved.market && m.available)) return saved;
  } catch {
    // A damaged saved cart: start from the sample cart.
  }
  const sample = structuredClone(state.config.sampleCart);
  if (!state.config.markets.some((m) => m.code === sample.market && m.available)) {
    sample.market = state.config.markets.find((m) => m.available)?.code ?? sample.market;
  }
  return sample;
}

/** A page-level message next to the checkout: kind is info, warning or error. */
function showNotice(kind, title, text, { details, action } = {}) {
  const notice = $('#checkout-notice');
  notice.className = `notice notice--${kind}`;
  // Only the parts this notice has: replaceChildren() would print a left-out part as the text "undefined".
  const parts = [element('p', { className: 'notice__title', text: title })];
  if (text) parts.push(element('p', { className: 'notice__text', text }));
  if (details) {
    parts.push(element('details', { className: 'notice__details' }, element('summary', { text: 'Technical details' }), element('code', { text: details })));
  }
  if (action) {
    const button = element('button', { type: 'button', className: 'button button--secondary notice__action', text: action.label });
    button.addEventListener('click', action.run);
    parts.push(button);
  }
  notice.replaceChildren(...parts);
  notice.hidden = false;
}

function hideNotice() {
  $('#checkout-notice').hidden = true;
}

// ── Catalogue ────────────────────────────────────────────────────────────────────────────────────────

async function renderCatalogue() {
  const list = $('#products');
  list.setAttribute('aria-busy', 'true');
  const { products } = await requestJson(`/api/catalog?market=${encodeURIComponent(state.cart.market)}`);
  state.products = products;
  list.replaceChildren(
    ...products.map((product) => {
      const art = element('div', { className: 'product__art' });
      art.innerHTML = PRODUCT_ART[product.sku] ?? FALLBACK_ART; // static, trusted markup from product-art.js
      const button = element('button', { type: 'button', className: 'button button--primary', 'aria-label': `Add ${product.name} to cart`, text: 'Add' });
      button.addEventListener('click', () => addToCart(product.sku));
      return element(
        'li',
        { className: 'product', 'data-sku': product.sku },
        art,
        element(
          'div',
          { className: 'product__body' },
          element('h2', { className: 'product__name', text: product.name }),
          element('p', { className: 'product__description', text: product.description }),
          element('div', { className: 'product__footer' }, element('span', { className: 'product__price', text: money(product.unit_price) }), button),
        ),
      );
    }),
  );
  list.setAttribute('aria-busy', 'false');
}

// ── Cart ─────────────────────────────────────────────────────────────────────────────────────────────

function setQuantity(sku, quantity) {
  const items = state.cart.items.map((item) => ({ ...item }));
  const index = items.findIndex((item) => item.sku === sku);
  if (quantity <= 0) {
    if (index >= 0) items.splice(index, 1);
  } else if (index >= 0) items[index].quantity = Math.min(quantity, 20);
  else items.push({ sku, quantity: Math.min(quantity, 20) });
  return updateCart({ ...state.cart, items });
}

function addToCart(sku) {
  const current = state.cart.items.find((item) => item.sku === sku)?.quantity ?? 0;
  return setQuantity(sku, current + 1);
}

/** Prices the new cart on the server; on success it becomes the cart (and Klarna's session follows). */
async function updateCart(next) {
  try {
    await refreshQuote(next);
  } catch (error) {
    $('#discount-error').textContent = error.message;
    return false;
  }
  saveCart();
  scheduleCheckoutCart();
  return true;
}

/** Prices `cart` on the server and shows it; throws (leaving the page as it was) when the server refuses it. */
async function refreshQuote(cart = state.cart) {
  const quote = cart.items.length === 0 ? undefined : (await requestJson('/api/quote', { cart })).order;
  state.cart = cart;
  state.quote = quote;
  $('#discount-error').textContent = '';
  $('#cart-count').textContent = String(cart.items.reduce((sum, item) => sum + item.quantity, 0));
  renderCart();
}

function stepper(line) {
  const minus = element('button', { type: 'button', className: 'stepper__button', 'aria-label': `One less ${line.name}`, text: '−' });
  const plus = element('button', { type: 'button', className: 'stepper__button', 'aria-label': `One more ${line.name}`, text: '+' });
  const value = element('output', { className: 'stepper__value', 'aria-label': `Quantity of ${line.name}`, text: String(line.quantity) });
  minus.addEventListener('click', () => setQuantity(line.reference, line.quantity - 1));
  plus.addEventListener('click', () => setQuantity(line.reference, line.quantity + 1));
  plus.disabled = line.quantity >= 20;
  return element('div', { className: 'stepper', role: 'group', 'aria-label': `Quantity of ${line.name}` }, minus, value, plus);
}

function renderCart() {
  const order = state.quote;
  const lines = order ? order.order_lines.filter((line) => line.type === 'physical') : [];
  $('#cart-empty').hidden = lines.length > 0;
  $('#summary').hidden = lines.length === 0;
  $('#details-form').hidden = lines.length === 0;
  const vatMarket = !market().salesTaxOnTop;
  $('#cart-lines').replaceChildren(
    ...lines.map((line) => {
      const art = element('div', { className: 'cart-line__art' });
      art.innerHTML = PRODUCT_ART[line.reference] ?? FALLBACK_ART;
      const remove = element('button', { type: 'button', className: 'link-button', 'aria-label': `Remove ${line.name}`, text: 'Remove' });
      remove.addEventListener('click', () => setQuantity(line.reference, 0));
      return element(
        'li',
        { className: 'cart-line', 'data-sku': line.reference },
        art,
        element(
          'div',
          { className: 'cart-line__main' },
          element('p', { className: 'cart-line__name', text: line.name }),
          element('p', { className: 'cart-line__unit', text: `${money(line.unit_price)} each` }),
          element('div', { className: 'cart-line__controls' }, stepper(line), remove),
        ),
        element(
          'div',
          { className: 'cart-line__total' },
          element('span', { className: 'cart-line__amount', text: money(line.total_amount) }),
          vatMarket ? element('span', { className: 'cart-line__tax', text: `incl. ${money(line.total_tax_amount)} ${market().taxLabel}` }) : undefined,
        ),
      );
    }),
  );

  const summary = $('#summary');
  if (!order) {
    summary.replaceChildren();
    return;
  }
  const row = (label, value, className = '') =>
    element('div', { className: `summary__row ${className}` }, element('dt', { text: label }), element('dd', { text: value }));
  const goods = lines.reduce((sum, line) => sum + line.total_amount, 0);
  const rows = [row('Subtotal', money(goods))];
  for (const line of order.order_lines) {
    if (line.type === 'discount') rows.push(row(line.name, money(line.total_amount), 'summary__row--discount'));
    if (line.type === 'shipping_fee') rows.push(row(`Shipping · ${line.name}`, money(line.total_amount)));
    if (line.type === 'sales_tax') rows.push(row(`${market().taxLabel} (${formatRate(market().taxRate, market().displayLocale)})`, money(line.total_amount)));
  }
  rows.push(row('Total', money(order.order_amount), 'summary__row--total'));
  if (vatMarket) rows.push(row(`Incl. ${formatRate(market().taxRate, market().displayLocale)} ${market().taxLabel}`, money(order.order_tax_amount ?? 0), 'summary__row--note'));
  summary.replaceChildren(...rows);
  $('#discount-code').value = state.cart.discountCode ?? '';
}

// ── Contact details ──────────────────────────────────────────────────────────────────────────────────

function fillDetails() {
  const m = market();
  $('#email').value = m.email;
  for (const [field, selector] of [['given_name', '#given-name'], ['family_name', '#family-name'], ['street_address', '#street'], ['postal_code', '#postal-code'], ['city', '#city'], ['region', '#region']]) {
    $(selector).value = m.address[field] ?? '';
  }
  $('#region-field').hidden = m.code !== 'US';
}

/** The billing address Klarna's authorize() gets (Klarna pre-fills its form with it). */
function billingAddress() {
  const form = new FormData($('#details-form'));
  const address = { country: state.cart.market };
  for (const [name, value] of form.entries()) {
    const text = String(value).trim();
    if (text && (name !== 'region' || state.cart.market === 'US')) address[name] = text;
  }
  return address;
}

// ── Klarna checkout ──────────────────────────────────────────────────────────────────────────────────

function scheduleCheckoutCart() {
  clearTimeout(state.pushTimer);
  if (state.cart.items.length === 0) {
    mountCheckout();
    return;
  }
  if (!state.checkout) {
    mountCheckout();
    return;
  }
  // Coalesce quick quantity clicks into one session update.
  state.pushTimer = setTimeout(() => {
    if (state.checkout) state.checkout.cart = structuredClone(state.cart);
  }, 350);
}

const REAUTHORIZE_MESSAGES = {
  expired: ['Your Klarna approval expired', 'It was not used in time, so nothing was charged. Press the Klarna button to confirm the purchase again.'],
  consumed: ['This Klarna approval was already used', 'Press the Klarna button to confirm the purchase again.'],
  rejected: ['Klarna did not accept this approval', 'Press the Klarna button to try again, or choose another way to pay.'],
  'cart-changed': ['Your cart changed', 'Klarna needs to confirm the new total: press the Klarna button again.'],
};

function mountCheckout() {
  clearTimeout(state.pushTimer);
  const slot = $('#checkout-slot');
  state.checkout = undefined;
  slot.replaceChildren();
  hideNotice();
  if (state.cart.items.length === 0) return;
  const checkout = document.createElement('klarna-checkout-button');
  checkout.setAttribute('session-url', '/api/klarna/session');
  checkout.setAttribute('order-url', '/api/klarna/order');
  checkout.setAttribute('library-src', state.config.klarna.librarySrc);
  checkout.cart = structuredClone(state.cart);
  checkout.authorizeData = () => ({ billing_address: billingAddress() });

  checkout.addEventListener('klarna-before-authorize', (event) => {
    const email = $('#email');
    if (!email.checkValidity()) {
      event.preventDefault();
      showNotice('warning', 'Please enter your email address', 'Klarna sends the payment details there.');
      email.focus();
      return;
    }
    hideNotice();
  });
  checkout.addEventListener('klarna-authorized', () => showNotice('info', 'Approved by Klarna', 'Placing your order…'));
  checkout.addEventListener('klarna-order-placed', (event) => {
    try {
      localStorage.removeItem(CART_KEY);
    } catch {
      // Storage disabled: nothing to clear.
    }
    const { orderId, redirectUrl } = event.detail;
    location.assign(redirectUrl ?? `/order.html?order=${encodeURIComponent(orderId)}`);
  });
  checkout.addEventListener('klarna-declined', (event) => {
    const { fixable, invalidFields } = event.detail;
    if (!fixable) {
      showNotice('error', 'Klarna can’t approve this purchase', 'Nothing was charged. Please choose another way to pay.');
    } else if (invalidFields.length > 0) {
      showNotice('warning', 'Please check your details', `Klarna needs a valid ${invalidFields.map((field) => field.split('.').pop().replaceAll('_', ' ')).join(', ')}.`);
    } else {
      showNotice('info', 'Klarna was closed', 'Nothing was charged. Press the Klarna button when you’re ready.');
    }
  });
  checkout.addEventListener('klarna-unavailable', () => {
    if ($('#checkout-notice').hidden) showNotice('info', 'Klarna isn’t available for this order', 'Please choose another way to pay.');
  });
  checkout.addEventListener('klarna-reauthorize-required', (event) => {
    const [title, text] = REAUTHORIZE_MESSAGES[event.detail.reason] ?? ['Please confirm again', 'Press the Klarna button to continue.'];
    showNotice('warning', title, text);
  });
  checkout.addEventListener('klarna-error', (event) => {
    const { stage, code, message } = event.detail;
    const details = `${stage} · ${code}: ${message}`;
    // retry() re-runs the failed stage (an order with the same token: never a second order); reload() starts over.
    const retry = { label: 'Try again', run: () => { hideNotice(); void (event.detail.retryable ? checkout.retry() : checkout.reload()); } };
    if (code === 'klarna_configuration') {
      showNotice('error', 'Klarna payments are unavailable in this shop right now', 'The shop’s connection to Klarna is misconfigured (credentials or region), so no payment was started and nothing was charged.', { details });
    } else if (stage === 'script') {
      showNotice('error', 'Klarna could not be loaded', 'Check your connection or content blocker, then try again.', { details, action: retry });
    } else if (stage === 'order') {
      showNotice('error', 'Your order could not be completed', 'Please try again in a moment.', { details, action: retry });
    } else {
      showNotice('error', 'Klarna is unavailable right now', 'Please try again in a moment.', { details, action: retry });
    }
  });
  slot.append(checkout);
  state.checkout = checkout;
}

// ── Start ────────────────────────────────────────────────────────────────────────────────────────────

function renderMarkets() {
  const select = $('#market');
  select.replaceChildren(
    ...state.config.markets.map((m) =>
      element('option', { value: m.code, disabled: !m.available, selected: m.code === state.cart.market, text: `${m.name} · ${m.currency}${m.available ? '' : ' (other Klarna region)'}` }),
    ),
  );
  select.addEventListener('change', async () => {
    const next = { ...state.cart, market: select.value };
    state.cart = next;
    saveCart();
    fillDetails();
    await renderCatalogue();
    await refreshQuote();
    mountCheckout();
  });
}

async function start() {
  state.config = await requestJson('/api/config');
  const mode = state.config.klarna;
  $('#klarna-mode').textContent = mode.mode === 'simulator' ? 'Payments by Klarna · offline simulator (no real payment)' : `Payments by Klarna · ${mode.description}`;
  state.cart = loadCart();
  renderMarkets();
  fillDetails();
  $('#discount-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const code = $('#discount-code').value.trim();
    await updateCart({ ...state.cart, discountCode: code || undefined });
  });
  await renderCatalogue();
  await refreshQuote();
  await customElements.whenDefined('klarna-checkout-button');
  mountCheckout();
}

start().catch((error) => {
  showNotice('error', 'The shop could not start', error.message);
});
