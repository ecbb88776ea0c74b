// The simulator's Order Management v1 over real HTTP: the order state machine, its 403 codes and
// messages, 201 + Location + Capture-Id/Refund-Id, 404 codes, expiry and extension (klarna-spec.md §6).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startKlarnaSimulator } from '../../dist/simulator/index.js';
import { call, placeOrder, smallCart } from './simulator-test-kit.js';

let sim;
before(async () => {
  sim = await startKlarnaSimulator({ clock: { now: () => Date.UTC(2026, 2, 1, 9) } });
});
after(() => sim.stop());

const DAY = 24 * 3600_000;
const orderPath = (id, rest = '') => `/ordermanagement/v1/orders/${id}${rest}`;
const readOrder = async (id) => (await call(sim, 'GET', orderPath(id))).body;
const capture = (id, amount, extra = {}) => call(sim, 'POST', orderPath(id, '/captures'), { body: { captured_amount: amount, ...extra } });
const refund = (id, amount) => call(sim, 'POST', orderPath(id, '/refunds'), { body: { refunded_amount: amount } });
const newOrder = async () => (await placeOrder(sim, smallCart())).order_id; // 10000 authorized

describe('order read', () => {
  test('a new order is AUTHORIZED with the read model fields and expires 28 days later', async () => {
    const id = await newOrder();
    const order = await readOrder(id);
    assert.equal(order.order_id, id);
    assert.equal(order.status, 'AUTHORIZED');
    assert.equal(order.fraud_status, 'ACCEPTED');
    assert.equal(order.order_amount, 10000);
    assert.equal(order.original_order_amount, 10000);
    assert.equal(order.captured_amount, 0);
    assert.equal(order.refunded_amount, 0);
    assert.equal(order.remaining_authorized_amount, 10000);
    assert.equal(order.purchase_currency, 'EUR');
    assert.equal(order.order_lines.length, 2);
    assert.equal(typeof order.klarna_reference, 'string');
    assert.equal(Date.parse(order.expires_at) - Date.parse(order.created_at), 28 * DAY);
    assert.deepEqual(order.captures, []);
    assert.deepEqual(order.refunds, []);
    assert.equal(order.billing_address.postal_code, '41460');
  });

  test('an unknown order: 404 NO_SUCH_ORDER', async () => {
    const response = await call(sim, 'GET', orderPath('no-such-order'));
    assert.equal(response.status, 404);
    assert.equal(response.body.error_code, 'NO_SUCH_ORDER');
  });

  test('an order is not visible from another region', async () => {
    const id = await newOrder();
    const response = await call(sim, 'GET', orderPath(id), { region: 'oc' });
    assert.equal(response.status, 404);
    assert.equal(response.body.error_code, 'NO_SUCH_ORDER');
  });
});

describe('captures', () => {
  test('capture answers 201 with Location and Capture-Id and no body', async () => {
    const id = await newOrder();
    const response = await capture(id, 4000);
    assert.equal(response.status, 201);
    assert.equal(response.text, '');
    const captureId = response.headers.get('capture-id');
    assert.ok(captureId);
    assert.equal(response.headers.get('location'), `${sim.baseUrl('eu', 'playground')}/ordermanagement/v1/orders/${id}/captures/${captureId}`);
    const read = await call(sim, 'GET', orderPath(id, `/captures/${captureId}`));
    assert.equal(read.status, 200);
    assert.equal(read.body.capture_id, captureId);
    assert.equal(read.body.captured_amount, 4000);
  });

  test('part capture → PART_CAPTURED, the rest → CAPTURED', async () => {
    const id = await newOrder();
    await capture(id, 4000);
    let order = await readOrder(id);
    assert.equal(order.status, 'PART_CAPTURED');
    assert.equal(order.captured_amount, 4000);
    assert.equal(order.remaining_authorized_amount, 6000);
    await capture(id, 6000);
    order = await readOrder(id);
    assert.equal(order.status, 'CAPTURED');
    assert.equal(order.remaining_authorized_amount, 0);
    const list = await call(sim, 'GET', orderPath(id, '/captures'));
    assert.equal(list.status, 200);
    assert.deepEqual(list.body.map((c) => c.captured_amount), [4000, 6000]);
  });

  test('over-capture: 403 CAPTURE_NOT_ALLOWED and nothing changes', async () => {
    const id = await newOrder();
    await capture(id, 4000);
    const response = await capture(id, 6001);
    assert.equal(response.status, 403);
    assert.equal(response.body.error_code, 'CAPTURE_NOT_ALLOWED');
    assert.equal((await readOrder(id)).captured_amount, 4000);
  });

  test('a PENDING order cannot be captured until its fraud status is ACCEPTED', async () => {
    const { order_id } = await placeOrder(sim, smallCart(), { fraudStatus: 'PENDING' });
    assert.equal((await readOrder(order_id)).fraud_status, 'PENDING');
    assert.equal((await capture(order_id, 100)).body.error_code, 'CAPTURE_NOT_ALLOWED');
    sim.setFraudStatus(order_id, 'ACCEPTED');
    assert.equal((await capture(order_id, 100)).status, 201);
  });

  test('a missing captured_amount: 400 BAD_VALUE', async () => {
    const id = await newOrder();
    const response = await call(sim, 'POST', orderPath(id, '/captures'), { body: { description: 'x' } });
    assert.equal(response.status, 400);
    assert.equal(response.body.error_code, 'BAD_VALUE');
  });

  test('an unknown capture: 404 NO_SUCH_CAPTURE', async () => {
    const id = await newOrder();
    const response = await call(sim, 'GET', orderPath(id, '/captures/nope'));
    assert.equal(response.status, 404);
    assert.equal(response.body.error_code, 'NO_SUCH_CAPTURE');
  });

  test('capture shipping info, send-out and due-date extension', async () => {
    const id = await newOrder();
    const captureId = (await capture(id, 1000)).headers.get('capture-id');
    const info = await call(sim, 'POST', orderPath(id, `/captures/${captureId}/shipping-info`), {
      body: { shipping_info: [{ shipping_company: 'DHL', tracking_number: '123' }] },
    });
    assert.equal(info.status, 204);
    assert.equal((await call(sim, 'POST', orderPath(id, `/captures/${captureId}/trigger-send-out`))).status, 204);
    const options = await call(sim, 'GET', orderPath(id, `/captures/${captureId}/extend-due-date-options`));
    assert.equal(options.status, 200);
    const days = options.body.options[0].number_of_days;
    assert.equal((await call(sim, 'PATCH', orderPath(id, `/captures/${captureId}/extend-due-date`), { body: { number_of_days: days } })).status, 204);
    const read = await call(sim, 'GET', orderPath(id, `/captures/${captureId}`));
    assert.equal(read.body.shipping_info[0].tracking_number, '123');
  });
});

