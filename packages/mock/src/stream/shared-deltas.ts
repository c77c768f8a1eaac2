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

/**
 * A book's level sizes kept up to date event by event, and each resting order's count in them as of its last event
 * (a Map: a WeakMap's ephemerons cost every garbage collection; an order leaves the map when it stops resting).
 * Where an order rests follows from the event: its side, and its price before an amend (`previousPrice`).
 */
interface Depths {
  readonly sizes: Record<Levels, Map<number, number>>;
  readonly counts: Map<OrderState, number>;
}
const depthsOf = new WeakMap<OrderBook, Depths>();

/**
 * Forgets a book's kept sizes: the next event reads them from the book again. Sessions call it when they take a
 * snapshot (events may have gone unseen while nobody subscribed).
 */
export function forgetDepths(book: OrderBook | undefined): void {
  if (book) depthsOf.delete(book);
}

/** Sizes and counts read from the book: every queued order's remaining count (0 once executed). */
function readDepths(book: OrderBook): Depths {
  const depths: Depths = { sizes: { yes: new Map(), no: new Map() }, counts: new Map() };
  for (const levels of ['yes', 'no'] as const)
    for (const [price, queue] of book[levels]) {
      let size = 0;
      for (const order of queue)
        if (order.status === 'resting') {
          depths.counts.set(order, order.remainingCount);
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
 * so sizes are kept per book instead: an event moves its order's count from where it was to where it is. The engine
 * follows every change to a resting order's count or price with that order's `book` event, and while any
 * connection follows the market, every such event passes here.
 */
let touchedMemo: { event: BookEvent | undefined; levels: LevelSize[] } = { event: undefined, levels: [] };
export function levelsTouched(exchange: Exchange, event: BookEvent): LevelSize[] {
  if (touchedMemo.event === event) return touchedMemo.levels;
  const { order, previousPrice, ticker } = event;
  const book = exchange.books.get(ticker);
  const levels: LevelSize[] = [];
  if (book) {
    const at = OrderBook.restingAt(order);
    const before =
      previousPrice !== undefined && previousPrice !== order.price
        ? OrderBook.restingAt({ side: order.side, price: previousPrice })
        : undefined;
    let depths = depthsOf.get(book);
    if (!depths) {
      // Read from the book now, this event included.
      depths = readDepths(book);
      depthsOf.set(book, depths);
    } else {
      const { counts, sizes } = depths;
      const was = counts.get(order) ?? 0;
      const from = before ?? at;
      if (was !== 0) addSize(sizes[from.levels], from.price, -was);
      // Canceled and executed orders hold nothing and never change again.
      const count = order.status === 'resting' ? order.remainingCount : 0;
      if (count !== 0) {
        counts.set(order, count);
        addSize(sizes[at.levels], at.price, count);
      } else if (was !== 0) counts.delete(order);
    }
    levels.push({ levels: at.levels, price: at.price, size: depths.sizes[at.levels].get(at.price) ?? 0 });
    if (before)
      levels.push({
        levels: before.levels,
        price: before.price,
        size: depths.sizes[before.levels].get(before.price) ?? 0,
      });
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
  /** Frames encoded with it so far (a transport encodes `bytes` once it is used a second time). */
  uses = 0;
  /** `ascii` when the caller knows (testing the whole text costs more than building it). */
  constructor(
    readonly text: string,
    ascii?: boolean,
  ) {
    this.ascii = ascii ?? isAscii(text);
  }
}

function isAscii(text: string): boolean {
  return !/[\u0080-\uffff]/.test(text);
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
  const id = idOf(exchange, event.ticker);
  const json = deltaJson(
    event.ticker,
    id,
    levels,
    price,
    delta,
    useYesPrice,
    exchange.now(),
    own ? event.order : undefined,
  );
  // Besides the ticker, market id and client order id, a delta's JSON is numbers and names: ASCII.
  const ascii = isAscii(event.ticker) && isAscii(id) && (!own || isAscii(event.order.clientOrderId));
  m.shared = new SharedText(`${json}}`, ascii);
  return m.shared;
}
