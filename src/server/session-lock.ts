/**
 * Session updates in order: one update of a session at a time, in this process (a queue per session) and
 * across instances (a claim in the shared store that expires if its holder dies). So the priced order the
 * store keeps for a session is always the one Klarna accepted last, never an older update that landed late.
 */
import { ProtocolErrorCode } from '../protocol/index.js';
import type { CheckoutStore, StoredClaim } from './checkout-store.js';
import type { CheckoutLog } from './checkout-handler-types.js';
import { STORE_UNAVAILABLE_FAILURE } from './protocol-errors.js';
import { ProtocolFailureSignal, errorText } from './request-input.js';

/** Runs `update` as the only update of `sessionId` in flight, across every instance sharing the store. */
export type SessionLock = <T>(sessionId: string, update: () => Promise<T>) => Promise<T>;

const POLL_MS = 25;

export interface SessionLockOptions {
  store: CheckoutStore;
  log: CheckoutLog;
  /** How long a claim lives if its holder dies. */
  ttlMs: number;
  /** How long an update waits for the one before it. */
  waitMs: number;
}

export function createSessionLock(options: SessionLockOptions): SessionLock {
  const { store, log, ttlMs, waitMs } = options;
  /** The tail of each session's queue in this process. */
  const queues = new Map<string, Promise<unknown>>();

  async function withStoreClaim<T>(sessionId: string, update: () => Promise<T>, deadline: number): Promise<T> {
    const key = `lock:session:${sessionId}`;
    const claim: StoredClaim = { kind: 'claim', owner: crypto.randomUUID() };
    for (;;) {
      let claimed: boolean;
      try {
        claimed = await store.setIfAbsent(key, claim, ttlMs);
      } catch (error) {
        log('error', `The checkout store failed while ordering the updates of session ${sessionId}; answered store_unavailable. ${errorText(error)}`);
        throw new ProtocolFailureSignal(STORE_UNAVAILABLE_FAILURE);
      }
      if (claimed) break;
      if (Date.now() >= deadline) {
        log('warn', `An update of session ${sessionId} waited ${waitMs} ms for an earlier one on another instance; answered 503.`);
        throw new ProtocolFailureSignal({
          status: 503,
          code: ProtocolErrorCode.KlarnaUnavailable,
          message: 'An earlier change of this cart is still being sent to Klarna: try again in a moment.',
          reauthorize: false,
          retryable: true,
        });
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
    try {
      return await update();
    } finally {
      try {
        await store.deleteIfEqual(key, claim);
      } catch (error) {
        log('warn', `The checkout store failed to release the update claim of session ${sessionId}; it expires in ${ttlMs} ms. ${errorText(error)}`);
      }
    }
  }

  return function runInOrder<T>(sessionId: string, update: () => Promise<T>): Promise<T> {
    const deadline = Date.now() + waitMs;
    const previous = queues.get(sessionId) ?? Promise.resolve();
    const run = previous.then(
      () => withStoreClaim(sessionId, update, deadline),
      () => withStoreClaim(sessionId, update, deadline),
    );
    const tail = run.catch(() => undefined);
    queues.set(sessionId, tail);
    void tail.then(() => {
      if (queues.get(sessionId) === tail) queues.delete(sessionId);
    });
    return run;
  };
}
