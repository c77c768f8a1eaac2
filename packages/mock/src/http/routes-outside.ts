// Operations about things outside the mock's one exchange: FCM membership, bank deposits and withdrawals, other
// exchange instances, balance sweeps between exchange indexes. Each answers from the mock's actual state (no
// deposits were ever made; one exchange instance, one exchange index) or with a documented error in Kalshi's shape;
// a transfer within the one instance and shard is a subaccount transfer (exchange/subaccounts.ts).
import { forbidden, invalidParameters, notFound } from '../exchange/errors';
import type { Exchange } from '../exchange/exchange';
import { type SubaccountTransfer, subaccountNumbers, transfer, transfers } from '../exchange/subaccounts';
import { dollars } from '../shared/present';
import { keyMayRead } from './key-permissions';
import { arrival, page } from './paginate';
import type { RouteContext, RouteResult } from './routes';

type Route = (ctx: RouteContext) => RouteResult;

const ok = (body: unknown): RouteResult => ({ status: 200, body });
const user = (ctx: RouteContext) => ctx.userId as string;
const invalid = (details: string) => invalidParameters(details);

/**
 * The mock's accounts are direct members, never FCMs: FCM endpoints answer 403 (kalshi-api-notes §2.3/§3.2:
 * "non-FCM accounts receive 403"; the code string is not recorded).
 */
const notFcm: Route = () => {
  throw forbidden('this endpoint requires FCM member access');
};

/** This operation's transfers of the caller: a subaccount-restricted key sees those into or out of its subaccount. */
const intraTransfers = (ctx: RouteContext) =>
  transfers(ctx.exchange, user(ctx)).filter(
    (t) =>
      t.clientTransferId === undefined &&
      (keyMayRead(ctx.keySubaccount, t.from) || keyMayRead(ctx.keySubaccount, t.to)),
  );

const presentIntraTransfer = (t: SubaccountTransfer) => ({
  transfer_id: t.transferId,
  source: INSTANCE,
  destination: INSTANCE,
  source_exchange_shard: 0,
  destination_exchange_shard: 0,
  amount: dollars(t.amountCents * 10_000),
  status: 'complete',
  created_ts: Math.floor(t.time / 1000),
});

/** The one exchange instance and shard the mock runs. */
const INSTANCE = 'event_contract';

interface Allocation {
  readonly allocations: { exchange_index: number; percent: number }[];
  readonly reservation: string;
}

const allocationsByExchange = new WeakMap<Exchange, Map<string, Allocation>>();
function allocations(exchange: Exchange): Map<string, Allocation> {
  let map = allocationsByExchange.get(exchange);
  if (!map) {
    const created = new Map<string, Allocation>();
    exchange.changes.on((event) => {
      if (event.type === 'reset') created.clear();
    });
    allocationsByExchange.set(exchange, created);
    map = created;
  }
  return map;
}

