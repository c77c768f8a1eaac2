import { describe, expect, it } from 'vitest';
import { Exchange, ExchangeError, TEST_USER_ID } from '../../src';
import { createRng } from '../../src/exchange/rng';
import { parseCount, parseDollars } from '../../src/generated/fixed-point';
import { openSession, type SessionHarness } from './session';

// kalshi-api-notes §9.6: a snapshot followed by its deltas is the order book; here the truth is the engine's own
// book (what REST GET /markets/{ticker}/orderbook shows), after every step of a seeded mix of operations.
const OTHER = '00000000-0000-4000-8000-0000000000b2';
type Side = Map<number, number>;

/** A connection's view of one market's book: its last snapshot with every later delta applied (frames read once). */
const views = new WeakMap<SessionHarness, { read: number; book: { yes: Side; no: Side } }>();
function replay(h: SessionHarness, ticker: string): { yes: Side; no: Side } {
  const view = views.get(h) ?? { read: 0, book: { yes: new Map(), no: new Map() } };
  views.set(h, view);
  const frames = h.frames.slice(view.read) as { type: string; msg: Record<string, unknown> }[];
  view.read = h.frames.length;
  for (const { type, msg } of frames) {
    if (msg?.market_ticker !== ticker) continue;
    if (type === 'orderbook_snapshot') {
      const side = (rows: unknown) =>
        new Map(((rows ?? []) as [string, string][]).map(([p, c]) => [parseDollars(p), parseCount(c)]));
      view.book = { yes: side(msg.yes_dollars_fp), no: side(msg.no_dollars_fp) };
    } else if (type === 'orderbook_delta') {
      const levels = view.book[msg.side as 'yes' | 'no'];
      const price = parseDollars(msg.price_dollars);
      const size = (levels.get(price) ?? 0) + parseCount(msg.delta_fp as string);
      expect(size).toBeGreaterThanOrEqual(0);
      if (size === 0) levels.delete(price);
      else levels.set(price, size);
    }
  }
  return view.book;
}

function expectSameBook(exchange: Exchange, ticker: string, h: SessionHarness, step: string) {
  const view = replay(h, ticker);
  const book = exchange.book(ticker);
  const truth = { yes: new Map(book.levels('yes')), no: new Map(book.levels('no')) };
  expect({ step, yes: [...view.yes].sort(), no: [...view.no].sort() }).toEqual({
    step,
    yes: [...truth.yes].sort(),
    no: [...truth.no].sort(),
  });
}

