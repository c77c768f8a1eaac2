import type { Exchange } from './exchange';
import { quoteTape } from './quotes';
import type { MarketState } from './types';

const DAY = 86_400_000;

/**
 * A market's "a day ago" fields (spec `Market.previous_*`: "… a day ago") and its `volume_24h_fp`, from the quote
 * and trade tapes. With no trade on the tape by then, the price is the one the market was loaded with.
 */
export function dayAgoOf(
  exchange: Exchange,
  market: MarketState,
): { yesBid: number; yesAsk: number; price: number; volume24h: number } {
  const since = exchange.now() - DAY;
  const tape = quoteTape(exchange);
  const quote = tape.at(market.ticker, since);
  let price: number | undefined;
  let volume24h = 0;
  for (const trade of exchange.trades) {
    if (trade.ticker !== market.ticker) continue;
    if (trade.time <= since) price = trade.price;
    else volume24h += trade.count;
  }
  return { yesBid: quote.yesBid, yesAsk: quote.yesAsk, price: price ?? tape.loadedPrice(market.ticker), volume24h };
}
