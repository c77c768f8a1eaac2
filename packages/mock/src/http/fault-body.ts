// What a `status` fault without a `body` answers (control-api.json StatusFault.body: "Kalshi's body for that
// status"): the body the mock answers that status with for real, built by the same functions.
import {
  type ErrorBody,
  exchangeError,
  forbidden,
  internalServerError,
  invalidParameters,
  notFound,
  orderAlreadyExists,
  retiredOrderEndpoint,
  serviceUnavailable,
  tooManyRequests,
} from '../exchange/errors';
import { authenticationFailed } from '../shared/auth';

/** The statuses kalshi-api-notes record a body for (§2.3, §3.2, §8.1), each with its generic case. */
const KALSHI_ERRORS: Readonly<Record<number, () => { readonly body: ErrorBody }>> = {
  400: () => invalidParameters(), // generic request validation (recorded without details)
  401: () => authenticationFailed('bad_signature'), // a signature that does not verify
  403: () => forbidden(), // the code is not recorded ("various"): the mock's permission 403
  404: () => notFound(),
  409: orderAlreadyExists, // the confirmed 409 (market_closed is unconfirmed)
  410: retiredOrderEndpoint,
  429: tooManyRequests,
  500: () => internalServerError(), // listed without a body: the mock's own 500
  503: serviceUnavailable,
};

/**
 * Kalshi's body for `status`. For a status the notes record no body for (408, 502, 504, Cloudflare's 52x, …) a
 * fallback in the nested shape: `internal_server_error` for a 5xx, as the mock's 500; `injected_fault` for a 4xx, so
 * that whoever reads it sees a fault answered.
 */
export function faultBody(status: number): ErrorBody {
  const kalshi = KALSHI_ERRORS[status];
  if (kalshi) return kalshi().body;
  return status >= 500 ? internalServerError().body : exchangeError(status, 'injected_fault').body;
}
