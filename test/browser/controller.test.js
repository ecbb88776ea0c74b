// CheckoutController driven directly through a plain host, in both builds: the production CDN bundle
// (dist/cdn, DEV_MODE false) and the development build (dist/element, DEV_MODE true under WTR's `development`
// condition). The fake Klarna library (dist/testing) stands in for api.js and test/fixtures/mock-merchant-middleware.mjs
// for the merchant backend. Shopper texts, events, codes and states are the same in both; only developer
// messages differ.
import { aTimeout, expect } from '@open-wc/testing';
import * as production from '../../dist/cdn/klarna-checkout-button.js';
import * as development from '../../dist/element/index.js';
import { fakeClientToken } from '../../dist/testing/index.js';
import { controllerHarness, createHost, merchantLog, STATUS } from '../fixtures/controller-harness.js';

for (const [mode, pkg] of [
  ['production', production],
  ['development', development],
]) {
  const { CheckoutController, CheckoutState, createKlarnaCheckoutEvent, KlarnaCheckoutEventName, readClientTokenClaims } = pkg;

  describe(`CheckoutController (${mode} build)`, () => {
    const harness = controllerHarness(CheckoutController, { keyPrefix: 'c' });
    const { start, session, order } = harness;
    let fake;
    let key;

    beforeEach(() => {
      ({ fake, key } = harness);
    });

    it('exports the states and event names as before', () => {
      expect(CheckoutState).to.deep.equal({
        Idle: 'idle',
        Loading: 'loading',
        Ready: 'ready',
        Authorizing: 'authorizing',
        Authorized: 'authorized',
        Placing: 'placing',
        Placed: 'placed',
        Unavailable: 'unavailable',
        Error: 'error',
      });
      expect(KlarnaCheckoutEventName).to.deep.equal({
        Ready: 'klarna-ready',
        Unavailable: 'klarna-unavailable',
        BeforeAuthorize: 'klarna-before-authorize',
        Authorized: 'klarna-authorized',
        FinalizeRequired: 'klarna-finalize-required',
        Declined: 'klarna-declined',
        OrderPlaced: 'klarna-order-placed',
        ReauthorizeRequired: 'klarna-reauthorize-required',
        Error: 'klarna-error',
        OverlayShown: 'klarna-overlay-shown',
        OverlayHidden: 'klarna-overlay-hidden',
      });
      expect(CheckoutController.defaultAuthorizationLifetimeMs).to.equal(3_300_000);
    });

    it('createKlarnaCheckoutEvent: bubbling, composed CustomEvents, cancelable only before authorize', () => {
      for (const type of Object.values(KlarnaCheckoutEventName)) {
        const event = createKlarnaCheckoutEvent(type, { x: 1 });
        expect(event).to.be.instanceOf(CustomEvent);
        expect(event.type).to.equal(type);
        expect(event.detail).to.deep.equal({ x: 1 });
        expect(event.bubbles && event.composed).to.equal(true);
        expect(event.cancelable).to.equal(type === 'klarna-before-authorize');
      }
    });

    it('readClientTokenClaims: session_id and categories (objects or identifiers), {} when undecodable', () => {
      const token = fakeClientToken({ session_id: 'sé-1', payment_method_categories: ['pay_now', { identifier: 'pay_later', name: 'L' }, 7, null] });
      expect(readClientTokenClaims(token)).to.deep.equal({
        session_id: 'sé-1',
        payment_method_categories: [{ identifier: 'pay_now' }, { identifier: 'pay_later', name: 'L' }],
      });
      expect(readClientTokenClaims(fakeClientToken({ session_id: 's2' }))).to.deep.equal({ session_id: 's2' });
      expect(readClientTokenClaims(fakeClientToken({ session_id: 3, payment_method_categories: [] }))).to.deep.equal({});
      expect(readClientTokenClaims('not a token')).to.deep.equal({});
      expect(readClientTokenClaims('a.%%%.c')).to.deep.equal({});
    });

    it('loads: script and session, init with instance_id, ready with the session details', async () => {
      const { host, controller } = await start({ sessionUrl: session('&categories=pay_now,pay_later') });
      expect(host.statuses[0]).to.deep.equal(['loading', STATUS.loading]);
      expect(controller.state).to.equal('ready');
      expect(controller.statusMessage).to.equal('');
      expect(controller.instanceId).to.match(/^kcb-\d+$/);
      const [entry] = await merchantLog(key);
      const { revision, ...sent } = entry.body;
      expect(sent).to.deep.equal({ cart: { amount: 1000 } });
      expect(revision).to.be.a('number'); // lets the server skip an older update that arrives late
      expect(controller.sessionId).to.equal(entry.response.session_id);
      expect(controller.paymentMethodCategories).to.deep.equal(entry.response.payment_method_categories);
      expect(controller.paymentMethodCategory).to.equal('pay_now');
      expect(host.last('klarna-ready').detail).to.deep.equal({
        sessionId: entry.response.session_id,
        paymentMethodCategory: 'pay_now',
        paymentMethodCategories: entry.response.payment_method_categories,
      });
      expect(fake.callsOf('init')[0].options).to.deep.equal({ client_token: entry.response.client_token });
      const [load] = fake.callsOf('load');
      expect(load.options).to.deep.equal({ container: host.widgetContainer, payment_method_category: 'pay_now', instance_id: controller.instanceId });
      expect(load.data).to.deep.equal({});
      expect(controller.awaitingFinalize).to.equal(false);
      expect(controller.authorizationExpiresAt).to.equal(undefined);
    });

    it('before connect and without a connected host nothing happens', async () => {
      const host = createHost({ sessionUrl: session() });
      const controller = new CheckoutController(host);
      host.controller = controller;
      expect(controller.state).to.equal('idle');
      expect(controller.paymentMethodCategories).to.deep.equal([]);
      expect(controller.paymentMethodCategory).to.equal(undefined);
      await controller.authorize();
      await controller.finalize();
      host.connected = false;
      controller.connect();
      await controller.reload();
      await controller.cartChanged();
      await aTimeout(30);
      expect(host.events).to.deep.equal([]);
      expect(await merchantLog(key)).to.deep.equal([]);
      host.widgetContainer.remove();
    });

    it('no session-url nor client-token: klarna-error stage session, code missing_session_url', async () => {
      const { host, controller } = await start({}, 'klarna-error');
      const { detail } = host.last('klarna-error');
      expect(detail).to.include({ stage: 'session', code: 'missing_session_url', retryable: false });
      expect(detail.cause).to.be.instanceOf(Error);
      expect(detail.cause.name).to.equal('MissingSessionSourceError');
      expect(detail.cause.code).to.equal('missing_session_url');
      expect(detail.message).to.be.a('string').and.not.equal('');
      expect(detail.message).to.equal(detail.cause.message);
      expect(detail.message).to.equal(
        mode === 'development' ? 'The element has no session-url or client-token; set one of them.' : 'No session-url or client-token.',
      );
      // Retrying cannot fix a configuration: Klarna can't be used right now, the button is out of the way.
      expect(controller.state).to.equal('error');
      expect(controller.statusMessage).to.equal(STATUS.unavailableNow);
      expect([controller.canRetry, controller.canPress, controller.buttonHidden]).to.deep.equal([false, false, true]);
    });

    it('session failure: stage session with the backend code and retryable; "Try again" asks for the session again', async () => {
      const { host, controller } = await start({ sessionUrl: session('&fail=503&code=klarna_unavailable') }, 'klarna-error');
      expect(host.last('klarna-error').detail).to.include({ stage: 'session', code: 'klarna_unavailable', retryable: true });
      expect(fake.callsOf('init')).to.have.length(0);
      expect([controller.state, controller.statusKey, controller.buttonKey]).to.deep.equal(['error', 'retry', 'tryAgainButton']);
      expect([controller.canRetry, controller.canPress, controller.buttonHidden]).to.deep.equal([true, true, false]);
      host.options = { ...host.options, sessionUrl: session() };
      const ready = host.next('klarna-ready');
      await controller.retry();
      await ready;
      expect(controller.state).to.equal('ready');
      expect((await merchantLog(key)).filter((entry) => entry.route === 'session')).to.have.length(2);
    });

    it('approved: klarna-authorized with token and expiresAt from the clock; the timer expires it', async () => {
      let clock = 1_000_000;
      const { host, controller } = await start({ sessionUrl: session(), authorizeData: { a: 1 } }, 'klarna-ready', {
        authorizationLifetimeMs: 80,
        now: () => clock,
      });
      expect(controller.authorizationLifetimeMs).to.equal(80);
      const authorizing = controller.authorize();
      expect(controller.authorize()).to.equal(authorizing);
      expect(controller.state).to.equal('authorizing');
      expect(controller.statusMessage).to.equal(STATUS.authorizing);
      await authorizing;
      const [call] = fake.callsOf('authorize');
      expect(call.options).to.deep.equal({ payment_method_category: 'klarna', instance_id: controller.instanceId });
      expect(call.data).to.deep.equal({ a: 1 });
      expect(host.last('klarna-before-authorize').detail).to.deep.equal({ paymentMethodCategory: 'klarna' });
      expect(host.last('klarna-authorized').detail).to.deep.equal({
        authorizationToken: fake.issuedTokens[0],
        paymentMethodCategory: 'klarna',
        expiresAt: 1_000_080,
      });
      expect(controller.state).to.equal('authorized');
      expect(controller.statusMessage).to.equal(STATUS.authorized);
      expect(controller.authorizationExpiresAt).to.equal(1_000_080);
      clock += 80;
      const expired = await host.next('klarna-reauthorize-required');
      expect(expired.detail).to.deep.equal({ reason: 'expired' });
      expect(controller.state).to.equal('ready');
      expect(controller.statusMessage).to.equal(STATUS.again);
      expect(controller.authorizationExpiresAt).to.equal(undefined);
    });

    it('authorize() outside ready/authorized does nothing', async () => {
      const { controller } = await start({ sessionUrl: session('&wait=300') }, null);
      expect(controller.state).to.equal('loading');
      await controller.authorize();
      await controller.finalize();
      expect(fake.callsOf('authorize')).to.have.length(0);
    });

    it('klarna-before-authorize is cancelable', async () => {
      const { host, controller } = await start({ sessionUrl: session() });
      host.widgetContainer.addEventListener('klarna-before-authorize', (event) => event.preventDefault(), { once: true });
      await controller.authorize();
      expect(fake.callsOf('authorize')).to.have.length(0);
      expect(controller.state).to.equal('ready');
    });

    it('authorizeData as a function that throws: stage authorize, code authorize_failed for a non-Error', async () => {
      const { host, controller } = await start({ sessionUrl: session(), authorizeData: () => Promise.reject('nope') });
      await controller.authorize();
      const { detail } = host.last('klarna-error');
      expect(detail).to.include({ stage: 'authorize', code: 'authorize_failed', retryable: false, cause: 'nope' });
      expect(detail.message).to.be.a('string').and.not.equal('');
      expect(detail.message).to.equal(mode === 'development' ? 'The authorize step failed with nope.' : 'authorize failed');
      expect(controller.state).to.equal('error');
      expect(fake.callsOf('authorize')).to.have.length(0);
    });

    it('an Error with a name and a retryable flag: code is the name, retryable kept', async () => {
      const failure = Object.assign(new TypeError('bad data'), { retryable: true });
      const { host, controller } = await start({ sessionUrl: session(), authorizeData: () => { throw failure; } });
      await controller.authorize();
      expect(host.last('klarna-error').detail).to.deep.equal({ stage: 'authorize', code: 'TypeError', message: 'bad data', retryable: true, cause: failure });
    });

    it('a plain Error: code <stage>_failed', async () => {
      const failure = new Error('plain');
      const { host, controller } = await start({ sessionUrl: session(), authorizeData: () => { throw failure; } });
      await controller.authorize();
      expect(host.last('klarna-error').detail).to.deep.equal({ stage: 'authorize', code: 'authorize_failed', message: 'plain', retryable: false, cause: failure });
    });

    it('approved without a token: klarna-error code MissingAuthorizationTokenError', async () => {
      const { host, controller } = await start({ sessionUrl: session() });
      fake.respondNext('authorize', { approved: true, show_form: true });
      await controller.authorize();
      const { detail } = host.last('klarna-error');
      expect(detail).to.include({ stage: 'authorize', code: 'MissingAuthorizationTokenError', retryable: false });
      expect(detail.cause.name).to.equal('MissingAuthorizationTokenError');
      expect(detail.message).to.be.a('string').and.not.equal('');
      expect(detail.message).to.equal(
        mode === 'development' ? 'Klarna approved without an authorization_token; call reload().' : 'No authorization_token.',
      );
    });

    it('two-step flow with statuses; finalize() keeps the pending state until Klarna answers', async () => {
      const { host, controller } = await start({ sessionUrl: session(), autoFinalize: false });
      fake.respondNext('authorize', { approved: true, show_form: true, finalize_required: true });
      await controller.authorize();
      expect(fake.callsOf('authorize')[0].options).to.deep.equal({ payment_method_category: 'klarna', instance_id: controller.instanceId, auto_finalize: false });
      expect(host.last('klarna-finalize-required').detail).to.deep.equal({ paymentMethodCategory: 'klarna' });
      expect(controller.awaitingFinalize).to.equal(true);
      expect(controller.state).to.equal('authorized');
      expect(controller.statusMessage).to.equal(STATUS.finalize);
      const held = fake.holdNext('finalize');
      const finalizing = controller.finalize();
      expect(controller.finalize()).to.equal(finalizing);
      await held.called;
      expect(controller.awaitingFinalize).to.equal(true);
      held.release();
      await finalizing;
      expect(controller.awaitingFinalize).to.equal(false);
      expect(host.types().filter((type) => type === 'klarna-before-authorize')).to.have.length(1);
      expect(host.last('klarna-authorized').detail.authorizationToken).to.equal(fake.issuedTokens.at(-1));
      await controller.finalize();
      expect(fake.callsOf('finalize')).to.have.length(1);
    });

    it('declines: fixable with fields, closed popup, final', async () => {
      const { host, controller } = await start({ sessionUrl: session() });
      fake.respondNext('authorize', { approved: false, show_form: true, error: { invalid_fields: ['billing_address.email'] } });
      await controller.authorize();
      expect(host.last('klarna-declined').detail).to.deep.equal({ fixable: true, invalidFields: ['billing_address.email'] });
      expect([controller.state, controller.statusMessage]).to.deep.equal(['ready', STATUS.check]);
      fake.respondNext('authorize', { approved: false, show_form: true, error: { invalid_fields: 'x' } });
      await controller.authorize();
      expect(host.last('klarna-declined').detail).to.deep.equal({ fixable: true, invalidFields: [] });
      expect([controller.state, controller.statusMessage]).to.deep.equal(['ready', STATUS.notCompleted]);
      fake.respondNext('authorize', { approved: false, show_form: false });
      await controller.authorize();
      expect(host.last('klarna-declined').detail).to.deep.equal({ fixable: false, invalidFields: [] });
      expect([controller.state, controller.statusMessage]).to.deep.equal(['unavailable', STATUS.declined]);
      await controller.authorize();
      expect(fake.callsOf('authorize')).to.have.length(3);
    });

    it('a listener of the outcome may authorize again at once', async () => {
      const { host, controller } = await start({ sessionUrl: session() });
      fake.respondNext('authorize', { approved: false, show_form: true });
      let again;
      host.widgetContainer.addEventListener('klarna-declined', () => (again = controller.authorize()), { once: true });
      const first = controller.authorize();
      await first;
      expect(again).to.not.equal(first);
      await again;
      expect(fake.callsOf('authorize')).to.have.length(2);
      expect(controller.state).to.equal('authorized');
    });

    it('show_form:false on load: klarna-unavailable', async () => {
      fake.configure({ loadResult: { show_form: false } });
      const { host, controller } = await start({ sessionUrl: session() }, 'klarna-unavailable');
      expect(host.last('klarna-unavailable').detail).to.deep.equal({ paymentMethodCategory: 'klarna' });
      expect([controller.state, controller.statusMessage]).to.deep.equal(['unavailable', STATUS.unavailable]);
      await controller.authorize();
      expect(fake.callsOf('authorize')).to.have.length(0);
    });

    it('load error (callback, then throw): stage load with the Klarna class as code', async () => {
      const token = fakeClientToken({ session_id: 't', payment_method_categories: ['klarna'] });
      const { host, controller } = await start({ clientToken: token, paymentMethodCategory: 'pay_in_parts' }, 'klarna-error');
      const { detail } = host.last('klarna-error');
      expect(detail).to.include({ stage: 'load', code: 'PaymentMethodCategoryNotSupportedError', retryable: false });
      expect(detail.message).to.contain('pay_in_parts');
      expect(controller.state).to.equal('error');
      expect(host.types()).to.deep.equal(['klarna-error']);
    });

    it('orders with order-url; statuses placing then placed; the token is sent once', async () => {
      const { host, controller } = await start({ sessionUrl: session(), orderUrl: order() });
      await controller.authorize();
      expect(host.statuses.map(([state]) => state).slice(-3)).to.deep.equal(['authorized', 'placing', 'placed']);
      expect(host.statuses.at(-2)[1]).to.equal(STATUS.placing);
      expect(controller.statusMessage).to.equal(STATUS.placed);
      const log = await merchantLog(key);
      const placed = log.find((entry) => entry.route === 'order');
      expect(placed.body).to.deep.equal({ authorization_token: fake.issuedTokens[0], session_id: controller.sessionId, cart: { amount: 1000 } });
      expect(host.last('klarna-order-placed').detail).to.deep.equal({
        orderId: placed.response.order_id,
        redirectUrl: placed.response.redirect_url,
        fraudStatus: placed.response.fraud_status,
      });
      expect(controller.authorizationExpiresAt).to.equal(undefined);
      await controller.authorize();
      await controller.cartChanged();
      expect(fake.callsOf('authorize')).to.have.length(1);
    });

    for (const [code, reason, reauthorize] of [
      ['authorization_expired', 'expired', 1],
      ['authorization_consumed', 'consumed', 1],
      ['amount_mismatch', 'cart-changed', 1],
      ['something_else', 'rejected', 1],
      ['internal_error', undefined, 0],
    ]) {
      it(`order answer ${code}${reauthorize ? '' : ' (not reauthorize)'}`, async () => {
        const { host, controller } = await start({ sessionUrl: session(), orderUrl: order(`&fail=409&code=${code}${reauthorize ? '&reauthorize=1' : ''}`) });
        await controller.authorize();
        if (reason === 'cart-changed') {
          // amount_mismatch heals itself: the session is refreshed with the current cart at once.
          expect(host.last('klarna-reauthorize-required').detail).to.deep.equal({ reason });
          await host.next('klarna-ready');
          expect(controller.state).to.equal('ready');
        } else if (reason) {
          expect(host.last('klarna-reauthorize-required').detail).to.deep.equal({ reason });
          expect([controller.state, controller.statusMessage]).to.deep.equal(['ready', STATUS.again]);
        } else {
          expect(host.last('klarna-error').detail).to.include({ stage: 'order', code });
          expect(controller.state).to.equal('error');
        }
        expect(controller.authorizationExpiresAt).to.equal(undefined);
      });
    }

    it('a cart changed in place while Klarna authorizes: the token is sent with the cart copied when authorize started', async () => {
      const cart = { amount: 1000, lines: [{ sku: 'A', quantity: 1 }] };
      const { host, controller } = await start({ sessionUrl: session(), orderUrl: order(), cart });
      const held = fake.holdNext('authorize');
      const authorizing = controller.authorize();
      await held.called;
      cart.amount = 1;
      cart.lines[0].quantity = 5;
      held.release();
      await authorizing;
      const [placed] = (await merchantLog(key)).filter((entry) => entry.route === 'order');
      expect(placed.body.cart).to.deep.equal({ amount: 1000, lines: [{ sku: 'A', quantity: 1 }] });
      expect(host.types().filter((type) => type === 'klarna-order-placed')).to.have.length(1);
      expect(controller.state).to.equal('placed');
    });

    it('an authorization already expired by the clock is not ordered', async () => {
      let clock = 0;
      const { host, controller } = await start({ sessionUrl: session(), orderUrl: order() }, 'klarna-ready', { now: () => clock });
      host.widgetContainer.addEventListener('klarna-authorized', () => (clock += 3_300_000), { once: true });
      await controller.authorize();
      expect(host.last('klarna-reauthorize-required').detail).to.deep.equal({ reason: 'expired' });
      expect((await merchantLog(key)).filter((entry) => entry.route === 'order')).to.have.length(0);
      expect(controller.state).to.equal('ready');
    });

    it('cartChanged after authorization: session refreshed with session_id, reauthorize cart-changed, ready again', async () => {
      const { host, controller } = await start({ sessionUrl: session() });
      await controller.authorize();
      host.options = { ...host.options, cart: { amount: 2 } };
      const from = host.events.length;
      await controller.cartChanged();
      expect(host.events.slice(from).map((event) => event.type)).to.deep.equal(['klarna-reauthorize-required', 'klarna-ready']);
      expect(host.last('klarna-reauthorize-required').detail).to.deep.equal({ reason: 'cart-changed' });
      const sessions = (await merchantLog(key)).filter((entry) => entry.route === 'session');
      const { revision, ...sent } = sessions[1].body;
      expect(sent).to.deep.equal({ cart: { amount: 2 }, session_id: sessions[0].response.session_id });
      expect(revision).to.be.above(sessions[0].body.revision);
      expect(controller.state).to.equal('ready');
      expect(controller.authorizationExpiresAt).to.equal(undefined);
    });

    it('cartChanged while the session request is on its way starts over; in idle it does nothing', async () => {
      const { host, controller } = await start({ sessionUrl: session('&wait=200') }, null);
      await aTimeout(20);
      const ready = host.next('klarna-ready');
      void controller.cartChanged();
      await ready;
      await aTimeout(250);
      expect(host.types()).to.deep.equal(['klarna-ready']);
      expect((await merchantLog(key)).filter((entry) => entry.route === 'session')).to.have.length(2);
      controller.disconnect();
      await controller.cartChanged();
      expect((await merchantLog(key)).filter((entry) => entry.route === 'session')).to.have.length(2);
    });

    it('cartChanged with a page-rendered client token only voids the authorization', async () => {
      const token = fakeClientToken({ session_id: 'page-1', payment_method_categories: ['klarna'] });
      const { host, controller } = await start({ clientToken: token });
      expect(controller.sessionId).to.equal('page-1');
      await controller.cartChanged();
      expect(host.types()).to.deep.equal(['klarna-ready']);
      await controller.authorize();
      await controller.cartChanged();
      expect(host.types().at(-1)).to.equal('klarna-reauthorize-required');
      expect([controller.state, controller.statusMessage]).to.deep.equal(['ready', '']);
      expect(fake.callsOf('load')).to.have.length(1);
      expect(await merchantLog(key)).to.deep.equal([]);
    });

    it('selectCategory loads the chosen widget; a fixed category ignores it; reloadWidget keeps the token', async () => {
      const { host, controller } = await start({ sessionUrl: session('&categories=pay_now,pay_later') });
      await controller.selectCategory('pay_later');
      expect(controller.paymentMethodCategory).to.equal('pay_later');
      expect(fake.callsOf('load')[1].options.payment_method_category).to.equal('pay_later');
      expect(host.last('klarna-ready').detail.paymentMethodCategory).to.equal('pay_later');
      await controller.selectCategory('unknown');
      expect(controller.paymentMethodCategory).to.equal('pay_now');
      await controller.authorize();
      const expiresAt = controller.authorizationExpiresAt;
      expect(expiresAt).to.be.a('number');
      await controller.reloadWidget();
      expect(controller.authorizationExpiresAt).to.equal(expiresAt);
      expect(controller.state).to.equal('ready');
      host.options = { ...host.options, paymentMethodCategory: 'pay_later' };
      const loads = fake.callsOf('load').length;
      await controller.selectCategory('pay_now');
      expect(fake.callsOf('load')).to.have.length(loads);
      expect(controller.paymentMethodCategory).to.equal('pay_later');
    });

    it('client token without categories loads without a category', async () => {
      const { controller } = await start({ clientToken: fakeClientToken({ session_id: 'p2' }) });
      expect(controller.paymentMethodCategory).to.equal(undefined);
      expect(fake.callsOf('load')[0].options).to.not.have.property('payment_method_category');
      expect(fake.callsOf('load')[0].options.instance_id).to.equal(controller.instanceId);
    });

    it('another instance inits its token: this one inits again before authorize', async () => {
      const a = await start({ clientToken: fakeClientToken({ session_id: 'a' }) });
      const b = await start({ clientToken: fakeClientToken({ session_id: 'b' }) });
      await a.controller.authorize();
      await b.controller.authorize();
      const calls = fake.callsOf('authorize');
      expect(calls.map((call) => call.clientToken)).to.deep.equal([a.host.options.clientToken, b.host.options.clientToken]);
      expect(fake.callsOf('init')).to.have.length(4);
      expect(fake.callsOf('load')).to.have.length(4);
      await b.controller.authorize();
      expect(fake.callsOf('init')).to.have.length(4);
    });

    it('a reload during loading: the stale run commits nothing', async () => {
      const { host, controller } = await start({ sessionUrl: session('&wait=150') }, null);
      await aTimeout(20);
      await controller.reload();
      await aTimeout(200);
      expect(host.types()).to.deep.equal(['klarna-ready']);
      expect(fake.callsOf('load')).to.have.length(1);
    });

    it('disconnect mid-authorize: klarna-error {authorize, disconnected} before it goes, then nothing; idle, no timer left', async () => {
      const { host, controller } = await start({ sessionUrl: session() }, 'klarna-ready', { authorizationLifetimeMs: 30 });
      const held = fake.holdNext('authorize');
      const authorizing = controller.authorize();
      await held.called;
      const from = host.events.length;
      host.connected = false;
      controller.disconnect();
      expect([controller.state, controller.statusMessage]).to.deep.equal(['idle', '']);
      expect(host.events.slice(from).map((event) => [event.type, event.detail.stage, event.detail.code, event.detail.retryable])).to.deep.equal([
        ['klarna-error', 'authorize', 'disconnected', false],
      ]);
      held.release();
      await authorizing;
      await aTimeout(80);
      expect(host.events.length).to.equal(from + 1);
      expect(controller.state).to.equal('idle');
    });

    it('disconnect while authorized clears the expiry', async () => {
      const { host, controller } = await start({ sessionUrl: session() }, 'klarna-ready', { authorizationLifetimeMs: 40 });
      await controller.authorize();
      const from = host.events.length;
      controller.disconnect();
      expect(controller.authorizationExpiresAt).to.equal(undefined);
      await aTimeout(80);
      expect(host.events.length).to.equal(from);
    });

    it('disconnect during the session request: no Klarna call, no event', async () => {
      const { host, controller } = await start({ sessionUrl: session('&wait=100') }, null);
      await aTimeout(10);
      host.connected = false;
      controller.disconnect();
      await aTimeout(200);
      expect(host.events).to.deep.equal([]);
      expect(fake.callsOf('init')).to.have.length(0);
      expect(controller.state).to.equal('idle');
    });

    it('the script failing: stage script, the loader reason as code', async () => {
      harness.removeFakeKlarna();
      fake = undefined;
      const { host } = await start({ sessionUrl: session(), librarySrc: `/test/fixtures/element/minimal-klarna-library.js?key=${key}&status=404` }, 'klarna-error');
      const { detail } = host.last('klarna-error');
      expect(detail).to.include({ stage: 'script', code: 'network', retryable: true });
      expect(detail.cause.name).to.equal('KlarnaLoadError');
    });
  });
}
