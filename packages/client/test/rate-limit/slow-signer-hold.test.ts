// kalshi-api-notes §8.1: Kalshi's bucket refills continuously up to its capacity and allows a request iff it holds the
// cost, so a full bucket refills nothing until a request reaches it. The client takes a request's tokens before
// signing it (a signed timestamp must not age in the queue): a signer that takes 1.5 s (a remote KMS, a stalled event
// loop) keeps the requests from Kalshi for that long, Kalshi's bucket full meanwhile. Counting refill from the take
// (or from one second after it) runs ahead of Kalshi's bucket by the signing time, and lets requests through into the
// 429s `rateLimit` waits to avoid. (Found by the round-39 flake hunt: 18 × 200 then 2 × 429 through the client.)
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import type { KalshiClientOptions } from '../../src';
import { json, observedClient, testSigner } from '../helpers';
import { grantedBetween, kalshisBucket } from './helpers';

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
});
afterEach(() => {
  vi.useRealTimers();
});

const batch = (n: number) => ({ orders: Array.from({ length: n }, () => ({})) });

/**
 * A client whose read and write buckets hold `capacity` tokens refilled at 100/s, logging when each request reaches
 * fetch (`sentAt`, ms of fake time since it was made) before `respond` (default: a balance) answers it.
 */
async function sendLoggingClient(
  capacity: number,
  options: KalshiClientOptions = {},
  respond: (request: Request, sent: number) => Response | Promise<Response> = () => json({ balance: 0 }),
) {
  const start = Date.now();
  const sentAt: number[] = [];
  const bucket = { refillRate: 100, capacity };
  const { client } = await observedClient((request) => respond(request, sentAt.push(Date.now() - start)), {
    ...options,
    rateLimit: { read: bucket, write: bucket },
  });
  return { client, sentAt };
}

it('refill held from a full bucket counts from when its first request is sent, not from the take', async () => {
  const limiter = kalshisBucket();
  // Nine creates (90 of 100 write tokens) taken from the full bucket, signed for 1.5 s, then sent and answered.
  const permits = await Promise.all(Array.from({ length: 9 }, () => limiter.permit('CreateOrderV2')));
  await vi.advanceTimersByTimeAsync(1_500);
  for (const permit of permits) permit.sent();
  for (const permit of permits) permit.settle();
  // Kalshi's bucket: full until the creates arrived at 1.5 s, 10 tokens left then. A 4-order batch (40 tokens) waits
  // for 30 more: 300 ms at 100/s.
  await grantedBetween(limiter, ['BatchCreateOrdersV2', batch(4)], 299, 1);
});

it('while nothing taken from a full bucket has been sent, other callers do not see its refill either', async () => {
  const limiter = kalshisBucket();
  const slow = await limiter.permit('BatchCreateOrdersV2', batch(9)); // 90 tokens; its signer takes 3 s
  // Another caller asks meanwhile (the limiter looks at its clock): Kalshi's bucket is still full, 10 tokens left of
  // the client's count, and stays so until the batch arrives.
  const other = limiter.permit('BatchCreateOrdersV2', batch(2));
  let granted = false;
  void other.then(() => {
    granted = true;
  });
  await vi.advanceTimersByTimeAsync(3_000);
  expect(granted).toBe(false);
  slow.sent();
  slow.settle(); // answered at once: 10 left at Kalshi, 10 more in 100 ms
  await vi.advanceTimersByTimeAsync(99);
  expect(granted).toBe(false);
  await vi.advanceTimersByTimeAsync(1);
  expect(granted).toBe(true);
  (await other).settle();
});

// Through the client: a signer whose first answers wait for it to warm up (a remote KMS's cold start), which the test
// ends at 1.5 s of fake time.
// Two reads empty a 20-token bucket at once and reach Kalshi at 1.5 s; the third, queued behind them, can be paid
// 100 ms after they arrive (10 tokens at 100/s), not 100 ms after a second has passed since they took their tokens
// (it would then be signed by 1.5 s too and arrive with them, to a bucket with nothing left: a 429).
it('a request queued behind a burst whose signer was slow is sent once Kalshi’s bucket can pay for it', async () => {
  const inner = await testSigner();
  let warmUp = () => {};
  const warm = new Promise<void>((resolve) => {
    warmUp = resolve;
  });
  const signer = {
    ...inner,
    sign: async (input: Parameters<typeof inner.sign>[0]) => {
      await warm;
      return inner.sign(input);
    },
  };
  const { client, sentAt } = await sendLoggingClient(20, { credentials: signer });
  const calls = Array.from({ length: 3 }, () => client.GET('/portfolio/balance'));
  await vi.advanceTimersByTimeAsync(1_500);
  expect(sentAt).toEqual([]); // all three still signing (the third took its tokens at 1.1 s without the fix)
  warmUp();
  await vi.advanceTimersByTimeAsync(1_500);
  expect(sentAt).toEqual([1_500, 1_500, 1_600]);
  await Promise.all(calls);
});

// The hold's 1 s counts from the send (the transport says when): requests sent and never answered stop holding the
// refill back 1 s after they left, not when their attempts time out.
it('requests sent and never answered hold refill back 1 s from their send, not until they time out', async () => {
  // The first two requests are never answered.
  const { client, sentAt } = await sendLoggingClient(20, { retry: false, timeoutMs: 10_000 }, (request, sent) =>
    sent <= 2
      ? new Promise<Response>((_, reject) =>
          request.signal.addEventListener('abort', () => reject(request.signal.reason)),
        )
      : json({ balance: 0 }),
  );
  const calls = Array.from({ length: 3 }, () => client.GET('/portfolio/balance').catch((error: Error) => error));
  await vi.advanceTimersByTimeAsync(2_000);
  // The two hung reads left at once; the third once the hold ended (1 s) and 10 tokens refilled (100 ms).
  expect(sentAt).toEqual([0, 0, 1_100]);
  await vi.advanceTimersByTimeAsync(10_000);
  await Promise.all(calls);
});

// A request taken from a full bucket and never sent (a custom signer that never answers, `timeoutMs: 0`: nothing
// ends its attempt) must not hold the bucket's refill forever: the notes (§8.1) say the bucket refills continuously
// and say nothing of a request that never arrives. The hold of an unsent request ends 5 s after its take (longer than
// any sane signer: the round-39 tests above keep 1.5 s and 3 s holds); the cap is ours, not Kalshi's.
it('a request whose signer never answers holds the refill back at most 5 s, even without a timeout', async () => {
  const inner = await testSigner();
  let signs = 0;
  const signer = {
    ...inner,
    sign: (input: Parameters<typeof inner.sign>[0]) =>
      ++signs === 1 ? new Promise<never>(() => {}) : inner.sign(input),
  };
  const { client, sentAt } = await sendLoggingClient(10, { credentials: signer, retry: false, timeoutMs: 0 });
  const stuck = new AbortController();
  const hung = client.GET('/portfolio/balance', { signal: stuck.signal }).catch((error: Error) => error);
  await vi.advanceTimersByTimeAsync(0);
  // The hung read took all 10 tokens: the next one needs 10, which the bucket refills in 100 ms once the hung
  // request no longer holds it back (without the cap: never).
  const next = client.GET('/portfolio/balance');
  await vi.advanceTimersByTimeAsync(60_000);
  expect(sentAt).toEqual([5_100]);
  await next;
  stuck.abort();
  await hung;
});
