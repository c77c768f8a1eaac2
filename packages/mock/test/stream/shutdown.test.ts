import { connect as tcp } from 'node:net';
import { afterEach, expect, it, vi } from 'vitest';
import { startKalshiMockServer } from '../../src/node';
import { CLOSE_GRACE_MS, GOING_AWAY } from '../../src/stream/upgrade';
import { connect, signedHeaders } from './client';

// RFC 6455 §7.4.1: 1001 "going away", as a server going down; §7.1.1: the server sends a Close frame and closes TCP
// once the client answers. Kalshi's behaviour at a shutdown is not recorded (the notes are silent; §9.1 only says
// maintenance may drop sessions): a clean close lets a client tell "server stopped" from "network died" (1006).
afterEach(() => {
  vi.useRealTimers();
});

it('close() sends open WebSockets a 1001 close frame before it stops', async () => {
  const server = await startKalshiMockServer({ pingIntervalMs: 0 });
  const socket = await connect(server);
  socket.send({ id: 1, cmd: 'subscribe', params: { channels: ['ticker'] } });
  await socket.next((m) => m.type === 'subscribed');
  await server.close();
  expect(await socket.closed).toBe(GOING_AWAY);
  expect(server.stream.connections()).toBe(0);
});

it('close() does not wait past its grace for a client that never answers the close frame', async () => {
  const server = await startKalshiMockServer({ pingIntervalMs: 0 });
  // A client that completes the handshake, then reads but never writes (no Close frame back).
  const headers = Object.entries(await signedHeaders(server)).map(([name, value]) => `${name}: ${value}\r\n`);
  const raw = tcp(server.port, '127.0.0.1');
  let received = Buffer.alloc(0);
  const upgraded = new Promise<void>((done) =>
    raw.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      if (received.includes('\r\n\r\n')) done();
    }),
  );
  raw.write(
    `GET /trade-api/ws/v2 HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n` +
      `Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n${headers.join('')}\r\n`,
  );
  await upgraded;
  expect(received.toString('latin1')).toMatch(/^HTTP\/1\.1 101 /);
  const rawClosed = new Promise<void>((done) => raw.once('close', () => done()));
  const closeFrame = new Promise<Buffer>((done) => {
    const onData = () => {
      const frame = received.subarray(received.indexOf('\r\n\r\n') + 4);
      if (frame.length >= 4) {
        raw.off('data', onData);
        done(frame);
      }
    };
    raw.on('data', onData);
  });
  // The grace is a timer: faked, so the test waits on no clock (ws's own 30 s close timer is faked too and never fires).
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  const closing = server.close();
  const frame = await closeFrame;
  expect(frame[0]).toBe(0x88); // FIN + Close
  expect(frame.readUInt16BE(2)).toBe(GOING_AWAY);
  vi.advanceTimersByTime(CLOSE_GRACE_MS);
  await closing;
  await rawClosed;
  expect(server.stream.connections()).toBe(0);
});
