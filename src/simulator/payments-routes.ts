/**
 * Klarna Payments v1 REST (klarna-spec.md §4, §7): sessions, create order from an authorization
 * token, cancel an authorization, customer tokens.
 */
import { randomUUID } from 'node:crypto';
import { findMismatchedFields } from './authorized-cart-match.js';
import { rejectInvalidCart } from './cart-validation.js';
import { createClientToken } from './client-token.js';
import { LIFETIMES } from './clock.js';
import type { RouteContext, RouteDefinition } from './route-context.js';
import { setWithLimit } from './record-limits.js';
import { isPlainObject, klarnaError, type SimulatorResponse } from './simulator-response.js';
import {
  isSessionAlive,
  klarnaReference,
  sessionExpiry,
  type OrderData,
  type SimulatorAuthorization,
  type SimulatorOrder,
  type SimulatorSession,
} from './simulator-state.js';

const INTENTS = ['buy', 'tokenize', 'buy_and_tokenize'];
const iso = (ms: number): string => new Date(ms).toISOString();

const invalidSession = (): SimulatorResponse => klarnaError(404, 'NOT_FOUND', 'Invalid session id');
const invalidToken = (): SimulatorResponse => klarnaError(404, 'NOT_FOUND', 'Invalid authorization token');
const sessionCompleted = (): SimulatorResponse => klarnaError(404, 'SESSION_COMPLETED', 'Session has already been completed');

/** The session of this region/environment, unless unknown or past its 48 h. */
function findSession(context: RouteContext, id: string | undefined): SimulatorSession | undefined {
  const session = id === undefined ? undefined : context.state.sessions.get(id);
  if (!session || session.region !== context.region || session.environment !== context.environment) return undefined;
  return isSessionAlive(session, context.now) ? session : undefined;
}

/** The widget base URL that goes into client tokens. */
export function widgetBaseUrl(url: string, region: string): string {
  return `${url}/kp/widget/${region}`;
}

function checkIntent(body: Record<string, unknown>): SimulatorResponse | undefined {
  if (body.intent !== undefined && !INTENTS.includes(body.intent as string)) return klarnaError(400, 'BAD_VALUE', 'Bad value: intent');
  return undefined;
}

function createSession(context: RouteContext): SimulatorResponse {
  const invalid = rejectInvalidCart(context.body);
  if (invalid) return invalid;
  const body = context.body as Record<string, unknown>;
  const badIntent = checkIntent(body);
  if (badIntent) return badIntent;
  const { state, region, environment, now } = context;
  const sessionId = randomUUID();
  const categories = structuredClone(state.paymentMethodCategories);
  const locale = typeof body.locale === 'string' ? body.locale : 'en-US';
  const clientToken = createClientToken({
    session_id: sessionId,
    base_url: widgetBaseUrl(state.url, region),
    purchase_country: String(body.purchase_country).toUpperCase(),
    environment,
    region,
    session_type: 'PAYMENTS',
    design: 'klarna',
    language: locale.split('-')[0]!.toLowerCase(),
    merchant_name: 'Klarna Simulator Merchant',
    client_event_base_url: `${state.url}/simulator/v1/events`,
    scheme: true,
    experiments: [],
    payment_method_categories: categories.map((category) => category.identifier),
  });
  const session: SimulatorSession = {
    session_id: sessionId,
    region,
    environment,
    client_token: clientToken,
    // Klarna's spec: a session without `locale` gets en-US.
    data: { ...structuredClone(body), locale },
    payment_method_categories: categories,
    status: 'incomplete',
    created_at: now,
    expires_at: sessionExpiry(now),
  };
  setWithLimit(state.sessions, sessionId, session, state.limits.sessions);
  return { status: 200, body: { session_id: sessionId, client_token: clientToken, payment_method_categories: categories } };
}

function readSession(context: RouteContext): SimulatorResponse {
  const session = findSession(context, context.params.id);
  if (!session) return invalidSession();
  return {
    status: 200,
    body: {
      acquiring_channel: 'ECOMMERCE',
      intent: 'buy',
      ...structuredClone(session.data),
      client_token: session.client_token,
      expires_at: iso(session.expires_at),
      status: session.status,
      payment_method_categories: structuredClone(session.payment_method_categories),
      ...(session.authorization_token ? { authorization_token: session.authorization_token } : {}),
    },
  };
}

function updateSession(context: RouteContext): SimulatorResponse {
  const session = findSession(context, context.params.id);
  if (!session) return invalidSession();
  if (session.status === 'complete') return sessionCompleted();
  if (!isPlainObject(context.body)) return klarnaError(400, 'BAD_VALUE', 'Bad value: body');
  const merged = { ...session.data, ...context.body };
  const invalid = rejectInvalidCart(merged) ?? checkIntent(merged);
  if (invalid) return invalid;
  session.data = structuredClone(merged);
  return { status: 204 };
}

/** The usable authorization behind a token, or the Klarna error that refuses it. */
function usableAuthorization(context: RouteContext): SimulatorAuthorization | SimulatorResponse {
  const authorization = context.state.authorizations.get(context.params.token ?? '');
  if (!authorization || authorization.region !== context.region || authorization.environment !== context.environment) {
    return invalidToken();
  }
  if (authorization.state === 'consumed') return klarnaError(403, 'INVALID_OPERATION', 'Authorization token already consumed');
  if (authorization.state !== 'active' || context.now >= authorization.expires_at) return invalidToken();
  return authorization;
}

const PAYMENT_METHOD_TYPES: Record<string, string> = {
  pay_later: 'invoice',
  pay_over_time: 'fixed_amount',
  pay_now: 'direct_debit',
  direct_debit: 'direct_debit',
  direct_bank_transfer: 'direct_bank_transfer',
  klarna: 'invoice',
};

