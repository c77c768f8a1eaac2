import {
  bucketOf,
  RATE_LIMIT_TIERS,
  type RateLimitTier,
  TokenBucket,
  tokenCost,
  type UsageTier,
} from './generated/rate-limits';

/** A tier name, custom bucket numbers, or false (off, the default). */
export type RateLimitOption = UsageTier | RateLimitTier | false;

/**
 * Client-side token buckets matching Kalshi's (notes §8.1): a burst waits its turn instead of earning 429s.
 * Requests queue FIFO per bucket. Named tiers keep a 10% margin, because the exchange sees each request a little
 * later than the client sends it; custom numbers are used as given.
 */
export class ClientRateLimiter {
  private readonly buckets: Record<'read' | 'write', TokenBucket>;
  private readonly queues: Record<'read' | 'write', Promise<void>> = {
    read: Promise.resolve(),
    write: Promise.resolve(),
  };

  constructor(
    limits: UsageTier | RateLimitTier,
    private readonly now: () => number = Date.now,
  ) {
    const tier = typeof limits === 'string' ? withMargin(RATE_LIMIT_TIERS[limits]) : limits;
    this.buckets = { read: new TokenBucket(tier.read, now()), write: new TokenBucket(tier.write, now()) };
  }

  /** Resolves when the operation's tokens have been taken. */
  acquire(operationId: string, body?: unknown, signal?: AbortSignal): Promise<void> {
    const kind = bucketOf(operationId);
    const cost = tokenCost(operationId, body);
    const turn = this.queues[kind].then(() => this.take(kind, cost, signal));
    this.queues[kind] = turn.catch(() => undefined);
    return turn;
  }

  private async take(kind: 'read' | 'write', cost: number, signal?: AbortSignal): Promise<void> {
    const bucket = this.buckets[kind];
    for (;;) {
      signal?.throwIfAborted();
      if (bucket.tryTake(cost, this.now())) return;
      await sleep(Math.max(1, bucket.waitTime(cost, this.now())), signal);
    }
  }
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

const MARGIN = 0.9;

function withMargin(tier: RateLimitTier): RateLimitTier {
  const scale = (b: RateLimitTier['read']) => ({ refillRate: b.refillRate * MARGIN, capacity: b.capacity * MARGIN });
  return { read: scale(tier.read), write: scale(tier.write) };
}
