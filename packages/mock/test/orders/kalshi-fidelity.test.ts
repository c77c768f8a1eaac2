import { describe, expect, it } from 'vitest';
import type { MockUser } from '../../src';
import { harness, order } from '../helpers';
import { openSession } from '../stream/session';

// Behaviours issue 14 found differing from Kalshi, each checked against kalshi-api-notes.
const EVENT = 'KXFID-26DEC01';
const TICKER = `${EVENT}-T1`;
const D = (dollars: string) => Math.round(Number(dollars) * 1e6); // test inputs only

async function setup() {
  const h = await harness({ empty: true, now: 1_790_000_000_000, seed: 9, users: 1 });
  h.mock.exchange.addMarket({ ticker: TICKER });
  h.mock.exchange.addMarket({ ticker: `${EVENT}-T2` });
  const other = (h.mock.users as MockUser[])[0] as MockUser;
  /** The other account offers YES (rests an ask) at `price`. */
  const offer = (contracts: number, price: string, ticker = TICKER) =>
    h.mock.exchange.createOrder(other.userId, {
      ticker,
      side: 'ask',
      price: D(price),
      count: contracts * 100,
      timeInForce: 'good_till_canceled',
      selfTradePrevention: 'taker_at_cross',
    }).order;
  const buy = (count: string, overrides: Record<string, unknown> = {}) =>
    h.call('POST', '/portfolio/events/orders', order(TICKER, { count, price: '0.6000', ...overrides }));
  return { h, offer, buy };
}

describe('fill-or-kill (notes §5.7, §5.8)', () => {
  it('is all-or-nothing against the book', async () => {
    const { h, offer, buy } = await setup();
    offer(1, '0.50');
    offer(2, '0.55');
    const balance = (await h.call('GET', '/portfolio/balance')).body.balance_dollars;
    // A kill is not an order answer but a 409 (kalshi-api-notes §3.2 lists third-party sources, "3P", as lower
    // confidence; the notes themselves only infer "canceled", §5.5): `{"error":{"code":
    // "fill_or_kill_insufficient_resting_volume","message":"fill or kill insufficient resting volume"}}` logged verbatim
    // by a prod bot (3P id 62364639234), "HTTP 409 … the error the exchange really sends when it kills a
    // fill-or-kill" (3P ids 70234661605, 55859636965, 59304984698: "Kalshi modela el KILL como 409, NO como order").
    const killed = await buy('5', { time_in_force: 'fill_or_kill', client_order_id: 'fok-killed' });
    expect(killed.status).toBe(409);
    expect(killed.body).toEqual({
      error: { code: 'fill_or_kill_insufficient_resting_volume', message: 'fill or kill insufficient resting volume' },
    });
    expect((await h.call('GET', `/markets/${TICKER}/orderbook`)).body.orderbook_fp.no_dollars).toEqual([
      ['0.4500', '2.00'],
      ['0.5000', '1.00'],
    ]);
    expect((await h.call('GET', '/portfolio/balance')).body.balance_dollars).toBe(balance);
    // "a fill_or_kill that kills still consumes the id … 409 order_already_exists" (3P id 63188080151, live 2026-08).
    const again = await buy('3', { time_in_force: 'fill_or_kill', client_order_id: 'fok-killed' });
    expect(again.body.error.code).toBe('order_already_exists');
    const filled = await buy('3', { time_in_force: 'fill_or_kill' });
    expect(filled.status).toBe(201);
    expect(filled.body.fill_count).toBe('3.00');
  });

  it('a killed item of a batch carries the same 409 error; the batch is 201', async () => {
    const { h, offer } = await setup();
    offer(1, '0.50');
    const fok = order(TICKER, { count: '2', price: '0.6000', time_in_force: 'fill_or_kill', client_order_id: 'k1' });
    const ok = order(TICKER, { count: '1', price: '0.4000', client_order_id: 'k2' });
    const batch = await h.call('POST', '/portfolio/events/orders/batched', { orders: [fok, ok] });
    expect(batch.status).toBe(201);
    expect(batch.body.orders[0]).toEqual({
      client_order_id: 'k1',
      error: { code: 'fill_or_kill_insufficient_resting_volume', message: 'fill or kill insufficient resting volume' },
    });
    expect(batch.body.orders[1]).toMatchObject({ client_order_id: 'k2', fill_count: '0.00', remaining_count: '1.00' });
  });

  it('against a partly own book under taker_at_cross, keeps the fills from others and stops at its own order', async () => {
    const { h, offer, buy } = await setup();
    offer(2, '0.50');
    const own = await h.call(
      'POST',
      '/portfolio/events/orders',
      order(TICKER, { side: 'ask', count: '4', price: '0.5500' }),
    );
    offer(1, '0.58'); // others offer 3 in all: fewer than 5, yet the self-cross makes it immediate-or-cancel
    const fok = await buy('5', { time_in_force: 'fill_or_kill' });
    expect(fok.status).toBe(201);
    expect(fok.body).toMatchObject({ fill_count: '2.00', remaining_count: '0.00' });
    // The resting order is untouched (taker_at_cross cancels the taker only).
    const resting = (await h.call('GET', `/portfolio/orders/${own.body.order_id}`)).body.order;
    expect(resting).toMatchObject({ status: 'resting', remaining_count_fp: '4.00' });
  });

  it('under maker self-trade prevention, cancels its own resting order and keeps matching', async () => {
    const { h, offer, buy } = await setup();
    offer(2, '0.50');
    const own = await h.call(
      'POST',
      '/portfolio/events/orders',
      order(TICKER, { side: 'ask', count: '4', price: '0.5500' }),
    );
    offer(1, '0.58');
    const fok = await buy('5', { time_in_force: 'fill_or_kill', self_trade_prevention_type: 'maker' });
    expect(fok.body).toMatchObject({ fill_count: '3.00', remaining_count: '0.00' });
    expect((await h.call('GET', `/portfolio/orders/${own.body.order_id}`)).body.order.status).toBe('canceled');
  });
});

