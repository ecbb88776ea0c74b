// lineTax and buildOrder: the spec's worked examples (klarna-spec.md §5.3), normalisation, determinism,
// and every kind of bad cart refused with KlarnaOrderValidationError.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  buildOrder,
  lineTax,
  validateOrder,
  KlarnaOrderValidationError,
  KlarnaError,
  localeIsValid,
  localesForCountry,
  normalizeLocale,
  addsSalesTaxOnTop,
  marketForCountry,
} from '../../dist/server/index.js';

/** The spec's §5.3 EUR cart. */
function deCart() {
  return {
    purchase_country: 'DE',
    purchase_currency: 'EUR',
    locale: 'de-DE',
    lines: [
      { name: 'Running shoe', quantity: 2, unit_price: 12500, tax_rate: 2500 },
      { name: 'Socks', quantity: 3, unit_price: 1990, tax_rate: 2500, total_discount_amount: 970 },
      { type: 'shipping_fee', name: 'Shipping', quantity: 1, unit_price: 499, tax_rate: 2500 },
      { type: 'discount', name: 'Voucher', quantity: 1, unit_price: -2000, tax_rate: 2500 },
    ],
  };
}

/** The spec's §5.3 US cart: a net price and the 5 % sales-tax rate. */
function usCart() {
  return { purchase_country: 'US', purchase_currency: 'USD', locale: 'en-US', lines: [{ name: 'Lamp', quantity: 1, unit_price: 20000, tax_rate: 500 }] };
}

/** Round-half-away-from-zero of a/b with BigInt, as an independent reference. */
function referenceRound(numerator, denominator) {
  const n = BigInt(numerator);
  const d = BigInt(denominator);
  const magnitude = (2n * (n < 0n ? -n : n) + d) / (2n * d);
  return Number(n < 0n ? -magnitude : magnitude);
}

describe('lineTax', () => {
  test('the spec EUR lines at 25 %: 25000 → 5000, 5000 → 1000, 499 → 100, −2000 → −400', () => {
    assert.equal(lineTax(25000, 2500), 5000);
    assert.equal(lineTax(5000, 2500), 1000);
    assert.equal(lineTax(499, 2500), 100);
    assert.equal(lineTax(-2000, 2500), -400);
  });

  test('rounds half away from zero, symmetrically for negative totals, never -0', () => {
    // 10 at 25 % carries exactly 2; 5 at 25 % carries exactly 1; 25 at 2500: 5.
    // 1 at 10000 (100 %) carries 0.5 → 1; −1 → −1.
    assert.equal(lineTax(1, 10000), 1);
    assert.equal(lineTax(-1, 10000), -1);
    assert.equal(lineTax(3, 10000), 2); // 1.5 → 2
    assert.equal(lineTax(-3, 10000), -2);
    assert.ok(Object.is(lineTax(-1, 1), 0));
    assert.ok(Object.is(lineTax(0, 2500), 0));
    assert.ok(Object.is(lineTax(-5, 0), 0));
  });

  test('is the nearest integer to total·rate/(10000+rate) for common VAT rates and many totals', () => {
    for (const rate of [0, 1, 250, 500, 600, 700, 800, 1000, 1200, 1300, 1400, 1500, 1900, 2000, 2100, 2200, 2300, 2400, 2500, 2700, 9999, 10000]) {
      for (let total = -3000; total <= 3000; total += 7) {
        const tax = lineTax(total, rate);
        assert.equal(tax, referenceRound(total * rate, 10000 + rate), `total ${total} rate ${rate}`);
        // Within ±0.5 of the exact value, so Klarna's L2 (±1) always passes.
        assert.ok(2 * Math.abs(tax * (10000 + rate) - total * rate) <= 10000 + rate);
      }
    }
  });

  test('stays exact for totals far beyond 2^53 / 10000 (BigInt path)', () => {
    for (const total of [Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER, 900719925474099, 123456789012345]) {
      for (const rate of [1, 1900, 2500, 10000]) {
        assert.equal(lineTax(total, rate), referenceRound(BigInt(total) * BigInt(rate), 10000 + rate), `total ${total} rate ${rate}`);
      }
    }
  });

  test('refuses floats, unsafe integers and rates outside 0–10000 with a RangeError naming the value', () => {
    assert.throws(() => lineTax(19.99, 2500), { name: 'RangeError', message: /total 19\.99.*minor units/ });
    assert.throws(() => lineTax(2 ** 53, 2500), RangeError);
    assert.throws(() => lineTax(Number.NaN, 2500), RangeError);
    assert.throws(() => lineTax(1000, 25.5), { name: 'RangeError', message: /rate 25\.5.*basis points/ });
    assert.throws(() => lineTax(1000, -1), RangeError);
    assert.throws(() => lineTax(1000, 10001), RangeError);
    assert.throws(() => lineTax('1000', 2500), RangeError);
  });
});

