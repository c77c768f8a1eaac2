// Collateral (kalshi-api-notes §5.15): what an order, or an off-book execution, needs of the available balance.
// Contracts it would open are paid in full (a bid buys YES at p, an ask buys NO at 1 − p) plus the largest fee its
// fill can cost (trade fee and rounding fee, D-feer). Contracts it sells out of a held position need no cash: one
// signed position per market nets, so selling held YES releases them ("Selling held YES contracts raises available
// balance by the price", Kalshi's settlement-bounds guide); their proceeds go towards the fee. Held contracts back
// the resting orders that sell them in time priority, so two resting sells cannot both count the same contracts.
// Fees are charged fill by fill (D-feer: each fill's trade fee rounded up to $0.0001), so an order filled in many small
// pieces pays more than one fill of its size: what rests holds the most its fills can cost however they are cut, and an
// arriving order is checked fill by fill against the book it crosses. The available balance never goes below zero.
import { COUNT_UNITS, notional } from '../generated/fixed-point';
import { ledger } from './accounts';
import { ONE_DOLLAR } from './book';
import { BALANCE_PRECISION, REBATE, roundingFee } from './fee-rounding';
import { tradingFee } from './fees';
import { orderCost } from './ledger';
import type { ExchangeModel } from './model';
import type { NewOrder } from './orders';
import type { BookSide, FeeSchedule, OrderState } from './types';

/** The largest fee one fill of `count` at YES `price` can cost: the trade fee plus the rounding fee. */
export function maximalFee(fees: FeeSchedule, side: BookSide, price: number, count: number, isTaker: boolean) {
  return tradingFee(fees, count, price, isTaker) + roundingFee(orderCost(side, price, count));
}

/**
 * The largest fee a resting order of `count` at YES `price` can pay as maker, however its fills are cut (the notes are
 * silent on what Kalshi holds; this is what keeps the balance whole). A fill of c centi-contracts pays its trade fee
 * rounded up to $0.0001, at most c × that of a 0.01-contract fill (the fee is linear in c), so fills of 0.01 pay the
 * most: 1 YES @0.50 on a maker-fee series holds 100 × $0.0001, not one fill's $0.0044. Rounding fees: none where every
 * fill costs whole $0.0001 (cent prices), else under $0.0001 a fill, with a whole cent rebated each time they pass a
 * cent (fee-rounding.ts), so never more than a cent and a fill's.
 */
export function restingFee(fees: FeeSchedule, side: BookSide, price: number, count: number): number {
  const trade = count * tradingFee(fees, 1, price, false);
  const wholeFills = orderCost(side, price, 1) % BALANCE_PRECISION === 0;
  return trade + (wholeFills ? 0 : Math.min(count * (BALANCE_PRECISION - 1), REBATE + BALANCE_PRECISION));
}

/**
 * What `count` on `side` needs of the available balance when `covered` of it sells held contracts and its fills can
 * cost `fee`, rounded up to the balance's $0.0001 (D-feer: balances are whole $0.0001 "before and after every fill"; the
 * notes are silent on what collateral Kalshi holds, and a fraction of a contract at a deci-cent price can cost less
 * than $0.0001 more): the available balance, cash less what is held, stays whole $0.0001, so `balance_dollars` (4
 * decimals) shows it all.
 */
export function collateral(side: BookSide, price: number, count: number, covered: number, fee: number): number {
  const proceeds = notional(side === 'ask' ? price : ONE_DOLLAR - price, covered);
  const amount = orderCost(side, price, count - covered) + Math.max(0, fee - proceeds);
  return amount + roundingFee(amount);
}

/** What a resting order's remainder holds: its contracts and the most its maker fills can cost (`restingFee`). */
function holdOf(fees: FeeSchedule, side: BookSide, price: number, count: number, covered: number): number {
  return collateral(side, price, count, covered, restingFee(fees, side, price, count));
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
  const fee = maximalFee(fees, deal.side, deal.price, deal.count, deal.isTaker);
  return collateral(deal.side, deal.price, deal.count, Math.min(deal.count, free), fee);
}

/** A resting order as its hold sees it: what it sells or buys, at what price, how much, in which time priority. */
type Rest = Pick<OrderState, 'side' | 'price' | 'remainingCount' | 'priority'>;

