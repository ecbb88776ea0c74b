// The demo shop's own catalogue: the only place prices, tax rates, shipping and discount codes come from.
// Prices are integers in minor units (cents, öre), tax rates in basis points (1900 = 19 %). In Germany and
// Sweden prices include VAT; in the US they are net and buildOrder adds one sales-tax line on top.
import { CartResolutionError, buildOrder } from '../dist/server/index.js';

/** The shop's name, as the pages show it (Klarna shows the merchant account's own name). */
export const SHOP_NAME = 'Lumen & Loom';

/**
 * The markets the shop sells to. `region` is the Klarna region that serves the country; `taxRate` is
 * the VAT included in prices (DE, SE) or the sales-tax rate added on top (US); `shipping` is a flat fee.
 */
export const MARKETS = Object.freeze({
  DE: Object.freeze({
    code: 'DE',
    name: 'Germany',
    currency: 'EUR',
    // The storefront is written in English, so Klarna (widget and the element's texts) speaks English too; a German
    // storefront would send de-DE, and the element would follow it (docs/localization-and-looks.md).
    locale: 'en-DE',
    displayLocale: 'de-DE',
    region: 'eu',
    taxRate: 1900,
    taxLabel: 'VAT',
    shipping: { name: 'DHL Paket', unit_price: 490 },
    email: 'customer@email.de',
    address: { given_name: 'Testperson-de', family_name: 'Approved', street_address: 'Hellersbergstraße 14', postal_code: '41460', city: 'Neuss', country: 'DE' },
  }),
  SE: Object.freeze({
    code: 'SE',
    name: 'Sweden',
    currency: 'SEK',
    locale: 'en-SE',
    displayLocale: 'sv-SE',
    region: 'eu',
    taxRate: 2500,
    taxLabel: 'VAT (moms)',
    shipping: { name: 'PostNord', unit_price: 4900 },
    email: 'customer@email.se',
    address: { given_name: 'Testperson-se', family_name: 'Approved', street_address: 'Stårgatan 1', postal_code: '12345', city: 'Ankeborg', country: 'SE' },
  }),
  US: Object.freeze({
    code: 'US',
    name: 'United States',
    currency: 'USD',
    locale: 'en-US',
    displayLocale: 'en-US',
    region: 'na',
    taxRate: 800,
    taxLabel: 'Sales tax',
    shipping: { name: 'UPS Ground', unit_price: 599 },
    email: 'customer@email.us',
    address: { given_name: 'Test', family_name: 'Person-us', street_address: '509 Amsterdam Ave', postal_code: '10024', city: 'New York', region: 'NY', country: 'US' },
  }),
});

/** Every product: a name, a short description, and its price per market in minor units. */
export const PRODUCTS = Object.freeze({
  'BEANIE-01': { name: 'Nordic Wool Beanie', description: 'Merino rib knit, one size.', prices: { DE: 2900, SE: 34900, US: 3200 } },
  'POUR-01': { name: 'Ceramic Pour-over Set', description: 'Hand-glazed dripper and carafe.', prices: { DE: 4900, SE: 54900, US: 5400 } },
  'CANDLE-01': { name: 'Cedar Soy Candle', description: '40-hour burn, cotton wick.', prices: { DE: 1900, SE: 21900, US: 2200 } },
  'THROW-01': { name: 'Linen Throw Blanket', description: 'Stone-washed European flax.', prices: { DE: 8900, SE: 99900, US: 9800 } },
  'TOTE-01': { name: 'Everyday Canvas Tote', description: 'Heavy cotton, inner pocket.', prices: { DE: 2400, SE: 27900, US: 2600 } },
  'LAMP-01': { name: 'Brass Desk Lamp', description: 'Dimmable, warm-white LED.', prices: { DE: 12900, SE: 149900, US: 13900 } },
});

/** Discount codes: a percentage of the goods, as one discount line. */
export const DISCOUNT_CODES = Object.freeze({
  WELCOME10: { name: 'Welcome discount (WELCOME10)', percent: 10 },
});

