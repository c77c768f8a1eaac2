import { describe, expect, it } from 'vitest';
import { DECI_CENT } from '../helpers';
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

  // OR12. kalshi-api-notes §5.7: reduce_only "size capped to current position".
  it('a reduce_only sell larger than the position fills only the contracts held', async () => {
    const { asAlice, asBob } = await aliceHolds20Yes();
    expect((await asBob('POST', ORDERS, orderBody(TICKER, 'bid', '0.5500', '30'))).status).toBe(201);
    const sold = await asAlice('POST', ORDERS, orderBody(TICKER, 'ask', '0.5500', '30', { ...ioc, reduce_only: true }));
    expect(sold.status).toBe(201);
    expect(sold.body.fill_count).toBe('20.00');
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

  // CO2. The proceeds of the held contracts sold pay the fee (collateral.ts header; settlement-bounds guide above).
  it('sells held YES with no cash at all: the proceeds pay the taker fee', async () => {
    const { asAlice, asBob, mock, alice } = await aliceHolds20Yes();
    mock.exchange.setBalance(alice.userId, 0);
    expect((await asBob('POST', ORDERS, orderBody(TICKER, 'bid', '0.5500', '20'))).status).toBe(201);
    const sold = await asAlice('POST', ORDERS, orderBody(TICKER, 'ask', '0.5500', '20', ioc));
    expect(sold.status).toBe(201);
    expect(sold.body.fill_count).toBe('20.00');
    // 0 − 20 NO × 0.45 (9.00) − fee 0.07 × 20 × 0.55 × 0.45 (0.3465) + 20 netted pairs × $1 = 10.6535.
    expect((await asAlice('GET', '/portfolio/balance')).body.balance_dollars).toBe('10.6535');
  });

  // CO3. Selling held YES at p is paid p per contract (§5.4 sell YES = ask at the YES price), and that pays the fee.
  it('a sale of held YES at $0.999 pays its fee from the $0.999 proceeds, with no cash', async () => {
    const { asAlice, asBob, mock, alice } = await twoTraders(TICKER, { market: DECI_CENT });
    expect((await asBob('POST', ORDERS, orderBody(TICKER, 'ask', '0.9990', '0.01'))).status).toBe(201);
    expect((await asAlice('POST', ORDERS, orderBody(TICKER, 'bid', '0.9990', '0.01', ioc))).body.fill_count).toBe(
      '0.01',
    );
    mock.exchange.setBalance(alice.userId, 0);
    expect((await asBob('POST', ORDERS, orderBody(TICKER, 'bid', '0.9990', '0.01'))).status).toBe(201);
    // Proceeds 0.01 × 0.999 = $0.00999 cover the trade fee (0.07 × 0.01 × 0.999 × 0.001 up to $0.0001 = $0.0001) and
    // the rounding fee ($0.00009); 1 − p = $0.001 would not.
    const sold = await asAlice('POST', ORDERS, orderBody(TICKER, 'ask', '0.9990', '0.01', ioc));
    expect(sold.status).toBe(201);
    expect(sold.body.fill_count).toBe('0.01');
    // 0 − NO 0.01 × 0.001 (0.00001) − 0.0001 + 1 pair × 0.01 = 0.00989, floored by the rounding fee to 0.0098.
    expect((await asAlice('GET', '/portfolio/balance')).body.balance_dollars).toBe('0.0098');
  });

  // CO4. An amend gives up the order's own reservation (collateral.ts `required`; §5.9 amend keeps the order id).
  it('amending a resting sell of held YES needs no cash: its own contracts still back it', async () => {
    const { asAlice, mock, alice } = await aliceHolds20Yes();
    mock.exchange.setBalance(alice.userId, 0);
    const placed = await asAlice('POST', ORDERS, orderBody(TICKER, 'ask', '0.7000', '20'));
    expect(placed.status).toBe(201);
    const amended = await asAlice('POST', `${ORDERS}/${placed.body.order_id}/amend`, {
      ticker: TICKER,
      side: 'ask',
      price: '0.6500',
      count: '20',
    });
    expect(amended.status).toBe(200);
    expect((await asAlice('GET', '/portfolio/balance')).body.balance_dollars).toBe('0.0000');
  });

  // CO5. Only sells of the held side use held contracts (collateral.ts header); a YES bid sells nothing.
  it('a resting YES bid does not use up the held YES that back a sell', async () => {
    const { asAlice, mock, alice } = await aliceHolds20Yes();
    mock.exchange.setBalance(alice.userId, 2_000_000); // $2.00
    // Bid 5 YES @0.30 holds 5 × 0.30 = $1.50 (no maker fee on a quadratic series): $0.50 left.
    expect((await asAlice('POST', ORDERS, orderBody(TICKER, 'bid', '0.3000', '5'))).status).toBe(201);
    expect((await asAlice('GET', '/portfolio/balance')).body.balance_dollars).toBe('0.5000');
    // Ask 20 @0.70 sells the 20 held YES: nothing more held.
    expect((await asAlice('POST', ORDERS, orderBody(TICKER, 'ask', '0.7000', '20'))).status).toBe(201);
    expect((await asAlice('GET', '/portfolio/balance')).body.balance_dollars).toBe('0.5000');
  });

  // CO8. "Held contracts back the resting orders that sell them in time priority" (collateral.ts header; the notes
  // are silent on which resting sell held contracts back).
  it('held YES back the oldest resting sell; a newer one is paid for at its own price', async () => {
    const { asAlice } = await aliceHolds20Yes();
    expect((await asAlice('POST', ORDERS, orderBody(TICKER, 'ask', '0.6000', '20'))).status).toBe(201);
    expect((await asAlice('POST', ORDERS, orderBody(TICKER, 'ask', '0.8000', '1'))).status).toBe(201);
    // The 20 YES back the first; the second opens 1 NO @0.20: 1.664 − 0.20 = 1.464 (backing the newer one first
    // would leave 1 of the older uncovered: 1 NO @0.40, 1.264).
    expect((await asAlice('GET', '/portfolio/balance')).body.balance_dollars).toBe('1.4640');
  });
});

