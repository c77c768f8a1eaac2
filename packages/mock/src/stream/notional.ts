// The ticker channel's whole-dollar notionals (AsyncAPI tickerPayload: `dollar_volume` "whole-dollar cumulative traded
// notional", `dollar_open_interest` "whole-dollar open-interest notional"; kalshi-api-notes §9.6): dollars, not
// contracts. Counts are centi-contracts and prices micro-dollars, so a trade's notional in micro-dollars is
// count × price / 100.
import { ONE_DOLLAR } from '../exchange/book';
import type { Exchange } from '../exchange/exchange';
import type { TradeRecord } from '../exchange/types';

interface Tally {
  /** How many of the exchange's trades are counted, and the last of them (to notice a reset or a re-sort). */
  counted: number;
  last: TradeRecord | undefined;
  /** Per ticker: centi-contracts and micro-dollars traded. */
  readonly byTicker: Map<string, { count: number; micros: number }>;
}

const tallies = new WeakMap<Exchange, Tally>();

/** The market's traded notional so far, counting only the trades recorded since the last call (a ticker is hot). */
function traded(exchange: Exchange, ticker: string): { count: number; micros: number } {
  const { trades } = exchange;
  let tally = tallies.get(exchange);
  if (!tally || (tally.counted > 0 && trades[tally.counted - 1] !== tally.last)) {
    tally = { counted: 0, last: undefined, byTicker: new Map() };
    tallies.set(exchange, tally);
  }
  for (; tally.counted < trades.length; tally.counted++) {
    const trade = trades[tally.counted] as TradeRecord;
    const sum = tally.byTicker.get(trade.ticker) ?? { count: 0, micros: 0 };
    sum.count += trade.count;
    sum.micros += Math.round((trade.count * trade.price) / 100);
    tally.byTicker.set(trade.ticker, sum);
    tally.last = trade;
  }
  return tally.byTicker.get(ticker) ?? { count: 0, micros: 0 };
}

/**
 * `dollar_volume`: the traded notional in whole dollars. A dataset's market may carry more volume than its recorded
 * trades; the rest is valued at its last price. `dollar_open_interest`: open interest at the last price.
 */
export function dollarNotionals(
  exchange: Exchange,
  market: { readonly ticker: string; readonly volume: number; readonly lastPrice: number },
  openInterest: number,
): { dollar_volume: number; dollar_open_interest: number } {
  const { count, micros } = traded(exchange, market.ticker);
  const untraded = Math.max(market.volume - count, 0);
  const volumeMicros = micros + (untraded * market.lastPrice) / 100;
  return {
    dollar_volume: Math.floor(volumeMicros / ONE_DOLLAR),
    dollar_open_interest: Math.floor((openInterest * market.lastPrice) / 100 / ONE_DOLLAR),
  };
}
