// A downstream project's test suite, as the README shows it: copied into a clean npm project with the packed
// tarballs and run by that project's vitest (4 on Node 20 with msw 2; 5 on Node 22 and 24 with msw 3).
import { createServer } from 'node:http';
import { createKalshiClient, unwrap } from '@org/kalshi-client';
import { createKalshiStream } from '@org/kalshi-client/ws';
import { setupKalshiMockServer } from '@org/kalshi-mock/node';
import { advanceUntilSettled } from '@org/kalshi-mock/vitest';
import { afterAll, afterEach, beforeAll, expect, it, vi } from 'vitest';

const kalshi = setupKalshiMockServer();
beforeAll(() => kalshi.listen());
afterEach(() => {
  kalshi.exchange.reset();
  kalshi.faults.clear();
  kalshi.server.resetHandlers();
});
afterAll(() => kalshi.server.close());

const credentials = { keyId: kalshi.credentials.keyId, privateKey: kalshi.credentials.privateKeyPem };

it('places an order over REST and sees it on the stream', async () => {
  const client = await createKalshiClient({ environment: 'demo', credentials });
  const { markets } = unwrap(await client.GET('/markets', { params: { query: { status: 'open', limit: 1 } } }));
  const ticker = markets[0].ticker;
  const stream = await createKalshiStream({ environment: 'demo', credentials });
  const sub = await stream.subscribe({ channels: ['orderbook_delta'], market_tickers: [ticker] });
  const placed = await client.placeOrder({ ticker, action: 'buy', side: 'yes', count: 2, price: '0.01' });
  expect(placed.remaining_count).toBe('2.00');
  const seen = [];
  for await (const message of sub) {
    seen.push(message);
    if (message.type === 'orderbook_delta') break;
  }
  expect(seen[0].type).toBe('orderbook_snapshot');
  expect(seen.at(-1).msg).toMatchObject({ market_ticker: ticker, price_dollars: '0.0100', delta_fp: '2.00' });
  await stream.close();
});

it('kalshi.listen() fails a request no handler answers instead of sending it to the network', async () => {
  let reached = 0;
  const outside = createServer((_req, res) => {
    reached++;
    res.end('reached the network');
  });
  await new Promise((done) => outside.listen(0, '127.0.0.1', done));
  const printed = vi.spyOn(console, 'error').mockImplementation(() => undefined);
  try {
    await expect(fetch(`http://127.0.0.1:${outside.address().port}/`)).rejects.toThrow();
    expect(reached).toBe(0);
  } finally {
    printed.mockRestore();
    outside.close();
  }
});

// msw 3 answers Node's fetch over mock sockets, which fetch keeps in its pool; reusing a pooled socket waits on a
// setImmediate that vi.useFakeTimers() holds, so a request would wait for timers a test does not advance. The first
// test left such a socket (msw 2 answers fetch itself: no socket, no pool).
it('under vi.useFakeTimers(), a request completes without advancing them after requests on the real clock', async () => {
  const client = await createKalshiClient({ environment: 'demo', credentials });
  const { markets } = unwrap(await client.GET('/markets', { params: { query: { status: 'open', limit: 1 } } }));
  vi.useFakeTimers();
  try {
    const connecting = createKalshiStream({ environment: 'demo', credentials });
    await vi.advanceTimersByTimeAsync(10);
    const stream = await connecting;
    const placed = await client.placeOrder({
      ticker: markets[0].ticker,
      action: 'buy',
      side: 'yes',
      count: 1,
      price: '0.01',
    });
    expect(placed.remaining_count).toBe('1.00');
    await stream.close();
  } finally {
    vi.useRealTimers();
  }
});

// Round 21's trial: under fake timers, a create whose answer was lost hung after one vi.advanceTimersByTimeAsync:
// Node's fetch (over msw 3's mock sockets) delivers the dropped answer a macrotask after the advance looked for due
// timers, so the client's retry timer was set once it had returned. advanceUntilSettled steps until the call settles.
it('under vi.useFakeTimers(), advanceUntilSettled sees a create whose answer was lost recovered', async () => {
  const client = await createKalshiClient({ environment: 'demo', credentials });
  const { markets } = unwrap(await client.GET('/markets', { params: { query: { status: 'open', limit: 1 } } }));
  kalshi.faults.add({ operation: 'CreateOrderV2', kind: 'commit-then-drop', times: 1 });
  vi.useFakeTimers();
  try {
    const order = { ticker: markets[0].ticker, action: 'buy', side: 'yes', count: 1, price: '0.01' };
    expect(await advanceUntilSettled(client.placeOrder(order))).toMatchObject({ recovered: true });
    expect(kalshi.inspect.orders({ ticker: order.ticker })).toHaveLength(1);
  } finally {
    vi.useRealTimers();
  }
});
