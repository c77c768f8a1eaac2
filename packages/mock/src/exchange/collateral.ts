// Collateral (kalshi-api-notes §5.15): what an order, or an off-book execution, needs of the available balance.
// Contracts it would open are paid in full (a bid buys YES at p, an ask buys NO at 1 − p) plus the largest fee its
// fill can cost (trade fee and rounding fee, D-feer). Contracts it sells out of a held position need no cash: one
// signed position per market nets, so selling held YES releases them ("Selling held YES contracts raises available
// balance by the price", Kalshi's settlement-bounds guide); their proceeds go towards the fee. Held contracts back
// the resting orders that sell them in time priority, so two resting sells cannot both count the same contracts.
import { notional } from '../generated/fixed-point';
import { ledger } from './accounts';
import { ONE_DOLLAR } from './book';
import { roundingFee } from './fee-rounding';
import { tradingFee } from './fees';
import { orderCost } from './ledger';
import type { ExchangeModel } from './model';
import type { BookSide, FeeSchedule, OrderState } from './types';

/** The largest fee one fill of `count` at YES `price` can cost: the trade fee plus the rounding fee. */
export function maximalFee(fees: FeeSchedule, side: BookSide, price: number, count: number, isTaker: boolean) {
  return tradingFee(fees, count, price, isTaker) + roundingFee(orderCost(side, price, count));
}

/**
 * What `count` on `side` needs of the available balance when `covered` of it sells held contracts, rounded up to the
 * balance's $0.0001 (D-feer: balances are whole $0.0001 "before and after every fill"; the notes are silent on what
 * collateral Kalshi holds, and a fraction of a contract at a deci-cent price can cost less than $0.0001 more): the
 * available balance, cash less what is held, stays whole $0.0001, so `balance_dollars` (4 decimals) shows it all.
 */
export function collateral(
  fees: FeeSchedule,
  side: BookSide,
  price: number,
  count: number,
  covered: number,
  isTaker: boolean,
): number {
  const fee = maximalFee(fees, side, price, count, isTaker);
  const proceeds = notional(side === 'ask' ? price : ONE_DOLLAR - price, covered);
  const amount = orderCost(side, price, count - covered) + Math.max(0, fee - proceeds);
  return amount + roundingFee(amount);
}

/**
 * What a new order (or an off-book fill) needs of the available balance: held contracts no resting order already
 * counts cover it first. `except`: an order being amended, whose own reservation is given up.
 */
export function required(
  model: ExchangeModel,
  party: { userId: string; subaccount?: number },
  deal: { ticker: string; side: BookSide; price: number; count: number; isTaker: boolean },
  except?: OrderState,
): number {
  const subaccount = party.subaccount ?? 0;
  let free = held(model, party.userId, subaccount, deal.ticker, deal.side);
  for (const order of resting(model, party.userId, subaccount, deal.ticker))
    if (order.side === deal.side && order !== except) free -= Math.min(free, order.remainingCount);
  const fees = model.feesOfMarket(model.market(deal.ticker));
  return collateral(fees, deal.side, deal.price, deal.count, Math.min(deal.count, free), deal.isTaker);
}

/**
 * Holds collateral for a user's resting orders in one market (one subaccount) again, after an order or the position
 * changed: held contracts go to the sells first in time priority, the rest is paid for (maker fee: a resting order
 * fills as maker).
 */
export function relock(model: ExchangeModel, userId: string, subaccount: number, ticker: string): void {
  const holder = ledger(model, userId, subaccount);
  const fees = model.feesOfMarket(model.market(ticker));
  const free = {
    bid: held(model, userId, subaccount, ticker, 'bid'),
    ask: held(model, userId, subaccount, ticker, 'ask'),
  };
  for (const order of resting(model, userId, subaccount, ticker)) {
    const covered = Math.min(order.remainingCount, free[order.side]);
    free[order.side] -= covered;
    const amount = collateral(fees, order.side, order.price, order.remainingCount, covered, false);
    if (amount === order.locked) continue;
    holder.locked += amount - order.locked;
    holder.balanceUpdated = model.now();
    order.locked = amount;
  }
}

/** Holds collateral for the order's resting remainder (and re-balances its siblings in the market). */
export function lock(model: ExchangeModel, order: OrderState): void {
  relock(model, order.userId, order.subaccount, order.ticker);
}

/** Frees the collateral the order holds (call `relock` once it has left the book: its held contracts are free). */
export function release(model: ExchangeModel, order: OrderState): void {
  if (order.locked === 0) return;
  const holder = ledger(model, order.userId, order.subaccount);
  holder.locked -= order.locked;
  holder.balanceUpdated = model.now();
  order.locked = 0;
}

/** Held contracts an order on `side` sells: YES for an ask, NO for a bid. A peek: no empty position is opened. */
function held(model: ExchangeModel, userId: string, subaccount: number, ticker: string, side: BookSide): number {
  const position = ledger(model, userId, subaccount).positions.get(ticker)?.position ?? 0;
  return side === 'ask' ? Math.max(position, 0) : Math.max(-position, 0);
}

/** The user's orders resting on a market's book (one subaccount), in time priority. */
function resting(model: ExchangeModel, userId: string, subaccount: number, ticker: string): OrderState[] {
  return model
    .book(ticker)
    .orders()
    .filter((o) => o.userId === userId && o.subaccount === subaccount && o.remainingCount > 0)
    .sort((a, b) => a.priority - b.priority);
}

/**
 * What orders resting at `book`'s levels hold of their maker's cash (as placing them does: no position held, never
 * taking): YES bids and NO bids, [price in micro-dollars, count in centi-contracts]. The house maker's funding for a
 * dataset's books and for setOrderbook's levels.
 */
export function restingCollateral(
  fees: FeeSchedule | undefined,
  book: { readonly yes: readonly (readonly [number, number])[]; readonly no: readonly (readonly [number, number])[] },
): number {
  if (!fees) return 0;
  let total = 0;
  for (const [price, count] of book.yes) total += collateral(fees, 'bid', price, count, 0, false);
  for (const [noPrice, count] of book.no) total += collateral(fees, 'ask', ONE_DOLLAR - noPrice, count, 0, false);
  return total;
}