describe('buildOrder: the spec worked examples', () => {
  test('EUR, DE, 25 %: line totals and taxes as in the table, order 28499 / 5700', () => {
    const order = buildOrder(deCart());
    assert.deepEqual(
      order.order_lines.map((line) => [line.type, line.total_amount, line.total_tax_amount]),
      [
        ['physical', 25000, 5000],
        ['physical', 5000, 1000],
        ['shipping_fee', 499, 100],
        ['discount', -2000, -400],
      ],
    );
    assert.equal(order.order_amount, 28499);
    assert.equal(order.order_tax_amount, 5700);
    assert.deepEqual(validateOrder(order), []);
  });

  test('US: net line plus one "Sales Tax" line — order_amount 21000, order_tax_amount 1000', () => {
    const order = buildOrder(usCart());
    assert.deepEqual(order, {
      purchase_country: 'US',
      purchase_currency: 'USD',
      locale: 'en-US',
      order_amount: 21000,
      order_tax_amount: 1000,
      order_lines: [
        { type: 'physical', name: 'Lamp', quantity: 1, unit_price: 20000, tax_rate: 0, total_amount: 20000, total_discount_amount: 0, total_tax_amount: 0 },
        { type: 'sales_tax', name: 'Sales Tax', quantity: 1, unit_price: 1000, tax_rate: 0, total_amount: 1000, total_discount_amount: 0, total_tax_amount: 0 },
      ],
    });
    assert.deepEqual(validateOrder(order), []);
  });

  test('US: sales tax is Σ per-line round-half-away(total × rate / 10000), discounts reduce it', () => {
    const order = buildOrder({
      purchase_country: 'US',
      purchase_currency: 'USD',
      locale: 'es-US',
      lines: [
        { name: 'Pen', quantity: 3, unit_price: 333, tax_rate: 725 }, // 999 × 7.25 % = 72.4275 → 72
        { name: 'Ink', quantity: 1, unit_price: 1000, tax_rate: 825 }, // 82.5 → 83
        { type: 'shipping_fee', name: 'Shipping', quantity: 1, unit_price: 500, tax_rate: 0 },
        { type: 'discount', name: 'Coupon', quantity: 1, unit_price: -200, tax_rate: 725 }, // −14.5 → −15
      ],
    });
    const salesTax = order.order_lines.at(-1);
    assert.equal(salesTax.type, 'sales_tax');
    assert.equal(salesTax.total_amount, 72 + 83 - 15);
    assert.equal(order.order_tax_amount, 140);
    assert.equal(order.order_amount, 999 + 1000 + 500 - 200 + 140);
    assert.ok(order.order_lines.every((line) => line.tax_rate === 0 && line.total_tax_amount === 0));
    assert.deepEqual(validateOrder(order), []);
  });

  test('US with zero tax gets no sales_tax line', () => {
    const order = buildOrder({ ...usCart(), lines: [{ name: 'Gift wrap', quantity: 1, unit_price: 300, tax_rate: 0 }] });
    assert.equal(order.order_lines.length, 1);
    assert.equal(order.order_amount, 300);
    assert.equal(order.order_tax_amount, 0);
  });
});