describe('refunds', () => {
  test('refund without captures: 403 REFUND_NOT_ALLOWED "Order has no captures. Refund not possible."', async () => {
    const id = await newOrder();
    const response = await refund(id, 100);
    assert.equal(response.status, 403);
    assert.equal(response.body.error_code, 'REFUND_NOT_ALLOWED');
    assert.deepEqual(response.body.error_messages, ['Order has no captures. Refund not possible.']);
  });

  test('refund 201 with Location and Refund-Id; GET refund; over-refund 403', async () => {
    const id = await newOrder();
    await capture(id, 5000);
    const first = await refund(id, 3000);
    assert.equal(first.status, 201);
    assert.equal(first.text, '');
    const refundId = first.headers.get('refund-id');
    assert.equal(first.headers.get('location'), `${sim.baseUrl('eu', 'playground')}/ordermanagement/v1/orders/${id}/refunds/${refundId}`);
    const read = await call(sim, 'GET', orderPath(id, `/refunds/${refundId}`));
    assert.equal(read.status, 200);
    assert.equal(read.body.refunded_amount, 3000);
    const over = await refund(id, 2001);
    assert.equal(over.status, 403);
    assert.equal(over.body.error_code, 'REFUND_NOT_ALLOWED');
    assert.deepEqual(over.body.error_messages, ['Over refund is not allowed. Refund not possible.']);
    assert.equal((await refund(id, 2000)).status, 201);
    const order = await readOrder(id);
    assert.equal(order.refunded_amount, 5000);
    assert.equal(order.captures[0].refunded_amount, 5000);
  });

  test('an unknown refund: 404 NOT_FOUND', async () => {
    const id = await newOrder();
    const response = await call(sim, 'GET', orderPath(id, '/refunds/nope'));
    assert.equal(response.status, 404);
    assert.equal(response.body.error_code, 'NOT_FOUND');
  });
});

