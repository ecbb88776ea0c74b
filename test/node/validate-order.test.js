// validateOrder: every rule of klarna-spec.md §5.1 (L1–C2) and the field limits of §4, with Klarna's exact
// 400 BAD_VALUE messages and the field paths, on hand-written orders (not built by buildOrder).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { validateOrder, KlarnaOrderValidationError, KlarnaError } from '../../dist/server/index.js';

/** The spec's §5.3 EUR example, written out by hand. */
function euOrder() {
  return {
    purchase_country: 'DE',
    purchase_currency: 'EUR',
    locale: 'de-DE',
    order_amount: 28499,
    order_tax_amount: 5700,
    order_lines: [
      { type: 'physical', name: 'Shoe', quantity: 2, unit_price: 12500, tax_rate: 2500, total_amount: 25000, total_discount_amount: 0, total_tax_amount: 5000 },
      { type: 'physical', name: 'Sock', quantity: 3, unit_price: 1990, tax_rate: 2500, total_amount: 5000, total_discount_amount: 970, total_tax_amount: 1000 },
      { type: 'shipping_fee', name: 'Shipping', quantity: 1, unit_price: 499, tax_rate: 2500, total_amount: 499, total_discount_amount: 0, total_tax_amount: 100 },
      { type: 'discount', name: 'Voucher', quantity: 1, unit_price: -2000, tax_rate: 2500, total_amount: -2000, total_discount_amount: 0, total_tax_amount: -400 },
    ],
  };
}

/** The spec's §5.3 US example. */
function usOrder() {
  return {
    purchase_country: 'US',
    purchase_currency: 'USD',
    locale: 'en-US',
    order_amount: 21000,
    order_tax_amount: 1000,
    order_lines: [
      { type: 'physical', name: 'Lamp', quantity: 1, unit_price: 20000, tax_rate: 0, total_amount: 20000, total_discount_amount: 0, total_tax_amount: 0 },
      { type: 'sales_tax', name: 'Sales Tax', quantity: 1, unit_price: 1000, tax_rate: 0, total_amount: 1000, total_discount_amount: 0, total_tax_amount: 0 },
    ],
  };
}

const short = (violations) => violations.map(({ rule, path, message }) => ({ rule, path, message }));
const v = (rule, path, message = `Bad value: ${path}`) => ({ rule, path, message });

describe('validateOrder accepts what Klarna accepts', () => {
  test('the spec EUR example (28499 / 5700) and the US example (21000 / 1000) have no violation', () => {
    assert.deepEqual(validateOrder(euOrder()), []);
    assert.deepEqual(validateOrder(usOrder()), []);
  });

  test('L2 tolerance on the 499 shipping line at 25 %: 99 and 100 pass, 101 fails', () => {
    for (const [tax, expected] of [
      [99, []],
      [100, []],
      [101, [v('L2', 'order_lines[2].total_tax_amount')]],
      [98, [v('L2', 'order_lines[2].total_tax_amount')]],
    ]) {
      const order = euOrder();
      order.order_lines[2].total_tax_amount = tax;
      order.order_tax_amount = 5700 + (tax - 100);
      assert.deepEqual(short(validateOrder(order)), expected, `total_tax_amount ${tax}`);
    }
  });

  test('O2 tolerance is ±n (4 lines): 5696–5704 pass, 5695 and 5705 fail', () => {
    for (let sent = 5690; sent <= 5710; sent += 1) {
      const order = euOrder();
      order.order_tax_amount = sent;
      const expected = Math.abs(sent - 5700) <= 4 ? [] : [v('O2', 'order_tax_amount')];
      assert.deepEqual(short(validateOrder(order)), expected, `order_tax_amount ${sent}`);
    }
  });

  test('country, currency and locale are case-insensitive; optional fields may be left out or null', () => {
    const order = euOrder();
    Object.assign(order, { purchase_country: 'de', purchase_currency: 'eur', locale: 'en-de', merchant_reference1: null });
    delete order.order_lines[0].type;
    delete order.order_lines[0].total_discount_amount;
    assert.deepEqual(validateOrder(order), []);
    const noLocale = euOrder();
    delete noLocale.locale;
    assert.deepEqual(validateOrder(noLocale), []);
  });

  test('pass-through fields within their limits are accepted', () => {
    const order = {
      ...usOrder(),
      intent: 'buy_and_tokenize',
      merchant_urls: { confirmation: `https://shop.example/done/{session.id}${'x'.repeat(1900)}`, authorization: 'https://shop.example/auth' },
      merchant_reference1: 'r'.repeat(255),
      merchant_data: 'd'.repeat(6000),
      billing_address: { given_name: 'Ann', family_name: 'Lee', postal_code: '94105', region: 'CA', country: 'US', title: 'Ms' },
      customer: { date_of_birth: '1980-01-01', type: 'person' },
      auto_capture: false,
    };
    order.order_lines[0] = {
      ...order.order_lines[0],
      reference: 'SKU-1',
      quantity_unit: 'pcs',
      image_url: `https://img.example/${'i'.repeat(1000)}`,
      product_identifiers: { brand: 'Acme', global_trade_item_number: '4006381333931' },
      subscription: { name: 'Monthly lamp oil', interval: 'MONTH', interval_count: 1 },
    };
    assert.deepEqual(validateOrder(order), []);
  });
});

