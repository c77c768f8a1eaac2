// Exchange-wide pauses (kalshi-api-notes §5.16, §5.11; spec ExchangeStatus): a trading pause (Kalshi's weekly
// maintenance) refuses new orders and amends (and RFQ / block-trade writes) but lets cancels and decreases through;
// an exchange pause refuses every order write, and every other state change (every operation but a GET: pauseRule).
// The notes are silent on decrease: it only removes resting size, as the cancel it generalises does (§5.10), so it
// goes where cancels go. Either one cancels the resting orders placed with `cancel_order_on_pause` ("canceled if the
// order is open and trading on the exchange is paused for any reason", spec CreateOrderV2Request).
import { ControlInputError } from '../shared/control-schema';
import { ExchangeError } from './errors';
import { quoted } from './market-input';
import type { ExchangeModel } from './model';
import { cancelRemainder } from './resting';
import { MAX_TIMESTAMP_MS } from './timestamps';

/** `trading`: no place or amend (cancels and decreases work); `exchange`: no order write at all. */
export type PauseKind = 'trading' | 'exchange';

/** What `exchange.pause` takes. */
export interface PauseOptions {
  /** `trading`: no place or amend; `exchange`: no order write at all. */
  readonly kind: PauseKind;
  /**
   * The estimated end, shown as `exchange_estimated_resume_time` and as a `/exchange/schedule` maintenance window.
   * An estimate, as Kalshi's is: the pause lasts until `resume()`.
   */
  readonly resumeAt?: Date | number;
}

/** PauseOptions' keys: another (`resume_at`) would be dropped and the pause shown without its estimated end. */
export const PAUSE_OPTIONS = { kind: 1, resumeAt: 1 } as const satisfies Record<keyof PauseOptions, 1>;

/** The pause in force, in exchange units (ms on the exchange clock). */
export interface PauseState {
  /** `trading`: no place or amend; `exchange`: no order write at all. */
  readonly kind: PauseKind;
  /** When it started, ms on the exchange clock. */
  readonly since: number;
  /** The estimated end, ms on the exchange clock; absent when none was given. */
  readonly resumeAt?: number;
}

/** Starts a pause (or replaces the one in force) and cancels the resting orders flagged `cancel_order_on_pause`. */
export function pause(model: ExchangeModel, options: PauseOptions): PauseState {
  if (options?.kind !== 'trading' && options?.kind !== 'exchange')
    throw new ControlInputError('kind', `must be trading or exchange, not ${quoted(options?.kind)}`);
  const resumeAt = options.resumeAt === undefined ? undefined : resumeTime(options.resumeAt);
  model.paused = { kind: options.kind, since: model.now(), ...(resumeAt === undefined ? {} : { resumeAt }) };
  for (const order of model.orders.values())
    if (order.status === 'resting' && order.cancelOnPause) cancelRemainder(model, order, 'HaltCancel');
  return model.paused;
}

/** Ends the pause in force, if any. Orders canceled when it started stay canceled. */
export function resume(model: ExchangeModel): void {
  model.paused = undefined;
}

/**
 * Which pause refuses an operation, decided here for every operation of the spec and applied once, in the request
 * pipeline (http/handlers.ts), after authentication and input checks and before the route looks anything up:
 * - `trading`: refused in both pauses. The trading pause's list is explicit: placing and amending (notes §5.16: "no
 *   place/amend"), and the RFQ / block-trade writes that create or execute a trade (an RFQ execution places orders,
 *   Kalshi's RFQ guide).
 * - `exchange`: refused in an exchange pause only, which takes "no state changes at all" (spec
 *   ExchangeStatus.exchange_active; notes §5.16 "exchange pause blocks everything"; §5.11 cancels included): every
 *   operation but a GET (the notes name no write it lets through), an operation the spec adds included
 *   (test/pauses/every-operation.test.ts walks the spec).
 * - `none`: refused by neither (reads).
 */
export type PauseRule = 'trading' | 'exchange' | 'none';

const REFUSED_IN_TRADING_PAUSE: ReadonlySet<string> = new Set([
  'CreateOrderV2',
  'BatchCreateOrdersV2',
  'AmendOrderV2',
  'CreateRFQ',
  'CreateQuote',
  'AcceptQuote',
  'AcceptRFQQuote',
  'ConfirmQuote',
  'ConfirmRFQQuote',
  'ProposeBlockTrade',
  'AcceptBlockTradeProposal',
]);

/**
 * Batches answer per item (201, an error on each refused item, as for any refusal of an item): the pipeline lets them
 * in and each item meets its single operation's rule (CreateOrderV2, CancelOrderV2) in the exchange's own order
 * writes (assertOrderWriteAllowed).
 */
const PER_ITEM: ReadonlySet<string> = new Set(['BatchCreateOrdersV2', 'BatchCancelOrdersV2']);

/** The rule for one operation of the spec (its operationId and method). */
export function pauseRule(op: { readonly operationId: string; readonly method: string }): PauseRule {
  if (op.method === 'get') return 'none';
  if (REFUSED_IN_TRADING_PAUSE.has(op.operationId)) return 'trading';
  return 'exchange';
}

/**
 * The pipeline's one pause check: refuses the operation if the pause in force refuses it. A batch is checked per item
 * (PER_ITEM), by the exchange's order writes.
 */
export function assertOperationAllowed(
  model: ExchangeModel,
  op: { readonly operationId: string; readonly method: string },
): void {
  if (PER_ITEM.has(op.operationId)) return;
  refuseIfPaused(model, pauseRule(op));
}

/**
 * The exchange's own order writes (the API's and the activity generator's, and each item of a batch): the rule of
 * the single operation they perform, so that a programmatic call meets the same pause as a request.
 */
export function assertOrderWriteAllowed(
  model: ExchangeModel,
  operationId: 'CreateOrderV2' | 'AmendOrderV2' | 'DecreaseOrderV2' | 'CancelOrderV2' | 'CancelAllOrders',
): void {
  refuseIfPaused(model, pauseRule({ operationId, method: 'post' }));
}

function refuseIfPaused(model: ExchangeModel, rule: PauseRule): void {
  const kind = model.paused?.kind;
  if (kind && (rule === 'trading' || (rule === 'exchange' && kind === 'exchange'))) throw pausedError(kind);
}

/**
 * Kalshi's answer during a pause, as third parties recorded it (the notes are silent): a 409 whose code names the
 * pause. A trading bot's journal, quoted verbatim in its venue-error module, has 335 places on a halted market refused
 * `409 {"error":{"code":"trading_is_paused","message":"trading is paused"}}` (2026-07-30); an execution ledger frees
 * for retry the orders refused "409 `exchange_is_paused` / `trading_is_paused`" (measured 2026-08-27); a demo run was
 * refused with `exchange_is_paused`, "exchange is paused". The recorded body carries no `service` and no `details`.
 * A 4xx: clients do not retry it as transient (a pause lasts hours).
 */
function pausedError(kind: PauseKind): Error {
  const code = kind === 'trading' ? 'trading_is_paused' : 'exchange_is_paused';
  return new ExchangeError(409, { error: { code, message: code.replace(/_is_/, ' is ') } });
}

function resumeTime(at: Date | number): number {
  const ms = at instanceof Date ? at.getTime() : at;
  if (!Number.isSafeInteger(ms) || ms < 0 || ms > MAX_TIMESTAMP_MS)
    throw new ControlInputError(
      'resumeAt',
      `must be a time between 1970 and 9999 (a Date or Unix ms), got ${quoted(at)}`,
    );
  return ms;
}
