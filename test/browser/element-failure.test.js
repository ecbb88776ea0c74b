// <klarna-checkout-button> failure paths through the PRODUCTION CDN bundle (issue 9, docs/failure-recovery.md):
// what the shopper sees and can press after each failure, popup-safe clicks (real user activation from a trusted
// click), focus, the two-step flow's locks. The fake Klarna library stands in for api.js, the mock merchant
// (test/fixtures/mock-merchant-middleware.mjs) for the backend.
import { aTimeout, expect, oneEvent, waitUntil } from '@open-wc/testing';
import { sendMouse } from '@web/test-runner-commands';
import '../../dist/cdn/klarna-checkout-button.js';
import { installFakeKlarna } from '../../dist/testing/index.js';

const TEXT = {
  tryAgain: 'Try again',
  orderRetry: "We couldn't confirm your order. Try again: you won't be charged twice.",
  unavailableNow: "Klarna can't be used right now. Please choose another way to pay.",
  retry: 'Something went wrong. Please try again.',
  notCompleted: 'The Klarna payment was not completed.',
  confirm: 'Confirm payment',
};

let count = 0;
const unique = () => `e${Date.now().toString(36)}${(count += 1)}`;
const mounted = [];

async function merchantLog(key) {
  return (await fetch(`/mock-merchant/log?key=${key}`)).json();
}

/** Appends a fresh element with `attributes` and `properties`; resolves once `event` (default klarna-ready) fired on it. */
async function mount(attributes, properties = {}, event = 'klarna-ready') {
  const el = document.createElement('klarna-checkout-button');
  for (const [name, value] of Object.entries(attributes)) el.setAttribute(name, value);
  Object.assign(el, properties);
  const seen = event && oneEvent(el, event);
  document.body.append(el);
  mounted.push(el);
  if (seen) await seen;
  await el.updateComplete;
  return el;
}

const buttonOf = (el) => el.shadowRoot.querySelector('button[part="button"]');
const statusOf = (el) => el.shadowRoot.querySelector('[part="status"]').textContent.trim();

/** A trusted click (real user activation) in the middle of the element's button. */
async function realClick(el) {
  const box = buttonOf(el).getBoundingClientRect();
  await sendMouse({ type: 'click', position: [Math.round(box.x + box.width / 2), Math.round(box.y + box.height / 2)] });
}

/** A fetch that lets the first order request reach the server, then loses the answer. */
function cutFirstOrderAnswer() {
  let cut = false;
  return async (url, init) => {
    const response = await fetch(url, init);
    if (!cut && String(url).includes('/mock-merchant/order')) {
      cut = true;
      throw new TypeError('Failed to fetch');
    }
    return response;
  };
}

