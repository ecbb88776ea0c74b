/**
 * `validateOrder`: every reason Klarna would answer an order (session create/update, `authorize` data,
 * create-order) with 400 `BAD_VALUE`, with Klarna's exact message — the amount and tax checks L1–C2 of
 * ../shared/klarna-spec.md §5.1 and the field limits of §4. The offline simulator answers with these
 * messages; `buildOrder` refuses a cart with them (`KlarnaOrderValidationError`).
 */
import { KlarnaError } from '../errors/klarna-error.js';
import { addsSalesTaxOnTop, KLARNA_MARKETS, localeIsValid, localesForCountry, marketForCountry } from './markets.js';
import type { KlarnaMarket } from './markets.js';
import type { OrderLineType } from './order-types.js';
import { lineTax } from './order-math.js';
import { describe, isAbsent, isRecord } from './value-checks.js';

/** The rule a violation breaks: Klarna's amount and tax checks (spec §5.1), or `FIELD` for a field limit (§4). */
export type OrderRule = 'L1' | 'L2' | 'L3' | 'O1' | 'O2' | 'U1' | 'C1' | 'C2' | 'FIELD';

/** One reason Klarna would refuse an order. */
export interface OrderViolation {
  /** The field in Klarna's form: `order_lines[2].total_tax_amount`, `purchase_country`, `billing_address.region`. */
  path: string;
  /** The rule broken. */
  rule: OrderRule;
  /** Exactly Klarna's 400 `BAD_VALUE` message for it, e.g. `Bad value: order_lines[2].total_tax_amount`. */
  message: string;
  /** A full sentence with the values involved and the fix. */
  explanation: string;
}

/** Limits every order meets (spec §4; where the Payments and Order Management specs differ, the stricter). */
export const ORDER_LIMITS = Object.freeze({
  /** Most lines in one order. */
  maxOrderLines: 1000,
  /** Largest `unit_price`, `total_amount`, `total_discount_amount` and `total_tax_amount` of a line, in minor units (our decision: 1e8). */
  maxLineAmount: 100_000_000,
  /** Largest `order_amount` and `order_tax_amount`, in minor units (decision 0004: the same 1e8). */
  maxOrderAmount: 100_000_000,
  /** Largest `quantity` of a line. */
  maxQuantity: 100_000,
  /** Largest `tax_rate`, in basis points (10000 = 100 %). */
  maxTaxRate: 10_000,
});

/** Every order line `type` Klarna knows. */
export const ORDER_LINE_TYPES: readonly OrderLineType[] = Object.freeze([
  'physical',
  'digital',
  'discount',
  'shipping_fee',
  'sales_tax',
  'gift_card',
  'store_credit',
  'surcharge',
] as const);

/** Thrown by `buildOrder` for a cart Klarna would refuse; `violations` lists every reason. */
export class KlarnaOrderValidationError extends KlarnaError {
  /** Always `KlarnaOrderValidationError`, also across bundles where `instanceof` fails. */
  override name: 'KlarnaOrderValidationError' = 'KlarnaOrderValidationError';
  /** Every violation found, in field order. */
  readonly violations: OrderViolation[];

  /** Builds the error from the violations (at least one); the message quotes the first. */
  constructor(violations: OrderViolation[], options?: { cause?: unknown }) {
    super(summarizeViolations(violations), options);
    this.violations = violations;
  }
}

function summarizeViolations(violations: readonly OrderViolation[]): string {
  const first = violations[0];
  if (!first) return 'The order was refused without a reason; report this as a bug in klarna-checkout-button.';
  const count = violations.length;
  const rest = count > 1 ? ` See error.violations for the other ${count - 1}.` : '';
  return `The order breaks ${count === 1 ? 'a Klarna rule' : `${count} Klarna rules`} (${first.message}): ${first.explanation}${rest}`;
}

/**
 * Every reason Klarna would refuse `order` with 400 `BAD_VALUE` (rules L1–C2 and the §4 field limits),
 * in field order; an empty array when it would accept it. Never throws: `null`, arrays and strings give
 * violations too.
 */
