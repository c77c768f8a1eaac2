// The dataset file: Kalshi's public market structure (series, events, markets with their books and recent trades)
// as captured by `kalshi-mock capture`, in Kalshi's own field names and fixed-point strings. Version 1.
//
//   { "format": "kalshi-mock-dataset", "version": 1, "captured_at": "2026-12-01T15:00:00Z", "source": "<base URL>",
//     "series":  [{ "ticker", "title", "category", "frequency", "fee_type", "fee_multiplier" }],
//     "events":  [{ "event_ticker", "series_ticker", "title", "sub_title", "mutually_exclusive",
//                   "fee_type_override"?, "fee_multiplier_override"? }],
//     "markets": [{ "ticker", "event_ticker", "id"?, "title", "yes_sub_title", "status", "open_time", "close_time",
//                   "created_time"?, "updated_time"?,
//                   "result"?, "settlement_value_dollars"?, "settlement_timer_seconds"?, "last_price_dollars"?,
//                   "volume_fp"?, "open_interest_fp"?,
//                   "price_level_structure"?: "deci_cent", "price_ranges"?: [{ "start", "end", "step" }],
//                   "orderbook"?: { "yes_dollars": [["0.4200", "10.00"]], "no_dollars": [...] },   (REST orderbook_fp)
//                   "trades"?: [{ "trade_id", "yes_price_dollars", "count_fp", "taker_side", "created_time",
//                                 "is_block_trade"? }] }] }
// (trades newest first, as GET /markets/trades returns them). A market's price grid is its `price_ranges` (as GET
// /markets returns them), else the ranges its `price_level_structure` names, else 1 cent. Fields marked ? are
// optional: files written before capture kept them still load (created_time and updated_time then read open_time,
// open_interest_fp 0).
//
// A file is checked whole before anything is served (checkDataset): besides the schema, every date-time a real instant
// from 1970 to 9999, every dollar value one the mock can write back with Kalshi's 4 decimals, every count one it can
// count exactly (a book level's and a trade's > 0), no book crossed, no price twice on one side of a book, no ticker or
// trade id twice, no `flat` fee type (series or event override: the mock does not have Kalshi's table for it), an
// event's fee override both fields or neither.
import { Ajv, type ErrorObject } from 'ajv';
import { formatCount, formatDollars, parseCount, parseDollars } from '../generated/fixed-point';
import { fieldPath } from '../schema/validate';
import { HOUSE_CASH } from './accounts';
import { crossedLevels, MAX_BOOK_COUNT, ONE_DOLLAR, repeatedLevel } from './book';
import { restingCollateral } from './collateral';
import type { Dataset, MarketSeed } from './dataset';
import { hasFourDecimals, resultProblem } from './market-input';
import { coarsestStep, gridProblem, namedGrid, onGrid, PRICE_LEVEL_STRUCTURES, type PriceRange } from './price-grid';
import { MAX_TIMESTAMP_MS } from './timestamps';
import type { FeeSchedule, FeeType, MarketStatus, SeriesState, TradeRecord } from './types';

/** The `format` field of a dataset file. */
export const DATASET_FORMAT = 'kalshi-mock-dataset';
/** The `version` field of a dataset file this mock reads. */
export const DATASET_VERSION = 1;

