import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TEST_USER_ID } from '../../src';
import { type Harness, harness } from '../helpers';

// kalshi-api-notes §6.2: a list is paged by passing back its opaque cursor until it is "" (§7's positions and
// settlements lists included). Walking the pages at any limit gives each row once, in the order of the whole list,
// and a page's `event_positions` summaries, summed over the pages, are the whole list's.
const T0 = Date.UTC(2026, 5, 11, 18);
const HOUR = 3_600_000;

async function walk(call: Harness['call'], path: string, limit: number) {
  const pages: Record<string, unknown[] | string>[] = [];
  let cursor = '';
  do {
    const sep = path.includes('?') ? '&' : '?';
    const page = await call('GET', `${path}${sep}limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
    expect(page.status).toBe(200);
    pages.push(page.body);
    cursor = page.body.cursor;
  } while (cursor && pages.length < 100);
  return pages;
}

describe('walking portfolio lists page by page', () => {
  it('positions and settlements: every row once, in order, with each event summary once', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 1, max: 400 })), {
          minLength: 1,
          maxLength: 9,
        }),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 0, max: 9 }),
        async (holdings, limit, settledCount) => {
          const h = await harness({ empty: true, now: T0, seed: 4 });
          const { exchange } = h.mock;
          const tickers = holdings.map(([event], i) => `KXWALK-E${event}-M${i}`);
          for (const [i, [, count]] of holdings.entries()) {
            const ticker = tickers[i] as string;
            exchange.addMarket({ ticker, eventTicker: ticker.replace(/-M\d+$/, ''), closeTime: T0 + HOUR });
            const ask = {
              ticker,
              side: 'ask' as const,
              price: 400_000,
              count,
              timeInForce: 'good_till_canceled' as const,
            };
            exchange.createOrder('bob', { ...ask, selfTradePrevention: 'maker' });
            exchange.createOrder(TEST_USER_ID, {
              ...ask,
              side: 'bid',
              timeInForce: 'immediate_or_cancel',
              selfTradePrevention: 'maker',
            });
          }
          for (const ticker of tickers.slice(0, settledCount)) {
            exchange.determineMarket(ticker, 'yes', { settleAfterMs: 0 });
            exchange.advanceTime(1000);
          }
          for (const path of ['/portfolio/positions', '/portfolio/settlements']) {
            const whole = (await h.call('GET', `${path}?limit=1000`)).body;
            const pages = await walk(h.call, path, limit);
            const list = path.endsWith('positions') ? 'market_positions' : 'settlements';
            expect(pages.flatMap((p) => p[list])).toEqual(whole[list]);
            if (list === 'market_positions')
              expect(pages.flatMap((p) => p.event_positions)).toEqual(expect.arrayContaining(whole.event_positions));
            if (list === 'market_positions')
              expect(pages.flatMap((p) => p.event_positions)).toHaveLength(whole.event_positions.length);
          }
        },
      ),
      { numRuns: 40, seed: 33 },
    );
  });
});