export function validateOrder(order: unknown): OrderViolation[] {
  const found = new ViolationList();
  const record = isRecord(order) ? order : {};
  const missing = isRecord(order)
    ? 'is missing'
    : `is missing because the order is ${describe(order)}, not a JSON object`;

  const country = checkString(found, record, 'purchase_country', 'purchase_country', {
    required: true,
    missing,
    pattern: /^[A-Za-z]{2}$/,
    expected: 'a two-letter ISO 3166-1 country code such as "DE"',
  });
  let market: KlarnaMarket | undefined;
  if (country !== undefined) {
    market = marketForCountry(country);
    if (!market) {
      found.add(
        'FIELD',
        'purchase_country',
        `purchase_country is ${describe(country)}, a country Klarna Payments does not serve; use one of ${[...KLARNA_MARKETS.keys()].join(', ')}.`,
      );
    }
  }

  const currency = checkString(found, record, 'purchase_currency', 'purchase_currency', {
    required: true,
    missing,
    pattern: /^[A-Za-z]{3}$/,
    expected: 'a three-letter ISO 4217 currency code such as "EUR"',
  });
  if (currency !== undefined && market && currency.toUpperCase() !== market.currency) {
    found.add(
      'C1',
      'purchase_currency',
      `purchase_currency is ${describe(currency)} but Klarna takes only ${market.currency} for purchases from ${market.country}; send ${market.currency}.`,
    );
  }

  const locale = checkString(found, record, 'locale', 'locale', {
    pattern: /^[A-Za-z]{2}(?:-[A-Za-z]{2})*$/,
    expected: 'a locale such as "de-DE"',
  });
  if (locale !== undefined && market && !localeIsValid(market.country, locale)) {
    found.add(
      'C2',
      'locale',
      `locale is ${describe(locale)} but Klarna takes ${localesForCountry(market.country).join(' or ')} for purchases from ${market.country}; send one of them.`,
    );
  }

  const orderAmount = checkInteger(found, record, 'order_amount', 'order_amount', {
    required: true,
    missing,
    min: 0,
    max: ORDER_LIMITS.maxOrderAmount,
    unit: 'minor units',
  });
  const orderTaxAmount = checkInteger(found, record, 'order_tax_amount', 'order_tax_amount', {
    min: 0,
    max: ORDER_LIMITS.maxOrderAmount,
    unit: 'minor units',
  });

  const lines = record['order_lines'];
  const usTax = market ? addsSalesTaxOnTop(market.country) : false;
  const sums = { total: 0, tax: 0, salesTax: 0, totalsKnown: true, taxesKnown: true };
  if (isAbsent(lines)) {
    found.add('FIELD', 'order_lines', `order_lines ${missing}; send the cart as 1–${ORDER_LIMITS.maxOrderLines} order lines.`);
    sums.totalsKnown = sums.taxesKnown = false;
  } else if (!Array.isArray(lines)) {
    found.add('FIELD', 'order_lines', `order_lines is ${describe(lines)} but must be an array of 1–${ORDER_LIMITS.maxOrderLines} order lines.`);
    sums.totalsKnown = sums.taxesKnown = false;
  } else {
    if (lines.length === 0) {
      found.add('FIELD', 'order_lines', 'order_lines is empty; send at least one order line.');
    } else if (lines.length > ORDER_LIMITS.maxOrderLines) {
      found.add(
        'FIELD',
        'order_lines',
        `order_lines has ${lines.length} lines but Klarna takes at most ${ORDER_LIMITS.maxOrderLines}; merge lines (for example by product).`,
      );
    }
    lines.forEach((line, index) => {
      const amounts = checkOrderLine(found, line, `order_lines[${index}]`, usTax);
      if (amounts.total === undefined) sums.totalsKnown = false;
      else sums.total += amounts.total;
      if (amounts.tax === undefined || amounts.total === undefined || amounts.type === undefined) sums.taxesKnown = false;
      else {
        sums.tax += amounts.tax;
        if (amounts.type === 'sales_tax') sums.salesTax += amounts.total;
      }
    });
  }

  if (orderAmount !== undefined && sums.totalsKnown && Array.isArray(lines) && lines.length > 0 && orderAmount !== sums.total) {
    found.add(
      'O1',
      'order_amount',
      `order_amount is ${orderAmount} but the order lines' total_amount values add up to ${sums.total}; send their sum.`,
    );
  }
  if (Array.isArray(lines) && lines.length > 0 && sums.taxesKnown && (orderTaxAmount !== undefined || isAbsent(record['order_tax_amount']))) {
    const sent = orderTaxAmount ?? 0;
    const expected = sums.tax + sums.salesTax;
    const tolerance = lines.length;
    if (Math.abs(sent - expected) > tolerance) {
      const source =
        sums.salesTax === 0
          ? `the lines' total_tax_amount values add up to ${sums.tax}`
          : `the lines carry ${expected} of tax (total_tax_amount ${sums.tax} + sales_tax lines ${sums.salesTax})`;
      found.add(
        'O2',
        'order_tax_amount',
        `order_tax_amount is ${orderTaxAmount === undefined ? 'missing (0)' : sent} but ${source}, and Klarna allows ±${tolerance} (one per line); send ${expected}.`,
      );
    }
  }

  checkEnum(found, record, 'intent', 'intent', ['buy', 'tokenize', 'buy_and_tokenize']);
  const urls = checkObject(found, record, 'merchant_urls', 'merchant_urls');
  if (urls) {
    for (const key of ['confirmation', 'notification', 'push', 'authorization']) {
      checkString(found, urls, key, `merchant_urls.${key}`, { max: 2000 });
    }
  }
  checkString(found, record, 'merchant_reference1', 'merchant_reference1', { max: 255 });
  checkString(found, record, 'merchant_reference2', 'merchant_reference2', { max: 255 });
  checkString(found, record, 'merchant_data', 'merchant_data', { max: 6000 });
  for (const key of ['billing_address', 'shipping_address']) {
    const address = checkObject(found, record, key, key);
    if (address) checkAddress(found, address, key, market?.country);
  }
  const customer = checkObject(found, record, 'customer', 'customer');
  if (customer) checkCustomer(found, customer);
  checkBoolean(found, record, 'auto_capture', 'auto_capture');
  return found.list;
}

