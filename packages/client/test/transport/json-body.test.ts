import { expect, it } from 'vitest';
import { KalshiConflictError } from '../../src';
import { json, observedClient } from '../helpers';

// A call takes its JSON body as it is when the call starts: a caller that reuses or changes the object while the call
// runs (between attempts, say) changes nothing about the call.

it('sends the body as it was at the start on a retry, and names that body in the error', async () => {
  const order = { ticker: 'KX-1', side: 'bid', price: '0.40', count: '1.00', client_order_id: 'first' };
  const { client, requests } = await observedClient((_request, attempt) => {
    if (attempt > 1) return json({ error: { code: 'order_already_exists', message: 'exists' } }, 409);
    order.client_order_id = 'changed';
    order.ticker = 'KX-CHANGED';
    return json({ error: { code: 'service_unavailable', message: 'down' } }, 503);
  });
  // The repeat's 409 is the first attempt's order (test/transport/keyed-repeat.test.ts): named by the body as sent.
  const error = await client.POST('/portfolio/events/orders', { body: order as never }).catch((e: unknown) => e);
  expect(requests).toHaveLength(2);
  expect(await requests[1]?.json()).toMatchObject({ ticker: 'KX-1', client_order_id: 'first' });
  expect(error).toMatchObject({ name: 'KalshiUnconfirmedWriteError', applied: 'yes', clientOrderId: 'first' });
  expect((error as Error).cause).toBeInstanceOf(KalshiConflictError);
});

it("costs the rate limiter's tokens of the batch as sent, on a retry too", async () => {
  const orders = [{ order_id: 'o1' }, { order_id: 'o2' }];
  const body = { orders };
  const { client, requests } = await observedClient(
    (_request, attempt) => {
      // One item per order sent (kalshi-api-notes §5.12): a shorter answer after a 503 leaves orders unanswered.
      if (attempt > 1)
        return json({
          orders: [
            { order_id: 'o1', reduced_by: '1.00' },
            { order_id: 'o2', reduced_by: '1.00' },
          ],
        });
      // Were the retry to cost 2 tokens for each of 5 orders, it would exceed the bucket (4) and fail before sending.
      orders.push({ order_id: 'o3' }, { order_id: 'o4' }, { order_id: 'o5' });
      return json({ error: { code: 'service_unavailable', message: 'down' } }, 503);
    },
    { rateLimit: { read: { refillRate: 1_000, capacity: 1_000 }, write: { refillRate: 1_000_000, capacity: 4 } } },
  );
  const result = await client.DELETE('/portfolio/events/orders/batched', { body });
  expect(result.response.status).toBe(200);
  expect(requests).toHaveLength(2);
  expect(await requests[1]?.json()).toEqual({ orders: [{ order_id: 'o1' }, { order_id: 'o2' }] });
});
