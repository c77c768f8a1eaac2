// The discovery catalog around the markets: multivariate collections (and the combo markets created in them),
// milestones, structured targets, search tags and sport filters, incentive programs. Everything is derived from
// the exchange's series, events and markets, so every id and ticker here resolves in its own GET and in /markets.
import { formatDollars } from '../generated/fixed-point';
import { ONE_DOLLAR } from './book';
import { exchangeError, invalidParameters, notFound } from './errors';
import type { Exchange } from './exchange';
import { floorToBalancePrecision } from './fee-rounding';
import { determineMarket, yesSettlementValue } from './lifecycle';
import { stableUuid } from './rng';
import type { EventState, MarketState, SeriesState } from './types';

/** What the default dataset's series are about; series without an entry get no tags, sport or milestones. */
interface SeriesProfile {
  readonly tags: readonly string[];
  /** Weather series: the city of the temperature index behind them. */
  readonly weatherCity?: string;
  /** Sports series: one milestone (a game) per event, one structured target (a team) per market. */
  readonly sport?: {
    readonly sport: string;
    readonly competition: string;
    /** The league its teams (structured targets) play in: what GetStructuredTargets `competition` matches. */
    readonly league: string;
    readonly scope: string;
    readonly milestoneType: string;
    readonly targetType: string;
  };
}

const PROFILES: Readonly<Record<string, SeriesProfile>> = {
  KXHIGHNY: { tags: ['Daily temperature', 'New York'], weatherCity: 'nyc' },
  KXFED: { tags: ['Fed', 'Interest rates'] },
  KXBTCD: { tags: ['BTC'] },
  KXNBAGAME: {
    tags: ['Basketball', 'NBA'],
    sport: {
      sport: 'Basketball',
      competition: 'Pro Basketball',
      league: 'NBA',
      scope: 'Games',
      milestoneType: 'basketball_game',
      targetType: 'basketball_team',
    },
  },
  KXCPI: { tags: ['Inflation', 'CPI'] },
};

/** The series ticker of every collection; its events and markets are `KXMVECOMBO-<date>[-<id>]`. */
export const COLLECTION_SERIES = 'KXMVECOMBO';

export interface CollectionState {
  readonly ticker: string;
  readonly date: string;
  /** The plain events a combo can pick one market from (one per series, same date). */
  readonly events: readonly EventState[];
  readonly openTime: number;
  readonly closeTime: number;
}

export interface ComboLeg {
  readonly eventTicker: string;
  readonly marketTicker: string;
  readonly side: 'yes' | 'no';
}

export interface ComboMarket {
  readonly collectionTicker: string;
  readonly legs: readonly ComboLeg[];
}

export interface MilestoneState {
  readonly id: string;
  readonly event: EventState;
  readonly series: SeriesState;
  readonly sport: NonNullable<SeriesProfile['sport']>;
  /** When the game starts: the close time of its markets (trading stops at the start). */
  readonly start: number;
}

export interface StructuredTargetState {
  readonly id: string;
  readonly name: string;
  readonly type: string;
  readonly competition: string;
  readonly league: string;
  readonly updated: number;
}

export interface IncentiveState {
  readonly id: string;
  readonly market: MarketState;
  readonly type: 'liquidity' | 'volume';
  /** Reward per period, centi-cents. */
  readonly periodReward: number;
  /** Contracts (centi-contracts) a quote must show to earn the liquidity reward. */
  readonly targetSize: number;
}

/** Combo markets created in collections, per exchange; cleared on reset. */
const combos = new WeakMap<Exchange, Map<string, ComboMarket>>();

/** Combo markets created in collections; each is determined as its legs are (resolveCombos). */
export function comboMarkets(exchange: Exchange): Map<string, ComboMarket> {
  let map = combos.get(exchange);
  if (!map) {
    const created = new Map<string, ComboMarket>();
    exchange.changes.on((event) => {
      if (event.type === 'reset') created.clear();
      else if (event.type === 'market' && event.status === 'determined') resolveCombos(exchange, event.ticker);
    });
    combos.set(exchange, created);
    map = created;
  }
  return map;
}

/** What a leg's selected side pays per contract (micro-dollars) once its market is determined; undefined before. */
function legValue(exchange: Exchange, leg: ComboLeg): number | undefined {
  const market = exchange.markets.get(leg.marketTicker);
  const yes = market && yesSettlementValue(market);
  if (yes === undefined) return undefined;
  return leg.side === 'yes' ? yes : ONE_DOLLAR - yes;
}

