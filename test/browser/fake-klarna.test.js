import { expect, aTimeout } from '@open-wc/testing';
import {
  createFakeKlarnaPayments,
  installFakeKlarna,
  fakeClientToken,
  decodeClientToken,
  InvalidClientTokenError,
  ApplicationNotInitializedError,
  ApplicationNotLoadedError,
  InvalidContainerSelectorError,
  InvalidInstanceIDError,
  InstanceIDNotProvidedError,
  PaymentMethodCategoryNotSupportedError,
  EventNotSupportedError,
  OperationNotSupportedError,
} from '../../dist/testing/index.js';

/** Calls a callback-style library method and resolves with what its callback received. */
function call(payments, method, options, data = {}) {
  return new Promise((resolve) => payments[method](options, data, resolve));
}

/** Calls a method expected to throw; returns the order of events and the error. */
function callExpectingThrow(payments, method, options) {
  const events = [];
  let result;
  let error;
  try {
    payments[method](options, {}, (r) => {
      events.push('callback');
      result = r;
    });
  } catch (e) {
    events.push('throw');
    error = e;
  }
  return { events, result, error };
}

// Plain DOM instead of open-wc's fixture(): fixture waits for an animation frame, which never comes while
// the test runner shows another test file's page (hidden pages get no requestAnimationFrame).
const mounted = [];
function mount(element) {
  document.body.append(element);
  mounted.push(element);
  return element;
}
afterEach(() => {
  for (const element of mounted.splice(0)) element.remove();
});

async function container() {
  const el = document.createElement('div');
  el.id = 'klarna-container';
  return mount(el);
}

