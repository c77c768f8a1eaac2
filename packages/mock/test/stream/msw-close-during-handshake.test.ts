import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { TEST_USER_ID } from '../../src';
import { setupKalshiMockServer } from '../../src/node';
import type { HandshakeResult } from '../../src/stream/handshake';

// The handshake's verification held until the test lets it finish, so the client can close while it is under way.
const held = vi.hoisted(() => [] as ((result: HandshakeResult) => void)[]);
vi.mock('../../src/stream/handshake', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../src/stream/handshake')>()),
  authenticateHandshake: () => new Promise<HandshakeResult>((resolve) => held.push(resolve)),
}));

const kalshi = setupKalshiMockServer();
const STREAM = 'wss://external-api-ws.kalshi.com/trade-api/ws/v2';
beforeAll(() => kalshi.server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => kalshi.server.close());

// A connection closed while its handshake was being verified got a session once the verification finished: nobody
// ever disposed of it, so it kept listening to the exchange for good, ran the command sent before the close (a ticker
// subscription to every market) and wrote every later event to a closed socket. Each such connection of a suite (a
// client's reconnects, a test's teardown) added one. The notes are silent (§9.1 only "one connection carries many
// subscriptions"); a closed connection has no subscriptions.
it('gives a connection closed before its handshake was verified no session', async () => {
  const listening = kalshi.exchange.changes.size;
  const socket = new globalThis.WebSocket(STREAM, { headers: {} } as unknown as string[]);
  await new Promise((opened) => socket.addEventListener('open', opened));
  socket.send(JSON.stringify({ id: 1, cmd: 'subscribe', params: { channels: ['ticker'] } }));
  const closed = new Promise((done) => socket.addEventListener('close', done));
  socket.close();
  await closed;
  expect(held).toHaveLength(1);
  held[0]?.({ ok: true, userId: TEST_USER_ID });
  // The verification's continuation runs in the turn after it settles.
  await new Promise((turn) => setImmediate(turn));
  expect(kalshi.exchange.changes.size).toBe(listening);
});
