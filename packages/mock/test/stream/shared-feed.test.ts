import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_USER_ID } from '../../src';
import { type RunningKalshiMockServer, startKalshiMockServer } from '../../src/node';
import { connect, type Message } from './client';
import { specErrors } from './conformance';

// Several connections following one market: the mock builds each delta's msg once and writes every connection's
// frames in batches. Per connection, seq counts 1, 2, 3… per sid with no gap (kalshi-api-notes §9.4), the
// subscription's replies come before its data, and every frame satisfies the AsyncAPI spec.
let server: RunningKalshiMockServer;
beforeAll(async () => {
  server = await startKalshiMockServer({ seed: 1, pingIntervalMs: 0 });
});
afterAll(() => server.close());

/** Resolves once `count` orderbook_delta messages have arrived on the socket. */
function deltas(received: Message[], count: number, ws: { on: (e: 'message', f: () => void) => void }) {
  return new Promise<void>((resolve) => {
    const check = () => {
      if (received.filter((m) => m.type === 'orderbook_delta').length >= count) resolve();
    };
    ws.on('message', check);
    check();
  });
}

describe('orderbook_delta to several connections of one market', () => {
  it('gives each connection its own sid and gap-free seq around the same msg, replies first, through a burst of batches', async () => {
    const { exchange } = server.mock;
    exchange.reset();
    exchange.setBalance(TEST_USER_ID, 1e12);
    const ticker = [...exchange.markets.values()].find((m) => m.status === 'active')?.ticker as string;
    exchange.setOrderbook(ticker, {});
    const a = await connect(server);
    const b = await connect(server);
    const book = { channels: ['orderbook_delta'], market_tickers: [ticker] };
    // a: trade first (sid 1), then the book (sid 2); b: the book only (sid 1).
    a.send({ id: 1, cmd: 'subscribe', params: { channels: ['trade'], market_tickers: [ticker] } });
    await a.next((m) => m.id === 1);
    a.send({ id: 2, cmd: 'subscribe', params: book });
    b.send({ id: 1, cmd: 'subscribe', params: book });
    await a.next((m) => m.type === 'orderbook_snapshot');
    await b.next((m) => m.type === 'orderbook_snapshot');
    // 1,200 resting bids over 40 levels in one synchronous burst: each changes a level, one delta per connection
    // (more than one write batch of 512 frames each).
    const orders = 1_200;
    for (let i = 0; i < orders; i++)
      exchange.createOrder(TEST_USER_ID, {
        ticker,
        side: 'bid',
        price: 10_000 * (1 + (i % 40)),
        count: 100,
        timeInForce: 'good_till_canceled',
        selfTradePrevention: 'maker',
      });
    await Promise.all([deltas(a.received, orders, a.ws), deltas(b.received, orders, b.ws)]);
    // A subscription's frames: its `subscribed` reply (sid in msg), then its data (sid on the message).
    const ofSid = (received: Message[], sid: number) =>
      received.filter((m) => m.sid === sid || (m.type === 'subscribed' && m.msg.sid === sid));
    const aBook = ofSid(a.received, 2);
    const bBook = ofSid(b.received, 1);
    // Reply, snapshot (seq 1), then the deltas with seq 2, 3, … in the order the orders were placed.
    expect(aBook[0]).toEqual({ id: 2, type: 'subscribed', msg: { channel: 'orderbook_delta', sid: 2 } });
    expect(bBook[0]).toEqual({ id: 1, type: 'subscribed', msg: { channel: 'orderbook_delta', sid: 1 } });
    for (const frames of [aBook, bBook]) {
      expect(frames[1]).toMatchObject({ type: 'orderbook_snapshot', seq: 1 });
      const data = frames.slice(2);
      expect(data).toHaveLength(orders);
      expect(data.map((m) => m.seq)).toEqual(Array.from({ length: orders }, (_, i) => i + 2));
      expect(data.map((m) => m.type)).toEqual(Array(orders).fill('orderbook_delta'));
      // Order i added 100 contracts' worth (1.00 in fixed point) at its level.
      expect(data.map((m) => m.msg.price_dollars)).toEqual(
        Array.from({ length: orders }, (_, i) => `0.${String(1 + (i % 40)).padStart(2, '0')}00`),
      );
      expect(new Set(data.map((m) => m.msg.delta_fp))).toEqual(new Set(['1.00']));
    }
    // The same msg on both connections (shared), the sid and seq their own.
    expect(aBook.slice(2).map((m) => m.msg)).toEqual(bBook.slice(2).map((m) => m.msg));
    for (const message of [...aBook.slice(0, 3), ...bBook.slice(0, 3), aBook.at(-1), bBook.at(-1)])
      expect(await specErrors(message as Message), JSON.stringify(message)).toEqual([]);
    a.ws.terminate();
    b.ws.terminate();
  }, 60_000);
});
