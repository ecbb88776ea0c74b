// The guides' examples, run from the guides' own Markdown in headless Chromium: the plain-HTML page of
// docs/element.md and the pages of docs/cdn.md. Each page is saved as index.html in a folder served by the
// development server (dist/dev-server, as `npx klarna-checkout-button dev` runs it), on the offline simulator;
// the test presses the button, approves in the simulator's Klarna window and checks the order the simulator
// holds. The one substitution: requests for the pinned jsDelivr URL are answered with this build's
// dist/cdn file (the test has no internet, and must try this checkout's code); the test checks that the pinned
// version is package.json's. React and Vue examples: docs-framework-examples.test.js.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { collectPageProblems, startExampleStage, stopExampleStage } from '../helpers/docs-example-stage.js';
import { codeBlocksOf, findBlock } from '../helpers/markdown-code-blocks.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const elementGuide = codeBlocksOf(join(root, 'docs/element.md'));
const cdnGuide = codeBlocksOf(join(root, 'docs/cdn.md'));
const CDN_URL = /^https:\/\/cdn\.jsdelivr\.net\/npm\/klarna-checkout-button@([^/]+)\/dist\/cdn\/(klarna-checkout-button(?:\.iife)?\.js)$/;
const TIMEOUT = { timeout: 60_000 };

let folder;
let server;
let browser;

before(async () => {
  ({ folder, server, browser } = await startExampleStage('kcb-docs-examples-'));
});

after(() => stopExampleStage({ folder, server, browser }));

/** Opens `html` as the served index.html; collects console errors, page errors and failed requests. */
async function openExample(html) {
  writeFileSync(join(folder, 'index.html'), html);
  const context = await browser.newContext();
  const cdnRequests = [];
  await context.route('https://cdn.jsdelivr.net/**', (route) => {
    const match = CDN_URL.exec(route.request().url());
    if (!match) return route.abort();
    cdnRequests.push({ version: match[1], file: match[2] });
    return route.fulfill({ path: join(root, 'dist/cdn', match[2]), contentType: 'text/javascript; charset=utf-8' });
  });
  const page = await context.newPage();
  page.problems = [];
  page.logs = [];
  page.cdnRequests = cdnRequests;
  collectPageProblems(page, page.problems);
  page.on('requestfailed', (request) => page.problems.push(`failed: ${request.url()}`));
  page.on('console', (message) => page.logs.push(message.text()));
  await page.goto(`${server.url}/`);
  return page;
}

/** Buy → Approve purchase; resolves the order id of the /thanks?order=… page the example navigates to. */
async function buyAndApprove(page) {
  await page.locator('klarna-checkout-button[state="ready"]').waitFor({ timeout: 30_000 });
  await page.locator('klarna-checkout-button').getByRole('button', { name: 'Buy with Klarna' }).click();
  await page.frameLocator('[data-klarna-simulator-overlay]').getByRole('button', { name: 'Approve purchase' }).click();
  await page.waitForURL(/\/thanks\?order=/, { timeout: 30_000 });
  return new URL(page.url()).searchParams.get('order');
}

describe('docs/element.md', () => {
  it('the "Plain HTML" page places an order as written', TIMEOUT, async () => {
    const page = await openExample(findBlock(elementGuide, { language: 'html', section: 'Plain HTML', label: 'docs/element.md' }));
    const orderId = await buyAndApprove(page);
    const order = server.simulator.orders.get(orderId);
    assert.ok(order, `The simulator holds no order ${orderId}.`);
    assert.equal(server.simulator.inspect().orders.find((candidate) => candidate.order_id === orderId).order_amount, 5000);
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });
});

describe('docs/cdn.md', () => {
  it('pins the package\'s own version in every CDN URL', () => {
    const urls = cdnGuide.flatMap((block) => [...block.text.matchAll(/https:\/\/cdn\.jsdelivr\.net\/[^\s'"<>]+/g)].map((match) => match[0]));
    assert.ok(urls.length >= 3);
    for (const url of urls) assert.equal(CDN_URL.exec(url)?.[1], version, `${url} does not pin ${version}`);
  });

  it('the ES module page places an order, and goes to its own page when Klarna gives no redirect URL', TIMEOUT, async () => {
    const page = await openExample(findBlock(cdnGuide, { language: 'html', section: 'ES module', index: 0, label: 'docs/cdn.md' }));
    const orderId = await buyAndApprove(page);
    assert.ok(server.simulator.orders.get(orderId));
    assert.deepEqual(page.cdnRequests, [{ version, file: 'klarna-checkout-button.js' }]);
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  it('the adapter snippet creates a session', TIMEOUT, async () => {
    const snippet = findBlock(cdnGuide, { language: 'html', section: 'ES module', index: 1, label: 'docs/cdn.md' });
    const page = await openExample(`<!doctype html>\n<html lang="en"><body>\n${snippet}</body></html>\n`);
    for (let attempt = 0; attempt < 100 && !page.logs.some((line) => line.startsWith('Klarna session ')); attempt += 1) await page.waitForTimeout(100);
    const line = page.logs.find((text) => text.startsWith('Klarna session '));
    assert.ok(line, `No session logged; console: ${page.logs.join('\n')}`);
    assert.ok(server.simulator.sessions.has(line.slice('Klarna session '.length)));
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  it('the classic-script page places an order and exposes window.KlarnaCheckoutButton', TIMEOUT, async () => {
    const sessionsBefore = server.simulator.inspect().sessions.length;
    const page = await openExample(findBlock(cdnGuide, { language: 'html', section: 'Classic script', label: 'docs/cdn.md' }));
    await page.locator('klarna-checkout-button[state="ready"]').waitFor({ timeout: 30_000 });
    assert.ok(page.logs.includes(`klarna-checkout-button ${version}`), page.logs.join('\n'));
    // The cart set before the script ran went with the first session request: one session, no failed request.
    assert.equal(server.simulator.inspect().sessions.length, sessionsBefore + 1);
    const orderId = await buyAndApprove(page);
    assert.ok(server.simulator.orders.get(orderId));
    assert.deepEqual(page.cdnRequests, [{ version, file: 'klarna-checkout-button.iife.js' }]);
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });
});
