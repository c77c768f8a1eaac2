// A minimal market maker: quotes one market on both sides around the middle of its order book, and re-quotes
// (cancel, then place) whenever asked. Copy it, then change `quoteAround` to your own pricing. `run.ts` runs it;
// this file works in ES module and CommonJS projects alike (see the README on CommonJS).
import { type KalshiClient, unwrap } from '@org/kalshi-client';

export interface MarketMakerOptions {
  /** The market to quote. */
  readonly ticker: string;
  /** Distance from the middle to each quote, in cents (default 2). */
  readonly halfSpreadCents?: number;
  /** Contracts per quote (default 1). */
  readonly size?: number;
}

/** One level of Kalshi's order book: `[price in dollars, contracts]`, both fixed-point strings. */
export type PriceLevel = readonly string[];

/** Our two quotes, in cents of the YES contract. */
export interface Quote {
  readonly bidCents: number;
  readonly askCents: number;
}

/**
 * The middle of the book in YES cents: halfway between the best YES bid and the best YES ask (a NO bid at p is a
 * YES ask at 100 − p). A side with no orders counts as 1¢ (bids) or 99¢ (asks).
 */
export function midCents(yesBids: readonly PriceLevel[], noBids: readonly PriceLevel[]): number {
  const best = (levels: readonly PriceLevel[]) =>
    levels.reduce((max, [price]) => Math.max(max, Math.round(Number(price) * 100)), 0);
  const bestBid = best(yesBids) || 1;
  const bestAsk = 100 - (best(noBids) || 1);
  return (bestBid + bestAsk) / 2;
}

/** Quotes `halfSpreadCents` either side of `mid`, kept inside 1–99¢ and at least 1¢ apart. */
export function quoteAround(mid: number, halfSpreadCents: number): Quote {
  const bidCents = Math.min(98, Math.max(1, Math.floor(mid - halfSpreadCents)));
  const askCents = Math.max(bidCents + 1, Math.min(99, Math.ceil(mid + halfSpreadCents)));
  return { bidCents, askCents };
}

export class MarketMaker {
  private resting: string[] = [];

  constructor(
    private readonly kalshi: KalshiClient,
    private readonly options: MarketMakerOptions,
  ) {}

  /** Cancels our previous quotes, reads the book and places a new bid (buy YES) and ask (sell YES). */
  async requote(): Promise<Quote> {
    await this.cancelAll();
    const { ticker, halfSpreadCents = 2, size = 1 } = this.options;
    const { orderbook_fp: book } = unwrap(
      await this.kalshi.GET('/markets/{ticker}/orderbook', { params: { path: { ticker } } }),
    );
    const quote = quoteAround(midCents(book.yes_dollars, book.no_dollars), halfSpreadCents);
    const bid = await this.kalshi.placeOrder({
      ticker,
      action: 'buy',
      side: 'yes',
      count: size,
      priceCents: quote.bidCents,
      postOnly: true,
    });
    const ask = await this.kalshi.placeOrder({
      ticker,
      action: 'sell',
      side: 'yes',
      count: size,
      priceCents: quote.askCents,
      postOnly: true,
    });
    this.resting = [bid.order_id, ask.order_id];
    return quote;
  }

  /** Cancels the quotes this maker placed that are still resting. */
  async cancelAll(): Promise<void> {
    const ids = this.resting;
    this.resting = [];
    if (ids.length === 0) return;
    const { orders } = unwrap(
      await this.kalshi.GET('/portfolio/orders', {
        params: { query: { ticker: this.options.ticker, status: 'resting' } },
      }),
    );
    for (const order of orders)
      if (ids.includes(order.order_id)) await this.kalshi.cancelOrder({ orderId: order.order_id });
  }
}
