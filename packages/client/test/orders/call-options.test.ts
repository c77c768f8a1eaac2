import { describe, expect, it } from 'vitest';
import {
  cancelOrders,
  KalshiAbortError,
  KalshiServerError,
  KalshiUnconfirmedWriteError,
  KalshiValidationError,
  type PlacedOrder,
  placeOrders,
} from '../../src';
import { json, observedClient } from '../helpers';
import { useKalshiMock } from '../mock-server';

// Issue 17: the order helpers take the same per-call options as the raw methods (`retry`, `timeoutMs`, `signal`).
const { kalshi, client } = useKalshiMock({ seed: 21 });
const ticker = () => [...kalshi.exchange.markets.values()].find((m) => m.status === 'active')?.ticker as string;
const buy = (price: string) => ({ ticker: ticker(), action: 'buy', side: 'yes', count: 1, price }) as const;
/** Requests the exchange received for an operation (the mock's fault log counts only faults, so count here). */
const unavailable = (operation: 'CreateOrderV2' | 'CancelOrderV2' | 'AmendOrderV2', times: number) =>
  kalshi.faults.add({ operation, kind: 'status', status: 503, times });

describe('retry per call', () => {
  it('placeOrder with retry: false sends the create once; by default it is retried', async () => {
    const kalshiClient = await client();
    unavailable('CreateOrderV2', 1);
    // A 503 may have acted, so the helper reads back by client_order_id: not found in time, it may have been placed.
    const error = await kalshiClient.placeOrder({ ...buy('0.02'), retry: false }).catch((e) => e);
    expect(error).toBeInstanceOf(KalshiUnconfirmedWriteError);
    expect(error.cause).toBeInstanceOf(KalshiServerError);
    expect(kalshi.inspect.orders({ ticker: ticker() })).toHaveLength(0);
    unavailable('CreateOrderV2', 1);
    const placed = await kalshiClient.placeOrder(buy('0.02'));
    expect(placed.recovered).toBe(false);
    expect(kalshi.inspect.orders({ ticker: ticker() })).toHaveLength(1);
  });

  // writeCall/readCall: a call's `retry` is the write's; the read-back after a lost answer keeps the client's retries,
  // since it is what tells whether the write happened.
  it('placeOrder with retry: false reads back with the client’s retries: a read answered 503 once is repeated', async () => {
    const kalshiClient = await client();
    kalshi.faults.add({ operation: 'CreateOrderV2', kind: 'commit-then-drop', times: 1 });
    kalshi.faults.add({ operation: 'GetOrders', kind: 'status', status: 503, times: 1 });
    const placed = await kalshiClient.placeOrder({ ...buy('0.10'), retry: false });
    expect(placed.recovered).toBe(true);
    expect(kalshi.inspect.orders({ ticker: ticker() })).toHaveLength(1);
  });

  it('cancelOrder and amendOrder take it too', async () => {
    const kalshiClient = await client();
    const placed = await kalshiClient.placeOrder(buy('0.03'));
    unavailable('AmendOrderV2', 1);
    // Sent once; read back not in effect, the 503 leaves it unconfirmed.
    await expect(kalshiClient.amendOrder({ order: placed, price: '0.04', count: 1, retry: false })).rejects.toThrow(
      KalshiUnconfirmedWriteError,
    );
    expect(kalshi.inspect.order(placed.order_id)?.yes_price_dollars).toBe('0.0300');
    unavailable('CancelOrderV2', 1);
    await expect(kalshiClient.cancelOrder({ order: placed, retry: false })).rejects.toThrow(
      KalshiUnconfirmedWriteError,
    );
    expect(kalshi.inspect.order(placed.order_id)?.status).toBe('resting');
    unavailable('CancelOrderV2', 1);
    expect((await kalshiClient.cancelOrder({ order: placed, retry: { maxRetries: 1 } })).recovered).toBe(false);
    expect(kalshi.inspect.order(placed.order_id)?.status).toBe('canceled');
  });
});