type Level = [string, string];
/** A captured dataset (`kalshi-mock capture`): series, events and markets in Kalshi's field names. */
export interface DatasetFile {
  /** Always `kalshi-mock-dataset`. */
  readonly format: typeof DATASET_FORMAT;
  /** The file format's version: 1. */
  readonly version: 1;
  /** When it was captured, an ISO 8601 date-time. */
  readonly captured_at?: string;
  /** The base URL it was captured from. */
  readonly source?: string;
  /** The series, in Kalshi's Series fields. */
  readonly series: readonly {
    /** Series `ticker`. */
    ticker: string;
    /** Series `title`. */
    title: string;
    /** Series `category`. */
    category: string;
    /** Series `frequency` (e.g. `daily`). */
    frequency: string;
    /** Series `fee_type` (`quadratic`, `quadratic_with_maker_fees`, …; `flat` is refused). */
    fee_type: string;
    /** Series `fee_multiplier`. */
    fee_multiplier: number;
  }[];
  /** The events, in Kalshi's Event fields. */
  readonly events: readonly {
    /** Event `event_ticker`. */
    event_ticker: string;
    /** Event `series_ticker`: its series. */
    series_ticker: string;
    /** Event `title`. */
    title: string;
    /** Event `sub_title`. */
    sub_title: string;
    /** Event `mutually_exclusive`: at most one of its markets resolves YES. */
    mutually_exclusive: boolean;
    /** Event `fee_type_override`: with the multiplier, the event's markets' fee terms instead of the series'. */
    fee_type_override?: string | null;
    /** Event `fee_multiplier_override` (paired with `fee_type_override`). */
    fee_multiplier_override?: number | null;
  }[];
  /** The markets, in Kalshi's Market fields, with their books and recent trades. */
  readonly markets: readonly {
    /** Market `ticker`. */
    ticker: string;
    /** Market `event_ticker`: its event. */
    event_ticker: string;
    /** Market `id` (a UUID), when captured. */
    id?: string;
    /** Market `title`. */
    title: string;
    /** Market `yes_sub_title`. */
    yes_sub_title: string;
    /** Market `status` (`initialized`, `inactive`, `active`, `closed`, `determined`, `disputed`, `amended`, `finalized`). */
    status: string;
    /** Market `open_time`, an ISO 8601 date-time. */
    open_time: string;
    /** Market `close_time`, an ISO 8601 date-time. */
    close_time: string;
    /** When the market was listed (Market `created_time`); absent: `open_time`. */
    created_time?: string;
    /** When the market last changed (Market `updated_time`); absent: `open_time`. */
    updated_time?: string;
    /** Market `result`: `yes`, `no`, `scalar`, or empty while undetermined. */
    result?: string;
    /** A `scalar` result's value of a YES contract (read only with that result: yes/no imply 1/0). */
    settlement_value_dollars?: string;
    /** Seconds from determination to settlement (Market `settlement_timer_seconds`); absent: 3600. */
    settlement_timer_seconds?: number;
    /** Market `last_price_dollars`: the last trade's YES price, a dollar string. */
    last_price_dollars?: string;
    /** Market `volume_fp`: contracts traded, a fixed-point count string. */
    volume_fp?: string;
    /** Contracts held when captured (Market `open_interest_fp`); absent: 0. */
    open_interest_fp?: string;
    /** Market `price_level_structure` (e.g. `deci_cent`): names its price grid when `price_ranges` is absent. */
    price_level_structure?: string;
    /** Market `price_ranges`: its price grid. */
    price_ranges?: {
      /** The range's lowest price, a dollar string. */
      start: string;
      /** The range's highest price, a dollar string. */
      end: string;
      /** The tick within the range, a dollar string. */
      step: string;
    }[];
    /** The book as REST `orderbook_fp` gives it. */
    orderbook?: {
      /** YES bids as `[price, count]`: a dollar string and a fixed-point count string. */
      yes_dollars?: Level[];
      /** NO bids, at NO prices, as `yes_dollars`. */
      no_dollars?: Level[];
    };
    /** Recent trades, newest first, in Kalshi's Trade fields. */
    trades?: {
      /** Trade `trade_id`. */
      trade_id: string;
      /** Trade `yes_price_dollars`: the YES price, a dollar string. */
      yes_price_dollars: string;
      /** Trade `count_fp`: contracts, a fixed-point count string. */
      count_fp: string;
      /** Trade `taker_side`: `yes` or `no`. */
      taker_side: string;
      /** Trade `created_time`, an ISO 8601 date-time. */
      created_time: string;
      /** Trade `is_block_trade`; absent: false. */
      is_block_trade?: boolean;
    }[];
  }[];
}

