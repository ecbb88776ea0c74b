/**
 * The simulator's clock: every lifetime (session 48 h, authorization token 60 min, order authorization
 * 28 days, idempotency key 24 h) is measured on it, so tests can jump ahead instead of waiting.
 */

/** Anything that tells the time in epoch milliseconds (`Date` is one: `{ now: Date.now }`). */
export interface TimeSource {
  now(): number;
}

/** The controllable clock: an optional injected source plus an offset moved by `advance` and `set`. */
export interface SimulatorClock extends TimeSource {
  /** Moves the clock forward by `ms` milliseconds. */
  advance(ms: number): void;
  /** Sets the clock to the epoch time `ms`; later readings keep moving with the source. */
  set(ms: number): void;
}

/** Creates a clock over `source` (default: the system clock). */
export function createSimulatorClock(source: TimeSource = { now: () => Date.now() }): SimulatorClock {
  let offset = 0;
  const check = (ms: number, what: string): void => {
    if (typeof ms !== 'number' || !Number.isFinite(ms)) {
      throw new TypeError(`The simulator clock's ${what} must be a finite number of milliseconds; received ${String(ms)}.`);
    }
  };
  return {
    now: () => source.now() + offset,
    advance(ms: number) {
      check(ms, 'advanceTime(ms) argument');
      if (ms < 0) {
        throw new RangeError(`advanceTime(ms) only moves forward; received ${ms}. Use setTime(ms) to go back.`);
      }
      offset += ms;
    },
    set(ms: number) {
      check(ms, 'setTime(ms) argument');
      offset = ms - source.now();
    },
  };
}

/** Durations of the lifetimes in klarna-spec.md §10. */
export const LIFETIMES = {
  session: 48 * 3600_000,
  authorizationToken: 60 * 60_000,
  orderAuthorization: 28 * 24 * 3600_000,
  maxOrderAuthorization: 180 * 24 * 3600_000,
  idempotencyKey: 24 * 3600_000,
} as const;
