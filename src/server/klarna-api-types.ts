/**
 * Requests and responses of Klarna Payments v1 and Order Management v1, in Klarna's own field names
 * (checked against Klarna's published specs, copied into this repository: specs/klarna/klarna-payments-v1.openapi.yml, klarna-ordermanagement-v1.swagger.json
 * and order-management.openapi.yml). Amounts are integers in minor units.
 */
import type { PaymentMethodCategory } from '../protocol/index.js';
import type { Address, Customer, KlarnaOrder, MerchantUrls, OrderLine } from './order-types.js';

/** `POST /payments/v1/sessions` → 200. */
export interface KlarnaSessionCreated {
  session_id: string;
  client_token: string;
  payment_method_categories: PaymentMethodCategory[];
}

/** `GET /payments/v1/sessions/{id}` → 200: the session as Klarna stores it. */
export interface KlarnaSessionRead extends Partial<KlarnaOrder> {
  client_token?: string;
  /** `complete` once an order was placed from the session. */
  status?: 'complete' | 'incomplete';
  expires_at?: string;
  authorization_token?: string;
  payment_method_categories?: PaymentMethodCategory[];
  acquiring_channel?: 'ECOMMERCE' | 'IN_STORE' | 'TELESALES';
  [field: string]: unknown;
}

/** The payment method the customer chose, as Klarna reports it on order creation. */
export interface KlarnaAuthorizedPaymentMethod {
  /** e.g. `invoice`, `fixed_amount`, `base_account`, `direct_debit`, `pay_by_card`. */
  type: string;
  number_of_days?: number;
  number_of_installments?: number;
}

/** Fraud status of a placed order: capture when `ACCEPTED`, wait for the notification when `PENDING`. */
export type KlarnaFraudStatus = 'ACCEPTED' | 'PENDING' | 'REJECTED' | (string & {});

/** `POST /payments/v1/authorizations/{token}/order` → 200. */
export interface KlarnaPlacedOrder {
  order_id: string;
  /** Only when the order carried `merchant_urls.confirmation`. */
  redirect_url?: string;
  /**
   * As Klarna answered; absent when Klarna sent none. Never assume `ACCEPTED`: ship only on an explicit
   * `ACCEPTED` (a `PENDING` order must wait for the fraud decision).
   */
  fraud_status?: KlarnaFraudStatus;
  /** Normalised to an object even when Klarna sends a bare string. */
  authorized_payment_method?: KlarnaAuthorizedPaymentMethod;
}

/** Order Management order status. */
export type KlarnaOrderStatus = 'AUTHORIZED' | 'PART_CAPTURED' | 'CAPTURED' | 'CANCELLED' | 'EXPIRED' | 'CLOSED';

/** One shipment's tracking data (OM `shipping_info`). */
export interface KlarnaShippingInfo {
  shipping_company?: string;
  shipping_method?: string;
  tracking_number?: string;
  tracking_uri?: string;
  return_shipping_company?: string;
  return_tracking_number?: string;
  return_tracking_uri?: string;
}

/** `GET /ordermanagement/v1/orders/{id}/captures[/{capture_id}]` item. */
export interface KlarnaCapture {
  capture_id: string;
  reference?: string;
  klarna_reference?: string;
  captured_amount: number;
  captured_at?: string;
  description?: string;
  order_lines?: OrderLine[];
  refunded_amount?: number;
  billing_address?: Address;
  shipping_address?: Address;
  shipping_info?: KlarnaShippingInfo[];
}

/** `GET /ordermanagement/v1/orders/{id}/refunds/{refund_id}` → 200. */
export interface KlarnaRefund {
  refund_id: string;
  refunded_amount: number;
  refunded_at?: string;
  description?: string;
  reference?: string;
  order_lines?: OrderLine[];
  credit_invoice?: boolean;
}

/** `GET /ordermanagement/v1/orders/{id}` → 200. */
export interface KlarnaOrderManagementOrder {
  order_id: string;
  status: KlarnaOrderStatus;
  fraud_status?: KlarnaFraudStatus;
  order_amount: number;
  original_order_amount?: number;
  captured_amount: number;
  refunded_amount: number;
  remaining_authorized_amount: number;
  purchase_currency?: string;
  purchase_country?: string;
  locale?: string;
  order_lines?: OrderLine[];
  merchant_reference1?: string;
  merchant_reference2?: string;
  merchant_data?: string;
  klarna_reference?: string;
  customer?: { date_of_birth?: string; national_identification_number?: string };
  billing_address?: Address;
  shipping_address?: Address;
  created_at?: string;
  expires_at?: string;
  captures?: KlarnaCapture[];
  refunds?: KlarnaRefund[];
  initial_payment_method?: { type?: string; description?: string; number_of_installments?: number };
  selected_shipping_option?: Record<string, unknown>;
  [field: string]: unknown;
}

/** `POST /ordermanagement/v1/orders/{id}/captures` body. */
export interface KlarnaCaptureRequest {
  captured_amount: number;
  description?: string;
  reference?: string;
  order_lines?: OrderLine[];
  shipping_info?: KlarnaShippingInfo[];
  /** Days to delay the customer's due date. */
  shipping_delay?: number;
}

/** `POST /ordermanagement/v1/orders/{id}/refunds` body. */
export interface KlarnaRefundRequest {
  refunded_amount: number;
  description?: string;
  reference?: string;
  order_lines?: OrderLine[];
}

/** `PATCH /ordermanagement/v1/orders/{id}/authorization` body. */
export interface KlarnaUpdateAuthorizationRequest {
  order_amount: number;
  description?: string;
  order_lines?: OrderLine[];
}

/** `PATCH /ordermanagement/v1/orders/{id}/merchant-references` body. */
export interface KlarnaMerchantReferencesRequest {
  merchant_reference1?: string;
  merchant_reference2?: string;
}

/** `POST /ordermanagement/v1/orders/{id}/shipping-info` body (1–500 entries). */
export interface KlarnaShippingInfoRequest {
  shipping_info: KlarnaShippingInfo[];
}

/** What `orders.capture()` resolves to: the new capture's id and its `Location`. */
export interface KlarnaCaptureCreated {
  captureId: string;
  location: string | undefined;
}

/** What `orders.refund()` resolves to: the new refund's id and its `Location`. */
export interface KlarnaRefundCreated {
  refundId: string;
  location: string | undefined;
}

/** Klarna's JSON error body. */
export interface KlarnaErrorBody {
  error_code?: string;
  error_messages?: string[];
  correlation_id?: string;
}

/** The order body sent to create or update a session (Klarna accepts a partial one on update). */
export type KlarnaSessionRequest = KlarnaOrder;
/** The order body sent to place an order; must match the authorized cart. */
export type KlarnaPlaceOrderRequest = KlarnaOrder;
