// The live / historical partition (kalshi-api-notes §6.7; spec 3.31.0 `GET /historical/cutoff`): data older than the
// cutoffs leaves the live endpoints and is served by `/historical/*`. Kalshi's target live window is three months.
import type { Exchange } from './exchange';
import type { FillRecord, MarketState, OrderState, TradeRecord } from './types';

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
 * Whether an event's settled positions are archived: they move together (spec: "never split"), once the event's last
 * market settled before the cutoff.
 */
export function isHistoricalEvent(exchange: Exchange, eventTicker: string): boolean {
  const cutoff = cutoffs(exchange).positionsUpdated;
  const markets = [...exchange.markets.values()].filter((m) => m.eventTicker === eventTicker);
  return markets.every((m) => m.settledTime !== undefined && m.settledTime < cutoff);
}

/** A position as it stood when its market settled, with the settlement booked: what `/historical/positions` lists. */
export interface SettledPosition {
  readonly userId: string;
  readonly ticker: string;
  readonly eventTicker: string;
  readonly totalTraded: number;
  /** Centi-contracts traded. */
  readonly volume: number;
  readonly realizedPnl: number;
  readonly fees: number;
  readonly settledTime: number;
}

const archives = new WeakMap<Exchange, SettledPosition[]>();

/**
 * Records every position a settlement closes (the engine drops them from the account): copied when the market is
 * determined, before the payout, and completed with the payout from the settlement record.
 */
export function settledPositions(exchange: Exchange): SettledPosition[] {
  let archive = archives.get(exchange);
  if (archive) return archive;
  const settled: SettledPosition[] = [];
  archive = settled;
  archives.set(exchange, settled);
  const pending = new Map<
    string,
    Omit<SettledPosition, 'realizedPnl' | 'settledTime'> & { pnl: number; exposure: number }
  >();
  let seen = exchange.settlements.length;
  exchange.changes.on((event) => {
    if (event.type === 'reset') {
      settled.length = 0;
      pending.clear();
      seen = exchange.settlements.length;
    } else if (event.type === 'market' && event.status === 'determined') {
      const market = exchange.markets.get(event.ticker);
      for (const account of exchange.accounts.values()) {
        const p = account.positions.get(event.ticker);
        if (!p || p.position === 0 || !market) continue;
        pending.set(`${account.userId}\n${event.ticker}`, {
          userId: account.userId,
          ticker: event.ticker,
          eventTicker: market.eventTicker,
          totalTraded: p.totalTraded,
          volume: p.volume,
          fees: p.fees,
          pnl: p.realizedPnl,
          exposure: p.exposure,
        });
      }
    } else if (event.type === 'market' && event.status === 'finalized') {
      for (const s of exchange.settlements.slice(seen)) {
        const p = pending.get(`${s.userId}\n${s.ticker}`);
        if (!p) continue;
        pending.delete(`${s.userId}\n${s.ticker}`);
        const { pnl, exposure, ...rest } = p;
        settled.push({ ...rest, realizedPnl: pnl + s.revenue - exposure, settledTime: s.time });
      }
      seen = exchange.settlements.length;
    }
  });
  return settled;
}
