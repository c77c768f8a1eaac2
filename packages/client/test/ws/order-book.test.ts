import { createKalshiMock, type Exchange } from '@org/kalshi-mock';
import { getResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { formatCount, formatDollars } from '../../src';
import { OrderBook } from '../../src/ws';

/** A tiny seeded generator, so the random sequences are the same on every run. */
function lcg(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

const snapshot = {
  yes_dollars_fp: [
    ['0.0800', '300.00'],
    ['0.2200', '333.00'],
  ],
  no_dollars_fp: [
    ['0.5400', '20.00'],
    ['0.5600', '146.00'],
  ],
} as const;

describe('OrderBook', () => {
  it('reads a snapshot: best bids per side, asks implied as 1 − the other side’s best bid', () => {
    const book = new OrderBook('FED-23DEC-T3.00');
    book.applySnapshot(snapshot);
    expect(book.bestYesBid()).toEqual({ price: 220_000, count: 33_300 });
    expect(book.bestNoBid()).toEqual({ price: 560_000, count: 14_600 });
    expect(book.bestYesAsk()).toEqual({ price: 440_000, count: 14_600 });
    expect(book.bestNoAsk()).toEqual({ price: 780_000, count: 33_300 });
    expect(book.depthAt('yes', '0.08')).toBe(30_000);
    expect(book.levels('no', 1)).toEqual([{ price: 560_000, count: 14_600 }]);
  });

  it('applies signed deltas, removes emptied levels and finds the next best', () => {
    const book = new OrderBook('T');
    book.applySnapshot(snapshot);
    book.applyDelta({ price_dollars: '0.2200', delta_fp: '-333.00', side: 'yes' });
    expect(book.bestYesBid()).toEqual({ price: 80_000, count: 30_000 });
    book.applyDelta({ price_dollars: '0.3000', delta_fp: '1.50', side: 'yes' });
    expect(book.bestYesBid()).toEqual({ price: 300_000, count: 150 });
    book.applyDelta({ price_dollars: '0.5600', delta_fp: '-1000.00', side: 'no' });
    expect(book.toRest()).toEqual({
      yes_dollars: [
        ['0.0800', '300.00'],
        ['0.3000', '1.50'],
      ],
      no_dollars: [['0.5400', '20.00']],
    });
  });

  it('converts NO levels back from the YES scale when the subscription used use_yes_price', () => {
    const book = new OrderBook('T', { useYesPrice: true });
    book.applySnapshot({ yes_dollars_fp: [['0.4700', '3.00']], no_dollars_fp: [['0.5200', '2.00']] });
    expect(book.bestNoBid()).toEqual({ price: 480_000, count: 200 });
    expect(book.bestYesAsk()?.price).toBe(520_000);
    book.applyDelta({ price_dollars: '0.5200', delta_fp: '-2.00', side: 'no' });
    expect(book.bestNoBid()).toBeUndefined();
  });

  it('treats missing or null sides as empty and notifies listeners', () => {
    const book = new OrderBook('T');
    let updates = 0;
    const off = book.onUpdate(() => updates++);
    book.applySnapshot({ yes_dollars_fp: null });
    book.applyDelta({ price_dollars: '0.1000', delta_fp: '5.00', side: 'no' });
    off();
    book.applyDelta({ price_dollars: '0.1000', delta_fp: '5.00', side: 'no' });
    expect(updates).toBe(2);
    expect(book.bestYesBid()).toBeUndefined();
    expect(book.depthAt('no', 100_000)).toBe(1000);
  });

  it('matches a naive reference model over 20,000 random deltas, exactly', () => {
    const random = lcg(42);
    const book = new OrderBook('T');
    const reference = { yes: new Map<number, number>(), no: new Map<number, number>() };
    for (let i = 0; i < 20_000; i++) {
      const side = random() < 0.5 ? 'yes' : 'no';
      const cents = 1 + Math.floor(random() * 99);
      const level = reference[side].get(cents) ?? 0;
      const change =
        random() < 0.4 && level > 0
          ? -Math.min(level, 1 + Math.floor(random() * level))
          : 1 + Math.floor(random() * 5000);
      book.applyDelta({ price_dollars: formatDollars(cents * 10_000), delta_fp: formatCount(change), side });
      if (level + change > 0) reference[side].set(cents, level + change);
      else reference[side].delete(cents);
      if (i % 1000 === 0) {
        const bestCents = Math.max(...reference.yes.keys());
        expect(book.bestYesBid()?.price).toBe(reference.yes.size ? bestCents * 10_000 : undefined);
      }
    }
    const rest = (side: 'yes' | 'no') =>
      [...reference[side]].sort((a, b) => a[0] - b[0]).map(([c, n]) => [formatDollars(c * 10_000), formatCount(n)]);
    expect(book.toRest()).toEqual({ yes_dollars: rest('yes'), no_dollars: rest('no') });
  });
});

describe('OrderBook against the mock exchange’s REST book', () => {
  it('stays equal to GET /markets/{ticker}/orderbook through 10,000 random orders and cancels', async () => {
    const mock = createKalshiMock({ seed: 21, baseUrl: 'http://mock.test/trade-api/v2' });
    const exchange: Exchange = mock.exchange;
    const ticker = [...exchange.markets.values()].find((m) => m.status === 'active')!.ticker;
    const users = ['u1', 'u2', 'u3'];
    for (const u of users) exchange.account(u, 1e12);
    const restBook = async () => {
      const response = await getResponse(
        mock.handlers,
        new Request(`http://mock.test/trade-api/v2/markets/${ticker}/orderbook`),
      );
      return (await response!.json()).orderbook_fp;
    };
    const book = new OrderBook(ticker);
    book.applyRest(await restBook());
    // Deltas as the stream would send them: the per-level changes between consecutive book states.
    const levels = () => ({
      yes: new Map(exchange.book(ticker).levels('yes')),
      no: new Map(exchange.book(ticker).levels('no')),
    });
    let before = levels();
    const random = lcg(7);
    const resting: string[] = [];
    for (let i = 0; i < 10_000; i++) {
      const user = users[i % 3]!;
      if (resting.length > 20 && random() < 0.35) {
        const id = resting.splice(Math.floor(random() * resting.length), 1)[0]!;
        const order = exchange.orders.get(id)!;
        if (order.status === 'resting') exchange.cancelOrder(order.userId, id);
      } else {
        const side = random() < 0.5 ? 'bid' : 'ask';
        const price = (1 + Math.floor(random() * 98)) * 10_000;
        const { order } = exchange.createOrder(user, {
          ticker,
          side,
          price,
          count: (1 + Math.floor(random() * 20)) * 100,
          timeInForce: 'good_till_canceled',
          selfTradePrevention: 'maker',
        });
        if (order.status === 'resting') resting.push(order.orderId);
      }
      const after = levels();
      for (const side of ['yes', 'no'] as const) {
        for (const price of new Set([...before[side].keys(), ...after[side].keys()])) {
          const change = (after[side].get(price) ?? 0) - (before[side].get(price) ?? 0);
          if (change !== 0)
            book.applyDelta({ side, price_dollars: formatDollars(price), delta_fp: formatCount(change) });
        }
      }
      before = after;
      if (i % 2500 === 0) expect(book.toRest()).toEqual(await restBook());
    }
    expect(book.toRest()).toEqual(await restBook());
    expect(exchange.fills.length).toBeGreaterThan(100);
  }, 60_000);
});
