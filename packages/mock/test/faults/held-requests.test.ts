// A request held by a `latency` fault (or the `latencyMs` option) belongs to the test it was sent in. The README's
// isolation pattern is `afterEach(() => { exchange.reset(); faults.clear(); … })`, and `close()` "closes every
// connection, stops listening and clears the mock's timer": a held request is dropped (a network error, never
// applied to the next test's fresh exchange) and its timer cleared. The notes are silent on mock internals.
import { afterEach, expect, it, vi } from 'vitest';
import { TEST_USER_ID } from '../../src';
import { startKalshiMockServer } from '../../src/node';
import { harness, order, signedFetch } from '../helpers';
import { activeTickers, openSession } from '../stream/session';

afterEach(() => {
  vi.restoreAllMocks();
  vi.useRealTimers();
});

const mine = (exchange: { orders: Map<string, { userId: string; clientOrderId?: string }> }) =>
  [...exchange.orders.values()].filter((o) => o.userId === TEST_USER_ID).map((o) => o.clientOrderId);

it('exchange.reset() drops a create held by a latency fault: the fresh exchange never sees it', async () => {
  const h = await harness({ latencyMs: 0 });
  const ticker = activeTickers(h.mock.exchange)[0] as string;
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  h.mock.faults.add({ operation: 'CreateOrderV2', kind: 'latency', ms: 60_000 });
  const held = h.call('POST', '/portfolio/events/orders', order(ticker, { client_order_id: 'late-1' }));
  await vi.waitFor(() => expect(h.mock.faults.fired.get('CreateOrderV2')).toBe(1));
  h.mock.exchange.reset();
  h.mock.faults.clear();
  await vi.advanceTimersByTimeAsync(60_000);
  expect((await held).type).toBe('error');
  expect(mine(h.mock.exchange)).toEqual([]);
});

it('the latencyMs option holds like a fault: dropped by reset', async () => {
  const h = await harness({ latencyMs: 60_000 });
  const ticker = activeTickers(h.mock.exchange)[0] as string;
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  const held = h.call('POST', '/portfolio/events/orders', order(ticker, { client_order_id: 'late-2' }));
  await vi.waitFor(() => expect(vi.getTimerCount()).toBe(1));
  h.mock.exchange.reset();
  await vi.advanceTimersByTimeAsync(60_000);
  expect((await held).type).toBe('error');
  expect(mine(h.mock.exchange)).toEqual([]);
});

it('close() drops a held request: its timer is cleared and the closed mock never applies it', async () => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  // fetch and the HTTP server have timers of their own: the hold's is the one of the fault's length.
  const set = vi.spyOn(globalThis, 'setTimeout');
  const clear = vi.spyOn(globalThis, 'clearTimeout');
  const server = await startKalshiMockServer();
  const ticker = activeTickers(server.mock.exchange)[0] as string;
  server.mock.faults.add({ operation: 'CreateOrderV2', kind: 'latency', ms: 60_000 });
  const held = signedFetch(server, 'POST', '/portfolio/events/orders', order(ticker, { client_order_id: 'held-1' }));
  held.catch(() => {}); // the connection is closed under it
  // Over loopback, not in one event-loop turn: however long a loaded machine takes to get it there (20 s at most).
  await vi.waitFor(() => expect(server.mock.faults.fired.get('CreateOrderV2')).toBe(1), { timeout: 20_000 });
  const hold = set.mock.results[set.mock.calls.findIndex(([, ms]) => ms === 60_000)]?.value;
  expect(hold).toBeDefined(); // it would keep the process alive for a minute
  await server.close();
  expect(clear).toHaveBeenCalledWith(hold);
  await expect(held).rejects.toThrow();
  await vi.advanceTimersByTimeAsync(60_000);
  expect(mine(server.mock.exchange)).toEqual([]);
});

it('a stream session going away clears the timer of a `delay` fault holding its messages', () => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  const h = openSession();
  const ticker = activeTickers(h.exchange)[0] as string;
  h.send({ id: 1, cmd: 'subscribe', params: { channels: ['orderbook_delta'], market_tickers: [ticker] } });
  h.faults.add({ stream: '*', kind: 'delay', ms: 60_000 });
  const sent = h.frames.length;
  h.exchange.createOrder('someone', {
    ticker,
    side: 'bid',
    price: 10_000,
    count: 1,
    timeInForce: 'good_till_canceled',
    selfTradePrevention: 'maker',
  });
  expect(vi.getTimerCount()).toBe(1); // the delta is held
  h.session.dispose();
  expect(vi.getTimerCount()).toBe(0);
  vi.advanceTimersByTime(60_000);
  expect(h.frames).toHaveLength(sent);
});