const str = { type: 'string' } as const;
const time = { type: 'string', format: 'date-time' } as const;
/** A price between 0 and 1 dollars, up to 6 decimals (FixedPointDollars). */
const dollars = { type: 'string', pattern: '^(0(\\.\\d{1,6})?|1(\\.0{1,6})?)$' } as const;
const count = { type: 'string', pattern: '^\\d+(\\.\\d{1,2})?$' } as const;
const levels = { type: 'array', items: { type: 'array', items: [dollars, count], minItems: 2, maxItems: 2 } } as const;
const record = (required: string[], properties: Record<string, unknown>) => ({
  type: 'object',
  required,
  properties,
});

/**
 * JSON Schema of the file (draft-07, checked with ajv). Typed as a plain object: its keywords are JSON Schema's, not
 * members to document one by one in the API reference.
 */
export const datasetSchema: Readonly<Record<string, unknown>> = {
  type: 'object',
  required: ['format', 'version', 'series', 'events', 'markets'],
  properties: {
    format: { const: DATASET_FORMAT },
    version: { const: DATASET_VERSION },
    captured_at: time,
    source: str,
    series: {
      type: 'array',
      items: record(['ticker', 'title', 'category', 'frequency', 'fee_type', 'fee_multiplier'], {
        ticker: str,
        title: str,
        category: str,
        frequency: str,
        fee_type: { enum: ['quadratic', 'quadratic_with_maker_fees', 'quadratic_with_combo_maker_fees', 'flat'] },
        fee_multiplier: { type: 'number', minimum: 0 },
      }),
    },
    events: {
      type: 'array',
      items: record(['event_ticker', 'series_ticker', 'title', 'sub_title', 'mutually_exclusive'], {
        event_ticker: str,
        series_ticker: str,
        title: str,
        sub_title: str,
        mutually_exclusive: { type: 'boolean' },
        // Event (spec): "Fee type override for this event … Paired with fee_type_override"; null is no override.
        fee_type_override: {
          enum: ['quadratic', 'quadratic_with_maker_fees', 'quadratic_with_combo_maker_fees', 'flat', null],
        },
        fee_multiplier_override: { type: ['number', 'null'], minimum: 0 },
      }),
    },
    markets: {
      type: 'array',
      items: record(['ticker', 'event_ticker', 'title', 'yes_sub_title', 'status', 'open_time', 'close_time'], {
        ticker: str,
        event_ticker: str,
        id: {
          type: 'string',
          pattern: '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$',
        },
        title: str,
        yes_sub_title: str,
        status: {
          enum: ['initialized', 'inactive', 'active', 'closed', 'determined', 'disputed', 'amended', 'finalized'],
        },
        open_time: time,
        close_time: time,
        created_time: time,
        updated_time: time,
        result: { enum: ['', 'yes', 'no', 'scalar'] },
        settlement_value_dollars: dollars,
        // Whole seconds the exchange clock can count in ms (spec: integer; 2^31 − 1 s is 68 years).
        settlement_timer_seconds: { type: 'integer', minimum: 0, maximum: 2_147_483_647 },
        last_price_dollars: dollars,
        volume_fp: count,
        open_interest_fp: count,
        price_level_structure: str,
        price_ranges: {
          type: 'array',
          items: record(['start', 'end', 'step'], { start: dollars, end: dollars, step: dollars }),
        },
        orderbook: { type: 'object', properties: { yes_dollars: levels, no_dollars: levels } },
        trades: {
          type: 'array',
          items: record(['trade_id', 'yes_price_dollars', 'count_fp', 'taker_side', 'created_time'], {
            trade_id: str,
            yes_price_dollars: dollars,
            count_fp: count,
            taker_side: { enum: ['yes', 'no'] },
            created_time: time,
            is_block_trade: { type: 'boolean' },
          }),
        },
      }),
    },
  },
} as const;

/** The statuses a market's book rests in: orders stay through a pause (kalshi-api-notes §5.16). */
const RESTING: readonly string[] = ['active', 'inactive'];

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(?:Z|[+-](\d{2}):(\d{2}))$/i;

/**
 * An RFC 3339 date-time naming a real instant: a month 1–12, a day its month has, a time of day up to 23:59:59 (no
 * leap second: the mock could not show one back), an offset up to 23:59. The shape alone let "2026-13-45T00:00:00Z"
 * through to fail every read that showed it.
 */
