// The exchange's invariants, written from the rules (kalshi-api-notes §5.15), not from the engine's code: after any
// sequence of requests, cash and positions reconcile with the fills, counts are never negative, collateral matches
// the resting orders, and client_order_ids are unique per account.
import { expect } from 'vitest';
import type { Exchange } from '../../src';
import { subaccountKey } from '../../src/exchange/accounts';
import { communications } from '../../src/exchange/rfqs';
import { netting, transfers } from '../../src/exchange/subaccounts';
import type { OrderState } from '../../src/exchange/types';

/** Micro-dollars per centi-contract at $1 (a YES and a NO contract together pay $1). */
const PAYOUT_PER_UNIT = 1_000_000 / 100;

/** What an order side pays for `count` centi-contracts at a YES price (micro-dollars), rounded up. */
const costOf = (side: 'bid' | 'ask', yesPrice: number, count: number) =>
  Math.ceil(((side === 'bid' ? yesPrice : 1_000_000 - yesPrice) * count) / 100);

/**
 * The maker fee (kalshi-api-notes §5.15; spec Series.fee_type): r × m × C × P × (1 − P) rounded up to $0.0001, r 0.0175
 * on maker-fee series, 0.035 (0.5 × 0.07) on combo-maker-fee series, 0 otherwise; the event's override when it has one.
 */
function makerFee(exchange: Exchange, ticker: string, yesPrice: number, count: number): number {
  const market = exchange.markets.get(ticker);
  const fees = market && exchange.feesOfMarket(market);
  const rate =
    fees?.feeType === 'quadratic_with_maker_fees'
      ? 0.0175
      : fees?.feeType === 'quadratic_with_combo_maker_fees'
        ? 0.035
        : 0;
  if (!fees || rate === 0) return 0;
  // In micro-dollars: P × (1 − P) = yesPrice × (1e6 − yesPrice) / 1e12, times 1e6.
  const micro = (rate * (fees.feeMultiplierBp / 10_000) * (count / 100) * yesPrice * (1_000_000 - yesPrice)) / 1e6;
  return Math.ceil(micro / 100 - 1e-9) * 100;
}

/**
 * The most a resting order's maker fills can cost in fees however they are cut (D-feer: each fill's trade fee rounded
 * up to $0.0001, each fill's cost floored to $0.0001 by a rounding fee, whole cents of overpaid rounding rebated): fills
 * of 0.01 contract each pay the most trade fee; rounding fees add up to at most a cent and one fill's, and to nothing
 * where every fill's cost is whole $0.0001.
 */
function worstMakerFee(exchange: Exchange, ticker: string, side: 'bid' | 'ask', yesPrice: number, count: number) {
  const perFill = makerFee(exchange, ticker, yesPrice, 1);
  const rounding = costOf(side, yesPrice, 1) % 100 === 0 ? 0 : Math.min(count * 99, 10_100);
  return count * perFill + rounding;
}

/**
 * What each resting order must hold (§5.15; D-feer): the contracts it would open, and the most its fills can cost in
 * fees (worstMakerFee) beyond the proceeds of held contracts it sells. Held contracts (YES for an ask, NO for a bid)
 * back the owner's sells in that market in time priority.
 */
function expectedLocks(exchange: Exchange): Map<string, number> {
  const groups = new Map<string, OrderState[]>();
  for (const order of exchange.orders.values()) {
    if (order.status !== 'resting') continue;
    const key = `${order.userId} ${order.subaccount} ${order.ticker}`;
    groups.set(key, [...(groups.get(key) ?? []), order]);
  }
  const locks = new Map<string, number>();
  for (const orders of groups.values()) {
    const { userId, subaccount, ticker } = orders[0] as OrderState;
    const ledger = [...exchange.accounts.values()].find(
      (a) => a.userId === userId && (a.subaccount ?? 0) === subaccount,
    );
    const position = ledger?.positions.get(ticker)?.position ?? 0;
    const free = { bid: Math.max(-position, 0), ask: Math.max(position, 0) };
    for (const order of orders.sort((a, b) => a.priority - b.priority)) {
      const covered = Math.min(order.remainingCount, free[order.side]);
      free[order.side] -= covered;
      const fee = worstMakerFee(exchange, ticker, order.side, order.price, order.remainingCount);
      const proceeds = Math.floor(((order.side === 'ask' ? order.price : 1_000_000 - order.price) * covered) / 100);
      // Held whole $0.0001, as balances are (D-feer), so the available balance stays on it.
      const amount = costOf(order.side, order.price, order.remainingCount - covered) + Math.max(0, fee - proceeds);
      locks.set(order.orderId, Math.ceil(amount / 100) * 100);
    }
  }
  return locks;
}

