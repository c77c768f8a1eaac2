// Batch create and batch cancel, each item exactly once: Kalshi answers 201/200 with a result per item (kalshi-api-
// notes §5.12); when an answer was lost, the items it may have acted on are read back (the manifest's policy).
// Plain functions taking the client (`placeOrders(kalshi, orders)`), so that bundles not using them leave them out.
import { kindOf } from '@org/kalshi-auth';
import {
  CALL_TERMS,
  type CallOptions,
  checkedArity,
  checkedTerms,
  isAbortSignal,
  type KalshiFetchClient,
  readCall,
  shown,
  writeCall,
} from './call-options';
import { itemError } from './error-context';
import {
  KalshiAbortError,
  type KalshiError,
  KalshiInvalidResponseError,
  KalshiUnconfirmedWriteError,
  KalshiValidationError,
} from './errors';
import type { components } from './generated/openapi';
import {
  findCreated,
  type LimitPrice,
  namingOrder,
  noLongerRests,
  notOurs,
  type OrderRef,
  PLACE_TERMS,
  type PlacedOrder,
  type PlaceOrderTerms,
  prepareOrder,
  recoveredOrder,
  reportUnconfirmed,
  subaccountOf,
  unconfirmedCancel,
  unconfirmedCreate,
} from './orders';
import {
  failureOf,
  mayHaveActed,
  type Order,
  type Outcome,
  readBackFailed,
  readingBack,
  readOrderIfFound,
  readUntil,
  send,
  succeeded,
} from './read-back';

/** One order of `placeOrders`: the placed order, or the error Kalshi gave for it. */
export type BatchPlaceResult =
  | {
      /** The order was placed (or found placed, `order.recovered`). */
      readonly ok: true;
      /** The placed order, as placeOrder returns one. */
      readonly order: PlacedOrder;
    }
  | {
      /** The order was refused, or whether it was placed is unknown. */
      readonly ok: false;
      /** The order's client_order_id (given, or generated here): find it with it later. */
      readonly client_order_id: string;
      /** Kalshi's error for the item, or KalshiUnconfirmedWriteError. */
      readonly error: KalshiError;
    };

export type BatchCancelItem = components['schemas']['BatchCancelOrdersV2Response']['orders'][number];
/** One order of `cancelOrders`: the canceled order, or the error Kalshi gave for it. */
export type BatchCancelResult =
  | {
      /** The order is canceled. */
      readonly ok: true;
      /** The order's id. */
      readonly order_id: string;
      /** True when the answer was lost and the order was read back canceled (`order`). */
      readonly recovered: boolean;
      /** Kalshi's result for the item (absent when `recovered`). */
      readonly result?: BatchCancelItem;
      /** The order read back canceled (only when `recovered`). */
      readonly order?: components['schemas']['Order'];
    }
  | {
      /** The cancel was refused, or whether it was applied is unknown. */
      readonly ok: false;
      /** The order's id. */
      readonly order_id: string;
      /** Kalshi's error for the item, or KalshiUnconfirmedWriteError. */
      readonly error: KalshiError;
    };

/**
 * One order of placeOrders: placeOrder's input without the call options (`retry`, `timeoutMs`, `signal`), which would
 * not apply to it alone (the batch is one request): give them as placeOrders' third argument.
 */
export type PlaceOrdersItem = Omit<PlaceOrderTerms, keyof CallOptions> & LimitPrice;

/**
 * An order of placeOrders takes placeOrder's terms; call options would not apply to it alone (one request). Made when
 * called: a module-level destructuring or spread is kept by bundlers (a getter could run), so bundles of placeOrder alone
 * carried it.
 */
const itemTerms = () => {
  const { retry: _r, timeoutMs: _t, signal: _s, ...terms } = PLACE_TERMS;
  return terms;
};

/**
 * Places several orders in one request, each with a client_order_id, and answers per item in request order. An item
 * refused as `order_already_exists` after an attempt whose answer was lost (or for a client_order_id generated here)
 * is that attempt's order, read back (re-read for up to 2.5 s: reads lag writes); not read in time, the item's
 * error is KalshiUnconfirmedWriteError (placed per that 409; or, with no answer, maybe placed).
 * `options`: the call's `retry`, `timeoutMs` and `signal` (a bare AbortSignal is still accepted). An order's own
 * call options are refused: the batch is one request.
 */
