import { ONE_DOLLAR } from './book';
import { invalidParameters } from './errors';
import type { ExchangeModel } from './model';
import { stableUuid } from './rng';
import type { AccountState, PositionState } from './types';

/** The account that holds the default dataset's resting liquidity (account ids are UUIDs, as Kalshi's). */
export const HOUSE_USER = '00000000-0000-4000-8000-00000000a001';
/** The account of the mock's test API key (`createKalshiMock().credentials`): the same for every mock. */
export const TEST_USER_ID = '7d1f3c2e-5b8a-4e6f-9c0d-1a2b3c4d5e6f';
export const HOUSE_CASH = 10_000_000 * ONE_DOLLAR;
/** Cash of a new account: $10,000. */
export const DEFAULT_CASH = 10_000 * ONE_DOLLAR;

/** A user's account, opened with `cash` if new. */
export function account(model: ExchangeModel, userId: string, cash = DEFAULT_CASH): AccountState {
  let found = model.accounts.get(userId);
  if (!found) {
    found = { userId, cash, locked: 0, balanceUpdated: model.now(), positions: new Map(), clientOrderIds: new Set() };
    model.accounts.set(userId, found);
  }
  return found;
}

/** Registers an API key (public key PEM) for a user, created with $10,000 if new; the id defaults to a UUID of the key id. */
export function addApiKey(model: ExchangeModel, key: { keyId: string; publicKeyPem: string; userId?: string }): string {
  const userId = key.userId ?? stableUuid(`user:${key.keyId}`);
  model.apiKeys.set(key.keyId, { publicKeyPem: key.publicKeyPem, userId });
  account(model, userId);
  return userId;
}

/** Where a numbered subaccount's ledger is kept in `model.accounts` (the primary, 0, is the user's own account). */
export function subaccountKey(userId: string, subaccount: number): string {
  return `${userId}/subaccount/${subaccount}`;
}

/**
 * The ledger (cash, collateral, positions) of one of a user's subaccounts: 0 is the primary account, 1–63 are those
 * created with `POST /portfolio/subaccounts` (subaccounts.ts). An unknown number is refused, named as the request's
 * `field` calls it (`subaccount` unless it says otherwise: `from_subaccount`, `subaccount_number`, …).
 */
export function ledger(model: ExchangeModel, userId: string, subaccount = 0, field = 'subaccount'): AccountState {
  if (!subaccount) return account(model, userId);
  const found = model.accounts.get(subaccountKey(userId, subaccount));
  if (!found) throw invalidParameters(`${field}: ${subaccount} does not exist`);
  return found;
}

/** Available balance: cash minus collateral held for resting orders (of the primary account, or a subaccount). */
export function available(model: ExchangeModel, userId: string, subaccount = 0): number {
  const found = ledger(model, userId, subaccount);
  return found.cash - found.locked;
}

/** A user's position in a market (in a subaccount), opened empty if there is none. */
export function position(model: ExchangeModel, userId: string, ticker: string, subaccount = 0): PositionState {
  const positions = ledger(model, userId, subaccount).positions;
  let found = positions.get(ticker);
  if (!found) {
    found = {
      position: 0,
      exposure: 0,
      totalTraded: 0,
      volume: 0,
      realizedPnl: 0,
      fees: 0,
      positionFees: 0,
      lastUpdated: model.now(),
    };
    positions.set(ticker, found);
  }
  return found;
}
