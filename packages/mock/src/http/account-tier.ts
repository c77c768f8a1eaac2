// The usage tier an exchange meters requests with, for `GET /account/limits`: set by createKalshiMock from its
// `rateLimit` option, so the limits the API reports are the ones its 429s enforce.
import type { Exchange } from '../exchange/exchange';
import { RATE_LIMIT_TIERS, type RateLimitTier, type UsageTier } from '../generated/rate-limits';
import type { RateLimitOption } from './rate-limit';

export interface AccountTier {
  /** A tier name, or `custom` for numbers given directly. */
  readonly name: UsageTier | 'custom';
  readonly limits: RateLimitTier;
}

const tiers = new WeakMap<Exchange, AccountTier>();

export function setAccountTier(exchange: Exchange, option: RateLimitOption): void {
  tiers.set(
    exchange,
    typeof option === 'string'
      ? { name: option, limits: RATE_LIMIT_TIERS[option] }
      : { name: 'custom', limits: option },
  );
}

/** Without a `rateLimit` option nothing is metered; the account reports Basic, the tier of a new Kalshi account. */
export function accountTier(exchange: Exchange): AccountTier {
  return tiers.get(exchange) ?? { name: 'basic', limits: RATE_LIMIT_TIERS.basic };
}
