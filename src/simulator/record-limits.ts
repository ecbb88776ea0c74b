/**
 * How much the simulator keeps: sessions, authorization tokens, orders, idempotency keys and logged
 * requests are each capped, and the oldest record goes first when a new one would pass the cap, so a
 * long-running simulator does not grow without end.
 */

/** Caps of the simulator's records (each a positive whole number). */
export interface SimulatorLimits {
  /** Payments sessions kept; default 1000. */
  sessions: number;
  /** Authorization tokens kept; default 1000. */
  authorizations: number;
  /** Order Management orders kept; default 1000. */
  orders: number;
  /** Idempotency keys kept (besides their 24 h lifetime); default 1000. */
  idempotencyKeys: number;
  /** Entries of the request log; default 1000. */
  requests: number;
}

/** The caps used when `startKlarnaSimulator({ limits })` leaves one out. */
export const DEFAULT_SIMULATOR_LIMITS: Readonly<SimulatorLimits> = Object.freeze({
  sessions: 1000,
  authorizations: 1000,
  orders: 1000,
  idempotencyKeys: 1000,
  requests: 1000,
});

/** Checks `limits` and fills in the defaults. */
export function resolveSimulatorLimits(limits: Partial<SimulatorLimits> | undefined): SimulatorLimits {
  const resolved: SimulatorLimits = { ...DEFAULT_SIMULATOR_LIMITS };
  for (const [name, value] of Object.entries(limits ?? {})) {
    if (!(name in DEFAULT_SIMULATOR_LIMITS)) {
      throw new RangeError(
        `startKlarnaSimulator() option limits.${name} is not a known limit; use ${Object.keys(DEFAULT_SIMULATOR_LIMITS).join(', ')}.`,
      );
    }
    if (value === undefined) continue;
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
      throw new RangeError(`startKlarnaSimulator() option limits.${name} must be a whole number of at least 1; received ${String(value)}.`);
    }
    resolved[name as keyof SimulatorLimits] = value;
  }
  return resolved;
}

/** Stores `value` under `key` and deletes the oldest entries (insertion order) while the map holds more than `limit`. */
export function setWithLimit<K, V>(map: Map<K, V>, key: K, value: V, limit: number): void {
  map.set(key, value);
  for (const oldest of map.keys()) {
    if (map.size <= limit) break;
    map.delete(oldest);
  }
}
