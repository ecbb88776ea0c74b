/**
 * Where the checkout handler remembers what it must not forget between requests, and what several
 * server instances share: which sessions it created (session id → client token, so an update can answer
 * without a second Klarna call), which authorization tokens already produced an order (so a repeated
 * request returns that order instead of asking Klarna again), which create-order calls were sent but
 * not settled, and short-lived claims (one instance places an order or updates a session at a time).
 * Keys never hold a raw authorization token: the handler hashes tokens first. With
 * `authorizationCallbackUrl`, a session record also holds the priced order and the SHA-256 hashes of
 * the callback secrets (never the secrets themselves).
 */
import { KlarnaError } from '../errors/index.js';
import type { OrderResponse, PaymentMethodCategory, ProtocolErrorCode } from '../protocol/index.js';
import type { KlarnaOrder } from './order-types.js';

/** What the handler keeps for a session it created. */
export interface StoredSession {
  kind: 'session';
  client_token: string;
  payment_method_categories: PaymentMethodCategory[];
  /** The `revision` of the session request applied last, when the page sends one: older updates are skipped. */
  revision?: number;
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
  /** The session the order was placed for (records written before version 0.2 may lack it). */
  session_id?: string;
}

/**
 * A create-order call that was sent and whose outcome is not settled yet (its answer was lost, or the
 * instance that sent it stopped). Kept as long as orders, so a later request retries with the same token
 * instead of assuming nothing happened.
 */
export interface StoredOrderAttempt {
  kind: 'attempt';
  session_id: string;
  /** The `merchant_reference1` the order carries, to find it in Klarna's Merchant Portal and settlement reports. */
  merchant_reference: string;
  /** When the first create-order call was sent (ms since the epoch). */
  sent_at: number;
  /**
   * The exact order body that was sent, so settling resends the same amounts (records written before version 0.2
   * may lack it; then the order is priced again).
   */
  order?: KlarnaOrder;
}

/**
 * Klarna refused the browser's create-order for a token for good (`reauthorize`: expired, rejected, amounts that no
 * longer match). Kept as long as orders, so a later request or Klarna's authorization callback for the same token
 * gets the same answer instead of placing the session's stored order after the shopper authorized again.
 */
export interface StoredRefusal {
  kind: 'refused';
  session_id: string;
  /** The protocol answer the first request got. */
  failure: { status: number; code: ProtocolErrorCode | 'forbidden'; message: string; reauthorize: true };
}

/** A short-lived claim: the instance that holds it places the order of a token, or updates a session. */
export interface StoredClaim {
  kind: 'claim';
  /** A random id of the request that holds the claim. */
  owner: string;
}

/** One value in a {@link CheckoutStore}. */
export type CheckoutRecord = StoredSession | StoredOrder | StoredOrderAttempt | StoredRefusal | StoredClaim;

/**
 * A key-value store for the handler's records (in memory by default; `createRedisCheckoutStore` shares
 * it between server instances). Every method may return a promise. Records live as long as their kind
 * needs: sessions 48 hours, orders and order attempts at least as long, claims the `ttlMs` given.
 */
export interface CheckoutStore {
  /** The record under `key`, or undefined when there is none (or it expired). */
  get(key: string): CheckoutRecord | undefined | Promise<CheckoutRecord | undefined>;
  /** Keeps `record` under `key`, replacing any previous one. */
  set(key: string, record: CheckoutRecord): void | Promise<void>;
  /**
   * Atomically keeps `record` under `key` for `ttlMs` milliseconds only when no live record is there;
   * true when it was kept. Across instances exactly one concurrent caller gets true.
   */
  setIfAbsent(key: string, record: CheckoutRecord, ttlMs: number): boolean | Promise<boolean>;
  /** Atomically removes the record under `key` only while it still equals `record` (same JSON); true when removed. */
  deleteIfEqual(key: string, record: CheckoutRecord): boolean | Promise<boolean>;
}

/** The methods `createCheckoutHandler` requires of a store. */
export const CHECKOUT_STORE_METHODS = ['get', 'set', 'setIfAbsent', 'deleteIfEqual'] as const;

/**
 * Thrown by a store that cannot answer (Redis unreachable, a call that took too long). The handler
 * answers 503 `store_unavailable` and calls no Klarna API that would create something it could not record.
 */
