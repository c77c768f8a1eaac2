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
import { KalshiConflictError, KalshiValidationError } from './errors';
import {
  DOLLAR_UNITS,
  FixedPointError,
  formatCount,
  formatDollars,
  parseCount,
  parseDollars,
} from './generated/fixed-point';
import type { components, paths } from './generated/openapi';
import { attemptsOf } from './transport';
import { unwrap } from './unwrap';

type Schemas = components['schemas'];
export type TimeInForce = Schemas['CreateOrderV2Request']['time_in_force'];
export type SelfTradePrevention = Schemas['CreateOrderV2Request']['self_trade_prevention_type'];

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

export type PlacedOrder = Schemas['CreateOrderV2Response'] & {
  readonly client_order_id: string;
  /** True when a retried attempt found the order already placed (its first response was lost). */
  readonly recovered: boolean;
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
 * Places an order exactly once. The request always carries a `client_order_id`, so the transport may retry it;
 * if a retried attempt is answered 409 `order_already_exists` (the first attempt reached the exchange but its
 * response was lost), the existing order is looked up by `client_order_id` and returned with `recovered: true`.
 */
export async function placeOrder(client: KalshiFetchClient, input: PlaceOrderInput): Promise<PlacedOrder> {
  const body = toCreateOrderRequest(input);
  const clientOrderId = body.client_order_id as string;
  const result = await client.POST('/portfolio/events/orders', { body, signal: input.signal });
  const conflict = result.response.status === 409 && attemptsOf(result.response) > 1;
  if (!conflict) return { ...unwrap(result), client_order_id: clientOrderId, recovered: false };
  const existing = await findByClientOrderId(client, body.ticker, clientOrderId, input.signal);
  if (!existing) throw unwrapError(result);
  return {
    order_id: existing.order_id,
    client_order_id: clientOrderId,
    fill_count: existing.fill_count_fp,
    remaining_count: existing.remaining_count_fp,
    ts_ms: Date.parse(existing.last_update_time ?? '') || Date.now(),
    recovered: true,
  };
}

function unwrapError(result: Parameters<typeof unwrap>[0]): KalshiConflictError {
  try {
    unwrap(result);
  } catch (error) {
    return error as KalshiConflictError;
  }
  return new KalshiConflictError({ status: 409, code: 'order_already_exists', message: 'order already exists' });
}

/** Newest orders first: the one just placed is on the first page in practice. */
async function findByClientOrderId(
  client: KalshiFetchClient,
  ticker: string,
  clientOrderId: string,
  signal?: AbortSignal,
) {
  let cursor: string | undefined;
  do {
    const page = unwrap(
      await client.GET('/portfolio/orders', {
        params: { query: { ticker, limit: 200, ...(cursor ? { cursor } : {}) } },
        signal,
      }),
    );
    const match = page.orders.find((o) => o.client_order_id === clientOrderId);
    if (match) return match;
    cursor = page.cursor || undefined;
  } while (cursor);
  return undefined;
}

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

export async function amendOrder(client: KalshiFetchClient, input: AmendOrderInput) {
  const price = rethrow(() => parseDollars(input.price, 'price', 4));
  if (price <= 0 || price >= DOLLAR_UNITS) throw new KalshiValidationError('price', 'must be above $0 and below $1');
  const body = {
    ticker: input.ticker,
    side: input.side,
    price: formatDollars(price, 4),
    count: formatCount(contracts(input.count)),
    ...(input.updatedClientOrderId ? { updated_client_order_id: input.updatedClientOrderId } : {}),
  };
  return unwrap(
    await client.POST('/portfolio/events/orders/{order_id}/amend', {
      params: { path: { order_id: input.orderId } },
      body,
      signal: input.signal,
    }),
  );
}

export async function decreaseOrder(
  client: KalshiFetchClient,
  input: { orderId: string; reduceBy?: number | string; reduceTo?: number | string; signal?: AbortSignal },
) {
  if ((input.reduceBy === undefined) === (input.reduceTo === undefined))
    throw new KalshiValidationError('reduceBy', 'give exactly one of reduceBy or reduceTo');
  const body =
    input.reduceBy !== undefined
      ? { reduce_by: formatCount(contracts(input.reduceBy)) }
      : { reduce_to: formatCount(rethrow(() => parseCount(String(input.reduceTo), 'reduceTo'))) };
  return unwrap(
    await client.POST('/portfolio/events/orders/{order_id}/decrease', {
      params: { path: { order_id: input.orderId } },
      body,
      signal: input.signal,
    }),
  );
}

export async function cancelOrder(client: KalshiFetchClient, input: { orderId: string; signal?: AbortSignal }) {
  return unwrap(
    await client.DELETE('/portfolio/events/orders/{order_id}', {
      params: { path: { order_id: input.orderId } },
      signal: input.signal,
    }),
  );
}
