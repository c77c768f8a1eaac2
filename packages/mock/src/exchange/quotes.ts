import { ONE_DOLLAR } from './book';
import type { Exchange } from './exchange';

/** The top of a market's book at a moment: best YES bid and best YES ask (1 − best NO bid), micro-dollars. */
export interface Quote {
  readonly time: number;
  /** 0 when nobody bids YES (as `yes_bid_dollars` shows an empty side). */
  readonly yesBid: number;
  /** $1 when nobody bids NO (as `yes_ask_dollars` shows an empty side). */
  readonly yesAsk: number;
}

/**
 * The history of every market's top of book, recorded as the book changes: what the `yes_bid` / `yes_ask` OHLC of a
 * candlestick is built from. Before its first change a loaded market's quote is the one it was loaded with; a market
 * added later starts empty. Like the trade tape, it keeps a market's most recent changes (`tradesKeptPerMarket`).
 */
export class QuoteTape {
  private readonly byTicker = new Map<string, Quote[]>();
  /** Each market's last price when the tape first saw it: before any trade (a trade needs a resting order first). */
  private readonly loadedPrices = new Map<string, number>();

  constructor(private readonly exchange: Exchange) {
    this.snapshot();
    exchange.changes.on((event) => {
      if (event.type === 'reset') {
        this.byTicker.clear();
        this.loadedPrices.clear();
        this.snapshot();
      } else if (event.type === 'book') this.record(event.ticker, false);
    });
  }

  /** The quote in force at `time` (ms): the last one recorded at or before it, else the first one known. */
  at(ticker: string, time: number): Quote {
    const quotes = this.byTicker.get(ticker) ?? [];
    let found = quotes[0];
    for (const quote of quotes) {
      if (quote.time > time) break;
      found = quote;
    }
    return found ?? { time, ...this.current(ticker) };
  }

  /** The last price a market had before the trades on the tape: the one it was loaded (or added) with. */
  loadedPrice(ticker: string): number {
    return this.loadedPrices.get(ticker) ?? this.exchange.markets.get(ticker)?.lastPrice ?? 0;
  }

  /** The quotes recorded in the window (from, to], oldest first. */
  between(ticker: string, from: number, to: number): Quote[] {
    return (this.byTicker.get(ticker) ?? []).filter((q) => q.time > from && q.time <= to);
  }

  private snapshot(): void {
    for (const ticker of this.exchange.markets.keys()) this.record(ticker, true);
  }

  /** `loaded`: the book as the exchange was loaded; otherwise a change, to a book that was empty if never seen. */
  private record(ticker: string, loaded: boolean): void {
    const market = this.exchange.markets.get(ticker);
    if (!market) return;
    if (!this.loadedPrices.has(ticker)) this.loadedPrices.set(ticker, market.lastPrice);
    const { yesBid, yesAsk } = this.current(ticker);
    const quotes = this.byTicker.get(ticker) ?? [];
    // A market added after the tape started had an empty book until this first change.
    if (!loaded && quotes.length === 0) quotes.push({ time: market.createdTime, yesBid: 0, yesAsk: ONE_DOLLAR });
    this.byTicker.set(ticker, quotes);
    const last = quotes[quotes.length - 1];
    if (last && last.yesBid === yesBid && last.yesAsk === yesAsk) return;
    const time = this.exchange.now();
    // Several changes in one ms: the last one stands for that ms.
    if (last && last.time === time) quotes.pop();
    quotes.push({ time, yesBid, yesAsk });
    // Bounded like the trade tape (retention.ts): the oldest changes age out; before the first kept, it stands.
    const kept = this.exchange.tradesKeptPerMarket;
    if (quotes.length > kept + Math.max(1, Math.floor(kept / 10))) quotes.splice(0, quotes.length - kept);
  }

  private current(ticker: string): { yesBid: number; yesAsk: number } {
    const book = this.exchange.books.get(ticker);
    const noBid = book?.bestPrice('no');
    return { yesBid: book?.bestPrice('yes') ?? 0, yesAsk: noBid === undefined ? ONE_DOLLAR : ONE_DOLLAR - noBid };
  }
}

const tapes = new WeakMap<Exchange, QuoteTape>();

/** The exchange's quote tape, recording from the first call on (call it when the exchange is created). */
export function quoteTape(exchange: Exchange): QuoteTape {
  const tape = tapes.get(exchange) ?? new QuoteTape(exchange);
  tapes.set(exchange, tape);
  return tape;
}
