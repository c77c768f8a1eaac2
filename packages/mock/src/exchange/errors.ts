// The error bodies Kalshi really sends (kalshi-api-notes §3.1): four shapes, declared once for client and mock in
// @org/kalshi-codegen's runtime (generated/error-body.ts).
import type { ErrorBody } from '../generated/error-body';

export type { ErrorBody };

/** A rejection by the exchange: HTTP status plus the exact body. */
export class ExchangeError extends Error {
  /** Always `'ExchangeError'`. */
  override name = 'ExchangeError';
  /** A rejection with its status and body; the message is the body as JSON. */
  constructor(
    /** The HTTP status to answer with. */
    readonly status: number,
    /** The exact body to answer with. */
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
 * 400 `invalid_parameters` ("invalid parameters", service exchange): generic request validation and malformed ids
 * (§3.2, recorded without details; the mock says what was wrong in `details`).
 */
export function invalidParameters(details?: string): ExchangeError {
  return exchangeError(400, 'invalid_parameters', 'invalid parameters', details);
}

/**
 * 403 for a permission problem (§2.3: a read-only key on a write, tier-gated or FCM-only endpoints). §3.2 lists its
 * code as "(various)" and records none: the mock says `forbidden`.
 */
export function forbidden(details?: string): ExchangeError {
  return exchangeError(403, 'forbidden', 'forbidden', details);
}

/** 404 `not_found` ("not found", service exchange; §3.2, recorded for a cancel of an unknown order). */
export function notFound(details?: string): ExchangeError {
  return exchangeError(404, 'not_found', 'not found', details);
}

/**
 * An unknown market ticker: `not_found`, with the ticker in the nested shape's optional `details` (§3.1; Kalshi's body
 * for this case is not recorded), under `field`, the request's own name for it (`market_ticker`, `tickers`…).
 */
export function marketNotFound(ticker: string, field = 'ticker'): ExchangeError {
  return notFound(`${field}: no market ${ticker}`);
}

/**
 * 400 `order_ticker_mismatch` (§3.2, D-cl 2026-01-26: code documented, status and message not): a write naming, under
 * `field`, another market than the order's. The details say which field and both markets.
 */
export function orderTickerMismatch(field: string, orderId: string, ticker: string, named: string): ExchangeError {
  return exchangeError(
    400,
    'order_ticker_mismatch',
    'order ticker mismatch',
    `${field}: order ${orderId} is in market ${ticker}, not ${named}`,
  );
}

/**
 * 400 `order_side_mismatch` (§3.2, D-cl 2026-01-26: code documented, status and message not): an amend naming another
 * side than the order's. The details say the field, the order and both sides.
 */
export function orderSideMismatch(orderId: string, side: string, named: string): ExchangeError {
  return exchangeError(
    400,
    'order_side_mismatch',
    'order side mismatch',
    `side: order ${orderId} is on side ${side}, not ${named}`,
  );
}

/**
 * 400 `order_id_and_client_order_id_mismatch` (§3.2, D-cl 2026-01-26): an amend whose `client_order_id` is not the
 * order's. The details say the field, the order and both ids (quoted: a client id is any string).
 */
export function clientOrderIdMismatch(orderId: string, clientOrderId: string, named: string): ExchangeError {
  const has = clientOrderId ? `has client_order_id ${JSON.stringify(clientOrderId)}` : 'has no client_order_id';
  return exchangeError(
    400,
    'order_id_and_client_order_id_mismatch',
    'order id and client order id mismatch',
    `client_order_id: order ${orderId} ${has}, not ${JSON.stringify(named)}`,
  );
}

/** 409 `order_already_exists` ("order already exists", service exchange; §3.2): a `client_order_id` used before. */
export function orderAlreadyExists(): ExchangeError {
  return exchangeError(409, 'order_already_exists', 'order already exists');
}

/**
 * 409 `fill_or_kill_insufficient_resting_volume`: a fill-or-kill order the book cannot fill whole. Recorded by third
 * parties only (notes §3.2's "3P", lower confidence): verbatim without `service` in a prod log (3P id 62364639234),
 * "the HTTP 409 … the exchange really sends when it kills a fill-or-kill" (3P ids 70234661605, 55859636965).
 */
export function fillOrKillKilled(): ExchangeError {
  return new ExchangeError(409, {
    error: { code: 'fill_or_kill_insufficient_resting_volume', message: 'fill or kill insufficient resting volume' },
  });
}

/**
 * 410 `deprecated_v1_order_endpoint`: a write to a legacy `/portfolio/orders` endpoint after its retirement (§3.2,
 * observed on prod; the message is the mock's own).
 */
export function retiredOrderEndpoint(): ExchangeError {
  return exchangeError(
    410,
    'deprecated_v1_order_endpoint',
    'this order endpoint has been retired: use /portfolio/events/orders',
  );
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

/**
 * 500 `internal_server_error` (service exchange). §3.2 lists 500 ("internal", from the spec) without a recorded body:
 * the nested shape with the code its name gives.
 */
export function internalServerError(details?: string): ExchangeError {
  return exchangeError(500, 'internal_server_error', 'internal server error', details);
}

/** 503 `service_unavailable` (service exchange; §3.2, recorded in a demo order-service outage). */
export function serviceUnavailable(): ExchangeError {
  return exchangeError(503, 'service_unavailable', 'service unavailable');
}
