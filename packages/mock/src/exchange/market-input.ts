// What `exchange.addMarket` takes: input the REST API and the stream could not serve later (an empty ticker, a status
// outside Kalshi's MarketStatus, a result its status cannot have, a time that is not a number) or that would replace a
// listed market is refused when it is given, with the ControlInputError faults.add and the control routes use (the
// notes are silent: the mock's API).
import { ControlInputError } from '../shared/control-schema';
import { ONE_DOLLAR } from './book';
import type { ExchangeModel } from './model';
import { coarsestStep, gridProblem, namedGrid, PRICE_LEVEL_STRUCTURES } from './price-grid';
import type { MarketState } from './types';

export const STATUSES = ['initialized', 'inactive', 'active', 'closed', 'determined', 'finalized'];
const RESULTS = ['', 'yes', 'no', 'scalar'];
const TIMES = ['createdTime', 'openTime', 'closeTime', 'updatedTime', 'settledTime'] as const;
const COUNTS = ['lastTradeSize', 'volume', 'outsideOpenInterest', 'settlementTimerSeconds'] as const;
const PRICES = ['lastPrice', 'settlementValue'] as const;
const TEXTS = ['title', 'yesSubTitle', 'priceLevelStructure'] as const;

/** A value as the user wrote it (`"x"`, `NaN`, `{"a":1}`), shortened. */
export const quoted = (value: unknown): string => {
  if (typeof value === 'number') return String(value);
  // JSON has no bigint (JSON.stringify throws on one), and a control method typed `number` gets one from JS callers:
  // the refusal must name the field, not fail in its own message.
  if (typeof value === 'bigint') return `${value}n (a bigint)`;
  try {
    return JSON.stringify(value)?.slice(0, 80) ?? String(value);
  } catch {
    return Object.prototype.toString.call(value); // a cyclic object or one holding a bigint
  }
};

/**
 * Whether a number written in decimal has at most 4 decimals (the double nearest such a value): dollars on $0.0001,
 * as Kalshi's prices and direct members' balances carry (kalshi-api-notes §4), and fee multipliers the engine holds
 * exactly in 1/10,000 steps.
 */
export const hasFourDecimals = (value: number) => Number(value.toFixed(4)) === value;

