// <klarna-checkout-button> in its PRODUCTION build: the CDN bundle (dist/cdn, `#dev-mode` resolved to DEV_MODE = false,
// lit included) defines the element when imported. The other browser tests run the development build; these prove
// that production keeps the behaviour, the typed errors (with short messages), the safe definition (short warnings)
// and the look (every --klarna-checkout-button-* default). The fake Klarna library (dist/testing) stands in for
// api.js and test/fixtures/mock-merchant-middleware.mjs for the merchant backend.
import { expect, oneEvent, waitUntil } from '@open-wc/testing';
import { KlarnaCheckoutButton, VERSION, defineKlarnaCheckoutButton } from '../../dist/cdn/klarna-checkout-button.js';
import { installFakeKlarna } from '../../dist/testing/index.js';
import { recordWarnings } from '../fixtures/browser-test-helpers.js';

let count = 0;
const unique = () => `${Date.now().toString(36)}${(count += 1)}`;
const mounted = [];

/** Appends a fresh element with `attributes` to the page and returns it (removed after the test). */
function mount(attributes) {
  const el = document.createElement('klarna-checkout-button');
  for (const [name, value] of Object.entries(attributes)) el.setAttribute(name, value);
  document.body.append(el);
  mounted.push(el);
  return el;
}

/** Mounts an element and resolves once it is ready (its first `klarna-ready`). */
async function mountReady(attributes) {
  const ready = new Promise((resolve) => document.addEventListener('klarna-ready', resolve, { once: true }));
  const el = mount(attributes);
  await ready;
  await el.updateComplete;
  return el;
}

const parts = (el) => ({
  base: el.shadowRoot.querySelector('[part="base"]'),
  button: el.shadowRoot.querySelector('button[part="button"]'),
  status: el.shadowRoot.querySelector('[part="status"]'),
});

