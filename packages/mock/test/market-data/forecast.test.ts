import { beforeAll, expect, it } from 'vitest';
import type { Exchange } from '../../src/exchange/exchange';
import { type Harness, harness } from '../helpers';

// Forecast percentiles of a strike ladder, as the mock models them (Kalshi does not document its method): a market
// "above K" trading at YES price p says P(outcome > K) = p, so the distribution is 1 − p at K; a percentile is read
// off it by linear interpolation between strikes, clamped to the ladder. Expectations worked out by hand.

const T0 = Date.UTC(2026, 11, 1, 12, 0, 0);
const S0 = T0 / 1000;
const EVENT = 'KXFC-26DEC01';

let h: Harness;
let exchange: Exchange;

// A generous hook timeout: building a mock takes seconds while other packages test on the shared machine.
beforeAll(async () => {
  h = await harness({ empty: true, now: T0, seed: 2 });
  exchange = h.mock.exchange;
  // P(> 10) = 0.80, P(> 20) = 0.50, P(> 30) = 0.10: the distribution is 0.2, 0.5, 0.9 at 10, 20, 30.
  for (const [strike, price] of [
    [10, 800_000],
    [20, 500_000],
    [30, 100_000],
  ] as const)
    exchange.addMarket({ ticker: `${EVENT}-T${strike}`, openTime: T0 - 3_600_000, lastPrice: price });
  exchange.advanceTime(90_000);
  // At T0 + 90 s the 30 strike trades at 0.30: the distribution at 30 becomes 0.7.
  const base = { ticker: `${EVENT}-T30`, price: 300_000, count: 100, selfTradePrevention: 'maker' } as const;
  exchange.createOrder('00000000-0000-4000-8000-0000000000d1', {
    ...base,
    side: 'ask',
    timeInForce: 'good_till_canceled',
  });
  exchange.createOrder('00000000-0000-4000-8000-0000000000d2', {
    ...base,
    side: 'bid',
    timeInForce: 'immediate_or_cancel',
  });
  exchange.advanceTime(90_000); // now T0 + 180 s
}, 60_000);

const history = (query: string) => h.call('GET', `/series/KXFC/events/${EVENT}/forecast_percentile_history?${query}`);

it('reads each percentile off the ladder, per period, and follows the trades', async () => {
  const { status, body } = await history(
    `percentiles=1000&percentiles=5000&percentiles=7000&start_ts=${S0 + 60}&end_ts=${S0 + 180}&period_interval=1`,
  );
  expect(status).toBe(200);
  const rows = body.forecast_history.map(
    (p: { end_period_ts: number; percentile_points: { percentile: number; numerical_forecast: number }[] }) => [
      p.end_period_ts,
      p.percentile_points.map((q) => [q.percentile, q.numerical_forecast]),
    ],
  );
  expect(rows).toEqual([
    // 10th percentile: below 0.2, clamped to 10; median 20; 70th: 20 + (0.7 − 0.5) / (0.9 − 0.5) × 10 = 25.
    [
      S0 + 60,
      [
        [1000, 10],
        [5000, 20],
        [7000, 25],
      ],
    ],
    // After the trade the distribution reaches 0.7 at 30: the 70th percentile is 30.
    [
      S0 + 120,
      [
        [1000, 10],
        [5000, 20],
        [7000, 30],
      ],
    ],
    [
      S0 + 180,
      [
        [1000, 10],
        [5000, 20],
        [7000, 30],
      ],
    ],
  ]);
  expect(body.forecast_history[0]).toMatchObject({ event_ticker: EVENT, period_interval: 1 });
  expect(body.forecast_history[0].percentile_points[2]).toEqual({
    percentile: 7000,
    raw_numerical_forecast: 25,
    numerical_forecast: 25,
    formatted_forecast: '25',
  });
});

it('has no forecast for an event without numeric strikes', async () => {
  exchange.addMarket({ ticker: 'KXTEAM-26DEC01-BOS' });
  const { status, body } = await h.call(
    'GET',
    `/series/KXTEAM/events/KXTEAM-26DEC01/forecast_percentile_history?percentiles=5000&start_ts=${S0}&end_ts=${S0 + 180}&period_interval=1`,
  );
  expect(status).toBe(200);
  expect(body.forecast_history).toEqual([]);
});

const points = (body: {
  forecast_history: {
    end_period_ts: number;
    percentile_points: { percentile: number; numerical_forecast: number }[];
  }[];
}) => body.forecast_history.map((p) => [p.end_period_ts, p.percentile_points.map((q) => q.numerical_forecast)]);

// Spec period_interval: "0 for 5-second intervals, or 1, 60, or 1440 for minute-based intervals".
it('period_interval 0 answers a point every 5 seconds', async () => {
  const { status, body } = await history(`percentiles=5000&start_ts=${S0 + 60}&end_ts=${S0 + 180}&period_interval=0`);
  expect(status).toBe(200);
  const ends = body.forecast_history.map((p: { end_period_ts: number }) => p.end_period_ts);
  expect(ends).toEqual(Array.from({ length: 25 }, (_, i) => S0 + 60 + 5 * i));
});

// A history ends at the present: no point for a period that has not begun (the clock is at T0 + 180 s), and none
// before any market of the ladder opened (T0 − 1 h).
it('has no points after the present period or before the ladder opened', async () => {
  const later = await history(`percentiles=5000&start_ts=${S0 + 120}&end_ts=${S0 + 600}&period_interval=1`);
  expect(points(later.body).map(([end]) => end)).toEqual([S0 + 120, S0 + 180]);
  const earlier = await history(`percentiles=5000&start_ts=${S0 - 3 * 3600}&end_ts=${S0}&period_interval=60`);
  expect(points(earlier.body).map(([end]) => end)).toEqual([S0 - 3600, S0]);
});

// Above the top of the ladder the distribution is unknown: a percentile past it is clamped to the top strike, as the
// 10th percentile below the bottom one is to the bottom strike (the first test).
it('clamps a percentile above the ladder to its top strike', async () => {
  const { body } = await history(`percentiles=9500&start_ts=${S0 + 60}&end_ts=${S0 + 60}&period_interval=1`);
  // At T0 + 60 s the distribution reaches 0.9 at 30, the top strike: the 95th percentile lies above it.
  expect(points(body)).toEqual([[S0 + 60, [30]]]);
});

it('reads decimal strikes (-T4.25) and evens out prices that contradict each other', async () => {
  // P(> 4.25) = 0.50 but P(> 4.50) = 0.60: a distribution never decreases, so it is 0.5 at 4.25 and at 4.50, then
  // 0.9 at 4.75. The median is 4.25; the 80th percentile 4.50 + (0.8 − 0.5) / (0.9 − 0.5) × 0.25 = 4.6875 → 4.69.
  for (const [strike, price] of [
    ['4.25', 500_000],
    ['4.50', 600_000],
    ['4.75', 100_000],
  ] as const)
    exchange.addMarket({ ticker: `KXFCD-26DEC01-T${strike}`, openTime: T0 - 3_600_000, lastPrice: price });
  const { status, body } = await h.call(
    'GET',
    `/series/KXFCD/events/KXFCD-26DEC01/forecast_percentile_history?percentiles=5000&percentiles=8000&start_ts=${S0 + 60}&end_ts=${S0 + 60}&period_interval=1`,
  );
  expect(status).toBe(200);
  expect(points(body)).toEqual([[S0 + 60, [4.25, 4.69]]]);
});
