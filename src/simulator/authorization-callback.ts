/**
 * Klarna's server-side authorization callback: when a session carries `merchant_urls.authorization`,
 * every approved `authorize()` / `finalize()` (one that creates an authorization token) makes the
 * simulator POST `{"authorization_token", "session_id"}` to that URL, `{session.id}` replaced.
 *
 * Klarna's docs state neither retries nor the expected answer; the simulator assumes one attempt and
 * that any 2xx means delivered. It also assumes Klarna only calls `https:` URLs; `http:` is allowed to a
 * loopback host (127.0.0.1, ::1, localhost) so tests and the demo need no TLS. Deliveries run in the
 * background: the browser's authorize answer never waits for them and a failure is recorded, never thrown.
 * The token lives only in the pending delivery, never in the record, the request log or a message.
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { LIBRARY_VERSION } from '../server/user-agent.js';
import type { SimulatorClock } from './clock.js';
import type { FaultRegistry } from './faults.js';
import { isPlainObject } from './simulator-response.js';
import { KlarnaSimulatorError } from './simulator-error.js';
import type { SimulatorSession } from './simulator-state.js';

/** The pseudo-route of the authorization callback in `faults.add()`: `drop`, `hang` and `latencyMs` apply. */
export const AUTHORIZATION_CALLBACK_ROUTE = 'POST merchant_urls.authorization';

/** Default time-out of one callback attempt (option `authorizationCallbackTimeoutMs`). */
export const DEFAULT_AUTHORIZATION_CALLBACK_TIMEOUT_MS = 10_000;

/** Klarna's limit on the length of a merchant URL. */
const MAX_URL_LENGTH = 2000;

/** The `User-Agent` of the callback request. */
export const AUTHORIZATION_CALLBACK_USER_AGENT = `KlarnaSimulator/klarna-checkout-button_${LIBRARY_VERSION}`;

const LOOPBACK_HOSTS: readonly string[] = ['127.0.0.1', '[::1]', 'localhost'];

/**
 * Where a callback stands: `pending` (being sent or delayed by a `latencyMs` fault), `held` (a `hang`
 * fault; sent by `releaseAuthorizationCallbacks()`), `delivered` (2xx), `failed` (other status, network
 * error or time-out), `refused` (URL not allowed, never called), `dropped` (a `drop` fault, never called).
 */
export type AuthorizationCallbackOutcome = 'pending' | 'held' | 'delivered' | 'failed' | 'refused' | 'dropped';

/** One authorization callback, as the inspection API shows it (no token, query string redacted). */
export interface AuthorizationCallbackDelivery {
  /** The session that was authorized. */
  sessionId: string;
  /** The target with `{session.id}` replaced and the query string (and any user info) redacted. */
  url: string;
  /** Where the delivery stands. */
  outcome: AuthorizationCallbackOutcome;
  /** The merchant's HTTP status, when it answered. */
  status?: number;
  /** Why it failed or was refused, in a sentence (never the token or the query string). */
  error?: string;
  /** The simulator clock's time of the authorization that triggered it (epoch ms). */
  at: number;
  /** Real milliseconds from sending to the answer or failure. */
  durationMs?: number;
}

/** The final outcomes: `waitForAuthorizationCallback()` resolves with a delivery in one of these. */
const SETTLED: ReadonlySet<AuthorizationCallbackOutcome> = new Set(['delivered', 'failed', 'refused', 'dropped']);

/** What the simulator holds per delivery; the token stays here, out of the record. */
interface PendingDelivery {
  record: AuthorizationCallbackDelivery;
  target?: URL;
  token: string;
  handedOut: boolean;
}

interface Waiter {
  sessionId?: string;
  resolve(delivery: AuthorizationCallbackDelivery): void;
  reject(error: Error): void;
  timer: ReturnType<typeof setTimeout>;
}

/** Options of the callback sender. */
export interface AuthorizationCallbackSenderOptions {
  clock: SimulatorClock;
  faults: FaultRegistry;
  /** Time-out of one attempt in real milliseconds. */
  timeoutMs?: number;
}

/** The simulator's side of the authorization callback. */
export interface AuthorizationCallbackSender {
  /** Called after an approval created `token` for `session`: sends the callback in the background if the session asks for one. */
  onAuthorized(session: SimulatorSession, token: string): void;
  /** Copies of every delivery record, oldest first. */
  list(): AuthorizationCallbackDelivery[];
  /** Resolves with the oldest settled delivery (of `sessionId`, if given) not handed out before; waits up to `timeoutMs`. */
  waitFor(sessionId?: string, timeoutMs?: number): Promise<AuthorizationCallbackDelivery>;
  /** Sends the held callbacks (of `sessionId`, if given) now; returns how many. */
  release(sessionId?: string): number;
  /** Forgets every record, drops held and delayed callbacks, rejects waiting calls. */
  clear(): void;
  /** `clear()` plus aborting the requests in flight (the simulator stops). */
  close(): void;
}

