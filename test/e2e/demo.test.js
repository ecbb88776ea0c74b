// End to end through the demo shop (demo/shop-server.mjs) in real headless Chromium: the storefront's
// <klarna-checkout-button> (CDN bundle), the shop's checkout handler and admin API, and the offline
// simulator's REST API and browser library (its consent overlay). Every amount and status is checked on the
// page AND in the simulator's own records.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';
import { CHROME_ARGS } from '../../scripts/chrome.mjs';
import { AUTHORIZATION_CALLBACK_ROUTE, DEFAULT_SIMULATOR_CREDENTIALS } from '../../dist/simulator/index.js';
import { startDemoShop } from '../../demo/shop-server.mjs';
import { SAMPLE_CART, quoteCart } from '../../demo/catalog.mjs';

const AXE_PATH = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const OVERLAY = '[data-klarna-simulator-overlay]';
const TIMEOUT = { timeout: 30_000 };
const quiet = { info() {}, warn() {}, error() {} };

const euro = (minor) => new Intl.NumberFormat('de-DE', { style: 'currency', currency: 'EUR' }).format(minor / 100);
const dollar = (minor) => new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' }).format(minor / 100);

let browser;
before(async () => {
  browser = await chromium.launch({ executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium', args: CHROME_ARGS });
});
after(() => browser?.close());

/** A fresh browser context (empty storage, so the sample cart) on the shop's storefront, widget ready. */
async function openStorefront(shop, { ready = true } = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
  const page = await context.newPage();
  page.cspViolations = [];
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) page.cspViolations.push(message.text());
  });
  await page.goto(`${shop.url}/`);
  if (ready) {
    await page.locator('klarna-checkout-button[state="ready"]').waitFor();
    await assertNoPlaceholders(page, 'the storefront, widget ready');
  }
  return page;
}

const checkoutButton = (page) => page.locator('klarna-checkout-button').getByRole('button', { name: 'Buy with Klarna' });
const overlay = (page) => page.frameLocator(OVERLAY);
const notice = (page) => page.locator('#checkout-notice');

/** Presses the element's button and answers Klarna's consent overlay with `choice`. */
async function payWithKlarna(page, choice = 'Approve purchase') {
  await checkoutButton(page).click();
  await overlay(page).getByRole('button', { name: choice }).click();
}

const card = (page, orderId) => page.locator(`[data-order-id="${orderId}"]`);
const field = (page, orderId, name) => card(page, orderId).locator(`[data-field="${name}"]`);
const hint = (page, orderId, action) => card(page, orderId).locator(`.action-hint[data-hint="${action}"]`).textContent();

/** Buys the sample cart on a fresh storefront and opens the admin page on the new order. */
async function buyAndOpenAdmin(shop) {
  const page = await openStorefront(shop);
  await payWithKlarna(page);
  await page.waitForURL(/\/order\.html\?order=/);
  const orderId = await page.locator('#order-id').textContent();
  await page.goto(`${shop.url}/admin.html`);
  await card(page, orderId).waitFor();
  return { page, orderId };
}

/** Words a page must never show a person: a value that was missing or not turned into text. */
// No word boundaries around undefined and NaN: two left-out parts print as "undefinedundefined".
const PLACEHOLDER_WORDS = /undefined|NaN|\bnull\b|\[object Object\]/;

/**
 * Fails when the page, in its current state, shows "undefined", "NaN", "null" or "[object Object]" anywhere a
 * person can read it: text (the element's shadow DOM included), form values, and the alt, title, aria-label
 * and placeholder attributes.
 */
