// Order entry: place, amend, decrease and cancel, each validated whole before it changes anything.
import { FixedPointError, formatCount } from '../generated/fixed-point';
import { account, available, ledger } from './accounts';
import { arrivalNeeds, lock, release, relock, required } from './collateral';
import {
  clientOrderIdMismatch,
  ExchangeError,
  exchangeError,
  invalidParameters,
  notFound,
  orderAlreadyExists,
  orderSideMismatch,
  orderTickerMismatch,
} from './errors';
import { fillsWhole } from './fill-or-kill';
import { match } from './matching';
import type { ExchangeModel } from './model';
import { assertJoinable } from './order-groups';
import { assertOnGrid } from './price-grid';
import { cancelRemainder, changed, finish, lockAndRest, updateReason } from './resting';
import { isStorableSeconds } from './timestamps';
import type { BookSide, FillRecord, MarketState, OrderState, SelfTradePrevention, TimeInForce } from './types';

/** A validated order, in exchange units (micro-dollars, centi-contracts). */
export interface NewOrder {
  /** The market's ticker. */
  readonly ticker: string;
  /** V2 book side: `bid` buys YES, `ask` sells YES. */
  readonly side: BookSide;
  /** YES limit price, micro-dollars. */
  readonly price: number;
  /** Centi-contracts, above 0. */
  readonly count: number;
  /** Time in force. */
  readonly timeInForce: TimeInForce;
  /** What happens when it would trade with its owner's own order. */
  readonly selfTradePrevention: SelfTradePrevention;
  /** The client_order_id; one used before is refused. */
  readonly clientOrderId?: string;
  /** Refuse rather than take liquidity. */
  readonly postOnly?: boolean;
  /** Only reduce the position (immediate_or_cancel only). */
  readonly reduceOnly?: boolean;
  /** Unix seconds. */
  readonly expirationTime?: number;
  /** The subaccount (0, the primary, when absent). */
  readonly subaccount?: number;
  /** The order group to join. */
  readonly orderGroupId?: string;
  /** `cancel_order_on_pause`. */
  readonly cancelOnPause?: boolean;
}

/** A placed or amended order as it stands after matching, and the fills it made. */
export interface OrderResult {
  /** The order after matching. */
  readonly order: OrderState;
  /** Its own fills, one per trade it made (as taker). */
  readonly fills: readonly FillRecord[];
  /**
   * A fill-or-kill the book could not fill whole: canceled unfilled, its client_order_id used ("a fill_or_kill that
   * kills still consumes the id", 3P id 63188080151). REST answers it with a 409 (errors.ts `fillOrKillKilled`).
   */
  readonly killed?: true;
}

