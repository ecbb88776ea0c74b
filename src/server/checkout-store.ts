/**
 * Where the checkout handler remembers what it must not forget between requests: which sessions it
 * created (session id → client token, so an update can answer without a second Klarna call) and which
 * authorization tokens already produced an order (so a repeated request returns that order instead of
 * asking Klarna again). Keys never hold a raw authorization token: the handler hashes tokens first.
 * With `authorizationCallbackUrl`, a session record also holds the priced order and the SHA-256 hashes
 * of the callback secrets (never the secrets themselves).
 */
import type { OrderResponse, PaymentMethodCategory } from '../protocol/index.js';
import type { KlarnaOrder } from './order-types.js';

/** What the handler keeps for a session it created. */
export interface StoredSession {
  kind: 'session';
  client_token: string;
  payment_method_categories: PaymentMethodCategory[];
  /**
   * The priced order of the session's latest version, without the callback URL (only with
   * `authorizationCallbackUrl`): what the authorization callback places.
   */
  order?: KlarnaOrder;
  /**
   * SHA-256 hex hashes of the authorization-callback secrets issued for this session, newest first (only
   * with `authorizationCallbackUrl`; every session update issues a new secret and keeps a few older ones).
   */
  authorization_secret_hashes?: string[];
}

/** What the handler keeps for an authorization token that produced an order. */
export interface StoredOrder {
  kind: 'order';
  /** The exact body the browser received the first time. */
  response: OrderResponse;
}

/** One value in a {@link CheckoutStore}. */
export type CheckoutRecord = StoredSession | StoredOrder;

/**
 * A key-value store for the handler's records (in memory by default; plug Redis or a database in to
 * share it between server instances). Both methods may return a promise.
 */
export interface CheckoutStore {
  /** The record under `key`, or undefined when there is none (or it expired). */
  get(key: string): CheckoutRecord | undefined | Promise<CheckoutRecord | undefined>;
  /** Keeps `record` under `key`, replacing any previous one. */
  set(key: string, record: CheckoutRecord): void | Promise<void>;
}

/** Options of {@link createMemoryCheckoutStore}. */
export interface MemoryCheckoutStoreOptions {
  /** How long a record lives, in milliseconds (default 48 h: a Klarna session's lifetime). */
  ttlMs?: number;
  /** The most records kept; the oldest go first (default 10 000). */
  maxEntries?: number;
  /** Clock in milliseconds (default `Date.now`), injectable for tests. */
  now?: () => number;
}

const FORTY_EIGHT_HOURS_MS = 48 * 60 * 60 * 1000;

/** An in-process {@link CheckoutStore} with a time-to-live and a size limit (the handler's default). */
export function createMemoryCheckoutStore(options: MemoryCheckoutStoreOptions = {}): CheckoutStore {
  const ttlMs = options.ttlMs ?? FORTY_EIGHT_HOURS_MS;
  const maxEntries = options.maxEntries ?? 10_000;
  const now = options.now ?? Date.now;
  if (!(ttlMs > 0)) {
    throw new RangeError(`createMemoryCheckoutStore received ttlMs ${String(ttlMs)}: pass a positive number of milliseconds.`);
  }
  if (!Number.isInteger(maxEntries) || maxEntries < 1) {
    throw new RangeError(`createMemoryCheckoutStore received maxEntries ${String(maxEntries)}: pass a positive integer.`);
  }
  const entries = new Map<string, { record: CheckoutRecord; expiresAt: number }>();
  return {
    get(key) {
      const entry = entries.get(key);
      if (!entry) return undefined;
      if (entry.expiresAt <= now()) {
        entries.delete(key);
        return undefined;
      }
      return entry.record;
    },
    set(key, record) {
      entries.delete(key);
      entries.set(key, { record, expiresAt: now() + ttlMs });
      while (entries.size > maxEntries) {
        const oldest = entries.keys().next().value as string;
        entries.delete(oldest);
      }
    },
  };
}
