import { createSigner } from '@org/kalshi-auth';
import { describe, expect, it } from 'vitest';
import { createKalshiMock, type MockUser } from '../../src';
import { BASE, call, order } from '../helpers';

const TICKER = 'KXAMD-26DEC01-T1';
const NOW = 1_790_000_000_000;

async function twoAccounts() {
  const mock = createKalshiMock({ empty: true, now: NOW, users: 2 });
  mock.exchange.addMarket({ ticker: TICKER });
  const as = async (user: MockUser) => {
    const signer = await createSigner({ keyId: user.keyId, privateKey: user.privateKeyPem });
    return (method: string, path: string, body?: unknown) => call(mock, signer, BASE, method, path, body);
  };
  const [alice, bob] = mock.users as [MockUser, MockUser];
  return { mock, bob, asAlice: await as(alice), asBob: await as(bob) };
}

describe('AmendOrderV2 expiration_time', () => {
  it('removes the expiry with 0 (spec: "use 0 to remove it (good-till-canceled)")', async () => {
    const { mock, asAlice } = await twoAccounts();
    const expiry = NOW / 1000 + 3600;
    const placed = await asAlice('POST', '/portfolio/events/orders', order(TICKER, { expiration_time: expiry }));
    expect(placed.status).toBe(201);
    const amend = await asAlice('POST', `/portfolio/events/orders/${placed.body.order_id}/amend`, {
      ticker: TICKER,
      side: 'bid',
      price: '0.0100',
      count: '1.00',
      expiration_time: 0,
    });
    expect(amend.status).toBe(200);
    const read = (await asAlice('GET', `/portfolio/orders/${placed.body.order_id}`)).body.order;
    expect(read.expiration_time).toBeUndefined();
    // Past the old expiry the order still rests.
    mock.exchange.advanceTime(2 * 3600 * 1000);
    expect((await asAlice('GET', `/portfolio/orders/${placed.body.order_id}`)).body.order.status).toBe('resting');
  });

  it('still refuses a nonzero expiry in the past', async () => {
    const { asAlice } = await twoAccounts();
    const placed = await asAlice('POST', '/portfolio/events/orders', order(TICKER));
    const amend = await asAlice('POST', `/portfolio/events/orders/${placed.body.order_id}/amend`, {
      ticker: TICKER,
      side: 'bid',
      price: '0.0100',
      count: '1.00',
      expiration_time: NOW / 1000 - 1,
    });
    expect(amend.status).toBe(400);
  });
});

describe('amending a post-only order', () => {
  it('refuses a crossing price with the create-time error and leaves the order as it was', async () => {
    const { mock, bob, asAlice, asBob } = await twoAccounts();
    await asAlice('POST', '/portfolio/events/orders', order(TICKER, { price: '0.4000', count: '5' }));
    const ask = await asBob(
      'POST',
      '/portfolio/events/orders',
      order(TICKER, { side: 'ask', price: '0.4500', count: '3', post_only: true }),
    );
    expect(ask.status).toBe(201);
    // What a crossing post-only create answers (notes §5.7, recorded on demo).
    const atCreate = await asBob(
      'POST',
      '/portfolio/events/orders',
      order(TICKER, { side: 'ask', price: '0.4000', count: '3', post_only: true }),
    );
    expect(atCreate.status).toBe(400);
    const amend = await asBob('POST', `/portfolio/events/orders/${ask.body.order_id}/amend`, {
      ticker: TICKER,
      side: 'ask',
      price: '0.4000',
      count: '3.00',
    });
    expect(amend).toEqual(atCreate);
    const read = (await asBob('GET', `/portfolio/orders/${ask.body.order_id}`)).body.order;
    expect(read).toMatchObject({ status: 'resting', yes_price_dollars: '0.4500', fill_count_fp: '0.00' });
    expect(mock.inspect.fills({ user: bob.userId })).toEqual([]);
  });

  it('accepts a non-crossing new price', async () => {
    const { asAlice, asBob } = await twoAccounts();
    await asAlice('POST', '/portfolio/events/orders', order(TICKER, { price: '0.4000', count: '5' }));
    const ask = await asBob(
      'POST',
      '/portfolio/events/orders',
      order(TICKER, { side: 'ask', price: '0.4500', count: '3', post_only: true }),
    );
    const amend = await asBob('POST', `/portfolio/events/orders/${ask.body.order_id}/amend`, {
      ticker: TICKER,
      side: 'ask',
      price: '0.4100',
      count: '3.00',
    });
    expect(amend.status).toBe(200);
  });
});
