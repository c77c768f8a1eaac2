// A market's order book kept from Kalshi's `orderbook_snapshot` + `orderbook_delta` messages (or a REST book), in
// exact integer units: prices in micro-dollars, sizes in centi-contracts (see the money helpers).
//
// Like Kalshi's book it holds bids only: YES bids at YES prices and NO bids at NO prices. Asks are implied:
// the best YES ask is 1 − the best NO bid, and the best NO ask is 1 − the best YES bid (kalshi-api-notes §6.3, §9.6).
import { checkedObject, checkedTerms } from '../call-options';
import { KalshiValidationError } from '../errors';
import {
  DOLLAR_UNITS,
  excerpt,
  type FixedPointCount,
  type FixedPointDollars,
  formatCount,
  formatDollars,
  parseCount,
  parseDollars,
} from '../generated/fixed-point';

/** A side of the WebSocket order book: YES bids or NO bids. */
export type OutcomeSide = 'yes' | 'no';
/**
 * @deprecated Use `OutcomeSide`: the spec's `BookSide` is the V2 book's `bid`/`ask`, while the stream's book is kept
 * per outcome (`yes`/`no`, the spec's `outcome_side`).
 */
export type BookSide = OutcomeSide;

/** A price level: `price` in micro-dollars, `count` in centi-contracts. */
export interface Level {
  /** Micro-dollars (400000 for $0.40). */
  readonly price: number;
  /** Centi-contracts (1000 for 10 contracts). */
  readonly count: number;
}

/** `[price, count]` string pairs (typed loosely so the generated message types fit as they are). */
type LevelPairs = readonly (readonly string[])[];

/** The levels of an `orderbook_snapshot` message (`msg`). */
export interface OrderBookSnapshot {
  /** The message's market; a snapshot of another market than the book's is ignored. */
  readonly market_ticker?: string;
  /** YES bids as `[price, count]` strings: dollars ("0.40") and a fixed-point count ("10.00"). */
  readonly yes_dollars_fp?: LevelPairs | null;
  /** NO bids as `[price, count]` strings, at NO prices (YES prices with `use_yes_price`). */
  readonly no_dollars_fp?: LevelPairs | null;
}

/** The change of an `orderbook_delta` message (`msg`). */
export interface OrderBookDelta {
  /** The message's market; a delta of another market than the book's is ignored. */
  readonly market_ticker?: string;
  /** The level's price, a dollar string ("0.40"). */
  readonly price_dollars: string;
  /** The change of the level's count, a fixed-point count string (negative when it shrinks). */
  readonly delta_fp: string;
  /** The book side changed: YES bids or NO bids. */
  readonly side: OutcomeSide;
}

/** Options of `OrderBook`. */
export interface OrderBookOptions {
  /**
   * Set when the subscription used `use_yes_price: true`: NO-side prices then arrive on the YES scale (1 − p) and
   * are converted back to NO prices here.
   */
  readonly useYesPrice?: boolean | undefined;
}

/** OrderBookOptions' keys: another (`useYesPrices`) would be dropped and NO prices read on the wrong scale. */
const BOOK_OPTIONS = { useYesPrice: 1 } as const satisfies Record<keyof OrderBookOptions, 1>;

/**
 * A local order book kept from snapshots and deltas; prices in micro-dollars, counts in centi-contracts. One book is
 * one market: a snapshot or delta whose `market_ticker` names another market is ignored (the apply methods return
 * false), so every message of a multi-market subscription can be handed to each market's book.
 */
export class OrderBook {
  private readonly sides: Record<OutcomeSide, Map<number, number>> = { yes: new Map(), no: new Map() };
  /** Best bid per side, or -1 when unknown (recomputed lazily after the best level empties). */
  private readonly best: Record<OutcomeSide, number> = { yes: -1, no: -1 };
  private readonly listeners = new Set<(book: OrderBook) => void>();
  private readonly useYesPrice: boolean;

  /** An empty book of one market; fill it with `applySnapshot`. */
  constructor(
    /** The market's ticker: messages naming another market are ignored. */
    readonly ticker: string,
    options: OrderBookOptions = {},
  ) {
    if (typeof ticker !== 'string' || !ticker)
      throw new KalshiValidationError('ticker', `expected the market's ticker, got ${JSON.stringify(ticker)}`);
    const { useYesPrice = false } = checkedTerms('OrderBook', options, BOOK_OPTIONS, {}, 'options');
    if (typeof useYesPrice !== 'boolean')
      throw new KalshiValidationError('useYesPrice', `expected true or false, got ${JSON.stringify(useYesPrice)}`);
    this.useYesPrice = useYesPrice;
  }

