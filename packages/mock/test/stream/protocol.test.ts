import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createKalshiMock, TEST_USER_ID } from '../../src';
import { type RunningKalshiMockServer, startKalshiMockServer } from '../../src/node';
import { connect, type Message, rest, type TestSocket } from './client';
import { specErrors } from './conformance';

let server: RunningKalshiMockServer;
let socket: TestSocket;
let active: string[];
beforeAll(async () => {
  server = await startKalshiMockServer({ pingIntervalMs: 0 });
});
beforeEach(async () => {
  server.mock.exchange.reset();
  server.mock.faults.clear();
  active = [...server.mock.exchange.markets.values()].filter((m) => m.status === 'active').map((m) => m.ticker);
  socket = await connect(server);
});
afterEach(async () => {
  // Every message the mock sent in the test satisfies Kalshi's AsyncAPI spec.
  for (const message of socket.received) expect(await specErrors(message), JSON.stringify(message)).toEqual([]);
  socket.ws.terminate();
});
afterAll(() => server.close());

const reply = (id: number) => (m: Message) => m.id === id;

describe('commands', () => {
  it('answers a multi-channel subscribe with one `subscribed` per channel, same id, sids from 1', async () => {
    socket.send({
      id: 7,
      cmd: 'subscribe',
      params: { channels: ['orderbook_delta', 'trade'], market_tickers: [active[0]] },
    });
    const first = await socket.next(reply(7));
    const second = await socket.next(reply(7));
    expect([first.msg, second.msg]).toEqual([
      { channel: 'orderbook_delta', sid: 1 },
      { channel: 'trade', sid: 2 },
    ]);
  });

  it('sends a snapshot with seq 1 equal to the REST order book', async () => {
    const ticker = active[0] as string;
    socket.send({ id: 1, cmd: 'subscribe', params: { channels: ['orderbook_delta'], market_ticker: ticker } });
    const snapshot = await socket.next((m) => m.type === 'orderbook_snapshot');
    const { body } = await rest(server, 'GET', `/markets/${ticker}/orderbook`);
    expect(snapshot).toMatchObject({ sid: 1, seq: 1, msg: { market_ticker: ticker } });
    expect(snapshot.msg.yes_dollars_fp).toEqual(body.orderbook_fp.yes_dollars);
    expect(snapshot.msg.no_dollars_fp).toEqual(body.orderbook_fp.no_dollars);
  });

  it('expresses NO levels on the YES scale with use_yes_price', async () => {
    const ticker = active[0] as string;
    socket.send({ id: 1, cmd: 'subscribe', params: { channels: ['orderbook_delta'], market_tickers: [ticker] } });
    socket.send({ id: 2, cmd: 'subscribe', params: { channels: ['orderbook_delta'], market_tickers: [ticker] } });
    const noLeg = (await socket.next((m) => m.type === 'orderbook_snapshot')).msg.no_dollars_fp as string[][];
    const other = await connect(server);
    other.send({
      id: 1,
      cmd: 'subscribe',
      params: { channels: ['orderbook_delta'], market_tickers: [ticker], use_yes_price: true },
    });
    const yesScale = (await other.next((m) => m.type === 'orderbook_snapshot')).msg.no_dollars_fp as string[][];
    other.ws.terminate();
    const flip = (p: string) => (1 - Number(p)).toFixed(4);
    expect(yesScale.map(([p, c]) => [flip(p as string), c]).reverse()).toEqual(noLeg);
  });

  it('updates a subscription: add_markets acks the full list and snapshots the new market; delete_markets removes', async () => {
    const [a, b] = active as [string, string];
    socket.send({ id: 1, cmd: 'subscribe', params: { channels: ['orderbook_delta'], market_tickers: [a] } });
    await socket.next((m) => m.type === 'orderbook_snapshot');
    socket.send({ id: 2, cmd: 'update_subscription', params: { sid: 1, market_tickers: [b], action: 'add_markets' } });
    const ok = await socket.next(reply(2));
    expect(ok).toMatchObject({ type: 'ok', sid: 1, seq: 2, msg: { market_tickers: [a, b] } });
    expect(await socket.next((m) => m.type === 'orderbook_snapshot')).toMatchObject({
      seq: 3,
      msg: { market_ticker: b },
    });
    socket.send({
      id: 3,
      cmd: 'update_subscription',
      params: { sids: [1], market_tickers: [a], action: 'delete_markets' },
    });
    expect((await socket.next(reply(3))).msg).toEqual({ market_tickers: [b] });
    // Orders in the removed market no longer reach this subscription.
    await rest(server, 'POST', '/portfolio/events/orders', order(a, '0.0100'));
    await rest(server, 'POST', '/portfolio/events/orders', order(b, '0.0100'));
    const delta = await socket.next((m) => m.type === 'orderbook_delta');
    expect(delta.msg.market_ticker).toBe(b);
  });

  it('get_snapshot is answered by the snapshot itself, carrying the command id, without changing the subscription', async () => {
    const ticker = active[0] as string;
    socket.send({ id: 1, cmd: 'subscribe', params: { channels: ['orderbook_delta'], market_tickers: [ticker] } });
    await socket.next((m) => m.type === 'orderbook_snapshot');
    socket.send({
      id: 2,
      cmd: 'update_subscription',
      params: { sid: 1, market_tickers: [ticker], action: 'get_snapshot' },
    });
    // AsyncAPI orderbookSnapshotPayload.id: "Present when replying to a get_snapshot command with an ID".
    expect(await socket.next(reply(2))).toMatchObject({
      type: 'orderbook_snapshot',
      sid: 1,
      seq: 2,
      msg: { market_ticker: ticker },
    });
    socket.send({ id: 3, cmd: 'list_subscriptions' });
    await socket.next(reply(3));
    expect(socket.received.filter((m) => m.id === 2)).toHaveLength(1);
  });

  it('lists and unsubscribes', async () => {
    socket.send({ id: 1, cmd: 'subscribe', params: { channels: ['ticker', 'trade'] } });
    await socket.next(reply(1));
    await socket.next(reply(1));
    socket.send({ id: 2, cmd: 'list_subscriptions' });
    expect((await socket.next(reply(2))).msg).toEqual([
      { channel: 'ticker', sid: 1 },
      { channel: 'trade', sid: 2 },
    ]);
    socket.send({ id: 3, cmd: 'unsubscribe', params: { sids: [1, 2] } });
    expect(await socket.next(reply(3))).toMatchObject({ type: 'unsubscribed', sid: 1 });
    expect(await socket.next(reply(3))).toMatchObject({ type: 'unsubscribed', sid: 2 });
    socket.send({ id: 4, cmd: 'list_subscriptions' });
    expect((await socket.next(reply(4))).msg).toEqual([]);
  });

  it.each([
    ['not JSON', 'not json', 1],
    ['no params', { id: 9, cmd: 'subscribe' }, 2],
    ['no channels', { id: 9, cmd: 'subscribe', params: { channels: [] } }, 3],
    ['no sids', { id: 9, cmd: 'unsubscribe', params: {} }, 4],
    ['unknown command', { id: 9, cmd: 'subscribe_all', params: {} }, 5],
    ['unknown sid', { id: 9, cmd: 'unsubscribe', params: { sids: [42] } }, 7],
    ['unknown channel', { id: 9, cmd: 'subscribe', params: { channels: ['orderbook'] } }, 8],
    [
      'both market_ticker and market_tickers',
      { id: 9, cmd: 'subscribe', params: { channels: ['trade'], market_ticker: 'A', market_tickers: ['A'] } },
      11,
    ],
    ['unknown market', { id: 9, cmd: 'subscribe', params: { channels: ['trade'], market_tickers: ['NOPE-1'] } }, 11],
    ['two sids to update', { id: 9, cmd: 'update_subscription', params: { sids: [1, 2], action: 'add_markets' } }, 12],
    ['order book without markets', { id: 9, cmd: 'subscribe', params: { channels: ['orderbook_delta'] } }, 14],
  ])('rejects %s (sent: %j) with code %i', async (_name, command, code) => {
    if (typeof command === 'string') socket.ws.send(command);
    else socket.send(command);
    const error = await socket.next((m) => m.type === 'error');
    expect(error.msg.code).toBe(code);
    if (typeof command !== 'string') expect(error.id).toBe(9);
  });

  it('rejects update_subscription without an action (15) or with an unknown one (13)', async () => {
    socket.send({ id: 1, cmd: 'subscribe', params: { channels: ['trade'], market_tickers: [active[0]] } });
    await socket.next(reply(1));
    socket.send({ id: 2, cmd: 'update_subscription', params: { sid: 1, market_tickers: [active[1]] } });
    expect((await socket.next(reply(2))).msg.code).toBe(15);
    socket.send({
      id: 3,
      cmd: 'update_subscription',
      params: { sid: 1, market_tickers: [active[1]], action: 'replace' },
    });
    expect((await socket.next(reply(3))).msg.code).toBe(13);
    socket.send({
      id: 4,
      cmd: 'update_subscription',
      params: { sid: 1, market_tickers: [active[1]], action: 'get_snapshot' },
    });
    expect((await socket.next(reply(4))).msg.code).toBe(13);
  });

  // kalshi-api-notes §9.1: "All frames are JSON text"; Kalshi's answer to a binary frame is not recorded. A binary
  // frame is not read: it gets 1 "Unable to process message" without an id (as bad JSON does) rather than silence.
  it('answers a binary frame with 1, without an id, and does not run the command it carries', async () => {
    const command = { id: 5, cmd: 'subscribe', params: { channels: ['ticker'] } };
    socket.ws.send(Buffer.from(JSON.stringify(command)), { binary: true });
    socket.send({ id: 6, cmd: 'list_subscriptions' });
    expect(await socket.next(() => true)).toEqual({
      type: 'error',
      msg: { code: 1, msg: 'Unable to process message' },
    });
    expect(await socket.next(() => true)).toEqual({ id: 6, type: 'ok', msg: [] });
  });
});

