import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { communications } from '../../src/exchange/rfqs';
import { twoTraders } from '../accounts/traders';

// Money moves through an RFQ exactly as through an order (kalshi-api-notes §5.15): whatever the count (0.01-contract
// granularity), the accepted side and the quoted prices on a deci-cent grid, the two accounts together pay for one
// $1 contract per contract traded plus the fees their fills report, and the settlement pays the $1 back.
const TICKER = 'KXCONS-26DEC01-T1';

describe('an RFQ execution conserves money', () => {
  it('both balances plus the fills’ fees equal the starting cash after settlement', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 5000 }),
        fc.integer({ min: 1, max: 999 }),
        fc.integer({ min: 1, max: 999 }),
        fc.constantFrom('yes' as const, 'no' as const),
        fc.constantFrom('yes' as const, 'no' as const),
        fc.constantFrom('quadratic', 'quadratic_with_maker_fees') as fc.Arbitrary<'quadratic'>,
        async (centi, yesMils, noMils, side, result, feeType) => {
          const { mock, alice, bob, asAlice } = await twoTraders(TICKER, {
            feeType,
            market: {
              priceLevelStructure: 'deci_cent',
              priceRanges: [{ start: 0, end: 1_000_000, step: 1000 }],
              tick: 1000,
            },
          });
          const start = mock.exchange.available(alice.userId, 0) + mock.exchange.available(bob.userId, 0);
          const desk = communications(mock.exchange);
          const rfq = desk.createRfq(alice.userId, { ticker: TICKER, contracts: centi, restRemainder: false });
          const quote = desk.createQuote(bob.userId, {
            rfqId: rfq.id,
            yesBid: yesMils * 1000,
            noBid: noMils * 1000,
            restRemainder: false,
          });
          desk.acceptQuote(alice.userId, quote.id, side);
          desk.confirmQuote(bob.userId, quote.id);
          const fees = mock.exchange.fills.reduce((sum, f) => sum + f.fee, 0);
          mock.exchange.settleMarket(TICKER, result);
          const end = mock.exchange.available(alice.userId, 0) + mock.exchange.available(bob.userId, 0);
          expect(end + fees).toBe(start);
          const balance = (await asAlice('GET', '/portfolio/balance')).body.balance_dollars;
          expect(balance).toMatch(/^\d+\.\d{4}$/);
        },
      ),
      { numRuns: 30 },
    );
  });
});
