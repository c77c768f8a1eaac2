// The live / historical partition (kalshi-api-notes §6.7; spec 3.31.0 `GET /historical/cutoff`): data older than the
// cutoffs leaves the live endpoints and is served by `/historical/*`. Kalshi's target live window is three months.
import type { Exchange } from './exchange';
import type { FillRecord, MarketState, OrderState, SettlementRecord, TradeRecord } from './types';

/** How far behind the exchange clock every cutoff trails: three months (D-hist "target live window"). */
export const LIVE_WINDOW_MS = 90 * 86_400_000;

export interface Cutoffs {
  /** Markets settled before this (ms), and their candlesticks, are historical. */
  readonly marketSettled: number;
  /** Trades and fills before this are historical. */
  readonly tradesCreated: number;
  /** Orders canceled or fully executed before this are historical; resting orders never are. */
  readonly ordersUpdated: number;
  /** Settled positions archived before this are historical. */
  readonly positionsUpdated: number;
}

/** The cutoffs at the exchange's current time: they move with its clock. */
export function cutoffs(exchange: Exchange): Cutoffs {
  const at = exchange.now() - LIVE_WINDOW_MS;
  return { marketSettled: at, tradesCreated: at, ordersUpdated: at, positionsUpdated: at };
}

export function isHistoricalMarket(exchange: Exchange, market: MarketState): boolean {
  return market.settledTime !== undefined && market.settledTime < cutoffs(exchange).marketSettled;
}

export function isHistoricalTrade(exchange: Exchange, trade: TradeRecord | FillRecord): boolean {
  return trade.time < cutoffs(exchange).tradesCreated;
}

export function isHistoricalOrder(exchange: Exchange, order: OrderState): boolean {
  return order.status !== 'resting' && order.lastUpdateTime < cutoffs(exchange).ordersUpdated;
}

/**
 * Settlements whose positions are archived: a settled event's positions move together (spec: "never split"), so an
 * event's are archived once its last market settled before the cutoff.
 */
export function isHistoricalSettlement(exchange: Exchange, settlement: SettlementRecord): boolean {
  const cutoff = cutoffs(exchange).positionsUpdated;
  const markets = [...exchange.markets.values()].filter((m) => m.eventTicker === settlement.eventTicker);
  return markets.every((m) => m.settledTime !== undefined && m.settledTime < cutoff);
}
