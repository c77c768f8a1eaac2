import { beforeEach, describe, expect, it } from 'vitest';
import { type Harness, harness, order } from '../helpers';

// A count of a trillion contracts is a legal FixedPointCount (notes §4: 0.01 granularity, no upper bound given), but
// its cost is beyond any balance: notes §10.6 "cost > balance → 400 insufficient_balance". In a batch the item fails
// on its own and the request is 201 (notes §5.12: "HTTP 201 even if some items fail"). Before the fix the cost's
// overflow escaped as a whole-request 400 invalid_parameters naming Number.MAX_SAFE_INTEGER, after the batch's
// earlier items were placed: a caller told the batch failed had orders resting.
const TICKER = 'KXHUGE-26DEC01-T1';
const TRILLION = '1000000000000';

let h: Harness;
beforeEach(async () => {
  h = await harness({ empty: true, now: 1_790_000_000_000, seed: 1 });
  h.mock.exchange.addMarket({ ticker: TICKER });
});

const insufficient = { error: expect.objectContaining({ code: 'insufficient_balance' }) };

describe('an order whose cost no balance can cover', () => {
  it('is refused 400 insufficient_balance at create', async () => {
    const created = await h.call('POST', '/portfolio/events/orders', order(TICKER, { count: TRILLION }));
    expect([created.status, created.body]).toEqual([400, insufficient]);
  });

  it("fails alone in a batch: 201, the other item placed and answered, this one's error", async () => {
    const batch = await h.call('POST', '/portfolio/events/orders/batched', {
      orders: [
        order(TICKER, { client_order_id: 'small' }),
        order(TICKER, { client_order_id: 'huge', count: TRILLION }),
      ],
    });
    expect(batch.status).toBe(201);
    expect(batch.body.orders).toEqual([
      expect.objectContaining({ client_order_id: 'small', remaining_count: '1.00' }),
      { client_order_id: 'huge', ...insufficient },
    ]);
    const listed = (await h.call('GET', '/portfolio/orders')).body.orders;
    expect(listed.map((o: { client_order_id: string }) => o.client_order_id)).toEqual(['small']);
  });

  it('is refused 400 insufficient_balance at amend, the order left as it was', async () => {
    const placed = await h.call('POST', '/portfolio/events/orders', order(TICKER));
    const id = placed.body.order_id as string;
    const amended = await h.call('POST', `/portfolio/events/orders/${id}/amend`, {
      ticker: TICKER,
      side: 'bid',
      price: '0.0100',
      count: TRILLION,
    });
    expect([amended.status, amended.body]).toEqual([400, insufficient]);
    const after = (await h.call('GET', `/portfolio/orders/${id}`)).body.order;
    expect([after.status, after.remaining_count_fp, after.initial_count_fp]).toEqual(['resting', '1.00', '1.00']);
  });
});
