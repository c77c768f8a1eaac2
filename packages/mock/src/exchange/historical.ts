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
  /** The subaccount that held it: 0 is the primary account. */
  readonly subaccount: number;
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
  // One entry per account (a subaccount is its own ledger) and market, in the order the accounts were opened.
  const pending = new Map<
    string,
    Omit<SettledPosition, 'realizedPnl' | 'settledTime'> & { pnl: number; exposure: number; flat: boolean }
  >();
  const keyOf = (userId: string, subaccount: number | undefined, ticker: string) =>
    `${userId}\n${subaccount ?? 0}\n${ticker}`;
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
        if (!p || !market) continue;
        // A flat position (bought and sold back) is archived too: it stays listed live until settlement (notes §7:
        // "only unsettled positions"), and its fees and realized P&L were paid.
        pending.set(keyOf(account.userId, account.subaccount, event.ticker), {
          userId: account.userId,
          subaccount: account.subaccount ?? 0,
          ticker: event.ticker,
          eventTicker: market.eventTicker,
          totalTraded: p.totalTraded,
          volume: p.volume,
          fees: p.fees,
          pnl: p.realizedPnl,
          exposure: p.exposure,
          flat: p.position === 0,
        });
      }
    } else if (event.type === 'market' && event.status === 'finalized') {
      const payouts = new Map(
        exchange.settlements.slice(seen).map((s) => [keyOf(s.userId, s.subaccount, s.ticker), s] as const),
      );
      for (const [key, p] of pending) {
        if (p.ticker !== event.ticker) continue;
        pending.delete(key);
        const { pnl, exposure, flat, ...rest } = p;
        const s = payouts.get(key);
        // A flat position gets no settlement row (nothing to pay): it closes with the market, at its settled time.
        if (s) settled.push({ ...rest, realizedPnl: pnl + s.revenue - exposure, settledTime: s.time });
        else if (flat) settled.push({ ...rest, realizedPnl: pnl, settledTime: exchange.now() });
      }
      seen = exchange.settlements.length;
    }
  });
  return settled;
}
