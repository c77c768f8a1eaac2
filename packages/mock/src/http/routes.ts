// Stateful handlers, keyed by operationId. An operation without one answers 501 (handlers.ts): nothing is generated.
import { ledger } from '../exchange/accounts';
import {
  ExchangeError,
  fillOrKillKilled,
  invalidParameters,
  marketNotFound,
  notFound,
  orderTickerMismatch,
} from '../exchange/errors';
import type { Exchange, NewOrder } from '../exchange/exchange';
import { isHistoricalOrder, isHistoricalTrade } from '../exchange/historical';
import type { BookSide } from '../exchange/types';
import { formatCount, parseCount } from '../generated/fixed-point';
import type { OperationInfo } from '../generated/manifest';
import {
  fillAverages,
  filledCount,
  listsPosition,
  presentBalance,
  presentEventPositions,
  presentFill,
  presentOrder,
  presentOrderbook,
  presentPosition,
  presentSettlement,
} from '../shared/present';
import { readOrder, type StaleRead } from '../shared/stale-read';
import { keyMayRead } from './key-permissions';
import { orderGroupRoutes } from './order-group-routes';
import { arrival, groupsOnPage, page, stableArrival } from './paginate';
import { queueRoutes } from './queue-routes';
import { fixedPoint, malformedId, type Query, requestDollars, UUID } from './request';
import { accountRoutes } from './routes-account';
import { apiKeyRoutes } from './routes-api-keys';
import { catalogRoutes } from './routes-catalog';
import { communicationsRoutes } from './routes-communications';
import { historicalRoutes } from './routes-historical';
import { list, liveMarket, marketDataRoutes, num, within } from './routes-market-data';
import { outsideRoutes } from './routes-outside';
import { subaccountRoutes } from './routes-subaccounts';
import { assertShard } from './shard';

export interface RouteContext {
  readonly exchange: Exchange;
  readonly op: OperationInfo;
  readonly params: Record<string, string>;
  readonly query: Query;
  // biome-ignore lint/suspicious/noExplicitAny: bodies are validated against the spec before they get here
  readonly body: any;
  /** The authenticated user, when the request was signed. */
  readonly userId: string | undefined;
  /** Stale-read faults that fired for this request: order reads lag. */
  readonly staleReads?: readonly StaleRead[];
  /** How far user data reads may lag now (stale-read faults in force, `FaultRegistry.staleReadLagMs`), in ms. */
  readonly userDataLagMs?: number;
  /** The subaccount the request's API key is restricted to (key-permissions.ts), if it is. */
  readonly keySubaccount?: number;
}

export interface RouteResult {
  readonly status: number;
  readonly body?: unknown;
}

type Route = (ctx: RouteContext) => RouteResult;

const ok = (body: unknown, status = 200): RouteResult => ({ status, body });
const user = (ctx: RouteContext) => ctx.userId as string;
/** `?subaccount=`: on orders, fills and settlements omitted means all; on balance and positions, the primary (§7). */
const subaccountOf = (ctx: RouteContext) =>
  typeof ctx.query.subaccount === 'number' ? ctx.query.subaccount : undefined;
const inSubaccount = (ctx: RouteContext, subaccount = 0) =>
  subaccountOf(ctx) === undefined || subaccountOf(ctx) === subaccount;
/**
 * `?exchange_index=` ("Filter results by exchange shard"): the mock runs one shard, index 0, which every row it shows
 * names; another index selects nothing.
 */
const inShard = (ctx: RouteContext) => typeof ctx.query.exchange_index !== 'number' || ctx.query.exchange_index === 0;

