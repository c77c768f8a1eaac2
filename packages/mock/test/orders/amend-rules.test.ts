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
  return { mock, alice, bob, asAlice: await as(alice), asBob: await as(bob) };
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

// kalshi-api-notes §5.9: an amend changes price and/or the max fillable count, `count = fill_count + desired
// remaining`, on the same order id; "Decreasing size at the same price keeps queue position; any price change or size
// increase sends the order to the back of the queue."
describe('what an amend keeps and needs', () => {
  const ORDERS = '/portfolio/events/orders';

  // OR2. Same price and same size is neither a price change nor a size increase.
  it('keeps the queue place when price and size stay the same (only the client order id changes)', async () => {
    const { asAlice, asBob } = await twoAccounts();
    const placed = await asAlice('POST', ORDERS, order(TICKER, { price: '0.3000', count: '2', client_order_id: 'a1' }));
    expect((await asBob('POST', ORDERS, order(TICKER, { price: '0.3000', count: '1' }))).status).toBe(201);
    const amended = await asAlice('POST', `${ORDERS}/${placed.body.order_id}/amend`, {
      ticker: TICKER,
      side: 'bid',
      price: '0.3000',
      count: '2',
      updated_client_order_id: 'a2',
    });
    expect(amended.status).toBe(200);
    const queue = await asAlice('GET', `/portfolio/orders/${placed.body.order_id}/queue_position`);
    expect(queue.body.queue_position_fp).toBe('0.00'); // still ahead of Bob's later order
  });

  // OR4. The order's current reservation is given back before the new one is taken (orders.ts "What it holds now is
  // given back"); §3.2 insufficient_balance: "cost exceeds available balance".
  it('needs only the collateral beyond what the order already holds', async () => {
    const { mock, alice, asAlice } = await twoAccounts();
    mock.exchange.setBalance(alice.userId, 10_000_000); // $10
    const placed = await asAlice('POST', ORDERS, order(TICKER, { price: '0.5000', count: '10' }));
    expect((await asAlice('GET', '/portfolio/balance')).body.balance_dollars).toBe('5.0000'); // 10 × 0.50 held
    const amended = await asAlice('POST', `${ORDERS}/${placed.body.order_id}/amend`, {
      ticker: TICKER,
      side: 'bid',
      price: '0.5500',
      count: '10',
    });
    expect(amended.status).toBe(200);
    expect((await asAlice('GET', '/portfolio/balance')).body.balance_dollars).toBe('4.5000'); // 10 − 10 × 0.55
  });

  // OR13. count = fill_count + desired remaining: a count equal to the filled count leaves nothing to rest, and a
  // resting order has something remaining (§5.5). The notes do not give the error code; the mock answers as for a
  // zero count at create.
  it('refuses a count equal to what has already filled, the order left as it was', async () => {
    const { asAlice, asBob } = await twoAccounts();
    const placed = await asAlice('POST', ORDERS, order(TICKER, { price: '0.5000', count: '2' }));
    const taken = await asBob(
      'POST',
      ORDERS,
      order(TICKER, { side: 'ask', price: '0.5000', count: '1', time_in_force: 'immediate_or_cancel' }),
    );
    expect(taken.body.fill_count).toBe('1.00');
    const amended = await asAlice('POST', `${ORDERS}/${placed.body.order_id}/amend`, {
      ticker: TICKER,
      side: 'bid',
      price: '0.5000',
      count: '1',
    });
    expect(amended).toMatchObject({ status: 400, body: { error: { code: 'invalid_order_size' } } });
    const read = (await asAlice('GET', `/portfolio/orders/${placed.body.order_id}`)).body.order;
    expect(read).toMatchObject({ status: 'resting', fill_count_fp: '1.00', remaining_count_fp: '1.00' });
  });
});

// kalshi-api-notes §3.2 and §5.9 (D-cl 2026-01-26): an amend whose ticker or client order id is not the order's is
// refused with `order_ticker_mismatch` / `order_id_and_client_order_id_mismatch` (400 per the mock; the changelog
// does not state the status), and the order stays as it was.
describe('an amend that names another order', () => {
  const ORDERS = '/portfolio/events/orders';

  it.each([
    ['a different ticker', { ticker: 'KXAMD-26DEC01-T2' }, 'order_ticker_mismatch'],
    ['a different client_order_id', { client_order_id: 'not-a1' }, 'order_id_and_client_order_id_mismatch'],
  ])('is refused for %s with %s, the order unchanged', async (_name, overrides, code) => {
    const { mock, asAlice } = await twoAccounts();
    mock.exchange.addMarket({ ticker: 'KXAMD-26DEC01-T2' });
    const placed = await asAlice('POST', ORDERS, order(TICKER, { price: '0.3000', count: '2', client_order_id: 'a1' }));
    const amended = await asAlice('POST', `${ORDERS}/${placed.body.order_id}/amend`, {
      ticker: TICKER,
      side: 'bid',
      price: '0.4000',
      count: '3',
      client_order_id: 'a1',
      ...overrides,
    });
    expect(amended).toMatchObject({ status: 400, body: { error: { code, service: 'exchange' } } });
    const read = (await asAlice('GET', `/portfolio/orders/${placed.body.order_id}`)).body.order;
    expect(read).toMatchObject({ status: 'resting', yes_price_dollars: '0.3000', remaining_count_fp: '2.00' });
  });
});

