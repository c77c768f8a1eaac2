// The times at which the clock's rules (markets.ts `expireAndClose`) have something to decide: a resting order's
// expiry, a market's open and close. They are handed to the clock as wake-ups, so a clock that moves by itself knows
// when to run them without scanning every order and market on each request.
import type { ExchangeModel } from './model';
import type { MarketState, OrderState } from './types';

/** Keeps the clock's wake-ups in step with the orders and markets as they change. */
export function watchDeadlines(model: ExchangeModel): void {
  model.changes.on((event) => {
    if (event.type === 'order') wakeForOrder(model, event.order);
    else if (event.type === 'market' || event.type === 'market-created' || event.type === 'close-time') {
      const market = model.markets.get(event.ticker);
      if (market) wakeForMarket(model, market);
    }
  });
}

/** Wake-ups for every order and market (after a reset, when the dataset was loaded without events). */
export function wakeForAll(model: ExchangeModel): void {
  for (const order of model.orders.values()) wakeForOrder(model, order);
  for (const market of model.markets.values()) wakeForMarket(model, market);
}

function wakeForOrder(model: ExchangeModel, order: OrderState): void {
  if (order.status === 'resting' && order.expirationTime !== undefined) model.clock.wake(order.expirationTime * 1000);
}

function wakeForMarket(model: ExchangeModel, market: MarketState): void {
  if (market.status === 'initialized') model.clock.wake(market.openTime);
  if (market.status === 'active' || market.status === 'inactive') model.clock.wake(market.closeTime);
}
