import { CALL_TERMS, type CallOptions, checkedArity, checkedTerms, type KalshiFetchClient } from './call-options';
import { KalshiInvalidResponseError, KalshiPaginationError, KalshiValidationError } from './errors';
import { findOperation, type PageItemsFields } from './generated/manifest';
import type { paths } from './generated/openapi';
import { unwrap } from './unwrap';

type GetOf<P extends keyof paths> = paths[P] extends { get: infer G } ? G : never;
type QueryOf<P extends keyof paths> = GetOf<P> extends { parameters: { query?: infer Q } } ? NonNullable<Q> : never;
type ResponseOf<P extends keyof paths> =
  GetOf<P> extends { responses: { 200: { content: { 'application/json': infer R } } } } ? R : never;

/** GET paths that take a `cursor` query parameter. */
export type PaginatedPath = {
  [P in keyof paths]: [QueryOf<P>] extends [never]
    ? never
    : QueryOf<P> extends {
          /** The page cursor: the operation pages with one. */
          cursor?: unknown;
        }
      ? P
      : never;
}[keyof paths];

/**
 * What `paginate(path)` yields: the element type of the one array the operation pages (the manifest's `itemsField`,
 * e.g. `market_positions`). A page's other arrays (`event_positions` on positions, `milestones` on events) are not
 * items: read them from `pages()`.
 */
export type PageItem<P extends PaginatedPath> = P extends keyof PageItemsFields
  ? PageItemsFields[P] extends keyof ResponseOf<P>
    ? NonNullable<ResponseOf<P>[PageItemsFields[P]]> extends (infer T)[]
      ? T
      : never
    : never
  : never;

/** Options of `paginate`: the query (without `cursor`), each page's call options (signal, retry, timeoutMs), limits. */
export interface PaginateInit<P extends PaginatedPath> extends CallOptions {
  /** The operation's parameters, as a raw call's `params`. */
  readonly params?:
    | {
        /**
         * The query parameters. `cursor`: where to start, such as the one a failed page's error names (then paginate
         * sends each next page's).
         */
        readonly query?: QueryOf<P> | undefined;
        /** The path parameters, for a path with some. */
        readonly path?: unknown;
      }
    | undefined;
  /** Stop after this many pages (default: no limit). */
  readonly maxPages?: number | undefined;
  /** Stop after this many items (default: no limit); `pages()` with the page that holds the last. */
  readonly maxItems?: number | undefined;
}

/**
 * Empty pages in a row, each with a cursor, that the item iterator follows without a `maxPages`. The notes say the
 * end is an empty or missing cursor (§6.2) and are silent on empty pages before it: a few are followed, not forever.
 */
const EMPTY_PAGES = 100;

const PAGINATE_TERMS = { ...CALL_TERMS, params: 1, maxPages: 1, maxItems: 1 } as const satisfies Record<
  keyof PaginateInit<PaginatedPath>,
  1
>;

/** The items of a paginated operation as an async iterable, and its pages. */
export interface Paginator<P extends PaginatedPath> extends AsyncIterable<PageItem<P>> {
  /** Whole pages, as the API returns them: the paged array with the page's other fields (and arrays). */
  pages(): AsyncIterable<ResponseOf<P>>;
}

/**
 * Every item of a cursor-paginated operation, fetching pages as you iterate; stops on an empty cursor, or at
 * `maxPages`/`maxItems`, and throws KalshiPaginationError when the server repeats a cursor (or, iterating items
 * without a `maxPages`, sends 100 empty pages in a row, each with a new cursor). The manifest says which
 * response fields hold the items and the cursor. Where a page has a second array (`event_positions` beside
 * `market_positions`, `milestones` beside `events`), only the paged one is iterated: iterate `pages()` for both.
 */