function createOrder(context: RouteContext): SimulatorResponse {
  const found = usableAuthorization(context);
  if (!('authorization_token' in found)) return found;
  const authorization = found;
  const { state, now } = context;
  const session = state.sessions.get(authorization.session_id);
  if (!session || session.status === 'complete') return sessionCompleted();
  const invalid = rejectInvalidCart(context.body);
  if (invalid) return invalid;
  const body = context.body as OrderData;
  const mismatched = findMismatchedFields(authorization.snapshot, body);
  if (mismatched.length > 0) return klarnaError(409, 'BAD_VALUE', `Not matching fields: [${mismatched.join(', ')}]`);

  const orderId = randomUUID();
  const amount = body.order_amount as number;
  const billing = body.billing_address ?? authorization.snapshot.billing_address;
  const order: SimulatorOrder = {
    order_id: orderId,
    region: context.region,
    environment: context.environment,
    session_id: session.session_id,
    authorization_token: authorization.authorization_token,
    status: 'AUTHORIZED',
    fraud_status: authorization.fraud_status,
    order_amount: amount,
    original_order_amount: amount,
    captured_amount: 0,
    refunded_amount: 0,
    remaining_authorized_amount: amount,
    purchase_country: String(body.purchase_country).toUpperCase(),
    purchase_currency: String(body.purchase_currency).toUpperCase(),
    locale: String(body.locale ?? session.data.locale ?? 'en-US'),
    order_lines: structuredClone(body.order_lines as unknown[]),
    billing_address: structuredClone(billing),
    shipping_address: structuredClone(body.shipping_address ?? authorization.snapshot.shipping_address ?? billing),
    customer: structuredClone(body.customer ?? authorization.snapshot.customer),
    merchant_reference1: body.merchant_reference1 as string | undefined,
    merchant_reference2: body.merchant_reference2 as string | undefined,
    merchant_data: body.merchant_data as string | undefined,
    klarna_reference: klarnaReference(),
    payment_method_category: authorization.payment_method_category,
    created_at: now,
    expires_at: now + LIFETIMES.orderAuthorization,
    captures: [],
    refunds: [],
    shipping_info: [],
    acknowledged: false,
  };
  setWithLimit(state.orders, orderId, order, state.limits.orders);
  authorization.state = 'consumed';
  authorization.order_id = orderId;
  session.status = 'complete';
  session.order_id = orderId;

  const confirmation = isPlainObject(body.merchant_urls) ? body.merchant_urls.confirmation : undefined;
  return {
    status: 200,
    body: {
      order_id: orderId,
      fraud_status: order.fraud_status,
      authorized_payment_method: { type: PAYMENT_METHOD_TYPES[authorization.payment_method_category] ?? 'invoice', number_of_days: 30 },
      ...(typeof confirmation === 'string' ? { redirect_url: `${state.url}/simulator/v1/redirect/${orderId}` } : {}),
    },
  };
}

function cancelAuthorization(context: RouteContext): SimulatorResponse {
  const authorization = context.state.authorizations.get(context.params.token ?? '');
  if (authorization?.state === 'consumed' && authorization.region === context.region && authorization.environment === context.environment) {
    return klarnaError(404, 'NOT_FOUND', 'Authorization cannot be deleted');
  }
  const found = usableAuthorization(context);
  if (!('authorization_token' in found)) return found;
  found.state = 'cancelled';
  const session = context.state.sessions.get(found.session_id);
  if (session?.authorization_token === found.authorization_token) delete session.authorization_token;
  return { status: 204 };
}

function createCustomerToken(context: RouteContext): SimulatorResponse {
  const found = usableAuthorization(context);
  if (!('authorization_token' in found)) return found;
  const session = context.state.sessions.get(found.session_id);
  const intent = session?.data.intent ?? 'buy';
  if (intent === 'buy') return klarnaError(403, 'INVALID_OPERATION', 'Not allowed to create customer tokens for intent buy');
  const body = isPlainObject(context.body) ? context.body : {};
  for (const field of ['purchase_country', 'purchase_currency', 'locale'] as const) {
    if (typeof body[field] !== 'string' || body[field] === '') return klarnaError(400, 'BAD_VALUE', `Bad value: ${field}`);
  }
  if (typeof body.description !== 'string' || body.description.length < 1 || body.description.length > 255) {
    return klarnaError(400, 'BAD_VALUE', 'Bad value: description');
  }
  if (body.intended_use !== 'SUBSCRIPTION') return klarnaError(400, 'BAD_VALUE', 'Bad value: intended_use');
  return {
    status: 200,
    body: {
      token_id: randomUUID(),
      payment_method_reference: randomUUID(),
      payment_method_type: PAYMENT_METHOD_TYPES[found.payment_method_category] === 'direct_debit' ? 'DIRECT_DEBIT' : 'INVOICE',
      billing_address: structuredClone(found.snapshot.billing_address),
      customer: structuredClone(found.snapshot.customer),
    },
  };
}

/** The Payments v1 routes. */
export const PAYMENTS_ROUTES: readonly RouteDefinition[] = [
  { method: 'POST', pattern: '/payments/v1/sessions', handle: createSession },
  { method: 'GET', pattern: '/payments/v1/sessions/:id', handle: readSession },
  { method: 'POST', pattern: '/payments/v1/sessions/:id', handle: updateSession },
  { method: 'POST', pattern: '/payments/v1/authorizations/:token/order', handle: createOrder },
  { method: 'DELETE', pattern: '/payments/v1/authorizations/:token', handle: cancelAuthorization },
  { method: 'POST', pattern: '/payments/v1/authorizations/:token/customer-token', handle: createCustomerToken },
];