/**
 * Determines the combos that leg market `ticker` decides, on the path every market takes (lifecycle.ts: closed if still
 * trading, its resting orders canceled and its RFQs ended, `determined`, then settled and paid once its own
 * `settlement_timer_seconds` has run). A combo "Pays $1 when every selected leg resolves to its selected side" (its
 * collection's `functional_description`): YES once every leg has, NO as soon as one leg has not (its outcome is then
 * known; trading on it must stop). The notes are silent on combo settlement and on legs settled `scalar` (spec
 * MveSelectedLeg.yes_settlement_value_dollars gives each leg a value): a combo pays the product of what its legs'
 * selected sides pay, floored to $0.0001 (Kalshi's settlement-value grid): $1 when all win, $0 when one loses, and
 * between them a `scalar` result with that settlement value.
 */
function resolveCombos(exchange: Exchange, ticker: string): void {
  for (const [comboTicker, combo] of comboMarkets(exchange)) {
    const market = exchange.markets.get(comboTicker);
    if (market?.result !== '' || !combo.legs.some((leg) => leg.marketTicker === ticker)) continue;
    const values = combo.legs.map((leg) => legValue(exchange, leg));
    if (values.some((value) => value === 0)) determineMarket(exchange, comboTicker, 'no');
    else if (values.every((value) => value !== undefined)) {
      // Exact in bigint (micro-dollars multiplied leg by leg), floored once.
      const unit = BigInt(ONE_DOLLAR);
      const product = values.reduce((acc: bigint, value) => acc * BigInt(value as number), 1n);
      const micro = Number(product / unit ** BigInt(values.length - 1));
      const value = floorToBalancePrecision(micro);
      if (value === ONE_DOLLAR) determineMarket(exchange, comboTicker, 'yes');
      else if (value === 0) determineMarket(exchange, comboTicker, 'no');
      else determineMarket(exchange, comboTicker, 'scalar', { settlementValueDollars: formatDollars(value) });
    }
  }
}

/** The combo legs of a market created in a collection (for presenters: `mve_collection_ticker`, `mve_selected_legs`). */
export function comboOf(exchange: Exchange, ticker: string): ComboMarket | undefined {
  return comboMarkets(exchange).get(ticker);
}

/**
 * Whether an event is multivariate: a collection's event, which holds its combo markets (GET /events leaves these out,
 * GET /events/multivariate lists them; notes §6.6).
 */
export function isMultivariateEvent(event: Pick<EventState, 'seriesTicker'>): boolean {
  return event.seriesTicker === COLLECTION_SERIES;
}

/** Whether a market is a combo market created in a collection (`mve_filter=only` selects these). */
export function isMultivariateMarket(exchange: Exchange, market: MarketState): boolean {
  return comboOf(exchange, market.ticker) !== undefined;
}

export function seriesTags(series: SeriesState): readonly string[] {
  return PROFILES[series.ticker]?.tags ?? [];
}

const plainEvents = (exchange: Exchange) => [...exchange.events.values()].filter((e) => !isMultivariateEvent(e));
const marketsOf = (exchange: Exchange, eventTicker: string) =>
  [...exchange.markets.values()].filter((m) => m.eventTicker === eventTicker);
const dateOf = (event: EventState) => event.eventTicker.slice(event.eventTicker.indexOf('-') + 1);

/** Each collection's open and close dates, fixed when it first appears; cleared on reset. */
const collectionDates = new WeakMap<Exchange, Map<string, { readonly openTime: number; readonly closeTime: number }>>();

function datesOf(exchange: Exchange) {
  const known = collectionDates.get(exchange);
  if (known) return known;
  const map = new Map<string, { readonly openTime: number; readonly closeTime: number }>();
  collectionDates.set(exchange, map);
  return map;
}

/**
 * One collection per event date that at least two series share: pick one market per event (parlay style). Open from
 * the latest open time to the earliest close time of its markets, as scheduled when the collection appears: the
 * spec gives a collection its own open and close dates, so a leg market closing early (determined before its close
 * time) changes neither them nor the collection's status.
 */
export function collections(exchange: Exchange): CollectionState[] {
  const byDate = new Map<string, EventState[]>();
  for (const event of plainEvents(exchange)) {
    if (!event.eventTicker.includes('-')) continue;
    const list = byDate.get(dateOf(event)) ?? [];
    list.push(event);
    byDate.set(dateOf(event), list);
  }
  const out: CollectionState[] = [];
  for (const [date, events] of byDate) {
    const markets = events.flatMap((e) => marketsOf(exchange, e.eventTicker));
    if (events.length < 2 || markets.length === 0) continue;
    const ticker = `${COLLECTION_SERIES}-${date}`;
    let dates = datesOf(exchange).get(ticker);
    if (!dates) {
      dates = {
        openTime: Math.max(...markets.map((m) => m.openTime)),
        closeTime: Math.min(...markets.map((m) => m.closeTime)),
      };
      datesOf(exchange).set(ticker, dates);
    }
    out.push({ ticker, date, events, ...dates });
  }
  return out;
}

