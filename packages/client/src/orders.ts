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
import type { Client } from 'openapi-fetch';
import { KalshiValidationError } from './errors';
import {
  DOLLAR_UNITS,
  FixedPointError,
  formatCount,
  formatDollars,
  parseCount,
  parseDollars,
} from './generated/fixed-point';
import type { components, paths } from './generated/openapi';
import {
  failureOf,
  findByClientOrderIds,
  lostOr,
  mayHaveActed,
  type Order,
  readOrder,
  send,
  succeeded,
} from './read-back';
import { unwrap } from './unwrap';

type Schemas = components['schemas'];
export type TimeInForce = Schemas['CreateOrderV2Request']['time_in_force'];
export type SelfTradePrevention = Schemas['CreateOrderV2Request']['self_trade_prevention_type'];

/** An order as people think of it: buy or sell, YES or NO, at the traded contract's price. */
export interface PlaceOrderInput {
  readonly ticker: string;
  readonly action: 'buy' | 'sell';
  readonly side: 'yes' | 'no';
  /** Contracts: a number or string with at most 2 decimals, above 0. */
  readonly count: number | string;
  /** Limit price of the traded contract in dollars, 2–4 decimals ("0.40"). Give this or `priceCents`. */
  readonly price?: string;
  /** Limit price of the traded contract in integer cents (40). Give this or `price`. */
  readonly priceCents?: number;
  /** Default `good_till_canceled`. */
  readonly timeInForce?: TimeInForce;
  /** Default `taker_at_cross`. */
  readonly selfTradePrevention?: SelfTradePrevention;
  /** Generated (UUID) when absent; it makes retries safe and the call exactly-once. */
  readonly clientOrderId?: string;
  readonly postOnly?: boolean;
  readonly reduceOnly?: boolean;
  /** Good-till-time expiry (with `good_till_canceled`). */
  readonly expiresAt?: Date | number;
  readonly subaccount?: number;
  readonly orderGroupId?: string;
  readonly signal?: AbortSignal;
}

/** Kalshi's answer to a create, with the `client_order_id` sent and whether it was recovered. */
export type PlacedOrder = Omit<Schemas['CreateOrderV2Response'], 'ts_ms'> & {
  readonly client_order_id: string;
  /** The exchange's timestamp; absent on a recovered order (the order read back carries `last_update_time`). */
  readonly ts_ms?: number;
  /**
   * True when an attempt's answer was lost and the order was found placed by its client_order_id; then `order` is
   * the order as read back, and the counts are as of that read.
   */
  readonly recovered: boolean;
  readonly order?: Order;
};

type KalshiFetchClient = Client<paths>;

/** Maps the intuitive form onto a V2 create request, validating every field before any request. */
export function toCreateOrderRequest(input: PlaceOrderInput): Schemas['CreateOrderV2Request'] {
  if (!input.ticker || typeof input.ticker !== 'string') throw new KalshiValidationError('ticker', 'is required');
  if (input.action !== 'buy' && input.action !== 'sell')
    throw new KalshiValidationError('action', `must be "buy" or "sell", got ${JSON.stringify(input.action)}`);
  if (input.side !== 'yes' && input.side !== 'no')
    throw new KalshiValidationError('side', `must be "yes" or "no", got ${JSON.stringify(input.side)}`);
  const price = limitPrice(input);
  const count = contracts(input.count);
  const yesLeg = input.side === 'yes' ? price : DOLLAR_UNITS - price;
  const bid = (input.action === 'buy') === (input.side === 'yes');
  const expiration = input.expiresAt instanceof Date ? Math.floor(input.expiresAt.getTime() / 1000) : input.expiresAt;
  return {
    ticker: input.ticker,
    side: bid ? 'bid' : 'ask',
    price: formatDollars(yesLeg, 4),
    count: formatCount(count),
    time_in_force: input.timeInForce ?? 'good_till_canceled',
    self_trade_prevention_type: input.selfTradePrevention ?? 'taker_at_cross',
    client_order_id: input.clientOrderId ?? crypto.randomUUID(),
    ...(input.postOnly !== undefined ? { post_only: input.postOnly } : {}),
    ...(input.reduceOnly !== undefined ? { reduce_only: input.reduceOnly } : {}),
    ...(expiration !== undefined ? { expiration_time: expiration } : {}),
    ...(input.subaccount !== undefined ? { subaccount: input.subaccount } : {}),
    ...(input.orderGroupId !== undefined ? { order_group_id: input.orderGroupId } : {}),
  };
}