// One signed position per market, YES netting against NO (kalshi-api-notes §5.15 "Position netting"); a YES and a NO
// held together pay $1 (ledger.ts). Positions carry market_exposure_dollars, realized_pnl_dollars and last_updated_ts
// (§7 Positions, spec MarketPosition).
describe('position netting', () => {
  // LE12 (and the exposure half of LE10).
  it('a fill that flips a position closes only the contracts held and opens the rest', async () => {
    const { asAlice, asBob } = await twoTraders(TICKER);
    // Alice buys 10 YES @0.40: $4.00 + fee 0.07 × 10 × 0.40 × 0.60 = 0.168.
    expect((await asBob('POST', ORDERS, orderBody(TICKER, 'ask', '0.4000', '10'))).status).toBe(201);
    expect((await asAlice('POST', ORDERS, orderBody(TICKER, 'bid', '0.4000', '10', ioc))).body.fill_count).toBe(
      '10.00',
    );
    // One fill sells 15 YES @0.55 = buys 15 NO @0.45 ($6.75), fee 0.07 × 15 × 0.55 × 0.45 = 0.259875 → 0.2599.
    expect((await asBob('POST', ORDERS, orderBody(TICKER, 'bid', '0.5500', '15'))).status).toBe(201);
    expect((await asAlice('POST', ORDERS, orderBody(TICKER, 'ask', '0.5500', '15', ioc))).body.fill_count).toBe(
      '15.00',
    );
    // Only 10 pairs net: 10000 − 4.00 − 0.168 − 6.75 − 0.2599 + 10 × $1 = 9998.8221.
    expect((await asAlice('GET', '/portfolio/balance')).body.balance_dollars).toBe('9998.8221');
    const held = (await asAlice('GET', `/portfolio/positions?ticker=${TICKER}`)).body.market_positions[0];
    expect(held).toMatchObject({
      position_fp: '-5.00',
      market_exposure_dollars: '2.250000', // the 5 NO left, 5 × 0.45
      realized_pnl_dollars: '1.500000', // 10 pairs: 10 × $1 − 10 × 0.40 − 10 × 0.45
    });
  });

  // LE11.
  it("a position's last_updated_ts is the time of its latest fill", async () => {
    const { asAlice, asBob, mock } = await twoTraders(TICKER);
    expect((await asBob('POST', ORDERS, orderBody(TICKER, 'ask', '0.4000', '10'))).status).toBe(201);
    expect((await asAlice('POST', ORDERS, orderBody(TICKER, 'bid', '0.4000', '5', ioc))).body.fill_count).toBe('5.00');
    mock.exchange.advanceTime(60_000);
    expect((await asAlice('POST', ORDERS, orderBody(TICKER, 'bid', '0.4000', '5', ioc))).body.fill_count).toBe('5.00');
    const held = (await asAlice('GET', `/portfolio/positions?ticker=${TICKER}`)).body.market_positions[0];
    expect(held.last_updated_ts).toBe(new Date(1_790_000_000_000 + 60_000).toISOString()); // twoTraders' clock + 60 s
  });

  // LE6. The notes do not say which way a share of exposure finer than $0.000001 goes when part of a position
  // closes; the mock truncates the released share, so the µ$ stays with the open contracts.
  it('closing half of 0.02 YES bought for $0.010003 releases $0.005001 and keeps $0.005002 open', async () => {
    const { asAlice, asBob } = await twoTraders(TICKER, { market: { tick: 100 } });
    expect((await asBob('POST', ORDERS, orderBody(TICKER, 'ask', '0.5001', '0.01'))).status).toBe(201);
    expect((await asBob('POST', ORDERS, orderBody(TICKER, 'ask', '0.5002', '0.01'))).status).toBe(201);
    // Exposure 0.01 × 0.5001 + 0.01 × 0.5002 = $0.010003.
    expect((await asAlice('POST', ORDERS, orderBody(TICKER, 'bid', '0.5002', '0.02', ioc))).body.fill_count).toBe(
      '0.02',
    );
    expect((await asBob('POST', ORDERS, orderBody(TICKER, 'bid', '0.5000', '0.01'))).status).toBe(201);
    expect((await asAlice('POST', ORDERS, orderBody(TICKER, 'ask', '0.5000', '0.01', ioc))).body.fill_count).toBe(
      '0.01',
    );
    const held = (await asAlice('GET', `/portfolio/positions?ticker=${TICKER}`)).body.market_positions[0];
    expect(held).toMatchObject({
      position_fp: '0.01',
      market_exposure_dollars: '0.005002', // 0.010003 − trunc(0.010003 / 2) = 0.010003 − 0.005001
      realized_pnl_dollars: '-0.000001', // 1 pair × 0.01 − 0.005001 released − 0.01 NO × 0.50
    });
  });

  // LE7. As above, the notes are silent; the mock truncates the cost share of the closing contracts, so the µ$ stays
  // with the contracts opened. A REST price is a multiple of $0.0001, which always splits evenly; a control-made
  // micro-dollar price does not.
  it('a flip at a micro-dollar price books the truncated cost share as closing and the rest as the new exposure', async () => {
    const { asAlice, mock, alice, bob } = await twoTraders(TICKER, { market: { tick: 1 } });
    const place = (user: string, side: 'bid' | 'ask', price: number, count: number, immediate = false) =>
      mock.exchange.createOrder(user, {
        ticker: TICKER,
        side,
        price,
        count,
        timeInForce: immediate ? 'immediate_or_cancel' : 'good_till_canceled',
        selfTradePrevention: 'taker_at_cross',
      });
    place(bob.userId, 'ask', 500_000, 2);
    place(alice.userId, 'bid', 500_000, 2, true); // 0.02 YES @0.50: exposure $0.01
    place(bob.userId, 'bid', 500_067, 3);
    // 0.03 NO @0.499933 cost ceil(14,997.99 µ$) = 14,998 µ$; 0.02 of them close the YES: 14,998 × 2/3 = 9,998.67 µ$.
    expect(place(alice.userId, 'ask', 500_067, 3, true).order.fillCount).toBe(3);
    const held = (await asAlice('GET', `/portfolio/positions?ticker=${TICKER}`)).body.market_positions[0];
    expect(held).toMatchObject({
      position_fp: '-0.01',
      market_exposure_dollars: '0.005000', // 14,998 − 9,998
      realized_pnl_dollars: '0.000002', // 2 pairs × 0.01 − 10,000 released − 9,998
    });
  });
});
