import type { Exchange } from './exchange';
import { quoteTape } from './quotes';
import type { MarketState } from './types';

const DAY = 86_400_000;

/**
 * A market's "a day ago" fields (spec `Market.previous_*`: "… a day ago") and its `volume_24h_fp`, from the quote
 * and trade tapes. A market with no trade on the tape keeps the last price it was loaded with; one whose first trade is
 * less than a day old had no price a day ago: 0, as an untraded `last_price_dollars` (kalshi-api-notes §6.1).
 */
export function dayAgoOf(
  exchange: Exchange,
  market: MarketState,
): { yesBid: number; yesAsk: number; price: number; volume24h: number } {
  const since = exchange.now() - DAY;
  const quote = quoteTape(exchange).at(market.ticker, since);
  let price = 0;
  let volume24h = 0;
  let traded = false;
  for (const trade of exchange.trades) {
    if (trade.ticker !== market.ticker) continue;
    traded = true;
    if (trade.time <= since) price = trade.price;
    else volume24h += trade.count;
  }
  if (!traded) price = market.lastPrice;
  return { yesBid: quote.yesBid, yesAsk: quote.yesAsk, price, volume24h };
}
