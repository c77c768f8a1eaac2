import { tooManyRequests } from '../exchange/errors';
import type { OperationInfo } from '../generated/manifest';
import {
  bucketOf,
  RATE_LIMIT_TIERS,
  type RateLimitTier,
  TokenBucket,
  tokenCost,
  type UsageTier,
} from '../generated/rate-limits';

/** A usage tier's name (`basic`, …) or custom token-bucket numbers. */
export type RateLimitOption = UsageTier | RateLimitTier;

export interface RateLimiter {
  /** Spends the request's tokens or throws Kalshi's 429 (no Retry-After). */
  take(op: OperationInfo, keyId: string, body: unknown): void;
}

/** Kalshi's token buckets per API key; unauthenticated requests are not metered here. */
export function createRateLimiter(option: RateLimitOption, now: () => number): RateLimiter {
  const tier = typeof option === 'string' ? RATE_LIMIT_TIERS[option] : option;
  const buckets = new Map<string, TokenBucket>();
  return {
    take(op, keyId, body) {
      if (keyId === 'anonymous') return;
      const kind = bucketOf(op.operationId);
      const key = `${keyId}:${kind}`;
      let bucket = buckets.get(key);
      if (!bucket) {
        bucket = new TokenBucket(tier[kind], now());
        buckets.set(key, bucket);
      }
      if (!bucket.tryTake(tokenCost(op.operationId, body), now())) throw tooManyRequests();
    },
  };
}
