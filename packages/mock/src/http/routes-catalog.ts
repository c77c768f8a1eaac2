// Multivariate collections, milestones and live data, structured targets, search and incentive programs, from the
// catalog derived from the exchange's dataset (exchange/catalog.ts).
import {
  COLLECTION_SERIES,
  type CollectionState,
  collection,
  collections,
  comboMarkets,
  createComboMarket,
  gameStatus,
  type IncentiveState,
  incentiveStatus,
  incentives,
  type MilestoneState,
  milestone,
  milestones,
  type StructuredTargetState,
  sportFilters,
  structuredTarget,
  structuredTargets,
  tagsByCategory,
  weatherCity,
} from '../exchange/catalog';
import { notFound } from '../exchange/errors';
import type { Exchange } from '../exchange/exchange';
import { communications, communicationsId } from '../exchange/rfqs';
import type { EventState } from '../exchange/types';
import { formatCount } from '../generated/fixed-point';
import { iso, presentEvent, presentMarket, presentMilestone } from '../shared/present';
import { idOf } from '../stream/messages';
import { arrival, page } from './paginate';
import type { RouteContext, RouteResult } from './routes';
import { liveMarketsOf, num, within } from './routes-market-data';

type Json = Record<string, unknown>;
type Route = (ctx: RouteContext) => RouteResult;

const ok = (body: unknown): RouteResult => ({ status: 200, body });
const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);

/** Users quoting open RFQs on the collection's combo markets, by their public communications id. */
function activeQuoters(exchange: Exchange, c: CollectionState): string[] {
  const desk = communications(exchange);
  const ids = new Set<string>();
  for (const quote of desk.quotes.values()) {
    if (quote.status === 'open' && comboMarkets(exchange).get(quote.ticker)?.collectionTicker === c.ticker)
      ids.add(communicationsId(quote.userId));
  }
  return [...ids];
}

function presentCollection(exchange: Exchange, c: CollectionState): Json {
  const quoters = activeQuoters(exchange, c);
  return {
    collection_ticker: c.ticker,
    series_ticker: COLLECTION_SERIES,
    title: `Combos on ${c.date}`,
    description: `One market from each of up to ${c.events.length} events on ${c.date}`,
    open_date: iso(c.openTime),
    close_date: iso(c.closeTime),
    associated_events: c.events.map((e) => ({ ticker: e.eventTicker, is_yes_only: false, active_quoters: quoters })),
    associated_event_tickers: c.events.map((e) => e.eventTicker),
    is_ordered: false,
    is_single_market_per_event: true,
    is_all_yes: false,
    size_min: 2,
    size_max: c.events.length,
    functional_description: 'Pays $1 when every selected leg resolves to its selected side.',
    exchange_index: 0,
  };
}

function collectionStatus(exchange: Exchange, c: CollectionState): 'unopened' | 'open' | 'closed' {
  const now = exchange.now();
  return now < c.openTime ? 'unopened' : now < c.closeTime ? 'open' : 'closed';
}

/** Live data of a game: what the exchange knows about it (its state on the exchange clock). */
function liveData(exchange: Exchange, m: MilestoneState): Json {
  return {
    type: m.sport.milestoneType,
    details: { status: gameStatus(exchange, m), competition: m.sport.competition },
    milestone_id: m.id,
  };
}

function presentTarget(t: StructuredTargetState): Json {
  return {
    id: t.id,
    name: t.name,
    type: t.type,
    details: { league: t.league, competition: t.competition },
    last_updated_ts: iso(t.updated),
  };
}

function presentIncentive(exchange: Exchange, p: IncentiveState): Json {
  return {
    id: p.id,
    market_id: idOf(exchange, p.market.ticker),
    market_ticker: p.market.ticker,
    incentive_type: p.type,
    incentive_description: `${p.type === 'liquidity' ? 'Liquidity' : 'Volume'} incentive on ${p.market.ticker}`,
    start_date: iso(p.market.openTime),
    end_date: iso(p.market.closeTime),
    period_reward: p.periodReward,
    paid_out: incentiveStatus(exchange, p) === 'paid_out',
    ...(p.type === 'liquidity' ? { target_size_fp: formatCount(p.targetSize) } : {}),
  };
}

