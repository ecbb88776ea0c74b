/**
 * Klarna Order Management v1 REST (klarna-spec.md §6): every endpoint of the table, over the state
 * machine in order-state.ts. Writes are marked idempotent: the server honours `Klarna-Idempotency-Key`.
 */
import type { RouteContext, RouteDefinition } from './route-context.js';
import {
  cancelOrder,
  captureOrder,
  extendAuthorizationTime,
  isAmount,
  refundOrder,
  releaseRemainingAuthorization,
  renderCapture,
  renderOrder,
  renderRefund,
  updateAuthorization,
} from './order-state.js';
import { isPlainObject, klarnaError, type SimulatorResponse } from './simulator-response.js';
import { refreshOrderExpiry, type SimulatorCapture, type SimulatorOrder } from './simulator-state.js';

const ORDER = '/ordermanagement/v1/orders/:order_id';
const DUE_DATE_OPTIONS = [
  { number_of_days: 14, amount: 0 },
  { number_of_days: 30, amount: 0 },
];

type Handler = (context: RouteContext, order: SimulatorOrder) => SimulatorResponse;

/** Wraps a handler with the order lookup (404 `NO_SUCH_ORDER`) and the lazy expiry check. */
function withOrder(handler: Handler): (context: RouteContext) => SimulatorResponse {
  return (context) => {
    const id = context.params.order_id ?? '';
    const order = context.state.orders.get(id);
    if (!order || order.region !== context.region || order.environment !== context.environment) {
      return klarnaError(404, 'NO_SUCH_ORDER', `Order ${id} cannot be found`);
    }
    return handler(context, refreshOrderExpiry(order, context.now));
  };
}

/** Wraps a handler with the capture lookup (404 `NO_SUCH_CAPTURE`). */
function withCapture(handler: (context: RouteContext, order: SimulatorOrder, capture: SimulatorCapture) => SimulatorResponse) {
  return withOrder((context, order) => {
    const capture = order.captures.find((candidate) => candidate.capture_id === context.params.capture_id);
    if (!capture) {
      return klarnaError(404, 'NO_SUCH_CAPTURE', `Capture could not be found. No capture ${context.params.capture_id} exists on order ${order.order_id}.`);
    }
    return handler(context, order, capture);
  });
}

const body = (context: RouteContext): Record<string, unknown> => (isPlainObject(context.body) ? context.body : {});
const badValue = (field: string): SimulatorResponse => klarnaError(400, 'BAD_VALUE', `Bad value: ${field}`);
const closedOrCancelled = (order: SimulatorOrder, what: string): SimulatorResponse | undefined =>
  order.status === 'CLOSED' || order.status === 'CANCELLED'
    ? klarnaError(403, 'NOT_ALLOWED', `Order is ${order.status === 'CLOSED' ? 'closed' : 'cancelled'}. ${what} cannot be updated.`)
    : undefined;

/** Checks the optional text/array fields capture and refund bodies share. */
function checkCommonFields(input: Record<string, unknown>): SimulatorResponse | undefined {
  for (const field of ['description', 'reference'] as const) {
    const value = input[field];
    if (value !== undefined && (typeof value !== 'string' || value.length > 255)) return badValue(field);
  }
  if (input.order_lines !== undefined && (!Array.isArray(input.order_lines) || input.order_lines.length > 1000)) return badValue('order_lines');
  if (input.shipping_info !== undefined && (!Array.isArray(input.shipping_info) || input.shipping_info.length > 500)) return badValue('shipping_info');
  return undefined;
}

const created = (location: string, idHeader: string, id: string): SimulatorResponse => ({
  status: 201,
  headers: { Location: location, [idHeader]: id },
});

const readOrder: Handler = (_context, order) => ({ status: 200, body: renderOrder(order) });

const acknowledge: Handler = (_context, order) => {
  order.acknowledged = true;
  return { status: 204 };
};

const patchAuthorization: Handler = (context, order) => {
  const input = body(context);
  if (!isAmount(input.order_amount)) return badValue('order_amount');
  if (input.order_lines !== undefined && (!Array.isArray(input.order_lines) || input.order_lines.length > 1000)) return badValue('order_lines');
  if (input.description !== undefined && (typeof input.description !== 'string' || input.description.length > 255)) return badValue('description');
  return updateAuthorization(order, input.order_amount, input.order_lines as unknown[] | undefined) ?? { status: 204 };
};

const patchMerchantReferences: Handler = (context, order) => {
  const refused = closedOrCancelled(order, 'Merchant references');
  if (refused) return refused;
  const input = body(context);
  for (const field of ['merchant_reference1', 'merchant_reference2'] as const) {
    const value = input[field];
    if (value !== undefined && (typeof value !== 'string' || value.length > 255)) return badValue(field);
  }
  if (typeof input.merchant_reference1 === 'string') order.merchant_reference1 = input.merchant_reference1;
  if (typeof input.merchant_reference2 === 'string') order.merchant_reference2 = input.merchant_reference2;
  return { status: 204 };
};

const patchCustomerDetails: Handler = (context, order) => {
  const refused = closedOrCancelled(order, 'Customer details');
  if (refused) return refused;
  const input = body(context);
  if (!isPlainObject(input.shipping_address)) return badValue('shipping_address');
  order.shipping_address = structuredClone(input.shipping_address);
  return { status: 204 };
};

const refuseClosed = (order: SimulatorOrder, what: string): SimulatorResponse | undefined =>
  order.status === 'CLOSED' ? klarnaError(403, 'NOT_ALLOWED', `Order is closed. ${what} cannot be updated.`) : undefined;

