// Orders in the form people think in (buy/sell × YES/NO at a price), mapped exactly onto Kalshi's V2 book, which
// quotes the YES leg only (kalshi-api-notes §5.2, §5.4):
//
//   | you want            | V2 `side` | V2 `price` (YES leg) |
//   |---------------------|-----------|----------------------|
//   | buy  YES at p       | bid       | p                    |
//   | sell YES at p       | ask       | p                    |
//   | buy  NO  at p       | ask       | 1 − p                |
//   | sell NO  at p       | bid       | 1 − p                |
//
// `p` is the price of the contract you trade, in dollars ("0.40") or integer cents (40).
import { kindOf } from '@org/kalshi-auth';
import {
  CALL_TERMS,
  type CallOptions,
  checkedArity,
  checkedObject,
  checkedTerms,
  type KalshiFetchClient,
  readCall,
  shown,
  type Terms,
  writeCall,
} from './call-options';
import { KalshiAbortError, type KalshiApiError, KalshiUnconfirmedWriteError, KalshiValidationError } from './errors';
import { DOLLAR_UNITS, FixedPointError, formatCount, parseCount, parseDollars } from './generated/fixed-point';
import type { components } from './generated/openapi';
import { OBSERVER, type Observer } from './observe';
import {
  checkAction,
  checkSide,
  didYouMean,
  type OrderAction,
  type OrderSide,
  type OrderTerms,
  orderTerms,
} from './order-terms';
import {
  answered,
  failureOf,
  findByClientOrderIds,
  mayHaveActed,
  type Order,
  readBackFailed,
  readingBack,
  readOrderIfFound,
  readUntil,
  refusedAs,
  SETTLE_MS,
  send,
  succeeded,
  withoutFields,
} from './read-back';
import { type OrderRefs, orderNames } from './sent-orders';
import { CLOSED, type Closing, mergedRetry, RETRY, type RetryOptions } from './transport';
import { unwrap } from './unwrap';

type Schemas = components['schemas'];
export type TimeInForce = Schemas['CreateOrderV2Request']['time_in_force'];
export type SelfTradePrevention = Schemas['CreateOrderV2Request']['self_trade_prevention_type'];

/** An order as people think of it: buy or sell, YES or NO, at the traded contract's price. */
export type PlaceOrderInput = PlaceOrderTerms & LimitPrice;

/**
 * The limit price of the traded contract: `price` in dollars, 2–4 decimals ("0.40"), or `priceCents`, integer cents
 * (40); exactly one.
 */
export type LimitPrice =
  | {
      /** Dollars, 2–4 decimals ("0.40"). */
      readonly price: string;
      /** Not with `price`. */
      readonly priceCents?: undefined;
    }
  | {
      /** Integer cents (40). */
      readonly priceCents: number;
      /** Not with `priceCents`. */
      readonly price?: undefined;
    };

/** placeOrder's input but its limit price. */
export interface PlaceOrderTerms extends CallOptions {
  readonly ticker: string;
  readonly action: 'buy' | 'sell';
  readonly side: 'yes' | 'no';
  /** Contracts: a number or string with at most 2 decimals, above 0. */
  readonly count: number | string;
  /** Default `good_till_canceled`. */
  readonly timeInForce?: TimeInForce | undefined;
  /** Default `taker_at_cross`. */
  readonly selfTradePrevention?: SelfTradePrevention | undefined;
  /** Generated (UUID) when absent; it makes retries safe and the call exactly-once. */
  readonly clientOrderId?: string | undefined;
  readonly postOnly?: boolean | undefined;
  /** Only with `immediate_or_cancel` (Kalshi rejects it otherwise). */
  readonly reduceOnly?: boolean | undefined;
  /** Good-till-time expiry, a Date or whole Unix seconds (with `good_till_canceled` only). */
  readonly expiresAt?: Date | number | undefined;
  /** Cancel the order if trading on the exchange is paused (Kalshi's `cancel_order_on_pause`). */
  readonly cancelOnPause?: boolean | undefined;
  readonly subaccount?: number | undefined;
  readonly orderGroupId?: string | undefined;
}

/**
 * The order a helper acts on: what placeOrder or amendOrder returned, or an `Order` read from the exchange (which
 * states its side as the contract it buys, `outcome_side`, on its `book_side`).
 */
export interface OrderRef {
  /** The order's id. */
  readonly order_id: string;
  /** The market's ticker. */
  readonly ticker?: string | undefined;
  /** `buy` or `sell`, in placeOrder's terms. */
  readonly action?: string | undefined;
  /** `yes` or `no`, in placeOrder's terms: the contract traded. */
  readonly side?: string | undefined;
  /** The V2 book side: `bid` = buy YES or sell NO; `ask` = sell YES or buy NO. */
  readonly book_side?: 'bid' | 'ask' | undefined;
  /** The contract the order buys, as an Order read from the exchange states it. */
  readonly outcome_side?: 'yes' | 'no' | undefined;
  /** The subaccount placeOrder put the order in, when known. */
  readonly subaccount?: number | undefined;
  /** The subaccount of an Order read from the exchange. */
  readonly subaccount_number?: number | null | undefined;
}

/**
 * The order a helper acts on, or its id; `subaccount` when the order is not in the primary account and `order` does
 * not say (Kalshi's order writes act in `?subaccount=`, 0 when absent).
 */
export type OrderOrId = (
  | {
      /** The order: what placeOrder or amendOrder returned, or an Order read from the exchange. */
      readonly order: OrderRef;
      /** The order's id, when given with `order`. */
      readonly orderId?: string | undefined;
    }
  | {
      /** Not with `orderId` alone. */
      readonly order?: undefined;
      /** The order's id. */
      readonly orderId: string;
    }
) & {
  /** The order's subaccount (0: the primary account), when `order` does not say. */
  readonly subaccount?: number | undefined;
};

/** The terms placeOrder and amendOrder both take: the order's market, side, size, limit price and expiry. */
const LIMIT_TERMS = { ticker: 1, action: 1, side: 1, count: 1, price: 1, priceCents: 1, expiresAt: 1 } as const;
/** The options of placeOrder (each of placeOrders' orders too, but the call options). */
export const PLACE_TERMS = {
  ...CALL_TERMS,
  ...LIMIT_TERMS,
  timeInForce: 1,
  selfTradePrevention: 1,
  clientOrderId: 1,
  postOnly: 1,
  reduceOnly: 1,
  cancelOnPause: 1,
  subaccount: 1,
  orderGroupId: 1,
} as const satisfies Record<keyof PlaceOrderInput, 1>;
/** The options of a write to one order (cancelOrder's, and the start of amendOrder's and decreaseOrder's). */
const ORDER_TERMS = { ...CALL_TERMS, order: 1, orderId: 1, subaccount: 1 } as const satisfies Record<
  keyof CancelOrderInput,
  1
