// Every timestamp the mock shows is a whole number where the specs type it so. AsyncAPI: `ts_ms` (orderbook_delta,
// ticker, trade, fill), `created_ts_ms` / `last_updated_ts_ms` / `expiration_ts_ms` (user_order) are
// `type: integer, format: int64` (Unix ms), `ts` integer seconds; kalshi-api-notes §9.6 recorded
// `"ts_ms":1781159489957`. OpenAPI: Fill `ts` is an integer. A Go or Rust client decodes them into an int64, so
// `1796294493140.3328` drops the frame. The activity generator acted at fractional times (1000 / rate ms apart), and
// the exchange clock reads a scheduled job's due time while it runs: every frame it caused carried a fraction.

import { createSigner } from '@org/kalshi-auth';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createKalshiMock, type KalshiMock, TEST_USER_ID } from '../../src';
import { ExchangeClock } from '../../src/exchange/clock';
import { findOperation } from '../../src/generated/manifest';
import { successResponse } from '../../src/schema/spec';
import { validatorFor } from '../../src/schema/validate';
import { createFaults } from '../../src/shared/faults';
import { StreamSession } from '../../src/stream/session';
import { call, order } from '../helpers';
import type { Message } from '../stream/client';
import { specErrors } from '../stream/conformance';

const T0 = Date.UTC(2026, 11, 1, 15);
const TIMESTAMP = /^(?:.*_)?ts(?:_ms)?$/;

/** Every number under a timestamp key (`ts`, `ts_ms`, `*_ts`, `*_ts_ms`) that is not a safe integer, with its path. */
function fractionalTimes(value: unknown, path = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => fractionalTimes(v, `${path}/${i}`));
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, v]) =>
    TIMESTAMP.test(key) && typeof v === 'number' && !Number.isSafeInteger(v)
      ? [`${path}/${key} = ${v}`]
      : fractionalTimes(v, `${path}/${key}`),
  );
}

/** A stream session of `userId` on the mock's exchange, recording frames, subscribed to every channel it can hear. */
function listen(mock: KalshiMock, userId: string, markets: string[]): { frames: Message[]; dispose(): void } {
  const frames: Message[] = [];
  const session = new StreamSession({
    exchange: mock.exchange,
    userId,
    faults: createFaults(() => mock.exchange.draw()),
    transport: { send: (text) => frames.push(JSON.parse(text)), drop: () => {} },
  });
  const channels = ['orderbook_delta', 'ticker', 'trade', 'fill', 'user_orders', 'market_positions'];
  session.receive(JSON.stringify({ id: 1, cmd: 'subscribe', params: { channels, market_tickers: markets } }));
  session.receive(JSON.stringify({ id: 2, cmd: 'subscribe', params: { channels: ['market_lifecycle_v2'] } }));
  return { frames, dispose: () => session.dispose() };
}

/** REST reads whose bodies carry the exchange's times, each checked against its OpenAPI success schema. */
const READS = [
  ['GET', '/markets/trades', 'ticker'],
  ['GET', '/markets/{ticker}', 'path'],
  ['GET', '/portfolio/fills', 'ticker'],
  ['GET', '/portfolio/orders', 'ticker'],
  ['GET', '/portfolio/positions', 'ticker'],
] as const;

interface Run {
  readonly ordersPerSecond: number;
  readonly seed: number;
  /** `advanced`: a fixed clock moved by advanceTime; `moving`: a clock that moves by itself (serve), due work run by runDue. */
  readonly clock: 'advanced' | 'moving';
  /** A moving clock's reading may carry a fraction of a ms (a performance.now()-based clock). */
  readonly fraction: number;
  readonly steps: readonly number[];
}

/** What the runs heard, over all of them: a property that saw no trade would prove nothing. */
const heard = new Map<string, number>();