export function collection(exchange: Exchange, ticker: string): CollectionState {
  const found = collections(exchange).find((c) => c.ticker === ticker);
  if (!found) throw notFound(`collection_ticker: no collection ${ticker}`);
  return found;
}

/**
 * Creates (or finds: the same legs always give the same ticker) the combo market for a selection of one market per
 * event of the collection. Its event is the collection's multivariate event; it trades like any market (RFQs).
 */
export function createComboMarket(
  exchange: Exchange,
  collectionTicker: string,
  legs: readonly ComboLeg[],
): MarketState {
  const found = collection(exchange, collectionTicker);
  const now = exchange.now();
  if (now < found.openTime || now >= found.closeTime)
    throw invalidParameters(`collection_ticker: ${collectionTicker} is not open`);
  if (legs.length < 2 || legs.length > found.events.length)
    throw invalidParameters(`selected_markets must name between 2 and ${found.events.length} markets`);
  const seen = new Set<string>();
  for (const [i, leg] of legs.entries()) {
    const market = exchange.markets.get(leg.marketTicker);
    if (!found.events.some((e) => e.eventTicker === leg.eventTicker) || market?.eventTicker !== leg.eventTicker)
      throw invalidParameters(
        `selected_markets[${i}].market_ticker: ${leg.marketTicker} is not a market of an event in ${collectionTicker}`,
      );
    if (market.status !== 'active')
      throw exchangeError(
        400,
        'market_inactive',
        'market is not open for trading',
        `selected_markets[${i}].market_ticker: ${leg.marketTicker}`,
      );
    if (seen.has(leg.eventTicker))
      throw invalidParameters(
        `selected_markets[${i}].event_ticker: ${leg.eventTicker} has a leg already (one market per event)`,
      );
    seen.add(leg.eventTicker);
  }
  const sorted = [...legs].sort((a, b) => a.marketTicker.localeCompare(b.marketTicker));
  const key = sorted.map((l) => `${l.marketTicker}:${l.side}`).join(',');
  const ticker = `${collectionTicker}-${stableUuid(key).slice(0, 8).toUpperCase()}`;
  const existing = exchange.markets.get(ticker);
  if (existing) return existing;
  const market = exchange.addMarket({
    ticker,
    eventTicker: collectionTicker,
    title: sorted.map((l) => `${l.side} ${exchange.markets.get(l.marketTicker)?.yesSubTitle}`).join(', '),
    yesSubTitle: sorted.map((l) => `${l.side} ${l.marketTicker}`).join(', '),
    status: 'active',
    createdTime: now,
    openTime: now,
    closeTime: found.closeTime,
  });
  // Spec Market.no_sub_title: "Shortened title for the no side of this market". A combo pays YES when every leg
  // resolves to its selected side, so its NO side is that not all do (the notes record no combo's NO subtitle).
  market.noSubTitle = `not all of: ${market.yesSubTitle}`;
  comboMarkets(exchange).set(ticker, { collectionTicker, legs: sorted });
  return market;
}

/** One milestone per event of a sports series. */
export function milestones(exchange: Exchange): MilestoneState[] {
  const out: MilestoneState[] = [];
  for (const event of plainEvents(exchange)) {
    const series = exchange.series.get(event.seriesTicker);
    const sport = series && PROFILES[series.ticker]?.sport;
    const markets = marketsOf(exchange, event.eventTicker);
    if (!series || !sport || markets.length === 0) continue;
    out.push({
      id: stableUuid(`milestone:${event.eventTicker}`),
      event,
      series,
      sport,
      start: Math.min(...markets.map((m) => m.closeTime)),
    });
  }
  return out.sort((a, b) => a.start - b.start);
}

export function milestone(exchange: Exchange, id: string): MilestoneState {
  const found = milestones(exchange).find((m) => m.id === id);
  if (!found) throw notFound(`milestone_id: no milestone ${id}`);
  return found;
}

/**
 * A game's state on the exchange clock: before its start `scheduled`, after it while its markets are undecided
 * `in_progress`, once they are determined `closed`.
 */
export function gameStatus(exchange: Exchange, m: MilestoneState): 'scheduled' | 'in_progress' | 'closed' {
  const markets = marketsOf(exchange, m.event.eventTicker);
  if (markets.every((x) => x.result !== '')) return 'closed';
  return exchange.now() < m.start ? 'scheduled' : 'in_progress';
}

