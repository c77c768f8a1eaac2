// The usage tier of an exchange's accounts, for `GET /account/limits`, the tier gates and the rate limiter: set by
// createKalshiMock from its `rateLimit` option (metered) or `usageTier` (not metered), so the limits the API reports
// are the ones its 429s enforce.
import { forbidden } from '../exchange/errors';
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

/** Users granted Advanced through `POST /account/api_usage_level/upgrade`, per exchange; a reset ends the grants. */
const granted = new WeakMap<Exchange, Set<string>>();

/** The spec's permanent Advanced grant (UpgradeAccountApiUsageLevel). */
export function grantAdvanced(exchange: Exchange, userId: string): void {
  let users = granted.get(exchange);
  if (!users) {
    const fresh = new Set<string>();
    exchange.changes.on((event) => {
      if (event.type === 'reset') fresh.clear();
    });
    granted.set(exchange, fresh);
    users = fresh;
  }
  users.add(userId);
}

export function hasAdvancedGrant(exchange: Exchange, userId: string | undefined): boolean {
  return userId !== undefined && granted.get(exchange)?.has(userId) === true;
}

/**
 * The tier a user's requests are metered and reported at: the `rateLimit` or `usageTier` option's; without either the
 * account reports Basic, the tier of a new Kalshi account. An Advanced grant lifts a Basic account to Advanced (its
 * buckets too: outside round P-D2); it does not lower a higher tier or replace custom numbers.
 */
export function accountTier(exchange: Exchange, userId?: string): AccountTier {
  const tier = tiers.get(exchange) ?? { name: 'basic', limits: RATE_LIMIT_TIERS.basic };
  return tier.name === 'basic' && hasAdvancedGrant(exchange, userId)
    ? { name: 'advanced', limits: RATE_LIMIT_TIERS.advanced }
    : tier;
}

/**
 * Usage tiers from lowest to highest, as spec 3.31.0 names them (GetAccountApiLimits.usage_tier: "basic, advanced,
 * expert, premier, paragon, prime, or prestige"); the mock configures the ones with published budgets.
 */
const TIER_ORDER: readonly string[] = ['basic', 'advanced', 'expert', 'premier', 'paragon', 'prime', 'prestige'];

/**
 * Refuses a tier-gated operation below `least` with a 403 (kalshi-api-notes §2.3: "403 is used for permission problems
 * (… tier-gated endpoints …)"; §3.2 records no code string: the mock's `forbidden`). The account's tier is the one
 * `GET /account/limits` reports: the `rateLimit` (`--rate-limit`) or `usageTier` option's, Basic without, Advanced
 * after an upgrade grant. Custom `{ read, write }` numbers name no tier: the mock cannot tell which the account has, so it
 * refuses nothing there (the notes are silent).
 */
export function assertUsageTier(
  exchange: Exchange,
  userId: string | undefined,
  least: 'advanced' | 'premier',
  what: string,
): void {
  const tier = accountTier(exchange, userId).name;
  if (tier === 'custom' || TIER_ORDER.indexOf(tier) >= TIER_ORDER.indexOf(least)) return;
  throw forbidden(
    `usage tier: ${what} needs the ${least === 'premier' ? 'Premier (or Market Maker)' : 'Advanced'} API usage ` +
      `level or above; this account's is ${tier}`,
  );
}
