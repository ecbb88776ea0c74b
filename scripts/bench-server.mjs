// `npm run bench:server`: a benchmark, not a test. Three checkout handler processes behind a local
// round-robin proxy share one Redis and one Klarna simulator (all on loopback). It sends 2,000 session
// creations at concurrency 50, then 200 orders each posted 5 times at once across the instances while the
// simulator sends its authorization callbacks (through the proxy too), and prints throughput, p50/p99
// latency, errors, Klarna create-order calls per token (must be 1) and memory per process.
// Options: --sessions N, --orders N, --concurrency N.
import { createServer, request as httpRequest } from 'node:http';
import { parseArgs } from 'node:util';
import { startKlarnaSimulator } from '../dist/simulator/index.js';
import { startRedisServer, freePort } from './redis.mjs';
import { postJson, startHandlerFleet } from '../test/helpers/handler-fleet.js';

const { values } = parseArgs({
  options: {
    sessions: { type: 'string', default: '2000' },
    orders: { type: 'string', default: '200' },
    concurrency: { type: 'string', default: '50' },
  },
});
const SESSIONS = Number(values.sessions);
const ORDERS = Number(values.orders);
const CONCURRENCY = Number(values.concurrency);
const POSTS_PER_ORDER = 5;
const cart = { items: [{ id: 'sku-shirt', quantity: 2 }, { id: 'sku-mug', quantity: 1 }] };

/** Runs `task(i)` for i < count with at most `limit` in flight. */
async function pool(count, limit, task) {
  let index = 0;
  const workers = Array.from({ length: Math.min(limit, count) }, async () => {
    while (index < count) await task(index++);
  });
  await Promise.all(workers);
}

function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function summary(label, latencies, errors, elapsedMs) {
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    phase: label,
    requests: latencies.length,
    'req/s': Math.round((latencies.length / elapsedMs) * 1000),
    'p50 ms': Number(percentile(sorted, 50).toFixed(1)),
    'p99 ms': Number(percentile(sorted, 99).toFixed(1)),
    errors,
  };
}

async function timed(call) {
  const started = performance.now();
  const result = await call();
  return { result, ms: performance.now() - started };
}

