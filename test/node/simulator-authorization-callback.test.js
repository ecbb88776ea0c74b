// Klarna's server-side authorization callback, sent by the simulator: after every approval that creates
// an authorization token, a POST of {authorization_token, session_id} to merchant_urls.authorization —
// in the background, once, with a time-out; refused for non-HTTPS outside loopback; inspectable; faultable.
import { after, afterEach, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AUTHORIZATION_CALLBACK_ROUTE,
  KlarnaSimulatorError,
  startKlarnaSimulator,
} from '../../dist/simulator/index.js';
import { billingAddress, call, createSession, smallCart, startMerchant } from './simulator-test-kit.js';

const START = Date.UTC(2026, 5, 1);
let sim;
let merchant;
before(async () => {
  sim = await startKlarnaSimulator({ clock: { now: () => START }, authorizationCallbackTimeoutMs: 400 });
  merchant = await startMerchant();
});
afterEach(() => {
  sim.reset();
  merchant.answer = () => 200;
  merchant.forget();
});
after(async () => {
  await sim.stop();
  await merchant.stop();
});

/** A session whose merchant_urls.authorization is `url`. */
const sessionWithCallback = (url, cart = smallCart()) => createSession(sim, { ...cart, merchant_urls: { authorization: url } });

/** What the simulator's browser library does when the shopper confirms: the widget's hook over HTTP. */
async function authorizeInBrowser(session, input = {}) {
  const started = Date.now();
  const response = await call(sim, 'POST', '/simulator/v1/authorizations', {
    auth: null,
    body: { client_token: session.client_token, data: { billing_address: billingAddress() }, ...input },
  });
  assert.equal(response.status, 200, response.text);
  return { ...response.body, elapsedMs: Date.now() - started };
}

describe('delivery', () => {
  test('an approval POSTs {authorization_token, session_id} as JSON with the simulator as User-Agent', async () => {
    const session = await sessionWithCallback(`${merchant.url}/klarna/authorization`);
    const answer = await authorizeInBrowser(session);
    assert.equal(answer.approved, true);

    const received = await merchant.next();
    assert.equal(received.method, 'POST');
    assert.equal(received.url, '/klarna/authorization');
    assert.match(received.headers['content-type'], /^application\/json/);
    assert.match(received.headers['user-agent'], /KlarnaSimulator/);
    assert.deepEqual(received.body, { authorization_token: answer.authorization_token, session_id: session.session_id });

    const delivery = await sim.waitForAuthorizationCallback(session.session_id);
    assert.equal(delivery.outcome, 'delivered');
    assert.equal(delivery.status, 200);
    assert.equal(delivery.sessionId, session.session_id);
    assert.equal(delivery.url, `${merchant.url}/klarna/authorization`);
    assert.equal(delivery.at, START);
    assert.equal(delivery.error, undefined);
  });

  test('{session.id} is replaced in path and query; the record redacts the query string', async () => {
    const session = await sessionWithCallback(`${merchant.url}/cb/{session.id}?secret=s3cr3t-one-time&sid={session.id}`);
    await authorizeInBrowser(session);
    const received = await merchant.next();
    assert.equal(received.url, `/cb/${session.session_id}?secret=s3cr3t-one-time&sid=${session.session_id}`);
    const delivery = await sim.waitForAuthorizationCallback(session.session_id);
    assert.equal(delivery.url, `${merchant.url}/cb/${session.session_id}?[redacted]`);
  });

  test('the JavaScript authorize() and an URL added by a session update trigger it too', async () => {
    const session = await createSession(sim, smallCart());
    const update = await call(sim, 'POST', `/payments/v1/sessions/${session.session_id}`, {
      body: { merchant_urls: { authorization: `${merchant.url}/late-added` } },
    });
    assert.equal(update.status, 204);
    const answer = await sim.authorize({ session_id: session.session_id, data: { billing_address: billingAddress() } });
    const received = await merchant.next();
    assert.equal(received.url, '/late-added');
    assert.equal(received.body.authorization_token, answer.authorization_token);
  });

  test('a session without merchant_urls.authorization sends nothing', async () => {
    const session = await createSession(sim, { ...smallCart(), merchant_urls: { confirmation: `${merchant.url}/thanks` } });
    const before = merchant.received.length;
    await authorizeInBrowser(session);
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(merchant.received.length, before);
    assert.deepEqual(sim.authorizationCallbacks(), []);
  });
});