/** A name in a URL path (`/markets/{ticker}`, `/events/{event_ticker}`): not empty, no whitespace, `/`, `?`, `#`, `%`. */
export function assertName(field: string, value: unknown): void {
  if (typeof value !== 'string') throw new ControlInputError(field, `must be a string, got ${quoted(value)}`);
  if (value.trim() === '') throw new ControlInputError(field, 'is empty');
  if (/\s/.test(value)) throw new ControlInputError(field, `${quoted(value)} contains whitespace`);
  const bad = /[/?#%]/.exec(value);
  if (bad) throw new ControlInputError(field, `${quoted(value)} contains "${bad[0]}", which a URL path cannot carry`);
}

export function assertWhole(field: string, value: unknown, what: string, max = Number.MAX_SAFE_INTEGER): void {
  if (!(Number.isSafeInteger(value) && (value as number) >= 0 && (value as number) <= max))
    throw new ControlInputError(field, `${quoted(value)} is not ${what}`);
}

/** The statuses of a market that has its result: determined and after (a dataset's `disputed`, `amended` too). */
const DECIDED = ['determined', 'disputed', 'amended', 'finalized'];

/**
 * What is wrong with a market's `result` for its `status`, or undefined. Kalshi's lifecycle (kalshi-api-notes §6.1):
 * initialized → active ↔ inactive → closed → determined (result set) → finalized, so a market has a result exactly
 * when it is determined or finalized. The one rule for `addMarket` and dataset files.
 */
export function resultProblem(status: string, result: string): string | undefined {
  if (DECIDED.includes(status))
    return result === ''
      ? `is required with status "${status}" (yes, no or scalar: a market has its result once determined)`
      : undefined;
  return result === ''
    ? undefined
    : `${quoted(result)} with status "${status}": a market has a result only once determined ` +
        '(status determined or finalized)';
}

/** Throws ControlInputError naming the field unless `market` can be listed as a new market. */
export function assertNewMarket(model: ExchangeModel, market: Partial<Record<keyof MarketState, unknown>>): void {
  assertName('ticker', market.ticker);
  if (model.markets.has(market.ticker as string))
    throw new ControlInputError('ticker', `${quoted(market.ticker)} is already listed`);
  const given = <K extends keyof MarketState>(field: K) => market[field] !== undefined;
  if (given('eventTicker')) assertName('eventTicker', market.eventTicker);
  if (given('id') && (typeof market.id !== 'string' || market.id === ''))
    throw new ControlInputError('id', `must be a non-empty string, got ${quoted(market.id)}`);
  if (given('status') && !STATUSES.includes(market.status as string))
    throw new ControlInputError('status', `${quoted(market.status)} is not one of ${STATUSES.join(', ')}`);
  if (given('result') && !RESULTS.includes(market.result as string))
    throw new ControlInputError('result', `${quoted(market.result)} is not one of "", yes, no, scalar`);
  // As addMarket lists it: active and without a result unless told otherwise.
  const problem = resultProblem((market.status as string | undefined) ?? 'active', (market.result as string) ?? '');
  if (problem) throw new ControlInputError('result', problem);
  for (const field of TEXTS)
    if (given(field) && typeof market[field] !== 'string')
      throw new ControlInputError(field, `must be a string, got ${quoted(market[field])}`);
  for (const field of TIMES)
    if (given(field)) assertWhole(field, market[field], 'a whole number of ms since 1970 (Unix ms)');
  for (const field of COUNTS) if (given(field)) assertWhole(field, market[field], 'a whole number ≥ 0');
  for (const field of PRICES)
    if (given(field)) assertWhole(field, market[field], 'a price in micro-dollars from 0 to 1,000,000', ONE_DOLLAR);
  // A scalar result comes with what one YES contract pays, on $0.0001 steps, as determineMarket takes it.
  if (market.result === 'scalar') {
    if (!given('settlementValue'))
      throw new ControlInputError(
        'settlementValue',
        'required with result "scalar" (what one YES contract pays, in micro-dollars: 250,000 = $0.25)',
      );
    if ((market.settlementValue as number) % 100 !== 0)
      throw new ControlInputError(
        'settlementValue',
        `${quoted(market.settlementValue)} is not on $0.0001 (a multiple of 100 micro-dollars)`,
      );
  }
  if (given('tick')) {
    const tick = market.tick as number;
    if (!(Number.isSafeInteger(tick) && tick > 0 && ONE_DOLLAR % tick === 0))
      throw new ControlInputError(
        'tick',
        `${quoted(tick)} is not a positive whole number of micro-dollars that divides 1,000,000`,
      );
  }
  if (given('priceRanges')) {
    const ranges = market.priceRanges;
    const problem = Array.isArray(ranges) ? gridProblem(ranges) : 'must be an array of { start, end, step }';
    if (problem) throw new ControlInputError('priceRanges', problem);
  } else if (given('priceLevelStructure')) assertStructureTick(market.priceLevelStructure as string, market.tick);
}

/**
 * A structure named without its ranges is one of Kalshi's (notes §5), whose grid it stands for: a `tick` given with
 * it is that grid's (coarsest) step, so that the name served and the prices taken agree (round 19 trial, D5).
 */
function assertStructureTick(name: string, tick: unknown): void {
  const ranges = namedGrid(name);
  if (!ranges)
    throw new ControlInputError(
      'priceLevelStructure',
      `${quoted(name)} is not one of ${Object.keys(PRICE_LEVEL_STRUCTURES).join(', ')} (or give priceRanges)`,
    );
  if (tick !== undefined && tick !== coarsestStep(ranges))
    throw new ControlInputError(
      'tick',
      `${quoted(tick)} is not ${name}'s step (${coarsestStep(ranges)} micro-dollars): leave it out, the structure sets it`,
    );
}
