import { OrderBook } from './book';
import type { ExchangeModel } from './model';
import type { OrderState } from './types';

/**
 * Contracts ahead of a resting order at its price level, in time priority: what must match before it fills
 * (the spec's queue position). The level's queue is kept in priority order, so this is the sum before it.
 */
export function queuePosition(model: ExchangeModel, order: OrderState): number {
  const { levels, price } = OrderBook.restingAt(order);
  let ahead = 0;
  for (const other of model.book(order.ticker)[levels].get(price) ?? []) {
    if (other === order) break;
    ahead += other.remainingCount;
  }
  return ahead;
}
