// Public market data answered from the exchange's state (kalshi-api-notes §6): exchange status and schedule, series,
// events, markets, trades, candlesticks. Markets archived past the historical cutoff are served by
// routes-historical.ts instead; an id that names nothing here is 404 `not_found`.
import { type CandleRange, candleCount, candles, latestBefore, MAX_CANDLES, PERIODS } from '../exchange/candles';
import { isMultivariateEvent, isMultivariateMarket, milestones, seriesTags } from '../exchange/catalog';
import { invalidParameters, marketNotFound, notFound } from '../exchange/errors';
import type { Exchange } from '../exchange/exchange';
import { forecastHistory } from '../exchange/forecast';
import { isHistoricalMarket, isHistoricalTrade } from '../exchange/historical';
import type { EventState, MarketState } from '../exchange/types';
import { formatCount } from '../generated/fixed-point';
import {
  eventUpdatedTime,
  iso,
  marketsOfEvent,
  presentEvent,
  presentMarket,
  presentMilestone,
  presentSeries,
  presentTrade,
  seriesUpdatedTime,
  statusMatches,
} from '../shared/present';
import { checkMarketFilters } from './market-filters';
import { arrival, page, stableArrival } from './paginate';
import { presentCandle } from './present-candles';
import type { Query } from './request';
import type { RouteContext, RouteResult } from './routes';

type Route = (ctx: RouteContext) => RouteResult;

const ok = (body: unknown): RouteResult => ({ status: 200, body });
const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);
export const num = (v: unknown) => (typeof v === 'number' ? v : undefined);
/**
 * Comma-separated ticker lists (`tickers=A,B`), as the spec types them. An empty one (`tickers=`) is no filter, as an
 * empty `event_ticker=` is (the notes are silent on empty values).
 */
export const list = (v: unknown) => {
  const values = typeof v === 'string' ? v.split(',').filter(Boolean) : Array.isArray(v) ? v.map(String) : [];
  return values.length ? values : undefined;
};
/** Unix-seconds bounds: `min` exclusive ("after"), `max` inclusive, over a time in ms. */
export const within = (ms: number | undefined, min: number | undefined, max: number | undefined) =>
  (min === undefined || (ms !== undefined && ms > min * 1000)) &&
  (max === undefined || (ms !== undefined && ms <= max * 1000));

/**
 * A page of trades, newest first, from the live set or the historical one (`GET /markets/trades` and
 * `/historical/trades` take the same filters).
 */
export function tradesPage(exchange: Exchange, query: Query, historical: boolean) {
  const trades = exchange.trades
    .filter(
      (t) =>
        isHistoricalTrade(exchange, t) === historical &&
        (!query.ticker || t.ticker === query.ticker) &&
        within(t.time, num(query.min_ts), num(query.max_ts)) &&
        // IsBlockTradeQuery: "Omit to return all trades. Set to `true` to return only block trades. Set to `false`
        // to return only non-block trades."
        (query.is_block_trade === undefined || (t.blockTrade === true) === query.is_block_trade),
    )
    .reverse();
  const tradeSeq = stableArrival(exchange.trades);
  const { items, cursor } = page(trades, query, {
    list: historical ? 'historical_trades' : 'trades',
    key: (t) => [t.time, tradeSeq(t)],
    direction: 'desc',
  });
  return { trades: items.map((t) => presentTrade(t)), cursor };
}

/** The markets still in the live data set. */
export function liveMarkets(exchange: Exchange): MarketState[] {
  return [...exchange.markets.values()].filter((m) => !isHistoricalMarket(exchange, m));
}

/** A live market by ticker; an unknown or archived one is 404, naming `field` (the request's name for it). */
export function liveMarket(exchange: Exchange, ticker: string, field = 'ticker'): MarketState {
  const market = exchange.markets.get(ticker);
  if (!market || isHistoricalMarket(exchange, market)) throw marketNotFound(ticker, field);
  return market;
}

