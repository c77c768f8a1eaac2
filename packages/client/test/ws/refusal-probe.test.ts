// Node ≥ 22's built-in WebSocket hides a refused handshake's status (./connect-error.test.ts). README: "A reconnect
// refused 401/403 (a revoked key, say) ends the stream: retrying cannot help". Round 15 tester E-D2: on Node 24 such a
// reconnect was retried forever, `state()` 'reconnecting', the iterator silent (the reconnect: mock-exchange.test.ts).
// The stream now asks REST, which checks the same signed headers (kalshi-api-notes §2.5), with one signed GetBalance on
// the same host. Here a WHATWG socket over `ws` that hides every failure's cause, as undici's does, against the served
// mock (REST beside the stream).
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSigner } from '@org/kalshi-auth';
import { type RunningKalshiMockServer, startKalshiMockServer } from '@org/kalshi-mock/node';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { KalshiAuthenticationError, KalshiError } from '../../src';
import { createKalshiStream } from '../../src/ws';
import { Silent } from './silent-socket';

let server: RunningKalshiMockServer;
beforeAll(async () => {
  server = await startKalshiMockServer({ seed: 5, pingIntervalMs: 0 });
});
afterAll(() => server.close());

it('a first connect with an unknown key fails with the typed 401, naming the key', async () => {
  const error = await createKalshiStream({
    url: server.streamUrl,
    credentials: await createSigner({ keyId: 'never-registered', privateKey: server.mock.credentials.privateKeyPem }),
    WebSocket: Silent,
  }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(KalshiAuthenticationError);
  expect((error as Error).message).toContain('never-registered');
});

it('a handshake failure REST does not explain stays the untyped error naming both causes', async () => {
  // REST takes the key (200); the upgrade is cut without an answer.
  const probes: { url?: string; key?: string | string[] }[] = [];
  const rest = createServer((request, response) => {
    probes.push({ url: request.url, key: request.headers['kalshi-access-key'] });
    response.setHeader('content-type', 'application/json');
    response.end('{"balance":0}');
  });
  rest.on('upgrade', (_request, socket) => socket.destroy());
  await new Promise<void>((resolve) => rest.listen(0, '127.0.0.1', resolve));
  const { port } = rest.address() as AddressInfo;
  const error = await createKalshiStream({
    url: `ws://127.0.0.1:${port}/trade-api/ws/v2`,
    credentials: await createSigner({ keyId: 'good-key', privateKey: server.mock.credentials.privateKeyPem }),
    WebSocket: Silent,
  }).catch((e: unknown) => e);
  rest.close();
  expect((error as Error).constructor).toBe(KalshiError);
  expect((error as Error).message).toMatch(/could not be reached, or it refused the handshake/);
  expect(probes).toEqual([{ url: '/trade-api/v2/portfolio/balance', key: 'good-key' }]);
});