describe('orderbook_delta replayed over its snapshot', () => {
  it('is the engine book after every create, cross, partial fill, amend, decrease, cancel, resubscribe and reset', () => {
    const exchange = new Exchange({ seed: 3, now: Date.UTC(2026, 11, 1) });
    const ticker = [...exchange.markets.values()].find((m) => m.status === 'active')?.ticker as string;
    const subscribe = { id: 1, cmd: 'subscribe', params: { channels: ['orderbook_delta'], market_tickers: [ticker] } };
    let a = openSession({ exchange });
    a.send(subscribe);
    let b: SessionHarness | undefined;
    const random = createRng(42);
    const pick = (n: number) => Math.floor(random() * n);
    const funded = () => {
      exchange.setBalance(TEST_USER_ID, 1e12);
      exchange.setBalance(OTHER, 1e12);
    };
    funded();
    for (let step = 0; step < 600; step++) {
      const user = random() < 0.5 ? TEST_USER_ID : OTHER;
      const resting = [...exchange.orders.values()].filter((o) => o.status === 'resting' && o.ticker === ticker);
      const mine = resting.filter((o) => o.userId === user);
      const target = mine[pick(mine.length)];
      const roll = random();
      let what = 'create';
      try {
        if (roll < 0.5 || !target) {
          // Prices near the middle so bids and asks cross often; counts with hundredths (fractional trading).
          exchange.createOrder(user, {
            ticker,
            side: random() < 0.5 ? 'bid' : 'ask',
            price: (40 + pick(20)) * 10_000,
            count: 1 + pick(500),
            timeInForce: random() < 0.8 ? 'good_till_canceled' : 'immediate_or_cancel',
            selfTradePrevention: random() < 0.5 ? 'maker' : 'taker_at_cross',
          });
        } else if (roll < 0.65) {
          what = 'amend';
          exchange.amendOrder(user, target.orderId, {
            ticker,
            side: target.side,
            price: (40 + pick(20)) * 10_000,
            count: target.fillCount + 1 + pick(500),
          });
        } else if (roll < 0.8) {
          what = 'decrease';
          exchange.decreaseOrder(user, target.orderId, { reduceTo: pick(target.remainingCount) });
        } else if (roll < 0.95) {
          what = 'cancel';
          exchange.cancelOrder(user, target.orderId);
        } else if (roll < 0.975) {
          what = 'second connection';
          b?.session.dispose();
          b = openSession({ exchange });
          b.send(subscribe);
        } else if (roll < 0.99) {
          what = 'away and back';
          a.send({
            id: 2,
            cmd: 'update_subscription',
            params: { sid: 1, action: 'delete_markets', market_tickers: [ticker] },
          });
          b?.session.dispose();
          b = undefined;
          exchange.createOrder(OTHER, {
            ticker,
            side: 'bid',
            price: 450_000,
            count: 300,
            timeInForce: 'good_till_canceled',
            selfTradePrevention: 'maker',
          });
          a.send({
            id: 3,
            cmd: 'update_subscription',
            params: { sid: 1, action: 'add_markets', market_tickers: [ticker] },
          });
        } else {
          what = 'reset';
          exchange.reset();
          funded();
          // A reset cuts every connection (reset.test.ts); the client reconnects and subscribes again (§9.7).
          expect([a.drops(), b?.drops() ?? 1]).toEqual([1, 1]);
          a = openSession({ exchange });
          a.send(subscribe);
          if (b) {
            b = openSession({ exchange });
            b.send(subscribe);
          }
        }
      } catch (error) {
        // Refusals (insufficient size, say) change nothing; anything else is a bug.
        if (!(error instanceof ExchangeError)) throw error;
      }
      expectSameBook(exchange, ticker, a, `${step} ${what}`);
      if (b) expectSameBook(exchange, ticker, b, `${step} ${what} (second connection)`);
    }
  });
});

// exchange.reset() goes back to the dataset: a market listed since (addMarket) is gone, its book with it (REST: 404).
// A connection following it is cut (reset.test.ts), and reconnected it finds the market unknown: no level of it is
// left resting on any stream.
describe('a market reset() removes', () => {
  it('is unknown to the connection made after the reset', () => {
    const exchange = new Exchange({ seed: 3, now: Date.UTC(2026, 11, 1) });
    const ticker = 'KXADDED-26DEC31-T1';
    exchange.addMarket({ ticker });
    const subscribe = { id: 1, cmd: 'subscribe', params: { channels: ['orderbook_delta'], market_tickers: [ticker] } };
    const h = openSession({ exchange });
    h.send(subscribe);
    exchange.setBalance(TEST_USER_ID, 1e12);
    exchange.createOrder(TEST_USER_ID, {
      ticker,
      side: 'bid',
      price: 400_000,
      count: 500,
      timeInForce: 'good_till_canceled',
      selfTradePrevention: 'maker',
    });
    expect(replay(h, ticker).yes).toEqual(new Map([[400_000, 500]]));
    exchange.reset();
    expect(exchange.markets.has(ticker)).toBe(false);
    expect(h.drops()).toBe(1);
    expect(openSession({ exchange }).send(subscribe)).toEqual([
      { id: 1, type: 'error', msg: { code: 11, msg: 'Invalid parameter', market_ticker: ticker } },
    ]);
  });
});