  /**
   * Replaces the whole book with a snapshot (`yes_dollars_fp` / `no_dollars_fp` levels; a missing side is empty).
   * False, and nothing changes, when the snapshot is another market's. Throws `KalshiValidationError`, and nothing
   * changes, when it has neither key but levels under others (the cents-era `yes`/`no`, a rename): not an empty book.
   */
  applySnapshot(snapshot: OrderBookSnapshot): boolean {
    if (!this.isMine(snapshot, 'snapshot')) return false;
    this.load('snapshot', snapshot, 'yes_dollars_fp', 'no_dollars_fp', this.useYesPrice);
    return true;
  }

  private isMine(message: { readonly market_ticker?: string }, what: string): boolean {
    checkedObject(what, message);
    return message.market_ticker === undefined || message.market_ticker === this.ticker;
  }

  /**
   * Applies a REST `orderbook_fp` (`yes_dollars` / `no_dollars`, NO side always in NO prices). Refused as a snapshot
   * is: a book with levels only under other keys (the whole GetMarketOrderbook answer, the cents-era `yes`/`no`).
   */
  applyRest(book: { readonly yes_dollars?: LevelPairs | null; readonly no_dollars?: LevelPairs | null }): void {
    this.load('book', checkedObject('book', book), 'yes_dollars', 'no_dollars', false);
  }

  // Every level is read and checked before the book changes, so a malformed book leaves the old one whole.
  private load(what: string, message: object, yesKey: string, noKey: string, noOnYesScale: boolean): void {
    const levels = readLevels(what, message, yesKey, noKey, noOnYesScale);
    for (const side of ['yes', 'no'] as const) {
      this.sides[side].clear();
      this.best[side] = 0;
      for (const [price, units] of levels[side]) if (units > 0) this.set(side, price, units);
    }
    this.emit();
  }

  /**
   * Adds a signed size change at one price; a level that reaches 0 is removed. False, and nothing changes, when the
   * delta is another market's. A `side` other than `yes`/`no`, a price outside 0–1 or finer than $0.0001, or a change
   * that would take the level below 0 (the book has missed a change: apply a fresh snapshot) throws
   * `KalshiValidationError`; a malformed price or count `FixedPointError`: nothing changes either way.
   */
  applyDelta(delta: OrderBookDelta): boolean {
    if (!this.isMine(delta, 'delta')) return false;
    // Checked before anything changes.
    const { side, price: raw, change } = readDelta(delta);
    const price = side === 'no' && this.useYesPrice ? DOLLAR_UNITS - raw : raw;
    const levels = this.sides[side];
    const resting = levels.get(price) ?? 0;
    const count = resting + change;
    // kalshi-api-notes §9.6: Kalshi's deltas take a level down to 0 at most ("remove the level when it reaches 0").
    // Below 0, this book is not the server's (a change was missed): dropping the level would hide that.
    if (count < 0)
      throw new KalshiValidationError(
        'delta_fp',
        `${excerpt(delta.delta_fp)} at ${side} ${excerpt(delta.price_dollars)} would take the level from ${formatCount(resting)} below 0: the book has missed a change (apply a fresh snapshot); nothing applied`,
      );
    if (count > 0) this.set(side, price, count);
    else {
      levels.delete(price);
      if (price === this.best[side]) this.best[side] = -1;
    }
    if (this.listeners.size) this.emit();
    return true;
  }

  /** Best YES bid: the highest price someone pays for YES. */
  bestYesBid(): Level | undefined {
    return this.bestOf('yes');
  }

  /** Best NO bid (NO price). */
  bestNoBid(): Level | undefined {
    return this.bestOf('no');
  }

  /** Best YES ask = 1 − best NO bid, with the NO bid's size. */
  bestYesAsk(): Level | undefined {
    const no = this.bestOf('no');
    return no && { price: DOLLAR_UNITS - no.price, count: no.count };
  }

  /** Best NO ask = 1 − best YES bid. */
  bestNoAsk(): Level | undefined {
    const yes = this.bestOf('yes');
    return yes && { price: DOLLAR_UNITS - yes.price, count: yes.count };
  }

