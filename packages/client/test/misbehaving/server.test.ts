// A misbehaving server on loopback (node:http): every way an HTTP exchange can go wrong ends in a documented
// KalshiError subclass carrying the operationId, within the configured timeout and retries, with nothing left
// pending. Small configured timeouts instead of wall-clock assertions: a hang fails by vitest's test timeout.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  createKalshiClient,
  KalshiApiError,
  KalshiConnectionError,
  KalshiInvalidResponseError,
  KalshiRateLimitError,
  KalshiServerError,
  KalshiTimeoutError,
  unwrap,
} from '../../src';
import { testSigner } from '../helpers';

type Behaviour = (req: IncomingMessage, res: ServerResponse, hit: number) => void;

let behaviour: Behaviour = (_req, res) => res.end();
let hits = 0; // requests the server saw
let attempts = 0; // attempts the client made (a pooled socket may fail before the server sees one)
const timers = new Set<ReturnType<typeof setInterval>>();
let server: Server;
let base: string;
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);

beforeAll(async () => {
  process.on('unhandledRejection', onUnhandled);
  server = createServer((req, res) => {
    hits++;
    res.setHeader('connection', 'close'); // no pooled socket carries over from one test to the next
    behaviour(req, res, hits);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/trade-api/v2`;
});
afterEach(() => {
  hits = 0;
  attempts = 0;
  for (const timer of timers) clearInterval(timer);
  timers.clear();
  server.closeAllConnections();
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  process.off('unhandledRejection', onUnhandled);
  expect(unhandled).toEqual([]);
});

// Short for the cases that must time out; generous elsewhere, so that a loaded machine cannot turn them into timeouts.
const TIMEOUT_MS = 150;
const GENEROUS_MS = 20_000;
const RETRIES = 2;
const client = async (timeoutMs: number) =>
  createKalshiClient({
    baseUrl: base,
    credentials: await testSigner(),
    fetch: (input, init) => {
      attempts++;
      return fetch(input, init);
    },
    timeoutMs,
    retry: { maxRetries: RETRIES, initialDelayMs: 1, maxDelayMs: 2, maxRetryAfterMs: 20 },
  });
const status = async (timeoutMs = GENEROUS_MS) => unwrap(await (await client(timeoutMs)).GET('/exchange/status'));
const json = (res: ServerResponse, code: number, body: string, headers: Record<string, string> = {}) => {
  res.writeHead(code, { 'content-type': 'application/json', ...headers });
  res.end(body);
};
const OK = '{"exchange_active":true,"trading_active":true}';

describe('a server that misbehaves', () => {
  it('never responds: KalshiTimeoutError after every attempt timed out', async () => {
    behaviour = () => undefined;
    const error = await status(TIMEOUT_MS).catch((e) => e);
    expect(error).toBeInstanceOf(KalshiTimeoutError);
    expect(error).toMatchObject({ operationId: 'GetExchangeStatus' });
    expect(attempts).toBe(RETRIES + 1);
  });

  it('stalls after the headers: the timeout covers the body (KalshiTimeoutError)', async () => {
    behaviour = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.flushHeaders();
    };
    const error = await status(TIMEOUT_MS).catch((e) => e);
    expect(error).toBeInstanceOf(KalshiTimeoutError);
    expect(error).toMatchObject({ operationId: 'GetExchangeStatus' });
    expect(attempts).toBe(RETRIES + 1);
  });

  it('trickles the body a byte at a time: KalshiTimeoutError', async () => {
    behaviour = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{');
      const timer = setInterval(() => res.write(' '), 10);
      timers.add(timer);
      res.on('close', () => clearInterval(timer));
    };
    const error = await status(TIMEOUT_MS).catch((e) => e);
    expect(error).toBeInstanceOf(KalshiTimeoutError);
    expect(error).toMatchObject({ operationId: 'GetExchangeStatus' });
  });

  it('closes the connection mid-body: KalshiConnectionError, retried like a lost connection', async () => {
    behaviour = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '500' });
      res.write('{"exchange_active":');
      setImmediate(() => res.socket?.destroy());
    };
    const error = await status().catch((e) => e);
    expect(error).toBeInstanceOf(KalshiConnectionError);
    expect(error).not.toBeInstanceOf(KalshiTimeoutError);
    expect(error).toMatchObject({ operationId: 'GetExchangeStatus' });
    expect(attempts).toBe(RETRIES + 1);
  });

  it('recovers when a retry after a broken body succeeds', async () => {
    behaviour = (_req, res, hit) => {
      if (hit > 1) return json(res, 200, OK);
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '500' });
      res.write('{"exch');
      setImmediate(() => res.socket?.destroy());
    };
    expect(await status()).toEqual({ exchange_active: true, trading_active: true });
  });

  it('answers 200 with invalid JSON: KalshiInvalidResponseError with the status', async () => {
    behaviour = (_req, res) => json(res, 200, '{"exchange_active": tru');
    const error = await status().catch((e) => e);
    expect(error).toBeInstanceOf(KalshiInvalidResponseError);
    expect(error).toMatchObject({ operationId: 'GetExchangeStatus', status: 200 });
  });

  it('answers 502 with an HTML page: KalshiServerError after the retries', async () => {
    behaviour = (_req, res) => {
      res.writeHead(502, { 'content-type': 'text/html' });
      res.end('<html><body><h1>502 Bad Gateway</h1></body></html>');
    };
    const error = await status().catch((e) => e);
    expect(error).toBeInstanceOf(KalshiServerError);
    expect(error).toMatchObject({ operationId: 'GetExchangeStatus', status: 502, code: 'server_error' });
    expect(attempts).toBe(RETRIES + 1);
  });

  it('answers 429 without Retry-After (as Kalshi does): KalshiRateLimitError after the retries', async () => {
    behaviour = (_req, res) => json(res, 429, '{"error":"too many requests"}');
    const error = await status().catch((e) => e);
    expect(error).toBeInstanceOf(KalshiRateLimitError);
    expect(error).toMatchObject({ operationId: 'GetExchangeStatus', status: 429 });
    expect(attempts).toBe(RETRIES + 1);
  });

  // An uncapped wait on any of these would outlast the test's timeout; maxRetryAfterMs (20 ms) caps them.
  it.each([['1'], ['99999999999'], ['-5'], ['soon'], ['Fri, 31 Dec 9999 23:59:59 GMT']])(
    'answers 429 with Retry-After %j: waits at most maxRetryAfterMs, then succeeds',
    async (retryAfter) => {
      behaviour = (_req, res, hit) =>
        hit === 1 ? json(res, 429, '{"error":"too many requests"}', { 'retry-after': retryAfter }) : json(res, 200, OK);
      expect(await status()).toEqual({ exchange_active: true, trading_active: true });
      expect(hits).toBe(2);
    },
  );

  it('redirects (in a loop, say): not followed, a KalshiApiError naming the status', async () => {
    behaviour = (req, res) => {
      res.writeHead(302, { location: req.url ?? '/' });
      res.end();
    };
    const error = await status().catch((e) => e);
    expect(error).toBeInstanceOf(KalshiApiError);
    expect(error).toMatchObject({ status: 302, operationId: 'GetExchangeStatus' });
  });
});