async function assertNoPlaceholders(page, where) {
  const texts = await page.evaluate(() => {
    const found = [];
    const visit = (root) => {
      for (const node of root.querySelectorAll('*')) {
        for (const name of ['alt', 'title', 'aria-label', 'placeholder', 'value']) {
          const value = node.getAttribute(name);
          if (value) found.push(`${node.localName}[${name}]: ${value}`);
        }
        if ('value' in node && typeof node.value === 'string' && node.value) found.push(`${node.localName}.value: ${node.value}`);
        if (node.shadowRoot) {
          found.push(`${node.localName} shadow: ${node.shadowRoot.textContent}`);
          visit(node.shadowRoot);
        }
      }
    };
    found.push(`title: ${document.title}`, `text: ${document.body.innerText}`);
    // <details> keeps its text out of innerText while closed; a shopper can open it.
    for (const details of document.querySelectorAll('details')) found.push(`details: ${details.textContent}`);
    visit(document);
    return found;
  });
  const bad = texts.filter((text) => PLACEHOLDER_WORDS.test(text));
  assert.deepEqual(bad, [], `${where}: the page shows a placeholder word`);
}

describe('the demo shop, end to end on the offline simulator', () => {
  let shop;
  before(async () => {
    shop = await startDemoShop({ logger: quiet });
  });
  after(() => shop?.stop());

  it('buy → approve → confirmation → partial capture → capture the rest → refund, in the admin UI', TIMEOUT, async () => {
    const expected = quoteCart(SAMPLE_CART);
    const page = await openStorefront(shop);
    // The cart summary shows the server's prices: total, discount line and VAT, formatted for the market.
    await assert.doesNotReject(page.locator('.summary__row--total dd', { hasText: euro(expected.order_amount) }).waitFor());
    const discount = expected.order_lines.find((line) => line.type === 'discount');
    assert.equal(await page.locator('.summary__row--discount dd').textContent(), euro(discount.total_amount));
    assert.equal(await page.locator('.summary__row--note dd').textContent(), euro(expected.order_tax_amount));

    await payWithKlarna(page);
    await page.waitForURL(/\/order\.html\?order=/);
    const orderId = await page.locator('#order-id').textContent();
    assert.equal(new URL(page.url()).searchParams.get('order'), orderId);
    assert.equal(await page.locator('#order-status').textContent(), 'AUTHORIZED');
    assert.equal(await page.locator('#order-amount').textContent(), euro(expected.order_amount));
    await assertNoPlaceholders(page, 'the confirmation page');

    // The simulator holds exactly this order, with the amounts the shop computed (not the browser).
    const placed = shop.simulator.inspect().orders;
    assert.equal(placed.length, 1);
    assert.equal(placed[0].order_id, orderId);
    assert.equal(placed[0].order_amount, expected.order_amount);
    assert.equal(placed[0].status, 'AUTHORIZED');

    await page.goto(`${shop.url}/admin.html`);
    await card(page, orderId).waitFor();
    assert.equal(await field(page, orderId, 'status').textContent(), 'AUTHORIZED');
    await assertNoPlaceholders(page, 'admin, new order');

    // Partial capture of 50.00 €.
    await card(page, orderId).getByLabel('Capture amount (EUR)').fill('50.00');
    await card(page, orderId).getByRole('button', { name: 'Capture', exact: true }).click();
    await field(page, orderId, 'status').filter({ hasText: 'PART_CAPTURED' }).waitFor();
    assert.equal(await field(page, orderId, 'captured_amount').textContent(), euro(5000));
    assert.equal(await field(page, orderId, 'remaining_authorized_amount').textContent(), euro(expected.order_amount - 5000));
    assert.equal(shop.simulator.inspect().orders[0].captured_amount, 5000);
    assert.equal(shop.simulator.inspect().orders[0].status, 'PART_CAPTURED');
    await assertNoPlaceholders(page, 'admin after a partial capture');

    // Capture the rest.
    await card(page, orderId).getByRole('button', { name: 'Capture all' }).click();
    await field(page, orderId, 'status').filter({ hasText: /^CAPTURED$/ }).waitFor();
    assert.equal(await field(page, orderId, 'captured_amount').textContent(), euro(expected.order_amount));
    assert.equal(shop.simulator.inspect().orders[0].captured_amount, expected.order_amount);
    assert.equal(shop.simulator.inspect().orders[0].captures.length, 2);
    await assertNoPlaceholders(page, 'admin after capturing all');

    // Refund 20.00 €.
    await card(page, orderId).getByLabel('Refund amount (EUR)').fill('20.00');
    await card(page, orderId).getByRole('button', { name: 'Refund', exact: true }).click();
    await field(page, orderId, 'refunded_amount').filter({ hasText: euro(2000) }).waitFor();
    assert.match(await field(page, orderId, 'result').textContent(), /Refund .* done/);
    assert.equal(shop.simulator.inspect().orders[0].refunded_amount, 2000);

    await assertNoPlaceholders(page, 'admin after a refund');

    // What cannot apply is disabled, with the reason and the amounts left: a captured order cannot be
    // cancelled, and nothing is left to capture.
    assert.equal(await card(page, orderId).getByRole('button', { name: 'Cancel order' }).isDisabled(), true);
    assert.equal(await card(page, orderId).getByRole('button', { name: 'Capture all' }).isDisabled(), true);
    assert.equal(await hint(page, orderId, 'capture'), `Nothing left to capture: ${euro(expected.order_amount)} is captured.`);
    assert.equal(await hint(page, orderId, 'refund'), `${euro(expected.order_amount - 2000)} of ${euro(expected.order_amount)} captured can be refunded.`);
    assert.match(await card(page, orderId).locator('[data-hint="other"]').textContent(), /Cancel: not possible after a capture; refund instead\./);

    // Over-refunding is stopped in the page, naming the most that can be refunded.
    await card(page, orderId).getByLabel('Refund amount (EUR)').fill('5000.00');
    await card(page, orderId).getByRole('button', { name: 'Refund', exact: true }).click();
    assert.equal(await field(page, orderId, 'result').textContent(), `You can refund at most ${euro(expected.order_amount - 2000)}; you entered ${euro(500000)}.`);
    assert.equal(shop.simulator.inspect().orders[0].refunded_amount, 2000);

    // Refund all: then refunding is disabled too, and says why.
    await card(page, orderId).getByRole('button', { name: 'Refund all' }).click();
    await field(page, orderId, 'refunded_amount').filter({ hasText: euro(expected.order_amount) }).waitFor();
    assert.equal(await card(page, orderId).getByRole('button', { name: 'Refund all' }).isDisabled(), true);
    assert.equal(await hint(page, orderId, 'refund'), `Nothing left to refund: all ${euro(expected.order_amount)} captured is refunded.`);
    assert.equal(shop.simulator.inspect().orders[0].refunded_amount, expected.order_amount);
    await assertNoPlaceholders(page, 'admin of a refunded order');
    assert.deepEqual(page.cspViolations, []);
    await page.context().close();
  });

  it('the US market prices in USD with a sales-tax line, on an NA session', TIMEOUT, async () => {
    const page = await openStorefront(shop);
    const sessionsBefore = shop.simulator.inspect().sessions.length;
    await page.getByLabel('Ship to').selectOption('US');
    const expected = quoteCart({ ...SAMPLE_CART, market: 'US' });
    const salesTax = expected.order_lines.find((line) => line.type === 'sales_tax');
    await page.locator('.summary__row--total dd', { hasText: dollar(expected.order_amount) }).waitFor();
    assert.ok(salesTax.total_amount > 0);
    assert.equal(await page.locator('.summary__row', { hasText: 'Sales tax' }).locator('dd').textContent(), dollar(salesTax.total_amount));
    await page.locator('klarna-checkout-button[state="ready"]').waitFor();
    const sessions = shop.simulator.inspect().sessions;
    assert.equal(sessions.length, sessionsBefore + 1);
    const session = sessions.at(-1);
    assert.equal(session.region, 'na');
    assert.equal(session.data.purchase_country, 'US');
    assert.equal(session.data.order_amount, expected.order_amount);
    await assertNoPlaceholders(page, 'the US storefront');

    // One more candle: the page re-prices the cart and the element updates the same Klarna session.
    const update = page.waitForResponse((response) => response.url().endsWith('/api/klarna/session') && Boolean(response.request().postDataJSON()?.session_id));
    await page.getByRole('button', { name: 'One more Cedar Soy Candle' }).click();
    const items = SAMPLE_CART.items.map((item) => (item.sku === 'CANDLE-01' ? { ...item, quantity: item.quantity + 1 } : item));
    const updated = quoteCart({ ...SAMPLE_CART, market: 'US', items });
    await page.locator('.summary__row--total dd', { hasText: dollar(updated.order_amount) }).waitFor();
    assert.equal((await update).status(), 200);
    await page.locator('klarna-checkout-button[state="ready"]').waitFor();
    assert.equal(shop.simulator.sessions.get(session.session_id).data.order_amount, updated.order_amount);
    assert.equal(shop.simulator.inspect().sessions.length, sessionsBefore + 1);
    await page.context().close();
  });

  it('Decline in Klarna’s overlay places nothing; a customer+denied@ e-mail is a final decline', TIMEOUT, async () => {
    const ordersBefore = shop.simulator.inspect().orders.length;
    const page = await openStorefront(shop);
    await payWithKlarna(page, 'Decline');
    await notice(page).filter({ hasText: 'Klarna was closed' }).waitFor();
    await assertNoPlaceholders(page, 'after Decline');
    assert.equal(await page.locator('klarna-checkout-button').getAttribute('state'), 'ready');

    await page.getByLabel('Email').fill('customer+denied@email.de');
    await payWithKlarna(page, 'Approve purchase');
    await notice(page).filter({ hasText: 'Klarna can’t approve this purchase' }).waitFor();
    await assertNoPlaceholders(page, 'after a final decline');
    assert.equal(await page.locator('klarna-checkout-button').getAttribute('state'), 'unavailable');
    assert.equal(shop.simulator.inspect().orders.length, ordersBefore);
    await page.context().close();
  });

  it('a token that expires between approval and the order asks to confirm again; the second approval places the order', TIMEOUT, async () => {
    const ordersBefore = shop.simulator.inspect().orders.length;
    const page = await openStorefront(shop);
    // Klarna's authorization callback would place the order at once: this case is the one where it is lost.
    shop.simulator.faults.add({ route: AUTHORIZATION_CALLBACK_ROUTE, drop: true, times: 1 });
    // Hold the element's first order request and move Klarna's clock past the token's 60 minutes meanwhile.
    let held = 0;
    await page.route('**/api/klarna/order', async (route) => {
      held += 1;
      if (held === 1) shop.simulator.advanceTime(61 * 60_000);
      await route.continue();
    });
    await payWithKlarna(page);
    await notice(page).filter({ hasText: 'Your Klarna approval expired' }).waitFor();
    await assertNoPlaceholders(page, 'after an expired approval');
    assert.equal(await page.locator('klarna-checkout-button').getAttribute('state'), 'ready');
    assert.equal(shop.simulator.inspect().orders.length, ordersBefore);
    const expired = shop.simulator.requests.filter((request) => /\/authorizations\/.+\/order$/.test(request.path));
    assert.equal(expired.at(-1).status, 404);

    await payWithKlarna(page);
    await page.waitForURL(/\/order\.html\?order=/);
    assert.equal(held, 2);
    const orderId = await page.locator('#order-id').textContent();
    const orders = shop.simulator.inspect().orders;
    assert.equal(orders.length, ordersBefore + 1);
    assert.equal(orders.at(-1).order_id, orderId);
    assert.equal(await page.locator('#order-status').textContent(), 'AUTHORIZED');
    await page.context().close();
  });
  it('when the browser never sends the token back, Klarna’s authorization callback places the order, once', TIMEOUT, async () => {
    const ordersBefore = shop.simulator.inspect().orders.length;
    const page = await openStorefront(shop);
    const sessionId = await page.locator('klarna-checkout-button').evaluate((element) => element.sessionId);
    // The shopper's connection drops after Klarna's approval: the element's order request never reaches the shop.
    await page.route('**/api/klarna/order', (route) => route.abort('internetdisconnected'));
    await payWithKlarna(page);
    await page.locator('klarna-checkout-button[state="error"]').waitFor();
    await notice(page).filter({ hasText: 'Your order could not be completed' }).waitFor();
    await assertNoPlaceholders(page, 'after a failed order request');

    // Klarna called the shop's …/authorization route with the token; the shop placed the order from its own
    // priced session, and the simulator holds exactly that one order, at the shop's amounts.
    const delivery = await shop.simulator.waitForAuthorizationCallback(sessionId);
    assert.equal(delivery.outcome, 'delivered');
    assert.equal(delivery.status, 200);
    assert.match(delivery.url, /\/api\/klarna\/authorization\?\[redacted\]$/);
    const orders = shop.simulator.inspect().orders;
    assert.equal(orders.length, ordersBefore + 1);
    assert.equal(orders.at(-1).order_amount, quoteCart(SAMPLE_CART).order_amount);

    // The merchant sees it in the admin page like any other order.
    await page.goto(`${shop.url}/admin.html`);
    await card(page, orders.at(-1).order_id).waitFor();
    assert.equal(await field(page, orders.at(-1).order_id, 'status').textContent(), 'AUTHORIZED');
    await page.context().close();
  });

  it('with both the callback and the browser delivering the token, one order is placed', TIMEOUT, async () => {
    const ordersBefore = shop.simulator.inspect().orders.length;
    const page = await openStorefront(shop);
    const sessionId = await page.locator('klarna-checkout-button').evaluate((element) => element.sessionId);
    await payWithKlarna(page);
    await page.waitForURL(/\/order\.html\?order=/);
    const delivery = await shop.simulator.waitForAuthorizationCallback(sessionId);
    assert.equal(delivery.status, 200);
    const orders = shop.simulator.inspect().orders;
    assert.equal(orders.length, ordersBefore + 1);
    assert.equal(orders.at(-1).order_id, await page.locator('#order-id').textContent());
    await page.context().close();
  });

  it('cancelling asks first; a cancelled order disables every action and says why', TIMEOUT, async () => {
    const { page, orderId } = await buyAndOpenAdmin(shop);
    assert.equal(await card(page, orderId).getByRole('button', { name: 'Refund all' }).isDisabled(), true);
    assert.equal(await hint(page, orderId, 'refund'), 'Nothing to refund: capture first.');

    // Over-capturing is stopped in the page, naming what is left.
    const total = quoteCart(SAMPLE_CART).order_amount;
    await card(page, orderId).getByLabel('Capture amount (EUR)').fill('999.00');
    await card(page, orderId).getByRole('button', { name: 'Capture', exact: true }).click();
    assert.equal(await field(page, orderId, 'result').textContent(), `You can capture at most ${euro(total)}; you entered ${euro(99900)}.`);

    await card(page, orderId).getByRole('button', { name: 'Cancel order' }).click();
    const question = card(page, orderId).getByRole('group', { name: 'Confirm cancellation' });
    assert.match(await question.textContent(), new RegExp(`Cancel this order\\? Klarna releases the whole authorization of ${euro(total).replace(/[.$]/g, '\\$&')}`));
    await assertNoPlaceholders(page, 'the cancel confirmation');
    await question.getByRole('button', { name: 'Keep the order' }).click();
    assert.equal(shop.simulator.orders.get(orderId).status, 'AUTHORIZED');

    await card(page, orderId).getByRole('button', { name: 'Cancel order' }).click();
    await card(page, orderId).getByRole('button', { name: 'Yes, cancel the order' }).click();
    await field(page, orderId, 'status').filter({ hasText: 'CANCELLED' }).waitFor();
    assert.equal(shop.simulator.orders.get(orderId).status, 'CANCELLED');
    for (const name of ['Capture', 'Capture all', 'Refund', 'Refund all', 'Extend authorization', 'Release remaining authorization', 'Cancel order']) {
      assert.equal(await card(page, orderId).getByRole('button', { name, exact: true }).isDisabled(), true, `${name} is enabled on a cancelled order`);
    }
    assert.equal(await hint(page, orderId, 'capture'), 'Nothing can be captured: the order is cancelled.');
    assert.match(await card(page, orderId).locator('[data-hint="other"]').textContent(), /Extend authorization: not possible, the order is cancelled\./);
    await assertNoPlaceholders(page, 'admin of a cancelled order');
    await page.context().close();
  });

  it('extend and release in the admin, a typo in an amount, an unknown order and an empty cart show no placeholder word', TIMEOUT, async () => {
    const { page, orderId } = await buyAndOpenAdmin(shop);
    assert.equal(await card(page, orderId).getByRole('button', { name: 'Release remaining authorization' }).isDisabled(), true);
    assert.match(await card(page, orderId).locator('[data-hint="other"]').textContent(), /Release remaining authorization: only after a partial capture\./);

    await card(page, orderId).getByLabel('Capture amount (EUR)').fill('12,3x');
    await card(page, orderId).getByRole('button', { name: 'Capture', exact: true }).click();
    assert.equal(await field(page, orderId, 'result').textContent(), 'Enter the amount to capture in EUR, e.g. 12.50; received "12,3x".');
    await assertNoPlaceholders(page, 'admin after a typo in an amount');

    await card(page, orderId).getByRole('button', { name: 'Extend authorization' }).click();
    await field(page, orderId, 'result').filter({ hasText: 'Extend authorization done' }).waitFor();
    await assertNoPlaceholders(page, 'admin after extending the authorization');

    await card(page, orderId).getByLabel('Capture amount (EUR)').fill('10');
    await card(page, orderId).getByRole('button', { name: 'Capture', exact: true }).click();
    await field(page, orderId, 'status').filter({ hasText: 'PART_CAPTURED' }).waitFor();
    await card(page, orderId).getByRole('button', { name: 'Release remaining authorization' }).click();
    await field(page, orderId, 'status').filter({ hasText: /^CAPTURED$/ }).waitFor();
    assert.equal(await field(page, orderId, 'remaining_authorized_amount').textContent(), euro(0));
    assert.equal(await hint(page, orderId, 'capture'), `Nothing left to capture: ${euro(1000)} is captured.`);
    assert.equal(shop.simulator.orders.get(orderId).status, 'CAPTURED');
    await assertNoPlaceholders(page, 'admin after releasing the remaining authorization');

    await page.goto(`${shop.url}/order.html?order=no-such-order`);
    await page.getByRole('alert').waitFor();
    assert.match(await page.getByRole('alert').textContent(), /no order with id "no-such-order"/);
    await assertNoPlaceholders(page, 'the confirmation page of an unknown order');

    await page.goto(`${shop.url}/`);
    await page.locator('klarna-checkout-button[state="ready"]').waitFor();
    const removeButtons = page.getByRole('button', { name: /^Remove / });
    for (let count = await removeButtons.count(); count > 0; count -= 1) {
      await removeButtons.first().click();
      await page.waitForFunction((left) => document.querySelectorAll('.cart-line').length === left, count - 1);
    }
    await page.locator('#cart-empty').waitFor();
    assert.equal(await page.locator('klarna-checkout-button').count(), 0);
    await assertNoPlaceholders(page, 'the storefront with an empty cart');
    await page.context().close();
  });

  it('an action Klarna refuses shows Klarna’s error code and message', TIMEOUT, async () => {
    const { page, orderId } = await buyAndOpenAdmin(shop);
    // The authorization expires while the page still shows the order as authorized.
    shop.simulator.expireOrder(orderId);
    await card(page, orderId).getByRole('button', { name: 'Extend authorization' }).click();
    await field(page, orderId, 'result').filter({ hasText: 'NOT_ALLOWED' }).waitFor();
    assert.match(await field(page, orderId, 'result').textContent(), /^NOT_ALLOWED: Order is expired\. Authorization time cannot be extended\./);
    await assertNoPlaceholders(page, 'admin after a refused action');
    await page.context().close();
  });

  it('the admin fits a 390 px wide phone screen: no sideways scrolling, every button inside', TIMEOUT, async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 });
    const page = await context.newPage();
    await page.goto(`${shop.url}/admin.html`);
    await page.locator('[data-order-id]').first().waitFor();
    const overflow = await page.evaluate(() => ({
      scrollWidth: document.documentElement.scrollWidth,
      outside: [...document.querySelectorAll('button, input, .fact, .status-badge')]
        .filter((node) => node.getBoundingClientRect().right > window.innerWidth + 0.5)
        .map((node) => node.textContent || node.id),
    }));
    assert.equal(overflow.scrollWidth, 390);
    assert.deepEqual(overflow.outside, []);
    if (process.env.DEMO_SCREENSHOT_DIR) await page.screenshot({ path: `${process.env.DEMO_SCREENSHOT_DIR}/admin-390.png`, fullPage: true });
    await context.close();
  });

  it('the storefront, confirmation and admin pages pass axe-core’s accessibility checks', TIMEOUT, async () => {
    // bypassCSP only so that axe-core itself can be injected; the pages are the same.
    const context = await browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 1000 } });
    const page = await context.newPage();
    const violations = async () => {
      await page.addScriptTag({ path: AXE_PATH });
      return page.evaluate(async () => (await window.axe.run(document, { iframes: false })).violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`));
    };
    await page.goto(`${shop.url}/`);
    await page.locator('klarna-checkout-button[state="ready"]').waitFor();
    assert.deepEqual(await violations(), []);
    await payWithKlarna(page);
    await page.waitForURL(/\/order\.html\?order=/);
    await page.locator('#order-id').waitFor();
    assert.deepEqual(await violations(), []);
    await page.goto(`${shop.url}/admin.html`);
    await page.locator('[data-order-id]').first().waitFor();
    assert.deepEqual(await violations(), []);
    // Keyboard: the focused element shows a visible outline.
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
    assert.notEqual(outline, 'none');
    await context.close();
  });
});

describe('the demo shop with wrong-region credentials', () => {
  let shop;
  before(async () => {
    // NA playground credentials sent to the EU playground endpoint: Klarna answers 401.
    const na = DEFAULT_SIMULATOR_CREDENTIALS.na.playground;
    shop = await startDemoShop({ logger: quiet, klarnaOverrides: { region: 'eu', username: na.username, password: na.password } });
  });
  after(() => shop?.stop());

  it('shows a clear message and places nothing', TIMEOUT, async () => {
    const page = await openStorefront(shop, { ready: false });
    await notice(page).filter({ hasText: 'Klarna payments are unavailable in this shop right now' }).waitFor();
    assert.match(await notice(page).textContent(), /misconfigured \(credentials or region\)/);
    await assertNoPlaceholders(page, 'with wrong-region credentials');
    assert.equal(await page.locator('klarna-checkout-button').getAttribute('state'), 'error');
    const snapshot = shop.simulator.inspect();
    assert.equal(snapshot.sessions.length, 0);
    assert.equal(snapshot.orders.length, 0);
    const attempts = shop.simulator.requests.filter((request) => request.path.endsWith('/payments/v1/sessions'));
    assert.ok(attempts.length > 0);
    assert.ok(attempts.every((request) => request.status === 401 && request.region === 'eu'));
    await page.context().close();
  });
});
