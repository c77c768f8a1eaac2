import type { Query } from './request';

/** Opaque cursors: the offset of the next page. Garbage cursors restart at 0, as Kalshi does (notes §6.2). */
export function page<T>(items: readonly T[], query: Query, defaultLimit = 100): { items: T[]; cursor: string } {
  const limit = typeof query.limit === 'number' && query.limit > 0 ? query.limit : defaultLimit;
  const offset = decodeCursor(query.cursor);
  const slice = items.slice(offset, offset + limit);
  const next = offset + limit < items.length ? encodeCursor(offset + limit) : '';
  return { items: slice, cursor: next };
}

function encodeCursor(offset: number): string {
  return btoa(`offset:${offset}`).replace(/=+$/, '');
}

function decodeCursor(cursor: unknown): number {
  if (typeof cursor !== 'string' || cursor === '') return 0;
  try {
    const match = /^offset:(\d+)$/.exec(atob(cursor));
    return match ? Number(match[1]) : 0;
  } catch {
    return 0;
  }
}
