import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createKalshiMock, type MockUser } from '../../src';
import { DECI_CENT, listFeeMarket } from '../helpers';

// P3 (round 25). D-feer (kalshi-api-notes §5.15): "Direct member balances are rounded to the nearest $0.0001" "before
// and after every fill", the balance "changes by floor(balance_change), which is always aligned to the user's target
// balance precision", and a rebate is "always a multiple of $0.01". The notes are silent on settlement payouts and
// on collateral held for resting orders; a demanding user expects both to keep the balance on $0.0001 as well
// (lifecycle.ts, collateral.ts). So: after any sequence of fills and settlements, every account's cash and available
// balance are whole $0.0001, and `balance_dollars` (4 decimals) is the available balance exactly, nothing cut off.
const TICKER = 'KXGRID-26DEC01-G';

const step = fc.record({
  user: fc.integer({ min: 0, max: 1 }),
  side: fc.constantFrom('bid' as const, 'ask' as const),
  price: fc.integer({ min: 1, max: 999 }).map((p) => p * 1000), // $0.001 … $0.999
  count: fc.integer({ min: 1, max: 150 }), // 0.01 … 1.50 contracts
  timeInForce: fc.constantFrom('good_till_canceled' as const, 'immediate_or_cancel' as const),
});
const settlement = fc.oneof(
  fc.constantFrom(['yes', undefined] as const, ['no', undefined] as const),
  fc.integer({ min: 0, max: 10_000 }).map((v) => ['scalar', (v / 10_000).toFixed(4)] as const),
);

describe("the balance on Kalshi's $0.0001 grid", () => {
  it('stays on it through random small fills at deci-cent prices and a settlement, shown whole', () => {
    const mock = createKalshiMock({ empty: true, now: 1_790_000_000_000, seed: 7, users: 2 });
    const users = (mock.users as MockUser[]).map((u) => u.userId);
    const problems = (where: string): string[] => {
      const found: string[] = [];
      for (const userId of users) {
        const account = mock.exchange.accounts.get(userId);
        if (!account) continue;
        const available = mock.exchange.available(userId);
        const shown = mock.inspect.balance({ user: userId }).balance_dollars;
        if (account.cash % 100 !== 0) found.push(`${where}: ${userId} cash ${account.cash} off $0.0001`);
        if (available % 100 !== 0) found.push(`${where}: ${userId} available ${available} off $0.0001`);
        if (Math.round(Number(shown) * 1e6) !== available)
          found.push(`${where}: ${userId} balance_dollars ${shown}, available ${available} µ$`);
      }
      return found;
    };
    fc.assert(
      fc.property(
        fc.constantFrom('quadratic' as const, 'quadratic_with_maker_fees' as const),
        fc.array(step, { minLength: 1, maxLength: 40 }),
        settlement,
        (feeType, steps, [result, value]) => {
          mock.exchange.reset();
          listFeeMarket(mock.exchange, TICKER, { feeType }, DECI_CENT);
          const found: string[] = [];
          steps.forEach((s, i) => {
            mock.exchange.createOrder(users[s.user] as string, {
              ticker: TICKER,
              side: s.side,
              price: s.price,
              count: s.count,
              timeInForce: s.timeInForce,
              selfTradePrevention: 'taker_at_cross',
            });
            found.push(...problems(`after step ${i}`));
          });
          mock.exchange.settleMarket(
            TICKER,
            result,
            value === undefined ? undefined : { settlementValueDollars: value },
          );
          found.push(...problems(`after settling ${result} ${value ?? ''}`));
          expect(found).toEqual([]);
        },
      ),
      { seed: 20_261_205, numRuns: 150 },
    );
  });

  it('holds collateral in whole $0.0001 when a held NO contract covers part of a YES bid', () => {
    const mock = createKalshiMock({ empty: true, now: 1_790_000_000_000, seed: 7, users: 2 });
    const [alice, bob] = (mock.users as MockUser[]).map((u) => u.userId) as [string, string];
    mock.exchange.addMarket({ ticker: TICKER, ...DECI_CENT });
    const order = (side: 'bid' | 'ask', count: number) => ({
      ticker: TICKER,
      side,
      price: 1000,
      count,
      timeInForce: 'good_till_canceled' as const,
      selfTradePrevention: 'taker_at_cross' as const,
    });
    mock.exchange.createOrder(alice, order('ask', 1)); // buys 0.01 NO @ $0.999 …
    mock.exchange.createOrder(bob, order('bid', 1)); // … from Bob: $0.00999 + $0.00001 rounding
    const cash = mock.exchange.accounts.get(alice)?.cash as number;
    expect(cash).toBe(10_000_000_000 - 10_000);
    // A YES bid for 0.02 @ $0.001: the held 0.01 NO covers half; the other 0.01 YES costs $0.00001, and the rounding
    // fee of the whole ($0.00008) is under the held NO's proceeds. $0.00001 held, rounded up to $0.0001.
    mock.exchange.createOrder(alice, order('bid', 2));
    expect(mock.exchange.available(alice)).toBe(cash - 100);
    expect(mock.inspect.balance({ user: alice }).balance_dollars).toBe('9999.9899');
  });
});
