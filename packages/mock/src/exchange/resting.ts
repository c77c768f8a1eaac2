// An order's state changes once it exists: resting on the book, finishing, telling listeners.
import { lock, release, relock } from './collateral';
import type { ExchangeModel } from './model';
import type { LastUpdateReason, OrderState } from './types';

/** Holds the order's collateral and puts it on its market's book. */
export function lockAndRest(model: ExchangeModel, order: OrderState): void {
  model.book(order.ticker).add(order);
  lock(model, order);
}

/**
 * Takes a resting order off the book and cancels what remains of it (no-op for a finished order). An order not on the
 * book is one being placed or amended, matching (its own order group triggered by its fill): its create or amend tells
 * listeners once it is done, so it is not told here as well (one `user_order` per change).
 */
export function cancelRemainder(model: ExchangeModel, order: OrderState, reason?: LastUpdateReason): void {
  if (order.status !== 'resting') return;
  const booked = model.book(order.ticker).remove(order);
  release(model, order);
  order.remainingCount = 0;
  relock(model, order.userId, order.subaccount, order.ticker); // held contracts it counted are free again
  finish(model, order, 'canceled', reason);
  if (booked) changed(model, order);
}

/** Tells listeners an order changed, and with it possibly its level of its market's book. */
export function changed(model: ExchangeModel, order: OrderState, previousPrice?: number): void {
  model.changes.emit({ type: 'order', order });
  model.changes.emit({ type: 'book', ticker: order.ticker, order, previousPrice });
}

/** Ends an order; `reason` is why, when a LastUpdateReason names it (an executed order's last change is a Trade). */
export function finish(
  model: ExchangeModel,
  order: OrderState,
  status: 'canceled' | 'executed',
  reason: LastUpdateReason | undefined = status === 'executed' ? 'Trade' : undefined,
): void {
  order.status = status;
  order.lastUpdateTime = model.now();
  updateReason(order, reason);
  if (status === 'canceled') order.remainingCount = 0;
}

/** Records why the order changed now, or that no LastUpdateReason names it (none rather than an earlier change's). */
export function updateReason(order: OrderState, reason: LastUpdateReason | undefined): void {
  if (reason) order.lastUpdateReason = reason;
  else delete order.lastUpdateReason;
}