/** An event's markets still in the live data set, as shown (archived ones are historical, notes §6.7). */
export function liveMarketsOf(exchange: Exchange, eventTicker: string) {
  return marketsOfEvent(exchange, eventTicker)
    .filter((m) => !isHistoricalMarket(exchange, m))
    .map((m) => presentMarket(exchange, m));
}

function seriesTickerOf(exchange: Exchange, market: MarketState): string | undefined {
  return exchange.events.get(market.eventTicker)?.seriesTicker;
}

/** `start_ts`, `end_ts`, `period_interval` (validated against the spec's enum before routing). */
export function candleRange(query: Query): CandleRange {
  // The batch endpoint's spec leaves `period_interval` open; its description and the others allow 1, 60 or 1440.
  if (!PERIODS.includes(query.period_interval as (typeof PERIODS)[number]))
    throw invalidParameters('period_interval must be 1, 60 or 1440');
  return { ...timeRange(query), periodMinutes: num(query.period_interval) ?? 1 };
}

/**
 * `start_ts` and `end_ts` of a candle or forecast request. An end before the start holds no candle ("ending on or
 * after" start_ts, "on or before" end_ts) and is most likely two arguments swapped: refused naming end_ts (the spec
 * and the notes are silent on Kalshi's answer; it was a 200 with nothing).
 */
function timeRange(query: Query): { startTs: number; endTs: number } {
  const startTs = num(query.start_ts) ?? 0;
  const endTs = num(query.end_ts) ?? 0;
  if (endTs < startTs) throw invalidParameters(`end_ts: ${endTs} is before start_ts ${startTs}`);
  return { startTs, endTs };
}

/**
 * A market's candles for the query, with the synthetic one of `include_latest_before_start` first. With `budget`, at
 * most that many, cut from the end as GetMarketCandlesticksByEvent cuts its range: the oldest (the synthetic one
 * first, continuity at `start_ts`), so a client resuming from the last `end_period_ts` it got loses nothing.
 */
function marketCandles(exchange: Exchange, market: MarketState, query: Query, budget = Number.POSITIVE_INFINITY) {
  const range = candleRange(query);
  const wanted = query.include_latest_before_start === true && budget > 0;
  const synthetic = wanted ? latestBefore(exchange, market, range) : undefined;
  const out = candles(exchange, market, range, { first: synthetic ? budget - 1 : budget });
  return synthetic ? [synthetic, ...out] : out;
}

/**
 * Splits the batch endpoint's 10,000 candles among its markets: markets needing less than an even share get all they
 * need and leave the rest to the others. The spec says only "up to 10,000 total", and its response
 * (BatchGetMarketCandlesticksResponse) has no `adjusted_end_ts` to say where a cut list stops; the notes are silent
 * on what Kalshi's batch endpoint does at the cap. The mock never gives one market nothing while another gets more
 * than its share, and a market cut short keeps its earliest candles: its list ends early, and the next request
 * starting at its last `end_period_ts` continues it without a hole.
 */
function shareCandles(needs: readonly number[], total: number): number[] {
  const shares = needs.map(() => 0);
  let left = total;
  const order = needs.map((_, i) => i).sort((a, b) => (needs[a] as number) - (needs[b] as number));
  order.forEach((i, rank) => {
    const even = Math.floor(left / (order.length - rank));
    shares[i] = Math.min(needs[i] as number, even);
    left -= shares[i] as number;
  });
  return shares;
}

/**
 * The event a path names (`field`: the path's name for it): 404 when there is none, or when it is not in the series the
 * path names; each naming the path parameter at fault.
 */
function eventOf(exchange: Exchange, field: string, eventTicker: string, seriesTicker?: string): EventState {
  if (seriesTicker !== undefined) seriesOf(exchange, seriesTicker);
  const event = exchange.events.get(eventTicker);
  if (!event) throw notFound(`${field}: no event ${eventTicker}`);
  if (seriesTicker !== undefined && event.seriesTicker !== seriesTicker)
    throw notFound(`${field}: no event ${eventTicker} in series ${seriesTicker}`);
  return event;
}