function isDateTime(value: string): boolean {
  const match = DATE_TIME.exec(value);
  if (!match) return false;
  const [year, month, day, hour, minute, second, , offsetHour = 0, offsetMinute = 0] = match
    .slice(1)
    .map((part) => (part === undefined ? undefined : Number(part)));
  const days = new Date(Date.UTC(year as number, month as number, 0)).getUTCDate(); // day 0 of the next month
  return (
    (month as number) >= 1 &&
    (month as number) <= 12 &&
    (day as number) >= 1 &&
    (day as number) <= days &&
    (hour as number) <= 23 &&
    (minute as number) <= 59 &&
    (second as number) <= 59 &&
    offsetHour <= 23 &&
    offsetMinute <= 59 &&
    !Number.isNaN(Date.parse(value))
  );
}

let validate: ReturnType<Ajv['compile']> | undefined;

/** A dataset that does not match the schema: the message names the file, the record and the field. */
export class DatasetError extends Error {
  /** Always `'DatasetError'`. */
  override readonly name = 'DatasetError';
}

/**
 * Checks a parsed dataset file; throws a DatasetError naming `file`, the record (`markets[3] KXHIGHNY-…`) and the
 * field for the first problem found.
 */
export function checkDataset(data: unknown, file = 'dataset'): DatasetFile {
  validate ??= new Ajv({ strict: false, allErrors: false }).addFormat('date-time', isDateTime).compile(datasetSchema);
  if (!validate(data)) throw new DatasetError(describe(file, data, (validate.errors ?? [])[0]));
  const file_ = data as DatasetFile;
  assertUnique(file_, file);
  file_.series.forEach((s, i) => {
    if (s.fee_type === 'flat')
      throw new DatasetError(
        `${file}: series[${i}] (${s.ticker}): field "fee_type": ${FLAT_UNKNOWN}: give the series "fee_type": ` +
          '"quadratic" with a "fee_multiplier" that approximates its fees, or leave the series out',
      );
    checkMultiplier(s.fee_multiplier, `${file}: series[${i}] (${s.ticker}): field "fee_multiplier"`);
  });
  const series = new Map(file_.series.map((s) => [s.ticker, seriesState(s)]));
  const events = new Map(file_.events.map((e) => [e.event_ticker, e.series_ticker]));
  let house = 0;
  file_.events.forEach((event, i) => {
    const where = `${file}: events[${i}] (${event.event_ticker}): field`;
    if (!series.has(event.series_ticker))
      throw new DatasetError(`${where} "series_ticker": no series "${event.series_ticker}"`);
    const hasType = event.fee_type_override != null;
    if (hasType !== (event.fee_multiplier_override != null)) {
      const [missing, given] = hasType
        ? ['fee_multiplier_override', 'fee_type_override']
        : ['fee_type_override', 'fee_multiplier_override'];
      throw new DatasetError(
        `${where} "${missing}": is required with "${given}" (an event's fee override is a fee type and a multiplier, ` +
          'paired; leave both out, or null, for the series fees)',
      );
    }
    if (event.fee_type_override === 'flat')
      throw new DatasetError(
        `${where} "fee_type_override": ${FLAT_UNKNOWN}: give the event "fee_type_override": "quadratic" with a ` +
          '"fee_multiplier_override" that approximates its fees, or leave both out for the series fees',
      );
    if (event.fee_multiplier_override != null)
      checkMultiplier(event.fee_multiplier_override, `${where} "fee_multiplier_override"`);
  });
  const feesOfEvent = new Map(file_.events.map((e) => [e.event_ticker, feeOverride(e) ?? series.get(e.series_ticker)]));
  file_.markets.forEach((market, i) => {
    const where = `${file}: markets[${i}] (${market.ticker}): field`;
    if (!events.has(market.event_ticker))
      throw new DatasetError(`${where} "event_ticker": no event "${market.event_ticker}"`);
    // A result with a status that has none (active, closed…), or a determined market without one: REST could never
    // show it, and the engine could neither trade nor determine it (kalshi-api-notes §6.1).
    const problem = resultProblem(market.status, market.result ?? '');
    if (problem) throw new DatasetError(`${where} "result": ${problem}`);
    checkValues(market, where);
    const grid = priceGrid(market, where);
    for (const side of ['yes_dollars', 'no_dollars'] as const)
      market.orderbook?.[side]?.forEach(([price], level) => {
        // A NO bid at q is a YES ask at 1 − q: the grid holds either way (Kalshi's grids are symmetric).
        if (!onGrid(grid, parseDollars(price, 'price')))
          throw new DatasetError(`${where} "orderbook.${side}[${level}][0]": ${price} is off the market's price grid`);
      });
    const book = bookOf(market);
    for (const [side, levels] of [
      ['yes_dollars', book.yes],
      ['no_dollars', book.no],
    ] as const) {
      const repeated = repeatedLevel(levels);
      if (!repeated) continue;
      const [first, again] = repeated;
      const [price] = (market.orderbook?.[side] ?? [])[again] as Level;
      throw new DatasetError(
        `${where} "orderbook.${side}[${again}][0]": ${price} is also the price of ${side}[${first}]: ` +
          'a book has one level per price',
      );
    }
    // Orders rest on an active market and stay through a pause (inactive); a market not open yet has none, and a
    // closed one's are canceled (kalshi-api-notes §5.16): a book there could not be served as written.
    if (!RESTING.includes(market.status) && book.yes.length + book.no.length > 0)
      throw new DatasetError(
        `${where} "orderbook": a market ${market.status} has no resting orders (only an active or inactive one does)`,
      );
    const crossed = crossedLevels(book.yes, book.no);
    if (crossed) {
      const [bid] = (market.orderbook?.yes_dollars ?? [])[crossed.yes] as Level;
      const [noBid] = (market.orderbook?.no_dollars ?? [])[crossed.no] as Level;
      const ask = formatDollars(ONE_DOLLAR - parseDollars(noBid));
      throw new DatasetError(
        `${where} "orderbook": yes_dollars[${crossed.yes}] ${bid} is at or above the YES ask ${ask} of ` +
          `no_dollars[${crossed.no}] ${noBid} (1 − ${noBid}): the book is crossed, and a resting book never is`,
      );
    }
    // The house maker rests the books (Exchange.reset), funded for them on top of its usual cash.
    if (RESTING.includes(market.status)) house += restingCollateral(feesOfEvent.get(market.event_ticker), book);
    if (!Number.isSafeInteger(HOUSE_CASH + house))
      throw new DatasetError(
        `${where} "orderbook": the file's books so far need more collateral than the mock counts exactly ` +
          '(2^53 micro-dollars)',
      );
  });
  return file_;
}

