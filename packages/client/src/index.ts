// Evaluated first, so that bundlers place modules in client.ts's order of imports (the order helpers after the transport
// they call, not first as batch-orders.ts's imports would have them): 100 B less of issue #17's bundle in gzip.
import './client';

export {
  type BatchCancelResult,
  type BatchPlaceResult,
  type CancelOrdersInput,
  cancelOrders,
  type PlaceOrdersItem,
  placeOrders,
} from './batch-orders';
export type { CallOptions, KalshiFetchClient, KalshiMethod, KalshiMethods, KalshiResult } from './call-options';
export {
  createKalshiClient,
  DEFAULT_USER_AGENT,
  type KalshiClient,
  type KalshiClientOptions,
  type KalshiHelpers,
} from './client';
export type { AccessTokenCredentials, CredentialsOption } from './credentials';
export { baseUrlFor, type Environment } from './environments';
export {
  errorFromResponse,
  isErrorBody,
  KalshiAbortError,
  KalshiApiError,
  KalshiAuthenticationError,
  KalshiBadRequestError,
  KalshiConflictError,
  KalshiConnectionError,
  KalshiCredentialsError,
  KalshiError,
  type KalshiErrorBody,
  KalshiGoneError,
  KalshiInvalidResponseError,
  KalshiMissingCredentialsError,
  KalshiNotFoundError,
  KalshiPaginationError,
  KalshiPermissionDeniedError,
  KalshiRateLimitError,
  KalshiServerError,
  KalshiStreamClosedError,
  KalshiTimeoutError,
  KalshiUnconfirmedWriteError,
  KalshiValidationError,
  parseErrorBody,
} from './errors';
export { type FindOrderInput, findOrder } from './find-order';
export {
  findOperation,
  type OperationId,
  type OperationInfo,
  operations,
  type RetryPolicy,
  servers,
  specVersion,
} from './generated/manifest';
export type { components, operations as operationTypes, paths } from './generated/openapi';
export { KalshiMockNotListeningError } from './mock-guard';
export * from './money';
export type {
  AttemptEvent,
  KalshiLogger,
  LogLevel,
  ObserveOptions,
  RateLimitWaitEvent,
  RetryEvent,
} from './observe';
export type { OrderAction, OrderSide, OrderTerms } from './order-terms';
export {
  type AmendedOrder,
  type AmendOrderInput,
  amendOrder,
  type CanceledOrder,
  type CancelOrderInput,
  cancelOrder,
  type DecreasedOrder,
  type DecreaseOrderInput,
  decreaseOrder,
  type LimitPrice,
  type OrderOrId,
  type OrderRef,
  type PlacedOrder,
  type PlaceOrderInput,
  placeOrder,
  toCreateOrderRequest,
} from './orders';
export { type PageItem, type PaginatedPath, type PaginateInit, type Paginator, paginate } from './paginate';
export { ClientRateLimiter, type RateLimitOption, type RateLimitPermit } from './rate-limiter';
export { attemptsOf, type RetryOptions, retryAfterMs } from './transport';
export { unwrap } from './unwrap';
