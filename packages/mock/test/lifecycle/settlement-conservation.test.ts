import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createKalshiMock } from '../../src';
import { createSubaccount, transfer } from '../../src/exchange/subaccounts';

// Money in a binary market (kalshi-api-notes §5.15): every contract is a YES against a NO, their holders paid $1 for
// the pair, and settlement pays $1 per pair (on a scalar result v to the YES side and 1 − v to the NO side). So across
// all accounts, once the market settles, cash + trading fees paid + settlement fees is what the accounts started
// with: no money is created or lost, and nothing stays held or open.
const TICKER = 'KXCONS-26DEC01-T1';
const USERS = ['u1', 'u2', 'u3'] as const;

const orderArb = fc.record({
  user: fc.constantFrom(...USERS),
  subaccount: fc.constantFrom(0, 1),
  side: fc.constantFrom('bid' as const, 'ask' as const),
  cents: fc.integer({ min: 1, max: 99 }),
  count: fc.integer({ min: 1, max: 700 }), // centi-contracts: fractional counts too
  timeInForce: fc.constantFrom('good_till_canceled' as const, 'immediate_or_cancel' as const),
});
const resultArb = fc.oneof(
  fc.constantFrom({ result: 'yes' as const }, { result: 'no' as const }),
  fc.integer({ min: 0, max: 10_000 }).map((v) => ({
    result: 'scalar' as const,
    settlementValueDollars: (v / 10_000).toFixed(4),
  })),
);

describe('settlement conserves money', () => {
  it('cash + fees paid over all accounts is what they started with, once the market settles', () => {
    fc.assert(
      fc.property(fc.array(orderArb, { minLength: 1, maxLength: 25 }), resultArb, (orders, outcome) => {
        const mock = createKalshiMock({ empty: true, now: 1_790_000_000_000, seed: 1 });
        const { exchange } = mock;
        exchange.addMarket({ ticker: TICKER });
        for (const user of USERS) {
          exchange.account(user);
          // A subaccount of each user trades too: its own ledger, funded from the primary.
          createSubaccount(exchange, user);
          transfer(exchange, user, { from: 0, to: 1, amountCents: 100_000 });
        }
        const start = [...exchange.accounts.values()].reduce((sum, a) => sum + a.cash, 0);
        for (const o of orders)
          exchange.createOrder(o.user, {
            ticker: TICKER,
            side: o.side,
            price: o.cents * 10_000,
            count: o.count,
            timeInForce: o.timeInForce,
            selfTradePrevention: 'maker',
            subaccount: o.subaccount,
          });
        const { result, ...options } = outcome;
        exchange.determineMarket(TICKER, result, { ...options, settleAfterMs: 0 });
        const accounts = [...exchange.accounts.values()];
        const cash = accounts.reduce((sum, a) => sum + a.cash, 0);
        const tradingFees = exchange.fills.reduce((sum, f) => sum + f.fee, 0);
        const settlementFees = exchange.settlements.reduce((sum, s) => sum + s.fee, 0);
        expect(cash + tradingFees + settlementFees).toBe(start);
        expect(accounts.map((a) => [a.userId, a.locked, a.positions.size])).toEqual(
          accounts.map((a) => [a.userId, 0, 0]),
        );
      }),
      { numRuns: 300, seed: 33 },
    );
  });
});