describe('cancel, release, extend, update', () => {
  test('cancel without captures: 204 → CANCELLED, remaining 0, then capture refused', async () => {
    const id = await newOrder();
    assert.equal((await call(sim, 'POST', orderPath(id, '/cancel'))).status, 204);
    const order = await readOrder(id);
    assert.equal(order.status, 'CANCELLED');
    assert.equal(order.remaining_authorized_amount, 0);
    assert.equal((await capture(id, 100)).body.error_code, 'CAPTURE_NOT_ALLOWED');
  });

  test('cancel with captures: 403 CANCEL_NOT_ALLOWED "Order has previous captures. Cancel not possible"', async () => {
    const id = await newOrder();
    await capture(id, 100);
    const response = await call(sim, 'POST', orderPath(id, '/cancel'));
    assert.equal(response.status, 403);
    assert.equal(response.body.error_code, 'CANCEL_NOT_ALLOWED');
    assert.deepEqual(response.body.error_messages, ['Order has previous captures. Cancel not possible']);
  });

  test('release remaining of a part-captured order: 204 → CAPTURED, remaining 0', async () => {
    const id = await newOrder();
    await capture(id, 3000);
    assert.equal((await call(sim, 'POST', orderPath(id, '/release-remaining-authorization'))).status, 204);
    const order = await readOrder(id);
    assert.equal(order.status, 'CAPTURED');
    assert.equal(order.remaining_authorized_amount, 0);
    assert.equal(order.captured_amount, 3000);
  });

  test('release remaining of a fully captured order: 403 NOT_ALLOWED', async () => {
    const id = await newOrder();
    await capture(id, 10000);
    const response = await call(sim, 'POST', orderPath(id, '/release-remaining-authorization'));
    assert.equal(response.status, 403);
    assert.equal(response.body.error_code, 'NOT_ALLOWED');
    assert.deepEqual(response.body.error_messages, ['Order is fully captured. Remaining authorization cannot be released.']);
  });

  test('extend sets expires_at to now + 28 days', async () => {
    const id = await newOrder();
    sim.advanceTime(10 * DAY);
    assert.equal((await call(sim, 'POST', orderPath(id, '/extend-authorization-time'))).status, 204);
    const order = await readOrder(id);
    assert.equal(Date.parse(order.expires_at), sim.now() + 28 * DAY);
  });

  test('after 28 days the order is EXPIRED, capture and extend are refused', async () => {
    const id = await newOrder();
    sim.advanceTime(28 * DAY - 1);
    assert.equal((await readOrder(id)).status, 'AUTHORIZED');
    sim.advanceTime(1);
    const order = await readOrder(id);
    assert.equal(order.status, 'EXPIRED');
    assert.equal(order.remaining_authorized_amount, 0);
    assert.equal((await capture(id, 100)).body.error_code, 'CAPTURE_NOT_ALLOWED');
    const extend = await call(sim, 'POST', orderPath(id, '/extend-authorization-time'));
    assert.equal(extend.status, 403);
    assert.equal(extend.body.error_code, 'NOT_ALLOWED');
    assert.deepEqual(extend.body.error_messages, ['Order is expired. Authorization time cannot be extended.']);
  });

  test('PATCH authorization below the captured amount: 403 NOT_ALLOWED with both amounts', async () => {
    const id = await newOrder();
    await capture(id, 8000);
    const response = await call(sim, 'PATCH', orderPath(id, '/authorization'), { body: { order_amount: 7000 } });
    assert.equal(response.status, 403);
    assert.equal(response.body.error_code, 'NOT_ALLOWED');
    assert.deepEqual(response.body.error_messages, ['Resulting authorization amount 7000 cannot be less than the captured amount 8000']);
  });

  test('PATCH authorization within the rules: 204, new amount and remaining; equal to captured → CAPTURED', async () => {
    const id = await newOrder();
    await capture(id, 8000);
    assert.equal((await call(sim, 'PATCH', orderPath(id, '/authorization'), { body: { order_amount: 12000 } })).status, 204);
    let order = await readOrder(id);
    assert.equal(order.order_amount, 12000);
    assert.equal(order.original_order_amount, 10000);
    assert.equal(order.remaining_authorized_amount, 4000);
    assert.equal(order.status, 'PART_CAPTURED');
    assert.equal((await call(sim, 'PATCH', orderPath(id, '/authorization'), { body: { order_amount: 8000 } })).status, 204);
    order = await readOrder(id);
    assert.equal(order.status, 'CAPTURED');
  });

  test('merchant references, customer details, shipping info and acknowledge answer 204', async () => {
    const id = await newOrder();
    assert.equal((await call(sim, 'PATCH', orderPath(id, '/merchant-references'), { body: { merchant_reference1: 'ORDER-42' } })).status, 204);
    assert.equal((await call(sim, 'PATCH', orderPath(id, '/customer-details'), { body: { shipping_address: { postal_code: '10115', city: 'Berlin' } } })).status, 204);
    assert.equal((await call(sim, 'POST', orderPath(id, '/shipping-info'), { body: { shipping_info: [{ tracking_number: 'X1' }] } })).status, 204);
    assert.equal((await call(sim, 'POST', orderPath(id, '/acknowledge'))).status, 204);
    const order = await readOrder(id);
    assert.equal(order.merchant_reference1, 'ORDER-42');
    assert.equal(order.shipping_address.city, 'Berlin');
  });

  test('CLOSED via the test hook refuses writes', async () => {
    const id = await newOrder();
    await capture(id, 1000);
    sim.closeOrder(id);
    assert.equal((await readOrder(id)).status, 'CLOSED');
    assert.equal((await capture(id, 100)).body.error_code, 'CAPTURE_NOT_ALLOWED');
    assert.equal((await refund(id, 100)).body.error_code, 'REFUND_NOT_ALLOWED');
    assert.equal((await call(sim, 'PATCH', orderPath(id, '/merchant-references'), { body: { merchant_reference1: 'x' } })).status, 403);
  });
});