describe('buildOrder: normalisation, defaults, determinism', () => {
  test('upper-cases country and currency, spells the locale de-DE (de_de, DE-de and bare "de" too)', () => {
    for (const locale of ['de-DE', 'de_de', 'DE-de', 'de']) {
      const order = buildOrder({ ...deCart(), purchase_country: 'de', purchase_currency: 'eUr', locale });
      assert.equal(order.purchase_country, 'DE');
      assert.equal(order.purchase_currency, 'EUR');
      assert.equal(order.locale, 'de-DE', `from ${locale}`);
    }
  });

  test('every output line carries type, tax_rate, total_tax_amount and total_discount_amount', () => {
    const order = buildOrder({ ...deCart(), lines: [{ name: 'Book', quantity: 1, unit_price: 1070, tax_rate: 700 }] });
    assert.deepEqual(order.order_lines[0], {
      type: 'physical',
      name: 'Book',
      quantity: 1,
      unit_price: 1070,
      tax_rate: 700,
      total_amount: 1070,
      total_discount_amount: 0,
      total_tax_amount: 70,
    });
  });

  test('descriptive line fields and order fields pass through in a fixed key order', () => {
    const order = buildOrder({
      auto_capture: true,
      customer: { type: 'person' },
      merchant_reference1: 'order-17',
      lines: [
        {
          subscription: { name: 'Coffee club', interval: 'MONTH', interval_count: 1 },
          image_url: 'https://shop.example/coffee.png',
          tax_rate: 700,
          unit_price: 1499,
          quantity: 2,
          quantity_unit: 'bag',
          name: 'Coffee',
          reference: 'C-1',
          type: 'physical',
          product_identifiers: { brand: 'Roast' },
        },
      ],
      merchant_urls: { confirmation: 'https://shop.example/thanks' },
      intent: 'buy_and_tokenize',
      locale: 'en-DE',
      purchase_currency: 'EUR',
      purchase_country: 'DE',
    });
    assert.deepEqual(Object.keys(order), [
      'purchase_country',
      'purchase_currency',
      'locale',
      'order_amount',
      'order_tax_amount',
      'order_lines',
      'intent',
      'merchant_urls',
      'merchant_reference1',
      'customer',
      'auto_capture',
    ]);
    assert.deepEqual(Object.keys(order.order_lines[0]), [
      'type',
      'reference',
      'name',
      'quantity',
      'quantity_unit',
      'unit_price',
      'tax_rate',
      'total_amount',
      'total_discount_amount',
      'total_tax_amount',
      'image_url',
      'product_identifiers',
      'subscription',
    ]);
  });

  test('the same cart gives byte-identical JSON (session and order), and later cart changes do not leak in', () => {
    const cart = { ...deCart(), merchant_urls: { confirmation: 'https://shop.example/ok' }, billing_address: { city: 'Berlin' } };
    const session = buildOrder(cart);
    const frozen = JSON.stringify(session);
    const order = buildOrder(structuredClone(cart));
    assert.equal(JSON.stringify(order), frozen);
    cart.merchant_urls.confirmation = 'https://evil.example';
    cart.billing_address.city = 'Paris';
    cart.lines[0].quantity = 9;
    assert.equal(JSON.stringify(session), frozen);
  });

  test('optional fields left undefined or null are left out', () => {
    const order = buildOrder({ ...deCart(), merchant_reference2: undefined, merchant_data: null, lines: [{ name: 'Pen', quantity: 1, unit_price: 100, tax_rate: 1900, reference: undefined, total_discount_amount: undefined }] });
    assert.equal('merchant_reference2' in order, false);
    assert.equal('merchant_data' in order, false);
    assert.equal('reference' in order.order_lines[0], false);
    assert.equal(order.order_lines[0].total_discount_amount, 0);
  });

  test('1000 lines build; a US cart of 1000 lines with tax (1001 with the tax line) is refused', () => {
    const lines = Array.from({ length: 1000 }, (_, i) => ({ name: `Item ${i}`, quantity: 1, unit_price: 100, tax_rate: 2500 }));
    const order = buildOrder({ ...deCart(), lines });
    assert.equal(order.order_lines.length, 1000);
    assert.equal(order.order_amount, 100000);
    assert.equal(order.order_tax_amount, 20000);
    assert.throws(
      () => buildOrder({ ...usCart(), lines: lines.map((line) => ({ ...line, tax_rate: 500 })) }),
      (error) => error instanceof KlarnaOrderValidationError && error.violations.some((x) => x.path === 'order_lines'),
    );
  });
});

