import { describe, expect, it } from 'vitest';
import { Exchange, HOUSE_USER } from '../../src';
import { formatDollars } from '../../src/generated/fixed-point';

// Engine-level: exact integer arithmetic (micro-dollars, centi-contracts), no floats.
const D = (dollars: string) => Math.round(Number(dollars) * 1e6); // test inputs only
const C = (contracts: number) => contracts * 100;

function market() {
  const exchange = new Exchange({ empty: true, now: 1_790_000_000_000, seed: 3 });
  exchange.addMarket({ ticker: 'KXTEST-26DEC01-T1' });
  exchange.account('alice');
  exchange.account('bob');
  return { exchange, ticker: 'KXTEST-26DEC01-T1' };
}

const gtc = { timeInForce: 'good_till_canceled', selfTradePrevention: 'taker_at_cross' } as const;

describe('matching', () => {
  it('crosses a YES bid with a NO bid when prices sum to at least $1, at the maker’s price', () => {
    const { exchange, ticker } = market();
    exchange.createOrder('alice', { ticker, side: 'ask', price: D('0.52'), count: C(3), ...gtc }); // rests as NO bid 0.48
    const { order, fills } = exchange.createOrder('bob', {
      ticker,
      side: 'bid',
      price: D('0.99'),
      count: C(1),
      ...gtc,
    });
    expect(order.status).toBe('executed');
    expect(fills).toHaveLength(1);
    expect(fills[0]?.price).toBe(D('0.52')); // price improvement to the resting ask
    expect(exchange.book(ticker).levels('no')).toEqual([[D('0.48'), C(2)]]);
  });

  it('fills by price, then time priority, partially', () => {
    const { exchange, ticker } = market();
    const first = exchange.createOrder('alice', { ticker, side: 'bid', price: D('0.40'), count: C(2), ...gtc }).order;
    const second = exchange.createOrder(HOUSE_USER, {
      ticker,
      side: 'bid',
      price: D('0.40'),
      count: C(2),
      ...gtc,
    }).order;
    const better = exchange.createOrder(HOUSE_USER, {
      ticker,
      side: 'bid',
      price: D('0.41'),
      count: C(1),
      ...gtc,
    }).order;
    const { fills } = exchange.createOrder('bob', { ticker, side: 'ask', price: D('0.40'), count: C(2.5), ...gtc });
    expect(fills.map((f) => [f.price, f.count])).toEqual([
      [D('0.41'), C(1)],
      [D('0.40'), C(1.5)],
    ]);
    expect(better.status).toBe('executed');
    expect(first.remainingCount).toBe(C(0.5));
    expect(second.remainingCount).toBe(C(2));
  });

  it('charges the taker fee rounded up to $0.0001 (1 @ $0.52 → $0.0175) and no maker fee on quadratic series', () => {
    const { exchange, ticker } = market();
    exchange.createOrder('alice', { ticker, side: 'ask', price: D('0.52'), count: C(1), ...gtc });
    exchange.createOrder('bob', {
      ticker,
      side: 'bid',
      price: D('0.52'),
      count: C(1),
      timeInForce: 'immediate_or_cancel',
      selfTradePrevention: 'taker_at_cross',
    });
    const taker = exchange.fills.find((f) => f.isTaker);
    const maker = exchange.fills.find((f) => !f.isTaker);
    expect(formatDollars(taker!.fee, 6)).toBe('0.017500');
    expect(maker!.fee).toBe(0);
  });

  it('moves cash and positions exactly: YES buyer pays p, NO buyer pays 1 − p, netting pays $1 a pair', () => {
    const { exchange, ticker } = market();
    const before = { alice: exchange.available('alice'), bob: exchange.available('bob') };
    exchange.createOrder('alice', { ticker, side: 'ask', price: D('0.30'), count: C(10), ...gtc });
    exchange.createOrder('bob', { ticker, side: 'bid', price: D('0.30'), count: C(10), ...gtc });
    const fee = exchange.fills.find((f) => f.isTaker)!.fee;
    expect(exchange.position('bob', ticker).position).toBe(C(10));
    expect(exchange.position('alice', ticker).position).toBe(-C(10));
    expect(before.bob - exchange.available('bob')).toBe(D('3.00') + fee);
    expect(before.alice - exchange.available('alice')).toBe(D('7.00'));
    // Bob sells 4 YES back to a resting YES bid at 0.35: he buys 4 NO at 0.65 and gets $1 per netted pair.
    exchange.createOrder(HOUSE_USER, { ticker, side: 'bid', price: D('0.35'), count: C(4), ...gtc });
    const cashBefore = exchange.available('bob');
    exchange.createOrder('bob', {
      ticker,
      side: 'ask',
      price: D('0.35'),
      count: C(4),
      timeInForce: 'immediate_or_cancel',
      selfTradePrevention: 'taker_at_cross',
    });
    const sellFee = exchange.fills.at(-2)!.fee;
    expect(exchange.position('bob', ticker).position).toBe(C(6));
    expect(exchange.available('bob') - cashBefore).toBe(D('4.00') - D('2.60') - sellFee);
  });

  it('holds collateral for resting orders and releases it on cancel', () => {
    const { exchange, ticker } = market();
    const start = exchange.available('alice');
    const { order } = exchange.createOrder('alice', { ticker, side: 'bid', price: D('0.25'), count: C(4), ...gtc });
    expect(start - exchange.available('alice')).toBe(D('1.00'));
    exchange.cancelOrder('alice', order.orderId);
    expect(exchange.available('alice')).toBe(start);
  });

  it('settles: winners get $1 a contract, positions close', () => {
    const { exchange, ticker } = market();
    exchange.createOrder('alice', { ticker, side: 'ask', price: D('0.60'), count: C(2), ...gtc });
    exchange.createOrder('bob', { ticker, side: 'bid', price: D('0.60'), count: C(2), ...gtc });
    const bob = exchange.available('bob');
    exchange.settleMarket(ticker, 'yes');
    expect(exchange.available('bob') - bob).toBe(D('2.00'));
    expect(exchange.account('bob').positions.has(ticker)).toBe(false);
    expect(exchange.market(ticker).status).toBe('finalized');
    expect(exchange.settlements.map((s) => [s.userId, s.revenue])).toEqual([
      ['alice', 0],
      ['bob', D('2.00')],
    ]);
  });
});

