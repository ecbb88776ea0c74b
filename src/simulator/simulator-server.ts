/**
 * `startKlarnaSimulator()`: an offline Klarna on node:http. REST for every region and environment
 * under `/{region}/{environment}` or at Klarna's own hostnames (`Host: api.playground.klarna.com` …),
 * request bodies checked against Klarna's published schemas (Payments v1, Order Management v1), the widget's hook under
 * `/simulator/v1`, the authorization callback to `merchant_urls.authorization`, and the JavaScript handles
 * tests use: clock, faults, request log, inspection.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { PaymentMethodCategory } from '../protocol/index.js';
import type { KlarnaEnvironment, KlarnaRegion } from '../server/markets.js';
import { handleBrowserLibraryRequest } from './browser-library-routes.js';
import { checkAuthorizationCallbackTimeout, createAuthorizationCallbackSender } from './authorization-callback.js';
import { decideAuthorization, publicSessionInfo, type SimulatorAuthorizeInput, type SimulatorAuthorizeResult } from './authorization-hook.js';
import { createSimulatorClock } from './clock.js';
import { isAuthorized, resolveSimulatorCredentials } from './credentials.js';
import { createFaultRegistry, type SimulatorFault } from './faults.js';
import { createIdempotencyStore } from './idempotency.js';
import { corsHeadersFor, refuseInspectionRequest } from './inspection-guard.js';
import { klarnaHostTarget } from './klarna-hosts.js';
import { compileKlarnaRequestSchemas } from './klarna-schemas.js';
import { ORDER_MANAGEMENT_ROUTES } from './order-management-routes.js';
import { renderOrder } from './order-state.js';
import { DEFAULT_PAYMENT_METHOD_CATEGORIES, normalizePaymentMethodCategories } from './payment-method-categories.js';
import { PAYMENTS_ROUTES } from './payments-routes.js';
import { resolveSimulatorLimits } from './record-limits.js';
import { redactPath, redactSecrets } from './redaction.js';
import { parseJsonBody, readRequestBody } from './request-body.js';
import { createRequestLog, redactHeaders, type LoggedRequest } from './request-log.js';
import type { KlarnaSimulator, StartKlarnaSimulatorOptions } from './simulator-api.js';
import type { RouteDefinition } from './route-context.js';
import { matchPath } from './route-pattern.js';
import { KlarnaSimulatorError } from './simulator-error.js';
import { defaultErrorForStatus, isPlainObject, klarnaError, unauthorizedPage, type SimulatorResponse } from './simulator-response.js';
import {
  refreshOrderExpiry,
  type SimulatorAuthorization,
  type SimulatorOrder,
  type SimulatorSession,
  type SimulatorState,
} from './simulator-state.js';

const REGIONS: readonly string[] = ['eu', 'na', 'oc'];
const ENVIRONMENTS: readonly string[] = ['playground', 'production'];
const ROUTES: readonly RouteDefinition[] = [...PAYMENTS_ROUTES, ...ORDER_MANAGEMENT_ROUTES];
/** `/kp/…` serves static library files and pages, readable from any page like Klarna's CDN. */
const LIBRARY_CORS_HEADERS = { 'Access-Control-Allow-Origin': '*' };

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function originFor(host: string, port: number): string {
  const shown = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host;
  return `http://${shown.includes(':') ? `[${shown}]` : shown}:${port}`;
}

