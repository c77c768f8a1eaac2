// The dataset file: Kalshi's public market structure (series, events, markets with their books and recent trades)
// as captured by `kalshi-mock capture`, in Kalshi's own field names and fixed-point strings. Version 1.
//
//   { "format": "kalshi-mock-dataset", "version": 1, "captured_at": "2026-12-01T15:00:00Z", "source": "<base URL>",
//     "series":  [{ "ticker", "title", "category", "frequency", "fee_type", "fee_multiplier" }],
//     "events":  [{ "event_ticker", "series_ticker", "title", "sub_title", "mutually_exclusive" }],
//     "markets": [{ "ticker", "event_ticker", "id"?, "title", "yes_sub_title", "status", "open_time", "close_time",
//                   "result"?, "settlement_value_dollars"?, "last_price_dollars"?, "volume_fp"?,
//                   "price_level_structure"?: "deci_cent", "price_ranges"?: [{ "start", "end", "step" }],
//                   "orderbook"?: { "yes_dollars": [["0.4200", "10.00"]], "no_dollars": [...] },   (REST orderbook_fp)
//                   "trades"?: [{ "trade_id", "yes_price_dollars", "count_fp", "taker_side", "created_time" }] }] }
// (trades newest first, as GET /markets/trades returns them). A market's price grid is its `price_ranges` (as GET
// /markets returns them), else the ranges its `price_level_structure` names, else 1 cent.
import { Ajv, type ErrorObject } from 'ajv';
import { parseCount, parseDollars } from '../generated/fixed-point';
import { ONE_DOLLAR } from './book';
import type { Dataset, MarketSeed } from './dataset';
import { resultProblem } from './market-input';
import { gridProblem, onGrid, PRICE_LEVEL_STRUCTURES, type PriceRange } from './price-grid';
import type { MarketStatus, SeriesState, TradeRecord } from './types';

/** The `format` field of a dataset file. */
export const DATASET_FORMAT = 'kalshi-mock-dataset';
/** The `version` field of a dataset file this mock reads. */
export const DATASET_VERSION = 1;

type Level = [string, string];
/** A captured dataset (`kalshi-mock capture`): series, events and markets in Kalshi's field names. */
export interface DatasetFile {
  readonly format: typeof DATASET_FORMAT;
  readonly version: 1;
  readonly captured_at?: string;
  readonly source?: string;
  readonly series: readonly {
    ticker: string;
    title: string;
    category: string;
    frequency: string;
    fee_type: string;
    fee_multiplier: number;
  }[];
  readonly events: readonly {
    event_ticker: string;
    series_ticker: string;
    title: string;
    sub_title: string;
    mutually_exclusive: boolean;
  }[];
  readonly markets: readonly {
    ticker: string;
    event_ticker: string;
    id?: string;
    title: string;
    yes_sub_title: string;
    status: string;
    open_time: string;
    close_time: string;
    result?: string;
    /** A `scalar` result's value of a YES contract (read only with that result: yes/no imply 1/0). */
    settlement_value_dollars?: string;
    last_price_dollars?: string;
    volume_fp?: string;
    price_level_structure?: string;
    price_ranges?: { start: string; end: string; step: string }[];
    orderbook?: { yes_dollars?: Level[]; no_dollars?: Level[] };
    trades?: {
      trade_id: string;
      yes_price_dollars: string;
      count_fp: string;
      taker_side: string;
      created_time: string;
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

/** JSON Schema of the file (draft-07, checked with ajv). */
export const datasetSchema = {
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
        result: { enum: ['', 'yes', 'no', 'scalar'] },
        settlement_value_dollars: dollars,
        last_price_dollars: dollars,
        volume_fp: count,
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
          }),
        },
      }),
    },
  },
} as const;

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;
let validate: ReturnType<Ajv['compile']> | undefined;

/** A dataset that does not match the schema: the message names the file, the record and the field. */
export class DatasetError extends Error {
  override readonly name = 'DatasetError';
}

/**
 * Checks a parsed dataset file; throws a DatasetError naming `file`, the record (`markets[3] KXHIGHNY-…`) and the
 * field for the first problem found.
 */