async function activityRun(run: Run): Promise<string[]> {
  let t = T0 + (run.clock === 'moving' ? run.fraction : 0);
  const probe = createKalshiMock({ seed: 3, now: T0 });
  const markets = [...probe.exchange.markets.values()]
    .filter((m) => m.status === 'active')
    .slice(0, 2)
    .map((m) => m.ticker);
  const mock = createKalshiMock({
    seed: 3,
    now: run.clock === 'moving' ? () => t : T0,
    activity: { seed: run.seed, ordersPerSecond: run.ordersPerSecond, markets },
  });
  const signer = await createSigner({ keyId: mock.credentials.keyId, privateKey: mock.credentials.privateKeyPem });
  const rest = (method: string, path: string, body?: unknown) =>
    call(mock, signer, 'https://external-api.kalshi.com/trade-api/v2', method, path, body);
  const synthetic = mock.activity?.accounts[0] as string;
  const theirs = listen(mock, synthetic, markets);
  const ours = listen(mock, TEST_USER_ID, markets);
  const problems: string[] = [];
  for (const ms of run.steps) {
    // The test account keeps a good-till-time bid in the book, for the activity's sellers to take at their times.
    const ticker = markets[ms % markets.length] as string;
    const bid = mock.exchange.book(ticker).bestPrice('yes') ?? 10_000;
    const price = (Math.min(bid + 10_000, 980_000) / 1_000_000).toFixed(4);
    const expiration = Math.floor(mock.exchange.now() / 1000) + 3600;
    await rest('POST', '/portfolio/events/orders', order(ticker, { count: '3', price, expiration_time: expiration }));
    if (run.clock === 'moving') {
      t += ms;
      mock.exchange.runDue();
    } else mock.exchange.advanceTime(ms);
  }
  for (const frame of [...theirs.frames, ...ours.frames]) {
    for (const found of fractionalTimes(frame)) problems.push(`ws ${frame.type}${found}`);
    for (const error of await specErrors(frame)) problems.push(`ws ${frame.type}: ${error}`);
  }
  theirs.dispose();
  ours.dispose();
  for (const [method, template, scope] of READS)
    for (const ticker of markets) {
      const path = scope === 'path' ? template.replace('{ticker}', ticker) : `${template}?ticker=${ticker}`;
      const { status, body } = await rest(method, path);
      const op = findOperation(method, template);
      const schema = op && successResponse(op).schema;
      if (status !== 200 || !op || !schema) {
        problems.push(`rest ${path}: ${status}`);
        continue;
      }
      for (const found of fractionalTimes(body)) problems.push(`rest ${path}${found}`);
      const validate = validatorFor(`integer-timestamps:${op.operationId}`, schema);
      if (!validate(body)) problems.push(`rest ${path}: ${JSON.stringify(validate.errors?.slice(0, 2))}`);
    }
  for (const [who, frames] of [
    ['activity', theirs.frames],
    ['test account', ours.frames],
  ] as const)
    for (const frame of frames) heard.set(`${who} ${frame.type}`, (heard.get(`${who} ${frame.type}`) ?? 0) + 1);
  return problems;
}

const runs: fc.Arbitrary<Run> = fc.record({
  // Rates whose interval (1000 / rate ms) is rarely whole: 30/s is the tester's `serve --activity 30`.
  ordersPerSecond: fc.oneof(
    fc.constantFrom(3, 7, 30, 45.5, 0.7),
    fc.double({ min: 0.5, max: 150, noNaN: true, noDefaultInfinity: true }),
  ),
  seed: fc.integer({ min: 1, max: 1_000 }),
  clock: fc.constantFrom('advanced' as const, 'moving' as const),
  fraction: fc.double({ min: 0, max: 0.999, noNaN: true }),
  steps: fc.array(fc.integer({ min: 1, max: 1_500 }), { minLength: 2, maxLength: 6 }),
});

describe('timestamps of an activity run', () => {
  it('are whole ms (and whole s) in every WebSocket message and REST body, as the AsyncAPI and OpenAPI type them', async () => {
    await fc.assert(
      fc.asyncProperty(runs, async (run) => {
        const problems = await activityRun(run);
        expect(problems.slice(0, 5), `${problems.length} problems`).toEqual([]);
      }),
      {
        numRuns: 25,
        seed: 2026,
        // The tester's case: `kalshi-mock serve --activity 30` (a clock that moves by itself).
        examples: [[{ ordersPerSecond: 30, seed: 1, clock: 'moving', fraction: 0, steps: [1_000, 1_000, 1_000] }]],
      },
    );
    // The runs heard every kind of message a trade causes, on both accounts' streams.
    for (const kind of ['trade', 'ticker', 'orderbook_delta', 'fill', 'user_order', 'market_position'])
      for (const who of ['activity', 'test account'])
        expect(heard.get(`${who} ${kind}`), `${who} ${kind}`).toBeGreaterThan(0);
  });
});

describe('the exchange clock', () => {
  it('runs work scheduled at a fraction of a ms at the next whole ms, and reads it there', () => {
    const clock = new ExchangeClock(T0);
    const seen: number[] = [];
    clock.schedule(T0 + 33.3333, () => seen.push(clock.now()));
    clock.schedule(T0 + 66.6667, () => seen.push(clock.now()));
    clock.advance(100, () => {});
    expect(seen).toEqual([T0 + 34, T0 + 67]);
    expect(clock.now()).toBe(T0 + 100);
  });

  it('on a clock that moves by itself, runs due work at whole ms and reads a fractional base clock in whole ms', () => {
    let t = T0 + 0.75;
    const clock = new ExchangeClock(() => t);
    expect(clock.now()).toBe(T0);
    const seen: number[] = [];
    clock.schedule(T0 + 10.5, () => seen.push(clock.now()));
    clock.wake(T0 + 20.25);
    expect(clock.next()).toBe(T0 + 11);
    t += 50;
    let ticks = 0;
    clock.runDue(() => {
      ticks++;
      seen.push(clock.now());
    });
    expect(seen).toEqual([T0 + 11, T0 + 21]);
    expect(ticks).toBe(1);
    expect(clock.now()).toBe(T0 + 50);
  });
});
