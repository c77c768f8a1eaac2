import { describe, expect, it } from 'vitest';
import { DECI_CENT } from '../helpers';
import { ioc, orderBody, twoTraders } from './traders';

// The fee is part of what a fill costs (kalshi-api-notes §5.15: taker 0.07·C·P·(1−P), maker 0.0175·C·P·(1−P) on
// `quadratic_with_maker_fees`, each rounded up to $0.0001), and `insufficient_balance` is "cost exceeds available
// balance" (§3.2): an order is accepted only if the balance covers its contracts and the largest fee it can incur,
// so the available balance never goes below zero.
const TICKER = 'KXFEES-26DEC01-T1';
const ORDERS = '/portfolio/events/orders';
const refused = { status: 400, body: { error: { code: 'insufficient_balance' } } };

describe('the balance check covers fees', () => {
  it('a taker needs the taker fee on top of the contracts', async () => {
    // 10 YES @0.40 as taker: $4.00 + 0.07 × 10 × 0.40 × 0.60 = $0.168.
    const { asAlice, asBob, mock, alice } = await twoTraders(TICKER, { aliceCash: 4 });
    expect((await asBob('POST', ORDERS, orderBody(TICKER, 'ask', '0.4000', '10'))).status).toBe(201);
    expect(await asAlice('POST', ORDERS, orderBody(TICKER, 'bid', '0.4000', '10', ioc))).toMatchObject(refused);
    expect((await asAlice('GET', '/portfolio/balance')).body.balance_dollars).toBe('4.0000');

    mock.exchange.setBalance(alice.userId, 4_168_000);
    const taken = await asAlice('POST', ORDERS, orderBody(TICKER, 'bid', '0.4000', '10', ioc));
    expect(taken.status).toBe(201);
    expect(taken.body.fill_count).toBe('10.00');
    expect((await asAlice('GET', '/portfolio/balance')).body).toMatchObject({ balance: 0, balance_dollars: '0.0000' });
  });

  // Fees are charged per fill, each rounded up to $0.0001 (D-feer), so the most a resting order's fills can cost is
  // that of fills of 0.01 contract (round 29, P: the hold was one fill's fee, and small fills overdrew the account;
  // test/accounts/per-fill-fees.test.ts). The notes are silent on what Kalshi holds.
  it('a resting order holds the most its maker fills can cost, so no fill can overdraw the account', async () => {
    // 10 YES @0.40 resting on a maker-fee series: $4.00 + 1000 fills of 0.01 × ceil(0.0175 × 0.01 × 0.24 = $0.000042)
    // = $0.10 (one 10-contract fill would cost 0.0175 × 10 × 0.24 = $0.042).
    const { asAlice, asBob, mock, alice } = await twoTraders(TICKER, {
      aliceCash: 4.042,
      feeType: 'quadratic_with_maker_fees',
    });
    expect(await asAlice('POST', ORDERS, orderBody(TICKER, 'bid', '0.4000', '10'))).toMatchObject(refused);

    mock.exchange.setBalance(alice.userId, 4_100_000);
    expect((await asAlice('POST', ORDERS, orderBody(TICKER, 'bid', '0.4000', '10'))).status).toBe(201);
    expect((await asAlice('GET', '/portfolio/balance')).body.balance_dollars).toBe('0.0000');
    // Filled at once, it pays one fill's fee: $4.10 − $4.00 − $0.042.
    expect((await asBob('POST', ORDERS, orderBody(TICKER, 'ask', '0.4000', '10', ioc))).body.fill_count).toBe('10.00');
    expect((await asAlice('GET', '/portfolio/balance')).body).toMatchObject({ balance: 5, balance_dollars: '0.0580' });
  });

  // CO1. The largest fee a fill can cost includes the rounding fee (§5.15 "API accounting since the fixed-point
  // migration", D-feer; collateral.ts header).
  // The balance is on $0.0001 (setBalance refuses finer cash, round 25 V's D6), so the check is seen one step below
  // what the fill costs with its rounding fee: $0.0001 covers the trade fee, or the cost, but not the fill.
  it('counts the rounding fee too: 0.01 YES @ $0.001 needs $0.0002, not $0.00011', async () => {
    const { asAlice, asBob, mock, alice } = await twoTraders(TICKER, { market: DECI_CENT });
    expect((await asBob('POST', ORDERS, orderBody(TICKER, 'ask', '0.0010', '1'))).status).toBe(201);
    // Cost 0.01 × 0.001 = $0.00001; trade fee 0.07 × 0.01 × 0.001 × 0.999 up to $0.0001; balance change −$0.00011
    // floored to −$0.0002: rounding fee $0.00009.
    mock.exchange.setBalance(alice.userId, 100);
    expect(await asAlice('POST', ORDERS, orderBody(TICKER, 'bid', '0.0010', '0.01', ioc))).toMatchObject(refused);
    expect(mock.exchange.accounts.get(alice.userId)?.cash).toBe(100);

    mock.exchange.setBalance(alice.userId, 200);
    expect((await asAlice('POST', ORDERS, orderBody(TICKER, 'bid', '0.0010', '0.01', ioc))).body.fill_count).toBe(
      '0.01',
    );
    expect(mock.exchange.accounts.get(alice.userId)?.cash).toBe(0);
  });
});

