// Outside test round 4, G-D3: a batch answer with fewer, more or reordered items than were sent threw an internal
// TypeError ("failureOf: the call succeeded") and lost the answered items, or paired results by index. Notes §5.12:
// items come "in request order", each carrying client_order_id (create) / order_id (cancel); an item the answer does
// not answer may or may not have acted, so it is looked up (as a lost create or cancel is), then reported unconfirmed.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cancelOrders, KalshiInvalidResponseError, KalshiUnconfirmedWriteError, placeOrders } from '../../src';
import { json, observedClient, settle, useFakeClock } from '../helpers';

// Looking up an unanswered item re-reads for SETTLE_MS (reads lag writes): on fake time.
beforeEach(() => {
  useFakeClock();
});
afterEach(() => {
  vi.useRealTimers();
});

const orders = ['A', 'B', 'C'].map((ticker) => ({
  ticker,
  action: 'buy' as const,
  side: 'yes' as const,
  count: 1,
  price: '0.10',
  clientOrderId: `coid-${ticker}`,
}));
const placedItem = (o: { ticker: string; client_order_id: string }) => ({
  order_id: `id-of-${o.ticker}`,
  client_order_id: o.client_order_id,
  fill_count: '0.00',
  remaining_count: '1.00',
  ts_ms: 1,
});
type Sent = { ticker: string; client_order_id: string; order_id: string }[];
/**
 * Answers a batch with `pick` of its items; order reads find what `read` gives (else 404), and the look-up by
 * client_order_id lists `listed` of the orders sent (nothing unless given).
 */
function batchServer(
  pick: (sent: Sent) => unknown[],
  read: (id: string) => unknown = () => undefined,
  listed: (sent: Sent) => unknown[] = () => [],
) {
  let sent: Sent = [];
  return async (request: Request) => {
    const url = new URL(request.url);
    if (request.method === 'GET' && url.pathname.endsWith('/portfolio/orders'))
      return json({ orders: listed(sent), cursor: '' });
    if (request.method === 'GET') {
      const order = read(url.pathname.split('/').pop()!);
      return order ? json({ order }) : json({ error: { code: 'not_found', message: 'not found' } }, 404);
    }
    sent = ((await request.json()) as { orders: Sent }).orders;
    return json({ orders: pick(sent) }, 201);
  };
}