>;
const AMEND_TERMS = { ...ORDER_TERMS, ...LIMIT_TERMS, updatedClientOrderId: 1 } as const satisfies Record<
  keyof AmendOrderInput,
  1
>;
const DECREASE_TERMS = { ...ORDER_TERMS, reduceBy: 1, reduceTo: 1 } as const satisfies Record<
  keyof DecreaseOrderInput,
  1
>;
/**
 * Kalshi's wire names (CreateOrderV2Request, the legacy create) a migrant may type, which differ from the helpers'
 * beyond case and `_`. Not the legacy `yes_price`/`no_price`: the helpers' `price` is that of the side traded, so
 * either could be the wrong one to suggest (a NO order's `yes_price_dollars` is not its `price`).
 */
const WIRE_NAMES: Readonly<Record<string, string>> = {
  self_trade_prevention_type: 'selfTradePrevention',
  cancel_order_on_pause: 'cancelOnPause',
  expiration_time: 'expiresAt',
  expiration_ts: 'expiresAt',
  count_fp: 'count',
};

/** The order id of `{ order }` or `{ orderId }` (exactly one, or both naming the same order). */
export function orderIdOf(input: { readonly order?: OrderRef; readonly orderId?: string }): string {
  const id = checkedObject('input', input).order?.order_id ?? input.orderId;
  if (!id || typeof id !== 'string')
    throw new KalshiValidationError('order', 'give the order (what placeOrder returned, or an Order) or its orderId');
  if (input.order && input.orderId !== undefined && input.orderId !== id)
    throw new KalshiValidationError('orderId', `${input.orderId} is not the order given (${id})`);
  return id;
}

/**
 * The subaccount of the order a write acts on: given, or the order's own. Order writes default to the primary account
 * (spec SubaccountQueryDefaultPrimary), where an order of another subaccount is not found.
 */
export function subaccountOf(input: { readonly order?: OrderRef; readonly subaccount?: number }): number | undefined {
  const own = input.order?.subaccount ?? input.order?.subaccount_number ?? undefined;
  const given = checkSubaccount(input.subaccount);
  if (given !== undefined && own !== undefined && given !== own)
    throw new KalshiValidationError('subaccount', `${given} is not the subaccount of the order given (${own})`);
  return given ?? own;
}

/** Kalshi's subaccounts are numbered 0–63 (kalshi-api-notes §5.2). */
function checkSubaccount(given: number | undefined) {
  if (given !== undefined && !(Number.isInteger(given) && given >= 0 && given < 64))
    throw new KalshiValidationError('subaccount', `must be a whole number 0–63, got ${shown(given)}`);
  return given;
}

/** The path and `?subaccount=` of a write on one order. */
function orderParams(orderId: string, subaccount: number | undefined) {
  return { path: { order_id: orderId }, ...(subaccount ? { query: { subaccount } } : {}) };
}

/**
 * A placed order: the exchange's answer, and its terms in placeOrder's vocabulary and in the V2 book's. The answer's
 * fields are as Kalshi sent them, in V2's terms, which quote the YES leg (`average_fill_price`); `price` is the order's.
 */
export type PlacedOrder = Omit<Schemas['CreateOrderV2Response'], 'ts_ms'> &
  OrderTerms & {
    /** The client_order_id sent with the order (given, or a UUID generated here). */
    readonly client_order_id: string;
    /**
     * The subaccount the order is in (0: the primary account), as sent or read back (`subaccount_number`). Undefined
     * when placeOrder sent none and read nothing: the exchange then put the order in the key's own, the primary account or
     * the one a subaccount-restricted key is locked to (spec CreateOrderV2Request.subaccount), which its answer does
     * not name. The order helpers act there: they send it when present, else send none (the same account, for the
     * same key; through another key, give `subaccount`).
     */
    readonly subaccount?: number | undefined;
    /** The exchange's timestamp; absent on a recovered order (the order read back carries `last_update_time`). */
    readonly ts_ms?: number;
    /**
     * True when an attempt's answer was lost and the order was found placed by its client_order_id; then `order` is
     * the order as read back, and the counts are as of that read. Placed is not filled nor resting: an
     * immediate_or_cancel or fill_or_kill order found canceled with nothing filled reads `fill_count` and
     * `remaining_count` `'0.00'` (a fill-or-kill the book could not fill, which Kalshi answers 409
     * `fill_or_kill_insufficient_resting_volume`, reads so: no read tells that kill from a self-trade stop, which
     * Kalshi answers 201 with those counts).
     */
    readonly recovered: boolean;
    /** The order read back by its client_order_id (only when `recovered`). */
    readonly order?: Order;
  };

/** Maps the intuitive form onto a V2 create request, validating every field before any request. */
export function toCreateOrderRequest(input: PlaceOrderInput): Schemas['CreateOrderV2Request'] {
  checkedArity('toCreateOrderRequest(input)', arguments, 1);
  return prepareOrder(input).body;
}

/** The V2 create request and the order's terms. */
export function prepareOrder(
  input: PlaceOrderInput,
  what = 'placeOrder',
  allowed: Terms = PLACE_TERMS,
): {
  body: Schemas['CreateOrderV2Request'];
  terms: OrderTerms;
} {
  checkedTerms(what, input, allowed, WIRE_NAMES);
  if (!input.ticker || typeof input.ticker !== 'string') throw new KalshiValidationError('ticker', 'is required');
  checkAction(input.action);
  checkSide(input.side);
  const terms = orderTerms(input.ticker, input.action, input.side, limitPrice(input));
  const count = contracts(input.count);
  const tif = oneOf('timeInForce', input.timeInForce ?? 'good_till_canceled', TIME_IN_FORCE, TIME_IN_FORCE_ALIASES);
  const expiration = input.expiresAt === undefined ? undefined : expirationOf(input.expiresAt);
  if (expiration && tif !== 'good_till_canceled')
    throw new KalshiValidationError('expiresAt', `needs timeInForce good_till_canceled, got ${tif}`);
  const reduceOnly = flag('reduceOnly', 'reduce_only', input.reduceOnly);
  if (reduceOnly.reduce_only && tif !== 'immediate_or_cancel')
    throw new KalshiValidationError('reduceOnly', `needs timeInForce immediate_or_cancel, got ${tif}`);
  const body: Schemas['CreateOrderV2Request'] = {
    ticker: input.ticker,
    side: terms.book_side,
    price: terms.yes_price_dollars,
    count: formatCount(count),
    time_in_force: tif,
    self_trade_prevention_type: oneOf('selfTradePrevention', input.selfTradePrevention ?? 'taker_at_cross', STP),
    client_order_id: input.clientOrderId === undefined ? crypto.randomUUID() : id('clientOrderId', input.clientOrderId),
    ...flag('postOnly', 'post_only', input.postOnly),
    ...reduceOnly,
    ...flag('cancelOnPause', 'cancel_order_on_pause', input.cancelOnPause),
    ...(expiration !== undefined ? { expiration_time: expiration } : {}),
    ...(input.subaccount !== undefined ? { subaccount: checkSubaccount(input.subaccount) } : {}),
    ...(input.orderGroupId !== undefined ? { order_group_id: id('orderGroupId', input.orderGroupId) } : {}),
  };
  return { body, terms };
}

