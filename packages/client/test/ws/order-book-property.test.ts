// OrderBook against a reference book built here, independently of the SDK's fixed-point helpers (round 36, attack C):
// random valid snapshot + delta sequences (kalshi-api-notes §6.3, §9.6: `[price_dollars, count_fp]` strings, prices on
// $0.0001 steps in 0–1, counts in 0.01 contracts written with 0–2 decimals; a delta never takes a level below 0, and
// a level reaching 0 is removed; NO-side prices on the YES scale with `use_yes_price`). Prices are kept here in
// ten-thousandths of a dollar and counts in hundredths, as integers parsed from the strings by hand.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OrderBook } from '../../src/ws';

type Side = 'yes' | 'no';
/** A price in $0.0001 (0–10000) written with 4 decimals, or 2 when it falls on a cent ("0.47"). */
const price = (ticks: number, short: boolean) =>
  short && ticks % 100 === 0
    ? `${Math.floor(ticks / 10000)}.${String((ticks % 10000) / 100).padStart(2, '0')}`
    : `${Math.floor(ticks / 10000)}.${String(ticks % 10000).padStart(4, '0')}`;
/** A count in 0.01 contracts, signed, written with 2, 1 or 0 decimals where that is exact. */
const count = (hundredths: number, style: number) => {
  const sign = hundredths < 0 ? '-' : '';
  const n = Math.abs(hundredths);
  const whole = Math.floor(n / 100);
  const frac = n % 100;
  if (style === 0 && frac === 0) return `${sign}${whole}`;
  if (style === 1 && frac % 10 === 0) return `${sign}${whole}.${frac / 10}`;
  return `${sign}${whole}.${String(frac).padStart(2, '0')}`;
};
const four = (ticks: number) => price(ticks, false);
const two = (hundredths: number) => count(hundredths, 2);

const level = fc.record({
  ticks: fc.integer({ min: 0, max: 10_000 }),
  size: fc.integer({ min: 1, max: 100_000_000 }),
  short: fc.boolean(),
  style: fc.integer({ min: 0, max: 2 }),
});
const op = fc.oneof(
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('snapshot' as const),
      yes: fc.array(level, { maxLength: 8 }),
      no: fc.array(level, { maxLength: 8 }),
      omit: fc.integer({ min: 0, max: 3 }),
    }),
  },
  {
    weight: 8,
    arbitrary: fc.record({
      kind: fc.constant('delta' as const),
      side: fc.constantFrom<Side>('yes', 'no'),
      pick: fc.nat(),
      ticks: fc.integer({ min: 0, max: 10_000 }),
      fraction: fc.double({ min: 0, max: 1, noNaN: true }),
      add: fc.integer({ min: 0, max: 1_000_000 }),
      remove: fc.boolean(),
      short: fc.boolean(),
      style: fc.integer({ min: 0, max: 2 }),
    }),
  },
);

describe('OrderBook matches a reference book over random snapshots and deltas', () => {
  for (const useYesPrice of [false, true]) {
    it(`useYesPrice ${useYesPrice}: levels, best bids and asks, and toRest() equal the reference after every message`, () => {
      fc.assert(
        fc.property(fc.array(op, { minLength: 1, maxLength: 60 }), (ops) => {
          const book = new OrderBook('KX-1', { useYesPrice });
          const ref: Record<Side, Map<number, number>> = { yes: new Map(), no: new Map() };
          // A NO price as sent (YES scale with use_yes_price) → the NO price the book keeps.
          const kept = (side: Side, sent: number) => (side === 'no' && useYesPrice ? 10_000 - sent : sent);
          for (const o of ops) {
            if (o.kind === 'snapshot') {
              // A side may be left out, or null (kalshi-api-notes §6.3, §9.6: an empty side may be absent).
              const pairs = (levels: typeof o.yes) => {
                const seen = new Set<number>();
                // One level per price (a book has one size per price); the reference keeps the same.
                return levels.filter((l) => !seen.has(l.ticks) && seen.add(l.ticks));
              };
              const yes = pairs(o.yes);
              const no = pairs(o.no);
              const msg: Record<string, unknown> = { market_ticker: 'KX-1' };
              if (o.omit !== 1) msg.yes_dollars_fp = yes.map((l) => [price(l.ticks, l.short), count(l.size, l.style)]);
              if (o.omit !== 2) msg.no_dollars_fp = no.map((l) => [price(l.ticks, l.short), count(l.size, l.style)]);
              if (o.omit === 3) msg.no_dollars_fp = null;
              book.applySnapshot(msg);
              ref.yes = new Map(o.omit === 1 ? [] : yes.map((l) => [l.ticks, l.size]));
              ref.no = new Map(o.omit >= 2 ? [] : no.map((l) => [kept('no', l.ticks), l.size]));
            } else {
              const levels = [...ref[o.side]];
              // Half the time a resting level (removing part or all of it), else any price (adding).
              const resting = levels.length && o.pick % 2 ? levels[o.pick % levels.length] : undefined;
              const ticks = resting ? resting[0] : kept(o.side, o.ticks);
              const size = ref[o.side].get(ticks) ?? 0;
              const change = resting && o.remove ? -Math.round(size * o.fraction) : o.add;
              book.applyDelta({
                market_ticker: 'KX-1',
                price_dollars: price(kept(o.side, ticks), o.short),
                delta_fp: count(change, o.style),
                side: o.side,
              });
              if (size + change > 0) ref[o.side].set(ticks, size + change);
              else ref[o.side].delete(ticks);
            }
            const sorted = (side: Side) => [...ref[side]].sort((a, b) => a[0] - b[0]);
            expect(book.toRest()).toEqual({
              yes_dollars: sorted('yes').map(([p, n]) => [four(p), two(n)]),
              no_dollars: sorted('no').map(([p, n]) => [four(p), two(n)]),
            });
            for (const side of ['yes', 'no'] as const) {
              const best = sorted(side).at(-1);
              const bid = side === 'yes' ? book.bestYesBid() : book.bestNoBid();
              const ask = side === 'yes' ? book.bestNoAsk() : book.bestYesAsk();
              expect(bid).toEqual(best && { price: best[0] * 100, count: best[1] });
              expect(ask).toEqual(best && { price: (10_000 - best[0]) * 100, count: best[1] });
              expect(book.levels(side)).toEqual(
                sorted(side)
                  .reverse()
                  .map(([p, n]) => ({ price: p * 100, count: n })),
              );
            }
          }
        }),
        { numRuns: 300, seed: 36 },
      );
    });
  }
});
