// The orders a create or cancel sends, to name them on an error that may have acted: the ids to reconcile by.
import type { RequestState } from './request-state';

type Item = Record<string, unknown> | undefined;

/** A batch's items, in its body or its answer: the body's one array (`orders`). */
export function itemsOf(body: unknown): Item[] {
  return (Object.values(body ?? {}).find(Array.isArray) ?? []) as Item[];
}

/** An order reference of one kind: `{ clientOrderId }`, `{ orderIds }`, … (as the errors carry them). */
export type OrderRefs =
  | { orderId?: string; clientOrderId?: string }
  | { readonly orderIds: readonly string[] }
  | { readonly clientOrderIds: readonly string[] };

/** How an error message names each kind of order reference. */
const ORDER_LABELS: Readonly<Record<string, string>> = {
  clientOrderId: 'client_order_id',
  orderId: 'order',
  clientOrderIds: 'client_order_ids',
  orderIds: 'orders',
};

/**
 * "client_order_id c-1", "orders o-1, o-2": the reference given (one kind). A raw create may send no client_order_id:
 * "no client_order_id", or "<none>" for a batch's item without one.
 */
export function orderNames(order: OrderRefs): string {
  const [field, ids] = Object.entries(order)[0] as [string, unknown];
  const list = [ids].flat();
  const label = ORDER_LABELS[field];
  return list.some((id) => id !== undefined)
    ? `${label} ${list.map((id) => id ?? '<none>').join(', ')}`
    : `no ${label}`;
}

/**
 * The orders a create or cancel (the manifest's `lostResponse`: `existing-order`, `read-order`) acts on: the items it
 * sent (a batch's, else its body or path as one), their id's field, and an error's `about` naming them by id
 * (`clientOrderId(s)`, `orderId(s)`). Undefined for other calls.
 */
export function ordersOf(state: RequestState) {
  const retry = state.operation?.retry;
  const creates = retry?.lostResponse === 'existing-order';
  if (!creates && retry?.lostResponse !== 'read-order') return;
  const items = itemsOf(state.body);
  const batch = items.length > 0;
  const name = creates ? 'clientOrderId' : 'orderId';
  return {
    creates,
    batch,
    sent: batch ? items : [(creates ? state.body : state.path) as Item],
    field: creates ? (retry.key as string) : 'order_id',
    named: (ids: unknown[]) => ({ [batch ? `${name}s` : name]: batch ? ids : ids[0] }) as OrderRefs,
  };
}

/** Every order a create or cancel sent, as an error's `about` (see ordersOf); undefined for other calls. */
export function sentOrders(state: RequestState): OrderRefs | undefined {
  const orders = ordersOf(state);
  return orders?.named(orders.sent.map((item) => item?.[orders.field]));
}
