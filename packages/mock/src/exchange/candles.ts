// Candlesticks built from the exchange's own records (kalshi-api-notes §6.5): trade prices and volume from the trade
// tape, YES bid / ask from the quote tape, open interest stamped on the trades (retention.ts). Money micro-dollars,
// counts centi-contracts.
import type { Exchange } from './exchange';
import { quoteTape } from './quotes';
import type { MarketState, TradeRecord } from './types';

export const PERIODS = [1, 60, 1440] as const;
/**
 * Kalshi's cap on candlesticks in one answer of the batch and event endpoints ("up to 10,000 candlesticks total
 * across all markets"; the event answer's `adjusted_end_ts`). The single-market endpoints document none.
 */
export const MAX_CANDLES = 10_000;

export interface Ohlc {
  readonly open: number;
  readonly low: number;
  readonly high: number;
  readonly close: number;
}

export interface Candle {
  /** Unix seconds: the inclusive end of the period, a multiple of the period. */
  readonly endPeriodTs: number;
  readonly yesBid: Ohlc;
  readonly yesAsk: Ohlc;
  /** Trade prices in the period; absent when nothing traded in it. */
  readonly price?: Ohlc & { readonly mean: number };
  /** The last trade price before the period; absent when nothing traded before it. */
  readonly previous?: number;
  /** include_latest_before_start's synthetic candle, whose OHLC trade prices are null (spec). */
  readonly synthetic?: true;
  readonly volume: number;
  readonly openInterest: number;
}

export interface CandleRange {
  /** Unix seconds: candles ending on or after this… */
  readonly startTs: number;
  /** …and on or before this. */
  readonly endTs: number;
  /** Minutes: 1, 60 or 1440. */
  readonly periodMinutes: number;
}

/** Which candles of a range to build: the `first` n (oldest); default all. */
export interface CandleLimit {
  readonly first?: number;
}

/**
 * One candle per period of the range while the market trades (from the period holding its open time to the one
 * holding its close, its settlement or the present, whichever is first), oldest first; `limit` keeps only the
 * oldest of them.
 */
export function candles(
  exchange: Exchange,
  market: MarketState,
  range: CandleRange,
  limit: CandleLimit = {},
): Candle[] {
  const tape = tapeOf(exchange, market);
  const { from, to, period } = span(tape, range);
  const count = Math.max(0, (to - from) / period + 1);
  const take = Math.min(count, limit.first ?? Number.POSITIVE_INFINITY);
  const out: Candle[] = [];
  for (let i = 0; i < take; i++) out.push(candleAt(tape, from + i * period, period));
  return out;
}

/** How many candles `candles` builds for the range, without building them. */
export function candleCount(exchange: Exchange, market: MarketState, range: CandleRange): number {
  const { from, to, period } = span(tapeOf(exchange, market), range);
  return Math.max(0, (to - from) / period + 1);
}

/** The first and last period ends (Unix seconds) of the range while the market trades. */
function span({ exchange, market, trades }: MarketTape, range: CandleRange) {
  const period = range.periodMinutes * 60;
  const firstTrade = trades[0]?.time ?? Number.POSITIVE_INFINITY;
  const opened = periodEnd(Math.min(market.openTime, firstTrade), period);
  const ended = periodEnd(
    Math.min(exchange.now(), market.closeTime, market.settledTime ?? Number.POSITIVE_INFINITY),
    period,
  );
  const from = Math.max(Math.ceil(range.startTs / period) * period, opened);
  const to = Math.min(Math.floor(range.endTs / period) * period, ended);
  return { from, to, period };
}

/**
 * `include_latest_before_start` (spec): the latest candle with trades before `startTs`, projected to the first period
 * boundary after `startTs`, its OHLC trade prices null ("Setting all OHLC prices to null") and the real candle's
 * close carried as `previous`. Projected, it keeps the real candle's YES bid / ask and open interest; its volume is 0
 * (it repeats no trade, so the candles' volumes still add up to the tape; the notes are silent). None when that
 * boundary is past `endTs` ("Candlesticks will include those ending on or before this time") or past the market's
 * last period, as `candles` stops there.
 */