/** Places an order: validates business rules, matches what crosses (price-time priority), rests the rest. */
export function createOrder(model: ExchangeModel, userId: string, request: NewOrder): OrderResult {
  const market = model.market(request.ticker);
  assertTradable(market);
  assertOnGrid(market, request.price, 'price');
  if (request.count <= 0)
    throw exchangeError(400, 'invalid_order_size', 'invalid order size', 'count must be positive');
  // Spec 3.31.0 CreateOrderV2Request.reduce_only: "rejected unless time_in_force is immediate_or_cancel". The
  // details text was recorded on the margin API (notes §5.7), which also allows FoK; for event contracts it is not.
  if (request.reduceOnly && request.timeInForce !== 'immediate_or_cancel') {
    throw exchangeError(400, 'invalid_order', 'invalid order', 'reduce_only orders must be immediate_or_cancel');
  }
  if (request.expirationTime !== undefined) assertExpiry(model, request.expirationTime, request.timeInForce);
  if (request.orderGroupId !== undefined) assertJoinable(model, userId, request.orderGroupId, request.subaccount ?? 0);
  const holder = account(model, userId);
  if (request.clientOrderId !== undefined && holder.clientOrderIds.has(request.clientOrderId)) {
    throw orderAlreadyExists();
  }
  const book = model.book(request.ticker);
  const crossing = [...book.crossing(request.side, request.price)];
  if (request.postOnly && crossing.length) throw postOnlyCross();

  let count = request.count;
  if (request.reduceOnly) {
    // A peek, not `position()`: a rejected order must not leave an empty position behind.
    const held = ledger(model, userId, request.subaccount).positions.get(request.ticker)?.position ?? 0;
    const reducible = request.side === 'ask' ? Math.max(held, 0) : Math.max(-held, 0);
    // The order is placed at the capped size, so initial_count_fp shows it: spec CreateOrderV2Request.reduce_only
    // "Specifies whether the order place count should be capped by the member's current position" (the placed count
    // is capped, not the fills), and Order.initial_count_fp is "the initial size of the order". The notes record no
    // reduce-only order's body (§5.7).
    count = Math.min(count, reducible);
    if (count === 0)
      throw exchangeError(400, 'invalid_order', 'invalid order', 'reduce_only order would increase position');
  }
  // Held contracts it sells need no cash; the rest and the largest fee do: the whole order as one fill at its limit
  // price (the taker fee if it crosses, else the maker fee), and no less than its fills cost one by one with what it
  // rests holding (arrivalNeeds: per-fill fees add up past one fill's). It is a check before matching, against the
  // balance available at arrival: a resting order of the same user that `maker` self-trade prevention will cancel
  // still holds its collateral here (its release follows the cancel, during matching), and an order crossing only the
  // user's own orders is priced as a taker. The notes record no `maker` STP exchange (§5.8, §12: "not yet recorded"),
  // nor when Kalshi's collateral check runs; the stricter reading is kept, so code green here is not refused by Kalshi.
  const party = { userId, subaccount: request.subaccount };
  const deal = { ...request, count, isTaker: crossing.length > 0 };
  assertAffordable(
    () => Math.max(required(model, party, deal), arrivalNeeds(model, party, deal, crossing)),
    available(model, userId, request.subaccount),
  );

  const now = model.now();
  const order: OrderState = {
    orderId: model.newId(),
    userId,
    clientOrderId: request.clientOrderId ?? '',
    ticker: request.ticker,
    side: request.side,
    price: request.price,
    initialCount: count,
    fillCount: 0,
    remainingCount: count,
    status: 'resting',
    timeInForce: request.timeInForce,
    selfTradePrevention: request.selfTradePrevention,
    postOnly: request.postOnly ?? false,
    reduceOnly: request.reduceOnly ?? false,
    // Optional members without a value are absent, not undefined (OrderState's `?:` under exactOptionalPropertyTypes).
    ...(request.expirationTime !== undefined ? { expirationTime: request.expirationTime } : {}),
    createdTime: now,
    lastUpdateTime: now,
    takerFillCost: 0,
    makerFillCost: 0,
    takerFees: 0,
    makerFees: 0,
    locked: 0,
    priority: model.nextPriority(),
    subaccount: request.subaccount ?? 0,
    ...(request.orderGroupId !== undefined ? { orderGroupId: request.orderGroupId } : {}),
    cancelOnPause: request.cancelOnPause ?? false,
  };
  if (request.clientOrderId !== undefined) holder.clientOrderIds.add(request.clientOrderId);
  model.orders.set(order.orderId, order);

  const killed = request.timeInForce === 'fill_or_kill' && !fillsWhole(model, order, crossing, count);
  const fills = killed ? [] : match(model, order, crossing, market);
  if (order.remainingCount > 0 && order.status === 'resting') {
    if (order.timeInForce === 'good_till_canceled') lockAndRest(model, order);
    else finish(model, order, 'canceled');
  }
  changed(model, order);
  return killed ? { order, fills, killed } : { order, fills };
}

/** An amend in exchange units: the order's ticker and side as a check, its new YES price and count. */
export interface AmendChange {
  readonly ticker: string;
  readonly side: BookSide;
  readonly price: number;
  readonly count: number;
  readonly clientOrderId?: string;
  readonly updatedClientOrderId?: string;
  /** Unix seconds: the new expiry (the order keeps its queue place, §5.9 names only price and size); 0 removes it. */
  readonly expirationTime?: number;
}