export function checkDataset(data: unknown, file = 'dataset'): DatasetFile {
  validate ??= new Ajv({ strict: false, allErrors: false }).addFormat('date-time', DATE_TIME).compile(datasetSchema);
  if (!validate(data)) throw new DatasetError(describe(file, data, (validate.errors ?? [])[0]));
  const file_ = data as DatasetFile;
  const series = new Set(file_.series.map((s) => s.ticker));
  const events = new Set(file_.events.map((e) => e.event_ticker));
  file_.events.forEach((event, i) => {
    if (!series.has(event.series_ticker))
      throw new DatasetError(
        `${file}: events[${i}] (${event.event_ticker}): field "series_ticker": no series "${event.series_ticker}"`,
      );
  });
  file_.markets.forEach((market, i) => {
    const where = `${file}: markets[${i}] (${market.ticker}): field`;
    if (!events.has(market.event_ticker))
      throw new DatasetError(`${where} "event_ticker": no event "${market.event_ticker}"`);
    // A result with a status that has none (active, closed…), or a determined market without one: REST could never
    // show it, and the engine could neither trade nor determine it (kalshi-api-notes §6.1).
    const problem = resultProblem(market.status, market.result ?? '');
    if (problem) throw new DatasetError(`${where} "result": ${problem}`);
    const grid = priceGrid(market, where);
    // Kalshi's dollar strings carry 4 decimals; a finer value could not be served (notes §4).
    const value = market.settlement_value_dollars;
    if (value !== undefined && parseDollars(value, 'settlement_value_dollars') % 100 !== 0)
      throw new DatasetError(`${where} "settlement_value_dollars": ${value} is not on $0.0001`);
    for (const side of ['yes_dollars', 'no_dollars'] as const)
      market.orderbook?.[side]?.forEach(([price], level) => {
        // A NO bid at q is a YES ask at 1 − q: the grid holds either way (Kalshi's grids are symmetric).
        if (!onGrid(grid, parseDollars(price, 'price')))
          throw new DatasetError(`${where} "orderbook.${side}[${level}][0]": ${price} is off the market's price grid`);
      });
  });
  return file_;
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
  const named = Object.hasOwn(PRICE_LEVEL_STRUCTURES, structure) ? PRICE_LEVEL_STRUCTURES[structure] : undefined;
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
    const fieldPath =
      error.keyword === 'required'
        ? [...field, error.params.missingProperty].join('.')
        : field
            .map((f) => (/^\d+$/.test(f) ? `[${f}]` : f))
            .join('.')
            .replace(/\.\[/g, '[');
    return `${file}: ${collection}[${index}]${name ? ` (${name})` : ''}: field "${fieldPath}" ${
      error.keyword === 'required' ? 'is required' : what
    }`;
  }
  const top = error.keyword === 'required' ? error.params.missingProperty : path.join('.') || '(root)';
  return `${file}: field "${top}" ${error.keyword === 'required' ? 'is required' : what}`;
}

/** The engine's dataset from a checked file: fixed-point strings to micro-dollars and centi-contracts. */
export function datasetFromFile(file: DatasetFile): Dataset {
  const series: SeriesState[] = file.series.map((s) => ({
    ticker: s.ticker,
    title: s.title,
    category: s.category,
    frequency: s.frequency,
    feeType: s.fee_type === 'flat' ? 'flat' : s.fee_type === 'quadratic' ? 'quadratic' : 'quadratic_with_maker_fees',
    feeMultiplierBp: Math.round(s.fee_multiplier * 10_000),
  }));
  const events = file.events.map((e) => ({
    eventTicker: e.event_ticker,
    seriesTicker: e.series_ticker,
    title: e.title,
    subTitle: e.sub_title,
    mutuallyExclusive: e.mutually_exclusive,
  }));
  const markets: MarketSeed[] = file.markets.map((m) => {
    const status = (['disputed', 'amended'].includes(m.status) ? 'determined' : m.status) as MarketStatus;
    const trades: TradeRecord[] = (m.trades ?? []).map((t) => ({
      tradeId: t.trade_id,
      ticker: m.ticker,
      count: parseCount(t.count_fp, 'count_fp'),
      price: parseDollars(t.yes_price_dollars, 'yes_price_dollars'),
      takerSide: t.taker_side === 'yes' ? 'bid' : 'ask',
      time: Date.parse(t.created_time),
    }));
    const lastPrice = m.last_price_dollars ? parseDollars(m.last_price_dollars, 'last_price_dollars') : 0;
    const grid = priceGrid(m, m.ticker);
    const book = (rows: Level[] | undefined): [number, number][] =>
      (rows ?? []).map(([p, c]) => [parseDollars(p, 'price'), parseCount(c, 'count')]);
    return {
      fair: lastPrice || ONE_DOLLAR / 2,
      book: m.orderbook ? { yes: book(m.orderbook.yes_dollars), no: book(m.orderbook.no_dollars) } : undefined,
      trades,
      market: {
        ticker: m.ticker,
        ...(m.id ? { id: m.id } : {}),
        eventTicker: m.event_ticker,
        title: m.title,
        yesSubTitle: m.yes_sub_title,
        status,
        createdTime: Date.parse(m.open_time),
        openTime: Date.parse(m.open_time),
        closeTime: Date.parse(m.close_time),
        // The coarsest step: a price on it is on every range (each step divides it on Kalshi's grids).
        tick: Math.max(...grid.map((r) => r.step)),
        priceRanges: grid,
        // Kalshi sends both fields; ranges captured without a name are presented as 'custom'.
        priceLevelStructure: m.price_level_structure ?? (m.price_ranges ? 'custom' : 'linear_cent'),
        result: m.result === 'yes' || m.result === 'no' || m.result === 'scalar' ? m.result : '',
        // A scalar result's value when the file has it (captures made before it was kept do not).
        ...(m.result === 'scalar' && m.settlement_value_dollars !== undefined
          ? { settlementValue: parseDollars(m.settlement_value_dollars, 'settlement_value_dollars') }
          : {}),
        lastPrice,
        lastTradeSize: trades[0]?.count ?? 0,
        volume: m.volume_fp ? parseCount(m.volume_fp, 'volume_fp') : 0,
        updatedTime: Date.parse(m.open_time),
      },
    };
  });
  return { series, events, markets };
}
