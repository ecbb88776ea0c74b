/**
 * `startDevServer()`: the development server behind `klarna-checkout-button dev [folder]`. One origin that
 * serves everything a plain HTML page needs to take a (simulated) Klarna payment:
 *
 *   GET  /…                                    the files of `folder` (index.html for `/`)
 *   GET  /klarna-checkout-button.js            the package's browser bundle (ES module, lit included)
 *   GET  /locales/<language>.js                the bundle's shopper texts in one language, loaded on demand
 *   GET  /klarna-checkout-button.iife.js       the same as a classic script (window.KlarnaCheckoutButton)
 *   POST /checkout/session, /checkout/order    createCheckoutHandler() (the element's protocol), with
 *   POST /checkout/authorization               Klarna's authorization callback
 *   GET  /kp/lib/v1/api.js, /kp/…, /simulator/…  the offline simulator's Klarna library and pages (proxied)
 *
 * The cart is priced from the page's own lines (`page-priced-cart.ts`), which is why the server runs only
 * against the in-process simulator or Klarna's playground, never production. It listens on 127.0.0.1 and
 * answers only requests whose Host is this machine (no DNS rebinding).
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { extname, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCheckoutHandler, type CheckoutLogger } from '../server/checkout-handler.js';
import { createKlarnaClient } from '../server/klarna-client.js';
import { marketForCountry, type KlarnaEnvironment, type KlarnaRegion } from '../server/markets.js';
import { toNodeListener } from '../server/node-listener.js';
import { startKlarnaSimulator } from '../simulator/simulator-server.js';
import type { KlarnaSimulator } from '../simulator/simulator-api.js';
import { DevServerError } from './dev-server-error.js';
import { formatMinorUnits } from '../server/format-minor-units.js';
import { createPagePricedCartResolver } from './page-priced-cart.js';

/** Klarna's own library, which `/kp/lib/v1/api.js` redirects to when the server talks to Klarna's playground. */
export const KLARNA_LIBRARY_URL = 'https://x.klarnacdn.net/kp/lib/v1/api.js';

/** The path the page's `library-src` points at on the development server. */
export const DEV_LIBRARY_PATH = '/kp/lib/v1/api.js';

/** Where the checkout handler is mounted: `…/session`, `…/order`, `…/authorization`. */
export const DEV_CHECKOUT_PREFIX = '/checkout/';

/** Klarna playground credentials, to try a page against Klarna's real test environment instead of the simulator. */
export interface DevServerKlarnaSettings {
  username: string;
  password: string;
  region: KlarnaRegion;
  /** Only `playground`: `production` is refused with a `DevServerError`. */
  environment?: KlarnaEnvironment;
}

/** Options of {@link startDevServer}. */
export interface DevServerOptions {
  /** The folder to serve; default the current directory. */
  folder?: string;
  /** TCP port; default 3000, 0 picks a free one. */
  port?: number;
  /** Interface to listen on; default `127.0.0.1`. */
  host?: string;
  /** Klarna playground credentials; omit to use the offline simulator (the default). */
  klarna?: DevServerKlarnaSettings;
  /** Where requests to Klarna and placed orders are logged; default `console`. */
  logger?: CheckoutLogger;
}

/** A running development server. */
export interface DevServer {
  /** The page's origin, e.g. `http://127.0.0.1:3000`. */
  readonly url: string;
  /** The folder served (absolute). */
  readonly folder: string;
  /** The in-process simulator, or undefined against Klarna's playground. */
  readonly simulator: KlarnaSimulator | undefined;
  /** One line saying which Klarna the server talks to. */
  readonly klarnaDescription: string;
  /** Stops the server and its simulator. */
  stop(): Promise<void>;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.woff2': 'font/woff2',
};

const BUNDLES: Record<string, string> = {
  '/klarna-checkout-button.js': fileURLToPath(new URL('../cdn/klarna-checkout-button.js', import.meta.url)),
  '/klarna-checkout-button.iife.js': fileURLToPath(new URL('../cdn/klarna-checkout-button.iife.js', import.meta.url)),
};

/** The bundles' shopper texts: `/klarna-checkout-button.js` imports `./locales/<language>.js` next to itself. */
const LOCALE_CHUNK = /^\/locales\/([a-z]{2})\.js$/;
const LOCALES_DIR = fileURLToPath(new URL('../cdn/locales/', import.meta.url));

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** The host name of a Host header (`localhost:3000` → `localhost`, `[::1]:3000` → `[::1]`), lower case. */
function hostNameOf(hostHeader: string): string {
  const lower = hostHeader.trim().toLowerCase();
  if (lower.startsWith('[')) return lower.slice(0, lower.indexOf(']') + 1);
  const colon = lower.indexOf(':');
  return colon === -1 ? lower : lower.slice(0, colon);
}