/** Changes price and/or size (`count` = filled + wanted remaining); same id. Loses queue place unless only shrinking. */
export function amendOrder(model: ExchangeModel, userId: string, orderId: string, change: AmendChange): OrderResult {
  const order = restingOrder(model, userId, orderId);
  // Spec AmendOrderV2Request.expiration_time: "Omit to preserve the current expiry, or use 0 to remove it
  // (good-till-canceled). A nonzero expiry must be in the future."
  if (change.expirationTime) assertExpiry(model, change.expirationTime, order.timeInForce);
  if (change.ticker !== order.ticker) throw orderTickerMismatch('ticker', order.orderId, order.ticker, change.ticker);
  if (change.side !== order.side) throw orderSideMismatch(order.orderId, order.side, change.side);
  if (change.clientOrderId !== undefined && change.clientOrderId !== order.clientOrderId)
    throw clientOrderIdMismatch(order.orderId, order.clientOrderId, change.clientOrderId);
  const market = model.market(order.ticker);
  assertTradable(market);
  assertOnGrid(market, change.price, 'price');
  const remaining = change.count - order.fillCount;
  if (remaining <= 0)
    throw exchangeError(400, 'invalid_order_size', 'invalid order size', 'count must exceed the filled count');
  const holder = account(model, userId);
  // An id is taken when any order held it (notes §5.6: never freed, 409 on reuse); the order's own current id is not
  // reused by keeping it, so renaming an order to its own id is no change (the notes are silent on this case).
  if (
    change.updatedClientOrderId !== undefined &&
    change.updatedClientOrderId !== order.clientOrderId &&
    holder.clientOrderIds.has(change.updatedClientOrderId)
  )
    throw orderAlreadyExists();
  // A post-only order never takes: the notes record the refusal at create only (§5.7 "post_only that would cross:
  // rejected at create with 400 invalid_order / post only cross") and are silent on amend; the mock refuses a
  // crossing amend the same way and leaves the order as it was.
  // What it holds now is given back; an amend that crosses fills as taker.
  const book = model.book(order.ticker);
  const crossing = [...book.crossing(order.side, change.price)];
  if (order.postOnly && crossing.length) throw postOnlyCross();
  const keepsPlace = change.price === order.price && remaining <= order.remainingCount;
  const deal = { ...order, price: change.price, count: remaining, isTaker: crossing.length > 0 };
  const arrival = { ...deal, ...(keepsPlace ? {} : { priority: undefined }) };
  assertAffordable(
    () =>
      Math.max(required(model, order, deal, order), arrivalNeeds(model, order, arrival, crossing, order)) -
      order.locked,
    available(model, userId, order.subaccount),
  );

  // Everything is validated: from here on the amend cannot fail.
  if (change.updatedClientOrderId !== undefined) {
    holder.clientOrderIds.add(change.updatedClientOrderId);
    order.clientOrderId = change.updatedClientOrderId;
  }
  const previousPrice = order.price;
  book.remove(order);
  release(model, order);
  order.price = change.price;
  order.remainingCount = remaining;
  // Unlike a decrease: the amend's `count` is the order's new "total/max fillable count" (spec AmendOrderV2Request),
  // which a size increase can take past the placed size; fill + remaining never exceeds initial_count_fp, and the
  // client's lost-amend check reads the new count there (client orders.ts `inEffect`). The notes are silent.
  order.initialCount = change.count;
  // 0 removes the expiry: the member goes (absent, not undefined).
  if (change.expirationTime !== undefined) {
    if (change.expirationTime) order.expirationTime = change.expirationTime;
    else delete order.expirationTime;
  }
  order.lastUpdateTime = model.now();
  updateReason(order, 'Amend'); // a fill it makes is the later change (Trade)
  if (!keepsPlace) order.priority = model.nextPriority();
  const fills = match(model, order, crossing, market);
  if (order.remainingCount > 0 && order.status === 'resting') lockAndRest(model, order);
  // Canceled by self-trade prevention before any fill relocked the market: the held contracts it counted go to the
  // user's other resting sells, as a cancel gives them (cancelRemainder).
  else relock(model, order.userId, order.subaccount, order.ticker);
  changed(model, order, previousPrice);
  return { order, fills };
}

/** Reduces the resting size by `reduceBy` or to `reduceTo` (centi-contracts); 0 remaining cancels. */
export function decreaseOrder(
  model: ExchangeModel,
  userId: string,
  orderId: string,
  by: { reduceBy?: number; reduceTo?: number },
): OrderState {
  const order = restingOrder(model, userId, orderId);
  assertCancelable(model.market(order.ticker));
  if ((by.reduceBy === undefined) === (by.reduceTo === undefined)) {
    throw invalidParameters('exactly one of reduce_by or reduce_to is required');
  }
  const target = by.reduceTo ?? order.remainingCount - (by.reduceBy as number);
  // Only reduces (notes §5.10): a size past what remains is refused, whichever field carries it (the notes do not
  // record Kalshi's answer to a reduce_by past the remaining size; it is not clamped to a cancel here).
  const field = by.reduceTo !== undefined ? 'reduce_to' : 'reduce_by';
  const size = (by.reduceTo ?? by.reduceBy) as number;
  if (by.reduceBy !== undefined && by.reduceBy <= 0) throw invalidOrderSize('reduce_by: must be positive');
  if (target < 0 || target > order.remainingCount) {
    const remaining = formatCount(order.remainingCount);
    throw invalidOrderSize(`${field}: ${formatCount(size)} is more than the ${remaining} remaining`);
  }
  if (target === 0) {
    cancelRemainder(model, order, 'Decrease');
    return order;
  }
  release(model, order);
  // `initialCount` stays: spec Order.initial_count_fp is "the initial size of the order", and a decrease to 0 or a
  // cancel leaves it too (notes §5.10, cancel ≡ decrease to 0; the notes are silent on the field itself).
  order.remainingCount = target;
  order.lastUpdateTime = model.now();
  updateReason(order, 'Decrease');
  lock(model, order);
  changed(model, order);
  return order;
}

