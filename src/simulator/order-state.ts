/**
 * The Order Management state machine (klarna-spec.md §6): captures, refunds, cancel, release,
 * extend, authorization updates, with Klarna's 403 codes and messages, and the order read model.
 */
import { randomUUID } from 'node:crypto';
import { LIFETIMES } from './clock.js';
import { klarnaError, type SimulatorResponse } from './simulator-response.js';
import { klarnaReference, type SimulatorCapture, type SimulatorOrder, type SimulatorRefund } from './simulator-state.js';

const iso = (ms: number): string => new Date(ms).toISOString();
const statusWord: Record<string, string> = {
  CANCELLED: 'cancelled',
  EXPIRED: 'expired',
  CLOSED: 'closed',
  CAPTURED: 'fully captured',
};

/** True for a non-negative safe integer. */
export function isAmount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

/**
 * An order line as Order Management returns it: Klarna's Order Management schema requires `type`,
 * `tax_rate` and `total_tax_amount`, so lines sent without them come back completed (`physical`, 0, 0).
 */
export function completeOrderLine(line: unknown): unknown {
  if (typeof line !== 'object' || line === null || Array.isArray(line)) return structuredClone(line);
  const copy = structuredClone(line) as Record<string, unknown>;
  return { ...copy, type: copy['type'] ?? 'physical', tax_rate: copy['tax_rate'] ?? 0, total_tax_amount: copy['total_tax_amount'] ?? 0 };
}

/** The capture as Order Management returns it. */
export function renderCapture(capture: SimulatorCapture): Record<string, unknown> {
  return {
    capture_id: capture.capture_id,
    klarna_reference: capture.klarna_reference,
    captured_amount: capture.captured_amount,
    captured_at: iso(capture.captured_at),
    description: capture.description,
    reference: capture.reference,
    order_lines: capture.order_lines.map(completeOrderLine),
    refunded_amount: capture.refunded_amount,
    billing_address: structuredClone(capture.billing_address),
    shipping_address: structuredClone(capture.shipping_address),
    shipping_info: structuredClone(capture.shipping_info),
  };
}

/** The refund as Order Management returns it. */
export function renderRefund(refund: SimulatorRefund): Record<string, unknown> {
  return {
    refund_id: refund.refund_id,
    refunded_amount: refund.refunded_amount,
    refunded_at: iso(refund.refunded_at),
    description: refund.description,
    reference: refund.reference,
    order_lines: refund.order_lines.map(completeOrderLine),
  };
}

/** The order as `GET /ordermanagement/v1/orders/{id}` returns it. */
export function renderOrder(order: SimulatorOrder): Record<string, unknown> {
  return {
    order_id: order.order_id,
    status: order.status,
    fraud_status: order.fraud_status,
    order_amount: order.order_amount,
    original_order_amount: order.original_order_amount,
    captured_amount: order.captured_amount,
    refunded_amount: order.refunded_amount,
    remaining_authorized_amount: order.remaining_authorized_amount,
    purchase_currency: order.purchase_currency,
    purchase_country: order.purchase_country,
    locale: order.locale,
    order_lines: order.order_lines.map(completeOrderLine),
    merchant_reference1: order.merchant_reference1,
    merchant_reference2: order.merchant_reference2,
    merchant_data: order.merchant_data,
    klarna_reference: order.klarna_reference,
    customer: structuredClone(order.customer),
    billing_address: structuredClone(order.billing_address),
    shipping_address: structuredClone(order.shipping_address),
    shipping_info: structuredClone(order.shipping_info),
    created_at: iso(order.created_at),
    expires_at: iso(order.expires_at),
    captures: order.captures.map(renderCapture),
    refunds: order.refunds.map(renderRefund),
    initial_payment_method: { type: order.payment_method_category === 'pay_over_time' ? 'FIXED_AMOUNT' : 'INVOICE', description: 'Pay later' },
  };
}

/** Captures `amount`; returns the new capture or Klarna's refusal. */
export function captureOrder(
  order: SimulatorOrder,
  input: { captured_amount: number; description?: string; reference?: string; order_lines?: unknown[]; shipping_info?: unknown[] },
  now: number,
): SimulatorCapture | SimulatorResponse {
  const open = order.status === 'AUTHORIZED' || order.status === 'PART_CAPTURED';
  // A PENDING order waits for Klarna's fraud decision and a REJECTED one never ships (inferred).
  if (!open || order.fraud_status !== 'ACCEPTED' || input.captured_amount > order.remaining_authorized_amount) {
    return klarnaError(403, 'CAPTURE_NOT_ALLOWED', 'Capture not allowed');
  }
  const capture: SimulatorCapture = {
    capture_id: randomUUID(),
    klarna_reference: klarnaReference(),
    captured_amount: input.captured_amount,
    captured_at: now,
    description: input.description,
    reference: input.reference,
    order_lines: structuredClone(input.order_lines ?? []),
    refunded_amount: 0,
    shipping_info: structuredClone(input.shipping_info ?? []),
    billing_address: structuredClone(order.billing_address),
    shipping_address: structuredClone(order.shipping_address),
    send_outs: 0,
  };
  order.captures.push(capture);
  order.captured_amount += input.captured_amount;
  order.remaining_authorized_amount -= input.captured_amount;
  order.status = order.remaining_authorized_amount === 0 ? 'CAPTURED' : 'PART_CAPTURED';
  return capture;
}