describe('only for authorizations that create a token', () => {
  test('a declined authorization sends nothing', async () => {
    const session = await sessionWithCallback(`${merchant.url}/declined`);
    const answer = await authorizeInBrowser(session, { data: { billing_address: billingAddress('customer+denied@email.de') } });
    assert.equal(answer.approved, false);
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(merchant.received.filter((entry) => entry.url === '/declined').length, 0);
    assert.deepEqual(sim.authorizationCallbacks(), []);
  });

  test('authorize without auto_finalize sends nothing; finalize sends one with its token', async () => {
    const session = await sessionWithCallback(`${merchant.url}/two-step`);
    const first = await authorizeInBrowser(session, { auto_finalize: false });
    assert.equal(first.finalize_required, true);
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.deepEqual(sim.authorizationCallbacks(), []);

    const finalized = await call(sim, 'POST', '/simulator/v1/finalizations', { auth: null, body: { client_token: session.client_token } });
    assert.equal(finalized.body.approved, true);
    const received = await merchant.next();
    assert.equal(received.url, '/two-step');
    assert.equal(received.body.authorization_token, finalized.body.authorization_token);
    assert.equal((await sim.waitForAuthorizationCallback(session.session_id)).outcome, 'delivered');
    assert.equal(sim.authorizationCallbacks().length, 1);
  });

  test('each authorization of a session sends its own callback with its new token', async () => {
    const session = await sessionWithCallback(`${merchant.url}/again`);
    const first = await authorizeInBrowser(session);
    const firstReceived = await merchant.next();
    const second = await authorizeInBrowser(session);
    const secondReceived = await merchant.next();
    assert.notEqual(first.authorization_token, second.authorization_token);
    assert.equal(firstReceived.body.authorization_token, first.authorization_token);
    assert.equal(secondReceived.body.authorization_token, second.authorization_token);
    await sim.waitForAuthorizationCallback(session.session_id);
    await sim.waitForAuthorizationCallback(session.session_id);
    assert.deepEqual(sim.authorizationCallbacks().map((delivery) => delivery.outcome), ['delivered', 'delivered']);
  });
});

describe('refused URLs are recorded and never called', () => {
  for (const [label, url, reason] of [
    ['http to a public host', 'http://example.com/klarna/{session.id}?secret=abc', /https/],
    ['http to a private address', 'http://10.0.0.1/cb', /https/],
    ['another protocol', 'ftp://127.0.0.1/cb', /https/],
    ['a relative URL', '/klarna/authorization', /absolute/],
  ]) {
    test(label, async () => {
      const session = await sessionWithCallback(url);
      const answer = await authorizeInBrowser(session);
      assert.equal(answer.approved, true, 'the authorization itself is unaffected');
      const delivery = await sim.waitForAuthorizationCallback(session.session_id, { timeoutMs: 1000 });
      assert.equal(delivery.outcome, 'refused');
      assert.equal(delivery.status, undefined);
      assert.match(delivery.error, reason);
      assert.doesNotMatch(JSON.stringify(delivery), /secret=abc/);
    });
  }

  test('a URL over 2000 characters is refused when the session is created, as Klarna does', async () => {
    const response = await call(sim, 'POST', '/payments/v1/sessions', {
      body: { ...smallCart(), merchant_urls: { authorization: `https://shop.example/${'a'.repeat(2000)}` } },
    });
    assert.equal(response.status, 400);
    assert.match(response.body.error_messages[0], /merchant_urls\.authorization/);
  });

  test('http to localhost and [::1] are allowed (loopback, for tests and the demo)', async () => {
    const port = new URL(merchant.url).port;
    for (const host of ['localhost', '[::1]']) {
      // The merchant listens on 127.0.0.1 only, so [::1] may fail to connect: it must not be refused.
      const session = await sessionWithCallback(`http://${host}:${port}/via-loopback`);
      await authorizeInBrowser(session);
      const delivery = await sim.waitForAuthorizationCallback(session.session_id);
      assert.notEqual(delivery.outcome, 'refused', `${host}: ${delivery.error}`);
    }
  });
});

