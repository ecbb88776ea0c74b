// The demo shop's server without a browser: its checkout handler prices carts from the catalogue only, its
// admin API runs Order Management through the server client (Klarna's errors passed on), real-Klarna mode
// is configured from the environment, and `node demo/server.mjs` prints where it runs and falls back to a
// free port. Real HTTP on 127.0.0.1, the offline simulator in-process.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer, request } from 'node:http';
import { fileURLToPath } from 'node:url';
import { klarnaSettingsFromEnv, startDemoShop, KLARNA_LIBRARY_SRC } from '../../demo/shop-server.mjs';
import { SAMPLE_CART, quoteCart } from '../../demo/catalog.mjs';

const quiet = { info() {}, warn() {}, error() {} };
const root = fileURLToPath(new URL('../..', import.meta.url));

async function post(url, body) {
  const response = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  return { status: response.status, body: await response.json() };
}

/** Places an order through the shop's own checkout endpoints, authorizing with the simulator's hook. */
async function placeOrder(shop, cart = SAMPLE_CART) {
  const session = await post(`${shop.url}/api/klarna/session`, { cart });
  assert.equal(session.status, 200, JSON.stringify(session.body));
  const authorization = await shop.simulator.authorize({ session_id: session.body.session_id, data: { billing_address: { email: 'customer@email.de', country: 'DE' } } });
  assert.equal(authorization.approved, true);
  const order = await post(`${shop.url}/api/klarna/order`, { cart, session_id: session.body.session_id, authorization_token: authorization.authorization_token });
  assert.equal(order.status, 200, JSON.stringify(order.body));
  return order.body.order_id;
}

/** What a started `node demo/server.mjs` printed (stdout and stderr) up to its "Klarna: …" line. */
function outputUntilKlarnaLine(child) {
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`demo/server.mjs printed no Klarna line within 20 s:\n${output}`)), 20_000);
    const read = (chunk) => {
      output += chunk;
      if (/Klarna: .*\n/.test(output)) {
        clearTimeout(timer);
        resolve(output);
      }
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.on('exit', (code) => reject(new Error(`demo/server.mjs exited with ${code}:\n${output}`)));
  });
}

