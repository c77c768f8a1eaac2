// Rounding fee and rebate (kalshi-api-notes §5.15 "API accounting since the fixed-point migration", D-feer): a fill's
// balance change (revenue − trade fee) is floored to the account's precision, the difference is a rounding fee;
// rounding overpaid across an order's fills comes back as whole-cent rebates from its accumulator.
import type { OrderState } from './types';

/** $0.0001 in micro-dollars: the balance precision of a direct member (the mock's accounts; others have $0.01). */
const BALANCE_PRECISION = 100;
/** A rebate is one cent. */
const REBATE = 10_000;

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
 * accumulator (taker and maker fills alike). "Once the accumulated rounding exceeds $0.01, a whole-cent rebate is
 * issued"; the net fee is "always >= $0.00", so a rebate larger than this fill's fees waits for a later fill (the
 * page does not say how Kalshi keeps that bound; this is the reading that keeps both statements true).
 */
export function netFee(order: OrderState, cost: number, tradeFee: number): number {
  const rounding = roundingFee(cost);
  order.roundingAccrued = (order.roundingAccrued ?? 0) + rounding;
  if (order.roundingAccrued > REBATE && tradeFee + rounding >= REBATE) {
    order.roundingAccrued -= REBATE;
    return tradeFee + rounding - REBATE;
  }
  return tradeFee + rounding;
}
