/**
 * Exact order amounts: `lineTax` (../shared/klarna-spec.md §5.2) and `buildOrder`, which turns a cart
 * into the Klarna order that session, `authorize` and create-order all send. Integer minor units and
 * basis points only — no float ever touches an amount, and nothing is rounded silently.
 */
import { addsSalesTaxOnTop, KLARNA_MARKETS, localeIsValid, localesForCountry, marketForCountry, normalizeLocale } from './markets.js';
import type { KlarnaMarket } from './markets.js';
import type { KlarnaOrder, OrderLine, OrderLineType } from './order-types.js';
// validate-order.js imports lineTax from here: neither module uses the other's exports at load time.
import { KlarnaOrderValidationError, ORDER_LIMITS, ORDER_LINE_TYPES, validateOrder } from './validate-order.js';
import type { OrderViolation } from './validate-order.js';
import { describe, isAbsent, isRecord } from './value-checks.js';

/** One cart line as the shop knows it; `buildOrder` computes its totals and tax. */
export interface CartLine {
  /** Shown to the shopper, 1–255 characters. */
  name: string;
  /** Integer 0–100000. */
  quantity: number;
  /** Integer minor units, tax included (US: without sales tax), before discount; negative on `discount`, `gift_card` and `store_credit` lines. */
  unit_price: number;
  /** Basis points 0–10000 (2500 = 25 %): the VAT included in the price, or in the US the sales-tax rate on the net price. */
  tax_rate: number;
  /** Integer minor units ≥ 0, tax included, at most `quantity × unit_price`; default 0. */
  total_discount_amount?: number;
  /**
   * Default `physical`. `sales_tax` (US only, at most one line): the tax service's exact sales-tax figure as
   * `unit_price` (quantity 1, `tax_rate` 0), instead of per-line rates; every other line then has `tax_rate` 0.
   */
  type?: OrderLineType;
  /** SKU or article number, ≤ 255 characters. */
  reference?: string;
  /** Unit of the quantity, 1–8 characters (`pcs`, `kg`). */
  quantity_unit?: string;
  /** ≤ 1024 characters. */
  image_url?: string;
  /** ≤ 1024 characters. */
  product_url?: string;
  /** ≤ 1024 characters, passed through. */
  merchant_data?: string;
  /** Brand, category path, GTIN, MPN, color, size. */
  product_identifiers?: OrderLine['product_identifiers'];
  /** For subscription products. */
  subscription?: OrderLine['subscription'];
}

/** A cart for `buildOrder`: the market, its lines, and the order fields passed through as they are. */
export interface CartInput {
  /** ISO 3166-1 alpha-2 (any case): `DE`, `us`. */
  purchase_country: string;
  /** ISO 4217 (any case); must be the market's currency. */
  purchase_currency: string;
  /** `de-DE`, `de_de` or just `de` (the purchase country is added); must be a language of the market. */
  locale: string;
  /** 1–1000 lines (US: 999 when sales tax is added). */
  lines: CartLine[];
  /** Passed through. */
  merchant_urls?: KlarnaOrder['merchant_urls'];
  /** Passed through, ≤ 255 characters. */
  merchant_reference1?: string;
  /** Passed through, ≤ 255 characters. */
  merchant_reference2?: string;
  /** Passed through, ≤ 6000 characters. */
  merchant_data?: string;
  /** Passed through: `buy` (Klarna's default), `tokenize`, `buy_and_tokenize`. */
  intent?: KlarnaOrder['intent'];
  /** Passed through (create-order only). */
  billing_address?: KlarnaOrder['billing_address'];
  /** Passed through (create-order only). */
  shipping_address?: KlarnaOrder['shipping_address'];
  /** Passed through (create-order only). */
  customer?: KlarnaOrder['customer'];
  /** Passed through (create-order only). */
  auto_capture?: boolean;
}

/**
 * The tax included in a line total (spec §5.2): `total · rate / (10000 + rate)` rounded half away from
 * zero, in minor units; negative for a negative (discount) total. `total` is an integer in minor units,
 * `rate` an integer in basis points 0–10000. Exact for every safe integer.
 */
