export type { Activity, ActivityOptions } from './exchange/activity';
export { ONE_DOLLAR } from './exchange/book';
export {
  checkDataset,
  DATASET_FORMAT,
  DATASET_VERSION,
  DatasetError,
  type DatasetFile,
  datasetSchema,
} from './exchange/dataset-file';
export { type ErrorBody, ExchangeError } from './exchange/errors';
export type { ExchangeEvent, ExchangeListener } from './exchange/events';
export {
  DEFAULT_CASH,
  Exchange,
  type ExchangeOptions,
  HOUSE_USER,
  type NewOrder,
  type OrderResult,
  type PauseKind,
  type PauseOptions,
  type PauseState,
  TEST_USER_ID,
} from './exchange/exchange';
export type {
  AccountState,
  BookSide,
  EventState,
  FeeSchedule,
  FeeType,
  FillRecord,
  MarketState,
  MarketStatus,
  OrderState,
  PositionState,
  SeriesState,
  SettlementRecord,
  TradeRecord,
} from './exchange/types';
export type { RateLimitOption } from './http/rate-limit';
export type {
  AccountFilter,
  InspectedBalance,
  InspectedFill,
  InspectedOrder,
  InspectedPosition,
  MockInspector,
} from './inspect';
export { createKalshiMock, type KalshiMock, type KalshiMockOptions, type MockCredentials } from './mock';
export { ControlInputError } from './shared/control-schema';
export type {
  CommandFaultKind,
  FaultCommand,
  FaultKind,
  FaultOperation,
  FaultSpec,
  FaultStream,
  Faults,
  StaleReadOperation,
  StreamFaultKind,
} from './shared/faults';
export type { MockUser, MockUserOptions } from './users';
