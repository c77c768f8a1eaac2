import { describe, expect, it } from 'vitest';
import {
  errorFromResponse,
  KalshiApiError,
  KalshiAuthenticationError,
  KalshiBadRequestError,
  KalshiConflictError,
  KalshiGoneError,
  KalshiNotFoundError,
  KalshiPermissionDeniedError,
  KalshiRateLimitError,
  KalshiServerError,
  KalshiValidationError,
  unwrap,
} from '../../src';
import { json, observedClient } from '../helpers';

describe('errorFromResponse reads every error shape Kalshi sends', () => {
  it.each([
    [
      'nested',
      409,
      { error: { code: 'order_already_exists', message: 'order already exists', service: 'exchange' } },
      KalshiConflictError,
      'order_already_exists',
      undefined,
    ],
    [
      'nested with details',
      401,
      { error: { code: 'authentication_error', message: 'authentication_error', details: 'NOT_FOUND' } },
      KalshiAuthenticationError,
      'authentication_error',
      'NOT_FOUND',
    ],
    [
      'flat',
      400,
      { code: 'bad_request', message: 'bad request', details: 'json: cannot unmarshal number' },
      KalshiBadRequestError,
      'bad_request',
      'json: cannot unmarshal number',
    ],
    [
      'bare msg',
      400,
      { msg: 'Parameter validation failed for GetMarkets: limit' },
      KalshiBadRequestError,
      'invalid_parameters',
      undefined,
    ],
    ['429 string', 429, { error: 'too many requests' }, KalshiRateLimitError, 'too_many_requests', undefined],
    ['empty 503', 503, undefined, KalshiServerError, 'server_error', undefined],
    ['403', 403, { error: { code: 'forbidden', message: 'no' } }, KalshiPermissionDeniedError, 'forbidden', undefined],
    ['404', 404, { error: { code: 'not_found', message: 'not found' } }, KalshiNotFoundError, 'not_found', undefined],
    [
      '410',
      410,
      { error: { code: 'deprecated_v1_order_endpoint', message: 'gone' } },
      KalshiGoneError,
      'deprecated_v1_order_endpoint',
      undefined,
    ],
  ] as const)('%s', (_name, status, body, ErrorClass, code, details) => {
    const error = errorFromResponse(status, body, { operationId: 'CreateOrderV2', requestId: 'req-1' });
    expect(error).toBeInstanceOf(ErrorClass);
    expect(error).toBeInstanceOf(KalshiApiError);
    expect(error).toMatchObject({ status, code, details, operationId: 'CreateOrderV2', requestId: 'req-1' });
    expect(error.message).toContain(code);
  });
});

describe('unwrap', () => {
  it('returns data on success and throws the typed error otherwise, naming the operation', async () => {
    const { client } = await observedClient((request) =>
      request.url.endsWith('/exchange/status')
        ? json({ exchange_active: true, trading_active: true })
        : json({ error: { code: 'not_found', message: 'not found' } }, 404),
    );
    expect(unwrap(await client.GET('/exchange/status'))).toEqual({ exchange_active: true, trading_active: true });
    const error = await Promise.resolve()
      .then(async () => unwrap(await client.GET('/markets/{ticker}', { params: { path: { ticker: 'NOPE' } } })))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KalshiNotFoundError);
    expect(error).toMatchObject({ operationId: 'GetMarket', code: 'not_found' });
  });

  // Round 22 (trial T): `unwrap(client.GET(...))`, the await forgotten, threw a TypeError about `ok` from inside.
  it('names a promise given for a result, and anything else that is not one', async () => {
    const { client } = await observedClient(() => json({ exchange_active: true }));
    const pending = client.GET('/exchange/status');
    expect(() => unwrap(pending as never)).toThrow(KalshiValidationError);
    expect(() => unwrap(pending as never)).toThrow(
      'result: got a promise: await the call, then unwrap what it resolves to',
    );
    expect(() => unwrap(undefined as never)).toThrow(
      "result: expected a call's result ({ data, error, response }), got undefined",
    );
    expect(unwrap(await pending)).toEqual({ exchange_active: true });
  });

  it('treats a 2xx whose body is an error object as an error, not data', async () => {
    const { client } = await observedClient(() =>
      json({ error: { code: 'service_unavailable', message: 'down' } }, 200),
    );
    const result = await client.GET('/exchange/status');
    expect(() => unwrap(result)).toThrow(KalshiServerError);
  });

  it('keeps no request headers (signatures) in errors', async () => {
    const { client, requests } = await observedClient(() => json({ error: { code: 'x', message: 'y' } }, 400));
    const error = await Promise.resolve()
      .then(async () => unwrap(await client.GET('/portfolio/balance')))
      .catch((e: unknown) => e as Error);
    const signature = requests[0]?.headers.get('KALSHI-ACCESS-SIGNATURE') as string;
    expect(signature).toBeTruthy();
    expect(JSON.stringify(error) + String(error) + (error as Error).stack).not.toContain(signature);
  });
});
