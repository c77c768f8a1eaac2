// kalshi-api-notes §8.1: Kalshi's bucket refills continuously up to its capacity and allows a request iff it holds
// the cost. A request taken from a full bucket holds the client's refill back until it is answered (limiter.test.ts:
// Kalshi's bucket stays full, refilling nothing, until a request reaches it). If that request is then refunded (its
// signer failed: Kalshi never saw it), Kalshi's bucket stays full until another request taken meanwhile arrives, which
// the client knows only from that request's answer: counting refill from the refund instead runs ahead of Kalshi's
// bucket, and a full-bucket batch is let through into the 429 the README says `rateLimit` waits to avoid.
import { afterEach, it, vi } from 'vitest';
import { grantedBetween, kalshisBucket } from './helpers';

afterEach(() => {
  vi.useRealTimers();
});

const batch = (n: number) => ({ orders: Array.from({ length: n }, () => ({})) });

it('a refund of the request that began a hold keeps refill held until another taken during it is answered', async () => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  const limiter = kalshisBucket(20);
  const a = await limiter.permit('CreateOrderV2'); // from the full bucket: refill held until A is answered
  const b = await limiter.permit('CreateOrderV2'); // sent: may reach Kalshi any time before its answer
  a.refund(); // A's signer failed: never sent, its 10 tokens back
  // B answered at 250 ms: it may have reached Kalshi only just now, Kalshi's bucket full until then (20 - 10 = 10
  // left). C's 20 tokens are there 100 ms later at 100/s: C waits through B's flight (not granted at 349 ms, so not
  // at 250) and is granted at 350.
  setTimeout(() => b.settle(), 250);
  await grantedBetween(limiter, ['BatchCreateOrdersV2', batch(2)], 349, 1);
});

it('a refund of the request that began a hold ends it when nothing else taken during it is in flight', async () => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  const limiter = kalshisBucket(20);
  const a = await limiter.permit('CreateOrderV2');
  const b = await limiter.permit('CreateOrderV2');
  b.settle(); // answered: Kalshi's bucket has refilled since B reached it
  a.refund();
  // 10 tokens now (A's back), 10 more in 100 ms at 100/s: the batch's 20.
  await grantedBetween(limiter, ['BatchCreateOrdersV2', batch(2)], 99, 1);
});
