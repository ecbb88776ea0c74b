// End to end through the demo shop (demo/shop-server.mjs) on the offline simulator, in real headless Chromium:
// the answer to the element's order request is cut AFTER the shop placed the order (the browser sees a network
// failure), the shopper presses the element's "Try again", and the same token goes to the shop again. The shop's
// checkout handler answers the order it already placed: exactly one order in the simulator, one
// klarna-order-placed on the page (issue 9, docs/failure-recovery.md).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { CHROME_ARGS } from '../../scripts/chrome.mjs';
import { AUTHORIZATION_CALLBACK_ROUTE } from '../../dist/simulator/index.js';
import { startDemoShop } from '../../demo/shop-server.mjs';
import { SAMPLE_CART, quoteCart } from '../../demo/catalog.mjs';

const OVERLAY = '[data-klarna-simulator-overlay]';
const TIMEOUT = { timeout: 60_000 };
const quiet = { info() {}, warn() {}, error() {} };

let browser;
before(async () => {
  browser = await chromium.launch({ executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium', args: CHROME_ARGS });
});
after(() => browser?.close());

describe('failure recovery in the demo shop, end to end on the offline simulator', () => {
  let shop;
  before(async () => {
    shop = await startDemoShop({ logger: quiet });
  });
  after(() => shop?.stop());

  it('the order answer is lost after the order was placed; "Try again" sends the same token: one order, one klarna-order-placed', TIMEOUT, async () => {
    const ordersBefore = shop.simulator.inspect().orders.length;
    // Only the browser delivers the token in this case: Klarna's authorization callback is lost.
    shop.simulator.faults.add({ route: AUTHORIZATION_CALLBACK_ROUTE, drop: true, times: 1 });
    const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
    const page = await context.newPage();
    const events = [];
    await page.exposeFunction('recordCheckoutEvent', (type, detail) => events.push({ type, detail }));
    await page.addInitScript(() => {
      for (const type of ['klarna-authorized', 'klarna-order-placed', 'klarna-error', 'klarna-reauthorize-required']) {
        document.addEventListener(type, (event) => {
          const { authorizationToken, orderId, stage, code, retryable } = event.detail ?? {};
          window.recordCheckoutEvent(type, { authorizationToken, orderId, stage, code, retryable });
        });
      }
    });
    // The first order request reaches the shop, which places the order; its answer never reaches the browser.
    const orderBodies = [];
    let cut = false;
    await page.route('**/api/klarna/order', async (route) => {
      orderBodies.push(route.request().postDataJSON());
      if (cut) return route.continue();
      cut = true;
      const response = await route.fetch();
      assert.equal(response.status(), 200);
      await route.abort('connectionreset');
    });

    await page.goto(`${shop.url}/`);
    const element = page.locator('klarna-checkout-button');
    await page.locator('klarna-checkout-button[state="ready"]').waitFor();
    await element.getByRole('button', { name: 'Buy with Klarna' }).click();
    await page.frameLocator(OVERLAY).getByRole('button', { name: 'Approve purchase' }).click();

    // The element says what happened and offers to try again, without a new authorization.
    const tryAgain = element.getByRole('button', { name: 'Try again' });
    await tryAgain.waitFor();
    assert.equal(await element.getAttribute('state'), 'error');
    assert.match(await element.locator('[part="status"]').textContent(), /you won't be charged twice/);
    assert.equal(shop.simulator.inspect().orders.length, ordersBefore + 1, 'the shop placed the order before the answer was cut');
    const failure = events.find((event) => event.type === 'klarna-error');
    assert.deepEqual({ stage: failure.detail.stage, retryable: failure.detail.retryable }, { stage: 'order', retryable: true });

    await tryAgain.click();
    await page.waitForURL(/\/order\.html\?order=/);
    const orderId = await page.locator('#order-id').textContent();

    assert.equal(orderBodies.length, 2);
    assert.deepEqual(orderBodies[1], orderBodies[0]);
    const orders = shop.simulator.inspect().orders;
    assert.equal(orders.length, ordersBefore + 1, 'exactly one order in the simulator');
    assert.equal(orders.at(-1).order_id, orderId);
    assert.equal(orders.at(-1).order_amount, quoteCart(SAMPLE_CART).order_amount);
    assert.equal(events.filter((event) => event.type === 'klarna-authorized').length, 1);
    assert.equal(events.filter((event) => event.type === 'klarna-reauthorize-required').length, 0);
    const placed = events.filter((event) => event.type === 'klarna-order-placed');
    assert.equal(placed.length, 1);
    assert.equal(placed[0].detail.orderId, orderId);
    await context.close();
  });
});