interface LineAmounts {
  total?: number | undefined;
  tax?: number | undefined;
  type?: string | undefined;
}

function checkOrderLine(found: ViolationList, line: unknown, path: string, usTax: boolean): LineAmounts {
  if (!isRecord(line)) {
    found.add(
      'FIELD',
      path,
      `${path} is ${describe(line)} but each order line must be an object with name, quantity, unit_price and total_amount.`,
    );
    return {};
  }
  const { maxLineAmount, maxQuantity, maxTaxRate } = ORDER_LIMITS;
  const type = checkEnum(found, line, 'type', `${path}.type`, ORDER_LINE_TYPES) ?? (isAbsent(line['type']) ? 'physical' : undefined);
  checkString(found, line, 'reference', `${path}.reference`, { max: 255 });
  checkString(found, line, 'name', `${path}.name`, { required: true, min: 1, max: 255 });
  const quantity = checkInteger(found, line, 'quantity', `${path}.quantity`, { required: true, min: 0, max: maxQuantity, unit: 'units' });
  checkString(found, line, 'quantity_unit', `${path}.quantity_unit`, { min: 1, max: 8 });
  const unitPrice = checkInteger(found, line, 'unit_price', `${path}.unit_price`, {
    required: true,
    min: -maxLineAmount,
    max: maxLineAmount,
    unit: 'minor units',
  });
  const taxRateField = line['tax_rate'];
  const taxRate = checkInteger(found, line, 'tax_rate', `${path}.tax_rate`, {
    min: 0,
    max: maxTaxRate,
    unit: 'basis points',
    rangeRule: 'L3',
  });
  const total = checkInteger(found, line, 'total_amount', `${path}.total_amount`, {
    required: true,
    min: -maxLineAmount,
    max: maxLineAmount,
    unit: 'minor units',
  });
  const discountField = line['total_discount_amount'];
  const discount = checkInteger(found, line, 'total_discount_amount', `${path}.total_discount_amount`, {
    min: 0,
    max: maxLineAmount,
    unit: 'minor units',
  });
  const taxField = line['total_tax_amount'];
  const tax = checkInteger(found, line, 'total_tax_amount', `${path}.total_tax_amount`, {
    min: -maxLineAmount,
    max: maxLineAmount,
    unit: 'minor units',
  });
  checkString(found, line, 'merchant_data', `${path}.merchant_data`, { max: 1024 });
  checkString(found, line, 'product_url', `${path}.product_url`, { max: 1024 });
  checkString(found, line, 'image_url', `${path}.image_url`, { max: 1024 });
  const identifiers = checkObject(found, line, 'product_identifiers', `${path}.product_identifiers`);
  if (identifiers) {
    const limits: Array<[string, number]> = [
      ['brand', 70],
      ['category_path', 750],
      ['global_trade_item_number', 50],
      ['manufacturer_part_number', 70],
      ['color', 64],
      ['size', 64],
    ];
    for (const [key, max] of limits) checkString(found, identifiers, key, `${path}.product_identifiers.${key}`, { max });
  }
  const subscription = checkObject(found, line, 'subscription', `${path}.subscription`);
  if (subscription) {
    checkString(found, subscription, 'name', `${path}.subscription.name`, { required: true, min: 1, max: 255 });
    checkEnum(found, subscription, 'interval', `${path}.subscription.interval`, ['DAY', 'WEEK', 'MONTH', 'YEAR'], true);
    checkInteger(found, subscription, 'interval_count', `${path}.subscription.interval_count`, {
      required: true,
      min: 1,
      unit: 'intervals',
    });
  }

  // A field left out counts as 0 (Klarna's default); a field present but broken was reported above.
  const rate = isAbsent(taxRateField) ? 0 : taxRate;
  const lineDiscount = isAbsent(discountField) ? 0 : discount;
  const lineTaxAmount = isAbsent(taxField) ? 0 : tax;

  if (quantity !== undefined && unitPrice !== undefined && lineDiscount !== undefined && total !== undefined) {
    const expected = quantity * unitPrice - lineDiscount;
    if (total !== expected) {
      found.add(
        'L1',
        `${path}.total_amount`,
        `${path}.total_amount is ${total} but quantity ${quantity} × unit_price ${unitPrice} − total_discount_amount ${lineDiscount} is ${expected}; send ${expected}.`,
        'order_lines',
      );
    }
  }
  if (total !== undefined && rate !== undefined && lineTaxAmount !== undefined) {
    const divisor = 10000 + rate;
    if (Math.abs(lineTaxAmount * divisor - total * rate) > divisor) {
      const expected = lineTax(total, rate);
      found.add(
        'L2',
        `${path}.total_tax_amount`,
        `${path}.total_tax_amount is ${isAbsent(taxField) ? 'missing (0)' : lineTaxAmount} but a total of ${total} at ${formatRate(rate)} carries ${expected} (±1); send ${expected}.`,
      );
    }
  }
  if (usTax && ((rate !== undefined && rate !== 0) || (lineTaxAmount !== undefined && lineTaxAmount !== 0))) {
    found.add(
      'U1',
      `${path}.tax_rate`,
      `${path} has tax_rate ${rate ?? describe(taxRateField)} and total_tax_amount ${lineTaxAmount ?? describe(taxField)} but US orders carry tax_rate 0 and total_tax_amount 0 on every line; put the sales tax in a line of type "sales_tax".`,
    );
  }
  return { total, tax: lineTaxAmount, type };
}

