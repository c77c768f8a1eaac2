// The stream client against the mock exchange's real WebSocket server (`kalshi-mock serve` in-process): orders
// placed over REST show up on the stream, and a locally maintained OrderBook stays equal to the REST book.
import { createSigner, type Signer } from '@org/kalshi-auth';
import { generateKeyPairSync } from '@org/kalshi-auth/node';
import { TEST_USER_ID } from '@org/kalshi-mock';
import { type RunningKalshiMockServer, startKalshiMockServer } from '@org/kalshi-mock/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createKalshiClient, type KalshiClient } from '../../src';
import {
  createKalshiStream as create,
  type KalshiStream,
  OrderBook,
  type ServerMessage,
  type StreamOptions,
  type Subscription,
} from '../../src/ws';
import { lcg } from '../helpers';

let server: RunningKalshiMockServer;
let signer: Signer;
let client: KalshiClient;
let ticker: string;
beforeAll(async () => {
  server = await startKalshiMockServer({ seed: 21, pingIntervalMs: 0 });
  const { keyId, privateKeyPem } = server.mock.credentials;
  signer = await createSigner({ keyId, privateKey: privateKeyPem });
  client = await createKalshiClient({ baseUrl: server.url, credentials: signer });
});
beforeEach(() => {
  server.mock.exchange.reset();
  server.mock.faults.clear();
  ticker = [...server.mock.exchange.markets.values()].find((m) => m.status === 'active')?.ticker as string;
});
afterAll(() => server.close());

// Stream faults are exchange-wide: a stream left open by a failed test would take the next test's fault.
const streams: KalshiStream[] = [];
afterEach(async () => {
  await Promise.all(streams.splice(0).map((s) => s.close()));
});
async function createKalshiStream(options: StreamOptions): Promise<KalshiStream> {
  const stream = await create(options);
  streams.push(stream);
  return stream;
}

const until = async (check: () => boolean, ms = 5000) => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
};

async function restBook() {
  const { data } = await client.GET('/markets/{ticker}/orderbook', { params: { path: { ticker } } });
  return data?.orderbook_fp;
}

/** Applies order-book messages to a local OrderBook as they arrive; records everything received. */
function follow(sub: Subscription) {
  const book = new OrderBook(ticker);
  const seen: ServerMessage[] = [];
  const done = (async () => {
    for await (const message of sub) {
      seen.push(message);
      if (message.type === 'orderbook_snapshot') book.applySnapshot(message.msg);
      else if (message.type === 'orderbook_delta') book.applyDelta(message.msg);
    }
  })();
  return { book, seen, done };
}

/** Every message sent before this point has been queued and consumed. */
async function settled(stream: KalshiStream, sub: Subscription) {
  await stream.listSubscriptions();
  await until(() => sub.queued === 0);
  await new Promise((r) => setTimeout(r, 0));
}

