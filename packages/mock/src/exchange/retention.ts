// What the exchange keeps of its history. A long session with the activity generator on would otherwise keep every
// synthetic order, fill and trade (W-D1: ~32 MB per hour at 20 actions/s). The synthetic accounts have no API key,
// so their finished orders and their fills are read by nobody and are dropped; the public trade tape keeps the most
// recent `tradesKeptPerMarket` trades of each market. What outlives them is kept incrementally: a market's volume and
// last price on the market, the open interest after each trade on the trade, the newest aged-out trade per market.
import { subaccountKey } from './accounts';
import type { ExchangeModel } from './model';
import type { FillRecord, TradeRecord } from './types';

/** Trades of one market the public tape (`GET /markets/trades`, candlesticks) keeps; older ones age out. */
export const TRADES_KEPT_PER_MARKET = 10_000;

/**
 * A trade's fills are applied: moves each user's net YES position in the market, stamps the trade with the market's
 * open interest after it (candlesticks read it, not the fills), and ages out the oldest trades past the bound.
 */
export function recordFills(model: ExchangeModel, trade: TradeRecord, fills: readonly FillRecord[]): void {
  const nets = model.netPositions.get(trade.ticker) ?? new Map<string, number>();
  model.netPositions.set(trade.ticker, nets);
  for (const fill of fills) {
    // Per subaccount, as positions are held (notes §7): a user's YES in one and NO in another are two contracts.
    const holder = subaccountKey(fill.userId, model.orders.get(fill.orderId)?.subaccount ?? 0);
    nets.set(holder, (nets.get(holder) ?? 0) + (fill.side === 'bid' ? fill.count : -fill.count));
  }
  // The same count as the market's open_interest_fp (present.ts `openInterest`): a captured market's outside holders too.
  let openInterest = model.markets.get(trade.ticker)?.outsideOpenInterest ?? 0;
  for (const net of nets.values()) openInterest += Math.max(net, 0);
  trade.openInterest = openInterest;
  ageTrades(model);
}

/**
 * Keeps at most `tradesKeptPerMarket` trades per market, dropping the oldest. Checked each time a tenth of the bound
 * has been added since the last pass, so a market holds at most 110% of the bound between passes.
 */
export function ageTrades(model: ExchangeModel): void {
  const kept = model.tradesKeptPerMarket;
  if (model.trades.length < model.tradesCheckedAt + Math.max(1, Math.floor(kept / 10))) return;
  const excess = new Map<string, number>();
  for (const trade of model.trades) excess.set(trade.ticker, (excess.get(trade.ticker) ?? 0) + 1);
  for (const [ticker, count] of excess) excess.set(ticker, count - kept);
  let write = 0;
  for (const trade of model.trades) {
    const drop = excess.get(trade.ticker) ?? 0;
    if (drop > 0) {
      excess.set(trade.ticker, drop - 1);
      model.agedTrades.set(trade.ticker, trade);
    } else model.trades[write++] = trade;
  }
  model.trades.length = write;
  model.tradesCheckedAt = write;
}

/** Drops the finished orders and the fills of accounts nobody can read (the activity generator's). */
export function forgetAccounts(model: ExchangeModel, users: ReadonlySet<string>): void {
  for (const [id, order] of model.orders)
    if (users.has(order.userId) && order.status !== 'resting') model.orders.delete(id);
  let write = 0;
  for (const fill of model.fills) if (!users.has(fill.userId)) model.fills[write++] = fill;
  model.fills.length = write;
}

/**
 * The last trade price at or before `time` (ms) from the tape and the newest aged-out trade, if either is that old.
 * Earlier than the tape reaches, the aged-out trade is the best the exchange still knows.
 */
export function tradePriceAt(
  model: ExchangeModel,
  ticker: string,
  trades: readonly TradeRecord[],
  time: number,
): number | undefined {
  let price: number | undefined;
  for (const trade of trades) if (trade.ticker === ticker && trade.time <= time) price = trade.price;
  return price ?? model.agedTrades.get(ticker)?.price;
}
