// GET /markets filter combinations (spec 3.31.0 GetMarkets description; kalshi-api-notes §6.1): timestamp filters
// are mutually exclusive, each combines only with certain statuses, and the updated-time filters with nothing but
// `mve_filter=exclude` (and `series_ticker`, which then requires it). Kalshi refuses the rest; its answer is not
// recorded (the notes are silent), so the mock gives the nested 400 `invalid_parameters` naming the conflict.
import { invalidParameters } from '../exchange/errors';
import type { Query } from './request';

const GROUPS = [
  { name: 'created', statuses: ['unopened', 'open'] },
  { name: 'close', statuses: ['closed'] },
  { name: 'settled', statuses: ['settled'] },
  { name: 'updated', statuses: [] },
] as const;

/** Refuses a combination of GET /markets filters that Kalshi does not take. */
export function checkMarketFilters(query: Query): void {
  const used = GROUPS.filter(
    ({ name }) => query[`min_${name}_ts`] !== undefined || query[`max_${name}_ts`] !== undefined,
  );
  const [group, other] = used;
  if (!group) return;
  const refuse = (details: string) => invalidParameters(details);
  if (other) throw refuse(`${group.name} and ${other.name} timestamp filters cannot be combined`);
  const status = query.status;
  if (typeof status === 'string' && !(group.statuses as readonly string[]).includes(status))
    throw refuse(`${group.name} timestamp filters cannot be combined with status=${status}`);
  if (group.name !== 'updated') return;
  // Sent empty, a filter is not sent: a plain Go string's absent value, and no filter to the handler (str()).
  const sent = (name: string) => query[name] !== undefined && query[name] !== '';
  const others = ['event_ticker', 'tickers'].filter(sent);
  if (others.length) throw refuse(`updated timestamp filters cannot be combined with ${others.join(', ')}`);
  if (query.mve_filter === 'only' || (sent('series_ticker') && query.mve_filter !== 'exclude'))
    throw refuse('updated timestamp filters need mve_filter=exclude');
}
