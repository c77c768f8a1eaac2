// Outside test round 9 (tester F, F-D4): paginate yielded nothing when a page's items field was not a list or was
// renamed, so a scan read as "no positions / no orders". Spec 3.31.0 GetMarketsResponse: `required: [markets, cursor]`,
// markets an array. Go writes an empty list as `null` (read-back.ts already reads it so): that is an empty page.
import { describe, expect, it } from 'vitest';
import { KalshiInvalidResponseError } from '../../src';
import { json, observedClient } from '../helpers';

async function itemsOf(page: unknown, path: '/markets' | '/structured_targets' = '/markets') {
  const { client } = await observedClient(() => json(page));
  const items: unknown[] = [];
  for await (const m of client.paginate(path)) items.push(m);
  return items;
}

describe('paginate refuses a page whose items field is not a list', () => {
  it.each([
    ['an object', { markets: { A: { ticker: 'A' } }, cursor: '' }, /GetMarkets: markets is not a list/],
    ['renamed (missing)', { market_list: [{ ticker: 'A' }], cursor: '' }, /GetMarkets: markets is missing/],
    ['a string', { markets: 'A', cursor: '' }, /GetMarkets: markets is not a list/],
  ])('%s: KalshiInvalidResponseError naming the operation and the field', async (_name, page, message) => {
    const error = await itemsOf(page).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KalshiInvalidResponseError);
    expect(error).toMatchObject({ operationId: 'GetMarkets', message: expect.stringMatching(message) });
  });

  it('null is an empty page', async () => {
    expect(await itemsOf({ markets: null, cursor: '' })).toEqual([]);
  });

  // Verifier V (V-D2): spec 3.31.0 GetStructuredTargetsResponse requires neither field (`structured_targets` is the
  // only items field of a paginated answer the spec leaves optional): `{}` is a valid empty last page.
  it.each([[{}], [{ cursor: '' }]])(
    'a page without an items field the spec leaves optional is empty: %j',
    async (page) => {
      expect(await itemsOf(page, '/structured_targets')).toEqual([]);
    },
  );
});

// Round 26 C-D4. Spec 3.31.0: `cursor` is a string; notes §6.2: "Opaque `cursor` string … End of data = empty (or
// missing) cursor". A cursor of another type is no end of the data (the pages after it would be left out quietly):
// refused as a malformed items field is. `null` is taken as missing (the notes are silent; Go writes no null string).
describe('paginate refuses a cursor that is not a string', () => {
  it.each([
    ['a number', 12345],
    ['an object', { next: 'b' }],
    ['true', true],
  ])('%s: KalshiInvalidResponseError naming the operation and the field', async (_name, cursor) => {
    const error = await itemsOf({ markets: [{ ticker: 'A' }], cursor }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KalshiInvalidResponseError);
    expect(error).toMatchObject({ operationId: 'GetMarkets', message: 'GetMarkets: cursor is not a string' });
  });

  it.each([[''], [null], [undefined]])('a cursor %j ends the data', async (cursor) => {
    expect(await itemsOf({ markets: [{ ticker: 'A' }], cursor })).toEqual([{ ticker: 'A' }]);
  });
});