describe('demo shop server on the simulator', () => {
  let shop;
  before(async () => {
    shop = await startDemoShop({ logger: quiet });
  });
  after(() => shop?.stop());

  it('serves the storefront with a CSP that allows the simulator and no inline script', async () => {
    const response = await fetch(`${shop.url}/`);
    assert.equal(response.status, 200);
    const csp = response.headers.get('content-security-policy');
    const scriptSrc = csp.split(';').find((directive) => directive.trim().startsWith('script-src'));
    assert.ok(scriptSrc.includes(shop.simulator.url), csp);
    assert.ok(!scriptSrc.includes('unsafe-inline'), csp);
    const html = await response.text();
    assert.match(html, /<script type="module" src="\/dist\/cdn\/klarna-checkout-button.js"><\/script>/);
    assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/, 'no inline <script>');
    assert.doesNotMatch(html, /\son[a-z]+=/i, 'no inline event handlers');
    const bundle = await fetch(`${shop.url}/dist/cdn/klarna-checkout-button.js`);
    assert.equal(bundle.status, 200);
    assert.match(bundle.headers.get('content-type'), /^text\/javascript/);
    assert.equal((await fetch(`${shop.url}/..%2Fpackage.json`)).status, 404);
    assert.equal((await fetch(`${shop.url}/dist/server/index.js`)).status, 404);
  });

  it('says which Klarna it uses and where the library comes from', async () => {
    const config = await (await fetch(`${shop.url}/api/config`)).json();
    assert.equal(config.klarna.mode, 'simulator');
    assert.equal(config.klarna.librarySrc, `${shop.simulator.url}/kp/lib/v1/api.js`);
    assert.deepEqual(config.markets.map((market) => [market.code, market.currency, market.available]), [['DE', 'EUR', true], ['SE', 'SEK', true], ['US', 'USD', true]]);
    assert.equal(shop.klarna.kind, 'simulator');
  });

  it('prices the session from the catalogue and ignores prices the browser sends', async () => {
    const tampered = { ...SAMPLE_CART, items: SAMPLE_CART.items.map((item) => ({ ...item, unit_price: 1, price: 1 })), order_amount: 1 };
    const session = await post(`${shop.url}/api/klarna/session`, { cart: tampered });
    assert.equal(session.status, 200, JSON.stringify(session.body));
    const expected = quoteCart(SAMPLE_CART);
    // By hand: 29.00 + 49.00 + 2 × 19.00 = 116.00; WELCOME10 −11.60; DHL 4.90 → 109.30 €, of which 19 % VAT 17.45.
    assert.equal(expected.order_amount, 10930);
    assert.equal(expected.order_tax_amount, 1745);
    assert.equal(session.body.order_amount, expected.order_amount);
    const stored = shop.simulator.sessions.get(session.body.session_id);
    assert.equal(stored.data.order_amount, expected.order_amount);
    assert.deepEqual(stored.data.order_lines, expected.order_lines);
  });

  it('answers 400 with a sentence for an unknown product, a bad quantity or discount code', async () => {
    const unknown = await post(`${shop.url}/api/klarna/session`, { cart: { market: 'DE', items: [{ sku: 'NOPE-1', quantity: 1 }] } });
    assert.equal(unknown.status, 400);
    assert.equal(unknown.body.error.code, 'bad_request');
    assert.match(unknown.body.error.message, /Unknown product "NOPE-1"/);
    const quantity = await post(`${shop.url}/api/quote`, { cart: { market: 'DE', items: [{ sku: 'LAMP-01', quantity: 0.5 }] } });
    assert.equal(quantity.status, 400);
    assert.match(quantity.body.error.message, /quantity of Brass Desk Lamp is 0.5/);
    const code = await post(`${shop.url}/api/quote`, { cart: { ...SAMPLE_CART, discountCode: 'FREESTUFF' } });
    assert.equal(code.status, 400);
    assert.match(code.body.error.message, /discount code "FREESTUFF" is not valid/);
  });

  it('the admin API captures, refunds and releases through Order Management, and passes Klarna’s errors on', async () => {
    const orderId = await placeOrder(shop);
    const total = quoteCart(SAMPLE_CART).order_amount;
    const base = `${shop.url}/api/admin/orders/${orderId}`;

    // Over-capturing is refused before Klarna with the amount that is left (Klarna only says "Capture not allowed").
    const over = await post(`${base}/capture`, { amount: total + 1 });
    assert.equal(over.status, 409);
    assert.equal(over.body.error.code, 'CAPTURE_TOO_LARGE');
    assert.equal(over.body.error.message, 'Only 109.30 EUR is left to capture; 109.31 EUR was asked. Capture 109.30 EUR or less.');
    const nothingCaptured = await post(`${base}/refund`, {});
    assert.equal(nothingCaptured.status, 409);
    assert.equal(nothingCaptured.body.error.message, 'Nothing is captured yet, so nothing can be refunded: capture first.');

    const bad = await post(`${base}/capture`, { amount: 12.5 });
    assert.equal(bad.status, 400);
    assert.match(bad.body.error.message, /received 12\.5/);

    const extendedBefore = shop.simulator.inspect().orders.find((order) => order.order_id === orderId).expires_at;
    shop.simulator.advanceTime(24 * 3600_000);
    const extended = await post(`${base}/extend-authorization`, {});
    assert.equal(extended.status, 200);
    assert.ok(Date.parse(extended.body.order.expires_at) > Date.parse(extendedBefore));

    const part = await post(`${base}/capture`, { amount: 1000 });
    assert.equal(part.status, 200);
    assert.equal(part.body.order.status, 'PART_CAPTURED');
    const released = await post(`${base}/release-remaining-authorization`, {});
    assert.equal(released.body.order.status, 'CAPTURED');
    assert.equal(released.body.order.remaining_authorized_amount, 0);
    const refund = await post(`${base}/refund`, {});
    assert.equal(refund.body.order.refunded_amount, 1000);
    assert.equal(shop.simulator.inspect().orders.find((order) => order.order_id === orderId).refunded_amount, 1000);
    // "Refund all" on a refunded order says so, instead of Klarna's BAD_VALUE for a zero amount.
    const again = await post(`${base}/refund`, {});
    assert.equal(again.status, 409);
    assert.equal(again.body.error.message, 'Nothing is left to refund: all 10.00 EUR captured is refunded.');
    // Klarna's own refusals keep Klarna's status, code and message.
    const cancel = await post(`${base}/cancel`, {});
    assert.equal(cancel.status, 403);
    assert.equal(cancel.body.error.code, 'CANCEL_NOT_ALLOWED');
    assert.match(cancel.body.error.message, /Order has previous captures\. Cancel not possible/);

    const list = await (await fetch(`${shop.url}/api/admin/orders`)).json();
    assert.ok(list.orders.some((order) => order.order_id === orderId && order.status === 'CAPTURED'));
  });

  it('cancels an uncaptured order; unknown orders and actions answer 404', async () => {
    const orderId = await placeOrder(shop, { ...SAMPLE_CART, market: 'SE' });
    const cancelled = await post(`${shop.url}/api/admin/orders/${orderId}/cancel`, {});
    assert.equal(cancelled.status, 200);
    assert.equal(cancelled.body.order.status, 'CANCELLED');
    assert.equal(cancelled.body.order.purchase_currency, 'SEK');
    assert.equal((await post(`${shop.url}/api/admin/orders/${orderId}/explode`, {})).status, 404);
    const unknown = await post(`${shop.url}/api/admin/orders/not-an-order/capture`, {});
    assert.equal(unknown.status, 404);
    assert.equal(unknown.body.error.code, 'NO_SUCH_ORDER');
    assert.equal((await fetch(`${shop.url}/api/orders/not-an-order`)).status, 404);
  });
});

