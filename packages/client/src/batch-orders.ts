// Batch create and batch cancel, each item exactly once: Kalshi answers 201/200 with a result per item (kalshi-api-
// notes §5.12); when an answer was lost, the items it may have acted on are read back (the manifest's policy).
// Plain functions taking the client (`placeOrders(kalshi, orders)`), so that bundles not using them leave them out.
import { type CallOptions, type KalshiFetchClient, readCall, writeCall } from './call-options';
import { errorFromResponse, type KalshiApiError, type KalshiError, KalshiValidationError } from './errors';
import type { components } from './generated/openapi';
import {
  type OrderRef,
  type PlacedOrder,
  type PlaceOrderInput,
  prepareOrder,
  recoveredOrder,
  subaccountOf,
} from './orders';
import { failureOf, findByClientOrderIds, mayHaveActed, readOrder, send, succeeded } from './read-back';

type ItemError = components['schemas']['ErrorResponse'];

/** One order of `placeOrders`: the placed order, or the error Kalshi gave for it. */
export type BatchPlaceResult =
  | { readonly ok: true; readonly order: PlacedOrder }
  | { readonly ok: false; readonly client_order_id: string; readonly error: KalshiError };

export type BatchCancelItem = components['schemas']['BatchCancelOrdersV2Response']['orders'][number];
/** One order of `cancelOrders`: the canceled order, or the error Kalshi gave for it. */
export type BatchCancelResult =
  | {
      readonly ok: true;
      readonly order_id: string;
      /** True when the answer was lost and the order was read back canceled (`order`). */
      readonly recovered: boolean;
      readonly result?: BatchCancelItem;
      readonly order?: components['schemas']['Order'];
    }
  | { readonly ok: false; readonly order_id: string; readonly error: KalshiError };

/**
 * Places several orders in one request, each with a client_order_id, and answers per item in request order. An item
 * refused as `order_already_exists` after an attempt whose answer was lost is that attempt's order (read back).
 * `options`: the call's `retry`, `timeoutMs` and `signal` (a bare AbortSignal is still accepted). Each order's own
 * call options, if any, are not used: the batch is one request.
 */
export async function placeOrders(
  client: KalshiFetchClient,
  inputs: readonly PlaceOrderInput[],
  options: CallOptions | AbortSignal = {},
): Promise<BatchPlaceResult[]> {
  const call = options instanceof AbortSignal ? { signal: options } : options;
  if (inputs.length === 0) throw new KalshiValidationError('orders', 'give at least one order');
  const prepared = inputs.map((input, i) => {
    try {
      return prepareOrder(input);
    } catch (error) {
      if (error instanceof KalshiValidationError)
        throw new KalshiValidationError(`orders[${i}].${error.field}`, error.message);
      throw error;
    }
  });
  const orders = prepared.map((p) => p.body);
  const outcome = await send(() =>
    client.POST('/portfolio/events/orders/batched', { body: { orders }, ...writeCall(call) }),
  );
  const acted = mayHaveActed(outcome);
  if (!succeeded(outcome) && !acted) throw failureOf(outcome);
  const items = succeeded(outcome) ? outcome.result.data?.orders : undefined;
  const unsure = orders.filter((_order, i) => {
    const item = items?.[i];
    return acted && (!item || item.error?.code === 'order_already_exists');
  });
  const found = unsure.length
    ? await findByClientOrderIds(
        client,
        unsure.map((o) => ({ ticker: o.ticker, clientOrderId: o.client_order_id as string })),
        readCall(call),
      )
    : new Map();
  return orders.map((order, i): BatchPlaceResult => {
    const clientOrderId = order.client_order_id as string;
    const terms = (prepared[i] as (typeof prepared)[number]).terms;
    const item = items?.[i];
    if (item && !item.error && item.order_id) {
      const { error: _none, ...placed } = item;
      return {
        ok: true,
        order: {
          ...placed,
          ...terms,
          order_id: item.order_id,
          client_order_id: clientOrderId,
          subaccount: order.subaccount ?? 0,
          recovered: false,
        } as PlacedOrder,
      };
    }
    const existing = found.get(clientOrderId);
    if (existing) return { ok: true, order: recoveredOrder(existing, terms) };
    return { ok: false, client_order_id: clientOrderId, error: item ? itemError(item.error) : failureOf(outcome) };
  });
}