describe('fake Klarna.Payments: client tokens', () => {
  it('makes JWT-shaped tokens with default and given claims, and decodes them', () => {
    const token = fakeClientToken({ purchase_country: 'US', merchant_name: 'Shop' });
    const parts = token.split('.');
    expect(parts).to.have.length(3);
    for (const part of parts) expect(part).to.match(/^[A-Za-z0-9_-]+$/);
    const header = JSON.parse(atob(parts[0].replace(/-/g, '+').replace(/_/g, '/')));
    expect(header.alg).to.equal('RS256');
    const claims = decodeClientToken(token);
    expect(claims).to.include({ purchase_country: 'US', merchant_name: 'Shop', environment: 'playground', region: 'eu', session_type: 'PAYMENTS' });
    expect(claims.base_url).to.match(/^https:\/\//);
    expect(claims.session_id).to.be.a('string').and.not.equal(decodeClientToken(fakeClientToken()).session_id);
  });

  it('drops a default claim set to undefined and keeps unicode intact', () => {
    const claims = decodeClientToken(fakeClientToken({ region: undefined, merchant_name: 'Café ü' }));
    expect(claims).to.not.have.property('region');
    expect(claims.merchant_name).to.equal('Café ü');
  });

  for (const bad of ['', 'abc', 'a.b', 'a.b.c', '!!.??.x', `${btoa('{}')}.${btoa('[1]')}.x`, `${btoa('nope')}.${btoa('{}')}.x`]) {
    it(`decodeClientToken(${JSON.stringify(bad)}) is undefined`, () => {
      expect(decodeClientToken(bad)).to.equal(undefined);
    });
  }
});

describe('fake Klarna.Payments: outcomes', () => {
  let fake;
  beforeEach(() => {
    fake = createFakeKlarnaPayments();
  });
  afterEach(() => fake.reset());

  it('answers load with { show_form: true } asynchronously and renders a visible widget', async () => {
    const el = await container();
    fake.payments.init({ client_token: fakeClientToken() });
    let answered = false;
    const answer = new Promise((resolve) =>
      fake.payments.load({ container: el, payment_method_category: 'klarna' }, {}, (r) => {
        answered = true;
        resolve(r);
      }),
    );
    expect(answered, 'callback must not run synchronously').to.equal(false);
    await Promise.resolve();
    expect(answered, 'callback must not run in a microtask').to.equal(false);
    expect(await answer).to.deep.equal({ show_form: true });
    const widget = el.querySelector('[data-fake-klarna-widget]');
    expect(widget.getAttribute('data-fake-klarna-widget')).to.equal('klarna');
    expect(widget.textContent).to.contain('klarna');
    expect(widget.getBoundingClientRect().height).to.equal(230);
    expect(widget.hasAttribute('style')).to.equal(false);
  });

  it('answers authorize with approval and a fresh token each time, recorded in issuedTokens', async () => {
    const el = await container();
    fake.payments.init({ client_token: fakeClientToken() });
    await call(fake.payments, 'load', { container: el, payment_method_category: 'klarna' });
    const first = await call(fake.payments, 'authorize', { payment_method_category: 'klarna' });
    const second = await call(fake.payments, 'authorize', { payment_method_category: 'klarna' });
    expect(first).to.include({ approved: true, show_form: true });
    expect(first.authorization_token).to.be.a('string').with.length.above(8);
    expect(second.authorization_token).to.not.equal(first.authorization_token);
    expect(fake.issuedTokens).to.deep.equal([first.authorization_token, second.authorization_token]);
  });

  it('answers reauthorize and finalize like authorize by default', async () => {
    const el = await container();
    fake.payments.init({ client_token: fakeClientToken() });
    await call(fake.payments, 'load', { container: el, payment_method_category: 'klarna' });
    const re = await call(fake.payments, 'reauthorize', { payment_method_category: 'klarna' });
    const fin = await call(fake.payments, 'finalize', { payment_method_category: 'klarna' });
    expect(re).to.include({ approved: true, show_form: true });
    expect(fin).to.include({ approved: true, show_form: true });
    expect(re.authorization_token).to.not.equal(fin.authorization_token);
    expect(fake.issuedTokens).to.have.length(2);
  });

  const shapes = {
    'fixable decline': { approved: false, show_form: true, error: { invalid_fields: ['billing_address.email'] } },
    'final decline': { approved: false, show_form: false },
    'finalize required': { approved: true, show_form: true, finalize_required: true },
  };
  for (const [name, shape] of Object.entries(shapes)) {
    it(`delivers a configured ${name} as is`, async () => {
      const el = await container();
      fake.configure({ authorizeResult: shape });
      fake.payments.init({ client_token: fakeClientToken() });
      await call(fake.payments, 'load', { container: el });
      const result = await call(fake.payments, 'authorize', { auto_finalize: false });
      expect(result).to.deep.equal(shape);
      expect(fake.issuedTokens).to.deep.equal([]);
    });
  }

  it('scripts auto_finalize:false → finalize_required, then finalize → token', async () => {
    const el = await container();
    fake.configure({
      authorizeResult: (options) =>
        options.auto_finalize === false ? { approved: true, show_form: true, finalize_required: true } : { approved: true, show_form: true, authorization_token: 'auto' },
      finalizeResult: async (options, data) => ({ approved: true, show_form: true, authorization_token: `final-${data.step}` }),
    });
    fake.payments.init({ client_token: fakeClientToken() });
    await call(fake.payments, 'load', { container: el, payment_method_category: 'klarna' });
    const first = await call(fake.payments, 'authorize', { payment_method_category: 'klarna', auto_finalize: false });
    expect(first).to.deep.equal({ approved: true, show_form: true, finalize_required: true });
    const finalized = await call(fake.payments, 'finalize', { payment_method_category: 'klarna' }, { step: 2 });
    expect(finalized.authorization_token).to.equal('final-2');
    expect(fake.issuedTokens).to.deep.equal(['final-2']);
  });

  it('configures load results, and hands each caller its own copy', async () => {
    const el = await container();
    const configured = { show_form: false, error: { invalid_fields: ['purchase_country'] } };
    fake.configure({ loadResult: configured });
    fake.payments.init({ client_token: fakeClientToken() });
    const result = await call(fake.payments, 'load', { container: el });
    expect(result).to.deep.equal(configured);
    result.error.invalid_fields.push('mutated');
    expect((await call(fake.payments, 'load', { container: el })).error.invalid_fields).to.deep.equal(['purchase_country']);
  });

  it('waits latencyMs before calling back', async () => {
    const el = await container();
    fake.configure({ latencyMs: 150 });
    fake.payments.init({ client_token: fakeClientToken() });
    const started = performance.now();
    await call(fake.payments, 'load', { container: el });
    expect(performance.now() - started).to.be.at.least(140);
  });

  it('accepts the callback as second argument', async () => {
    const el = await container();
    fake.payments.init({ client_token: fakeClientToken() });
    const result = await new Promise((resolve) => fake.payments.load({ container: el }, resolve));
    expect(result).to.deep.equal({ show_form: true });
    expect(fake.callsOf('load')[0].data).to.equal(undefined);
  });
});

describe('fake Klarna.Payments: thrown errors (callback first, then throw)', () => {
  let fake;
  beforeEach(() => {
    fake = createFakeKlarnaPayments();
  });
  afterEach(() => fake.reset());

  it('init throws InvalidClientTokenError for a token that is not a JWT, without echoing it', () => {
    for (const token of ['not-a-jwt', 'a.b.c', undefined, 42]) {
      let error;
      try {
        fake.payments.init({ client_token: token });
      } catch (e) {
        error = e;
      }
      expect(error).to.be.instanceOf(InvalidClientTokenError);
      expect(error).to.be.instanceOf(Error);
      expect(error.name).to.equal('InvalidClientTokenError');
      if (typeof token === 'string') expect(error.message).to.not.contain(token);
    }
    expect(fake.clientToken).to.equal(undefined);
  });

  for (const method of ['load', 'reauthorize', 'finalize']) {
    it(`${method} before init calls back with a failure, then throws ApplicationNotInitializedError`, async () => {
      const el = await container();
      const { events, result, error } = callExpectingThrow(fake.payments, method, { container: el, payment_method_category: 'klarna' });
      expect(events).to.deep.equal(['callback', 'throw']);
      expect(error.name).to.equal('ApplicationNotInitializedError');
      expect(error).to.be.instanceOf(ApplicationNotInitializedError);
      expect(result).to.deep.equal(method === 'load' ? { show_form: false } : { approved: false, show_form: false });
      await aTimeout(10);
      expect(events, 'the callback is called once only').to.deep.equal(['callback', 'throw']);
    });
  }

  it('authorize without a loaded widget for the key throws ApplicationNotLoadedError', async () => {
    const el = await container();
    fake.payments.init({ client_token: fakeClientToken() });
    await call(fake.payments, 'load', { container: el, payment_method_category: 'klarna' });
    const { events, result, error } = callExpectingThrow(fake.payments, 'authorize', { payment_method_category: 'pay_later' });
    expect(events).to.deep.equal(['callback', 'throw']);
    expect(result).to.deep.equal({ approved: false, show_form: false });
    expect(error).to.be.instanceOf(ApplicationNotLoadedError);
    expect(fake.callsOf('authorize')[0].error).to.equal(error);
  });

  it('keys widgets by instance_id before payment_method_category', async () => {
    const el = await container();
    fake.payments.init({ client_token: fakeClientToken() });
    await call(fake.payments, 'load', { container: el, instance_id: 'main', payment_method_categories: ['klarna'] });
    expect(callExpectingThrow(fake.payments, 'authorize', { payment_method_category: 'klarna' }).error).to.be.instanceOf(ApplicationNotLoadedError);
    const result = await call(fake.payments, 'authorize', { instance_id: 'main', payment_method_categories: ['klarna'] });
    expect(result.approved).to.equal(true);
  });

  it('load with a selector that matches nothing throws InvalidContainerSelectorError', () => {
    fake.payments.init({ client_token: fakeClientToken() });
    const { events, result, error } = callExpectingThrow(fake.payments, 'load', { container: '#does-not-exist' });
    expect(events).to.deep.equal(['callback', 'throw']);
    expect(result).to.deep.equal({ show_form: false });
    expect(error).to.be.instanceOf(InvalidContainerSelectorError);
    expect(error.message).to.contain('#does-not-exist');
  });

  it('load finds its container by selector', async () => {
    await container();
    fake.payments.init({ client_token: fakeClientToken() });
    expect(await call(fake.payments, 'load', { container: '#klarna-container' })).to.deep.equal({ show_form: true });
    expect(document.querySelector('#klarna-container [data-fake-klarna-widget="all"]')).to.not.equal(null);
  });

  for (const bad of [undefined, 42, {}, document.createTextNode('x')]) {
    it(`load with container ${bad === undefined ? 'undefined' : typeof bad} throws TypeError`, () => {
      fake.payments.init({ client_token: fakeClientToken() });
      const { events, error } = callExpectingThrow(fake.payments, 'load', { container: bad });
      expect(events).to.deep.equal(['callback', 'throw']);
      expect(error).to.be.instanceOf(TypeError);
    });
  }

  for (const instanceId of ['has space', 'a.b', '', 'ü']) {
    it(`instance_id ${JSON.stringify(instanceId)} throws InvalidInstanceIDError`, async () => {
      const el = await container();
      fake.payments.init({ client_token: fakeClientToken() });
      const { events, error } = callExpectingThrow(fake.payments, 'load', { container: el, instance_id: instanceId, payment_method_category: 'klarna' });
      expect(events).to.deep.equal(['callback', 'throw']);
      expect(error).to.be.instanceOf(InvalidInstanceIDError);
      expect(error.name).to.equal('InvalidInstanceIDError');
    });
  }

  it('payment_method_categories without instance_id throws InstanceIDNotProvidedError', async () => {
    const el = await container();
    fake.payments.init({ client_token: fakeClientToken() });
    for (const method of ['load', 'authorize']) {
      const { events, error } = callExpectingThrow(fake.payments, method, { container: el, payment_method_categories: ['klarna'] });
      expect(events).to.deep.equal(['callback', 'throw']);
      expect(error).to.be.instanceOf(InstanceIDNotProvidedError);
    }
  });

  it('an empty category list throws PaymentMethodCategoryNotSupportedError (Klarna\'s library has no PaymentMethodCategoryNotProvidedError)', async () => {
    const el = await container();
    fake.payments.init({ client_token: fakeClientToken() });
    const { events, error } = callExpectingThrow(fake.payments, 'load', { container: el, instance_id: 'a', payment_method_categories: [] });
    expect(events).to.deep.equal(['callback', 'throw']);
    expect(error).to.be.instanceOf(PaymentMethodCategoryNotSupportedError);
    expect(error.name).to.equal('PaymentMethodCategoryNotSupportedError');
  });

  it('categories missing from the token claim throw PaymentMethodCategoryNotSupportedError', async () => {
    const el = await container();
    fake.payments.init({ client_token: fakeClientToken({ payment_method_categories: [{ identifier: 'klarna' }] }) });
    const { events, result, error } = callExpectingThrow(fake.payments, 'load', { container: el, payment_method_category: 'pay_over_time' });
    expect(events).to.deep.equal(['callback', 'throw']);
    expect(result).to.deep.equal({ show_form: false });
    expect(error).to.be.instanceOf(PaymentMethodCategoryNotSupportedError);
    expect(error.message).to.match(/^This payment method category is not supported: pay_over_time/);
    expect(await call(fake.payments, 'load', { container: el, payment_method_category: 'klarna' })).to.deep.equal({ show_form: true });
    const auth = callExpectingThrow(fake.payments, 'authorize', { instance_id: 'x', payment_method_categories: ['klarna', 'pay_now'] });
    expect(auth.error).to.be.instanceOf(PaymentMethodCategoryNotSupportedError);
    expect(auth.error.message).to.contain('pay_now');
  });

  it('any category is accepted when the token has no payment_method_categories claim', async () => {
    const el = await container();
    fake.payments.init({ client_token: fakeClientToken() });
    expect(await call(fake.payments, 'load', { container: el, payment_method_category: 'anything' })).to.deep.equal({ show_form: true });
  });

  it('on with an unknown event throws EventNotSupportedError', () => {
    expect(() => fake.payments.on('clicked', () => {})).to.throw(EventNotSupportedError);
    try {
      fake.payments.on('clicked', () => {});
    } catch (e) {
      expect(e.name).to.equal('EventNotSupportedError');
    }
  });

  it('loadPaymentReview is for US and GB sessions only', async () => {
    const el = await container();
    fake.payments.init({ client_token: fakeClientToken({ purchase_country: 'DE' }) });
    const events = [];
    expect(() =>
      fake.payments.loadPaymentReview({ container: el }, (r) => events.push(r)),
    ).to.throw(OperationNotSupportedError);
    expect(events).to.deep.equal([{ show_form: false }]);
    fake.payments.init({ client_token: fakeClientToken({ purchase_country: 'US' }) });
    const result = await new Promise((resolve) => fake.payments.loadPaymentReview({ container: el }, resolve));
    expect(result).to.deep.equal({ show_form: true });
    expect(el.querySelector('[data-fake-klarna-widget="payment-review"]')).to.not.equal(null);
    fake.payments.init({ client_token: fakeClientToken({ purchase_country: 'GB' }) });
    const british = await new Promise((resolve) => fake.payments.loadPaymentReview({ container: el }, resolve));
    expect(british).to.deep.equal({ show_form: true });
  });
});

describe('fake Klarna.Payments: re-init, recording, scripting, events', () => {
  let fake;
  beforeEach(() => {
    fake = createFakeKlarnaPayments();
  });
  afterEach(() => fake.reset());

  it('init with a different token takes it; the next load replaces the widget', async () => {
    const el = await container();
    const first = fakeClientToken();
    fake.payments.init({ client_token: first });
    await call(fake.payments, 'load', { container: el, payment_method_category: 'klarna' });
    fake.payments.init({ client_token: first });
    expect((await call(fake.payments, 'authorize', { payment_method_category: 'klarna' })).approved).to.equal(true);
    const second = fakeClientToken();
    fake.payments.init({ client_token: second });
    expect(fake.clientToken).to.equal(second);
    await call(fake.payments, 'load', { container: el, payment_method_category: 'klarna' });
    expect(el.querySelectorAll('[data-fake-klarna-widget]'), 'the new load replaces the old widget').to.have.length(1);
    expect((await call(fake.payments, 'authorize', { payment_method_category: 'klarna' })).approved).to.equal(true);
  });

  it('a failed init keeps the previous token and widgets', async () => {
    const el = await container();
    const token = fakeClientToken();
    fake.payments.init({ client_token: token });
    await call(fake.payments, 'load', { container: el });
    expect(() => fake.payments.init({ client_token: 'garbage' })).to.throw(InvalidClientTokenError);
    expect(fake.clientToken).to.equal(token);
    expect((await call(fake.payments, 'authorize', {})).approved).to.equal(true);
  });

  it('records every call with options, data, the token current at the call, time and result', async () => {
    const el = await container();
    const token = fakeClientToken();
    const before = Date.now();
    fake.payments.init({ client_token: token });
    const handler = () => {};
    fake.payments.on('heightChanged', handler);
    await call(fake.payments, 'load', { container: el, payment_method_category: 'klarna' }, { locale: 'de-DE' });
    const result = await call(fake.payments, 'authorize', { payment_method_category: 'klarna' }, { billing_address: { email: 'a@b.c' } });
    fake.payments.off('heightChanged', handler);
    expect(fake.calls.map((c) => c.method)).to.deep.equal(['init', 'on', 'load', 'authorize', 'off']);
    expect(fake.calls[0].clientToken).to.equal(undefined);
    expect(fake.calls[0].options).to.deep.equal({ client_token: token });
    const [load] = fake.callsOf('load');
    expect(load.options.payment_method_category).to.equal('klarna');
    expect(load.data).to.deep.equal({ locale: 'de-DE' });
    expect(load.clientToken).to.equal(token);
    expect(load.at).to.be.at.least(before);
    expect(load.result).to.deep.equal({ show_form: true });
    const [authorize] = fake.callsOf('authorize');
    expect(authorize.data.billing_address.email).to.equal('a@b.c');
    expect(authorize.result).to.deep.equal(result);
    expect(fake.callsOf('on')[0].options.event).to.equal('heightChanged');
  });

  it('respondNext answers the next calls in order, then falls back to the default', async () => {
    const el = await container();
    fake.payments.init({ client_token: fakeClientToken() });
    await call(fake.payments, 'load', { container: el });
    fake.respondNext('authorize', { approved: false, show_form: true, error: { invalid_fields: ['billing_address.email'] } });
    fake.respondNext('authorize', { approved: false, show_form: false });
    expect(await call(fake.payments, 'authorize', {})).to.deep.equal({ approved: false, show_form: true, error: { invalid_fields: ['billing_address.email'] } });
    expect(await call(fake.payments, 'authorize', {})).to.deep.equal({ approved: false, show_form: false });
    expect((await call(fake.payments, 'authorize', {})).approved).to.equal(true);
    fake.respondNext('load', { show_form: false });
    expect(await call(fake.payments, 'load', { container: el })).to.deep.equal({ show_form: false });
  });

  it('holdNext holds the call until release, with a result or the default outcome', async () => {
    const el = await container();
    fake.payments.init({ client_token: fakeClientToken() });
    await call(fake.payments, 'load', { container: el });
    const held = fake.holdNext('authorize');
    let answered;
    fake.payments.authorize({ auto_finalize: true }, { x: 1 }, (r) => (answered = r));
    const arrived = await held.called;
    expect(arrived.method).to.equal('authorize');
    expect(arrived.data).to.deep.equal({ x: 1 });
    await aTimeout(30);
    expect(answered, 'still held').to.equal(undefined);
    held.release({ approved: false, show_form: false });
    await aTimeout(10);
    expect(answered).to.deep.equal({ approved: false, show_form: false });

    const second = fake.holdNext('authorize');
    const pending = call(fake.payments, 'authorize', {});
    await second.called;
    second.release();
    const result = await pending;
    expect(result.approved).to.equal(true);
    expect(fake.issuedTokens).to.deep.equal([result.authorization_token]);
  });

  it('a hold released before the call arrives answers straight away', async () => {
    const el = await container();
    fake.payments.init({ client_token: fakeClientToken() });
    const held = fake.holdNext('load');
    held.release({ show_form: false });
    expect(await call(fake.payments, 'load', { container: el })).to.deep.equal({ show_form: false });
  });

  it('emit fires the handlers registered with on; off removes one or all', () => {
    const seen = [];
    const a = (px) => seen.push(['a', px]);
    const b = (px) => seen.push(['b', px]);
    const shown = () => seen.push(['shown']);
    fake.payments.on('heightChanged', a);
    fake.payments.on('heightChanged', b);
    fake.payments.on('fullscreenOverlayShown', shown);
    fake.emit('heightChanged', 412);
    fake.emit('fullscreenOverlayShown');
    fake.emit('fullscreenOverlayHidden');
    fake.payments.off('heightChanged', a);
    fake.emit('heightChanged', 300);
    fake.payments.off('heightChanged');
    fake.emit('heightChanged', 200);
    expect(seen).to.deep.equal([['a', 412], ['b', 412], ['shown'], ['b', 300]]);
  });

  it('reset forgets calls, token, widgets, queued answers and pending callbacks', async () => {
    const el = await container();
    fake.payments.init({ client_token: fakeClientToken() });
    await call(fake.payments, 'load', { container: el });
    await call(fake.payments, 'authorize', {});
    fake.respondNext('load', { show_form: false });
    let late = false;
    fake.payments.authorize({}, {}, () => (late = true));
    fake.reset();
    await aTimeout(10);
    expect(late, 'a callback pending at reset is dropped').to.equal(false);
    expect(fake.calls).to.deep.equal([]);
    expect(fake.clientToken).to.equal(undefined);
    expect(fake.issuedTokens).to.deep.equal([]);
    expect(el.querySelector('[data-fake-klarna-widget]')).to.equal(null);
    fake.payments.init({ client_token: fakeClientToken() });
    expect(await call(fake.payments, 'load', { container: el })).to.deep.equal({ show_form: true });
  });

  it('renders into a shadow root, styled without inline style attributes', async () => {
    const host = mount(document.createElement('div'));
    const root = host.attachShadow({ mode: 'open' });
    const slot = document.createElement('div');
    root.append(slot);
    fake.payments.init({ client_token: fakeClientToken() });
    await call(fake.payments, 'load', { container: slot, payment_method_category: 'klarna' });
    const widget = root.querySelector('[data-fake-klarna-widget="klarna"]');
    expect(widget.getBoundingClientRect().height).to.equal(230);
    expect(widget.getAttribute('style')).to.equal(null);
  });
});

describe("fake Klarna.Payments: behaves like Klarna's api.js (one test per scenario of issue 11)", () => {
  let fake;
  beforeEach(() => {
    fake = createFakeKlarnaPayments();
  });
  afterEach(() => fake.reset());

  it('finalize after init without load (a separate confirmation page) proceeds', async () => {
    fake.payments.init({ client_token: fakeClientToken() });
    const result = await call(fake.payments, 'finalize', { payment_method_category: 'klarna' });
    expect(result.approved).to.equal(true);
    expect(result.authorization_token).to.be.a('string');
    expect(fake.callsOf('finalize')[0].error).to.equal(undefined);
  });

  it('load with a client_token and no init initializes implicitly', async () => {
    const el = await container();
    const token = fakeClientToken();
    const result = await call(fake.payments, 'load', { container: el, client_token: token, payment_method_category: 'klarna' });
    expect(result).to.deep.equal({ show_form: true });
    expect(fake.clientToken).to.equal(token);
    expect(el.querySelector('[data-fake-klarna-widget="klarna"]')).to.not.equal(null);
    expect((await call(fake.payments, 'authorize', { payment_method_category: 'klarna' })).approved).to.equal(true);
  });

  it('load with a client_token that is not a JWT calls back with a failure, then throws InvalidClientTokenError', async () => {
    const el = await container();
    const { events, result, error } = callExpectingThrow(fake.payments, 'load', { container: el, client_token: 'not-a-jwt' });
    expect(events).to.deep.equal(['callback', 'throw']);
    expect(result).to.deep.equal({ show_form: false });
    expect(error).to.be.instanceOf(InvalidClientTokenError);
  });

  it('authorize after a re-init with another token proceeds (no ApplicationNotLoadedError)', async () => {
    const el = await container();
    fake.payments.init({ client_token: fakeClientToken() });
    await call(fake.payments, 'load', { container: el, payment_method_category: 'klarna' });
    const second = fakeClientToken();
    fake.payments.init({ client_token: second });
    const result = await call(fake.payments, 'authorize', { payment_method_category: 'klarna' });
    expect(result.approved).to.equal(true);
    expect(fake.callsOf('authorize')[0].clientToken).to.equal(second);
  });

  it('throws no PaymentMethodCategoryNotProvidedError: the class does not exist, as in Klarna\'s library', async () => {
    const testing = await import('../../dist/testing/index.js');
    expect('PaymentMethodCategoryNotProvidedError' in testing).to.equal(false);
    const el = await container();
    fake.payments.init({ client_token: fakeClientToken() });
    for (const options of [{ payment_method_category: '' }, { payment_method_category: 42 }, { instance_id: 'a', payment_method_categories: [] }]) {
      const { error } = callExpectingThrow(fake.payments, 'load', { container: el, ...options });
      expect(error.name).to.not.equal('PaymentMethodCategoryNotProvidedError');
      expect(error).to.be.instanceOf(PaymentMethodCategoryNotSupportedError);
    }
  });

  it('authorize(callback): the short form with no options and no data', async () => {
    const el = await container();
    fake.payments.init({ client_token: fakeClientToken() });
    await call(fake.payments, 'load', { container: el });
    const result = await new Promise((resolve) => fake.payments.authorize(resolve));
    expect(result.approved).to.equal(true);
    const [recorded] = fake.callsOf('authorize');
    expect(recorded.options).to.deep.equal({});
    expect(recorded.data).to.equal(undefined);
  });

  it('authorize(data, callback): a first argument without option names is the data', async () => {
    const el = await container();
    fake.payments.init({ client_token: fakeClientToken() });
    await call(fake.payments, 'load', { container: el });
    const data = { billing_address: { email: 'shopper@example.com' } };
    const result = await new Promise((resolve) => fake.payments.authorize(data, resolve));
    expect(result.approved).to.equal(true);
    const [recorded] = fake.callsOf('authorize');
    expect(recorded.options).to.deep.equal({});
    expect(recorded.data).to.deep.equal(data);
    const withOptions = await new Promise((resolve) => fake.payments.authorize({ auto_finalize: true }, resolve));
    expect(withOptions.approved).to.equal(true);
    expect(fake.callsOf('authorize')[1].options).to.deep.equal({ auto_finalize: true });
    expect(fake.callsOf('authorize')[1].data).to.equal(undefined);
  });

  it('loadPaymentReview works for a GB session as for a US one', async () => {
    const el = await container();
    fake.payments.init({ client_token: fakeClientToken({ purchase_country: 'GB' }) });
    const result = await new Promise((resolve) => fake.payments.loadPaymentReview({ container: el }, resolve));
    expect(result).to.deep.equal({ show_form: true });
  });

  it('init returns Klarna.Payments (so calls can be chained)', async () => {
    const el = await container();
    const returned = fake.payments.init({ client_token: fakeClientToken() });
    expect(returned).to.equal(fake.payments);
    const result = await new Promise((resolve) => returned.load({ container: el }, {}, resolve));
    expect(result).to.deep.equal({ show_form: true });
  });

  it('event handlers get the instance name: heightChanged (px, name), overlay events (name)', async () => {
    const el = await container();
    const seen = [];
    fake.payments.on('heightChanged', (...args) => seen.push(['height', ...args]));
    fake.payments.on('fullscreenOverlayShown', (...args) => seen.push(['shown', ...args]));
    fake.payments.on('fullscreenOverlayHidden', (...args) => seen.push(['hidden', ...args]));
    fake.payments.init({ client_token: fakeClientToken() });
    await call(fake.payments, 'load', { container: el, instance_id: 'main-widget', payment_method_categories: ['klarna'] });
    fake.emit('heightChanged', 412);
    fake.emit('fullscreenOverlayShown');
    fake.emit('fullscreenOverlayHidden', undefined, 'other');
    expect(seen).to.deep.equal([
      ['height', 412, 'main-widget'],
      ['shown', 'main-widget'],
      ['hidden', 'other'],
    ]);
  });

  it('a widget loaded without instance_id or category is the instance "default"', async () => {
    const el = await container();
    const seen = [];
    fake.payments.on('heightChanged', (...args) => seen.push(args));
    fake.payments.init({ client_token: fakeClientToken() });
    await call(fake.payments, 'load', { container: el });
    fake.emit('heightChanged', 300);
    expect(seen).to.deep.equal([[300, 'default']]);
  });
});

describe('installFakeKlarna', () => {
  afterEach(() => {
    delete window.klarnaAsyncCallback;
  });

  it('puts the fake at window.Klarna.Payments, calls klarnaAsyncCallback, and uninstall restores', () => {
    expect(window.Klarna).to.equal(undefined);
    let seen;
    window.klarnaAsyncCallback = () => (seen = window.Klarna.Payments);
    const fake = installFakeKlarna({ latencyMs: 5 });
    expect(window.Klarna.Payments).to.equal(fake.payments);
    expect(window.Klarna.Credit, 'Klarna.Credit is an alias of Klarna.Payments, as in Klarna\'s api.js').to.equal(fake.payments);
    expect(seen).to.equal(fake.payments);
    fake.uninstall();
    expect(window.Klarna).to.equal(undefined);
    expect('Klarna' in window).to.equal(false);
  });

  it('keeps other Klarna globals and restores a previous Payments object', () => {
    const previous = { marker: true };
    window.Klarna = { Payments: previous, Other: 1 };
    try {
      const fake = installFakeKlarna();
      expect(window.Klarna.Other).to.equal(1);
      expect(window.Klarna.Payments).to.equal(fake.payments);
      fake.uninstall();
      expect(window.Klarna.Payments).to.equal(previous);
      expect('Credit' in window.Klarna).to.equal(false);
    } finally {
      delete window.Klarna;
    }
  });

  it('the installed fake answers through the global', async () => {
    const fake = installFakeKlarna();
    try {
      const el = await container();
      window.Klarna.Payments.init({ client_token: fakeClientToken() });
      const result = await call(window.Klarna.Payments, 'load', { container: el });
      expect(result).to.deep.equal({ show_form: true });
      expect(fake.callsOf('load')).to.have.length(1);
    } finally {
      fake.uninstall();
    }
  });
});
