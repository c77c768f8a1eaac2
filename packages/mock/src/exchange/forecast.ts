// Forecast percentiles of an event whose markets form a strike ladder ("above 90000", "above 95000", …): the mock's
// model of `GET …/forecast_percentile_history`. A market's YES price is the chance the outcome ends above its strike,
// so 1 − price is the distribution function at the strike; a percentile is read off it by linear interpolation.
// Kalshi does not document its own method; events without numeric strikes have no forecast here.
import type { Exchange } from './exchange';
import { quoteTape } from './quotes';
import { tradePriceAt } from './retention';
import type { MarketState } from './types';

/** Strikes the tickers carry as `-T<number>` (the dataset's "above" ladders). */
const STRIKE = /-T(\d+(?:\.\d+)?)$/;

export interface ForecastPoint {
  /** Unix seconds. */
  readonly endPeriodTs: number;
  /** Percentile (0–9999, hundredths of a percent) → forecast value. */
  readonly values: ReadonlyMap<number, number>;
}

/** Points in time at most (5-second periods when `periodMinutes` is 0, Kalshi's finest interval). */
const MAX_POINTS = 10_000;

export function forecastHistory(
  exchange: Exchange,
  markets: readonly MarketState[],
  percentiles: readonly number[],
  range: { startTs: number; endTs: number; periodMinutes: number },
): ForecastPoint[] {
  const ladder = markets
    .map((market) => ({ market, strike: Number(STRIKE.exec(market.ticker)?.[1] ?? Number.NaN) }))
    .filter((rung) => Number.isFinite(rung.strike))
    .sort((a, b) => a.strike - b.strike);
  if (ladder.length === 0) return [];
  const period = range.periodMinutes === 0 ? 5 : range.periodMinutes * 60;
  const opened = Math.min(...ladder.map((r) => r.market.openTime)) / 1000;
  const last = Math.min(range.endTs, Math.ceil(exchange.now() / 1000 / period) * period);
  const points: ForecastPoint[] = [];
  for (
    let end = Math.ceil(Math.max(range.startTs, opened) / period) * period;
    end <= last && points.length < MAX_POINTS;
    end += period
  ) {
    const cdf = monotone(ladder.map((r) => 1 - priceAt(exchange, r.market, end * 1000) / 1_000_000));
    const strikes = ladder.map((r) => r.strike);
    points.push({ endPeriodTs: end, values: new Map(percentiles.map((p) => [p, quantile(strikes, cdf, p / 10_000)])) });
  }
  return points;
}

/** The YES price at `time`: the last trade at or before it, else the price the market was loaded with. */
function priceAt(exchange: Exchange, market: MarketState, time: number): number {
  return tradePriceAt(exchange, market.ticker, exchange.trades, time) ?? quoteTape(exchange).loadedPrice(market.ticker);
}

/** Market prices need not be consistent across strikes; a distribution function never decreases. */
function monotone(values: number[]): number[] {
  let high = 0;
  return values.map((v) => {
    high = Math.max(high, Math.min(1, Math.max(0, v)));
    return high;
  });
}

/** The value where the distribution reaches `q`, interpolated between strikes and clamped to the ladder. */
function quantile(strikes: readonly number[], cdf: readonly number[], q: number): number {
  if (q <= (cdf[0] as number)) return strikes[0] as number;
  for (let i = 1; i < strikes.length; i++) {
    const [f0, f1] = [cdf[i - 1] as number, cdf[i] as number];
    if (q <= f1) {
      const [k0, k1] = [strikes[i - 1] as number, strikes[i] as number];
      return f1 === f0 ? k1 : k0 + ((q - f0) / (f1 - f0)) * (k1 - k0);
    }
  }
  return strikes[strikes.length - 1] as number;
}
