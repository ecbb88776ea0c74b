/**
 * The errors Klarna's browser library throws (klarna-spec.md §2), mirrored by the fake so that code
 * under test can tell them apart by `name` exactly as it would against the real `api.js`.
 * They extend `Error` (not `KlarnaError`): they stand for Klarna's errors, not this package's.
 */

/** Thrown by `init` when the client token is not a decodable JWT. */
export class InvalidClientTokenError extends Error {
  override name = 'InvalidClientTokenError' as const;
}

/** Exists in the real library (a token whose signature fails); the fake, like observed builds, never throws it. */
export class InvalidClientTokenSignatureError extends Error {
  override name = 'InvalidClientTokenSignatureError' as const;
}

/** Thrown by `load` (without a `client_token`), `reauthorize`, `finalize` and `loadPaymentReview` before a successful `init`. */
export class ApplicationNotInitializedError extends Error {
  override name = 'ApplicationNotInitializedError' as const;
}

/** Thrown by `authorize` when no widget was ever loaded for that instance or category (`finalize` needs none). */
export class ApplicationNotLoadedError extends Error {
  override name = 'ApplicationNotLoadedError' as const;
}

/** Thrown by `load` when the container selector matches no element. */
export class InvalidContainerSelectorError extends Error {
  override name = 'InvalidContainerSelectorError' as const;
}

/** Thrown when a category is not among the token's `payment_method_categories` (the fake also throws it for an empty or non-string category). */
export class PaymentMethodCategoryNotSupportedError extends Error {
  override name = 'PaymentMethodCategoryNotSupportedError' as const;
}

/** Exists in the real library (an unknown `preferred_payment_method`); the fake accepts any string. */
export class PreferredPaymentMethodNotSupportedError extends Error {
  override name = 'PreferredPaymentMethodNotSupportedError' as const;
}

/** Thrown when `payment_method_categories` is given without an `instance_id`. */
export class InstanceIDNotProvidedError extends Error {
  override name = 'InstanceIDNotProvidedError' as const;
}

/** Thrown when `instance_id` does not match `/^[\w-]+$/`. */
export class InvalidInstanceIDError extends Error {
  override name = 'InvalidInstanceIDError' as const;
}

/** Thrown by `on` for an event the library does not fire. */
export class EventNotSupportedError extends Error {
  override name = 'EventNotSupportedError' as const;
}

/** Thrown by `loadPaymentReview` outside the US and GB (the token's `purchase_country`). */
export class OperationNotSupportedError extends Error {
  override name = 'OperationNotSupportedError' as const;
}
