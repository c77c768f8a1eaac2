// Stateful handlers, keyed by operationId. An operation without one answers 501 (handlers.ts): nothing is generated.
import { ledger } from '../exchange/accounts';
import { ExchangeError, exchangeError } from '../exchange/errors';
import type { Exchange, NewOrder } from '../exchange/exchange';
import { isHistoricalOrder, isHistoricalTrade } from '../exchange/historical';
import type { BookSide } from '../exchange/types';
import { formatCount, formatDollars, parseCount, parseDollars } from '../generated/fixed-point';
import type { OperationInfo } from '../generated/manifest';
import {
  fillSummary,
  presentBalance,
  presentEventPositions,
  presentFill,
  presentOrder,
  presentOrderbook,
  presentPosition,
} from '../shared/present';
import { readOrder, type StaleRead } from '../shared/stale-read';
import { orderGroupRoutes } from './order-group-routes';
import { page } from './paginate';
import { queueRoutes } from './queue-routes';
import type { Query } from './request';
import { accountRoutes } from './routes-account';
import { apiKeyRoutes } from './routes-api-keys';
import { catalogRoutes } from './routes-catalog';
import { communicationsRoutes } from './routes-communications';
import { historicalRoutes } from './routes-historical';
import { marketDataRoutes } from './routes-market-data';
import { outsideRoutes } from './routes-outside';
import { subaccountRoutes } from './routes-subaccounts';

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
}

export interface RouteResult {
  readonly status: number;
  readonly body?: unknown;
}

type Route = (ctx: RouteContext) => RouteResult;

const ok = (body: unknown, status = 200): RouteResult => ({ status, body });
const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
const user = (ctx: RouteContext) => ctx.userId as string;
/** `?subaccount=`: on orders, fills and settlements omitted means all; on balance and positions, the primary (§7). */
const subaccountOf = (ctx: RouteContext) =>
  typeof ctx.query.subaccount === 'number' ? ctx.query.subaccount : undefined;