export const routes: Partial<Record<string, Route>> = {
  ...orderGroupRoutes,
  ...queueRoutes,
  ...accountRoutes,
  ...apiKeyRoutes,
  ...subaccountRoutes,
  ...marketDataRoutes,
  ...historicalRoutes,
  GetMarketOrderbook: ({ exchange, params, query }) =>
    ok({
      // An archived market is not live any more (notes §6.7): 404, as GET /markets/{ticker}.
      orderbook_fp: presentOrderbook(
        exchange,
        liveMarket(exchange, params.ticker as string).ticker,
        typeof query.depth === 'number' ? query.depth : 0,
      ),
    }),

  GetMarketOrderbooks: ({ exchange, query }) =>
    ok({
      orderbooks: ((query.tickers as string[] | undefined) ?? []).map((ticker) => ({
        ticker,
        // An unknown one is named by the request's own parameter, `tickers` (liveMarket's refusal says `ticker`).
        orderbook_fp: presentOrderbook(exchange, liveMarket(exchange, ticker, 'tickers').ticker, 0),
      })),
    }),

  GetBalance: (ctx) => {
    const { balance_breakdown, ...balance } = presentBalance(ctx.exchange, user(ctx), subaccountOf(ctx) ?? 0);
    // Spec GetBalanceResponse.balance_breakdown: "omitted only when using a subaccount-restricted API key".
    const breakdown = (rows: unknown) => (ctx.keySubaccount === undefined ? { balance_breakdown: rows } : {});
    // "Exchange index used to scope the balance and portfolio value": nothing is held on another shard.
    if (inShard(ctx)) return ok({ ...balance, ...breakdown(balance_breakdown) });
    return ok({ ...balance, balance: 0, balance_dollars: '0.0000', portfolio_value: 0, ...breakdown([]) });
  },

  GetPositions: (ctx) => {
    const { exchange, query } = ctx;
    const positions = [...ledger(exchange, user(ctx), subaccountOf(ctx) ?? 0).positions]
      .filter(
        // `count_filter`: positions with any of the listed fields non-zero (spec CountFilterQuery: it "Restricts the
        // positions", a comma-separated list of `position` and `total_traded`; other values are refused,
        // query-rules.ts). Without one, nothing is restricted: every unsettled position, flat ones with their
        // realized P&L too (kalshi-api-notes §7: the list holds "only unsettled positions").
        ([ticker, p]) =>
          listsPosition(p, list(query.count_filter)) && (!query.ticker || ticker === query.ticker) && inShard(ctx),
      )
      .filter(([ticker]) => !query.event_ticker || exchange.markets.get(ticker)?.eventTicker === query.event_ticker)
      .sort(([a], [b]) => (a < b ? -1 : 1));
    // By ticker: a settled market's position leaves the account, so arrival numbers would move.
    const { items, cursor } = page(positions, query, {
      list: 'positions',
      key: ([ticker]) => [ticker],
      direction: 'asc',
    });
    // Each event's row (summed over all its listed markets) once, on the page of its first market row (groupsOnPage).
    const events = groupsOnPage(positions, items, ([ticker]) => exchange.markets.get(ticker)?.eventTicker);
    return ok({
      market_positions: items.map(([ticker, p]) => presentPosition(exchange, ticker, p)),
      event_positions: presentEventPositions(exchange, positions).filter((row) =>
        events.has(row.event_ticker as string),
      ),
      cursor,
    });
  },

  GetFills: (ctx) => {
    const { exchange, query } = ctx;
    const fills = exchange.fills
      .filter(
        (f) =>
          f.userId === user(ctx) &&
          inSubaccount(ctx, exchange.orders.get(f.orderId)?.subaccount) &&
          !isHistoricalTrade(exchange, f) &&
          (!query.ticker || f.ticker === query.ticker) &&
          (!query.order_id || f.orderId === query.order_id) &&
          within(f.time, num(query.min_ts), num(query.max_ts)) &&
          inShard(ctx),
      )
      .reverse();
    const fillSeq = stableArrival(exchange.fills);
    const { items, cursor } = page(fills, query, {
      list: 'fills',
      key: (f) => [f.time, fillSeq(f)],
      direction: 'desc',
    });
    return ok({ fills: items.map((f) => presentFill(exchange, f)), cursor });
  },

  GetSettlements: (ctx) => {
    const { exchange, query } = ctx;
    const settlements = exchange.settlements
      .filter(
        (s) =>
          s.userId === user(ctx) &&
          inSubaccount(ctx, s.subaccount) &&
          (!query.ticker || s.ticker === query.ticker) &&
          (!query.event_ticker || s.eventTicker === query.event_ticker) &&
          within(s.time, num(query.min_ts), num(query.max_ts)),
      )
      .reverse();
    const settlementSeq = arrival(exchange.settlements);
    const { items, cursor } = page(settlements, query, {
      list: 'settlements',
      key: (s) => [s.time, settlementSeq(s)],
      direction: 'desc',
    });
    return ok({
      settlements: items.map(presentSettlement),
      cursor,
    });
  },

  GetOrders: (ctx) => {
    const { exchange, query } = ctx;
    const events = list(query.event_ticker);
    const orders = [...exchange.orders.values()]
      .flatMap((o) => readOrder(exchange, o, ctx.staleReads) ?? [])
      .filter(
        (o) =>
          o.userId === user(ctx) &&
          inSubaccount(ctx, o.subaccount) &&
          !isHistoricalOrder(exchange, o) &&
          (!query.ticker || o.ticker === query.ticker) &&
          (!query.status || o.status === query.status) &&
          (!events || events.includes(exchange.markets.get(o.ticker)?.eventTicker ?? '')) &&
          within(o.createdTime, num(query.min_ts), num(query.max_ts)) &&
          inShard(ctx),
      )
      .reverse();
    const orderSeq = stableArrival(exchange.orders.values());
    const { items, cursor } = page(orders, query, {
      list: 'orders',
      // A stale read is a copy of an older version: its place is the stored order's.
      key: (o) => [o.createdTime, orderSeq(exchange.orders.get(o.orderId) ?? o)],
      direction: 'desc',
    });
    return ok({ orders: items.map((o) => presentOrder(exchange, o)), cursor });
  },

  GetOrder: (ctx) => {
    const stored = ctx.exchange.orders.get(ctx.params.order_id as string);
    const order = stored && readOrder(ctx.exchange, stored, ctx.staleReads);
    // An order archived past the cutoff "must be accessed via GET /historical/orders" (spec GetHistoricalCutoff): gone
    // from this live endpoint as from the list.
    if (
      !order ||
      order.userId !== user(ctx) ||
      !keyMayRead(ctx.keySubaccount, order.subaccount) ||
      isHistoricalOrder(ctx.exchange, order)
    )
      throw notFound();
    return ok({ order: presentOrder(ctx.exchange, order) });
  },

  CreateOrderV2: (ctx) => ok(createOne(ctx, ctx.body), 201),

  BatchCreateOrdersV2: (ctx) => {
    const requests = assertBatchSize((ctx.body.orders ?? []) as Record<string, unknown>[]);
    // Each item succeeds or fails on its own; the request is 201 either way (kalshi-api-notes §5.12).
    const orders = requests.map((request) => {
      try {
        return createOne(ctx, request);
      } catch (error) {
        if (!(error instanceof ExchangeError)) throw error;
        const inner =
          'error' in error.body && typeof error.body.error === 'object'
            ? error.body.error
            : { code: 'bad_request', message: 'bad request' };
        return {
          ...(givenId(request.client_order_id) ? { client_order_id: request.client_order_id } : {}),
          error: inner,
        };
      }
    });
    return ok({ orders }, 201);
  },

  AmendOrderV2: (ctx) => {
    const { exchange, body } = ctx;
    assertShard(body.exchange_index);
    const orderId = orderIn(ctx, ctx.params.order_id);
    const restingBefore = exchange.orders.get(orderId)?.remainingCount;
    const { order, fills } = exchange.amendOrder(user(ctx), orderId, {
      ticker: body.ticker,
      side: body.side as BookSide,
      // The codes create gives a malformed price or count: notes §3.2 list `invalid_order_size` (and the price codes)
      // for create and amend alike (D-cl 2026-01-26).
      price: fixedPoint(() => requestDollars(body.price, 'price'), 'invalid_price'),
      count: fixedPoint(() => parseCount(body.count, 'count'), 'invalid_order_size'),
      clientOrderId: givenId(body.client_order_id),
      updatedClientOrderId: givenId(body.updated_client_order_id),
      expirationTime: typeof body.expiration_time === 'number' ? body.expiration_time : undefined,
    });
    // Spec AmendOrderV2Response: the counts "only present when the amend caused a fill or changed the resting size"
    // (a pure price change answers just the id, notes §5.9); `fill_count` is what the amend itself filled.
    const filled = filledCount(fills);
    const counts = filled > 0 || order.remainingCount !== restingBefore;
    return ok({
      order_id: order.orderId,
      ...clientOrderIdOf(order),
      ...(counts ? { remaining_count: formatCount(order.remainingCount), fill_count: formatCount(filled) } : {}),
      ...fillAverages(fills),
      ts_ms: exchange.now(),
    });
  },

  DecreaseOrderV2: (ctx) => {
    const { body } = ctx;
    assertRoutable(ctx, ctx.params.order_id as string, body.exchange_index, body.market_ticker);
    const order = ctx.exchange.decreaseOrder(user(ctx), orderIn(ctx, ctx.params.order_id), {
      reduceBy: body.reduce_by == null ? undefined : parseCount(body.reduce_by, 'reduce_by'),
      reduceTo: body.reduce_to == null ? undefined : parseCount(body.reduce_to, 'reduce_to'),
    });
    return ok({
      order_id: order.orderId,
      ...clientOrderIdOf(order),
      remaining_count: formatCount(order.remainingCount),
      ts_ms: ctx.exchange.now(),
    });
  },

  CancelOrderV2: (ctx) => {
    assertRoutable(ctx, ctx.params.order_id as string, ctx.query.exchange_index, ctx.query.market_ticker);
    const { order, reducedBy } = ctx.exchange.cancelOrder(user(ctx), orderIn(ctx, ctx.params.order_id));
    // No client_order_id, though the order has one: Kalshi's answer recorded for such an order (notes §5.11, §5.4).
    return ok({ order_id: order.orderId, reduced_by: formatCount(reducedBy), ts_ms: ctx.exchange.now() });
  },

  BatchCancelOrdersV2: (ctx) => {
    const items = assertBatchSize(
      (ctx.body.orders ?? []) as {
        order_id: string;
        subaccount?: number;
        exchange_index?: number;
        market_ticker?: string;
      }[],
    );
    const orders = items.map(({ order_id, subaccount = 0, exchange_index, market_ticker }) => {
      try {
        // A malformed id gets the single cancel's answer (checkPathIds: 400 invalid_parameters, notes §3.2).
        if (typeof order_id !== 'string' || !UUID.test(order_id)) throw malformedId();
        assertRoutable(ctx, order_id, exchange_index, market_ticker);
        // An item's own subaccount, unknown, is refused as the request's is (known-subaccount.ts checks that one).
        ledger(ctx.exchange, user(ctx), subaccount);
        const { order, reducedBy } = ctx.exchange.cancelOrder(user(ctx), orderIn(ctx, order_id, subaccount));
        return {
          order_id,
          ...clientOrderIdOf(order),
          reduced_by: formatCount(reducedBy),
          ts_ms: ctx.exchange.now(),
        };
      } catch (error) {
        if (!(error instanceof ExchangeError) || !('error' in error.body) || typeof error.body.error !== 'object')
          throw error;
        return { order_id, reduced_by: '0.00', error: error.body.error };
      }
    });
    return ok({ orders });
  },

  CancelAllOrders: (ctx) => {
    ctx.exchange.cancelAll(user(ctx), typeof ctx.query.subaccount === 'number' ? ctx.query.subaccount : undefined);
    return { status: 204 };
  },

  ...communicationsRoutes,
  ...catalogRoutes,
  ...outsideRoutes,
};

