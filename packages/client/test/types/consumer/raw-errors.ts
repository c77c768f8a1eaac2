// A consumer's file that reads a failed raw call's error, compiled by consumer-settings.test.ts against the built
// packages. Round 25, T1: the body is one of the four shapes kalshi-api-notes §3.1 records, most with the code nested
// (`{"error":{"code":"not_found",…}}`), so `error.code` is not there to read: the type says so, and parseErrorBody (or
// unwrap) reads all four. The notes record no body from Kalshi that is not JSON: a proxy's page would arrive as text,
// which the type leaves out so that `if (error)` still narrows `data`.
import { type components, type KalshiClient, type KalshiErrorBody, parseErrorBody, unwrap } from '@org/kalshi-client';
import { expectTypeOf } from 'vitest';

export const shapes: KalshiErrorBody[] = [
  { error: { code: 'not_found', message: 'not found', service: 'exchange' } },
  { code: 'bad_request', message: 'bad request', details: 'json: cannot unmarshal number into Go struct field' },
  { msg: "Parameter validation failed for GetMarkets: Key: 'GetMarketsParams.Limit'" },
  { error: 'too many requests' },
];

export async function tickerOrCode(kalshi: KalshiClient, ticker: string): Promise<string | undefined> {
  const result = await kalshi.GET('/markets/{ticker}', { params: { path: { ticker } } });
  if (!result.error) return result.data.market.ticker; // data is typed as before
  expectTypeOf(result.error).toEqualTypeOf<KalshiErrorBody>();
  // @ts-expect-error the code of a nested body ({"error":{"code":"not_found"}}) is not at the top
  if (result.error.code === 'not_found') return undefined;
  if ('error' in result.error && typeof result.error.error === 'object') return result.error.error.code;
  return parseErrorBody(result.error)?.code;
}

export async function created(kalshi: KalshiClient, body: components['schemas']['CreateOrderV2Request']) {
  const result = await kalshi.POST('/portfolio/events/orders', { body });
  // @ts-expect-error a 429's body is a string under `error`: no message at the top either
  void result.error?.message;
  return unwrap(result).order_id;
}
