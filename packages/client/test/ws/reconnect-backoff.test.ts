// The reconnect backoff grows until a connection proves healthy (attack report I, D1): a server that accepts the
// handshake and drops the connection at once is retried at growing delays, not every 0–250 ms forever. README:
// "Reconnects with capped, jittered backoff"; kalshi-api-notes §9.1 caps connections per user, so a reconnect storm
// is the hazard. The notes are silent on when a backoff should start over: the client's rule (README) is "once a
// connection has heard from the server `heartbeatMs` after it opened".
import type { Signer } from '@org/kalshi-auth';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { createKalshiStream } from '../../src/ws';
import { type FakeSocket, fakeSockets } from './fake-socket';

beforeEach(() => {
  vi.useFakeTimers(); // Date too: the stream measures how long a connection stayed up
  vi.spyOn(Math, 'random').mockReturnValue(1); // full jitter at its top: each delay is the backoff's cap for the attempt
});
afterEach(() => {
  vi.restoreAllMocks();
  vi.useRealTimers();
});

/** Signs at once (no crypto, no real time between a backoff timer and the socket it opens). */
const signer: Signer = {
  keyId: 'k',
  algorithm: 'RSA-PSS-SHA256' as Signer['algorithm'],
  sign: async () => ({
    'KALSHI-ACCESS-KEY': 'k',
    'KALSHI-ACCESS-TIMESTAMP': '1700000000000',
    'KALSHI-ACCESS-SIGNATURE': 's',
  }),
};

it('a server that accepts and then drops is retried at growing delays; a healthy connection starts the backoff over', async () => {
  const opened: number[] = [];
  const flapping = 6;
  const sockets = fakeSockets('whatwg', (socket: FakeSocket, n) => {
    opened.push(Date.now());
    socket.open();
    if (n < flapping) setTimeout(() => socket.drop(), 5); // accepted, then dropped 5 ms later
  });
  const stream = await createKalshiStream({
    url: 'ws://127.0.0.1:1/trade-api/ws/v2',
    credentials: signer,
    WebSocket: sockets.WebSocket,
    reconnect: { initialDelayMs: 250, maxDelayMs: 30_000 },
    heartbeatMs: 30_000,
  });
  for (let i = 0; i < 100 && opened.length <= flapping; i++) await vi.advanceTimersToNextTimerAsync();
  const gaps = opened.slice(1).map((at, i) => at - (opened[i] as number) - 5);
  expect(gaps).toEqual([250, 500, 1_000, 2_000, 4_000, 8_000]);

  // This one stays up; the watchdog's probes are answered, so it hears from the server for heartbeatMs: healthy.
  await vi.advanceTimersByTimeAsync(31_000);
  expect(sockets.created).toHaveLength(flapping + 1);
  const dropped = Date.now();
  sockets.last().drop();
  for (let i = 0; i < 10 && opened.length <= flapping + 1; i++) await vi.advanceTimersToNextTimerAsync();
  expect((opened.at(-1) as number) - dropped).toBe(250);
  await stream.close();
});

// Verifier round 9, V-D1: a restore left without its reply recycles the connection and is tried again on the next
// one. A server that never answers it must not make that a loop: a connection whose subscriptions were not restored is
// not healthy, even while it answers the watchdog's probes, so the backoff keeps growing.
it('a server that never answers the restore is retried at growing delays, the subscription kept', async () => {
  const opened: number[] = [];
  const sockets = fakeSockets('whatwg', (socket: FakeSocket, n) => {
    opened.push(Date.now());
    if (n === 0) {
      // The first connection answers the subscribe; later ones answer only list_subscriptions (the probes).
      const send = socket.send.bind(socket);
      socket.send = (data: string) => {
        send(data);
        const command = JSON.parse(data) as { id: number; cmd: string };
        if (command.cmd === 'subscribe')
          queueMicrotask(() =>
            socket.receive({ id: command.id, type: 'subscribed', msg: { channel: 'trade', sid: 1 } }),
          );
      };
    }
    socket.open();
  });
  const stream = await createKalshiStream({
    url: 'ws://127.0.0.1:1/trade-api/ws/v2',
    credentials: signer,
    WebSocket: sockets.WebSocket,
    reconnect: { initialDelayMs: 250, maxDelayMs: 30_000 },
    heartbeatMs: 1_000, // probed every 500 ms and answered: heard from for longer than heartbeatMs
    commandTimeoutMs: 3_000,
  });
  const sub = await stream.subscribe({ channels: ['trade'] });
  let ended: unknown;
  const reading = sub[Symbol.asyncIterator]();
  void (async () => {
    try {
      while (!(await reading.next()).done);
    } catch (error) {
      ended = error;
    }
  })();
  sockets.last().drop();
  for (let i = 0; i < 500 && opened.length < 6; i++) await vi.advanceTimersToNextTimerAsync();
  // Each later connection: its restore subscribe times out after 3 s, then the backoff (250 ms × 2^attempt).
  const gaps = opened.slice(1).map((at, i) => at - (opened[i] as number) - (i === 0 ? 0 : 3_000));
  expect(gaps).toEqual([250, 500, 1_000, 2_000, 4_000]);
  const restores = sockets.created.slice(1, 5).map((s) => (s as FakeSocket).sent.filter((c) => c.cmd === 'subscribe'));
  expect(restores.map((r) => r.length)).toEqual([1, 1, 1, 1]);
  expect(ended).toBeUndefined();
  await stream.close();
});
