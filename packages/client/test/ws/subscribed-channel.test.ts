// A `subscribed` reply naming a channel the subscribe did not ask for, or one already answered (round 31, attack C).
// kalshi-api-notes §9.3: "A multi-channel subscribe yields one `subscribed` per channel, all with the same `id`, each
// with its own `sid`"; AsyncAPI subscribedResponsePayload: `msg.channel` is the channel subscribed. Taken as it came,
// the sid is routed and sequenced as the named channel: a book sid recorded as `ticker` delivers an out-of-order delta
// behind a `sequence` notice (README: "An out-of-order delta is never delivered"), and the channel asked for is
// never subscribed, silently. The README refuses a reply the client cannot accept (a sid in use, no channel) by
// failing the subscribe and recycling the connection, as a reply that never came: the same here.
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import { createKalshiStream, KalshiStreamError } from '../../src/ws';
import { testSigner } from '../helpers';
import { fake, useFakeServerOnFakeTimers } from './fake-stream';
import { recordingWebSocket } from './recording-socket';

useFakeServerOnFakeTimers();

async function open() {
  const sockets = recordingWebSocket();
  const stream = await createKalshiStream({
    url: fake.url,
    credentials: await testSigner(),
    WebSocket: sockets.WebSocket,
    reconnect: { initialDelayMs: 1, maxDelayMs: 1 },
    commandTimeoutMs: 1_000,
  });
  return { stream, created: sockets.created };
}

async function heldSubscribe() {
  await fake.when(() => fake.held().length >= 1);
  return fake.held()[0] as { id: number };
}

describe('a subscribed reply for a channel not asked for', () => {
  it.each([
    ['another channel', ['orderbook_delta'], [{ channel: 'ticker', sid: 7 }]],
    [
      'the same channel twice',
      ['orderbook_delta', 'trade'],
      [
        { channel: 'orderbook_delta', sid: 7 },
        { channel: 'orderbook_delta', sid: 8 },
      ],
    ],
  ] as const)(
    '%s: subscribe rejects with a KalshiStreamError and the connection is recycled',
    async (_, channels, replies) => {
      const { stream, created } = await open();
      fake.hold = (c) => c.cmd === 'subscribe';
      const subscribing = stream.subscribe({ channels: [...channels], market_tickers: ['A'] }).then(
        (sub) => sub,
        (error: unknown) => error,
      );
      const { id } = await heldSubscribe();
      for (const msg of replies) fake.broadcast({ id, type: 'subscribed', msg });
      const result = await subscribing;
      expect(result).toBeInstanceOf(KalshiStreamError);
      expect((result as Error).message).toContain(replies.at(-1)?.channel);
      await once(created[0] as WebSocket, 'close'); // recycled: what the server subscribed is unknown
      fake.hold = undefined;
      await stream.close();
    },
  );
});
