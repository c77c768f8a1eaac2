import type { Exchange } from './exchange';
import { quoteTape } from './quotes';
import { tradePriceAt } from './retention';
import type { MarketState } from './types';

const DAY = 86_400_000;

/**
 * A market's "a day ago" fields (spec `Market.previous_*`: "… a day ago") and its `volume_24h_fp`, from the quote
 * and trade tapes (the trade tape keeps a market's most recent trades, retention.ts). With no trade by then, the price is the one the market was loaded with.
 */
export function dayAgoOf(
  exchange: Exchange,
  market: MarketState,
): { yesBid: number; yesAsk: number; price: number; volume24h: number } {
  const since = exchange.now() - DAY;
  const tape = quoteTape(exchange);
  const quote = tape.at(market.ticker, since);
  let volume24h = 0;
  for (const trade of exchange.trades)
    if (trade.ticker === market.ticker && trade.time > since) volume24h += trade.count;
  const price = tradePriceAt(exchange, market.ticker, exchange.trades, since);
  return { yesBid: quote.yesBid, yesAsk: quote.yesAsk, price: price ?? tape.loadedPrice(market.ticker), volume24h };
}