describe('merchant failures stay on the record', () => {
  test('an answer of 500 is recorded as failed; the simulator keeps serving', async () => {
    merchant.answer = () => 500;
    const session = await sessionWithCallback(`${merchant.url}/broken`);
    await authorizeInBrowser(session);
    const delivery = await sim.waitForAuthorizationCallback(session.session_id);
    assert.equal(delivery.outcome, 'failed');
    assert.equal(delivery.status, 500);
    assert.match(delivery.error, /500/);
    assert.equal((await call(sim, 'GET', `/payments/v1/sessions/${session.session_id}`)).status, 200);
    assert.equal(merchant.received.filter((entry) => entry.url === '/broken').length, 1, 'one attempt, no retry');
  });

  test('a hanging merchant neither delays the browser answer nor outlives the time-out', async () => {
    merchant.answer = () => 'hang';
    const session = await sessionWithCallback(`${merchant.url}/hangs`);
    const answer = await authorizeInBrowser(session);
    assert.equal(answer.approved, true);
    assert.ok(answer.elapsedMs < 400, `the authorize answer took ${answer.elapsedMs} ms, as long as the callback's time-out`);
    await merchant.next(); // the callback did reach the merchant
    assert.equal(sim.authorizationCallbacks()[0].outcome, 'pending');
    const delivery = await sim.waitForAuthorizationCallback(session.session_id);
    assert.equal(delivery.outcome, 'failed');
    assert.equal(delivery.status, undefined);
    assert.match(delivery.error, /400 ms/);
    assert.ok(delivery.durationMs >= 350, `gave up after ${delivery.durationMs} ms`);
  });

  test('a merchant that is not listening is recorded as failed', async () => {
    const gone = await startMerchant();
    const url = `${gone.url}/gone`;
    await gone.stop();
    const session = await sessionWithCallback(url);
    await authorizeInBrowser(session);
    const delivery = await sim.waitForAuthorizationCallback(session.session_id);
    assert.equal(delivery.outcome, 'failed');
    assert.match(delivery.error, /ECONNREFUSED/);
  });
});

describe('faults on the callback', () => {
  test(`drop: '${AUTHORIZATION_CALLBACK_ROUTE}' is never sent and recorded as dropped`, async () => {
    sim.faults.add({ route: AUTHORIZATION_CALLBACK_ROUTE, drop: true });
    const session = await sessionWithCallback(`${merchant.url}/dropped`);
    await authorizeInBrowser(session);
    const delivery = await sim.waitForAuthorizationCallback(session.session_id);
    assert.equal(delivery.outcome, 'dropped');
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(merchant.received.filter((entry) => entry.url === '/dropped').length, 0);
  });

  test('hang: held until releaseAuthorizationCallbacks(), then sent with the token', async () => {
    sim.faults.add({ route: AUTHORIZATION_CALLBACK_ROUTE, hang: true });
    const session = await sessionWithCallback(`${merchant.url}/held`);
    const answer = await authorizeInBrowser(session);
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(merchant.received.filter((entry) => entry.url === '/held').length, 0);
    assert.equal(sim.authorizationCallbacks()[0].outcome, 'held');

    assert.equal(sim.releaseAuthorizationCallbacks('some-other-session'), 0);
    assert.equal(sim.releaseAuthorizationCallbacks(session.session_id), 1);
    const received = await merchant.next();
    assert.equal(received.url, '/held');
    assert.equal(received.body.authorization_token, answer.authorization_token);
    assert.equal((await sim.waitForAuthorizationCallback(session.session_id)).outcome, 'delivered');
  });

  test('latencyMs: sent late, the browser answer is not', async () => {
    sim.faults.add({ route: AUTHORIZATION_CALLBACK_ROUTE, latencyMs: 800 });
    const session = await sessionWithCallback(`${merchant.url}/late`);
    const started = Date.now();
    const answer = await authorizeInBrowser(session);
    assert.ok(answer.elapsedMs < 800, `the authorize answer took ${answer.elapsedMs} ms, as long as the latency`);
    await merchant.next();
    assert.ok(Date.now() - started >= 750, 'the callback waited for the latency');
  });

  test('wildcard faults and faults on REST routes leave the callback alone', async () => {
    const session = await sessionWithCallback(`${merchant.url}/wildcards`);
    sim.faults.add({ route: '*', drop: true, times: Infinity });
    sim.faults.add({ route: 'POST *', drop: true, times: Infinity });
    sim.faults.add({ route: '* merchant_urls.authorization', drop: true, times: Infinity });
    await sim.authorize({ session_id: session.session_id, data: { billing_address: billingAddress() } });
    assert.equal((await sim.waitForAuthorizationCallback(session.session_id)).outcome, 'delivered');
    assert.equal(sim.faults.list.length, 3, 'no wildcard fault was used up');
  });
});

