// The activity generator: synthetic accounts trading on the exchange clock, so a strategy's ticker and trade
// subscriptions see a market move without the test placing anything.
import { describe, expect, it, vi } from 'vitest';
import { createKalshiMock, HOUSE_USER, type KalshiMock, TEST_USER_ID } from '../../src';
import type { Message } from '../stream/client';
import { specErrors } from '../stream/conformance';
import { openSession } from '../stream/session';

const T0 = Date.UTC(2026, 11, 1, 15);
const activeOf = (mock: KalshiMock) =>
  [...mock.exchange.markets.values()].filter((m) => m.status === 'active').map((m) => m.ticker);

/** A strategy's view: subscribe to ticker and trade for two markets, then let 10 s of exchange time pass. */
function tape(mock: KalshiMock, markets: string[]): Message[] {
  const h = openSession({ exchange: mock.exchange });
  h.send({ id: 1, cmd: 'subscribe', params: { channels: ['ticker', 'trade'], market_tickers: markets } });
  for (let second = 0; second < 10; second++) mock.exchange.advanceTime(1000);
  h.session.dispose();
  return h.frames.filter((f) => f.type === 'ticker' || f.type === 'trade');
}

function livingMock(markets?: string[]) {
  const probe = createKalshiMock({ seed: 3, now: T0 });
  const chosen = markets ?? activeOf(probe).slice(0, 2);
  return {
    mock: createKalshiMock({ seed: 3, now: T0, activity: { seed: 7, ordersPerSecond: 50, markets: chosen } }),
    markets: chosen,
  };
}

describe('activity', () => {
  it('is off by default: time passes and nobody trades', () => {
    const mock = createKalshiMock({ seed: 3, now: T0 });
    const frames = tape(mock, activeOf(mock).slice(0, 2));
    expect(frames).toEqual([]);
    expect(mock.exchange.trades).toEqual([]);
    expect(mock.activity).toBeUndefined();
  });

  it('gives a strategy subscribed to ticker and trade the same tape every run under an advanced clock', async () => {
    const first = livingMock();
    const second = livingMock(first.markets);
    const a = tape(first.mock, first.markets);
    const b = tape(second.mock, second.markets);
    expect(b).toEqual(a);
    const trades = a.filter((f) => f.type === 'trade');
    const tickers = a.filter((f) => f.type === 'ticker');
    expect(trades.length).toBeGreaterThan(0);
    expect(tickers.length).toBeGreaterThan(0);
    for (const frame of a) {
      expect(first.markets).toContain(frame.msg.market_ticker);
      expect(await specErrors(frame), JSON.stringify(frame)).toEqual([]);
    }
    // Stamped with the exchange clock as it moved through the 10 s, in order.
    const times = trades.map((t) => t.msg.ts_ms as number);
    expect(times).toEqual([...times].sort((x, y) => x - y));
    expect(times[0]).toBeGreaterThan(T0);
    expect(times.at(-1)).toBeLessThanOrEqual(T0 + 10_000);
    // seq on the trade sid counts every trade (kalshi-api-notes §9.7).
    expect(trades.map((t) => t.seq)).toEqual(trades.map((_, i) => i + 1));
  });

  it('acts from its own UUID accounts at the configured rate, each action at its scheduled time', () => {
    const { mock } = livingMock();
    mock.exchange.advanceTime(10_000);
    const accounts = mock.activity?.accounts ?? [];
    expect(accounts).toHaveLength(4);
    for (const id of accounts)
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const theirs = [...mock.exchange.orders.values()].filter((o) => accounts.includes(o.userId));
    expect(theirs.length).toBeGreaterThan(0);
    // 50 actions per second: one every 20 ms of exchange time, at most 500 in 10 s.
    expect(theirs.length).toBeLessThanOrEqual(500);
    for (const order of theirs) expect((order.createdTime - T0) % 20).toBe(0);
    // Nobody else's orders: not the test account's, and the house only holds its initial quotes.
    expect([...mock.exchange.orders.values()].every((o) => o.userId !== TEST_USER_ID)).toBe(true);
    expect(
      [...mock.exchange.orders.values()].filter((o) => o.userId === HOUSE_USER).every((o) => o.createdTime === T0),
    ).toBe(true);
  });

  it('starts over with the exchange: after reset the same tape plays again', () => {
    const { mock, markets } = livingMock();
    const before = tape(mock, markets);
    mock.exchange.reset();
    expect(tape(mock, markets)).toEqual(before);
  });

  it('stops', () => {
    const { mock } = livingMock();
    mock.activity?.stop();
    mock.exchange.advanceTime(10_000);
    expect(mock.exchange.trades).toEqual([]);
  });

  it('names a bad option', () => {
    expect(() => createKalshiMock({ now: T0, activity: { markets: ['NOPE-1'] } })).toThrow(
      'activity.markets: no market "NOPE-1"',
    );
    expect(() => createKalshiMock({ now: T0, activity: { ordersPerSecond: 0 } })).toThrow('activity.ordersPerSecond');
  });

  // An empty list (`--activity-markets=$MARKETS` unset, a filter that matched nothing) started a generator that never
  // placed an order, silently; omitted, every active market trades. The notes are silent (the mock's own API).
  it('refuses an empty markets list, naming it', () => {
    expect(() => createKalshiMock({ now: T0, activity: { markets: [] } })).toThrow(
      'activity.markets: an empty list: name one market or more, or omit it for every active market',
    );
  });

  // ActivityOptions.ordersPerSecond: actions per second of exchange time. At 30 a second the n-th action is due at
  // n·33⅓ ms and runs at the next whole ms (startActivity's schedule: "so the rate holds over time"), not 34 ms after
  // the one before. (Mutation gap AV02.)
  it('holds a rate that does not divide 1000: each action within 1 ms after a multiple of 1000/rate', () => {
    const markets = activeOf(createKalshiMock({ seed: 3, now: T0 })).slice(0, 2);
    const mock = createKalshiMock({ seed: 3, now: T0, activity: { seed: 7, ordersPerSecond: 30, markets } });
    mock.exchange.advanceTime(10_000);
    const accounts = mock.activity?.accounts ?? [];
    const times = [...mock.exchange.orders.values()]
      .filter((o) => accounts.includes(o.userId))
      .map((o) => o.createdTime - T0);
    expect(times.length).toBeGreaterThan(100);
    const late = (t: number) => t - (Math.floor((t * 30) / 1000) * 1000) / 30;
    expect(times.filter((t) => late(t) > 1.001)).toEqual([]);
  });
});

