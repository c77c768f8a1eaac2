// kalshi.close() resolves only after every call in flight has settled for its caller: the order helpers run on the
// client (standalone), a call held in a middleware, a raw call (round 28, K). Contract (client.ts KalshiHelpers.close,
// README "kalshi.close()"): close() "resolves once the calls in flight have ended (... this client's order helpers
// settled)". The notes are silent on shutting a client down.
import { http } from 'msw';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { cancelOrders, KalshiAbortError, type KalshiClient, type KalshiClientOptions, placeOrder } from '../../src';
import { MOCK_BASE, useKalshiMock } from '../mock-server';

const { kalshi, client } = useKalshiMock({ seed: 2811 });
const seen: string[] = [];
beforeEach(() => {
  seen.length = 0;
  kalshi.server.events.on('request:start', ({ request }) => {
    seen.push(`${request.method} ${new URL(request.url).pathname.replace('/trade-api/v2', '')}`);
  });
});
afterEach(() => {
  kalshi.server.events.removeAllListeners();
  vi.useRealTimers();
});
const flush = async () => {
  for (let i = 0; i < 5; i++) await vi.advanceTimersByTimeAsync(0);
};
async function fakeTimedClient(options: KalshiClientOptions = {}): Promise<KalshiClient> {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  return client({ retry: { initialDelayMs: 1, maxDelayMs: 4, maxRetryAfterMs: 30_000 }, ...options });
}
const ticker = () => [...kalshi.exchange.markets.values()].find((m) => m.status === 'active')?.ticker as string;

it('close() resolves only after cancelOrders(kalshi, …) waiting between read-backs has rejected for its caller', async () => {
  const k = await fakeTimedClient();
  const placed = await k.placeOrder({ ticker: ticker(), action: 'buy', side: 'yes', count: 1, price: '0.05' });
  kalshi.faults.add({ operation: 'BatchCancelOrdersV2', kind: 'commit-then-drop', times: 1 });
  kalshi.faults.add({ operation: 'GetOrder', kind: 'stale-read', lagMs: 60_000 });
  const settled: string[] = [];
  const pending = cancelOrders(k, { orders: [placed] });
  pending.catch(() => settled.push('cancelOrders'));
  await flush();
  await vi.advanceTimersByTimeAsync(10);
  await flush();
  expect(vi.getTimerCount()).toBe(1); // the read-back wait
  await k.close().then(() => settled.push('close'));
  // As kalshi.placeOrder's (close.test.ts): the caller sees the helper's rejection (orders named, mayHaveActed) first.
  expect(settled).toEqual(['cancelOrders', 'close']);
  await expect(pending).rejects.toBeInstanceOf(KalshiAbortError);
});

it('close() resolves only after placeOrder(kalshi, …) (standalone) waiting between look-ups has rejected for its caller', async () => {
  const k = await fakeTimedClient();
  kalshi.faults.add({ operation: 'CreateOrderV2', kind: 'commit-then-drop', times: 1 });
  kalshi.faults.add({ operation: 'GetOrders', kind: 'stale-read', lagMs: 60_000 });
  const settled: string[] = [];
  const clientOrderId = 'k1b-standalone';
  const call = placeOrder(k, { ticker: ticker(), action: 'buy', side: 'yes', count: 1, price: '0.05', clientOrderId });
  call.catch(() => settled.push('placeOrder'));
  await flush();
  await vi.advanceTimersByTimeAsync(10);
  await flush();
  expect(vi.getTimerCount()).toBe(1);
  await k.close().then(() => settled.push('close'));
  expect(settled).toEqual(['placeOrder', 'close']);
  await expect(call).rejects.toMatchObject({ clientOrderId, mayHaveActed: true });
});

it('a call held in a middleware onRequest keeps close() pending, then is refused unsent', async () => {
  const k = await fakeTimedClient();
  let release = () => {};
  k.use({ onRequest: () => new Promise<undefined>((resolve) => (release = () => resolve(undefined))) });
  const settled: string[] = [];
  const call = k.GET('/portfolio/balance');
  call.then(
    () => settled.push('GET resolved'),
    () => settled.push('GET rejected'),
  );
  await flush();
  let closed = false;
  const closing = k.close().then(() => {
    closed = true;
    settled.push('close');
  });
  await flush();
  // The GET is in flight (the user called it before close): close() must not have resolved yet.
  expect(closed).toBe(false);
  release();
  await closing;
  await flush();
  expect(settled).toEqual(['GET rejected', 'close']);
  expect(seen).toEqual([]);
});

// The same "inner hold" 29ad74a fixed for kalshi.placeOrder, for a raw call: the transport's `running` ends before
// call.ts's wrapper settles the caller's promise, so `await kalshi.close(); process.exit()` loses the raw write's
// KalshiAbortError that names its client_order_id with mayHaveActed true.
it('close() resolves only after a raw create in flight has rejected for its caller (its order named, it may have acted)', async () => {
  const k = await fakeTimedClient();
  kalshi.server.use(http.post(`${MOCK_BASE}/portfolio/events/orders`, () => new Promise<never>(() => {})));
  const settled: string[] = [];
  const call = k.POST('/portfolio/events/orders', {
    body: {
      ticker: ticker(),
      side: 'bid',
      count: '1',
      price: '0.05',
      client_order_id: 'k6-raw',
      time_in_force: 'good_till_canceled',
      self_trade_prevention_type: 'taker_at_cross',
    },
  });
  call.catch(() => settled.push('POST'));
  await flush();
  expect(seen).toEqual(['POST /portfolio/events/orders']);
  await k.close().then(() => settled.push('close'));
  expect(settled).toEqual(['POST', 'close']);
  await expect(call).rejects.toMatchObject({ clientOrderId: 'k6-raw', mayHaveActed: true });
});
