import type { SeriesState } from './types';

// Kalshi's fee model (kalshi-api-notes §5.15, fee schedule effective 5 Feb 2026):
//   taker fee = m × 0.07   × C × P × (1 − P), per fill, rounded UP to $0.0001;
//   maker fee = m × 0.0175 × C × P × (1 − P), only on `quadratic_with_maker_fees` series; else 0;
//   `flat` series: treated as quadratic here (their table is not public in machine form).
// C = contracts, P = execution price in dollars, m = series fee multiplier. No fee on cancels.
// Recorded check: 1 contract at $0.52 → 0.07 × 0.52 × 0.48 = 0.017472 → $0.0175.

const TAKER_RATE_BP = 700; // 0.07 in basis points of a dollar
const MAKER_RATE_BP = 175; // 0.0175

/** Fee in micro-dollars for `count` centi-contracts at `price` micro-dollars. */
export function tradingFee(series: SeriesState, count: number, price: number, isTaker: boolean): number {
  if (!isTaker && series.feeType !== 'quadratic_with_maker_fees') return 0;
  const rate = BigInt(isTaker ? TAKER_RATE_BP : MAKER_RATE_BP);
  // fee$ = rate/1e4 × m/1e4 × count/100 × price/1e6 × (1e6 − price)/1e6; in units of $0.0001 (= 100 µ$):
  const numerator = rate * BigInt(series.feeMultiplierBp) * BigInt(count) * BigInt(price) * BigInt(1_000_000 - price);
  const denominator = 10n ** 18n; // (1e4 × 1e4 × 100 × 1e6 × 1e6) / 1e4
  const units = (numerator + denominator - 1n) / denominator;
  return Number(units) * 100;
}
