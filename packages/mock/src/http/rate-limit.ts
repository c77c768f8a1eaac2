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
import { accountTier, setAccountTier } from './account-tier';

/** A usage tier's name (`basic`, …) or custom token-bucket numbers. */
export type RateLimitOption = UsageTier | RateLimitTier;

export interface RateLimiter {
  /** Spends the request's tokens from its account's bucket or throws Kalshi's 429 (no Retry-After). */
  take(op: OperationInfo, account: string | undefined, body: unknown): void;
}

/**
 * Kalshi's token buckets, one Read and one Write pair per account (user), whichever of its API keys (or OAuth token)
 * signs; unauthenticated requests are not metered here. Per account, not per key: kalshi-api-notes §8.1 tie the
 * budgets to the usage tier, which is the account's, and `GET /account/limits` reports "the authenticated user's …
 * usage tier and token-bucket limits" (spec GetAccountApiLimits). Neither says "per user" outright; a budget per key
 * would let a second key of one account double it.
 *
 * The buckets are test state like orders: every `exchange.reset()` (a test's afterEach, `POST /_mock/reset`) empties
 * the map, so the next request of each account starts from a full bucket, whatever the previous test spent.
 */
export function createRateLimiter(option: RateLimitOption, exchange: Exchange, now: () => number): RateLimiter {
  // GET /account/limits reports the tier metered here.
  setAccountTier(exchange, option);
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
      const key = `${account}:${kind}`;
      let held = buckets.get(key);
      if (held?.limit !== limit) {
        held = { limit, bucket: new TokenBucket(limit, now()) };
        buckets.set(key, held);
      }
      if (!held.bucket.tryTake(tokenCost(op.operationId, body), now())) throw tooManyRequests();
    },
  };
}
