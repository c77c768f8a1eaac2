import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, expect, it, vi } from 'vitest';
import { createKalshiClient, KalshiAbortError, KalshiTimeoutError, KalshiValidationError, unwrap } from '../../src';
import { json, observedClient, testSigner } from '../helpers';

const unavailable = () => json({ error: { code: 'service_unavailable', message: 'down' } }, 503);

it('a call’s retry overrides the client’s: fewer, more, or none', async () => {
  const { client, requests } = await observedClient(unavailable, {
    retry: { maxRetries: 3, initialDelayMs: 1, maxDelayMs: 2 },
  });
  await client.GET('/exchange/status', { retry: { maxRetries: 1 } });
  expect(requests).toHaveLength(2);
  await client.GET('/exchange/status', { retry: false });
  expect(requests).toHaveLength(3);
  await client.GET('/exchange/status'); // the client's default again: 1 + 3
  expect(requests).toHaveLength(7);
});

it('a call can retry where the client does not', async () => {
  const { client, requests } = await observedClient((_r, n) => (n === 1 ? unavailable() : json({ balance: 1 })), {
    retry: false,
  });
  const body = unwrap(await client.GET('/portfolio/balance', { retry: { maxRetries: 1, initialDelayMs: 1 } }));
  expect(body.balance).toBe(1);
  expect(requests).toHaveLength(2);
});

it('rejects a malformed per-call option by name, before sending', async () => {
  const { client, requests } = await observedClient(() => json({}));
  // The types refuse both; JavaScript callers and casts still reach the run-time check.
  // @ts-expect-error timeoutMs is a number of ms
  await expect(client.GET('/portfolio/balance', { timeoutMs: '1s' })).rejects.toThrow(KalshiValidationError);
  // @ts-expect-error retry is options or false
  await expect(client.GET('/portfolio/balance', { retry: 3 })).rejects.toThrow(/retry/);
  expect(requests).toHaveLength(0);
});

it('an unset retry field keeps the client’s value (a call’s or the client’s maxRetries: undefined does not retry forever)', async () => {
  const settings: { maxRetries?: number } = {}; // say, read from a config file that leaves it out
  const failing = await observedClient((_r, n) => (n > 10 ? json({ balance: 1 }) : unavailable()), {
    retry: { initialDelayMs: 1, maxDelayMs: 1, maxRetries: settings.maxRetries },
  });
  expect((await failing.client.GET('/exchange/status')).response.status).toBe(503);
  expect(failing.requests).toHaveLength(3); // the default: 1 + 2
  await failing.client.GET('/exchange/status', { retry: { maxRetries: settings.maxRetries } });
  expect(failing.requests).toHaveLength(6);
});

it('rejects retry settings and timeouts that are not usable numbers, by name, before sending', async () => {
  const { client, requests } = await observedClient(() => json({}));
  for (const retry of [{ maxRetries: -1 }, { maxRetries: Number.NaN }, { maxRetries: 1.5 }, { maxRetries: '3' }])
    await expect(client.GET('/portfolio/balance', { retry: retry as never })).rejects.toThrow(/^retry\.maxRetries: /);
  await expect(client.GET('/portfolio/balance', { retry: { maxDelayMs: -5 } })).rejects.toThrow(/^retry\.maxDelayMs: /);
  // A timer longer than 2^31 - 1 ms fires at once (Node warns and waits 1 ms): every attempt would time out.
  for (const timeoutMs of [Number.POSITIVE_INFINITY, 2 ** 31])
    await expect(client.GET('/portfolio/balance', { timeoutMs })).rejects.toThrow(/^timeoutMs: /);
  expect(requests).toHaveLength(0);
  await expect(createKalshiClient({ timeoutMs: Number.POSITIVE_INFINITY })).rejects.toThrow(KalshiValidationError);
  await expect(createKalshiClient({ retry: { maxRetries: -1 } })).rejects.toThrow(/^retry\.maxRetries: /);
});

it('a call’s signal aborts it while it waits to retry', async () => {
  const controller = new AbortController();
  const { client } = await observedClient(
    () => {
      queueMicrotask(() => controller.abort());
      return json({ error: 'slow down' }, 429, { 'retry-after': '30' });
    },
    { retry: { maxRetryAfterMs: 60_000 } },
  );
  await expect(client.GET('/portfolio/balance', { signal: controller.signal })).rejects.toThrow(KalshiAbortError);
});

afterEach(() => {
  vi.useRealTimers();
});

// README, Options: `timeoutMs` is per attempt, default 30,000 (the notes are silent: a client concern).
it('without timeoutMs an attempt times out after 30,000 ms, not before', async () => {
  vi.useFakeTimers();
  const { client } = await observedClient(
    (request) =>
      new Promise<Response>((_, reject) =>
        request.signal.addEventListener('abort', () => reject(request.signal.reason), { once: true }),
      ),
    { retry: false },
  );
  const call = client.GET('/portfolio/balance');
  const outcome = call.then(
    () => 'answered',
    (e: unknown) => e,
  );
  await vi.advanceTimersByTimeAsync(29_999);
  expect(await Promise.race([outcome, Promise.resolve('pending')])).toBe('pending');
  await vi.advanceTimersByTimeAsync(1);
  const error = await Promise.race([outcome, Promise.resolve('pending')]);
  expect(error).toBeInstanceOf(KalshiTimeoutError);
  expect((error as Error).message).toMatch(/30000 ms/);
});

// A server that sends the head at once and never finishes the body: only the timeout ends the call.
let server: Server;
let base: string;
beforeAll(async () => {
  server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.write('{"balance":');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/trade-api/v2`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

it('a call’s timeoutMs overrides the client’s (which would wait far longer)', async () => {
  const client = await createKalshiClient({
    baseUrl: base,
    credentials: await testSigner(),
    timeoutMs: 600_000,
    retry: false,
  });
  const error = await client.GET('/portfolio/balance', { timeoutMs: 50 }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(KalshiTimeoutError);
  expect((error as Error).message).toMatch(/50 ms/);
}, 60_000);
