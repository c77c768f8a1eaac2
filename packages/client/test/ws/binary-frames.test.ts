// Binary frames, on both socket shapes the stream takes (fake sockets driven by the test, see ./fake-socket).
import { describe, expect, it } from 'vitest';
import { createKalshiStream } from '../../src/ws';
import { testSigner } from '../helpers';
import { type FakeEmitterSocket, type FakeSocket, fakeSockets } from './fake-socket';

const url = 'ws://127.0.0.1:1/trade-api/ws/v2';

// Round 23 tester W7. kalshi-api-notes §9.1: "All frames are JSON text". One rule whichever class carries the frame:
// a binary one (a WHATWG socket's Blob or ArrayBuffer, a `ws` socket's Buffer flagged binary) is dropped with a
// warning, never parsed as its text (`ws`) nor as "[object Blob]" (WHATWG); the connection stays.
describe('a binary frame', () => {
  const binaries = {
    whatwg: [
      (socket: FakeSocket) => socket.dispatchEvent(new MessageEvent('message', { data: new Blob(['{"type":"x"}']) })),
      (socket: FakeSocket) => socket.dispatchEvent(new MessageEvent('message', { data: new ArrayBuffer(4) })),
    ],
    emitter: [
      (socket: FakeSocket) =>
        (socket as unknown as FakeEmitterSocket).emit('message', Buffer.from('{"type":"x"}'), true),
    ],
  };
  it.each(['whatwg', 'emitter'] as const)(
    'on a %s socket is dropped with a warning; the connection stays',
    async (style) => {
      const sockets = fakeSockets(style);
      const warnings: { message?: string }[] = [];
      const stream = await createKalshiStream({
        url,
        credentials: await testSigner(),
        WebSocket: sockets.WebSocket,
        logger: { debug() {}, info() {}, warn: (fields: object) => warnings.push(fields), error() {} },
      });
      for (const send of binaries[style]) send(sockets.last());
      expect(warnings.map((w) => w.message)).toEqual(
        binaries[style].map(() => 'kalshi stream: a binary frame was dropped (Kalshi sends JSON text frames)'),
      );
      expect(await stream.listSubscriptions()).toEqual([]); // a text frame after it is read
      expect(sockets.created).toHaveLength(1);
      await stream.close();
    },
  );
});
