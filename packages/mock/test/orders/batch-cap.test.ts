import { describe, expect, it } from 'vitest';
import { harness, order } from '../helpers';

// kalshi-api-notes §5.12: the last published limits are "20 orders per batch" (create) and "up to 20 orders at once"
// (cancel); the mock caps both at 20 and refuses a larger batch the same way.
const TICKER = 'KXBATCH-26DEC01-T1';

describe('batch size', () => {
  it('refuses a batch cancel of 21 as it refuses a batch create of 21, and cancels nothing', async () => {
    // Advanced: 21 creates cost 210 tokens, within its 600-token write bucket; on Basic (100) they would be a 429
    // before the cap is seen (kalshi-api-notes §8.1; batch-capacity.test.ts).
    const h = await harness({ empty: true, now: 1_790_000_000_000, seed: 5, usageTier: 'advanced' });
    h.mock.exchange.addMarket({ ticker: TICKER });
    const ids: string[] = [];
    for (let i = 0; i < 21; i++)
      ids.push((await h.call('POST', '/portfolio/events/orders', order(TICKER))).body.order_id);

    const create = await h.call('POST', '/portfolio/events/orders/batched', { orders: ids.map(() => order(TICKER)) });
    expect(create.status).toBe(400);
    const cancel = await h.call('DELETE', '/portfolio/events/orders/batched', {
      orders: ids.map((order_id) => ({ order_id })),
    });
    expect(cancel).toEqual(create);
    const resting = (await h.call('GET', `/portfolio/orders?ticker=${TICKER}&status=resting`)).body.orders;
    expect(resting).toHaveLength(21);

    const twenty = await h.call('DELETE', '/portfolio/events/orders/batched', {
      orders: ids.slice(0, 20).map((order_id) => ({ order_id })),
    });
    expect(twenty.status).toBe(200);
    expect(twenty.body.orders).toHaveLength(20);
  });
});

describe('a batch past the cap', () => {
  // The refusal names the body field at fault and the count sent, as the mock's other refusals do (STYLE: errors
  // name the field); "at most 20 orders per batch" alone did not say which field nor how many were sent.
  it('is refused naming orders, the cap and the count, for a create and a cancel alike', async () => {
    const h = await harness({ empty: true, now: 1_790_000_000_000, seed: 5, usageTier: 'advanced' });
    h.mock.exchange.addMarket({ ticker: TICKER });
    const create = await h.call('POST', '/portfolio/events/orders/batched', {
      orders: Array.from({ length: 21 }, () => order(TICKER)),
    });
    expect(create.status).toBe(400);
    expect(create.body.error).toMatchObject({
      code: 'invalid_parameters',
      details: 'orders: at most 20 orders per batch, got 21',
    });
    const cancel = await h.call('DELETE', '/portfolio/events/orders/batched', {
      orders: Array.from({ length: 25 }, (_, i) => ({
        order_id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      })),
    });
    expect(cancel.body.error.details).toBe('orders: at most 20 orders per batch, got 25');
  });
});
