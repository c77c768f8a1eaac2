// @org/kalshi-client/ws: real-time helpers. The order book is here today; the WebSocket stream client follows.
export {
  type BookSide,
  type Level,
  OrderBook,
  type OrderBookDelta,
  type OrderBookOptions,
  type OrderBookSnapshot,
} from './order-book';
