// Redis for the Node tests: the server `npm test` started (REDIS_URL), or one started here for this file
// (a run of `node --test test/node/redis-store.test.js` on its own), plus connected clients of both
// supported libraries. Every test gets its own key prefix, so tests share one server safely.
import { randomUUID } from 'node:crypto';
import { createClient } from 'redis';
import { Redis } from 'ioredis';
import { startRedisServer } from '../../scripts/redis.mjs';

let shared;

/** The URL of a running Redis: REDIS_URL, else one started once per test file (stopped at exit). */
export async function redisUrl() {
  if (process.env.REDIS_URL) return process.env.REDIS_URL;
  if (!shared) {
    shared = startRedisServer();
    const server = await shared;
    process.once('exit', () => server.process.kill('SIGKILL'));
  }
  return (await shared).url;
}

/** Stops the Redis this file started (none when REDIS_URL was given). */
export async function stopOwnRedis() {
  if (shared) await (await shared).stop();
  shared = undefined;
}

/** A connected node-redis client that never queues while disconnected; closed after the test. */
export async function nodeRedisClient(t, url) {
  const client = createClient({ url: url ?? (await redisUrl()), disableOfflineQueue: true, socket: { reconnectStrategy: () => 200 } });
  client.on('error', () => {});
  await client.connect();
  t.after(() => client.destroy());
  return client;
}

/** A connected ioredis client that never queues while disconnected; closed after the test. */
export async function ioRedisClient(t, url) {
  const client = new Redis(url ?? (await redisUrl()), { enableOfflineQueue: false, lazyConnect: true, retryStrategy: () => 200, maxRetriesPerRequest: 0 });
  client.on('error', () => {});
  await client.connect();
  t.after(() => client.disconnect());
  return client;
}

/** A fresh key prefix for one test. */
export function testPrefix() {
  return `test-${randomUUID()}:`;
}