function sendText(response: ServerResponse, status: number, text: string): void {
  response.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
  response.end(text);
}

async function freePort(host: string): Promise<number> {
  const probe = createNetServer();
  await new Promise<void>((resolveListen, reject) => {
    probe.once('error', reject);
    probe.listen(0, host, () => resolveListen());
  });
  const address = probe.address();
  await new Promise<void>((resolveClose) => probe.close(() => resolveClose()));
  if (typeof address !== 'object' || address === null) throw new DevServerError('Could not find a free port for the Klarna simulator.');
  return address.port;
}

/** Sends the request on to the simulator and streams its answer back. */
function proxyToSimulator(simulatorOrigin: string, request: IncomingMessage, response: ServerResponse): void {
  const target = new URL(request.url ?? '/', simulatorOrigin);
  const headers = { ...request.headers, host: target.host };
  const upstream = httpRequest(target, { method: request.method, headers }, (answer) => {
    response.writeHead(answer.statusCode ?? 502, answer.headers);
    answer.pipe(response);
  });
  upstream.on('error', (error) => {
    if (!response.headersSent) sendText(response, 502, `The Klarna simulator did not answer: ${error.message}`);
    else response.destroy();
  });
  request.pipe(upstream);
}

function isSimulatorPath(path: string): boolean {
  return path.startsWith('/kp/') || path.startsWith('/simulator/');
}

/**
 * Starts the development server and resolves once it listens. Rejects with `DevServerError` for Klarna's
 * production environment, a folder that does not exist, or a port that is taken.
 */
