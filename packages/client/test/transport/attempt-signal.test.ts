import { afterEach, expect, it, vi } from 'vitest';
import { KalshiTimeoutError } from '../../src';
import { json, observedClient } from '../helpers';

afterEach(() => {
  vi.useRealTimers();
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