function order(ticker: string, price: string, overrides: Record<string, unknown> = {}) {
  return {
    ticker,
    side: 'bid',
    count: '2',
    price,
    time_in_force: 'good_till_canceled',
    self_trade_prevention_type: 'taker_at_cross',
    ...overrides,
  };
}

describe('data driven by the exchange', () => {
  it('shows a REST order on the order book, user_orders; a crossing order as trade, fill, position and ticker', async () => {
    const ticker = active[0] as string;
    socket.send({
      id: 1,
      cmd: 'subscribe',
      params: {
        channels: ['orderbook_delta', 'user_orders', 'trade', 'fill', 'market_positions', 'ticker'],
        market_tickers: [ticker],
      },
    });
    const snapshot = await socket.next((m) => m.type === 'orderbook_snapshot');
    const bestYes = snapshot.msg.yes_dollars_fp.at(-1)[0] as string;
    // A new best YES bid one tick above the book's.
    const price = (Number(bestYes) + 0.01).toFixed(4);
    const placed = await rest(
      server,
      'POST',
      '/portfolio/events/orders',
      order(ticker, price, { client_order_id: 'ws-1' }),
    );
    expect(placed.status).toBe(201);
    const delta = await socket.next((m) => m.type === 'orderbook_delta');
    expect(delta).toMatchObject({
      seq: 2,
      msg: {
        market_ticker: ticker,
        side: 'yes',
        price_dollars: price,
        delta_fp: '2.00',
        client_order_id: 'ws-1',
        subaccount: 0,
      },
    });
    expect((await socket.next((m) => m.type === 'user_order')).msg).toMatchObject({
      order_id: placed.body.order_id,
      status: 'resting',
      client_order_id: 'ws-1',
      remaining_count_fp: '2.00',
    });
    expect((await socket.next((m) => m.type === 'ticker')).msg).toMatchObject({
      yes_bid_dollars: price,
      yes_bid_size_fp: '2.00',
    });

    // Sell into the house's best YES bid: a trade, our fill and position, and the level shrinks.
    const sell = await rest(
      server,
      'POST',
      '/portfolio/events/orders',
      order(ticker, bestYes, { side: 'ask', count: '1', time_in_force: 'immediate_or_cancel' }),
    );
    expect(sell.status).toBe(201);
    // Our own resting bid (better price) is hit first: self-trade prevention cancels the taker at the cross.
    const canceled = await socket.next((m) => m.type === 'user_order' && m.msg.order_id === sell.body.order_id);
    expect(canceled.msg.status).toBe('canceled');

    // Cancel our bid, then sell: now the house bid is taken.
    await rest(server, 'DELETE', `/portfolio/events/orders/${placed.body.order_id}`);
    const removed = await socket.next((m) => m.type === 'orderbook_delta' && m.msg.delta_fp === '-2.00');
    expect(removed.msg.price_dollars).toBe(price);
    const taker = await rest(
      server,
      'POST',
      '/portfolio/events/orders',
      order(ticker, bestYes, {
        side: 'ask',
        count: '1',
        time_in_force: 'immediate_or_cancel',
        client_order_id: 'ws-2',
      }),
    );
    const trade = await socket.next((m) => m.type === 'trade');
    expect(trade.msg).toMatchObject({
      market_ticker: ticker,
      yes_price_dollars: bestYes,
      count_fp: '1.00',
      taker_book_side: 'ask',
      taker_outcome_side: 'no',
    });
    const fill = await socket.next((m) => m.type === 'fill');
    expect(fill.msg).toMatchObject({
      order_id: taker.body.order_id,
      client_order_id: 'ws-2',
      is_taker: true,
      book_side: 'ask',
      post_position_fp: '-1.00',
    });
    expect((await socket.next((m) => m.type === 'market_position')).msg).toMatchObject({
      market_ticker: ticker,
      position_fp: '-1.00',
      volume_fp: '1.00',
    });
    expect(
      (await socket.next((m) => m.type === 'orderbook_delta' && m.msg.delta_fp === '-1.00')).msg.price_dollars,
    ).toBe(bestYes);
    expect((await socket.next((m) => m.type === 'ticker' && m.msg.volume_fp !== '0.00')).msg.price_dollars).toBe(
      bestYes,
    );
    // seq is per sid and contiguous across everything the order book subscription sent.
    const seqs = socket.received.filter((m) => m.sid === 1 && 'seq' in m).map((m) => m.seq);
    expect(seqs).toEqual(seqs.map((_, i) => i + 1));
  });

  it('streams an amend as a move between levels and a decrease as a smaller level', async () => {
    const ticker = active[0] as string;
    socket.send({ id: 1, cmd: 'subscribe', params: { channels: ['orderbook_delta'], market_tickers: [ticker] } });
    await socket.next((m) => m.type === 'orderbook_snapshot');
    const placed = await rest(server, 'POST', '/portfolio/events/orders', order(ticker, '0.0100', { count: '5' }));
    await socket.next((m) => m.type === 'orderbook_delta');
    const base = `/portfolio/events/orders/${placed.body.order_id}`;
    const amended = await rest(server, 'POST', `${base}/amend`, { ticker, side: 'bid', price: '0.0300', count: '5' });
    expect(amended.status).toBe(200);
    const moves = [
      await socket.next((m) => m.type === 'orderbook_delta'),
      await socket.next((m) => m.type === 'orderbook_delta'),
    ];
    expect(moves.map((m) => [m.msg.price_dollars, m.msg.delta_fp]).sort()).toEqual([
      ['0.0100', '-5.00'],
      ['0.0300', '5.00'],
    ]);
    expect((await rest(server, 'POST', `${base}/decrease`, { reduce_by: '2' })).status).toBe(200);
    expect((await socket.next((m) => m.type === 'orderbook_delta')).msg).toMatchObject({
      price_dollars: '0.0300',
      delta_fp: '-2.00',
    });
    const { body } = await rest(server, 'GET', `/markets/${ticker}/orderbook`);
    expect(body.orderbook_fp.yes_dollars).toContainEqual(['0.0300', '3.00']);
    expect(body.orderbook_fp.yes_dollars.some(([p]: string[]) => p === '0.0100')).toBe(false);
  });

  it('sends market_lifecycle_v2 for determination and settlement', async () => {
    socket.send({ id: 1, cmd: 'subscribe', params: { channels: ['market_lifecycle_v2'] } });
    await socket.next(reply(1));
    // The server's clock is the real one here: the settlement's second is read around it (read after the message
    // arrived, a second boundary could fall between).
    const before = Math.floor(server.mock.exchange.now() / 1000);
    server.mock.exchange.settleMarket(active[0] as string, 'yes');
    const after = Math.floor(server.mock.exchange.now() / 1000);
    // Settling an open market closes it early: its close date moves to now first (AsyncAPI `close_date_updated`).
    const closed = (await socket.next((m) => m.type === 'market_lifecycle_v2')).msg;
    expect(closed).toMatchObject({ market_ticker: active[0], event_type: 'close_date_updated' });
    expect(Object.keys(closed).sort()).toEqual(['close_ts', 'event_type', 'market_ticker']);
    expect(closed.close_ts).toBeGreaterThanOrEqual(before);
    expect(closed.close_ts).toBeLessThanOrEqual(after);
    expect((await socket.next((m) => m.type === 'market_lifecycle_v2')).msg).toMatchObject({
      event_type: 'determined',
      result: 'yes',
      settlement_value: '1.0000',
    });
    expect(await socket.next((m) => m.type === 'market_lifecycle_v2')).toMatchObject({
      seq: 3,
      msg: { event_type: 'settled' },
    });
  });

  it('names the account by one UUID on REST and on the stream, the same for every mock', async () => {
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
    expect(TEST_USER_ID).toMatch(uuid);
    for (const seed of [1, 2]) {
      const { exchange, credentials } = createKalshiMock({ seed });
      expect(exchange.apiKeys.get(credentials.keyId)?.userId).toBe(TEST_USER_ID);
    }
    const ticker = active[0] as string;
    socket.send({ id: 1, cmd: 'subscribe', params: { channels: ['user_orders'], market_tickers: [ticker] } });
    await socket.next(reply(1));
    const placed = await rest(server, 'POST', '/portfolio/events/orders', order(ticker, '0.0100'));
    const streamed = await socket.next((m) => m.type === 'user_order');
    // AsyncAPI userOrderPayload.user_id: `format: uuid`.
    expect(streamed.msg.user_id).toBe(TEST_USER_ID);
    const fetched = await rest(server, 'GET', `/portfolio/orders/${placed.body.order_id}`);
    expect(fetched.body.order.user_id).toBe(TEST_USER_ID);
  });

  it("keeps other users' private messages off the stream", async () => {
    const ticker = active[0] as string;
    socket.send({
      id: 1,
      cmd: 'subscribe',
      params: { channels: ['user_orders', 'fill', 'orderbook_delta'], market_tickers: [ticker] },
    });
    await socket.next((m) => m.type === 'orderbook_snapshot');
    server.mock.exchange.createOrder('someone-else', {
      ticker,
      side: 'bid',
      price: 10_000,
      count: 100,
      timeInForce: 'good_till_canceled',
      selfTradePrevention: 'maker',
      clientOrderId: 'theirs',
    });
    const delta = await socket.next((m) => m.type === 'orderbook_delta');
    expect(delta.msg.client_order_id).toBeUndefined();
    expect(socket.received.some((m) => m.type === 'user_order')).toBe(false);
  });
});
