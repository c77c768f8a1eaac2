// `/portfolio/subaccounts*`: create, transfer, balances, transfers, netting.
import * as subaccounts from '../exchange/subaccounts';
import { dollars } from '../shared/present';
import { arrival, page } from './paginate';
import type { RouteContext, RouteResult } from './routes';

const user = (ctx: RouteContext) => ctx.userId as string;
const ok = (body: unknown, status = 200): RouteResult => ({ status, body });

export const subaccountRoutes = {
  CreateSubaccount: (ctx: RouteContext): RouteResult =>
    ok({ subaccount_number: subaccounts.createSubaccount(ctx.exchange, user(ctx)) }, 201),

  ApplySubaccountTransfer: (ctx: RouteContext): RouteResult => {
    const { body } = ctx;
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
      subaccount_balances: subaccounts.balances(ctx.exchange, user(ctx)).map((b) => ({
        subaccount_number: b.subaccount,
        exchange_index: 0,
        balance: dollars(b.available - (b.available % 100)),
        updated_ts: Math.floor(b.updated / 1000),
      })),
    }),

  GetSubaccountTransfers: (ctx: RouteContext): RouteResult => {
    const transfers = subaccounts.transfers(ctx.exchange, user(ctx));
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
        .map((n) => ({ subaccount_number: n.subaccount, enabled: n.enabled, exchange_index: 0 })),
    }),
};