describe('stream ← mock exchange', () => {
  it('shows an order placed over REST: book delta, user_order, then fill and trade when it crosses', async () => {
    const stream = await createKalshiStream({ url: server.streamUrl, credentials: signer });
    const sub = await stream.subscribe({
      channels: ['orderbook_delta', 'user_orders', 'fill', 'trade'],
      market_tickers: [ticker],
    });
    const { seen, book } = follow(sub);
    await until(() => seen.some((m) => m.type === 'orderbook_snapshot'));
    const bestAsk = book.bestYesAsk();
    expect(bestAsk).toBeDefined();

    const resting = await client.placeOrder({ ticker, action: 'buy', side: 'yes', count: 2, price: '0.0100' });
    await settled(stream, sub);
    expect(book.depthAt('yes', '0.0100')).toBe(200); // centi-contracts
    expect(seen).toContainEqual(
      expect.objectContaining({
        type: 'user_order',
        msg: expect.objectContaining({ order_id: resting.order_id, status: 'resting' }),
      }),
    );

    // Buy one YES at the best ask: it trades with the house's NO bid.
    const taker = await client.placeOrder({
      ticker,
      action: 'buy',
      side: 'yes',
      count: 1,
      price: ((bestAsk?.price ?? 0) / 1e6).toFixed(4),
      timeInForce: 'immediate_or_cancel',
    });
    await settled(stream, sub);
    const fill = seen.find((m) => m.type === 'fill');
    expect(fill?.msg).toMatchObject({
      order_id: taker.order_id,
      is_taker: true,
      count_fp: '1.00',
      post_position_fp: '1.00',
    });
    expect(seen.find((m) => m.type === 'trade')?.msg).toMatchObject({ count_fp: '1.00', taker_book_side: 'bid' });
    expect(book.toRest()).toEqual(await restBook());
  });

  it('keeps the OrderBook equal to the REST book through 10,000 random orders, amends and cancels over REST', async () => {
    const { exchange } = server.mock;
    // Three traders, so orders cross and trade with each other, not only with the house.
    const traders = await Promise.all(
      ['u1', 'u2', 'u3'].map(async (userId) => {
        const key = generateKeyPairSync();
        exchange.addApiKey({ keyId: key.keyId, publicKeyPem: key.publicKeyPem, userId });
        exchange.setBalance(userId, 1e12);
        return createKalshiClient({
          baseUrl: server.url,
          credentials: { keyId: key.keyId, privateKey: key.privateKeyPem },
        });
      }),
    );
    const stream = await createKalshiStream({ url: server.streamUrl, credentials: signer });
    const sub = await stream.subscribe({ channels: ['orderbook_delta'], market_tickers: [ticker] });
    const { book } = follow(sub);
    const sids = [...sub.sids];
    const random = lcg(7);
    type Resting = { trader: KalshiClient; id: string; side: 'bid' | 'ask'; count: `${number}` };
    const resting: Resting[] = [];
    const price = (): `${number}` => `${(1 + Math.floor(random() * 98)) / 100}`;
    let amended = 0;
    const step = async (i: number) => {
      const trader = traders[i % 3] as KalshiClient;
      const draw = random();
      if (resting.length > 20 && draw < 0.45) {
        const at = Math.floor(random() * resting.length);
        const { trader: owner, id, side, count } = resting[at] as Resting;
        // Possibly filled or canceled already: a 404 is fine.
        if (draw < 0.3) {
          resting.splice(at, 1);
          await owner.DELETE('/portfolio/events/orders/{order_id}', { params: { path: { order_id: id } } });
        } else {
          // Amend to a new price: the order moves between levels (and may cross and trade).
          const { response } = await owner.POST('/portfolio/events/orders/{order_id}/amend', {
            params: { path: { order_id: id } },
            body: { ticker, side, price: price(), count },
          });
          if (response.ok) amended++;
        }
        return;
      }
      const side = random() < 0.5 ? 'bid' : 'ask';
      const count: `${number}` = `${1 + Math.floor(random() * 20)}`;
      const { data } = await trader.POST('/portfolio/events/orders', {
        body: {
          ticker,
          side,
          count,
          price: price(),
          time_in_force: 'good_till_canceled',
          self_trade_prevention_type: 'maker',
        },
      });
      if (data?.order_id) resting.push({ trader, id: data.order_id, side, count });
    };
    const TOTAL = 10_000;
    const WORKERS = 4;
    for (let batch = 0; batch < 4; batch++) {
      let next = batch * (TOTAL / 4);
      const end = next + TOTAL / 4;
      await Promise.all(
        Array.from({ length: WORKERS }, async () => {
          while (next < end) await step(next++);
        }),
      );
      await settled(stream, sub);
      expect(book.toRest()).toEqual(await restBook());
    }
    expect(exchange.fills.length).toBeGreaterThan(500);
    expect(amended).toBeGreaterThan(100);
    // No gap, no re-snapshot: the book was kept by deltas alone.
    expect(sub.sids).toEqual(sids);
  }, 120_000);
});