describe('production build (CDN bundle): failure paths of <klarna-checkout-button>', () => {
  let fake;
  let key;

  beforeEach(() => {
    key = unique();
    fake = installFakeKlarna();
  });

  afterEach(() => {
    for (const el of mounted.splice(0)) el.remove();
    fake?.uninstall();
    fake = undefined;
    delete window.Klarna;
  });

  it('order answer lost: "Try again" with the no-double-charge text; pressing it sends the same token: one order placed', async () => {
    const el = await mount(
      { 'session-url': `/mock-merchant/session?key=${key}`, 'order-url': `/mock-merchant/order?key=${key}` },
      { fetch: cutFirstOrderAnswer() },
    );
    const placedEvents = [];
    el.addEventListener('klarna-order-placed', (event) => placedEvents.push(event));
    const failed = oneEvent(el, 'klarna-error');
    buttonOf(el).click();
    expect((await failed).detail).to.include({ stage: 'order', retryable: true });
    await el.updateComplete;
    expect(buttonOf(el).textContent.trim()).to.equal(TEXT.tryAgain);
    expect(buttonOf(el).disabled).to.equal(false);
    expect(buttonOf(el).hidden).to.equal(false);
    expect(statusOf(el)).to.equal(TEXT.orderRetry);
    expect(el.outcomeUnknown).to.equal(true);
    const placed = oneEvent(el, 'klarna-order-placed');
    buttonOf(el).click();
    await placed;
    const orders = (await merchantLog(key)).filter((entry) => entry.route === 'order');
    expect(orders).to.have.length(2);
    expect(orders[1].body).to.deep.equal(orders[0].body);
    expect(fake.callsOf('authorize')).to.have.length(1);
    expect(placedEvents).to.have.length(1);
    expect(el.state).to.equal('placed');
  });

  it('a failure retrying cannot fix: "Klarna can\'t be used right now", the button out of the way, klarna-error tells the page', async () => {
    const el = await mount({}, {}, 'klarna-error');
    expect(el.state).to.equal('error');
    expect(statusOf(el)).to.equal(TEXT.unavailableNow);
    expect(buttonOf(el).hidden).to.equal(true);
    expect(getComputedStyle(buttonOf(el)).display).to.equal('none');
  });

  it('a retryable session failure: "Try again" asks for the session again and the widget loads', async () => {
    let failures = 1;
    const flaky = async (url, init) => {
      if (failures > 0) {
        failures -= 1;
        return new Response(JSON.stringify({ error: { code: 'klarna_unavailable', message: 'Klarna is unavailable.' } }), { status: 503 });
      }
      return fetch(url, init);
    };
    const el = await mount({ 'session-url': `/mock-merchant/session?key=${key}` }, { fetch: flaky }, 'klarna-error');
    expect(buttonOf(el).textContent.trim()).to.equal(TEXT.tryAgain);
    expect(statusOf(el)).to.equal(TEXT.retry);
    const ready = oneEvent(el, 'klarna-ready');
    buttonOf(el).click();
    await ready;
    await el.updateComplete;
    expect(buttonOf(el).textContent.trim()).to.equal('Buy with Klarna');
  });

  it('load-timeout: a load that never calls back is a retryable klarna-error {load, timeout}', async () => {
    const held = fake.holdNext('load');
    const el = await mount({ 'session-url': `/mock-merchant/session?key=${key}`, 'load-timeout': '80' }, {}, 'klarna-error');
    expect(el.loadTimeoutMs).to.equal(80);
    await held.called;
    await el.updateComplete;
    expect(buttonOf(el).textContent.trim()).to.equal(TEXT.tryAgain);
    const ready = oneEvent(el, 'klarna-ready');
    buttonOf(el).click();
    await ready;
    held.release();
  });

  describe('popup-safe clicks: navigator.userActivation.isActive when Klarna.Payments.authorize runs', () => {
    /** Wraps the fake's authorize to record the user activation at the moment it is called. */
    function recordActivation() {
      const seen = [];
      const payments = window.Klarna.Payments;
      const original = payments.authorize;
      payments.authorize = function (...args) {
        seen.push(navigator.userActivation.isActive);
        return original.apply(this, args);
      };
      return seen;
    }

    it('a click on a ready element', async () => {
      const el = await mount({ 'session-url': `/mock-merchant/session?key=${key}` });
      const seen = recordActivation();
      const authorized = oneEvent(el, 'klarna-authorized');
      await realClick(el);
      await authorized;
      expect(seen).to.deep.equal([true]);
    });

    it('after another element on the page was used last', async () => {
      const a = await mount({ 'session-url': `/mock-merchant/session?key=${key}&a` });
      const b = await mount({ 'session-url': `/mock-merchant/session?key=${key}&b` });
      const seen = recordActivation();
      let authorized = oneEvent(b, 'klarna-authorized');
      await realClick(b);
      await authorized;
      authorized = oneEvent(a, 'klarna-authorized');
      await realClick(a);
      await authorized;
      expect(seen).to.deep.equal([true, true]);
      const tokens = (await merchantLog(key)).map((entry) => entry.response.client_token);
      expect(fake.callsOf('authorize').map((call) => call.clientToken)).to.deep.equal([tokens[1], tokens[0]]);
    });

    it('with an authorizeData function that resolves in 500 ms (within the 5 s transient activation)', async () => {
      const el = await mount(
        { 'session-url': `/mock-merchant/session?key=${key}` },
        { authorizeData: () => new Promise((resolve) => setTimeout(() => resolve({ customer: { date_of_birth: '1970-01-01' } }), 500)) },
      );
      const seen = recordActivation();
      const authorized = oneEvent(el, 'klarna-authorized');
      await realClick(el);
      await authorized;
      expect(seen).to.deep.equal([true]);
      expect(fake.callsOf('authorize')[0].data).to.deep.equal({ customer: { date_of_birth: '1970-01-01' } });
    });
  });

  it('focus returns to the button when Klarna closes without an approval and focus was lost', async () => {
    const el = await mount({ 'session-url': `/mock-merchant/session?key=${key}` });
    const held = fake.holdNext('authorize');
    buttonOf(el).focus();
    buttonOf(el).click();
    await held.called;
    // Klarna's overlay took focus and went away: nothing holds it now.
    document.activeElement?.blur();
    expect(document.activeElement).to.equal(document.body);
    const declined = oneEvent(el, 'klarna-declined');
    held.release({ approved: false, show_form: true });
    await declined;
    await el.updateComplete;
    expect(statusOf(el)).to.equal(TEXT.notCompleted);
    expect(el.shadowRoot.activeElement).to.equal(buttonOf(el));
  });

  it('two-step flow: the categories are locked while a finalize waits; the button confirms; finalize() honours disabled', async () => {
    const el = await mount({ 'session-url': `/mock-merchant/session?key=${key}&categories=pay_now,pay_later`, 'auto-finalize': 'false' });
    fake.respondNext('authorize', { approved: true, show_form: true, finalize_required: true });
    const required = oneEvent(el, 'klarna-finalize-required');
    buttonOf(el).click();
    await required;
    await el.updateComplete;
    expect(el.shadowRoot.querySelector('fieldset').disabled).to.equal(true);
    expect(buttonOf(el).textContent.trim()).to.equal(TEXT.confirm);
    el.disabled = true;
    await el.finalize();
    expect(fake.callsOf('finalize')).to.have.length(0);
    el.disabled = false;
    await el.updateComplete;
    const authorized = oneEvent(el, 'klarna-authorized');
    buttonOf(el).click();
    await authorized;
    expect(fake.callsOf('finalize')[0].options.payment_method_category).to.equal('pay_now');
    await el.updateComplete;
    expect(el.shadowRoot.querySelector('fieldset').disabled).to.equal(false);
  });

  it('removing the element while Klarna\'s overlay is open fires klarna-error {authorize, disconnected} on it', async () => {
    const el = await mount({ 'session-url': `/mock-merchant/session?key=${key}` });
    const held = fake.holdNext('authorize');
    buttonOf(el).click();
    await held.called;
    const seen = [];
    el.addEventListener('klarna-error', (event) => seen.push(event.detail));
    el.remove();
    held.release();
    await aTimeout(50);
    expect(seen.map(({ stage, code, retryable }) => ({ stage, code, retryable }))).to.deep.equal([{ stage: 'authorize', code: 'disconnected', retryable: false }]);
    await waitUntil(() => window.Klarna.Payments[Symbol.for('klarna-checkout-button.coordinator')].busy === false);
  });
});