describe('demo shop and foreign Host headers (DNS rebinding)', () => {
  let shop;
  const logged = [];
  before(async () => {
    shop = await startDemoShop({ logger: { ...quiet, info: (message) => logged.push(message) }, allowedHosts: ['shop.test'] });
  });
  after(() => shop?.stop());

  /** A GET with a chosen Host header (fetch does not let one set it). */
  const getWithHost = (path, host) =>
    new Promise((resolve, reject) => {
      const req = request(`${shop.url}${path}`, { headers: { host } }, (response) => {
        let text = '';
        response.on('data', (chunk) => (text += chunk));
        response.on('end', () => resolve({ status: response.statusCode, text }));
      });
      req.on('error', reject);
      req.end();
    });

  it('answers localhost, 127.0.0.1, [::1] and the configured names, and 421 to any other', async () => {
    const port = new URL(shop.url).port;
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`, `shop.test:${port}`, `LOCALHOST:${port}`]) {
      assert.equal((await getWithHost('/api/admin/orders', host)).status, 200, host);
    }
    const rebound = await getWithHost('/api/admin/orders', `evil.example:${port}`);
    assert.equal(rebound.status, 421);
    assert.match(JSON.parse(rebound.text).error.message, /answers only for localhost, 127\.0\.0\.1, \[::1\].*"evil\.example"/);
    assert.equal((await getWithHost('/', 'evil.example')).status, 421);
  });

  it('logs placed orders with money as money', async () => {
    const orderId = await placeOrder(shop);
    assert.ok(logged.includes(`Order ${orderId} placed: 109.30 EUR (DE).`), logged.join('\n'));
  });
});

describe('demo shop with real Klarna settings (no request is sent in these checks)', () => {
  let shop;
  before(async () => {
    shop = await startDemoShop({ logger: quiet, klarna: { username: 'PK00000_0000000000', password: 'not-a-secret', region: 'eu' } });
  });
  after(() => shop?.stop());

  it('loads Klarna’s real library, allows Klarna’s hosts in the CSP, starts no simulator and offers only its region’s markets', async () => {
    assert.equal(shop.simulator, undefined);
    assert.equal(shop.klarna.kind, 'klarna');
    const response = await fetch(`${shop.url}/api/config`);
    const config = await response.json();
    assert.equal(config.klarna.librarySrc, KLARNA_LIBRARY_SRC);
    assert.equal(config.klarna.environment, 'playground');
    assert.deepEqual(config.markets.filter((market) => market.available).map((market) => market.code), ['DE', 'SE']);
    assert.match(response.headers.get('content-security-policy'), /script-src 'self' https:\/\/x\.klarnacdn\.net/);
    const us = await post(`${shop.url}/api/klarna/session`, { cart: { ...SAMPLE_CART, market: 'US' } });
    assert.equal(us.status, 400);
    assert.match(us.body.error.message, /NA region, but this shop has EU credentials/);
  });

  it('reads KLARNA_* variables, and names what is missing or wrong', () => {
    assert.equal(klarnaSettingsFromEnv({}), undefined);
    assert.deepEqual(klarnaSettingsFromEnv({ KLARNA_USERNAME: 'u', KLARNA_PASSWORD: 'p', KLARNA_REGION: 'NA' }), { username: 'u', password: 'p', region: 'na', environment: 'playground' });
    assert.throws(() => klarnaSettingsFromEnv({ KLARNA_USERNAME: 'u', KLARNA_REGION: 'eu' }), /missing KLARNA_PASSWORD/);
    assert.throws(() => klarnaSettingsFromEnv({ KLARNA_USERNAME: 'u', KLARNA_PASSWORD: 'p', KLARNA_REGION: 'asia' }), /KLARNA_REGION is "asia"/);
    assert.throws(() => klarnaSettingsFromEnv({ KLARNA_USERNAME: 'u', KLARNA_PASSWORD: 'p', KLARNA_REGION: 'eu', KLARNA_ENVIRONMENT: 'test' }), /KLARNA_ENVIRONMENT is "test"/);
  });
});

describe('node demo/server.mjs', () => {
  it('--help lists the shop\'s and the simulator\'s ports, as flags and environment variables', async () => {
    const { stdout } = await new Promise((resolve, reject) => {
      const child = spawn(process.execPath, ['demo/server.mjs', '--help'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      child.stdout.on('data', (chunk) => (out += chunk));
      child.on('exit', (code) => (code === 0 ? resolve({ stdout: out }) : reject(new Error(`exit ${code}`))));
    });
    for (const word of ['--port', '--simulator-port', '--host', '--allowed-host', 'PORT', 'KLARNA_SIMULATOR_PORT']) assert.ok(stdout.includes(word), `--help does not mention ${word}:\n${stdout}`);
  });

  it('puts the simulator on --simulator-port, and on KLARNA_SIMULATOR_PORT', async () => {
    for (const how of ['flag', 'environment']) {
      const probe = createServer();
      await new Promise((resolve) => probe.listen(0, '127.0.0.1', resolve));
      const simulatorPort = probe.address().port;
      await new Promise((resolve) => probe.close(resolve));
      const env = { ...process.env };
      for (const name of ['KLARNA_USERNAME', 'KLARNA_PASSWORD', 'KLARNA_REGION', 'KLARNA_ENVIRONMENT', 'PORT']) delete env[name];
      const args = ['demo/server.mjs', '--port', '0'];
      if (how === 'flag') args.push('--simulator-port', String(simulatorPort));
      else env.KLARNA_SIMULATOR_PORT = String(simulatorPort);
      const child = spawn(process.execPath, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
      try {
        const output = await outputUntilKlarnaLine(child);
        assert.match(output, new RegExp(`Klarna: offline simulator at http://127\\.0\\.0\\.1:${simulatorPort}\\b`), `${how}: ${output}`);
        assert.equal((await fetch(`http://127.0.0.1:${simulatorPort}/kp/lib/v1/api.js`)).status, 200);
      } finally {
        child.kill('SIGTERM');
        await new Promise((resolve) => child.once('exit', resolve));
      }
    }
  });

  it('refuses a --simulator-port that is not a port number', async () => {
    const result = await new Promise((resolve) => {
      const child = spawn(process.execPath, ['demo/server.mjs', '--simulator-port', 'abc'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
      let err = '';
      child.stderr.on('data', (chunk) => (err += chunk));
      child.on('exit', (code) => resolve({ code, err }));
    });
    assert.equal(result.code, 1);
    assert.match(result.err, /--simulator-port is "abc": give a port number from 0 to 65535/);
  });

  it('prints the shop URL and the simulator, and falls back to a free port when the port is taken', async () => {
    const blocker = createServer();
    await new Promise((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const taken = blocker.address().port;
    const env = { ...process.env };
    for (const name of ['KLARNA_USERNAME', 'KLARNA_PASSWORD', 'KLARNA_REGION', 'KLARNA_ENVIRONMENT']) delete env[name];
    const child = spawn(process.execPath, ['demo/server.mjs', '--port', String(taken)], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const output = await outputUntilKlarnaLine(child);
      assert.match(output, new RegExp(`Port ${taken} is taken`));
      const url = /Demo shop: +(http:\/\/127\.0\.0\.1:(\d+))\//.exec(output);
      assert.ok(url, output);
      assert.notEqual(Number(url[2]), taken);
      assert.match(output, /Klarna: offline simulator at http:\/\/127\.0\.0\.1:\d+/);
      // The demo's per-region Klarna client reads sessions too, so the handler checks every order's token.
      assert.doesNotMatch(output, /readSession/);
      assert.equal((await fetch(`${url[1]}/`)).status, 200);
    } finally {
      child.kill('SIGTERM');
      await new Promise((resolve) => blocker.close(resolve));
    }
  });
});