describe('stream resilience against the mock', () => {
  it('refuses a stale handshake with the typed 401 Kalshi sends', async () => {
    const { keyId, privateKeyPem } = server.mock.credentials;
    const skewed = await createSigner({ keyId, privateKey: privateKeyPem, clock: () => Date.now() - 120_000 });
    await expect(createKalshiStream({ url: server.streamUrl, credentials: skewed })).rejects.toMatchObject({
      name: 'KalshiAuthenticationError',
      status: 401,
      code: 'header_timestamp_expired',
    });
  });

  it('recovers from a skipped seq with get_snapshot on the same sid, never applying the out-of-order delta', async () => {
    const stream = await createKalshiStream({ url: server.streamUrl, credentials: signer });
    const sub = await stream.subscribe({ channels: ['orderbook_delta'], market_tickers: [ticker] });
    const { book, seen } = follow(sub);
    await until(() => seen.length === 1);
    server.mock.faults.add({ stream: 'orderbook_delta', kind: 'skip-seq', times: 1 });
    await client.placeOrder({ ticker, action: 'buy', side: 'yes', count: 3, price: '0.0200' });
    await until(() => seen.filter((m) => m.type === 'orderbook_snapshot').length === 2);
    expect(seen.map((m) => m.type)).toEqual(['orderbook_snapshot', 'orderbook_snapshot']);
    expect(sub.sids).toEqual([1]);
    expect(book.depthAt('yes', '0.0200')).toBe(300);
    expect(book.toRest()).toEqual(await restBook());
  });

  it('reconnects after a dropped connection with a new signature and a restored subscription', async () => {
    const signatures: string[] = [];
    const recording: Signer = {
      ...signer,
      sign: async (input) => {
        const headers = await signer.sign(input);
        signatures.push(headers['KALSHI-ACCESS-SIGNATURE']);
        return headers;
      },
    };
    const stream = await createKalshiStream({
      url: server.streamUrl,
      credentials: recording,
      reconnect: { initialDelayMs: 5, maxDelayMs: 20 },
    });
    const sub = await stream.subscribe({ channels: ['orderbook_delta'], market_tickers: [ticker] });
    const { book, seen } = follow(sub);
    await until(() => seen.length === 1);
    server.mock.faults.add({ stream: 'orderbook_delta', kind: 'drop', times: 1 });
    await client.placeOrder({ ticker, action: 'buy', side: 'yes', count: 4, price: '0.0300' });
    // The delta was lost with the connection; the restored subscription's snapshot has the order.
    await until(() => seen.filter((m) => m.type === 'orderbook_snapshot').length === 2);
    expect(signatures).toHaveLength(2);
    expect(signatures[1]).not.toBe(signatures[0]);
    expect(book.depthAt('yes', '0.0300')).toBe(400);
    await client.placeOrder({ ticker, action: 'buy', side: 'yes', count: 1, price: '0.0300' });
    await settled(stream, sub);
    expect(book.depthAt('yes', '0.0300')).toBe(500);
  });

  it('bounds a slow consumer’s queue: overflow discards it and re-snapshots (backpressure)', async () => {
    const stream = await createKalshiStream({ url: server.streamUrl, credentials: signer, queueSize: 50 });
    const sub = await stream.subscribe({ channels: ['orderbook_delta'], market_tickers: [ticker] });
    const sids = [...sub.sids];
    const { exchange } = server.mock;
    exchange.setBalance(TEST_USER_ID, 1e12);
    // 2,000 deltas while nobody reads: far more than the queue holds.
    let peak = 0;
    for (let i = 0; i < 2000; i++) {
      exchange.createOrder(TEST_USER_ID, {
        ticker,
        side: 'bid',
        price: 10_000 * (1 + (i % 20)),
        count: 100,
        timeInForce: 'good_till_canceled',
        selfTradePrevention: 'maker',
      });
      if (i % 100 === 0) {
        await new Promise((r) => setTimeout(r, 1));
        peak = Math.max(peak, sub.queued);
      }
    }
    await stream.listSubscriptions();
    peak = Math.max(peak, sub.queued);
    expect(peak).toBeLessThanOrEqual(50);
    // Reading now: the consumer starts from a fresh snapshot (the re-snapshot may still be on its way), so its book
    // is right without the discarded deltas.
    const { book, seen } = follow(sub);
    await until(() => seen.length > 0);
    expect(seen[0]?.type).toBe('orderbook_snapshot');
    await settled(stream, sub);
    expect(book.toRest()).toEqual(await restBook());
    expect(sub.sids).toEqual(sids); // repaired with get_snapshot, not re-subscribed
  });
});

describe('one subscription per channel', () => {
  it('refuses a second subscription to a channel before sending it (Kalshi would merge them into one sid)', async () => {
    const stream = await createKalshiStream({ url: server.streamUrl, credentials: signer });
    const first = await stream.subscribe({ channels: ['ticker'], market_tickers: [ticker] });
    await expect(stream.subscribe({ channels: ['trade', 'ticker'] })).rejects.toThrow(
      'channel "ticker" is already subscribed on this stream',
    );
    expect(await stream.listSubscriptions()).toEqual([{ channel: 'ticker', sid: first.sids[0] }]);
    // update() is the way to widen it.
    const other = [...server.mock.exchange.markets.values()].find((m) => m.status === 'active' && m.ticker !== ticker);
    await first.update({ add: [other?.ticker as string] });
    await first.unsubscribe();
    expect(await stream.listSubscriptions()).toEqual([]);
  });
});

describe('seq across command replies', () => {
  it('counts the seq an update’s `ok` reply takes, so adding a market is not mistaken for a gap', async () => {
    const stream = await createKalshiStream({ url: server.streamUrl, credentials: signer });
    const sub = await stream.subscribe({ channels: ['orderbook_delta'], market_tickers: [ticker] });
    const { seen } = follow(sub);
    const other = [...server.mock.exchange.markets.values()].find((m) => m.status === 'active' && m.ticker !== ticker);
    await sub.update({ add: [other?.ticker as string] });
    await client.placeOrder({ ticker, action: 'buy', side: 'yes', count: 1, price: '0.0100' });
    await settled(stream, sub);
    // snapshot (1), ok (2), the added market's snapshot (3), the order's delta (4): one sid, nothing re-snapshotted.
    expect(seen.map((m) => [m.type, 'seq' in m ? m.seq : undefined])).toEqual([
      ['orderbook_snapshot', 1],
      ['orderbook_snapshot', 3],
      ['orderbook_delta', 4],
    ]);
    expect(sub.sids).toEqual([1]);
  });
});