  /**
   * Size resting at a price on a side (price in micro-dollars or a dollar string). A price outside 0–1 or finer than
   * $0.0001 (as `applyDelta` refuses it) throws `KalshiValidationError`.
   */
  depthAt(side: OutcomeSide, price: number | string): number {
    // A number is micro-dollars (a level's price, as levels() gives it): 0.4 (dollars) would find no level and read
    // as an empty one.
    const units = typeof price === 'number' ? price : parseDollars(price, 'price');
    if (!(Number.isInteger(units) && units >= 0 && units <= DOLLAR_UNITS))
      throw new KalshiValidationError(
        'price',
        `expected micro-dollars (an integer 0–1000000: 400000 for $0.40) or a dollar string 0–1 ("0.40"), got ${JSON.stringify(price)}`,
      );
    // No level rests there (applyDelta refuses such a price): not read as an empty level.
    if (units % PRICE_STEP !== 0)
      throw new KalshiValidationError(
        'price',
        `${JSON.stringify(price)} is finer than $0.0001 (a multiple of 100 micro-dollars), on no market's price grid`,
      );
    return this.sides[checkedSide(side)].get(units) ?? 0;
  }

  /** The best `n` levels of a side, best first. */
  levels(side: OutcomeSide, n = Number.POSITIVE_INFINITY): Level[] {
    // Handed to slice(), -1 would give every level but the worst, NaN none.
    if (!(n === Number.POSITIVE_INFINITY || (Number.isInteger(n) && n >= 0)))
      throw new KalshiValidationError(
        'n',
        `expected a count of levels (a whole number from 0), got ${typeof n === 'number' ? n : JSON.stringify(n)}`,
      );
    return [...this.sides[checkedSide(side)]]
      .sort((a, b) => b[0] - a[0])
      .slice(0, n)
      .map(([price, count]) => ({ price, count }));
  }

  /** The book in the REST `orderbook_fp` shape: ascending by price, best bid last, NO side in NO prices. */
  toRest(): {
    /** YES bids as `[price, count]`: dollars with 4 decimals ("0.4000") and a fixed-point count ("10.00"). */
    yes_dollars: [FixedPointDollars, FixedPointCount][];
    /** NO bids, at NO prices, as `yes_dollars`. */
    no_dollars: [FixedPointDollars, FixedPointCount][];
  } {
    const side = (s: OutcomeSide) =>
      [...this.sides[s]]
        .sort((a, b) => a[0] - b[0])
        .map(([p, c]): [FixedPointDollars, FixedPointCount] => [formatDollars(p, 4), formatCount(c)]);
    return { yes_dollars: side('yes'), no_dollars: side('no') };
  }