const ADDRESS_LIMITS: ReadonlyArray<[string, number]> = [
  ['given_name', 99],
  ['family_name', 99],
  ['email', 99],
  ['title', 20],
  ['street_address', 99],
  ['street_address2', 99],
  ['postal_code', 10],
  ['city', 99],
  ['region', 99],
  ['phone', 99],
  ['organization_name', 99],
  ['attention', 99],
];

/** Countries whose addresses need a `region` (state or territory) (spec §4). */
const REGION_REQUIRED: ReadonlySet<string> = new Set(['US', 'AU']);

function checkAddress(found: ViolationList, address: Record<string, unknown>, path: string, purchaseCountry: string | undefined): void {
  for (const [key, max] of ADDRESS_LIMITS) checkString(found, address, key, `${path}.${key}`, { max });
  const country = checkString(found, address, 'country', `${path}.country`, {
    pattern: /^[A-Za-z]{2}$/,
    expected: 'a two-letter ISO 3166-1 country code such as "US"',
  });
  const addressCountry = (country ?? (isAbsent(address['country']) ? purchaseCountry : undefined))?.toUpperCase();
  if (addressCountry !== undefined && REGION_REQUIRED.has(addressCountry) && isAbsent(address['region'])) {
    found.add(
      'FIELD',
      `${path}.region`,
      `${path}.region is missing but Klarna requires the state or territory in ${addressCountry} addresses; send it (for example "CA").`,
    );
  } else if (addressCountry !== undefined && REGION_REQUIRED.has(addressCountry) && address['region'] === '') {
    found.add('FIELD', `${path}.region`, `${path}.region is empty but Klarna requires the state or territory in ${addressCountry} addresses; send it.`);
  }
}

