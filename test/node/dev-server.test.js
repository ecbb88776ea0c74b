// The development server (`klarna-checkout-button dev`, src/dev-server) over real HTTP on 127.0.0.1: what it
// serves, the page-priced cart it accepts and refuses, the hosts it answers, and that it never runs against
// Klarna's production environment. The purchase itself runs in Chromium in docs-quick-start.test.js.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { startDevServer } from '../../dist/dev-server/start-dev-server.js';
import { DevServerError } from '../../dist/dev-server/dev-server-error.js';
import { resolvePagePricedCart } from '../../dist/dev-server/page-priced-cart.js';
import { formatMinorUnits } from '../../dist/server/format-minor-units.js';

const run = promisify(execFile);
const cli = fileURLToPath(new URL('../../dist/dev-server/cli.js', import.meta.url));
const quiet = { info() {}, warn() {}, error() {} };
const CART = { lines: [{ name: 'T-shirt', quantity: 2, unit_price: 2500, tax_rate: 1900 }] };

async function post(url, body) {
  const response = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  return { status: response.status, body: await response.json() };
}

/** A GET with a chosen Host header (fetch does not let one set it). */
function getWithHost(url, host) {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { host } }, (response) => {
      let text = '';
      response.on('data', (chunk) => (text += chunk));
      response.on('end', () => resolve({ status: response.statusCode, text }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the development server on the simulator', () => {
  let folder;
  let server;
  const logged = [];
  before(async () => {
    folder = mkdtempSync(join(tmpdir(), 'kcb-dev-'));
    writeFileSync(join(folder, 'index.html'), '<!doctype html><title>Mine</title>');
    writeFileSync(join(folder, '.env'), 'SECRET=1');
    server = await startDevServer({ folder, port: 0, logger: { ...quiet, info: (message) => logged.push(message) } });
  });
  after(async () => {
    await server?.stop();
    rmSync(folder, { recursive: true, force: true });
  });

  it('serves the bundle\'s shopper texts next to it (/locales/<language>.js), which the bundle imports on demand', async () => {
    const german = await fetch(`${server.url}/locales/de.js`);
    assert.equal(german.status, 200);
    assert.match(german.headers.get('content-type'), /javascript/);
    assert.match(await german.text(), /Mit Klarna/);
    assert.equal((await fetch(`${server.url}/locales/xx.js`)).status, 404);
  });

  it('serves the folder, the browser bundle and the simulator\'s Klarna library from one origin', async () => {
    const page = await fetch(`${server.url}/`);
    assert.equal(page.status, 200);
    assert.equal(await page.text(), '<!doctype html><title>Mine</title>');
    const bundle = await fetch(`${server.url}/klarna-checkout-button.js`);
    assert.equal(bundle.status, 200);
    assert.match(bundle.headers.get('content-type'), /^text\/javascript/);
    assert.match(await bundle.text(), /klarna-checkout-button/);
    const library = await fetch(`${server.url}/kp/lib/v1/api.js`);
    assert.equal(library.status, 200);
    assert.match(await library.text(), /Klarna/);
  });

  it('serves neither hidden files nor anything outside the folder', async () => {
    assert.equal((await fetch(`${server.url}/.env`)).status, 404);
    assert.equal((await fetch(`${server.url}/..%2F..%2Fetc%2Fpasswd`)).status, 404);
    assert.equal((await fetch(`${server.url}/%2e%2e/package.json`)).status, 404);
  });

  it('answers only for this machine\'s host names (no DNS rebinding)', async () => {
    const port = new URL(server.url).port;
    assert.equal((await getWithHost(`${server.url}/`, `localhost:${port}`)).status, 200);
    assert.equal((await getWithHost(`${server.url}/`, `[::1]:${port}`)).status, 200);
    const foreign = await getWithHost(`${server.url}/`, `attacker.example:${port}`);
    assert.equal(foreign.status, 421);
    assert.match(foreign.text, /attacker\.example/);
  });

  it('prices the page\'s lines and places the order on the simulator, logging money as money', async () => {
    const session = await post(`${server.url}/checkout/session`, { cart: CART });
    assert.equal(session.status, 200, JSON.stringify(session.body));
    assert.equal(session.body.order_amount, 5000);
    const authorization = await server.simulator.authorize({ session_id: session.body.session_id, data: { billing_address: { email: 'customer@email.de', country: 'DE' } } });
    const order = await post(`${server.url}/checkout/order`, { cart: CART, session_id: session.body.session_id, authorization_token: authorization.authorization_token });
    assert.equal(order.status, 200, JSON.stringify(order.body));
    assert.ok(logged.includes(`Order ${order.body.order_id} placed: 50.00 EUR.`), logged.join('\n'));
    assert.equal(server.simulator.inspect().orders.at(-1).order_amount, 5000);
  });

  it('answers 400 with a sentence for a cart without priced lines', async () => {
    const noLines = await post(`${server.url}/checkout/session`, { cart: { items: [{ sku: 'TSHIRT', quantity: 1 }] } });
    assert.equal(noLines.status, 400);
    assert.match(noLines.body.error.message, /cart\.lines is missing: on the development server the cart carries its priced lines/);
    const badPrice = await post(`${server.url}/checkout/session`, { cart: { lines: [{ name: 'T-shirt', quantity: 1, unit_price: 25.0001 }] } });
    assert.equal(badPrice.status, 400);
    assert.match(badPrice.body.error.message, /unit_price is 25\.0001/);
  });
});

describe('page-priced carts', () => {
  it('default to Germany, EUR and English, and keep the lines as priced', () => {
    assert.deepEqual(resolvePagePricedCart(CART), { purchase_country: 'DE', purchase_currency: 'EUR', locale: 'en-DE', lines: CART.lines });
    assert.equal(resolvePagePricedCart({ purchase_country: 'se', lines: CART.lines }).purchase_currency, 'SEK');
  });
  it('refuse a country Klarna does not serve', () => {
    assert.throws(() => resolvePagePricedCart({ purchase_country: 'ZZ', lines: CART.lines }), { name: 'CartResolutionError', message: /purchase_country is "ZZ"/ });
  });
});

describe('never against Klarna production', () => {
  it('startDevServer() refuses production credentials with a DevServerError', async () => {
    await assert.rejects(
      startDevServer({ port: 0, logger: quiet, klarna: { username: 'u', password: 'p', region: 'eu', environment: 'production' } }),
      (error) => error instanceof DevServerError && /never runs against Klarna's production environment/.test(error.message),
    );
  });
  it('the dev command refuses KLARNA_ENVIRONMENT=production and exits 1', async () => {
    const result = await run(process.execPath, [cli, 'dev', '--port', '0'], { env: { ...process.env, KLARNA_ENVIRONMENT: 'production' } }).catch((error) => error);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /never runs against Klarna's production environment/);
  });
  it('--help lists the port and the environment variables', async () => {
    const { stdout } = await run(process.execPath, [cli, '--help']);
    assert.match(stdout, /Usage: klarna-checkout-button dev \[folder\]/);
    assert.match(stdout, /--port/);
    assert.match(stdout, /KLARNA_USERNAME/);
  });
});

it('formats minor units as money for logs', () => {
  assert.equal(formatMinorUnits(5000, 'EUR'), '50.00 EUR');
  assert.equal(formatMinorUnits(-1250, 'SEK'), '-12.50 SEK');
  assert.equal(formatMinorUnits(1200, 'JPY'), '1200 JPY');
  assert.equal(formatMinorUnits(5, 'USD'), '0.05 USD');
});
