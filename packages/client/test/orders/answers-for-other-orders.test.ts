// Outside test round 4, G-D2: amend, decrease and cancel returned the answer's order_id. Notes §5.9: "Known prod bug:
// V2 cancel/amend responses occasionally describe a different order (the operation itself is correct)", so the result
// must stay the order written to; the next helper call (amend → cancel) acts on it, never on the other order.
import { describe, expect, it } from 'vitest';
import { json, observedClient } from '../helpers';

const MINE = 'ord-mine';
/** A server whose every write answer describes another order. */
const otherOrderAnswers = (request: Request) => {
  const url = new URL(request.url);
  if (url.pathname.endsWith('/amend')) return json({ order_id: 'ord-other', client_order_id: 'other-coid', ts_ms: 1 });
  if (url.pathname.endsWith('/decrease'))
    return json({ order_id: 'ord-other', client_order_id: 'other-coid', remaining_count: '9.00', ts_ms: 1 });
  return json({ order_id: 'ord-other', client_order_id: 'other-coid', reduced_by: '9.00', ts_ms: 1 });
};
const placed = { order_id: MINE, ticker: 'T', action: 'buy', side: 'yes', book_side: 'bid' } as const;

describe('an answer describing another order', () => {
  it('amendOrder keeps the order it amended; the answer is held apart, and a cancel of the result cancels it', async () => {
    const { client, requests } = await observedClient(otherOrderAnswers);
    const amended = await client.amendOrder({ order: placed, price: '0.41', count: 1 });
    expect(amended.order_id).toBe(MINE);
    expect(amended).not.toHaveProperty('client_order_id');
    expect(amended.answer).toMatchObject({ order_id: 'ord-other', client_order_id: 'other-coid' });
    await client.cancelOrder({ order: amended });
    expect(new URL(requests[1]!.url).pathname).toBe(`/trade-api/v2/portfolio/events/orders/${MINE}`);
  });

  it('decreaseOrder (by and to) and cancelOrder return the order written to, with no field of the other order', async () => {
    const { client } = await observedClient(otherOrderAnswers);
    for (const result of [
      await client.decreaseOrder({ orderId: MINE, reduceBy: 1 }),
      await client.decreaseOrder({ orderId: MINE, reduceTo: 1 }),
      await client.cancelOrder({ orderId: MINE }),
    ]) {
      expect(result).toMatchObject({ order_id: MINE, recovered: false, answer: { order_id: 'ord-other' } });
      expect(result).not.toHaveProperty('remaining_count');
      expect(result).not.toHaveProperty('reduced_by');
    }
  });

  it('an answer about the order written to is returned as it is', async () => {
    const { client } = await observedClient(() => json({ order_id: MINE, reduced_by: '1.00', ts_ms: 1 }));
    const canceled = await client.cancelOrder({ orderId: MINE });
    expect(canceled).toEqual({ order_id: MINE, reduced_by: '1.00', ts_ms: 1, recovered: false });
  });
});