export function lineTax(total: number, rate: number): number {
  if (!Number.isSafeInteger(total)) {
    throw new RangeError(`lineTax got total ${String(total)}: pass the line total as a safe integer in minor units (19.99 is 1999).`);
  }
  if (!Number.isInteger(rate) || rate < 0 || rate > ORDER_LIMITS.maxTaxRate) {
    throw new RangeError(`lineTax got rate ${String(rate)}: pass the tax rate as an integer 0–10000 in basis points (25 % is 2500).`);
  }
  return roundedQuotient(total, rate, 10000 + rate);
}

/** `a · b / divisor` rounded half away from zero, exactly (b ≥ 0, divisor > 0, all integers). */
function roundedQuotient(a: number, b: number, divisor: number): number {
  if (a === 0 || b === 0) return 0;
  const magnitude = Math.abs(a) * b;
  let rounded: number;
  if (2 * magnitude + divisor <= Number.MAX_SAFE_INTEGER) {
    const numerator = 2 * magnitude + divisor;
    const denominator = 2 * divisor;
    rounded = (numerator - (numerator % denominator)) / denominator;
  } else {
    const numerator = 2n * BigInt(Math.abs(a)) * BigInt(b) + BigInt(divisor);
    rounded = Number(numerator / (2n * BigInt(divisor)));
  }
  return a < 0 ? 0 - rounded : rounded;
}

/** US sales tax of a net line total: `total · rate / 10000`, rounded half away from zero. */
function salesTax(total: number, rate: number): number {
  return roundedQuotient(total, rate, 10000);
}

/** Line types whose price is negative (they reduce what the shopper pays). */
const NEGATIVE_LINE_TYPES: ReadonlySet<string> = new Set(['discount', 'gift_card', 'store_credit']);

/** The cart fields `buildOrder` passes through unchanged, in output order. */
const PASS_THROUGH_FIELDS = [
  'intent',
  'merchant_urls',
  'merchant_reference1',
  'merchant_reference2',
  'merchant_data',
  'billing_address',
  'shipping_address',
  'customer',
  'auto_capture',
] as const;
const CART_FIELDS: ReadonlySet<string> = new Set(['purchase_country', 'purchase_currency', 'locale', 'lines', ...PASS_THROUGH_FIELDS]);

/** Line fields that describe the item (checked by `validateOrder`, copied unchanged), in output order. */
const DESCRIPTIVE_LINE_FIELDS = [
  'reference',
  'name',
  'quantity_unit',
  'merchant_data',
  'product_url',
  'image_url',
  'product_identifiers',
  'subscription',
] as const;
const CART_LINE_FIELDS: ReadonlySet<string> = new Set([
  ...DESCRIPTIVE_LINE_FIELDS,
  'quantity',
  'unit_price',
  'tax_rate',
  'total_discount_amount',
  'type',
]);
const DESCRIPTIVE_LINE_PATH = new RegExp(`^order_lines\\[(\\d+)\\]\\.(?:${DESCRIPTIVE_LINE_FIELDS.join('|')})(?:$|\\.)`);

/** A line's amounts once its input passed every check. */
interface PricedLine {
  type: Exclude<OrderLineType, 'sales_tax'>;
  quantity: number;
  unitPrice: number;
  taxRate: number;
  discount: number;
  total: number;
}

/**
 * The Klarna order for a cart, every amount computed in integer minor units: line `total_amount =
 * quantity × unit_price − total_discount_amount`, `total_tax_amount = lineTax(total_amount, tax_rate)`,
 * `order_amount` = Σ totals, `order_tax_amount` = Σ line tax. In the US, prices are net: lines get
 * `tax_rate` 0 and one `sales_tax` line ("Sales Tax") carries Σ round(total × rate / 10000). Country and
 * currency are upper-cased, the locale spelled `de-DE`. The same cart always gives byte-identical JSON,
 * so build once and send the result to session, `authorize` and create-order.
 * @throws KlarnaOrderValidationError listing every problem of the cart (nothing is rounded or guessed).
 */
