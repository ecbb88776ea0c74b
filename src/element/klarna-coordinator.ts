/**
 * One page, one Klarna: the bookkeeping every `<klarna-checkout-button>` shares about the single
 * `window.Klarna.Payments` global. It lives ON that object (under a `Symbol.for` key), not in a module of this
 * package, so two copies of the package on one page (the npm build and the CDN bundle, or two versions) share it:
 * which client token was last `init`ed, which widgets are loaded since, the instance numbering and one turn
 * that orders `init` + `load`, `authorize` and `finalize` across elements (decision 0002).
 *
 * The record is versioned. A later version of the package may add fields but keeps these, with these meanings.
 */
import type { KlarnaPayments } from '../loader/klarna-types.js';

/** The key of the shared record on `Klarna.Payments`. */
export const KLARNA_COORDINATOR_KEY: unique symbol = Symbol.for('klarna-checkout-button.coordinator') as never;

/** The shared record (version 1). */
export interface KlarnaCoordinator {
  /** The record's layout version. */
  readonly version: number;
  /** The client token `Klarna.Payments` was last `init`ed with by any copy; `undefined` when unknown. */
  token: string | undefined;
  /** Widgets loaded since that `init`: instance id → the category it shows (`''` for none). */
  loaded: Record<string, string>;
  /** How many instance ids were handed out (`kcb-1`, `kcb-2`, …). */
  instances: number;
  /** Whether an element holds the turn (a Klarna call is running for it). */
  busy: boolean;
  /** Elements waiting for the turn, oldest first; each is called when the turn passes to it. */
  waiting: Array<() => void>;
}

/** Gives the turn back; calling it again does nothing. */
export type ReleaseTurn = () => void;

type CoordinatedPayments = KlarnaPayments & { [KLARNA_COORDINATOR_KEY]?: KlarnaCoordinator };

/** Records of `Klarna.Payments` objects that cannot be extended (frozen): shared within this copy only. */
const unsharedRecords = new WeakMap<KlarnaPayments, KlarnaCoordinator>();

/** The record shared by every copy of the package through `payments`, created on first use. */
export function coordinatorOf(payments: KlarnaPayments): KlarnaCoordinator {
  const holder = payments as CoordinatedPayments;
  let record = holder[KLARNA_COORDINATOR_KEY] ?? unsharedRecords.get(payments);
  if (!record) {
    record = { version: 1, token: undefined, loaded: {}, instances: 0, busy: false, waiting: [] };
    if (Object.isExtensible(holder)) {
      // Not enumerable: a library (or a test) that lists the global's methods does not see it.
      Object.defineProperty(holder, KLARNA_COORDINATOR_KEY, { value: record, configurable: true });
    } else {
      // A frozen global cannot carry the record: this copy of the package keeps it alone.
      unsharedRecords.set(payments, record);
    }
  }
  return record;
}

/** Hands out the next instance id of the page (`kcb-1`, `kcb-2`, …). */
export function nextInstanceId(record: KlarnaCoordinator): string {
  record.instances += 1;
  return `kcb-${record.instances}`;
}

/** Takes the turn at once when nobody holds it (so a click's `authorize` stays in the click task), else `undefined`. */
export function tryTakeTurn(record: KlarnaCoordinator): ReleaseTurn | undefined {
  if (record.busy) return undefined;
  record.busy = true;
  return releaser(record);
}

/** Waits for the turn; an abort of `signal` leaves the queue and rejects with its reason. */
export function takeTurn(record: KlarnaCoordinator, signal: AbortSignal): Promise<ReleaseTurn> {
  const now = tryTakeTurn(record);
  if (now) return Promise.resolve(now);
  return new Promise<ReleaseTurn>((resolve, reject) => {
    const onTurn = () => {
      signal.removeEventListener('abort', onAbort);
      resolve(releaser(record));
    };
    const onAbort = () => {
      record.waiting = record.waiting.filter((waiter) => waiter !== onTurn);
      reject(signal.reason);
    };
    signal.throwIfAborted();
    signal.addEventListener('abort', onAbort, { once: true });
    record.waiting.push(onTurn);
  });
}

/** A once-only release: the turn passes to the oldest waiter, or the page is free again. */
function releaser(record: KlarnaCoordinator): ReleaseTurn {
  let released = false;
  return () => {
    if (released) return;
    released = true;
    const next = record.waiting.shift();
    if (next) {
      next();
    } else {
      record.busy = false;
    }
  };
}
