// What every connection computes the same way for one order-book event, computed once: the levels the event's
// order touched with their sizes, and each delta's JSON. Every session handles an event before the next is emitted,
// so one slot per memo is enough.
import { OrderBook } from '../exchange/book';
import type { ExchangeEvent } from '../exchange/events';
import type { Exchange } from '../exchange/exchange';
import type { OrderState } from '../exchange/types';
import { deltaJson, idOf, type Levels } from './messages';

export type BookEvent = Extract<ExchangeEvent, { type: 'book' }>;
export interface LevelSize {
  readonly levels: Levels;
  readonly price: number;
  /** Size resting at the level now. */
  readonly size: number;
}

/** An order's part of its level's size, as of its last event. */
interface Part {
  levels: Levels;
  price: number;
  count: number;
}
/**
 * A book's level sizes kept up to date event by event, and each resting order's part of them (a Map: a WeakMap's
 * ephemerons cost every garbage collection; an order leaves the map when it stops resting).
 */
interface Depths {
  readonly sizes: Record<Levels, Map<number, number>>;
  readonly parts: Map<OrderState, Part>;
}
const depthsOf = new WeakMap<OrderBook, Depths>();

/**
 * Forgets a book's kept sizes: the next event reads them from the book again. Sessions call it when they take a
 * snapshot (events may have gone unseen while nobody subscribed) and after an event without an order (a reset).
 */
export function forgetDepths(book: OrderBook | undefined): void {
  if (book) depthsOf.delete(book);
}

/** Sizes and parts read from the book: every queued order's remaining count (0 once executed). */
function readDepths(book: OrderBook): Depths {
  const depths: Depths = { sizes: { yes: new Map(), no: new Map() }, parts: new Map() };
  for (const levels of ['yes', 'no'] as const)
    for (const [price, queue] of book[levels]) {
      let size = 0;
      for (const order of queue)
        if (order.status === 'resting') {
          depths.parts.set(order, { levels, price, count: order.remainingCount });
          size += order.remainingCount;
        }
      depths.sizes[levels].set(price, size);
    }
  return depths;
}

function addSize(sizes: Map<number, number>, price: number, change: number): void {
  const size = (sizes.get(price) ?? 0) + change;
  if (size === 0) sizes.delete(price);
  else sizes.set(price, size);
}

/**
 * The levels an order event touched (its level, and its level before an amend) with their sizes, computed once per
 * event however many connections it reaches: every session handles an event before the next is emitted.
 *
 * Summing a level's queue at every event costs as much as the queue is long (hundreds of orders at a busy level),
 * so sizes are kept per book instead: an event moves its order's part from where it was to where it is. The engine
 * follows every change to a resting order's count or price with that order's `book` event, and while any
 * connection follows the market, every such event passes here.
 */
let touchedMemo: { event: BookEvent | undefined; levels: LevelSize[] } = { event: undefined, levels: [] };
export function levelsTouched(exchange: Exchange, event: BookEvent): LevelSize[] {
  if (touchedMemo.event === event) return touchedMemo.levels;
  const { order, previousPrice, ticker } = event;
  const book = exchange.books.get(ticker);
  const levels: LevelSize[] = [];
  if (order && book) {
    const at = OrderBook.restingAt(order);
    let depths = depthsOf.get(book);
    let before: { levels: Levels; price: number } | undefined;
    if (!depths) {
      // Read from the book now, this event included.
      depths = readDepths(book);
      depthsOf.set(book, depths);
      if (previousPrice !== undefined && previousPrice !== order.price)
        before = OrderBook.restingAt({ side: order.side, price: previousPrice });
    } else {
      const part = depths.parts.get(order);
      if (part) {
        addSize(depths.sizes[part.levels], part.price, -part.count);
        if (part.levels !== at.levels || part.price !== at.price) before = { levels: part.levels, price: part.price };
      }
      // Canceled and executed orders hold nothing and never change again.
      const count = order.status === 'resting' ? order.remainingCount : 0;
      if (count === 0) depths.parts.delete(order);
      else if (part) {
        part.levels = at.levels;
        part.price = at.price;
        part.count = count;
      } else depths.parts.set(order, { levels: at.levels, price: at.price, count });
      addSize(depths.sizes[at.levels], at.price, count);
    }
    levels.push({ ...at, size: depths.sizes[at.levels].get(at.price) ?? 0 });
    if (before) levels.push({ ...before, size: depths.sizes[before.levels].get(before.price) ?? 0 });
  }
  touchedMemo = { event, levels };
  return levels;
}

/**
 * The end of a message every connection sends alike, from its `msg` on: the msg's JSON and the message's closing
 * brace. `ascii` (checked once) lets a transport writing bytes copy it as Latin-1; `bytes` is where such a transport
 * keeps its encoding, made once for every connection.
 */
export class SharedText {
  readonly ascii: boolean;
  bytes: Uint8Array | undefined;
  constructor(readonly text: string) {
    this.ascii = !/[\u0080-\uffff]/.test(text);
  }
}

/** The start of a sequenced data message up to its `msg` (what differs between connections sending a shared msg). */
export function dataHead(type: string, sid: number, seq: number): string {
  return `{"type":"${type}","sid":${sid},"seq":${seq},"msg":`;
}

/**
 * An `orderbook_delta` msg as JSON, with its message's closing brace: shared by the connections that send the same
 * delta for the same event.
 */
const deltaMemo = {
  event: undefined as BookEvent | undefined,
  levels: '' as Levels | '',
  price: 0,
  delta: 0,
  useYesPrice: false,
  own: false,
  shared: new SharedText(''),
};
export function sharedDelta(
  exchange: Exchange,
  event: BookEvent,
  levels: Levels,
  price: number,
  delta: number,
  useYesPrice: boolean,
  own: boolean,
): SharedText {
  const m = deltaMemo;
  if (
    m.event === event &&
    m.levels === levels &&
    m.price === price &&
    m.delta === delta &&
    m.useYesPrice === useYesPrice &&
    m.own === own
  )
    return m.shared;
  m.event = event;
  m.levels = levels;
  m.price = price;
  m.delta = delta;
  m.useYesPrice = useYesPrice;
  m.own = own;
  const json = deltaJson(
    event.ticker,
    idOf(exchange, event.ticker),
    levels,
    price,
    delta,
    useYesPrice,
    exchange.now(),
    own ? event.order : undefined,
  );
  m.shared = new SharedText(`${json}}`);
  return m.shared;
}
