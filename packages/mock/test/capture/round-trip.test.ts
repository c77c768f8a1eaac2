import createClient from 'openapi-fetch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureDataset } from '../../src/capture';
import { checkDataset, type DatasetFile } from '../../src/exchange/dataset-file';
import { type RunningKalshiMockServer, startKalshiMockServer } from '../../src/node';

// Outside tester, round 15 (P-D6, P-D7): capture → load did not give back what was captured. README: loading a
// captured file "serves it: tickers, trade ids and fixed-point values as captured". Captured here from a mock served
// in process, with its activity generator trading for two minutes (takers sweeping several resting orders leave
// trades of the same millisecond), then loaded into a second mock at the same exchange time.
// Kalshi: GET /markets/trades answers newest first (kalshi-api-notes §6.4); Market carries created_time,
// updated_time, volume_fp, open_interest_fp and settlement_timer_seconds (§6.1).

const T0 = Date.UTC(2026, 11, 1, 15);
const TRADES = 20;
let source: RunningKalshiMockServer;
let loaded: RunningKalshiMockServer;
let file: DatasetFile;

beforeAll(async () => {
  source = await startKalshiMockServer({ port: 0, now: T0, activity: { seed: 7, ordersPerSecond: 50 } });
  source.mock.exchange.advanceTime(120_000);
  // Settlement timers other than the default 3600 s, one per market, so a timer lost on the way shows.
  let timer = 600;
  for (const market of source.mock.exchange.markets.values()) market.settlementTimerSeconds = timer++;
  file = await captureDataset(createClient({ baseUrl: source.url }), { limit: 2, trades: TRADES });
  // As loadDatasetFile reads it: through JSON and the checks.
  const dataset = checkDataset(JSON.parse(JSON.stringify(file)), 'capture.json');
  loaded = await startKalshiMockServer({ port: 0, now: T0 + 120_000, dataset });
}, 60_000);

afterAll(async () => {
  await source?.close();
  await loaded?.close();
});

const get = async (server: RunningKalshiMockServer, path: string) => (await fetch(`${server.url}${path}`)).json();

describe('capture → load', () => {
  it('captured markets that traded, some with trades of the same time', () => {
    const traded = file.markets.filter((m) => (m.trades ?? []).length > 1);
    expect(traded.length).toBeGreaterThan(0);
    const sameTime = traded.filter((m) => {
      const times = (m.trades ?? []).map((t) => t.created_time);
      return new Set(times).size < times.length;
    });
    expect(sameTime.length).toBeGreaterThan(0);
  });

  it('serves the trades in the captured order (P-D6)', async () => {
    for (const { ticker } of file.markets) {
      const path = `/markets/trades?ticker=${ticker}&limit=${TRADES}`;
      const [from, to] = [(await get(source, path)).trades, (await get(loaded, path)).trades];
      expect(to, ticker).toEqual(from);
    }
  });

  it('serves open interest, volume, last price, the settlement timer and the listing and update times as captured', async () => {
    const captured = [
      'open_interest_fp',
      'volume_fp',
      'last_price_dollars',
      'created_time',
      'updated_time',
      'settlement_timer_seconds',
    ];
    const pick = (market: Record<string, unknown>) => Object.fromEntries(captured.map((f) => [f, market[f]]));
    let held = 0;
    for (const { ticker } of file.markets) {
      const from = (await get(source, `/markets/${ticker}`)).market;
      const to = (await get(loaded, `/markets/${ticker}`)).market;
      expect(pick(to), ticker).toEqual(pick(from));
      if (from.open_interest_fp !== '0.00') held++;
    }
    expect(held).toBeGreaterThan(0);
  });

  it('serves the books as captured', async () => {
    for (const { ticker } of file.markets) {
      const path = `/markets/${ticker}/orderbook`;
      expect((await get(loaded, path)).orderbook_fp, ticker).toEqual((await get(source, path)).orderbook_fp);
    }
  });
});
