import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TEST_USER_ID } from '../../src';
import { formatDollars } from '../../src/generated/fixed-point';
import { harness, order } from '../helpers';

// Realized P&L in fixed point (kalshi-api-notes §4, §7: `realized_pnl_dollars`, "locked in profit and loss"): a
// position bought and then sold back whole has locked in exactly the $1 a YES and a NO pay together, less what the two
// legs cost (each leg's cost in micro-dollars, rounded up as the engine charges it: a bid pays p, an ask 1 − p).
// Fees are reported apart (`fees_paid_dollars`). Positions of tens of thousands of contracts are ordinary for a
// market maker; the arithmetic must stay exact there, with no float drift of a micro-dollar.
const TICKER = 'KXPNL-26DEC01-T1';
const OTHER = '00000000-0000-4000-8000-0000000000d4';

/** Micro-dollars `centi` centi-contracts cost at `cents` a contract, rounded up (exact: BigInt). */
const legCost = (cents: number, centi: number) => Number((BigInt(cents * 10_000) * BigInt(centi) + 99n) / 100n);

describe('realized P&L of large positions', () => {
  it('is exact to the micro-dollar when a position is bought and sold back whole', async () => {
    const h = await harness({ empty: true, now: 1_790_000_000_000, seed: 3 });
    const { exchange } = h.mock;
    exchange.addMarket({ ticker: TICKER });
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1_000_000, max: 10_000_000 }), // 10,000 to 100,000 contracts, in centi-contracts
        fc.integer({ min: 1, max: 99 }),
        fc.integer({ min: 1, max: 99 }),
        async (centi, buyCents, sellCents) => {
          exchange.reset();
          exchange.addMarket({ ticker: TICKER });
          exchange.setBalance(TEST_USER_ID, 1e13);
          exchange.setBalance(OTHER, 1e13);
          const rest = (side: 'bid' | 'ask', cents: number) =>
            exchange.createOrder(OTHER, {
              ticker: TICKER,
              side,
              price: cents * 10_000,
              count: centi,
              timeInForce: 'good_till_canceled',
              selfTradePrevention: 'taker_at_cross',
            });
          const count = (centi / 100).toFixed(2);
          const take = (side: 'bid' | 'ask', cents: number) =>
            h.call(
              'POST',
              '/portfolio/events/orders',
              order(TICKER, { side, count, price: (cents / 100).toFixed(4), time_in_force: 'immediate_or_cancel' }),
            );
          rest('ask', buyCents);
          expect((await take('bid', buyCents)).body.fill_count).toBe(count);
          rest('bid', sellCents);
          expect((await take('ask', sellCents)).body.fill_count).toBe(count);
          const [position] = (await h.call('GET', `/portfolio/positions?ticker=${TICKER}`)).body.market_positions;
          const pnl = centi * 10_000 - legCost(buyCents, centi) - legCost(100 - sellCents, centi);
          expect({ position_fp: position.position_fp, realized_pnl_dollars: position.realized_pnl_dollars }).toEqual({
            position_fp: '0.00',
            realized_pnl_dollars: formatDollars(pnl, 6),
          });
        },
      ),
      { numRuns: 40, seed: 41, examples: [[4_110_599, 66, 66]] },
    );
  }, 60_000);
});
