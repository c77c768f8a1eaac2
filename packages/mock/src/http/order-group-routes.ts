// Order groups over REST (kalshi-api-notes §5.14), from the engine's state. Every answer names shard 0, the one the
// mock runs (`exchange_index`: spec x-omitempty false, so Kalshi writes it even at 0).
import { invalidParameters } from '../exchange/errors';
import {
  createOrderGroup,
  deleteOrderGroup,
  groupOrders,
  orderGroup,
  resetOrderGroup,
  triggerOrderGroup,
  updateOrderGroupLimit,
} from '../exchange/order-groups';
import { formatCount, parseCount } from '../generated/fixed-point';
import type { RouteContext, RouteResult } from './routes';
import { assertShard } from './shard';

const ok = (body: unknown, status = 200): RouteResult => ({ status, body });
const subaccountOf = (ctx: RouteContext) =>
  typeof ctx.query.subaccount === 'number' ? ctx.query.subaccount : undefined;
/**
 * The group the path names, for the signed user (404 unless theirs; writes default to the primary subaccount). Group
 * writes are refused in an exchange pause and let through in a trading pause, as cancels are (pause.ts pauseRule).
 */
const groupOf = (ctx: RouteContext, write: boolean) =>
  orderGroup(
    ctx.exchange,
    ctx.userId as string,
    ctx.params.order_group_id as string,
    subaccountOf(ctx) ?? (write ? 0 : undefined),
  );

/** `contracts_limit` (whole contracts) or `contracts_limit_fp`; both must agree when both are sent. */
function limitOf(body: Record<string, unknown> | undefined): number {
  const whole = typeof body?.contracts_limit === 'number' ? body.contracts_limit * 100 : undefined;
  let fixed: number | undefined;
  try {
    fixed = body?.contracts_limit_fp == null ? undefined : parseCount(body.contracts_limit_fp, 'contracts_limit_fp');
  } catch (error) {
    throw invalidParameters((error as Error).message);
  }
  if (whole === undefined && fixed === undefined)
    throw invalidParameters('contracts_limit or contracts_limit_fp is required');
  if (whole !== undefined && fixed !== undefined && whole !== fixed)
    throw invalidParameters('contracts_limit and contracts_limit_fp differ');
  return (whole ?? fixed) as number;
}

// `is_auto_cancel_enabled` ("Whether auto-cancel is enabled for this order group"; the notes are silent) is the
// triggered state: a third-party run against demo read it true after a trigger and false after a reset (3P id
// 71032358710), the state a group is created in (D-og: reset returns the group to "Active").
export const orderGroupRoutes = {
  CreateOrderGroup: (ctx: RouteContext) => {
    assertShard(ctx.body?.exchange_index, false);
    const subaccount = typeof ctx.body?.subaccount === 'number' ? ctx.body.subaccount : 0;
    const group = createOrderGroup(ctx.exchange, ctx.userId as string, { limit: limitOf(ctx.body), subaccount });
    return ok({ order_group_id: group.id, subaccount: group.subaccount, exchange_index: 0 }, 201);
  },

  GetOrderGroups: (ctx: RouteContext) => {
    const subaccount = subaccountOf(ctx);
    const groups = [...ctx.exchange.orderGroups.values()].filter(
      (g) => g.userId === ctx.userId && (subaccount === undefined || g.subaccount === subaccount),
    );
    return ok({
      order_groups: groups.map((g) => ({
        id: g.id,
        contracts_limit_fp: formatCount(g.limit),
        is_auto_cancel_enabled: g.triggered,
        exchange_index: 0,
      })),
    });
  },

  GetOrderGroup: (ctx: RouteContext) => {
    const group = groupOf(ctx, false);
    return ok({
      is_auto_cancel_enabled: group.triggered,
      contracts_limit_fp: formatCount(group.limit),
      // Its resting members: a canceled member is not listed (recorded on demo's margin engine after a trigger and
      // reset, notes §5.14's FXP `groups__get_after_reset`: `"orders":[]`), nor is an executed one.
      orders: groupOrders(ctx.exchange, group)
        .filter((o) => o.status === 'resting')
        .map((o) => o.orderId),
      exchange_index: 0,
    });
  },

  DeleteOrderGroup: (ctx: RouteContext) => {
    deleteOrderGroup(ctx.exchange, groupOf(ctx, true));
    return ok({});
  },

  ResetOrderGroup: (ctx: RouteContext) => {
    resetOrderGroup(ctx.exchange, groupOf(ctx, true));
    return ok({});
  },

  TriggerOrderGroup: (ctx: RouteContext) => {
    triggerOrderGroup(ctx.exchange, groupOf(ctx, true));
    return ok({});
  },

  UpdateOrderGroupLimit: (ctx: RouteContext) => {
    const group = groupOf(ctx, true);
    updateOrderGroupLimit(ctx.exchange, group, limitOf(ctx.body));
    return ok({});
  },
};
