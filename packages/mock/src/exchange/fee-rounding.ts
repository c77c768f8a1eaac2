// Rounding fee and rebate (kalshi-api-notes §5.15 "API accounting since the fixed-point migration", D-feer): a fill's
// balance change (revenue − trade fee) is floored to the account's precision, the difference is a rounding fee;
// rounding overpaid across an order's fills comes back as a whole-cent rebate from its accumulator, on the fill that
// takes the accumulator past a cent.
import type { OrderState } from './types';

/** $0.0001 in micro-dollars: the balance precision of a direct member (the mock's accounts; others have $0.01). */
export const BALANCE_PRECISION = 100;
/** A rebate is one cent. */
export const REBATE = 10_000;

/** `amount` (micro-dollars, ≥ 0) floored to the balance precision: what a balance is credited of a payout. */
export function floorToBalancePrecision(amount: number): number {
  return amount - (amount % BALANCE_PRECISION);
}

/**
 * The rounding fee of a fill that pays `cost` (micro-dollars; what the contracts bought cost). The trade fee is a
 * whole $0.0001 and $1 payouts of netted pairs are whole cents, so only the cost can leave a finer remainder;
 * flooring −cost is the same as rounding the cost up (a YES sale in Kalshi's terms is a NO purchase here: same floor).
 */
export function roundingFee(cost: number): number {
  const remainder = cost % BALANCE_PRECISION;
  return remainder === 0 ? 0 : BALANCE_PRECISION - remainder;
}

/**
 * The net fee of one fill of `order`: trade fee + rounding fee − rebate, the rounding counted in the order's
 * accumulator (taker and maker fills alike). D-feer: the balance "changes by floor(balance_change), which is always
 * aligned to the user's target balance precision"; the rebate is a "Refund from accumulated rounding overpayment
 * (always a multiple of $0.01)"; "Once the accumulated rounding exceeds $0.01, a whole-cent rebate is issued and the
 * accumulator is reduced by $0.01. This ensures the total fee across many small fills converges to what a single
 * equivalent fill would cost"; and net fee = trade fee + rounding fee − rebate "(always >= $0.00)".
 *
 * The page cannot keep all of these fill by fill: a fill of 0.01 contract pays $0.0001 of fees or less, never a cent,
 * so a cent rebated on it takes its net fee below zero, while a rebate held back until a fill's fees cover a cent is
 * never paid in a run of small lots (or paid in pieces, which leaves the $0.0001 grid). The notes are silent. The
 * reading kept here: the whole cent is paid on the fill that takes the accumulator past $0.01, as the page says it is
 * "issued" then. The balance stays on $0.0001 (the cost plus its rounding fee is whole $0.0001, the trade fee too, the
 * rebate a whole cent), nothing owed is lost when the order stops filling, the order's fees converge to one fill's,
 * and "≥ $0.00" holds for the order's fees taken together (a cent is only rebated out of rounding already paid), not
 * for that one fill, whose `fee_cost` is then negative (by less than a cent).
 */
export function netFee(order: OrderState, cost: number, tradeFee: number): number {
  const rounding = roundingFee(cost);
  order.roundingAccrued = (order.roundingAccrued ?? 0) + rounding;
  // One fill's rounding is under $0.0001, so the accumulator passes a cent at most once per fill.
  let rebate = 0;
  if (order.roundingAccrued > REBATE) {
    order.roundingAccrued -= REBATE;
    rebate = REBATE;
  }
  return tradeFee + rounding - rebate;
}
