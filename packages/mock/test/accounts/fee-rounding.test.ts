import { describe, expect, it } from 'vitest';
import { netFee } from '../../src/exchange/fee-rounding';
import type { OrderState } from '../../src/exchange/types';
import { ioc, orderBody, twoTraders } from './traders';

// Kalshi's fee-rounding rule (kalshi-api-notes §5.15 "API accounting since the fixed-point migration", D-feer): per
// fill, balance_change = revenue − trade fee is floored to the balance precision ($0.0001 for a direct member) and the
// difference is charged as a rounding fee; net fee = trade fee + rounding fee − rebate, rebates being whole cents from
// the order's accumulator once it exceeds $0.01.
const TICKER = 'KXROUND-26DEC01-T1';
const ORDERS = '/portfolio/events/orders';
const DECI_CENT = {
  tick: 1000,
  priceLevelStructure: 'deci_cent',
  priceRanges: [{ start: 0, end: 1_000_000, step: 1000 }],
};
const TAPERED = {
  tick: 1000,
  priceLevelStructure: 'tapered_deci_cent',
  priceRanges: [
    { start: 0, end: 100_000, step: 1000 },
    { start: 100_000, end: 900_000, step: 10_000 },
    { start: 900_000, end: 1_000_000, step: 1000 },
  ],
};

describe('the rounding fee', () => {
  it('keeps balances on $0.0001: a fill of 0.01 NO @ $0.001 costs $0.0002 with its fees', async () => {
    const { asAlice, asBob, mock, bob } = await twoTraders(TICKER, { market: TAPERED });
    expect((await asAlice('POST', ORDERS, orderBody(TICKER, 'bid', '0.9990', '1'))).status).toBe(201);
    for (let i = 0; i < 10; i++)
      expect((await asBob('POST', ORDERS, orderBody(TICKER, 'ask', '0.9990', '0.01', ioc))).status).toBe(201);
    // Each fill: $0.00001 for the NO leg, trade fee 0.07 × 0.01 × 0.999 × 0.001 → $0.0001, rounding fee $0.00009.
    const fills = (await asBob('GET', `/portfolio/fills?ticker=${TICKER}`)).body.fills;
    expect(fills).toHaveLength(10);
    for (const fill of fills) expect(fill.fee_cost).toBe('0.000190');
    expect((await asBob('GET', '/portfolio/balance')).body.balance_dollars).toBe('9999.9980');
    expect(mock.exchange.accounts.get(bob.userId)?.cash).toBe(9_999_998_000);
    // Alice's maker fills pay $0.00999 each (no maker fee on `quadratic`), rounded to $0.0100 by a $0.00001 fee.
    const aliceCash = mock.exchange.accounts.get(mock.users[0]?.userId as string)?.cash as number;
    expect(aliceCash % 100).toBe(0);
    expect(aliceCash).toBe(10_000_000_000 - 100_000);
  });

  it('rebates a whole cent once an order has overpaid more than $0.01 of rounding, never below a zero net fee', () => {
    const order = { roundingAccrued: 9_950 } as OrderState;
    // A fill paying $0.00001 (rounding $0.00009): accrued 10,040 µ$ > $0.01, fees 9,990 + 90 ≥ a cent: rebated.
    expect(netFee(order, 10, 9_990)).toBe(9_990 + 90 - 10_000);
    expect(order.roundingAccrued).toBe(40);
    expect(order.rebateOwed ?? 0).toBe(0);
  });

  // FR1. D-feer: a rebate is issued once the accumulated rounding "exceeds $0.01"; reaching it exactly is not enough.
  it('rebates nothing while the accumulated rounding is exactly $0.01', () => {
    const order = { roundingAccrued: 9_950 } as OrderState;
    // A fill paying $0.00005 (rounding $0.00005): accrued 10,000 µ$ = $0.01, not more; fees 1,000 + 50 as charged.
    expect(netFee(order, 50, 1_000)).toBe(1_050);
    expect(order.roundingAccrued).toBe(10_000);
    expect(order.rebateOwed ?? 0).toBe(0);
  });

  // Outside test N-D5. D-feer: "Once the accumulated rounding exceeds $0.01, a whole-cent rebate is issued and the
  // accumulator is reduced by $0.01. This ensures the total fee across many small fills converges to what a single
  // equivalent fill would cost." and "Net fee = trade fee + rounding fee − rebate (always >= $0.00)". The page does
  // not say what happens to a cent larger than the fill's fees (the notes are silent): it is paid over later fills.
  it('pays a cent larger than the fill that earns it over the next fills, each net fee at least zero', () => {
    const order = { roundingAccrued: 9_950 } as OrderState;
    // Accrued 10,040 µ$ > $0.01: a cent is owed; this fill's fees are 100 + 90, all rebated.
    expect(netFee(order, 10, 100)).toBe(0);
    expect([order.roundingAccrued, order.rebateOwed]).toEqual([40, 10_000 - 190]);
    // The next fills (trade fee 5,000, no rounding) take the rest of the cent off their fees, none below zero.
    expect(netFee(order, 100, 5_000)).toBe(0);
    expect(order.rebateOwed).toBe(4_810);
    expect(netFee(order, 100, 5_000)).toBe(5_000 - 4_810);
    expect(order.rebateOwed).toBe(0);
    // Nothing owed any more: fees as charged.
    expect(netFee(order, 100, 5_000)).toBe(5_000);
  });

  it("keeps an order filled in 300 lots of 0.01 @ $0.333 within a cent of one fill's fee (none for 3 @ $0.333)", async () => {
    // Deci-cent market, quadratic series: no maker trade fee, so the maker's fees are rounding alone. Each lot costs
    // $0.00333, $0.00007 of rounding; one fill of 3.00 @ $0.333 costs $0.999 exactly: no fee.
    const { mock, alice, bob } = await twoTraders(TICKER, { market: DECI_CENT });
    const order = (side: 'bid' | 'ask', count: number, timeInForce: 'good_till_canceled' | 'immediate_or_cancel') => ({
      ticker: TICKER,
      side,
      price: 333_000,
      count,
      timeInForce,
      selfTradePrevention: 'taker_at_cross' as const,
    });
    const maker = mock.exchange.createOrder(alice.userId, order('bid', 300, 'good_till_canceled')).order;
    for (let i = 0; i < 300; i++) mock.exchange.createOrder(bob.userId, order('ask', 1, 'immediate_or_cancel'));
    const fills = mock.exchange.fills.filter((f) => f.orderId === maker.orderId);
    expect(fills).toHaveLength(300);
    expect(maker.status).toBe('executed');
    for (const fill of fills) expect(fill.fee).toBeGreaterThanOrEqual(0);
    const total = fills.reduce((sum, f) => sum + f.fee, 0);
    expect(total).toBe(maker.makerFees);
    expect(total).toBeLessThan(10_000);
    expect(mock.exchange.accounts.get(alice.userId)?.cash).toBe(10_000_000_000 - 999_000 - total);
  });
});