/** `where` + `"field"`: every value the mock writes back later, checked now rather than failing then. */
function checkValues(market: DatasetFile['markets'][number], where: string): void {
  const times: [string, string | undefined][] = [
    ['open_time', market.open_time],
    ['close_time', market.close_time],
    ['created_time', market.created_time],
    ['updated_time', market.updated_time],
    ...(market.trades ?? []).map((t, i): [string, string] => [`trades[${i}].created_time`, t.created_time]),
  ];
  for (const [field, value] of times) {
    if (value === undefined) continue;
    const ms = Date.parse(value);
    // What the exchange stores (timestamps.ts): instants it can show again as RFC 3339 date-times.
    if (!(ms >= 0 && ms <= MAX_TIMESTAMP_MS))
      throw new DatasetError(`${where} "${field}": ${value} is not an instant from 1970 through 9999 (UTC)`);
  }
  // Kalshi's response prices carry 4 decimals (kalshi-api-notes §4), and the mock writes these back so: a finer value
  // could not be served.
  const prices: [string, string | undefined][] = [
    ['settlement_value_dollars', market.settlement_value_dollars],
    ['last_price_dollars', market.last_price_dollars],
    ...(market.price_ranges ?? []).flatMap((r, i): [string, string][] => [
      [`price_ranges[${i}].start`, r.start],
      [`price_ranges[${i}].end`, r.end],
      [`price_ranges[${i}].step`, r.step],
    ]),
    ...levelFields(market, 0),
    ...(market.trades ?? []).map((t, i): [string, string] => [`trades[${i}].yes_price_dollars`, t.yes_price_dollars]),
  ];
  for (const [field, value] of prices)
    if (value !== undefined && parseDollars(value, field) % 100 !== 0)
      throw new DatasetError(`${where} "${field}": ${value} is not on $0.0001 (Kalshi's prices carry 4 decimals)`);
  // Counts the engine adds and multiplies: exact up to MAX_BOOK_COUNT; a level and a trade hold contracts.
  const counts: [string, string | undefined, boolean][] = [
    ['volume_fp', market.volume_fp, false],
    ['open_interest_fp', market.open_interest_fp, false],
    ...levelFields(market, 1).map(([field, value]): [string, string, boolean] => [field, value, true]),
    ...(market.trades ?? []).map((t, i): [string, string, boolean] => [`trades[${i}].count_fp`, t.count_fp, true]),
  ];
  for (const [field, value, positive] of counts) {
    if (value === undefined) continue;
    let units = Number.POSITIVE_INFINITY;
    try {
      units = parseCount(value, field);
    } catch {} // past the schema's pattern, only "too large" is left
    if (units > MAX_BOOK_COUNT)
      throw new DatasetError(
        `${where} "${field}": ${value} is more than ${formatCount(MAX_BOOK_COUNT)} contracts, the most the mock ` +
          'counts exactly',
      );
    if (positive && units === 0) throw new DatasetError(`${where} "${field}": ${value} is not a count > 0`);
  }
}

