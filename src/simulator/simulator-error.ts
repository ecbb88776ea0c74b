/** The error the simulator's JavaScript API throws (for example `simulator.authorize()` on an unknown session). */
import { KlarnaError } from '../errors/klarna-error.js';

/** A refusal of the simulator's JavaScript API, carrying Klarna's status and error code. */
export class KlarnaSimulatorError extends KlarnaError {
  override name = 'KlarnaSimulatorError' as const;
  /** The HTTP status the same call gets over HTTP. */
  readonly status: number;
  /** Klarna's `error_code`, e.g. `NOT_FOUND`. */
  readonly errorCode: string;
  constructor(message: string, status: number, errorCode: string) {
    super(message);
    this.status = status;
    this.errorCode = errorCode;
  }
}