export async function placeOrders(
  client: KalshiFetchClient,
  inputs: readonly PlaceOrdersItem[],
  options: CallOptions | AbortSignal = {},
): Promise<BatchPlaceResult[]> {
  checkedArity('placeOrders(client, orders, options)', arguments, 3);
  if (!Array.isArray(inputs))
    throw new KalshiValidationError('orders', `expected a list of orders, got ${kindOf(inputs)}`);
  const call: CallOptions = isAbortSignal(options)
    ? { signal: options }
    : checkedTerms('placeOrders', options, CALL_TERMS, {}, 'options');
  if (inputs.length === 0) throw new KalshiValidationError('orders', 'give at least one order');
  const allowed = itemTerms();
  // Array.from, not map: a hole in the list is an order missing (refused, named), not one skipped and sent as null.
  const prepared = Array.from(inputs, (input, i) => {
    try {
      return prepareOrder(input, 'an order of placeOrders (call options are its third argument)', allowed);
    } catch (error) {
      if (error instanceof KalshiValidationError)
        throw new KalshiValidationError(`orders[${i}].${error.field}`, error.message.slice(error.field.length + 2));
      throw error;
    }
  });
  const orders = prepared.map((p) => p.body);
  // Aborted once the batch may have been sent: the error names every client_order_id (generated ones too).
  const clientOrderIds = orders.map((order) => order.client_order_id as string);
  // One client_order_id twice: Kalshi refuses the second (409 order_already_exists, kalshi-api-notes §5.6), and after a
  // lost answer both would be looked up by it and found as the one order: refused before anything is sent.
  clientOrderIds.forEach((id, i) => {
    const first = clientOrderIds.indexOf(id);
    if (first < i)
      throw new KalshiValidationError(
        `orders[${i}].clientOrderId`,
        `${shown(id)} is orders[${first}]'s too: give each order of a batch its own`,
      );
  });
  return namingOrder(client, { clientOrderIds }, async () => {
    const { outcome, acted, items } = await sendBatch(
      () => client.POST('/portfolio/events/orders/batched', { body: { orders }, ...writeCall(call) }),
      clientOrderIds,
      (item) => item.client_order_id,
    );
    // An item answered placed: without an error, describing our order (with the order_id the spec requires).
    const placed = items.map((item, i) => !item?.error && !notOurs(item, orders[i] as (typeof orders)[number]));
    // Per item: our order exists (refused as already existing after a lost attempt, or with an id generated here).
    const exists = orders.map(
      (_order, i) =>
        items[i]?.error?.code === 'order_already_exists' && (acted || inputs[i]?.clientOrderId === undefined),
    );
    // After a lost attempt, any item not placed by the last one may have been placed by it (whatever refused it later:
    // a 409, or a market that closed or paused in between); so may any item the answer does not answer.
    const unsure = orders.filter((_order, i) => exists[i] || (!placed[i] && (acted || !items[i]?.error)));
    // A look-up that fails (or is answered with nonsense) leaves those orders unconfirmed, with it as cause.
    let lookUp: unknown;
    let found = new Map<string, Order | KalshiUnconfirmedWriteError>();
    /** An order's result: its item's, else what the read-back found, else its error. */
    const result = (order: (typeof orders)[number], i: number): BatchPlaceResult => {
      const clientOrderId = order.client_order_id as string;
      const terms = (prepared[i] as (typeof prepared)[number]).terms;
      const item = items[i];
      if (item && placed[i]) {
        const { error: _none, ...answer } = item;
        return {
          ok: true,
          order: {
            ...answer,
            ...terms,
            order_id: item.order_id,
            client_order_id: clientOrderId,
            subaccount: order.subaccount,
            recovered: false,
          } as PlacedOrder,
        };
      }
      const existing = found.get(clientOrderId);
      if (existing instanceof KalshiUnconfirmedWriteError)
        return { ok: false, client_order_id: clientOrderId, error: existing };
      if (existing) return { ok: true, order: recoveredOrder(existing, terms, order.subaccount) };
      const error = item?.error
        ? itemError(item.error, 'BatchCreateOrdersV2', { body: order })
        : noItem(outcome, 'BatchCreateOrdersV2');
      return {
        ok: false,
        client_order_id: clientOrderId,
        error: unsure.includes(order)
          ? unconfirmedCreate(
              clientOrderId,
              exists[i] === true,
              lookUp ?? error,
              'BatchCreateOrdersV2',
              lookUp !== undefined,
            )
          : error,
      };
    };
    if (unsure.length)
      found = await readingBack(
        readUntil(
          () => findCreated(client, unsure, 'BatchCreateOrdersV2', readCall(call)),
          (map) => map.size === unsure.length,
          call.signal,
          client,
        ),
        'BatchCreateOrdersV2',
        (cause) => {
          lookUp = cause;
          return new Map<string, Order | KalshiUnconfirmedWriteError>();
        },
      ).catch(
        // Aborted there: the items the answer itself settled go with the error (see KalshiAbortError.confirmed).
        withConfirmed(() => orders.flatMap((order, i) => (unsure.includes(order) ? [] : [result(order, i)]))),
      );
    return reported(client, orders.map(result));
  });
}

