import type { Exchange } from './exchange';
import { settledPositions } from './historical';
import { quoteTape } from './quotes';

/**
 * Starts the records the engine does not keep itself: the top of book over time (candlesticks) and positions as
 * settlement closed them (historical positions). Call once, when the exchange is created.
 */
export function startRecorders(exchange: Exchange): void {
  quoteTape(exchange);
  settledPositions(exchange);
}
