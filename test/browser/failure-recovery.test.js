// The failure paths of CheckoutController (issue 9, docs/failure-recovery.md), in both builds: the production CDN
// bundle (DEV_MODE false) and the development build. The fake Klarna library stands in for api.js; the mock
// merchant (test/fixtures/mock-merchant-middleware.mjs) for the backend, behind a `fetch` that can cut an answer
// after the server handled the request (the order exists, the browser never hears of it).
import { aTimeout, expect } from '@open-wc/testing';
import * as production from '../../dist/cdn/klarna-checkout-button.js';
import * as development from '../../dist/element/index.js';
import { controllerHarness, createHost, merchantLog, STATUS } from '../fixtures/controller-harness.js';

const ordersIn = async (key) => (await merchantLog(key)).filter((entry) => entry.route === 'order');
const sessionsIn = async (key) => (await merchantLog(key)).filter((entry) => entry.route === 'session');

/**
 * A fetch for the merchant client: the first `times` order requests get `answer(response)` instead of the server's
 * answer. The request reaches the server first unless `reachServer` is false.
 */
function orderFetch(answer, { times = 1, reachServer = true } = {}) {
  let remaining = times;
  return async (url, init) => {
    if (!String(url).includes('/mock-merchant/order') || remaining === 0) return fetch(url, init);
    remaining -= 1;
    const response = reachServer ? await fetch(url, init) : undefined;
    return answer(response);
  };
}

/** The network cut after the server placed the order. */
const cutAnswer = () => {
  throw new TypeError('Failed to fetch');
};

const jsonAnswer = (status, body) => () => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