export class CheckoutStoreUnavailableError extends KlarnaError {
  override name: 'CheckoutStoreUnavailableError' = 'CheckoutStoreUnavailableError';
}

/** Options of {@link createMemoryCheckoutStore}. */
export interface MemoryCheckoutStoreOptions {
  /** How long a session record lives, in milliseconds (default 48 h: a Klarna session's lifetime). */
  ttlMs?: number;
  /** How long order records live, in milliseconds (default 7 days; never shorter than `ttlMs`). */
  orderTtlMs?: number;
  /** The most session records kept; the oldest go first (default 10 000). Orders are counted apart. */
  maxEntries?: number;
  /** The most order records kept (default 100 000). Only real orders create them, so session traffic never evicts one. */
  maxOrders?: number;
  /** Clock in milliseconds (default `Date.now`), injectable for tests. */
  now?: () => number;
}

const FORTY_EIGHT_HOURS_MS = 48 * 60 * 60 * 1000;
const SEVEN_DAYS_MS = 7 * 24 * 60 * 60 * 1000;

/** One bounded, first-in-first-out map of records with their expiry times. */
class ExpiringRecords {
  private readonly entries = new Map<string, { record: CheckoutRecord; expiresAt: number }>();
  constructor(
    private readonly maxEntries: number,
    private readonly now: () => number,
  ) {}

  get(key: string): CheckoutRecord | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.record;
  }

  set(key: string, record: CheckoutRecord, ttlMs: number): void {
    this.entries.delete(key);
    this.entries.set(key, { record, expiresAt: this.now() + ttlMs });
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }
}

/**
 * An in-process {@link CheckoutStore} with time-to-live and separate size limits: sessions (and the
 * short-lived claims) are bounded by `maxEntries`, orders by `maxOrders`, so anonymous session traffic
 * can never evict a placed order. The handler's default; one process only.
 */
export function createMemoryCheckoutStore(options: MemoryCheckoutStoreOptions = {}): CheckoutStore {
  const ttlMs = options.ttlMs ?? FORTY_EIGHT_HOURS_MS;
  const maxEntries = options.maxEntries ?? 10_000;
  const maxOrders = options.maxOrders ?? 100_000;
  const now = options.now ?? Date.now;
  if (!(ttlMs > 0)) {
    throw new RangeError(`createMemoryCheckoutStore received ttlMs ${String(ttlMs)}: pass a positive number of milliseconds.`);
  }
  const orderTtlMs = Math.max(options.orderTtlMs ?? SEVEN_DAYS_MS, ttlMs);
  if (!(orderTtlMs > 0)) {
    throw new RangeError(`createMemoryCheckoutStore received orderTtlMs ${String(options.orderTtlMs)}: pass a positive number of milliseconds.`);
  }
  for (const [name, value] of [
    ['maxEntries', maxEntries],
    ['maxOrders', maxOrders],
  ] as const) {
    if (!Number.isInteger(value) || value < 1) {
      throw new RangeError(`createMemoryCheckoutStore received ${name} ${String(value)}: pass a positive integer.`);
    }
  }
  const sessions = new ExpiringRecords(maxEntries, now);
  const claims = new ExpiringRecords(maxEntries, now);
  const orders = new ExpiringRecords(maxOrders, now);
  const recordsOf = (record: CheckoutRecord): ExpiringRecords =>
    record.kind === 'session' ? sessions : record.kind === 'claim' ? claims : orders;
  const find = (key: string): { records: ExpiringRecords; record: CheckoutRecord } | undefined => {
    for (const records of [orders, sessions, claims]) {
      const record = records.get(key);
      if (record !== undefined) return { records, record };
    }
    return undefined;
  };
  return {
    get(key) {
      return find(key)?.record;
    },
    set(key, record) {
      const found = find(key);
      if (found && found.records !== recordsOf(record)) found.records.delete(key);
      recordsOf(record).set(key, record, record.kind === 'session' ? ttlMs : record.kind === 'claim' ? ttlMs : orderTtlMs);
    },
    setIfAbsent(key, record, claimTtlMs) {
      if (find(key) !== undefined) return false;
      recordsOf(record).set(key, record, claimTtlMs);
      return true;
    },
    deleteIfEqual(key, record) {
      const found = find(key);
      if (!found || JSON.stringify(found.record) !== JSON.stringify(record)) return false;
      found.records.delete(key);
      return true;
    },
  };
}
