// Issue 11 item 4: the retry policy comes from the operation (the manifest), never from the body, and every write
// whose answer was lost resolves to what really happened on the exchange.
import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { cancelOrders, KalshiConflictError, KalshiUnconfirmedWriteError, placeOrders } from '../../src';
import { MOCK_BASE, useKalshiMock } from '../mock-server';

const { kalshi, client } = useKalshiMock({ seed: 11 });
const ticker = () => [...kalshi.exchange.markets.values()].find((m) => m.status === 'active')!.ticker;
const stored = (orderId: string) => kalshi.exchange.orders.get(orderId)!;

/** Requests the mock saw, as `METHOD /path`. */
function seen(): string[] {
  const log: string[] = [];
  kalshi.server.events.on('request:start', ({ request }) => {
    log.push(`${request.method} ${new URL(request.url).pathname.replace('/trade-api/v2', '')}`);
  });
  return log;
}

async function resting() {
  const k = await client();
  const placed = await k.placeOrder({ ticker: ticker(), action: 'buy', side: 'yes', count: 3, priceCents: 1 });
  return { k, placed };
}

describe('the transport retries by operation, not by body', () => {
  it('does not repeat an amend on a 5xx even when its body carries client_order_id', async () => {
    const { k, placed } = await resting();
    kalshi.faults.add({ operation: 'AmendOrderV2', kind: 'status', status: 503, times: 1 });
    const result = await k.POST('/portfolio/events/orders/{order_id}/amend', {
      params: { path: { order_id: placed.order_id } },
      body: { ticker: ticker(), side: 'bid', price: '0.0200', count: '3.00', client_order_id: placed.client_order_id },
    });
    expect(result.response.status).toBe(503);
    expect(kalshi.faults.fired.get('AmendOrderV2')).toBe(1);
    expect(stored(placed.order_id).price).toBe(10_000); // still 1¢ (micro-dollars): the amend was sent once
  });
});

