// The ledger: cash, collateral held for resting orders, and positions netted as fills arrive.
import { COUNT_UNITS, notional } from '../generated/fixed-point';
import { ledger, position } from './accounts';
import { ONE_DOLLAR } from './book';
import type { ExchangeModel } from './model';
import type { BookSide } from './types';

/** What an order costs its owner: a bid buys YES at p; an ask buys NO at 1 − p. Rounded up to the micro-dollar. */
export function orderCost(side: BookSide, yesPrice: number, count: number): number {
  return notional(side === 'bid' ? yesPrice : ONE_DOLLAR - yesPrice, count, 'ceil');
}

/**
 * Books a fill for one side: pays `cost` and the fee, then nets the position (+YES / −NO). A YES contract and a
 * NO contract held together pay out $1, so closing trades release cash and realise P&L. Fees are kept apart
 * (`fees_paid`): an open position's realized P&L is 0, as Kalshi reports it (issue 14's demo recording).
 */
export function settleFill(
  model: ExchangeModel,
  userId: string,
  ticker: string,
  side: BookSide,
  count: number,
  cost: number,
  fee: number,
  subaccount = 0,
): void {
  const holder = ledger(model, userId, subaccount);
  const held = position(model, userId, ticker, subaccount);
  holder.cash -= cost + fee;
  holder.balanceUpdated = model.now();
  held.fees += fee;
  held.totalTraded += cost;
  held.volume += count;
  held.lastUpdated = model.now();
  const delta = side === 'bid' ? count : -count;
  const opposite = held.position !== 0 && Math.sign(held.position) !== Math.sign(delta);
  const closing = opposite ? Math.min(Math.abs(held.position), count) : 0;
  if (closing > 0) {
    // Shares by integer arithmetic: the products pass 2^53 on positions of some 10,000 contracts, where a float
    // product divided back loses a micro-dollar (realized P&L drifting off what the fills add up to).
    const released = share(held.exposure, closing, Math.abs(held.position));
    const closingCost = share(cost, closing, count);
    const closingFee = share(fee, closing, count);
    const payout = closing * (ONE_DOLLAR / COUNT_UNITS);
    holder.cash += payout;
    held.exposure -= released;
    held.realizedPnl += payout - released - closingCost;
    held.exposure += cost - closingCost;
    held.positionFees += fee - closingFee - share(held.positionFees, closing, Math.abs(held.position));
  } else {
    held.exposure += cost;
    held.positionFees += fee;
  }
  held.position += delta;
  if (held.position === 0) {
    held.exposure = 0;
    held.positionFees = 0;
  }
}

/** `amount × part / whole` truncated, exactly (amount ≥ 0, 0 < part ≤ whole): all three are safe integers. */
function share(amount: number, part: number, whole: number): number {
  return part === whole ? amount : Number((BigInt(amount) * BigInt(part)) / BigInt(whole));
}
