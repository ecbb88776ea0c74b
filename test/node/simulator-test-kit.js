// Shared helpers of the simulator tests (test/node/simulator*.test.js): carts, Basic auth, HTTP calls.
import { DEFAULT_SIMULATOR_CREDENTIALS } from '../../dist/simulator/index.js';

/** `Basic base64(username:password)` of a region/environment's default account. */
export function basicAuth(region = 'eu', environment = 'playground') {
  const { username, password } = DEFAULT_SIMULATOR_CREDENTIALS[region][environment];
  return `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
}

/** klarna-spec.md §5.3's DE example: 4 lines, 28499 with 5700 tax. */
export function germanCart() {
  return {
    purchase_country: 'DE',
    purchase_currency: 'EUR',
    locale: 'de-DE',
    order_amount: 28499,
    order_tax_amount: 5700,
    order_lines: [
      { type: 'physical', reference: 'SKU-1', name: 'Shoes', quantity: 2, unit_price: 12500, tax_rate: 2500, total_amount: 25000, total_tax_amount: 5000 },
      { type: 'physical', reference: 'SKU-2', name: 'Socks', quantity: 3, unit_price: 1990, total_discount_amount: 970, tax_rate: 2500, total_amount: 5000, total_tax_amount: 1000 },
      { type: 'shipping_fee', name: 'Shipping', quantity: 1, unit_price: 499, tax_rate: 2500, total_amount: 499, total_tax_amount: 100 },
      { type: 'discount', name: 'Voucher', quantity: 1, unit_price: -2000, tax_rate: 2500, total_amount: -2000, total_tax_amount: -400 },
    ],
  };
}

/** A two-line DE cart of 10000 (tax 2000). */
export function smallCart() {
  return {
    purchase_country: 'DE',
    purchase_currency: 'EUR',
    locale: 'en-DE',
    order_amount: 10000,
    order_tax_amount: 2000,
    order_lines: [
      { type: 'physical', name: 'Hat', quantity: 1, unit_price: 6000, tax_rate: 2500, total_amount: 6000, total_tax_amount: 1200 },
      { type: 'physical', name: 'Scarf', quantity: 1, unit_price: 4000, tax_rate: 2500, total_amount: 4000, total_tax_amount: 800 },
    ],
  };
}

/** klarna-spec.md §5.3's US example: sales tax as its own line. */
export function usCart() {
  return {
    purchase_country: 'US',
    purchase_currency: 'USD',
    locale: 'en-US',
    order_amount: 21000,
    order_tax_amount: 1000,
    order_lines: [
      { type: 'physical', name: 'Lamp', quantity: 1, unit_price: 20000, tax_rate: 0, total_amount: 20000, total_tax_amount: 0 },
      { type: 'sales_tax', name: 'Sales Tax', quantity: 1, unit_price: 1000, tax_rate: 0, total_amount: 1000, total_tax_amount: 0 },
    ],
  };
}

export const billingAddress = (email = 'customer@email.de') => ({
  given_name: 'Testperson-de',
  family_name: 'Approved',
  email,
  street_address: 'Hellersbergstraße 14',
  postal_code: '41460',
  city: 'Neuss',
  country: 'DE',
});

/**
 * Calls the simulator: `call(sim, 'POST', '/payments/v1/sessions', { body })` under eu/playground by
 * default. Resolves `{ status, headers, body, text }` (`body` parsed when the response is JSON).
 */
export async function call(sim, method, path, options = {}) {
  const { region = 'eu', environment = 'playground', body, headers = {}, auth = basicAuth(region, environment), raw } = options;
  const url = path.startsWith('http') ? path : path.startsWith('/simulator/') ? `${sim.url}${path}` : `${sim.baseUrl(region, environment)}${path}`;
  const response = await fetch(url, {
    method,
    headers: {
      ...(auth ? { authorization: auth } : {}),
      ...(body !== undefined || raw !== undefined ? { 'content-type': 'application/json' } : {}),
      ...headers,
    },
    body: raw ?? (body === undefined ? undefined : JSON.stringify(body)),
  });
  const text = await response.text();
  const json = (response.headers.get('content-type') ?? '').includes('application/json') && text ? JSON.parse(text) : undefined;
  return { status: response.status, headers: response.headers, body: json, text };
}

/** Creates a session of `cart` and returns its id and token. */
export async function createSession(sim, cart = smallCart(), options = {}) {
  const response = await call(sim, 'POST', '/payments/v1/sessions', { ...options, body: cart });
  if (response.status !== 200) throw new Error(`session create answered ${response.status}: ${response.text}`);
  return response.body;
}

/** Session + authorization (with a billing address) + order; returns the ids. */
export async function placeOrder(sim, cart = smallCart(), options = {}) {
  const session = await createSession(sim, cart, options);
  const data = { billing_address: billingAddress() };
  const { authorization_token } = await sim.authorize({ session_id: session.session_id, data, fraud_status: options.fraudStatus });
  const order = await call(sim, 'POST', `/payments/v1/authorizations/${authorization_token}/order`, { ...options, body: { ...cart, ...data } });
  if (order.status !== 200) throw new Error(`create order answered ${order.status}: ${order.text}`);
  return { session_id: session.session_id, authorization_token, order_id: order.body.order_id, order: order.body };
}

/**
 * A tiny merchant on 127.0.0.1 that records every request it receives: `{ method, url, headers, body }`.
 * `answer` decides per request: a status (default 200) or `'hang'` (never answers). `next()` resolves with
 * the next request not yet taken; `forget()` empties the record between tests.
 */
export async function startMerchant(answer = () => 200) {
  const { createServer } = await import('node:http');
  const received = [];
  const waiting = [];
  let taken = 0;
  const server = createServer((request, response) => {
    let text = '';
    request.setEncoding('utf8');
    request.on('data', (chunk) => (text += chunk));
    request.on('end', () => {
      const entry = { method: request.method, url: request.url, headers: request.headers, text, body: text ? JSON.parse(text) : undefined };
      received.push(entry);
      for (const wake of waiting.splice(0)) wake();
      const decision = merchant.answer(entry);
      if (decision === 'hang') return;
      response.writeHead(decision, { 'content-type': 'application/json' });
      response.end('{}');
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const merchant = {
    url: `http://127.0.0.1:${server.address().port}`,
    received,
    answer,
    async next(timeoutMs = 3000) {
      const deadline = Date.now() + timeoutMs;
      while (received.length <= taken) {
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`The merchant received no request within ${timeoutMs} ms.`);
        await new Promise((resolve) => {
          const timer = setTimeout(resolve, left);
          waiting.push(() => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
      return received[taken++];
    },
    forget() {
      received.length = 0;
      taken = 0;
    },
    stop() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(resolve));
    },
  };
  return merchant;
}
