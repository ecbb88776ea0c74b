// The demo shop's server: storefront and admin pages, the checkout handler the element talks to, a small
// admin JSON API over Order Management, and (by default) Klarna's offline simulator started in-process.
// It uses only the built package, as a merchant would: '../dist/server/index.js', '../dist/simulator/index.js'.
import { createServer } from 'node:http';
import { readFile, readdir } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CartResolutionError,
  KlarnaApiError,
  KlarnaError,
  createCheckoutHandler,
  createKlarnaClient,
  toNodeListener,
} from '../dist/server/index.js';
import { MARKETS, SAMPLE_CART, SHOP_NAME, catalogueFor, quoteCart, resolveDemoCart } from './catalog.mjs';
import { formatMinorUnits } from './log-money.mjs';

const PUBLIC_DIR = fileURLToPath(new URL('./public/', import.meta.url));
const CDN_DIR = fileURLToPath(new URL('../dist/cdn/', import.meta.url));
/** Klarna's browser library, the same URL for playground and production. */
export const KLARNA_LIBRARY_SRC = 'https://x.klarnacdn.net/kp/lib/v1/api.js';
const MAX_JSON_BYTES = 16 * 1024;

const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
};

/** An error the admin or shop API answers with its own status and Klarna-style code. */
class DemoApiError extends Error {
  name = 'DemoApiError';
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

function sendJson(res, status, body, headers = {}) {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', ...headers });
  res.end(JSON.stringify(body));
}

async function readJson(req) {
  const type = String(req.headers['content-type'] ?? '');
  if (!/^application\/json\b/i.test(type)) {
    throw new DemoApiError(415, 'UNSUPPORTED_MEDIA_TYPE', `Send the body as application/json; received Content-Type "${type.slice(0, 60) || 'none'}".`);
  }
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > MAX_JSON_BYTES) throw new DemoApiError(413, 'REQUEST_TOO_LARGE', `The request body is over ${MAX_JSON_BYTES} bytes: send a smaller body.`);
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new DemoApiError(400, 'BAD_REQUEST', 'The request body is not valid JSON: send a JSON object.');
  }
}

/** `{ error: { code, message, status, correlation_id? } }` for any failure, Klarna's code and messages first. */
function errorBody(error) {
  if (error instanceof KlarnaApiError) {
    return {
      status: error.status >= 400 && error.status < 600 ? error.status : 502,
      body: {
        error: {
          code: error.errorCode ?? (error.status === 401 ? 'UNAUTHORIZED' : `HTTP_${error.status}`),
          message: error.errorMessages.length > 0 ? error.errorMessages.join(' ') : error.message,
          status: error.status,
          correlation_id: error.correlationId,
        },
      },
    };
  }
  if (error instanceof DemoApiError) {
    return { status: error.status, body: { error: { code: error.code, message: error.message, status: error.status } } };
  }
  if (error instanceof KlarnaError || error instanceof CartResolutionError) {
    const status = error.name === 'CartResolutionError' || error.name === 'KlarnaOrderValidationError' ? 400 : 502;
    return { status, body: { error: { code: error.name, message: error.message, status } } };
  }
  return { status: 500, body: { error: { code: 'INTERNAL_ERROR', message: 'The demo server failed unexpectedly; see its console.', status: 500 } } };
}

/** The host name of a Host header (`localhost:3000` → `localhost`, `[::1]:3000` → `[::1]`), lower case. */
function hostNameOf(hostHeader) {
  const lower = hostHeader.trim().toLowerCase();
  if (lower.startsWith('[')) return lower.slice(0, lower.indexOf(']') + 1);
  const colon = lower.indexOf(':');
  return colon === -1 ? lower : lower.slice(0, colon);
}

/** An IPv6 address as a Host header carries it (`::1` → `[::1]`); names unchanged, lower case. */
function bracketed(name) {
  const lower = String(name).toLowerCase();
  return lower.includes(':') && !lower.startsWith('[') ? `[${lower}]` : lower;
}

