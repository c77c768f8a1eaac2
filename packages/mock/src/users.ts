// More accounts on one mock: each with its own API key, cash and positions, so a test can trade against a
// counterparty (a fill of one user's resting order by another, fees and self-trade prevention per account).
import { redactInspection } from '@org/kalshi-auth';
import { generateKeyPairSync } from '@org/kalshi-auth/node';
import { ONE_DOLLAR } from './exchange/book';
import { keptKey } from './exchange/control-input';
import type { Exchange } from './exchange/exchange';
import { hasFourDecimals, quoted } from './exchange/market-input';
import { stableUuid } from './exchange/rng';
import type { MockCredentials } from './mock';
import { ControlInputError } from './shared/control-schema';
import { accessTokenFor } from './shared/oauth';
import { checkOptionsObject } from './shared/options';

/** Options of one extra account of the mock. */
export interface MockUserOptions {
  /** Opening cash in dollars (default 10,000). */
  readonly balanceDollars?: number | undefined;
  /** The account's API key (`{ keyId, privateKey }`) instead of a generated one: a key kept from an earlier run. */
  readonly credentials?:
    | {
        /** The key's id. */
        readonly keyId: string;
        /** The private key, an RSA or Ed25519 PEM. */
        readonly privateKey: string;
      }
    | undefined;
}

/** MockUserOptions' keys: another (`balance`) would be dropped and the account opened with $10,000. */
const USER_OPTIONS = { balanceDollars: 1, credentials: 1 } as const satisfies Record<keyof MockUserOptions, 1>;

/**
 * An account of the mock and the API key that signs as it: `{ keyId, privateKey }` fit `createKalshiClient`'s
 * credentials (which sign when a token comes with them).
 */
export interface MockUser extends MockCredentials {
  /** The account's user id (a UUID derived from the seed). */
  readonly userId: string;
  /**
   * The account's OAuth access token (`credentials: { accessToken }`), accepted on the operations the spec opens to a
   * bearer token (fills, historical fills, positions).
   */
  readonly accessToken: string;
}

// RSA keys are slow to generate and are public test material: one per user slot per process, shared by every mock.
/** The fields of a mock key that hold its private key PEM: printing shows `[REDACTED]` for them. */
export const PRIVATE_KEY_FIELDS = ['privateKey', 'privateKeyPem'] as const;

const keyPool: { privateKeyPem: string; publicKeyPem: string }[] = [];

/**
 * Opens the `index`-th extra account (1, 2, …) with its key. Ids are UUIDs derived from the seed and the index, so
 * the same seed gives the same accounts and key ids in any mock.
 */
export function addUser(
  exchange: Exchange,
  seed: number,
  index: number,
  options: MockUserOptions = {},
  where = `users[${index - 1}]`,
): MockUser {
  checkOptionsObject(where, options, USER_OPTIONS);
  const cash = options.balanceDollars ?? 10_000;
  if (typeof cash !== 'number' || !Number.isFinite(cash) || cash < 0 || cash > 1e9)
    throw new ControlInputError(
      `${where}.balanceDollars`,
      `${quoted(cash)} is not a number of dollars between 0 and 1,000,000,000`,
    );
  // Before the key is registered: balances carry $0.0001 precision (kalshi-api-notes §4, Exchange.setBalance).
  if (!hasFourDecimals(cash))
    throw new ControlInputError(`${where}.balanceDollars`, `${quoted(cash)} is not on $0.0001 (at most 4 decimals)`);
  const kept = options.credentials && keptKey(`${where}.credentials`, options.credentials);
  if (!kept) keyPool[index - 1] ??= generateKeyPairSync({ type: 'rsa' });
  const key = kept ?? (keyPool[index - 1] as { privateKeyPem: string; publicKeyPem: string });
  const userId = stableUuid(`user:${seed}:${index}`);
  const keyId = kept?.keyId ?? stableUuid(`key:${seed}:${index}`);
  exchange.addApiKey({ keyId, publicKeyPem: key.publicKeyPem, userId });
  exchange.setOpeningBalance(userId, Math.round(cash * ONE_DOLLAR));
  const { privateKeyPem } = key;
  // Printed, the key shows `[REDACTED]`; spread into createKalshiClient or written out as JSON, it is there.
  return redactInspection(
    { userId, keyId, privateKey: privateKeyPem, privateKeyPem, accessToken: accessTokenFor(userId) },
    PRIVATE_KEY_FIELDS,
    'MockUser',
  );
}

/** The `users` option: a count, or one options object per account. */
export function userOptions(users: number | readonly MockUserOptions[] | undefined): readonly MockUserOptions[] {
  if (users === undefined) return [];
  if (typeof users === 'number') {
    if (!Number.isInteger(users) || users < 0 || users > 100)
      throw new ControlInputError('users', `${users} is not a whole number of accounts between 0 and 100`);
    return Array.from({ length: users }, () => ({}));
  }
  if (!Array.isArray(users))
    throw new ControlInputError('users', `${quoted(users)} is not a number of accounts or a list of their options`);
  return users;
}
