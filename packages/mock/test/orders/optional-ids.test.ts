import { beforeEach, describe, expect, it } from 'vitest';
import { TEST_USER_ID } from '../../src';
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

// The engine API (`exchange.createOrder`/`amendOrder`) takes the same ids as REST: "" is none there too, so a test
// placing orders through it sees what a REST caller would (the notes are silent on the mock's own API).
describe('empty optional ids through the engine API', () => {
  const engineOrder = (extra: Record<string, string>) =>
    h.mock.exchange.createOrder(TEST_USER_ID, {
      ticker: TICKER,
      side: 'bid',
      price: 20_000,
      count: 100,
      timeInForce: 'good_till_canceled',
      selfTradePrevention: 'maker',
      ...extra,
    });

  it('places any number of orders with clientOrderId "", and "" reserves nothing', async () => {
    for (let i = 0; i < 3; i++) expect(engineOrder({ clientOrderId: '' }).order.clientOrderId).toBe('');
    expect((await create(order(TICKER, { client_order_id: '' }))).status).toBe(201);
  });

  it('places an order with orderGroupId "" outside any group', () => {
    expect(engineOrder({ orderGroupId: '' }).order.orderGroupId).toBeUndefined();
  });

  it('treats "" client ids on amend as absent: no mismatch, no rename', () => {
    const { order: placed } = engineOrder({ clientOrderId: 'keep-me' });
    const amended = h.mock.exchange.amendOrder(TEST_USER_ID, placed.orderId, {
      ticker: TICKER,
      side: 'bid',
      price: 20_000,
      count: 100,
      clientOrderId: '',
      updatedClientOrderId: '',
    });
    expect(amended.order.clientOrderId).toBe('keep-me');
  });
});
