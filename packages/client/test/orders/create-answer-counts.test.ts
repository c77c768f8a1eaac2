// Spec 3.31.0 CreateOrderV2Response: `required: [order_id, fill_count, remaining_count, ts_ms]` — what the order filled
// on placement and what rests (for an IOC the final count after the rest is canceled); notes §5.2 recorded both on every
// answer. PlacedOrder promises them (typed as strings). A 201 without them tells nothing of how much filled: a caller
// reading `fill_count` of an IOC would read undefined. Like a 2xx without order_id (create-answers.test.ts), it is no
// proof of the order: looked up by client_order_id, the counts are the order's as read back.
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { placeOrder } from '../../src';
import { json, observedClient, restingOrder, settle, useFakeClock } from '../helpers';

beforeEach(() => {
  useFakeClock();
});
afterEach(() => {
  vi.useRealTimers();
});

it.each([
  ['fill_count', { remaining_count: '0.00' }],
  ['remaining_count', { fill_count: '2.00' }],
])('a create answered without %s: the order is read back for its counts', async (_missing, counts) => {
  const read = restingOrder({
    client_order_id: 'mine',
    ticker: 'T',
    status: 'executed',
    initial_count_fp: '2.00',
    fill_count_fp: '2.00',
    remaining_count_fp: '0.00',
  });
  const { client } = await observedClient((request) =>
    request.method === 'GET'
      ? json({ orders: [read], cursor: '' })
      : json({ order_id: 'o-1', client_order_id: 'mine', ...counts, ts_ms: 1 }, 201),
  );
  const placed = await settle(
    placeOrder(client, {
      ticker: 'T',
      action: 'buy',
      side: 'yes',
      price: '0.40',
      count: 2,
      timeInForce: 'immediate_or_cancel',
      clientOrderId: 'mine',
    }),
  );
  expect(placed).toMatchObject({ order_id: 'o-1', fill_count: '2.00', remaining_count: '0.00', recovered: true });
});
