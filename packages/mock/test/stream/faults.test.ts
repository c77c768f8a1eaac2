import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type RunningKalshiMockServer, startKalshiMockServer } from '../../src/node';
import { connect, type Message, rest } from './client';
import { specErrors } from './conformance';

let server: RunningKalshiMockServer;
let ticker: string;
beforeAll(async () => {
  server = await startKalshiMockServer({ pingIntervalMs: 0 });
});
beforeEach(() => {
  server.mock.exchange.reset();
  server.mock.faults.clear();
  ticker = [...server.mock.exchange.markets.values()].find((m) => m.status === 'active')?.ticker as string;
});
afterAll(() => server.close());

const control = (route: string, body?: unknown) =>
  fetch(`${server.url.replace('/trade-api/v2', '')}/_mock/${route}`, {
    method: 'POST',
    ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  });

function restingBid(price: string, clientOrderId: string) {
  return rest(server, 'POST', '/portfolio/events/orders', {
    ticker,
    side: 'bid',
    count: '1',
    price,
    time_in_force: 'good_till_canceled',
    self_trade_prevention_type: 'taker_at_cross',
    client_order_id: clientOrderId,
  });
}

async function subscribedBook() {
  const socket = await connect(server);
  socket.send({ id: 1, cmd: 'subscribe', params: { channels: ['orderbook_delta'], market_tickers: [ticker] } });
  await socket.next((m) => m.type === 'orderbook_snapshot');
  return socket;
}

describe('stream faults', () => {
  it('skip-seq: the next order-book message jumps one seq, as if one were lost', async () => {
    const socket = await subscribedBook();
    server.mock.faults.add({ stream: 'orderbook_delta', kind: 'skip-seq', times: 1 });
    await restingBid('0.0100', 'f-1');
    await restingBid('0.0200', 'f-2');
    const first = await socket.next((m) => m.type === 'orderbook_delta');
    const second = await socket.next((m) => m.type === 'orderbook_delta');
    expect([first.seq, second.seq]).toEqual([3, 4]);
    expect(server.mock.faults.fired.get('stream:orderbook_delta')).toBe(1);
    socket.ws.terminate();
  });

  it('drop: cuts the connection without a close frame', async () => {
    const socket = await subscribedBook();
    await control('faults', { stream: '*', kind: 'drop', times: 1 });
    await restingBid('0.0100', 'f-3');
    expect(await socket.closed).toBe(1006);
    expect(socket.received.some((m: Message) => m.type === 'orderbook_delta')).toBe(false);
  });

  it('delay: holds messages for the given time and keeps their order', async () => {
    const socket = await subscribedBook();
    server.mock.faults.add({ stream: 'orderbook_delta', kind: 'delay', ms: 150, times: 1 });
    const sent = Date.now();
    await restingBid('0.0100', 'f-4');
    await restingBid('0.0200', 'f-5');
    const first = await socket.next((m) => m.type === 'orderbook_delta');
    expect(Date.now() - sent).toBeGreaterThanOrEqual(140);
    const second = await socket.next((m) => m.type === 'orderbook_delta');
    expect([first.msg.price_dollars, second.msg.price_dollars]).toEqual(['0.0100', '0.0200']);
    expect([first.seq, second.seq]).toEqual([2, 3]);
    socket.ws.terminate();
  });

  it('POST /_mock/stream/drop cuts every open connection', async () => {
    const sockets = [await connect(server), await connect(server)];
    const response = await control('stream/drop');
    expect(await response.json()).toEqual({ dropped: 2 });
    expect(await Promise.all(sockets.map((s) => s.closed))).toEqual([1006, 1006]);
  });
});

it('the AsyncAPI check used by the protocol tests rejects a message missing required fields', async () => {
  expect(await specErrors({ type: 'orderbook_delta', sid: 1, seq: 1, msg: { market_ticker: 'A' } })).not.toEqual([]);
});
