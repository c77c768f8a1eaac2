import { KalshiError } from '../errors';
import { type ErrorCode, errorCodes } from '../generated/asyncapi';

/**
 * A command rejected by the server, or a subscription it ended, with Kalshi's numeric code (e.g. 8 "Unknown channel
 * name"); code 0 is the client's own: a subscription whose sequence kept breaking after every repair.
 */
export class KalshiStreamError extends KalshiError {
  override name = 'KalshiStreamError';
  constructor(
    readonly code: number,
    message: string,
  ) {
    const name = errorCodes[code as ErrorCode] as string | undefined;
    // Kalshi's `msg` is often just the code's name ("Unsupported action"): said once, not twice.
    super(
      code === 0
        ? message
        : !name
          ? `${code} ${message}`
          : message && message !== name
            ? `${code} ${name}: ${message}`
            : `${code} ${name}`,
    );
  }
}
