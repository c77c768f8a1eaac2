// Issue 11 item 6: a server that repeats a cursor must not make paginate loop forever.
import { describe, expect, it } from 'vitest';
import { KalshiPaginationError, KalshiValidationError } from '../../src';
import { json, observedClient } from '../helpers';

const market = (i: number) => ({ ticker: `M${i}` });

describe('paginate against a server that misbehaves', () => {
  it('throws KalshiPaginationError when a cursor comes back a second time', async () => {
    // Cursors a → b → a → …: the third page repeats the first page's cursor.
    const { client, requests } = await observedClient((_r, n) =>
      json({ markets: [market(n)], cursor: n % 2 === 1 ? 'a' : 'b' }),
    );
    const seen: string[] = [];
    const error = await (async () => {
      for await (const m of client.paginate('/markets')) seen.push((m as { ticker: string }).ticker);
    })().catch((e) => e);
    expect(error).toBeInstanceOf(KalshiPaginationError);
    expect(error).toMatchObject({ operationId: 'GetMarkets', cursor: 'a', page: 3 });
    expect(seen).toEqual(['M1', 'M2', 'M3']);
    expect(requests).toHaveLength(3);
  });

  it('throws on a server that returns the same cursor it was given', async () => {
    const { client, requests } = await observedClient(() => json({ markets: [market(0)], cursor: 'same' }));
    await expect(
      (async () => {
        for await (const _page of client.paginate('/markets').pages());
      })(),
    ).rejects.toThrow(KalshiPaginationError);
    expect(requests).toHaveLength(2);
  });

  // Round 26 C-D5. README: "`paginate` stops on a repeated cursor". A cursor of the caller's to start from was
  // followed (its page fetched): handed back by the server, its page would be yielded a second time.
  it('counts a starting cursor of the caller as followed: its page handed back again is not yielded twice', async () => {
    const { client, requests } = await observedClient(() => json({ markets: [market(0)], cursor: 'X' }));
    const seen: unknown[] = [];
    const query = { cursor: 'X' } as { limit?: number };
    const error = await (async () => {
      for await (const m of client.paginate('/markets', { params: { query } })) seen.push(m);
    })().catch((e) => e);
    expect(error).toBeInstanceOf(KalshiPaginationError);
    expect(error).toMatchObject({ operationId: 'GetMarkets', cursor: 'X', page: 1 });
    expect(seen).toEqual([market(0)]);
    expect(requests).toHaveLength(1);
    expect(new URL(requests[0]!.url).searchParams.get('cursor')).toBe('X');
  });

  it('stops at maxPages and at maxItems', async () => {
    const endless = () => observedClient((_r, n) => json({ markets: [market(n), market(n + 100)], cursor: `c${n}` }));
    const byPages = await endless();
    let pages = 0;
    for await (const _page of byPages.client.paginate('/markets', { maxPages: 4 }).pages()) pages++;
    expect(pages).toBe(4);
    expect(byPages.requests).toHaveLength(4);

    const byItems = await endless();
    const items: unknown[] = [];
    for await (const m of byItems.client.paginate('/markets', { maxItems: 5 })) items.push(m);
    expect(items).toHaveLength(5);
    expect(byItems.requests).toHaveLength(3); // 2 items a page: the third page holds the fifth

    // maxItems reached on a page's last item: "fetching pages as you iterate", no page is fetched past it.
    const atPageEnd = await endless();
    const four: unknown[] = [];
    for await (const m of atPageEnd.client.paginate('/markets', { maxItems: 4 })) four.push(m);
    expect(four).toHaveLength(4);
    expect(atPageEnd.requests).toHaveLength(2);
  });

  // Attack round 33 (C): `pages()` took maxItems ("Stop after this many items") and ignored it, fetching every page
  // (an endless server's until a repeated cursor), each request spending the account's read tokens (notes §8.1). Whole
  // pages stop with the one that holds the maxItems-th item.
  it('pages() stops at maxItems too, with the page that holds the last item', async () => {
    // 20 pages, then the end (so that the test ends without the fix too).
    const { client, requests } = await observedClient((_r, n) =>
      json({ markets: [market(n), market(n + 100)], cursor: n < 20 ? `c${n}` : '' }),
    );
    let pages = 0;
    for await (const _page of client.paginate('/markets', { maxItems: 3 }).pages()) pages++;
    expect(pages).toBe(2);
    expect(requests).toHaveLength(2);
  });

  // Round 27 C2: items are what maxItems counts, so a server answering empty pages, each with a new cursor, kept the
  // item iterator fetching forever, the caller's loop body never reached to break out of it. The notes say the end is
  // an empty or missing cursor (§6.2) and are silent on an empty page before it: a run of them is followed, up to 100.
  it('throws KalshiPaginationError after 100 empty pages in a row, each with a new cursor', async () => {
    let n = 0;
    // The test's own guard, a 400 after 1,000 pages: the stub answers at once, and an endless loop of those starves
    // vitest's timeout (a hang, not a failure).
    const { client, requests } = await observedClient(() =>
      n < 1_000 ? json({ markets: [], cursor: String(n++) }) : json({ error: 'runaway' }, 400),
    );
    const seen: unknown[] = [];
    const error = await (async () => {
      for await (const m of client.paginate('/markets', { maxItems: 5 })) seen.push(m);
    })().catch((e) => e);
    expect(error).toBeInstanceOf(KalshiPaginationError);
    expect(error).toMatchObject({ operationId: 'GetMarkets', cursor: '99', page: 100 });
    expect(error.message).toMatch(/^GetMarkets: page 100 is the 100th empty page in a row/);
    expect(seen).toEqual([]);
    expect(requests).toHaveLength(100);
  });

  it('follows a run of empty pages shorter than that, and any run within a maxPages given', async () => {
    // 99 empty pages, then one item and the end.
    const sparse = () =>
      observedClient((_r, n) => json({ markets: n < 100 ? [] : [market(n)], cursor: n < 100 ? `c${n}` : '' }));
    const items: unknown[] = [];
    for await (const m of (await sparse()).client.paginate('/markets')) items.push(m);
    expect(items).toEqual([market(100)]);

    // maxPages is the caller's own bound on pages: it replaces the run limit.
    let n = 0;
    const endless = await observedClient(() =>
      n < 1_000 ? json({ markets: [], cursor: String(n++) }) : json({ error: 'runaway' }, 400),
    );
    for await (const _m of endless.client.paginate('/markets', { maxPages: 150 }));
    expect(endless.requests).toHaveLength(150);
  });

  it('rejects a maxPages that is not a whole number ≥ 1, naming it', async () => {
    const { client } = await observedClient(() => json({ markets: [] }));
    expect(() => client.paginate('/markets', { maxPages: 0 })).toThrow(KalshiValidationError);
    expect(() => client.paginate('/markets', { maxItems: 1.5 })).toThrow(/maxItems/);
  });
});
