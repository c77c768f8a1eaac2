import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Exchange } from '../../src/exchange/exchange';
import { type Harness, harness } from '../helpers';

// GET /markets/trades (spec 3.31.0 GetTrades; kalshi-api-notes §6.4): newest first, `ticker`, `min_ts` ("after") and
// `max_ts` ("before", inclusive: the notes are silent), `is_block_trade`; paging with any `limit` walks the same rows
// as one page. Checked against the trades' own presented fields.
const T0 = Date.UTC(2026, 11, 1, 12);
const TICKERS = ['KXTR-26DEC01-A', 'KXTR-26DEC01-B'];
const MAKER = '00000000-0000-4000-8000-0000000000d1';
const TAKER = '00000000-0000-4000-8000-0000000000d2';
type Trade = { trade_id: string; ticker: string; created_time: string; is_block_trade: boolean };

let h: Harness;
let all: Trade[];
beforeAll(async () => {
  h = await harness({ empty: true, now: T0, seed: 7 });
  const ex: Exchange = h.mock.exchange;
  for (const ticker of TICKERS) ex.addMarket({ ticker, openTime: T0 - 1000 });
  // Several trades in one millisecond, on a second boundary, and between seconds.
  for (const step of [0, 0, 500, 500, 1000, 0, 0, 1500, 250]) {
    ex.advanceTime(step);
    for (const ticker of TICKERS) {
      const base = { ticker, count: 100, timeInForce: 'good_till_canceled', selfTradePrevention: 'maker' };
      ex.createOrder(MAKER, { ...base, side: 'ask', price: 400_000 } as never);
      ex.createOrder(TAKER, { ...base, side: 'bid', price: 400_000, timeInForce: 'immediate_or_cancel' } as never);
    }
  }
  all = (await h.call('GET', '/markets/trades?limit=1000', undefined, false)).body.trades;
}, 60_000);

describe('GET /markets/trades', () => {
  it('lists newest first and filters and pages by the presented fields', async () => {
    expect(all).toHaveLength(18);
    const ms = (t: Trade) => Date.parse(t.created_time);
    for (let i = 1; i < all.length; i++) expect(ms(all[i - 1] as Trade)).toBeGreaterThanOrEqual(ms(all[i] as Trade));
    const seconds = [...new Set(all.flatMap((t) => [Math.floor(ms(t) / 1000), Math.ceil(ms(t) / 1000)]))];
    await fc.assert(
      fc.asyncProperty(
        fc.option(fc.constantFrom(...TICKERS), { nil: undefined }),
        fc.option(fc.constantFrom(...seconds), { nil: undefined }),
        fc.option(fc.constantFrom(...seconds), { nil: undefined }),
        fc.option(fc.boolean(), { nil: undefined }),
        fc.integer({ min: 1, max: 7 }),
        async (ticker, min, max, block, limit) => {
          const q = new URLSearchParams({ limit: String(limit) });
          if (ticker) q.set('ticker', ticker);
          if (min !== undefined) q.set('min_ts', String(min));
          if (max !== undefined) q.set('max_ts', String(max));
          if (block !== undefined) q.set('is_block_trade', String(block));
          const walked: string[] = [];
          for (let cursor = '', pages = 0; pages < 40; pages++) {
            const { status, body } = await h.call('GET', `/markets/trades?${q}&cursor=${cursor}`, undefined, false);
            expect(status).toBe(200);
            expect(body.trades.length).toBeLessThanOrEqual(limit);
            walked.push(...body.trades.map((t: Trade) => t.trade_id));
            cursor = body.cursor;
            if (!cursor) break;
          }
          const expected = all.filter(
            (t) =>
              (!ticker || t.ticker === ticker) &&
              (min === undefined || ms(t) > min * 1000) &&
              (max === undefined || ms(t) <= max * 1000) &&
              (block === undefined || t.is_block_trade === block),
          );
          expect(walked, String(q)).toEqual(expected.map((t) => t.trade_id));
        },
      ),
      { numRuns: 120 },
    );
  }, 120_000);
});
