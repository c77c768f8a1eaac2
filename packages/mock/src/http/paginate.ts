import type { Query } from './request';

/**
 * A row's place in its list, compared element by element (numbers before strings). No two rows of a list share one,
 * and a row keeps its key while it lives (a time, an arrival number, a ticker), so a cursor can name a position.
 */
export type SortKey = readonly (number | string)[];

/** How a list is ordered, for its cursors. */
export interface ListOrder<T> {
  /** The list's name, written into its cursors: another list's cursor restarts at page 1. */
  readonly list: string;
  readonly key: (row: T) => SortKey;
  /** `desc` for newest first. */
  readonly direction: 'asc' | 'desc';
  readonly defaultLimit?: number;
}

/**
 * A page of a list in its key order. The cursor is the key of the page's last row (opaque, base64url), and the next
 * page is the rows after that key: a row inserted or removed while a client pages cannot repeat or skip another, and
 * a cursor whose row has gone still continues at its place. Garbage cursors restart at page 1, as Kalshi does
 * (notes §6.2), but where the spec says they are refused (query-rules.ts); the last page's cursor is "".
 */
export function page<T>(rows: readonly T[], query: Query, order: ListOrder<T>): { items: T[]; cursor: string } {
  const limit = typeof query.limit === 'number' && query.limit > 0 ? query.limit : (order.defaultLimit ?? 100);
  const sign = order.direction === 'asc' ? 1 : -1;
  const sorted = rows.map((row) => ({ row, key: order.key(row) })).sort((a, b) => sign * compareKeys(a.key, b.key));
  const after = decodeCursor(query.cursor, order.list);
  const rest = after ? sorted.filter(({ key }) => sign * compareKeys(key, after) > 0) : sorted;
  const slice = rest.slice(0, limit);
  const last = slice.at(-1);
  const cursor = rest.length > limit && last ? encodeCursor(order.list, last.key) : '';
  return { items: slice.map(({ row }) => row), cursor };
}

/**
 * Which groups' summary rows a page carries, for a summary list that rides along a paged one (`event_positions`
 * beside `market_positions`): each group once, on the page holding its first item in the list's order (`all`, as
 * paged). The notes and spec are silent on how Kalshi spreads such rows over pages; this way summing the pages is
 * right, and so is keying the rows by group.
 */
export function groupsOnPage<T>(all: readonly T[], items: readonly T[], groupOf: (item: T) => string | undefined) {
  const onPage = new Set(items);
  const seen = new Set<string>();
  const shown = new Set<string>();
  for (const item of all) {
    const group = groupOf(item);
    if (group === undefined || seen.has(group)) continue;
    seen.add(group);
    if (onPage.has(item)) shown.add(group);
  }
  return shown;
}

/**
 * Each element's arrival number in an append-only collection (an array's rows, a Map's keys): insertion order as a
 * sort key, which a later insert or a filter does not move (unlike an index into a filtered list).
 */
export function arrival<K>(collection: Iterable<K>): (element: K) => number {
  const numbers = new Map<K, number>();
  for (const element of collection) numbers.set(element, numbers.size);
  return (element) => numbers.get(element) ?? -1;
}

/** Arrival numbers of records, handed out in the order they are first seen, kept while the record lives. */
const arrivals = new WeakMap<object, number>();
let nextArrival = 0;

/**
 * `arrival` for a collection of records the exchange may prune (orders, fills, trades: retention.ts): a record keeps
 * its number when older ones are dropped, so a cursor naming it still points at the same place. Records are appended
 * in order, so numbering them as first seen follows their arrival.
 */
export function stableArrival<K extends object>(collection: Iterable<K>): (element: K) => number {
  for (const element of collection) if (!arrivals.has(element)) arrivals.set(element, nextArrival++);
  return (element) => arrivals.get(element) ?? -1;
}

function compareKeys(a: SortKey, b: SortKey): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i] as number | string;
    const y = b[i] as number | string;
    if (typeof x !== typeof y) return typeof x === 'number' ? -1 : 1;
    if (x !== y) return x < y ? -1 : 1;
  }
  return a.length - b.length;
}

function encodeCursor(list: string, key: SortKey): string {
  const bytes = new TextEncoder().encode(JSON.stringify([list, ...key]));
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

/** Whether `cursor` is one this list wrote (for the lists whose spec text refuses a malformed cursor). */
export function isCursorOf(cursor: string, list: string): boolean {
  return decodeCursor(cursor, list) !== undefined;
}

/** The key a cursor of this list names; undefined (page 1) for "", garbage, or another list's cursor. */
function decodeCursor(cursor: unknown, list: string): SortKey | undefined {
  if (typeof cursor !== 'string' || cursor === '' || !/^[A-Za-z0-9_-]+$/.test(cursor)) return undefined;
  try {
    const binary = atob(cursor.replace(/-/g, '+').replace(/_/g, '/'));
    const decoded: unknown = JSON.parse(new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0))));
    if (!Array.isArray(decoded) || decoded.length < 2 || decoded[0] !== list) return undefined;
    const key = decoded.slice(1);
    return key.every((part) => typeof part === 'string' || Number.isFinite(part)) ? key : undefined;
  } catch {
    return undefined;
  }
}