/**
 * A batch create or cancel holds at most 20 orders: the last published limits, "20 orders per batch" (create) and "up
 * to 20 orders at once" (cancel); now documented only as scaling with the tier (kalshi-api-notes §5.12).
 */
function assertBatchSize<T>(items: T[]): T[] {
  if (items.length > 20) throw invalidParameters(`orders: at most 20 orders per batch, got ${items.length}`);
  return items;
}

/**
 * Where a cancel or decrease of `orderId` goes. `exchange_index: -1` requires auto-routing, which needs the market
 * ticker: spec CancelOrderV2 "Auto-routing requires `market_ticker`. An `order_id` alone cannot identify the exchange
 * shard." (the same on DecreaseOrderV2Request and each BatchCancelOrdersV2 item). Kalshi's status and code for the
 * refusal are not recorded; the notes' generic answer to a bad parameter is 400 `invalid_parameters` (§3.2).
 */
function assertRoutable(ctx: RouteContext, orderId: string, exchangeIndex: unknown, marketTicker: unknown): void {
  assertShard(exchangeIndex);
  const ticker = typeof marketTicker === 'string' && marketTicker !== '' ? marketTicker : undefined;
  if (exchangeIndex === -1 && ticker === undefined)
    throw invalidParameters('market_ticker: required for auto-routing (exchange_index -1)');
  if (ticker === undefined) return;
  // Auto-routing ("If omitted, auto-routes when market_ticker is provided") finds the shard by the market: one that does
  // not exist routes nowhere (Kalshi's answer is not recorded; an unknown market's 404, naming the field).
  if ((exchangeIndex === undefined || exchangeIndex === -1) && !ctx.exchange.markets.has(ticker))
    throw marketNotFound(ticker, 'market_ticker');
  // Another market than the order's: only the order's own market routes to it ("Required for auto-routing"), and
  // acting on it anyway hid a mix-up of two orders. Refused as an amend naming another market is
  // (order_ticker_mismatch, §3.2: listed for cancel too). An order the caller does not hold is left to the engine's 404.
  const order = ctx.exchange.orders.get(orderId);
  if (order?.userId === user(ctx) && order.ticker !== ticker)
    throw orderTickerMismatch('market_ticker', order.orderId, order.ticker, ticker);
}