export function paginate<P extends PaginatedPath>(
  client: KalshiFetchClient,
  path: P,
  init: PaginateInit<P> = {},
): Paginator<P> {
  checkedArity('paginate(client, path, init)', arguments, 3);
  if (typeof client?.GET !== 'function')
    throw new KalshiValidationError('client', 'expected the client createKalshiClient returned');
  const op = findOperation('get', path);
  if (!op?.pagination) throw new KalshiValidationError('path', `${String(path)} is not a cursor-paginated operation`);
  const { cursorField, itemsField, itemsOptional } = op.pagination;
  const { operationId } = op;
  // `{ query }` for `{ params: { query } }` would page through everything, unfiltered.
  checkedTerms('paginate', init, PAGINATE_TERMS, { query: 'params' }, 'init');
  const maxPages = limit(init.maxPages, 'maxPages');
  const maxItems = limit(init.maxItems, 'maxItems');
  async function* pages(): AsyncGenerator<ResponseOf<P>> {
    let cursor: string | undefined;
    // A cursor of the caller's to start from counts as followed: handed back, its page would be yielded twice (C-D5).
    const seen = new Set([(init.params?.query as { cursor?: unknown } | undefined)?.cursor]);
    let items = 0; // counted only with a maxItems: whole pages stop with the one holding the last item
    for (let count = 1; count <= maxPages; count++) {
      const query = { ...(init.params?.query ?? {}), ...(cursor ? { cursor } : {}) };
      const { signal, retry, timeoutMs } = init;
      let page: ResponseOf<P>;
      try {
        // biome-ignore lint/suspicious/noExplicitAny: the path is generic over every paginated operation
        const result = await (client.GET as any)(path, { params: { ...init.params, query }, signal, retry, timeoutMs });
        page = unwrap<ResponseOf<P>>(result);
      } catch (error) {
        // A page that failed (answered, lost or aborted; not a bad input refused before sending) names the page and
        // its cursor (notes §6.2: passed back to continue), so that the caller resumes there. Every error the client
        // throws is a KalshiError (an Error).
        const sent = (query as { cursor?: unknown }).cursor;
        if (!(error instanceof KalshiValidationError))
          (error as Error).message += ` (page ${count}${sent ? `, cursor ${sent}` : ''})`;
        throw error;
      }
      yield page;
      if (maxItems < Infinity) {
        items += pageItems(page, itemsField, operationId, itemsOptional).length;
        if (items >= maxItems) return;
      }
      cursor = nextCursor((page as Record<string, unknown>)[cursorField], seen, operationId, count, cursorField);
      if (!cursor) return;
    }
  }
  return {
    pages,
    async *[Symbol.asyncIterator]() {
      let left = maxItems;
      let count = 0;
      let empty = 0; // empty pages in a row
      for await (const page of pages()) {
        const items = pageItems(page, itemsField, operationId, itemsOptional) as PageItem<P>[];
        count++;
        empty = items.length ? 0 : empty + 1;
        for (const item of items) {
          if (left-- <= 0) return;
          yield item;
        }
        if (left <= 0) return;
        // Empty pages give the caller's loop no turn to stop it (maxItems counts items): without a maxPages, a run
        // of them each handing on a new cursor ends here rather than fetching forever.
        const next = (page as Record<string, unknown>)[cursorField];
        if (empty >= EMPTY_PAGES && maxPages === Infinity && typeof next === 'string' && next)
          throw new KalshiPaginationError(
            operationId,
            next,
            count,
            `is the ${EMPTY_PAGES}th empty page in a row, each with a new cursor (maxPages allows more)`,
          );
      }
    },
  };
}

/**
 * The cursor page `page` hands on: undefined at the end (empty or missing; `null` too, on which the notes are silent:
 * Go writes no null string); KalshiPaginationError when the server
 * hands back one it already gave (`seen` holds those followed), which would have us loop forever. A cursor that is not
 * a string (the spec's is an opaque string; notes §6.2: the end is an empty or missing one) is no end of the data: a
 * KalshiInvalidResponseError naming it, as a malformed items field is (C-D4).
 */
export function nextCursor(
  next: unknown,
  seen: Set<unknown>,
  operationId: string,
  page = seen.size + 1,
  field = 'cursor',
): string | undefined {
  if (next == null || next === '') return undefined;
  if (typeof next !== 'string')
    throw new KalshiInvalidResponseError(`${operationId}: ${field} is not a string`, 200, operationId);
  if (seen.has(next)) throw new KalshiPaginationError(operationId, next, page);
  return seen.add(next) && next;
}

/**
 * A page's items: Go writes an empty list as null, and where the spec does not require the field (`optional`) leaves
 * it out; anything else that is not a list is refused, named.
 */
export function pageItems(page: unknown, field: string, operationId: string, optional = false): unknown[] {
  const items = (page as Record<string, unknown>)[field];
  if (items === null || (items === undefined && optional)) return [];
  if (!Array.isArray(items))
    throw new KalshiInvalidResponseError(
      `${operationId}: ${field} is ${items === undefined ? 'missing' : 'not a list'}`,
      200,
      operationId,
    );
  return items;
}

function limit(value: number | undefined, field: string): number {
  if (value === undefined) return Infinity;
  if (!Number.isInteger(value) || value < 1)
    throw new KalshiValidationError(field, `must be a whole number ≥ 1, got ${value}`);
  return value;
}
