// The CDN builds on plain HTML pages (test/fixtures/cdn/*.html, opened in an iframe): nothing but the script tag
// and the element, plus a harness module that installs the fake Klarna library (dist/testing) and records the
// page's errors. The element runs the whole flow against the mock merchant (/mock-merchant/session and /order):
// session → Klarna init + load → click → authorize → order placed.
// The mixed pages load the CDN bundle AND the npm build (dist/index.js) together: nothing may throw.
import { expect, waitUntil } from '@open-wc/testing';
import { decodeClientToken } from '../../dist/testing/index.js';
import { closeOpenedPages, openPage } from '../fixtures/browser-test-helpers.js';

/** The page's element once it reached `state`; fails with the element's state and the page's problems otherwise. */
async function elementInState(page, state) {
  const element = page.document.querySelector('klarna-checkout-button');
  await waitUntil(
    () => element.getAttribute('state') === state || element.getAttribute('state') === 'error',
    `The element never reached "${state}".`,
    { timeout: 20_000 },
  );
  expect(element.getAttribute('state'), `state (page problems: ${page.pageProblems.join('; ')})`).to.equal(state);
  return element;
}

/** Runs the whole checkout on a page and checks what the customer and the merchant would see. */
async function runCheckout(page) {
  expect(page.customElements.get('klarna-checkout-button'), 'the element is defined').to.be.a('function');
  const element = await elementInState(page, 'ready');
  const fake = page.fakeKlarna;

  // Klarna was initialised with the session's client token and loaded into the element's light-DOM container.
  const [init] = fake.callsOf('init');
  expect(decodeClientToken(init.options.client_token).session_id).to.equal(element.sessionId);
  expect(element.sessionId).to.match(/^mock-session-/);
  const widget = element.querySelector('[data-fake-klarna-widget]');
  expect(widget, 'the fake widget rendered in the light DOM').to.exist;
  expect(element.shadowRoot.contains(widget)).to.equal(false);

  const placed = new Promise((resolve) => element.addEventListener('klarna-order-placed', (event) => resolve(event.detail), { once: true }));
  const button = element.shadowRoot.querySelector('button[part="button"]');
  expect(button.disabled).to.equal(false);
  button.click();
  const detail = await placed;

  expect(detail.orderId).to.match(/^mock-order-/);
  expect(detail.fraudStatus).to.equal('ACCEPTED');
  expect(fake.callsOf('authorize')).to.have.length(1);
  await elementInState(page, 'placed');
  expect(page.pageProblems).to.deep.equal([]);
}

describe('CDN builds on a plain HTML page', function () {
  // Each test loads a whole page and runs a checkout; allow for a busy machine.
  this.timeout(40_000);

  afterEach(closeOpenedPages);

  it('the ES module build (<script type="module" src>) runs the whole flow', async () => {
    const page = await openPage('/test/fixtures/cdn/es-module.html');
    await runCheckout(page);
    expect(page.KlarnaCheckoutButton, 'the ES module build adds no global').to.equal(undefined);
  });

  it('the classic-script build (<script src>) runs the whole flow and exposes window.KlarnaCheckoutButton', async () => {
    const page = await openPage('/test/fixtures/cdn/classic-script.html');
    const api = page.KlarnaCheckoutButton;
    expect(api, 'window.KlarnaCheckoutButton').to.be.an('object');
    expect(api.loadKlarnaPayments).to.be.a('function');
    expect(api.createMerchantClient).to.be.a('function');
    expect(api.KlarnaCheckoutButton).to.equal(page.customElements.get('klarna-checkout-button'));
    expect(new api.KlarnaError('x')).to.be.instanceOf(page.Error);
    // The global carries exactly the runtime exports of the npm entry.
    const npmEntry = await import('../../dist/index.js');
    expect(Object.keys(api).sort()).to.deep.equal(Object.keys(npmEntry).sort());
    await runCheckout(page);
  });

  it('the classic-script global works without the element: the adapter posts to the merchant', async () => {
    const page = await openPage('/test/fixtures/cdn/classic-script.html');
    const client = page.KlarnaCheckoutButton.createMerchantClient({ sessionUrl: '/mock-merchant/session' });
    const session = await client.createSession({ cart: { amount: 4200 } });
    expect(session.order_amount).to.equal(4200);
    expect(session.session_id).to.match(/^mock-session-/);
  });

  it('the CDN bundle first, then the npm build: nothing throws and the flow still works', async () => {
    const page = await openPage('/test/fixtures/cdn/cdn-then-npm.html');
    const { KlarnaCheckoutButton } = await page.eval('import("/dist/index.js")');
    // The first definition (the CDN's) stays; the npm build skipped its own without throwing.
    expect(page.customElements.get('klarna-checkout-button')).not.to.equal(KlarnaCheckoutButton);
    await runCheckout(page);
    expect(page.pageProblems).to.deep.equal([]);
  });

  it('the npm build first, then both CDN bundles: nothing throws and the flow still works', async () => {
    const page = await openPage('/test/fixtures/cdn/npm-then-cdn.html');
    expect(page.KlarnaCheckoutButton.KlarnaCheckoutButton).not.to.equal(page.customElements.get('klarna-checkout-button'));
    await runCheckout(page);
    expect(page.pageProblems).to.deep.equal([]);
  });

  it('two copies of the same version define silently (no warning)', async () => {
    const page = await openPage('/test/fixtures/cdn/npm-then-cdn.html');
    await elementInState(page, 'ready');
    expect(page.pageConsole.filter((line) => line.includes('klarna-checkout-button'))).to.deep.equal([]);
  });
});