/** The orders `cancelOrders` cancels: as placeOrder (or placeOrders) returned them or read back, and/or their ids. */
export interface CancelOrdersInput extends CallOptions {
  /** Orders as placeOrder (or placeOrders) returned them, or as read back; canceled first. */
  readonly orders?: readonly OrderRef[] | undefined;
  /** Order ids, canceled after `orders`. */
  readonly orderIds?: readonly string[] | undefined;
  /** The subaccount of the `orderIds` (the primary, 0, when absent); `orders` carry their own. */
  readonly subaccount?: number | undefined;
}

/** cancelOrders' options; made when called (see itemTerms). */
const cancelTerms = () =>
  ({ ...CALL_TERMS, orders: 1, orderIds: 1, subaccount: 1 }) as const satisfies Record<keyof CancelOrdersInput, 1>;

/**
 * Cancels several orders in one request, answering per item in request order (`orders` first, then `orderIds`). An
 * item refused (404 `not_found`, or otherwise) after an attempt whose answer was lost (or without an answer) is read
 * back until it no longer rests (up to 2.5 s: reads lag writes): canceled, it is reported canceled with
 * `recovered: true`; still resting, its error is KalshiUnconfirmedWriteError (the cancel may have been applied).
 */
export async function cancelOrders(client: KalshiFetchClient, input: CancelOrdersInput): Promise<BatchCancelResult[]> {
  checkedArity('cancelOrders(client, input)', arguments, 2);
  const orderIds = idsToCancel(checkedTerms('cancelOrders', input, cancelTerms()));
  // Each item is canceled in its order's subaccount (an item without one: the primary account, as Kalshi defaults).
  const byId = subaccountOf({ subaccount: input.subaccount });
  const subaccounts = [
    ...(input.orders ?? []).map((order) => subaccountOf({ order })),
    ...(input.orderIds ?? []).map(() => byId),
  ];
  const body = {
    orders: orderIds.map((order_id, i) => {
      const subaccount = subaccounts[i];
      return subaccount ? { order_id, subaccount } : { order_id };
    }),
  };
  return namingOrder(client, { orderIds }, async () => {
    const { outcome, acted, items } = await sendBatch(
      () => client.DELETE('/portfolio/events/orders/batched', { body, ...writeCall(input) }),
      orderIds,
      (item) => item.order_id,
    );
    // An item proves its cancel by naming its order (order_id, not its place) with the reduced_by the spec requires
    // (BatchCancelOrdersV2Response.orders[].required), without an error.
    const canceled = items.map(
      (item, i) => !item?.error && item?.order_id === orderIds[i] && typeof item?.reduced_by === 'string',
    );
    // Read back: an item the answer does not answer (or without that proof), or refused after an attempt whose answer
    // was lost (a 404, or a pause that began in between: round 14 B-D4), which may have canceled it.
    const unsure = orderIds.filter((_id, i) => !canceled[i] && (acted || !items[i]?.error));
    const reads = new Map<string, Order | undefined>();
    const pending = () => unsure.filter((id) => !noLongerRests(reads.get(id)));
    // A read that fails leaves the items not read yet as unconfirmed as before, the read's error as their cause.
    let readFailure: unknown;
    /** An order's result: its item's, else what the read-back read, else its error. */
    const result = (orderId: string, i: number): BatchCancelResult => {
      const item = items[i];
      if (item && canceled[i]) return { ok: true, order_id: orderId, recovered: false, result: item };
      const error = item?.error
        ? itemError(item.error, 'BatchCancelOrdersV2', { path: { order_id: orderId } })
        : noItem(outcome, 'BatchCancelOrdersV2');
      const order = reads.get(orderId);
      if (order?.status === 'canceled') return { ok: true, order_id: orderId, recovered: true, order };
      if (!unsure.includes(orderId) || order?.status === 'executed') return { ok: false, order_id: orderId, error };
      // Not read (the read failed first): say so, the read's error as cause.
      const unread = readFailure !== undefined && !noLongerRests(order);
      return {
        ok: false,
        order_id: orderId,
        error: unconfirmedCancel(
          orderId,
          order,
          unread ? readFailure : error,
          'BatchCancelOrdersV2',
          unread ? readBackFailed(readFailure) : undefined,
        ),
      };
    };
    if (unsure.length)
      await readingBack(
        readUntil(
          async () => {
            for (const id of pending()) reads.set(id, await readOrderIfFound(client, id, readCall(input)));
          },
          () => pending().length === 0,
          input.signal,
          client,
        ),
        'BatchCancelOrdersV2',
        (cause) => {
          readFailure = cause;
        },
      ).catch(
        // Aborted there: the items the answer itself settled go with the error (see KalshiAbortError.confirmed).
        withConfirmed(() => orderIds.flatMap((orderId, i) => (unsure.includes(orderId) ? [] : [result(orderId, i)]))),
      );
    return reported(client, orderIds.map(result));
  });
}