describe('validateOrder reports each rule with Klarna message and path', () => {
  /** [name, base order, mutation, expected violations] */
  const cases = [
    ['L1: total_amount ≠ quantity × unit_price − discount', euOrder, (o) => { o.order_lines[1].quantity = 4; }, [v('L1', 'order_lines[1].total_amount', 'Bad value: order_lines')]],
    ['L1: the discount is part of the check', euOrder, (o) => { o.order_lines[1].total_discount_amount = 0; }, [v('L1', 'order_lines[1].total_amount', 'Bad value: order_lines')]],
    ['L2: tax outside ±1 on a discount line', euOrder, (o) => { o.order_lines[3].total_tax_amount = -402; o.order_tax_amount = 5698; }, [v('L2', 'order_lines[3].total_tax_amount')]],
    ['L2: a missing total_tax_amount counts as 0', euOrder, (o) => { delete o.order_lines[0].total_tax_amount; o.order_tax_amount = 700; }, [v('L2', 'order_lines[0].total_tax_amount')]],
    ['L3: tax_rate above 10000', euOrder, (o) => { o.order_lines[0].tax_rate = 10001; }, [v('L3', 'order_lines[0].tax_rate')]],
    ['L3: negative tax_rate', euOrder, (o) => { o.order_lines[2].tax_rate = -1; }, [v('L3', 'order_lines[2].tax_rate')]],
    ['O1: order_amount ≠ Σ total_amount', euOrder, (o) => { o.order_amount = 28500; }, [v('O1', 'order_amount')]],
    ['O2: order_tax_amount outside ±n', euOrder, (o) => { o.order_tax_amount = 5000; }, [v('O2', 'order_tax_amount')]],
    ['O2: a missing order_tax_amount counts as 0', euOrder, (o) => { delete o.order_tax_amount; }, [v('O2', 'order_tax_amount')]],
    ['O2: the US sales_tax line counts as tax', usOrder, (o) => { o.order_tax_amount = 0; }, [v('O2', 'order_tax_amount')]],
    ['U1: a US line with a tax rate', usOrder, (o) => { o.order_lines[0].tax_rate = 500; o.order_lines[0].total_tax_amount = 952; o.order_tax_amount = 1952; }, [v('U1', 'order_lines[0].tax_rate')]],
    ['U1 + L2: a US line with tax but rate 0', usOrder, (o) => { o.order_lines[0].total_tax_amount = 2; o.order_tax_amount = 1002; }, [v('L2', 'order_lines[0].total_tax_amount'), v('U1', 'order_lines[0].tax_rate')]],
    ['C1: currency of another market', euOrder, (o) => { o.purchase_currency = 'USD'; }, [v('C1', 'purchase_currency')]],
    ['C2: language of another market', euOrder, (o) => { o.locale = 'fr-DE'; }, [v('C2', 'locale')]],
    ['C2: locale of another country', euOrder, (o) => { o.locale = 'en-US'; }, [v('C2', 'locale')]],
    ['C2: language only', euOrder, (o) => { o.locale = 'de'; }, [v('C2', 'locale')]],
  ];
  for (const [name, base, mutate, expected] of cases) {
    test(name, () => {
      const order = base();
      mutate(order);
      assert.deepEqual(short(validateOrder(order)), expected);
    });
  }

  test('explanations are sentences with the values: L2 names the sent and the expected tax', () => {
    const order = euOrder();
    order.order_lines[2].total_tax_amount = 101;
    order.order_tax_amount = 5701;
    const [violation] = validateOrder(order);
    assert.equal(violation.explanation, 'order_lines[2].total_tax_amount is 101 but a total of 499 at 25 % carries 100 (±1); send 100.');
  });

  test('L1, O1, O2 and C1 explanations carry the numbers', () => {
    const order = euOrder();
    order.order_lines[1].quantity = 4;
    order.order_amount = 1;
    order.order_tax_amount = 9;
    order.purchase_currency = 'SEK';
    const text = validateOrder(order).map((violation) => violation.explanation).join('\n');
    assert.match(text, /order_lines\[1\]\.total_amount is 5000 but quantity 4 × unit_price 1990 − total_discount_amount 970 is 6990/);
    assert.match(text, /order_amount is 1 but the order lines' total_amount values add up to 28499/);
    assert.match(text, /order_tax_amount is 9 but .* 5700.*±4/);
    assert.match(text, /purchase_currency is "SEK" but Klarna takes only EUR for purchases from DE/);
  });
});

describe('validateOrder field limits (§4)', () => {
  const long = (n) => 'x'.repeat(n);
  /** [name, base, mutation, expected violations] */
  const cases = [
    ['purchase_country missing', euOrder, (o) => { delete o.purchase_country; }, [v('FIELD', 'purchase_country')]],
    ['purchase_country not two letters', euOrder, (o) => { o.purchase_country = 'DEU'; }, [v('FIELD', 'purchase_country')]],
    ['purchase_country not served', euOrder, (o) => { o.purchase_country = 'JP'; }, [v('FIELD', 'purchase_country')]],
    ['purchase_currency missing', euOrder, (o) => { delete o.purchase_currency; }, [v('FIELD', 'purchase_currency')]],
    ['purchase_currency not three letters', euOrder, (o) => { o.purchase_currency = 'EURO'; }, [v('FIELD', 'purchase_currency')]],
    ['locale malformed', euOrder, (o) => { o.locale = 'de_DE'; }, [v('FIELD', 'locale')]],
    ['order_amount missing', euOrder, (o) => { delete o.order_amount; }, [v('FIELD', 'order_amount')]],
    ['order_amount negative', euOrder, (o) => { o.order_amount = -1; }, [v('FIELD', 'order_amount')]],
    ['order_amount a float', euOrder, (o) => { o.order_amount = 284.99; }, [v('FIELD', 'order_amount')]],
    ['order_amount a string', euOrder, (o) => { o.order_amount = '28499'; }, [v('FIELD', 'order_amount')]],
    ['order_tax_amount negative', euOrder, (o) => { o.order_tax_amount = -1; }, [v('FIELD', 'order_tax_amount')]],
    ['order_lines missing', euOrder, (o) => { delete o.order_lines; }, [v('FIELD', 'order_lines')]],
    ['order_lines not an array', euOrder, (o) => { o.order_lines = { 0: o.order_lines[0] }; }, [v('FIELD', 'order_lines')]],
    ['order_lines empty', euOrder, (o) => { o.order_lines = []; }, [v('FIELD', 'order_lines')]],
    ['an order line not an object', euOrder, (o) => { o.order_lines[3] = 'Voucher'; o.order_amount = 30499; o.order_tax_amount = 6100; }, [v('FIELD', 'order_lines[3]')]],
    ['name missing', euOrder, (o) => { delete o.order_lines[0].name; }, [v('FIELD', 'order_lines[0].name')]],
    ['name empty', euOrder, (o) => { o.order_lines[0].name = ''; }, [v('FIELD', 'order_lines[0].name')]],
    ['name 256 characters', euOrder, (o) => { o.order_lines[0].name = long(256); }, [v('FIELD', 'order_lines[0].name')]],
    ['reference 256 characters', euOrder, (o) => { o.order_lines[0].reference = long(256); }, [v('FIELD', 'order_lines[0].reference')]],
    ['type unknown', euOrder, (o) => { o.order_lines[0].type = 'service'; }, [v('FIELD', 'order_lines[0].type')]],
    ['quantity missing', euOrder, (o) => { delete o.order_lines[0].quantity; }, [v('FIELD', 'order_lines[0].quantity')]],
    ['quantity negative', euOrder, (o) => { o.order_lines[0].quantity = -2; o.order_lines[0].total_amount = -25000; o.order_lines[0].total_tax_amount = -5000; o.order_amount = -21501; o.order_tax_amount = -4300; }, [v('FIELD', 'order_amount'), v('FIELD', 'order_tax_amount'), v('FIELD', 'order_lines[0].quantity')]],
    ['quantity above 100000', euOrder, (o) => { o.order_lines[0].quantity = 100001; }, [v('FIELD', 'order_lines[0].quantity')]],
    ['quantity a float', euOrder, (o) => { o.order_lines[0].quantity = 1.5; }, [v('FIELD', 'order_lines[0].quantity')]],
    ['quantity_unit empty', euOrder, (o) => { o.order_lines[0].quantity_unit = ''; }, [v('FIELD', 'order_lines[0].quantity_unit')]],
    ['quantity_unit 9 characters', euOrder, (o) => { o.order_lines[0].quantity_unit = long(9); }, [v('FIELD', 'order_lines[0].quantity_unit')]],
    ['unit_price missing', euOrder, (o) => { delete o.order_lines[0].unit_price; }, [v('FIELD', 'order_lines[0].unit_price')]],
    ['unit_price a float (19.99)', euOrder, (o) => { o.order_lines[0].unit_price = 125.0001; }, [v('FIELD', 'order_lines[0].unit_price')]],
    ['unit_price above 1e8', euOrder, (o) => { o.order_lines[0].unit_price = 100000001; }, [v('FIELD', 'order_lines[0].unit_price')]],
    ['tax_rate a float', euOrder, (o) => { o.order_lines[0].tax_rate = 25.5; }, [v('FIELD', 'order_lines[0].tax_rate')]],
    ['total_amount missing', euOrder, (o) => { delete o.order_lines[0].total_amount; }, [v('FIELD', 'order_lines[0].total_amount')]],
    ['total_amount above 1e8', euOrder, (o) => { Object.assign(o.order_lines[0], { quantity: 1, unit_price: 100000000, total_amount: 100000001 }); }, [v('FIELD', 'order_lines[0].total_amount')]],
    ['total_discount_amount negative', euOrder, (o) => { o.order_lines[1].total_discount_amount = -970; }, [v('FIELD', 'order_lines[1].total_discount_amount')]],
    ['total_discount_amount above 1e8', euOrder, (o) => { o.order_lines[1].total_discount_amount = 100000001; }, [v('FIELD', 'order_lines[1].total_discount_amount')]],
    ['total_tax_amount above 1e8', euOrder, (o) => { o.order_lines[0].total_tax_amount = 100000001; }, [v('FIELD', 'order_lines[0].total_tax_amount')]],
    ['merchant_data of a line 1025 characters', euOrder, (o) => { o.order_lines[0].merchant_data = long(1025); }, [v('FIELD', 'order_lines[0].merchant_data')]],
    ['product_url 1025 characters', euOrder, (o) => { o.order_lines[0].product_url = long(1025); }, [v('FIELD', 'order_lines[0].product_url')]],
    ['image_url 1025 characters', euOrder, (o) => { o.order_lines[0].image_url = long(1025); }, [v('FIELD', 'order_lines[0].image_url')]],
    ['product_identifiers not an object', euOrder, (o) => { o.order_lines[0].product_identifiers = 'Acme'; }, [v('FIELD', 'order_lines[0].product_identifiers')]],
    ['product_identifiers.brand 71 characters', euOrder, (o) => { o.order_lines[0].product_identifiers = { brand: long(71) }; }, [v('FIELD', 'order_lines[0].product_identifiers.brand')]],
    ['product_identifiers.category_path 751 characters', euOrder, (o) => { o.order_lines[0].product_identifiers = { category_path: long(751) }; }, [v('FIELD', 'order_lines[0].product_identifiers.category_path')]],
    ['subscription without interval', euOrder, (o) => { o.order_lines[0].subscription = { name: 'Monthly', interval_count: 1 }; }, [v('FIELD', 'order_lines[0].subscription.interval')]],
    ['subscription interval unknown, count 0', euOrder, (o) => { o.order_lines[0].subscription = { name: 'Monthly', interval: 'HOUR', interval_count: 0 }; }, [v('FIELD', 'order_lines[0].subscription.interval'), v('FIELD', 'order_lines[0].subscription.interval_count')]],
    ['intent unknown', euOrder, (o) => { o.intent = 'sell'; }, [v('FIELD', 'intent')]],
    ['merchant_urls not an object', euOrder, (o) => { o.merchant_urls = 'https://shop.example'; }, [v('FIELD', 'merchant_urls')]],
    ['merchant_urls.confirmation 2001 characters', euOrder, (o) => { o.merchant_urls = { confirmation: long(2001) }; }, [v('FIELD', 'merchant_urls.confirmation')]],
    ['merchant_reference1 256 characters', euOrder, (o) => { o.merchant_reference1 = long(256); }, [v('FIELD', 'merchant_reference1')]],
    ['merchant_reference2 a number', euOrder, (o) => { o.merchant_reference2 = 42; }, [v('FIELD', 'merchant_reference2')]],
    ['merchant_data 6001 characters', euOrder, (o) => { o.merchant_data = long(6001); }, [v('FIELD', 'merchant_data')]],
    ['billing_address.postal_code 11 characters', euOrder, (o) => { o.billing_address = { postal_code: '12345678901' }; }, [v('FIELD', 'billing_address.postal_code')]],
    ['shipping_address.city 100 characters', euOrder, (o) => { o.shipping_address = { city: long(100) }; }, [v('FIELD', 'shipping_address.city')]],
    ['billing_address.country malformed', euOrder, (o) => { o.billing_address = { country: 'Germany' }; }, [v('FIELD', 'billing_address.country')]],
    ['US billing_address without region', usOrder, (o) => { o.billing_address = { postal_code: '94105', country: 'US' }; }, [v('FIELD', 'billing_address.region')]],
    ['AU shipping_address without region', euOrder, (o) => { o.shipping_address = { country: 'AU' }; }, [v('FIELD', 'shipping_address.region')]],
    ['customer.type unknown', euOrder, (o) => { o.customer = { type: 'company' }; }, [v('FIELD', 'customer.type')]],
    ['auto_capture a string', euOrder, (o) => { o.auto_capture = 'yes'; }, [v('FIELD', 'auto_capture')]],
  ];
  for (const [name, base, mutate, expected] of cases) {
    test(name, () => {
      const order = base();
      mutate(order);
      assert.deepEqual(short(validateOrder(order)), expected);
    });
  }

  test('more than 1000 order lines', () => {
    const line = { type: 'digital', name: 'Sticker', quantity: 1, unit_price: 100, tax_rate: 0, total_amount: 100, total_discount_amount: 0, total_tax_amount: 0 };
    const order = { purchase_country: 'SE', purchase_currency: 'SEK', locale: 'sv-SE', order_tax_amount: 0 };
    assert.deepEqual(validateOrder({ ...order, order_amount: 100000, order_lines: Array.from({ length: 1000 }, () => ({ ...line })) }), []);
    assert.deepEqual(short(validateOrder({ ...order, order_amount: 100100, order_lines: Array.from({ length: 1001 }, () => ({ ...line })) })), [v('FIELD', 'order_lines')]);
  });

  test('personal data stays out of explanations: a long postal code is reported by length', () => {
    const order = euOrder();
    order.billing_address = { postal_code: 'SECRET-12345' };
    const [violation] = validateOrder(order);
    assert.doesNotMatch(violation.explanation, /SECRET/);
    assert.match(violation.explanation, /12 characters long but Klarna takes at most 10/);
  });
});

describe('validateOrder on anything', () => {
  test('null, arrays, strings, numbers and undefined give the four required-field violations, never a throw', () => {
    for (const input of [null, undefined, [], ['order'], 'order', 42, true]) {
      assert.deepEqual(
        short(validateOrder(input)),
        [v('FIELD', 'purchase_country'), v('FIELD', 'purchase_currency'), v('FIELD', 'order_amount'), v('FIELD', 'order_lines')],
        `input ${JSON.stringify(input)}`,
      );
    }
  });

  test('every violation is reported, not only the first', () => {
    const order = euOrder();
    order.purchase_currency = 'GBP';
    order.locale = 'sv-SE';
    order.order_amount = 1;
    order.order_lines[0].name = '';
    order.order_lines[1].quantity = 5;
    order.order_lines[2].total_tax_amount = 200;
    order.order_lines[3].tax_rate = 20000;
    order.merchant_reference1 = 'r'.repeat(300);
    assert.deepEqual(short(validateOrder(order)), [
      v('C1', 'purchase_currency'),
      v('C2', 'locale'),
      v('FIELD', 'order_lines[0].name'),
      v('L1', 'order_lines[1].total_amount', 'Bad value: order_lines'),
      v('L2', 'order_lines[2].total_tax_amount'),
      v('L3', 'order_lines[3].tax_rate'),
      v('O1', 'order_amount'),
      v('O2', 'order_tax_amount'),
      v('FIELD', 'merchant_reference1'),
    ]);
  });

  test('each explanation is a sentence; each message is "Bad value: <field>"', () => {
    const order = euOrder();
    order.order_lines[0].quantity = 'two';
    order.intent = 7;
    for (const violation of validateOrder(order)) {
      assert.match(violation.message, /^Bad value: [a-z_]+(\[\d+\])?(\.[a-z_]+)*$/);
      assert.match(violation.explanation, /^[a-z_]+(\[\d+\])?(\.[a-z_]+)* .+\.$/);
    }
  });
});

describe('KlarnaOrderValidationError', () => {
  test('carries the violations, a literal name and a message quoting the first', () => {
    const violations = validateOrder({ ...euOrder(), order_amount: 7 });
    const error = new KlarnaOrderValidationError(violations);
    assert.ok(error instanceof KlarnaError);
    assert.ok(error instanceof Error);
    assert.equal(error.name, 'KlarnaOrderValidationError');
    assert.deepEqual(error.violations, violations);
    assert.match(error.message, /Bad value: order_amount/);
    assert.match(error.message, /order_amount is 7 but/);
  });
});
