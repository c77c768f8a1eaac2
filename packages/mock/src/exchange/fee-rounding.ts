// Rounding fee and rebate (kalshi-api-notes §5.15 "API accounting since the fixed-point migration", D-feer): a fill's
// balance change (revenue − trade fee) is floored to the account's precision, the difference is a rounding fee;
// rounding overpaid across an order's fills comes back as whole-cent rebates from its accumulator, paid out of the
// fees of that fill and later ones.
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
 * accumulator (taker and maker fills alike). D-feer: "Once the accumulated rounding exceeds $0.01, a whole-cent
 * rebate is issued and the accumulator is reduced by $0.01. This ensures the total fee across many small fills
 * converges to what a single equivalent fill would cost", and the net fee is "always >= $0.00". The page does not
 * say what becomes of a cent larger than the fees of the fill that earns it (the notes are silent too); the reading
 * that keeps all three statements: the cent is owed to the order, and each fill's rebate is what is owed up to its
 * own trade fee + rounding fee, the rest waiting for later fills. What is still owed when the order stops filling
 * is not paid (not recorded either). The price of that reading: a rebate paid in part (a fill whose fees are under a
 * cent) moves the balance off the $0.0001 precision the accumulator otherwise keeps. Paying rebates only in whole
 * $0.0001 instead would never pay one to fills whose fees are under $0.0001 (many small lots), so their fees would grow
 * without bound, which the page rules out: the statements cannot all hold fill by fill, and boundedness is kept.
 */
export function netFee(order: OrderState, cost: number, tradeFee: number): number {
  const rounding = roundingFee(cost);
  order.roundingAccrued = (order.roundingAccrued ?? 0) + rounding;
  // One fill's rounding is under $0.0001, so the accumulator passes a cent at most once per fill.
  if (order.roundingAccrued > REBATE) {
    order.roundingAccrued -= REBATE;
    order.rebateOwed = (order.rebateOwed ?? 0) + REBATE;
  }
  const fees = tradeFee + rounding;
  const rebate = Math.min(order.rebateOwed ?? 0, fees);
  if (rebate > 0) order.rebateOwed = (order.rebateOwed ?? 0) - rebate;
  return fees - rebate;
}
