import { describe, expect, it } from 'vitest';
import { netFee } from '../../src/exchange/fee-rounding';
import type { OrderState } from '../../src/exchange/types';
import { DECI_CENT } from '../helpers';
import { ioc, orderBody, twoTraders } from './traders';

// Kalshi's fee-rounding rule (kalshi-api-notes §5.15 "API accounting since the fixed-point migration", D-feer): per
// fill, balance_change = revenue − trade fee is floored to the balance precision ($0.0001 for a direct member) and the
// difference is charged as a rounding fee; net fee = trade fee + rounding fee − rebate, rebates being whole cents from
// the order's accumulator once it exceeds $0.01.
const TICKER = 'KXROUND-26DEC01-T1';
const ORDERS = '/portfolio/events/orders';
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

  it('rebates a whole cent once an order has overpaid more than $0.01 of rounding', () => {
    const order = { roundingAccrued: 9_950 } as OrderState;
    // A fill paying $0.00001 (rounding $0.00009): accrued 10,040 µ$ > $0.01, a cent off its fees.
    expect(netFee(order, 10, 9_990)).toBe(9_990 + 90 - 10_000);
    expect(order.roundingAccrued).toBe(40);
  });

  // FR1. D-feer: a rebate is issued once the accumulated rounding "exceeds $0.01"; reaching it exactly is not enough.
  it('rebates nothing while the accumulated rounding is exactly $0.01', () => {
    const order = { roundingAccrued: 9_950 } as OrderState;
    // A fill paying $0.00005 (rounding $0.00005): accrued 10,000 µ$ = $0.01, not more; fees 1,000 + 50 as charged.
    expect(netFee(order, 50, 1_000)).toBe(1_050);
    expect(order.roundingAccrued).toBe(10_000);
  });

  // P3 (round 25). D-feer: "Rebate | Refund from accumulated rounding overpayment (always a multiple of $0.01)", and
  // the balance "changes by floor(balance_change), which is always aligned to the user's target balance precision".
  // The page's "Net fee … (always >= $0.00)" cannot also hold on a fill whose fees are under the cent (notes silent;
  // fee-rounding.ts): the whole cent is paid on the fill that earns it, never in pieces over later fills.
  it("pays the whole cent on the fill that takes the accumulator past $0.01, even above that fill's fees", () => {
    const order = { roundingAccrued: 9_950 } as OrderState;
    // Accrued 10,040 µ$ > $0.01: this fill's fees are 100 + 90, the cent comes off them whole.
    expect(netFee(order, 10, 100)).toBe(100 + 90 - 10_000);
    expect(order.roundingAccrued).toBe(40);
    // Later fills pay their fees as charged: nothing was left owed.
    expect(netFee(order, 100, 5_000)).toBe(5_000);
    expect(netFee(order, 10, 100)).toBe(190);
  });

  it('rebates a maker in 0.01 lots @ $0.121 one whole cent, keeping its balance on $0.0001 after the cancel', async () => {
    // P3 (round 25), the tester's s9-subpenny. Deci-cent market, quadratic series: the maker pays no trade fee. Each
    // lot costs 0.01 × $0.121 = $0.00121, rounded to $0.0013 by a $0.00009 rounding fee. 112 lots accrue $0.01008 >
    // $0.01: one cent back on the 112th; 150 lots pay 150 × $0.00009 − $0.01 = $0.0035 in all (one fill of 1.50 @
    // $0.121, $0.1815 exactly, would pay none).
    const { asAlice, asBob, mock, alice } = await twoTraders(TICKER, { market: DECI_CENT });
    const placed = await asAlice('POST', ORDERS, orderBody(TICKER, 'bid', '0.1210', '5'));
    expect(placed.status).toBe(201);
    for (let i = 0; i < 150; i++)
      expect((await asBob('POST', ORDERS, orderBody(TICKER, 'ask', '0.1210', '0.01', ioc))).status).toBe(201);
    const orderId = placed.body.order_id as string;
    expect((await asAlice('DELETE', `${ORDERS}/${orderId}`)).status).toBe(200);

    const fills = (await asAlice('GET', `/portfolio/fills?ticker=${TICKER}&limit=200`)).body.fills;
    expect(fills).toHaveLength(150);
    const byFee = new Map<string, number>();
    for (const fill of fills) byFee.set(fill.fee_cost, (byFee.get(fill.fee_cost) ?? 0) + 1);
    // $0.00009 − $0.01 on the fill that earns the cent; never a piece of it.
    expect(Object.fromEntries(byFee)).toEqual({ '0.000090': 149, '-0.009910': 1 });
    const cash = mock.exchange.accounts.get(alice.userId)?.cash as number;
    expect(cash).toBe(10_000_000_000 - 181_500 - 3_500);
    expect((await asAlice('GET', '/portfolio/balance')).body.balance_dollars).toBe('9999.8150');
    const [position] = (await asAlice('GET', `/portfolio/positions?ticker=${TICKER}`)).body.market_positions;
    expect(position.fees_paid_dollars).toBe('0.003500');
  });

  it("keeps an order filled in 300 lots of 0.01 @ $0.333 within a cent of one fill's fee: two whole cents back", async () => {
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
    // 300 × $0.00007 = $0.021 of rounding: a cent back on the 143rd lot ($0.01001 accrued) and on the 286th.
    expect(fills.filter((f) => f.fee < 0)).toHaveLength(2);
    const total = fills.reduce((sum, f) => sum + f.fee, 0);
    expect(total).toBe(maker.makerFees);
    expect(total).toBe(300 * 70 - 2 * 10_000);
    expect(mock.exchange.accounts.get(alice.userId)?.cash).toBe(10_000_000_000 - 999_000 - total);
  });
});