// The fee schedule's series terms (§5.15; spec Series.fee_type): the maker pays 0.25 × the 0.07 taker rate on
// `quadratic_with_maker_fees` series, 0.5 × on `quadratic_with_combo_maker_fees` ("the same maker-fee structure with a
// 0.5 maker multiplier instead of 0.25"), nothing on `quadratic`; every fee is multiplied by m, the series
// fee_multiplier. (`flat` series "use a separate table" the notes do not give: the mock holds none, and a dataset with
// one is refused, test/dataset/fee-terms.test.ts.)
describe('the series fee terms', () => {
  it('a quadratic series charges the maker nothing', async () => {
    const { asAlice, asBob } = await twoTraders(TICKER, { feeType: 'quadratic' });
    expect((await asAlice('POST', ORDERS, orderBody(TICKER, 'bid', '0.5000', '10'))).status).toBe(201);
    expect((await asBob('POST', ORDERS, orderBody(TICKER, 'ask', '0.5000', '10', ioc))).body.fill_count).toBe('10.00');
    const [made] = (await asAlice('GET', `/portfolio/fills?ticker=${TICKER}`)).body.fills;
    expect(made).toMatchObject({ is_taker: false, fee_cost: '0.000000' });
    expect((await asAlice('GET', '/portfolio/balance')).body.balance_dollars).toBe('9995.0000'); // 10000 − 10 × 0.50
    // Bob: 10 NO @0.50 and 0.07 × 10 × 0.50 × 0.50 = 0.175: 10000 − 5 − 0.175.
    expect((await asBob('GET', '/portfolio/balance')).body.balance_dollars).toBe('9994.8250');
  });

  // Round 25, P1: the combo maker paid the 0.0175 rate (0.0438 here).
  it('a combo-maker-fee series charges the maker 0.5 × the taker rate: 0.035 × 10 × 0.50 × 0.50 = $0.0875', async () => {
    const { asAlice, asBob } = await twoTraders(TICKER, { feeType: 'quadratic_with_combo_maker_fees' });
    expect((await asAlice('POST', ORDERS, orderBody(TICKER, 'bid', '0.5000', '10'))).status).toBe(201);
    expect((await asBob('POST', ORDERS, orderBody(TICKER, 'ask', '0.5000', '10', ioc))).body.fill_count).toBe('10.00');
    const [made] = (await asAlice('GET', `/portfolio/fills?ticker=${TICKER}`)).body.fills;
    expect(made).toMatchObject({ is_taker: false, fee_cost: '0.087500' });
    const [taken] = (await asBob('GET', `/portfolio/fills?ticker=${TICKER}`)).body.fills;
    expect(taken).toMatchObject({ is_taker: true, fee_cost: '0.175000' }); // the taker's 0.07 as on any series
    expect((await asAlice('GET', '/portfolio/balance')).body.balance_dollars).toBe('9994.9125'); // 10000 − 5 − 0.0875
    expect((await asBob('GET', '/portfolio/balance')).body.balance_dollars).toBe('9994.8250');
  });

  it('a combo maker fee is rounded up to $0.0001: 0.035 × 3 × 0.47 × 0.53 = $0.0261555 → $0.0262', async () => {
    const { asAlice, asBob } = await twoTraders(TICKER, { feeType: 'quadratic_with_combo_maker_fees' });
    expect((await asAlice('POST', ORDERS, orderBody(TICKER, 'bid', '0.4700', '3'))).status).toBe(201);
    expect((await asBob('POST', ORDERS, orderBody(TICKER, 'ask', '0.4700', '3', ioc))).body.fill_count).toBe('3.00');
    const [made] = (await asAlice('GET', `/portfolio/fills?ticker=${TICKER}`)).body.fills;
    expect(made).toMatchObject({ is_taker: false, fee_cost: '0.026200' });
  });

  it('a resting combo-fee order holds the most its fills can cost and pays 0.035 × 10 × 0.40 × 0.60 = $0.084', async () => {
    // Held: $4.00 + 1000 fills of 0.01 × ceil(0.035 × 0.01 × 0.24 = $0.000084) = $4.10 (per-fill fees, D-feer).
    const { asAlice, asBob, mock, alice } = await twoTraders(TICKER, {
      aliceCash: 4.084, // one 10-contract fill's fee would do
      feeType: 'quadratic_with_combo_maker_fees',
    });
    expect(await asAlice('POST', ORDERS, orderBody(TICKER, 'bid', '0.4000', '10'))).toMatchObject(refused);

    mock.exchange.setBalance(alice.userId, 4_100_000);
    expect((await asAlice('POST', ORDERS, orderBody(TICKER, 'bid', '0.4000', '10'))).status).toBe(201);
    expect((await asAlice('GET', '/portfolio/balance')).body.balance_dollars).toBe('0.0000');
    expect((await asBob('POST', ORDERS, orderBody(TICKER, 'ask', '0.4000', '10', ioc))).body.fill_count).toBe('10.00');
    expect((await asAlice('GET', '/portfolio/balance')).body).toMatchObject({ balance: 1, balance_dollars: '0.0160' });
  });

  // FE4.
  it('a fee multiplier of 0.5 halves the taker fee', async () => {
    const { asAlice, asBob } = await twoTraders(TICKER, { feeMultiplierBp: 5_000 });
    expect((await asAlice('POST', ORDERS, orderBody(TICKER, 'bid', '0.5000', '10'))).status).toBe(201);
    expect((await asBob('POST', ORDERS, orderBody(TICKER, 'ask', '0.5000', '10', ioc))).body.fill_count).toBe('10.00');
    const [taken] = (await asBob('GET', `/portfolio/fills?ticker=${TICKER}`)).body.fills;
    expect(taken).toMatchObject({ is_taker: true, fee_cost: '0.087500' }); // 0.5 × 0.07 × 10 × 0.50 × 0.50
    expect((await asBob('GET', '/portfolio/balance')).body.balance_dollars).toBe('9994.9125'); // 10000 − 5 − 0.0875
  });
});