/** Refunds `amount` of what was captured; returns the refund or Klarna's refusal. */
export function refundOrder(
  order: SimulatorOrder,
  input: { refunded_amount: number; description?: string; reference?: string; order_lines?: unknown[] },
  now: number,
): SimulatorRefund | SimulatorResponse {
  if (order.status === 'CLOSED') return klarnaError(403, 'REFUND_NOT_ALLOWED', 'Order is closed. Refund not possible.');
  if (order.captures.length === 0) return klarnaError(403, 'REFUND_NOT_ALLOWED', 'Order has no captures. Refund not possible.');
  if (order.refunded_amount + input.refunded_amount > order.captured_amount) {
    return klarnaError(403, 'REFUND_NOT_ALLOWED', 'Over refund is not allowed. Refund not possible.');
  }
  const refund: SimulatorRefund = {
    refund_id: randomUUID(),
    refunded_amount: input.refunded_amount,
    refunded_at: now,
    description: input.description,
    reference: input.reference,
    order_lines: structuredClone(input.order_lines ?? []),
  };
  let left = input.refunded_amount;
  for (const capture of order.captures) {
    const room = capture.captured_amount - capture.refunded_amount;
    const part = Math.min(room, left);
    capture.refunded_amount += part;
    left -= part;
  }
  order.refunds.push(refund);
  order.refunded_amount += input.refunded_amount;
  return refund;
}

/** Cancels an order without captures. */
export function cancelOrder(order: SimulatorOrder): SimulatorResponse | undefined {
  if (order.captures.length > 0) return klarnaError(403, 'CANCEL_NOT_ALLOWED', 'Order has previous captures. Cancel not possible');
  if (order.status !== 'AUTHORIZED') {
    return klarnaError(403, 'CANCEL_NOT_ALLOWED', `Order is ${statusWord[order.status] ?? order.status.toLowerCase()}. Cancel not possible`);
  }
  order.status = 'CANCELLED';
  order.remaining_authorized_amount = 0;
  return undefined;
}

/** Releases what is left of the authorization of a part-captured order. */
export function releaseRemainingAuthorization(order: SimulatorOrder): SimulatorResponse | undefined {
  const refuse = (why: string): SimulatorResponse => klarnaError(403, 'NOT_ALLOWED', `${why} Remaining authorization cannot be released.`);
  if (order.status === 'PART_CAPTURED') {
    order.remaining_authorized_amount = 0;
    order.status = 'CAPTURED';
    return undefined;
  }
  if (order.status === 'AUTHORIZED') return refuse('Order has no captures.');
  return refuse(`Order is ${statusWord[order.status] ?? order.status.toLowerCase()}.`);
}

/** Extends the authorization to now + 28 days (at most 180 days after creation). */
export function extendAuthorizationTime(order: SimulatorOrder, now: number): SimulatorResponse | undefined {
  if (order.status !== 'AUTHORIZED' && order.status !== 'PART_CAPTURED') {
    return klarnaError(403, 'NOT_ALLOWED', `Order is ${statusWord[order.status] ?? order.status.toLowerCase()}. Authorization time cannot be extended.`);
  }
  order.expires_at = Math.min(now + LIFETIMES.orderAuthorization, order.created_at + LIFETIMES.maxOrderAuthorization);
  return undefined;
}

/** Sets a new authorized amount (and lines): never below what is captured. */
export function updateAuthorization(order: SimulatorOrder, amount: number, orderLines?: unknown[]): SimulatorResponse | undefined {
  if (order.status !== 'AUTHORIZED' && order.status !== 'PART_CAPTURED') {
    return klarnaError(403, 'NOT_ALLOWED', `Order is ${statusWord[order.status] ?? order.status.toLowerCase()}. Authorization cannot be updated.`);
  }
  if (amount < order.captured_amount) {
    return klarnaError(
      403,
      'NOT_ALLOWED',
      `Resulting authorization amount ${amount} cannot be less than the captured amount ${order.captured_amount}`,
    );
  }
  order.order_amount = amount;
  order.remaining_authorized_amount = amount - order.captured_amount;
  if (orderLines) order.order_lines = structuredClone(orderLines);
  if (order.remaining_authorized_amount === 0 && order.captured_amount > 0) order.status = 'CAPTURED';
  else if (order.captured_amount > 0) order.status = 'PART_CAPTURED';
  return undefined;
}
