import { KalshiError } from '../errors';
import { type ErrorCode, errorCodes } from '../generated/asyncapi';

/** A command rejected by the server, with Kalshi's numeric code (e.g. 8 "Unknown channel name"). */
export class KalshiStreamError extends KalshiError {
  override name = 'KalshiStreamError';
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(`${code} ${errorCodes[code as ErrorCode] ?? 'error'}: ${message}`);
  }
}