/** Checks every invariant; `startCash` is each account's cash before the first request. */
export function assertInvariants(exchange: Exchange, startCash: ReadonlyMap<string, number>): void {
  const problems: string[] = [];
  const fillsByOrder = new Map<string, number>();
  const spent = new Map<string, number>();
  const bought = new Map<string, { yes: number; no: number }>();
  for (const fill of exchange.fills) {
    fillsByOrder.set(fill.orderId, (fillsByOrder.get(fill.orderId) ?? 0) + fill.count);
    spent.set(fill.userId, (spent.get(fill.userId) ?? 0) + costOf(fill.side, fill.price, fill.count) + fill.fee);
    // Positions are kept per subaccount (notes §7): a YES held in one and a NO in another do not net.
    const key = `${fill.userId} ${exchange.orders.get(fill.orderId)?.subaccount ?? 0} ${fill.ticker}`;
    const held = bought.get(key) ?? { yes: 0, no: 0 };
    if (fill.side === 'bid') held.yes += fill.count;
    else held.no += fill.count;
    bought.set(key, held);
    if (fill.count <= 0) problems.push(`fill ${fill.fillId} has count ${fill.count}`);
  }
  const payouts = new Map<string, number>();
  for (const [key, { yes, no }] of bought) {
    const [userId = '', sub = '0', ticker = ''] = key.split(' ');
    payouts.set(userId, (payouts.get(userId) ?? 0) + Math.min(yes, no) * PAYOUT_PER_UNIT);
    const holder = exchange.accounts.get(sub === '0' ? userId : subaccountKey(userId, Number(sub)));
    const position = holder?.positions.get(ticker)?.position ?? 0;
    if (position !== yes - no) problems.push(`${key}: position ${position}, fills say ${yes - no}`);
  }
  const lockedByUser = new Map<string, number>();
  const locks = expectedLocks(exchange);
  const idsByUser = new Map<string, Set<string>>();
  for (const order of exchange.orders.values()) {
    const where = `order ${order.orderId} (${order.status})`;
    if (order.remainingCount < 0 || order.fillCount < 0) problems.push(`${where}: negative count`);
    if (order.fillCount + order.remainingCount > order.initialCount)
      problems.push(`${where}: filled ${order.fillCount} + remaining ${order.remainingCount} > ${order.initialCount}`);
    if ((fillsByOrder.get(order.orderId) ?? 0) !== order.fillCount)
      problems.push(`${where}: fill_count ${order.fillCount}, fills ${fillsByOrder.get(order.orderId) ?? 0}`);
    if (order.status === 'resting') {
      if (order.remainingCount <= 0) problems.push(`${where}: resting with nothing remaining`);
      const expected = locks.get(order.orderId);
      if (order.locked !== expected) problems.push(`${where}: locks ${order.locked}, its remainder needs ${expected}`);
      if (!exchange.books.get(order.ticker)?.orders().includes(order)) problems.push(`${where}: not in the book`);
    } else {
      if (order.remainingCount !== 0) problems.push(`${where}: ${order.remainingCount} remaining`);
      if (order.locked !== 0) problems.push(`${where}: still locks ${order.locked}`);
    }
    lockedByUser.set(order.userId, (lockedByUser.get(order.userId) ?? 0) + order.locked);
    if (order.clientOrderId) {
      const ids = idsByUser.get(order.userId) ?? new Set();
      if (ids.has(order.clientOrderId)) problems.push(`${where}: client_order_id ${order.clientOrderId} used twice`);
      ids.add(order.clientOrderId);
      idsByUser.set(order.userId, ids);
    }
  }
  // A user's cash and collateral summed over the primary account and its subaccounts (transfers move cash between
  // them, so only the sum follows from the fills).
  const totals = new Map<string, { cash: number; locked: number }>();
  for (const account of exchange.accounts.values()) {
    const total = totals.get(account.userId) ?? { cash: 0, locked: 0 };
    total.cash += account.cash;
    total.locked += account.locked;
    totals.set(account.userId, total);
  }
  // Fees are part of the balance check: no account's available balance is below zero. Balances are whole $0.0001
  // (D-feer: "rounded to the nearest $0.0001" before and after every fill), cash and what is held alike.
  for (const account of exchange.accounts.values()) {
    const where = `${account.userId}/${account.subaccount ?? 0}`;
    if (account.cash - account.locked < 0) problems.push(`${where}: available ${account.cash - account.locked} < 0`);
    if (account.cash % 100 !== 0 || account.locked % 100 !== 0)
      problems.push(`${where}: cash ${account.cash} or locked ${account.locked} off $0.0001`);
  }
  for (const [userId, account] of totals) {
    const start = startCash.get(userId);
    if (start === undefined) continue;
    const expected = start - (spent.get(userId) ?? 0) + (payouts.get(userId) ?? 0);
    if (account.cash !== expected) problems.push(`${userId}: cash ${account.cash}, fills say ${expected}`);
    if (account.locked !== (lockedByUser.get(userId) ?? 0))
      problems.push(`${userId}: locked ${account.locked}, orders lock ${lockedByUser.get(userId) ?? 0}`);
  }
  expect(problems).toEqual([]);
}

