import { expect, it } from 'vitest';
import { cancelOrder, placeOrder, placeOrders } from '../../src';
import { json, lost, observedClient, restingOrder } from '../helpers';

// Spec 3.31.0 Order: `subaccount_number` is optional (kalshi-api-notes §5.4 lists it among the optional fields), and
// cancel/amend/decrease act in `?subaccount=` (SubaccountQueryDefaultPrimary: "Defaults to 0"). An order placed with
// `subaccount: 2` whose create answer was lost, found by its client_order_id in a read that leaves the optional field
// out, is still in subaccount 2: placeOrder sent it there. Its result must say so (README: "`placeOrder({ …,
// subaccount: 2 })` returns the order with `subaccount: 2`"), or the helpers act in the primary account, where
// Kalshi answers 404 `not_found` — which reads as "already gone" while the order rests and can fill.
async function lostCreateIn2() {
  let order: Record<string, unknown> | undefined;
  const { client, requests } = await observedClient(async (request) => {
    const url = new URL(request.url);
    if (request.method === 'POST' && url.pathname.endsWith('/events/orders/batched')) {
      const sent = (await request.json()) as { orders: { client_order_id: string }[] };
      order = restingOrder({
        client_order_id: sent.orders[0]?.client_order_id,
        ticker: 'T',
        remaining_count_fp: '3.00',
        initial_count_fp: '3.00',
      });
      return lost();
    }
    if (request.method === 'POST' && url.pathname.endsWith('/events/orders')) {
      if (order) return json({ error: { code: 'order_already_exists', message: 'exists' } }, 409);
      const sent = (await request.json()) as { client_order_id: string };
      order = restingOrder({
        client_order_id: sent.client_order_id,
        ticker: 'T',
        remaining_count_fp: '3.00',
        initial_count_fp: '3.00',
      });
      return lost();
    }
    if (request.method === 'GET') return json({ orders: [order], cursor: '' });
    return url.searchParams.get('subaccount') === '2'
      ? json({ order_id: 'o-1', reduced_by: '3.00', ts_ms: 1 })
      : json({ error: { code: 'not_found', message: 'not found', service: 'exchange' } }, 404);
  });
  return { client, requests };
}

const terms = { ticker: 'T', action: 'buy', side: 'yes', price: '0.40', count: 3, subaccount: 2 } as const;

it('placeOrder: a create recovered from a read without subaccount_number keeps the subaccount it was placed in', async () => {
  const { client, requests } = await lostCreateIn2();
  const placed = await placeOrder(client, terms);
  expect(placed).toMatchObject({ recovered: true, order_id: 'o-1', subaccount: 2 });
  await expect(cancelOrder(client, { order: placed })).resolves.toMatchObject({ reduced_by: '3.00' });
  expect(new URL(requests.at(-1)!.url).searchParams.get('subaccount')).toBe('2');
});

it('placeOrders: an item recovered from a read without subaccount_number keeps the subaccount it was placed in', async () => {
  const { client } = await lostCreateIn2();
  const [result] = await placeOrders(client, [terms]);
  expect(result).toMatchObject({ ok: true, order: { recovered: true, order_id: 'o-1', subaccount: 2 } });
});

// Kalshi never frees a client_order_id (kalshi-api-notes §5.6): an order found under ours in another subaccount than
// the create was sent to is an older order holding the id (the create placed nothing), as one with another book side,
// price or count is (findCreated): not this create's order, so not reported placed.
it('placeOrder: an order found under its client_order_id in another subaccount is not reported as the one placed', async () => {
  let order: Record<string, unknown> | undefined;
  const { client } = await observedClient(async (request) => {
    if (request.method === 'POST') {
      if (order) return json({ error: { code: 'order_already_exists', message: 'exists' } }, 409);
      const sent = (await request.json()) as { client_order_id: string };
      // Same terms, but in the primary account.
      order = restingOrder({
        client_order_id: sent.client_order_id,
        ticker: 'T',
        remaining_count_fp: '3.00',
        initial_count_fp: '3.00',
        subaccount_number: 0,
      });
      return lost();
    }
    return json({ orders: [order], cursor: '' });
  });
  const error = await placeOrder(client, terms).catch((e: unknown) => e);
  expect(error).toMatchObject({ name: 'KalshiUnconfirmedWriteError', applied: 'maybe', order: { order_id: 'o-1' } });
});
