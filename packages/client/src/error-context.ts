// What a failed call concerns (the order, market or key it names) and, where the cause is common, the likely fix:
// appended to the error's message so that "404 not_found: not found" says which order and why.
import { errorFromResponse, type KalshiApiError, statusOfCode } from './errors';
import { servers } from './generated/manifest';
import type { RequestState } from './request-state';
import { orderNames, sentOrders } from './sent-orders';

const NAMES: Readonly<Record<string, string>> = {
  order_id: 'order',
  ticker: 'market',
  event_ticker: 'event',
  series_ticker: 'series',
  order_group_id: 'order group',
};

/** "order 123", "market KX-1", … from the path parameters, else the body's ticker; undefined when none. */
function subjectOf(state: RequestState | undefined): string | undefined {
  for (const [name, value] of Object.entries(state?.path ?? {}))
    if (typeof value === 'string' || typeof value === 'number') return `${NAMES[name] ?? name} ${value}`;
  const ticker = (state?.body as { ticker?: unknown } | undefined)?.ticker;
  return typeof ticker === 'string' ? `market ${ticker}` : undefined;
}

/** The environment a URL belongs to (`demo`, `production`) by `table` (REST's servers, the stream's URLs), else its host. */
export function environmentOf(url: string, table: Readonly<Record<string, readonly string[]>> = servers): string {
  for (const [name, urls] of Object.entries(table)) if (urls.some((u) => url.startsWith(u))) return name;
  return URL.canParse(url) ? new URL(url).host : 'this host';
}

/** For a 401: the likely fix, naming the key id (REST calls and the stream's handshake alike; kalshi-api-notes §2.3). */
export function keyHint(
  key: string,
  error: { readonly code: string; readonly details?: string },
  environment: string,
): string | undefined {
  // Off Kalshi's hosts (a mock, a proxy) the demo/production mix-up is not the likely cause (round 20 trial, nit 1).
  if (error.details === 'NOT_FOUND')
    return `key id ${key} is not registered on ${environment}${environment in servers ? ': check you use demo keys with the demo environment' : ''}`;
  if (error.details === 'INCORRECT_API_KEY_SIGNATURE') return `check the private key is key id ${key}'s`;
  if (error.code === 'header_timestamp_expired') return "check this machine's clock";
}

/** The subject and, for common causes, the fix (kalshi-api-notes §1, §2.3, §5.6, §5.11). */
export function describeFailure(
  state: RequestState | undefined,
  status: number,
  error: { readonly code: string; readonly details?: string },
  responseUrl: string,
): string | undefined {
  const url = state?.url ?? responseUrl;
  const subject = subjectOf(state);
  const key = state?.keyId;
  const hint = status === 401 && key ? keyHint(key, error, environmentOf(url)) : undefined;
  if (hint) return hint;
  if (status === 404 && subject?.startsWith('order ') && state?.operation?.method !== 'get')
    // The likeliest cause after a typo: the order rests in another subaccount than the one asked (round 26 D-2).
    return `${subject} is unknown in the subaccount asked (pass the order's subaccount) or no longer resting (already canceled or executed)`;
  // An order in a group: the group may be what is missing (kalshi-api-notes §5.14: group ops are scoped per
  // subaccount, another subaccount's group is not found).
  const { order_group_id: group, subaccount } = (state?.body ?? {}) as {
    order_group_id?: unknown;
    subaccount?: unknown;
  };
  if (status === 404 && typeof group === 'string')
    return `${subject} or order group ${group}${subaccount ? ` in subaccount ${subaccount}` : ''} is unknown (a group is found only in its own subaccount)`;
  if (status === 409 && error.code === 'order_already_exists') {
    const id = (state?.body as { client_order_id?: unknown } | undefined)?.client_order_id;
    if (typeof id === 'string') return `client_order_id ${id} was used before (ids are never freed)`;
  }
  // An earlier attempt's answer was lost: a create or cancel names its orders, the ids to reconcile by (round 14 B-D5).
  const sent = state?.uncertain ? sentOrders(state) : undefined;
  const about = sent ? `${subject ? `${subject}, ` : ''}${orderNames(sent)}: it may have acted` : subject;
  // Kalshi's bucket held less than the cost and sends no Retry-After (kalshi-api-notes §8.1): pacing is the fix.
  if (status === 429) return `${about ? `${about}; ` : ''}Kalshi's token bucket is empty: pace requests with rateLimit`;
  return about;
}

/**
 * A batch item's error (its `error` member) as the error its code carries alone, named as that refusal of a single
 * order would be (describeFailure: the market or order of `subject`, its fix), with the batch's operation and the
 * item's client_order_id.
 */
export function itemError(
  error: { code?: string } | null | undefined,
  operationId: string,
  subject: Pick<RequestState, 'path' | 'body'>,
): KalshiApiError {
  const code = error?.code ?? 'unknown_error';
  const status = statusOfCode(code);
  const id = (subject.body as { client_order_id?: unknown } | undefined)?.client_order_id;
  return errorFromResponse(
    status,
    { error: { ...error, code } },
    {
      operationId,
      about(parsed) {
        const about = describeFailure(subject as RequestState, status, parsed, '');
        return typeof id !== 'string' || about?.includes(id)
          ? about
          : `client_order_id ${id}${about ? `, ${about}` : ''}`;
      },
    },
  );
}