/** One structured target (a team) per market suffix of a sports series. */
export function structuredTargets(exchange: Exchange): StructuredTargetState[] {
  const out = new Map<string, StructuredTargetState>();
  for (const market of exchange.markets.values()) {
    const event = exchange.events.get(market.eventTicker);
    const sport = event && PROFILES[event.seriesTicker]?.sport;
    if (!sport) continue;
    const name = market.ticker.slice(market.eventTicker.length + 1);
    const id = stableUuid(`target:${sport.targetType}:${name}`);
    const known = out.get(id);
    if (!known || known.updated > market.createdTime)
      out.set(id, {
        id,
        name,
        type: sport.targetType,
        competition: sport.competition,
        league: sport.league,
        updated: market.createdTime,
      });
  }
  return [...out.values()].sort((a, b) => a.name.localeCompare(b.name));
}

export function structuredTarget(exchange: Exchange, id: string): StructuredTargetState {
  const found = structuredTargets(exchange).find((t) => t.id === id);
  if (!found) throw notFound(`structured_target_id: no structured target ${id}`);
  return found;
}

/** Categories → tags of their series (every category of the dataset, tags in series order). */
export function tagsByCategory(exchange: Exchange): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const series of exchange.series.values()) {
    if (series.ticker === COLLECTION_SERIES) continue;
    out[series.category] ??= [];
    const tags = out[series.category] as string[];
    for (const tag of seriesTags(series)) if (!tags.includes(tag)) tags.push(tag);
  }
  return out;
}

/** Sports of the dataset's sports series, with their competitions and scopes. */
export function sportFilters(exchange: Exchange): {
  filters: Record<string, { scopes: string[]; competitions: Record<string, { scopes: string[] }> }>;
  ordering: string[];
} {
  const filters: Record<string, { scopes: string[]; competitions: Record<string, { scopes: string[] }> }> = {};
  for (const series of exchange.series.values()) {
    const sport = PROFILES[series.ticker]?.sport;
    if (!sport) continue;
    filters[sport.sport] ??= { scopes: [], competitions: {} };
    const entry = filters[sport.sport] as (typeof filters)[string];
    if (!entry.scopes.includes(sport.scope)) entry.scopes.push(sport.scope);
    entry.competitions[sport.competition] ??= { scopes: [] };
    const competition = entry.competitions[sport.competition] as { scopes: string[] };
    if (!competition.scopes.includes(sport.scope)) competition.scopes.push(sport.scope);
  }
  return { filters, ordering: Object.keys(filters).sort() };
}

/**
 * Incentive programs: a liquidity program on the first market of every event, a volume program on its second;
 * each runs over its market's trading window. Rewards are fixed per program ($100 a period).
 */
export function incentives(exchange: Exchange): IncentiveState[] {
  const out: IncentiveState[] = [];
  for (const event of plainEvents(exchange)) {
    const markets = marketsOf(exchange, event.eventTicker);
    markets.slice(0, 2).forEach((market, i) => {
      out.push({
        id: stableUuid(`incentive:${market.ticker}`),
        market,
        type: i === 0 ? 'liquidity' : 'volume',
        periodReward: 1_000_000,
        targetSize: 10_000,
      });
    });
  }
  return out;
}

/** An incentive's state on the exchange clock (the spec's status filter values). */
export function incentiveStatus(exchange: Exchange, p: IncentiveState): 'active' | 'upcoming' | 'closed' | 'paid_out' {
  const now = exchange.now();
  if (now < p.market.openTime) return 'upcoming';
  if (now < p.market.closeTime) return 'active';
  return p.market.status === 'finalized' ? 'paid_out' : 'closed';
}

/** A city with a temperature index (one of the dataset's weather series); 404 otherwise. */
export function weatherCity(exchange: Exchange, city: string): string {
  for (const series of exchange.series.values()) if (PROFILES[series.ticker]?.weatherCity === city) return city;
  throw notFound(`city: no temperature index for ${city}`);
}

/**
 * Registers the collections' series with the exchange, now and after every reset, so the `series_ticker` every
 * collection names resolves in GET /series/{ticker}; fixes the collections' dates as they appear.
 */
export function installCatalog(exchange: Exchange): void {
  const add = () => {
    if (collections(exchange).length === 0) return;
    exchange.series.set(COLLECTION_SERIES, {
      ticker: COLLECTION_SERIES,
      title: 'Multivariate combos',
      category: 'Sports',
      frequency: 'custom',
      feeType: 'quadratic',
      feeMultiplierBp: 10_000,
    });
  };
  add();
  exchange.changes.on((event) => {
    if (event.type === 'reset') {
      datesOf(exchange).clear();
      add();
    }
    // A new market may start a collection: its dates are fixed now, before any of its markets can close early.
    if (event.type === 'market-created') collections(exchange);
  });
}
