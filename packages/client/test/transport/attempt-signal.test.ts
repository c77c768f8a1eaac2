import { afterEach, expect, it, vi } from 'vitest';
import { createKalshiClient, KalshiAbortError, KalshiError, KalshiTimeoutError, unwrap } from '../../src';
import { BASE, json, observedClient, testSigner, workerRequests } from '../helpers';

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

// The client reuses timeout controllers between attempts; a fetch of the user's may hold on to a signal it was given
// (a logger, a cache, instrumentation), so a timeout must not reach an earlier call's signal through a reused one.
it("a call's timeout does not abort the signal an earlier call handed to the client's fetch", async () => {
  vi.useFakeTimers();
  const { client, requests } = await observedClient(
    (request) =>
      request.url.includes('status')
        ? new Promise<Response>((_, reject) =>
            request.signal.addEventListener('abort', () => reject(request.signal.reason), { once: true }),
          )
        : json({ balance: 1 }),
    { retry: false, timeoutMs: 1_000 },
  );
  await client.GET('/portfolio/balance');
  const stalled = client.GET('/exchange/status');
  stalled.catch(() => {}); // awaited below, after the clock has moved
  await vi.advanceTimersByTimeAsync(1_000);
  await expect(stalled).rejects.toThrow(KalshiTimeoutError);
  expect(requests.map((request) => request.signal.aborted)).toEqual([false, true]);
});

// With the global fetch the client reuses the controllers of attempts that ended without an abort; one whose
// timeout fired is aborted for good, and must not be handed to the next call (which would fail before it is sent).
it('after an attempt timed out, the next call through the global fetch is sent with a live signal', async () => {
  vi.useFakeTimers();
  const abortedWhenSent: (boolean | undefined)[] = [];
  vi.stubGlobal('fetch', (url: string, init: RequestInit) => {
    const signal = init.signal ?? undefined;
    abortedWhenSent.push(signal?.aborted);
    if (signal?.aborted) return Promise.reject(signal.reason); // what fetch does with an aborted signal
    if (url.includes('status'))
      return new Promise<Response>((_, reject) =>
        signal?.addEventListener('abort', () => reject(signal.reason), { once: true }),
      );
    return Promise.resolve(json({ balance: 1 }));
  });
  const client = await createKalshiClient({
    baseUrl: BASE,
    credentials: await testSigner(),
    retry: false,
    timeoutMs: 1_000,
  });
  await client.GET('/portfolio/balance');
  const stalled = client.GET('/exchange/status');
  stalled.catch(() => {}); // awaited below, after the clock has moved
  await vi.advanceTimersByTimeAsync(1_000);
  await expect(stalled).rejects.toThrow(KalshiTimeoutError);
  expect(unwrap(await client.GET('/portfolio/balance')).balance).toBe(1);
  expect(abortedWhenSent).toEqual([false, false, false]);
});

// attempt-signal.ts: a controller serves at most MAX_USES (8) attempts, so the listeners fetch leaves on a reused
// signal (one per request, until it is garbage collected) stay under Node's leak warning, printed past 10.
it('a reused timeout signal serves at most 8 requests through the global fetch', async () => {
  const uses = new Map<AbortSignal | undefined, number>();
  vi.stubGlobal('fetch', async (_url: string, init: RequestInit) => {
    const signal = init.signal ?? undefined;
    uses.set(signal, (uses.get(signal) ?? 0) + 1);
    return json({ balance: 1 });
  });
  const client = await createKalshiClient({ baseUrl: BASE, credentials: await testSigner(), retry: false });
  for (let i = 0; i < 20; i++) await client.GET('/portfolio/balance');
  expect(uses.has(undefined)).toBe(false);
  expect(Math.max(...uses.values())).toBeLessThanOrEqual(8);
});

// A fetch given a signal sees the caller's abort reason on it, as with fetch(url, { signal }) itself.
it("a call's abort reaches its fetch with the caller's reason, through the attempt's timeout signal", async () => {
  const reasons: unknown[] = [];
  const shutdown = new AbortController();
  const { client } = await observedClient(
    (request) =>
      new Promise<Response>((_, reject) => {
        request.signal.addEventListener('abort', () => {
          reasons.push(request.signal.reason);
          reject(request.signal.reason);
        });
        shutdown.abort('shutting down');
      }),
    { retry: false },
  );
  await expect(client.GET('/portfolio/balance', { signal: shutdown.signal })).rejects.toThrow(KalshiAbortError);
  expect(reasons).toEqual(['shutting down']);
});

// Cloudflare Workers (workerd) tie an AbortController to the request that made it: using it from a later request
// throws a plain Error ("Cannot perform I/O on behalf of a different request"). A client kept across requests (one per
// isolate) must serve every request, and fail, if ever, with a KalshiError (README: every failure is one of them).
it('a client kept across Worker requests, whose AbortControllers are tied to their request, serves every request', async () => {
  const worker = workerRequests();
  vi.stubGlobal('fetch', async (_url: string, init: RequestInit) => {
    if (init.signal?.aborted) throw init.signal.reason;
    return json({ balance: 1 });
  });
  const client = await createKalshiClient({ baseUrl: BASE, credentials: await testSigner(), retry: false });
  const outcomes: unknown[] = [];
  for (; worker.current() < 4; worker.next()) {
    const outcome = await client.GET('/portfolio/balance').then(
      (result) => unwrap(result).balance,
      (error: unknown) => (error instanceof KalshiError ? error.name : error),
    );
    outcomes.push(outcome);
  }
  expect(outcomes).toEqual([1, 1, 1, 1]);
  // Round 28: close() in a later request, and a call after it, use no controller of an earlier one.
  await client.close();
  await expect(client.GET('/portfolio/balance')).rejects.toThrow('GetBalance: the client was closed');
});