const TIME_IN_FORCE = ['good_till_canceled', 'immediate_or_cancel', 'fill_or_kill'] as const;
/**
 * The usual abbreviations of the time-in-force values (in any case: `GTC` too), and the British spelling: near misses,
 * refused naming them.
 */
const TIME_IN_FORCE_ALIASES = {
  gtc: 'good_till_canceled',
  good_till_cancelled: 'good_till_canceled',
  ioc: 'immediate_or_cancel',
  fok: 'fill_or_kill',
};
const STP = ['taker_at_cross', 'maker'] as const;

function oneOf<T extends string>(
  field: string,
  value: unknown,
  allowed: readonly T[],
  aliases: Record<string, string> = {},
): T {
  if (!allowed.includes(value as T))
    throw new KalshiValidationError(
      field,
      `must be one of ${allowed.join(', ')}, got ${shown(value)}${didYouMean(value, allowed, aliases)}`,
    );
  return value as T;
}

/** A non-empty string: Kalshi reads an empty client_order_id as none, so a retry could place the order twice. */
function id(field: string, value: unknown): string {
  if (typeof value !== 'string' || value === '')
    throw new KalshiValidationError(field, `must be a non-empty string, got ${shown(value)}`);
  return value;
}

function flag<K extends string>(field: string, key: K, value: unknown): { [P in K]?: boolean } {
  if (value !== undefined && typeof value !== 'boolean')
    throw new KalshiValidationError(field, `must be true or false, got ${shown(value)}`);
  return value === undefined ? {} : ({ [key]: value } as { [P in K]?: boolean });
}

/** Whole Unix seconds (Kalshi's `expiration_time`), from a Date or a number. */
function expirationOf(expiresAt: Date | number): number {
  const seconds = expiresAt instanceof Date ? Math.floor(expiresAt.getTime() / 1000) : expiresAt;
  // Unix seconds stay below 1e11 until the year 5138; a larger number is milliseconds.
  const why = !Number.isSafeInteger(seconds)
    ? 'is not a valid Date or whole Unix seconds'
    : seconds >= 1e11
      ? 'is ms: give whole Unix seconds, not ms'
      : seconds <= 0
        ? "is not above 0 (null removes an amend's expiry)"
        : '';
  if (why)
    throw new KalshiValidationError('expiresAt', `${expiresAt instanceof Date ? expiresAt : shown(expiresAt)} ${why}`);
  return seconds;
}

function limitPrice(input: { readonly price?: string; readonly priceCents?: number }): number {
  if ((input.price === undefined) === (input.priceCents === undefined))
    throw new KalshiValidationError('price', 'give exactly one of price (dollars, "0.40") or priceCents (40)');
  let micro: number;
  if (input.priceCents !== undefined) {
    if (!Number.isInteger(input.priceCents)) {
      // A string of digits printed bare reads as the whole number it was refused for.
      const given =
        typeof input.priceCents === 'number'
          ? `${input.priceCents} is not a whole number of cents`
          : `must be a whole number of cents such as 40, got ${kindOf(input.priceCents)}`;
      throw new KalshiValidationError('priceCents', `${given} (dollars go in price)`);
    }
    micro = input.priceCents * 10_000;
  } else {
    if (typeof input.price !== 'string')
      throw new KalshiValidationError('price', 'must be a dollar string such as "0.40"');
    micro = rethrow(() => parseDollars(input.price, 'price', 4));
  }
  if (micro <= 0 || micro >= DOLLAR_UNITS) {
    throw new KalshiValidationError(
      input.price !== undefined ? 'price' : 'priceCents',
      'must be above $0 and below $1 (0.01–0.99 on cent markets)',
    );
  }
  return micro;
}

/** Contracts above 0 (or ≥ 0 with `zero`), from the input `field`. */
function contracts(count: number | string, field = 'count', zero?: boolean): number {
  // String([1]) is "1": a list (or any object) would be read as its text.
  if (typeof count !== 'number' && typeof count !== 'string')
    throw new KalshiValidationError(field, `expected a number or a string of contracts, got ${kindOf(count)}`);
  const text = String(count);
  if (typeof count === 'number' && !Number.isFinite(count))
    throw new KalshiValidationError(field, `${count} is not a number`);
  const units = rethrow(() => parseCount(text, field));
  if (units < 0 || (units === 0 && !zero))
    throw new KalshiValidationError(field, `must be ${zero ? '0 or more' : 'above 0'}, got ${text}`);
  return units;
}

function rethrow<T>(fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (error instanceof FixedPointError)
      throw new KalshiValidationError(error.field, error.message.slice(error.field.length + 2));
    throw error;
  }
}

/**
 * Places an order exactly once. The request always carries a `client_order_id`, so the transport may retry it. When
 * an attempt's answer was lost (connection, timeout, 5xx) and the call then fails — typically a retry answered 409
 * `order_already_exists` — the order is looked up by its client_order_id, re-read for up to 2.5 s since reads lag
 * writes: found, it is returned with `recovered: true`; not found, KalshiUnconfirmedWriteError says what is known
 * (placed, per that 409; or maybe placed). Aborted by the caller's signal, the KalshiAbortError carries the
 * `clientOrderId` to look the order up by.
 */