export function buildOrder(input: CartInput): KlarnaOrder {
  const violations: OrderViolation[] = [];
  const add = (rule: OrderViolation['rule'], path: string, explanation: string, messagePath = path) =>
    violations.push({ path, rule, message: `Bad value: ${messagePath}`, explanation });
  const cart: Record<string, unknown> = isRecord(input) ? input : {};
  const missing = isRecord(input) ? 'is missing' : `is missing because the cart is ${describe(input)}, not an object`;

  for (const key of Object.keys(cart)) {
    if (!CART_FIELDS.has(key) && cart[key] !== undefined) {
      add(
        'FIELD',
        key,
        `${key} is not a field buildOrder takes: it computes order_amount, order_tax_amount and the line totals itself and passes through only ${PASS_THROUGH_FIELDS.join(', ')}; remove ${key}.`,
      );
    }
  }

  // Market: country, currency, locale.
  let market: KlarnaMarket | undefined;
  const country = cart['purchase_country'];
  if (typeof country !== 'string' || !/^[A-Za-z]{2}$/.test(country)) {
    add('FIELD', 'purchase_country', `purchase_country ${country === undefined ? missing : `is ${describe(country)}`}; send a two-letter country code such as "DE".`);
  } else {
    market = marketForCountry(country);
    if (!market) {
      add(
        'FIELD',
        'purchase_country',
        `purchase_country is ${describe(country)}, a country Klarna Payments does not serve; use one of ${[...KLARNA_MARKETS.keys()].join(', ')}.`,
      );
    }
  }
  const currency = cart['purchase_currency'];
  if (typeof currency !== 'string' || !/^[A-Za-z]{3}$/.test(currency)) {
    add(
      'FIELD',
      'purchase_currency',
      `purchase_currency ${currency === undefined ? missing : `is ${describe(currency)}`}; send a three-letter currency code such as ${market ? `"${market.currency}"` : '"EUR"'}.`,
    );
  } else if (market && currency.toUpperCase() !== market.currency) {
    add(
      'C1',
      'purchase_currency',
      `purchase_currency is ${describe(currency)} but Klarna takes only ${market.currency} for purchases from ${market.country}; send ${market.currency}.`,
    );
  }
  const rawLocale = cart['locale'];
  const locale = typeof rawLocale === 'string' ? normalizeLocale(rawLocale, market?.country) : undefined;
  const localeChoices = market ? localesForCountry(market.country).join(' or ') : 'a locale such as de-DE';
  const bareLanguageOfUnknownMarket = !market && typeof rawLocale === 'string' && /^[A-Za-z]{2}$/.test(rawLocale);
  if (locale === undefined && !bareLanguageOfUnknownMarket) {
    add('FIELD', 'locale', `locale ${rawLocale === undefined ? missing : `is ${describe(rawLocale)}`}; send ${localeChoices}.`);
  } else if (market && locale !== undefined && !localeIsValid(market.country, locale)) {
    add('C2', 'locale', `locale is ${describe(rawLocale)} but Klarna takes ${localeChoices} for purchases from ${market.country}; send one of them.`);
  }

  // Lines.
  const lines = cart['lines'];
  const priced: Array<PricedLine | undefined> = [];
  const lineIsObject: boolean[] = [];
  /** `sales_tax` lines of the cart: a US tax service's exact figure, given instead of per-line rates. */
  const explicitSalesTax: Array<{ index: number; amount: number }> = [];
  if (!Array.isArray(lines)) {
    add(
      'FIELD',
      'order_lines',
      `lines ${lines === undefined ? missing : `is ${describe(lines)}`}; pass the cart as lines: an array of 1–${ORDER_LIMITS.maxOrderLines} cart lines.`,
    );
  } else {
    if (lines.length === 0) add('FIELD', 'order_lines', 'lines is empty; pass at least one cart line.');
    if (lines.length > ORDER_LIMITS.maxOrderLines) {
      add('FIELD', 'order_lines', `lines has ${lines.length} lines but Klarna takes at most ${ORDER_LIMITS.maxOrderLines}; merge lines (for example by product).`);
    }
    lines.forEach((line: unknown, index) => {
      lineIsObject[index] = isRecord(line);
      if (isRecord(line) && line['type'] === 'sales_tax' && (market === undefined || addsSalesTaxOnTop(market.country))) {
        const amount = priceSalesTaxLine(line, `order_lines[${index}]`, add);
        if (amount !== undefined) explicitSalesTax.push({ index, amount });
        return;
      }
      priced[index] = priceLine(line, `order_lines[${index}]`, add);
    });
  }

  // Descriptive and passed-through fields: validateOrder's own checks, on those fields only.
  const probe: Record<string, unknown> = { purchase_country: country };
  for (const key of PASS_THROUGH_FIELDS) probe[key] = cart[key];
  probe['order_lines'] = Array.isArray(lines)
    ? lines.map((line: unknown) => (isRecord(line) ? withSalesTaxName(pick(line, DESCRIPTIVE_LINE_FIELDS), line) : {}))
    : [];
  const passThroughRoots: ReadonlySet<string> = new Set(PASS_THROUGH_FIELDS);
  for (const violation of validateOrder(probe)) {
    const lineMatch = DESCRIPTIVE_LINE_PATH.exec(violation.path);
    const root = violation.path.split(/[.[]/)[0] ?? '';
    if ((lineMatch && lineIsObject[Number(lineMatch[1])]) || passThroughRoots.has(root)) violations.push(violation);
  }
  const copies: Record<string, unknown> = {};
  for (const key of PASS_THROUGH_FIELDS) {
    if (!isAbsent(cart[key])) copies[key] = copyJson(cart[key], key, add);
  }
  const lineCopies = Array.isArray(lines)
    ? lines.map((line: unknown, index) => {
        const copy: Record<string, unknown> = {};
        if (!isRecord(line)) return copy;
        for (const key of DESCRIPTIVE_LINE_FIELDS) {
          if (!isAbsent(line[key])) copy[key] = copyJson(line[key], `order_lines[${index}].${key}`, add);
        }
        return copy;
      })
    : [];

  if (violations.length > 0 || !market || locale === undefined || !Array.isArray(lines)) {
    throw new KlarnaOrderValidationError(violations);
  }

  // Amounts: every line passed its checks, so all of this is exact integer arithmetic.
  const salesTaxOnTop = addsSalesTaxOnTop(market.country);
  if (explicitSalesTax.length > 0) {
    checkExplicitSalesTax(explicitSalesTax, priced, add);
    if (violations.length > 0) throw new KlarnaOrderValidationError(violations);
    return finishOrder(market, locale, copies, explicitOrderLines(lines, priced, lineCopies, explicitSalesTax), add, violations);
  }
  const orderLines: OrderLine[] = [];
  let orderAmount = 0;
  let orderTaxAmount = 0;
  priced.forEach((line, index) => {
    if (!line) return;
    const tax = salesTaxOnTop ? salesTax(line.total, line.taxRate) : lineTax(line.total, line.taxRate);
    orderAmount += line.total;
    orderTaxAmount += tax;
    orderLines.push(toOrderLine(line, lineCopies[index] ?? {}, salesTaxOnTop ? 0 : line.taxRate, salesTaxOnTop ? 0 : tax));
  });
  if (salesTaxOnTop) {
    if (orderTaxAmount < 0) {
      add(
        'FIELD',
        'order_tax_amount',
        `The cart's sales tax comes to ${orderTaxAmount}: the discount lines carry more sales tax than the goods; give discounts the rate of the goods they reduce.`,
      );
    } else if (orderTaxAmount > ORDER_LIMITS.maxLineAmount) {
      add('FIELD', 'order_tax_amount', `The cart's sales tax comes to ${orderTaxAmount} but one line takes at most ${ORDER_LIMITS.maxLineAmount}; split the order.`);
    } else if (orderTaxAmount > 0) {
      if (orderLines.length >= ORDER_LIMITS.maxOrderLines) {
        add(
          'FIELD',
          'order_lines',
          `lines has ${orderLines.length} lines and the sales-tax line would make ${orderLines.length + 1}, but Klarna takes at most ${ORDER_LIMITS.maxOrderLines}; merge lines.`,
        );
      }
      orderLines.push({
        type: 'sales_tax',
        name: 'Sales Tax',
        quantity: 1,
        unit_price: orderTaxAmount,
        tax_rate: 0,
        total_amount: orderTaxAmount,
        total_discount_amount: 0,
        total_tax_amount: 0,
      });
      orderAmount += orderTaxAmount;
    }
  } else if (orderTaxAmount < 0) {
    add(
      'FIELD',
      'order_tax_amount',
      `The cart's tax comes to ${orderTaxAmount}: the discount lines carry more tax than the goods; give discounts the tax rate of the goods they reduce.`,
    );
  }
  return finishOrder(market, locale, copies, { orderLines, orderAmount, orderTaxAmount }, add, violations);
}

/** The order's lines and totals, before the order-wide checks. */
interface PricedOrder {
  orderLines: OrderLine[];
  orderAmount: number;
  orderTaxAmount: number;
}

/** The order-wide checks (sign, the 1e8 cap of decision 0004), then the order with its passed-through fields. */
function finishOrder(
  market: KlarnaMarket,
  locale: string,
  copies: Record<string, unknown>,
  priced: PricedOrder,
  add: AddViolation,
  violations: OrderViolation[],
): KlarnaOrder {
  const { orderLines, orderAmount, orderTaxAmount } = priced;
  if (orderAmount < 0) {
    add(
      'FIELD',
      'order_amount',
      `The cart comes to ${orderAmount}: its discount, gift_card and store_credit lines exceed the goods; cap them at the goods' value.`,
    );
  } else if (orderAmount > ORDER_LIMITS.maxOrderAmount) {
    add(
      'FIELD',
      'order_amount',
      `The cart comes to ${orderAmount} but an order takes at most ${ORDER_LIMITS.maxOrderAmount} (minor units); split the order.`,
    );
  }
  if (violations.length > 0) throw new KlarnaOrderValidationError(violations);

  const order: KlarnaOrder = {
    purchase_country: market.country,
    purchase_currency: market.currency,
    locale,
    order_amount: orderAmount,
    order_tax_amount: orderTaxAmount,
    order_lines: orderLines,
  };
  for (const key of PASS_THROUGH_FIELDS) {
    if (key in copies) (order as Record<string, unknown>)[key] = copies[key];
  }
  // The arithmetic above meets every rule by construction; this guards against a bug ever sending a bad order.
  const leftover = validateOrder(order);
  if (leftover.length > 0) throw new KlarnaOrderValidationError(leftover);
  return order;
}

/**
 * Checks a cart's `sales_tax` line (the tax service's figure as `unit_price`): quantity 1 (or absent),
 * `tax_rate` and `total_discount_amount` 0 (or absent), `unit_price` a whole number 0–1e8. Returns the amount.
 */
function priceSalesTaxLine(line: Record<string, unknown>, path: string, add: AddViolation): number | undefined {
  for (const key of Object.keys(line)) {
    if (!CART_LINE_FIELDS.has(key) && line[key] !== undefined) {
      add('FIELD', `${path}.${key}`, `${path}.${key} is not a cart-line field; remove ${key}.`);
    }
  }
  let usable = true;
  const fixed: Array<[string, number]> = [
    ['quantity', 1],
    ['tax_rate', 0],
    ['total_discount_amount', 0],
  ];
  for (const [key, expected] of fixed) {
    if (!isAbsent(line[key]) && line[key] !== expected) {
      add(
        'FIELD',
        `${path}.${key}`,
        `${path}.${key} is ${describe(line[key])} on the sales_tax line, which carries the tax service's figure as unit_price with ${key} ${expected}; send ${expected} or leave it out.`,
      );
      usable = false;
    }
  }
  const amount = integerField(line, 'unit_price', path, 0, ORDER_LIMITS.maxLineAmount, 'minor units', add);
  return usable ? amount : undefined;
}

/** The rules of an explicit (US) sales-tax figure: one line, and no per-line rates beside it. */
function checkExplicitSalesTax(
  explicit: ReadonlyArray<{ index: number }>,
  priced: ReadonlyArray<PricedLine | undefined>,
  add: AddViolation,
): void {
  if (explicit.length > 1) {
    add('FIELD', `order_lines[${explicit[1]!.index}].type`, `The cart has ${explicit.length} sales_tax lines; send the tax service's total as one sales_tax line.`);
  }
  priced.forEach((line, index) => {
    if (line && line.taxRate !== 0) {
      add(
        'FIELD',
        `order_lines[${index}].tax_rate`,
        `order_lines[${index}].tax_rate is ${line.taxRate} but the cart gives the sales tax as one sales_tax line; send tax_rate 0 on every other line (or leave out the sales_tax line and let buildOrder compute the tax from the rates).`,
      );
    }
  });
}

/** The order lines of a US cart that gives its sales tax as one figure, in the cart's order. */
function explicitOrderLines(
  lines: readonly unknown[],
  priced: ReadonlyArray<PricedLine | undefined>,
  lineCopies: ReadonlyArray<Record<string, unknown>>,
  explicit: ReadonlyArray<{ index: number; amount: number }>,
): PricedOrder {
  const orderLines: OrderLine[] = [];
  let orderAmount = 0;
  let orderTaxAmount = 0;
  lines.forEach((_line, index) => {
    const tax = explicit.find((entry) => entry.index === index);
    if (tax) {
      const copies = lineCopies[index] ?? {};
      const out: Record<string, unknown> = { type: 'sales_tax' };
      if ('reference' in copies) out['reference'] = copies['reference'];
      out['name'] = 'name' in copies ? copies['name'] : 'Sales Tax';
      Object.assign(out, { quantity: 1, unit_price: tax.amount, tax_rate: 0, total_amount: tax.amount, total_discount_amount: 0, total_tax_amount: 0 });
      orderLines.push(out as unknown as OrderLine);
      orderAmount += tax.amount;
      orderTaxAmount += tax.amount;
      return;
    }
    const line = priced[index];
    if (!line) return;
    orderAmount += line.total;
    orderLines.push(toOrderLine(line, lineCopies[index] ?? {}, 0, 0));
  });
  return { orderLines, orderAmount, orderTaxAmount };
}

type AddViolation = (rule: OrderViolation['rule'], path: string, explanation: string, messagePath?: string) => void;

/** Checks a cart line's amounts and type; returns them when they are all usable. */
function priceLine(line: unknown, path: string, add: AddViolation): PricedLine | undefined {
  if (!isRecord(line)) {
    add('FIELD', path, `${path} is ${describe(line)} but each cart line must be an object with name, quantity, unit_price and tax_rate.`);
    return undefined;
  }
  for (const key of Object.keys(line)) {
    if (!CART_LINE_FIELDS.has(key) && line[key] !== undefined) {
      add(
        'FIELD',
        `${path}.${key}`,
        `${path}.${key} is not a cart-line field: buildOrder computes total_amount and total_tax_amount itself and takes only ${[...CART_LINE_FIELDS].join(', ')}; remove ${key}.`,
      );
    }
  }
  const { maxLineAmount, maxQuantity, maxTaxRate } = ORDER_LIMITS;
  let usable = true;

  const rawType = line['type'];
  let type: Exclude<OrderLineType, 'sales_tax'> = 'physical';
  if (rawType === 'sales_tax') {
    add(
      'FIELD',
      `${path}.type`,
      `${path}.type is "sales_tax" but only US carts carry sales tax (as per-line tax_rate, or one sales_tax line with the tax service's figure); other markets include tax in prices. Remove the line.`,
    );
    usable = false;
  } else if (!isAbsent(rawType)) {
    if (typeof rawType === 'string' && (ORDER_LINE_TYPES as readonly string[]).includes(rawType)) {
      type = rawType as Exclude<OrderLineType, 'sales_tax'>;
    } else {
      add('FIELD', `${path}.type`, `${path}.type is ${describe(rawType)} but must be one of ${ORDER_LINE_TYPES.filter((t) => t !== 'sales_tax').join(', ')}.`);
      usable = false;
    }
  }

  const quantity = integerField(line, 'quantity', path, 0, maxQuantity, 'a count', add);
  const unitPrice = integerField(line, 'unit_price', path, -maxLineAmount, maxLineAmount, 'minor units', add);
  const taxRate = integerField(line, 'tax_rate', path, 0, maxTaxRate, 'basis points', add, 'L3');
  const discount = isAbsent(line['total_discount_amount'])
    ? 0
    : integerField(line, 'total_discount_amount', path, 0, maxLineAmount, 'minor units', add);
  if (quantity === undefined || unitPrice === undefined || taxRate === undefined || discount === undefined || !usable) return undefined;

  if (NEGATIVE_LINE_TYPES.has(type) && unitPrice > 0) {
    add(
      'FIELD',
      `${path}.unit_price`,
      `${path}.unit_price is ${unitPrice} on a ${type} line, but ${type} lines reduce the order and carry a negative unit_price; send ${0 - unitPrice}.`,
    );
    return undefined;
  }
  if (!NEGATIVE_LINE_TYPES.has(type) && unitPrice < 0) {
    add(
      'FIELD',
      `${path}.unit_price`,
      `${path}.unit_price is ${unitPrice} on a ${type} line; a line that reduces the order needs type "discount" (or "gift_card", "store_credit").`,
    );
    return undefined;
  }
  const gross = quantity * unitPrice;
  if (discount > Math.max(0, gross)) {
    add(
      'FIELD',
      `${path}.total_discount_amount`,
      `${path}.total_discount_amount is ${discount} but the line costs ${quantity} × ${unitPrice} = ${gross} before discount; a discount cannot exceed that.`,
    );
    return undefined;
  }
  const total = gross - discount;
  if (Math.abs(total) > maxLineAmount) {
    add(
      'FIELD',
      `${path}.total_amount`,
      `${path} comes to ${total} (${quantity} × ${unitPrice} − ${discount}) but a line takes at most ±${maxLineAmount}; split it into several lines.`,
    );
    return undefined;
  }
  return { type, quantity, unitPrice, taxRate, discount, total };
}

/** A required integer field of a cart line, or undefined (with a violation) when it is missing, fractional or out of range. */
function integerField(
  line: Record<string, unknown>,
  key: string,
  path: string,
  min: number,
  max: number,
  unit: 'a count' | 'minor units' | 'basis points',
  add: AddViolation,
  rangeRule: OrderViolation['rule'] = 'FIELD',
): number | undefined {
  const value = line[key];
  const where = `${path}.${key}`;
  const hint =
    unit === 'minor units'
      ? 'an integer in minor units (19.99 is 1999)'
      : unit === 'basis points'
        ? 'an integer in basis points (25 % is 2500)'
        : 'a whole number';
  if (isAbsent(value)) {
    add('FIELD', where, `${where} is missing; send ${hint}, ${min}–${max}.`);
    return undefined;
  }
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    add('FIELD', where, `${where} is ${describe(value)} but must be ${hint}; buildOrder never rounds for you.`);
    return undefined;
  }
  if (value < min || value > max) {
    const why = min === 0 && value < 0 ? ' (it cannot be negative)' : '';
    add(rangeRule, where, `${where} is ${value} but must be ${min}–${max}${why}.`);
    return undefined;
  }
  return value;
}