function contentSecurityPolicy(klarnaOrigins) {
  const klarna = klarnaOrigins.join(' ');
  return [
    "default-src 'self'",
    `script-src 'self' ${klarna}`,
    `connect-src 'self' ${klarna}`,
    `frame-src ${klarna}`,
    `img-src 'self' data: ${klarna}`,
    // Klarna's widget styles itself inline (klarna-spec.md §2, CSP).
    `style-src 'self' 'unsafe-inline' ${klarna}`,
    `font-src 'self' ${klarna}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Lists the orders the shop placed (in this process) with the region whose client placed them. */
function createOrderRegistry() {
  const orders = new Map();
  return {
    /** Remembers a placed order. */
    add(record) {
      orders.set(record.orderId, record);
    },
    /** The record of an order id, or undefined. */
    get(orderId) {
      return orders.get(orderId);
    },
    /** Every record, newest first. */
    list() {
      return [...orders.values()].reverse();
    },
  };
}

/** The parts of an Order Management order the pages show. */
function orderSummary(record, order) {
  const market = MARKETS[record.market];
  return {
    order_id: record.orderId,
    market: record.market,
    market_name: market?.name,
    display_locale: market?.displayLocale,
    placed_at: record.placedAt,
    status: order.status,
    fraud_status: order.fraud_status,
    purchase_currency: order.purchase_currency ?? record.order.purchase_currency,
    order_amount: order.order_amount,
    original_order_amount: order.original_order_amount ?? record.order.order_amount,
    order_tax_amount: record.order.order_tax_amount ?? 0,
    captured_amount: order.captured_amount,
    refunded_amount: order.refunded_amount,
    remaining_authorized_amount: order.remaining_authorized_amount,
    expires_at: order.expires_at,
    order_lines: record.order.order_lines,
    captures: (order.captures ?? []).map((capture) => ({
      capture_id: capture.capture_id,
      captured_amount: capture.captured_amount,
      refunded_amount: capture.refunded_amount,
      captured_at: capture.captured_at,
    })),
    refunds: (order.refunds ?? []).map((refund) => ({
      refund_id: refund.refund_id,
      refunded_amount: refund.refunded_amount,
      refunded_at: refund.refunded_at,
    })),
  };
}

function positiveAmount(value, what) {
  if (!Number.isInteger(value) || value <= 0) {
    throw new DemoApiError(400, 'BAD_VALUE', `The ${what} amount must be a whole number of minor units above 0 (e.g. 1250 for 12.50); received ${JSON.stringify(value)}.`);
  }
  return value;
}

/**
 * Starts the demo shop. With `klarna` credentials it talks to Klarna itself and the pages load Klarna's
 * real library; otherwise it starts the offline simulator in-process (every market served by its own
 * region's simulator account). Resolves to `{ url, simulator?, mode, stop() }`.
 *
 * @param {object} [options]
 * @param {number} [options.port=0] TCP port; 0 picks a free one.
 * @param {string} [options.host='127.0.0.1'] interface to listen on.
 * @param {string[]} [options.allowedHosts=[]] host names the shop answers besides localhost, 127.0.0.1, [::1] and
 *   `host` (every other Host header gets 421, against DNS rebinding), e.g. the name of a tunnel to it.
 * @param {{ username: string, password: string, region: 'eu'|'na'|'oc', environment?: 'playground'|'production' }} [options.klarna]
 *   real Klarna credentials; omit for the simulator.
 * @param {object} [options.simulator] options for `startKlarnaSimulator` (port, clock, paymentMethodCategories…).
 * @param {{ region?: 'eu'|'na'|'oc', environment?: 'playground'|'production', username?: string, password?: string }} [options.klarnaOverrides]
 *   simulator mode only: send every market to this region/environment and/or with these credentials
 *   (e.g. NA credentials on the EU endpoint), to see how a misconfigured shop fails.
 * @param {{ info?(m: string): void, warn(m: string): void, error(m: string): void }} [options.logger=console]
 */
export async function startDemoShop({
  port = 0,
  host = '127.0.0.1',
  allowedHosts: extraHosts = [],
  klarna,
  simulator: simulatorOptions,
  klarnaOverrides = {},
  logger = console,
} = {}) {
  let simulator;
  const clients = new Map();
  let mode;
  let librarySrc;
  let klarnaOrigins;
  if (klarna) {
    const environment = klarna.environment ?? 'playground';
    const client = createKlarnaClient({ username: klarna.username, password: klarna.password, region: klarna.region, environment, logger });
    clients.set(klarna.region, client);
    mode = { kind: 'klarna', region: klarna.region, environment, description: `real Klarna ${environment} (${klarna.region.toUpperCase()})` };
    librarySrc = KLARNA_LIBRARY_SRC;
    klarnaOrigins = ['https://x.klarnacdn.net', 'https://*.klarna.com', 'https://*.klarnaevt.com', 'https://*.klarnacdn.net'];
  } else {
    const { startKlarnaSimulator } = await import('../dist/simulator/index.js');
    simulator = await startKlarnaSimulator({ host, ...simulatorOptions });
    const environment = klarnaOverrides.environment ?? 'playground';
    for (const region of ['eu', 'na', 'oc']) {
      const targetRegion = klarnaOverrides.region ?? region;
      const account = simulator.credentials[region][environment];
      clients.set(
        region,
        createKlarnaClient({
          username: klarnaOverrides.username ?? account.username,
          password: klarnaOverrides.password ?? account.password,
          region: targetRegion,
          environment,
          baseUrl: simulator.baseUrl(targetRegion, environment),
          maxRetries: 1,
          retryBaseDelayMs: 100,
          logger,
        }),
      );
    }
    mode = { kind: 'simulator', environment, description: `offline simulator at ${simulator.url}` };
    librarySrc = `${simulator.url}/kp/lib/v1/api.js`;
    const simulatorUrl = new URL(simulator.url);
    klarnaOrigins = [simulator.url, `${simulatorUrl.protocol}//localhost:${simulatorUrl.port}`];
  }

  /** The client that serves a market: its region's simulator account, or the one real account. */
  const clientForCountry = (country) => {
    if (mode.kind === 'klarna') return clients.get(mode.region);
    const market = MARKETS[String(country).toUpperCase()];
    return clients.get(market?.region ?? 'eu');
  };
  const registry = createOrderRegistry();
  let shopUrl = '';

  /** The client that created each session, so that reading a session asks the region that holds it. */
  const clientOfSession = new Map();

  const checkout = createCheckoutHandler({
    klarna: {
      payments: {
        createSession: async (order, opts) => {
          const client = clientForCountry(order.purchase_country);
          const created = await client.payments.createSession(order, opts);
          clientOfSession.set(created.session_id, client);
          return created;
        },
        updateSession: (sessionId, order, opts) => clientForCountry(order.purchase_country).payments.updateSession(sessionId, order, opts),
        placeOrder: (token, order, opts) => clientForCountry(order.purchase_country).payments.placeOrder(token, order, opts),
        // The handler checks that an order's token is its session's: ask the session's region (every region for
        // a session this process did not create; Klarna answers 404 in the others).
        readSession: async (sessionId, opts) => {
          const known = clientOfSession.get(sessionId);
          if (known) return known.payments.readSession(sessionId, opts);
          let notFound;
          for (const client of new Set(clients.values())) {
            try {
              return await client.payments.readSession(sessionId, opts);
            } catch (error) {
              if (error?.status !== 404) throw error;
              notFound = error;
            }
          }
          throw notFound;
        },
      },
    },
    resolveCart: (cart) => {
      const input = resolveDemoCart(cart);
      if (mode.kind === 'klarna' && MARKETS[input.purchase_country].region !== mode.region) {
        throw new CartResolutionError(
          `${MARKETS[input.purchase_country].name} is served by Klarna's ${MARKETS[input.purchase_country].region.toUpperCase()} region, but this shop has ${mode.region.toUpperCase()} credentials: choose another market or start the shop with ${MARKETS[input.purchase_country].region.toUpperCase()} credentials.`,
        );
      }
      return input;
    },
    // Klarna's redirect_url then leads to the confirmation page. Real Klarna gets it only when the shop has a
    // public https URL (a localhost http URL would be refused or unreachable); the page falls back to
    // /order.html?order=… itself.
    merchantUrls: () => (mode.kind === 'simulator' || shopUrl.startsWith('https:') ? { confirmation: `${shopUrl}/order.html?order={order.id}` } : undefined),
    // Klarna's authorization callback: the order is placed even when the browser never sends the token back.
    // Like the confirmation URL, real Klarna gets it only when the shop has a public https URL.
    authorizationCallbackUrl:
      mode.kind === 'simulator' || shopUrl.startsWith('https:') ? () => `${shopUrl}/api/klarna/authorization` : undefined,
    onOrderPlaced({ orderId, sessionId, order, klarnaResponse }) {
      const region = mode.kind === 'klarna' ? mode.region : (MARKETS[order.purchase_country]?.region ?? 'eu');
      registry.add({ orderId, sessionId, order, region, market: order.purchase_country, placedAt: new Date().toISOString(), fraudStatus: klarnaResponse.fraud_status });
      logger.info?.(`Order ${orderId} placed: ${formatMinorUnits(order.order_amount, order.purchase_currency)} (${order.purchase_country}).`);
    },
    logger,
  });
  const checkoutListener = toNodeListener(checkout);

  const knownOrder = (orderId) => {
    const record = registry.get(orderId);
    if (!record) throw new DemoApiError(404, 'NO_SUCH_ORDER', `This shop placed no order with id "${orderId.slice(0, 80)}": pick one from the order list.`);
    return record;
  };
  const readOrder = async (record) => orderSummary(record, await clients.get(record.region).orders.get(record.orderId));

  const adminActions = {
    async capture(record, body) {
      const current = await clients.get(record.region).orders.get(record.orderId);
      const remaining = current.remaining_authorized_amount ?? 0;
      const money = (amount) => formatMinorUnits(amount, current.purchase_currency ?? record.order.purchase_currency);
      if (remaining <= 0) {
        throw new DemoApiError(409, 'NOTHING_TO_CAPTURE', `Nothing is left to capture: the order is ${String(current.status).toLowerCase()} with ${money(current.captured_amount ?? 0)} captured.`);
      }
      const amount = body.amount === undefined ? remaining : positiveAmount(body.amount, 'capture');
      if (amount > remaining) {
        throw new DemoApiError(409, 'CAPTURE_TOO_LARGE', `Only ${money(remaining)} is left to capture; ${money(amount)} was asked. Capture ${money(remaining)} or less.`);
      }
      await clients.get(record.region).orders.capture(record.orderId, { captured_amount: amount, description: body.amount === undefined ? 'Full shipment' : 'Partial shipment' });
      logger.info?.(`Order ${record.orderId}: captured ${money(amount)}.`);
    },
    async refund(record, body) {
      const current = await clients.get(record.region).orders.get(record.orderId);
      const refundable = (current.captured_amount ?? 0) - (current.refunded_amount ?? 0);
      const money = (amount) => formatMinorUnits(amount, current.purchase_currency ?? record.order.purchase_currency);
      if (refundable <= 0) {
        throw new DemoApiError(
          409,
          'NOTHING_TO_REFUND',
          (current.captured_amount ?? 0) === 0 ? 'Nothing is captured yet, so nothing can be refunded: capture first.' : `Nothing is left to refund: all ${money(current.captured_amount)} captured is refunded.`,
        );
      }
      const amount = body.amount === undefined ? refundable : positiveAmount(body.amount, 'refund');
      if (amount > refundable) {
        throw new DemoApiError(409, 'REFUND_TOO_LARGE', `Only ${money(refundable)} can be refunded; ${money(amount)} was asked. Refund ${money(refundable)} or less.`);
      }
      await clients.get(record.region).orders.refund(record.orderId, { refunded_amount: amount, description: 'Refund from the demo admin' });
      logger.info?.(`Order ${record.orderId}: refunded ${money(amount)}.`);
    },
    cancel: (record) => clients.get(record.region).orders.cancel(record.orderId),
    'extend-authorization': (record) => clients.get(record.region).orders.extendAuthorizationTime(record.orderId),
    'release-remaining-authorization': (record) => clients.get(record.region).orders.releaseRemainingAuthorization(record.orderId),
  };

  async function serveFile(res, file, method) {
    let content;
    try {
      content = await readFile(file);
    } catch {
      sendJson(res, 404, { error: { code: 'NOT_FOUND', message: 'No such file.', status: 404 } });
      return;
    }
    res.writeHead(200, { 'Content-Type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream', 'Cache-Control': 'no-cache' });
    res.end(method === 'HEAD' ? undefined : content);
  }

  const allowedHosts = new Set(['localhost', '127.0.0.1', '[::1]', bracketed(host), ...extraHosts.map((name) => bracketed(name))]);
  const publicFiles = new Set((await readdir(PUBLIC_DIR)).filter((name) => !name.startsWith('.')));
  const cdnFiles = new Set(['klarna-checkout-button.js', 'klarna-checkout-button.iife.js']);
  const securityHeaders = {
    'Content-Security-Policy': contentSecurityPolicy(klarnaOrigins),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'same-origin',
  };

  async function route(req, res) {
    const method = (req.method ?? 'GET').toUpperCase();
    // DNS rebinding: a page on another site whose name points at 127.0.0.1 must not reach the admin API.
    const requestedHost = hostNameOf(String(req.headers.host ?? ''));
    if (!allowedHosts.has(requestedHost)) {
      return sendJson(res, 421, {
        error: {
          code: 'UNKNOWN_HOST',
          message: `This shop answers only for ${[...allowedHosts].join(', ')}; the request was for "${requestedHost.slice(0, 100)}". Start it with --allowed-host ${requestedHost.slice(0, 100) || '<name>'} to allow that name.`,
          status: 421,
        },
      });
    }
    const url = new URL(req.url ?? '/', 'http://shop.invalid');
    const path = url.pathname;
    for (const [name, value] of Object.entries(securityHeaders)) res.setHeader(name, value);

    if (path.startsWith('/api/klarna/')) return checkoutListener(req, res);

    if (path.startsWith('/api/')) {
      try {
        if (method === 'GET' && path === '/api/config') {
          return sendJson(res, 200, {
            shopName: SHOP_NAME,
            klarna: { mode: mode.kind, description: mode.description, environment: mode.environment, librarySrc },
            markets: Object.values(MARKETS).map((market) => ({
              code: market.code,
              name: market.name,
              currency: market.currency,
              locale: market.locale,
              displayLocale: market.displayLocale,
              taxLabel: market.taxLabel,
              taxRate: market.taxRate,
              salesTaxOnTop: market.code === 'US',
              email: market.email,
              address: market.address,
              available: mode.kind === 'simulator' || market.region === mode.region,
            })),
            sampleCart: SAMPLE_CART,
          });
        }
        if (method === 'GET' && path === '/api/catalog') {
          return sendJson(res, 200, { market: url.searchParams.get('market'), products: catalogueFor(url.searchParams.get('market')) });
        }
        if (method === 'POST' && path === '/api/quote') {
          const body = await readJson(req);
          return sendJson(res, 200, { order: quoteCart(body.cart) });
        }
        const confirmation = method === 'GET' ? /^\/api\/orders\/([^/]+)$/.exec(path) : null;
        if (confirmation) return sendJson(res, 200, { order: await readOrder(knownOrder(decodeURIComponent(confirmation[1]))) });

        if (method === 'GET' && path === '/api/admin/orders') {
          const orders = await Promise.all(
            registry.list().map((record) =>
              readOrder(record).catch((error) => ({ order_id: record.orderId, market: record.market, placed_at: record.placedAt, ...errorBody(error).body })),
            ),
          );
          return sendJson(res, 200, { orders, klarna: mode.description });
        }
        const adminOrder = /^\/api\/admin\/orders\/([^/]+)(?:\/([a-z-]+))?$/.exec(path);
        if (adminOrder) {
          const record = knownOrder(decodeURIComponent(adminOrder[1]));
          const action = adminOrder[2];
          if (action === undefined && method === 'GET') return sendJson(res, 200, { order: await readOrder(record) });
          if (action !== undefined && method === 'POST' && Object.hasOwn(adminActions, action)) {
            const body = await readJson(req);
            await adminActions[action](record, body && typeof body === 'object' ? body : {});
            return sendJson(res, 200, { order: await readOrder(record) });
          }
          throw new DemoApiError(404, 'NOT_FOUND', `No admin action ${method} ${path}: use capture, refund, cancel, extend-authorization or release-remaining-authorization.`);
        }
        throw new DemoApiError(404, 'NOT_FOUND', `No API route ${method} ${path}.`);
      } catch (error) {
        const { status, body } = errorBody(error);
        if (status >= 500 && !(error instanceof KlarnaError)) logger.error(`Demo API ${method} ${path} failed: ${error?.stack ?? error}`);
        return sendJson(res, status, body);
      }
    }

    if (method !== 'GET' && method !== 'HEAD') {
      return sendJson(res, 405, { error: { code: 'METHOD_NOT_ALLOWED', message: `Pages are read with GET; received ${method}.`, status: 405 } }, { Allow: 'GET, HEAD' });
    }
    if (path.startsWith('/dist/cdn/')) {
      const name = path.slice('/dist/cdn/'.length);
      if (cdnFiles.has(name) || /^locales\/[a-z]{2}\.js$/.test(name)) return serveFile(res, join(CDN_DIR, name), method);
    }
    const name = path === '/' ? 'index.html' : path.slice(1);
    if (publicFiles.has(name)) return serveFile(res, join(PUBLIC_DIR, name), method);
    return sendJson(res, 404, { error: { code: 'NOT_FOUND', message: `Nothing at ${path}: the shop is at /.`, status: 404 } });
  }

  const server = createServer((req, res) => {
    route(req, res).catch((error) => {
      logger.error(`Demo server failed on ${req.method} ${req.url}: ${error?.stack ?? error}`);
      if (!res.headersSent) sendJson(res, 500, { error: { code: 'INTERNAL_ERROR', message: 'The demo server failed unexpectedly.', status: 500 } });
      else res.destroy();
    });
  });
  try {
    await new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    await simulator?.stop();
    throw error;
  }
  const address = server.address();
  const urlHost = host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host;
  shopUrl = `http://${urlHost}:${address.port}`;

  return {
    /** The shop's origin, e.g. http://127.0.0.1:3000. */
    url: shopUrl,
    /** The in-process simulator (undefined with real Klarna). */
    simulator,
    /** Which Klarna the shop talks to: `{ kind: 'simulator' | 'klarna', description, … }`. */
    klarna: mode,
    /** The orders this shop placed. */
    orders: registry,
    /** Stops the shop (and its simulator). */
    async stop() {
      await new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await simulator?.stop();
    },
  };
}