const redis = await startRedisServer();
// Room for every session, order and logged request of the run (the simulator's defaults keep the newest 1,000).
const simulator = await startKlarnaSimulator({ limits: { sessions: 10_000, authorizations: 10_000, orders: 10_000, requests: 50_000 } });
const proxyPort = await freePort();
const fleet = await startHandlerFleet({ simulator, redisUrl: redis.url, callbackUrl: `http://127.0.0.1:${proxyPort}/checkout/authorization` });
// A round-robin proxy, like a load balancer, on the port the callback URL names.
const proxy = await (async () => {
  let next = 0;
  const server = createServer((incoming, outgoing) => {
    const port = fleet.ports[next++ % fleet.ports.length];
    const forwarded = httpRequest({ host: '127.0.0.1', port, method: incoming.method, path: incoming.url, headers: incoming.headers }, (answer) => {
      outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(outgoing);
    });
    forwarded.on('error', () => {
      if (!outgoing.headersSent) outgoing.writeHead(502);
      outgoing.end();
    });
    incoming.pipe(forwarded);
  });
  await new Promise((resolve) => server.listen(proxyPort, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${proxyPort}`, close: () => new Promise((resolve) => server.close(resolve)) };
})();
const base = `${proxy.url}/checkout`;
console.log(`3 handler instances (ports ${fleet.ports.join(', ')}) behind ${proxy.url}, Redis ${redis.url}, simulator ${simulator.url}`);

try {
  // Phase 1: session creations.
  const sessionLatencies = [];
  let sessionErrors = 0;
  let started = performance.now();
  await pool(SESSIONS, CONCURRENCY, async () => {
    const { result, ms } = await timed(() => postJson(`${base}/session`, { cart }));
    sessionLatencies.push(ms);
    if (result.status !== 200) sessionErrors++;
  });
  const sessionPhase = summary(`${SESSIONS} session creations, concurrency ${CONCURRENCY}`, sessionLatencies, sessionErrors, performance.now() - started);

  // Phase 2: orders. Each: a session, the shopper's approval (the simulator then sends its callback
  // through the proxy), and the order posted 5 times at once (round-robin over the instances).
  simulator.requests.clear();
  const orderLatencies = [];
  let orderErrors = 0;
  let mismatchedAnswers = 0;
  const sessionIds = [];
  started = performance.now();
  await pool(ORDERS, Math.max(1, Math.floor(CONCURRENCY / POSTS_PER_ORDER)), async () => {
    const session = await postJson(`${base}/session`, { cart });
    if (session.status !== 200) {
      orderErrors += POSTS_PER_ORDER;
      return;
    }
    const sessionId = session.body.session_id;
    sessionIds.push(sessionId);
    const { authorization_token: token } = await simulator.authorize({ session_id: sessionId });
    const answers = await Promise.all(
      Array.from({ length: POSTS_PER_ORDER }, () => timed(() => postJson(`${base}/order`, { authorization_token: token, session_id: sessionId, cart }))),
    );
    for (const { result, ms } of answers) {
      orderLatencies.push(ms);
      if (result.status !== 200) orderErrors++;
    }
    if (new Set(answers.map(({ result }) => result.body?.order_id)).size !== 1) mismatchedAnswers++;
  });
  const orderPhase = summary(`${ORDERS} orders × ${POSTS_PER_ORDER} posts at once`, orderLatencies, orderErrors, performance.now() - started);

  const callbacks = [];
  for (const sessionId of sessionIds) callbacks.push(await simulator.waitForAuthorizationCallback(sessionId, { timeoutMs: 15_000 }).catch(() => ({ outcome: 'missing' })));
  // The simulator's log redacts the token in the create-order path, so the calls are counted in total and the
  // orders per session (the handler sets merchant_reference1 to the session id): 200 calls and one order for
  // each of the 200 sessions means exactly one create-order call per token.
  const createOrderCalls = simulator.requests.filter(
    (request) => request.method === 'POST' && /\/payments\/v1\/authorizations\/[^/]+\/order$/.test(request.path),
  ).length;
  const ordersPerSession = new Map(sessionIds.map((sessionId) => [sessionId, 0]));
  for (const order of simulator.inspect().orders) {
    const sessionId = order.merchant_reference1;
    if (ordersPerSession.has(sessionId)) ordersPerSession.set(sessionId, ordersPerSession.get(sessionId) + 1);
  }
  const counts = [...ordersPerSession.values()];
  const memory = await Promise.all(fleet.ports.map(async (port) => (await fetch(`http://127.0.0.1:${port}/__memory`)).json()));
  const placedEvents = fleet.events.filter((event) => event.event === 'order-placed');

  console.log('');
  console.table([sessionPhase, orderPhase]);
  console.log(`Tokens: ${sessionIds.length}; Klarna create-order calls: ${createOrderCalls}; Klarna orders per token: min ${Math.min(...counts)}, max ${Math.max(...counts)}`);
  console.log(`onOrderPlaced events: ${placedEvents.length} (by the browser: ${placedEvents.filter((e) => e.placedBy === 'browser').length}, by the callback: ${placedEvents.filter((e) => e.placedBy === 'authorization-callback').length}); orders whose 5 answers disagreed: ${mismatchedAnswers}`);
  const outcomes = {};
  for (const callback of callbacks) outcomes[callback.outcome] = (outcomes[callback.outcome] ?? 0) + 1;
  console.log(`Authorization callbacks: ${JSON.stringify(outcomes)}`);
  console.table(memory.map((usage, index) => ({ instance: index, 'rss MB': Math.round(usage.rss / 1e6), 'heap used MB': Math.round(usage.heapUsed / 1e6) })));
  const ok = createOrderCalls === sessionIds.length && counts.every((count) => count === 1) && placedEvents.length === sessionIds.length && mismatchedAnswers === 0;
  console.log(ok ? 'Once-only: every token produced exactly one create-order call and one onOrderPlaced.' : 'ONCE-ONLY VIOLATED: see the figures above.');
  process.exitCode = ok ? 0 : 1;
} finally {
  await fleet.stop();
  await proxy.close();
  await simulator.stop();
  await redis.stop();
}
