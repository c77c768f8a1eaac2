// A library's file that hands raw calls' results on, compiled by consumer-settings.test.ts against the built packages
// with its declarations emitted. Round 25, T3: a result is named by this package's exports (KalshiResult), not by
// openapi-fetch's, which a library depending on @org/kalshi-client alone cannot reach under an isolated install (pnpm,
// npm's linked strategy: TS2742).
import { type components, type KalshiClient, type KalshiResult, unwrap } from '@org/kalshi-client';
import { expectTypeOf } from 'vitest';

// Inferred: the emitted declaration names KalshiResult.
export async function rawGet(kalshi: KalshiClient) {
  return kalshi.GET('/markets');
}

export async function rawText(kalshi: KalshiClient) {
  return kalshi.GET('/portfolio/balance', { parseAs: 'text', timeoutMs: 5_000 });
}

// Annotated with it: the call's own options (query, body, per-call options) do not change the type, parseAs does.
export async function rawMarket(kalshi: KalshiClient, ticker: string): Promise<KalshiResult<'/markets/{ticker}'>> {
  return kalshi.GET('/markets/{ticker}', { params: { path: { ticker } } });
}

export async function rawCreate(
  kalshi: KalshiClient,
  body: components['schemas']['CreateOrderV2Request'],
): Promise<KalshiResult<'/portfolio/events/orders', 'post'>> {
  return kalshi.POST('/portfolio/events/orders', { body, timeoutMs: 5_000 });
}

expectTypeOf<Awaited<ReturnType<typeof rawGet>>>().toEqualTypeOf<KalshiResult<'/markets'>>();
expectTypeOf<Awaited<ReturnType<typeof rawText>>>().toEqualTypeOf<KalshiResult<'/portfolio/balance', 'get', 'text'>>();
expectTypeOf<Awaited<ReturnType<typeof rawText>>['data']>().toEqualTypeOf<string | undefined>();
export const tickers = async (kalshi: KalshiClient) => unwrap(await rawGet(kalshi)).markets.map((m) => m.ticker);
expectTypeOf<Awaited<ReturnType<typeof tickers>>>().toEqualTypeOf<string[]>();
// @ts-expect-error GET /markets has no POST
export type NoSuchMethod = KalshiResult<'/markets', 'post'>;
