/**
 * `<klarna-checkout-button>`: the element, its controller, its events and the safe `define`. Importing this
 * module defines the element when a `customElements` registry exists (import-safe in Node).
 */
import { defineKlarnaCheckoutButton } from './define.js';

export { KlarnaCheckoutButton } from './klarna-checkout-button.js';
export { defineKlarnaCheckoutButton, VERSION } from './define.js';
export { CheckoutController, CheckoutState } from './checkout-controller.js';
export type {
  AuthorizeData,
  CheckoutControllerOptions,
  CheckoutHost,
  CheckoutOptions,
} from './checkout-controller.js';
export { createKlarnaCheckoutEvent, KlarnaCheckoutEventName } from './events.js';
export type {
  KlarnaAuthorizedDetail,
  KlarnaBeforeAuthorizeDetail,
  KlarnaCheckoutEvent,
  KlarnaCheckoutEventDetailMap,
  KlarnaDeclinedDetail,
  KlarnaErrorDetail,
  KlarnaErrorStage,
  KlarnaFinalizeRequiredDetail,
  KlarnaOrderPlacedDetail,
  KlarnaOverlayDetail,
  KlarnaReadyDetail,
  KlarnaReauthorizeReason,
  KlarnaReauthorizeRequiredDetail,
  KlarnaUnavailableDetail,
} from './events.js';
export { readClientTokenClaims } from './client-token-claims.js';
export { englishMessages } from './messages.js';
export type { MessageKey, Messages } from './messages.js';
export { SUPPORTED_LANGUAGES, matchLanguage } from './locale.js';
export type { MessageOverrides, SupportedLanguage } from './locale.js';
export type { ButtonShape, ButtonTheme } from './button-looks.js';
export type { ClientTokenClaims } from './client-token-claims.js';

// Import-safe in Node: without a `customElements` registry this does nothing.
defineKlarnaCheckoutButton();
