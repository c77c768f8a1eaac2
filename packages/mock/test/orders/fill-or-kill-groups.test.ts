import { describe, expect, it } from 'vitest';
import { Exchange } from '../../src';
import { createOrderGroup } from '../../src/exchange/order-groups';

// A fill-or-kill order is all-or-nothing; the one exception is a self-cross (kalshi-api-notes §5.7). An order group
// that triggers part-way through the match (§5.14: a member fill past the limit cancels the group's resting orders)
// is no exception: the whole fill is decided before anything is done. How Kalshi sequences a trigger inside one
// match is not documented (notes silent); the guarantee is.
const TICKER = 'KXFOKG-26DEC01-T1';
const D = (dollars: string) => Math.round(Number(dollars) * 1e6); // test inputs only

function setup() {
  const exchange = new Exchange({ seed: 1, now: Date.UTC(2026, 11, 1), empty: true });
  exchange.addMarket({ ticker: TICKER });
  const ask = (userId: string, contracts: number, price: string, orderGroupId?: string) =>
    exchange.createOrder(userId, {
      ticker: TICKER,
      side: 'ask',
      price: D(price),
      count: contracts * 100,
      timeInForce: 'good_till_canceled',
      selfTradePrevention: 'taker_at_cross',
      orderGroupId,
    }).order;
  const fok = (contracts: number, orderGroupId?: string) =>
    exchange.createOrder('taker', {
      ticker: TICKER,
      side: 'bid',
      price: D('0.45'),
      count: contracts * 100,
      timeInForce: 'fill_or_kill',
      selfTradePrevention: 'taker_at_cross',
      orderGroupId,
    });
  /** An earlier member fill: an IOC bid of `contracts` at 0.45. */
  const take = (contracts: number, orderGroupId: string) =>
    exchange.createOrder('taker', {
      ticker: TICKER,
      side: 'bid',
      price: D('0.45'),
      count: contracts * 100,
      timeInForce: 'immediate_or_cancel',
      selfTradePrevention: 'taker_at_cross',
      orderGroupId,
    });
  return { exchange, ask, fok, take };
}

describe('fill-or-kill with order groups', () => {
  it('is killed whole when the maker’s group would trigger part-way and cancel the rest of the liquidity', () => {
    const { exchange, ask, fok } = setup();
    const group = createOrderGroup(exchange, 'maker', { limit: 300 });
    const first = ask('maker', 5, '0.40', group.id);
    const second = ask('maker', 5, '0.41', group.id);
    const { order, fills } = fok(10);
    expect(fills).toEqual([]);
    expect(order).toMatchObject({ status: 'canceled', fillCount: 0, remainingCount: 0 });
    expect(exchange.fills).toEqual([]);
    // Nothing happened to the maker: no fill, so no trigger.
    expect(first).toMatchObject({ status: 'resting', remainingCount: 500 });
    expect(second).toMatchObject({ status: 'resting', remainingCount: 500 });
    expect(group.triggered).toBe(false);
  });

  it('fills whole past a maker group that triggers when other liquidity covers the canceled orders', () => {
    const { exchange, ask, fok } = setup();
    const group = createOrderGroup(exchange, 'maker', { limit: 300 });
    ask('maker', 5, '0.40', group.id);
    const second = ask('maker', 5, '0.41', group.id);
    ask('third', 5, '0.42');
    const { order } = fok(10);
    expect(order).toMatchObject({ status: 'executed', fillCount: 1000, remainingCount: 0 });
    expect(group.triggered).toBe(true);
    expect(second).toMatchObject({ status: 'canceled', fillCount: 0 });
  });

  it('is killed whole when its own group would trigger part-way and cancel it', () => {
    const { exchange, ask, fok } = setup();
    const group = createOrderGroup(exchange, 'taker', { limit: 300 });
    const first = ask('maker', 5, '0.40');
    ask('maker', 5, '0.41');
    const { order, fills } = fok(10, group.id);
    expect(fills).toEqual([]);
    expect(order).toMatchObject({ status: 'canceled', fillCount: 0, remainingCount: 0 });
    expect(first).toMatchObject({ status: 'resting', remainingCount: 500 });
    expect(group.triggered).toBe(false);
  });

  it('is executed when its own group triggers only on the fill that completes it', () => {
    const { exchange, ask, fok } = setup();
    const group = createOrderGroup(exchange, 'taker', { limit: 200 });
    ask('maker', 5, '0.40');
    const { order } = fok(3, group.id);
    // Filled whole (notes §5.5: resting → executed on full fill); the trigger finds nothing of it left to cancel.
    expect(order).toMatchObject({ status: 'executed', fillCount: 300, remainingCount: 0 });
    expect(group.triggered).toBe(true);
  });

  // FK2. §5.14: the group triggers when the rolling total *exceeds* the limit; reaching it is not a trigger.
  it('is executed when its own group only reaches its limit part-way and passes it on the completing fill', () => {
    const { exchange, ask, fok } = setup();
    const group = createOrderGroup(exchange, 'taker', { limit: 300 });
    ask('maker', 3, '0.40');
    ask('maker', 3, '0.41');
    // 5 contracts: the first maker's 3 bring the window to 3 (= the limit, no trigger), the next 2 complete it.
    const { order } = fok(5, group.id);
    expect(order).toMatchObject({ status: 'executed', fillCount: 500, remainingCount: 0 });
    expect(group.triggered).toBe(true);
  });

  // FK6. §5.14: the limit counts member fills over a rolling 15 s window, so fills before this order count too.
  it("is killed whole when its group's earlier fills in the window make its first fill trigger the group", () => {
    const { exchange, ask, fok, take } = setup();
    const group = createOrderGroup(exchange, 'taker', { limit: 300 });
    ask('maker', 2, '0.40');
    expect(take(2, group.id).order.fillCount).toBe(200); // window: 2
    const first = ask('maker', 2, '0.40');
    ask('maker', 3, '0.41');
    // The first fill (2) takes the window to 4 > 3: the trigger would cancel the order part-filled.
    const { order, fills } = fok(5, group.id);
    expect(fills).toEqual([]);
    expect(order).toMatchObject({ status: 'canceled', fillCount: 0, remainingCount: 0 });
    expect(first).toMatchObject({ status: 'resting', remainingCount: 200 });
    expect(group.triggered).toBe(false);
  });

  // OG3. The notes say "rolling 15-second window" and are silent on a fill exactly 15 s old; the mock's window
  // (order-groups.ts windowVolume) has dropped it, and the fill-or-kill check must count as the match will.
  it('no longer counts a member fill exactly 15 s old', () => {
    const { exchange, ask, fok, take } = setup();
    const group = createOrderGroup(exchange, 'taker', { limit: 300 });
    ask('maker', 2, '0.40');
    expect(take(2, group.id).order.fillCount).toBe(200);
    exchange.advanceTime(15_000);
    ask('maker', 2, '0.40');
    ask('maker', 3, '0.41');
    // Window 0 + 2 = 2, then + 3 = 5 > 3 on the completing fill.
    const { order } = fok(5, group.id);
    expect(order).toMatchObject({ status: 'executed', fillCount: 500, remainingCount: 0 });
  });
});
