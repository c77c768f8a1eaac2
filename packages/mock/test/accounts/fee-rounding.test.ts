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
    // Past the cent but this fill's fees are less than a cent: the rebate waits.
    const small = { roundingAccrued: 9_950 } as OrderState;
    expect(netFee(small, 10, 100)).toBe(190);
    expect(small.roundingAccrued).toBe(10_040);
  });
});
