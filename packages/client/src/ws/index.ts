// @org/kalshi-client/ws: real time. Typed messages (from Kalshi's AsyncAPI spec), the stream client and the order book.
export {
  allChannels,
  asyncApiVersion,
  type Channel,
  type ChannelMessages,
  type Command,
  channels,
  type ErrorCode,
  errorCodes,
  type Schemas as StreamSchemas,
  type ServerMessage,
  type ServerMessageType,
} from '../generated/asyncapi';
export { STREAM_URLS } from '../generated/stream-urls';
export {
  type BookSide,
  type Level,
  OrderBook,
  type OrderBookDelta,
  type OrderBookOptions,
  type OrderBookSnapshot,
  type OutcomeSide,
} from './order-book';
export {
  globalWebSocketWithHeaders,
  type StandardSocket,
  type StreamSocket,
  type StreamSocketConstructor,
} from './socket';
export { createKalshiStream, type KalshiStream, type StreamState } from './stream';
export { KalshiStreamError } from './stream-error';
export type { StreamGap, StreamGapReason, StreamMessage } from './stream-gap';
export type { StreamOptions } from './stream-options';
export type { SubscribeParams, Subscription, SubscriptionChange, SubscriptionMessage } from './subscription';
