import { KalshiError } from '../errors';
import { type ErrorCode, errorCodes } from '../generated/asyncapi';

/** A command rejected by the server, with Kalshi's numeric code (e.g. 8 "Unknown channel name"). */
export class KalshiStreamError extends KalshiError {
  override name = 'KalshiStreamError';
  constructor(
    readonly code: number,
    message: string,
  ) {
    const name = errorCodes[code as ErrorCode] as string | undefined;
    // Kalshi's `msg` is often just the code's name ("Unsupported action"): said once, not twice.
    super(
      !name ? `${code} ${message}` : message && message !== name ? `${code} ${name}: ${message}` : `${code} ${name}`,
    );
  }
}
