import { COUNT_UNITS } from '../generated/fixed-point';
import type { BookSide, OrderState } from './types';

/** One dollar in micro-dollars, the exchange's unit of money and price. */
export const ONE_DOLLAR = 1_000_000;

/**
 * The largest count a book level (a dataset's, setOrderbook's) may hold, in centi-contracts (9,007,199,254.74
 * contracts): its cost at $1 is still a whole number of micro-dollars the engine counts exactly (kalshi-api-notes §4
 * sets no maximum; this is the mock's).
 */
export const MAX_BOOK_COUNT = Math.floor(Number.MAX_SAFE_INTEGER / (ONE_DOLLAR / COUNT_UNITS));

const hasRest = (order: OrderState) => order.remainingCount > 0;

/**
 * Where a set of bids would cross, or undefined: the best YES bid (index into `yes`) at or above the YES ask the best
 * NO bid makes (1 − its price; index into `no`). Such a book is never at rest: its two sides trade at once (the house's
 * own orders would meet and one side vanish), so a book given whole (a dataset's, `setOrderbook`'s) is refused
 * (kalshi-api-notes §6.3: YES ask = 1 − best NO bid). Prices in micro-dollars, NO bids at NO prices.
 */
export function crossedLevels(
  yes: readonly (readonly [number, ...unknown[]])[],
  no: readonly (readonly [number, ...unknown[]])[],
): { yes: number; no: number } | undefined {
  const best = (levels: typeof yes) =>
    levels.reduce((top, [price], i) => (top === -1 || price > (levels[top] as [number])[0] ? i : top), -1);
  const bid = best(yes);
  const noBid = best(no);
  if (bid === -1 || noBid === -1) return undefined;
  const yesPrice = (yes[bid] as [number])[0];
  const noPrice = (no[noBid] as [number])[0];
  return yesPrice >= ONE_DOLLAR - noPrice ? { yes: bid, no: noBid } : undefined;
}

/**
 * The first level whose price an earlier level of the same side already has, as [earlier, later] indexes, or
 * undefined. A book shows each price once, the orders resting there summed (kalshi-api-notes §6.3's books, sorted by
 * price), so a book given whole (a dataset's, `setOrderbook`'s) with a price twice is refused rather than merged.
 */
export function repeatedLevel(levels: readonly (readonly [number, ...unknown[]])[]): [number, number] | undefined {
  const seen = new Map<number, number>();
  for (const [i, [price]] of levels.entries()) {
    const first = seen.get(price);
    if (first !== undefined) return [first, i];
    seen.set(price, i);
  }
  return undefined;
}

/**
 * One market's resting orders. Kalshi's book holds bids only: YES bids at YES prices and NO bids at NO prices;
 * an `ask` (sell YES at p) rests as a NO bid at 1 − p (kalshi-api-notes §5.15, §6.3). Levels are FIFO queues.
 */
export class OrderBook {
  /** YES bids by YES price. */
  readonly yes = new Map<number, OrderState[]>();
  /** NO bids by NO price. */
  readonly no = new Map<number, OrderState[]>();

  /** The side and price an order rests at. */
  static restingAt(order: Pick<OrderState, 'side' | 'price'>): { levels: 'yes' | 'no'; price: number } {
    return order.side === 'bid'
      ? { levels: 'yes', price: order.price }
      : { levels: 'no', price: ONE_DOLLAR - order.price };
  }

  add(order: OrderState): void {
    const { levels, price } = OrderBook.restingAt(order);
    const book = this[levels];
    const queue = book.get(price);
    if (queue) {
      const last = queue[queue.length - 1];
      // A new order is the latest: append without scanning the queue.
      if (!last || last.priority < order.priority) {
        queue.push(order);
        return;
      }
      // Keep time priority when re-inserting (amend that keeps its place).
      const at = queue.findIndex((o) => o.priority > order.priority);
      if (at === -1) queue.push(order);
      else queue.splice(at, 0, order);
    } else {
      book.set(price, [order]);
    }
  }

  /** Takes the order off its level; whether it was there. */
  remove(order: OrderState): boolean {
    const { levels, price } = OrderBook.restingAt(order);
    const queue = this[levels].get(price);
    if (!queue) return false;
    const at = queue.indexOf(order);
    if (at !== -1) queue.splice(at, 1);
    if (queue.length === 0) this[levels].delete(price);
    return at !== -1;
  }

  /** Resting orders an incoming order on `side` can take, best price first, then time. */
  *crossing(side: BookSide, limitYesPrice: number): Generator<OrderState> {
    // A bid at p takes NO bids at q ≥ 1 − p; an ask at p takes YES bids at b ≥ p.
    const levels = side === 'bid' ? this.no : this.yes;
    const threshold = side === 'bid' ? ONE_DOLLAR - limitYesPrice : limitYesPrice;
    const prices = [...levels.keys()].filter((p) => p >= threshold).sort((a, b) => b - a);
    for (const price of prices) {
      for (const order of [...(levels.get(price) ?? [])]) yield order;
    }
  }

  /** Aggregated levels `[price, count]`, ascending by price (best bid last), as REST returns them. */
  levels(levels: 'yes' | 'no'): [number, number][] {
    return [...this[levels]]
      .map(([price, queue]): [number, number] => [price, queue.reduce((sum, o) => sum + o.remainingCount, 0)])
      .filter(([, count]) => count > 0)
      .sort((a, b) => a[0] - b[0]);
  }

  /** Size resting at one price (centi-contracts): the sum of one level's queue. */
  depth(levels: 'yes' | 'no', price: number): number {
    return (this[levels].get(price) ?? []).reduce((sum, o) => sum + o.remainingCount, 0);
  }

  /** The best level `[price, count]`: its price, and its queue summed. */
  best(levels: 'yes' | 'no'): [number, number] | undefined {
    const best = this.bestPrice(levels);
    return best === undefined ? undefined : [best, this.depth(levels, best)];
  }

  /**
   * The highest price with something left, no queue summed (the quote tape reads it on every book change): the
   * highest price, unless its queue holds only finished orders; then one pass over every level.
   */
  bestPrice(levels: 'yes' | 'no'): number | undefined {
    const book = this[levels];
    let top = -1;
    for (const price of book.keys()) if (price > top) top = price;
    if (top < 0) return undefined;
    if (book.get(top)?.some(hasRest)) return top;
    let best = -1;
    for (const [price, queue] of book) if (price > best && queue.some(hasRest)) best = price;
    return best < 0 ? undefined : best;
  }

  orders(): OrderState[] {
    return [...this.yes.values(), ...this.no.values()].flat();
  }

  clear(): void {
    this.yes.clear();
    this.no.clear();
  }
}
