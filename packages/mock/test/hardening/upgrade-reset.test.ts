import { connect } from 'node:net';
import { afterEach, expect, it } from 'vitest';
import { type RunningKalshiMockServer, startKalshiMockServer } from '../../src/node';

// Outside test round 2, item 1: a WebSocket handshake the mock refuses, then reset by its client (what a `ws` client
// does when it gives up on a pending handshake), was an unhandled socket error: it ended `kalshi-mock serve`, or the
// test process running the server. A client's reset is that client's problem; the server keeps answering.
let server: RunningKalshiMockServer | undefined;
const errors: unknown[] = [];
const record = (error: unknown) => errors.push(error);
afterEach(async () => {
  process.off('uncaughtException', record);
  await server?.close();
});

it('keeps serving after a client resets a refused handshake', async () => {
  process.on('uncaughtException', record);
  server = await startKalshiMockServer({ seed: 3 });
  const { port } = server;
  const socket = connect(port, '127.0.0.1');
  socket.write(
    `GET /trade-api/ws/v2 HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n` +
      'Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n',
  );
  // No credentials: the mock answers 401; reset once its answer has arrived.
  const head = await new Promise<string>((resolve) => socket.once('data', (chunk) => resolve(String(chunk))));
  expect(head).toMatch(/^HTTP\/1\.1 401/);
  const closed = new Promise((resolve) => socket.once('close', resolve));
  socket.resetAndDestroy();
  await closed;
  // The server sees the reset while answering this request at the latest.
  for (let i = 0; i < 3; i++) expect((await fetch(`${server.url}/exchange/status`)).status).toBe(200);
  expect(errors).toEqual([]);
});
