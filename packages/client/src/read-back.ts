// Resolving a write whose answer was lost: the exchange may have acted, so the order helpers read the exchange's
// state back instead of guessing (the manifest's `retry.lostResponse` names how, per operation).
import { joined } from './abort-listeners';
import type { CallOptions, KalshiFetchClient } from './call-options';
import {
  isErrorBody,
  KalshiAbortError,
  KalshiConnectionError,
  type KalshiError,
  KalshiInvalidResponseError,
  KalshiNotFoundError,
  KalshiServerError,
  KalshiUnconfirmedWriteError,
} from './errors';
import type { components } from './generated/openapi';
import { nextCursor, pageItems } from './paginate';
import { sleep } from './rate-limiter';
import { stateOf } from './request-state';
import { CLOSED, type Closing } from './transport';
import { unwrap } from './unwrap';

export type Order = components['schemas']['Order'];

interface FetchResult<T> {
  readonly data?: T;
  readonly error?: unknown;
  readonly response: Response;
}

/** One call's outcome: its result, or the error that lost its answer (connection, timeout, unreadable body). */
export type Outcome<T> =
  | { readonly result: FetchResult<T>; readonly lost?: undefined }
  | { readonly lost: KalshiError };

export async function send<T>(call: () => Promise<FetchResult<T>>): Promise<Outcome<T>> {
  try {
    return { result: await call() };
  } catch (error) {
    // The transport's "maybe applied" (a retry it could not send after a lost attempt) is a lost answer too.
    if (
      error instanceof KalshiConnectionError ||
      error instanceof KalshiInvalidResponseError ||
      error instanceof KalshiUnconfirmedWriteError
    )
      return { lost: error };
    throw error;
  }
}

/** The call succeeded (a 2xx that is not an error body). */
export function succeeded<T>(outcome: Outcome<T>): outcome is { readonly result: FetchResult<T> } {
  if (outcome.lost) return false;
  const { result } = outcome;
  return result.response.ok && result.error === undefined && !isErrorBody(result.data);
}

/**
 * What an order write's 2xx answer must carry, non-empty strings (the spec requires them; notes §5.9–5.11 recorded
 * them): `order_id`, the order it acted on, and the count it leaves (a create's: what it filled and leaves; its ids
 * are checked by notOurs).
 */
const ANSWER_FIELDS: Readonly<Record<string, string>> = {
  CreateOrderV2: 'fill_count remaining_count',
  CancelOrderV2: 'order_id reduced_by',
  AmendOrderV2: 'order_id',
  DecreaseOrderV2: 'order_id remaining_count',
};

/**
 * The outcome, or, for a 2xx that is no proof of the write (`wrong` says why; by default: without what the
 * operation's answer carries, ANSWER_FIELDS), a lost answer: it says nothing of what the write did, which may have
 * acted, so it is never reported applied.
 */
export function answered<T>(
  outcome: Outcome<T>,
  operationId: string,
  wrong = (data: Record<string, unknown> | undefined) => withoutFields(data, operationId),
): Outcome<T> {
  if (!succeeded(outcome)) return outcome;
  const { data, response } = outcome.result as FetchResult<Record<string, unknown>>;
  const why = wrong(data);
  return why ? { lost: invalidAnswer(operationId, why, response) } : outcome;
}

/** Which of ANSWER_FIELDS an answer of `operationId` lacks: `answer without …`, or ''. */
export function withoutFields(data: Record<string, unknown> | undefined, operationId: string): string {
  const missing = ANSWER_FIELDS[operationId]?.split(' ').find((key) => !data?.[key] || typeof data[key] !== 'string');
  return missing ? `answer without ${missing}` : '';
}

/** A 2xx answer of `operationId` that is no answer, and why. */
const invalidAnswer = (operationId: string, why: string, { status }: Response) =>
  new KalshiInvalidResponseError(`${operationId}: a ${status} ${why}`, status, operationId);

/**
 * A read back that fails, or reads what the client cannot take, leaves a lost write as unconfirmed as before: `failed`
 * says so (throws KalshiUnconfirmedWriteError, or notes the cause for the items it concerns) with the read's error as
 * cause. An abort stays an abort, named as the write's (`operationId`, the one the caller called), the read-back its
 * step: "AmendOrderV2 (reading back): GetOrder: aborted".
 */
export function readingBack<T>(read: Promise<T>, operationId: string, failed: (cause: unknown) => T): Promise<T> {
  return read.catch((error: unknown) => {
    if (error instanceof KalshiAbortError) {
      error.message = `${operationId} (reading back): ${error.message}`;
      error.operationId = operationId;
      throw error;
    }
    return failed(error);
  });
}

/**
 * Some attempt may have acted without its answer reaching us: not a lost call whose error says none was sent (no
 * attempt handed to fetch, or none connected: `mayHaveActed` false). A 2xx whose error body names a server failure
 * (KalshiServerError by its code) says what a 5xx says: the server failed, maybe after acting.
 */
export function mayHaveActed(outcome: Outcome<unknown>): boolean {
  return outcome.lost
    ? (outcome.lost as { mayHaveActed?: boolean }).mayHaveActed !== false
    : stateOf(outcome.result.response)?.uncertain === true ||
        (isErrorBody(outcome.result.data) && failureOf(outcome) instanceof KalshiServerError);
}

/** The error a failed outcome stands for (only ever asked of a failed one: unwrap throws it). */
export function failureOf(outcome: Outcome<unknown>): KalshiError {
  try {
    return outcome.lost ?? (unwrap(outcome.result) as never);
  } catch (error) {
    return error as KalshiError;
  }
}