/**
 * What writes of `users` change: their orders and accounts, RFQs, quotes, proposals, order groups, and the fill count
 * (another user's orders change only by a fill).
 */
export function digest(exchange: Exchange, users: readonly string[]): string {
  const desk = communications(exchange);
  const mine = <T extends { userId: string }>(items: Iterable<T>) => [...items].filter((i) => users.includes(i.userId));
  const state = [
    mine(exchange.orders.values()),
    mine(exchange.accounts.values()),
    [...desk.rfqs.values(), ...desk.quotes.values(), ...desk.proposals.values(), ...exchange.orderGroups.values()],
    exchange.fills.length,
  ];
  return JSON.stringify(state, (_key, value) => (value instanceof Map || value instanceof Set ? [...value] : value));
}

/** The account state `digest` leaves out: API keys, subaccount netting settings and transfers. */
export function accountDigest(exchange: Exchange, userId: string): string {
  const keys = [...exchange.apiKeys].filter(([, key]) => key.userId === userId).map(([id]) => id);
  return JSON.stringify([keys, netting(exchange, userId), transfers(exchange, userId)]);
}

export const cashOf = (exchange: Exchange) => new Map([...exchange.accounts].map(([id, a]) => [id, a.cash]));

/** Kalshi's four error shapes (kalshi-api-notes §3.1). */
export function isKalshiErrorBody(body: unknown): boolean {
  if (body === null || typeof body !== 'object') return false;
  const b = body as Record<string, unknown>;
  const str = (v: unknown) => typeof v === 'string';
  const optStr = (v: unknown) => v === undefined || typeof v === 'string';
  if (typeof b.error === 'string') return Object.keys(b).length === 1;
  if (b.error && typeof b.error === 'object') {
    const e = b.error as Record<string, unknown>;
    return str(e.code) && str(e.message) && optStr(e.details) && optStr(e.service);
  }
  if (str(b.msg)) return Object.keys(b).length === 1;
  return str(b.code) && str(b.message) && optStr(b.details);
}
