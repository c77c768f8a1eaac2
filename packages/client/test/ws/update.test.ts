// `sub.update({ add, remove })` keeps the server and the market list a reconnect restores in step (attack report C,
// defects 3 and 4): only channels that take a market filter are updated, a refused change is undone, and a
// subscription whose markets were all removed is restored without them.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KalshiValidationError } from '../../src';
import { createKalshiStream, type KalshiStream, KalshiStreamError } from '../../src/ws';
import { key } from '../helpers';
import { startFakeKalshiWs } from './fake-server';

type Fake = Awaited<ReturnType<typeof startFakeKalshiWs>>;
let fake: Fake;
let stream: KalshiStream;
beforeEach(async () => {
  fake = await startFakeKalshiWs();
  stream = await createKalshiStream({
    url: fake.url,
    credentials: { keyId: key.keyId, privateKey: key.privateKeyPem },
    reconnect: { initialDelayMs: 1, maxDelayMs: 1 },
  });
});
afterEach(async () => {
  await stream.close();
  await fake.close();
});

const updates = () => fake.commands.filter((c) => c.cmd === 'update_subscription').map((c) => c.params);
const subscribes = () => fake.commands.filter((c) => c.cmd === 'subscribe').map((c) => c.params);

/** Drops the connection and resolves once the stream has reconnected and restored its subscriptions. */
async function reconnect() {
  const handshakes = fake.handshakes.length;
  fake.dropAll();
  await fake.when(() => fake.handshakes.length > handshakes);
  await stream.listSubscriptions(); // waits for the restore
}

describe('update({ add, remove })', () => {
  it('adds markets only on the channels that take a market filter (not market_lifecycle_v2)', async () => {
    const sub = await stream.subscribe({ channels: ['orderbook_delta', 'market_lifecycle_v2'], market_tickers: ['A'] });
    await sub.update({ add: ['B'] });
    expect(updates()).toEqual([{ sid: 1, market_tickers: ['B'], action: 'add_markets' }]);
    await reconnect();
    expect(subscribes().at(-1)).toEqual({
      channels: ['orderbook_delta', 'market_lifecycle_v2'],
      market_tickers: ['A', 'B'],
    });
  });

  it('is all or nothing: a change the server refuses on one sid is undone on the sids that took it', async () => {
    const sub = await stream.subscribe({ channels: ['orderbook_delta', 'trade'], market_tickers: ['A'] });
    fake.refusedUpdates.add(2);
    const error = await sub.update({ add: ['B'] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KalshiStreamError);
    expect(error).toMatchObject({ code: 11, message: '11 Invalid parameter' });
    expect(updates()).toEqual([
      { sid: 1, market_tickers: ['B'], action: 'add_markets' },
      { sid: 2, market_tickers: ['B'], action: 'add_markets' },
      { sid: 1, market_tickers: ['B'], action: 'delete_markets' },
    ]);
    await reconnect();
    expect(subscribes().at(-1)).toEqual({ channels: ['orderbook_delta', 'trade'], market_tickers: ['A'] });
  });

  it('names a bad argument', async () => {
    const sub = await stream.subscribe({ channels: ['trade'], market_tickers: ['A'] });
    const error = await sub.update({ add: 'B' as unknown as string[] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KalshiValidationError);
    expect(error).toMatchObject({ field: 'add' });
    expect(updates()).toEqual([]);
  });

  it('every market removed: a reconnect does not bring them back; adding one subscribes again', async () => {
    const sub = await stream.subscribe({ channels: ['orderbook_delta', 'market_lifecycle_v2'], market_tickers: ['A'] });
    await sub.update({ remove: ['A'] });
    await reconnect();
    // Only the channel without a market filter is restored: no market to ask the order book for.
    expect(subscribes()).toEqual([
      { channels: ['orderbook_delta', 'market_lifecycle_v2'], market_tickers: ['A'] },
      { channels: ['market_lifecycle_v2'] },
    ]);
    expect(sub.sids).toEqual([3]);
    await sub.update({ add: ['B'] });
    expect(subscribes().at(-1)).toEqual({ channels: ['orderbook_delta'], market_tickers: ['B'] });
    expect(sub.sids).toEqual([3, 4]);
    const iterator = sub[Symbol.asyncIterator]();
    const seen = [];
    for (let i = 0; i < 3; i++) seen.push((await iterator.next()).value);
    expect(seen).toMatchObject([
      { type: 'orderbook_snapshot', sid: 1, msg: { market_ticker: 'A' } },
      { type: 'gap', reason: 'reconnect' },
      { type: 'orderbook_snapshot', sid: 4, msg: { market_ticker: 'B' } },
    ]);
  });
});
