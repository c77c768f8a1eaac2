// The error bodies Kalshi really sends (kalshi-api-notes §3.1): four shapes, not the spec's flat ErrorResponse.

/** The error bodies Kalshi sends, in each of its shapes. */
export type ErrorBody =
  | { error: { code: string; message: string; details?: string; service?: string } }
  | { code: string; message: string; details?: string }
  | { msg: string }
  | { error: string };

/** A rejection by the exchange: HTTP status plus the exact body. */
export class ExchangeError extends Error {
  override name = 'ExchangeError';
  constructor(
    readonly status: number,
    readonly body: ErrorBody,
  ) {
    super(JSON.stringify(body));
  }
}

/** Nested `{ error: { code, message, details?, service } }`, used for most 4xx/5xx from the trading stack. */
export function exchangeError(
  status: number,
  code: string,
  message = code.replace(/_/g, ' '),
  details?: string,
): ExchangeError {
  return new ExchangeError(status, { error: { code, message, ...(details ? { details } : {}), service: 'exchange' } });
}

/**
 * An unknown market ticker: the one 404 the notes record, `not_found` ("not found", service exchange; §3.2), with the
 * ticker in the nested shape's optional `details` (§3.1; Kalshi's body for this case is not recorded).
 */
export function marketNotFound(ticker: string): ExchangeError {
  return exchangeError(404, 'not_found', 'not found', `ticker: no market ${ticker}`);
}

/** Flat `{ code, message, details }`: JSON body type errors (Go unmarshal). */
export function badRequest(details: string): ExchangeError {
  return new ExchangeError(400, { code: 'bad_request', message: 'bad request', details });
}

/** Bare `{ msg }`: query-parameter validation in the gateway. */
export function parameterValidationFailed(operationId: string, detail: string): ExchangeError {
  return new ExchangeError(400, { msg: `Parameter validation failed for ${operationId}: ${detail}` });
}

/** `{ error: "too many requests" }` with no Retry-After (kalshi-api-notes §8.1). */
export function tooManyRequests(): ExchangeError {
  return new ExchangeError(429, { error: 'too many requests' });
}
