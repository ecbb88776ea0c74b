/**
 * The error a merchant's `resolveCart` throws when the browser's cart cannot be priced (an unknown
 * product, a quantity out of range, a sold-out item). The checkout handler answers it with a 400
 * `bad_request` whose message is this error's message, so write it for the shop's front end.
 */
import { KlarnaError } from '../errors/klarna-error.js';

/** Thrown by `resolveCart` for a cart the shop refuses; the handler answers 400 with this message. */
export class CartResolutionError extends KlarnaError {
  override name = 'CartResolutionError' as const;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
