// The one exchange shard the mock runs.
import { invalidParameters } from '../exchange/errors';

/**
 * `exchange_index` names an exchange shard: kalshi-api-notes §5.2 "omit/−1 = auto-route by ticker; only 0 exists
 * today". Another value names no shard (and below -1, nothing at all); Kalshi's answer is not recorded: the mock refuses
 * it as it refuses a subaccount that does not exist, 400 `invalid_parameters` naming the field, rather than act on
 * shard 0. Where nothing routes by ticker (a subaccount, a transfer, an order group: spec `validate: gte=0`, "Defaults to
 * 0"), -1 is refused too.
 */
export function assertShard(exchangeIndex: unknown, autoRoutes = true): void {
  if (exchangeIndex === undefined || exchangeIndex === null || exchangeIndex === 0) return;
  if (exchangeIndex === -1 && autoRoutes) return;
  throw invalidParameters(
    `exchange_index: ${JSON.stringify(exchangeIndex)} does not exist (only shard 0 does${autoRoutes ? '; -1 auto-routes by ticker' : ''})`,
  );
}