describe('placeOrders pairs answer items by client_order_id', () => {
  it('a short answer: the answered orders reach the caller, the unanswered one is looked up, then maybe placed', async () => {
    const { client, requests } = await observedClient(batchServer((sent) => sent.slice(0, 2).map(placedItem)));
    const results = await settle(placeOrders(client, orders, { retry: false }));
    expect(results.map((r) => r.ok)).toEqual([true, true, false]);
    expect(results.slice(0, 2).map((r) => r.ok && r.order.order_id)).toEqual(['id-of-A', 'id-of-B']);
    const [, , unanswered] = results;
    if (unanswered?.ok !== false) throw new Error('expected a failed item');
    expect(unanswered.client_order_id).toBe('coid-C');
    expect(unanswered.error).toBeInstanceOf(KalshiUnconfirmedWriteError);
    expect(unanswered.error).toMatchObject({ applied: 'maybe', clientOrderId: 'coid-C' });
    expect(unanswered.error.cause).toBeInstanceOf(KalshiInvalidResponseError);
    expect(requests.some((r) => new URL(r.url).searchParams.get('ticker') === 'C')).toBe(true);
  });

  it('a reordered or longer answer gives each order its own result', async () => {
    const stranger = { ...placedItem({ ticker: 'Z', client_order_id: 'coid-Z' }) };
    const { client } = await observedClient(
      batchServer((sent) => [stranger, ...[2, 0, 1].map((i) => placedItem(sent[i]!))]),
    );
    const results = await settle(placeOrders(client, orders, { retry: false }));
    expect(results.map((r) => r.ok && [r.order.ticker, r.order.client_order_id, r.order.order_id])).toEqual([
      ['A', 'coid-A', 'id-of-A'],
      ['B', 'coid-B', 'id-of-B'],
      ['C', 'coid-C', 'id-of-C'],
    ]);
  });

  it('an item without order_id is no placed order: looked up, then maybe placed', async () => {
    const { client } = await observedClient(
      batchServer((sent) => sent.map((o, i) => (i === 1 ? { client_order_id: o.client_order_id } : placedItem(o)))),
    );
    const results = await settle(placeOrders(client, orders, { retry: false }));
    expect(results.map((r) => r.ok)).toEqual([true, false, true]);
    expect(results[1]).toMatchObject({ ok: false, error: { name: 'KalshiUnconfirmedWriteError', applied: 'maybe' } });
  });

  // Notes §5.12: an item's client_order_id is optional ("{client_order_id?, …}"); pairItems (batch-orders.ts) pairs
  // an item without one "by position, in an answer as long as the request".
  it('an item without client_order_id, in an answer as long as the request, is its order: placed, nothing read', async () => {
    const { client, requests } = await observedClient(
      batchServer(() => [{ order_id: 'id-of-A', fill_count: '0.00', remaining_count: '1.00', ts_ms: 1 }]),
    );
    const [result] = await settle(placeOrders(client, [orders[0]!], { retry: false }));
    expect(result).toMatchObject({ ok: true, order: { order_id: 'id-of-A', recovered: false } });
    expect(requests.filter((r) => r.method === 'GET')).toHaveLength(0);
  });

  // pairItems doc: "an answer that is short, long or reordered must not give one order another's result".
  it("an item naming another client_order_id does not give this order that item's refusal", async () => {
    const { client } = await observedClient(
      batchServer(() => [{ client_order_id: 'coid-Z', error: { code: 'market_closed', message: 'closed' } }]),
    );
    const [result] = await settle(placeOrders(client, [orders[0]!], { retry: false }));
    expect(result).toMatchObject({
      ok: false,
      client_order_id: 'coid-A',
      error: { name: 'KalshiUnconfirmedWriteError', applied: 'maybe' },
    });
  });

  // placeOrders doc: "An item refused as order_already_exists after an attempt whose answer was lost (or for a
  // client_order_id generated here) is that attempt's order, read back"; notes §5.6: an id is never freed.
  it('an item refused order_already_exists for a client_order_id generated here is read back: placed, recovered', async () => {
    const { clientOrderId: _, ...withoutId } = orders[0]!;
    const { client } = await observedClient(
      batchServer(
        (sent) => sent.map((o) => ({ client_order_id: o.client_order_id, error: { code: 'order_already_exists' } })),
        undefined,
        (sent) =>
          sent.map((o) => ({
            order_id: 'id-of-A',
            client_order_id: o.client_order_id,
            ticker: 'A',
            status: 'resting',
            book_side: 'bid',
            outcome_side: 'yes',
            yes_price_dollars: '0.1000',
            initial_count_fp: '1.00',
            fill_count_fp: '0.00',
            remaining_count_fp: '1.00',
          })),
      ),
    );
    const [result] = await settle(placeOrders(client, [withoutId]));
    expect(result).toMatchObject({ ok: true, order: { order_id: 'id-of-A', recovered: true } });
  });

  // Spec BatchCreateOrdersV2Response: `orders` is a list of objects. A 201 whose `orders` is no list, or holds items
  // that are no objects, answers no order: each is looked up, as an unanswered one is (never an internal TypeError,
  // which would name no order after the batch may have placed them).
  for (const [what, answer] of [
    ['an object', { 0: 'x' }],
    ['a number', 2],
    ['null items', [null, null, null]],
  ] as const)
    it(`an answer whose orders is ${what}: every order looked up, then maybe placed`, async () => {
      const { client, requests } = await observedClient(batchServer(() => answer as unknown as unknown[]));
      const results = await settle(placeOrders(client, orders, { retry: false }));
      expect(results).toMatchObject(
        orders.map((o) => ({
          ok: false,
          client_order_id: o.clientOrderId,
          error: { name: 'KalshiUnconfirmedWriteError', applied: 'maybe' },
        })),
      );
      expect(requests.filter((r) => r.method === 'GET').length).toBeGreaterThan(0);
    });
});

describe('cancelOrders pairs answer items by order_id', () => {
  const canceled = (id: string) => ({ order_id: id, reduced_by: '1.00', ts_ms: 1 });
  it('a short answer: the answered cancels reach the caller; the unanswered one is read back', async () => {
    const read = (id: string) => ({ order_id: id, status: id === 'o2' ? 'canceled' : 'resting' });
    const { client } = await observedClient(batchServer(() => [canceled('o1')], read));
    const results = await settle(cancelOrders(client, { orderIds: ['o1', 'o2'], retry: false }));
    expect(results).toMatchObject([
      { ok: true, order_id: 'o1', recovered: false, result: { order_id: 'o1' } },
      { ok: true, order_id: 'o2', recovered: true, order: { status: 'canceled' } },
    ]);
  });

  it('a reordered answer is paired by order_id', async () => {
    const { client } = await observedClient(
      batchServer(() => [canceled('o2'), { order_id: 'o1', error: { code: 'not_found', message: 'not found' } }]),
    );
    const results = await settle(cancelOrders(client, { orderIds: ['o1', 'o2'], retry: false }));
    expect(results).toMatchObject([
      { ok: false, order_id: 'o1', error: { name: 'KalshiNotFoundError' } },
      { ok: true, order_id: 'o2', result: { order_id: 'o2' } },
    ]);
  });

  // Spec BatchCancelOrdersV2Response: `orders` is a list of objects; one that is not answers no cancel: read back.
  for (const [what, answer] of [
    ['an object', { 0: 'x' }],
    ['null items', [null, null]],
  ] as const)
    it(`an answer whose orders is ${what}: each order read back`, async () => {
      const read = (id: string) => ({ order_id: id, status: id === 'o2' ? 'canceled' : 'resting' });
      const { client } = await observedClient(batchServer(() => answer as unknown as unknown[], read));
      const results = await settle(cancelOrders(client, { orderIds: ['o1', 'o2'], retry: false }));
      expect(results).toMatchObject([
        { ok: false, order_id: 'o1', error: { name: 'KalshiUnconfirmedWriteError', applied: 'maybe' } },
        { ok: true, order_id: 'o2', recovered: true, order: { status: 'canceled' } },
      ]);
    });
});
