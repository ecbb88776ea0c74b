/** The error the development server (`klarna-checkout-button dev`) throws for a setting it refuses. */
import { KlarnaError } from '../errors/klarna-error.js';

/** Thrown by `startDevServer()` and the `dev` command for options they refuse, with the fix in its message. */
export class DevServerError extends KlarnaError {
  override name = 'DevServerError' as const;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
