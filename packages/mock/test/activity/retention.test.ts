// W-D1: a long-running mock with activity stays bounded in memory. The synthetic accounts have no API key, so their
// finished orders and their fills can be read by nobody and are dropped; the public trade tape keeps the most recent
// TRADES_KEPT_PER_MARKET trades of each market. The notes are silent on retention (Kalshi keeps every account's
// history; the synthetic accounts are the mock's own); the bound is the mock's, documented in its README.
// Counts, on the fixed clock moved by advanceTime: no wall-clock, no heap bytes.
import { describe, expect, it } from 'vitest';
import { createKalshiMock, TEST_USER_ID } from '../../src';
import { candles } from '../../src/exchange/candles';
import { stableArrival } from '../../src/http/paginate';
import { openInterest } from '../../src/shared/present';

const T0 = Date.UTC(2026, 11, 1, 15);
const HOUR = 3_600_000;

function run(mock: ReturnType<typeof createKalshiMock>, ms: number): void {
  for (let t = 0; t < ms; t += 250_000) mock.exchange.advanceTime(Math.min(250_000, ms - t));
}

describe('activity retention', () => {
  it('keeps orders, fills and trades bounded over 2 simulated hours, and the bot’s own history whole', () => {
    const probe = createKalshiMock({ seed: 3, now: T0 });
    const ticker = [...probe.exchange.markets.values()].find((m) => m.status === 'active')?.ticker as string;
    const mock = createKalshiMock({
      seed: 3,
      now: T0,
      activity: { seed: 7, ordersPerSecond: 20, markets: [ticker] },
    });
    const { exchange } = mock;
    // The tape's bound scaled down (10,000 in a real session) so that 2 simulated hours age trades out many times.
    exchange.tradesKeptPerMarket = 2_000;
    const market = exchange.market(ticker);
    const volumeAtStart = market.volume;
    let traded = 0;
    let botFills = 0;
    exchange.changes.on((event) => {
      if (event.type === 'trade' && event.trade.ticker === ticker) traded += event.trade.count;
      if (event.type === 'fill' && event.fill.userId === TEST_USER_ID) botFills++;
    });

    run(mock, HOUR / 2);
    // The bot (the test account, which has a key): a resting bid far below the book and a taker that trades.
    const resting = exchange.createOrder(TEST_USER_ID, {
      ticker,
      side: 'bid',
      price: market.tick,
      count: 100,
      timeInForce: 'good_till_canceled',
      selfTradePrevention: 'maker',
    }).order.orderId;
    const bestNo = exchange.book(ticker).bestPrice('no') as number;
    const taken = exchange.createOrder(TEST_USER_ID, {
      ticker,
      side: 'bid',
      price: 1_000_000 - bestNo,
      count: 100,
      timeInForce: 'immediate_or_cancel',
      selfTradePrevention: 'maker',
    });
    expect(taken.fills.length).toBeGreaterThan(0);

    run(mock, HOUR / 2);
    const atHour1 = { orders: exchange.orders.size, fills: exchange.fills.length, trades: exchange.trades.length };
    run(mock, HOUR);
    const atHour2 = { orders: exchange.orders.size, fills: exchange.fills.length, trades: exchange.trades.length };

    // Far more happened than is kept: ~20 actions/s for 2 hours.
    expect(traded).toBeGreaterThan(0);
    expect(market.volume - volumeAtStart).toBeGreaterThan(0);
    const tradesOfMarket = exchange.trades.filter((t) => t.ticker === ticker).length;
    expect(tradesOfMarket).toBeLessThanOrEqual(exchange.tradesKeptPerMarket * 1.1);
    expect(tradesOfMarket).toBeGreaterThanOrEqual(exchange.tradesKeptPerMarket);
    // Resting orders (≤ 10 per synthetic account, the house's quotes) plus the finished ones of the last sweep.
    expect(atHour2.orders).toBeLessThanOrEqual(3_000);
    expect(atHour2.fills).toBeLessThanOrEqual(3_000);
    // Not growing between hour 1 and hour 2.
    expect(atHour2.orders).toBeLessThanOrEqual(atHour1.orders + 1_000);
    expect(atHour2.fills).toBeLessThanOrEqual(atHour1.fills + 2_000);
    expect(atHour2.trades).toBeLessThanOrEqual(atHour1.trades + 1_000);

    // Only finished orders are dropped: every order the book still holds (the synthetic accounts' quotes too) is kept.
    const booked = exchange.book(ticker).orders();
    expect(booked.length).toBeGreaterThan(0);
    expect(booked.filter((o) => exchange.orders.get(o.orderId) !== o).map((o) => o.orderId)).toEqual([]);
    // The bot's orders and fills stay, as Kalshi keeps them.
    const mine = mock.inspect.orders().map((o) => o.order_id);
    expect(mine).toContain(resting);
    expect(mine).toContain(taken.order.orderId);
    expect(mock.inspect.fills()).toHaveLength(botFills);
    // Market stats kept incrementally: volume counts every trade, dropped ones too.
    expect(market.volume).toBe(volumeAtStart + traded);
    // The latest candle's open interest is the market's, though the synthetic fills it came from are gone.
    const now = Math.floor(exchange.now() / 1000);
    const latest = candles(exchange, market, { startTs: now - 60, endTs: now, periodMinutes: 1 }).at(-1);
    expect(latest?.openInterest).toBe(openInterest(exchange, ticker));
  }, 120_000);
});

describe('stableArrival', () => {
  // A cursor names a row by [time, arrival number]: dropping older rows must not renumber the ones that stay.
  it('keeps each record’s number when older ones are dropped', () => {
    const rows = [{ id: 'a' }, { id: 'b' }, { id: 'c' }];
    const first = stableArrival(rows);
    const numbers = rows.map(first);
    rows.splice(0, 2);
    rows.push({ id: 'd' });
    const second = stableArrival(rows);
    expect(second(rows[0] as { id: string })).toBe(numbers[2]);
    expect(second(rows[1] as { id: string })).toBeGreaterThan(numbers[2] as number);
  });
});
