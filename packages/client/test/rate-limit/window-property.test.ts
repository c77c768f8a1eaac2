// kalshi-api-notes §8.1: Kalshi's buckets refill continuously and allow a request iff they hold its cost. The README
// promises that `rateLimit` makes a burst wait its turn instead of earning 429s. Property: whatever the sequence of
// requests (reads, writes, batches), their settle/refund order, 429s and aborts, every request the limiter lets go
// finds the exchange's bucket (simulated at the moment the permit is granted) holding its cost.
import { afterEach, expect, it, vi } from 'vitest';
import { ClientRateLimiter } from '../../src';
import { bucketOf, RATE_LIMIT_TIERS, TokenBucket, tokenCost } from '../../src/generated/rate-limits';
import { lcg } from '../helpers';

afterEach(() => {
  vi.useRealTimers();
});

const OPS = ['GetBalance', 'GetOrder', 'CreateOrderV2', 'CancelOrderV2', 'BatchCreateOrdersV2', 'BatchCancelOrdersV2'];

const ENDS = ['settle', 'settle', 'refund', 'abort', '429'] as const;
type Which = 'basic' | 'custom' | 'account';

/** A random script (seeded: a failure names its seed): requests at random gaps, each ended some time later. */
function script(seed: number) {
  const random = lcg(seed);
  const int = (max: number) => Math.floor(random() * (max + 1));
  const which = (['basic', 'custom', 'account'] as const)[int(2)] as Which;
  const steps = Array.from({ length: 1 + int(59) }, () => ({
    gapMs: int(120),
    op: OPS[int(OPS.length - 1)] as string,
    items: 1 + int(9),
    endAfterMs: int(1_500),
    end: ENDS[int(ENDS.length - 1)] as (typeof ENDS)[number],
  }));
  return { which, steps };
}

it('no request is let go that the exchange’s bucket cannot pay for', async () => {
  for (let seed = 1; seed <= 600; seed++) {
    const { which, steps } = script(seed);
    {
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
      const exchange =
        which === 'basic'
          ? RATE_LIMIT_TIERS.basic
          : { read: { refillRate: 50, capacity: 40 }, write: { refillRate: 40, capacity: 100 } };
      const option =
        which === 'basic'
          ? 'basic'
          : which === 'custom'
            ? exchange
            : {
                read: { refill_rate: 50, bucket_capacity: 40 },
                write: { refill_rate: 40, bucket_capacity: 100 },
              };
      const limiter = new ClientRateLimiter(option as never);
      const kalshi = {
        read: new TokenBucket(exchange.read, Date.now()),
        write: new TokenBucket(exchange.write, Date.now()),
      };
      const refusedByKalshi: string[] = [];
      const pending: Promise<void>[] = [];
      for (const s of steps) {
        await vi.advanceTimersByTimeAsync(s.gapMs);
        const body = s.op.startsWith('Batch') ? { orders: Array(s.items).fill({}) } : undefined;
        const cost = tokenCost(s.op, body);
        const kind = bucketOf(s.op);
        if (cost > exchange[kind].capacity) continue;
        const controller = new AbortController();
        pending.push(
          limiter.permit(s.op, body, controller.signal).then(
            (permit) => {
              const arrives = s.end !== 'refund';
              if (arrives && !kalshi[kind].tryTake(cost, Date.now()))
                refusedByKalshi.push(`${s.op} (${cost}) at ${Date.now()}`);
              setTimeout(() => {
                if (s.end === 'refund') permit.refund();
                else {
                  if (s.end === '429') limiter.exhausted(s.op);
                  permit.settle();
                }
              }, s.endAfterMs);
            },
            () => {},
          ),
        );
        if (s.end === 'abort') setTimeout(() => controller.abort(), s.endAfterMs);
      }
      await vi.advanceTimersByTimeAsync(120_000);
      await Promise.all(pending);
      vi.useRealTimers();
      expect({ seed, which, refusedByKalshi }).toEqual({ seed, which, refusedByKalshi: [] });
    }
  }
});
