import { beforeAll, describe, expect, it } from 'vitest';
import { matchRoute } from '../../src/http/router';
import { escapePointer, validatorAt } from '../../src/schema/validate';
import { type Harness, harness } from '../helpers';

// The market-data operations answer from the exchange's state: every response validates against spec 3.31.0 and
// carries no schema filler (the example generator's "example" strings), and an id in the path that names nothing is
// 404 `not_found` in Kalshi's nested error shape (kalshi-api-notes §3.1, §6.1 "404 if unknown").

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 11, 1, 12, 0, 0);
const S0 = T0 / 1000;
const ARCHIVED = 'KXOLD-26AUG01-T1';

let h: Harness;
let ticker: string;
let eventTicker: string;
let seriesTicker: string;

// A generous hook timeout: building a mock takes seconds while other packages test on the shared machine.
beforeAll(async () => {
  h = await harness({ seed: 3, now: T0 });
  const exchange = h.mock.exchange;
  const market = [...exchange.markets.values()].find((m) => m.status === 'active')!;
  ticker = market.ticker;
  eventTicker = market.eventTicker;
  seriesTicker = exchange.events.get(eventTicker)!.seriesTicker;
  // A trade on the tape, and one market settled long enough ago to be historical.
  const best = exchange.book(ticker).best('no')!;
  await h.call('POST', '/portfolio/events/orders', {
    ticker,
    side: 'bid',
    count: '1',
    price: ((1_000_000 - best[0]) / 1_000_000).toFixed(4),
    time_in_force: 'immediate_or_cancel',
    self_trade_prevention_type: 'taker_at_cross',
  });
  exchange.addMarket({
    ticker: ARCHIVED,
    status: 'finalized',
    result: 'no',
    openTime: T0 - 130 * DAY,
    closeTime: T0 - 120 * DAY,
    settledTime: T0 - 100 * DAY,
  });
  exchange.advanceTime(120_000);
}, 60_000);

const candles = `start_ts=${S0 - DAY / 1000}&end_ts=${S0 + 600}&period_interval=60`;

/** Each operation of this part, with a request naming things that exist. */
const requests = (): [string, string][] => [
  ['GetExchangeStatus', '/exchange/status'],
  ['GetExchangeSchedule', '/exchange/schedule'],
  ['GetMarkets', '/markets?limit=1000'],
  ['GetMarket', `/markets/${ticker}`],
  ['GetTrades', '/markets/trades'],
  ['GetEvents', '/events?with_nested_markets=true&with_milestones=true'],
  ['GetEvent', `/events/${eventTicker}?with_nested_markets=true`],
  ['GetEventMetadata', `/events/${eventTicker}/metadata`],
  ['GetSeriesList', '/series?include_volume=true'],
  ['GetSeries', `/series/${seriesTicker}?include_volume=true`],
  ['GetSeriesFeeChanges', '/series/fee_changes?show_historical=true'],
  ['GetEventFeeChanges', '/events/fee_changes'],
  [
    'GetEventForecastPercentilesHistory',
    `/series/${seriesTicker}/events/${eventTicker}/forecast_percentile_history?percentiles=5000&start_ts=${S0 - 3600}&end_ts=${S0}&period_interval=60`,
  ],
  ['GetMarketCandlesticks', `/series/${seriesTicker}/markets/${ticker}/candlesticks?${candles}`],
  ['BatchGetMarketCandlesticks', `/markets/candlesticks?market_tickers=${ticker}&${candles}`],
  ['GetMarketCandlesticksByEvent', `/series/${seriesTicker}/events/${eventTicker}/candlesticks?${candles}`],
  ['GetHistoricalCutoff', '/historical/cutoff'],
  ['GetHistoricalMarkets', '/historical/markets'],
  ['GetHistoricalMarket', `/historical/markets/${ARCHIVED}`],
  [
    'GetMarketCandlesticksHistorical',
    `/historical/markets/${ARCHIVED}/candlesticks?start_ts=${S0 - 131 * 86_400}&end_ts=${S0}&period_interval=1440`,
  ],
  ['GetTradesHistorical', '/historical/trades'],
  ['GetFillsHistorical', '/historical/fills'],
  ['GetHistoricalOrders', '/historical/orders'],
  ['GetHistoricalPositions', '/historical/positions'],
];

