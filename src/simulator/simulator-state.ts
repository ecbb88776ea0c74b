/**
 * The simulator's in-memory records: Payments sessions, authorization tokens and Order Management
 * orders, plus the lifetimes that end them (klarna-spec.md §10).
 */
import type { KlarnaEnvironment, KlarnaRegion } from '../server/markets.js';
import type { PaymentMethodCategory } from '../protocol/index.js';
import { LIFETIMES, type SimulatorClock } from './clock.js';
import type { SimulatorLimits } from './record-limits.js';

/** The cart and customer fields of a session, authorization or order, in Klarna's names. */
export type OrderData = Record<string, unknown>;

/** A Payments session. */
export interface SimulatorSession {
  session_id: string;
  region: KlarnaRegion;
  environment: KlarnaEnvironment;
  client_token: string;
  /** Every session field the merchant sent (create + updates), in Klarna's names. */
  data: OrderData;
  payment_method_categories: PaymentMethodCategory[];
  /** `complete` once an order was placed from it. */
  status: 'incomplete' | 'complete';
  created_at: number;
  expires_at: number;
  /** The newest authorization token, if any. */
  authorization_token?: string;
  order_id?: string;
  /** Set by `authorize({ auto_finalize: false })` until `finalize()`. */
  pending_finalization?: { snapshot: OrderData; payment_method_category: string; fraud_status: string };
}

/** Why an authorization token can no longer be used. */
export type AuthorizationState = 'active' | 'consumed' | 'superseded' | 'cancelled';

/** An authorization token and the cart it approved. */
export interface SimulatorAuthorization {
  authorization_token: string;
  session_id: string;
  region: KlarnaRegion;
  environment: KlarnaEnvironment;
  payment_method_category: string;
  /** Session cart merged with the `authorize()` data: what create-order must match. */
  snapshot: OrderData;
  fraud_status: string;
  state: AuthorizationState;
  created_at: number;
  expires_at: number;
  order_id?: string;
}

/** Order statuses (klarna-spec.md §6). */
export type OrderStatus = 'AUTHORIZED' | 'PART_CAPTURED' | 'CAPTURED' | 'CANCELLED' | 'EXPIRED' | 'CLOSED';

/** A capture of an order. */
export interface SimulatorCapture {
  capture_id: string;
  klarna_reference: string;
  captured_amount: number;
  captured_at: number;
  description?: string;
  reference?: string;
  order_lines: unknown[];
  refunded_amount: number;
  shipping_info: unknown[];
  billing_address?: unknown;
  shipping_address?: unknown;
  due_date_extended_days?: number;
  send_outs: number;
}

/** A refund of an order. */
export interface SimulatorRefund {
  refund_id: string;
  refunded_amount: number;
  refunded_at: number;
  description?: string;
  reference?: string;
  order_lines: unknown[];
}

/** An Order Management order. */
export interface SimulatorOrder {
  order_id: string;
  region: KlarnaRegion;
  environment: KlarnaEnvironment;
  session_id: string;
  authorization_token: string;
  status: OrderStatus;
  fraud_status: string;
  order_amount: number;
  original_order_amount: number;
  captured_amount: number;
  refunded_amount: number;
  remaining_authorized_amount: number;
  purchase_country: string;
  purchase_currency: string;
  locale: string;
  order_lines: unknown[];
  billing_address?: unknown;
  shipping_address?: unknown;
  customer?: unknown;
  merchant_reference1?: string;
  merchant_reference2?: string;
  merchant_data?: string;
  klarna_reference: string;
  payment_method_category: string;
  created_at: number;
  expires_at: number;
  captures: SimulatorCapture[];
  refunds: SimulatorRefund[];
  shipping_info: unknown[];
  acknowledged: boolean;
}

/** Everything the routes read and write. */
export interface SimulatorState {
  sessions: Map<string, SimulatorSession>;
  authorizations: Map<string, SimulatorAuthorization>;
  orders: Map<string, SimulatorOrder>;
  clock: SimulatorClock;
  /** The simulator's origin, e.g. `http://127.0.0.1:4010`. */
  url: string;
  /** How many sessions, authorizations and orders are kept (oldest dropped first). */
  limits: SimulatorLimits;
  /** Categories offered by new sessions. */
  paymentMethodCategories: PaymentMethodCategory[];
}

/** True when the session can still be used (not past its 48 h). */
export function isSessionAlive(session: SimulatorSession, now: number): boolean {
  return now < session.expires_at;
}

/** The session expiry of a session created at `now`. */
export function sessionExpiry(now: number): number {
  return now + LIFETIMES.session;
}

/** Marks an order EXPIRED when its authorization ran out (lazily, whenever it is read or written). */
export function refreshOrderExpiry(order: SimulatorOrder, now: number): SimulatorOrder {
  if ((order.status === 'AUTHORIZED' || order.status === 'PART_CAPTURED') && now >= order.expires_at) {
    order.status = 'EXPIRED';
    order.remaining_authorized_amount = 0;
  }
  return order;
}

/** Klarna-looking reference: 8 upper-case alphanumerics. */
export function klarnaReference(): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  let text = '';
  for (let i = 0; i < 8; i += 1) text += alphabet[Math.floor(Math.random() * alphabet.length)];
  return text;
}