// The refusal names the field and both markets: `order_ticker_mismatch` alone (the notes record the code, no
// message) left the caller to guess which of ticker, side or client id was wrong and what the order's ticker is.
describe('an amend naming another existing market', () => {
  it('is refused with details naming ticker, the order and both tickers', async () => {
    const { mock, asAlice } = await twoAccounts();
    mock.exchange.addMarket({ ticker: 'KXAMD-26DEC01-T2' });
    const placed = await asAlice('POST', '/portfolio/events/orders', order(TICKER, { price: '0.3000', count: '2' }));
    const id = placed.body.order_id;
    const amended = await asAlice('POST', `/portfolio/events/orders/${id}/amend`, {
      ticker: 'KXAMD-26DEC01-T2',
      side: 'bid',
      price: '0.4000',
      count: '3',
    });
    expect(amended.status).toBe(400);
    expect(amended.body.error.code).toBe('order_ticker_mismatch');
    expect(amended.body.error.details).toBe(`ticker: order ${id} is in market ${TICKER}, not KXAMD-26DEC01-T2`);
  });
});

// kalshi-api-notes §5.6: a client_order_id is unique per account forever ("Ids are never freed: reuse after the
// original was canceled still → 409"), and an amend may change it via updated_client_order_id: renaming to an id the
// account has used is the same 409 `order_already_exists`, and the order keeps its id.
describe('renaming an order by amend', () => {
  const ORDERS = '/portfolio/events/orders';

  it('refuses an updated_client_order_id already used, even by a canceled order, with 409', async () => {
    const { asAlice } = await twoAccounts();
    const old = await asAlice('POST', ORDERS, order(TICKER, { price: '0.2000', client_order_id: 'used-1' }));
    expect((await asAlice('DELETE', `${ORDERS}/${old.body.order_id}`)).status).toBe(200);
    const placed = await asAlice('POST', ORDERS, order(TICKER, { price: '0.3000', client_order_id: 'mine-1' }));
    const amended = await asAlice('POST', `${ORDERS}/${placed.body.order_id}/amend`, {
      ticker: TICKER,
      side: 'bid',
      price: '0.3000',
      count: '1',
      updated_client_order_id: 'used-1',
    });
    expect(amended).toMatchObject({ status: 409, body: { error: { code: 'order_already_exists' } } });
    const read = (await asAlice('GET', `/portfolio/orders/${placed.body.order_id}`)).body.order;
    expect(read).toMatchObject({ status: 'resting', client_order_id: 'mine-1' });
  });

  // The notes are silent on renaming an order to the id it already has: no other order takes the id, so nothing is
  // reused (§5.6 is about another order using it); the amend applies and the order keeps its id.
  it("accepts updated_client_order_id equal to the order's own client_order_id and applies the amend", async () => {
    const { asAlice } = await twoAccounts();
    const placed = await asAlice('POST', ORDERS, order(TICKER, { price: '0.1000', client_order_id: 'mine-2' }));
    const amended = await asAlice('POST', `${ORDERS}/${placed.body.order_id}/amend`, {
      ticker: TICKER,
      side: 'bid',
      price: '0.1100',
      count: '1',
      updated_client_order_id: 'mine-2',
    });
    expect(amended.status).toBe(200);
    const read = (await asAlice('GET', `/portfolio/orders/${placed.body.order_id}`)).body.order;
    expect(read).toMatchObject({ status: 'resting', client_order_id: 'mine-2', yes_price_dollars: '0.1100' });
  });
});

// kalshi-api-notes §3.2 (D-cl 2026-01-26): `invalid_order_size` is the code for a bad size on create and amend alike,
// `invalid_price` for a price off the grid; the same malformed value gets the same code on both.
describe('a malformed count or price on amend', () => {
  it.each([
    ['count with 3 decimals', { count: '1.555' }, 'invalid_order_size', /^count:/],
    ['price with 1 decimal', { price: '0.5' }, 'invalid_price', /^price:/],
  ])('%s on amend gets the code create gives', async (_, bad, code, details) => {
    const { asAlice } = await twoAccounts();
    const created = await asAlice('POST', '/portfolio/events/orders', order(TICKER, bad));
    expect(created.body.error).toMatchObject({ code, details: expect.stringMatching(details) });
    const placed = await asAlice('POST', '/portfolio/events/orders', order(TICKER, { price: '0.1000' }));
    const amended = await asAlice('POST', `/portfolio/events/orders/${placed.body.order_id}/amend`, {
      ticker: TICKER,
      side: 'bid',
      price: '0.1100',
      count: '1',
      ...bad,
    });
    expect(amended).toMatchObject({ status: 400, body: { error: { code, details: expect.stringMatching(details) } } });
    const read = (await asAlice('GET', `/portfolio/orders/${placed.body.order_id}`)).body.order;
    expect(read.yes_price_dollars).toBe('0.1000');
  });
});

// As a ticker naming another market (above): the refusal names the field, the order and both values, so the caller
// does not guess which of ticker, side or client id was wrong (the notes record the codes, no message, §5.9).
describe('an amend naming another side or client order id', () => {
  it.each([
    ['side', { side: 'ask' }, 'order_side_mismatch', (id: string) => `side: order ${id} is on side bid, not ask`],
    [
      'client_order_id',
      { client_order_id: 'not-a1' },
      'order_id_and_client_order_id_mismatch',
      (id: string) => `client_order_id: order ${id} has client_order_id "a1", not "not-a1"`,
    ],
  ])(
    '%s: refused with details naming the field, the order and both values',
    async (_field, overrides, code, details) => {
      const { asAlice } = await twoAccounts();
      const placed = await asAlice(
        'POST',
        '/portfolio/events/orders',
        order(TICKER, { price: '0.3000', client_order_id: 'a1' }),
      );
      const id = placed.body.order_id;
      const amended = await asAlice('POST', `/portfolio/events/orders/${id}/amend`, {
        ticker: TICKER,
        side: 'bid',
        price: '0.4000',
        count: '3',
        ...overrides,
      });
      expect(amended.status).toBe(400);
      expect(amended.body.error).toMatchObject({ code, details: details(id) });
    },
  );
});