/** The output line, keys in a fixed order. */
function toOrderLine(line: PricedLine, copies: Record<string, unknown>, taxRate: number, tax: number): OrderLine {
  const out: Record<string, unknown> = { type: line.type };
  if ('reference' in copies) out['reference'] = copies['reference'];
  out['name'] = copies['name'];
  out['quantity'] = line.quantity;
  if ('quantity_unit' in copies) out['quantity_unit'] = copies['quantity_unit'];
  out['unit_price'] = line.unitPrice;
  out['tax_rate'] = taxRate;
  out['total_amount'] = line.total;
  out['total_discount_amount'] = line.discount;
  out['total_tax_amount'] = tax;
  for (const key of ['merchant_data', 'product_url', 'image_url', 'product_identifiers', 'subscription']) {
    if (key in copies) out[key] = copies[key];
  }
  return out as unknown as OrderLine;
}

/** A deep copy of JSON data, so a later change to the cart cannot change the order. */
function copyJson(value: unknown, path: string, add: AddViolation): unknown {
  try {
    return JSON.parse(JSON.stringify(value)) as unknown;
  } catch {
    add('FIELD', path, `${path} is not JSON data (it holds a bigint or refers to itself); pass plain strings, numbers, booleans, arrays and objects.`);
    return undefined;
  }
}

/** A sales_tax line without a name is called "Sales Tax", like the one buildOrder computes. */
function withSalesTaxName(descriptive: Record<string, unknown>, line: Record<string, unknown>): Record<string, unknown> {
  return line['type'] === 'sales_tax' && isAbsent(descriptive['name']) ? { ...descriptive, name: 'Sales Tax' } : descriptive;
}

function pick(record: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  const picked: Record<string, unknown> = {};
  for (const key of keys) picked[key] = record[key];
  return picked;
}

