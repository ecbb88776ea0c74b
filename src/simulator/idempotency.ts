/**
 * `Klarna-Idempotency-Key` for Order Management writes (klarna-spec.md §9): per merchant account and
 * key, the first response (status, headers, body) is kept for 24 hours on the simulator's clock and
 * replayed to every retry; the body of the retry is not compared.
 */
import { LIFETIMES } from './clock.js';
import { setWithLimit } from './record-limits.js';
import type { SimulatorResponse } from './simulator-response.js';

interface StoredResponse {
  response: SimulatorResponse;
  storedAt: number;
}

/** The idempotency store. */
export interface IdempotencyStore {
  /** The stored response of `key` for `merchant`, unless it is older than 24 h. */
  lookup(merchant: string, key: string, now: number): SimulatorResponse | undefined;
  /** Remembers the first response of `key`. */
  remember(merchant: string, key: string, response: SimulatorResponse, now: number): void;
  /** Forgets every key. */
  clear(): void;
}

/** Creates an empty idempotency store that keeps at most `limit` keys (oldest dropped first). */
export function createIdempotencyStore(limit: number): IdempotencyStore {
  const stored = new Map<string, StoredResponse>();
  const id = (merchant: string, key: string): string => `${merchant}\u0000${key}`;
  return {
    lookup(merchant, key, now) {
      const entry = stored.get(id(merchant, key));
      if (!entry) return undefined;
      if (now - entry.storedAt >= LIFETIMES.idempotencyKey) {
        stored.delete(id(merchant, key));
        return undefined;
      }
      return structuredClone(entry.response);
    },
    remember(merchant, key, response, now) {
      if (!stored.has(id(merchant, key))) setWithLimit(stored, id(merchant, key), { response: structuredClone(response), storedAt: now }, limit);
    },
    clear() {
      stored.clear();
    },
  };
}
