import { describe, expect, it } from 'vitest';
import { harness, order } from '../helpers';

// GET /portfolio/balance `portfolio_value`: "Member's portfolio value in cents" (spec GetBalanceResponse). How Kalshi
// values a position is not recorded (the notes are silent); the mock marks it at the last trade. Once a market is
// determined its contracts' worth is known (spec Market.settlement_value_dollars: "The settlement value of the
// YES/LONG side of the contract … Only filled after determination"), and settlement only pays that out: a careful
// user reading balance + portfolio_value as the account's worth must not see it jump when the payout lands, nor see
// a losing position valued at its last trade for the settlement timer's length.
const T0 = Date.UTC(2026, 5, 11, 18);
const TICKER = 'KXDETV-26JUN11-T50';
const HOUR = 3_600_000;

async function setup() {
  const h = await harness({ empty: true, now: T0, seed: 9 });
  const { exchange } = h.mock;
  exchange.addMarket({ ticker: TICKER, openTime: T0 - HOUR, closeTime: T0 + HOUR, settlementTimerSeconds: 600 });
  // A counterparty sells 3 YES at 0.40; the test user buys them: the last trade is at 0.40.
  exchange.createOrder('bob', {
    ticker: TICKER,
    side: 'ask',
    price: 400_000,
    count: 300,
    timeInForce: 'good_till_canceled',
    selfTradePrevention: 'maker',
  });
  expect(
    (await h.call('POST', '/portfolio/events/orders', order(TICKER, { count: '3', price: '0.4000' }))).status,
  ).toBe(201);
  const balance = async () => (await h.call('GET', '/portfolio/balance')).body;
  return { ...h, exchange, balance };
}

describe('portfolio_value of a determined market', () => {
  it.each([
    ['yes', 300],
    ['no', 0],
  ] as const)('values a position at its settlement value once the result is %s', async (result, value) => {
    const { exchange, balance } = await setup();
    expect((await balance()).portfolio_value).toBe(120); // 3 YES marked at the last trade, 0.40
    exchange.determineMarket(TICKER, result);
    const determined = await balance();
    expect(determined.portfolio_value).toBe(value);
    exchange.advanceTime(600_000); // the settlement timer runs out: the payout lands
    const settled = await balance();
    expect(settled.portfolio_value).toBe(0);
    expect(settled.balance + settled.portfolio_value).toBe(determined.balance + determined.portfolio_value);
  });

  it('values a NO position of a scalar market at 1 − the settlement value', async () => {
    const { call, exchange, balance } = await setup();
    // Sells the 3 YES back and 2 more: 2 NO, the last trade at 0.40.
    exchange.createOrder('carol', {
      ticker: TICKER,
      side: 'bid',
      price: 400_000,
      count: 500,
      timeInForce: 'good_till_canceled',
      selfTradePrevention: 'maker',
    });
    const sold = await call(
      'POST',
      '/portfolio/events/orders',
      order(TICKER, { side: 'ask', count: '5', price: '0.4000' }),
    );
    expect(sold.body.fill_count).toBe('5.00');
    exchange.determineMarket(TICKER, 'scalar', { settlementValueDollars: '0.2500' });
    expect((await balance()).portfolio_value).toBe(150); // 2 NO × (1 − 0.25)
  });
});