/** Puts `known()` on an abort as its `confirmed` results (a read-back's abort); any error is thrown on. */
function withConfirmed(known: () => readonly (BatchPlaceResult | BatchCancelResult)[]) {
  return (error: unknown): never => {
    if (error instanceof KalshiAbortError) error.confirmed = known();
    throw error;
  };
}

/** The results, each item left unconfirmed logged at `error` (reportUnconfirmed). */
function reported<R extends { readonly ok: boolean; readonly error?: unknown }>(
  client: KalshiFetchClient,
  results: R[],
) {
  for (const result of results) reportUnconfirmed(client, result.error);
  return results;
}

/** Every id to cancel, each checked before anything is sent. */
function idsToCancel(input: CancelOrdersInput): string[] {
  const ids: string[] = [];
  // Where each id was first given: an order named twice (in `orders` and `orderIds`, say) is canceled once and its
  // repeat answered 404, the canceled order reported failed too; so refused before sending, as placeOrders refuses one
  // client_order_id twice.
  const places = new Map<string, string>();
  for (const [field, values] of [
    ['orders', Array.isArray(input.orders) ? input.orders.map((order) => order?.order_id) : input.orders],
    ['orderIds', input.orderIds],
  ] as const) {
    if (values !== undefined && !Array.isArray(values)) throw new KalshiValidationError(field, 'must be an array');
    for (const [i, id] of (values ?? []).entries()) {
      const place = `${field}[${i}]`;
      if (typeof id !== 'string' || id === '')
        throw new KalshiValidationError(
          place,
          field === 'orders' ? 'has no order_id (give what placeOrder returned, or an Order)' : 'must be an order id',
        );
      const first = places.get(id);
      if (first) throw new KalshiValidationError(place, `order ${id} is ${first}'s too: give each order once`);
      places.set(id, place);
      ids.push(id);
    }
  }
  if (ids.length === 0) throw new KalshiValidationError('orders', 'give at least one order (orders or orderIds)');
  return ids;
}

/**
 * Each sent item's answer. Kalshi answers in request order (kalshi-api-notes §5.12), but an answer that is short,
 * long or reordered must not give one order another's result: an item is paired by its key (client_order_id, order_id),
 * the first one not yet paired; an item without a key, by position, in an answer as long as the request.
 */
/**
 * Sends a batch write: its outcome, whether an attempt may have acted, and the answer's items paired with `keys`
 * (pairItems). A failure before anything could act is thrown as is.
 */
async function sendBatch<T>(
  call: () => Promise<{ data?: { orders?: readonly T[] }; error?: unknown; response: Response }>,
  keys: readonly string[],
  keyOf: (item: T) => string | null | undefined,
) {
  const outcome = await send(call);
  const acted = mayHaveActed(outcome);
  if (!succeeded(outcome) && !acted) throw failureOf(outcome);
  const items = pairItems(keys, succeeded(outcome) ? outcome.result.data?.orders : undefined, keyOf);
  return { outcome, acted, items };
}

function pairItems<T>(
  keys: readonly string[],
  items: readonly T[] | undefined,
  keyOf: (item: T) => string | null | undefined,
): (T | undefined)[] {
  // Spec: a list of objects. Anything else answers no item (no list: none; an item that is no object: not that one).
  const pool = Array.isArray(items) ? items.map((item) => (Object(item) === item ? item : undefined)) : [];
  return keys.map((key, i) => {
    let at = pool.findIndex((item) => item !== undefined && keyOf(item) === key);
    if (at < 0 && pool.length === keys.length && pool[i] !== undefined && !keyOf(pool[i] as T)) at = i;
    if (at < 0) return undefined;
    const item = pool[at];
    pool[at] = undefined;
    return item;
  });
}

/** Why an item has no result: the call's failure, or a 2xx answer without an item for it. */
function noItem(outcome: Outcome<unknown>, operationId: string): KalshiError {
  return succeeded(outcome)
    ? new KalshiInvalidResponseError(
        `${operationId}: the ${outcome.result.response.status} answer has no item for this order`,
        outcome.result.response.status,
        operationId,
      )
    : failureOf(outcome);
}