describe('a lost answer resolves to the true outcome', () => {
  it('create: a lost create is found by client_order_id, without invented fields', async () => {
    const k = await client();
    kalshi.faults.add({ operation: 'CreateOrderV2', kind: 'commit-then-drop', times: 1 });
    const placed = await k.placeOrder({ ticker: ticker(), action: 'buy', side: 'yes', count: 2, priceCents: 1 });
    expect(placed).toMatchObject({ recovered: true, remaining_count: '2.00', fill_count: '0.00' });
    expect(placed).not.toHaveProperty('ts_ms'); // not read, so not reported
    expect(placed.order?.client_order_id).toBe(placed.client_order_id);
    const mine = [...kalshi.exchange.orders.values()].filter((o) => o.clientOrderId === placed.client_order_id);
    expect(mine.map((o) => o.orderId)).toEqual([placed.order_id]);
  });

  // A 503 may have placed the order before the market closed: the 409 does not show it was not placed, so the order
  // is looked up, and not found, the create is reported maybe applied with the 409 as its cause (never a plain
  // "not placed" while an order may rest).
  it('create: a 409 other than order_already_exists after a lost attempt is looked up, then maybe applied', async () => {
    const k = await client();
    const log = seen();
    let calls = 0;
    kalshi.server.use(
      http.post(`${MOCK_BASE}/portfolio/events/orders`, () =>
        ++calls === 1
          ? HttpResponse.json({ error: { code: 'service_unavailable', message: 'down' } }, { status: 503 })
          : HttpResponse.json({ error: { code: 'market_closed', message: 'market closed' } }, { status: 409 }),
      ),
    );
    const error = await k
      .placeOrder({ ticker: ticker(), action: 'buy', side: 'yes', count: 1, priceCents: 1 })
      .catch((e) => e);
    expect(error).toBeInstanceOf(KalshiUnconfirmedWriteError);
    expect(error).toMatchObject({ applied: 'maybe', cause: { code: 'market_closed' } });
    expect(error.cause).toBeInstanceOf(KalshiConflictError);
    expect(log).toContain('GET /portfolio/orders');
  });

  // A fill-or-kill the book cannot fill whole: Kalshi answers 409 fill_or_kill_insufficient_resting_volume (a prod log,
  // 3P, as the mock's errors.ts cites) and the killed order uses up its client_order_id. Answered, placeOrder throws
  // that conflict; after a lost first attempt the 409 cannot show nothing was placed, so the order is looked up: found
  // killed, it is returned recovered, canceled with nothing filled (client README, "placeOrder"'s terms).
  it('create: a killed fill-or-kill is a KalshiConflictError; after a lost attempt, the canceled order read back', async () => {
    const k = await client();
    const market = ticker();
    kalshi.exchange.setOrderbook(market, { yes: [], no: [] });
    const fok = {
      ticker: market,
      action: 'buy',
      side: 'yes',
      count: 5,
      priceCents: 50,
      timeInForce: 'fill_or_kill',
    } as const;
    const killed = await k.placeOrder(fok).catch((e: unknown) => e);
    expect(killed).toBeInstanceOf(KalshiConflictError);
    expect(killed).toMatchObject({ status: 409, code: 'fill_or_kill_insufficient_resting_volume' });

    let calls = 0;
    kalshi.server.use(
      http.post(`${MOCK_BASE}/portfolio/events/orders`, () =>
        ++calls === 1
          ? HttpResponse.json({ error: { code: 'service_unavailable', message: 'down' } }, { status: 503 })
          : undefined,
      ),
    );
    const placed = await k.placeOrder(fok);
    // Round 43 (A, leftover 2): placed, but neither filled nor resting, as the counts say (PlacedOrder.recovered).
    expect(placed).toMatchObject({
      recovered: true,
      fill_count: '0.00',
      remaining_count: '0.00',
      order: { status: 'canceled', fill_count_fp: '0.00', remaining_count_fp: '0.00' },
    });
    expect(calls).toBe(2);
  });

  // A read at once cannot tell a fresh view from one lagging behind an earlier write (round 29, Q: the order's
  // last_update_time is on the exchange's clock, kalshi-api-notes §2.2, §5.11), so the absolute amend is sent again
  // and its answer returned, or, refused, read back after the lag: in effect either way, never failed.
  it('amend: a committed amend whose answer was lost ends in effect, reported as the order amended', async () => {
    const { k, placed } = await resting();
    kalshi.faults.add({ operation: 'AmendOrderV2', kind: 'commit-then-drop', times: 1 });
    const amended = await k.amendOrder({
      orderId: placed.order_id,
      ticker: ticker(),
      action: 'buy',
      side: 'yes',
      price: '0.02',
      count: 3,
      updatedClientOrderId: 'amended-1',
    });
    expect(amended).toMatchObject({ order_id: placed.order_id, client_order_id: 'amended-1' });
    expect(stored(placed.order_id)).toMatchObject({ price: 20_000, clientOrderId: 'amended-1', status: 'resting' });
  });

  it('amend: an amend lost before the exchange acted is sent again', async () => {
    const { k, placed } = await resting();
    kalshi.faults.add({ operation: 'AmendOrderV2', kind: 'network-error', times: 1 });
    const amended = await k.amendOrder({
      orderId: placed.order_id,
      ticker: ticker(),
      action: 'buy',
      side: 'yes',
      price: '0.03',
      count: 3,
    });
    expect(amended.recovered).toBe(false);
    expect(stored(placed.order_id).price).toBe(30_000);
    expect(kalshi.faults.fired.get('AmendOrderV2')).toBe(1);
  });

  it('decrease to: a committed decrease whose answer was lost ends in effect', async () => {
    const { k, placed } = await resting();
    kalshi.faults.add({ operation: 'DecreaseOrderV2', kind: 'commit-then-drop', times: 1 });
    const decreased = await k.decreaseOrder({ orderId: placed.order_id, reduceTo: 2 });
    expect(decreased).toMatchObject({ remaining_count: '2.00' });
    expect(stored(placed.order_id).remainingCount).toBe(200); // centi-contracts
  });

  it('decrease by: a committed decrease whose answer was lost is not applied twice, and said maybe applied', async () => {
    const { k, placed } = await resting();
    kalshi.faults.add({ operation: 'DecreaseOrderV2', kind: 'commit-then-drop', times: 1 });
    const error = await k.decreaseOrder({ orderId: placed.order_id, reduceBy: 1 }).catch((e) => e);
    expect(error).toBeInstanceOf(KalshiUnconfirmedWriteError);
    expect(error).toMatchObject({ applied: 'maybe', orderId: placed.order_id });
    expect(stored(placed.order_id).remainingCount).toBe(200); // 3 − 1, once
  });

  it('cancel: a committed cancel whose answer was lost is a success with the order, not KalshiNotFoundError', async () => {
    const { k, placed } = await resting();
    kalshi.faults.add({ operation: 'CancelOrderV2', kind: 'commit-then-drop', times: 1 });
    const canceled = await k.cancelOrder({ orderId: placed.order_id });
    expect(canceled).toMatchObject({ order_id: placed.order_id, recovered: true });
    expect(canceled.order?.status).toBe('canceled');
    expect(canceled).not.toHaveProperty('reduced_by'); // the lost answer carried it; nothing read gives it
    // Round 25 (T, nit): only what CanceledOrder declares. The spec's CancelOrderV2Response has no remaining_count
    // (an amend's and a decrease's answers do); the order read back carries its remaining_count_fp.
    expect(Object.keys(canceled).sort()).toEqual(['client_order_id', 'order', 'order_id', 'recovered']);
  });

  it('batch create: a committed batch whose answer was lost reports each order, not order_already_exists', async () => {
    const k = await client();
    kalshi.faults.add({ operation: 'BatchCreateOrdersV2', kind: 'commit-then-drop', times: 1 });
    const inputs = [1, 2, 3].map(
      (count) => ({ ticker: ticker(), action: 'buy', side: 'yes', count, priceCents: 1 }) as const,
    );
    const results = await placeOrders(k, inputs);
    expect(results.map((r) => r.ok && r.order.recovered)).toEqual([true, true, true]);
    const orders = results.map((r) => (r.ok ? stored(r.order.order_id) : undefined));
    expect(orders.map((o) => o?.remainingCount)).toEqual([100, 200, 300]);
    expect(kalshi.exchange.orders.size).toBe(new Set([...kalshi.exchange.orders.values()].map((o) => o.orderId)).size);
  });

  it('batch cancel: a committed batch cancel whose answer was lost reports each order canceled', async () => {
    const { k, placed } = await resting();
    const second = await k.placeOrder({ ticker: ticker(), action: 'buy', side: 'yes', count: 1, priceCents: 1 });
    kalshi.faults.add({ operation: 'BatchCancelOrdersV2', kind: 'commit-then-drop', times: 1 });
    const results = await cancelOrders(k, { orderIds: [placed.order_id, second.order_id] });
    expect(results).toMatchObject([
      { ok: true, order_id: placed.order_id, recovered: true },
      { ok: true, order_id: second.order_id, recovered: true },
    ]);
    expect(stored(placed.order_id).status).toBe('canceled');
    expect(stored(second.order_id).status).toBe('canceled');
  });
});