const liveDataOf: Route = ({ exchange, params }) => {
  const m = milestone(exchange, params.milestone_id as string);
  if (params.type !== undefined && params.type !== m.sport.milestoneType)
    throw notFound(`type: milestone ${m.id} is a ${m.sport.milestoneType}, not a ${params.type}`);
  return ok({ live_data: liveData(exchange, m) });
};

export const catalogRoutes: Record<string, Route> = {
  GetMultivariateEventCollections: ({ exchange, query }) => {
    const list = collections(exchange).filter(
      (c) =>
        (!query.status || collectionStatus(exchange, c) === query.status) &&
        (!query.associated_event_ticker || c.events.some((e) => e.eventTicker === query.associated_event_ticker)) &&
        // "Only return collections with a particular series ticker": the collection's own (every one's is
        // COLLECTION_SERIES), not an associated event's; `associated_event_ticker` filters by those.
        (!query.series_ticker || query.series_ticker === COLLECTION_SERIES),
    );
    const eventSeq = arrival(exchange.events.keys());
    // In the order of each collection's first event (its date's), as collections() builds them.
    const { items, cursor } = page(list, query, {
      list: 'multivariate_event_collections',
      key: (c) => [eventSeq(c.events[0]?.eventTicker ?? ''), c.ticker],
      direction: 'asc',
    });
    return ok({ multivariate_contracts: items.map((c) => presentCollection(exchange, c)), cursor });
  },

  GetMultivariateEventCollection: ({ exchange, params }) =>
    ok({
      multivariate_contract: presentCollection(exchange, collection(exchange, params.collection_ticker as string)),
    }),

  CreateMarketInMultivariateEventCollection: ({ exchange, params, body }) => {
    const legs = ((body.selected_markets ?? []) as Json[]).map((leg) => ({
      eventTicker: String(leg.event_ticker),
      marketTicker: String(leg.market_ticker),
      side: leg.side as 'yes' | 'no',
    }));
    const market = createComboMarket(exchange, params.collection_ticker as string, legs);
    return ok({
      event_ticker: market.eventTicker,
      market_ticker: market.ticker,
      ...(body.with_market_payload === true ? { market: presentMarket(exchange, market) } : {}),
    });
  },

  GetMultivariateEvents: ({ exchange, query }) => {
    const tickers = new Set([...comboMarkets(exchange).values()].map((c) => c.collectionTicker));
    const events = [...tickers]
      .map((t) => exchange.events.get(t))
      .filter((e) => e !== undefined)
      .filter(
        (e) =>
          (!query.series_ticker || e.seriesTicker === query.series_ticker) &&
          (!query.collection_ticker || e.eventTicker === query.collection_ticker),
      );
    const eventSeq = arrival(exchange.events.keys());
    const { items, cursor } = page(events, query, {
      list: 'multivariate_events',
      key: (e) => [eventSeq(e.eventTicker)],
      direction: 'asc',
    });
    const nested = (e: EventState) =>
      query.with_nested_markets === true ? liveMarketsOf(exchange, e.eventTicker) : undefined;
    return ok({ events: items.map((e) => presentEvent(exchange, e, nested(e))), cursor });
  },

  GetMilestones: ({ exchange, query }) => {
    const minStart = str(query.minimum_start_date) ? Date.parse(query.minimum_start_date as string) : undefined;
    const list = milestones(exchange)
      .map((m) => [m, presentMilestone(exchange, m)] as const)
      .filter(
        ([m, shown]) =>
          (minStart === undefined || m.start >= minStart) &&
          (!query.category || m.series.category === query.category) &&
          (!query.competition || m.sport.competition === query.competition) &&
          (!query.type || m.sport.milestoneType === query.type) &&
          (!query.related_event_ticker || m.event.eventTicker === query.related_event_ticker) &&
          // The mock's milestones carry no source id (Milestone.source_id left out): a source_id filter matches none.
          !str(query.source_id) &&
          within(Date.parse(shown.last_updated_ts as string), num(query.min_updated_ts), undefined),
      );
    const eventSeq = arrival(exchange.events.keys());
    const { items, cursor } = page(list, query, {
      list: 'milestones',
      key: ([m]) => [m.start, eventSeq(m.event.eventTicker)],
      direction: 'asc',
    });
    return ok({ milestones: items.map(([, shown]) => shown), cursor });
  },

  GetMilestone: ({ exchange, params }) =>
    ok({ milestone: presentMilestone(exchange, milestone(exchange, params.milestone_id as string)) }),

  GetLiveDataByMilestone: liveDataOf,
  GetLiveData: liveDataOf,

  GetLiveDatas: ({ exchange, query }) => {
    const wanted = (query.milestone_ids as string[] | undefined) ?? [];
    const known = milestones(exchange).filter((m) => wanted.includes(m.id));
    return ok({ live_datas: known.map((m) => liveData(exchange, m)) });
  },

  // No play-by-play feed behind the mock's games: the spec's answer for a milestone without one is no `pbp`.
  GetGameStats: ({ exchange, params }) => {
    milestone(exchange, params.milestone_id as string);
    return ok({});
  },

  GetEventLiveData: ({ exchange, params }) => {
    const m = milestones(exchange).find((x) => x.event.eventTicker === params.event_ticker);
    if (!m) throw notFound(`event_ticker: no live data for event ${params.event_ticker}`);
    const status = gameStatus(exchange, m);
    return ok({
      live_data: {
        type: m.sport.milestoneType,
        details: liveData(exchange, m).details,
        is_historical: status === 'closed',
      },
    });
  },

  // Cities with a temperature index: those of the dataset's weather series. The mock records no station readings,
  // so every window is empty ("config_version: empty when no points matched the window").
  GetWeatherIndex: ({ exchange, params }) => {
    const city = weatherCity(exchange, params.city as string);
    return ok({ city, units: 'fahrenheit', timeseries: [] });
  },

  GetWeatherIndexCalibrations: ({ exchange, params }) => {
    const city = weatherCity(exchange, params.city as string);
    return ok({ city, units: 'celsius', calibrations: [] });
  },

  GetStructuredTargets: ({ exchange, query }) => {
    const ids = Array.isArray(query.ids) && query.ids.length ? new Set(query.ids as string[]) : undefined;
    const list = structuredTargets(exchange).filter(
      (t) =>
        (!ids || ids.has(t.id)) &&
        (!query.type || t.type === query.type) &&
        // "Matches against the league, conference, division, or tour in the structured target details, or any entry
        // in the details leagues array": the mock's targets have a league only (competition is the milestones' name).
        (!query.competition || t.league === query.competition),
    );
    const { items, cursor } = page(
      list,
      { ...query, limit: query.page_size },
      { list: 'structured_targets', key: (t) => [t.name, t.id], direction: 'asc' },
    );
    return ok({ structured_targets: items.map(presentTarget), cursor });
  },

  GetStructuredTarget: ({ exchange, params }) =>
    ok({ structured_target: presentTarget(structuredTarget(exchange, params.structured_target_id as string)) }),

  GetTagsForSeriesCategories: ({ exchange }) => ok({ tags_by_categories: tagsByCategory(exchange) }),

  GetFiltersForSports: ({ exchange }) => {
    const { filters, ordering } = sportFilters(exchange);
    return ok({ filters_by_sports: filters, sport_ordering: ordering });
  },

  GetIncentivePrograms: ({ exchange, query }) => {
    const list = incentives(exchange).filter(
      (p) =>
        (!query.status || query.status === 'all' || incentiveStatus(exchange, p) === query.status) &&
        (!query.type || query.type === 'all' || p.type === query.type) &&
        (!query.incentive_description ||
          presentIncentive(exchange, p).incentive_description === query.incentive_description),
    );
    const eventSeq = arrival(exchange.events.keys());
    const marketSeq = arrival(exchange.markets.keys());
    const { items, cursor } = page(list, query, {
      list: 'incentive_programs',
      key: (p) => [eventSeq(p.market.eventTicker), marketSeq(p.market.ticker)],
      direction: 'asc',
    });
    return ok({ incentive_programs: items.map((p) => presentIncentive(exchange, p)), next_cursor: cursor });
  },
};