export async function placeOrder(client: KalshiFetchClient, input: PlaceOrderInput): Promise<PlacedOrder> {
  checkedArity('placeOrder(client, input)', arguments, 2);
  const { body, terms } = prepareOrder(input);
  const clientOrderId = body.client_order_id as string;
  return namingOrder(client, { clientOrderId }, async () => {
    // A 2xx that does not describe our order, or not what it filled and left (the spec requires both), says nothing
    // of it, which may exist: looked up as lost.
    const outcome = answered(
      await send(() => client.POST('/portfolio/events/orders', { body, ...writeCall(input) })),
      'CreateOrderV2',
      (data) => notOurs(data, body) || withoutFields(data, 'CreateOrderV2'),
    );
    if (succeeded(outcome))
      return {
        ...unwrap(outcome.result),
        ...terms,
        client_order_id: clientOrderId,
        subaccount: body.subaccount,
        recovered: false,
      };
    // Our client_order_id already taken after an attempt that may have acted, or generated here: our order exists.
    const exists =
      refusedAs(outcome, 409, 'order_already_exists') && (mayHaveActed(outcome) || input.clientOrderId === undefined);
    // After a lost attempt, whatever refused a later one (a 409, a market that closed or paused in between), the
    // lost one may have placed the order.
    if (exists || mayHaveActed(outcome)) {
      const find = async () => (await findCreated(client, [body], 'CreateOrderV2', readCall(input))).get(clientOrderId);
      // A look-up that fails (or is answered with nonsense) leaves the create as unconfirmed as before: say so.
      const order = await readingBack(readUntil(find, Boolean, input.signal, client), 'CreateOrderV2', (error) => {
        throw unconfirmedCreate(clientOrderId, exists, error, 'CreateOrderV2', true);
      });
      if (order instanceof KalshiUnconfirmedWriteError) throw order;
      if (order) return recoveredOrder(order, terms, body.subaccount);
      throw unconfirmedCreate(clientOrderId, exists, failureOf(outcome), 'CreateOrderV2');
    }
    // Refused (a 409 `order_already_exists` for your own id, say) or never sent: named by the id to look it up by.
    throw Object.assign(failureOf(outcome), { clientOrderId });
  });
}

/**
 * Why a create's 2xx answer (or a batch's item) is no proof of the order `sent`: no order_id (the spec requires one;
 * "" is none), or another client_order_id or ticker than sent (another order); '' when it is.
 */
export function notOurs(
  answer: { [field: string]: unknown } | undefined,
  sent: Schemas['CreateOrderV2Request'],
): string {
  const { order_id, client_order_id = null, ticker = null } = answer ?? {};
  if (typeof order_id !== 'string' || !order_id) return 'without order_id';
  if (client_order_id !== null && client_order_id !== sent.client_order_id)
    return `naming client_order_id ${client_order_id}`;
  return ticker !== null && ticker !== sent.ticker ? `naming ticker ${ticker}` : '';
}

/**
 * Runs an order write, naming its order on a caller's abort, in its properties and its message (a log of
 * `err.message` keeps the id to reconcile by). The write's own call says whether it was sent (`mayHaveActed`, from the
 * transport); an abort anywhere else (reading back, sending again) comes after an attempt whose answer was lost, so
 * the write may have acted.
 */
export function namingOrder<T>(
  client: KalshiFetchClient,
  order: OrderRefs,
  write: () => Promise<T>,
  input?: OrderInput,
): Promise<T> {
  const named = naming(client, order, write, input);
  // In flight for the client's close() (a client of yours has none) until the helper has settled, run on the client
  // or standalone (`placeOrder(kalshi, …)`). The helpers `return namingOrder(…)` from an async function, whose promise
  // (the caller's) settles a job after this one: held a job longer, close() resolves after the caller saw the outcome.
  (client as { [CLOSED]?: Closing })[CLOSED]?.track(named.catch(() => {}));
  return named;
}

/** amendOrder's, decreaseOrder's or cancelOrder's input: the market of the order written to, where it says one. */
type OrderInput = { readonly ticker?: string | undefined; readonly order?: OrderRef | undefined };

async function naming<T>(client: KalshiFetchClient, order: OrderRefs, write: () => Promise<T>, input?: OrderInput) {
  try {
    return await write();
  } catch (error) {
    reportUnconfirmed(client, error);
    // Aborted, or your fetch resolved no Response after it may have sent the write (verifier V-D1): the order to look
    // up is named (the batch helpers name theirs, round 13 verifier V-D3).
    if (error instanceof KalshiAbortError || (error instanceof KalshiValidationError && error.mayHaveActed)) {
      const acted = error.mayHaveActed !== false;
      Object.assign(error, order, { mayHaveActed: acted });
      error.message += ` (${orderNames(order)}${acted ? '; it may have acted' : ''})`;
    }
    // The market too, where the input says it (an amend, a write given the order): an id alone does not say in a log
    // line which market the order was in.
    const ticker = input?.ticker ?? input?.order?.ticker;
    if (ticker && error instanceof Error) error.message += ` (market ${ticker})`;
    throw error;
  }
}

/**
 * Logs a write left unconfirmed (KalshiUnconfirmedWriteError) at `error` through the client's logger, if it has one
 * (createKalshiClient's `logger`/`logLevel`): its operation, `applied`, the order's id, and its cause's status and
 * code. Nothing else is logged (the error's `order` and `answer` stay on the error).
 */
export function reportUnconfirmed(client: KalshiFetchClient, error: unknown): void {
  if (!(error instanceof KalshiUnconfirmedWriteError)) return;
  const cause = error.cause as KalshiApiError | undefined;
  (client as { [OBSERVER]?: Observer })[OBSERVER]?.('unconfirmed', {
    operationId: error.operationId,
    applied: error.applied,
    orderId: error.orderId,
    clientOrderId: error.clientOrderId,
    status: cause?.status,
    code: cause?.code ?? cause?.name,
  });
}

/**
 * A create whose order the reads did not show (or, `readFailed`, that could not be read back: `cause` says why):
 * placed (`exists`, per a 409), or maybe (its answer was lost).
 */
export function unconfirmedCreate(
  clientOrderId: string,
  exists: boolean,
  cause: unknown,
  operationId: string,
  readFailed?: boolean,
) {
  const lead = exists ? '409 order_already_exists' : undefined;
  return new KalshiUnconfirmedWriteError(
    operationId,
    exists ? 'yes' : 'maybe',
    { clientOrderId, cause },
    readFailed ? readBackFailed(cause, lead) : lead && `${lead}, order not shown by order reads within 2.5 s`,
  );
}

