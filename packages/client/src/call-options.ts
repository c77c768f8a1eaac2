import { KalshiValidationError } from './errors';
import type { RetryOptions } from './transport';

/**
 * Options of one call, on top of the client's: `kalshi.GET('/markets', { timeoutMs: 2_000, retry: false })`.
 * openapi-fetch accepts extra keys in a call's options and copies them onto the request the transport receives.
 */
export interface CallOptions {
  /** Retries for this call (merged over the client's), or `false` for none (a 429 included). */
  readonly retry?: RetryOptions | false;
  /** Per-attempt timeout in ms for this call (0 disables). */
  readonly timeoutMs?: number;
  /** Aborts the call (waiting for rate-limit tokens, an attempt, or a backoff) with `KalshiAbortError`. */
  readonly signal?: AbortSignal;
}

/** The call's own `retry` and `timeoutMs`, as openapi-fetch copied them onto the request, checked. */
export function callOptionsOf(request: object): Pick<CallOptions, 'retry' | 'timeoutMs'> {
  const { retry, timeoutMs } = request as CallOptions;
  if (timeoutMs !== undefined && !(timeoutMs >= 0)) throw new KalshiValidationError('timeoutMs', 'must be ms ≥ 0');
  if (retry !== undefined && retry !== false && typeof retry !== 'object')
    throw new KalshiValidationError('retry', 'must be retry options or false');
  return { retry, timeoutMs };
}
