import { describe, expect, it } from 'vitest';
import { KalshiConflictError, KalshiUnconfirmedWriteError } from '../../src';
import { json, lost, observedClient, v2Order } from '../helpers';

const order = v2Order;
const exists = () => json({ error: { code: 'order_already_exists', message: 'order already exists' } }, 409);

// The spec's CreateOrderV2Request.client_order_id is a Go string (`x-go-type-skip-optional-pointer`): "" is no key
// at all, the exchange cannot refuse a repeat of it, so a repeat could place a second order.
describe('a create is repeated only with a non-empty client_order_id', () => {
  it('does not repeat a create whose client_order_id is ""', async () => {
    const { client, requests } = await observedClient(() => json({ error: { code: 'internal' } }, 500));
    const { response } = await client.POST('/portfolio/events/orders', { body: { ...order, client_order_id: '' } });
    expect(response.status).toBe(500);
    expect(requests).toHaveLength(1);
  });

  it('does not repeat a batch whose items carry ""', async () => {
    const { client, requests } = await observedClient(lost);
    const orders = [
      { ...order, client_order_id: 'a' },
      { ...order, client_order_id: '' },
    ];
    await expect(client.POST('/portfolio/events/orders/batched', { body: { orders } })).rejects.toThrow();
    expect(requests).toHaveLength(1);
  });

  it('repeats one that carries a key', async () => {
    const { client, requests } = await observedClient((_r, n) => (n === 1 ? lost() : json({ order_id: 'o' }, 201)));
    await client.POST('/portfolio/events/orders', { body: { ...order, client_order_id: 'c-1' } });
    expect(requests).toHaveLength(2);
  });
});

// README: a write whose answer was lost is resolved to the true outcome; what stays unconfirmed is a
// KalshiUnconfirmedWriteError, "never a plain 409/404". The transport itself repeated the create, so the 409
// order_already_exists it got is the lost attempt's order (kalshi-api-notes §5.6: a resubmitted id is refused 409).
describe('a raw create repeated after a lost answer', () => {
  it('throws KalshiUnconfirmedWriteError applied "yes" (the 409 as cause), not the plain 409', async () => {
    const { client, requests } = await observedClient((_r, n) => (n === 1 ? lost() : exists()));
    const call = client.POST('/portfolio/events/orders', { body: { ...order, client_order_id: 'c-1' } });
    const error = await call.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KalshiUnconfirmedWriteError);
    expect(error).toMatchObject({ applied: 'yes', clientOrderId: 'c-1', operationId: 'CreateOrderV2' });
    expect((error as Error).cause).toBeInstanceOf(KalshiConflictError);
    expect(requests).toHaveLength(2);
  });

  it('after a 5xx too', async () => {
    const { client } = await observedClient((_r, n) =>
      n === 1 ? json({ error: { code: 'internal' } }, 500) : exists(),
    );
    await expect(
      client.POST('/portfolio/events/orders', { body: { ...order, client_order_id: 'c-1' } }),
    ).rejects.toMatchObject({ name: 'KalshiUnconfirmedWriteError', applied: 'yes' });
  });

  it("a 409 on the only attempt is the caller's own reuse of an id: the plain 409", async () => {
    const { client } = await observedClient(exists);
    const { error, response } = await client.POST('/portfolio/events/orders', {
      body: { ...order, client_order_id: 'c-1' },
    });
    expect(response.status).toBe(409);
    expect(error).toMatchObject({ error: { code: 'order_already_exists' } });
  });

  it('placeOrder still looks the order up and returns it recovered', async () => {
    let sent = '';
    const { client } = await observedClient(async (request, n) => {
      if (request.method === 'GET')
        return json({
          orders: [
            {
              order_id: 'o-1',
              client_order_id: sent,
              ticker: 'T',
              book_side: 'bid',
              yes_price_dollars: '0.0100',
              initial_count_fp: '1.00',
            },
          ],
          cursor: '',
        });
      if (n > 1) return exists();
      sent = ((await request.json()) as { client_order_id: string }).client_order_id;
      return lost();
    });
    const result = await client.placeOrder({ ticker: 'T', action: 'buy', side: 'yes', count: 1, price: '0.01' });
    expect(result).toMatchObject({ order_id: 'o-1', client_order_id: sent, recovered: true });
  });
});
