// kalshi-api-notes §8.1: a request is allowed iff Kalshi's bucket holds its cost, the refill is continuous and a 429
// carries no Retry-After and no cooldown beyond the refill. A 429 therefore says Kalshi's bucket holds less than the
// cost, whatever the client's bucket counted (another process on the same key, a tier set too high): the README's
// promise that `rateLimit` "waits for them instead of spending retries" holds only if the client's bucket then counts
// from empty. Kept as it was, every caller queued behind it is sent at once and refused again.
import { afterEach, expect, it, vi } from 'vitest';
import { KalshiRateLimitError, unwrap } from '../../src';
import { json, observedClient } from '../helpers';

afterEach(() => {
  vi.useRealTimers();
});

it('a 429 empties the client bucket: the callers behind it wait for the refill instead of being refused', async () => {
  vi.useFakeTimers();
  // Kalshi's read bucket as §8.1 describes it (refill 100/s), nearly spent by another process of the same account.
  let tokens = 5;
  let last = Date.now();
  let refused = 0;
  const { client } = await observedClient(
    () => {
      const now = Date.now();
      tokens = Math.min(100, tokens + ((now - last) / 1000) * 100);
      last = now;
      if (tokens < 10) {
        refused++;
        return json({ error: 'too many requests' }, 429);
      }
      tokens -= 10;
      return json({ balance: 1, portfolio_value: 1, updated_ts: 1 });
    },
    {
      // The account's own numbers (as `GET /account/limits` gives them, without the named tiers' margin).
      rateLimit: { read: { refillRate: 100, capacity: 100 }, write: { refillRate: 100, capacity: 100 } },
      retry: { maxRetries: 1, initialDelayMs: 1, maxDelayMs: 5 },
    },
  );
  const first = client.GET('/portfolio/balance').then(unwrap);
  await vi.advanceTimersByTimeAsync(1);
  // Four more callers after the 429: the client's bucket still counts 90 tokens, Kalshi's holds under 10.
  const rest = [1, 2, 3, 4].map(() => client.GET('/portfolio/balance').then(unwrap));
  const outcomes = Promise.allSettled([first, ...rest]);
  await vi.advanceTimersByTimeAsync(2_000);
  const settled = await outcomes;
  const failed = settled.filter((s) => s.status === 'rejected').map((s) => (s as PromiseRejectedResult).reason);
  expect(failed.filter((e) => e instanceof KalshiRateLimitError)).toEqual([]);
  expect(failed).toEqual([]);
  expect(refused).toBe(1);
});
