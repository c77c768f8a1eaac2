// kalshi-api-notes §8.1: Kalshi's bucket refills continuously up to its capacity and allows a request iff it holds the
// cost. A request refused before it was sent (its signer failed or timed out, its connection was never made) gives its
// tokens back: Kalshi never saw it. But if other requests took tokens after it and the bucket refilled to its capacity
// meanwhile, the exchange's bucket already holds what the refund would add: given back again, the client counts tokens
// Kalshi does not have and lets through requests that earn the 429s the README says `rateLimit` waits to avoid.
import { afterEach, beforeEach, it, vi } from 'vitest';
import { grantedBetween, kalshisBucket } from './helpers';

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
});
afterEach(() => {
  vi.useRealTimers();
});

const batch = (n: number) => ({ orders: Array.from({ length: n }, () => ({})) });

it('a refund after the bucket refilled and others took tokens lends nothing the exchange does not hold', async () => {
  const limiter = kalshisBucket();
  // A create sent and answered: the bucket is not full when A takes (a take from a full bucket holds its refill until
  // that request is sent: slow-signer-hold.test.ts).
  (await limiter.permit('CreateOrderV2')).settle();
  // A: a 6-order batch (60 write tokens) whose signer then takes 2 s and fails: never sent, refunded.
  const a = await limiter.permit('BatchCreateOrdersV2', batch(6));
  await vi.advanceTimersByTimeAsync(2_000);
  // Kalshi's bucket: full (A never arrived). B, a 9-order batch, is sent and answered: 10 left at the exchange.
  const b = await limiter.permit('BatchCreateOrdersV2', batch(9));
  b.settle();
  a.refund();
  // C, a 6-order batch, needs 60: the exchange refills 50 more tokens in 500 ms.
  await grantedBetween(limiter, ['BatchCreateOrdersV2', batch(6)], 400, 200);
});

// kalshi-api-notes §8.1: a 429 says Kalshi's bucket holds less than the refused request's cost (the client's then
// counts from empty: after-429.test.ts). A request taken before it and refunded after it (its signer failed) was never
// seen by Kalshi: its tokens are not in Kalshi's bucket either, and given back they would send the next caller into a
// second 429.
it('a refund after a 429 emptied the bucket gives nothing back', async () => {
  const limiter = kalshisBucket();
  // A: a create (10 write tokens) whose signer is slow and then fails.
  const a = await limiter.permit('CreateOrderV2');
  // B: sent and refused 429 (another process of the account spent Kalshi's bucket).
  const b = await limiter.permit('CreateOrderV2');
  limiter.exhausted('CreateOrderV2');
  b.settle();
  await vi.advanceTimersByTimeAsync(50);
  a.refund();
  // C needs 10 tokens: Kalshi's bucket, under 10 at the 429, has refilled at most 5 since.
  await grantedBetween(limiter, ['CreateOrderV2'], 40, 100);
});
