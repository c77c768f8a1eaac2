// exchange.reset() (and `POST /_mock/reset`) replaces the exchange's whole state: orders, positions, order groups,
// RFQs and the markets listed since are gone (REST reads answer 404 or leave them out). Kalshi has no such operation,
// and the notes are silent on how a subscriber would learn of it. A `user_order` "canceled" would be a lie (REST says
// the order does not exist, not that it was canceled), and a connection that carries on leaves its subscriptions
// believing orders rest and positions are held that no longer exist. The nearest real event is maintenance, which drops
// sessions (kalshi-api-notes §9.1), after which everything restarts: new sids, new seq, new snapshots (§9.7). So a reset
// cuts every connection, and nothing about the state it replaced is sent after it.
import { describe, expect, it } from 'vitest';
import { Exchange, TEST_USER_ID } from '../../src';
import { openSession } from './session';

const TICKER = 'KXRESET-26DEC31-T1';

function withRestingOrder() {
  const exchange = new Exchange({ seed: 3, now: Date.UTC(2026, 11, 1) });
  exchange.addMarket({ ticker: TICKER });
  exchange.setBalance(TEST_USER_ID, 1e12);
  return exchange;
}

function rest(exchange: Exchange, ticker = TICKER) {
  return exchange.createOrder(TEST_USER_ID, {
    ticker,
    side: 'bid',
    price: 400_000,
    count: 500,
    timeInForce: 'good_till_canceled',
    selfTradePrevention: 'maker',
  });
}

describe('exchange.reset() with a connection open', () => {
  it('cuts a user_orders subscriber that was told an order rests, which no longer exists', () => {
    const exchange = withRestingOrder();
    const h = openSession({ exchange });
    h.send({ id: 1, cmd: 'subscribe', params: { channels: ['user_orders', 'market_positions'] } });
    const { order } = rest(exchange);
    expect(h.frames.at(-1)).toMatchObject({ type: 'user_order', msg: { order_id: order.orderId, status: 'resting' } });
    exchange.reset();
    expect(exchange.orders.has(order.orderId)).toBe(false);
    expect(h.drops()).toBe(1);
  });

  it('cuts every connection, even one with no subscription', () => {
    const exchange = withRestingOrder();
    const a = openSession({ exchange });
    const b = openSession({ exchange });
    a.send({ id: 1, cmd: 'subscribe', params: { channels: ['ticker'] } });
    exchange.reset();
    expect([a.drops(), b.drops()]).toEqual([1, 1]);
  });

  // A market added with its own id: the deltas reset() sent to empty its book carried the ticker-derived id (the
  // market was gone, so `idOf` fell back), not the id its snapshot had. Nothing is sent after the reset now.
  it('sends nothing after the reset: no delta names a market by an id it never had', () => {
    const exchange = withRestingOrder();
    const ticker = 'KXRESETID-26DEC31-T1';
    const id = '11111111-2222-4333-8444-555555555555';
    exchange.addMarket({ ticker, id });
    const h = openSession({ exchange });
    h.send({
      id: 1,
      cmd: 'subscribe',
      params: { channels: ['orderbook_delta', 'user_orders'], market_tickers: [ticker] },
    });
    // Every market's ticker too: the dataset's books, rebuilt during the reset, send nothing on this connection either.
    h.send({ id: 2, cmd: 'subscribe', params: { channels: ['ticker'] } });
    rest(exchange, ticker);
    const before = h.frames.length;
    expect(h.frames.filter((f) => f.msg?.market_ticker === ticker).every((f) => f.msg.market_id === id)).toBe(true);
    exchange.reset();
    expect(h.frames.slice(before)).toEqual([]);
    expect(h.drops()).toBe(1);
  });
});
