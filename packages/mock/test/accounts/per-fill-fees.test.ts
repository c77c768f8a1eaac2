import { describe, expect, it } from 'vitest';
import { ioc, orderBody, twoTraders } from './traders';

// Fees are charged per fill (kalshi-api-notes §5.15; D-feer "Trade fee: Fee from the fee model, rounded up to the
// nearest $0.0001", per fill), so an order filled in many small pieces pays more than one fill of the same size would:
// 100 fills of 0.01 contract at $0.50 pay the taker 100 × ceil(0.07 × 0.01 × 0.25 = $0.000175) = $0.02, not the
// $0.0175 of one 1-contract fill. `insufficient_balance` is "cost exceeds available balance" (§3.2): an order the
// account cannot pay for in full is refused, so the available balance (GET /portfolio/balance) never goes below zero,
// however the order's fills are cut. (Round 29, P: a sweep of small makers took the taker's balance to −$0.0025, and a
// resting order filled in small pieces took its maker's to −$0.0056.)
const TICKER = 'KXPIECE-26DEC01-T1';
const ORDERS = '/portfolio/events/orders';
const refused = { status: 400, body: { error: { code: 'insufficient_balance' } } };

describe('fees of many small fills', () => {
  it('a taker sweeping 100 makers of 0.01 contract needs their per-fill fees, not one fill’s', async () => {
    const { asAlice, asBob, mock, alice } = await twoTraders(TICKER);
    for (let i = 0; i < 100; i++)
      expect((await asBob('POST', ORDERS, orderBody(TICKER, 'ask', '0.5000', '0.01'))).status).toBe(201);
    // One 1-contract fill would cost $0.50 + $0.0175: the 100 fills cost $0.50 + 100 × $0.0002 = $0.52.
    mock.exchange.setBalance(alice.userId, 517_500);
    expect(await asAlice('POST', ORDERS, orderBody(TICKER, 'bid', '0.5000', '1', ioc))).toMatchObject(refused);
    expect((await asAlice('GET', '/portfolio/balance')).body.balance_dollars).toBe('0.5175');

    mock.exchange.setBalance(alice.userId, 520_000);
    const taken = await asAlice('POST', ORDERS, orderBody(TICKER, 'bid', '0.5000', '1', ioc));
    expect(taken.body).toMatchObject({ fill_count: '1.00', average_fee_paid: '0.0200' });
    expect((await asAlice('GET', '/portfolio/balance')).body).toMatchObject({ balance: 0, balance_dollars: '0.0000' });
  });

  it('an amend that sweeps them is refused the same way, and the order rests as it was', async () => {
    const { asAlice, asBob, mock, alice } = await twoTraders(TICKER);
    for (let i = 0; i < 100; i++)
      expect((await asBob('POST', ORDERS, orderBody(TICKER, 'ask', '0.5000', '0.01'))).status).toBe(201);
    mock.exchange.setBalance(alice.userId, 517_500);
    const resting = await asAlice('POST', ORDERS, orderBody(TICKER, 'bid', '0.4000', '1'));
    expect(resting.status).toBe(201);
    const amend = (price: string) =>
      asAlice('POST', `${ORDERS}/${resting.body.order_id}/amend`, { ticker: TICKER, side: 'bid', price, count: '1' });
    expect(await amend('0.5000')).toMatchObject(refused);
    const kept = (await asAlice('GET', `/portfolio/orders/${resting.body.order_id}`)).body.order;
    expect(kept).toMatchObject({ status: 'resting', yes_price_dollars: '0.4000', fill_count_fp: '0.00' });
    expect((await asAlice('GET', '/portfolio/balance')).body.balance_dollars).toBe('0.1175');

    mock.exchange.setBalance(alice.userId, 520_000);
    expect((await amend('0.5000')).body).toMatchObject({ fill_count: '1.00', average_fee_paid: '0.0200' });
    expect((await asAlice('GET', '/portfolio/balance')).body).toMatchObject({ balance: 0, balance_dollars: '0.0000' });
  });

  it('a resting order filled 0.01 contract at a time never takes its maker below zero', async () => {
    const { asAlice, asBob, mock, bob } = await twoTraders(TICKER, { feeType: 'quadratic_with_maker_fees' });
    // Bob rests 1 YES @0.50 with nothing to spare: his available balance is what the order holds.
    const resting = await asBob('POST', ORDERS, orderBody(TICKER, 'bid', '0.5000', '1'));
    expect(resting.status).toBe(201);
    const held = mock.exchange.orders.get(resting.body.order_id)?.locked as number;
    mock.exchange.setBalance(bob.userId, held);
    expect((await asBob('GET', '/portfolio/balance')).body.balance_dollars).toBe('0.0000');
    // 100 maker fills of 0.01: each pays $0.005 and a maker fee of ceil(0.0175 × 0.01 × 0.25 = $0.00004375) = $0.0001.
    for (let i = 0; i < 100; i++)
      expect((await asAlice('POST', ORDERS, orderBody(TICKER, 'ask', '0.5000', '0.01', ioc))).body.fill_count).toBe(
        '0.01',
      );
    const [order, balance] = await Promise.all([
      asBob('GET', `/portfolio/orders/${resting.body.order_id}`),
      asBob('GET', '/portfolio/balance'),
    ]);
    expect(order.body.order).toMatchObject({ status: 'executed', maker_fees_dollars: '0.010000' });
    expect(balance.body).toMatchObject({ balance: 0, balance_dollars: '0.0000' });
  });
});