describe('checked before sending', () => {
  it('a malformed timeoutMs or an aborted signal on a helper sends nothing', async () => {
    const kalshiClient = await client();
    await expect(kalshiClient.placeOrder({ ...buy('0.05'), timeoutMs: -1 })).rejects.toThrow(KalshiValidationError);
    await expect(kalshiClient.placeOrder({ ...buy('0.05'), signal: AbortSignal.abort() })).rejects.toThrow(
      KalshiAbortError,
    );
    await expect(placeOrders(kalshiClient, [buy('0.05')], { timeoutMs: -1 })).rejects.toThrow(/timeoutMs/);
    expect(kalshi.inspect.orders({ ticker: ticker() })).toHaveLength(0);
  });
});

// Round 26, O5: 21 orders went out as one request and all failed with the exchange's 400. Kalshi's last published cap
// is 20 orders per batch create ("up to 20 orders at once" per batch cancel), kalshi-api-notes §5.12; the notes give no
// newer number (it "scales with your tier's write budget"), so the client keeps 20, as the mock does.
describe('a batch of more than 20 orders', () => {
  /** A server that would place or cancel every item: only the client's own check can refuse. */
  const accepting = async (request: Request) => {
    const { orders } = (await request.json()) as { orders: { client_order_id?: string; order_id?: string }[] };
    return json({ orders: orders.map((o, i) => ({ ...o, order_id: o.order_id ?? `o${i}`, reduced_by: '1.00' })) }, 201);
  };
  const many = (n: number) =>
    Array.from(
      { length: n },
      (_, i) => ({ ticker: 'T', action: 'buy', side: 'yes', count: 1, price: '0.05', clientOrderId: `c${i}` }) as const,
    );

  it('placeOrders refuses 21 naming orders and the cap of 20, and sends nothing', async () => {
    const { client: observed, requests } = await observedClient(accepting);
    const error = await placeOrders(observed, many(21)).catch((e) => e);
    expect(error).toBeInstanceOf(KalshiValidationError);
    expect(error.field).toBe('orders');
    expect(error.message).toMatch(/21 orders.*at most 20/);
    expect(requests).toHaveLength(0);
    // 20 is one request.
    expect(await placeOrders(observed, many(20))).toHaveLength(20);
    expect(requests).toHaveLength(1);
  });

  it('cancelOrders refuses 21 (orders and orderIds together) the same way, and sends nothing', async () => {
    const { client: observed, requests } = await observedClient(accepting);
    const ids = Array.from({ length: 20 }, (_, i) => `id${i}`);
    const placed = { order_id: 'one', client_order_id: 'c', ticker: 'T' } as unknown as PlacedOrder;
    await expect(cancelOrders(observed, { orders: [placed], orderIds: ids })).rejects.toMatchObject({
      name: 'KalshiValidationError',
      field: 'orders',
      message: expect.stringMatching(/21 orders.*at most 20/),
    });
    expect(requests).toHaveLength(0);
    expect(await cancelOrders(observed, { orderIds: ids })).toHaveLength(20);
    expect(requests).toHaveLength(1);
  });
});

describe('cancelOrders takes the orders placeOrder returned', () => {
  it('cancels placed orders and ids in one request, in that order', async () => {
    const kalshiClient = await client();
    const [a, b, c] = await Promise.all(['0.06', '0.07', '0.08'].map((p) => kalshiClient.placeOrder(buy(p))));
    const results = await cancelOrders(kalshiClient, {
      orders: [a as PlacedOrder, b as PlacedOrder],
      orderIds: [(c as PlacedOrder).order_id],
    });
    expect(results.map((r) => r.ok && r.order_id)).toEqual([a?.order_id, b?.order_id, c?.order_id]);
    for (const order of [a, b, c]) expect(kalshi.inspect.order(order?.order_id as string)?.status).toBe('canceled');
  });

  it('names the item without an order id, before sending', async () => {
    const kalshiClient = await client();
    const placed = await kalshiClient.placeOrder(buy('0.09'));
    const bad = { ticker: 'T' } as unknown as PlacedOrder;
    await expect(cancelOrders(kalshiClient, { orders: [placed, bad] })).rejects.toMatchObject({
      name: 'KalshiValidationError',
      field: 'orders[1]',
    });
    await expect(cancelOrders(kalshiClient, { orderIds: [] })).rejects.toThrow(/at least one order/);
    expect(kalshi.inspect.order(placed.order_id)?.status).toBe('resting');
  });
});
