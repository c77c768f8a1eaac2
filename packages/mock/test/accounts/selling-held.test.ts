import { describe, expect, it } from 'vitest';
import { ioc, orderBody, twoTraders } from './traders';

// Selling contracts one holds (kalshi-api-notes §5.15: one signed position per market, YES nets against NO; §5.4
// sell YES = ask). Kalshi's settlement-bounds guide: "Selling held YES contracts raises available balance by the
// price minus the floor" (floor 0 here), so the part of an order covered by held contracts needs no cash; only the
// part that would open or extend exposure (and the fee its proceeds do not pay) does. Fees: 0.07·C·P·(1−P), §5.15.
const TICKER = 'KXHELD-26DEC01-T1';
const ORDERS = '/portfolio/events/orders';

/** Alice ($10) buys 20 YES @0.40 from Bob: $8.00 + fee 0.07 × 20 × 0.40 × 0.60 = $0.336 → $1.664 left. */
async function aliceHolds20Yes() {
  const t = await twoTraders(TICKER, { aliceCash: 10 });
  expect((await t.asBob('POST', ORDERS, orderBody(TICKER, 'ask', '0.4000', '20'))).status).toBe(201);
  const bought = await t.asAlice('POST', ORDERS, orderBody(TICKER, 'bid', '0.4000', '20', ioc));
  expect(bought.body.fill_count).toBe('20.00');
  expect((await t.asAlice('GET', '/portfolio/balance')).body.balance_dollars).toBe('1.6640');
  return t;
}

describe('selling held contracts', () => {
  it.each([
    ['an IOC sell', {}],
    ['a reduce_only IOC sell', { reduce_only: true }],
  ])('%s of held YES needs no cash for the NO leg and raises the balance by the proceeds', async (_, extra) => {
    const { asAlice, asBob } = await aliceHolds20Yes();
    expect((await asBob('POST', ORDERS, orderBody(TICKER, 'bid', '0.5500', '20'))).status).toBe(201);
    const sold = await asAlice('POST', ORDERS, orderBody(TICKER, 'ask', '0.5500', '20', { ...ioc, ...extra }));
    expect(sold.status).toBe(201);
    expect(sold.body.fill_count).toBe('20.00');
    // 1.664 + 20 × 0.55 − fee 0.07 × 20 × 0.55 × 0.45 (0.3465) = 12.3175; flat.
    expect((await asAlice('GET', '/portfolio/balance')).body.balance_dollars).toBe('12.3175');
    const positions = (await asAlice('GET', `/portfolio/positions?ticker=${TICKER}&count_filter=total_traded`)).body;
    expect(positions.market_positions[0].position_fp).toBe('0.00');
  });

  it('a NO holder buys YES back (reduce_only) without cash for the YES leg', async () => {
    const { asAlice, asBob } = await twoTraders(TICKER, { aliceCash: 5 });
    // Alice buys 10 NO @0.40 (ask YES 0.60 into Bob's bid): $4.00 + fee 0.07 × 10 × 0.24 = 0.168 → $0.832 left.
    expect((await asBob('POST', ORDERS, orderBody(TICKER, 'bid', '0.6000', '10'))).status).toBe(201);
    expect((await asAlice('POST', ORDERS, orderBody(TICKER, 'ask', '0.6000', '10', ioc))).status).toBe(201);
    expect((await asAlice('GET', '/portfolio/balance')).body.balance_dollars).toBe('0.8320');
    expect((await asBob('POST', ORDERS, orderBody(TICKER, 'ask', '0.5000', '10'))).status).toBe(201);
    const back = await asAlice('POST', ORDERS, orderBody(TICKER, 'bid', '0.5000', '10', { ...ioc, reduce_only: true }));
    expect(back.status).toBe(201);
    expect(back.body.fill_count).toBe('10.00');
    // 0.832 + 10 × (1 − 0.50) − fee 0.07 × 10 × 0.25 (0.175) = 5.657.
    expect((await asAlice('GET', '/portfolio/balance')).body.balance_dollars).toBe('5.6570');
  });

  it('a resting sell of held contracts holds no cash; two resting sells cannot both count the same contracts', async () => {
    const { asAlice, asBob } = await aliceHolds20Yes();
    const first = await asAlice('POST', ORDERS, orderBody(TICKER, 'ask', '0.6000', '20'));
    expect(first.status).toBe(201);
    expect((await asAlice('GET', '/portfolio/balance')).body.balance_dollars).toBe('1.6640');

    // The 20 YES back the first sell: another 20 would open 20 NO @0.40 = $8.00, more than Alice has.
    const second = await asAlice('POST', ORDERS, orderBody(TICKER, 'ask', '0.6000', '20'));
    expect(second).toMatchObject({ status: 400, body: { error: { code: 'insufficient_balance' } } });
    const small = await asAlice('POST', ORDERS, orderBody(TICKER, 'ask', '0.6000', '4'));
    expect(small.status).toBe(201);
    expect((await asAlice('GET', '/portfolio/balance')).body.balance_dollars).toBe('0.0640'); // 4 × 0.40 held

    // Canceling the first frees its contracts for the second, whose cash comes back.
    expect((await asAlice('DELETE', `${ORDERS}/${first.body.order_id}`)).status).toBe(200);
    expect((await asAlice('GET', '/portfolio/balance')).body.balance_dollars).toBe('1.6640');

    // Bob takes the 4: Alice is paid 4 × 0.60 − fee 0 (maker, quadratic) and still holds 16 YES.
    expect((await asBob('POST', ORDERS, orderBody(TICKER, 'bid', '0.6000', '4', ioc))).status).toBe(201);
    expect((await asAlice('GET', '/portfolio/balance')).body.balance_dollars).toBe('4.0640');
  });
});