/** `client_order_id` when the order has one: Kalshi omits it otherwise. */
const clientOrderIdOf = (order: { readonly clientOrderId: string }) =>
  order.clientOrderId ? { client_order_id: order.clientOrderId } : {};

/**
 * The id of an order a write acts on, within its subaccount: `?subaccount=` (or a batch item's `subaccount`) defaults
 * to 0, the primary (spec SubaccountQueryDefaultPrimary), so an order of another subaccount is not found there. The
 * notes do not record Kalshi's answer; the mock gives the 404 it gives for any order the caller cannot act on.
 */
function orderIn(ctx: RouteContext, orderId: string | undefined, subaccount = subaccountOf(ctx) ?? 0): string {
  const order = orderId === undefined ? undefined : ctx.exchange.orders.get(orderId);
  if (order?.userId === user(ctx) && order.subaccount !== subaccount) throw notFound();
  return orderId as string;
}

/**
 * An optional id of an order write (`client_order_id`, `updated_client_order_id`, `order_group_id`): the spec marks
 * them `x-go-type-skip-optional-pointer`, a Go `string` on Kalshi's side, so `""` cannot be told from absent there and
 * is not an id here either.
 */
function givenId(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** Validates the fixed-point fields of a V2 create request (price 2–4 decimals, count 0–2) and places it. */
function createOne(ctx: RouteContext, body: Record<string, unknown>) {
  assertShard(body.exchange_index);
  const price = fixedPoint(() => requestDollars(body.price, 'price'), 'invalid_price');
  const count = fixedPoint(() => parseCount(body.count, 'count'), 'invalid_order_size');
  const request: NewOrder = {
    ticker: String(body.ticker),
    side: body.side as BookSide,
    price,
    count,
    timeInForce: body.time_in_force as NewOrder['timeInForce'],
    selfTradePrevention: body.self_trade_prevention_type as NewOrder['selfTradePrevention'],
    clientOrderId: givenId(body.client_order_id),
    postOnly: body.post_only === true,
    reduceOnly: body.reduce_only === true,
    expirationTime: typeof body.expiration_time === 'number' ? body.expiration_time : undefined,
    subaccount: typeof body.subaccount === 'number' ? body.subaccount : 0,
    orderGroupId: givenId(body.order_group_id),
    cancelOnPause: body.cancel_order_on_pause === true,
  };
  const { order, fills, killed } = ctx.exchange.createOrder(user(ctx), request);
  if (killed) throw fillOrKillKilled();
  return {
    order_id: order.orderId,
    ...clientOrderIdOf(order),
    fill_count: formatCount(order.fillCount),
    remaining_count: formatCount(order.remainingCount),
    ...fillAverages(fills),
    ts_ms: ctx.exchange.now(),
  };
}