export async function startDevServer(options: DevServerOptions = {}): Promise<DevServer> {
  const { port = 3000, host = '127.0.0.1', klarna, logger = console } = options;
  const folder = resolve(options.folder ?? '.');
  const environment = klarna?.environment ?? 'playground';
  const resolveCart = createPagePricedCartResolver(klarna ? environment : 'simulator');
  const folderStat = await stat(folder).catch(() => undefined);
  if (!folderStat?.isDirectory()) {
    throw new DevServerError(`The folder to serve, ${folder}, does not exist or is not a folder: create it, or pass an existing one.`);
  }

  let simulator: KlarnaSimulator | undefined;
  let simulatorOrigin = '';
  let klarnaDescription: string;
  let client;
  if (klarna) {
    client = createKlarnaClient({ username: klarna.username, password: klarna.password, region: klarna.region, environment, logger });
    klarnaDescription = `Klarna's playground (${klarna.region.toUpperCase()}), with your credentials`;
  } else {
    simulator = await startKlarnaSimulator({ port: await freePort('127.0.0.1'), host: '127.0.0.1' });
    simulatorOrigin = simulator.url;
    const account = simulator.credentials.eu.playground;
    client = createKlarnaClient({
      username: account.username,
      password: account.password,
      region: 'eu',
      environment: 'playground',
      baseUrl: simulator.baseUrl('eu', 'playground'),
      logger,
    });
    klarnaDescription = 'the offline Klarna simulator (nothing is charged)';
  }
  // One account serves one region; the simulator answers every region on its own base URL.
  const clientForRegion = new Map<KlarnaRegion, typeof client>();
  const simulatorClient = (region: KlarnaRegion): typeof client => {
    if (!simulator) return client;
    let regional = clientForRegion.get(region);
    if (!regional) {
      const account = simulator.credentials[region].playground;
      regional = createKlarnaClient({
        username: account.username,
        password: account.password,
        region,
        environment: 'playground',
        baseUrl: simulator.baseUrl(region, 'playground'),
        logger,
      });
      clientForRegion.set(region, regional);
    }
    return regional;
  };
  const regionOf = (country: string | undefined): KlarnaRegion => (country === undefined ? 'eu' : (marketForCountry(country)?.region ?? 'eu'));

  let origin = '';
  const checkout = toNodeListener(
    createCheckoutHandler({
      klarna: {
        payments: {
          createSession: (order, requestOptions) => simulatorClient(regionOf(order.purchase_country)).payments.createSession(order, requestOptions),
          updateSession: (sessionId, order, requestOptions) =>
            simulatorClient(regionOf(order.purchase_country)).payments.updateSession(sessionId, order, requestOptions),
          placeOrder: (token, order, requestOptions) => simulatorClient(regionOf(order.purchase_country)).payments.placeOrder(token, order, requestOptions),
        },
      },
      resolveCart,
      // Klarna calls back only on a public https URL; the simulator calls this server directly.
      authorizationCallbackUrl: simulator ? () => `${origin}${DEV_CHECKOUT_PREFIX}authorization` : undefined,
      onOrderPlaced({ orderId, order }) {
        logger.info?.(`Order ${orderId} placed: ${formatMinorUnits(order.order_amount, order.purchase_currency)}.`);
      },
      // The handler's routine lines (repeated order requests, …) would drown the one line per order above.
      logger: { warn: (message) => logger.warn(message), error: (message) => logger.error(message) },
    }),
  );

  const allowedHosts = new Set([...LOOPBACK_HOSTS, host.includes(':') ? `[${host.toLowerCase()}]` : host.toLowerCase()]);

  async function serveFile(response: ServerResponse, file: string, method: string): Promise<boolean> {
    const info = await stat(file).catch(() => undefined);
    if (!info?.isFile()) return false;
    response.writeHead(200, {
      'Content-Type': CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
      'Content-Length': String(info.size),
      'Cache-Control': 'no-cache',
    });
    if (method === 'HEAD') response.end();
    else createReadStream(file).pipe(response);
    return true;
  }

  async function route(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const method = (request.method ?? 'GET').toUpperCase();
    const hostName = hostNameOf(String(request.headers.host ?? ''));
    if (!allowedHosts.has(hostName)) {
      sendText(response, 421, `This development server answers only for ${[...allowedHosts].join(', ')}; the request was for host "${hostName.slice(0, 100)}".`);
      return;
    }
    const path = new URL(request.url ?? '/', 'http://dev.invalid').pathname;
    if (path.startsWith(DEV_CHECKOUT_PREFIX)) {
      checkout(request, response);
      return;
    }
    if (path === DEV_LIBRARY_PATH && !simulator) {
      response.writeHead(302, { Location: KLARNA_LIBRARY_URL, 'Cache-Control': 'no-store' });
      response.end();
      return;
    }
    if (simulator && isSimulatorPath(path)) {
      proxyToSimulator(simulatorOrigin, request, response);
      return;
    }
    if (method !== 'GET' && method !== 'HEAD') {
      sendText(response, 405, `Files are read with GET; received ${method}. The checkout routes are under ${DEV_CHECKOUT_PREFIX}.`);
      return;
    }
    const bundle = BUNDLES[path];
    if (bundle !== undefined) {
      if (!(await serveFile(response, bundle, method))) sendText(response, 500, `The package's browser bundle ${bundle} is missing: reinstall klarna-checkout-button.`);
      return;
    }
    const localeChunk = LOCALE_CHUNK.exec(path);
    if (localeChunk && (await serveFile(response, resolve(LOCALES_DIR, `${localeChunk[1]}.js`), method))) return;
    let relative: string;
    try {
      relative = decodeURIComponent(path);
    } catch {
      sendText(response, 400, 'The path is not valid percent-encoding.');
      return;
    }
    const segments = relative.split('/').filter((segment) => segment !== '');
    if (segments.some((segment) => segment.startsWith('.') || segment === 'node_modules' || segment.includes('\\') || segment.includes('\0'))) {
      sendText(response, 404, `Nothing at ${path}: hidden files and node_modules are not served.`);
      return;
    }
    let file = resolve(folder, ...segments);
    if (file !== folder && !file.startsWith(folder + sep)) {
      sendText(response, 404, `Nothing at ${path}.`);
      return;
    }
    const info = await stat(file).catch(() => undefined);
    if (info?.isDirectory()) file = resolve(file, 'index.html');
    if (!(await serveFile(response, file, method))) {
      if (path === '/favicon.ico') {
        // Browsers ask for it on every page; a folder without one is not an error worth a console line.
        response.writeHead(204, { 'Cache-Control': 'no-cache' });
        response.end();
        return;
      }
      sendText(response, 404, path === '/' ? `No index.html in ${folder}: save your page there as index.html.` : `Nothing at ${path} in ${folder}.`);
    }
  }

  const server = createServer((request, response) => {
    route(request, response).catch((error: unknown) => {
      logger.error(`The development server failed on ${request.method} ${request.url}: ${error instanceof Error ? error.message : String(error)}`);
      if (!response.headersSent) sendText(response, 500, 'The development server failed; see its console.');
      else response.destroy();
    });
  });
  try {
    await new Promise<void>((resolveListen, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolveListen();
      });
    });
  } catch (error) {
    await simulator?.stop();
    const code = (error as { code?: string }).code;
    if (code === 'EADDRINUSE') {
      throw new DevServerError(`Port ${port} is taken: stop what runs there, or pass --port with another number (0 picks a free one).`, { cause: error });
    }
    throw new DevServerError(`The development server could not listen on ${host}:${port}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  const address = server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  const shownHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  origin = `http://${shownHost}:${actualPort}`;

  return {
    url: origin,
    folder,
    simulator,
    klarnaDescription,
    async stop() {
      await new Promise<void>((resolveClose) => {
        server.close(() => resolveClose());
        server.closeAllConnections();
      });
      await simulator?.stop();
    },
  };
}
