// The order of a quote's execution messages on one connection. AsyncAPI quoteExecuted: "Sent to both the maker (quote
// creator) and taker (RFQ creator) when a quote is executed ... Use this to correlate subsequent fill messages with the
// original quote", and the channel's use case: "Use QuoteExecuted to correlate fill messages with quotes via
// client_order_id". A client that maps quote_executed's order_id to its quote and then looks each fill up must get the
// quote_executed first: before the fix each party's `fill` (and `user_order`) came before it, so the lookup missed.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Exchange, TEST_USER_ID } from '../../src';
import { communications } from '../../src/exchange/rfqs';
import { createSubaccount, transfer } from '../../src/exchange/subaccounts';
import type { Message } from './client';
import { partySessions } from './parties';

const QUOTER = '5b0f2c1e-8d7a-4c3b-9e6f-0a1b2c3d4e5f';
const TICKER = 'KXFED-26DEC15-T4.00';

let exchange: Exchange;
let parties: ReturnType<typeof partySessions>;
const open = (userId: string) => parties.open(userId);

beforeEach(() => {
  exchange = new Exchange({ seed: 1, now: Date.UTC(2026, 10, 20, 12) });
  parties = partySessions(exchange, ['communications', 'fill', 'user_orders', 'market_positions']);
});
afterEach(() => parties.close());

describe('a quote executing', () => {
  it.each(['yes', 'no'] as const)(
    'sends each party quote_executed before its fill, user_order and market_position (accepted %s)',
    (side) => {
      const creator = open(TEST_USER_ID);
      const quoter = open(QUOTER);
      const desk = communications(exchange);
      const rfq = desk.createRfq(TEST_USER_ID, { ticker: TICKER, contracts: 500, restRemainder: false });
      const quote = desk.createQuote(QUOTER, { rfqId: rfq.id, yesBid: 400_000, noBid: 550_000, restRemainder: false });
      desk.acceptQuote(TEST_USER_ID, quote.id, side);
      desk.confirmQuote(QUOTER, quote.id);
      for (const [frames, orderId] of [
        [creator, quote.rfqCreatorOrderId],
        [quoter, quote.creatorOrderId],
      ] as const) {
        const types = frames.map((f) => f.type);
        const executed = types.indexOf('quote_executed');
        expect(executed).toBeGreaterThanOrEqual(0);
        expect(frames[executed]?.msg.order_id).toBe(orderId);
        for (const type of ['fill', 'user_order', 'market_position']) {
          expect(types).toContain(type);
          expect(types.indexOf(type)).toBeGreaterThan(executed);
        }
        expect(frames.find((f) => f.type === 'fill')?.msg.order_id).toBe(orderId);
      }
    },
  );
});

// AsyncAPI quoteCreated / quoteAccepted / quoteExecuted `subaccount`: "Optional - Present only when your side of this
// quote used a subaccount. Contains your own subaccount number; the counterparty's subaccount is never shared." Before
// the fix every quote message carried `subaccount: 0` to a party trading in its primary account.
describe('the subaccount of quote messages', () => {
  it('is absent for a party in its primary account and its own number for a party in a subaccount', () => {
    const creator = open(TEST_USER_ID);
    const quoter = open(QUOTER);
    const sub = createSubaccount(exchange, QUOTER);
    transfer(exchange, QUOTER, {
      clientTransferId: 'c0ffee00-0000-4000-8000-000000000001',
      from: 0,
      to: sub,
      amountCents: 10_000,
    });
    const desk = communications(exchange);
    const rfq = desk.createRfq(TEST_USER_ID, { ticker: TICKER, contracts: 500, restRemainder: false });
    const quote = desk.createQuote(QUOTER, {
      rfqId: rfq.id,
      yesBid: 400_000,
      noBid: 550_000,
      restRemainder: false,
      subaccount: sub,
    });
    desk.acceptQuote(TEST_USER_ID, quote.id, 'yes');
    desk.confirmQuote(QUOTER, quote.id);
    const quoteMessages = (frames: Message[]) => frames.filter((f) => f.type.startsWith('quote_'));
    expect(quoteMessages(creator).map((f) => f.type)).toEqual(['quote_created', 'quote_accepted', 'quote_executed']);
    for (const frame of quoteMessages(creator)) expect(frame.msg).not.toHaveProperty('subaccount');
    expect(quoteMessages(quoter).map((f) => [f.type, f.msg.subaccount])).toEqual([
      ['quote_created', sub],
      ['quote_accepted', sub],
      ['quote_executed', sub],
    ]);
  });
});
