import { expect, it } from 'vitest';
import { KalshiValidationError } from '../../src';
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
