// Shared set-up of the checkout handler tests: the fake Klarna, the real client pointed at it, a small
// catalogue-backed resolveCart, a capturing logger, and the handler served by toNodeListener on node:http.
import { createServer } from 'node:http';
import { createCheckoutHandler, createKlarnaClient, CartResolutionError, toNodeListener } from '../../dist/server/index.js';
import { startFakeKlarna } from './fake-klarna-for-handler.js';
import { readJsonAnswer } from './json-answer.js';

export const KLARNA_PASSWORD = 'klarna-shared-secret-do-not-leak-7f3a';
export const KLARNA_USERNAME = 'K123456_abcdef12345';

/** The shop's own catalogue: prices in cents incl. VAT, rates in basis points. */
export const CATALOGUE = {
  'sku-shirt': { name: 'T-shirt', unit_price: 2500, tax_rate: 1900 },
  'sku-mug': { name: 'Mug', unit_price: 1299, tax_rate: 1900 },
};

/** Prices `{ items: [{ id, quantity }] }` from the catalogue; ignores any price the browser sends. */
export function resolveCart(cart) {
  if (typeof cart !== 'object' || cart === null || !Array.isArray(cart.items)) {
    throw new CartResolutionError('The cart has no "items" list: send {"items":[{"id":"sku-shirt","quantity":1}]}.');
  }
  return {
    purchase_country: 'DE',
    purchase_currency: 'EUR',
    locale: 'de-DE',
    lines: cart.items.map((item) => {
      const product = CATALOGUE[item?.id];
      if (!product) throw new CartResolutionError(`Unknown product "${String(item?.id)}": remove it from the cart.`);
      return { reference: item.id, name: product.name, quantity: item.quantity, unit_price: product.unit_price, tax_rate: product.tax_rate };
    }),
  };
}

/** Starts everything; `t.after` closes it. Extra handler options override the defaults. */
export async function startCheckout(t, handlerOptions = {}, clientOptions = {}) {
  const fake = await startFakeKlarna();
  const klarna = createKlarnaClient({
    username: KLARNA_USERNAME,
    password: KLARNA_PASSWORD,
    region: 'eu',
    environment: 'playground',
    baseUrl: fake.url,
    ...clientOptions,
  });
  const logs = [];
  const logger = {
    info: (message) => logs.push({ level: 'info', message }),
    warn: (message) => logs.push({ level: 'warn', message }),
    error: (message) => logs.push({ level: 'error', message }),
  };
  const handler = createCheckoutHandler({
    klarna,
    resolveCart,
    logger,
    merchantUrls: { confirmation: 'https://shop.test/thanks?sid={session.id}' },
    ...handlerOptions,
  });
  const server = createServer(toNodeListener(handler));
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${server.address().port}/api/klarna`;
  t.after(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await fake.close();
  });
  /** POSTs JSON to a route and returns `{ status, headers, body, text }`. */
  async function post(route, body, init = {}) {
    // The shopper authorized the named session with this token (unless a test says otherwise).
    if (route === 'order' && init.authorize !== false && typeof body?.session_id === 'string' && typeof body.authorization_token === 'string') {
      fake.authorize(body.session_id, body.authorization_token);
    }
    const response = await fetch(`${base}/${route}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...init.headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
      ...init.rest,
    });
    const answer = await readJsonAnswer(response);
    return { status: response.status, headers: response.headers, body: answer.body, text: answer.text };
  }
  return { fake, klarna, handler, logs, base, post };
}