function checkCustomer(found: ViolationList, customer: Record<string, unknown>): void {
  for (const key of ['date_of_birth', 'gender', 'title', 'national_identification_number', 'organization_registration_id', 'vat_id']) {
    checkString(found, customer, key, `customer.${key}`, {});
  }
  checkEnum(found, customer, 'type', 'customer.type', ['person', 'organization']);
  checkString(found, customer, 'last_four_ssn', 'customer.last_four_ssn', {
    pattern: /^(?:[0-9]{4}|[0-9]{9})$/,
    expected: '4 or 9 digits',
    hideValue: true,
  });
  checkEnum(found, customer, 'organization_entity_type', 'customer.organization_entity_type', [
    'LIMITED_COMPANY',
    'PUBLIC_LIMITED_COMPANY',
    'ENTREPRENEURIAL_COMPANY',
    'LIMITED_PARTNERSHIP_LIMITED_COMPANY',
    'LIMITED_PARTNERSHIP',
    'GENERAL_PARTNERSHIP',
    'REGISTERED_SOLE_TRADER',
    'SOLE_TRADER',
    'CIVIL_LAW_PARTNERSHIP',
    'PUBLIC_INSTITUTION',
    'OTHER',
  ]);
}

class ViolationList {
  readonly list: OrderViolation[] = [];

  add(rule: OrderRule, path: string, explanation: string, messagePath: string = path): void {
    this.list.push({ path, rule, message: `Bad value: ${messagePath}`, explanation });
  }
}


/** `2500` → `25 %`, `1250` → `12.5 %`, `725` → `7.25 %`: integer arithmetic only. */
function formatRate(rate: number): string {
  const whole = Math.floor(rate / 100);
  const hundredths = rate % 100;
  if (hundredths === 0) return `${whole} %`;
  return `${whole}.${String(hundredths).padStart(2, '0').replace(/0$/, '')} %`;
}

interface StringRule {
  required?: boolean;
  missing?: string;
  min?: number;
  max?: number;
  pattern?: RegExp;
  expected?: string;
  /** Leave the value out of the explanation (personal data). */
  hideValue?: boolean;
}

