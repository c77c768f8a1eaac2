import { createSigner } from '@org/kalshi-auth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningKalshiMockServer, startKalshiMockServer } from '../../src/node';
import { connect, openSocket, signedHeaders } from './client';

let server: RunningKalshiMockServer;
beforeAll(async () => {
  server = await startKalshiMockServer({ pingIntervalMs: 50 });
});
afterAll(() => server.close());

describe('WebSocket handshake', () => {
  it('upgrades a signed GET /trade-api/ws/v2 and pings with "heartbeat"', async () => {
    const socket = await connect(server);
    const payload = await new Promise<string>((resolve) => socket.ws.once('ping', (data) => resolve(String(data))));
    expect(payload).toBe('heartbeat');
    expect(server.stream.connections()).toBe(1);
    socket.ws.close();
    await socket.closed;
  });

  it('refuses a bad signature with the REST 401 body', async () => {
    const headers = await signedHeaders(server);
    const signature = headers['KALSHI-ACCESS-SIGNATURE'] as string;
    const forged = { ...headers, 'KALSHI-ACCESS-SIGNATURE': `${signature.slice(0, -8)}AAAAAAA=` };
    const error = await openSocket(server.streamUrl, forged).catch((e) => e);
    expect(error.status).toBe(401);
    expect(JSON.parse(error.body)).toEqual({
      error: { code: 'authentication_error', message: 'authentication_error', details: 'INCORRECT_API_KEY_SIGNATURE' },
    });
  });

  it('refuses a stale timestamp', async () => {
    const { keyId, privateKeyPem } = server.mock.credentials;
    const signer = await createSigner({ keyId, privateKey: privateKeyPem });
    const stale = await signer.sign({ method: 'GET', url: server.streamUrl, timestamp: Date.now() - 120_000 });
    const error = await openSocket(server.streamUrl, stale).catch((e) => e);
    expect(error.status).toBe(401);
    expect(JSON.parse(error.body).error.code).toBe('header_timestamp_expired');
    // A Date header (IMF-fixdate, RFC 9110 §5.6.7), as on any HTTP answer and the REST 401s: what a client measures
    // its clock's offset from.
    expect(error.headers.date).toMatch(/^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/);
  });

  it('refuses an unsigned handshake, even though public channels exist', async () => {
    const error = await openSocket(server.streamUrl, {}).catch((e) => e);
    expect(error.status).toBe(401);
    expect(JSON.parse(error.body).error.code).toBe('access_key_is_missing_from_headers');
  });

  it('signs the path: a signature for the REST path does not open the stream', async () => {
    const headers = await signedHeaders(server, `${server.url}/portfolio/balance`);
    const error = await openSocket(server.streamUrl, headers).catch((e) => e);
    expect(error.status).toBe(401);
  });

  it('answers 404 for other upgrade paths', async () => {
    const url = server.streamUrl.replace('/ws/v2', '/ws/v1');
    const error = await openSocket(url, await signedHeaders(server, url)).catch((e) => e);
    expect(error.status).toBe(404);
  });
});