/** The series a path's `series_ticker` names; 404 naming it when there is none. */
function seriesOf(exchange: Exchange, seriesTicker: string) {
  const series = exchange.series.get(seriesTicker);
  if (!series) throw notFound(`series_ticker: no series ${seriesTicker}`);
  return series;
}

export const marketDataRoutes: Record<string, Route> = {
  // The mock's exchange never pauses: trading hours are the whole week and it has no maintenance windows.
  // A trading pause stops trading; an exchange pause stops everything, trading included (spec ExchangeStatus).
  GetExchangeStatus: ({ exchange: { paused } }) =>
    ok({
      exchange_active: paused?.kind !== 'exchange',
      trading_active: paused === undefined,
      ...(paused?.resumeAt === undefined ? {} : { exchange_estimated_resume_time: iso(paused.resumeAt) }),
    }),

  GetExchangeSchedule: ({ exchange }) => {
    const opened = Math.min(exchange.now(), ...[...exchange.markets.values()].map((m) => m.createdTime));
    const allDay = [{ open_time: '00:00', close_time: '23:59' }];
    return ok({
      schedule: {
        standard_hours: [
          {
            start_time: iso(opened),
            // Open-ended: the last time the engine can represent (timestamps.ts keeps clocks before year 9999).
            end_time: '9999-12-31T23:59:59.000Z',
            monday: allDay,
            tuesday: allDay,
            wednesday: allDay,
            thursday: allDay,
            friday: allDay,
            saturday: allDay,
            sunday: allDay,
          },
        ],
        // A pause with an estimated end reads as a maintenance window (Kalshi lists its weekly one there).
        maintenance_windows: maintenanceWindows(exchange),
      },
    });
  },

  GetMarkets: ({ exchange, query }) => {
    checkMarketFilters(query);
    const tickers = list(query.tickers);
    const series = str(query.series_ticker);
    const markets = liveMarkets(exchange).filter(
      (m) =>
        statusMatches(str(query.status), m.status) &&
        (!query.event_ticker || m.eventTicker === query.event_ticker) &&
        (!series || seriesTickerOf(exchange, m) === series) &&
        (!tickers || tickers.includes(m.ticker)) &&
        within(m.createdTime, num(query.min_created_ts), num(query.max_created_ts)) &&
        within(m.closeTime, num(query.min_close_ts), num(query.max_close_ts)) &&
        within(m.updatedTime, num(query.min_updated_ts), num(query.max_updated_ts)) &&
        (query.min_settled_ts === undefined && query.max_settled_ts === undefined
          ? true
          : within(m.settledTime, num(query.min_settled_ts), num(query.max_settled_ts))) &&
        (query.mve_filter === undefined || (query.mve_filter === 'only') === isMultivariateMarket(exchange, m)),
    );
    const marketSeq = arrival(exchange.markets.keys());
    const { items, cursor } = page(markets, query, {
      list: 'markets',
      key: (m) => [marketSeq(m.ticker)],
      direction: 'asc',
    });
    return ok({ markets: items.map((m) => presentMarket(exchange, m)), cursor });
  },

  GetMarket: ({ exchange, params }) =>
    ok({ market: presentMarket(exchange, liveMarket(exchange, params.ticker as string)) }),

  GetTrades: ({ exchange, query }) => ok(tradesPage(exchange, query, false)),

  GetEvents: ({ exchange, query }) => {
    const tickers = list(query.tickers);
    const minClose = num(query.min_close_ts);
    const events = [...exchange.events.values()].filter((e) => {
      const markets = marketsOfEvent(exchange, e.eventTicker);
      return (
        // "This endpoint excludes multivariate events" (spec GetEvents).
        !isMultivariateEvent(e) &&
        (!query.series_ticker || e.seriesTicker === query.series_ticker) &&
        (!tickers || tickers.includes(e.eventTicker)) &&
        (!query.status || markets.some((m) => statusMatches(str(query.status), m.status))) &&
        (minClose === undefined || markets.some((m) => m.closeTime > minClose * 1000)) &&
        (query.min_updated_ts === undefined ||
          within(eventUpdatedTime(exchange, e.eventTicker), num(query.min_updated_ts), undefined))
      );
    });
    const eventSeq = arrival(exchange.events.keys());
    const { items, cursor } = page(events, query, {
      list: 'events',
      key: (e) => [eventSeq(e.eventTicker)],
      direction: 'asc',
      defaultLimit: 200,
    });
    return ok({
      // "Historical markets settled before the historical cutoff will not be included."
      events: items.map((e) =>
        presentEvent(
          exchange,
          e,
          query.with_nested_markets === true ? liveMarketsOf(exchange, e.eventTicker) : undefined,
        ),
      ),
      cursor,
      // "Array of milestones related to the events" (spec GetEventsResponse): those of the page's events.
      ...(query.with_milestones === true
        ? {
            milestones: milestones(exchange)
              .filter((m) => items.some((e) => e.eventTicker === m.event.eventTicker))
              .map((m) => presentMilestone(exchange, m)),
          }
        : {}),
    });
  },

  GetEvent: ({ exchange, params, query }) => {
    const event = eventOf(exchange, 'event_ticker', params.event_ticker as string);
    const markets = liveMarketsOf(exchange, event.eventTicker);
    return ok({
      event: presentEvent(exchange, event, query.with_nested_markets === true ? markets : undefined),
      markets,
    });
  },

  GetEventMetadata: ({ exchange, params }) => {
    const event = eventOf(exchange, 'event_ticker', params.event_ticker as string);
    // Image paths and colours derived from the tickers: the dataset carries no artwork.
    return ok({
      image_url: `/images/series/${event.seriesTicker}.webp`,
      settlement_sources: [],
      market_details: marketsOfEvent(exchange, event.eventTicker).map((m, i) => ({
        market_ticker: m.ticker,
        image_url: `/images/markets/${m.ticker}.webp`,
        color_code: PALETTE[i % PALETTE.length],
      })),
    });
  },

  GetEventForecastPercentilesHistory: ({ exchange, params, query }) => {
    const event = eventOf(exchange, 'ticker', params.ticker as string, params.series_ticker as string);
    const percentiles = ((query.percentiles as number[] | undefined) ?? []).slice(0, 10);
    // Forecasts also come in 5-second periods (`period_interval=0`).
    const range = { ...timeRange(query), periodMinutes: num(query.period_interval) ?? 0 };
    const markets = marketsOfEvent(exchange, event.eventTicker);
    return ok({
      forecast_history: forecastHistory(exchange, markets, percentiles, range).map((point) => ({
        event_ticker: event.eventTicker,
        end_period_ts: point.endPeriodTs,
        period_interval: range.periodMinutes,
        percentile_points: percentiles.map((percentile) => {
          const value = point.values.get(percentile) as number;
          return {
            percentile,
            raw_numerical_forecast: value,
            numerical_forecast: Math.round(value * 100) / 100,
            formatted_forecast: (Math.round(value * 100) / 100).toLocaleString('en-US'),
          };
        }),
      })),
    });
  },

  GetSeriesList: ({ exchange, query }) => {
    // `tags`, comma-separated as the spec's other list filters (it documents no format): a series carrying any of them.
    const tags = list(query.tags);
    const series = [...exchange.series.values()].filter(
      (s) =>
        (!query.category || s.category === query.category) &&
        (!tags || seriesTags(s).some((tag) => tags.includes(tag))) &&
        (query.min_updated_ts === undefined ||
          within(seriesUpdatedTime(exchange, s.ticker), num(query.min_updated_ts), undefined)),
    );
    return ok({ series: series.map((s) => withVolume(exchange, presentSeries(exchange, s), s.ticker, query)) });
  },

  GetSeries: ({ exchange, params, query }) => {
    const series = seriesOf(exchange, params.series_ticker as string);
    return ok({ series: withVolume(exchange, presentSeries(exchange, series), series.ticker, query) });
  },

  // No fee change is scheduled in the dataset: its series keep the fee type and multiplier they were loaded with, and
  // its events the fee override (EventData fee_type_override / fee_multiplier_override, served on the event and
  // charged). A loaded override is the event's state, not a change: when it was scheduled is not in the file, and the
  // notes do not say whether Kalshi lists an override already in force here, so none is made up.
  GetSeriesFeeChanges: () => ok({ series_fee_change_arr: [] }),
  GetEventFeeChanges: () => ok({ event_fee_changes: [], cursor: '' }),

  // The spec documents no cap on one market's candles: every candle of the range (bounded by the market's life).
  GetMarketCandlesticks: ({ exchange, params, query }) => {
    seriesOf(exchange, params.series_ticker as string);
    const market = liveMarket(exchange, params.ticker as string);
    if (seriesTickerOf(exchange, market) !== params.series_ticker)
      throw notFound(`ticker: no market ${market.ticker} in series ${params.series_ticker}`);
    return ok({ ticker: market.ticker, candlesticks: marketCandles(exchange, market, query).map(presentCandle) });
  },

  BatchGetMarketCandlesticks: ({ exchange, query }) => {
    const tickers = list(query.market_tickers);
    // Required, and sent empty it is refused before here; commas alone name no ticker either.
    if (!tickers) throw invalidParameters(`market_tickers: no ticker, got ${JSON.stringify(query.market_tickers)}`);
    if (tickers.length > 100) throw invalidParameters('market_tickers: at most 100 tickers');
    const markets = tickers.map((ticker) => {
      const market = exchange.markets.get(ticker);
      if (!market || isHistoricalMarket(exchange, market)) throw marketNotFound(ticker, 'market_tickers');
      return market;
    });
    // "Returns up to 10,000 candlesticks total across all markets."
    const range = candleRange(query);
    const synthetic = query.include_latest_before_start === true;
    const needs = markets.map(
      (m) => candleCount(exchange, m, range) + (synthetic && latestBefore(exchange, m, range) ? 1 : 0),
    );
    const shares = shareCandles(needs, MAX_CANDLES);
    return ok({
      markets: markets.map((m, i) => ({
        market_ticker: m.ticker,
        candlesticks: marketCandles(exchange, m, query, shares[i]).map(presentCandle),
      })),
    });
  },

  GetMarketCandlesticksByEvent: ({ exchange, params, query }) => {
    const event = eventOf(exchange, 'ticker', params.ticker as string, params.series_ticker as string);
    const markets = marketsOfEvent(exchange, event.eventTicker).filter((m) => !isHistoricalMarket(exchange, m));
    const range = candleRange(query);
    // At most 10,000 candles in all: when the range holds more, it ends earlier and `adjusted_end_ts` says where.
    const perMarket = Math.floor(MAX_CANDLES / Math.max(1, markets.length));
    const lists = markets.map((m) => candles(exchange, m, range, { first: perMarket + 1 }));
    const truncated = lists.some((l) => l.length > perMarket);
    const adjustedEnd = truncated
      ? Math.min(...lists.filter((l) => l.length > perMarket).map((l) => l[perMarket - 1]?.endPeriodTs ?? 0))
      : range.endTs;
    return ok({
      market_tickers: markets.map((m) => m.ticker),
      market_candlesticks: lists.map((l) => l.filter((c) => c.endPeriodTs <= adjustedEnd).map(presentCandle)),
      adjusted_end_ts: adjustedEnd,
    });
  },
};

function withVolume(exchange: Exchange, series: Record<string, unknown>, ticker: string, query: Query) {
  if (query.include_volume !== true) return series;
  let volume = 0;
  for (const m of exchange.markets.values()) if (seriesTickerOf(exchange, m) === ticker) volume += m.volume;
  return { ...series, volume_fp: formatCount(volume) };
}

const PALETTE = ['#0B6E4F', '#D1495B', '#2E86AB', '#EDAE49', '#5C415D', '#3D5A80'];

function maintenanceWindows({ paused }: Exchange): { start_datetime: string; end_datetime: string }[] {
  if (paused?.resumeAt === undefined || paused.resumeAt < paused.since) return [];
  return [{ start_datetime: iso(paused.since), end_datetime: iso(paused.resumeAt) }];
}