export const outsideRoutes: Record<string, Route> = {
  GetFCMFills: notFcm,
  GetFCMOrders: notFcm,
  GetFCMPositions: notFcm,
  ListFCMSubtraders: notFcm,
  CreateFCMSubtrader: notFcm,
  GetFCMEventContractDailyCap: notFcm,
  UpdateFCMEventContractDailyCap: notFcm,
  DeleteFCMEventContractDailyCap: notFcm,
  GetFCMSubtraderBlockedCategories: notFcm,
  UpdateFCMSubtraderBlockedCategories: notFcm,

  // Money in the mock is set, not deposited (`setBalance`, new accounts start funded): no bank transfers exist.
  GetDeposits: () => ok({ deposits: [], cursor: '' }),
  GetWithdrawals: () => ok({ withdrawals: [], cursor: '' }),

  // One exchange instance: a transfer to or from another one is refused (403 is the spec's answer for an account
  // without access). The same instance and shard is a subaccount transfer: "When `source_exchange_shard` and
  // `destination_exchange_shard` are the same, Kalshi treats the request as a subaccount transfer. The returned
  // transfer ID appears in the subaccount transfer history." It runs as ApplySubaccountTransfer does (no
  // idempotency key here), answering IntraExchangeInstanceTransferResponse `{ transfer_id }`. The checks below name
  // this operation's fields; Kalshi's answer to an `amount` (centicents) that is not whole cents is not recorded.
  IntraExchangeInstanceTransfer: (ctx) => {
    const { body, exchange } = ctx;
    if (body.source !== INSTANCE || body.destination !== INSTANCE)
      throw forbidden('the margined exchange instance is not enabled for this account');
    for (const field of ['source_exchange_shard', 'destination_exchange_shard'])
      if ((body[field] ?? 0) !== 0) throw invalid(`${field}: ${body[field]} does not exist (0 is the only shard)`);
    const amount = body.amount as number;
    if (!Number.isSafeInteger(amount) || amount <= 0 || amount % 100 !== 0)
      throw invalid(`amount: ${amount} centicents is not a positive whole number of cents`);
    const from: number = body.source_subaccount ?? 0;
    const to: number = body.destination_subaccount ?? 0;
    if (from === to) throw invalid('destination_subaccount: must differ from source_subaccount');
    const known = subaccountNumbers(exchange, user(ctx));
    for (const [field, n] of [
      ['source_subaccount', from],
      ['destination_subaccount', to],
    ] as const)
      if (!known.includes(n)) throw invalid(`${field}: ${n} does not exist`);
    const { transferId } = transfer(
      exchange,
      user(ctx),
      { from, to, amountCents: amount / 100 },
      (held) =>
        `amount: ${amount} centicents is more than source_subaccount ${from} has available (${Math.floor(held / 100)} centicents)`,
    );
    return ok({ transfer_id: transferId });
  },
  // The transfers this operation made (a subaccount transfer without a client_transfer_id, which
  // ApplySubaccountTransfer requires), read back by the id it returned: its 200 says the transfer "is processed
  // asynchronously", so a client polls the read until `complete`. The mock's are complete at once.
  GetIntraExchangeInstanceTransfers: (ctx) => {
    const made = intraTransfers(ctx);
    const transferSeq = arrival(made);
    const { items, cursor } = page(made, ctx.query, {
      list: 'intra_exchange_instance_transfers',
      key: (t) => [transferSeq(t)],
      direction: 'desc',
    });
    return ok({ transfers: items.map(presentIntraTransfer), ...(cursor ? { cursor } : {}) });
  },
  GetIntraExchangeInstanceTransfer: (ctx) => {
    const found = intraTransfers(ctx).find((t) => t.transferId === ctx.params.transfer_id);
    if (!found) throw notFound(`transfer_id: no transfer ${ctx.params.transfer_id}`);
    return ok({ transfer: presentIntraTransfer(found) });
  },

  // One exchange index (0): the only allocations are none (no sweeping) or all of it to index 0.
  GetTargetBalanceAllocation: (ctx) => {
    const saved = allocations(ctx.exchange).get(user(ctx));
    return ok({ allocations: saved?.allocations ?? [], resting_margin_reservation: saved?.reservation ?? 'sum' });
  },
  SetTargetBalanceAllocation: (ctx) => {
    const items = (ctx.body.allocations ?? []) as { exchange_index: number; percent: number }[];
    const unknown = items.findIndex((a) => a.exchange_index !== 0);
    if (unknown >= 0)
      throw invalidParameters(
        `allocations[${unknown}].exchange_index: ${items[unknown]?.exchange_index} does not exist (only 0)`,
      );
    // Each index once: an allocation "across exchange indexes" gives each its percentage (the notes are silent).
    const twice = items.findIndex((a, i) => items.findIndex((b) => b.exchange_index === a.exchange_index) !== i);
    if (twice >= 0) {
      const index = items[twice]?.exchange_index;
      const first = items.findIndex((a) => a.exchange_index === index);
      throw invalidParameters(`allocations[${twice}].exchange_index: ${index} is listed twice (allocations[${first}])`);
    }
    const total = items.reduce((sum, a) => sum + a.percent, 0);
    if (items.length && total !== 100) throw invalidParameters(`allocations[].percent: total ${total}, not 100`);
    allocations(ctx.exchange).set(user(ctx), {
      allocations: items.map((a) => ({ exchange_index: a.exchange_index, percent: a.percent })),
      reservation:
        typeof ctx.body.resting_margin_reservation === 'string' ? ctx.body.resting_margin_reservation : 'sum',
    });
    return ok({});
  },
};