/** Reads real-Klarna settings from KLARNA_USERNAME/PASSWORD/REGION/ENVIRONMENT, or undefined for the simulator. */
export function klarnaSettingsFromEnv(env = process.env) {
  const { KLARNA_USERNAME: username, KLARNA_PASSWORD: password, KLARNA_REGION: region, KLARNA_ENVIRONMENT: environment } = env;
  if (!username && !password && !region) return undefined;
  const missing = [['KLARNA_USERNAME', username], ['KLARNA_PASSWORD', password], ['KLARNA_REGION', region]].filter(([, value]) => !value).map(([name]) => name);
  if (missing.length > 0) {
    throw new Error(`To use real Klarna set KLARNA_USERNAME, KLARNA_PASSWORD and KLARNA_REGION together; missing ${missing.join(', ')}. Unset all three to use the offline simulator.`);
  }
  const normalizedRegion = region.toLowerCase();
  if (!['eu', 'na', 'oc'].includes(normalizedRegion)) throw new Error(`KLARNA_REGION is "${region}": set it to eu, na or oc (the region of your Klarna account).`);
  const normalizedEnvironment = (environment || 'playground').toLowerCase();
  if (!['playground', 'production'].includes(normalizedEnvironment)) {
    throw new Error(`KLARNA_ENVIRONMENT is "${environment}": set it to playground (the default) or production.`);
  }
  return { username, password, region: normalizedRegion, environment: normalizedEnvironment };
}
