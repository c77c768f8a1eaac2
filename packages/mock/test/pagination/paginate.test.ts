import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ListOrder, page } from '../../src/http/paginate';

// The page helper alone: keyset cursors over rows keyed by a unique number, in either direction.
interface Row {
  readonly id: number;
}
const order = (direction: 'asc' | 'desc'): ListOrder<Row> => ({ list: 'rows', key: (r) => [r.id], direction });
const rows = (...ids: number[]) => ids.map((id) => ({ id }));
const ids = (result: { items: Row[] }) => result.items.map((r) => r.id);
const base64url = (text: string) => Buffer.from(text).toString('base64url');

type Op = { readonly kind: 'insert'; readonly id: number } | { readonly kind: 'remove'; readonly pick: number };

describe('page', () => {
  it('never repeats or skips a row present through the whole walk, whatever is inserted or removed between pages', () => {
    const op: fc.Arbitrary<Op> = fc.oneof(
      fc.record({ kind: fc.constant('insert' as const), id: fc.integer({ min: -1000, max: 1000 }) }),
      fc.record({ kind: fc.constant('remove' as const), pick: fc.nat() }),
    );
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: -1000, max: 1000 }), { maxLength: 30 }),
        fc.integer({ min: 1, max: 5 }),
        fc.constantFrom('asc' as const, 'desc' as const),
        fc.array(fc.array(op, { maxLength: 4 }), { maxLength: 20 }),
        (initial, limit, direction, between) => {
          let live = [...initial];
          const removed = new Set<number>();
          const seen: number[] = [];
          let cursor = '';
          let pageNo = 0;
          do {
            // The rows arrive in any order: the helper sorts them by key.
            const result = page(rows(...live), { limit, cursor }, order(direction));
            seen.push(...ids(result));
            cursor = result.cursor;
            for (const o of between[pageNo] ?? []) {
              if (o.kind === 'insert' && !live.includes(o.id) && !seen.includes(o.id)) live.unshift(o.id);
              if (o.kind === 'remove' && live.length > 0) {
                const gone = live[o.pick % live.length] as number;
                removed.add(gone);
                live = live.filter((id) => id !== gone);
              }
            }
            pageNo++;
            // A cursor that never moves on would page forever: fail instead of hanging the suite.
            expect(pageNo, 'paging never ended').toBeLessThan(1000);
          } while (cursor !== '');
          expect(new Set(seen).size).toBe(seen.length);
          for (const id of initial) if (!removed.has(id)) expect(seen).toContain(id);
        },
      ),
      { numRuns: 500, seed: 20_261_202 },
    );
  });

  it('continues after a cursor whose row has gone', () => {
    const first = page(rows(5, 4, 3, 2, 1), { limit: 2 }, order('desc'));
    expect(ids(first)).toEqual([5, 4]);
    expect(ids(page(rows(5, 3, 2, 1), { limit: 2, cursor: first.cursor }, order('desc')))).toEqual([3, 2]);
  });

  it('gives the same opaque base64url cursor for the same rows and request, and "" on the last page', () => {
    const a = page(rows(1, 2, 3), { limit: 2 }, order('asc'));
    const b = page(rows(3, 1, 2), { limit: 2 }, order('asc'));
    expect(a.cursor).toBe(b.cursor);
    expect(a.cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    const last = page(rows(1, 2, 3), { limit: 2, cursor: a.cursor }, order('asc'));
    expect(ids(last)).toEqual([3]);
    expect(last.cursor).toBe('');
    expect(page(rows(1, 2), { limit: 2 }, order('asc')).cursor).toBe('');
  });

  it('keeps the limit rules: a missing or zero limit takes the list default', () => {
    const many = rows(...Array.from({ length: 150 }, (_, i) => i));
    expect(page(many, {}, order('asc')).items).toHaveLength(100);
    expect(page(many, { limit: 0 }, order('asc')).items).toHaveLength(100);
    expect(page(many, {}, { ...order('asc'), defaultLimit: 120 }).items).toHaveLength(120);
  });

  it.each([
    ['garbage', '%%%'],
    ['not base64', 'a'],
    ['an old offset cursor', base64url('offset:2')],
    ['JSON that is not a key', base64url('{"list":"rows"}')],
    ['a key of objects', base64url('["rows",{"a":1}]')],
    ['an empty key', base64url('["rows"]')],
    ["another list's cursor", base64url('["fills",2]')],
  ])('restarts at page 1 on %s', (_, cursor) => {
    const result = page(rows(1, 2, 3), { limit: 2, cursor }, order('asc'));
    expect(ids(result)).toEqual([1, 2]);
  });

  it('orders numbers before strings when a key part differs in type (a key from another list shape)', () => {
    const mixed: ListOrder<{ readonly k: number | string }> = { list: 'm', key: (r) => [r.k], direction: 'asc' };
    const result = page([{ k: 'b' }, { k: 2 }, { k: 'a' }], { limit: 3 }, mixed);
    expect(result.items.map((r) => r.k)).toEqual([2, 'a', 'b']);
    expect(page([{ k: 2 }, { k: 'a' }], { cursor: base64url('["m","zz",1]') }, mixed).items).toEqual([]);
  });
});