describe('portfolio formats (notes §5.15, §7)', () => {
  it('average_fee_paid has 4 decimals; an open position has realized P&L 0; event positions are summed', async () => {
    const { h, offer, buy } = await setup();
    offer(1, '0.52');
    offer(2, '0.40', `${EVENT}-T2`);
    // 1 contract at 0.52: 0.07 × 0.52 × 0.48 = 0.017472 → $0.0175 (notes §5.15's recorded fill).
    const taken = await buy('1', { time_in_force: 'immediate_or_cancel' });
    expect(taken.body.average_fee_paid).toBe('0.0175');
    // 2 at 0.40: 0.07 × 2 × 0.24 = 0.0336.
    await h.call(
      'POST',
      '/portfolio/events/orders',
      order(`${EVENT}-T2`, { count: '2', price: '0.4000', time_in_force: 'immediate_or_cancel' }),
    );
    const { body } = await h.call('GET', '/portfolio/positions');
    expect(body.market_positions).toHaveLength(2);
    for (const position of body.market_positions) expect(position.realized_pnl_dollars).toBe('0.000000');
    expect(body.event_positions).toEqual([
      {
        event_ticker: EVENT,
        total_cost_dollars: '1.320000', // 0.52 + 2 × 0.40
        total_cost_shares_fp: '3.00',
        event_exposure_dollars: '1.320000',
        realized_pnl_dollars: '0.000000',
        fees_paid_dollars: '0.051100', // 0.0175 + 0.0336
      },
    ]);
  });

  it('the balance carries balance_breakdown for exchange index 0', async () => {
    const { h } = await setup();
    const { body } = await h.call('GET', '/portfolio/balance');
    expect(body.balance_breakdown).toEqual([{ exchange_index: 0, balance: body.balance_dollars }]);
  });

  it('the post-only-cross rejection has no error.service (as recorded)', async () => {
    const { offer, buy } = await setup();
    offer(1, '0.50');
    const rejected = await buy('1', { post_only: true });
    expect(rejected.status).toBe(400);
    expect(rejected.body).toEqual({
      error: { code: 'invalid_order', message: 'invalid order', details: 'post only cross' },
    });
  });
});

