import { kindOf } from '@org/kalshi-auth';
import { describeFailure } from './error-context';
import { errorFromResponse, isErrorBody, KalshiValidationError } from './errors';
import { findOperation } from './generated/manifest';
import { stateOf } from './request-state';

interface FetchResult<T> {
  readonly data?: T;
  readonly error?: unknown;
  readonly response: Response;
}

/**
 * `{ data, error, response }` → data, or throws the matching KalshiApiError. A 2xx whose body is an error object
 * is an error too.
 */
export function unwrap<T>(result: FetchResult<T>): NonNullable<T> {
  // A call's promise (its `await` forgotten) or anything else has no response to read.
  if (typeof result?.response?.status !== 'number')
    throw new KalshiValidationError(
      'result',
      typeof (result as { then?: unknown })?.then === 'function'
        ? 'got a promise: await the call, then unwrap what it resolves to'
        : `expected a call's result ({ data, error, response }), got ${kindOf(result)}`,
    );
  const { data, error, response } = result;
  const failed = error !== undefined || !response.ok || isErrorBody(data);
  if (!failed) return data as NonNullable<T>;
  const path = new URL(response.url || 'http://x/').pathname;
  throw errorFromResponse(response.status, error ?? data, {
    operationId: operationIdOf(response, path),
    requestId: response.headers.get('x-request-id') ?? undefined,
    about: (parsed) => describeFailure(stateOf(response), response.status, parsed, response.url),
  });
}

function operationIdOf(response: Response, path: string): string | undefined {
  return stateOf(response)?.operation?.operationId ?? findOperation('get', path)?.operationId;
}
