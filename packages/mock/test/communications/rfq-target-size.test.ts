import { describe, expect, it, vi } from 'vitest';
import { Exchange, TEST_USER_ID } from '../../src';
import { communications, contractsFor } from '../../src/exchange/rfqs';

// A target-cost RFQ's quote size (CreateRFQRequest.target_cost_excludes_fees: "By default (false) the target cost caps
// principal plus Kalshi fees, and quote sizes are reduced to make room for the fees"): the most 0.01-contract units
// whose cost plus taker fee (kalshi-api-notes §5.15: 0.07 × C × P × (1 − P), rounded up to $0.0001) stay within the
// target. Before the fix the size was found by stepping down one unit at a time from target / price, about 3.5% of
// the units at $0.50, one fee computation a step: sizing a $10,000,000 target took ~70 million steps (over a minute; $100,000 at $0.03, 21 million)
// in every quote read and every quote message, while the single-threaded mock answered nobody. The work is counted
// here in fee computations (no wall clock): a search needs a few dozen.
const counted = vi.hoisted(() => ({ feeComputations: 0 }));
vi.mock('../../src/exchange/fees', async (original) => {
  const actual = await original<typeof import('../../src/exchange/fees')>();
  // A counter, not vi.fn: recording millions of calls' arguments exhausts the worker's memory.
  const tradingFee: typeof actual.tradingFee = (...args) => {
    counted.feeComputations++;
    return actual.tradingFee(...args);
  };
  return { ...actual, tradingFee };
});

const QUOTER = '5b0f2c1e-8d7a-4c3b-9e6f-0a1b2c3d4e5f';
const TICKER = 'KXFED-26DEC15-T4.00';

/** The taker fee of `centi` 0.01-contracts at a YES price of `price` micro-dollars, in micro-dollars (§5.15). */
function takerFee(centi: bigint, price: bigint): bigint {
  const units = (7n * centi * price * (1_000_000n - price) + 10n ** 12n - 1n) / 10n ** 12n; // $0.0001, rounded up
  return units * 100n;
}

/** The largest size whose cost (`perCenti` micro-dollars a unit) plus taker fee is within `target` micro-dollars. */
function largestWithin(target: bigint, perCenti: bigint, price: bigint): bigint {
  let lo = 0n;
  let hi = target / perCenti;
  while (lo < hi) {
    const mid = (lo + hi + 1n) / 2n;
    if (mid * perCenti + takerFee(mid, price) <= target) lo = mid;
    else hi = mid - 1n;
  }
  return lo;
}

describe('a quote on a large target-cost RFQ', () => {
  it.each([
    [10_000_000_000n, 500_000], // $10,000 at $0.50
    [10_000_000_000n, 30_000], // $10,000 at $0.03 (2 million steps before the fix)
    [100_000_000_000n, 970_000], // $100,000 at $0.97
  ])(
    'is sized to the most units within a target of %s µ$ at %s µ$, in a few dozen fee computations',
    (target, price) => {
      const exchange = new Exchange({ seed: 1, now: Date.UTC(2026, 10, 20, 12) });
      const desk = communications(exchange);
      const rfq = desk.createRfq(TEST_USER_ID, {
        ticker: TICKER,
        contracts: 0,
        targetCost: Number(target),
        restRemainder: false,
      });
      // Accepting `yes` buys YES at 1 − no_bid = `price`.
      const quote = desk.createQuote(QUOTER, {
        rfqId: rfq.id,
        yesBid: 0,
        noBid: 1_000_000 - price,
        restRemainder: false,
      });
      counted.feeComputations = 0;
      const size = contractsFor(exchange, rfq, quote, 'yes');
      expect(counted.feeComputations).toBeLessThanOrEqual(100);
      expect(BigInt(size)).toBe(largestWithin(target, BigInt(price) / 100n, BigInt(price)));
    },
  );
});