/**
 * Cancels a resting order; returns the count it removed. A user's cancel is a decrease to zero (spec 3.7.0
 * DecreaseOrder: "Cancelling an order is equivalent to decreasing an order amount to zero"; notes §5.10), so its
 * `user_order` says `Decrease`, as a decrease to 0 does (the AsyncAPI lastUpdateReason enum has no value of its own).
 */
export function cancelOrder(
  model: ExchangeModel,
  userId: string,
  orderId: string,
): { order: OrderState; reducedBy: number } {
  const order = restingOrder(model, userId, orderId);
  assertCancelable(model.market(order.ticker));
  const reducedBy = order.remainingCount;
  cancelRemainder(model, order, 'Decrease');
  return { order, reducedBy };
}

/** Cancels every resting order of a user (all subaccounts unless one is given): each a user's cancel (`Decrease`). */
export function cancelAll(model: ExchangeModel, userId: string, subaccount?: number): number {
  let count = 0;
  for (const order of model.orders.values()) {
    if (
      order.userId === userId &&
      order.status === 'resting' &&
      (subaccount === undefined || order.subaccount === subaccount)
    ) {
      cancelRemainder(model, order, 'Decrease');
      count++;
    }
  }
  return count;
}

/**
 * Refuses an order that needs more than the available balance (notes §10.6: 400 `insufficient_balance`). A cost past
 * what the mock counts exactly (2^53 micro-dollars, some $9 billion: a legal count of a trillion contracts) is beyond
 * any balance too, so it gets the same answer, not the arithmetic's error (which failed a whole batch, notes §5.12).
 */
export function assertAffordable(need: () => number, available: number): void {
  let needed: number;
  try {
    needed = need();
  } catch (error) {
    if (!(error instanceof FixedPointError)) throw error;
    needed = Number.POSITIVE_INFINITY;
  }
  if (needed > available) throw exchangeError(400, 'insufficient_balance', 'insufficient balance');
}

function invalidOrderSize(details: string): ExchangeError {
  return exchangeError(400, 'invalid_order_size', 'invalid order size', details);
}

/** A post-only order that would take: recorded on demo without `service` (kalshi-api-notes §5.7; issue 14). */
function postOnlyCross(): ExchangeError {
  return new ExchangeError(400, {
    error: { code: 'invalid_order', message: 'invalid order', details: 'post only cross' },
  });
}

function restingOrder(model: ExchangeModel, userId: string, orderId: string): OrderState {
  const order = model.orders.get(orderId);
  // Unknown, someone else's, canceled or executed: Kalshi answers 404 not_found for all (notes §5.11).
  if (!order || order.userId !== userId || order.status !== 'resting') throw notFound();
  return order;
}

/**
 * Cancel and decrease only remove resting size: refused once the market is closed, allowed while it is inactive
 * (the notes name cancels only; a decrease is treated like the cancel it generalises, notes §5.10).
 */
function assertCancelable(market: MarketState): void {
  if (['closed', 'determined', 'finalized'].includes(market.status))
    throw exchangeError(409, 'market_closed', 'market closed');
}

/**
 * Only an `active` market takes a new order (notes §5.16): past its close, 409 `market_closed` (notes §3.2, recorded on
 * prod; the notes leave open whether Kalshi answers this or 400 `MARKET_INACTIVE`), otherwise (inactive, not yet
 * open) 400 `market_inactive`. RFQ, quote and block-trade writes answer the same (rfqs.ts).
 */
export function assertTradable(market: MarketState): void {
  if (market.status === 'active') return;
  if (['closed', 'determined', 'finalized'].includes(market.status))
    throw exchangeError(409, 'market_closed', 'market closed');
  throw exchangeError(400, 'market_inactive', 'market is not open for trading');
}

/** An expiry must be storable, in the future, and only on a good-till-canceled order (kalshi-api-notes §5.7). */
function assertExpiry(model: ExchangeModel, seconds: number, timeInForce: TimeInForce): void {
  // Kalshi's answer to an unrepresentable expiry is undocumented; refusing it keeps every later read working.
  if (!isStorableSeconds(seconds))
    throw invalidParameters('expiration_time must be Unix seconds between 1970 and 9999');
  // The notes record the message for IOC (D-cl 2025-11-21, §3.2); for FOK they are silent: the same words, naming the
  // time_in_force actually sent.
  if (timeInForce !== 'good_till_canceled') {
    throw exchangeError(400, 'invalid_order', `Cannot specify both ${timeInForce} and expiration_ts`);
  }
  if (seconds * 1000 <= model.now())
    throw exchangeError(400, 'invalid_order', 'Expiration timestamp must be in the future');
}