/** The book's levels as `[field, value]`: their prices (`part` 0) or their counts (1). */
function levelFields(market: DatasetFile['markets'][number], part: 0 | 1): [string, string][] {
  return (['yes_dollars', 'no_dollars'] as const).flatMap((side) =>
    (market.orderbook?.[side] ?? []).map((level, i): [string, string] => [
      `orderbook.${side}[${i}][${part}]`,
      level[part],
    ]),
  );
}

/** A market's book in engine units: YES bids and NO bids, [price in micro-dollars, count in centi-contracts]. */
function bookOf(market: DatasetFile['markets'][number]): { yes: [number, number][]; no: [number, number][] } {
  const levels = (rows: Level[] | undefined): [number, number][] =>
    (rows ?? []).map(([p, c]) => [parseDollars(p, 'price'), parseCount(c, 'count')]);
  return { yes: levels(market.orderbook?.yes_dollars), no: levels(market.orderbook?.no_dollars) };
}

/**
 * Throws a DatasetError naming both records when a name is given twice: a series or event ticker, a market ticker or
 * id, a trade id (across markets too). The mock keys each by it, so a second record would silently replace the first.
 */
function assertUnique(data: DatasetFile, file: string): void {
  const seen = new Map<string, string>();
  /** `key` of `record`'s `field`; `label` is how a later duplicate names this one. */
  const once = (kind: string, key: string, record: string, field: string, label = record) => {
    const first = seen.get(`${kind}\u0000${key}`);
    if (first !== undefined)
      throw new DatasetError(`${file}: ${record}: field "${field}": "${key}" is also the ${kind} of ${first}`);
    seen.set(`${kind}\u0000${key}`, label);
  };
  for (const [i, s] of data.series.entries()) once('series ticker', s.ticker, `series[${i}] (${s.ticker})`, 'ticker');
  for (const [i, e] of data.events.entries())
    once('event ticker', e.event_ticker, `events[${i}] (${e.event_ticker})`, 'event_ticker');
  for (const [i, m] of data.markets.entries()) once('market ticker', m.ticker, `markets[${i}] (${m.ticker})`, 'ticker');
  for (const [i, m] of data.markets.entries()) {
    const record = `markets[${i}] (${m.ticker})`;
    if (m.id !== undefined) once('market id', m.id, record, 'id');
    for (const [k, t] of (m.trades ?? []).entries())
      once('trade id', t.trade_id, record, `trades[${k}].trade_id`, `${record} trades[${k}]`);
  }
}

