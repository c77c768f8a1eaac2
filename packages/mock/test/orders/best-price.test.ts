import { describe, expect, it } from 'vitest';
import { Exchange, TEST_USER_ID } from '../../src';

// The best bid of a side is the highest price with contracts left (kalshi-api-notes §6.3: the book holds bids only).
// The quote tape (candlesticks' yes_bid / yes_ask) reads the best price on every book change.
const OTHER = '00000000-0000-4000-8000-0000000000b2';

function market() {
  const exchange = new Exchange({ seed: 3, now: Date.UTC(2026, 11, 1) });
  const ticker = [...exchange.markets.values()].find((m) => m.status === 'active')?.ticker as string;
  exchange.setOrderbook(ticker, {});
  exchange.setBalance(TEST_USER_ID, 1e12);
  exchange.setBalance(OTHER, 1e12);
  const order = (user: string, side: 'bid' | 'ask', price: number, timeInForce = 'good_till_canceled') =>
    exchange.createOrder(user, { ticker, side, price, count: 100, timeInForce, selfTradePrevention: 'maker' } as never);
  return { book: exchange.book(ticker), order };
}

describe('OrderBook.bestPrice', () => {
  it('is the highest resting price, and skips a level whose orders all executed', () => {
    const { book, order } = market();
    expect(book.bestPrice('yes')).toBeUndefined();
    order(TEST_USER_ID, 'bid', 300_000);
    order(TEST_USER_ID, 'bid', 400_000);
    expect(book.bestPrice('yes')).toBe(400_000);
    expect(book.best('yes')).toEqual([400_000, 100]);
    // A sell at $0.40 takes the whole $0.40 bid: that level is empty, the $0.30 bid is the best.
    order(OTHER, 'ask', 400_000, 'immediate_or_cancel');
    expect(book.bestPrice('yes')).toBe(300_000);
    expect(book.best('yes')).toEqual([300_000, 100]);
    order(OTHER, 'ask', 300_000, 'immediate_or_cancel');
    expect(book.bestPrice('yes')).toBeUndefined();
    expect(book.best('yes')).toBeUndefined();
  });
});

describe('a filled maker order', () => {
  it('leaves its level: the book keeps only orders with something left', () => {
    const { book, order } = market();
    for (let i = 0; i < 5; i++) order(TEST_USER_ID, 'bid', 400_000);
    order(OTHER, 'ask', 400_000, 'immediate_or_cancel'); // takes the first, time priority
    order(OTHER, 'ask', 400_000, 'immediate_or_cancel');
    expect(book.orders()).toHaveLength(3);
    expect(book.orders().every((o) => o.remainingCount > 0)).toBe(true);
    expect(book.levels('yes')).toEqual([[400_000, 300]]);
  });
});
