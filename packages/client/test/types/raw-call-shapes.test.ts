import type { FetchOptions, MaybeOptionalInit } from 'openapi-fetch';
import { expectTypeOf, it } from 'vitest';
import type { components, KalshiClient, operationTypes } from '../../src';
import type { paths } from '../../src/generated/openapi';

// Round 28 (attacker L): calls typed with openapi-fetch's own option types, whose `signal` is RequestInit's
// (`AbortSignal | null`), did not compile against the client's `AbortSignal | undefined`; the client takes null as no
// signal at run time.
declare const kalshi: KalshiClient;
declare const postOnly: boolean;
type CreateOrder = components['schemas']['CreateOrderV2Request'];
type MarketsQuery = NonNullable<operationTypes['GetMarkets']['parameters']['query']>;
const order = {
  ticker: 'T',
  side: 'bid',
  count: '1',
  price: '0.01',
  time_in_force: 'good_till_canceled',
  self_trade_prevention_type: 'maker',
} as const;

it("takes options typed with openapi-fetch's own types, and a null signal", () => {
  const markets = (init: FetchOptions<operationTypes['GetMarkets']>) => kalshi.GET('/markets', init);
  const place = (init: FetchOptions<operationTypes['CreateOrderV2']>) => kalshi.POST('/portfolio/events/orders', init);
  const markets2 = (init: MaybeOptionalInit<paths['/markets'], 'get'>) => kalshi.GET('/markets', init);
  const nullSignal = () => kalshi.GET('/markets', { signal: null });
  const placeNull = () =>
    kalshi.placeOrder({ ticker: 'T', action: 'buy', side: 'yes', count: 1, price: '0.01', signal: null });
  expectTypeOf([markets, place, markets2, nullSignal, placeNull]).toBeArray();
});

// Correct shapes on which the raw call's unknown-key check (call-options.ts `Checked`) flags a key of a wider-typed
// variable or spread, and falls back to the operation's own options, which accept them: they must keep compiling.
it('compiles correct bodies and queries built from spreads, wider variables, Records and generics', () => {
  type MyOrder = CreateOrder & { strategy: string };
  const mine = {} as MyOrder;
  const query: Record<string, string> = { category: 'c' };
  const typed = async () => {
    await kalshi.POST('/portfolio/events/orders', { body: { ...order, ...(postOnly ? { post_only: true } : {}) } });
    await kalshi.POST('/portfolio/events/orders', { body: mine });
    await kalshi.POST('/portfolio/events/orders', { body: { ...mine, post_only: true } });
    await kalshi.POST('/portfolio/events/orders/batched', { body: { orders: [{ ...mine, post_only: true }] } });
    await kalshi.POST('/portfolio/events/orders/batched', {
      body: { orders: [mine].map((o) => ({ ...o, reduce_only: true })) },
    });
    await kalshi.GET('/series', { params: { query } });
    const text = await kalshi.GET('/series', { params: { query: { ...query, category: 'x' } }, parseAs: 'text' });
    expectTypeOf(text.data).toEqualTypeOf<string | undefined>();
    await kalshi.GET('/markets', { params: {} });
    await kalshi.GET('/markets', {
      params: { query: { limit: 1 } },
      signal: new AbortController().signal,
      retry: false,
    });
    await kalshi.POST('/api_keys/generate', { body: { name: 'n', scopes: ['read', 'write'] } });
  };
  const batch = <B extends CreateOrder>(b: B) =>
    kalshi.POST('/portfolio/events/orders/batched', { body: { orders: [b, { ...order }] } });
  const list = <Q extends MarketsQuery>(q: Q) => kalshi.GET('/markets', { params: { query: { ...q, limit: 100 } } });
  expectTypeOf(typed).toBeFunction();
  expectTypeOf([batch, list]).toBeArray();
});
