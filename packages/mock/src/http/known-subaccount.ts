import { ledger } from '../exchange/accounts';
import type { Exchange } from '../exchange/exchange';
import type { Query } from './request';

/**
 * An operation's `subaccount` (query parameter or body field; the same number everywhere in the spec: 0 the primary,
 * 1–63 those created) must be one the user has, whatever the operation: the check `ledger` makes for orders and
 * balances, "subaccount: N does not exist". Kalshi's answer for reads and group writes is not recorded (the notes
 * are silent); one answer for every operation is what a single account service would give. Batch items carry their
 * own subaccount and are refused one by one, as batch items are.
 */
export function assertKnownSubaccount(exchange: Exchange, userId: string | undefined, query: Query, body: unknown) {
  if (userId === undefined) return;
  const fromBody =
    body !== null && typeof body === 'object' ? (body as { subaccount?: unknown }).subaccount : undefined;
  for (const subaccount of [query.subaccount, fromBody])
    if (typeof subaccount === 'number') ledger(exchange, userId, subaccount);
}
