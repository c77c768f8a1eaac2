import { createSigner } from '@org/kalshi-auth';
import { describe, expect, it } from 'vitest';
import { createKalshiMock, type KalshiMock, type MockUser } from '../../src';
import { BASE, call, order } from '../helpers';
import { twoTraders } from './traders';

// Two accounts trading through REST, each signing with its own key. Expected numbers come from
// kalshi-api-notes §5.15 (maker's price; taker fee 0.07·C·P·(1−P), maker fee 0.0175·C·P·(1−P) on
// `quadratic_with_maker_fees` series, each rounded up to $0.0001), §5.8 (self-trade prevention) and §7.
const TICKER = 'KXTWO-26DEC01-T1';

async function asUser(mock: KalshiMock, user: MockUser) {
  const signer = await createSigner({ keyId: user.keyId, privateKey: user.privateKeyPem });
  return (method: string, path: string, body?: unknown) => call(mock, signer, BASE, method, path, body);
}

async function twoAccounts() {
  const mock = createKalshiMock({ empty: true, now: 1_790_000_000_000, seed: 7, users: 2 });
  mock.exchange.series.set('KXTWO', {
    ticker: 'KXTWO',
    title: 'Two',
    category: 'Other',
    frequency: 'custom',
    feeType: 'quadratic_with_maker_fees',
    feeMultiplierBp: 10_000,
  });
  mock.exchange.addMarket({ ticker: TICKER });
  const [alice, bob] = mock.users as [MockUser, MockUser];
  return { mock, alice, bob, asAlice: await asUser(mock, alice), asBob: await asUser(mock, bob) };
}