export function latestBefore(exchange: Exchange, market: MarketState, range: CandleRange): Candle | undefined {
  const period = range.periodMinutes * 60;
  const tape = tapeOf(exchange, market);
  const before =
    tape.trades.filter((t) => periodEnd(t.time, period) < range.startTs).at(-1) ??
    (tape.aged && periodEnd(tape.aged.time, period) < range.startTs ? tape.aged : undefined);
  const end = Math.ceil(range.startTs / period) * period;
  if (!before || end > span(tape, range).to) return undefined;
  const real = candleAt(tape, periodEnd(before.time, period), period);
  return { ...real, endPeriodTs: end, price: undefined, previous: before.price, synthetic: true, volume: 0 };
}

/** The end (Unix seconds) of the period holding `ms`: a time on a boundary closes the period ending there. */
export function periodEnd(ms: number, periodSeconds: number): number {
  return Math.ceil(ms / 1000 / periodSeconds) * periodSeconds;
}

/** One market's records, selected once per answer: its trades on the tape, and the newest aged out of it. */
interface MarketTape {
  readonly exchange: Exchange;
  readonly market: MarketState;
  readonly trades: readonly TradeRecord[];
  readonly aged: TradeRecord | undefined;
}

function tapeOf(exchange: Exchange, market: MarketState): MarketTape {
  return {
    exchange,
    market,
    trades: exchange.trades.filter((t) => t.ticker === market.ticker),
    aged: exchange.agedTrades.get(market.ticker),
  };
}

function candleAt({ exchange, market, trades, aged }: MarketTape, end: number, period: number): Candle {
  const to = end * 1000;
  const from = to - period * 1000;
  const inside = trades.filter((t) => t.time > from && t.time <= to);
  const before = trades.filter((t) => t.time <= from).at(-1) ?? (aged && aged.time <= from ? aged : undefined);
  const quoteTapeOf = quoteTape(exchange);
  const quotes = [quoteTapeOf.at(market.ticker, from), ...quoteTapeOf.between(market.ticker, from, to)];
  const volume = inside.reduce((sum, t) => sum + t.count, 0);
  return {
    endPeriodTs: end,
    yesBid: ohlc(quotes.map((q) => q.yesBid)),
    yesAsk: ohlc(quotes.map((q) => q.yesAsk)),
    ...(inside.length
      ? {
          price: {
            ...ohlc(inside.map((t) => t.price)),
            mean: roundToHundred(inside.reduce((sum, t) => sum + t.price * t.count, 0) / volume),
          },
        }
      : {}),
    ...(before ? { previous: before.price } : {}),
    volume,
    openInterest: openInterestAt(market, trades, aged, to),
  };
}

function ohlc(values: readonly number[]): Ohlc {
  return {
    open: values[0] as number,
    low: Math.min(...values),
    high: Math.max(...values),
    close: values[values.length - 1] as number,
  };
}

/** Volume-weighted means land between ticks; dollar strings carry 4 decimals. */
function roundToHundred(micro: number): number {
  return Math.round(micro / 100) * 100;
}

/**
 * Contracts outstanding at `time` (ms): the YES holdings of every account after the last trade by then, as the
 * market's `open_interest_fp` counts them (each trade carries it, so the fills need not be kept). Before the tape
 * reaches, the newest aged-out trade's. A settled market has none left.
 */
function openInterestAt(
  market: MarketState,
  trades: readonly TradeRecord[],
  aged: TradeRecord | undefined,
  time: number,
): number {
  if (market.settledTime !== undefined && market.settledTime <= time) return 0;
  for (let i = trades.length - 1; i >= 0; i--) {
    const trade = trades[i] as TradeRecord;
    if (trade.time <= time && trade.openInterest !== undefined) return trade.openInterest;
  }
  return aged && aged.time <= time ? (aged.openInterest ?? 0) : 0;
}