/** Starts an offline Klarna on `host:port` and resolves once it listens. */
export async function startKlarnaSimulator(options: StartKlarnaSimulatorOptions = {}): Promise<KlarnaSimulator> {
  const { port = 0, host = '127.0.0.1' } = options;
  const credentials = resolveSimulatorCredentials(options.credentials);
  const limits = resolveSimulatorLimits(options.limits);
  const clock = createSimulatorClock(options.clock);
  const faults = createFaultRegistry();
  const requests = createRequestLog(limits.requests);
  const idempotency = createIdempotencyStore(limits.idempotencyKeys);
  // Compiled once, here: every request body is then checked without compiling anything.
  const schemas = compileKlarnaRequestSchemas();
  const callbacks = createAuthorizationCallbackSender({
    clock,
    faults,
    timeoutMs: checkAuthorizationCallbackTimeout(options.authorizationCallbackTimeoutMs),
  });
  const state: SimulatorState = {
    sessions: new Map(),
    authorizations: new Map(),
    orders: new Map(),
    clock,
    url: '',
    limits,
    paymentMethodCategories: normalizePaymentMethodCategories(options.paymentMethodCategories ?? DEFAULT_PAYMENT_METHOD_CATEGORIES),
  };
  const sockets = new Set<Socket>();

  function send(response: ServerResponse, result: SimulatorResponse, correlationId: string, extra: Record<string, string> = {}): void {
    const headers: Record<string, string> = { 'Klarna-Correlation-Id': correlationId, ...extra, ...result.headers };
    let payload = '';
    if (result.text !== undefined) {
      payload = result.text;
    } else if (result.body !== undefined) {
      payload = JSON.stringify(result.body);
      headers['Content-Type'] ??= 'application/json';
    }
    if (result.status !== 204 && result.status !== 304) headers['Content-Length'] = String(Buffer.byteLength(payload));
    response.writeHead(result.status, headers);
    response.end(payload);
  }

  /** Adds the correlation id to the body and header, so a replay sends the same one. */
  function stamp(result: SimulatorResponse, correlationId: string): SimulatorResponse {
    const body = isPlainObject(result.body) && 'error_code' in result.body && !('correlation_id' in result.body)
      ? { ...result.body, correlation_id: correlationId }
      : result.body;
    return { ...result, body, headers: { 'Klarna-Correlation-Id': correlationId, ...result.headers } };
  }

  function handleRest(
    method: string,
    apiPath: string,
    region: KlarnaRegion,
    environment: KlarnaEnvironment,
    apiBaseUrl: string,
    request: IncomingMessage,
    bodyText: string,
    correlationId: string,
  ): SimulatorResponse {
    if (!isAuthorized(request.headers.authorization, credentials[region][environment])) return unauthorizedPage();
    let params: Record<string, string> | undefined;
    const route = ROUTES.find((candidate) => candidate.method === method && (params = matchPath(candidate.pattern, apiPath)) !== undefined);
    if (!route || !params) return klarnaError(404, 'NOT_FOUND', `No Klarna API resource at ${method} ${apiPath}.`);
    const parsed = parseJsonBody(bodyText);
    if (!parsed.ok) return klarnaError(400, 'BAD_REQUEST', 'Request body is not valid JSON');
    const merchant = `${region}/${environment}`;
    const keyHeader = request.headers['klarna-idempotency-key'];
    const key = route.idempotent && typeof keyHeader === 'string' && keyHeader !== '' ? keyHeader : undefined;
    if (key !== undefined) {
      const replay = idempotency.lookup(merchant, key, clock.now());
      if (replay) return replay;
    }
    const violations = schemas.check(method, route.pattern, parsed.value);
    const answer =
      violations.length > 0
        ? klarnaError(400, 'BAD_VALUE', ...violations)
        : route.handle({ method, path: apiPath, params, body: parsed.value, region, environment, apiBaseUrl, now: clock.now(), state });
    const result = stamp(answer, correlationId);
    if (key !== undefined) idempotency.remember(merchant, key, result, clock.now());
    return result;
  }

  function handleHook(method: string, path: string, bodyText: string): SimulatorResponse {
    const parsed = parseJsonBody(bodyText);
    if (!parsed.ok) return klarnaError(400, 'BAD_REQUEST', 'Request body is not valid JSON');
    if (method === 'POST' && path === '/simulator/v1/authorizations') {
      return decideAuthorization(state, parsed.value as SimulatorAuthorizeInput, 'authorize', callbacks.onAuthorized);
    }
    if (method === 'POST' && path === '/simulator/v1/finalizations') {
      return decideAuthorization(state, parsed.value as SimulatorAuthorizeInput, 'finalize', callbacks.onAuthorized);
    }
    const session = method === 'GET' ? matchPath('/simulator/v1/sessions/:id', path) : undefined;
    if (session) return publicSessionInfo(state, session.id!);
    const redirect = method === 'GET' ? matchPath('/simulator/v1/redirect/:id', path) : undefined;
    if (redirect) {
      const order = state.orders.get(redirect.id!);
      const urls = order ? state.sessions.get(order.session_id)?.data.merchant_urls : undefined;
      const target = isPlainObject(urls) && typeof urls.confirmation === 'string' ? urls.confirmation : undefined;
      if (!order || !target) return klarnaError(404, 'NOT_FOUND', 'Unknown redirect');
      return {
        status: 302,
        headers: { Location: target.replaceAll('{order.id}', order.order_id).replaceAll('{session.id}', order.session_id) },
      };
    }
    if (method === 'POST' && path === '/simulator/v1/events') return { status: 204 };
    return klarnaError(404, 'NOT_FOUND', `No simulator resource at ${method} ${path}.`);
  }

  /** Where a request goes: a Klarna REST call (by path prefix or by Klarna hostname) or one of the simulator's own paths. */
  function routeOf(request: IncomingMessage, pathname: string) {
    const segments = pathname.split('/').filter(Boolean);
    if (segments.length >= 2 && REGIONS.includes(segments[0]!) && ENVIRONMENTS.includes(segments[1]!)) {
      const region = segments[0] as KlarnaRegion;
      const environment = segments[1] as KlarnaEnvironment;
      return { isRest: true, region, environment, path: `/${segments.slice(2).join('/')}`, apiBaseUrl: `${state.url}/${region}/${environment}` };
    }
    const byHost = klarnaHostTarget(request.headers.host);
    const isSimulatorPath = pathname === '/' || pathname.startsWith('/simulator/') || pathname.startsWith('/kp/');
    if (byHost && !isSimulatorPath) {
      const forwarded = request.headers['x-forwarded-proto'];
      const scheme = forwarded === 'https' || forwarded === 'http' ? forwarded : 'http';
      return { isRest: true, ...byHost, path: pathname, apiBaseUrl: `${scheme}://${request.headers.host}` };
    }
    return { isRest: false, region: undefined, environment: undefined, path: pathname, apiBaseUrl: state.url };
  }

  async function onRequest(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const correlationId = randomUUID();
    const method = (request.method ?? 'GET').toUpperCase();
    const url = new URL(request.url ?? '/', 'http://simulator.invalid');
    const { isRest, region, environment, path, apiBaseUrl } = routeOf(request, url.pathname);
    const isInspection = !isRest && path.startsWith('/simulator/');
    const origin = typeof request.headers.origin === 'string' ? request.headers.origin : undefined;
    const extra: Record<string, string> = isInspection
      ? corsHeadersFor(origin, state.url)
      : !isRest && path.startsWith('/kp/')
        ? LIBRARY_CORS_HEADERS
        : {};

    const entry: LoggedRequest = {
      method,
      path: redactPath(path),
      url: redactPath(`${url.pathname}${url.search}`),
      region,
      environment,
      headers: redactHeaders(request.headers),
      body: undefined,
      status: null,
      at: clock.now(),
      correlationId,
    };
    requests.record(entry);
    const finish = (result: SimulatorResponse): void => {
      entry.status = result.status;
      send(response, stamp(result, correlationId), correlationId, extra);
    };

    const body = await readRequestBody(request);
    if (body.tooLarge) {
      entry.body = '[too large]';
      response.setHeader('Connection', 'close');
      finish(stamp(klarnaError(413, 'REQUEST_TOO_LARGE', 'Request is too large'), correlationId));
      return;
    }
    const parsed = parseJsonBody(body.text);
    entry.body = parsed.ok ? redactSecrets(parsed.value) : '[not JSON]';

    if (isInspection) {
      const refused = refuseInspectionRequest({
        method,
        host: request.headers.host,
        origin,
        fetchSite: typeof request.headers['sec-fetch-site'] === 'string' ? request.headers['sec-fetch-site'] : undefined,
        contentType: request.headers['content-type'],
        remoteAddress: request.socket.remoteAddress,
        simulatorOrigin: state.url,
      });
      if (refused) {
        finish(refused);
        return;
      }
    }
    if (method === 'OPTIONS' && !isRest && (isInspection || path.startsWith('/kp/'))) {
      finish({ status: 204, headers: { 'Access-Control-Max-Age': '600' } });
      return;
    }

    const fault: SimulatorFault | undefined = faults.take(method, path, region, environment);
    if (fault?.latencyMs) await sleep(fault.latencyMs);
    if (fault?.drop) {
      request.socket.destroy();
      return;
    }
    if (fault?.hang) return;
    if (fault?.status !== undefined) {
      const base = fault.body !== undefined ? { status: fault.status, body: fault.body } : defaultErrorForStatus(fault.status);
      const headers = { ...fault.headers, ...(fault.retryAfter !== undefined ? { 'Retry-After': String(fault.retryAfter) } : {}) };
      finish(stamp({ ...base, headers }, correlationId));
      return;
    }

    let result: SimulatorResponse;
    if (isRest) {
      result = handleRest(method, path, region!, environment!, apiBaseUrl, request, body.text, correlationId);
    } else if (path.startsWith('/simulator/v1/')) {
      result = handleHook(method, path, body.text);
    } else if (path === '/' && method === 'GET') {
      result = { status: 200, body: { name: 'klarna-simulator', regions: REGIONS, environments: ENVIRONMENTS, url: state.url } };
    } else {
      // `/kp/lib/v1/api.js` and `/kp/widget/…`: the simulator's browser library (browser-library-routes.ts).
      const served = path.startsWith('/kp/') ? handleBrowserLibraryRequest(method, path, state) : undefined;
      result = served ?? klarnaError(404, 'NOT_FOUND', `No simulator resource at ${method} ${path}.`);
    }
    if (fault?.commitThenDrop) {
      request.socket.destroy();
      return;
    }
    if (result.headers?.['Klarna-Correlation-Id'] !== undefined && result.headers['Klarna-Correlation-Id'] !== correlationId) {
      entry.correlationId = result.headers['Klarna-Correlation-Id'];
    }
    finish(result);
  }

  // Requests being answered per connection, and connections to close once they are: a client that writes
  // bytes after a GET without Content-Length (some Order Management clients send `{}`) makes Node read them
  // as a malformed next request; the GET is still answered, then the connection closes.
  const inFlight = new Map<Socket, number>();
  const closeWhenIdle = new Set<Socket>();
  const server = createServer((request, response) => {
    const socket = request.socket;
    inFlight.set(socket, (inFlight.get(socket) ?? 0) + 1);
    response.once('close', () => {
      const left = (inFlight.get(socket) ?? 1) - 1;
      if (left > 0) {
        inFlight.set(socket, left);
        return;
      }
      inFlight.delete(socket);
      if (closeWhenIdle.delete(socket)) socket.end();
    });
    onRequest(request, response).catch((error: unknown) => {
      if (!response.headersSent) {
        const correlationId = randomUUID();
        send(response, stamp(klarnaError(500, 'INTERNAL_SERVER_ERROR', 'Internal error'), correlationId), correlationId);
      }
      // Surface simulator bugs to whoever runs it; never includes credentials.
      console.error('klarna-simulator: a request failed inside the simulator.', error);
    });
  });
  server.on('clientError', (_error: Error, socket: Socket) => {
    if ((inFlight.get(socket) ?? 0) > 0) {
      closeWhenIdle.add(socket);
      return;
    }
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    else socket.destroy();
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => {
      sockets.delete(socket);
      inFlight.delete(socket);
      closeWhenIdle.delete(socket);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  state.url = (options.publicUrl ?? originFor(host, actualPort)).replace(/\/+$/, '');

  const orderFor = (orderId: string): SimulatorOrder => {
    const order = state.orders.get(orderId);
    if (!order) throw new KlarnaSimulatorError(`No order ${JSON.stringify(orderId)} exists in the simulator: pass an order_id returned by create-order.`, 404, 'NO_SUCH_ORDER');
    return order;
  };
  const runHook = async (input: SimulatorAuthorizeInput, mode: 'authorize' | 'finalize'): Promise<SimulatorAuthorizeResult> => {
    const result = decideAuthorization(state, input, mode, callbacks.onAuthorized);
    if (result.status !== 200) {
      const body = result.body as { error_code: string; error_messages: string[] };
      throw new KlarnaSimulatorError(`simulator.${mode}() was refused: ${body.error_messages.join(' ')}`, result.status, body.error_code);
    }
    return result.body as SimulatorAuthorizeResult;
  };

  return {
    get url() {
      return state.url;
    },
    credentials,
    baseUrl(region, environment) {
      if (!REGIONS.includes(region) || !ENVIRONMENTS.includes(environment)) {
        throw new RangeError(
          `Unknown Klarna region/environment "${String(region)}"/"${String(environment)}": use region eu, na or oc and environment playground or production.`,
        );
      }
      return `${state.url}/${region}/${environment}`;
    },
    now: () => clock.now(),
    advanceTime: (ms) => clock.advance(ms),
    setTime: (ms) => clock.set(ms),
    faults,
    requests,
    sessions: state.sessions,
    authorizations: state.authorizations,
    orders: state.orders,
    get paymentMethodCategories() {
      return state.paymentMethodCategories;
    },
    set paymentMethodCategories(list: PaymentMethodCategory[]) {
      state.paymentMethodCategories = normalizePaymentMethodCategories(list);
    },
    inspect() {
      const now = clock.now();
      return {
        sessions: [...state.sessions.values()].map((session) => redactSecrets(session) as SimulatorSession),
        authorizations: [...state.authorizations.values()].map((authorization) => redactSecrets(authorization) as SimulatorAuthorization),
        orders: [...state.orders.values()].map((order) => renderOrder(refreshOrderExpiry(order, now))),
      };
    },
    reset() {
      state.sessions.clear();
      state.authorizations.clear();
      state.orders.clear();
      idempotency.clear();
      faults.clear();
      requests.clear();
      callbacks.clear();
    },
    authorizationCallbacks: () => callbacks.list(),
    waitForAuthorizationCallback: (sessionId, waitOptions) => callbacks.waitFor(sessionId, waitOptions?.timeoutMs),
    releaseAuthorizationCallbacks: (sessionId) => callbacks.release(sessionId),
    authorize: (input) => runHook(input, 'authorize'),
    finalize: (input) => runHook(input, 'finalize'),
    closeOrder(orderId) {
      const order = orderFor(orderId);
      order.status = 'CLOSED';
      order.remaining_authorized_amount = 0;
    },
    expireOrder(orderId) {
      const order = orderFor(orderId);
      order.expires_at = Math.min(order.expires_at, clock.now());
      if (order.status === 'AUTHORIZED' || order.status === 'PART_CAPTURED') refreshOrderExpiry(order, clock.now());
    },
    setFraudStatus(orderId, fraudStatus) {
      orderFor(orderId).fraud_status = fraudStatus;
    },
    completeSession(sessionId) {
      const session = state.sessions.get(sessionId);
      if (!session) throw new KlarnaSimulatorError(`No session ${JSON.stringify(sessionId)} exists in the simulator: pass a session_id returned by create session.`, 404, 'NOT_FOUND');
      session.status = 'complete';
    },
    stop() {
      callbacks.close();
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
        server.closeAllConnections?.();
      });
    },
  };
}
