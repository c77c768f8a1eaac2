// Concurrent `sub.update()` calls compose (attack report I, D8): the market list after them is the one the server
// has, so a seq gap re-snapshots every market and a reconnect restores every market. README: "`sub.update({ add,
// remove })` changes the market list … Reconnects restore the markets as they stand".
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KalshiConnectionError } from '../../src';
import { createKalshiStream, type KalshiStream, type Subscription } from '../../src/ws';
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

const subscribes = () => fake.commands.filter((c) => c.cmd === 'subscribe').map((c) => c.params);
const snapshotRequests = () =>
  fake.commands.filter((c) => (c.params as { action?: string })?.action === 'get_snapshot').map((c) => c.params);

/** Drops the connection and resolves once the stream has reconnected and restored its subscriptions. */
async function reconnect() {
  const handshakes = fake.handshakes.length;
  fake.dropAll();
  await fake.when(() => fake.handshakes.length > handshakes);
  await stream.listSubscriptions(); // waits for the restore
}

/** The markets a reconnect restores, as the last subscribe sent them. */
async function restored(): Promise<unknown> {
  await reconnect();
  return (subscribes().at(-1) as { market_tickers?: string[] }).market_tickers;
}

/** The markets a seq gap on the book's sid re-snapshots. */
async function repaired(sub: Subscription): Promise<unknown> {
  const sid = sub.sids[0] as number;
  const seq = 100; // far past anything sent: a gap
  fake.broadcast({ type: 'orderbook_delta', sid, seq, msg: { market_ticker: 'A', price_dollars: '0.4000' } });
  await fake.when(() => snapshotRequests().length > 0);
  return (snapshotRequests().at(-1) as { market_tickers: string[] }).market_tickers;
}

describe('concurrent update() calls compose', () => {
  it('add + add: both markets are re-snapshotted after a gap and restored after a reconnect', async () => {
    const sub = await stream.subscribe({ channels: ['orderbook_delta'], market_tickers: ['A'] });
    await Promise.all([sub.update({ add: ['X'] }), sub.update({ add: ['Y'] })]);
    expect(await repaired(sub)).toEqual(['A', 'X', 'Y']);
    expect(await restored()).toEqual(['A', 'X', 'Y']);
  });

  it('remove + remove: neither removed market comes back after a reconnect', async () => {
    const sub = await stream.subscribe({ channels: ['orderbook_delta'], market_tickers: ['A', 'X', 'Y'] });
    await Promise.all([sub.update({ remove: ['X'] }), sub.update({ remove: ['Y'] })]);
    expect(await restored()).toEqual(['A']);
  });

  it('add + remove, in either order: the list is what the two calls make in call order', async () => {
    const sub = await stream.subscribe({ channels: ['orderbook_delta', 'trade'], market_tickers: ['A', 'B'] });
    await Promise.all([sub.update({ add: ['X'] }), sub.update({ remove: ['A'] })]);
    expect(await restored()).toEqual(['B', 'X']);
    await Promise.all([sub.update({ remove: ['X'] }), sub.update({ add: ['A', 'X'] })]);
    expect(await restored()).toEqual(['B', 'A', 'X']);
  });

  it('racing a reconnect: the update cut off fails and is not restored; the next one applies after the restore', async () => {
    const sub = await stream.subscribe({ channels: ['orderbook_delta'], market_tickers: ['A'] });
    fake.options.answerUpdates = false;
    const cut = sub.update({ add: ['X'] }).catch((e: unknown) => e);
    const queued = sub.update({ add: ['Y'] });
    await fake.when(() => fake.commands.some((c) => c.cmd === 'update_subscription'));
    fake.options.answerUpdates = true;
    // The reply to add X is lost with the connection: the call rejects, and the restore asks for what stood before.
    expect(await restored()).toEqual(['A']);
    expect(await cut).toBeInstanceOf(KalshiConnectionError);
    await queued;
    expect(await restored()).toEqual(['A', 'Y']);
  });
});