// kalshi-api-notes §5.4 ("yes_price_dollars + no_price_dollars = 1; no_price_dollars is derived even for YES
// orders"), §6.4 (Trade: yes_price_dollars, no_price_dollars) and §7 (Fill: the same pair): a YES bid at 0.60 that
// takes an ask at 0.52 trades at 0.52 / 0.48.
describe('NO prices beside YES prices (notes §5.4, §6.4, §7)', () => {
  it('the order, its fill and the public trade carry no_price_dollars = 1 − yes_price_dollars', async () => {
    const { h, offer, buy } = await setup();
    offer(1, '0.52');
    const taken = await buy('1', { time_in_force: 'immediate_or_cancel' });
    const read = (await h.call('GET', `/portfolio/orders/${taken.body.order_id}`)).body.order;
    expect(read).toMatchObject({ yes_price_dollars: '0.6000', no_price_dollars: '0.4000' });
    const [fill] = (await h.call('GET', '/portfolio/fills')).body.fills;
    expect(fill).toMatchObject({ yes_price_dollars: '0.5200', no_price_dollars: '0.4800' });
    const [trade] = (await h.call('GET', `/markets/trades?ticker=${TICKER}`, undefined, false)).body.trades;
    expect(trade).toMatchObject({ yes_price_dollars: '0.5200', no_price_dollars: '0.4800' });
  });
});

// kalshi-api-notes §5.2 ("for IOC `remaining_count` is the final post-cancel value (0)"), §5.5 (IOC with an unfilled
// remainder → canceled; partially filled then canceled ⇒ `canceled` with `fill_count_fp > 0`) and §5.7 (IOC: "fill
// what crosses, cancel rest").
describe('immediate-or-cancel (notes §5.2, §5.5, §5.7)', () => {
  it('fills what crosses and cancels the rest: remaining 0 in the answer, canceled with its fills on read', async () => {
    const { h, offer, buy } = await setup();
    offer(2, '0.52');
    const ioc = await buy('5', { time_in_force: 'immediate_or_cancel' });
    expect(ioc).toMatchObject({ status: 201, body: { fill_count: '2.00', remaining_count: '0.00' } });
    const read = (await h.call('GET', `/portfolio/orders/${ioc.body.order_id}`)).body.order;
    expect(read).toMatchObject({
      status: 'canceled',
      fill_count_fp: '2.00',
      remaining_count_fp: '0.00',
      initial_count_fp: '5.00',
    });
    const book = (await h.call('GET', `/markets/${TICKER}/orderbook`, undefined, false)).body.orderbook_fp;
    expect(book.yes_dollars ?? []).toEqual([]); // nothing of it rests
  });
});

// The deprecated `side`/`action` of an Order placed by V2 (`side` bid/ask: "always about the YES leg", notes §5.2).
// Recorded on demo (FX `portfolio__orders_list`, GET /portfolio/orders): the recorder's V2 IOC ask that self-crossed
// its own bid at 0.02 (its `orders__stp_self_cross` step: `"side":"ask"`, taker_at_cross) reads back
// `"action":"sell","book_side":"ask","outcome_side":"no","side":"yes"`, and its bids `"action":"buy","side":"yes"`
// (also `orders__stp_resting_after`). Notes §5.4 map sell+yes → no/ask: the ask is a sale of YES, not a purchase of NO.
describe('legacy side and action of a V2 order (notes §5.2, §5.4)', () => {
  it('an ask reads back as sell YES, a bid as buy YES', async () => {
    const { h } = await setup();
    const place = async (side: string, price: string, time_in_force = 'good_till_canceled') =>
      (await h.call('POST', '/portfolio/events/orders', order(TICKER, { side, price, time_in_force }))).body
        .order_id as string;
    const bid = await place('bid', '0.0200');
    const ask = await place('ask', '0.0200', 'immediate_or_cancel'); // crosses its own bid: canceled, nothing filled
    const read = async (id: string) => (await h.call('GET', `/portfolio/orders/${id}`)).body.order;
    expect(await read(ask)).toMatchObject({
      status: 'canceled',
      side: 'yes',
      action: 'sell',
      outcome_side: 'no',
      book_side: 'ask',
      yes_price_dollars: '0.0200',
      no_price_dollars: '0.9800',
    });
    expect(await read(bid)).toMatchObject({ side: 'yes', action: 'buy', outcome_side: 'yes', book_side: 'bid' });
    const listed = (await h.call('GET', '/portfolio/orders')).body.orders;
    expect(listed.find((o: { order_id: string }) => o.order_id === ask)).toMatchObject({ side: 'yes', action: 'sell' });
  });
});

