// Node ≥ 22's built-in WebSocket hides a refused handshake's status (./connect-error.test.ts). README: "A reconnect
// refused 401/403 (a revoked key, say) ends the stream: retrying cannot help". Round 15 tester E-D2: on Node 24 such a
// reconnect was retried forever, `state()` 'reconnecting', the iterator silent (the reconnect: mock-exchange.test.ts).
// The stream now asks REST, which checks the same signed headers (kalshi-api-notes §2.5), with one signed GetBalance on
// the same host. Here a WHATWG socket over `ws` that hides every failure's cause, as undici's does, against the served
// mock (REST beside the stream).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSigner } from '@org/kalshi-auth';
import { type RunningKalshiMockServer, startKalshiMockServer } from '@org/kalshi-mock/node';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { KalshiAbortError, KalshiAuthenticationError, KalshiConnectionError, KalshiError } from '../../src';
import { createKalshiStream, type StreamSocketConstructor } from '../../src/ws';
import { probeRefusal } from '../../src/ws/refusal-probe';
import { Silent, SilentSocket } from './silent-socket';

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

// Round 19 trial, nit 6: on Node ≥ 22 a stream to a port nothing listens on was the untyped error, where Bun, Deno
// and `ws` give KalshiConnectionError (README: "An unreachable server is a KalshiConnectionError wherever the runtime
// tells"). REST's connection to the same host and port, refused, tells.
it('a server nothing listens on: REST refused too, so KalshiConnectionError naming the refusal', async () => {
  const vacated = createServer();
  await new Promise<void>((resolve) => vacated.listen(0, '127.0.0.1', resolve));
  const { port } = vacated.address() as AddressInfo;
  await new Promise<void>((resolve) => vacated.close(() => resolve()));
  const error = await createKalshiStream({
    url: `ws://127.0.0.1:${port}/trade-api/ws/v2`,
    credentials: await createSigner({ keyId: 'good-key', privateKey: server.mock.credentials.privateKeyPem }),
    WebSocket: Silent,
  }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(KalshiConnectionError);
  expect((error as Error).message).toBe('WebSocket: cannot connect: ECONNREFUSED');
});

/** A host whose upgrade is cut without an answer and whose REST reads are handed to `rest` (or hang). */
async function cutHost(rest?: (request: IncomingMessage, response: ServerResponse) => void) {
  const probes: string[] = [];
  const host = createServer((request, response) => {
    probes.push(request.url ?? '');
    rest?.(request, response);
  });
  host.on('upgrade', (_request, socket) => socket.destroy());
  await new Promise<void>((resolve) => host.listen(0, '127.0.0.1', resolve));
  const { port } = host.address() as AddressInfo;
  return {
    url: `ws://127.0.0.1:${port}/trade-api/ws/v2`,
    probes,
    close: () => {
      host.closeAllConnections();
      host.close();
    },
  };
}

// Round 15 verifier V3-D1: the caller's abort while REST was being asked rejected with the unexplained KalshiError.
// README: a connect in progress rejects with KalshiAbortError when the signal aborts.
it('the caller’s abort while REST is asked rejects with KalshiAbortError', async () => {
  const controller = new AbortController();
  const host = await cutHost(() => controller.abort(new Error('caller gave up'))); // REST never answers
  try {
    const error = await createKalshiStream({
      url: host.url,
      credentials: await createSigner({ keyId: 'k', privateKey: server.mock.credentials.privateKeyPem }),
      WebSocket: Silent,
      signal: controller.signal,
    }).catch((e: unknown) => e);
    expect(host.probes).toEqual(['/trade-api/v2/portfolio/balance']);
    expect(error).toBeInstanceOf(KalshiAbortError);
  } finally {
    host.close();
  }
});

// Round 15 verifier V3-D2: REST was asked with a fresh connectTimeoutMs after the handshake failed, so an attempt could
// last twice it. stream-options: connectTimeoutMs bounds "a connection attempt". Here the handshake fails with the
// attempt's time used up (the clock moved past it meanwhile): REST is not asked.
it('REST is asked only within what is left of the attempt’s connectTimeoutMs', async () => {
  vi.useFakeTimers({ toFake: ['Date'] });
  const host = await cutHost((_request, response) => response.end('{"balance":0}'));
  try {
    const credentials = await createSigner({ keyId: 'k', privateKey: server.mock.credentials.privateKeyPem });
    class Late extends SilentSocket {
      constructor(url: string, options: { headers: Record<string, string> }) {
        super(url, options);
        vi.setSystemTime(Date.now() + 5_000); // the attempt's 5 s pass while the handshake is on its way
      }
    }
    const error = await createKalshiStream({
      url: host.url,
      credentials,
      WebSocket: Late as unknown as StreamSocketConstructor,
      connectTimeoutMs: 5_000,
    }).catch((e: unknown) => e);
    expect((error as Error).constructor).toBe(KalshiError);
    expect(host.probes).toEqual([]);
  } finally {
    vi.useRealTimers();
    host.close();
  }
});

/** probeRefusal against a stubbed fetch answering `status`: the URL it asked, and its verdict. */
async function probeWith(url: string, status: number) {
  const asked: string[] = [];
  vi.stubGlobal('fetch', async (input: URL) => {
    asked.push(input.href);
    return new Response('{"error":{"code":"x","message":"x"}}', { status });
  });
  try {
    const refusal = await probeRefusal(url, async () => ({ 'KALSHI-ACCESS-KEY': 'k' }), new AbortController().signal);
    return { asked, refusal };
  } finally {
    vi.unstubAllGlobals();
  }
}

// Kalshi's hosts are wss:// beside https:// REST (kalshi-api-notes §1): the probe asks REST over TLS, as the stream.
it('a wss:// stream is probed over https://, a ws:// one over http://', async () => {
  expect((await probeWith('wss://demo-api.kalshi.co/trade-api/ws/v2', 200)).asked).toEqual([
    'https://demo-api.kalshi.co/trade-api/v2/portfolio/balance',
  ]);
  expect((await probeWith('ws://127.0.0.1:9/trade-api/ws/v2', 200)).asked).toEqual([
    'http://127.0.0.1:9/trade-api/v2/portfolio/balance',
  ]);
});

// Only REST's 401 speaks for the key or the clock (kalshi-api-notes §2.3, §2.5); a 403 or a 5xx says nothing of the
// handshake: nothing learnt.
it('REST answering anything but 401 explains nothing', async () => {
  for (const status of [403, 404, 500])
    expect((await probeWith('ws://h/trade-api/ws/v2', status)).refusal).toBeUndefined();
  expect((await probeWith('ws://h/trade-api/ws/v2', 401)).refusal?.error).toMatchObject({ status: 401 });
});

// Refusal's doc: REST's 401 comes with "its `Date` header and the timestamp signed, to measure a clock skew from"
// (kalshi-api-notes §2.2, §2.3: a stale KALSHI-ACCESS-TIMESTAMP is refused 401 header_timestamp_expired).
it('a stale-timestamp 401 gives back its Date and the timestamp the probe signed', async () => {
  const date = 'Sat, 05 Dec 2026 03:00:00 GMT';
  vi.stubGlobal(
    'fetch',
    async () =>
      new Response('{"error":{"code":"header_timestamp_expired","message":"timestamp expired"}}', {
        status: 401,
        headers: { date },
      }),
  );
  try {
    const sign = async () => ({ 'KALSHI-ACCESS-KEY': 'k', 'KALSHI-ACCESS-TIMESTAMP': '1700000000000' });
    const refusal = await probeRefusal('ws://h/trade-api/ws/v2', sign, new AbortController().signal);
    expect(refusal).toMatchObject({ date, signed: '1700000000000' });
    expect(refusal?.error).toMatchObject({ status: 401, code: 'header_timestamp_expired' });
  } finally {
    vi.unstubAllGlobals();
  }
});
