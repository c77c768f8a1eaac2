// `/historical/*` (kalshi-api-notes §6.7; spec 3.31.0): what passed the cutoffs of `GET /historical/cutoff` as the
// exchange clock moved. Each record is on exactly one side: the live endpoints leave out what is served here.
import { candles } from '../exchange/candles';
import { isMultivariateMarket } from '../exchange/catalog';
import { notFound } from '../exchange/errors';
import {
  cutoffs,
  isHistoricalEvent,
  isHistoricalMarket,
  isHistoricalOrder,
  isHistoricalTrade,
  type SettledPosition,
  settledPositions,
} from '../exchange/historical';
import { formatCount } from '../generated/fixed-point';
import { dollars6, iso, presentFill, presentMarket, presentOrder } from '../shared/present';
import { arrival, groupsOnPage, page, stableArrival } from './paginate';
import { presentHistoricalCandle } from './present-candles';
import type { RouteContext, RouteResult } from './routes';
import { candleRange, list, num, tradesPage, within } from './routes-market-data';

type Route = (ctx: RouteContext) => RouteResult;

const ok = (body: unknown): RouteResult => ({ status: 200, body });
const user = (ctx: RouteContext) => ctx.userId as string;

function historicalMarket(ctx: RouteContext) {
  const market = ctx.exchange.markets.get(ctx.params.ticker as string);
  // A live market is not in the historical data set (notes §6.7) either.
  if (!market || !isHistoricalMarket(ctx.exchange, market))
    throw notFound(`ticker: no historical market ${ctx.params.ticker}`);
  return market;
}

