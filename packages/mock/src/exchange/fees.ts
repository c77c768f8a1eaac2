import type { FeeSchedule, FeeType } from './types';

// Kalshi's fee model (kalshi-api-notes §5.15, fee schedule effective 5 Feb 2026; spec Series.fee_type):
//   taker fee = m × 0.07 × C × P × (1 − P), per fill, rounded UP to $0.0001;
//   maker fee = m × r × C × P × (1 − P), rounded the same way, where r is the maker multiplier times the 0.07 rate:
//     `quadratic_with_maker_fees` 0.25 × 0.07 = 0.0175; `quadratic_with_combo_maker_fees` "the same maker-fee
//     structure with a 0.5 maker multiplier instead of 0.25": 0.5 × 0.07 = 0.035; `quadratic` 0 (takers only).
//   `flat` series use the Specific Trading Fees Table, which neither the notes nor the spec give: the mock holds none
//   (FeeType; a dataset with one is refused at load, dataset-file.ts).
// C = contracts, P = execution price in dollars, m = the fee multiplier (series, or the event's override). No fee on
// cancels. Recorded check: 1 contract at $0.52 → 0.07 × 0.52 × 0.48 = 0.017472 → $0.0175.

const TAKER_RATE_BP = 700; // 0.07 in basis points of a dollar
/** The maker rate of each fee type, in basis points (0.25 × and 0.5 × the taker rate, or none). */
const MAKER_RATE_BP: Record<FeeType, number> = {
  quadratic: 0,
  quadratic_with_maker_fees: 175, // 0.0175
  quadratic_with_combo_maker_fees: 350, // 0.035
};

/** Fee in micro-dollars for `count` centi-contracts at `price` micro-dollars. */
export function tradingFee(fees: FeeSchedule, count: number, price: number, isTaker: boolean): number {
  const rate = BigInt(isTaker ? TAKER_RATE_BP : (MAKER_RATE_BP[fees.feeType] ?? 0));
  if (rate === 0n) return 0;
  // fee$ = rate/1e4 × m/1e4 × count/100 × price/1e6 × (1e6 − price)/1e6; in units of $0.0001 (= 100 µ$):
  const numerator = rate * BigInt(fees.feeMultiplierBp) * BigInt(count) * BigInt(price) * BigInt(1_000_000 - price);
  const denominator = 10n ** 18n; // (1e4 × 1e4 × 100 × 1e6 × 1e6) / 1e4
  const units = (numerator + denominator - 1n) / denominator;
  return Number(units) * 100;
}