/** Checks `authorizationCallbackTimeoutMs`. */
export function checkAuthorizationCallbackTimeout(value: unknown): number {
  if (value === undefined) return DEFAULT_AUTHORIZATION_CALLBACK_TIMEOUT_MS;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new RangeError(`startKlarnaSimulator() option authorizationCallbackTimeoutMs must be a positive number of milliseconds; received ${String(value)}.`);
  }
  return value;
}

/** The URL with its query string, fragment and user info replaced by `[redacted]` markers, for records. */
export function redactCallbackUrl(url: string): string {
  try {
    const parsed = new URL(url);
    const auth = parsed.username || parsed.password ? '[redacted]@' : '';
    return `${parsed.protocol}//${auth}${parsed.host}${parsed.pathname}${parsed.search ? '?[redacted]' : ''}`;
  } catch {
    const cut = url.search(/[?#]/);
    return cut < 0 ? url.slice(0, 200) : `${url.slice(0, Math.min(cut, 200))}?[redacted]`;
  }
}

/** The callback target of a session, or why it may not be called. */
function resolveTarget(template: string, sessionId: string): { url: URL } | { error: string } {
  const filled = template.replaceAll('{session.id}', sessionId);
  if (template.length > MAX_URL_LENGTH) {
    return { error: `merchant_urls.authorization is ${template.length} characters long; Klarna allows at most ${MAX_URL_LENGTH}.` };
  }
  let url: URL;
  try {
    url = new URL(filled);
  } catch {
    return { error: 'merchant_urls.authorization is not an absolute URL.' };
  }
  if (url.protocol === 'https:') return { url };
  if (url.protocol === 'http:' && LOOPBACK_HOSTS.includes(url.hostname.toLowerCase())) return { url };
  if (url.protocol === 'http:') {
    return { error: `merchant_urls.authorization must use https: (http: is only allowed to 127.0.0.1, ::1 or localhost); received host ${url.hostname}.` };
  }
  return { error: `merchant_urls.authorization must be an https: URL; received protocol ${url.protocol}` };
}

/** Creates the sender of a simulator. */
export function createAuthorizationCallbackSender(options: AuthorizationCallbackSenderOptions): AuthorizationCallbackSender {
  const { clock, faults } = options;
  const timeoutMs = options.timeoutMs ?? DEFAULT_AUTHORIZATION_CALLBACK_TIMEOUT_MS;
  let deliveries: PendingDelivery[] = [];
  let waiters: Waiter[] = [];
  const timers = new Set<ReturnType<typeof setTimeout>>();
  const inFlight = new Set<{ destroy(): void }>();

  /** Hands a settled delivery to the first waiter that wants it. */
  function settle(delivery: PendingDelivery, patch: Partial<AuthorizationCallbackDelivery>): void {
    if (!deliveries.includes(delivery)) return; // forgotten by reset(): nobody waits for it any more
    Object.assign(delivery.record, patch);
    delivery.token = ''; // settled: the token is no longer needed
    const waiter = waiters.find((candidate) => candidate.sessionId === undefined || candidate.sessionId === delivery.record.sessionId);
    if (!waiter) return;
    waiters = waiters.filter((candidate) => candidate !== waiter);
    clearTimeout(waiter.timer);
    delivery.handedOut = true;
    waiter.resolve({ ...delivery.record });
  }

  /** Sends one callback; whatever goes wrong is recorded on the delivery, never thrown. */
  function send(delivery: PendingDelivery): void {
    try {
      attempt(delivery);
    } catch (error) {
      settle(delivery, { outcome: 'failed', error: `The simulator could not send the callback (${error instanceof Error ? error.name : 'error'}).` });
    }
  }

  function attempt(delivery: PendingDelivery): void {
    const target = delivery.target!;
    const payload = JSON.stringify({ authorization_token: delivery.token, session_id: delivery.record.sessionId });
    const started = Date.now();
    delivery.record.outcome = 'pending';
    let finished = false;
    const finish = (patch: Partial<AuthorizationCallbackDelivery>): void => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      inFlight.delete(handle);
      settle(delivery, { ...patch, durationMs: Date.now() - started });
    };
    const request = (target.protocol === 'https:' ? httpsRequest : httpRequest)(target, {
      method: 'POST',
      agent: false, // one connection per callback, closed afterwards
      headers: {
        'Content-Type': 'application/json',
        'Content-Length': String(Buffer.byteLength(payload)),
        Accept: 'application/json',
        'User-Agent': AUTHORIZATION_CALLBACK_USER_AGENT,
      },
    });
    const handle = { destroy: () => request.destroy() };
    inFlight.add(handle);
    const timer = setTimeout(() => {
      finish({ outcome: 'failed', error: `The merchant did not answer within ${timeoutMs} ms.` });
      request.destroy();
    }, timeoutMs);
    request.on('response', (response: IncomingMessage) => {
      const status = response.statusCode ?? 0;
      // Any 2xx counts as delivered (an assumption: Klarna's docs do not name the expected answer).
      const ok = status >= 200 && status < 300;
      finish(ok ? { outcome: 'delivered', status } : { outcome: 'failed', status, error: `The merchant answered ${status}; only a 2xx counts as delivered.` });
      response.resume();
      response.on('error', () => undefined);
    });
    request.on('error', (error: NodeJS.ErrnoException) => {
      finish({ outcome: 'failed', error: `The request failed before an answer (${error.code ?? 'network error'}).` });
    });
    request.end(payload);
  }

  /** Runs `task` after `ms` real milliseconds unless cleared first. */
  function later(ms: number, task: () => void): void {
    const timer = setTimeout(() => {
      timers.delete(timer);
      task();
    }, ms);
    timers.add(timer);
  }

  function forget(reason: string): void {
    for (const timer of timers) clearTimeout(timer);
    timers.clear();
    deliveries = [];
    const rejected = waiters;
    waiters = [];
    for (const waiter of rejected) {
      clearTimeout(waiter.timer);
      waiter.reject(new KlarnaSimulatorError(`waitForAuthorizationCallback() was ended: ${reason}`, 409, 'RESET'));
    }
  }

  /** Records the callback of this approval and sends, holds, drops or refuses it. */
  function schedule(session: SimulatorSession, token: string): void {
    const urls = session.data.merchant_urls;
    const template = isPlainObject(urls) ? urls.authorization : undefined;
    if (template === undefined) return;
    const sessionId = session.session_id;
    const record: AuthorizationCallbackDelivery = {
      sessionId,
      url: typeof template === 'string' ? redactCallbackUrl(template.replaceAll('{session.id}', sessionId)) : '(not a string)',
      outcome: 'pending',
      at: clock.now(),
    };
    const delivery: PendingDelivery = { record, token, handedOut: false };
    deliveries.push(delivery);
    if (typeof template !== 'string') {
      settle(delivery, { outcome: 'refused', error: `merchant_urls.authorization must be a string; received ${typeof template}.` });
      return;
    }
    const target = resolveTarget(template, sessionId);
    if ('error' in target) {
      settle(delivery, { outcome: 'refused', error: target.error });
      return;
    }
    delivery.target = target.url;
    const fault = faults.takeExact(AUTHORIZATION_CALLBACK_ROUTE);
    if (fault?.drop) {
      settle(delivery, { outcome: 'dropped', error: 'Dropped by a fault: the callback was never sent.' });
      return;
    }
    if (fault?.hang) {
      record.outcome = 'held';
      return;
    }
    // Never inside the authorize answer: start after the current turn, later still with `latencyMs`.
    later(fault?.latencyMs ?? 0, () => send(delivery));
  }

  return {
    onAuthorized(session, token) {
      try {
        schedule(session, token);
      } catch (error) {
        // Never into the authorize answer: a bug here must not fail the shopper's approval.
        const last = deliveries.at(-1);
        if (last?.record.sessionId === session.session_id && last.record.outcome === 'pending') {
          settle(last, { outcome: 'failed', error: `The simulator could not send the callback (${error instanceof Error ? error.name : 'error'}).` });
        }
      }
    },
    list() {
      return deliveries.map((delivery) => ({ ...delivery.record }));
    },
    waitFor(sessionId, waitMs = timeoutMs + 5_000) {
      if (sessionId !== undefined && typeof sessionId !== 'string') {
        return Promise.reject(new TypeError(`waitForAuthorizationCallback(sessionId) needs a session id string or nothing; received ${typeof sessionId}.`));
      }
      const ready = deliveries.find(
        (delivery) => !delivery.handedOut && SETTLED.has(delivery.record.outcome) && (sessionId === undefined || delivery.record.sessionId === sessionId),
      );
      if (ready) {
        ready.handedOut = true;
        return Promise.resolve({ ...ready.record });
      }
      return new Promise((resolve, reject) => {
        const waiter: Waiter = {
          sessionId,
          resolve,
          reject,
          timer: setTimeout(() => {
            waiters = waiters.filter((candidate) => candidate !== waiter);
            const which = sessionId === undefined ? '' : ` for session ${sessionId}`;
            reject(new KlarnaSimulatorError(`No authorization callback${which} settled within ${waitMs} ms.`, 408, 'TIMEOUT'));
          }, waitMs),
        };
        waiters.push(waiter);
      });
    },
    release(sessionId) {
      let count = 0;
      for (const delivery of deliveries) {
        if (delivery.record.outcome !== 'held' || (sessionId !== undefined && delivery.record.sessionId !== sessionId)) continue;
        delivery.record.outcome = 'pending';
        later(0, () => send(delivery));
        count += 1;
      }
      return count;
    },
    clear() {
      forget('the simulator was reset.');
    },
    close() {
      forget('the simulator stopped.');
      for (const request of inFlight) request.destroy();
      inFlight.clear();
    },
  };
}