  /**
   * Calls `listener` after each snapshot and delta (from the next update on, when added during one); returns the
   * unsubscribe function. A listener that throws neither stops the others nor undoes the change: once every listener
   * has run, the apply method rethrows the first error.
   */
  onUpdate(listener: (book: OrderBook) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private set(side: OutcomeSide, price: number, count: number): void {
    this.sides[side].set(price, count);
    if (this.best[side] !== -1 && price > this.best[side]) this.best[side] = price;
  }

  private bestOf(side: OutcomeSide): Level | undefined {
    const levels = this.sides[side];
    if (this.best[side] === -1) {
      let best = -1;
      for (const price of levels.keys()) if (price > best) best = price;
      this.best[side] = best;
    }
    const price = this.best[side];
    const count = levels.get(price);
    return count === undefined ? undefined : { price, count };
  }

  // The listeners registered when the update began, as EventTarget dispatches: one added meanwhile waits for the next
  // update, one removed meanwhile is not called, and one that re-subscribes itself runs once.
  private emit(): void {
    let failed: { error: unknown } | undefined;
    for (const listener of [...this.listeners]) {
      if (!this.listeners.has(listener)) continue;
      try {
        listener(this);
      } catch (error) {
        failed ??= { error };
      }
    }
    if (failed) throw failed.error;
  }
}

/**
 * A snapshot's levels (`yes_dollars_fp` / `no_dollars_fp`; prices as sent, in micro-dollars, counts in
 * centi-contracts), read as `applySnapshot` reads them: throws as it does
 * (`KalshiValidationError`, `FixedPointError`) for a snapshot no book can apply. The stream reads every book snapshot
 * so before delivering it, as it reads deltas (see readDelta()).
 */
export function readSnapshot(snapshot: OrderBookSnapshot): Record<OutcomeSide, [number, number][]> {
  return readLevels('snapshot', snapshot, 'yes_dollars_fp', 'no_dollars_fp', false);
}

/** The `[price, count]` levels under `yesKey` and `noKey`, in micro-dollars (NO prices) and centi-contracts. */
function readLevels(
  what: string,
  message: object,
  yesKey: string,
  noKey: string,
  noOnYesScale: boolean,
): Record<OutcomeSide, [number, number][]> {
  const fields = message as Record<string, unknown>;
  if (fields[yesKey] == null && fields[noKey] == null) {
    const other = Object.keys(fields).filter((k) => {
      const value = fields[k];
      // A non-empty list (the cents-era `yes`) or object (the whole REST answer's `orderbook_fp`).
      return typeof value === 'object' && value !== null && Object.keys(value).length > 0;
    });
    if (other.length)
      throw new KalshiValidationError(
        what,
        `levels under ${other.join(', ')} but none under ${yesKey} or ${noKey}: not a ${what} this book reads; nothing applied`,
      );
  }
  const read = (side: OutcomeSide, key: string) => {
    const pairs = fields[key] ?? [];
    if (!Array.isArray(pairs)) throw new KalshiValidationError(key, 'expected a list of [price, count] pairs');
    return pairs.map((pair: unknown, i): [number, number] => {
      if (!Array.isArray(pair) || pair.length !== 2)
        throw new KalshiValidationError(
          `${key}[${i}]`,
          `expected a [price, count] pair, got ${excerpt(String(JSON.stringify(pair)))}`,
        );
      const micro = bookPrice(pair[0], `${key}[${i}].price`);
      const count = parseCount(pair[1], `${key}[${i}].count`);
      // A size resting at a price: never below 0 (an emptied level is removed, kalshi-api-notes §9.6).
      if (count < 0)
        throw new KalshiValidationError(
          `${key}[${i}].count`,
          `${excerpt(JSON.stringify(pair[1]))} is below 0; nothing applied`,
        );
      return [side === 'no' && noOnYesScale ? DOLLAR_UNITS - micro : micro, count];
    });
  };
  return { yes: read('yes', yesKey), no: read('no', noKey) };
}

/**
 * A delta's side, price (micro-dollars, as sent) and signed size change (centi-contracts), read as `applyDelta` reads
 * them: a side other than `yes`/`no` or a price outside 0–1 throws `KalshiValidationError`, a malformed price or count
 * `FixedPointError`. The stream reads every book delta so before delivering it (a delta no book can apply is a gap).
 */
export function readDelta(delta: Pick<OrderBookDelta, 'side' | 'price_dollars' | 'delta_fp'>): {
  side: OutcomeSide;
  price: number;
  change: number;
} {
  return {
    side: checkedSide(delta.side),
    price: bookPrice(delta.price_dollars, 'price_dollars'),
    change: parseCount(delta.delta_fp, 'delta_fp'),
  };
}

/** A side of the book: AsyncAPI `marketSide`, yes or no (not the V2 `bid`/`ask`). */
function checkedSide(side: unknown): OutcomeSide {
  if (side === 'yes' || side === 'no') return side;
  throw new KalshiValidationError('side', `expected "yes" or "no", got ${excerpt(JSON.stringify(side) ?? 'no side')}`);
}

/** Micro-dollars in $0.0001, the finest step a price is written in (kalshi-api-notes §4, §6.3: "0.4700"). */
const PRICE_STEP = 100;

/**
 * A level's price: a dollar string from 0 to 1 (a YES or NO price; kalshi-api-notes §4: every market's price grid
 * spans 0–1) on a multiple of $0.0001. §4's grids step by 0.01 or 0.001 and Kalshi writes prices with 4 decimals: a
 * finer one ("0.40005") is on no market's grid, and kept it could not be written back (toRest() would throw).
 */
function bookPrice(value: unknown, field: string): number {
  const micro = parseDollars(value, field);
  if (micro < 0 || micro > DOLLAR_UNITS)
    throw new KalshiValidationError(field, `${excerpt(JSON.stringify(value))} is outside 0–1; nothing applied`);
  if (micro % PRICE_STEP !== 0)
    throw new KalshiValidationError(
      field,
      `${excerpt(JSON.stringify(value))} is finer than $0.0001, on no market's price grid; nothing applied`,
    );
  return micro;
}
