// A refused handshake whose response body never ends (round 31, attack C). With the `ws` package the stream reads the
// refusal's body to type the error (README: "a refused one is the same typed error as REST"); REST reads a body "up
// to 64 MiB … past that the read is cancelled" (client README). Kalshi's refusals are small JSON bodies
// (kalshi-api-notes §2.3); the notes are silent on huge ones. A server that streams an endless 401 body must not make
// the client buffer it until connectTimeoutMs: the read stops at a bound and the handshake fails as refused.
import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { WebSocket } from 'ws';
import { KalshiAuthenticationError } from '../../src';
import { createKalshiStream, type StreamSocketConstructor } from '../../src/ws';
import { testSigner } from '../helpers';

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] }); // the connect timeout never fires on its own
});
afterEach(() => {
  vi.useRealTimers();
});

/** Starts `server` on loopback and connects a stream to it with `ws`; returns what the connection was refused with. */
async function refusalFrom(server: Server): Promise<unknown> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return createKalshiStream({
    url: `ws://127.0.0.1:${port}/trade-api/ws/v2`,
    credentials: await testSigner(),
    WebSocket: WebSocket as unknown as StreamSocketConstructor,
  }).catch((e: unknown) => e);
}

it('a 401 whose body keeps coming: the read stops at a bound, the connection is dropped, the error is the 401', async () => {
  const sockets = new Set<Socket>();
  let closed!: () => void;
  const clientLeft = new Promise<void>((resolve) => (closed = resolve));
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => {});
    socket.on('close', closed);
    socket.once('data', () => {
      socket.write('HTTP/1.1 401 Unauthorized\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n');
      const chunk = `{"error":{"code":"unauthorized","message":"${'x'.repeat(64 * 1024)}`;
      // 32 MiB, then silence: never the end of the body.
      let sent = 0;
      const pump = () => {
        while (sent < 32 * 1024 * 1024 && !socket.destroyed) {
          sent += chunk.length;
          if (!socket.write(`${chunk.length.toString(16)}\r\n${chunk}\r\n`)) return void socket.once('drain', pump);
        }
      };
      pump();
    });
  });
  try {
    const error = await refusalFrom(server);
    expect(error).toBeInstanceOf(KalshiAuthenticationError);
    expect(error).toMatchObject({ status: 401 });
    await clientLeft;
  } finally {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => server.close(resolve));
  }
});

// Round 44 leftover: the body was decoded chunk by chunk (`String(chunk)`), so a character whose UTF-8 bytes a chunk
// boundary splits came out as two U+FFFD. Kalshi's refusal bodies are JSON (kalshi-api-notes §2.3), UTF-8 (RFC 8259);
// the message is read whole, as REST reads a body.
it('a 401 body whose multi-byte character is split across chunks is decoded whole', async () => {
  const message = 'clé expirée — réessayez';
  const bytes = Buffer.from(`{"error":{"code":"unauthorized","message":"${message}"}}`);
  const cut = bytes.indexOf(Buffer.from('é')) + 1; // between the two bytes of the first é
  const server = createServer((socket) => {
    socket.on('error', () => {});
    socket.once('data', () => {
      const chunk = (part: Buffer) =>
        Buffer.concat([Buffer.from(`${part.length.toString(16)}\r\n`), part, Buffer.from('\r\n')]);
      socket.end(
        Buffer.concat([
          Buffer.from(
            'HTTP/1.1 401 Unauthorized\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n',
          ),
          chunk(bytes.subarray(0, cut)),
          chunk(bytes.subarray(cut)),
          Buffer.from('0\r\n\r\n'),
        ]),
      );
    });
  });
  try {
    const error = await refusalFrom(server);
    expect(error).toBeInstanceOf(KalshiAuthenticationError);
    expect(String((error as Error).message)).toContain(message);
    expect(String((error as Error).message)).not.toContain('\uFFFD');
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
});
