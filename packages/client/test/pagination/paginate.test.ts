import { expect, it } from 'vitest';
import { KalshiAbortError, KalshiValidationError } from '../../src';
import { json, observedClient } from '../helpers';
import { useKalshiMock } from '../mock-server';

const { kalshi, client } = useKalshiMock({ seed: 5 });

it('iterates every market across pages (≥1,000) and stops on the empty cursor', async () => {
  for (let i = 0; i < 1000; i++) kalshi.exchange.addMarket({ ticker: `KXPAGE-26DEC01-T${i}` });
  const total = kalshi.exchange.markets.size;
  const k = await client();
  const tickers = new Set<string>();
  for await (const market of k.paginate('/markets', { params: { query: { limit: 250 } } })) {
    if ('ticker' in market) tickers.add(market.ticker);
  }
  expect(tickers.size).toBe(total);
  let pages = 0;
  for await (const page of k.paginate('/markets', { params: { query: { limit: 250 } } }).pages()) {
    pages++;
    expect(page.markets.length).toBeLessThanOrEqual(250);
  }
  expect(pages).toBe(Math.ceil(total / 250));
});

it('keeps the other query parameters on every page', async () => {
  const k = await client();
  const statuses = new Set<string>();
  for await (const market of k.paginate('/markets', { params: { query: { status: 'open', limit: 7 } } })) {
    if ('status' in market) statuses.add(market.status);
  }
  expect(statuses).toEqual(new Set(['active']));
});

it('refuses a path that is not paginated', async () => {
  const k = await client();
  // @ts-expect-error /exchange/status takes no cursor
  expect(() => k.paginate('/exchange/status')).toThrow(KalshiValidationError);
});

// GetPositions answers `market_positions` and `event_positions` (kalshi-api-notes §7); the cursor pages the first.
it('yields the paged array only; a page’s other array stays on pages()', async () => {
  const market = (ticker: string) => ({ ticker, position_fp: '1.00', market_exposure_dollars: '0.5000' });
  const event = (event_ticker: string) => ({ event_ticker, total_cost_dollars: '0.5000' });
  const page = (n: number, cursor: string) =>
    json({ market_positions: [market(`M${n}`)], event_positions: [event(`E${n}`)], cursor });
  const { client: k, requests } = await observedClient((request) =>
    new URL(request.url).searchParams.has('cursor') ? page(2, '') : page(1, 'c2'),
  );
  const items = [];
  for await (const position of k.paginate('/portfolio/positions')) items.push(position);
  expect(items).toEqual([market('M1'), market('M2')]);
  const events = [];
  for await (const { event_positions } of k.paginate('/portfolio/positions').pages()) events.push(...event_positions);
  expect(events).toEqual([event('E1'), event('E2')]);
  expect(requests.map((r) => new URL(r.url).searchParams.get('cursor'))).toEqual([null, 'c2', null, 'c2']);
});

/** Iterates to the end (Array.fromAsync is Node 22+). */
async function drain(items: AsyncIterable<unknown>) {
  for await (const _ of items);
}

// #17's per-request options: each page is a call, so `retry` and `timeoutMs` apply to every page as `signal` does
// (outside round 14, tester C: they were dropped).
it('hands retry: false to every page: a page answered 500 is not repeated', async () => {
  const { client: k, requests } = await observedClient((_request, n) =>
    n === 1 ? json({ markets: [{ ticker: 'A' }], cursor: 'next' }) : json({ error: { code: 'internal' } }, 500),
  );
  const items = k.paginate('/markets', { retry: false });
  await expect(drain(items)).rejects.toMatchObject({ status: 500 });
  expect(requests).toHaveLength(2);
});

it('hands timeoutMs to every page', async () => {
  const { client: k } = await observedClient(
    (request) =>
      new Promise<Response>((_resolve, reject) =>
        request.signal.addEventListener('abort', () => reject(request.signal.reason)),
      ),
    { timeoutMs: 0 },
  );
  await expect(drain(k.paginate('/markets', { timeoutMs: 1, retry: false }))).rejects.toMatchObject({
    name: 'KalshiTimeoutError',
  });
});

it('hands signal to every page: aborting between pages stops the next with KalshiAbortError', async () => {
  const controller = new AbortController();
  const { client: k, requests } = await observedClient((request) =>
    request.signal.aborted
      ? Promise.reject(request.signal.reason)
      : json({ markets: [{ ticker: 'A' }], cursor: 'next' }),
  );
  const items = k.paginate('/markets', { signal: controller.signal });
  const error = await (async () => {
    for await (const _ of items) controller.abort(); // gives up after the first page's item
  })().catch((e: unknown) => e);
  expect(error).toBeInstanceOf(KalshiAbortError);
  expect(requests).toHaveLength(1);
});