/**
 * Why a `flat` fee type is refused: the spec's Series.fee_type says "'flat' is described by the Specific Trading Fees
 * Table" and kalshi-api-notes §5.15 "`flat` series use a separate table"; neither gives the table, so any fee the mock
 * charged there would be one it knows to be wrong.
 */
const FLAT_UNKNOWN =
  '"flat" is charged by Kalshi\'s Specific Trading Fees Table, which the mock does not have (neither the notes nor ' +
  'the spec give it), so it cannot charge these fees';

/**
 * A fee multiplier the engine holds exactly: it keeps them in 1/10,000 steps (`feeMultiplierBp`), so one with more than
 * 4 decimals would be served back and charged rounded (0.00001 as 0: no fees). The spec types it a number and the
 * notes are silent on its precision: refused rather than silently altered.
 */
function checkMultiplier(multiplier: number, where: string): void {
  if (!hasFourDecimals(multiplier))
    throw new DatasetError(
      `${where}: ${multiplier} has more than 4 decimals; the mock holds fee multipliers in steps of 0.0001 and would ` +
        `serve and charge ${Math.round(multiplier * 10_000) / 10_000}`,
    );
}

/** A series in engine units: the fee type as captured (checkDataset refused `flat`) and the multiplier. */
function seriesState(s: DatasetFile['series'][number]): SeriesState {
  return {
    ticker: s.ticker,
    title: s.title,
    category: s.category,
    frequency: s.frequency,
    feeType: s.fee_type as FeeType,
    feeMultiplierBp: Math.round(s.fee_multiplier * 10_000),
  };
}

/** An event's fee override in engine units, when it has one (both fields: checkDataset refused one alone). */
function feeOverride(e: DatasetFile['events'][number]): FeeSchedule | undefined {
  if (e.fee_type_override == null || e.fee_multiplier_override == null) return undefined;
  return {
    feeType: e.fee_type_override as FeeType,
    feeMultiplierBp: Math.round(e.fee_multiplier_override * 10_000),
  };
}

/**
 * A market's price grid in micro-dollars: its `price_ranges`, else the ranges its `price_level_structure` names,
 * else 1 cent (files written before the grid was captured). Throws naming the field when the grid is not one.
 */
function priceGrid(market: DatasetFile['markets'][number], where: string): readonly PriceRange[] {
  if (market.price_ranges) {
    const ranges = market.price_ranges.map((r) => ({
      start: parseDollars(r.start, 'start'),
      end: parseDollars(r.end, 'end'),
      step: parseDollars(r.step, 'step'),
    }));
    const problem = gridProblem(ranges);
    if (problem) throw new DatasetError(`${where} "price_ranges": ${problem}`);
    return ranges;
  }
  const structure = market.price_level_structure ?? 'linear_cent';
  const named = namedGrid(structure);
  const known = Object.keys(PRICE_LEVEL_STRUCTURES).join(', ');
  if (!named)
    throw new DatasetError(
      `${where} "price_level_structure": "${structure}" is not one of ${known} (and no price_ranges)`,
    );
  return named;
}

function describe(file: string, data: unknown, error: ErrorObject | undefined): string {
  if (!error) return `${file}: not a dataset`;
  const path = error.instancePath.split('/').slice(1);
  const [collection, index, ...field] = path;
  const what = error.keyword === 'required' ? `is required (${error.params.missingProperty})` : error.message;
  if (collection && index !== undefined && /^\d+$/.test(index)) {
    const item = (data as Record<string, unknown[]>)[collection]?.[Number(index)] as Record<string, unknown>;
    const name = item?.ticker ?? item?.event_ticker;
    const missing = error.keyword === 'required' ? [String(error.params.missingProperty)] : [];
    const at = fieldPath(['', ...field, ...missing].join('/'));
    return `${file}: ${collection}[${index}]${name ? ` (${name})` : ''}: field "${at}" ${
      error.keyword === 'required' ? 'is required' : what
    }`;
  }
  const top = error.keyword === 'required' ? error.params.missingProperty : fieldPath(error.instancePath) || '(root)';
  return `${file}: field "${top}" ${error.keyword === 'required' ? 'is required' : what}`;
}