/**
 * The orders of creates `sent`, looked up by client_order_id (findByClientOrderIds). One found with other terms (market,
 * side, YES price, count, subaccount; a reduce-only order's may be capped at the position, §5.7, so only a larger one
 * tells) is an older order holding the id (Kalshi never frees one, §5.6: the create placed nothing; round 14 B-D1) or
 * this one, amended since (round 14 verifier V-D1): no read tells which, so in its place a
 * KalshiUnconfirmedWriteError `'maybe'` carrying it.
 */
export async function findCreated(
  client: KalshiFetchClient,
  sent: readonly Schemas['CreateOrderV2Request'][],
  operationId: string,
  call: CallOptions,
): Promise<Map<string, Order | KalshiUnconfirmedWriteError>> {
  const wanted = sent.map((body) => ({ ticker: body.ticker, clientOrderId: body.client_order_id as string }));
  const found: Map<string, Order | KalshiUnconfirmedWriteError> = await findByClientOrderIds(client, wanted, call);
  for (const body of sent) {
    const clientOrderId = body.client_order_id as string;
    const order = found.get(clientOrderId) as Order | undefined;
    if (!order) continue;
    const count = countOf(order, 'initial_count_fp');
    const asked = parseCount(body.count as string, 'count');
    // The subaccount too, when both say one (the read's is optional; a create without one goes to the key's own).
    const own = order.subaccount_number;
    const same =
      order.ticker === body.ticker &&
      order.book_side === body.side &&
      yesPriceOf(order) === parseDollars(body.price, 'price', 6) &&
      (body.reduce_only ? count <= asked : count === asked) &&
      (own == null || body.subaccount === undefined || own === body.subaccount);
    if (!same)
      found.set(
        clientOrderId,
        new KalshiUnconfirmedWriteError(
          operationId,
          'maybe',
          { clientOrderId, order, cause: undefined },
          `order ${order.order_id} holds it with other terms (older, or this one amended)`,
        ),
      );
  }
  return found;
}

/** A count of an order read, checked as Kalshi's fixed-point counts are (its field named when it is not one). */
const countOf = (order: Order, field: 'initial_count_fp' | 'fill_count_fp' | 'remaining_count_fp') =>
  parseCount(order[field], field);

/** An order read's YES price in micro-dollars (6 decimals, as orders carry it). */
const yesPriceOf = (order: Order) => parseDollars(order.yes_price_dollars, 'yes_price_dollars', 6);

/**
 * A create's result from the order read back: only fields read, nothing made up, but the subaccount the create was
 * sent to (`subaccount`) when the read leaves out its optional `subaccount_number`.
 */
export function recoveredOrder(order: Order, terms: OrderTerms, subaccount: number | undefined): PlacedOrder {
  return {
    ...terms,
    ...fromOrder(order),
    fill_count: order.fill_count_fp,
    subaccount: order.subaccount_number ?? subaccount,
    recovered: true,
    order,
  };
}

/**
 * An amend in placeOrder's terms: the order (or its id with ticker, action and side) and its new price — of the
 * contract traded, as placed — and count. `{ order: placed, price: '0.34', count: 1 }` moves a NO bought at 0.35 to
 * 0.34 (the ask at YES 0.66). Unlike V2's `price` (always the YES price), it is the price of `side`: an ask read
 * from the exchange (buy NO ≡ sell YES) is amended only with `side` given, `'no'` or `'yes'`.
 */
export type AmendOrderInput = OrderOrId & AmendTerms;

/** `order`: what placeOrder or amendOrder returned, or an Order read from the exchange; or give `orderId`. */
export type AmendTerms = AmendOrderTerms & LimitPrice;

/** AmendTerms but the new limit price (`price` in dollars, "0.34", or `priceCents`, 34: of the contract traded). */
export interface AmendOrderTerms extends CallOptions {
  /** Taken from `order` when it has one. */
  readonly ticker?: string | undefined;
  /** As placed (`buy`/`sell`); taken from `order` when absent (or from `side` and the order's book side). */
  readonly action?: OrderAction | undefined;
  /**
   * As placed (`yes`/`no`); taken from `order` when absent, except for an ask read from the exchange (an `Order`
   * with `outcome_side: 'no'`): `price` is that of `side`, so give `'no'` (NO price) or `'yes'` (YES price, as V2).
   */
  readonly side?: OrderSide | undefined;
  /** New maximum fillable count: already filled + wanted remaining. */
  readonly count: number | string;
  readonly updatedClientOrderId?: string | undefined;
  /**
   * New good-till-time expiry, a Date or whole Unix seconds (Kalshi refuses a past one); `null` removes it (good till
   * canceled); absent keeps the order's. An expiry-only amend gives the order's price and count (it keeps its place).
   */
  readonly expiresAt?: Date | number | null | undefined;
}

/** Write helpers that read back send at most this many rounds (a round is one call and its own retries). */
const ROUNDS = 3;

/** Kalshi's answer to an amend, or the order read back when the answer was lost. */
export type AmendedOrder = Omit<Schemas['AmendOrderV2Response'], 'ts_ms'> &
  OrderTerms & {
    /** The subaccount the order is in (0: the primary account), when known: see PlacedOrder.subaccount. */
    readonly subaccount?: number | undefined;
    /** Absent on a recovered amend. */
    readonly ts_ms?: number;
    /** True when an attempt's answer was lost and the order was read back with the amend in effect (`order`). */
    readonly recovered: boolean;
    /** The order read back with the amend in effect (only when `recovered`). */
    readonly order?: Order;
    /** Kalshi's answer, when it described another order (see OtherOrderAnswer); then only `order_id` is from it. */
    readonly answer?: Schemas['AmendOrderV2Response'];
  };

/**
 * Amends an order. An amend is not repeated blindly (repeated after it took effect it could act again, or be refused
 * as a mismatch): when an answer is lost, the order is read back — the amend in effect, it is returned with
 * `recovered: true`; not in effect and still resting, the amend is sent again.
 */
