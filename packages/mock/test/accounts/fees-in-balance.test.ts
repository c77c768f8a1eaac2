import { describe, expect, it } from 'vitest';
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

  it('a resting order holds its maker fee, so its fill cannot overdraw the account', async () => {
    // 10 YES @0.40 resting on a maker-fee series: $4.00 + 0.0175 × 10 × 0.24 = $0.042.
    const { asAlice, asBob, mock, alice } = await twoTraders(TICKER, {
      aliceCash: 4,
      feeType: 'quadratic_with_maker_fees',
    });
    expect(await asAlice('POST', ORDERS, orderBody(TICKER, 'bid', '0.4000', '10'))).toMatchObject(refused);

    mock.exchange.setBalance(alice.userId, 4_042_000);
    expect((await asAlice('POST', ORDERS, orderBody(TICKER, 'bid', '0.4000', '10'))).status).toBe(201);
    expect((await asAlice('GET', '/portfolio/balance')).body.balance_dollars).toBe('0.0000');
    expect((await asBob('POST', ORDERS, orderBody(TICKER, 'ask', '0.4000', '10', ioc))).body.fill_count).toBe('10.00');
    expect((await asAlice('GET', '/portfolio/balance')).body).toMatchObject({ balance: 0, balance_dollars: '0.0000' });
  });
});
