// A market's price grid: `price_level_structure` names it and `price_ranges` spells it out, each range with its own
// step (kalshi-api-notes §5: linear_cent, deci_cent, tapered_deci_cent). A price off the grid is refused with 400
// `invalid_price`. Prices here are micro-dollars, as everywhere in the engine.
import { ONE_DOLLAR } from './book';
import { exchangeError } from './errors';
import type { MarketState } from './types';

export interface PriceRange {
  readonly start: number;
  readonly end: number;
  readonly step: number;
}

/** Kalshi's named structures (kalshi-api-notes §5), for a dataset that names one without its ranges. */
export const PRICE_LEVEL_STRUCTURES: Readonly<Record<string, readonly PriceRange[]>> = {
  linear_cent: [{ start: 0, end: ONE_DOLLAR, step: 10_000 }],
  deci_cent: [{ start: 0, end: ONE_DOLLAR, step: 1_000 }],
  tapered_deci_cent: [
    { start: 0, end: 100_000, step: 1_000 },
    { start: 100_000, end: 900_000, step: 10_000 },
    { start: 900_000, end: ONE_DOLLAR, step: 1_000 },
  ],
};

/** The ranges of one of Kalshi's named structures; undefined for another name (an own property only: not 'toString'). */
export const namedGrid = (name: string | undefined): readonly PriceRange[] | undefined =>
  name !== undefined && Object.hasOwn(PRICE_LEVEL_STRUCTURES, name) ? PRICE_LEVEL_STRUCTURES[name] : undefined;

/** The coarsest step of a grid: a price on it is on every range (each step divides it on Kalshi's grids). */
export const coarsestStep = (ranges: readonly PriceRange[]) => Math.max(...ranges.map((r) => r.step));

/**
 * A listed market's grid fields, completed from those given (`addMarket`): a named structure's ranges, the coarsest
 * step as its tick, and the name of a grid given by its ranges or tick alone: Kalshi's for a single step it names
 * (notes §5: linear_cent 0.01, deci_cent 0.001), else `custom`, as a dataset's unnamed ranges are presented.
 */
export function listedGrid(market: Partial<Pick<MarketState, 'priceRanges' | 'tick' | 'priceLevelStructure'>>) {
  const { tick, priceLevelStructure: name } = market;
  const ranges = market.priceRanges ?? namedGrid(name);
  if (ranges) return { priceRanges: ranges, tick: tick ?? coarsestStep(ranges), priceLevelStructure: name ?? 'custom' };
  const step = tick ?? 10_000;
  const named = Object.entries(PRICE_LEVEL_STRUCTURES).find(([, [only, more]]) => !more && only?.step === step);
  return { tick: step, priceLevelStructure: named?.[0] ?? 'custom' };
}

/** Whether `price` lies strictly between 0 and 1 on one of the ranges' steps (a boundary belongs to both ranges). */
export function onGrid(ranges: readonly PriceRange[], price: number): boolean {
  if (price <= 0 || price >= ONE_DOLLAR) return false;
  for (const { start, end, step } of ranges)
    if (price >= start && price <= end && (price - start) % step === 0) return true;
  return false;
}

/** A market's grid: its own `priceRanges` (a captured dataset), else 0–1 in steps of its `tick`. */
export function marketGrid(market: Pick<MarketState, 'priceRanges' | 'tick'>): readonly PriceRange[] {
  return market.priceRanges ?? [{ start: 0, end: ONE_DOLLAR, step: market.tick }];
}

/**
 * Refuses a price off the market's grid with 400 `invalid_price` naming `field` (kalshi-api-notes §4): the one check
 * for every price a user names on a market (orders, RFQ quotes).
 */
export function assertOnGrid(
  market: Pick<MarketState, 'priceRanges' | 'tick' | 'priceLevelStructure'>,
  price: number,
  field: string,
): void {
  if (onGrid(marketGrid(market), price)) return;
  throw exchangeError(
    400,
    'invalid_price',
    'invalid price',
    market.priceRanges
      ? `${field} must be on the market's ${market.priceLevelStructure ?? 'price'} grid`
      : `${field} must be between 0 and 1 on a ${market.tick / ONE_DOLLAR} grid`,
  );
}

/**
 * What is wrong with a grid, or undefined: ranges must follow one another from 0 to 1 with no gap or overlap, each
 * with a positive step that divides it.
 */
export function gridProblem(ranges: readonly PriceRange[]): string | undefined {
  if (ranges.length === 0) return 'has no range';
  let expected = 0;
  for (const [i, { start, end, step }] of ranges.entries()) {
    if (start !== expected) return `[${i}] starts at ${start / ONE_DOLLAR}, expected ${expected / ONE_DOLLAR}`;
    if (end <= start) return `[${i}] ends at ${end / ONE_DOLLAR}, not after its start`;
    if (step <= 0) return `[${i}] has step ${step / ONE_DOLLAR}, not positive`;
    if ((end - start) % step !== 0)
      return `[${i}] step ${step / ONE_DOLLAR} does not divide ${start / ONE_DOLLAR}–${end / ONE_DOLLAR}`;
    expected = end;
  }
  if (expected !== ONE_DOLLAR) return `ends at ${expected / ONE_DOLLAR}, not 1`;
  return undefined;
}
