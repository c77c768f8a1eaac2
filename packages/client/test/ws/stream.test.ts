import { createServer } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createKalshiStream, KalshiStreamError } from '../../src/ws';
import { key } from '../helpers';
import { startFakeKalshiWs } from './fake-server';

type Fake = Awaited<ReturnType<typeof startFakeKalshiWs>>;
let fake: Fake;
beforeEach(async () => {
  fake = await startFakeKalshiWs();
});
afterEach(() => fake.close());

const credentials = { keyId: key.keyId, privateKey: key.privateKeyPem };

describe('createKalshiStream', () => {
  it('signs the handshake (GET /trade-api/ws/v2) and is rejected with a wrong key', async () => {
    const stream = await createKalshiStream({ url: fake.url, credentials });
    expect(fake.handshakes).toEqual([{ signature: expect.any(String), ok: true }]);
    await stream.close();
    const { generateKeyPairSync } = await import('@org/kalshi-auth/node');
    const other = generateKeyPairSync();
    await expect(
      createKalshiStream({ url: fake.url, credentials: { keyId: other.keyId, privateKey: other.privateKeyPem } }),
    ).rejects.toMatchObject({ name: 'KalshiAuthenticationError', status: 401, code: 'unknown_key' });
  });

  it('needs credentials before connecting: none given and none in the environment is a clear error', async () => {
    const saved = { ...process.env };
    for (const name of ['KALSHI_API_KEY_ID', 'KALSHI_PRIVATE_KEY', 'KALSHI_PRIVATE_KEY_PATH']) delete process.env[name];
    try {
      await expect(createKalshiStream({ url: fake.url })).rejects.toThrow(
        /WebSocket handshake needs API credentials: pass credentials to createKalshiStream/,
      );
      expect(fake.handshakes).toEqual([]);
    } finally {
      Object.assign(process.env, saved);
    }
  });

  it('subscribes with one sid per channel and delivers messages as an async iterable', async () => {
    const stream = await createKalshiStream({ url: fake.url, credentials });
    const sub = await stream.subscribe({ channels: ['orderbook_delta', 'ticker'], market_tickers: ['KX-1'] });
    expect(sub.sids).toEqual([1, 2]);
    fake.broadcast({
      type: 'orderbook_delta',
      sid: 1,
      seq: 2,
      msg: { market_ticker: 'KX-1', price_dollars: '0.4000', delta_fp: '5.00', side: 'yes' },
    });
    const iterator = sub[Symbol.asyncIterator]();
    expect((await iterator.next()).value).toMatchObject({ type: 'orderbook_snapshot', seq: 1 });
    expect((await iterator.next()).value).toMatchObject({ type: 'orderbook_delta', seq: 2 });
    await sub.update({ add: ['KX-2'] });
    expect(fake.commands.at(-1)).toMatchObject({
      cmd: 'update_subscription',
      params: { action: 'add_markets', market_tickers: ['KX-2'] },
    });
    await sub.unsubscribe();
    expect(fake.commands.at(-1)).toMatchObject({ cmd: 'unsubscribe', params: { sids: [1, 2] } });
    expect((await iterator.next()).done).toBe(true);
    await stream.close();
  });

  it('rejects a command with Kalshi’s numeric error code', async () => {
    const stream = await createKalshiStream({ url: fake.url, credentials });
    const error = (await stream
      .subscribe({ channels: ['nonsense' as 'ticker'] })
      .catch((e: unknown) => e)) as KalshiStreamError;
    expect(error).toBeInstanceOf(KalshiStreamError);
    expect(error.code).toBe(8);
    expect(error.message).toBe('subscribe: 8 Unknown channel name'); // Kalshi's msg is the code's name: said once
    await stream.close();
  });

  it('reconnects with a fresh signature and restores every subscription', async () => {
    const stream = await createKalshiStream({
      url: fake.url,
      credentials,
      reconnect: { initialDelayMs: 5, maxDelayMs: 10 },
    });
    const sub = await stream.subscribe({ channels: ['ticker'], market_tickers: ['KX-1'] });
    fake.dropAll();
    await fake.when(() => fake.commands.filter((c) => c.cmd === 'subscribe').length === 2);
    expect(fake.handshakes).toHaveLength(2);
    expect(fake.handshakes[1]?.signature).not.toBe(fake.handshakes[0]?.signature);
    expect(fake.commands.at(-1)).toMatchObject({
      cmd: 'subscribe',
      params: { channels: ['ticker'], market_tickers: ['KX-1'] },
    });
    // The restored subscription receives on its new sid (the server sent `subscribed` before this message), after
    // the notice that messages sent meanwhile are lost.
    fake.broadcast({ type: 'ticker', sid: 2, msg: { market_ticker: 'KX-1' } });
    const iterator = sub[Symbol.asyncIterator]();
    expect((await iterator.next()).value).toEqual({ type: 'gap', reason: 'reconnect', dropped: 0 });
    expect((await iterator.next()).value).toMatchObject({ type: 'ticker', sid: 2 });
    expect(sub.sids).toEqual([2]);
    await stream.close();
  });

  it('re-snapshots on a seq gap instead of applying a delta out of order', async () => {
    const stream = await createKalshiStream({ url: fake.url, credentials });
    const sub = await stream.subscribe({ channels: ['orderbook_delta'], market_tickers: ['KX-1'] });
    const seen: string[] = [];
    const reading = (async () => {
      for await (const message of sub) {
        seen.push(`${message.type}:${(message as { seq?: number }).seq}`);
        if (seen.length === 2) break;
      }
    })();
    fake.broadcast({
      type: 'orderbook_delta',
      sid: 1,
      seq: 3,
      msg: { market_ticker: 'KX-1', price_dollars: '0.4000', delta_fp: '1.00', side: 'yes' },
    });
    await reading;
    // The delta with seq 3 after seq 1 is a gap: dropped, and the market re-snapshotted on the same sid.
    expect(seen).toEqual(['orderbook_snapshot:1', 'orderbook_snapshot:4']);
    // (`break` then unsubscribed: sent before `break` returns, read by the server a moment later.)
    await fake.when(() => fake.commands.length === 3);
    expect(fake.commands.map((c) => c.cmd)).toEqual(['subscribe', 'update_subscription', 'unsubscribe']);
    expect(fake.commands[1]?.params).toEqual({ sid: 1, market_tickers: ['KX-1'], action: 'get_snapshot' });
    expect(sub.sids).toEqual([1]);
    await stream.close();
  });

  it('gives up a connection attempt after connectTimeoutMs', async () => {
    const silent = createServer(() => undefined); // accepts TCP, never answers the upgrade
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const port = (silent.address() as { port: number }).port;
    await expect(
      createKalshiStream({ url: `ws://127.0.0.1:${port}/trade-api/ws/v2`, credentials, connectTimeoutMs: 50 }),
    ).rejects.toThrow(/timed out after 50 ms/);
    silent.close();
  });

  it('reconnects when the connection goes silent past heartbeatMs (watchdog)', async () => {
    fake.options.answerList = false;
    const stream = await createKalshiStream({
      url: fake.url,
      credentials,
      heartbeatMs: 100,
      reconnect: { initialDelayMs: 5, maxDelayMs: 5 },
    });
    await fake.when(() => fake.handshakes.length >= 2);
    await stream.close();
  });

  it('close() leaves no timers or sockets behind', async () => {
    const resources = () =>
      (process as unknown as { getActiveResourcesInfo(): string[] })
        .getActiveResourcesInfo()
        .filter((r) => r === 'Timeout' || r === 'TCPSocketWrap').length;
    const before = resources();
    const stream = await createKalshiStream({ url: fake.url, credentials, heartbeatMs: 60_000 });
    await stream.subscribe({ channels: ['ticker'] });
    await stream.close();
    await fake.idle();
    expect(resources()).toBeLessThanOrEqual(before);
  });
});
