// <klarna-checkout-button> in real Chromium: the fake Klarna library (dist/testing) stands in for api.js, and
// test/fixtures/mock-merchant-middleware.mjs stands in for the merchant backend under /mock-merchant/….
import { aTimeout, expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { CheckoutState, KlarnaCheckoutButton } from '../../dist/element/index.js';
import { fakeClientToken, installFakeKlarna } from '../../dist/testing/index.js';

const EVENTS = [
  'klarna-ready',
  'klarna-unavailable',
  'klarna-before-authorize',
  'klarna-authorized',
  'klarna-finalize-required',
  'klarna-declined',
  'klarna-order-placed',
  'klarna-reauthorize-required',
  'klarna-error',
];

let keyCount = 0;
/** A key unique to this test run, grouping the mock merchant's request log. */
function uniqueKey() {
  keyCount += 1;
  return `t${Date.now().toString(36)}${keyCount}`;
}

async function merchantLog(key) {
  const response = await fetch(`/mock-merchant/log?key=${key}`);
  return response.json();
}

/** Mounts a template and resolves once `event` (default klarna-ready) reached the document. */
async function mount(template, event = 'klarna-ready') {
  const seen = oneEvent(document, event);
  const el = await fixture(template);
  const received = await seen;
  return { el, event: received };
}

function buttonOf(el) {
  return el.shadowRoot.querySelector('button[part="button"]');
}

/** Records every klarna-* event reaching the document until `stop()`. */
function recordEvents() {
  const seen = [];
  const listener = (event) => seen.push(event);
  for (const name of EVENTS) document.addEventListener(name, listener);
  return {
    seen,
    stop() {
      for (const name of EVENTS) document.removeEventListener(name, listener);
    },
  };
}

describe('<klarna-checkout-button>', () => {
  let fake;
  let key;

  beforeEach(() => {
    key = uniqueKey();
    fake = installFakeKlarna();
  });

  afterEach(() => {
    fake?.uninstall();
    fake = undefined;
  });

  it('is defined and upgrades to the exported class', () => {
    expect(customElements.get('klarna-checkout-button')).to.equal(KlarnaCheckoutButton);
    expect(document.createElement('klarna-checkout-button')).to.be.instanceOf(KlarnaCheckoutButton);
  });

  it('loads into a light-DOM container it created, and becomes ready', async () => {
    const { el, event } = await mount(html`<klarna-checkout-button session-url="/mock-merchant/session?key=${key}"></klarna-checkout-button>`);
    const [load] = fake.callsOf('load');
    const container = load.options.container;
    expect(container).to.be.instanceOf(HTMLElement);
    expect(container.parentElement).to.equal(el);
    expect(container.getAttribute('slot')).to.equal('widget');
    expect(container.getRootNode()).to.equal(document);
    expect(el.shadowRoot.contains(container)).to.equal(false);
    expect(container.querySelector('[data-fake-klarna-widget]')).to.not.equal(null);
    expect(load.options.payment_method_category).to.equal('klarna');
    expect(load.options.instance_id).to.equal(el.instanceId);
    expect(load.data).to.deep.equal({});
    const [session] = await merchantLog(key);
    expect(event.detail).to.deep.equal({
      sessionId: session.response.session_id,
      paymentMethodCategory: 'klarna',
      paymentMethodCategories: session.response.payment_method_categories,
    });
    expect(fake.callsOf('init')[0].options.client_token).to.equal(session.response.client_token);
    expect(el.sessionId).to.equal(session.response.session_id);
    expect(el.state).to.equal(CheckoutState.Ready);
    expect(buttonOf(el).disabled).to.equal(false);
  });

  it('requests the script and the session in parallel', async () => {
    fake.uninstall();
    fake = undefined;
    delete window.Klarna;
    try {
      const { el } = await mount(
        html`<klarna-checkout-button
          library-src="/mock-merchant/library.js?key=${key}&wait=600"
          session-url="/mock-merchant/session?key=${key}&wait=600"
        ></klarna-checkout-button>`,
      );
      const log = await merchantLog(key);
      const script = log.find((entry) => entry.route === 'library.js');
      const session = log.find((entry) => entry.route === 'session');
      expect(script, 'script request').to.exist;
      expect(session, 'session request').to.exist;
      // Each request started before the other one finished: they overlapped.
      expect(script.start).to.be.below(session.end);
      expect(session.start).to.be.below(script.end);
      const load = window.minimalKlarnaCalls.find((call) => call.method === 'load');
      expect(load.options.container.parentElement).to.equal(el);
      expect(el.state).to.equal('ready');
    } finally {
      delete window.Klarna;
    }
  });

  it('approved: dispatches klarna-authorized with the token, category and expiry', async () => {
    const data = { billing_address: { email: 'customer@example.com' } };
    const { el } = await mount(
      html`<klarna-checkout-button session-url="/mock-merchant/session?key=${key}" .authorizeData=${data}></klarna-checkout-button>`,
    );
    const before = Date.now();
    const authorized = oneEvent(el, 'klarna-authorized');
    buttonOf(el).click();
    const { detail } = await authorized;
    const [call] = fake.callsOf('authorize');
    expect(detail.authorizationToken).to.equal(fake.issuedTokens[0]);
    expect(detail.paymentMethodCategory).to.equal('klarna');
    expect(detail.expiresAt).to.be.within(before + 55 * 60_000 - 1000, Date.now() + 55 * 60_000);
    expect(call.options).to.deep.equal({ payment_method_category: 'klarna', instance_id: el.instanceId });
    expect(call.data).to.deep.equal(data);
    await el.updateComplete;
    expect(el.state).to.equal('authorized');
    expect(el.getAttribute('state')).to.equal('authorized');
  });

  it('reads an async authorizeData function at click time', async () => {
    let reads = 0;
    const { el } = await mount(html`<klarna-checkout-button session-url="/mock-merchant/session?key=${key}"></klarna-checkout-button>`);
    el.authorizeData = async () => {
      reads += 1;
      await aTimeout(5);
      return { customer: { date_of_birth: '1970-01-01' }, read: reads };
    };
    expect(reads).to.equal(0);
    const authorized = oneEvent(el, 'klarna-authorized');
    await el.authorize();
    await authorized;
    expect(reads).to.equal(1);
    expect(fake.callsOf('authorize')[0].data).to.deep.equal({ customer: { date_of_birth: '1970-01-01' }, read: 1 });
  });

  it('two-step flow: finalize_required → klarna-finalize-required, then finalize() → klarna-authorized', async () => {
    const { el } = await mount(
      html`<klarna-checkout-button auto-finalize="false" session-url="/mock-merchant/session?key=${key}"></klarna-checkout-button>`,
    );
    fake.respondNext('authorize', { approved: true, show_form: true, finalize_required: true });
    const required = oneEvent(el, 'klarna-finalize-required');
    buttonOf(el).click();
    expect((await required).detail).to.deep.equal({ paymentMethodCategory: 'klarna' });
    expect(fake.callsOf('authorize')[0].options.auto_finalize).to.equal(false);
    expect(fake.callsOf('finalize')).to.have.length(0);
    expect(el.state).to.equal('authorized');
    const authorized = oneEvent(el, 'klarna-authorized');
    await el.finalize();
    const { detail } = await authorized;
    const [finalize] = fake.callsOf('finalize');
    expect(finalize.options).to.deep.equal({ payment_method_category: 'klarna', instance_id: el.instanceId });
    expect(detail.authorizationToken).to.equal(fake.issuedTokens.at(-1));
  });

  it('fixable decline: klarna-declined {fixable:true, invalidFields}, back to ready', async () => {
    const { el } = await mount(html`<klarna-checkout-button session-url="/mock-merchant/session?key=${key}"></klarna-checkout-button>`);
    fake.respondNext('authorize', { approved: false, show_form: true, error: { invalid_fields: ['billing_address.email'] } });
    const declined = oneEvent(el, 'klarna-declined');
    buttonOf(el).click();
    expect((await declined).detail).to.deep.equal({ fixable: true, invalidFields: ['billing_address.email'] });
    await el.updateComplete;
    expect(el.state).to.equal('ready');
    expect(buttonOf(el).disabled).to.equal(false);
    expect(el.shadowRoot.querySelector('[part="status"]').textContent).to.match(/check/i);
  });

  it('closed popup (approved:false, show_form:true, no error) is a fixable decline with no fields', async () => {
    const { el } = await mount(html`<klarna-checkout-button session-url="/mock-merchant/session?key=${key}"></klarna-checkout-button>`);
    fake.respondNext('authorize', { approved: false, show_form: true });
    const declined = oneEvent(el, 'klarna-declined');
    buttonOf(el).click();
    expect((await declined).detail).to.deep.equal({ fixable: true, invalidFields: [] });
    expect(el.state).to.equal('ready');
  });

  it('final decline: klarna-declined {fixable:false}, state unavailable, button disabled', async () => {
    const { el } = await mount(html`<klarna-checkout-button session-url="/mock-merchant/session?key=${key}"></klarna-checkout-button>`);
    fake.respondNext('authorize', { approved: false, show_form: false });
    const declined = oneEvent(el, 'klarna-declined');
    buttonOf(el).click();
    expect((await declined).detail).to.deep.equal({ fixable: false, invalidFields: [] });
    await el.updateComplete;
    expect(el.state).to.equal('unavailable');
    expect(buttonOf(el).disabled).to.equal(true);
  });

  it('show_form:false on load: klarna-unavailable', async () => {
    fake.configure({ loadResult: { show_form: false } });
    const { el, event } = await mount(
      html`<klarna-checkout-button session-url="/mock-merchant/session?key=${key}"></klarna-checkout-button>`,
      'klarna-unavailable',
    );
    expect(event.detail).to.deep.equal({ paymentMethodCategory: 'klarna' });
    await el.updateComplete;
    expect(el.getAttribute('state')).to.equal('unavailable');
    expect(buttonOf(el).disabled).to.equal(true);
  });

  it('load error: klarna-error stage load with Klarna’s error class as code', async () => {
    const token = fakeClientToken({ session_id: 'token-session', payment_method_categories: ['klarna'] });
    const { el, event } = await mount(
      html`<klarna-checkout-button client-token=${token} payment-method-category="pay_in_parts"></klarna-checkout-button>`,
      'klarna-error',
    );
    expect(event.detail.stage).to.equal('load');
    expect(event.detail.code).to.equal('PaymentMethodCategoryNotSupportedError');
    expect(event.detail.retryable).to.equal(false);
    expect(event.detail.cause).to.be.instanceOf(Error);
    expect(event.detail.message).to.contain('pay_in_parts');
    await el.updateComplete;
    expect(el.state).to.equal('error');
    expect(el.shadowRoot.querySelector('[part="status"]').textContent.trim()).to.not.equal('');
  });

  it('session error: klarna-error stage session with the backend code; reload() starts over', async () => {
    const { el, event } = await mount(
      html`<klarna-checkout-button session-url="/mock-merchant/session?key=${key}&fail=503&code=klarna_unavailable"></klarna-checkout-button>`,
      'klarna-error',
    );
    expect(event.detail).to.include({ stage: 'session', code: 'klarna_unavailable', retryable: true });
    expect(fake.callsOf('load')).to.have.length(0);
    await el.updateComplete;
    expect(el.getAttribute('state')).to.equal('error');
    el.sessionUrl = `/mock-merchant/session?key=${key}`;
    await oneEvent(el, 'klarna-ready');
    expect(el.state).to.equal('ready');
    const again = oneEvent(el, 'klarna-ready');
    el.reload();
    await again;
    expect((await merchantLog(key)).filter((entry) => entry.route === 'session')).to.have.length(3);
  });

  it('script error: klarna-error stage script', async () => {
    fake.uninstall();
    fake = undefined;
    delete window.Klarna;
    const { event } = await mount(
      html`<klarna-checkout-button
        library-src="/test/fixtures/element/minimal-klarna-library.js?key=${key}&status=404"
        session-url="/mock-merchant/session?key=${key}"
      ></klarna-checkout-button>`,
      'klarna-error',
    );
    expect(event.detail.stage).to.equal('script');
    expect(event.detail.code).to.equal('network');
    expect(event.detail.retryable).to.equal(true);
    expect(event.detail.cause.name).to.equal('KlarnaLoadError');
  });

  it('order-url: places the order and dispatches klarna-order-placed', async () => {
    const cart = { amount: 2599, items: ['tee'] };
    const { el } = await mount(
      html`<klarna-checkout-button
        session-url="/mock-merchant/session?key=${key}"
        order-url="/mock-merchant/order?key=${key}"
        .cart=${cart}
      ></klarna-checkout-button>`,
    );
    const placed = oneEvent(el, 'klarna-order-placed');
    buttonOf(el).click();
    const { detail } = await placed;
    const log = await merchantLog(key);
    const session = log.find((entry) => entry.route === 'session');
    const order = log.find((entry) => entry.route === 'order');
    const { revision, ...sent } = session.body;
    expect(sent).to.deep.equal({ cart });
    expect(revision).to.be.a('number');
    expect(order.body).to.deep.equal({ authorization_token: fake.issuedTokens[0], session_id: session.response.session_id, cart });
    expect(detail).to.deep.equal({
      orderId: order.response.order_id,
      redirectUrl: order.response.redirect_url,
      fraudStatus: 'ACCEPTED',
    });
    await el.updateComplete;
    expect(el.state).to.equal('placed');
    expect(buttonOf(el).disabled).to.equal(true);
  });

  it('order error: klarna-error stage order', async () => {
    const { el } = await mount(
      html`<klarna-checkout-button
        session-url="/mock-merchant/session?key=${key}"
        order-url="/mock-merchant/order?key=${key}&fail=500&code=internal_error"
      ></klarna-checkout-button>`,
    );
    const failed = oneEvent(el, 'klarna-error');
    buttonOf(el).click();
    const { detail } = await failed;
    expect(detail).to.include({ stage: 'order', code: 'internal_error' });
    expect(detail.message).to.not.contain(fake.issuedTokens[0]);
    expect(el.state).to.equal('error');
  });

  for (const [code, reason] of [
    ['authorization_expired', 'expired'],
    ['authorization_consumed', 'consumed'],
    ['amount_mismatch', 'cart-changed'],
    ['authorization_rejected', 'rejected'],
  ]) {
    it(`backend ${code}: klarna-reauthorize-required {reason:'${reason}'}, the next click authorizes again`, async () => {
      const { el } = await mount(
        html`<klarna-checkout-button
          session-url="/mock-merchant/session?key=${key}"
          order-url="/mock-merchant/order?key=${key}&fail=409&code=${code}"
        ></klarna-checkout-button>`,
      );
      const required = oneEvent(el, 'klarna-reauthorize-required');
      buttonOf(el).click();
      expect((await required).detail).to.deep.equal({ reason });
      await el.updateComplete;
      expect(el.state).to.equal('ready');
      const again = oneEvent(el, 'klarna-authorized');
      buttonOf(el).click();
      await again;
      expect(fake.callsOf('authorize')).to.have.length(2);
      const orders = (await merchantLog(key)).filter((entry) => entry.route === 'order');
      expect(orders.map((entry) => entry.body.authorization_token)).to.deep.equal(fake.issuedTokens.slice(0, 2));
      expect(fake.issuedTokens[0]).to.not.equal(fake.issuedTokens[1]);
    });
  }

  it('a cart changed in place during authorization: the token is ordered only with the cart Klarna approved', async () => {
    const cart = { amount: 1000 };
    const { el } = await mount(
      html`<klarna-checkout-button
        session-url="/mock-merchant/session?key=${key}"
        order-url="/mock-merchant/order?key=${key}"
        .cart=${cart}
      ></klarna-checkout-button>`,
    );
    el.addEventListener('klarna-authorized', () => (cart.amount = 5000), { once: true });
    const placed = oneEvent(el, 'klarna-order-placed');
    buttonOf(el).click();
    await placed;
    const orders = (await merchantLog(key)).filter((entry) => entry.route === 'order');
    expect(orders.map((entry) => entry.body.cart)).to.deep.equal([{ amount: 1000 }]);
    expect(el.state).to.equal('placed');
  });

  it('klarna-before-authorize can be cancelled: no Klarna call, stays ready', async () => {
    const { el } = await mount(html`<klarna-checkout-button session-url="/mock-merchant/session?key=${key}"></klarna-checkout-button>`);
    el.addEventListener('klarna-before-authorize', (event) => event.preventDefault(), { once: true });
    const before = oneEvent(el, 'klarna-before-authorize');
    buttonOf(el).click();
    const event = await before;
    expect(event.cancelable).to.equal(true);
    expect(event.detail).to.deep.equal({ paymentMethodCategory: 'klarna' });
    await aTimeout(30);
    expect(fake.callsOf('authorize')).to.have.length(0);
    expect(el.state).to.equal('ready');
    // Not cancelled this time: it goes through.
    const authorized = oneEvent(el, 'klarna-authorized');
    buttonOf(el).click();
    await authorized;
    expect(fake.callsOf('authorize')).to.have.length(1);
  });

  it('double click and repeated authorize() calls make one Klarna authorize', async () => {
    const { el } = await mount(html`<klarna-checkout-button session-url="/mock-merchant/session?key=${key}"></klarna-checkout-button>`);
    const held = fake.holdNext('authorize');
    const events = recordEvents();
    const button = buttonOf(el);
    button.click();
    button.click();
    const first = el.authorize();
    const second = el.authorize();
    await held.called;
    expect(first).to.equal(second);
    expect(el.getAttribute('state')).to.equal('authorizing');
    expect(button.getAttribute('aria-busy')).to.equal('true');
    held.release();
    await first;
    events.stop();
    expect(fake.callsOf('authorize')).to.have.length(1);
    expect(events.seen.filter((e) => e.type === 'klarna-before-authorize')).to.have.length(1);
    expect(events.seen.filter((e) => e.type === 'klarna-authorized')).to.have.length(1);
  });

  it('Enter and click together make one Klarna authorize', async () => {
    const { el } = await mount(html`<klarna-checkout-button session-url="/mock-merchant/session?key=${key}"></klarna-checkout-button>`);
    const held = fake.holdNext('authorize');
    const button = buttonOf(el);
    button.focus();
    await sendKeys({ press: 'Enter' });
    button.click();
    await held.called;
    const authorized = oneEvent(el, 'klarna-authorized');
    held.release();
    await authorized;
    await aTimeout(20);
    expect(fake.callsOf('authorize')).to.have.length(1);
  });

  it('an authorization that expires unspent → klarna-reauthorize-required {reason:"expired"}, next click authorizes afresh', async () => {
    const { el } = await mount(html`<klarna-checkout-button session-url="/mock-merchant/session?key=${key}"></klarna-checkout-button>`);
    el.authorizationLifetimeMs = 150;
    const authorized = oneEvent(el, 'klarna-authorized');
    const start = Date.now();
    buttonOf(el).click();
    const { detail } = await authorized;
    expect(detail.expiresAt).to.be.within(start + 150, Date.now() + 150);
    const expired = await oneEvent(el, 'klarna-reauthorize-required');
    expect(expired.detail).to.deep.equal({ reason: 'expired' });
    expect(Date.now()).to.be.at.least(detail.expiresAt - 5);
    await el.updateComplete;
    expect(el.state).to.equal('ready');
    el.authorizationLifetimeMs = 60_000;
    const again = oneEvent(el, 'klarna-authorized');
    buttonOf(el).click();
    const second = await again;
    expect(fake.callsOf('authorize')).to.have.length(2);
    expect(second.detail.authorizationToken).to.equal(fake.issuedTokens[1]);
    expect(second.detail.authorizationToken).to.not.equal(detail.authorizationToken);
  });

  it('two elements with different sessions each authorize with their own client token', async () => {
    const keyB = uniqueKey();
    const ready = oneEvent(document, 'klarna-ready');
    const wrapper = await fixture(html`<div>
      <klarna-checkout-button id="a" session-url="/mock-merchant/session?key=${key}"></klarna-checkout-button>
      <klarna-checkout-button id="b" session-url="/mock-merchant/session?key=${keyB}"></klarna-checkout-button>
    </div>`);
    await ready;
    const a = wrapper.querySelector('#a');
    const b = wrapper.querySelector('#b');
    await waitUntil(() => a.state === 'ready' && b.state === 'ready', 'both ready');
    const tokenA = (await merchantLog(key))[0].response.client_token;
    const tokenB = (await merchantLog(keyB))[0].response.client_token;
    expect(tokenA).to.not.equal(tokenB);
    const tokenOf = { [a.instanceId]: tokenA, [b.instanceId]: tokenB };
    for (const el of [a, b, a]) {
      const authorized = oneEvent(el, 'klarna-authorized');
      buttonOf(el).click();
      await authorized;
    }
    const calls = fake.callsOf('authorize');
    expect(calls.map((call) => call.options.instance_id)).to.deep.equal([a.instanceId, b.instanceId, a.instanceId]);
    for (const call of calls) expect(call.clientToken).to.equal(tokenOf[call.options.instance_id]);
  });

  it('reload() after a foreign Klarna.Payments.init inits again with the element’s own token', async () => {
    const { el } = await mount(html`<klarna-checkout-button client-token=${fakeClientToken({ session_id: 'own' })}></klarna-checkout-button>`);
    const own = el.clientToken;
    window.Klarna.Payments.init({ client_token: fakeClientToken({ session_id: 'foreign' }) });
    const ready = oneEvent(el, 'klarna-ready');
    el.reload();
    await ready;
    expect(fake.clientToken).to.equal(own);
    const authorized = oneEvent(el, 'klarna-authorized');
    buttonOf(el).click();
    await authorized;
    expect(fake.callsOf('authorize')[0].clientToken).to.equal(own);
  });

  it('cart change after load: session refreshed with session_id, load again, reauthorize-required cart-changed', async () => {
    const { el } = await mount(
      html`<klarna-checkout-button session-url="/mock-merchant/session?key=${key}" .cart=${{ amount: 1000 }}></klarna-checkout-button>`,
    );
    const authorized = oneEvent(el, 'klarna-authorized');
    buttonOf(el).click();
    await authorized;
    const events = recordEvents();
    const ready = oneEvent(el, 'klarna-ready');
    el.cart = { amount: 2000 };
    await ready;
    events.stop();
    expect(events.seen.map((event) => event.type)).to.deep.equal(['klarna-reauthorize-required', 'klarna-ready']);
    expect(events.seen[0].detail).to.deep.equal({ reason: 'cart-changed' });
    const sessions = (await merchantLog(key)).filter((entry) => entry.route === 'session');
    expect(sessions).to.have.length(2);
    const { revision, ...sent } = sessions[1].body;
    expect(sent).to.deep.equal({ cart: { amount: 2000 }, session_id: sessions[0].response.session_id });
    expect(revision).to.be.above(sessions[0].body.revision);
    expect(fake.callsOf('load')).to.have.length(2);
    expect(el.state).to.equal('ready');
    // The old token is forgotten: the next click authorizes again.
    const again = oneEvent(el, 'klarna-authorized');
    buttonOf(el).click();
    await again;
    expect(fake.callsOf('authorize')).to.have.length(2);
  });

  it('removed mid-authorize: klarna-error {authorize, disconnected} on the element as it goes; a late Klarna answer dispatches nothing and leaves no timer', async () => {
    const { el } = await mount(html`<klarna-checkout-button session-url="/mock-merchant/session?key=${key}"></klarna-checkout-button>`);
    el.authorizationLifetimeMs = 40;
    const held = fake.holdNext('authorize');
    buttonOf(el).click();
    await held.called;
    const events = recordEvents();
    const onElement = [];
    for (const name of EVENTS) el.addEventListener(name, (event) => onElement.push(event));
    el.remove();
    held.release();
    await aTimeout(200); // past the answer and past the (40 ms) lifetime an authorization would have had
    events.stop();
    expect(events.seen).to.deep.equal([]);
    expect(onElement.map((event) => [event.type, event.detail.stage, event.detail.code])).to.deep.equal([['klarna-error', 'authorize', 'disconnected']]);
    expect(el.state).to.equal('idle');
  });

  it('removed while authorized: the expiry timer is cleared', async () => {
    const { el } = await mount(html`<klarna-checkout-button session-url="/mock-merchant/session?key=${key}"></klarna-checkout-button>`);
    const lifetime = 4321; // a delay no other timer here uses
    el.authorizationLifetimeMs = lifetime;
    const pending = new Map();
    const { setTimeout: realSet, clearTimeout: realClear } = window;
    window.setTimeout = (fn, delay, ...args) => {
      const id = realSet(fn, delay, ...args);
      pending.set(id, delay);
      return id;
    };
    window.clearTimeout = (id) => {
      pending.delete(id);
      realClear(id);
    };
    try {
      const authorized = oneEvent(el, 'klarna-authorized');
      buttonOf(el).click();
      await authorized;
      expect([...pending.values()], 'the expiry timer was set').to.include(lifetime);
      const onElement = [];
      el.addEventListener('klarna-reauthorize-required', (event) => onElement.push(event));
      el.remove();
      expect([...pending.values()], 'the expiry timer is cleared on removal').to.not.include(lifetime);
      await aTimeout(50);
      expect(onElement).to.deep.equal([]);
    } finally {
      window.setTimeout = realSet;
      window.clearTimeout = realClear;
    }
  });

  it('several categories: an accessible radio group, keyboard-selectable, loading the chosen widget', async () => {
    const { el } = await mount(
      html`<klarna-checkout-button session-url="/mock-merchant/session?key=${key}&categories=pay_now,pay_later"></klarna-checkout-button>`,
    );
    await el.updateComplete;
    const radios = [...el.shadowRoot.querySelectorAll('input[type="radio"]')];
    expect(radios.map((radio) => radio.value)).to.deep.equal(['pay_now', 'pay_later']);
    expect(radios[0].checked).to.equal(true);
    const badges = [...el.shadowRoot.querySelectorAll('img[part="category-badge"]')];
    expect(badges[1].getAttribute('src')).to.contain('c=pay_later');
    expect(el.shadowRoot.querySelector('fieldset legend').textContent).to.contain('Payment method');
    expect(fake.callsOf('load')[0].options.payment_method_category).to.equal('pay_now');
    const ready = oneEvent(el, 'klarna-ready');
    radios[0].focus();
    await sendKeys({ press: 'ArrowDown' });
    const { detail } = await ready;
    expect(radios[1].checked).to.equal(true);
    expect(detail.paymentMethodCategory).to.equal('pay_later');
    expect(fake.callsOf('load')[1].options.payment_method_category).to.equal('pay_later');
    await expect(el).to.be.accessible();
    const authorized = oneEvent(el, 'klarna-authorized');
    buttonOf(el).click();
    expect((await authorized).detail.paymentMethodCategory).to.equal('pay_later');
    expect(fake.callsOf('authorize')[0].options.payment_method_category).to.equal('pay_later');
  });

  it('no radio group when payment-method-category fixes the category', async () => {
    const { el } = await mount(
      html`<klarna-checkout-button
        payment-method-category="pay_later"
        session-url="/mock-merchant/session?key=${key}&categories=pay_now,pay_later"
      ></klarna-checkout-button>`,
    );
    expect(el.shadowRoot.querySelector('fieldset')).to.equal(null);
    expect(fake.callsOf('load')[0].options.payment_method_category).to.equal('pay_later');
  });

  it('works inside another shadow root', async () => {
    const host = await fixture(html`<div></div>`);
    const root = host.attachShadow({ mode: 'open' });
    const ready = oneEvent(document, 'klarna-ready');
    const el = document.createElement('klarna-checkout-button');
    el.setAttribute('session-url', `/mock-merchant/session?key=${key}`);
    root.appendChild(el);
    await ready;
    const container = fake.callsOf('load')[0].options.container;
    expect(container.parentElement).to.equal(el);
    expect(container.getRootNode()).to.equal(root);
    expect(container.querySelector('[data-fake-klarna-widget]')).to.not.equal(null);
    const authorized = oneEvent(document, 'klarna-authorized');
    buttonOf(el).click();
    expect((await authorized).detail.authorizationToken).to.equal(fake.issuedTokens[0]);
  });

  it('passes an axe accessibility check, with a live status region', async () => {
    const { el } = await mount(html`<klarna-checkout-button session-url="/mock-merchant/session?key=${key}"></klarna-checkout-button>`);
    await expect(el).to.be.accessible();
    const status = el.shadowRoot.querySelector('[part="status"]');
    expect(status.getAttribute('aria-live')).to.equal('polite');
    expect(status.getAttribute('role')).to.equal('status');
    expect(buttonOf(el).textContent.trim()).to.equal('Buy with Klarna');
  });

  it('reflects state as an attribute CSS can select on', async () => {
    const style = document.createElement('style');
    style.textContent = `
      klarna-checkout-button[state='loading'] { outline: 2px solid rgb(1, 2, 3); }
      klarna-checkout-button[state='ready'] { outline: 2px solid rgb(4, 5, 6); }
      klarna-checkout-button[state='authorized'] { outline: 2px solid rgb(7, 8, 9); }`;
    document.head.appendChild(style);
    try {
      const seen = oneEvent(document, 'klarna-ready');
      const el = await fixture(html`<klarna-checkout-button session-url="/mock-merchant/session?key=${key}&wait=150"></klarna-checkout-button>`);
      await el.updateComplete;
      expect(el.getAttribute('state')).to.equal('loading');
      expect(getComputedStyle(el).outlineColor).to.equal('rgb(1, 2, 3)');
      expect(buttonOf(el).getAttribute('aria-busy')).to.equal('true');
      expect(buttonOf(el).disabled).to.equal(true);
      await seen;
      await el.updateComplete;
      expect(getComputedStyle(el).outlineColor).to.equal('rgb(4, 5, 6)');
      const authorized = oneEvent(el, 'klarna-authorized');
      buttonOf(el).click();
      await authorized;
      await el.updateComplete;
      expect(getComputedStyle(el).outlineColor).to.equal('rgb(7, 8, 9)');
    } finally {
      style.remove();
    }
  });

  it('client-token attribute: no session request, init with that token, categories from its claims', async () => {
    const token = fakeClientToken({ session_id: 'page-session-1', payment_method_categories: ['klarna'] });
    const { el, event } = await mount(
      html`<klarna-checkout-button client-token=${token} order-url="/mock-merchant/order?key=${key}"></klarna-checkout-button>`,
    );
    expect(event.detail.sessionId).to.equal('page-session-1');
    expect(event.detail.paymentMethodCategory).to.equal('klarna');
    expect(fake.callsOf('init')[0].options.client_token).to.equal(token);
    const placed = oneEvent(el, 'klarna-order-placed');
    buttonOf(el).click();
    await placed;
    const log = await merchantLog(key);
    expect(log.map((entry) => entry.route)).to.deep.equal(['order']);
    expect(log[0].body.session_id).to.equal('page-session-1');
  });

  it('client-token without categories in its claims loads without a category', async () => {
    const token = fakeClientToken({ session_id: 'page-session-2' });
    const { event } = await mount(html`<klarna-checkout-button client-token=${token}></klarna-checkout-button>`);
    expect(event.detail.paymentMethodCategory).to.equal(undefined);
    const [load] = fake.callsOf('load');
    expect(load.options).to.not.have.property('payment_method_category');
    expect(load.options.instance_id).to.match(/^kcb-\d+$/);
  });

  it('label attribute and the default slot set the button text; disabled disables it', async () => {
    const { el } = await mount(
      html`<klarna-checkout-button label="Pay now" session-url="/mock-merchant/session?key=${key}"></klarna-checkout-button>`,
    );
    expect(buttonOf(el).textContent.trim()).to.equal('Pay now');
    el.disabled = true;
    await el.updateComplete;
    expect(buttonOf(el).disabled).to.equal(true);
    await el.authorize();
    expect(fake.callsOf('authorize')).to.have.length(0);
    const slotted = await fixture(html`<klarna-checkout-button client-token=${fakeClientToken()}><b>Checkout</b></klarna-checkout-button>`);
    const slot = slotted.shadowRoot.querySelector('button slot:not([name])');
    expect(slot.assignedNodes().map((node) => node.textContent)).to.deep.equal(['Checkout']);
  });

  it('autoFinalize and label set to undefined (as wrappers do for a removed prop) fall back to their defaults', async () => {
    const { el } = await mount(html`<klarna-checkout-button session-url="/mock-merchant/session?key=${key}"></klarna-checkout-button>`);
    el.autoFinalize = undefined;
    el.label = undefined;
    await el.updateComplete;
    expect(buttonOf(el).textContent.trim()).to.equal('Buy with Klarna');
    const authorized = oneEvent(el, 'klarna-authorized');
    buttonOf(el).click();
    await authorized;
    const [call] = fake.callsOf('authorize');
    expect(call.options).to.not.have.property('auto_finalize');
  });
});