describe('responses', () => {
  it.each(requests().map(([id]) => id))('%s validates against spec 3.31.0 and holds no filler', async (id) => {
    const path = requests().find(([op]) => op === id)![1];
    const { status, body } = await h.call('GET', path);
    expect(status, JSON.stringify(body)).toBe(200);
    const op = matchRoute('GET', path.split('?')[0] as string).op!;
    expect(op.operationId).toBe(id);
    const validate = validatorAt(
      `#/paths/${escapePointer(op.path)}/get/responses/200/content/application~1json/schema`,
    );
    expect(validate(body), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    expect(JSON.stringify(body)).not.toMatch(/"example"|"x{2,}"/);
  });

  it('markets carry no field the engine does not model (no multivariate or strike filler)', async () => {
    const { body } = await h.call('GET', `/markets/${ticker}`);
    for (const field of ['mve_collection_ticker', 'mve_selected_legs', 'strike_type', 'custom_strike', 'settlement_ts'])
      expect(body.market).not.toHaveProperty(field);
  });
});

describe('seeded markets that never traded', () => {
  it('show last and previous price 0.0000, no volume, no trades and no candle prices (notes §6.1)', async () => {
    const untraded = [...h.mock.exchange.markets.values()].filter(
      (m) => m.status === 'active' && !h.mock.exchange.trades.some((t) => t.ticker === m.ticker),
    );
    expect(untraded.length).toBeGreaterThan(10);
    for (const m of untraded) {
      const { market } = (await h.call('GET', `/markets/${m.ticker}`)).body;
      expect(market, m.ticker).toMatchObject({
        last_price_dollars: '0.0000',
        previous_price_dollars: '0.0000',
        volume_fp: '0.00',
      });
    }
    const one = untraded[0]!;
    expect((await h.call('GET', `/markets/trades?ticker=${one.ticker}`)).body.trades).toEqual([]);
    const series = h.mock.exchange.events.get(one.eventTicker)!.seriesTicker;
    const range = `start_ts=${S0 - DAY / 1000}&end_ts=${S0}&period_interval=60`;
    const { candlesticks } = (await h.call('GET', `/series/${series}/markets/${one.ticker}/candlesticks?${range}`))
      .body;
    expect(candlesticks.length).toBeGreaterThan(0);
    for (const c of candlesticks) expect(c.price).toEqual({});
  });
});

describe('unknown ids in the path answer 404 not_found', () => {
  const range = `start_ts=${S0 - 3600}&end_ts=${S0}&period_interval=60`;
  const cases = (): [string, string][] => [
    ['market', '/markets/KXNOPE-26DEC01-T1'],
    ['event', '/events/KXNOPE-26DEC01'],
    ['event metadata', '/events/KXNOPE-26DEC01/metadata'],
    ['series', '/series/KXNOPE'],
    ['market candlesticks: unknown market', `/series/${seriesTicker}/markets/KXNOPE-26DEC01-T1/candlesticks?${range}`],
    ['market candlesticks: market of another series', `/series/KXNOPE/markets/${ticker}/candlesticks?${range}`],
    ['batch candlesticks', `/markets/candlesticks?market_tickers=${ticker},KXNOPE-26DEC01-T1&${range}`],
    ['event candlesticks', `/series/${seriesTicker}/events/KXNOPE-26DEC01/candlesticks?${range}`],
    [
      'forecast history',
      `/series/${seriesTicker}/events/KXNOPE-26DEC01/forecast_percentile_history?percentiles=5000&${range}`,
    ],
    ['historical market: unknown', '/historical/markets/KXNOPE-26DEC01-T1'],
    ['historical market: still live', `/historical/markets/${ticker}`],
    ['historical candlesticks', `/historical/markets/${ticker}/candlesticks?${range}`],
  ];
  it.each(cases().map(([name]) => name))('%s', async (name) => {
    const path = cases().find(([n]) => n === name)![1];
    const { status, body } = await h.call('GET', path);
    expect(status).toBe(404);
    expect(body.error).toMatchObject({ code: 'not_found', message: 'not found' });
  });
});

it('batch orderbooks name an unknown market by their parameter, tickers (not ticker, which they do not take)', async () => {
  const { status, body } = await h.call('GET', `/markets/orderbooks?tickers=${ticker}&tickers=KXNOPE-26DEC01-T1`);
  expect(status).toBe(404);
  expect(body.error).toMatchObject({ code: 'not_found', details: 'tickers: no market KXNOPE-26DEC01-T1' });
});

it('batch candlesticks refuse a period other than 1, 60 or 1440 minutes (the spec leaves it open there)', async () => {
  const { status, body } = await h.call(
    'GET',
    `/markets/candlesticks?market_tickers=${ticker}&start_ts=${S0 - 3600}&end_ts=${S0}&period_interval=5`,
  );
  expect(status).toBe(400);
  expect(body.error).toMatchObject({ code: 'invalid_parameters', details: 'period_interval must be 1, 60 or 1440' });
});