describe('buildOrder refuses bad carts with every violation listed', () => {
  const line = (fields) => ({ name: 'Shoe', quantity: 1, unit_price: 1000, tax_rate: 1900, ...fields });
  const de = (lines, fields = {}) => ({ purchase_country: 'DE', purchase_currency: 'EUR', locale: 'de-DE', lines, ...fields });
  /** [name, cart, expected [rule, path] list] */
  const cases = [
    ['a float unit_price (19.99)', de([line({ unit_price: 19.99 })]), [['FIELD', 'order_lines[0].unit_price']]],
    ['a float quantity', de([line({ quantity: 1.5 })]), [['FIELD', 'order_lines[0].quantity']]],
    ['a float tax_rate (19.5)', de([line({ tax_rate: 19.5 })]), [['FIELD', 'order_lines[0].tax_rate']]],
    ['a float discount', de([line({ total_discount_amount: 0.5 })]), [['FIELD', 'order_lines[0].total_discount_amount']]],
    ['a string price', de([line({ unit_price: '1000' })]), [['FIELD', 'order_lines[0].unit_price']]],
    ['NaN and Infinity', de([line({ unit_price: Number.NaN, quantity: Number.POSITIVE_INFINITY })]), [['FIELD', 'order_lines[0].quantity'], ['FIELD', 'order_lines[0].unit_price']]],
    ['a negative quantity', de([line({ quantity: -1 })]), [['FIELD', 'order_lines[0].quantity']]],
    ['a quantity above 100000', de([line({ quantity: 100001, unit_price: 1 })]), [['FIELD', 'order_lines[0].quantity']]],
    ['a unit_price above 1e8', de([line({ unit_price: 100000001 })]), [['FIELD', 'order_lines[0].unit_price']]],
    ['a line total above 1e8', de([line({ quantity: 2, unit_price: 60000000 })]), [['FIELD', 'order_lines[0].total_amount']]],
    ['a tax_rate above 10000', de([line({ tax_rate: 10001 })]), [['L3', 'order_lines[0].tax_rate']]],
    ['a missing tax_rate', de([line({ tax_rate: undefined })]), [['FIELD', 'order_lines[0].tax_rate']]],
    ['a discount above the line price', de([line({ quantity: 2, unit_price: 500, total_discount_amount: 1001 })]), [['FIELD', 'order_lines[0].total_discount_amount']]],
    ['a negative discount', de([line({ total_discount_amount: -1 })]), [['FIELD', 'order_lines[0].total_discount_amount']]],
    ['a discount on a discount line', de([line({ type: 'discount', unit_price: -500, total_discount_amount: 100 })]), [['FIELD', 'order_lines[0].total_discount_amount']]],
    ['a positive discount line', de([line({}), line({ type: 'discount', unit_price: 500 })]), [['FIELD', 'order_lines[1].unit_price']]],
    ['a negative physical line', de([line({}), line({ unit_price: -500 })]), [['FIELD', 'order_lines[1].unit_price']]],
    ['discounts above the goods', de([line({}), line({ type: 'discount', unit_price: -1500 })]), [['FIELD', 'order_tax_amount'], ['FIELD', 'order_amount']]],
    ['a sales_tax line', de([line({}), line({ type: 'sales_tax' })]), [['FIELD', 'order_lines[1].type']]],
    ['an unknown type', de([line({ type: 'service' })]), [['FIELD', 'order_lines[0].type']]],
    ['an empty name', de([line({ name: '' })]), [['FIELD', 'order_lines[0].name']]],
    ['a missing name', de([line({ name: undefined })]), [['FIELD', 'order_lines[0].name']]],
    ['a 256-character name', de([line({ name: 'n'.repeat(256) })]), [['FIELD', 'order_lines[0].name']]],
    ['a 9-character quantity_unit', de([line({ quantity_unit: 'kilograms' })]), [['FIELD', 'order_lines[0].quantity_unit']]],
    ['a computed field in a line', de([line({ total_amount: 1000 })]), [['FIELD', 'order_lines[0].total_amount']]],
    ['a line that is not an object', de([line({}), 'Shoe']), [['FIELD', 'order_lines[1]']]],
    ['no lines', de([]), [['FIELD', 'order_lines']]],
    ['lines not an array', de('Shoe'), [['FIELD', 'order_lines']]],
    ['more than 1000 lines', de(Array.from({ length: 1001 }, () => line({}))), [['FIELD', 'order_lines']]],
    ['an unknown market', { ...de([line({})]), purchase_country: 'JP' }, [['FIELD', 'purchase_country']]],
    ['a malformed country', { ...de([line({})]), purchase_country: 'Germany' }, [['FIELD', 'purchase_country']]],
    ['the currency of another market', { ...de([line({})]), purchase_currency: 'SEK' }, [['C1', 'purchase_currency']]],
    ['a locale not allowed in the market', { ...de([line({})]), locale: 'sv-SE' }, [['C2', 'locale']]],
    ['a language not of the market', { ...de([line({})]), locale: 'fr' }, [['C2', 'locale']]],
    ['a malformed locale', { ...de([line({})]), locale: 'German' }, [['FIELD', 'locale']]],
    ['a missing locale', { ...de([line({})]), locale: undefined }, [['FIELD', 'locale']]],
    ['a computed order field', { ...de([line({})]), order_amount: 1000 }, [['FIELD', 'order_amount']]],
    ['a bad pass-through field', { ...de([line({})]), intent: 'sell', merchant_reference1: 'r'.repeat(256) }, [['FIELD', 'intent'], ['FIELD', 'merchant_reference1']]],
    ['a US address without region', { ...usCart(), billing_address: { country: 'US', postal_code: '94105' } }, [['FIELD', 'billing_address.region']]],
    ['several problems at once', { ...de([line({ unit_price: 9.99 }), line({ name: '' })]), purchase_currency: 'USD' }, [['C1', 'purchase_currency'], ['FIELD', 'order_lines[0].unit_price'], ['FIELD', 'order_lines[1].name']]],
  ];
  for (const [name, cart, expected] of cases) {
    test(name, () => {
      assert.throws(
        () => buildOrder(cart),
        (error) => {
          assert.ok(error instanceof KlarnaOrderValidationError);
          assert.ok(error instanceof KlarnaError);
          assert.equal(error.name, 'KlarnaOrderValidationError');
          assert.deepEqual(error.violations.map((x) => [x.rule, x.path]), expected);
          for (const violation of error.violations) {
            assert.equal(violation.message, `Bad value: ${violation.path}`);
            assert.match(violation.explanation, /\.$/);
          }
          return true;
        },
      );
    });
  }

  test('a float is refused, not rounded: the message names the value and the fix', () => {
    assert.throws(() => buildOrder(de([line({ unit_price: 19.99 })])), {
      name: 'KlarnaOrderValidationError',
      message: /order_lines\[0\]\.unit_price is 19\.99 but must be an integer in minor units/,
    });
  });

  test('null, strings and arrays are refused with violations, not a TypeError', () => {
    for (const input of [null, undefined, 'cart', [deCart()]]) {
      assert.throws(
        () => buildOrder(input),
        (error) => error instanceof KlarnaOrderValidationError && error.violations.map((x) => x.path).join() === 'purchase_country,purchase_currency,locale,order_lines',
      );
    }
  });
});