describe('inspection', () => {
  test('neither the token nor the URL secret appears in the records or the request log', async () => {
    const session = await sessionWithCallback(`https://[::1]:1/cb?token=one-time-secret-xyz`);
    merchant.answer = () => 500;
    const other = await sessionWithCallback(`${merchant.url}/cb?key=another-secret-abc`);
    const answers = [await authorizeInBrowser(session), await authorizeInBrowser(other)];
    await sim.waitForAuthorizationCallback(session.session_id);
    await sim.waitForAuthorizationCallback(other.session_id);
    const shown = JSON.stringify(sim.authorizationCallbacks());
    for (const answer of answers) assert.ok(!shown.includes(answer.authorization_token), 'a token leaked into the records');
    assert.doesNotMatch(shown, /one-time-secret-xyz|another-secret-abc/);
    const logged = JSON.stringify(sim.requests.filter((entry) => entry.path.startsWith('/simulator/')));
    for (const answer of answers) assert.ok(!logged.includes(answer.authorization_token), 'a token leaked into the request log');
  });

  test('records are copies, in order, and reset() forgets them', async () => {
    const first = await sessionWithCallback(`${merchant.url}/one`);
    const second = await sessionWithCallback(`${merchant.url}/two`);
    await authorizeInBrowser(first);
    await sim.waitForAuthorizationCallback(first.session_id);
    await authorizeInBrowser(second);
    await sim.waitForAuthorizationCallback(second.session_id);
    const records = sim.authorizationCallbacks();
    assert.deepEqual(records.map((record) => record.sessionId), [first.session_id, second.session_id]);
    records[0].outcome = 'tampered';
    assert.equal(sim.authorizationCallbacks()[0].outcome, 'delivered');
    sim.reset();
    assert.deepEqual(sim.authorizationCallbacks(), []);
  });

  test('waitForAuthorizationCallback() hands out each delivery once, times out, and ends on reset()', async () => {
    const session = await sessionWithCallback(`${merchant.url}/once`);
    await authorizeInBrowser(session);
    await sim.waitForAuthorizationCallback();
    await assert.rejects(sim.waitForAuthorizationCallback(session.session_id, { timeoutMs: 100 }), (error) => {
      assert.ok(error instanceof KlarnaSimulatorError);
      assert.match(error.message, /within 100 ms/);
      return true;
    });
    const waiting = sim.waitForAuthorizationCallback(undefined, { timeoutMs: 5000 });
    sim.reset();
    await assert.rejects(waiting, /reset/);
  });

  test('authorizationCallbackTimeoutMs must be a positive number', async () => {
    await assert.rejects(startKlarnaSimulator({ authorizationCallbackTimeoutMs: 0 }), RangeError);
    await assert.rejects(startKlarnaSimulator({ authorizationCallbackTimeoutMs: '5s' }), /positive number/);
  });
});
