// Order groups (kalshi-api-notes §5.14): a kill switch over a set of orders. Member fills are summed over a rolling
// 15 s window; when they exceed the limit (notes §5.14 and the order-groups guide, D-og: "If the rolling total
// exceeds the limit"; the spec's looser "when the limit is hit" is not followed), or on a manual trigger, every
// resting member is canceled and new members are refused until the group is reset.
// A fill is not cut down to what is left of the limit, although the spec calls contracts_limit "the maximum number of
// contracts that can be matched within this group": D-og describes the mechanism step by step ("As orders execute,
// filled contract counts accumulate … If the rolling total exceeds the limit, the group is triggered: all resting
// orders in the group are canceled"), and a total capped at the limit could never exceed it. No source describes a
// fill shortened by its group, and the FIX pages (35=UOG) also speak only of cancelling. So one fill larger than
// what is left passes whole, then triggers the group.
import { exchangeError, invalidParameters, notFound } from './errors';
import type { ExchangeModel } from './model';
import { cancelRemainder } from './resting';
import type { OrderGroupState, OrderState } from './types';

export const ORDER_GROUP_WINDOW_MS = 15_000;
const MAX_LIMIT = 1_000_000 * 100; // 1,000,000 contracts, in centi-contracts

/**
 * 1 to 1,000,000 contracts (notes §5.14). `contracts_limit` is whole contracts (its schema: integer); spec 3.31.0 no
 * longer says so of `contracts_limit_fp` (3.7.0 did), a FixedPointCount with 0.01-contract granularity, as fills are.
 */
function checkLimit(limit: number): void {
  if (!Number.isInteger(limit) || limit < 100 || limit > MAX_LIMIT)
    throw invalidParameters('contracts_limit must be from 1 to 1,000,000 contracts');
}

export function createOrderGroup(
  model: ExchangeModel,
  userId: string,
  request: { limit: number; subaccount?: number },
): OrderGroupState {
  checkLimit(request.limit);
  const group: OrderGroupState = {
    id: model.newId(),
    userId,
    subaccount: request.subaccount ?? 0,
    limit: request.limit,
    triggered: false,
    window: [],
  };
  model.orderGroups.set(group.id, group);
  model.changes.emit({ type: 'order_group', group, event: 'created' });
  return group;
}

/** The user's group; another user's, another subaccount's or an unknown id is 404 (notes §5.14: scoped per subaccount). */
export function orderGroup(model: ExchangeModel, userId: string, id: string, subaccount?: number): OrderGroupState {
  const group = model.orderGroups.get(id);
  if (!group || group.userId !== userId || (subaccount !== undefined && group.subaccount !== subaccount))
    throw notFound();
  return group;
}

/** Every order ever placed in the group, oldest first. */
export function groupOrders(model: ExchangeModel, group: OrderGroupState): OrderState[] {
  return [...model.orders.values()].filter((o) => o.orderGroupId === group.id && o.userId === group.userId);
}

/** Contracts matched by members in the window ending now (drops the fills that left the window). */
export function windowVolume(model: ExchangeModel, group: OrderGroupState): number {
  const since = model.now() - ORDER_GROUP_WINDOW_MS;
  group.window = group.window.filter((f) => f.time > since);
  return windowTotal(model, group);
}

/** Contracts matched by members in the window ending now, the group left as it is. */
export function windowTotal(model: ExchangeModel, group: OrderGroupState): number {
  const since = model.now() - ORDER_GROUP_WINDOW_MS;
  return group.window.reduce((sum, f) => (f.time > since ? sum + f.count : sum), 0);
}

export function triggerOrderGroup(model: ExchangeModel, group: OrderGroupState): void {
  group.triggered = true;
  for (const order of groupOrders(model, group)) cancelRemainder(model, order);
  model.changes.emit({ type: 'order_group', group, event: 'triggered' });
}

export function resetOrderGroup(model: ExchangeModel, group: OrderGroupState): void {
  group.triggered = false;
  group.window = [];
  model.changes.emit({ type: 'order_group', group, event: 'reset' });
}

export function deleteOrderGroup(model: ExchangeModel, group: OrderGroupState): void {
  for (const order of groupOrders(model, group)) cancelRemainder(model, order);
  model.orderGroups.delete(group.id);
  model.changes.emit({ type: 'order_group', group, event: 'deleted' });
}

/** A new limit; one below the window's volume triggers the group at once (notes §5.14). */
export function updateOrderGroupLimit(model: ExchangeModel, group: OrderGroupState, limit: number): void {
  checkLimit(limit);
  group.limit = limit;
  model.changes.emit({ type: 'order_group', group, event: 'limit_updated' });
  if (!group.triggered && windowVolume(model, group) > limit) triggerOrderGroup(model, group);
}

/** Checks that an order may join the group: it exists for this user and subaccount and is not triggered. */
export function assertJoinable(model: ExchangeModel, userId: string, id: string, subaccount: number): void {
  const group = orderGroup(model, userId, id, subaccount);
  // The rejection's code is not recorded (notes silent): the shape of the other order rejections.
  if (group.triggered) throw exchangeError(400, 'invalid_order', 'invalid order', 'order group triggered');
}

/** Counts a member's fill; exceeding the limit triggers the group. */
export function recordGroupFill(model: ExchangeModel, order: OrderState, count: number): void {
  const group = order.orderGroupId ? model.orderGroups.get(order.orderGroupId) : undefined;
  if (!group || group.triggered) return;
  group.window.push({ time: model.now(), count });
  if (windowVolume(model, group) > group.limit) triggerOrderGroup(model, group);
}