export const historicalRoutes: Record<string, Route> = {
  GetHistoricalCutoff: ({ exchange }) => {
    const c = cutoffs(exchange);
    return ok({
      market_settled_ts: iso(c.marketSettled),
      trades_created_ts: iso(c.tradesCreated),
      orders_updated_ts: iso(c.ordersUpdated),
      market_positions_last_updated_ts: iso(c.positionsUpdated),
    });
  },

  GetHistoricalMarkets: ({ exchange, query }) => {
    const tickers = list(query.tickers);
    const markets = [...exchange.markets.values()].filter(
      (m) =>
        isHistoricalMarket(exchange, m) &&
        (!tickers || tickers.includes(m.ticker)) &&
        (!query.event_ticker || m.eventTicker === query.event_ticker) &&
        (!query.series_ticker || exchange.events.get(m.eventTicker)?.seriesTicker === query.series_ticker) &&
        // "By default, MVE markets are included."
        (query.mve_filter !== 'exclude' || !isMultivariateMarket(exchange, m)),
    );
    const marketSeq = arrival(exchange.markets.keys());
    const { items, cursor } = page(markets, query, {
      list: 'historical_markets',
      key: (m) => [marketSeq(m.ticker)],
      direction: 'asc',
    });
    return ok({ markets: items.map((m) => presentMarket(exchange, m)), cursor });
  },

  GetHistoricalMarket: (ctx) => ok({ market: presentMarket(ctx.exchange, historicalMarket(ctx)) }),

  GetMarketCandlesticksHistorical: (ctx) => {
    const market = historicalMarket(ctx);
    return ok({
      ticker: market.ticker,
      candlesticks: candles(ctx.exchange, market, candleRange(ctx.query)).map(presentHistoricalCandle),
    });
  },

  GetTradesHistorical: ({ exchange, query }) => ok(tradesPage(exchange, query, true)),

  GetFillsHistorical: (ctx) => {
    const { exchange, query } = ctx;
    const subaccount = num(query.subaccount);
    const fills = exchange.fills
      .filter(
        (f) =>
          f.userId === user(ctx) &&
          isHistoricalTrade(exchange, f) &&
          (!query.ticker || f.ticker === query.ticker) &&
          within(f.time, num(query.min_ts), num(query.max_ts)) &&
          (subaccount === undefined || exchange.orders.get(f.orderId)?.subaccount === subaccount),
      )
      .reverse();
    const fillSeq = stableArrival(exchange.fills);
    const { items, cursor } = page(fills, query, {
      list: 'historical_fills',
      key: (f) => [f.time, fillSeq(f)],
      direction: 'desc',
    });
    return ok({ fills: items.map((f) => presentFill(exchange, f)), cursor });
  },

  GetHistoricalOrders: (ctx) => {
    const { exchange, query } = ctx;
    const subaccount = num(query.subaccount);
    const orders = [...exchange.orders.values()]
      .filter(
        (o) =>
          o.userId === user(ctx) &&
          isHistoricalOrder(exchange, o) &&
          (!query.ticker || o.ticker === query.ticker) &&
          // The creation time, as the live GET /portfolio/orders reads them (same MinTsQuery, same response; the notes
          // are silent): an order archived keeps matching the filters it matched while live.
          within(o.createdTime, num(query.min_ts), num(query.max_ts)) &&
          (subaccount === undefined || o.subaccount === subaccount),
      )
      .reverse();
    const orderSeq = stableArrival(exchange.orders.values());
    const { items, cursor } = page(orders, query, {
      list: 'historical_orders',
      key: (o) => [o.createdTime, orderSeq(o)],
      direction: 'desc',
    });
    return ok({ orders: items.map((o) => presentOrder(exchange, o)), cursor });
  },

  GetHistoricalPositions: (ctx) => {
    const { exchange, query } = ctx;
    // Each subaccount's positions apart, as its own ledger; omitted, the primary (spec SubaccountQueryDefaultPrimary:
    // "Defaults to 0").
    const subaccount = num(query.subaccount) ?? 0;
    const positions = settledPositions(exchange).filter(
      (p) =>
        p.userId === user(ctx) &&
        p.subaccount === subaccount &&
        isHistoricalEvent(exchange, p.eventTicker) &&
        (!query.ticker || p.ticker === query.ticker) &&
        (!query.event_ticker || p.eventTicker === query.event_ticker),
    );
    const settledSeq = arrival(settledPositions(exchange));
    const { items, cursor } = page(positions, query, {
      list: 'historical_positions',
      key: (p) => [settledSeq(p)],
      direction: 'asc',
    });
    // Each event's row, summed over all its listed positions, once, on the page of its first one (groupsOnPage;
    // `positions` is in settled order, as paged).
    const events = groupsOnPage(positions, items, (p) => p.eventTicker);
    return ok({
      market_positions: items.map((p) => ({
        ticker: p.ticker,
        exchange_index: 0,
        total_traded_dollars: dollars6(p.totalTraded),
        position_fp: formatCount(0),
        market_exposure_dollars: dollars6(0),
        realized_pnl_dollars: dollars6(p.realizedPnl),
        fees_paid_dollars: dollars6(p.fees),
        last_updated_ts: iso(p.settledTime),
      })),
      event_positions: eventPositions(positions).filter((row) => events.has(row.event_ticker as string)),
      cursor,
    });
  },
};

/** The listed positions summed per event; settled, so nothing is exposed any more. */
function eventPositions(positions: readonly SettledPosition[]) {
  const byEvent = new Map<string, SettledPosition[]>();
  for (const p of positions) byEvent.set(p.eventTicker, [...(byEvent.get(p.eventTicker) ?? []), p]);
  const sum = (ps: SettledPosition[], f: (p: SettledPosition) => number) => ps.reduce((total, p) => total + f(p), 0);
  return [...byEvent].map(([eventTicker, ps]) => ({
    event_ticker: eventTicker,
    total_cost_dollars: dollars6(sum(ps, (p) => p.totalTraded)),
    total_cost_shares_fp: formatCount(sum(ps, (p) => p.volume)),
    event_exposure_dollars: dollars6(0),
    realized_pnl_dollars: dollars6(sum(ps, (p) => p.realizedPnl)),
    fees_paid_dollars: dollars6(sum(ps, (p) => p.fees)),
  }));
}
