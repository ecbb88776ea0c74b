/**
 * What the simulator's widget asks when the shopper confirms: `authorize()` / `finalize()` decided
 * like Klarna's playground test data (klarna-spec.md §11): `customer+denied@…` is a final decline,
 * an unusable email a fixable one, anything else is approved and gets a fresh authorization token
 * that supersedes the session's previous one and snapshots the cart it approved.
 */
import { randomUUID } from 'node:crypto';
import { findCartProblems } from './cart-validation.js';
import { decodeClientToken } from './client-token.js';
import { LIFETIMES } from './clock.js';
import { setWithLimit } from './record-limits.js';
import { isPlainObject, klarnaError, type SimulatorResponse } from './simulator-response.js';
import { isSessionAlive, type OrderData, type SimulatorSession, type SimulatorState } from './simulator-state.js';

/** Input of `authorize` / `finalize` (the JSON body of `POST /simulator/v1/authorizations`). */
export interface SimulatorAuthorizeInput {
  /** The session's client token (what the browser holds). */
  client_token?: string;
  /** Alternatively the session id (handy in Node tests). */
  session_id?: string;
  /** The category the widget shows; default the session's first. */
  payment_method_category?: string;
  /** The `authorize()` data: cart, `billing_address`, `shipping_address`, `customer` … */
  data?: Record<string, unknown>;
  /** `false` answers `finalize_required` and waits for `finalize`. Default true. */
  auto_finalize?: boolean;
  /** The `fraud_status` the order will get (`ACCEPTED` by default, `PENDING` to test the wait). */
  fraud_status?: 'ACCEPTED' | 'PENDING';
}

/** The callback result of Klarna's `authorize()` / `finalize()`. */
export interface SimulatorAuthorizeResult {
  approved: boolean;
  show_form: boolean;
  authorization_token?: string;
  finalize_required?: boolean;
  error?: { invalid_fields: string[] };
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function findSessionFor(state: SimulatorState, input: SimulatorAuthorizeInput): SimulatorSession | SimulatorResponse {
  let session: SimulatorSession | undefined;
  if (input.client_token !== undefined) {
    const claims = decodeClientToken(input.client_token);
    session = claims ? state.sessions.get(claims.session_id) : undefined;
    if (session && session.client_token !== input.client_token) session = undefined;
  } else if (typeof input.session_id === 'string') {
    session = state.sessions.get(input.session_id);
  }
  if (!session || !isSessionAlive(session, state.clock.now())) return klarnaError(404, 'NOT_FOUND', 'Invalid session id');
  if (session.status === 'complete') return klarnaError(404, 'SESSION_COMPLETED', 'Session has already been completed');
  return session;
}

function emailOf(cart: OrderData): unknown {
  const billing = cart.billing_address;
  return isPlainObject(billing) ? billing.email : undefined;
}

/** Called once per approval that created an authorization token (the authorization callback's trigger). */
export type AuthorizationApprovedListener = (session: SimulatorSession, authorizationToken: string) => void;

/** Decides an `authorize()` (mode `authorize`) or `finalize()` (mode `finalize`) call; `onApproved` hears of each new token. */
export function decideAuthorization(
  state: SimulatorState,
  input: SimulatorAuthorizeInput,
  mode: 'authorize' | 'finalize',
  onApproved?: AuthorizationApprovedListener,
): SimulatorResponse {
  if (!isPlainObject(input)) return klarnaError(400, 'BAD_VALUE', 'Bad value: body');
  const found = findSessionFor(state, input);
  if (!('session_id' in found)) return found;
  const session = found;
  const category: string =
    typeof input.payment_method_category === 'string'
      ? input.payment_method_category
      : (session.payment_method_categories[0]?.identifier ?? 'klarna');
  if (!session.payment_method_categories.some((candidate) => candidate.identifier === category)) {
    return klarnaError(400, 'PAYMENT_METHOD_CATEGORY_NOT_SUPPORTED', `This payment method category is not supported: ${category}`);
  }
  const data = isPlainObject(input.data) ? input.data : {};
  let base: OrderData = session.data;
  let fraudStatus: string = input.fraud_status === 'PENDING' ? 'PENDING' : 'ACCEPTED';
  if (mode === 'finalize') {
    const pending = session.pending_finalization;
    if (!pending || pending.payment_method_category !== category) {
      return klarnaError(403, 'INVALID_OPERATION', `Nothing to finalize for payment method category ${category}: call authorize with auto_finalize false first.`);
    }
    base = pending.snapshot;
    fraudStatus = input.fraud_status === undefined ? pending.fraud_status : fraudStatus;
  }
  const cart: OrderData = structuredClone({ ...base, ...data });

  const problems = findCartProblems(cart);
  if (problems.length > 0) {
    return { status: 200, body: { approved: false, show_form: true, error: { invalid_fields: [...new Set(problems.map((p) => p.path))] } } };
  }
  const email = emailOf(cart);
  if (typeof email === 'string' && /\+denied@/i.test(email)) {
    return { status: 200, body: { approved: false, show_form: false } satisfies SimulatorAuthorizeResult };
  }
  if (email !== undefined && (typeof email !== 'string' || !EMAIL.test(email))) {
    return { status: 200, body: { approved: false, show_form: true, error: { invalid_fields: ['billing_address.email'] } } };
  }
  if (mode === 'authorize' && input.auto_finalize === false) {
    session.pending_finalization = { snapshot: cart, payment_method_category: category, fraud_status: fraudStatus };
    return { status: 200, body: { approved: true, show_form: true, finalize_required: true } satisfies SimulatorAuthorizeResult };
  }
  delete session.pending_finalization;
  const now = state.clock.now();
  const previous = session.authorization_token ? state.authorizations.get(session.authorization_token) : undefined;
  if (previous?.state === 'active') previous.state = 'superseded';
  const token = randomUUID();
  setWithLimit(state.authorizations, token, {
    authorization_token: token,
    session_id: session.session_id,
    region: session.region,
    environment: session.environment,
    payment_method_category: category,
    snapshot: cart,
    fraud_status: fraudStatus,
    state: 'active',
    created_at: now,
    expires_at: now + LIFETIMES.authorizationToken,
  }, state.limits.authorizations);
  session.authorization_token = token;
  onApproved?.(session, token);
  return { status: 200, body: { approved: true, show_form: true, authorization_token: token } satisfies SimulatorAuthorizeResult };
}

/** The session as the widget may see it: what to render, no tokens or customer data. */
export function publicSessionInfo(state: SimulatorState, sessionId: string): SimulatorResponse {
  const session = state.sessions.get(sessionId);
  if (!session || !isSessionAlive(session, state.clock.now())) return klarnaError(404, 'NOT_FOUND', 'Invalid session id');
  const data = session.data;
  return {
    status: 200,
    body: {
      session_id: session.session_id,
      status: session.status,
      region: session.region,
      environment: session.environment,
      purchase_country: data.purchase_country,
      purchase_currency: data.purchase_currency,
      locale: data.locale,
      order_amount: data.order_amount,
      order_tax_amount: data.order_tax_amount,
      order_lines: structuredClone(data.order_lines),
      intent: data.intent ?? 'buy',
      payment_method_categories: structuredClone(session.payment_method_categories),
    },
  };
}