/** The orders `cancelOrders` cancels: as placeOrder (or placeOrders) returned them or read back, and/or their ids. */
export interface CancelOrdersInput extends CallOptions {
  readonly orders?: readonly OrderRef[];
  readonly orderIds?: readonly string[];
}

/**
 * Cancels several orders in one request, answering per item in request order (`orders` first, then `orderIds`). An
 * item answered 404 `not_found` after an attempt whose answer was lost is read back: canceled, it is reported
 * canceled with `recovered: true`.
 */
export async function cancelOrders(client: KalshiFetchClient, input: CancelOrdersInput): Promise<BatchCancelResult[]> {
  const orderIds = idsToCancel(input);
  // Each item is canceled in its order's subaccount (an item without one: the primary account, as Kalshi defaults).
  const subaccounts = (input.orders ?? []).map((order) => subaccountOf({ order }));
  const body = {
    orders: orderIds.map((order_id, i) => {
      const subaccount = subaccounts[i];
      return subaccount ? { order_id, subaccount } : { order_id };
    }),
  };
  const outcome = await send(() => client.DELETE('/portfolio/events/orders/batched', { body, ...writeCall(input) }));
  const acted = mayHaveActed(outcome);
  if (!succeeded(outcome) && !acted) throw failureOf(outcome);
  const items = succeeded(outcome) ? outcome.result.data?.orders : undefined;
  const results: BatchCancelResult[] = [];
  for (const [i, orderId] of orderIds.entries()) {
    const item = items?.[i];
    if (item && !item.error) {
      results.push({ ok: true, order_id: orderId, recovered: false, result: item });
      continue;
    }
    if (acted && (!item || item.error?.code === 'not_found')) {
      const order = await readOrder(client, orderId, readCall(input));
      if (order.status === 'canceled') {
        results.push({ ok: true, order_id: orderId, recovered: true, order });
        continue;
      }
    }
    results.push({ ok: false, order_id: orderId, error: item ? itemError(item.error) : failureOf(outcome) });
  }
  return results;
}

/** Every id to cancel, each checked before anything is sent. */
function idsToCancel(input: CancelOrdersInput): string[] {
  const ids: string[] = [];
  for (const [field, values] of [
    ['orders', Array.isArray(input.orders) ? input.orders.map((order) => order?.order_id) : input.orders],
    ['orderIds', input.orderIds],
  ] as const) {
    if (values !== undefined && !Array.isArray(values)) throw new KalshiValidationError(field, 'must be an array');
    for (const [i, id] of (values ?? []).entries()) {
      if (typeof id !== 'string' || id === '')
        throw new KalshiValidationError(
          `${field}[${i}]`,
          field === 'orders' ? 'has no order_id (give what placeOrder returned, or an Order)' : 'must be an order id',
        );
      ids.push(id);
    }
  }
  if (ids.length === 0) throw new KalshiValidationError('orders', 'give at least one order (orders or orderIds)');
  return ids;
}

/** Kalshi gives no status per item; the one its code carries alone elsewhere (kalshi-api-notes §3.2). */
const ITEM_STATUS: Readonly<Record<string, number>> = { order_already_exists: 409, not_found: 404, market_closed: 409 };

function itemError(error: ItemError | null | undefined): KalshiApiError {
  const code = error?.code ?? 'unknown_error';
  return errorFromResponse(ITEM_STATUS[code] ?? 400, { error: { ...error, code } });
}
