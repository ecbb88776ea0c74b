// Three checkout handler processes sharing one Redis and one Klarna simulator over loopback HTTP, as a
// shop runs behind a load balancer: once-only orders across instances (exactly one Klarna create-order
// call, checked in the simulator's request log), a winner that dies mid-call, a lost answer settled
// across instances, and session updates kept in order across instances.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startKlarnaSimulator, AUTHORIZATION_CALLBACK_ROUTE } from '../../dist/simulator/index.js';
import { createRedisCheckoutStore } from '../../dist/server/index.js';
import { nodeRedisClient, redisUrl, stopOwnRedis } from '../helpers/redis-for-tests.js';
import { postJson, startHandlerFleet } from '../helpers/handler-fleet.js';

const CREATE_ORDER_ROUTE = 'POST /payments/v1/authorizations/:token/order';
const cart = (quantity) => ({ items: [{ id: 'sku-shirt', quantity }, { id: 'sku-mug', quantity: 1 }] });

let simulator;
let url;
before(async () => {
  simulator = await startKlarnaSimulator();
  url = await redisUrl();
});
after(async () => {
  await simulator.stop();
  await stopOwnRedis();
});

/** The simulator's create-order calls (the token is in the path; the log redacts nothing else we need). */
const createOrderCalls = () => simulator.requests.filter((request) => request.method === 'POST' && /\/payments\/v1\/authorizations\/[^/]+\/order$/.test(request.path));

async function fleet(t, options = {}) {
  const started = await startHandlerFleet({ simulator, redisUrl: url, orderClaimTtlMs: 1500, orderWaitMs: 8000, ...options });
  t.after(() => started.stop());
  return started;
}

test('9 concurrent order requests over 3 instances plus the authorization callback: one create-order call, one order_id everywhere', async (t) => {
  const { urls, events } = await fleet(t);
  const session = await postJson(`${urls[0]}/session`, { cart: cart(2) });
  assert.equal(session.status, 200);
  const sessionId = session.body.session_id;
  // Hold Klarna's callback back and slow create-order down, so every request meets the others in flight.
  simulator.faults.add({ route: AUTHORIZATION_CALLBACK_ROUTE, hang: true });
  simulator.faults.add({ route: CREATE_ORDER_ROUTE, latencyMs: 300 });
  const { authorization_token: token } = await simulator.authorize({ session_id: sessionId });
  simulator.requests.clear();

  const body = { authorization_token: token, session_id: sessionId, cart: cart(2) };
  const requests = [];
  for (let i = 0; i < 9; i++) requests.push(postJson(`${urls[i % 3]}/order`, body));
  simulator.releaseAuthorizationCallbacks(sessionId);
  const answers = await Promise.all(requests);
  const callback = await simulator.waitForAuthorizationCallback(sessionId);

  assert.deepEqual(answers.map((answer) => answer.status), Array(9).fill(200), JSON.stringify(answers.find((answer) => answer.status !== 200)));
  const orderIds = new Set(answers.map((answer) => answer.body.order_id));
  assert.equal(orderIds.size, 1, 'every request got the same order');
  assert.equal(callback.outcome, 'delivered');
  assert.equal(callback.status, 200);
  assert.equal(createOrderCalls().length, 1, 'exactly one create-order call reached Klarna');
  const placed = events.filter((event) => event.event === 'order-placed');
  assert.equal(placed.length, 1, 'onOrderPlaced fired once across the three instances');
  assert.equal(placed[0].orderId, [...orderIds][0]);
  assert.equal(placed[0].sessionId, sessionId);
  assert.equal([...simulator.orders.values()].filter((order) => order.session_id === sessionId).length, 1);
  // Later repeats, on any instance, answer the same order from Redis without calling Klarna.
  const repeat = await postJson(`${urls[2]}/order`, body);
  assert.equal(repeat.body.order_id, [...orderIds][0]);
  assert.equal(createOrderCalls().length, 1);
});

