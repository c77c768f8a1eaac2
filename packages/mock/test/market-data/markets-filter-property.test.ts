import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Harness, harness } from '../helpers';

// GET /markets filters checked against the markets' own presented fields (spec 3.31.0 GetMarkets; kalshi-api-notes
// §6.1): a filtered page holds exactly the markets of the unfiltered list whose `status`, `event_ticker`, `ticker`,
// `created_time` / `close_time` / `settlement_ts` / `updated_time` and combo fields satisfy the filters. Min bounds are
// "after" (exclusive), max bounds "before" (inclusive, the notes are silent); any legal combination of the spec's
// table is drawn.
type Market = Record<string, string | undefined> & { ticker: string };
const RESPONSE_STATUSES: Record<string, readonly string[]> = {
  unopened: ['initialized'],
  open: ['active'],
  paused: ['inactive'],
  closed: ['closed', 'determined', 'disputed', 'amended'],
  settled: ['finalized'],
};
const FIELD = { created: 'created_time', close: 'close_time', settled: 'settlement_ts', updated: 'updated_time' };
const GROUP_STATUSES = {
  created: ['unopened', 'open'],
  close: ['closed'],
  settled: ['settled'],
  updated: [],
} as const;

let h: Harness;
let all: Market[];
let seconds: number[];
beforeAll(async () => {
  h = await harness({ seed: 3 });
  h.mock.exchange.advanceTime(3 * 3_600_000);
  all = (await h.call('GET', '/markets?limit=1000', undefined, false)).body.markets;
  const times = all.flatMap((m) => Object.values(FIELD).map((f) => m[f])).filter((t): t is string => !!t);
  seconds = [...new Set(times.flatMap((t) => [Math.floor(Date.parse(t) / 1000), Math.ceil(Date.parse(t) / 1000)]))];
}, 60_000);

describe('GET /markets filters', () => {
  it('select exactly the markets whose presented fields match', async () => {
    expect(all.length).toBeGreaterThan(3);
    const group = fc.constantFrom<keyof typeof FIELD | undefined>(undefined, 'created', 'close', 'settled', 'updated');
    await fc.assert(
      fc.asyncProperty(
        group,
        fc.option(fc.constantFrom(...seconds), { nil: undefined }),
        fc.option(fc.constantFrom(...seconds), { nil: undefined }),
        fc.option(fc.constantFrom('unopened', 'open', 'paused', 'closed', 'settled'), { nil: undefined }),
        fc.option(fc.constantFrom(...all.map((m) => m.event_ticker as string)), { nil: undefined }),
        fc.option(fc.subarray(all.map((m) => m.ticker)), { nil: undefined }),
        fc.option(fc.constantFrom('only', 'exclude'), { nil: undefined }),
        async (g, min, max, status, eventTicker, tickers, mve) => {
          const q = new URLSearchParams({ limit: '1000' });
          if (g && min !== undefined) q.set(`min_${g}_ts`, String(min));
          if (g && max !== undefined) q.set(`max_${g}_ts`, String(max));
          const timed = g !== undefined && (min !== undefined || max !== undefined);
          // Only the combinations the spec's table allows.
          if (status && (!timed || (GROUP_STATUSES[g] as readonly string[]).includes(status))) q.set('status', status);
          if (g !== 'updated' || !timed) {
            if (eventTicker) q.set('event_ticker', eventTicker);
            if (tickers?.length) q.set('tickers', tickers.join(','));
            if (mve) q.set('mve_filter', mve);
          } else q.set('mve_filter', 'exclude');
          const { status: code, body } = await h.call('GET', `/markets?${q}`, undefined, false);
          expect(code, String(q)).toBe(200);
          const sec = (t: string | undefined) => (t === undefined ? undefined : Date.parse(t) / 1000);
          const expected = all.filter((m) => {
            const s = q.get('status');
            if (s && !RESPONSE_STATUSES[s]?.includes(m.status as string)) return false;
            if (q.get('event_ticker') && m.event_ticker !== q.get('event_ticker')) return false;
            if (q.get('tickers') && !q.get('tickers')?.split(',').includes(m.ticker)) return false;
            const combo = m.mve_collection_ticker !== undefined;
            if (q.get('mve_filter') === 'only' && !combo) return false;
            if (q.get('mve_filter') === 'exclude' && combo) return false;
            if (g && timed) {
              const t = sec(m[FIELD[g]]);
              if (min !== undefined && !(t !== undefined && t > min)) return false;
              if (max !== undefined && !(t !== undefined && t <= max)) return false;
            }
            return true;
          });
          expect(
            body.markets.map((m: Market) => m.ticker),
            String(q),
          ).toEqual(expected.map((m) => m.ticker));
        },
      ),
      { numRuns: 150 },
    );
  }, 120_000);
});