export async function amendOrder(client: KalshiFetchClient, input: AmendOrderInput): Promise<AmendedOrder> {
  checkedArity('amendOrder(client, input)', arguments, 2);
  const orderId = orderIdOf(checkedTerms('amendOrder', input, AMEND_TERMS, WIRE_NAMES));
  const subaccount = subaccountOf(input);
  const terms = amendTerms(input, orderId);
  const price = parseDollars(terms.yes_price_dollars, 'price', 4);
  const count = contracts(input.count);
  // Spec AmendOrderV2Request.expiration_time: omitted keeps the expiry, 0 removes it.
  const expiration =
    input.expiresAt === undefined ? undefined : input.expiresAt === null ? 0 : expirationOf(input.expiresAt);
  const body = {
    ticker: terms.ticker,
    side: terms.book_side,
    price: terms.yes_price_dollars,
    count: formatCount(count),
    ...(input.updatedClientOrderId !== undefined
      ? { updated_client_order_id: id('updatedClientOrderId', input.updatedClientOrderId) }
      : {}),
    ...(expiration !== undefined ? { expiration_time: expiration } : {}),
  };
  // The count in effect: the initial size as an amend rewrites it, or filled plus remaining (the amend's `count`,
  // kalshi-api-notes §5.9), should the initial size stay the placed one (spec Order: "the initial size of the order").
  const inEffect = (order: Order) =>
    order.book_side === terms.book_side &&
    yesPriceOf(order) === price &&
    (countOf(order, 'initial_count_fp') === count ||
      countOf(order, 'fill_count_fp') + countOf(order, 'remaining_count_fp') === count) &&
    (!input.updatedClientOrderId || order.client_order_id === input.updatedClientOrderId) &&
    // An Order's expiration_time is RFC3339, absent (or null) without one.
    (expiration === undefined ||
      expiration === (order.expiration_time ? Math.floor(Date.parse(order.expiration_time) / 1000) : 0));
  const amended = await sendReadingBack(
    client,
    orderId,
    input,
    'AmendOrderV2',
    () =>
      client.POST('/portfolio/events/orders/{order_id}/amend', {
        params: orderParams(orderId, subaccount),
        body,
        ...writeCall(input),
      }),
    // In effect, even if it has traded since; else not resting any more, it cannot take effect.
    (order) => (inEffect(order) ? 'done' : order.status !== 'resting' ? 'failed' : 'again'),
  );
  return { ...amended, ...terms, subaccount };
}

/**
 * The amend's terms: action and side as given, else the order's (as placed, or the contract an Order buys); they
 * must map to the order's book side, since an amend cannot move an order to the other side of the book.
 */
function amendTerms(input: AmendOrderInput, orderId: string): OrderTerms {
  const ref = input.order;
  const ticker = input.ticker ?? ref?.ticker;
  if (!ticker || typeof ticker !== 'string')
    throw new KalshiValidationError('ticker', 'is required (or give the order, which carries it)');
  if (input.ticker !== undefined && ref?.ticker !== undefined && ref.ticker !== input.ticker)
    throw new KalshiValidationError('ticker', `${input.ticker} is not the ticker of order ${orderId} (${ref.ticker})`);
  let { action, side } = input as { action?: unknown; side?: unknown };
  // What placeOrder or amendOrder returned (no `outcome_side`) says the contract it trades: another side or action
  // (side: 'no' on a buy YES) would read the price on the other contract's scale, 1 − p on the same side of the book.
  if (ref?.outcome_side === undefined && ref?.action !== undefined && ref.side !== undefined) {
    for (const [field, given, placed] of [
      ['action', action, ref.action],
      ['side', side, ref.side],
    ] as const)
      if (given !== undefined && given !== placed)
        throw new KalshiValidationError(
          field,
          `order ${orderId} was placed as ${ref.action} ${ref.side}: amend it in those terms (price: the ${ref.side.toUpperCase()} price), or leave action and side out`,
        );
    action = ref.action;
    side = ref.side;
  }
  // An Order buys its `outcome_side`; its deprecated `action`/`side` (kalshi-api-notes §5.4) may say the same order
  // the other way (sell YES ≡ buy NO), so they are read only without it: what placeOrder and amendOrder return.
  if (action === undefined && side === undefined && ref) {
    // An ask read from the exchange buys NO, so `price` would be the NO price, where V2's `price` (the same name) is
    // the YES price: a migrant's YES price would move the ask to 1 − price and cross. The call says which it means.
    if (ref.outcome_side === 'no') {
      const yes = orderTerms(ticker, 'buy', 'no', limitPrice(input)).yes_price_dollars;
      throw new KalshiValidationError(
        'side',
        `order ${orderId} is an ask, so price is its NO price (the ask at YES ${yes}): give side: 'no' to confirm, or side: 'yes' (sell YES) for the YES price, as V2's price`,
      );
    }
    action = ref.outcome_side ? 'buy' : ref.action;
    side = ref.outcome_side ?? ref.side;
  }
  // A side alone names the action too, on the order's side of the book: an ask buys NO or sells YES, a bid the reverse.
  if (action === undefined && (side === 'yes' || side === 'no') && ref?.book_side)
    action = (side === 'yes') === (ref.book_side === 'bid') ? 'buy' : 'sell';
  if (side !== undefined) checkSide(side); // first: a V2 book side here earns the explanation of the terms
  if (action === undefined || side === undefined)
    throw new KalshiValidationError(
      action === undefined ? 'action' : 'side',
      'give action and side as placeOrder takes them (buy/sell, yes/no), or the order',
    );
  checkAction(action);
  checkSide(side);
  const terms = orderTerms(ticker, action, side, limitPrice(input));
  if (ref?.book_side !== undefined && ref.book_side !== terms.book_side)
    throw new KalshiValidationError(
      'side',
      `${action} ${side} is a ${terms.book_side}, but order ${orderId} is a ${ref.book_side}: an amend keeps the order's side`,
    );
  return terms;
}

/** The order (what placeOrder returned, or an Order) or its id, and exactly one of reduceBy / reduceTo (contracts). */
export type DecreaseOrderInput = OrderOrId &
  CallOptions &
  (
    | {
        /** Contracts to remove from the remaining count. */
        readonly reduceBy: number | string;
        /** Not with `reduceBy`. */
        readonly reduceTo?: undefined;
      }
    | {
        /** The remaining count to decrease to (0 cancels the order). */
        readonly reduceTo: number | string;
        /** Not with `reduceTo`. */
        readonly reduceBy?: undefined;
      }
  );

/** The order (what placeOrder returned, or an Order) or its id. */
export type CancelOrderInput = OrderOrId & CallOptions;

