// Property-based: thousands of random carts across every market — random quantities, prices, VAT and
// sales-tax rates, discounts, shipping and discount lines — always build into an order Klarna accepts,
// byte-identical on every build, with amounts matching an independent BigInt computation.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { buildOrder, validateOrder, lineTax, KLARNA_MARKETS, KlarnaOrderValidationError } from '../../dist/server/index.js';

const markets = [...KLARNA_MARKETS.values()];
const COMMON_RATES = [0, 500, 550, 600, 700, 725, 800, 825, 900, 1000, 1200, 1300, 1400, 1500, 1700, 1900, 2000, 2100, 2200, 2300, 2400, 2500, 2700];

/** Round-half-away-from-zero of a/b in BigInt, independent of the code under test. */
function referenceRound(numerator, denominator) {
  const n = BigInt(numerator);
  const d = BigInt(denominator);
  const magnitude = (2n * (n < 0n ? -n : n) + d) / (2n * d);
  return Number(n < 0n ? -magnitude : magnitude);
}

/** The US sales tax of a cart by the reference rounding. */
function usSalesTax(input) {
  return input.lines.reduce(
    (sum, line) => sum + referenceRound(BigInt(line.quantity * line.unit_price - (line.total_discount_amount ?? 0)) * BigInt(line.tax_rate), 10000),
    0,
  );
}

/** What the cart comes to by the reference arithmetic (US: with its sales tax). */
function cartTotal(input) {
  const goods = input.lines.reduce((sum, line) => sum + line.quantity * line.unit_price - (line.total_discount_amount ?? 0), 0);
  return input.purchase_country.toUpperCase() === 'US' ? goods + usSalesTax(input) : goods;
}

const rate = fc.oneof(fc.constantFrom(...COMMON_RATES), fc.integer({ min: 0, max: 10000 }));

/** A goods or fee line whose total stays within the 1e8 cap. */
const goodsLine = fc
  .record({
    name: fc.string({ minLength: 1, maxLength: 40 }),
    quantity: fc.oneof(fc.integer({ min: 0, max: 10 }), fc.integer({ min: 0, max: 100000 })),
    price: fc.oneof(fc.integer({ min: 0, max: 50000 }), fc.integer({ min: 0, max: 100000000 })),
    tax_rate: rate,
    type: fc.constantFrom('physical', 'physical', 'digital', 'shipping_fee', 'surcharge'),
    discountShare: fc.integer({ min: 0, max: 1000 }),
    reference: fc.option(fc.string({ maxLength: 20 }), { nil: undefined }),
  })
  .map(({ name, quantity, price, tax_rate, type, discountShare, reference }) => {
    const unit_price = quantity === 0 ? price : Math.min(price, Math.floor(100000000 / quantity));
    const gross = quantity * unit_price;
    // A discount of 0–100 % of the line price, in whole minor units.
    const total_discount_amount = Math.floor((gross * discountShare) / 1000);
    const line = { name, quantity, unit_price, tax_rate, type };
    if (total_discount_amount > 0 || discountShare % 2 === 0) line.total_discount_amount = total_discount_amount;
    if (reference !== undefined) line.reference = reference;
    return line;
  });

/** A cart: goods lines, then discount / gift-card lines, each reducing one goods line at its rate by at most its total. */
const cart = fc
  .record({
    market: fc.constantFrom(...markets),
    languageIndex: fc.nat(),
    localeStyle: fc.constantFrom('de-DE', 'de_de', 'DE-de', 'de'),
    countryCase: fc.constantFrom('upper', 'lower'),
    goods: fc.array(goodsLine, { minLength: 1, maxLength: 12 }),
    reductions: fc.array(
      fc.record({
        target: fc.nat(),
        share: fc.integer({ min: 0, max: 1000 }),
        type: fc.constantFrom('discount', 'discount', 'gift_card', 'store_credit'),
      }),
      { maxLength: 3 },
    ),
    merchant_reference1: fc.option(fc.string({ maxLength: 255 }), { nil: undefined }),
  })
  .map(({ market, languageIndex, localeStyle, countryCase, goods, reductions, merchant_reference1 }) => {
    const language = market.languages[languageIndex % market.languages.length];
    const locale = {
      'de-DE': `${language}-${market.country}`,
      de_de: `${language}_${market.country.toLowerCase()}`,
      'DE-de': `${language.toUpperCase()}-${market.country.toLowerCase()}`,
      de: language,
    }[localeStyle];
    const lines = [...goods];
    const reduced = new Set();
    for (const { target, share, type } of reductions) {
      const index = target % goods.length;
      if (reduced.has(index)) continue;
      reduced.add(index);
      const product = goods[index];
      const productTotal = product.quantity * product.unit_price - (product.total_discount_amount ?? 0);
      const amount = Math.floor((productTotal * share) / 1000);
      lines.push({ type, name: `${type} for ${index}`, quantity: 1, unit_price: 0 - amount, tax_rate: product.tax_rate });
    }
    const input = {
      purchase_country: countryCase === 'upper' ? market.country : market.country.toLowerCase(),
      purchase_currency: countryCase === 'upper' ? market.currency : market.currency.toLowerCase(),
      locale,
      lines,
    };
    if (merchant_reference1 !== undefined) input.merchant_reference1 = merchant_reference1;
    return input;
  });

