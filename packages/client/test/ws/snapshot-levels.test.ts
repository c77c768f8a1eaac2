// An order-book snapshot whose levels no `OrderBook` can read (round 31, attack C). README (Real time): "a delta no
// `OrderBook` can apply: a `side` other than `yes`/`no`, a `price_dollars` outside 0–1 or unreadable, an unreadable
// `delta_fp` … is dropped and logged at `warn` … on the order book it is a `seq` gap (re-snapshotted)". A snapshot is
// the same message family (AsyncAPI orderbookSnapshotPayload: levels `[price_dollars, count_fp]` strings; kalshi-api-notes
// §4, §9.6), and worse when bad: delivered, the README's loop throws out of `book.applySnapshot` (ending the loop
// and unsubscribing), or, caught, leaves the previous book in place while the deltas after it apply on top — wrong
// prices and sizes for money. The notes are silent on malformed snapshots; a careful user expects the stream to
// treat one as it treats a delta it cannot apply: dropped, and the market re-snapshotted.
import { describe, expect, it } from 'vitest';
import { OrderBook } from '../../src/ws';
import { fake, open, useFakeStream, warnings } from './fake-stream';

useFakeStream();

const getSnapshots = () => fake.commands.filter((c) => (c.params as { action?: string })?.action === 'get_snapshot');

describe('a snapshot with a level no OrderBook can read', () => {
  for (const [name, levels] of [
    ['an unreadable count', [['0.4000', '1O.00']]],
    ['an unreadable price', [['0.4x00', '10.00']]],
    ['a price above 1', [['1.4000', '10.00']]],
    ['a level that is not a pair', [['0.4000']]],
    ['levels that are not a list', '0.4000'],
  ] as const) {
    it(`${name}: not delivered; the market is re-snapshotted`, async () => {
      const sub = await (await open()).subscribe({ channels: ['orderbook_delta'], market_tickers: ['KX-1'] });
      const iterator = sub[Symbol.asyncIterator]();
      const first = (await iterator.next()).value;
      expect(first).toMatchObject({ type: 'orderbook_snapshot', seq: 1 });
      fake.broadcast({
        type: 'orderbook_snapshot',
        sid: 1,
        seq: 2,
        msg: { market_ticker: 'KX-1', yes_dollars_fp: levels },
      });
      const next = (await iterator.next()).value as { type: string; msg: object };
      // What arrives next is a snapshot the book reads (the repair's), never the malformed one.
      expect(next.type).toBe('orderbook_snapshot');
      const book = new OrderBook('KX-1');
      expect(() => book.applySnapshot(next.msg)).not.toThrow();
      expect(getSnapshots().map((c) => c.params)).toEqual([
        { sid: 1, market_tickers: ['KX-1'], action: 'get_snapshot' },
      ]);
      expect(warnings).toContainEqual(expect.objectContaining({ sid: 1, type: 'orderbook_snapshot' }));
    });
  }
});
