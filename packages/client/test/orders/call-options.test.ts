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
