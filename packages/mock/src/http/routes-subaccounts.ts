// `/portfolio/subaccounts*`: create, transfer, balances, transfers, netting.
import { floorToBalancePrecision } from '../exchange/fee-rounding';
import * as subaccounts from '../exchange/subaccounts';
import { dollars } from '../shared/present';
import { assertUsageTier } from './account-tier';
import { keyMayRead } from './key-permissions';
import { arrival, page } from './paginate';
import type { RouteContext, RouteResult } from './routes';
import { assertShard } from './shard';

const user = (ctx: RouteContext) => ctx.userId as string;
const ok = (body: unknown, status = 200): RouteResult => ({ status, body });
/**
 * Whether a subaccount's row is shown: a restricted key "may only read and trade on that sub-account" (spec
 * GenerateApiKeyRequest.subaccount), and lists answer it as GetFills/GetOrders word it, "API keys restricted to a
 * subaccount return only that subaccount's …", rather than with a 403 (the spec says nothing on these lists).
 */
const visible = (ctx: RouteContext, ...subaccounts: number[]) =>
  subaccounts.some((subaccount) => keyMayRead(ctx.keySubaccount, subaccount));

export const subaccountRoutes = {
  CreateSubaccount: (ctx: RouteContext): RouteResult => {
    // Spec CreateSubaccount: "available to all users on the Advanced API tier and above".
    assertUsageTier(ctx.exchange, ctx.userId, 'advanced', 'creating a subaccount (POST /portfolio/subaccounts)');
    assertShard(ctx.body?.exchange_index, false);
    return ok({ subaccount_number: subaccounts.createSubaccount(ctx.exchange, user(ctx)) }, 201);
  },

  ApplySubaccountTransfer: (ctx: RouteContext): RouteResult => {
    const { body } = ctx;
    assertShard(body.exchange_index, false);
    subaccounts.transfer(ctx.exchange, user(ctx), {
      clientTransferId: body.client_transfer_id,
      from: body.from_subaccount,
      to: body.to_subaccount,
      amountCents: body.amount_cents,
    });
    return ok({});
  },

  GetSubaccountBalances: (ctx: RouteContext): RouteResult =>
    ok({
      subaccount_balances: subaccounts
        .balances(ctx.exchange, user(ctx))
        .filter((b) => visible(ctx, b.subaccount))
        .map((b) => ({
          subaccount_number: b.subaccount,
          exchange_index: 0,
          balance: dollars(floorToBalancePrecision(b.available)),
          updated_ts: Math.floor(b.updated / 1000),
        })),
    }),

  GetSubaccountTransfers: (ctx: RouteContext): RouteResult => {
    // A transfer is a subaccount's when money moved into or out of it.
    const transfers = subaccounts.transfers(ctx.exchange, user(ctx)).filter((t) => visible(ctx, t.from, t.to));
    const transferSeq = arrival(transfers);
    const { items, cursor } = page(transfers, ctx.query, {
      list: 'subaccount_transfers',
      key: (t) => [transferSeq(t)],
      direction: 'desc',
    });
    return ok({
      transfers: items.map((t) => ({
        transfer_id: t.transferId,
        from_subaccount: t.from,
        to_subaccount: t.to,
        amount_cents: t.amountCents,
        created_ts: Math.floor(t.time / 1000),
        exchange_index: 0,
      })),
      cursor,
    });
  },

  UpdateSubaccountNetting: (ctx: RouteContext): RouteResult => {
    subaccounts.setNetting(ctx.exchange, user(ctx), ctx.body.subaccount_number, ctx.body.enabled);
    return { status: 200 };
  },

  GetSubaccountNetting: (ctx: RouteContext): RouteResult =>
    ok({
      netting_configs: subaccounts
        .netting(ctx.exchange, user(ctx))
        .filter((n) => visible(ctx, n.subaccount))
        .map((n) => ({ subaccount_number: n.subaccount, enabled: n.enabled, exchange_index: 0 })),
    }),
};
