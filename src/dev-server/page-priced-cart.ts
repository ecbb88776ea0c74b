/**
 * The development server's way to price a cart: the page sends its lines WITH their prices, and the
 * server turns them into `buildOrder`'s input as they are. This is only safe against a simulated or test
 * Klarna, where nothing is charged: a shopper could send any price. `createPagePricedCartResolver` refuses
 * Klarna's production environment, so this pricing can never place a real order.
 */
import type { KlarnaEnvironment } from '../server/markets.js';
import { marketForCountry } from '../server/markets.js';
import type { CartInput, CartLine } from '../server/order-math.js';
import { CartResolutionError } from '../server/cart-resolution-error.js';
import { describe as describeValue } from '../server/value-checks.js';
import { DevServerError } from './dev-server-error.js';

/** One line of a page-priced cart. */
export interface PagePricedCartLine {
  /** Shown to the shopper in Klarna's widget. */
  name: string;
  /** A whole number of units, 1 or more. */
  quantity: number;
  /** Price of one unit in minor units, tax included (US: before sales tax): 2500 is 25.00. */
  unit_price: number;
  /** Tax rate in basis points (1900 = 19 %); default 0. */
  tax_rate?: number;
  /** Your SKU; optional. */
  reference?: string;
}

/** The cart a page sends to the development server: a market and priced lines. */
export interface PagePricedCart {
  /** Two-letter purchase country; default `DE`. */
  purchase_country?: string;
  /** Default: the country's currency (EUR for DE). */
  purchase_currency?: string;
  /** Default: English in that country (`en-DE`), or its first language. */
  locale?: string;
  /** At least one line. */
  lines: PagePricedCartLine[];
}

/** The country a page-priced cart without `purchase_country` is sold in. */
export const DEFAULT_PAGE_CART_COUNTRY = 'DE';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const LINE_EXAMPLE = '{ name: "T-shirt", quantity: 1, unit_price: 2500, tax_rate: 1900 }';

/** Checks one line's shape; the amounts' own rules (limits, signs) are `buildOrder`'s. */
function toCartLine(line: unknown, index: number): CartLine {
  if (!isRecord(line)) {
    throw new CartResolutionError(`cart.lines[${index}] is ${describeValue(line)}: each line is an object like ${LINE_EXAMPLE}.`);
  }
  const { name, quantity, unit_price: unitPrice, tax_rate: taxRate = 0, reference } = line;
  if (typeof name !== 'string' || name.trim() === '') {
    throw new CartResolutionError(`cart.lines[${index}].name is ${describeValue(name)}: give the product's name as text, like ${LINE_EXAMPLE}.`);
  }
  if (!Number.isInteger(quantity) || (quantity as number) < 1) {
    throw new CartResolutionError(`cart.lines[${index}].quantity is ${describeValue(quantity)}: give a whole number of units, 1 or more.`);
  }
  if (!Number.isInteger(unitPrice)) {
    throw new CartResolutionError(
      `cart.lines[${index}].unit_price is ${describeValue(unitPrice)}: give the price of one unit in minor units, a whole number (25.00 is 2500).`,
    );
  }
  if (!Number.isInteger(taxRate)) {
    throw new CartResolutionError(`cart.lines[${index}].tax_rate is ${describeValue(taxRate)}: give the tax rate in basis points, a whole number (19 % is 1900).`);
  }
  const cartLine: CartLine = { name, quantity: quantity as number, unit_price: unitPrice as number, tax_rate: taxRate as number };
  if (typeof reference === 'string' && reference !== '') cartLine.reference = reference;
  return cartLine;
}

/**
 * Turns the cart a page sent (`{ purchase_country?, purchase_currency?, locale?, lines }`, lines priced by
 * the page) into `buildOrder`'s input. Throws `CartResolutionError` (the handler answers 400) for a cart
 * of another shape. Development only: see `createPagePricedCartResolver`.
 */
export function resolvePagePricedCart(cart: unknown): CartInput {
  if (!isRecord(cart)) {
    throw new CartResolutionError(
      `The cart is ${describeValue(cart)}: on the development server set element.cart = { lines: [${LINE_EXAMPLE}] } (prices in minor units).`,
    );
  }
  if (!Array.isArray(cart['lines']) || cart['lines'].length === 0) {
    throw new CartResolutionError(
      `cart.lines is ${describeValue(cart['lines'])}: on the development server the cart carries its priced lines, e.g. { lines: [${LINE_EXAMPLE}] }.`,
    );
  }
  const countryValue = cart['purchase_country'] ?? DEFAULT_PAGE_CART_COUNTRY;
  const market = typeof countryValue === 'string' ? marketForCountry(countryValue) : undefined;
  if (!market) {
    throw new CartResolutionError(`cart.purchase_country is ${describeValue(countryValue)}: give a two-letter country Klarna serves, such as "DE", "SE" or "US".`);
  }
  const language = market.languages.includes('en') ? 'en' : market.languages[0];
  const input: CartInput = {
    purchase_country: market.country,
    purchase_currency: typeof cart['purchase_currency'] === 'string' ? cart['purchase_currency'] : market.currency,
    locale: typeof cart['locale'] === 'string' ? cart['locale'] : `${language}-${market.country}`,
    lines: cart['lines'].map((line, index) => toCartLine(line, index)),
  };
  return input;
}

/**
 * `resolveCart` for `createCheckoutHandler` that trusts the prices the page sends (`resolvePagePricedCart`).
 * Throws `DevServerError` when `environment` is `production`: against real money the server must price the
 * cart from its own catalogue.
 */
export function createPagePricedCartResolver(environment: KlarnaEnvironment | 'simulator'): (cart: unknown) => CartInput {
  if (environment !== 'simulator' && environment !== 'playground') {
    throw new DevServerError(
      `The development server prices the cart the page sends, so it never runs against Klarna's ${String(environment)} environment. ` +
        'Use the simulator (the default) or your playground credentials; in production serve createCheckoutHandler() from your own server with a resolveCart that prices carts from your catalogue.',
    );
  }
  return resolvePagePricedCart;
}
