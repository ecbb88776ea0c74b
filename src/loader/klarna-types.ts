/**
 * Types of Klarna's browser library (`https://x.klarnacdn.net/kp/lib/v1/api.js`),
 * the `window.Klarna.Payments` global. See ../shared/klarna-spec.md §2.
 */

/** A CSS selector or the element itself (needed inside shadow DOM). */
export type KlarnaContainer = string | HTMLElement;

export interface KlarnaLoadOptions {
  container: KlarnaContainer;
  payment_method_category?: string;
  payment_method_categories?: string[];
  instance_id?: string;
  preferred_payment_method?: string;
}

export interface KlarnaAuthorizeOptions {
  payment_method_category?: string;
  payment_method_categories?: string[];
  instance_id?: string;
  auto_finalize?: boolean;
}

export interface KlarnaLoadResult {
  show_form: boolean;
  error?: { invalid_fields: string[] };
}

export interface KlarnaAuthorizeResult extends KlarnaLoadResult {
  approved: boolean;
  authorization_token?: string;
  finalize_required?: boolean;
}

export type KlarnaEventName = 'heightChanged' | 'fullscreenOverlayShown' | 'fullscreenOverlayHidden';

/** The `window.Klarna.Payments` object. */
export interface KlarnaPayments {
  init(options: { client_token: string }): void;
  load(options: KlarnaLoadOptions, data?: object, callback?: (result: KlarnaLoadResult) => void): void;
  authorize(
    options: KlarnaAuthorizeOptions,
    data?: object,
    callback?: (result: KlarnaAuthorizeResult) => void,
  ): void;
  reauthorize(
    options: { payment_method_category?: string; instance_id?: string },
    data?: object,
    callback?: (result: KlarnaAuthorizeResult) => void,
  ): void;
  finalize(
    options: { payment_method_category?: string; instance_id?: string },
    data?: object,
    callback?: (result: KlarnaAuthorizeResult) => void,
  ): void;
  loadPaymentReview?(options: { container: KlarnaContainer }, callback: (result: { show_form: boolean }) => void): void;
  on(event: KlarnaEventName, handler: (value?: number) => void): void;
  off(event: KlarnaEventName | string, handler?: (value?: number) => void): void;
}

declare global {
  interface Window {
    Klarna?: { Payments?: KlarnaPayments; [key: string]: unknown };
    klarnaAsyncCallback?: () => void;
  }
}
