// kalshi-api-notes §9.1: a per-user cap on WebSocket connections, "default limit begins at 200" (it rises with the
// usage tier; the mock keeps the default at every tier, as it keeps the last published batch cap). How Kalshi refuses
// the connection past it is not recorded (§12: the handshake's rejection body is unconfirmed): the mock answers the
// handshake as Kalshi answers a request past a limit, 429 with its 429 body (§3.1, §10 item 2), which a client reads as
// "later", as is right: a connection that closes frees its place.
import { createSigner } from '@org/kalshi-auth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningKalshiMockServer, setupKalshiMockServer, startKalshiMockServer } from '../../src/node';
import { HANDSHAKE_REFUSED } from '../../src/stream/msw';
import { connect, openSocket, type TestSocket } from './client';

const CAP = 200;

describe('the served mock, one user at the cap', () => {
  let server: RunningKalshiMockServer;
  const sockets: TestSocket[] = [];
  beforeAll(async () => {
    server = await startKalshiMockServer({ pingIntervalMs: 0, users: 1 });
  });
  afterAll(async () => {
    for (const socket of sockets) socket.ws.terminate();
    await server.close();
  });

  it('opens 200 connections, refuses the 201st with 429, lets another user in, and frees a place on close', async () => {
    for (let i = 0; i < CAP; i++) sockets.push(await connect(server));
    const refused = await connect(server).then(
      () => undefined,
      (error: { status?: number; body?: string }) => error,
    );
    expect(refused?.status).toBe(429);
    expect(JSON.parse(refused?.body ?? '{}')).toEqual({ error: 'too many requests' });

    // The cap is per user: the second account's key connects.
    const other = server.mock.users[0];
    if (!other) throw new Error('users: 1 opens one more account');
    const signer = await createSigner({ keyId: other.keyId, privateKey: other.privateKeyPem });
    const theirs = await openSocket(server.streamUrl, await signer.sign({ method: 'GET', url: server.streamUrl }));
    sockets.push(theirs);

    // One of the 200 closes (the server cuts it: its side has closed once the client sees the close): a place frees.
    const first = sockets[0] as TestSocket;
    server.mock.faults.add({ stream: 'ticker', kind: 'drop', times: 1 });
    first.send({ id: 1, cmd: 'subscribe', params: { channels: ['ticker'], send_initial_snapshot: true } });
    await first.closed;
    while (server.stream.connections() > CAP) await new Promise((resolve) => setImmediate(resolve));
    sockets.push(await connect(server));
  }, 60_000);
});

describe('under msw, one user at the cap', () => {
  const kalshi = setupKalshiMockServer();
  const STREAM = 'wss://external-api-ws.kalshi.com/trade-api/ws/v2';
  const sockets: WebSocket[] = [];
  beforeAll(() => kalshi.server.listen({ onUnhandledRequest: 'error' }));
  afterAll(() => {
    for (const socket of sockets) socket.close();
    kalshi.server.close();
  });

  it('closes the 201st connection as a refused handshake whose reason reads 429; a close or a cut frees a place', async () => {
    const { keyId, privateKeyPem } = kalshi.credentials;
    const signer = await createSigner({ keyId, privateKey: privateKeyPem });
    /** Opens one connection; resolves once the mock answered a list_subscriptions on it, or with its close. */
    const open = async () => {
      const socket = new globalThis.WebSocket(STREAM, {
        headers: await signer.sign({ method: 'GET', url: STREAM }),
      } as unknown as string[]);
      sockets.push(socket);
      return new Promise<{ code: number; reason: string } | 'served'>((resolve) => {
        socket.addEventListener('open', () => socket.send(JSON.stringify({ id: 1, cmd: 'list_subscriptions' })));
        socket.addEventListener('message', () => resolve('served'));
        socket.addEventListener('close', (event) => resolve({ code: event.code, reason: event.reason }));
      });
    };
    for (let i = 0; i < CAP; i++) expect(await open()).toBe('served');
    expect(await open()).toEqual({ code: HANDSHAKE_REFUSED, reason: '429 too_many_requests' });
    // One of the 200 closes: its place is free again.
    const first = sockets[0] as WebSocket;
    const closed = new Promise((resolve) => first.addEventListener('close', resolve));
    first.close();
    await closed;
    expect(await open()).toBe('served');
    // Connections the mock cuts free their places too: a reset cuts all 200, and 200 new ones are served.
    const cut = sockets
      .filter((socket) => socket.readyState === WebSocket.OPEN)
      .map((socket) => new Promise((resolve) => socket.addEventListener('close', resolve)));
    expect(cut).toHaveLength(CAP);
    kalshi.exchange.reset();
    await Promise.all(cut);
    for (let i = 0; i < CAP; i++) expect(await open()).toBe('served');
  }, 60_000);
});