function limitPrice(input: PlaceOrderInput): number {
  if (input.price !== undefined && input.priceCents !== undefined) {
    throw new KalshiValidationError('price', 'give either price (dollars) or priceCents, not both');
  }
  let micro: number;
  if (input.priceCents !== undefined) {
    if (!Number.isInteger(input.priceCents)) {
      throw new KalshiValidationError(
        'priceCents',
        `${input.priceCents} is not a whole number of cents; give dollars as a string in price`,
      );
    }
    micro = input.priceCents * 10_000;
  } else if (input.price !== undefined) {
    if (typeof input.price !== 'string')
      throw new KalshiValidationError('price', 'must be a dollar string such as "0.40" (or use priceCents)');
    micro = rethrow(() => parseDollars(input.price, 'price', 4));
  } else {
    throw new KalshiValidationError('price', 'a limit price is required: price (dollars, "0.40") or priceCents (40)');
  }
  if (micro <= 0 || micro >= DOLLAR_UNITS) {
    throw new KalshiValidationError(
      input.price !== undefined ? 'price' : 'priceCents',
      'must be above $0 and below $1 (0.01–0.99 on cent markets)',
    );
  }
  return micro;
}

function contracts(count: number | string): number {
  const text = typeof count === 'number' ? String(count) : count;
  if (typeof count === 'number' && !Number.isFinite(count))
    throw new KalshiValidationError('count', `${count} is not a number`);
  const units = rethrow(() => parseCount(text, 'count'));
  if (units <= 0) throw new KalshiValidationError('count', `must be above 0, got ${text}`);
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
 * `order_already_exists` — the order is looked up by its client_order_id: found, it is returned with
 * `recovered: true`; not found, the call did not place it and the failure is thrown.
 */
export async function placeOrder(client: KalshiFetchClient, input: PlaceOrderInput): Promise<PlacedOrder> {
  const body = toCreateOrderRequest(input);
  const clientOrderId = body.client_order_id as string;
  const outcome = await send(() => client.POST('/portfolio/events/orders', { body, signal: input.signal }));
  if (succeeded(outcome)) return { ...unwrap(outcome.result), client_order_id: clientOrderId, recovered: false };
  if (mayHaveActed(outcome) && lostOr(outcome, 409, 'order_already_exists')) {
    const found = await findByClientOrderIds(client, [{ ticker: body.ticker, clientOrderId }], input.signal);
    const order = found.get(clientOrderId);
    if (order) return recoveredOrder(order);
  }
  throw failureOf(outcome);
}

/** A create's result from the order read back: only fields read, nothing made up. */
export function recoveredOrder(order: Order): PlacedOrder {
  return {
    order_id: order.order_id,
    client_order_id: order.client_order_id,
    fill_count: order.fill_count_fp,
    remaining_count: order.remaining_count_fp,
    recovered: true,
    order,
  };
}

/** An amend in Kalshi's V2 terms: the order, its book side and its new YES price and count. */
export interface AmendOrderInput {
  readonly orderId: string;
  readonly ticker: string;
  /** The order's V2 side (`bid`/`ask`), as returned on the order's `book_side`. */
  readonly side: 'bid' | 'ask';
  /** New YES-leg price in dollars. */
  readonly price: string;
  /** New maximum fillable count: already filled + wanted remaining. */
  readonly count: number | string;
  readonly updatedClientOrderId?: string;
  readonly signal?: AbortSignal;
}

/** Write helpers that read back send at most this many rounds (a round is one call and its own retries). */
const ROUNDS = 3;

/** Kalshi's answer to an amend, or the order read back when the answer was lost. */
export type AmendedOrder = Omit<Schemas['AmendOrderV2Response'], 'ts_ms'> & {
  /** Absent on a recovered amend. */
  readonly ts_ms?: number;
  /** True when an attempt's answer was lost and the order was read back with the amend in effect (`order`). */
  readonly recovered: boolean;
  readonly order?: Order;
};

/**
 * Amends an order. An amend is not repeated blindly (repeated after it took effect it could act again, or be refused
 * as a mismatch): when an answer is lost, the order is read back — the amend in effect, it is returned with
 * `recovered: true`; not in effect and still resting, the amend is sent again.
 */
export async function amendOrder(client: KalshiFetchClient, input: AmendOrderInput): Promise<AmendedOrder> {
  const price = rethrow(() => parseDollars(input.price, 'price', 4));
  if (price <= 0 || price >= DOLLAR_UNITS) throw new KalshiValidationError('price', 'must be above $0 and below $1');
  const count = contracts(input.count);
  const body = {
    ticker: input.ticker,
    side: input.side,
    price: formatDollars(price, 4),
    count: formatCount(count),
    ...(input.updatedClientOrderId ? { updated_client_order_id: input.updatedClientOrderId } : {}),
  };
  const inEffect = (order: Order) =>
    order.book_side === input.side &&
    parseDollars(order.yes_price_dollars, 'yes_price_dollars', 6) === price &&
    parseCount(order.initial_count_fp, 'initial_count_fp') === count &&
    (!input.updatedClientOrderId || order.client_order_id === input.updatedClientOrderId);
  return sendReadingBack(
    client,
    input,
    () =>
      client.POST('/portfolio/events/orders/{order_id}/amend', {
        params: { path: { order_id: input.orderId } },
        body,
        signal: input.signal,
      }),
    (order) => (order.status !== 'resting' ? 'failed' : inEffect(order) ? 'done' : 'again'),
  );
}

/** Kalshi's answer to a decrease, or the order read back when the answer was lost. */
export type DecreasedOrder = Omit<Schemas['DecreaseOrderV2Response'], 'ts_ms'> & {
  /** Absent on a recovered decrease. */
  readonly ts_ms?: number;
  /** True when an attempt's answer was lost and the order was read back decreased (`order`). */
  readonly recovered: boolean;
  readonly order?: Order;
};

/**
 * Decreases an order's remaining count. `reduceBy` is turned into the absolute `reduce_to` from the order's current
 * remaining count (one read first), so that sending it again cannot reduce twice; when an answer is lost the order
 * is read back — decreased to the target (or canceled by a decrease to 0), it is returned with `recovered: true`.
 */
export async function decreaseOrder(
  client: KalshiFetchClient,
  input: { orderId: string; reduceBy?: number | string; reduceTo?: number | string; signal?: AbortSignal },
): Promise<DecreasedOrder> {
  if ((input.reduceBy === undefined) === (input.reduceTo === undefined))
    throw new KalshiValidationError('reduceBy', 'give exactly one of reduceBy or reduceTo');
  let target: number;
  if (input.reduceBy !== undefined) {
    const by = contracts(input.reduceBy);
    const before = await readOrder(client, input.orderId, input.signal);
    target = parseCount(before.remaining_count_fp, 'remaining_count_fp') - by;
    if (target < 0)
      throw new KalshiValidationError(
        'reduceBy',
        `${input.reduceBy} is more than the ${before.remaining_count_fp} remaining`,
      );
  } else {
    target = rethrow(() => parseCount(String(input.reduceTo), 'reduceTo'));
  }
  const body = { reduce_to: formatCount(target) };
  return sendReadingBack(
    client,
    input,
    () =>
      client.POST('/portfolio/events/orders/{order_id}/decrease', {
        params: { path: { order_id: input.orderId } },
        body,
        signal: input.signal,
      }),
    (order) => {
      const remaining = parseCount(order.remaining_count_fp, 'remaining_count_fp');
      if (order.status !== 'resting') return target === 0 && order.status === 'canceled' ? 'done' : 'failed';
      return remaining === target ? 'done' : remaining < target ? 'failed' : 'again';
    },
  );
}

/**
 * Sends an order write that must not be repeated blindly. When an attempt's answer is lost, the order is read back
 * and `verdict` decides: the write is in effect (`done`: returned with `recovered: true`), it can be sent again
 * (`again`, at most ROUNDS rounds), or it did not happen (`failed`: the lost attempt's error is thrown).
 */
async function sendReadingBack<T>(
  client: KalshiFetchClient,
  input: { readonly orderId: string; readonly signal?: AbortSignal },
  call: () => Promise<{ readonly data?: T; readonly error?: unknown; readonly response: Response }>,
  verdict: (order: Order) => 'done' | 'again' | 'failed',
) {
  for (let round = 1; ; round++) {
    const outcome = await send(call);
    if (succeeded(outcome)) return { ...unwrap(outcome.result), recovered: false };
    if (!mayHaveActed(outcome)) throw failureOf(outcome);
    const order = await readOrder(client, input.orderId, input.signal);
    const state = verdict(order);
    if (state === 'done') return { ...fromOrder(order), recovered: true, order };
    if (state === 'failed' || round >= ROUNDS) throw failureOf(outcome);
  }
}

/** Kalshi's answer to a cancel, or the order read back when the answer was lost. */
export type CanceledOrder = Omit<Schemas['CancelOrderV2Response'], 'reduced_by' | 'ts_ms'> & {
  /** Absent on a recovered cancel: the count the lost attempt removed was not read. */
  readonly reduced_by?: string;
  readonly ts_ms?: number;
  /** True when an attempt's answer was lost and the order was read back canceled (`order`). */
  readonly recovered: boolean;
  readonly order?: Order;
};

/**
 * Cancels an order. A cancel repeated is harmless (404), so the transport retries it; when an answer was lost and
 * the call ends in 404 `not_found` (or no answer), the order is read back: canceled, it is returned with
 * `recovered: true`.
 */
export async function cancelOrder(
  client: KalshiFetchClient,
  input: { orderId: string; signal?: AbortSignal },
): Promise<CanceledOrder> {
  const outcome = await send(() =>
    client.DELETE('/portfolio/events/orders/{order_id}', {
      params: { path: { order_id: input.orderId } },
      signal: input.signal,
    }),
  );
  if (succeeded(outcome)) return { ...unwrap(outcome.result), recovered: false };
  if (mayHaveActed(outcome) && lostOr(outcome, 404, 'not_found')) {
    const order = await readOrder(client, input.orderId, input.signal);
    if (order.status === 'canceled') return { ...fromOrder(order), recovered: true, order };
  }
  throw failureOf(outcome);
}

/** The fields of a write's answer that the order read back does carry. */
function fromOrder(order: Order) {
  return {
    order_id: order.order_id,
    client_order_id: order.client_order_id,
    remaining_count: order.remaining_count_fp,
  };
}
