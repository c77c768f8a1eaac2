import { beforeEach, describe, expect, it } from 'vitest';
import { type Harness, harness, order } from '../helpers';

// Spec 3.31.0 marks client_order_id, updated_client_order_id and order_group_id `x-go-type-skip-optional-pointer`:
// a Go `string` on Kalshi's side, where "" and absent are the same value (tester E, D3).
const TICKER = 'KXIDS-26DEC01-T1';
let h: Harness;
beforeEach(async () => {
  h = await harness({ empty: true, now: 1_790_000_000_000 });
  h.mock.exchange.addMarket({ ticker: TICKER });
});
const create = (body: unknown) => h.call('POST', '/portfolio/events/orders', body);

describe('empty optional ids on order writes are not ids', () => {
  it('accepts any number of orders with client_order_id ""', async () => {
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await create(order(TICKER, { client_order_id: '' }))).status);
    expect(statuses).toEqual([201, 201, 201]);
    // and "" does not block an order without an id, nor a later real id
    expect((await create(order(TICKER))).status).toBe(201);
    expect((await create(order(TICKER, { client_order_id: 'real-1' }))).status).toBe(201);
  });

  it('accepts two "" items in one batch', async () => {
    const { status, body } = await h.call('POST', '/portfolio/events/orders/batched', {
      orders: [order(TICKER, { client_order_id: '' }), order(TICKER, { client_order_id: '' })],
    });
    expect(status).toBe(201);
    expect(body.orders.map((item: { error?: unknown }) => item.error)).toEqual([undefined, undefined]);
  });

  it('places an order with order_group_id "" outside any group', async () => {
    const { status, body } = await create(order(TICKER, { order_group_id: '' }));
    expect(status).toBe(201);
    const placed = (await h.call('GET', `/portfolio/orders/${body.order_id}`)).body.order;
    expect(placed.order_group_id ?? '').toBe('');
  });

  it('treats "" client ids on amend as absent: no mismatch, no rename', async () => {
    const { body } = await create(order(TICKER, { client_order_id: 'keep-me' }));
    const amended = await h.call('POST', `/portfolio/events/orders/${body.order_id}/amend`, {
      ticker: TICKER,
      side: 'bid',
      price: '0.0200',
      count: '1.00',
      client_order_id: '',
      updated_client_order_id: '',
    });
    expect(amended.status).toBe(200);
    expect(amended.body.client_order_id).toBe('keep-me');
    // "" was not reserved by the amend either
    expect((await create(order(TICKER, { client_order_id: '' }))).status).toBe(201);
  });
});