/** The engine's dataset from a checked file: fixed-point strings to micro-dollars and centi-contracts. */
export function datasetFromFile(file: DatasetFile): Dataset {
  const series: SeriesState[] = file.series.map(seriesState);
  const feesOfEvent = new Map(
    file.events.map((e) => [e.event_ticker, feeOverride(e) ?? series.find((s) => s.ticker === e.series_ticker)]),
  );
  let bookCollateral = 0;
  const events = file.events.map((e) => {
    const override = feeOverride(e);
    return {
      eventTicker: e.event_ticker,
      seriesTicker: e.series_ticker,
      title: e.title,
      subTitle: e.sub_title,
      mutuallyExclusive: e.mutually_exclusive,
      ...(override ? { feeOverride: override } : {}),
    };
  });
  const markets: MarketSeed[] = file.markets.map((m) => {
    const status = (['disputed', 'amended'].includes(m.status) ? 'determined' : m.status) as MarketStatus;
    const openInterest = m.open_interest_fp ? parseCount(m.open_interest_fp, 'open_interest_fp') : 0;
    const times = (m.trades ?? []).map((t) => Date.parse(t.created_time));
    // Open interest moves only with trades: after the newest captured trade it is what the capture saw, which the
    // candlesticks read from that trade (retention.ts stamps the mock's own trades). Older trades' is not known.
    const newest = times.indexOf(Math.max(...times));
    const trades: TradeRecord[] = (m.trades ?? []).map((t, i) => ({
      tradeId: t.trade_id,
      ticker: m.ticker,
      count: parseCount(t.count_fp, 'count_fp'),
      price: parseDollars(t.yes_price_dollars, 'yes_price_dollars'),
      takerSide: t.taker_side === 'yes' ? 'bid' : 'ask',
      time: times[i] as number,
      ...(t.is_block_trade ? { blockTrade: true } : {}),
      ...(i === newest && openInterest > 0 ? { openInterest } : {}),
    }));
    const lastPrice = m.last_price_dollars ? parseDollars(m.last_price_dollars, 'last_price_dollars') : 0;
    const grid = priceGrid(m, m.ticker);
    const book = m.orderbook ? bookOf(m) : undefined;
    if (book && RESTING.includes(status)) bookCollateral += restingCollateral(feesOfEvent.get(m.event_ticker), book);
    return {
      fair: lastPrice || ONE_DOLLAR / 2,
      book,
      trades,
      market: {
        ticker: m.ticker,
        ...(m.id ? { id: m.id } : {}),
        eventTicker: m.event_ticker,
        title: m.title,
        yesSubTitle: m.yes_sub_title,
        status,
        createdTime: Date.parse(m.created_time ?? m.open_time),
        openTime: Date.parse(m.open_time),
        closeTime: Date.parse(m.close_time),
        tick: coarsestStep(grid),
        priceRanges: grid,
        // Kalshi sends both fields; ranges captured without a name are presented as 'custom'.
        priceLevelStructure: m.price_level_structure ?? (m.price_ranges ? 'custom' : 'linear_cent'),
        result: m.result === 'yes' || m.result === 'no' || m.result === 'scalar' ? m.result : '',
        // A scalar result's value when the file has it (captures made before it was kept do not).
        ...(m.result === 'scalar' && m.settlement_value_dollars !== undefined
          ? { settlementValue: parseDollars(m.settlement_value_dollars, 'settlement_value_dollars') }
          : {}),
        ...(m.settlement_timer_seconds !== undefined ? { settlementTimerSeconds: m.settlement_timer_seconds } : {}),
        lastPrice,
        lastTradeSize: trades[0]?.count ?? 0,
        volume: m.volume_fp ? parseCount(m.volume_fp, 'volume_fp') : 0,
        ...(openInterest > 0 ? { outsideOpenInterest: openInterest } : {}),
        updatedTime: Date.parse(m.updated_time ?? m.open_time),
      },
    };
  });
  return { series, events, markets, bookCollateral };
}
