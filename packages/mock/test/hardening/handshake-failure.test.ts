import { createSigner } from '@org/kalshi-auth';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { setupKalshiMockServer, startKalshiMockServer } from '../../src/node';
import { HANDSHAKE_FAILED } from '../../src/stream/msw';
import { rawRequest } from '../raw-http';

// Defect 7 of issue 13: when verifying a handshake throws (here: a registered public key that is not PEM), the msw
// handler left the rejection unhandled and the socket open without a session. It now closes the socket.
const STREAM = 'wss://external-api-ws.kalshi.com/trade-api/ws/v2';
const kalshi = setupKalshiMockServer();
const unhandled: unknown[] = [];
const record = (reason: unknown) => unhandled.push(reason);
beforeAll(() => {
  kalshi.server.listen({ onUnhandledRequest: 'error' });
  process.on('unhandledRejection', record);
});
afterAll(() => {
  kalshi.server.close();
  process.off('unhandledRejection', record);
});
afterEach(() => kalshi.exchange.apiKeys.delete('broken-key'));

async function brokenKeyHeaders(url: string) {
  // Past addApiKey, which refuses a key that is not a PEM: a key whose verification throws.
  kalshi.exchange.apiKeys.set('broken-key', { publicKeyPem: 'not a PEM', userId: 'broken-user' });
  const signer = await createSigner({ keyId: 'broken-key', privateKey: kalshi.credentials.privateKeyPem });
  return signer.sign({ method: 'GET', url });
}

describe('a handshake whose verification throws', () => {
  it('closes the msw socket with 1011 and leaves no unhandled rejection', async () => {
    const socket = new globalThis.WebSocket(STREAM, { headers: await brokenKeyHeaders(STREAM) } as unknown as string[]);
    const closed = await new Promise<{ code: number; reason: string }>((resolve) =>
      socket.addEventListener('close', (event) => resolve({ code: event.code, reason: event.reason })),
    );
    expect(closed).toEqual({ code: HANDSHAKE_FAILED, reason: 'handshake verification failed' });
    // A rejection is reported on the macrotask after it happens; one more turn lets it surface if there was one.
    await new Promise((resolve) => setImmediate(resolve));
    expect(unhandled).toEqual([]);
  });

  it('answers the node server upgrade with 500 instead of dropping it', async () => {
    const server = await startKalshiMockServer({ seed: 2 });
    try {
      // Past addApiKey, which refuses a key that is not a PEM: a key whose verification throws.
      server.mock.exchange.apiKeys.set('broken-key', { publicKeyPem: 'not a PEM', userId: 'broken-user' });
      const signer = await createSigner({ keyId: 'broken-key', privateKey: server.mock.credentials.privateKeyPem });
      const headers = await signer.sign({ method: 'GET', url: server.streamUrl });
      const lines = Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`);
      const response = await rawRequest(
        server.port,
        `GET /trade-api/ws/v2 HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n` +
          `Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n${lines.join('')}\r\n`,
      );
      expect(response.status).toBe(500);
      expect(JSON.parse(response.text)).toMatchObject({ error: { code: 'internal_server_error' } });
    } finally {
      await server.close();
    }
  });
});