describe('time in force and self-trade prevention', () => {
  it('IOC fills what crosses and cancels the rest; FOK fills all or nothing', () => {
    const { exchange, ticker } = market();
    exchange.createOrder('alice', { ticker, side: 'ask', price: D('0.50'), count: C(1), ...gtc });
    const ioc = exchange.createOrder('bob', {
      ticker,
      side: 'bid',
      price: D('0.50'),
      count: C(3),
      timeInForce: 'immediate_or_cancel',
      selfTradePrevention: 'taker_at_cross',
    });
    expect([ioc.order.status, ioc.order.fillCount, ioc.order.remainingCount]).toEqual(['canceled', C(1), 0]);
    exchange.createOrder('alice', { ticker, side: 'ask', price: D('0.50'), count: C(1), ...gtc });
    const fok = exchange.createOrder('bob', {
      ticker,
      side: 'bid',
      price: D('0.50'),
      count: C(3),
      timeInForce: 'fill_or_kill',
      selfTradePrevention: 'taker_at_cross',
    });
    expect([fok.order.status, fok.order.fillCount]).toEqual(['canceled', 0]);
  });

  it('taker_at_cross cancels the incoming order at a self-cross and leaves the resting one', () => {
    const { exchange, ticker } = market();
    const resting = exchange.createOrder('alice', { ticker, side: 'ask', price: D('0.50'), count: C(1), ...gtc }).order;
    const taker = exchange.createOrder('alice', { ticker, side: 'bid', price: D('0.50'), count: C(1), ...gtc }).order;
    expect([taker.status, resting.status]).toEqual(['canceled', 'resting']);
  });

  it('maker STP cancels the resting order and keeps matching', () => {
    const { exchange, ticker } = market();
    const own = exchange.createOrder('alice', { ticker, side: 'ask', price: D('0.50'), count: C(1), ...gtc }).order;
    exchange.createOrder('bob', { ticker, side: 'ask', price: D('0.51'), count: C(1), ...gtc });
    const taker = exchange.createOrder('alice', {
      ticker,
      side: 'bid',
      price: D('0.51'),
      count: C(1),
      timeInForce: 'good_till_canceled',
      selfTradePrevention: 'maker',
    }).order;
    expect(own.status).toBe('canceled');
    expect(taker.status).toBe('executed');
  });

  it('expires good-till-time orders and closes markets as the clock moves', () => {
    const { exchange, ticker } = market();
    const order = exchange.createOrder('alice', {
      ticker,
      side: 'bid',
      price: D('0.10'),
      count: C(1),
      ...gtc,
      expirationTime: exchange.now() / 1000 + 60,
    }).order;
    exchange.advanceTime(61_000);
    expect(order.status).toBe('canceled');
    exchange.advanceTime(31 * 86_400_000);
    expect(exchange.market(ticker).status).toBe('closed');
  });
});

it('has a realistic default dataset: ≥50 markets across statuses, ≥10 events, resting liquidity', () => {
  const exchange = new Exchange({ seed: 1 });
  const statuses = new Set([...exchange.markets.values()].map((m) => m.status));
  expect(exchange.markets.size).toBeGreaterThanOrEqual(50);
  expect(exchange.events.size).toBeGreaterThanOrEqual(10);
  expect(statuses).toEqual(new Set(['active', 'finalized', 'determined', 'initialized']));
  const active = [...exchange.markets.values()].filter((m) => m.status === 'active');
  expect(active.every((m) => exchange.book(m.ticker).levels('yes').length > 0)).toBe(true);
});

it('is deterministic for a seed', () => {
  const ids = (seed: number) => {
    const exchange = new Exchange({ seed, now: 0 });
    return [...exchange.orders.keys()].slice(0, 3).join();
  };
  expect(ids(5)).toBe(ids(5));
  expect(ids(5)).not.toBe(ids(6));
});
