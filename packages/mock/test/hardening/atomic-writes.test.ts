import { beforeEach, describe, expect, it } from 'vitest';
import { TEST_USER_ID } from '../../src';
import { type Harness, harness, order } from '../helpers';

// Defect 3 of issue 13: every write is all-or-nothing. A rejected request leaves no trace: the order, the
// client_order_id registry, positions and balances are as before.
let h: Harness;
let ticker: string;
beforeEach(async () => {
  h = await harness({ seed: 2 });
  ticker = [...h.mock.exchange.markets.values()].find((m) => m.status === 'active')!.ticker;
});

async function resting(clientOrderId: string) {
  const created = await h.call('POST', '/portfolio/events/orders', order(ticker, { client_order_id: clientOrderId }));
  expect(created.status).toBe(201);
  return created.body.order_id as string;
}

describe('rejected writes change nothing', () => {
  it('a rejected amend keeps the order and leaves updated_client_order_id unused', async () => {
    const id = await resting('original-1');
    const before = (await h.call('GET', `/portfolio/orders/${id}`)).body.order;
    const amend = await h.call('POST', `/portfolio/events/orders/${id}/amend`, {
      ticker,
      side: 'bid',
      price: '0.0100',
      count: '9000000',
      updated_client_order_id: 'renamed-1',
    });
    expect(amend.status).toBe(400);
    expect(amend.body.error.code).toBe('insufficient_balance');
    expect((await h.call('GET', `/portfolio/orders/${id}`)).body.order).toEqual(before);
    const reuse = await h.call('POST', '/portfolio/events/orders', order(ticker, { client_order_id: 'renamed-1' }));
    expect(reuse.status).toBe(201);
  });

  it('a rejected amend off the price grid leaves the order as it was', async () => {
    const id = await resting('original-2');
    const before = (await h.call('GET', `/portfolio/orders/${id}`)).body.order;
    const amend = await h.call('POST', `/portfolio/events/orders/${id}/amend`, {
      ticker,
      side: 'bid',
      price: '0.0150',
      count: '2',
      updated_client_order_id: 'renamed-2',
    });
    expect(amend.status).toBe(400);
    expect((await h.call('GET', `/portfolio/orders/${id}`)).body.order).toEqual(before);
    expect(
      (await h.call('POST', '/portfolio/events/orders', order(ticker, { client_order_id: 'renamed-2' }))).status,
    ).toBe(201);
  });

  it('a rejected reduce-only order leaves no position behind', async () => {
    const rejected = await h.call(
      'POST',
      '/portfolio/events/orders',
      order(ticker, { side: 'ask', reduce_only: true, time_in_force: 'immediate_or_cancel' }),
    );
    expect(rejected.status).toBe(400);
    const account = h.mock.exchange.accounts.get(TEST_USER_ID)!;
    expect(account.positions.has(ticker)).toBe(false);
    const positions = await h.call('GET', '/portfolio/positions?count_filter=total_traded');
    expect(positions.body.market_positions).toEqual([]);
  });
});
