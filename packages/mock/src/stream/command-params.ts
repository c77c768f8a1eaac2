// Command parameters of Kalshi's WebSocket API that need more than a type check (kalshi-api-notes §9.2–9.4): the
// error every command failure carries, the external-feed channels' actions, and communications sharding and filter.
import { errorCodes } from '../generated/asyncapi';

type Json = Record<string, unknown>;

export class CommandError extends Error {
  constructor(
    readonly code: keyof typeof errorCodes,
    readonly extra: Json = {},
  ) {
    // A fault may name a code the spec does not list.
    super(errorCodes[code] ?? 'Error');
  }
}

/**
 * The external-feed channels and their `update_subscription` actions (AsyncAPI cfbenchmarks/pyth update commands):
 * the list parameter, the error code when it is missing, and the type of the list reply.
 */
export const FEEDS: Readonly<
  Record<string, { add: string; remove: string; list: string; param: string; missing: 24 | 28; listType: string }>
> = {
  cfbenchmarks_value: {
    add: 'subscribe_indices',
    remove: 'unsubscribe_indices',
    list: 'indexlist',
    param: 'index_ids',
    missing: 24,
    listType: 'cfbenchmarks_value_indexlist',
  },
  cfbenchmarks_value_5hz: {
    add: 'subscribe_indices',
    remove: 'unsubscribe_indices',
    list: 'indexlist',
    param: 'index_ids',
    missing: 24,
    listType: 'cfbenchmarks_value_5hz_indexlist',
  },
  pyth_value: {
    add: 'subscribe_underlyings',
    remove: 'unsubscribe_underlyings',
    list: 'underlying_list',
    param: 'underlying_tickers',
    missing: 28,
    listType: 'pyth_value_underlying_list',
  },
};

/** `communications` sharding (AsyncAPI: shard_factor 1–100, 0 ≤ shard_key < shard_factor): codes 19–22. */
export function checkShards(params: Json): void {
  const { shard_factor: factor, shard_key: key } = params;
  if (factor === undefined && key === undefined) return;
  if ((factor !== undefined && !Number.isInteger(factor)) || (key !== undefined && !Number.isInteger(key)))
    throw new CommandError(11);
  if (factor === undefined) throw new CommandError(20);
  if ((factor as number) <= 0) throw new CommandError(19);
  if ((factor as number) > 100) throw new CommandError(22);
  if (key !== undefined && ((key as number) < 0 || (key as number) >= (factor as number))) throw new CommandError(21);
}

/** `user_filter` (AsyncAPI subscribe params: enum "", "self"); another value is code 11, "Invalid parameter". */
export function checkUserFilter(params: Json): void {
  const filter = params.user_filter;
  if (filter !== undefined && filter !== '' && filter !== 'self') throw new CommandError(11);
}

/** A non-empty list of strings, or undefined when absent or empty; anything else is an invalid parameter. */
export function stringList(value: unknown): string[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) throw new CommandError(11);
  return value.length ? (value as string[]) : undefined;
}