for (const [mode, pkg] of [
  ['production', production],
  ['development', development],
]) {
  const { CheckoutController } = pkg;

  describe(`failure recovery (${mode} build)`, () => {
    const harness = controllerHarness(CheckoutController, { keyPrefix: 'f' });
    const { start, session, order } = harness;
    let fake;
    let key;

    beforeEach(() => {
      ({ fake, key } = harness);
    });

    describe('an order answer that never arrives', () => {
      it('keeps the token: "Try again" sends the same token, session id and cart; one order, one klarna-order-placed', async () => {
        const { host, controller } = await start({ sessionUrl: session(), orderUrl: order(), fetch: orderFetch(cutAnswer) });
        await controller.authorize();
        const error = host.last('klarna-error').detail;
        expect(error).to.include({ stage: 'order', code: 'network_error', retryable: true });
        expect([controller.state, controller.statusMessage, controller.buttonKey]).to.deep.equal(['error', STATUS.orderRetry, 'tryAgainButton']);
        expect([controller.outcomeUnknown, controller.canRetry, controller.buttonHidden]).to.deep.equal([true, true, false]);
        expect(controller.authorizationExpiresAt).to.be.a('number');
        // The page's cart changes meanwhile: the retry still sends what Klarna approved.
        host.options = { ...host.options, cart: { amount: 5 } };
        await controller.cartChanged();
        await controller.authorize();
        await controller.retry();
        const orders = await ordersIn(key);
        expect(orders).to.have.length(2);
        expect(orders[1].body).to.deep.equal(orders[0].body);
        expect(orders[1].body.authorization_token).to.equal(fake.issuedTokens[0]);
        expect(orders[1].body.cart).to.deep.equal({ amount: 1000 });
        expect(fake.callsOf('authorize')).to.have.length(1);
        expect(host.count('klarna-order-placed')).to.equal(1);
        expect(host.count('klarna-reauthorize-required')).to.equal(0);
        expect(controller.state).to.equal('placed');
        // The cart change waited for the outcome; after an order it changes nothing.
        expect(await sessionsIn(key)).to.have.length(1);
      });

      for (const [name, answer, code] of [
        ['503 outcome_unknown', jsonAnswer(503, { error: { code: 'outcome_unknown', message: 'Not settled.', reauthorize: false, retryable: true } }), 'outcome_unknown'],
        ['a proxy 502 page', () => new Response('<html>Bad gateway</html>', { status: 502 }), 'http_502'],
        ['429', jsonAnswer(429, { error: { code: 'too_many_requests', message: 'Slow down.' } }), 'too_many_requests'],
        ['an unreadable 200', () => new Response('<html>ok</html>', { status: 200 }), 'invalid_response'],
      ]) {
        it(`${name} is an unknown outcome too: retryable, the same token again`, async () => {
          const { host, controller } = await start({ sessionUrl: session(), orderUrl: order(), fetch: orderFetch(answer) });
          await controller.authorize();
          expect(host.last('klarna-error').detail).to.include({ stage: 'order', code, retryable: true });
          expect(controller.outcomeUnknown).to.equal(true);
          await controller.retry();
          const orders = await ordersIn(key);
          expect(orders.map((entry) => entry.body.authorization_token)).to.deep.equal([fake.issuedTokens[0], fake.issuedTokens[0]]);
          expect(host.count('klarna-order-placed')).to.equal(1);
        });
      }

      it('a definite refusal (400 bad_request) is not retried: Klarna cannot be used right now, the button goes', async () => {
        const { host, controller } = await start({ sessionUrl: session(), orderUrl: order('&fail=400&code=bad_request') });
        await controller.authorize();
        expect(host.last('klarna-error').detail).to.include({ stage: 'order', code: 'bad_request', retryable: false });
        expect([controller.statusMessage, controller.buttonHidden, controller.outcomeUnknown]).to.deep.equal([STATUS.unavailableNow, true, false]);
        await controller.retry();
        expect(await ordersIn(key)).to.have.length(1);
      });

      it('the token lifetime ending while the outcome is unknown: klarna-error outcome_unknown, not retryable, no new checkout', async () => {
        const { host, controller } = await start(
          { sessionUrl: session(), orderUrl: order(), fetch: orderFetch(cutAnswer, { times: 5 }) },
          'klarna-ready',
          { authorizationLifetimeMs: 150 },
        );
        await controller.authorize();
        expect(controller.outcomeUnknown).to.equal(true);
        const unknown = await host.next('klarna-error');
        expect(unknown.detail).to.include({ stage: 'order', code: 'outcome_unknown', retryable: false });
        expect([controller.state, controller.statusMessage, controller.buttonHidden]).to.deep.equal(['error', STATUS.outcomeUnknown, true]);
        expect(controller.authorizationExpiresAt).to.equal(undefined);
        await controller.retry();
        await controller.authorize();
        expect(await ordersIn(key)).to.have.length(1);
        expect(fake.callsOf('authorize')).to.have.length(1);
        expect(host.count('klarna-reauthorize-required')).to.equal(0);
      });

      it('after the outcome was lost, a new cart, a category choice or a reconnection starts no new checkout; only reload() does', async () => {
        const { host, controller } = await start(
          { sessionUrl: session(), orderUrl: order(), fetch: orderFetch(cutAnswer, { times: 5 }) },
          'klarna-ready',
          { authorizationLifetimeMs: 150 },
        );
        await controller.authorize();
        await host.next('klarna-error'); // outcome_unknown, final
        // A framework re-renders with a new cart object; the shopper clicks a category; the element is moved.
        host.options = { ...host.options, cart: { amount: 1000 } };
        await controller.cartChanged();
        await controller.selectCategory('pay_later');
        await controller.reloadWidget();
        await controller.sourceChanged(); // a framework re-setting session-url or client-token
        expect(controller.outcomeLost).to.equal(true);
        host.connected = false;
        controller.disconnect();
        host.connected = true;
        controller.connect();
        await aTimeout(50);
        expect([controller.state, controller.statusMessage, controller.buttonHidden]).to.deep.equal(['error', STATUS.outcomeUnknown, true]);
        await controller.authorize();
        expect(await sessionsIn(key)).to.have.length(1);
        expect(fake.callsOf('authorize')).to.have.length(1);
        expect(await ordersIn(key)).to.have.length(1);
        // The page settled the outcome and asks for a new checkout itself.
        const ready = host.next('klarna-ready');
        await controller.reload();
        await ready;
        expect([controller.state, controller.outcomeLost]).to.deep.equal(['ready', false]);
        expect(await sessionsIn(key)).to.have.length(2);
      });

      it('the server settled it for good (outcome_unknown, retryable: false): "don\'t pay again", no "Try again", no new checkout', async () => {
        const settled = jsonAnswer(503, {
          error: { code: 'outcome_unknown', message: 'Klarna has your order, but we could not confirm it yet.', reauthorize: false, retryable: false },
        });
        const { host, controller } = await start({ sessionUrl: session(), orderUrl: order(), fetch: orderFetch(settled) });
        await controller.authorize();
        expect(host.last('klarna-error').detail).to.include({ stage: 'order', code: 'outcome_unknown', retryable: false });
        expect([controller.state, controller.statusMessage, controller.buttonHidden, controller.canRetry]).to.deep.equal([
          'error',
          STATUS.outcomeUnknown,
          true,
          false,
        ]);
        expect(controller.outcomeUnknown).to.equal(false);
        host.options = { ...host.options, cart: { amount: 1000 } };
        await controller.cartChanged();
        await controller.retry();
        await controller.authorize();
        expect(await sessionsIn(key)).to.have.length(1);
        expect(await ordersIn(key)).to.have.length(1);
        expect(fake.callsOf('authorize')).to.have.length(1);
      });

      it('removed while the outcome is unknown: klarna-error outcome_unknown before it goes', async () => {
        const { host, controller } = await start({ sessionUrl: session(), orderUrl: order(), fetch: orderFetch(cutAnswer) });
        await controller.authorize();
        host.connected = false;
        controller.disconnect();
        expect(host.last('klarna-error').detail).to.include({ stage: 'order', code: 'outcome_unknown', retryable: false });
      });
    });

    describe('nothing interrupts placing', () => {
      for (const [name, restart] of [
        ['reload()', (controller) => controller.reload()],
        ['selectCategory()', (controller) => controller.selectCategory('pay_later')],
        ['a cart change', (controller, host) => {
          host.options = { ...host.options, cart: { amount: 7 } };
          return controller.cartChanged();
        }],
        ['a category change', (controller, host) => {
          host.options = { ...host.options, paymentMethodCategory: 'pay_later' };
          return controller.reloadWidget();
        }],
      ]) {
        it(`${name} while the order request runs waits: the outcome is reported`, async () => {
          const { host, controller } = await start({ sessionUrl: session('&categories=pay_now,pay_later'), orderUrl: order('&wait=200') });
          const placed = host.next('klarna-order-placed');
          void controller.authorize();
          while (controller.state !== 'placing') await aTimeout(5);
          await restart(controller, host);
          expect(controller.state).to.equal('placing');
          await placed;
          expect(host.count('klarna-order-placed')).to.equal(1);
          expect(host.count('klarna-error')).to.equal(0);
          expect(await ordersIn(key)).to.have.length(1);
        });
      }

      it('a cart change while Klarna authorizes waits for Klarna: the approval is ordered for the approved cart, then the session refreshes', async () => {
        const { host, controller } = await start({ sessionUrl: session(), orderUrl: order() });
        const held = fake.holdNext('authorize');
        const authorizing = controller.authorize();
        await held.called;
        host.options = { ...host.options, cart: { amount: 3 } };
        await controller.cartChanged();
        await controller.reload();
        expect(controller.state).to.equal('authorizing');
        expect(await sessionsIn(key)).to.have.length(1);
        held.release();
        await authorizing;
        const [placed] = await ordersIn(key);
        expect(placed.body.cart).to.deep.equal({ amount: 1000 });
        expect(host.count('klarna-order-placed')).to.equal(1);
        expect(host.types().filter((type) => type !== 'klarna-before-authorize')).to.not.include('klarna-declined');
      });

      it('a category chosen while Klarna authorizes waits: Klarna answers for the old category, then the chosen widget loads', async () => {
        const { host, controller } = await start({ sessionUrl: session('&categories=pay_now,pay_later') });
        const held = fake.holdNext('authorize');
        const authorizing = controller.authorize();
        await held.called;
        await controller.selectCategory('pay_later');
        expect(controller.paymentMethodCategory).to.equal('pay_now');
        expect(fake.callsOf('load')).to.have.length(1);
        const ready = host.next('klarna-ready');
        held.release();
        await authorizing;
        expect(host.last('klarna-authorized').detail.paymentMethodCategory).to.equal('pay_now');
        await ready;
        expect(controller.paymentMethodCategory).to.equal('pay_later');
        expect(fake.callsOf('load').at(-1).options.payment_method_category).to.equal('pay_later');
      });

      it('without order-url, a cart change during the overlay voids the approval after Klarna answered (cart-changed) and refreshes', async () => {
        const { host, controller } = await start({ sessionUrl: session() });
        const held = fake.holdNext('authorize');
        const authorizing = controller.authorize();
        await held.called;
        host.options = { ...host.options, cart: { amount: 3 } };
        await controller.cartChanged();
        const ready = host.next('klarna-ready');
        held.release();
        await authorizing;
        expect(host.types().slice(-2)).to.deep.equal(['klarna-authorized', 'klarna-reauthorize-required']);
        await ready;
        const sessions = await sessionsIn(key);
        const { revision, ...sent } = sessions[1].body;
        expect(sent).to.deep.equal({ cart: { amount: 3 }, session_id: sessions[0].response.session_id });
        expect(revision).to.be.above(sessions[0].body.revision);
      });
    });

    describe('no dead ends', () => {
      it('load time-out: retryable klarna-error {stage:load, code:timeout}; "Try again" loads again with the same session', async () => {
        const held = fake.holdNext('load');
        const { host, controller } = await start({ sessionUrl: session(), loadTimeoutMs: 60 }, 'klarna-error');
        await held.called;
        expect(host.last('klarna-error').detail).to.include({ stage: 'load', code: 'timeout', retryable: true });
        expect([controller.buttonKey, controller.canRetry]).to.deep.equal(['tryAgainButton', true]);
        const ready = host.next('klarna-ready');
        await controller.retry();
        await ready;
        expect(fake.callsOf('load')).to.have.length(2);
        expect(await sessionsIn(key)).to.have.length(1);
        held.release();
      });

      it('script failure: "Try again" loads the script again and keeps the session', async () => {
        harness.removeFakeKlarna();
        fake = undefined;
        const src = `/__fail-first?n=3&key=${key}&file=/test/fixtures/element/minimal-klarna-library.js`;
        const { host, controller } = await start({ sessionUrl: session(), librarySrc: src }, 'klarna-error');
        expect(host.last('klarna-error').detail).to.include({ stage: 'script', retryable: true });
        expect(controller.sessionId).to.be.a('string');
        const ready = host.next('klarna-ready');
        await controller.retry();
        await ready;
        expect(await sessionsIn(key)).to.have.length(1);
      });

      it('a cart problem (session 4xx): the server message when the adapter keeps it, else the generic cart text; a new cart tries again', async () => {
        const { host, controller } = await start({ sessionUrl: session('&fail=400&code=bad_request') }, 'klarna-error');
        const { detail } = host.last('klarna-error');
        expect(detail).to.include({ stage: 'session', code: 'bad_request', retryable: false });
        // serverMessage comes from the merchant adapter (branch issue9-build); without it the generic text shows.
        const serverMessage = detail.cause.serverMessage;
        expect(controller.statusMessage).to.equal(serverMessage ?? STATUS.cartProblem);
        expect(controller.buttonHidden).to.equal(true);
        host.options = { ...host.options, sessionUrl: session(), cart: { amount: 2 } };
        const ready = host.next('klarna-ready');
        await controller.cartChanged();
        await ready;
        expect(controller.state).to.equal('ready');
      });

      it('a failed session refresh: "Try again" refreshes the same session (its id is kept)', async () => {
        let sessionRequests = 0;
        const flaky = async (url, init) => {
          if (String(url).includes('/mock-merchant/session')) {
            sessionRequests += 1;
            if (sessionRequests === 2) return new Response(JSON.stringify({ error: { code: 'internal_error', message: 'Oops.' } }), { status: 500 });
          }
          return fetch(url, init);
        };
        const { host, controller } = await start({ sessionUrl: session(), fetch: flaky });
        host.options = { ...host.options, cart: { amount: 4 } };
        const failed = host.next('klarna-error');
        await controller.cartChanged();
        expect((await failed).detail).to.include({ stage: 'session', code: 'internal_error', retryable: true });
        const ready = host.next('klarna-ready');
        await controller.retry();
        await ready;
        const sessions = await sessionsIn(key);
        expect(sessions).to.have.length(2);
        const { revision, ...sent } = sessions[1].body;
        expect(sent).to.deep.equal({ cart: { amount: 4 }, session_id: sessions[0].response.session_id });
        expect(revision).to.be.above(sessions[0].body.revision);
      });

      it('amount_mismatch heals itself: the session is refreshed with the current cart, the second press orders', async () => {
        const mismatch = jsonAnswer(409, { error: { code: 'amount_mismatch', message: 'The price changed.', reauthorize: true } });
        const { host, controller } = await start({ sessionUrl: session(), orderUrl: order(), fetch: orderFetch(mismatch, { reachServer: false }) });
        const refreshed = host.next('klarna-ready');
        await controller.authorize();
        expect(host.last('klarna-reauthorize-required').detail).to.deep.equal({ reason: 'cart-changed' });
        await refreshed;
        const sessions = await sessionsIn(key);
        expect(sessions).to.have.length(2);
        expect(sessions[1].body.session_id).to.equal(sessions[0].response.session_id);
        await controller.authorize();
        expect(host.count('klarna-order-placed')).to.equal(1);
        expect((await ordersIn(key))[0].body.authorization_token).to.equal(fake.issuedTokens[1]);
      });
    });

    describe('one page, one Klarna', () => {
      it('authorize is called in the caller’s task when the widget is current (no await before it)', async () => {
        const { controller } = await start({ sessionUrl: session(), authorizeData: () => ({ a: 1 }) });
        void controller.authorize();
        expect(fake.callsOf('authorize')).to.have.length(1);
      });

      it('an async authorizeData waits for its promise first', async () => {
        const { controller } = await start({ sessionUrl: session(), authorizeData: async () => ({ a: 1 }) });
        const authorizing = controller.authorize();
        expect(fake.callsOf('authorize')).to.have.length(0);
        await authorizing;
        expect(fake.callsOf('authorize')[0].data).to.deep.equal({ a: 1 });
      });

      it('the bookkeeping lives on Klarna.Payments: both builds share the token record and the instance numbering', async () => {
        const other = mode === 'production' ? development : production;
        const a = await start({ sessionUrl: session() });
        const bHost = createHost({ sessionUrl: session() });
        harness.track(bHost);
        const b = new other.CheckoutController(bHost);
        bHost.controller = b;
        const bReady = bHost.next('klarna-ready');
        b.connect();
        await bReady;
        const record = window.Klarna.Payments[Symbol.for('klarna-checkout-button.coordinator')];
        expect(record.version).to.equal(1);
        expect(a.controller.instanceId).to.not.equal(b.instanceId);
        expect([a.controller.instanceId, b.instanceId].sort()).to.deep.equal(['kcb-1', 'kcb-2']);
        // B init-ed last: A's authorize inits and loads A again first, then B's does the same for B.
        await a.controller.authorize();
        await b.authorize();
        const tokens = (await sessionsIn(key)).map((entry) => entry.response.client_token);
        expect(fake.callsOf('authorize').map((call) => call.clientToken)).to.deep.equal(tokens);
        expect(fake.callsOf('authorize').map((call) => call.options.instance_id)).to.deep.equal([a.controller.instanceId, b.instanceId]);
        expect(record.busy).to.equal(false);
      });

      it('a frozen Klarna.Payments cannot carry the record: the element still works (bookkeeping per copy)', async () => {
        Object.freeze(window.Klarna.Payments);
        const { controller } = await start({ sessionUrl: session(), orderUrl: order() });
        await controller.authorize();
        expect(controller.state).to.equal('placed');
        expect(controller.instanceId).to.match(/^kcb-\d+$/);
      });

      it('another element never inits while one element’s authorize is open; disconnecting releases the turn', async () => {
        const a = await start({ sessionUrl: session() });
        const held = fake.holdNext('authorize');
        void a.controller.authorize();
        await held.called;
        const inits = fake.callsOf('init').length;
        const b = await start({ sessionUrl: session() }, null);
        await aTimeout(100);
        expect(fake.callsOf('init')).to.have.length(inits);
        expect(b.controller.state).to.equal('loading');
        const bReady = b.host.next('klarna-ready');
        a.host.connected = false;
        a.controller.disconnect();
        await bReady;
        expect(fake.callsOf('init')).to.have.length(inits + 1);
        held.release();
      });
    });

    describe('two-step flow', () => {
      it('finalize() uses the category that was authorized; a widget reload voids the pending finalize (reloaded)', async () => {
        const { host, controller } = await start({ sessionUrl: session('&categories=pay_now,pay_later'), autoFinalize: false });
        fake.respondNext('authorize', { approved: true, show_form: true, finalize_required: true });
        await controller.authorize();
        expect(controller.awaitingFinalize).to.equal(true);
        expect(controller.buttonKey).to.equal('finalizeButton');
        await controller.finalize();
        expect(fake.callsOf('finalize')[0].options.payment_method_category).to.equal('pay_now');

        fake.respondNext('authorize', { approved: true, show_form: true, finalize_required: true });
        await controller.authorize();
        await controller.selectCategory('pay_later');
        expect(host.last('klarna-reauthorize-required').detail).to.deep.equal({ reason: 'reloaded' });
        expect(controller.awaitingFinalize).to.equal(false);
        await controller.finalize();
        expect(fake.callsOf('finalize')).to.have.length(1);
      });
    });
  });
}
