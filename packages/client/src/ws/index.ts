// @org/kalshi-client/ws: real-time helpers. Typed messages (from Kalshi's AsyncAPI spec) and the order book today;
// the WebSocket stream client follows.
export {
  allChannels,
  asyncApiVersion,
  type Channel,
  type Command,
  channels,
  type ErrorCode,
  errorCodes,
  type Schemas as StreamSchemas,
  type ServerMessage,
  type ServerMessageType,
} from '../generated/asyncapi';
export {
  type BookSide,
  type Level,
  OrderBook,
  type OrderBookDelta,
  type OrderBookOptions,
  type OrderBookSnapshot,
} from './order-book';
export {
  createKalshiStream,
  type KalshiStream,
  KalshiStreamError,
  STREAM_URLS,
  type StreamOptions,
  type StreamSocket,
  type StreamSocketConstructor,
  type SubscribeParams,
  type Subscription,
} from './stream';