function checkString(
  found: ViolationList,
  record: Record<string, unknown>,
  key: string,
  path: string,
  rule: StringRule,
): string | undefined {
  const value = record[key];
  const limits =
    rule.max === undefined ? '' : rule.min ? ` of ${rule.min}–${rule.max} characters` : ` of at most ${rule.max} characters`;
  if (isAbsent(value)) {
    if (rule.required) found.add('FIELD', path, `${path} ${rule.missing ?? 'is missing'}; send ${rule.expected ?? `a string${limits}`}.`);
    return undefined;
  }
  if (typeof value !== 'string') {
    found.add('FIELD', path, `${path} is ${describe(value)} but must be ${rule.expected ?? `a string${limits}`}.`);
    return undefined;
  }
  if (rule.min !== undefined && value.length < rule.min) {
    found.add('FIELD', path, `${path} is empty; send a string${limits}.`);
    return undefined;
  }
  if (rule.max !== undefined && value.length > rule.max) {
    found.add('FIELD', path, `${path} is ${value.length} characters long but Klarna takes at most ${rule.max}; shorten it.`);
    return undefined;
  }
  if (rule.pattern && !rule.pattern.test(value)) {
    const shown = rule.hideValue ? 'not' : `${describe(value)}, not`;
    found.add('FIELD', path, `${path} is ${shown} ${rule.expected ?? `a match for ${rule.pattern.source}`}; send ${rule.expected ?? 'a matching value'}.`);
    return undefined;
  }
  return value;
}

interface IntegerRule {
  required?: boolean;
  missing?: string;
  min?: number;
  max?: number;
  /** What the integer counts, for messages: `minor units`, `basis points`. */
  unit: string;
  /** The rule a value out of [min, max] breaks (default `FIELD`). */
  rangeRule?: OrderRule;
}

function checkInteger(
  found: ViolationList,
  record: Record<string, unknown>,
  key: string,
  path: string,
  rule: IntegerRule,
): number | undefined {
  const value = record[key];
  const range =
    rule.min !== undefined && rule.max !== undefined
      ? `${rule.min}–${rule.max}`
      : rule.min !== undefined
        ? `≥ ${rule.min}`
        : `≤ ${rule.max}`;
  const hint =
    rule.unit === 'minor units'
      ? ' (integer minor units: 19.99 is sent as 1999)'
      : rule.unit === 'basis points'
        ? ' (integer basis points: 25 % is sent as 2500)'
        : '';
  if (isAbsent(value)) {
    if (rule.required) found.add('FIELD', path, `${path} ${rule.missing ?? 'is missing'}; send an integer ${range}${hint}.`);
    return undefined;
  }
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    found.add('FIELD', path, `${path} is ${describe(value)} but must be an integer ${range}${hint}.`);
    return undefined;
  }
  if (!Number.isSafeInteger(value) || (rule.min !== undefined && value < rule.min) || (rule.max !== undefined && value > rule.max)) {
    found.add(rule.rangeRule ?? 'FIELD', path, `${path} is ${value} but must be ${range} ${rule.unit}.`);
    return undefined;
  }
  return value;
}

function checkEnum<T extends string>(
  found: ViolationList,
  record: Record<string, unknown>,
  key: string,
  path: string,
  allowed: readonly T[],
  required = false,
): T | undefined {
  const value = record[key];
  if (isAbsent(value)) {
    if (required) found.add('FIELD', path, `${path} is missing; send one of ${allowed.join(', ')}.`);
    return undefined;
  }
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    found.add('FIELD', path, `${path} is ${describe(value)} but must be one of ${allowed.join(', ')}.`);
    return undefined;
  }
  return value as T;
}

function checkObject(found: ViolationList, record: Record<string, unknown>, key: string, path: string): Record<string, unknown> | undefined {
  const value = record[key];
  if (isAbsent(value)) return undefined;
  if (!isRecord(value)) {
    found.add('FIELD', path, `${path} is ${describe(value)} but must be a JSON object.`);
    return undefined;
  }
  return value;
}

function checkBoolean(found: ViolationList, record: Record<string, unknown>, key: string, path: string): void {
  const value = record[key];
  if (!isAbsent(value) && typeof value !== 'boolean') {
    found.add('FIELD', path, `${path} is ${describe(value)} but must be true or false.`);
  }
}