/** The call ended in `status` with Kalshi's `code`. */
export function refusedAs(outcome: Outcome<unknown>, status: number, code: string): boolean {
  return (
    !outcome.lost &&
    outcome.result.response.status === status &&
    (failureOf(outcome) as { code?: string }).code === code
  );
}

export async function readOrder(client: KalshiFetchClient, orderId: string, call?: CallOptions): Promise<Order> {
  const result = await client.GET('/portfolio/orders/{order_id}', { params: { path: { order_id: orderId } }, ...call });
  const { order } = unwrap(result);
  // Spec GetOrderResponse.required: [order], the Order of that id. One of another id (or none: null, not an object)
  // says nothing of this order: the notes record write answers describing another order (§5.9), silent on reads.
  if (order?.order_id !== orderId)
    throw invalidAnswer('GetOrder', `answer for order ${orderId}: order_id ${order?.order_id}`, result.response);
  return order;
}

/** The order, or undefined while the exchange does not know it (a read may lag its creation). */
export function readOrderIfFound(
  client: KalshiFetchClient,
  orderId: string,
  call?: CallOptions,
): Promise<Order | undefined> {
  // A promise chain rather than an async try/catch: the same, in fewer bytes (it paid for readOrder's id check).
  return readOrder(client, orderId, call).catch((error: unknown) => {
    if (error instanceof KalshiNotFoundError) return undefined;
    throw error;
  });
}

/**
 * How long a write's outcome is re-read for: Kalshi's order reads lag its writes by a few hundred ms (a GET showed
 * `resting` 360 ms after a 200 cancel, kalshi-api-notes §5.11), so a read that does not show the write yet proves
 * nothing until then.
 */
export const SETTLE_MS = 2_500;

/**
 * Reads until `settled(value)`, waiting 100 ms, then twice as long each time, until SETTLE_MS have passed since the
 * first read, reads included (so it ends within about SETTLE_MS and one read); the last value read. The time is
 * performance.now's (fake timers move it when they fake `performance`), never counted as less than the waits. The
 * caller's signal, or the `client`'s close(), ends the wait with KalshiAbortError (run within `readingBack`, which
 * names the write), as either ends a read.
 */
export async function readUntil<T>(
  read: () => Promise<T>,
  settled: (value: T) => boolean,
  signal: AbortSignal | null | undefined,
  client: KalshiFetchClient,
): Promise<T> {
  const closed = (client as { [CLOSED]?: Closing })[CLOSED]?.closed;
  const [either, unfollow] = joined(signal, closed);
  const start = performance.now();
  try {
    for (let waited = 0, delay = 100; ; delay *= 2) {
      const value = await read();
      const elapsed = Math.max(waited, performance.now() - start);
      if (elapsed >= SETTLE_MS || settled(value)) return value;
      const wait = Math.min(delay, SETTLE_MS - elapsed);
      await sleep(wait, either).catch((reason) => {
        const why = reason === closed?.reason ? 'the client was closed' : 'aborted';
        throw new KalshiAbortError(`${why} between reads`, { cause: reason });
      });
      waited += wait;
    }
  } finally {
    unfollow();
  }
}

/** Why a write stays unconfirmed when reading it back failed: nothing was read, which says nothing of the exchange. */
export const readBackFailed = (cause: unknown, lead = 'answer lost') =>
  `${lead}; reading it back failed (${String(cause)})`;

/**
 * Pages of 200 one look-up by client_order_id reads at most: past them it stops, and an order not found stays
 * unconfirmed (else a server answering fresh cursors forever would hold the create forever).
 */
const MAX_PAGES = 10;

/**
 * Our orders by client_order_id, looked up per market (newest first: a just-placed order is on the first page in
 * practice). Stops paging a market once every id asked for there is found, or after MAX_PAGES. Not narrowed by
 * `min_ts`: the exchange stamps orders with its own clock, which a mock may set anywhere (and a signer may keep its
 * own), so a bound taken from ours could leave the order out.
 */
export async function findByClientOrderIds(
  client: KalshiFetchClient,
  wanted: readonly { readonly ticker: string; readonly clientOrderId: string }[],
  call?: CallOptions,
): Promise<Map<string, Order>> {
  const found = new Map<string, Order>();
  const byTicker = new Map<string, Set<string>>();
  for (const { ticker, clientOrderId } of wanted) {
    const ids = byTicker.get(ticker) ?? new Set<string>();
    byTicker.set(ticker, ids.add(clientOrderId));
  }
  for (const [ticker, ids] of byTicker) {
    let cursor: string | undefined;
    let missing = ids.size;
    let pages = 0;
    const seen = new Set<string>();
    do {
      const page = unwrap(
        await client.GET('/portfolio/orders', {
          params: { query: { ticker, limit: 200, ...(cursor ? { cursor } : {}) } },
          ...call,
        }),
      );
      // Paged as paginate pages (a list, a cursor not already followed), but Go may leave an empty list out: none.
      // An item that is no order (null) is none of ours.
      for (const order of pageItems(page, 'orders', 'GetOrders', true) as (Order | null)[]) {
        if (order && ids.has(order.client_order_id) && !found.has(order.client_order_id)) {
          found.set(order.client_order_id, order);
          missing--;
        }
      }
      cursor = nextCursor(page.cursor, seen, 'GetOrders');
    } while (cursor && missing > 0 && ++pages < MAX_PAGES);
  }
  return found;
}
