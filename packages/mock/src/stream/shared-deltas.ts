// What every connection computes the same way for one order-book event, computed once: the levels the event's
// order touched with their sizes, and each delta's JSON. Every session handles an event before the next is emitted,
// so one slot per memo is enough.
import { OrderBook } from '../exchange/book';
import type { ExchangeEvent } from '../exchange/events';
import type { Exchange } from '../exchange/exchange';
import { deltaJson, idOf, type Levels } from './messages';

export type BookEvent = Extract<ExchangeEvent, { type: 'book' }>;
export interface LevelSize {
  readonly levels: Levels;
  readonly price: number;
  /** Size resting at the level now. */
  readonly size: number;
}

/**
 * The levels an order event touched (its level, and its level before an amend) with their sizes, computed once per
 * event however many connections it reaches: every session handles an event before the next is emitted.
 */
let touchedMemo: { event: BookEvent | undefined; levels: LevelSize[] } = { event: undefined, levels: [] };
export function levelsTouched(exchange: Exchange, event: BookEvent): LevelSize[] {
  if (touchedMemo.event === event) return touchedMemo.levels;
  const { order, previousPrice, ticker } = event;
  const book = exchange.books.get(ticker);
  const levels: LevelSize[] = [];
  if (order) {
    const at = OrderBook.restingAt(order);
    levels.push({ ...at, size: book?.depth(at.levels, at.price) ?? 0 });
    if (previousPrice !== undefined && previousPrice !== order.price) {
      const before = OrderBook.restingAt({ side: order.side, price: previousPrice });
      levels.push({ ...before, size: book?.depth(before.levels, before.price) ?? 0 });
    }
  }
  touchedMemo = { event, levels };
  return levels;
}

/**
 * The end of a message every connection sends alike, from its `msg` on: the msg's JSON and the message's closing
 * brace. `ascii` (checked once) lets a transport writing bytes copy it as Latin-1, without UTF-8 encoding.
 */
export class SharedText {
  readonly ascii: boolean;
  constructor(readonly text: string) {
    this.ascii = !/[\u0080-\uffff]/.test(text);
  }
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