// Outside test round 10, R-D5: optional options take undefined as absent (their types say `| undefined`). An activity
// `seed: undefined` overrode the mock's seed (a spread), so the tape differed from leaving `seed` out.
it("takes activity's seed undefined as absent: the mock's seed, as when left out", () => {
  const markets = activeOf(createKalshiMock({ seed: 5, now: T0 })).slice(0, 2);
  const run = (activity: { seed?: number | undefined }) =>
    tape(createKalshiMock({ seed: 5, now: T0, activity: { ...activity, ordersPerSecond: 50, markets } }), markets);
  const left = run({});
  expect(left.length).toBeGreaterThan(0);
  expect(run({ seed: undefined })).toEqual(left);
  expect(run({ seed: 1 })).not.toEqual(left);
});

// An idle generator costs nothing: once none of its markets is active, moving the clock runs no step (counted as the
// steps it schedules on the exchange clock, not as time), and a market active again brings the steps back.
describe('activity with nothing to trade', () => {
  const DAY = 86_400_000;
  function oneMarket() {
    const probe = createKalshiMock({ seed: 3, now: T0 });
    const [ticker] = activeOf(probe) as [string];
    const mock = createKalshiMock({ seed: 3, now: T0, activity: { seed: 7, ordersPerSecond: 5, markets: [ticker] } });
    mock.exchange.advanceTime(10_000);
    expect(mock.exchange.trades.length).toBeGreaterThan(0);
    return { mock, ticker, steps: vi.spyOn(mock.exchange, 'schedule') };
  }

  it('runs no step while the clock moves a day past the settlement of its only market', () => {
    const { mock, ticker, steps } = oneMarket();
    mock.exchange.settleMarket(ticker, 'yes');
    mock.exchange.advanceTime(60_000);
    steps.mockClear();
    const trades = mock.exchange.trades.length;
    mock.exchange.advanceTime(DAY);
    expect(steps).toHaveBeenCalledTimes(0);
    expect(mock.exchange.trades).toHaveLength(trades);
  });

  it('resumes when its market is active again', () => {
    const { mock, ticker, steps } = oneMarket();
    mock.exchange.setMarketStatus(ticker, 'inactive');
    mock.exchange.advanceTime(1000);
    steps.mockClear();
    mock.exchange.advanceTime(DAY);
    expect(steps).toHaveBeenCalledTimes(0);
    mock.exchange.setMarketStatus(ticker, 'active');
    const trades = mock.exchange.trades.length;
    mock.exchange.advanceTime(10_000);
    // 5 actions a second for 10 s, each scheduling the next, after the one scheduled when the market came back.
    expect(steps).toHaveBeenCalledTimes(51);
    expect(mock.exchange.trades.length).toBeGreaterThan(trades);
  });
});
