// `startKalshiMockServer`'s `close()` "leaves nothing running" (README): once it resolves, the server's listening
// handle and its sockets are closed, not merely on their way (node's own `server.close()` calls back before they are).
import { connect, type Socket } from 'node:net';
import { afterEach, expect, it, vi } from 'vitest';
import { WebSocket } from 'ws';
import { type RunningKalshiMockServer, startKalshiMockServer } from '../../src/node';
import { signedHeaders } from '../stream/client';

afterEach(() => {
  vi.useRealTimers();
});

/** The TCP handles this process holds, by kind. */
function tcpHandles(): { servers: number; sockets: number } {
  const resources = process.getActiveResourcesInfo();
  return {
    servers: resources.filter((r) => r === 'TCPServerWrap').length,
    sockets: resources.filter((r) => r === 'TCPSocketWrap').length,
  };
}

/** A client socket; `open()` says whether it still is (its 'close' comes once its handle is closed). */
function watched(socket: Socket): { socket: Socket; open: () => boolean } {
  let closed = false;
  socket.once('close', () => {
    closed = true;
  });
  return { socket, open: () => !closed };
}

/** A keep-alive HTTP connection that has had one answer. */
async function keptAlive(port: number): Promise<Socket> {
  const socket = connect(port, '127.0.0.1');
  await new Promise<void>((answered) => {
    socket.once('data', () => answered());
    socket.write(`GET /trade-api/v2/exchange/status HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`);
  });
  return socket;
}

/** An open WebSocket connection's client socket. */
async function streaming(server: RunningKalshiMockServer): Promise<Socket> {
  const ws = new WebSocket(server.streamUrl, { headers: await signedHeaders(server) });
  const socket = new Promise<Socket>((upgraded) => ws.once('upgrade', (response) => upgraded(response.socket)));
  await new Promise((open) => ws.once('open', open));
  return socket;
}

it('resolves once its listening handle is closed', async () => {
  const before = tcpHandles();
  const server = await startKalshiMockServer({ pingIntervalMs: 0 });
  expect(tcpHandles().servers).toBe(before.servers + 1);
  await server.close();
  expect(tcpHandles()).toEqual(before);
});

it('resolves once the sockets of its connections are closed, HTTP and WebSocket', async () => {
  const before = tcpHandles();
  const server = await startKalshiMockServer({ pingIntervalMs: 0 });
  const clients = [watched(await keptAlive(server.port)), watched(await streaming(server))];
  expect(tcpHandles().sockets).toBe(before.sockets + 4);
  await server.close();
  // The server's side is closed; the test's own client sockets close as they read the end, maybe later.
  const open = clients.filter((client) => client.open()).length;
  expect(tcpHandles()).toEqual({ servers: before.servers, sockets: before.sockets + open });
  for (const { socket } of clients) socket.destroy();
});

it('still resolves under fake timers', async () => {
  const before = tcpHandles();
  const server = await startKalshiMockServer({ pingIntervalMs: 0 });
  vi.useFakeTimers();
  await server.close();
  expect(tcpHandles()).toEqual(before);
});

// README: a client that does not answer the Close frame within a second is cut. That grace runs on real time, so a
// teardown under fake timers still ends (round 14 verifier V-D3: it waited for fake time that never moved).
it('resolves under fake timers while a stream client does not answer the Close frame', async () => {
  const server = await startKalshiMockServer({ pingIntervalMs: 0 });
  const socket = await streaming(server);
  socket.pause(); // a peer that does not read: it never answers the server's Close frame
  vi.useFakeTimers();
  await server.close();
  socket.destroy();
}, 30_000);