const inSubaccount = (ctx: RouteContext, subaccount = 0) =>
  subaccountOf(ctx) === undefined || subaccountOf(ctx) === subaccount;

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
      orderbook_fp: presentOrderbook(
        exchange,
        params.ticker as string,
        typeof query.depth === 'number' ? query.depth : 0,
      ),
    }),

  GetMarketOrderbooks: ({ exchange, query }) =>
    ok({
      orderbooks: ((query.tickers as string[] | undefined) ?? []).map((ticker) => ({
        ticker,
        orderbook_fp: presentOrderbook(exchange, ticker, 0),
      })),
    }),

  GetBalance: (ctx) => ok(presentBalance(ctx.exchange, user(ctx), subaccountOf(ctx) ?? 0)),

  GetPositions: (ctx) => {
    const { exchange, query } = ctx;
    const positions = [...ledger(exchange, user(ctx), subaccountOf(ctx) ?? 0).positions]
      .filter(
        ([ticker, p]) =>
          (query.count_filter === 'total_traded' ? p.totalTraded !== 0 : p.position !== 0) &&
          (!query.ticker || ticker === query.ticker),
      )
      .filter(([ticker]) => !query.event_ticker || exchange.markets.get(ticker)?.eventTicker === query.event_ticker);
    const { items, cursor } = page(positions, query);
    return ok({
      market_positions: items.map(([ticker, p]) => presentPosition(exchange, ticker, p)),
      event_positions: presentEventPositions(exchange, positions),
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
          (!query.order_id || f.orderId === query.order_id),
      )
      .reverse();
    const { items, cursor } = page(fills, query);
    return ok({ fills: items.map((f) => presentFill(exchange, f)), cursor });
  },

  GetSettlements: (ctx) => {
    const { exchange, query } = ctx;
    const settlements = exchange.settlements
      .filter(
        (s) =>
          s.userId === user(ctx) && inSubaccount(ctx, s.subaccount) && (!query.ticker || s.ticker === query.ticker),
      )
      .reverse();
    const { items, cursor } = page(settlements, query);
    return ok({
      settlements: items.map((s) => ({
        ticker: s.ticker,
        event_ticker: s.eventTicker,
        market_result: s.result,
        yes_count_fp: formatCount(s.yesCount),
        no_count_fp: formatCount(s.noCount),
        yes_total_cost_dollars: formatDollars(s.yesCost, 6),
        no_total_cost_dollars: formatDollars(s.noCost, 6),
        revenue: Math.trunc(s.revenue / 10_000),
        value: s.result === 'yes' ? 100 : 0,
        fee_cost: '0.0000',
        settled_time: new Date(s.time).toISOString(),
      })),
      cursor,
    });
  },

  GetOrders: (ctx) => {
    const { exchange, query } = ctx;
    const events = Array.isArray(query.event_ticker)
      ? (query.event_ticker as string[])
      : str(query.event_ticker)?.split(',');
    const orders = [...exchange.orders.values()]
      .flatMap((o) => readOrder(exchange, o, ctx.staleReads) ?? [])
      .filter(
        (o) =>
          o.userId === user(ctx) &&
          inSubaccount(ctx, o.subaccount) &&
          !isHistoricalOrder(exchange, o) &&
          (!query.ticker || o.ticker === query.ticker) &&
          (!query.status || o.status === query.status) &&
          (!events || events.includes(exchange.markets.get(o.ticker)?.eventTicker ?? '')),
      )
      .reverse();
    const { items, cursor } = page(orders, query);
    return ok({ orders: items.map((o) => presentOrder(exchange, o)), cursor });
  },

  GetOrder: (ctx) => {
    const stored = ctx.exchange.orders.get(ctx.params.order_id as string);
    const order = stored && readOrder(ctx.exchange, stored, ctx.staleReads);
    if (!order || order.userId !== user(ctx)) throw exchangeError(404, 'not_found', 'not found');
    return ok({ order: presentOrder(ctx.exchange, order) });
  },

  CreateOrderV2: (ctx) => ok(createOne(ctx, ctx.body), 201),

  BatchCreateOrdersV2: (ctx) => {
    const requests = (ctx.body.orders ?? []) as Record<string, unknown>[];
    if (requests.length > 20)
      throw exchangeError(400, 'invalid_parameters', 'invalid parameters', 'at most 20 orders per batch');
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
          ...(typeof request.client_order_id === 'string' ? { client_order_id: request.client_order_id } : {}),
          error: inner,
        };
      }
    });
    return ok({ orders }, 201);
  },

  AmendOrderV2: (ctx) => {
    const { exchange, body } = ctx;
    const { order, fills } = exchange.amendOrder(user(ctx), ctx.params.order_id as string, {
      ticker: body.ticker,
      side: body.side as BookSide,
      price: parseDollars(body.price, 'price', 4),
      count: parseCount(body.count, 'count'),
      clientOrderId: body.client_order_id,
      updatedClientOrderId: body.updated_client_order_id,
      expirationTime: typeof body.expiration_time === 'number' ? body.expiration_time : undefined,
    });
    return ok({
      order_id: order.orderId,
      client_order_id: order.clientOrderId,
      remaining_count: formatCount(order.remainingCount),
      ...fillSummary(order, fills),
      ts_ms: exchange.now(),
    });
  },

  DecreaseOrderV2: (ctx) => {
    const { body } = ctx;
    const order = ctx.exchange.decreaseOrder(user(ctx), ctx.params.order_id as string, {
      reduceBy: body.reduce_by == null ? undefined : parseCount(body.reduce_by, 'reduce_by'),
      reduceTo: body.reduce_to == null ? undefined : parseCount(body.reduce_to, 'reduce_to'),
    });
    return ok({
      order_id: order.orderId,
      client_order_id: order.clientOrderId,
      remaining_count: formatCount(order.remainingCount),
      ts_ms: ctx.exchange.now(),
    });
  },

  CancelOrderV2: (ctx) => {
    const { order, reducedBy } = ctx.exchange.cancelOrder(user(ctx), ctx.params.order_id as string);
    return ok({
      order_id: order.orderId,
      client_order_id: order.clientOrderId,
      reduced_by: formatCount(reducedBy),
      ts_ms: ctx.exchange.now(),
    });
  },

  BatchCancelOrdersV2: (ctx) => {
    const items = (ctx.body.orders ?? []) as { order_id: string }[];
    const orders = items.map(({ order_id }) => {
      try {
        const { order, reducedBy } = ctx.exchange.cancelOrder(user(ctx), order_id);
        return {
          order_id,
          client_order_id: order.clientOrderId,
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

/** Validates the fixed-point fields of a V2 create request (price 2–4 decimals, count 0–2) and places it. */
function createOne(ctx: RouteContext, body: Record<string, unknown>) {
  const price = fixedPoint(() => parseDollars(body.price, 'price', 4), 'invalid_price');
  const count = fixedPoint(() => parseCount(body.count, 'count'), 'invalid_order_size');
  const request: NewOrder = {
    ticker: String(body.ticker),
    side: body.side as BookSide,
    price,
    count,
    timeInForce: body.time_in_force as NewOrder['timeInForce'],
    selfTradePrevention: body.self_trade_prevention_type as NewOrder['selfTradePrevention'],
    clientOrderId: typeof body.client_order_id === 'string' ? body.client_order_id : undefined,
    postOnly: body.post_only === true,
    reduceOnly: body.reduce_only === true,
    expirationTime: typeof body.expiration_time === 'number' ? body.expiration_time : undefined,
    subaccount: typeof body.subaccount === 'number' ? body.subaccount : 0,
    orderGroupId: typeof body.order_group_id === 'string' ? body.order_group_id : undefined,
  };
  const { order, fills } = ctx.exchange.createOrder(user(ctx), request);
  return {
    order_id: order.orderId,
    ...(order.clientOrderId ? { client_order_id: order.clientOrderId } : {}),
    fill_count: formatCount(order.fillCount),
    remaining_count: formatCount(order.remainingCount),
    ...fillSummary(order, fills),
    ts_ms: ctx.exchange.now(),
  };
}

function fixedPoint(parse: () => number, code: string): number {
  try {
    return parse();
  } catch (error) {
    throw exchangeError(400, code, code.replace(/_/g, ' '), (error as Error).message);
  }
}