/** Kalshi's answer to a decrease, or the order read back when the answer was lost. */
export type DecreasedOrder = Omit<Schemas['DecreaseOrderV2Response'], 'ts_ms' | 'remaining_count'> & {
  /** Absent when the answer described another order (`answer`). */
  readonly remaining_count?: string;
  /** Absent on a recovered decrease. */
  readonly ts_ms?: number;
  /** True when an attempt's answer was lost and the order was read back decreased (`order`); never for `reduceBy`. */
  readonly recovered: boolean;
  /** The order read back decreased (only when `recovered`). */
  readonly order?: Order;
  /** Kalshi's answer, when it described another order (see OtherOrderAnswer); then only `order_id` is from it. */
  readonly answer?: Schemas['DecreaseOrderV2Response'];
};

/**
 * Decreases an order's remaining count. `reduceTo` is absolute: when an answer is lost the order is read back —
 * decreased to the target (or canceled by a decrease to 0), it is returned with `recovered: true`; not yet, it is sent
 * again. `reduceBy` is sent as Kalshi's `reduce_by` (kalshi-api-notes §5.10), so a fill or another decrease in
 * between cannot make it wrong; it is never sent twice (a repeat would reduce twice), and when its answer is lost,
 * KalshiUnconfirmedWriteError says it may have been applied (no read of the order can tell).
 */
export async function decreaseOrder(client: KalshiFetchClient, input: DecreaseOrderInput): Promise<DecreasedOrder> {
  checkedArity('decreaseOrder(client, input)', arguments, 2);
  const orderId = orderIdOf(checkedTerms('decreaseOrder', input, DECREASE_TERMS));
  const subaccount = subaccountOf(input);
  if ((input.reduceBy === undefined) === (input.reduceTo === undefined))
    throw new KalshiValidationError('reduceBy', 'give exactly one of reduceBy or reduceTo');
  const by = input.reduceBy === undefined ? undefined : formatCount(contracts(input.reduceBy, 'reduceBy'));
  // reduce_to ≥ 0 (kalshi-api-notes §5.10); 0 cancels.
  const target = by === undefined ? contracts(input.reduceTo as number | string, 'reduceTo', true) : 0;
  const call = () =>
    client.POST('/portfolio/events/orders/{order_id}/decrease', {
      params: orderParams(orderId, subaccount),
      body: by === undefined ? { reduce_to: formatCount(target) } : { reduce_by: by },
      ...writeCall(input),
    });
  if (by === undefined)
    return sendReadingBack(client, orderId, input, 'DecreaseOrderV2', call, (order) => {
      const remaining = countOf(order, 'remaining_count_fp');
      // A decrease to 0 cancels (§5.10), so an order executed (terminal, §5.5) was not decreased, as for a cancel; above 0,
      // the decrease may have acted before the rest filled.
      if (order.status !== 'resting') return target ? 'maybe' : order.status === 'canceled' ? 'done' : 'failed';
      // Fewer left than the target (or none resting): fills since, after the decrease or instead of it; no read tells
      // which (round 14 verifier V-D2).
      return remaining === target ? 'done' : remaining < target ? 'maybe' : 'again';
    });
  return namingOrder(
    client,
    { orderId },
    async () => {
      // The transport does not repeat a decrease whose attempt may have acted (its policy: never).
      const outcome = answered(await send(call), 'DecreaseOrderV2');
      if (succeeded(outcome)) return { ...ours(unwrap(outcome.result), orderId), recovered: false };
      if (!mayHaveActed(outcome)) throw failureOf(outcome);
      throw new KalshiUnconfirmedWriteError(
        'DecreaseOrderV2',
        'maybe',
        { orderId, cause: failureOf(outcome) },
        `answer lost; reduce_by ${by} not repeated (it would reduce twice)`,
      );
    },
    input,
  );
}

/**
 * Sends an absolute order write (amend, decrease to). When an attempt's answer is lost, the order is read back and
 * `verdict` decides: the write is in effect (`done`: returned with `recovered: true`), or it did not happen (`failed`:
 * the error is thrown), or it is not in effect yet (`again`), or the order read cannot tell (`maybe`:
 * KalshiUnconfirmedWriteError). Sending it again is harmless even if the lost attempt did act (the write is
 * absolute), so it is, at most ROUNDS rounds (one when the call's or the client's `retry` allows none); the last
 * round, or a refusal after a lost attempt, re-reads for up to 2.5 s instead (reads lag writes) before concluding. A
 * read shows the write in effect only from after its first attempt that may have acted (`after`).
 */
async function sendReadingBack<T extends { readonly order_id: string }>(
  client: KalshiFetchClient,
  orderId: string,
  options: CallOptions & OrderInput,
  operationId: 'AmendOrderV2' | 'DecreaseOrderV2',
  call: () => Promise<{ readonly data?: T; readonly error?: unknown; readonly response: Response }>,
  verdict: (order: Order) => 'done' | 'again' | 'failed' | 'maybe',
) {
  // One round when no retry is asked for: the call's `retry` over the client's, as the transport merges them.
  const retry = mergedRetry((client as { [RETRY]?: RetryOptions })[RETRY] ?? {}, options.retry);
  const rounds = retry.maxRetries === 0 ? 1 : ROUNDS;
  // When the first attempt that may have acted was sent (performance.now, as readUntil's clock), once one has.
  let sentAt: number | undefined;
  return namingOrder(
    client,
    { orderId },
    async () => {
      for (let round = 1; ; round++) {
        const sending = performance.now();
        // Failing while sending again, the write may still have acted in the round whose answer was lost: an abort
        // stays the caller's abort, saying so; any other failure (a signer's, say) leaves the write unconfirmed.
        const sent = await send(call).catch((error) => {
          if (sentAt === undefined) throw error;
          if (error instanceof KalshiAbortError) {
            error.mayHaveActed = true;
            throw error;
          }
          throw new KalshiUnconfirmedWriteError(
            operationId,
            'maybe',
            { orderId, cause: error },
            `answer lost; sending it again failed (${String(error)})`,
          );
        });
        const outcome = answered(sent, operationId);
        if (succeeded(outcome)) return { ...ours(unwrap(outcome.result), orderId), recovered: false };
        if (sentAt === undefined && mayHaveActed(outcome)) sentAt = sending;
        if (sentAt === undefined) throw failureOf(outcome);
        const since = sentAt;
        // A read may not show an order placed moments ago yet (reads lag writes): not found is "not yet". A read that
        // fails, or an order the verdict cannot judge (a number format it does not take), leaves it maybe applied.
        const read = () => {
          const readAt = performance.now();
          return readOrderIfFound(client, orderId, readCall(options)).then((order) => {
            const state = order ? verdict(order) : ('again' as const);
            return { order, state: state === 'done' && !after(since, readAt) ? 'again' : state };
          });
        };
        const back = <R>(reading: Promise<R>) =>
          readingBack(reading, operationId, (cause) => {
            throw new KalshiUnconfirmedWriteError(operationId, 'maybe', { orderId, cause }, readBackFailed(cause));
          });
        let seen = await back(read());
        if (seen.state === 'again' && mayHaveActed(outcome) && round < rounds) continue;
        if (seen.state === 'again')
          seen = await back(readUntil(read, (s) => s.state !== 'again', options.signal, client));
        const { order, state } = seen;
        if (order && state === 'done') return { ...fromOrder(order), recovered: true, order };
        // Not in effect yet after an earlier lost attempt: whatever refused this one (a 409 for the id that attempt
        // gave the order, a pause that began in between), that attempt may have acted, unread (outside round 14 B-D2).
        if (state === 'failed') throw failureOf(outcome);
        throw new KalshiUnconfirmedWriteError(
          operationId,
          'maybe',
          { orderId, order, cause: failureOf(outcome) },
          state === 'maybe' ? 'answer lost; the order read back cannot tell' : undefined,
        );
      }
    },
    options,
  );
}