/** The cart a new visitor starts with, so Klarna's widget shows at once. */
export const SAMPLE_CART = Object.freeze({
  market: 'DE',
  items: [
    { sku: 'BEANIE-01', quantity: 1 },
    { sku: 'POUR-01', quantity: 1 },
    { sku: 'CANDLE-01', quantity: 2 },
  ],
  discountCode: 'WELCOME10',
});

/** The largest quantity of one product per order. */
export const MAX_QUANTITY = 20;

const describe = (value) => (value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value === 'string' ? `"${value.slice(0, 40)}"` : String(value));

/** The catalogue as the storefront shows it for one market (prices from here, never from the browser). */
export function catalogueFor(marketCode) {
  const market = MARKETS[marketCode];
  if (!market) throw new CartResolutionError(`Unknown market ${describe(marketCode)}: choose one of ${Object.keys(MARKETS).join(', ')}.`);
  return Object.entries(PRODUCTS).map(([sku, product]) => ({
    sku,
    name: product.name,
    description: product.description,
    unit_price: product.prices[market.code],
    currency: market.currency,
  }));
}

/**
 * The demo's `resolveCart`: maps the browser's `{ market, items: [{ sku, quantity }], discountCode? }`
 * to buildOrder's input, pricing every line from this catalogue. Browser-sent prices are ignored.
 * Throws CartResolutionError (answered as 400 with its message) for anything it cannot price.
 */
export function resolveDemoCart(cart) {
  if (cart === null || typeof cart !== 'object' || Array.isArray(cart)) {
    throw new CartResolutionError(`The cart must be an object { market, items, discountCode? }; received ${describe(cart)}.`);
  }
  const market = MARKETS[cart.market];
  if (!market) throw new CartResolutionError(`Unknown market ${describe(cart.market)}: choose one of ${Object.keys(MARKETS).join(', ')}.`);
  if (!Array.isArray(cart.items) || cart.items.length === 0) {
    throw new CartResolutionError('The cart is empty: add a product first.');
  }
  const lines = [];
  let goods = 0;
  for (const item of cart.items) {
    const product = item && typeof item === 'object' ? PRODUCTS[item.sku] : undefined;
    if (!product) throw new CartResolutionError(`Unknown product ${describe(item?.sku)}: remove it from the cart.`);
    if (!Number.isInteger(item.quantity) || item.quantity < 1 || item.quantity > MAX_QUANTITY) {
      throw new CartResolutionError(`The quantity of ${product.name} is ${describe(item.quantity)}: choose a whole number from 1 to ${MAX_QUANTITY}.`);
    }
    const unitPrice = product.prices[market.code];
    goods += unitPrice * item.quantity;
    lines.push({ type: 'physical', reference: item.sku, name: product.name, quantity: item.quantity, quantity_unit: 'pcs', unit_price: unitPrice, tax_rate: market.taxRate });
  }
  if (cart.discountCode !== undefined && cart.discountCode !== null && cart.discountCode !== '') {
    const code = typeof cart.discountCode === 'string' ? cart.discountCode.trim().toUpperCase() : '';
    const discount = DISCOUNT_CODES[code];
    if (!discount) throw new CartResolutionError(`The discount code ${describe(cart.discountCode)} is not valid: check its spelling or remove it.`);
    // Integer maths, rounded half up: percent of the goods in minor units.
    const amount = Math.floor((goods * discount.percent + 50) / 100);
    if (amount > 0) lines.push({ type: 'discount', reference: code, name: discount.name, quantity: 1, unit_price: -amount, tax_rate: market.taxRate });
  }
  lines.push({
    type: 'shipping_fee',
    reference: 'SHIPPING',
    name: market.shipping.name,
    quantity: 1,
    unit_price: market.shipping.unit_price,
    // US shipping is not taxed in this demo; DE and SE shipping carries the standard VAT.
    tax_rate: market.code === 'US' ? 0 : market.taxRate,
  });
  return { purchase_country: market.code, purchase_currency: market.currency, locale: market.locale, lines };
}

/** The order exactly as Klarna will get it (buildOrder of resolveDemoCart): what the cart summary shows. */
export function quoteCart(cart) {
  return buildOrder(resolveDemoCart(cart));
}