const addShippingInfo: Handler = (context, order) => {
  const refused = refuseClosed(order, 'Shipping info');
  if (refused) return refused;
  const info = body(context).shipping_info;
  if (!Array.isArray(info) || info.length < 1 || info.length > 500) return badValue('shipping_info');
  order.shipping_info.push(...structuredClone(info));
  return { status: 204 };
};

const extend: Handler = (context, order) => extendAuthorizationTime(order, context.now) ?? { status: 204 };
const release: Handler = (_context, order) => releaseRemainingAuthorization(order) ?? { status: 204 };
const cancel: Handler = (_context, order) => cancelOrder(order) ?? { status: 204 };

const capture: Handler = (context, order) => {
  const input = body(context);
  if (!isAmount(input.captured_amount) || input.captured_amount === 0) return badValue('captured_amount');
  const invalid = checkCommonFields(input);
  if (invalid) return invalid;
  const result = captureOrder(order, input as { captured_amount: number }, context.now);
  if ('status' in result) return result;
  return created(`${context.apiBaseUrl}/ordermanagement/v1/orders/${order.order_id}/captures/${result.capture_id}`, 'Capture-Id', result.capture_id);
};

const listCaptures: Handler = (_context, order) => ({ status: 200, body: order.captures.map(renderCapture) });

const refund: Handler = (context, order) => {
  const input = body(context);
  if (!isAmount(input.refunded_amount) || input.refunded_amount === 0) return badValue('refunded_amount');
  const invalid = checkCommonFields(input);
  if (invalid) return invalid;
  const result = refundOrder(order, input as { refunded_amount: number }, context.now);
  if ('status' in result) return result;
  return created(`${context.apiBaseUrl}/ordermanagement/v1/orders/${order.order_id}/refunds/${result.refund_id}`, 'Refund-Id', result.refund_id);
};

const readRefund: Handler = (context, order) => {
  const found = order.refunds.find((candidate) => candidate.refund_id === context.params.refund_id);
  if (!found) return klarnaError(404, 'NOT_FOUND', `Refund with id ${context.params.refund_id} cannot be found for order ${order.order_id}`);
  return { status: 200, body: renderRefund(found) };
};

/** The Order Management v1 routes. */
export const ORDER_MANAGEMENT_ROUTES: readonly RouteDefinition[] = [
  { method: 'GET', pattern: ORDER, handle: withOrder(readOrder) },
  { method: 'POST', pattern: `${ORDER}/acknowledge`, idempotent: true, handle: withOrder(acknowledge) },
  { method: 'PATCH', pattern: `${ORDER}/authorization`, idempotent: true, handle: withOrder(patchAuthorization) },
  { method: 'PATCH', pattern: `${ORDER}/merchant-references`, idempotent: true, handle: withOrder(patchMerchantReferences) },
  { method: 'PATCH', pattern: `${ORDER}/customer-details`, idempotent: true, handle: withOrder(patchCustomerDetails) },
  { method: 'POST', pattern: `${ORDER}/shipping-info`, idempotent: true, handle: withOrder(addShippingInfo) },
  { method: 'POST', pattern: `${ORDER}/extend-authorization-time`, idempotent: true, handle: withOrder(extend) },
  { method: 'POST', pattern: `${ORDER}/release-remaining-authorization`, idempotent: true, handle: withOrder(release) },
  { method: 'POST', pattern: `${ORDER}/cancel`, idempotent: true, handle: withOrder(cancel) },
  { method: 'POST', pattern: `${ORDER}/captures`, idempotent: true, handle: withOrder(capture) },
  { method: 'GET', pattern: `${ORDER}/captures`, handle: withOrder(listCaptures) },
  { method: 'GET', pattern: `${ORDER}/captures/:capture_id`, handle: withCapture((_c, _o, found) => ({ status: 200, body: renderCapture(found) })) },
  {
    method: 'POST',
    pattern: `${ORDER}/captures/:capture_id/shipping-info`,
    idempotent: true,
    handle: withCapture((context, order, found) => {
      const refused = refuseClosed(order, 'Shipping info');
      if (refused) return refused;
      const info = body(context).shipping_info;
      if (!Array.isArray(info) || info.length < 1 || info.length > 500) return badValue('shipping_info');
      found.shipping_info.push(...structuredClone(info));
      return { status: 204 };
    }),
  },
  {
    method: 'POST',
    pattern: `${ORDER}/captures/:capture_id/trigger-send-out`,
    idempotent: true,
    handle: withCapture((_context, order, found) => {
      if (order.status === 'CLOSED') return klarnaError(403, 'NOT_ALLOWED', 'Order is closed. Send-out cannot be triggered.');
      found.send_outs += 1;
      return { status: 204 };
    }),
  },
  {
    method: 'GET',
    pattern: `${ORDER}/captures/:capture_id/extend-due-date-options`,
    handle: withCapture((_context, order) => ({ status: 200, body: { currency: order.purchase_currency, options: DUE_DATE_OPTIONS } })),
  },
  {
    method: 'PATCH',
    pattern: `${ORDER}/captures/:capture_id/extend-due-date`,
    idempotent: true,
    handle: withCapture((context, order, found) => {
      const refused = refuseClosed(order, 'Due date');
      if (refused) return refused;
      const days = body(context).number_of_days;
      if (!DUE_DATE_OPTIONS.some((option) => option.number_of_days === days)) return badValue('number_of_days');
      if (found.due_date_extended_days !== undefined) return klarnaError(403, 'NOT_ALLOWED', 'The due date of this capture has already been extended.');
      found.due_date_extended_days = days as number;
      return { status: 204 };
    }),
  },
  { method: 'POST', pattern: `${ORDER}/refunds`, idempotent: true, handle: withOrder(refund) },
  { method: 'GET', pattern: `${ORDER}/refunds/:refund_id`, handle: withOrder(readRefund) },
];