/**
 * The order read shows the exchange after `sentAt` (when the first attempt that may have acted was sent): not a view
 * from before it. An amend's or a decrease-to's target is no final state (a cancel's is): the order may have been in it
 * before an earlier write the exchange did answer (an amend from 1¢ to 2¢, then back to 1¢ lost), and Kalshi's order
 * reads lag its writes by a few hundred ms (a GET showed `resting` 360 ms after a 200 cancel, kalshi-api-notes
 * §5.11), so a read can show that older state. A read is after `sentAt` when it was sent (`readAt`, our clock, as
 * `sentAt`) SETTLE_MS or more after it, past any lag. Not by the order's `last_update_time`: that is the exchange's
 * clock, and how far ours is from it is known only roughly — a skew Kalshi accepts (±5 s to ±10 s, §2.2) is never
 * refused, so never measured, and one measured from a 401's `Date` (whole seconds, §2.3) is up to half a second and
 * the answer's trip off — so an update moments before `sentAt` (the earlier amend's) could read as after it.
 */
function after(sentAt: number, readAt: number): boolean {
  return readAt - sentAt >= SETTLE_MS;
}

/** Kalshi's answer to a cancel, or the order read back when the answer was lost. */
export type CanceledOrder = Omit<Schemas['CancelOrderV2Response'], 'reduced_by' | 'ts_ms'> & {
  /** Absent on a recovered cancel: the count the lost attempt removed was not read. */
  readonly reduced_by?: string;
  /** The exchange's timestamp, in Unix milliseconds; absent on a recovered cancel. */
  readonly ts_ms?: number;
  /** True when an attempt's answer was lost and the order was read back canceled (`order`). */
  readonly recovered: boolean;
  /** The order read back canceled (only when `recovered`). */
  readonly order?: Order;
  /** Kalshi's answer, when it described another order (see OtherOrderAnswer); then only `order_id` is from it. */
  readonly answer?: Schemas['CancelOrderV2Response'];
};

/**
 * Cancels an order. A cancel repeated is harmless (404), so the transport retries it; when an answer was lost and
 * the call then fails (a repeat's 404 `not_found` or other refusal, or no answer), the order is read back until it
 * no longer rests (up to 2.5 s: reads lag writes): canceled, it is returned with `recovered: true`; executed, the
 * failure is thrown; still resting, KalshiUnconfirmedWriteError says the cancel may have been applied.
 */
export async function cancelOrder(client: KalshiFetchClient, input: CancelOrderInput): Promise<CanceledOrder> {
  checkedArity('cancelOrder(client, input)', arguments, 2);
  const orderId = orderIdOf(checkedTerms('cancelOrder', input, ORDER_TERMS));
  const subaccount = subaccountOf(input);
  return namingOrder(
    client,
    { orderId },
    async () => {
      const outcome = answered(
        await send(() =>
          client.DELETE('/portfolio/events/orders/{order_id}', {
            params: orderParams(orderId, subaccount),
            ...writeCall(input),
          }),
        ),
        'CancelOrderV2',
      );
      if (succeeded(outcome)) return { ...ours(unwrap(outcome.result), orderId), recovered: false };
      // After a lost attempt, whatever refused a later one (404, or a pause that began in between: round 14 B-D4), the
      // lost one may have canceled the order.
      if (mayHaveActed(outcome)) {
        const order = await readingBack(
          readUntil(() => readOrderIfFound(client, orderId, readCall(input)), noLongerRests, input.signal, client),
          'CancelOrderV2',
          (cause) => {
            throw unconfirmedCancel(orderId, undefined, cause, 'CancelOrderV2', readBackFailed(cause));
          },
        );
        // The ids only: CancelOrderV2Response has no remaining_count (the order read back carries remaining_count_fp).
        if (order?.status === 'canceled') return { ...idsOf(order), recovered: true, order };
        if (order?.status !== 'executed') throw unconfirmedCancel(orderId, order, failureOf(outcome), 'CancelOrderV2');
      }
      throw failureOf(outcome);
    },
    input,
  );
}

/** A cancel's outcome shows in a read: the order no longer rests. */
export const noLongerRests = (order: Order | undefined): boolean => order !== undefined && order.status !== 'resting';

/** A cancel whose answer was lost and whose order still reads resting (or not at all; or, `why`, could not be read). */
export const unconfirmedCancel = (
  orderId: string,
  order: Order | undefined,
  cause: unknown,
  operationId: string,
  why?: string,
) => new KalshiUnconfirmedWriteError(operationId, 'maybe', { orderId, order, cause }, why);

/**
 * OtherOrderAnswer: a write's answer as the order written to's. Kalshi's V2 amend and cancel answers occasionally
 * describe a different order, though the write acted on the order named (kalshi-api-notes §5.9; the notes are silent
 * on decrease, checked the same way): then none of its fields is this order's (a caller passing the result on would
 * act on the other order), so the result keeps the id written to and holds the answer apart, in `answer`.
 */
function ours<T extends { readonly order_id: string }>(answer: T, orderId: string) {
  return answer.order_id === orderId ? answer : { order_id: orderId, answer };
}

/** The ids every write's answer carries, from the order read back. */
function idsOf(order: Order) {
  return { order_id: order.order_id, client_order_id: order.client_order_id };
}

/** The fields of a write's answer that the order read back does carry. */
function fromOrder(order: Order) {
  return { ...idsOf(order), remaining_count: order.remaining_count_fp };
}
