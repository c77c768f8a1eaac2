// kalshi-api-notes §8.1: "Every authenticated request spends tokens", a batch per item, and Kalshi's bucket allows a
// request iff it holds the cost. A request the client refuses before sending (its signer failed) never reached
// Kalshi: given back, its tokens leave the bucket as full as it was, and the same request again goes at once. Found in
// CI: a take that emptied a full bucket, refunded more than a second later (a stalled event loop ended the refill
// hold), left it a rounding error short of its capacity, and the next request waited for tokens it had (an
// `onRateLimitWait` event and a timer).
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { ClientRateLimiter } from '../../src';

const batch = (n: number) => ({ orders: Array.from({ length: n }, () => ({})) });

it('a refunded take of a whole bucket leaves it full again, at any refill, size, clock and delay', async () => {
  await fc.assert(
    fc.asyncProperty(
      // Refill rates as written in decimal (0.001, 2.5, 200): most are not exact in binary.
      fc.tuple(fc.integer({ min: 1, max: 9_999 }), fc.integer({ min: 0, max: 6 })).map(([m, e]) => m / 10 ** e),
      fc.integer({ min: 1, max: 100 }),
      fc.integer({ min: 1_600_000_000_000, max: 2_000_000_000_000 }),
      fc.integer({ min: 0, max: 10_000 }),
      async (refillRate, items, start, delay) => {
        let now = start;
        // A bucket holding exactly one batch of `items` orders (10 write tokens each, notes §8.1).
        const bucket = { refillRate, capacity: items * 10 };
        const limiter = new ClientRateLimiter({ read: bucket, write: bucket }, () => now);
        const taken = await limiter.permit('BatchCreateOrdersV2', batch(items));
        now += delay;
        taken.refund();
        let waited: number | undefined;
        const queued = new AbortController(); // a request left waiting (the defect) leaves the queue
        const next = limiter.permit('BatchCreateOrdersV2', batch(items), queued.signal).then(
          (permit) => {
            waited = permit.waitedMs;
            permit.settle();
          },
          () => {},
        );
        await Promise.resolve();
        queued.abort();
        await next;
        // Granted at once: no timer ran (the clock did not move), and it waited 0 ms.
        expect(waited).toBe(0);
      },
    ),
    { numRuns: 1000 },
  );
});