describe('production build (CDN bundle): <klarna-checkout-button>', () => {
  let fake;

  beforeEach(() => {
    fake = installFakeKlarna();
  });

  afterEach(() => {
    for (const el of mounted.splice(0)) el.remove();
    fake?.uninstall();
    fake = undefined;
  });

  it('importing the bundle defined the element, with the package version', () => {
    expect(customElements.get('klarna-checkout-button')).to.equal(KlarnaCheckoutButton);
    expect(VERSION).to.equal('0.1.0');
    expect(KlarnaCheckoutButton.version).to.equal(VERSION);
  });

  it('authorizationLifetimeMs: a bad value throws a RangeError with the short production message and changes nothing', () => {
    const el = document.createElement('klarna-checkout-button');
    const before = el.authorizationLifetimeMs;
    expect(before).to.equal(3_300_000);
    for (const bad of [0, -1, Number.NaN, Number.POSITIVE_INFINITY, undefined, null]) {
      let thrown;
      try {
        el.authorizationLifetimeMs = bad;
      } catch (error) {
        thrown = error;
      }
      expect(thrown, `authorizationLifetimeMs = ${bad}`).to.be.instanceOf(RangeError);
      // The production message: short, naming the property (development explains the value received).
      expect(thrown.message).to.equal('Bad authorizationLifetimeMs.');
      expect(el.authorizationLifetimeMs).to.equal(before);
    }
    el.authorizationLifetimeMs = 60_000;
    expect(el.authorizationLifetimeMs).to.equal(60_000);
  });

  it('runs the whole flow: session, load into the light-DOM container, click, authorize, order placed', async () => {
    const key = unique();
    const states = [];
    // With `locale`, the texts need not wait for the session's locale: "Loading Klarna…" shows from the start.
    const el = mount({ 'session-url': `/mock-merchant/session?key=${key}&wait=100`, 'order-url': `/mock-merchant/order?key=${key}`, locale: 'en' });
    await el.updateComplete;
    expect(el.getAttribute('state')).to.equal('loading');
    expect(parts(el).button.disabled).to.equal(true);
    expect(parts(el).button.getAttribute('aria-busy')).to.equal('true');
    expect(parts(el).status.textContent).to.equal('Loading Klarna…');

    const ready = await oneEvent(el, 'klarna-ready');
    await el.updateComplete;
    expect(ready.detail.sessionId).to.equal(el.sessionId).and.to.match(/^mock-session-/);
    expect(el.state).to.equal('ready');
    expect(el.getAttribute('state')).to.equal('ready');
    const [load] = fake.callsOf('load');
    expect(load.options.container.parentElement).to.equal(el);
    expect(load.options.container.slot).to.equal('widget');
    expect(load.options.instance_id).to.equal(el.instanceId);
    expect(el.querySelector('[data-fake-klarna-widget]')).to.not.equal(null);
    const { button, status } = parts(el);
    expect(button.disabled).to.equal(false);
    expect(button.getAttribute('aria-busy')).to.equal('false');
    expect(button.textContent.trim()).to.equal('Buy with Klarna');
    expect(status.getAttribute('role')).to.equal('status');
    expect(status.getAttribute('aria-live')).to.equal('polite');
    expect(el.shadowRoot.querySelector('fieldset'), 'one category: no radio group').to.equal(null);
    await expect(el).to.be.accessible();

    for (const name of ['klarna-authorized', 'klarna-order-placed']) el.addEventListener(name, (event) => states.push(name), { once: true });
    const placed = oneEvent(el, 'klarna-order-placed');
    button.click();
    const { detail } = await placed;
    await el.updateComplete;
    expect(detail.orderId).to.match(/^mock-order-/);
    expect(states).to.deep.equal(['klarna-authorized', 'klarna-order-placed']);
    expect(fake.callsOf('authorize')).to.have.length(1);
    expect(el.getAttribute('state')).to.equal('placed');
    expect(button.disabled).to.equal(true);
    expect(status.textContent).to.equal('Your order has been placed.');
  });

  it('several categories: the radio group, badges, the chosen category loads; label, slot and disabled', async () => {
    const key = unique();
    const el = await mountReady({ 'session-url': `/mock-merchant/session?key=${key}&categories=pay_now,pay_later`, label: 'Pay now' });
    const radios = [...el.shadowRoot.querySelectorAll('fieldset[part="categories"] input[type="radio"]')];
    expect(radios.map((radio) => radio.value)).to.deep.equal(['pay_now', 'pay_later']);
    expect(radios.map((radio) => radio.checked)).to.deep.equal([true, false]);
    expect(el.shadowRoot.querySelector('legend').textContent).to.equal('Payment method');
    expect(el.shadowRoot.querySelectorAll('label[part="category"] img[part="category-badge"]')).to.have.length(2);
    await expect(el).to.be.accessible();

    const ready = oneEvent(el, 'klarna-ready');
    radios[1].click();
    expect((await ready).detail.paymentMethodCategory).to.equal('pay_later');
    expect(fake.callsOf('load').at(-1).options.payment_method_category).to.equal('pay_later');

    expect(parts(el).button.textContent.trim()).to.equal('Pay now');
    el.disabled = true;
    await el.updateComplete;
    expect(el.hasAttribute('disabled'), 'disabled is reflected').to.equal(true);
    expect(parts(el).button.disabled).to.equal(true);
    expect(el.shadowRoot.querySelector('fieldset').disabled).to.equal(true);
    await el.authorize();
    expect(fake.callsOf('authorize')).to.have.length(0);

    el.setAttribute('payment-method-category', 'pay_now');
    await el.updateComplete;
    expect(el.shadowRoot.querySelector('fieldset'), 'a fixed category hides the radio group').to.equal(null);
  });

  it('auto-finalize="false" runs the two-step flow', async () => {
    const el = await mountReady({ 'session-url': `/mock-merchant/session?key=${unique()}`, 'auto-finalize': 'false' });
    expect(el.autoFinalize).to.equal(false);
    fake.respondNext('authorize', { approved: true, show_form: true, finalize_required: true });
    const required = oneEvent(el, 'klarna-finalize-required');
    parts(el).button.click();
    await required;
    expect(fake.callsOf('authorize')[0].options.auto_finalize).to.equal(false);
    const authorized = oneEvent(el, 'klarna-authorized');
    parts(el).button.click();
    await authorized;
    expect(fake.callsOf('finalize')).to.have.length(1);
  });

  it('looks as documented: every --klarna-checkout-button-* default, overridable; the button spans the element', async () => {
    const el = mount({ 'session-url': `/mock-merchant/session?key=${unique()}&wait=300` });
    el.style.width = '320px';
    await el.updateComplete;
    const { base, button, status } = parts(el);
    const style = getComputedStyle(button);
    expect(style.backgroundColor).to.equal('rgb(255, 168, 205)');
    expect(style.color).to.equal('rgb(11, 5, 29)');
    expect(style.borderTopLeftRadius).to.equal('8px');
    expect(style.fontWeight).to.equal('600');
    expect(style.fontSize).to.equal('16px');
    expect(style.lineHeight).to.equal('20px');
    expect(style.padding).to.equal('12px 24px');
    expect(style.minHeight).to.equal('48px');
    expect(style.borderTopWidth).to.equal('0px');
    expect(style.opacity, 'disabled while loading').to.equal('0.55');
    expect(style.cursor).to.equal('not-allowed');
    expect(button.getBoundingClientRect().width).to.equal(320);
    expect(getComputedStyle(base).rowGap).to.equal('12px');
    expect(getComputedStyle(base).flexDirection).to.equal('column');
    expect(getComputedStyle(status).fontSize).to.equal('14px');
    expect(getComputedStyle(el).display).to.equal('block');

    el.style.setProperty('--klarna-checkout-button-background', 'rgb(1, 2, 3)');
    el.style.setProperty('--klarna-checkout-button-color', 'rgb(4, 5, 6)');
    el.style.setProperty('--klarna-checkout-button-radius', '2px');
    el.style.setProperty('--klarna-checkout-button-min-height', '60px');
    el.style.setProperty('--klarna-checkout-button-padding', '1px 2px');
    el.style.setProperty('--klarna-checkout-button-font', '400 10px/12px serif');
    el.style.setProperty('--klarna-checkout-button-disabled-opacity', '0.3');
    el.style.setProperty('--klarna-checkout-button-gap', '5px');
    el.style.setProperty('--klarna-checkout-button-status-color', 'rgb(7, 8, 9)');
    const after = getComputedStyle(button);
    expect([after.backgroundColor, after.color, after.borderTopLeftRadius, after.minHeight, after.padding]).to.deep.equal([
      'rgb(1, 2, 3)',
      'rgb(4, 5, 6)',
      '2px',
      '60px',
      '1px 2px',
    ]);
    expect([after.fontWeight, after.fontSize, after.lineHeight, after.opacity]).to.deep.equal(['400', '10px', '12px', '0.3']);
    expect(getComputedStyle(base).rowGap).to.equal('5px');
    expect(getComputedStyle(status).color).to.equal('rgb(7, 8, 9)');

    el.hidden = true;
    expect(getComputedStyle(el).display).to.equal('none');
  });

  it('defineKlarnaCheckoutButton: never throws; another version warns once, shortly, naming both versions', () => {
    const other = `kcb-prod-${unique()}`;
    class OtherCopy extends HTMLElement {
      static version = '9.9.9';
    }
    customElements.define(other, OtherCopy);
    const warnings = recordWarnings(() => {
      expect(() => defineKlarnaCheckoutButton(other)).to.not.throw();
      defineKlarnaCheckoutButton(other);
    });
    expect(warnings).to.deep.equal([`<${other}> 9.9.9 defined, ${VERSION} skipped`]);
    expect(customElements.get(other)).to.equal(OtherCopy);

    const fresh = `kcb-prod-${unique()}`;
    expect(recordWarnings(() => defineKlarnaCheckoutButton(fresh))).to.deep.equal([]);
    expect(document.createElement(fresh)).to.be.instanceOf(KlarnaCheckoutButton);
    const silent = recordWarnings(() => {
      defineKlarnaCheckoutButton();
      defineKlarnaCheckoutButton(fresh);
    });
    expect(silent).to.deep.equal([]);

    const invalid = recordWarnings(() => expect(() => defineKlarnaCheckoutButton('NoDash')).to.not.throw());
    expect(invalid).to.have.length(1);
    expect(invalid[0]).to.match(/^<NoDash> \w*Error: /);
  });
});
