import { describe, expect, it } from 'vitest';
import { harness, order } from '../helpers';

// Spec 3.31.0 CreateOrderGroupRequest / UpdateOrderGroupLimitRequest: `contracts_limit` is "Whole contracts only";
// `contracts_limit_fp` is a FixedPointCount ("Fractional contract values (e.g., "2.50") are supported; the minimum
// granularity is 0.01 contracts"). Spec 3.7.0 said "(whole contracts only)" of `contracts_limit_fp` too; 3.31.0
// dropped it, and fills are fractional on every market (notes §4, since 17 Apr 2026), so a member's window can sum
// to 2.50 contracts. The range stays the notes' §5.14 "limit 1‑1,000,000".
const TICKER = 'KXOGF-26DEC01-T1';

async function setup() {
  const h = await harness({ empty: true, now: 1_790_000_000_000, seed: 5 });
  h.mock.exchange.addMarket({ ticker: TICKER });
  /** The counterparty sells YES into the test user's bids (IOC), `count` in centi-contracts. */
  const sell = (count: number) =>
    h.mock.exchange.createOrder('bob', {
      ticker: TICKER,
      side: 'ask',
      price: 400_000,
      count,
      timeInForce: 'immediate_or_cancel',
      selfTradePrevention: 'taker_at_cross',
    });
  return { ...h, sell };
}

describe('an order group with a fractional contracts_limit_fp', () => {
  it('is created, reported, and triggers only past 2.50 contracts matched', async () => {
    const { call, sell } = await setup();
    const created = await call('POST', '/portfolio/order_groups/create', { contracts_limit_fp: '2.50' });
    expect([created.status, created.body.error]).toEqual([201, undefined]);
    const id = created.body.order_group_id as string;
    expect((await call('GET', `/portfolio/order_groups/${id}`)).body.contracts_limit_fp).toBe('2.50');

    const member = await call(
      'POST',
      '/portfolio/events/orders',
      order(TICKER, { count: '5', price: '0.4000', order_group_id: id }),
    );
    expect(member.status).toBe(201);
    sell(250); // 2.50 matched: at the limit, not past it
    const read = async () => (await call('GET', `/portfolio/orders/${member.body.order_id}`)).body.order;
    expect(await read()).toMatchObject({ status: 'resting', fill_count_fp: '2.50' });
    sell(1); // 2.51: past it
    expect(await read()).toMatchObject({ status: 'canceled', fill_count_fp: '2.51' });
  });

  it('is taken by a limit update, and contracts_limit stays whole contracts only', async () => {
    const { call } = await setup();
    const id = (await call('POST', '/portfolio/order_groups/create', { contracts_limit: 10 })).body.order_group_id;
    const updated = await call('PUT', `/portfolio/order_groups/${id}/limit`, { contracts_limit_fp: '7.25' });
    expect([updated.status, updated.body.error]).toEqual([200, undefined]);
    expect((await call('GET', '/portfolio/order_groups')).body.order_groups[0].contracts_limit_fp).toBe('7.25');
    // The integer field is whole contracts (its schema: integer) whatever the fixed-point one allows.
    const whole = await call('PUT', `/portfolio/order_groups/${id}/limit`, { contracts_limit: 2.5 });
    expect(whole.status).toBe(400);
    expect((await call('GET', `/portfolio/order_groups/${id}`)).body.contracts_limit_fp).toBe('7.25');
  });
});
