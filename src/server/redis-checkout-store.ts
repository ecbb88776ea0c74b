/**
 * `createRedisCheckoutStore()`: the checkout store on Redis, shared by every server instance. It works
 * with a connected client of the `redis` package (node-redis 5 or later) or of `ioredis`, and sends only
 * plain commands (GET, SET … PX [NX], EVAL), so either client and any Redis-compatible server will do.
 *
 * A lost Redis is noticed at once: a client that is not ready is refused without queuing the command,
 * and every call is time-boxed (`timeoutMs`), so the handler answers 503 `store_unavailable` within a
 * few seconds instead of waiting in the client's offline queue.
 */
import { CheckoutStoreUnavailableError, type CheckoutRecord, type CheckoutStore } from './checkout-store.js';

/** The part of a node-redis client (`createClient()` from `redis`) the store uses. */
export interface NodeRedisClientLike {
  isReady: boolean;
  sendCommand(args: string[]): Promise<unknown>;
}

/** The part of an ioredis client (`new Redis()` from `ioredis`) the store uses. */
export interface IoRedisClientLike {
  status: string;
  call(command: string, ...args: string[]): Promise<unknown>;
}

/** Options of {@link createRedisCheckoutStore}. */
export interface RedisCheckoutStoreOptions {
  /**
   * A connected client: node-redis 5+ (`await createClient({ url, disableOfflineQueue: true }).connect()`)
   * or ioredis (`new Redis(url, { enableOfflineQueue: false })`). Attach an `error` listener to it.
   */
  client: NodeRedisClientLike | IoRedisClientLike;
  /** Prefix of every key (default `klarna-checkout:`), to share one Redis database with other data. */
  keyPrefix?: string;
  /** How long one store call may take before the store counts Redis as unavailable (default 2000 ms). */
  timeoutMs?: number;
  /** How long session records live (default 48 h, a Klarna session's lifetime). */
  sessionTtlMs?: number;
  /** How long order records live (default 7 days; never shorter than `sessionTtlMs`). */
  orderTtlMs?: number;
}

const FORTY_EIGHT_HOURS_MS = 48 * 60 * 60 * 1000;
const SEVEN_DAYS_MS = 7 * 24 * 60 * 60 * 1000;

/** Deletes KEYS[1] only while its value is ARGV[1]; 1 when deleted. */
const DELETE_IF_EQUAL_SCRIPT = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end";

function isNodeRedis(client: unknown): client is NodeRedisClientLike {
  return typeof (client as NodeRedisClientLike | undefined)?.sendCommand === 'function' && typeof (client as NodeRedisClientLike).isReady === 'boolean';
}

function isIoRedis(client: unknown): client is IoRedisClientLike {
  return typeof (client as IoRedisClientLike | undefined)?.call === 'function' && typeof (client as IoRedisClientLike).status === 'string';
}

function positiveMs(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 1) {
    throw new RangeError(`createRedisCheckoutStore received ${name} ${String(value)}: pass a positive number of milliseconds.`);
  }
  return Math.round(value);
}

/** A {@link CheckoutStore} on Redis: records expire with Redis TTLs; claims are `SET … NX PX`. */
export function createRedisCheckoutStore(options: RedisCheckoutStoreOptions): CheckoutStore {
  const client = options?.client as unknown;
  let send: (args: string[]) => Promise<unknown>;
  let ready: () => boolean;
  if (isNodeRedis(client)) {
    send = (args) => client.sendCommand(args);
    ready = () => client.isReady;
  } else if (isIoRedis(client)) {
    send = ([command, ...args]) => client.call(command!, ...args);
    ready = () => client.status === 'ready';
  } else {
    throw new TypeError(
      'createRedisCheckoutStore needs options.client: pass a connected client of the redis package (await createClient({ url, disableOfflineQueue: true }).connect()) or of ioredis.',
    );
  }
  const keyPrefix = options.keyPrefix ?? 'klarna-checkout:';
  if (typeof keyPrefix !== 'string') {
    throw new TypeError(`createRedisCheckoutStore received keyPrefix ${typeof keyPrefix}: pass a string such as "shop-a:checkout:".`);
  }
  const timeoutMs = positiveMs('timeoutMs', options.timeoutMs, 2000);
  const sessionTtlMs = positiveMs('sessionTtlMs', options.sessionTtlMs, FORTY_EIGHT_HOURS_MS);
  const orderTtlMs = Math.max(positiveMs('orderTtlMs', options.orderTtlMs, SEVEN_DAYS_MS), sessionTtlMs);

  /** Runs one command, refusing at once when the client is not connected and giving up after `timeoutMs`. */
  async function run(args: string[]): Promise<unknown> {
    if (!ready()) {
      throw new CheckoutStoreUnavailableError(`The Redis checkout store is not connected (${args[0]} refused without queuing); the client reconnects by itself.`);
    }
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new CheckoutStoreUnavailableError(`The Redis checkout store did not answer ${args[0]} within ${timeoutMs} ms.`)),
        timeoutMs,
      );
    });
    try {
      return await Promise.race([send(args), timeout]);
    } catch (error) {
      if (error instanceof CheckoutStoreUnavailableError) throw error;
      throw new CheckoutStoreUnavailableError(`The Redis checkout store failed ${args[0]}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    } finally {
      clearTimeout(timer);
    }
  }

  const ttlOf = (record: CheckoutRecord): number => (record.kind === 'session' || record.kind === 'claim' ? sessionTtlMs : orderTtlMs);

  return {
    async get(key) {
      const text = await run(['GET', keyPrefix + key]);
      if (text === null || text === undefined) return undefined;
      try {
        return JSON.parse(String(text)) as CheckoutRecord;
      } catch {
        // Not ours (another program wrote under the prefix): treated as absent rather than trusted.
        return undefined;
      }
    },
    async set(key, record) {
      await run(['SET', keyPrefix + key, JSON.stringify(record), 'PX', String(ttlOf(record))]);
    },
    async setIfAbsent(key, record, ttlMs) {
      const answer = await run(['SET', keyPrefix + key, JSON.stringify(record), 'PX', String(Math.max(1, Math.round(ttlMs))), 'NX']);
      return answer === 'OK';
    },
    async deleteIfEqual(key, record) {
      const answer = await run(['EVAL', DELETE_IF_EQUAL_SCRIPT, '1', keyPrefix + key, JSON.stringify(record)]);
      return Number(answer) === 1;
    },
  };
}
