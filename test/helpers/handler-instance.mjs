// One checkout server instance as its own process, for the multi-instance tests and the server benchmark:
// createCheckoutHandler over the Redis store, talking to a Klarna simulator, on 127.0.0.1:PORT.
// Environment: PORT, REDIS_URL, KEY_PREFIX, KLARNA_BASE_URL, KLARNA_USERNAME, KLARNA_PASSWORD,
// CALLBACK_URL (optional), ORDER_CLAIM_TTL_MS, ORDER_WAIT_MS (optional), INSTANCE (a name for the events).
// Prints one JSON line per event on stdout: listening, order-placed, order-outcome-unknown.
import { createServer } from 'node:http';
import { createClient } from 'redis';
import { createCheckoutHandler, createKlarnaClient, createRedisCheckoutStore, toNodeListener } from '../../dist/server/index.js';
import { resolveCart } from './checkout-handler-setup.js';

const env = process.env;
const emit = (event) => process.stdout.write(`${JSON.stringify({ instance: env.INSTANCE, ...event })}\n`);

const redis = createClient({ url: env.REDIS_URL, disableOfflineQueue: true });
redis.on('error', () => {});
await redis.connect();

const optional = (name) => (env[name] ? Number(env[name]) : undefined);
const handler = createCheckoutHandler({
  klarna: createKlarnaClient({ username: env.KLARNA_USERNAME, password: env.KLARNA_PASSWORD, region: 'eu', environment: 'playground', baseUrl: env.KLARNA_BASE_URL }),
  resolveCart,
  store: createRedisCheckoutStore({ client: redis, keyPrefix: env.KEY_PREFIX }),
  authorizationCallbackUrl: env.CALLBACK_URL || undefined,
  orderClaimTtlMs: optional('ORDER_CLAIM_TTL_MS'),
  orderWaitMs: optional('ORDER_WAIT_MS'),
  logger: { info() {}, warn() {}, error: (message) => process.stderr.write(`${message}\n`) },
  onOrderPlaced: (event) => emit({ event: 'order-placed', orderId: event.orderId, sessionId: event.sessionId, placedBy: event.placedBy }),
  onOrderOutcomeUnknown: (event) => emit({ event: 'order-outcome-unknown', sessionId: event.sessionId, merchantReference: event.merchantReference }),
});

const listener = toNodeListener(handler);
// GET /__memory: this process's memory, for the benchmark (not part of the handler).
const server = createServer((request, response) => {
  if (request.url === '/__memory') {
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(process.memoryUsage()));
    return;
  }
  listener(request, response);
});
server.keepAliveTimeout = 30_000;
server.listen(Number(env.PORT ?? 0), '127.0.0.1', () => emit({ event: 'listening', port: server.address().port }));
process.on('SIGTERM', () => {
  server.closeAllConnections();
  server.close(() => redis.destroy());
  setTimeout(() => process.exit(0), 500).unref();
});
