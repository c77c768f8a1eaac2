// A custom signer that never answers (attack report I, D5, the stream's part) must not hang the stream: README
// "`signal: AbortSignal` does the same when aborted, connecting included: `createKalshiStream` … reject[s] with
// `KalshiAbortError`"; signing is part of connecting, so `connectTimeoutMs` bounds it too, and close() ends a reconnect
// that is signing. Timers are faked (setTimeout only).
import type { Signer } from '@org/kalshi-auth';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { KalshiAbortError, KalshiTimeoutError } from '../../src';
import { createKalshiStream } from '../../src/ws';
import { fakeSockets } from './fake-socket';

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
});
afterEach(() => {
  vi.useRealTimers();
});

const url = 'ws://127.0.0.1:1/trade-api/ws/v2';
const headers = {
  'KALSHI-ACCESS-KEY': 'k',
  'KALSHI-ACCESS-TIMESTAMP': '1700000000000',
  'KALSHI-ACCESS-SIGNATURE': 's',
};
/** A signer that answers the first `answered` calls and then hangs forever (a remote KMS that stopped answering). */
function hangingSigner(answered = 0): Signer & { calls: number } {
  const signer = {
    keyId: 'k',
    algorithm: 'RSA-PSS-SHA256' as Signer['algorithm'],
    calls: 0,
    sign: () => (signer.calls++ < answered ? Promise.resolve(headers) : new Promise<never>(() => {})),
  };
  return signer;
}
const flush = () => new Promise((resolve) => setImmediate(resolve));

it('an abort while the first handshake is being signed rejects createKalshiStream with KalshiAbortError', async () => {
  const controller = new AbortController();
  const sockets = fakeSockets();
  const signer = hangingSigner();
  const pending = createKalshiStream({
    url,
    credentials: signer,
    WebSocket: sockets.WebSocket,
    signal: controller.signal,
  });
  const settled = pending.catch((e: unknown) => e);
  await flush();
  expect(signer.calls).toBe(1);
  controller.abort(new Error('shutting down'));
  expect(await settled).toBeInstanceOf(KalshiAbortError);
  expect(sockets.created).toHaveLength(0);
  expect(vi.getTimerCount()).toBe(0);
});

it('a signer that never answers fails the connect after connectTimeoutMs with KalshiTimeoutError', async () => {
  const sockets = fakeSockets();
  const settled = createKalshiStream({
    url,
    credentials: hangingSigner(),
    WebSocket: sockets.WebSocket,
    connectTimeoutMs: 5_000,
  }).catch((e: unknown) => e);
  await flush();
  await vi.advanceTimersByTimeAsync(5_000);
  expect(await settled).toBeInstanceOf(KalshiTimeoutError);
  expect(sockets.created).toHaveLength(0);
  expect(vi.getTimerCount()).toBe(0);
});

it('a reconnect stuck signing is ended by close() and by the signal, leaving no timer', async () => {
  for (const end of ['close', 'abort'] as const) {
    const controller = new AbortController();
    const sockets = fakeSockets();
    const signer = hangingSigner(1); // the first handshake signs, the reconnect's hangs
    const stream = await createKalshiStream({
      url,
      credentials: signer,
      WebSocket: sockets.WebSocket,
      signal: controller.signal,
      reconnect: { initialDelayMs: 1, maxDelayMs: 1 },
    });
    sockets.last().drop();
    await vi.advanceTimersByTimeAsync(1); // the backoff: the reconnect starts signing
    expect(signer.calls).toBe(2);
    if (end === 'close') await stream.close();
    else controller.abort();
    await flush();
    expect(stream.state()).toBe('closed');
    expect(vi.getTimerCount()).toBe(0);
    expect(sockets.created).toHaveLength(1);
  }
});

// Round 37 (C). StreamOptions.connectTimeoutMs: "Give up on a connection attempt after this long (default 10 s),
// signing the handshake included". A slow signer (a remote KMS taking 4 s) then a handshake that never completes gave
// the socket a fresh connectTimeoutMs after the signing: the attempt failed after 9 s, not 5.
it('a slow signer and a handshake that never completes: the attempt fails after connectTimeoutMs in all', async () => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] }); // the clock too: the time left is measured
  const sockets = fakeSockets('whatwg', () => {}); // the server never completes the handshake
  let signed: (value: typeof headers) => void = () => {};
  const slow: Signer = {
    keyId: 'k',
    algorithm: 'RSA-PSS-SHA256' as Signer['algorithm'],
    // Answered by the test when the fake clock reads 4 s (a remote KMS taking that long), not by a timer.
    sign: () =>
      new Promise((resolve) => {
        signed = resolve;
      }),
  };
  let elapsed = 0;
  let settledAt: number | undefined;
  const settled = createKalshiStream({ url, credentials: slow, WebSocket: sockets.WebSocket, connectTimeoutMs: 5_000 })
    .catch((e: unknown) => e)
    .finally(() => {
      settledAt = elapsed;
    });
  await flush();
  while (elapsed < 10_000 && settledAt === undefined) {
    elapsed += 500;
    await vi.advanceTimersByTimeAsync(500);
    if (elapsed === 4_000) signed(headers);
  }
  expect(sockets.created).toHaveLength(1); // signed, then the socket that never opens
  const error = await settled;
  expect(error).toBeInstanceOf(KalshiTimeoutError);
  expect(settledAt).toBe(5_000);
  expect(vi.getTimerCount()).toBe(0);
});
