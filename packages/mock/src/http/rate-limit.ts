import { tooManyRequests } from '../exchange/errors';
import type { Exchange } from '../exchange/exchange';
import type { OperationInfo } from '../generated/manifest';
import {
  type BucketLimit,
  bucketOf,
  type RateLimitTier,
  TokenBucket,
  tokenCost,
  type UsageTier,
} from '../generated/rate-limits';
import { accountTier } from './account-tier';

/** A usage tier's name (`basic`, …) or custom token-bucket numbers. */
export type RateLimitOption = UsageTier | RateLimitTier;

export interface RateLimiter {
  /**
   * Spends the request's tokens from its account's bucket (when metered) or throws Kalshi's 429 (no Retry-After); a
   * cost above the bucket's capacity is refused metered or not.
   */
  take(op: OperationInfo, account: string | undefined, body: unknown): void;
}

/**
 * Kalshi's token buckets, one Read and one Write pair per account (user), whichever of its API keys (or OAuth token)
 * signs; unauthenticated requests are not metered here. Per account, not per key: kalshi-api-notes §8.1 tie the
 * budgets to the usage tier, which is the account's, and `GET /account/limits` reports "the authenticated user's …
 * usage tier and token-bucket limits" (spec GetAccountApiLimits). Neither says "per user" outright; a budget per key
 * would let a second key of one account double it.
 *
 * Without `metered` (no `rateLimit` option) only a request that no bucket of its account's tier can ever pass is
 * refused: §8.1 "a request is allowed iff the bucket holds ≥ its cost", and a bucket never holds more than its
 * capacity, so a batch billed per item past it (11 creates on Basic's 100-token write bucket) is Kalshi's 429 every
 * time, however slowly it is sent. The body stays Kalshi's; the mock has no log to say more in.
 *
 * The buckets are test state like orders: every `exchange.reset()` (a test's afterEach, `POST /_mock/reset`) empties
 * the map, so the next request of each account starts from a full bucket, whatever the previous test spent.
 */
export function createRateLimiter(exchange: Exchange, metered: boolean, now: () => number): RateLimiter {
  const buckets = new Map<string, { limit: BucketLimit; bucket: TokenBucket }>();
  exchange.changes.on((event) => {
    if (event.type === 'reset') buckets.clear();
  });
  return {
    take(op, account, body) {
      if (account === undefined) return;
      const kind = bucketOf(op.operationId);
      // The account's tier: a Basic account granted Advanced (UpgradeAccountApiUsageLevel) is metered at Advanced
      // from then on, with a bucket of that tier's size (full, as after any tier change: the notes record none).
      const limit = accountTier(exchange, account).limits[kind];
      const cost = tokenCost(op.operationId, body);
      if (cost > limit.capacity) throw tooManyRequests();
      if (!metered) return;
      const key = `${account}:${kind}`;
      let held = buckets.get(key);
      if (held?.limit !== limit) {
        held = { limit, bucket: new TokenBucket(limit, now()) };
        buckets.set(key, held);
      }
      if (!held.bucket.tryTake(cost, now())) throw tooManyRequests();
    },
  };
}
