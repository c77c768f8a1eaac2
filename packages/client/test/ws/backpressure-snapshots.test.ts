// An order book with more markets than `queueSize` (attack report I, D6): its fresh snapshots are asked for once the
// consumer has read the queue down to half (README, Backpressure), never while it reads nothing, at most one request
// per market at a time, and only as many as fit, so the book is rebuilt instead of overflowing in a get_snapshot loop.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createKalshiStream, type KalshiStream } from '../../src/ws';
import { key } from '../helpers';
import { startFakeKalshiWs } from './fake-server';

type Fake = Awaited<ReturnType<typeof startFakeKalshiWs>>;
let fake: Fake;
let stream: KalshiStream;
beforeEach(async () => {
  fake = await startFakeKalshiWs();
});
afterEach(async () => {
  await stream.close();
  await fake.close();
});

const asked = () =>
  fake.commands
    .map((c) => c.params as { action?: string; market_tickers?: string[] })
    .filter((p) => p?.action === 'get_snapshot')
    .flatMap((p) => p.market_tickers ?? []);

it('30 markets, queueSize 20: no get_snapshot while the consumer reads nothing; then each market once, as room allows', async () => {
  const queueSize = 20;
  const warnings: (string | undefined)[] = [];
  stream = await createKalshiStream({
    url: fake.url,
    credentials: { keyId: key.keyId, privateKey: key.privateKeyPem },
    queueSize,
    logger: {
      debug() {},
      info() {},
      warn: (fields: { message?: string }) => warnings.push(fields.message),
      error() {},
    },
  });
  const markets = Array.from({ length: 30 }, (_, i) => `M${i}`);
  const sub = await stream.subscribe({ channels: ['orderbook_delta'], market_tickers: markets });
  // Every snapshot sent before the reply has been queued (or discarded); nothing trades.
  await stream.listSubscriptions();
  await stream.listSubscriptions();
  expect(asked()).toEqual([]);
  expect(sub.queued).toBeLessThanOrEqual(queueSize);

  // The consumer reads: every market's snapshot reaches it, each asked for once, and the queue never overflows again.
  const seen = new Set<string>();
  const iterator = sub[Symbol.asyncIterator]();
  for (let read = 0; read < 100 && seen.size < markets.length; read++) {
    const { value } = await iterator.next();
    if (value?.type === 'orderbook_snapshot') seen.add(value.msg.market_ticker);
    expect(sub.queued).toBeLessThanOrEqual(queueSize);
  }
  expect(seen.size).toBe(markets.length);
  expect(warnings.filter((m) => m?.includes('re-snapshotting'))).toHaveLength(1); // the first overflow only
  expect(asked()).toHaveLength(new Set(asked()).size); // no market asked for twice
  expect(asked().length).toBeLessThan(markets.length); // only those whose snapshot was discarded
});

it('messages of a sid a re-subscribe replaced are discarded without asking that old sid for snapshots', async () => {
  stream = await createKalshiStream({
    url: fake.url,
    credentials: { keyId: key.keyId, privateKey: key.privateKeyPem },
    queueSize: 4,
  });
  const sub = await stream.subscribe({ channels: ['orderbook_delta'], market_tickers: ['A'] });
  for (const seq of [2, 3]) {
    const msg = { market_ticker: 'A', price_dollars: '0.4000', delta_fp: '1.00', side: 'yes' };
    fake.broadcast({ type: 'orderbook_delta', sid: 1, seq, msg });
  }
  fake.broadcast({ type: 'error', sid: 1, msg: { code: 10, msg: 'Channel error' } }); // re-subscribed as sid 2
  await fake.when(() => fake.commands.filter((c) => c.cmd === 'subscribe').length === 2);
  await stream.listSubscriptions(); // sid 2's snapshot overflowed the queue: every book message went
  const iterator = sub[Symbol.asyncIterator]();
  expect((await iterator.next()).value).toMatchObject({ type: 'gap', reason: 'resubscribe' });
  expect((await iterator.next()).value).toMatchObject({ type: 'orderbook_snapshot', sid: 2 });
  const sids = fake.commands
    .filter((c) => (c.params as { action?: string })?.action === 'get_snapshot')
    .map((c) => (c.params as { sid: number }).sid);
  expect(sids).toEqual([2]);
});

// README (Backpressure): a fresh snapshot is "asked for once you have read the queue down to half". Half of 4 is 2:
// the read that leaves 2 queued asks, the one before it (3 left) does not.
it('the snapshot is asked for on the read that leaves the queue at exactly half, not before', async () => {
  stream = await createKalshiStream({
    url: fake.url,
    credentials: { keyId: key.keyId, privateKey: key.privateKeyPem },
    queueSize: 4,
  });
  const sub = await stream.subscribe({ channels: ['orderbook_delta', 'fill'], market_tickers: ['A'] }); // sids 1, 2
  for (let i = 0; i < 4; i++) fake.broadcast({ type: 'fill', sid: 2, msg: { trade_id: `t${i}`, market_ticker: 'A' } });
  await stream.listSubscriptions(); // the fourth fill overflowed the queue: A's snapshot went
  expect(sub.queued).toBe(4);
  const iterator = sub[Symbol.asyncIterator]();
  await iterator.next(); // 3 left
  await stream.listSubscriptions();
  expect(asked()).toEqual([]);
  await iterator.next(); // 2 left: half
  await stream.listSubscriptions();
  expect(asked()).toEqual(['A']);
});

// README (Backpressure): snapshots are asked for "as many as the queue has room for" with those already on the way.
// Four on the way in a queue of 4: no room, so nothing more is asked (not even an empty get_snapshot) until they come.
it('no room left by the snapshots on the way: nothing more is asked until they come, then the rest', async () => {
  stream = await createKalshiStream({
    url: fake.url,
    credentials: { keyId: key.keyId, privateKey: key.privateKeyPem },
    queueSize: 4,
  });
  const markets = ['A', 'B', 'C', 'D', 'E'];
  const sub = await stream.subscribe({ channels: ['orderbook_delta'], market_tickers: markets });
  await stream.listSubscriptions(); // E's snapshot overflowed the queue: every book message went
  expect(sub.queued).toBe(0);
  const requests = () =>
    fake.commands
      .map((c) => c.params as { action?: string; market_tickers?: string[] })
      .filter((p) => p?.action === 'get_snapshot')
      .map((p) => p.market_tickers);
  fake.hold = (c) => (c.params as { action?: string })?.action === 'get_snapshot';
  const iterator = sub[Symbol.asyncIterator]();
  const first = iterator.next(); // asks for A to D: the queue's room
  const second = iterator.next(); // no room for E while they are on the way
  await fake.when(() => fake.held().length === 1);
  await stream.listSubscriptions();
  expect(requests()).toEqual([['A', 'B', 'C', 'D']]);
  fake.hold = undefined;
  fake.release();
  const seen = [(await first).value, (await second).value];
  for (let read = 0; read < 3; read++) seen.push((await iterator.next()).value);
  expect(seen.map((m) => (m?.type === 'orderbook_snapshot' ? m.msg.market_ticker : m?.type))).toEqual(markets);
  expect(requests()).toEqual([['A', 'B', 'C', 'D'], ['E']]);
});