/**
 * What each of a user's resting orders in one market holds when the position is `position` (signed centi-contracts):
 * held contracts go to the sells first in time priority, the rest is paid for (a resting order fills as maker).
 */
function holds<T extends Rest>(fees: FeeSchedule, position: number, orders: readonly T[]): Map<T, number> {
  const free = { bid: Math.max(-position, 0), ask: Math.max(position, 0) };
  const amounts = new Map<T, number>();
  for (const order of [...orders].sort((a, b) => a.priority - b.priority)) {
    const covered = Math.min(order.remainingCount, free[order.side]);
    free[order.side] -= covered;
    amounts.set(order, holdOf(fees, order.side, order.price, order.remainingCount, covered));
  }
  return amounts;
}

/** An order arriving at the book: a new one, or an amended one (its new terms). */
export interface Arrival
  extends Pick<NewOrder, 'ticker' | 'side' | 'price' | 'count' | 'timeInForce' | 'selfTradePrevention'> {
  /** Its time priority if it rests (an amend that keeps its place keeps its own); a new order rests last. */
  readonly priority?: number;
}

/**
 * What an arriving order takes of the available balance, played out on paper: each fill against `crossing` (best first,
 * at the maker's price) pays its cost, its trade fee and its rounding fee (no rebate counted), and closing held
 * contracts pays out $1 a pair; then the user's resting orders in the market hold again for the new position, with the
 * order's remainder if it rests. `except`: an order being amended, whose own hold is given up. Fills are charged one by
 * one (D-feer), so a sweep of many small makers costs more than `required`'s one fill at the limit price.
 */
export function arrivalNeeds(
  model: ExchangeModel,
  party: { userId: string; subaccount?: number },
  order: Arrival,
  crossing: readonly OrderState[],
  except?: OrderState,
): number {
  const subaccount = party.subaccount ?? 0;
  const fees = model.feesOfMarket(model.market(order.ticker));
  let position = ledger(model, party.userId, subaccount).positions.get(order.ticker)?.position ?? 0;
  let spent = 0;
  let remaining = order.count;
  for (const maker of crossing) {
    if (remaining === 0) break;
    if (maker.status !== 'resting') continue;
    if (maker.userId === party.userId) {
      // Self-trade prevention (notes §5.8): taker_at_cross cancels the rest of the order, maker skips its own.
      if (order.selfTradePrevention === 'taker_at_cross') remaining = 0;
      continue;
    }
    const count = Math.min(remaining, maker.remainingCount);
    const cost = orderCost(order.side, maker.price, count);
    spent += cost + tradingFee(fees, count, maker.price, true) + roundingFee(cost);
    const delta = order.side === 'bid' ? count : -count;
    if (position !== 0 && Math.sign(position) !== Math.sign(delta))
      spent -= Math.min(Math.abs(position), count) * (ONE_DOLLAR / COUNT_UNITS);
    position += delta;
    remaining -= count;
  }
  const siblings = resting(model, party.userId, subaccount, order.ticker).filter((o) => o !== except);
  const rests: Rest[] =
    remaining > 0 && order.timeInForce === 'good_till_canceled'
      ? [{ side: order.side, price: order.price, remainingCount: remaining, priority: order.priority ?? Infinity }]
      : [];
  let holding = 0;
  for (const amount of holds(fees, position, [...siblings, ...rests]).values()) holding += amount;
  for (const sibling of siblings) holding -= sibling.locked;
  return spent + holding;
}

/**
 * Holds collateral for a user's resting orders in one market (one subaccount) again, after an order or the position
 * changed (`holds`).
 */
export function relock(model: ExchangeModel, userId: string, subaccount: number, ticker: string): void {
  const holder = ledger(model, userId, subaccount);
  const fees = model.feesOfMarket(model.market(ticker));
  const position = holder.positions.get(ticker)?.position ?? 0;
  for (const [order, amount] of holds(fees, position, resting(model, userId, subaccount, ticker))) {
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
  for (const [price, count] of book.yes) total += holdOf(fees, 'bid', price, count, 0);
  for (const [noPrice, count] of book.no) total += holdOf(fees, 'ask', ONE_DOLLAR - noPrice, count, 0);
  return total;
}