// The fills of that ask say what the order says. A fill is of an order (spec Fill `order_id`); the deprecated
// `side`/`action` describe the same direction on both, so the recorded sell-YES reading of an ask (above) is its
// fills' too, on REST and on the `fill` channel. `purchased_side` names the leg bought, the outcome (a sale of YES buys
// NO exposure: spec Fill `outcome_side` "sell-yes produce 'no'"). The notes record no fill of an ask; this follows the
// recorded order. `user_order` has no `action` (AsyncAPI userOrder), so its `side`/`is_yes` alone carry the
// direction: they stay the outcome (an ask: "no", false), or an ask would read as a YES purchase there.
describe('legacy side and action of the fills of a V2 order (notes §5.4, §9.6)', () => {
  it("an ask's fills, REST and WS, read as sell YES; a bid's as buy YES", async () => {
    const { h, offer } = await setup();
    const stream = openSession({ exchange: h.mock.exchange });
    stream.send({ id: 1, cmd: 'subscribe', params: { channels: ['fill', 'user_orders'] } });
    // The test user's ask rests, then is taken by the other account's bid (a maker fill of an ask).
    const resting = await h.call('POST', '/portfolio/events/orders', order(TICKER, { side: 'ask', price: '0.6000' }));
    const other = (h.mock.users as MockUser[])[0] as MockUser;
    h.mock.exchange.createOrder(other.userId, {
      ticker: TICKER,
      side: 'bid',
      price: D('0.60'),
      count: 100,
      timeInForce: 'immediate_or_cancel',
      selfTradePrevention: 'taker_at_cross',
    });
    // The test user's ask takes the other account's bid (a taker fill of an ask), then a bid takes an ask.
    h.mock.exchange.createOrder(other.userId, {
      ticker: `${EVENT}-T2`,
      side: 'bid',
      price: D('0.40'),
      count: 100,
      timeInForce: 'good_till_canceled',
      selfTradePrevention: 'taker_at_cross',
    });
    const taken = order(`${EVENT}-T2`, { side: 'ask', price: '0.4000', time_in_force: 'immediate_or_cancel' });
    const taker = await h.call('POST', '/portfolio/events/orders', taken);
    offer(1, '0.55');
    const bid = await h.call(
      'POST',
      '/portfolio/events/orders',
      order(TICKER, { price: '0.6000', time_in_force: 'immediate_or_cancel' }),
    );
    const fills = (await h.call('GET', '/portfolio/fills')).body.fills as Record<string, unknown>[];
    const wsFills = stream.frames.filter((f) => f.type === 'fill').map((f) => f.msg as Record<string, unknown>);
    const sell = { side: 'yes', action: 'sell', outcome_side: 'no', book_side: 'ask' };
    const buy = { side: 'yes', action: 'buy', outcome_side: 'yes', book_side: 'bid' };
    for (const [id, direction, isTaker] of [
      [resting.body.order_id, sell, false],
      [taker.body.order_id, sell, true],
      [bid.body.order_id, buy, true],
    ] as const) {
      expect(fills.filter((f) => f.order_id === id)).toEqual([
        expect.objectContaining({ ...direction, is_taker: isTaker }),
      ]);
      expect(wsFills.filter((f) => f.order_id === id)).toEqual([
        expect.objectContaining({ ...direction, purchased_side: direction.outcome_side, is_taker: isTaker }),
      ]);
    }
    const lastUserOrder = stream.frames.filter(
      (f) => f.type === 'user_order' && f.msg.order_id === taker.body.order_id,
    );
    expect(lastUserOrder.at(-1)?.msg).toMatchObject({
      side: 'no',
      is_yes: false,
      outcome_side: 'no',
      book_side: 'ask',
    });
  });
});

// kalshi-api-notes §5.11: V2 DELETE recorded on demo as `{"order_id":"2597…","reduced_by":"1.00","ts_ms":…}`, no
// `client_order_id`, though the same order read back with `"client_order_id":"4a75…"` (§5.4, FX
// `orders__get_after_create`); the spec marks it optional (CancelOrderV2Response). The notes are silent on batch
// cancel items: not asserted here.
describe('the V2 cancel answer (notes §5.11)', () => {
  it('carries order_id, reduced_by and ts_ms, not the client_order_id the order has', async () => {
    const { h, buy } = await setup();
    const placed = await buy('1', { price: '0.0100', client_order_id: 'cancel-me' });
    expect(placed.body.client_order_id).toBe('cancel-me');
    const canceled = await h.call('DELETE', `/portfolio/events/orders/${placed.body.order_id}`);
    expect(canceled.status).toBe(200);
    expect(Object.keys(canceled.body).sort()).toEqual(['order_id', 'reduced_by', 'ts_ms']);
    expect(canceled.body).toMatchObject({ order_id: placed.body.order_id, reduced_by: '1.00' });
  });
});
