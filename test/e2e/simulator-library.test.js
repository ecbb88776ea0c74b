// End-to-end: the simulator's browser library (`/kp/lib/v1/api.js`) in real headless Chromium, driven from
// Node with playwright-core. A merchant page on its own origin (node:http, 127.0.0.1:0, strict CSP) loads the
// library from a real simulator; the shopper clicks inside the widget and overlay iframes of the simulator's
// origin; the resulting tokens are then used over the simulator's REST API.
import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { chromium } from 'playwright-core';
import { CHROME_ARGS } from '../../scripts/chrome.mjs';
import { startKlarnaSimulator } from '../../dist/simulator/index.js';
import { simulatorCheckoutListener } from '../helpers/simulator-checkout.js';
import { billingAddress, call, createSession, smallCart } from '../node/simulator-test-kit.js';

const OVERLAY = '[data-klarna-simulator-overlay]';

let simulator;
let merchant;
let merchantUrl;
let browser;
let page;

/** The merchant page: the library from the simulator, a ready-callback script of its own, a strict CSP. */
function startMerchantPage(simulatorUrl) {
  const server = createServer((request, response) => {
    if (request.url === '/merchant.js') {
      response.writeHead(200, { 'Content-Type': 'application/javascript' });
      response.end('window.klarnaReadyCalls = 0; window.klarnaAsyncCallback = function () { window.klarnaReadyCalls += 1; };');
      return;
    }
    if (request.url === '/inline') {
      // A page that embeds the library's text inline (no script URL to learn the simulator's origin from).
      response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      response.end('<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Inline</title></head><body><div id="klarna-container"></div></body></html>');
      return;
    }
    if (request.url !== '/') {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, {
      'Content-Type': 'text/html; charset=utf-8',
      // No inline script or style anywhere: the library must size its iframes through CSSOM only.
      'Content-Security-Policy': `default-src 'self'; script-src 'self' ${simulatorUrl}; frame-src ${simulatorUrl}; connect-src 'self'; style-src 'self'`,
    });
    response.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Shop</title>
<script src="/merchant.js"></script>
<script src="${simulatorUrl}/kp/lib/v1/api.js"></script>
</head><body><main><h1>Checkout</h1><div id="klarna-container"></div></main></body></html>`);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** Creates a session and loads its widget into #klarna-container; resolves the load callback's result. */
async function loadWidget(cart = smallCart(), loadOptions = { payment_method_category: 'klarna' }) {
  const session = await createSession(simulator, cart);
  const result = await page.evaluate(
    ({ token, options }) =>
      new Promise((resolve) => {
        window.heights = [];
        window.overlayEvents = [];
        Klarna.Payments.off('heightChanged');
        Klarna.Payments.off('fullscreenOverlayShown');
        Klarna.Payments.off('fullscreenOverlayHidden');
        Klarna.Payments.on('heightChanged', (px) => window.heights.push(px));
        Klarna.Payments.on('fullscreenOverlayShown', () => window.overlayEvents.push('shown'));
        Klarna.Payments.on('fullscreenOverlayHidden', () => window.overlayEvents.push('hidden'));
        Klarna.Payments.init({ client_token: token });
        try {
          Klarna.Payments.load({ container: '#klarna-container', ...options }, {}, resolve);
        } catch (error) {
          window.lastLoadError = error.name;
        }
      }),
    { token: session.client_token, options: loadOptions },
  );
  return { session, result };
}

/** Starts `method` (authorize/finalize) in the page; the result lands in window.klarnaResult. */
async function startInPage(method, options, data) {
  await page.evaluate(
    ({ method, options, data }) => {
      window.klarnaResult = new Promise((resolve) => Klarna.Payments[method](options, data, resolve));
    },
    { method, options, data },
  );
  await page.locator(OVERLAY).waitFor({ state: 'attached' });
}

const overlayFrame = () => page.frameLocator(OVERLAY);
const klarnaResult = () => page.evaluate(() => window.klarnaResult);

before(async () => {
  simulator = await startKlarnaSimulator();
  merchant = await startMerchantPage(simulator.url);
  merchantUrl = `http://127.0.0.1:${merchant.address().port}/`;
  browser = await chromium.launch({ executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium', args: CHROME_ARGS });
});

after(async () => {
  await browser?.close();
  merchant?.closeAllConnections();
  await new Promise((resolve) => (merchant ? merchant.close(resolve) : resolve()));
  await simulator?.stop();
});

describe('the simulator library /kp/lib/v1/api.js in Chromium', () => {
  beforeEach(async () => {
    page?.context() && (await page.context().close());
    const context = await browser.newContext();
    page = await context.newPage();
    await page.addInitScript(() => {
      window.cspViolations = [];
      document.addEventListener('securitypolicyviolation', (event) => window.cspViolations.push(`${event.violatedDirective} ${event.blockedURI}`));
    });
    await page.goto(merchantUrl);
    await page.waitForFunction(() => typeof window.Klarna?.Payments?.init === 'function');
  });

  it('installs window.Klarna.Payments and calls klarnaAsyncCallback once, like Klarna’s library', async () => {
    const state = await page.evaluate(() => ({
      methods: ['init', 'load', 'authorize', 'reauthorize', 'finalize', 'on', 'off'].filter((name) => typeof Klarna.Payments[name] === 'function'),
      readyCalls: window.klarnaReadyCalls,
    }));
    assert.deepEqual(state.methods, ['init', 'load', 'authorize', 'reauthorize', 'finalize', 'on', 'off']);
    assert.equal(state.readyCalls, 1);
  });

  it('load() mounts a widget iframe from the simulator’s origin that shows the category, the amount and the currency', async () => {
    const { session, result } = await loadWidget();
    assert.deepEqual(result, { show_form: true });
    const iframe = page.locator('#klarna-container [data-klarna-simulator-widget="klarna"] iframe');
    const src = await iframe.getAttribute('src');
    assert.equal(new URL(src).origin, simulator.url);
    assert.equal(new URL(src).searchParams.get('session_id'), session.session_id);
    const frame = page.frameLocator('#klarna-container iframe');
    await assert.doesNotReject(frame.getByRole('heading', { name: 'Pay with Klarna' }).waitFor());
    const expectedAmount = new Intl.NumberFormat('en-DE', { style: 'currency', currency: 'EUR' }).format(100);
    assert.equal(await frame.locator('.amount-value').textContent(), expectedAmount);
    const frameOrigin = await page.frames().find((candidate) => candidate.url() !== "about:blank" && new URL(candidate.url()).origin === simulator.url).evaluate(() => location.origin);
    assert.equal(frameOrigin, simulator.url);
    const sizes = await page.evaluate(() => {
      const wrapper = document.querySelector('[data-klarna-simulator-widget]');
      const style = getComputedStyle(wrapper);
      return { maxWidth: style.maxWidth, minWidth: style.minWidth, width: wrapper.getBoundingClientRect().width };
    });
    assert.equal(sizes.maxWidth, '600px');
    assert.equal(sizes.minWidth, '280px');
    assert.ok(sizes.width <= 600 && sizes.width >= 280, `widget width ${sizes.width}`);
    assert.deepEqual(await page.evaluate(() => window.cspViolations), []);
  });

  it('fires heightChanged with the widget’s content height and resizes the iframe to it', async () => {
    await loadWidget();
    await page.waitForFunction(() => window.heights.length > 0);
    const { heights, iframeHeight } = await page.evaluate(() => ({
      heights: window.heights,
      iframeHeight: document.querySelector('[data-klarna-simulator-widget] iframe').getBoundingClientRect().height,
    }));
    const last = heights.at(-1);
    assert.equal(typeof last, 'number');
    assert.ok(last > 50 && last !== 230, `heightChanged reported ${last}px`);
    assert.equal(Math.round(iframeHeight), last);
  });

  it('Klarna.Credit is Klarna.Payments, and init() returns Klarna.Payments, like Klarna’s api.js', async () => {
    const session = await createSession(simulator);
    const same = await page.evaluate((token) => {
      const returned = Klarna.Payments.init({ client_token: token });
      return { credit: Klarna.Credit === Klarna.Payments, returned: returned === Klarna.Payments };
    }, session.client_token);
    assert.deepEqual(same, { credit: true, returned: true });
  });

  it('heightChanged handlers get (px, instance name) on load and again for another instance (category change)', async () => {
    const session = await createSession(simulator);
    await page.evaluate(
      (token) =>
        new Promise((resolve) => {
          window.namedHeights = [];
          Klarna.Payments.on('heightChanged', (px, instance) => window.namedHeights.push([px, instance]));
          Klarna.Payments.init({ client_token: token });
          Klarna.Payments.load({ container: '#klarna-container', payment_method_category: 'klarna' }, {}, resolve);
        }),
      session.client_token,
    );
    await page.waitForFunction(() => window.namedHeights.length > 0);
    await page.evaluate(
      () =>
        new Promise((resolve) => {
          Klarna.Payments.load({ container: '#klarna-container', instance_id: 'second', payment_method_categories: ['klarna'] }, {}, resolve);
        }),
    );
    await page.waitForFunction(() => window.namedHeights.some(([, instance]) => instance === 'second'));
    const heights = await page.evaluate(() => window.namedHeights);
    const first = heights.find(([, instance]) => instance === 'klarna');
    const second = heights.find(([, instance]) => instance === 'second');
    assert.ok(Number.isInteger(first[0]) && first[0] > 50, `first widget reported ${first[0]}px`);
    assert.ok(Number.isInteger(second[0]) && second[0] > 50, `second widget reported ${second[0]}px`);
  });

  it('authorize(data, callback): the short form opens the overlay with the shopper’s own e-mail; overlay events name the instance', async () => {
    const cart = smallCart();
    const { session } = await loadWidget(cart, {});
    await page.evaluate(() => {
      window.namedOverlayEvents = [];
      Klarna.Payments.on('fullscreenOverlayShown', (instance) => window.namedOverlayEvents.push(['shown', instance]));
      Klarna.Payments.on('fullscreenOverlayHidden', (instance) => window.namedOverlayEvents.push(['hidden', instance]));
    });
    const data = { ...cart, billing_address: billingAddress('jane.doe+shop@example.org') };
    await page.evaluate((data) => {
      window.klarnaResult = new Promise((resolve) => Klarna.Payments.authorize(data, resolve));
    }, data);
    await page.locator(OVERLAY).waitFor({ state: 'attached' });
    assert.equal(await overlayFrame().getByLabel('Email').inputValue(), 'jane.doe+shop@example.org');
    await overlayFrame().getByRole('button', { name: 'Approve purchase' }).click();
    const result = await klarnaResult();
    assert.equal(result.approved, true);
    assert.equal(simulator.authorizations.get(result.authorization_token).snapshot.billing_address.email, 'jane.doe+shop@example.org');
    assert.equal(simulator.authorizations.get(result.authorization_token).session_id, session.session_id);
    assert.deepEqual(await page.evaluate(() => window.namedOverlayEvents), [['shown', 'default'], ['hidden', 'default']]);
  });

  it('finalize() on a new page after init() alone (no load) confirms the order, like Klarna’s library', async () => {
    const cart = smallCart();
    const { session } = await loadWidget(cart);
    const data = { ...cart, billing_address: billingAddress() };
    await startInPage('authorize', { payment_method_category: 'klarna', auto_finalize: false }, data);
    await overlayFrame().getByRole('button', { name: 'Approve purchase' }).click();
    assert.deepEqual(await klarnaResult(), { approved: true, show_form: true, finalize_required: true });
    await page.goto(merchantUrl);
    await page.waitForFunction(() => typeof window.Klarna?.Payments?.init === 'function');
    await page.evaluate((token) => {
      Klarna.Payments.init({ client_token: token });
      window.klarnaResult = new Promise((resolve) => Klarna.Payments.finalize({ payment_method_category: 'klarna' }, {}, resolve));
    }, session.client_token);
    await page.locator(OVERLAY).waitFor({ state: 'attached' });
    await overlayFrame().getByRole('button', { name: 'Approve purchase' }).click();
    const result = await klarnaResult();
    assert.equal(result.approved, true);
    const order = await call(simulator, 'POST', `/payments/v1/authorizations/${result.authorization_token}/order`, { body: data });
    assert.equal(order.status, 200, order.text);
  });

  it('load({ container, client_token }) without init() initializes implicitly', async () => {
    const session = await createSession(simulator);
    const result = await page.evaluate(
      (token) => new Promise((resolve) => Klarna.Payments.load({ container: '#klarna-container', client_token: token }, {}, resolve)),
      session.client_token,
    );
    assert.deepEqual(result, { show_form: true });
    const src = await page.locator('#klarna-container iframe').getAttribute('src');
    assert.equal(new URL(src).searchParams.get('session_id'), session.session_id);
  });

  it('Approve purchase: the overlay sits on document.body above everything, and its token places an order over REST (200)', async () => {
    const cart = smallCart();
    const { session } = await loadWidget(cart);
    const data = { ...cart, billing_address: billingAddress('customer@email.de') };
    await startInPage('authorize', { payment_method_category: 'klarna' }, data);
    const placement = await page.evaluate((selector) => {
      const overlay = document.querySelector(selector);
      const style = getComputedStyle(overlay);
      return { parent: overlay.parentElement === document.body, position: style.position, zIndex: style.zIndex, origin: new URL(overlay.src).origin, width: overlay.getBoundingClientRect().width, viewport: innerWidth };
    }, OVERLAY);
    assert.deepEqual(placement, { parent: true, position: 'fixed', zIndex: '2147483647', origin: simulator.url, width: placement.viewport, viewport: placement.viewport });
    const frame = overlayFrame();
    await assert.doesNotReject(frame.getByText('Klarna Simulator Merchant').waitFor());
    assert.equal(await frame.getByLabel('Email').inputValue(), 'customer@email.de');
    assert.equal(await frame.locator('#amount').textContent(), new Intl.NumberFormat('en-DE', { style: 'currency', currency: 'EUR' }).format(100));
    await frame.getByRole('button', { name: 'Approve purchase' }).click();
    const result = await klarnaResult();
    assert.equal(result.approved, true);
    assert.equal(result.show_form, true);
    assert.equal(typeof result.authorization_token, 'string');
    assert.equal(simulator.authorizations.get(result.authorization_token)?.session_id, session.session_id);
    assert.equal(await page.locator(OVERLAY).count(), 0);
    assert.deepEqual(await page.evaluate(() => window.overlayEvents), ['shown', 'hidden']);

    const order = await call(simulator, 'POST', `/payments/v1/authorizations/${result.authorization_token}/order`, { body: data });
    assert.equal(order.status, 200, order.text);
    assert.equal(typeof order.body.order_id, 'string');
    assert.deepEqual(await page.evaluate(() => window.cspViolations), []);
  });

  it('Decline: the shopper cancels — { approved: false, show_form: true } and no authorization exists', async () => {
    const cart = smallCart();
    const { session } = await loadWidget(cart);
    await startInPage('authorize', { payment_method_category: 'klarna' }, { ...cart, billing_address: billingAddress() });
    await overlayFrame().getByRole('button', { name: 'Decline' }).click();
    assert.deepEqual(await klarnaResult(), { approved: false, show_form: true });
    assert.equal(simulator.sessions.get(session.session_id).authorization_token, undefined);
    assert.equal(await page.locator(OVERLAY).count(), 0);
  });

  it('a customer+denied@ e-mail in the authorize data is a final decline', async () => {
    const cart = smallCart();
    const { session } = await loadWidget(cart);
    await startInPage('authorize', { payment_method_category: 'klarna' }, { ...cart, billing_address: billingAddress('customer+denied@email.de') });
    assert.equal(await overlayFrame().getByLabel('Email').inputValue(), 'customer+denied@email.de');
    await overlayFrame().getByRole('button', { name: 'Approve purchase' }).click();
    assert.deepEqual(await klarnaResult(), { approved: false, show_form: false });
    assert.equal(simulator.sessions.get(session.session_id).authorization_token, undefined);
  });

  it('the e-mail is editable in the overlay: changing it to customer+denied@ declines finally', async () => {
    const cart = smallCart();
    await loadWidget(cart);
    await startInPage('authorize', { payment_method_category: 'klarna' }, { ...cart, billing_address: billingAddress('customer@email.de') });
    await overlayFrame().getByLabel('Email').fill('customer+denied@email.de');
    await overlayFrame().getByRole('button', { name: 'Approve purchase' }).click();
    assert.deepEqual(await klarnaResult(), { approved: false, show_form: false });
  });

  it('auto_finalize: false answers finalize_required; finalize() goes through the overlay and its token places an order', async () => {
    const cart = smallCart();
    await loadWidget(cart);
    const data = { ...cart, billing_address: billingAddress() };
    await startInPage('authorize', { payment_method_category: 'klarna', auto_finalize: false }, data);
    await overlayFrame().getByRole('button', { name: 'Approve purchase' }).click();
    assert.deepEqual(await klarnaResult(), { approved: true, show_form: true, finalize_required: true });
    await startInPage('finalize', { payment_method_category: 'klarna' }, {});
    await assert.doesNotReject(overlayFrame().getByRole('heading', { name: 'Confirm your order' }).waitFor());
    await overlayFrame().getByRole('button', { name: 'Approve purchase' }).click();
    const result = await klarnaResult();
    assert.equal(result.approved, true);
    assert.equal(typeof result.authorization_token, 'string');
    const order = await call(simulator, 'POST', `/payments/v1/authorizations/${result.authorization_token}/order`, { body: data });
    assert.equal(order.status, 200, order.text);
  });

  it('ignores a forged result posted by another window: only the overlay iframe of the simulator’s origin decides', async () => {
    const cart = smallCart();
    await loadWidget(cart);
    await startInPage('authorize', { payment_method_category: 'klarna' }, { ...cart, billing_address: billingAddress() });
    await overlayFrame().getByRole('button', { name: 'Approve purchase' }).waitFor();
    const settled = await page.evaluate(async () => {
      let done = false;
      void window.klarnaResult.then(() => (done = true));
      window.postMessage({ tag: 'klarna-simulator', type: 'result', result: { approved: true, show_form: true, authorization_token: 'forged' } }, '*');
      await new Promise((resolve) => setTimeout(resolve, 300));
      return done;
    });
    assert.equal(settled, false);
    assert.equal(await page.locator(OVERLAY).count(), 1);
    await overlayFrame().getByRole('button', { name: 'Decline' }).click();
    assert.deepEqual(await klarnaResult(), { approved: false, show_form: true });
  });

  it('load() answers { show_form: false } once the session is completed, and shows why', async () => {
    const session = await createSession(simulator);
    simulator.completeSession(session.session_id);
    const result = await page.evaluate(
      (token) =>
        new Promise((resolve) => {
          Klarna.Payments.init({ client_token: token });
          Klarna.Payments.load({ container: '#klarna-container', payment_method_category: 'klarna' }, {}, resolve);
        }),
      session.client_token,
    );
    assert.deepEqual(result, { show_form: false });
    await assert.doesNotReject(page.frameLocator('#klarna-container iframe').getByText('not available for this purchase').waitFor());
  });

  it('an unsupported category is the fake’s callback-then-throw: { show_form: false }, then PaymentMethodCategoryNotSupportedError', async () => {
    const session = await createSession(simulator);
    const outcome = await page.evaluate((token) => {
      Klarna.Payments.init({ client_token: token });
      const results = [];
      try {
        Klarna.Payments.load({ container: '#klarna-container', payment_method_category: 'pay_over_time' }, {}, (result) => results.push(result));
      } catch (error) {
        return { results, error: error.name, iframes: document.querySelectorAll('#klarna-container iframe').length };
      }
      return { results, error: null };
    }, session.client_token);
    assert.deepEqual(outcome, { results: [{ show_form: false }], error: 'PaymentMethodCategoryNotSupportedError', iframes: 0 });
  });

  it('without a script URL (inlined or bundled), the pages come from the client token’s base_url origin', async () => {
    const library = await (await fetch(`${simulator.url}/kp/lib/v1/api.js`)).text();
    await page.goto(`${merchantUrl}inline`);
    await page.addScriptTag({ content: library });
    const session = await createSession(simulator);
    const result = await page.evaluate(
      (token) =>
        new Promise((resolve) => {
          Klarna.Payments.init({ client_token: token });
          Klarna.Payments.load({ container: '#klarna-container' }, {}, resolve);
        }),
      session.client_token,
    );
    assert.deepEqual(result, { show_form: true });
    const src = await page.locator('#klarna-container iframe').getAttribute('src');
    assert.equal(new URL(src).origin, simulator.url);
    assert.equal(new URL(src).pathname, '/kp/widget/eu/payments');
  });

  it('the widget and the overlay pages pass axe’s accessibility rules and break none of their own CSP', async () => {
    // axe-core comes with @open-wc/testing (chai-a11y-axe); evaluated through the DevTools protocol, so the pages' CSP stays strict.
    const axeSource = readFileSync(new URL('../../node_modules/axe-core/axe.min.js', import.meta.url), 'utf8');
    const cart = smallCart();
    await loadWidget(cart);
    await startInPage('authorize', { payment_method_category: 'klarna' }, { ...cart, billing_address: billingAddress() });
    await overlayFrame().getByRole('button', { name: 'Approve purchase' }).waitFor();
    const simulatorFrames = page.frames().filter((frame) => frame.url() !== 'about:blank' && new URL(frame.url()).origin === simulator.url);
    assert.equal(simulatorFrames.length, 2);
    for (const frame of simulatorFrames) {
      await frame.waitForFunction(() => document.querySelector('[aria-busy="true"], #approve[disabled]') === null);
      assert.deepEqual(await frame.evaluate(() => window.cspViolations), [], `CSP violations in ${frame.url()}`);
      await frame.evaluate(axeSource);
      const violations = await frame.evaluate(async () => (await window.axe.run(document)).violations.map((violation) => `${violation.id}: ${violation.help}`));
      assert.deepEqual(violations, [], `${new URL(frame.url()).pathname}: ${violations.join('; ')}`);
    }
    await overlayFrame().getByRole('button', { name: 'Decline' }).click();
    assert.deepEqual(await klarnaResult(), { approved: false, show_form: true });
  });
});

describe('<klarna-checkout-button library-src> against the simulator: the one-tag checkout, offline', () => {
  let shop;
  let shopUrl;
  let shopPage;

  /** A shop: the CDN build of the element, the checkout handler on the simulator's REST API, the library from the simulator. */
  function startShop() {
    const checkout = simulatorCheckoutListener(simulator, { locale: 'de-DE', quantity: 2 });
    const server = createServer((request, response) => {
      if (request.url.startsWith('/api/klarna/')) return checkout(request, response);
      if (request.url === '/element.js') {
        response.writeHead(200, { 'Content-Type': 'application/javascript' });
        return response.end(readFileSync(new URL('../../dist/cdn/klarna-checkout-button.js', import.meta.url)));
      }
      if (request.url === '/app.js') {
        response.writeHead(200, { 'Content-Type': 'application/javascript' });
        return response.end(`import '/element.js';
const checkout = document.querySelector('klarna-checkout-button');
window.shopEvents = [];
for (const name of ['klarna-authorized', 'klarna-order-placed', 'klarna-declined', 'klarna-cancelled', 'klarna-error']) {
  checkout.addEventListener(name, (event) => window.shopEvents.push({ name, detail: JSON.parse(JSON.stringify(event.detail ?? null)) }));
}
checkout.cart = { items: [{ sku: 'MUG', quantity: 2 }] };
checkout.authorizeData = () => ({ billing_address: { email: window.shopperEmail ?? 'customer@email.de', country: 'DE' } });`);
      }
      if (request.url !== '/') return response.writeHead(404).end();
      response.writeHead(200, {
        'Content-Type': 'text/html; charset=utf-8',
        'Content-Security-Policy': `default-src 'self'; script-src 'self' ${simulator.url}; frame-src ${simulator.url}; connect-src 'self'; img-src 'self' https: data:; style-src 'self' 'unsafe-inline'`,
      });
      response.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Shop</title><script type="module" src="/app.js"></script></head>
<body><main><h1>Checkout</h1>
<klarna-checkout-button session-url="/api/klarna/session" order-url="/api/klarna/order" library-src="${simulator.url}/kp/lib/v1/api.js"></klarna-checkout-button>
</main></body></html>`);
    });
    return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
  }

  before(async () => {
    shop = await startShop();
    shopUrl = `http://127.0.0.1:${shop.address().port}/`;
  });

  after(async () => {
    shop?.closeAllConnections();
    await new Promise((resolve) => (shop ? shop.close(resolve) : resolve()));
  });

  beforeEach(async () => {
    const context = await browser.newContext();
    shopPage = await context.newPage();
    await shopPage.goto(shopUrl);
  });

  async function pressBuy() {
    const widget = shopPage.frameLocator('klarna-checkout-button iframe');
    await widget.getByRole('heading', { name: 'Pay with Klarna' }).waitFor();
    const button = shopPage.locator('klarna-checkout-button').getByRole('button').last();
    await shopPage.waitForFunction(() => {
      const buttons = document.querySelector('klarna-checkout-button')?.shadowRoot?.querySelectorAll('button') ?? [];
      return buttons.length > 0 && !buttons[buttons.length - 1].disabled;
    });
    await button.click();
    await shopPage.locator(OVERLAY).waitFor({ state: 'attached' });
  }

  const shopEvent = (name) =>
    shopPage.waitForFunction((wanted) => window.shopEvents.find((event) => event.name === wanted || event.name === 'klarna-error'), name).then((handle) => handle.jsonValue());

  it('the shopper approves in the overlay and the element places a real order in the simulator', async () => {
    await pressBuy();
    await shopPage.frameLocator(OVERLAY).getByRole('button', { name: 'Approve purchase' }).click();
    const placed = await shopEvent('klarna-order-placed');
    assert.equal(placed.name, 'klarna-order-placed', JSON.stringify(placed));
    const order = simulator.orders.get(placed.detail.orderId);
    assert.equal(order?.order_amount, 2598);
    assert.equal(order?.status, 'AUTHORIZED');
    await shopPage.context().close();
  });

  it('a customer+denied@ shopper gets a final decline and no order exists', async () => {
    await shopPage.evaluate(() => (window.shopperEmail = 'customer+denied@email.de'));
    const ordersBefore = simulator.orders.size;
    await pressBuy();
    await shopPage.frameLocator(OVERLAY).getByRole('button', { name: 'Approve purchase' }).click();
    const declined = await shopEvent('klarna-declined');
    assert.equal(declined.name, 'klarna-declined', JSON.stringify(declined));
    assert.equal(simulator.orders.size, ordersBefore);
    await shopPage.context().close();
  });
});
