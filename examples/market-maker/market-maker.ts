// A minimal market maker: quotes one market on both sides around the middle of its order book, and re-quotes
// (cancel, then place) whenever asked. Copy it, then change `quoteAround` to your own pricing. `run.ts` runs it;
// this file works in ES module and CommonJS projects alike (see the README on CommonJS).
import {
  COUNT_UNITS,
  cancelOrders,
  type components,
  DOLLAR_UNITS,
  KalshiBadRequestError,
  type KalshiClient,
  KalshiNotFoundError,
  KalshiUnconfirmedWriteError,
  parseCount,
  parseDollars,
  unwrap,
} from '@org/kalshi-client';

export interface MarketMakerOptions {
  /** The market to quote. */
  readonly ticker: string;
  /** Distance from the middle to each quote, in cents (default 2). */
  readonly halfSpreadCents?: number;
  /** Contracts per quote (default 1). */
  readonly size?: number;
  /**
   * The most contracts to hold either way, YES (long) or NO (short), default no limit. A side is quoted only while its
   * quote, filled in full, keeps the position within it: a bid counts towards the long limit, an ask the short one.
   */
  readonly maxPosition?: number;
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

/** An order as Kalshi's order reads give it. */
export type Order = components['schemas']['Order'];

/** How long a quote whose answer was lost is looked for in order reads before it is taken as never placed. */
const UNSEEN_AFTER_MS = 60_000;

export class MarketMaker {
  /** The ids of the quotes we placed and have not canceled yet, each recorded as soon as it is placed. */
  private readonly resting = new Set<string>();
  /**
   * The client_order_id of each placement whose answer was lost (it may rest), with when it was sent: `cancelAll`
   * looks for them until a read shows them, or for UNSEEN_AFTER_MS.
   */
  private readonly unconfirmed = new Map<string, number>();
  /** The last requote or cancelAll called: each runs after the one before has finished. */
  private last: Promise<unknown> = Promise.resolve();
  /**
   * The book the last quotes were priced from, our quotes not in it (read after their cancel): the best YES bid and
   * the best NO bid, in micro-dollars (-1 for a side with none); undefined before the first requote has read a book.
   * `run` requotes when the streamed book's best prices, our own orders left out, differ from these.
   */
  get pricedFrom(): { readonly yes: number; readonly no: number } | undefined {
    return this.priced;
  }
  private priced: { readonly yes: number; readonly no: number } | undefined;

  constructor(
    private readonly kalshi: KalshiClient,
    private readonly options: MarketMakerOptions,
  ) {}

  /**
   * Cancels our previous quotes, reads the book and places a new bid (buy YES) and ask (sell YES); returns the quotes
   * placed. Quotes are post-only, and a quote that would trade is refused (kalshi-api-notes §5.7): at the book's edge
   * (a 99¢ YES bid, a 1¢ YES ask) the side with no price left to rest at is not quoted, nor a side refused as a post-only
   * cross because the book moved after the read (the next requote reads it afresh). If placing the ask fails, the
   * bid stays resting and tracked: `cancelAll` (or the next requote) cancels it. With `maxPosition`, a side whose
   * quote, filled in full, would take the position past it is not quoted.
   */
  requote(): Promise<Partial<Quote>> {
    return this.inTurn(async () => {
      await this.cancelQuotes();
      const { ticker, halfSpreadCents = 2 } = this.options;
      const { orderbook_fp: book } = unwrap(
        await this.kalshi.GET('/markets/{ticker}/orderbook', { params: { path: { ticker } } }),
      );
      // A side with no bids may be left out or null (kalshi-api-notes §6.3: "tolerate missing/null side arrays").
      const yesBids: readonly PriceLevel[] = book.yes_dollars ?? [];
      const noBids: readonly PriceLevel[] = book.no_dollars ?? [];
      const quote = quoteAround(midCents(yesBids, noBids), halfSpreadCents);
      // Exactly, in micro-dollars: a YES bid crosses at or above the best YES ask (1 − the best NO bid), an ask at or
      // below the best YES bid.
      const best = (levels: readonly PriceLevel[]) => Math.max(-1, ...levels.map(([price]) => parseDollars(price)));
      const cents = DOLLAR_UNITS / 100;
      this.priced = { yes: best(yesBids), no: best(noBids) };
      const placed: { bidCents?: number; askCents?: number } = {};
      // Read after the cancel, so no quote of ours rests: the position can only grow by the quotes placed below. Reads
      // can lag writes (kalshi-api-notes §5.11): a fill just before the cancel may show only at the next requote.
      const held = await this.position();
      const { size = 1, maxPosition = Number.POSITIVE_INFINITY } = this.options;
      const quoted = size * COUNT_UNITS;
      const limit = maxPosition * COUNT_UNITS;
      if (held + quoted <= limit && quote.bidCents * cents < DOLLAR_UNITS - best(noBids)) {
        if (await this.place('buy', quote.bidCents)) placed.bidCents = quote.bidCents;
      }
      if (held - quoted >= -limit && quote.askCents * cents > best(yesBids)) {
        if (await this.place('sell', quote.askCents)) placed.askCents = quote.askCents;
      }
      return placed;
    });
  }