describe('several accounts', () => {
  it('opens accounts with UUID ids, own keys and $10,000 each', async () => {
    const { mock, alice, bob, asAlice, asBob } = await twoAccounts();
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    expect(alice.userId).toMatch(uuid);
    expect(bob.userId).toMatch(uuid);
    expect(new Set([alice.userId, bob.userId, alice.keyId, bob.keyId]).size).toBe(4);
    expect(mock.credentials.keyId).not.toBe(alice.keyId);
    for (const as of [asAlice, asBob]) {
      const { status, body } = await as('GET', '/portfolio/balance');
      expect(status).toBe(200);
      expect(body.balance_dollars).toBe('10000.0000');
    }
  });

  it("fills one account's resting order by another: maker/taker fees, positions and cash reconcile to the cent", async () => {
    const { alice, bob, asAlice, asBob } = await twoAccounts();
    // Alice bids YES 10 @ 0.40; Bob sells YES 4 (ask) at 0.30 and takes her bid at her price, 0.40.
    const resting = await asAlice('POST', '/portfolio/events/orders', order(TICKER, { count: '10', price: '0.4000' }));
    expect(resting.status).toBe(201);
    const taken = await asBob(
      'POST',
      '/portfolio/events/orders',
      order(TICKER, { side: 'ask', count: '4', price: '0.3000', time_in_force: 'immediate_or_cancel' }),
    );
    expect(taken.status).toBe(201);
    expect(taken.body.fill_count).toBe('4.00');
    expect(taken.body.average_fill_price).toBe('0.4000');

    // Taker fee 0.07 × 4 × 0.40 × 0.60 = $0.0672; maker fee 0.0175 × 4 × 0.24 = $0.0168.
    const aliceFills = (await asAlice('GET', '/portfolio/fills')).body.fills;
    const bobFills = (await asBob('GET', '/portfolio/fills')).body.fills;
    expect(aliceFills).toHaveLength(1);
    expect(bobFills).toHaveLength(1);
    expect(aliceFills[0]).toMatchObject({ is_taker: false, fee_cost: '0.016800', count_fp: '4.00', book_side: 'bid' });
    expect(bobFills[0]).toMatchObject({ is_taker: true, fee_cost: '0.067200', count_fp: '4.00', book_side: 'ask' });
    expect(aliceFills[0].yes_price_dollars).toBe('0.4000');
    // One trade, and both fills name it (notes §7: trade_id = fill_id).
    const trades = (await asAlice('GET', `/markets/trades?ticker=${TICKER}`)).body.trades;
    expect(trades).toHaveLength(1);
    expect(aliceFills[0].trade_id).toBe(trades[0].trade_id);
    expect(bobFills[0].trade_id).toBe(trades[0].trade_id);
    expect(aliceFills[0].fill_id).toBe(trades[0].trade_id);

    // Positions: Alice +4 YES at $1.60, Bob 4 NO (−4) at $2.40.
    const alicePos = (await asAlice('GET', '/portfolio/positions')).body.market_positions;
    const bobPos = (await asBob('GET', '/portfolio/positions')).body.market_positions;
    expect(alicePos).toEqual([
      expect.objectContaining({ ticker: TICKER, position_fp: '4.00', market_exposure_dollars: '1.600000' }),
    ]);
    expect(alicePos[0].fees_paid_dollars).toBe('0.016800');
    expect(bobPos).toEqual([
      expect.objectContaining({ ticker: TICKER, position_fp: '-4.00', market_exposure_dollars: '2.400000' }),
    ]);
    expect(bobPos[0].fees_paid_dollars).toBe('0.067200');

    // Cash: Alice 10,000 − 1.60 − 0.0168, and held for her 6 resting contracts $2.40 plus the most their maker fills
    // can still cost, each fill's fee rounded up to $0.0001 (D-feer): 600 fills of 0.01 × $0.0001 = $0.06 (one fill
    // of 6 would cost 0.0175 × 6 × 0.40 × 0.60 = $0.0252); Bob 10,000 − 2.40 − 0.0672.
    expect((await asAlice('GET', '/portfolio/balance')).body).toMatchObject({
      balance_dollars: '9995.9232',
      balance: 999592,
    });
    expect((await asBob('GET', '/portfolio/balance')).body).toMatchObject({
      balance_dollars: '9997.5328',
      balance: 999753,
    });

    // Alice's order: 4 of 10 filled as maker, 6 still resting; orders carry the owner's UUID.
    const aliceOrder = (await asAlice('GET', `/portfolio/orders/${resting.body.order_id}`)).body.order;
    expect(aliceOrder).toMatchObject({
      status: 'resting',
      fill_count_fp: '4.00',
      remaining_count_fp: '6.00',
      maker_fees_dollars: '0.016800',
      maker_fill_cost_dollars: '1.600000',
      user_id: alice.userId,
    });
    // Each account sees its own orders only.
    expect((await asBob('GET', `/portfolio/orders/${resting.body.order_id}`)).status).toBe(404);
    const bobOrders = (await asBob('GET', '/portfolio/orders')).body.orders;
    expect(bobOrders.map((o: { user_id: string }) => o.user_id)).toEqual([bob.userId]);
  });

  it('applies self-trade prevention against the same account only (notes §5.8)', async () => {
    const { asAlice, asBob } = await twoAccounts();
    await asAlice('POST', '/portfolio/events/orders', order(TICKER, { count: '5', price: '0.4000' }));
    // Alice selling into her own bid with taker_at_cross: her order is canceled, nothing fills.
    const self = await asAlice(
      'POST',
      '/portfolio/events/orders',
      order(TICKER, { side: 'ask', count: '2', price: '0.4000', time_in_force: 'immediate_or_cancel' }),
    );
    expect(self.status).toBe(201);
    expect(self.body.fill_count).toBe('0.00');
    // Bob's identical order fills against her bid.
    const other = await asBob(
      'POST',
      '/portfolio/events/orders',
      order(TICKER, { side: 'ask', count: '2', price: '0.4000', time_in_force: 'immediate_or_cancel' }),
    );
    expect(other.body.fill_count).toBe('2.00');
    const book = (await asBob('GET', `/markets/${TICKER}/orderbook`)).body.orderbook_fp;
    expect(book.yes_dollars).toEqual([['0.4000', '3.00']]);
  });

  it("counts only the account's own resting orders in its total resting order value", async () => {
    // A `quadratic` series: no maker fee is held beside the orders' cost (the total is the collateral held).
    const { asAlice, asBob } = await twoTraders('KXREST-26DEC01-T1');
    const place = (as: typeof asAlice, count: string, price: string) =>
      as('POST', '/portfolio/events/orders', order('KXREST-26DEC01-T1', { count, price }));
    expect((await place(asAlice, '5', '0.4000')).status).toBe(201);
    expect((await place(asBob, '2', '0.3000')).status).toBe(201);
    // In cents (spec: "Total value of resting orders in cents"): 5 × $0.40 for Alice, 2 × $0.30 for Bob.
    const path = '/portfolio/summary/total_resting_order_value';
    expect((await asAlice('GET', path)).body.total_resting_order_value).toBe(200);
    expect((await asBob('GET', path)).body.total_resting_order_value).toBe(60);
  });

  it('opens an account through the control route as well', async () => {
    const mock = createKalshiMock({ empty: true, now: 1_790_000_000_000, seed: 7 });
    const user = mock.addUser({ balanceDollars: 250 });
    const as = await asUser(mock, user);
    expect((await as('GET', '/portfolio/balance')).body.balance_dollars).toBe('250.0000');
    expect(mock.users).toEqual([user]);
  });
});

describe('an account opened with its own balance', () => {
  it('gets that balance back after exchange.reset(), as the test key gets its $10,000', async () => {
    const mock = createKalshiMock({ empty: true, seed: 7, users: [{ balanceDollars: 250 }] });
    const carol = (mock.users as [MockUser])[0];
    const asCarol = await asUser(mock, carol);
    mock.exchange.setBalance(carol.userId, 0);
    mock.exchange.reset();
    // Spec: balance_dollars is a fixed-point dollar string; the account was registered with $250.
    expect((await asCarol('GET', '/portfolio/balance')).body.balance_dollars).toBe('250.0000');
  });
});