describe('buildOrder on random carts in every market', () => {
  test('validateOrder(buildOrder(cart)) is always empty and every amount matches a BigInt reference', () => {
    fc.assert(
      fc.property(cart, (input) => {
        const us = input.purchase_country.toUpperCase() === 'US';
        if (us && usSalesTax(input) > 100000000) {
          // One sales_tax line cannot carry more than the 1e8 line cap: refused, never split or rounded.
          assert.throws(() => buildOrder(input), (error) => error instanceof KlarnaOrderValidationError && error.violations[0].path === 'order_tax_amount');
          return;
        }
        if (cartTotal(input) > 100000000) {
          // Decision 0004 caps order_amount at 1e8 like every other amount.
          assert.throws(() => buildOrder(input), (error) => error instanceof KlarnaOrderValidationError && error.violations[0].path === 'order_amount');
          return;
        }
        const order = buildOrder(input);
        assert.deepEqual(validateOrder(order), []);

        let expectedAmount = 0;
        let expectedTax = 0;
        input.lines.forEach((line, index) => {
          const out = order.order_lines[index];
          const total = line.quantity * line.unit_price - (line.total_discount_amount ?? 0);
          assert.equal(out.total_amount, total);
          assert.equal(out.type, line.type ?? 'physical');
          assert.equal(out.total_discount_amount, line.total_discount_amount ?? 0);
          if (us) {
            assert.equal(out.tax_rate, 0);
            assert.equal(out.total_tax_amount, 0);
            expectedTax += referenceRound(BigInt(total) * BigInt(line.tax_rate), 10000);
          } else {
            assert.equal(out.tax_rate, line.tax_rate);
            assert.equal(out.total_tax_amount, referenceRound(BigInt(total) * BigInt(line.tax_rate), 10000 + line.tax_rate));
            expectedTax += out.total_tax_amount;
          }
          expectedAmount += total;
        });
        if (us && expectedTax > 0) {
          assert.equal(order.order_lines.length, input.lines.length + 1);
          assert.deepEqual(order.order_lines.at(-1), {
            type: 'sales_tax',
            name: 'Sales Tax',
            quantity: 1,
            unit_price: expectedTax,
            tax_rate: 0,
            total_amount: expectedTax,
            total_discount_amount: 0,
            total_tax_amount: 0,
          });
          expectedAmount += expectedTax;
        } else {
          assert.equal(order.order_lines.length, input.lines.length);
        }
        assert.equal(order.order_amount, expectedAmount);
        assert.equal(order.order_tax_amount, expectedTax);
        assert.ok(order.order_amount >= 0 && order.order_tax_amount >= 0);
      }),
      { numRuns: 3000 },
    );
  });

  test('building the same cart twice (session, then order) gives byte-identical JSON', () => {
    fc.assert(
      fc.property(cart, (input) => {
        if (input.purchase_country.toUpperCase() === 'US' && usSalesTax(input) > 100000000) return;
        if (cartTotal(input) > 100000000) return;
        const session = JSON.stringify(buildOrder(input));
        const order = JSON.stringify(buildOrder(structuredClone(input)));
        assert.equal(order, session);
      }),
      { numRuns: 1000 },
    );
  });

  test('lineTax stays within ±0.5 of the exact tax for every safe line total and rate', () => {
    fc.assert(
      fc.property(fc.maxSafeInteger(), fc.integer({ min: 0, max: 10000 }), (total, r) => {
        const tax = lineTax(total, r);
        const exactTimesDivisor = BigInt(total) * BigInt(r);
        const divisor = BigInt(10000 + r);
        const error = BigInt(tax) * divisor - exactTimesDivisor;
        assert.ok(2n * (error < 0n ? -error : error) <= divisor);
        assert.equal(lineTax(0 - total, r), 0 - tax);
      }),
      { numRuns: 3000 },
    );
  });

  test('anything else either builds a valid order or throws KlarnaOrderValidationError; validateOrder never throws', () => {
    const messy = fc.oneof(
      fc.anything(),
      cart.chain((input) =>
        fc
          .record({
            lineIndex: fc.nat(),
            field: fc.constantFrom('quantity', 'unit_price', 'tax_rate', 'total_discount_amount', 'name', 'type'),
            value: fc.oneof(fc.double(), fc.integer(), fc.string(), fc.constant(null), fc.constant(undefined)),
          })
          .map(({ lineIndex, field, value }) => {
            const copy = structuredClone(input);
            copy.lines[lineIndex % copy.lines.length][field] = value;
            return copy;
          }),
      ),
    );
    fc.assert(
      fc.property(messy, (input) => {
        assert.ok(Array.isArray(validateOrder(input)));
        let order;
        try {
          order = buildOrder(input);
        } catch (error) {
          assert.ok(error instanceof KlarnaOrderValidationError, String(error));
          assert.ok(error.violations.length > 0);
          return;
        }
        assert.deepEqual(validateOrder(order), []);
      }),
      { numRuns: 1500 },
    );
  });
});