test('the winner dies mid-call: its claim expires and another instance settles the order (placed once)', async (t) => {
  const { urls, events, kill } = await fleet(t, { withCallback: false });
  const session = await postJson(`${urls[0]}/session`, { cart: cart(1) });
  const sessionId = session.body.session_id;
  const { authorization_token: token } = await simulator.authorize({ session_id: sessionId });
  const body = { authorization_token: token, session_id: sessionId, cart: cart(1) };
  simulator.requests.clear();
  // Klarna never answers instance 0's call (it never reaches the order route); instance 0 then crashes.
  simulator.faults.add({ route: CREATE_ORDER_ROUTE, hang: true });
  const doomed = postJson(`${urls[0]}/order`, body).catch((error) => ({ error }));
  while (createOrderCalls().length === 0) await new Promise((resolve) => setTimeout(resolve, 20));
  await kill(0);
  assert.ok((await doomed).error, 'the dead instance never answered');

  const started = Date.now();
  const settled = await postJson(`${urls[1]}/order`, body);
  const waitedMs = Date.now() - started;
  assert.equal(settled.status, 200, JSON.stringify(settled.body));
  assert.ok(waitedMs < 5000, `settled after ${waitedMs} ms (claim TTL 1500 ms)`);
  assert.equal(createOrderCalls().length, 2, 'the dead call and the settling retry with the same token');
  const placed = events.filter((event) => event.event === 'order-placed');
  assert.deepEqual(placed.map((event) => [event.instance, event.orderId]), [['1', settled.body.order_id]]);
  const orders = [...simulator.orders.values()].filter((order) => order.session_id === sessionId);
  assert.equal(orders.length, 1);
  assert.equal(orders[0].merchant_reference1, sessionId, 'the order carries the session id to be found by');
  const again = await postJson(`${urls[2]}/order`, body);
  assert.equal(again.body.order_id, settled.body.order_id);
});

test('Klarna placed the order but the answer was lost: outcome_unknown on every instance, reported once, never "authorize again"', async (t) => {
  const { urls, events } = await fleet(t, { withCallback: false });
  const session = await postJson(`${urls[0]}/session`, { cart: cart(3) });
  const sessionId = session.body.session_id;
  const { authorization_token: token } = await simulator.authorize({ session_id: sessionId });
  const body = { authorization_token: token, session_id: sessionId, cart: cart(3) };
  simulator.faults.add({ route: CREATE_ORDER_ROUTE, commitThenDrop: true });
  const first = await postJson(`${urls[0]}/order`, body);
  assert.equal(first.status, 503);
  // Settled as "placed, id lost": final, never "authorize again", never "try again".
  assert.deepEqual(
    { code: first.body.error.code, reauthorize: first.body.error.reauthorize, retryable: first.body.error.retryable },
    { code: 'outcome_unknown', reauthorize: false, retryable: false },
  );
  const second = await postJson(`${urls[1]}/order`, body);
  assert.equal(second.status, 503);
  assert.equal(second.body.error.code, 'outcome_unknown');
  const unknown = events.filter((event) => event.event === 'order-outcome-unknown');
  assert.equal(unknown.length, 1, 'reported once across instances');
  assert.equal(unknown[0].merchantReference, sessionId);
  const orders = [...simulator.orders.values()].filter((order) => order.session_id === sessionId);
  assert.equal(orders.length, 1, 'no second order was placed');
  assert.equal(orders[0].merchant_reference1, sessionId, 'the merchant finds the order by its merchant_reference1');
  assert.equal(events.filter((event) => event.event === 'order-placed').length, 0);
});

test('two updates of one session on two instances land in order: Klarna and the stored order both hold the last', async (t) => {
  const { urls, keyPrefix } = await fleet(t);
  const session = await postJson(`${urls[0]}/session`, { cart: cart(1) });
  const sessionId = session.body.session_id;
  // The first update is slow at Klarna; the second, sent 50 ms later elsewhere, must not overtake it.
  simulator.faults.add({ route: 'POST /payments/v1/sessions/:id', latencyMs: 600 });
  const slow = postJson(`${urls[0]}/session`, { session_id: sessionId, cart: cart(5) });
  await new Promise((resolve) => setTimeout(resolve, 50));
  const fast = postJson(`${urls[2]}/session`, { session_id: sessionId, cart: cart(7) });
  const [a, b] = await Promise.all([slow, fast]);
  assert.equal(a.status, 200);
  assert.equal(b.status, 200);
  assert.equal(b.body.order_amount, 7 * 2500 + 1299);

  const atKlarna = simulator.sessions.get(sessionId).data.order_lines[0].quantity;
  assert.equal(atKlarna, 7, 'Klarna holds the last update');
  const store = createRedisCheckoutStore({ client: await nodeRedisClient(t, url), keyPrefix });
  const stored = await store.get(`session:${sessionId}`);
  assert.equal(stored.order.order_lines[0].quantity, 7, 'the stored priced order equals what Klarna accepted last');

  // So the authorization callback places exactly what was authorized.
  const { authorization_token: token } = await simulator.authorize({ session_id: sessionId });
  const callback = await simulator.waitForAuthorizationCallback(sessionId);
  assert.equal(callback.status, 200);
  const order = [...simulator.orders.values()].find((entry) => entry.session_id === sessionId);
  assert.equal(order.order_amount, 7 * 2500 + 1299);
  const fromBrowser = await postJson(`${urls[1]}/order`, { authorization_token: token, session_id: sessionId, cart: cart(7) });
  assert.equal(fromBrowser.body.order_id, order.order_id);
});
