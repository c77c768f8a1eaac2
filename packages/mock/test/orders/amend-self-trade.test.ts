import { describe, expect, it } from 'vitest';
import { ioc, orderBody, twoTraders } from '../accounts/traders';

// An amend that meets its owner's own resting order (kalshi-api-notes §5.8 taker_at_cross: "the incoming (taker) order
// is canceled"; the notes are silent on amends, the mock cancels the amended order). Whatever it counted of the held
// contracts is free again, as a cancel frees them (§5.15: one signed position nets; a resting sell of held contracts
// holds no cash): the user's other resting sells must not go on holding cash for contracts they now cover.
const TICKER = 'KXSTPAMEND-26DEC01-T1';
const ORDERS = '/portfolio/events/orders';

describe('an amend canceled by self-trade prevention', () => {
  it('frees the held contracts it counted for the other resting sells', async () => {
    const { asAlice, asBob } = await twoTraders(TICKER, { aliceCash: 10 });
    // Alice buys 20 YES @0.40 from Bob: $8.00 + fee 0.07 × 20 × 0.40 × 0.60 = $0.336 → $1.664.
    expect((await asBob('POST', ORDERS, orderBody(TICKER, 'ask', '0.4000', '20'))).status).toBe(201);
    expect((await asAlice('POST', ORDERS, orderBody(TICKER, 'bid', '0.4000', '20', ioc))).body.fill_count).toBe(
      '20.00',
    );
    // A sells the 20 held YES (no cash); B's 4 more open NO @0.40: $1.60 held → $0.064.
    const a = await asAlice('POST', ORDERS, orderBody(TICKER, 'ask', '0.6000', '20'));
    expect((await asAlice('POST', ORDERS, orderBody(TICKER, 'ask', '0.6000', '4'))).status).toBe(201);
    // Alice's own bid, 1 @0.05: $0.05 held → $0.014 (quadratic series: no maker fee).
    expect((await asAlice('POST', ORDERS, orderBody(TICKER, 'bid', '0.0500', '1'))).status).toBe(201);
    expect((await asAlice('GET', '/portfolio/balance')).body.balance_dollars).toBe('0.0140');

    // A, shrunk to 16 and repriced to 0.05, meets Alice's own bid first: taker_at_cross cancels A.
    const amended = await asAlice('POST', `${ORDERS}/${a.body.order_id}/amend`, {
      ticker: TICKER,
      side: 'ask',
      price: '0.0500',
      count: '16',
    });
    expect(amended.status).toBe(200);
    expect(amended.body.fill_count).toBe('0.00');
    expect((await asAlice('GET', `/portfolio/orders/${a.body.order_id}`)).body.order.status).toBe('canceled');
    // The 20 YES now cover B: only the bid's $0.05 is held, $1.664 − 0.05 = $1.614 available.
    expect((await asAlice('GET', '/portfolio/balance')).body.balance_dollars).toBe('1.6140');
  });
});