describe('markets helpers', () => {
  test('localeIsValid, localesForCountry, normalizeLocale, addsSalesTaxOnTop follow the §5.4 table', () => {
    assert.deepEqual(localesForCountry('be'), ['nl-BE', 'fr-BE', 'en-BE']);
    assert.deepEqual(localesForCountry('JP'), []);
    assert.equal(localeIsValid('NO', 'nb-NO'), true);
    assert.equal(localeIsValid('no', 'NB-no'), true);
    assert.equal(localeIsValid('NO', 'no-NO'), false);
    assert.equal(localeIsValid('US', 'en-GB'), false);
    assert.equal(localeIsValid('US', 'es-US'), true);
    assert.equal(normalizeLocale('fr_be'), 'fr-BE');
    assert.equal(normalizeLocale('fr', 'be'), 'fr-BE');
    assert.equal(normalizeLocale('fr'), undefined);
    assert.equal(normalizeLocale('french'), undefined);
    assert.equal(addsSalesTaxOnTop('us'), true);
    assert.equal(addsSalesTaxOnTop('CA'), false);
    assert.equal(marketForCountry('nz')?.currency, 'NZD');
  });
});

describe('buildOrder: a US tax service\'s exact sales-tax figure, and the order_amount cap', () => {
  const usLines = (...extra) => ({
    purchase_country: 'US',
    purchase_currency: 'USD',
    locale: 'en-US',
    lines: [{ name: 'Lamp', quantity: 2, unit_price: 10000, tax_rate: 0 }, { type: 'shipping_fee', name: 'Shipping', quantity: 1, unit_price: 995, tax_rate: 0 }, ...extra],
  });

  test('a sales_tax line passes the figure through: order_tax_amount is it, order_amount includes it', () => {
    const order = buildOrder(usLines({ type: 'sales_tax', name: 'Sales Tax (CA 8.625 %)', unit_price: 1811 }));
    assert.equal(order.order_tax_amount, 1811);
    assert.equal(order.order_amount, 20000 + 995 + 1811);
    assert.deepEqual(order.order_lines[2], {
      type: 'sales_tax',
      name: 'Sales Tax (CA 8.625 %)',
      quantity: 1,
      unit_price: 1811,
      tax_rate: 0,
      total_amount: 1811,
      total_discount_amount: 0,
      total_tax_amount: 0,
    });
    assert.equal(order.order_lines.length, 3);
    assert.deepEqual(validateOrder(order), []);
    // Without a name the line is called "Sales Tax", like the computed one.
    assert.equal(buildOrder(usLines({ type: 'sales_tax', unit_price: 5, quantity: 1, tax_rate: 0 })).order_lines[2].name, 'Sales Tax');
  });

  const refusals = [
    ['per-line rates beside the figure', { ...usLines({ type: 'sales_tax', unit_price: 100 }), lines: [{ name: 'Lamp', quantity: 1, unit_price: 1000, tax_rate: 500 }, { type: 'sales_tax', unit_price: 100 }] }, 'order_lines[0].tax_rate'],
    ['two sales_tax lines', usLines({ type: 'sales_tax', unit_price: 100 }, { type: 'sales_tax', unit_price: 50 }), 'order_lines[3].type'],
    ['a quantity other than 1', usLines({ type: 'sales_tax', unit_price: 100, quantity: 2 }), 'order_lines[2].quantity'],
    ['a tax rate on the tax line', usLines({ type: 'sales_tax', unit_price: 100, tax_rate: 500 }), 'order_lines[2].tax_rate'],
    ['a negative figure', usLines({ type: 'sales_tax', unit_price: -1 }), 'order_lines[2].unit_price'],
    ['a fractional figure', usLines({ type: 'sales_tax', unit_price: 18.11 }), 'order_lines[2].unit_price'],
    ['a figure above 1e8', usLines({ type: 'sales_tax', unit_price: 100000001 }), 'order_lines[2].unit_price'],
    ['a sales_tax line outside the US', { ...deCart(), lines: [...deCart().lines, { type: 'sales_tax', unit_price: 100 }] }, 'order_lines[4].type'],
  ];
  for (const [name, input, path] of refusals) {
    test(`refused: ${name}`, () => {
      assert.throws(
        () => buildOrder(input),
        (error) => error instanceof KlarnaOrderValidationError && error.violations.some((violation) => violation.path === path),
      );
    });
  }

  test('order_amount above 1e8 is refused although every line is within the cap (decision 0004)', () => {
    const input = { ...deCart(), lines: [{ name: 'A', quantity: 1, unit_price: 60000000, tax_rate: 1900 }, { name: 'B', quantity: 1, unit_price: 60000000, tax_rate: 1900 }] };
    assert.throws(
      () => buildOrder(input),
      (error) => error instanceof KlarnaOrderValidationError && error.violations[0].path === 'order_amount' && /at most 100000000/.test(error.violations[0].explanation),
    );
    input.lines[1].unit_price = 40000000;
    assert.equal(buildOrder(input).order_amount, 100000000);
    assert.deepEqual(
      validateOrder({ ...buildOrder(input), order_amount: 100000001 }).map((violation) => violation.path).includes('order_amount'),
      true,
    );
  });
});