  /**
   * Cancels every quote this maker placed, by id (a quote already filled or canceled counts as done), after any
   * requote in flight has finished. Throws if one may still rest; calling it again retries that one.
   */
  cancelAll(): Promise<void> {
    return this.inTurn(() => this.cancelQuotes());
  }

  /** The position held in the market, in centi-contracts: positive YES, negative NO (0 when none). */
  private async position(): Promise<number> {
    if (this.options.maxPosition === undefined) return 0;
    const { ticker } = this.options;
    const { market_positions } = unwrap(
      await this.kalshi.GET('/portfolio/positions', { params: { query: { ticker } } }),
    );
    const row = market_positions.find((p) => p.ticker === ticker);
    return row ? parseCount(row.position_fp) : 0;
  }

  /**
   * The account's resting orders on the market (every page), read after any requote in flight has finished and before
   * the next one starts: no quote of this maker is placed or canceled while it reads. `reading` is called as the read
   * starts. `run` reads back its tally of its own orders in the streamed book with it after a gap (their deltas may
   * be missing).
   */
  restingOrders(reading?: () => void): Promise<Order[]> {
    return this.inTurn(async () => {
      reading?.();
      const query = { ticker: this.options.ticker, status: 'resting' as const, limit: 1000 };
      const orders: Order[] = [];
      for await (const order of this.kalshi.paginate('/portfolio/orders', { params: { query } })) orders.push(order);
      return orders;
    });
  }

  /**
   * The client_order_ids of placements whose answer was lost that `cancelAll` still looks for: each until a read shows
   * it (then it is canceled) or for a minute after it was sent (then it was never placed).
   */
  get lostQuotes(): readonly string[] {
    return [...this.unconfirmed.keys()];
  }

  private inTurn<T>(step: () => Promise<T>): Promise<T> {
    const result = this.last.then(step);
    this.last = result.catch(() => undefined);
    return result;
  }

  /**
   * Places one quote; false when Kalshi refused it as a post-only cross (the book moved since it was read, kalshi-api-notes
   * §5.7: 400 invalid_order "post only cross", nothing placed): that side is left unquoted until the next requote.
   */
  private async place(action: 'buy' | 'sell', priceCents: number): Promise<boolean> {
    const { ticker, size = 1 } = this.options;
    try {
      const order = await this.kalshi.placeOrder({
        ticker,
        action,
        side: 'yes',
        count: size,
        priceCents,
        postOnly: true,
      });
      this.resting.add(order.order_id);
      return true;
    } catch (error) {
      if (
        error instanceof KalshiBadRequestError &&
        error.code === 'invalid_order' &&
        error.details === 'post only cross'
      )
        return false;
      // Its answer was lost and the order could not be read back: it may rest.
      if (error instanceof KalshiUnconfirmedWriteError && error.clientOrderId)
        this.unconfirmed.set(error.clientOrderId, performance.now());
      throw error;
    }
  }

  private async cancelQuotes(): Promise<void> {
    if (this.unconfirmed.size > 0) {
      // Placements whose answer was lost (placeOrder read for them for 2.5 s): look once more, on every page.
      const query = { ticker: this.options.ticker, status: 'resting' as const, limit: 1000 };
      const seen = new Set<string>();
      for await (const order of this.kalshi.paginate('/portfolio/orders', { params: { query } }))
        if (order.client_order_id && this.unconfirmed.has(order.client_order_id)) {
          this.resting.add(order.order_id);
          seen.add(order.client_order_id);
        }
      // Reads lag writes (kalshi-api-notes §5.11 records ~360 ms): one not seen yet may still show. Given up on only
      // after UNSEEN_AFTER_MS: by then it was never placed (or already filled or canceled).
      for (const [id, sentAt] of this.unconfirmed)
        if (seen.has(id) || performance.now() - sentAt > UNSEEN_AFTER_MS) this.unconfirmed.delete(id);
    }
    if (this.resting.size > 0) await this.cancelResting();
    if (this.unconfirmed.size > 0)
      throw new Error(
        `cancelAll: quotes whose answer was lost do not show in Kalshi's order reads yet (call it again): ${[...this.unconfirmed.keys()].join(', ')}`,
      );
  }

  private async cancelResting(): Promise<void> {
    // By id, not from a read of resting orders: Kalshi's reads lag its writes (a quote just placed may not show).
    const failures: string[] = [];
    for (const result of await cancelOrders(this.kalshi, { orderIds: [...this.resting] })) {
      // Kalshi answers 404 for an order already filled or canceled: nothing left to cancel.
      if (result.ok || result.error instanceof KalshiNotFoundError) this.resting.delete(result.order_id);
      else failures.push(`${result.order_id}: ${result.error.message}`);
    }
    if (failures.length) throw new Error(`cancelAll: quotes may still rest (call it again): ${failures.join('; ')}`);
  }
}
