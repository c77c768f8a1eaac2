// Kalshi's order reads lag its writes by a few hundred ms (kalshi-api-notes §5.11: a GET showed `resting` 360 ms
// after a 200 cancel). A write whose answer was lost still resolves to the true outcome (README): a read that does
// not show the write yet proves nothing, and what cannot be confirmed is said, never passed off as "nothing happened".
// Fake time: the mock's clock is Date.now, so the stale-read lag and the helpers' re-reads run on the same clock.
import { HttpResponse, http } from 'msw';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  cancelOrders,
  KalshiAbortError,
  KalshiConflictError,
  KalshiNotFoundError,
  KalshiUnconfirmedWriteError,
  placeOrders,
} from '../../src';
import { settle, useFakeClock } from '../helpers';
import { MOCK_BASE, useKalshiMock } from '../mock-server';

const { kalshi, client } = useKalshiMock({ seed: 11, now: () => Date.now() });
const ticker = () => [...kalshi.exchange.markets.values()].find((m) => m.status === 'active')!.ticker;
/** Buy 1 YES at 1¢ on an active market. */
const oneYes = () => ({ ticker: ticker(), action: 'buy', side: 'yes', count: 1, priceCents: 1 }) as const;
const stored = (orderId: string) => kalshi.exchange.orders.get(orderId)!;
const mine = (clientOrderId: string) =>
  [...kalshi.exchange.orders.values()].filter((o) => o.clientOrderId === clientOrderId);

beforeEach(() => {
  useFakeClock();
});
afterEach(() => {
  vi.useRealTimers();
});

/** Order reads show every order as it was `lagMs` ago. */
function staleReads(lagMs: number) {
  kalshi.faults.add({ kind: 'stale-read', operation: 'GetOrder', lagMs });
  kalshi.faults.add({ kind: 'stale-read', operation: 'GetOrders', lagMs });
}

/** The error `promise` rejects with, on fake time. */
function failure(promise: Promise<unknown>): Promise<unknown> {
  return settle(promise).then(
    () => expect.unreachable('resolved'),
    (error: unknown) => error,
  );
}

/** Requests the mock saw, as `METHOD /path`. */
function seen(): string[] {
  const log: string[] = [];
  kalshi.server.events.on('request:start', ({ request }) => {
    log.push(`${request.method} ${new URL(request.url).pathname.replace('/trade-api/v2', '')}`);
  });
  return log;
}

async function resting(count = 3) {
  const k = await client();
  const placed = await settle(k.placeOrder({ ticker: ticker(), action: 'buy', side: 'yes', count, priceCents: 1 }));
  await vi.advanceTimersByTimeAsync(1_000); // older than any lag below
  return { k, placed };
}

describe('placeOrder under read lag', () => {
  it('returns the order a lost create placed, once the reads show it (not 409 order_already_exists)', async () => {
    const k = await client();
    staleReads(360);
    kalshi.faults.add({ operation: 'CreateOrderV2', kind: 'commit-then-drop', times: 1 });
    const placed = await settle(
      k.placeOrder({ ticker: ticker(), action: 'buy', side: 'yes', count: 2, priceCents: 1 }),
    );
    expect(placed).toMatchObject({ recovered: true, remaining_count: '2.00' });
    expect(mine(placed.client_order_id).map((o) => o.orderId)).toEqual([placed.order_id]);
  });

  it('says the order exists, with its client_order_id, when the reads never show it in time', async () => {
    const k = await client();
    staleReads(60_000);
    kalshi.faults.add({ operation: 'CreateOrderV2', kind: 'commit-then-drop', times: 1 });
    const error = await failure(k.placeOrder(oneYes()));
    expect(error).toBeInstanceOf(KalshiUnconfirmedWriteError);
    expect(error).not.toBeInstanceOf(KalshiConflictError);
    const { applied, clientOrderId } = error as KalshiUnconfirmedWriteError;
    expect(applied).toBe('yes');
    expect(mine(clientOrderId!)).toHaveLength(1); // it does rest on the exchange
    expect((error as Error).message).toContain(clientOrderId);
  });

  it('takes a 409 order_already_exists for the client_order_id it generated as its order, yours as a conflict', async () => {
    const k = await client();
    const log = seen();
    kalshi.server.use(
      http.post(`${MOCK_BASE}/portfolio/events/orders`, () =>
        HttpResponse.json({ error: { code: 'order_already_exists', message: 'exists' } }, { status: 409 }),
      ),
    );
    const buy = oneYes();
    // No one else has a UUID generated here: the order exists, though no read shows it (this handler made none).
    const generated = await failure(k.placeOrder(buy));
    expect(generated).toBeInstanceOf(KalshiUnconfirmedWriteError);
    expect(generated).toMatchObject({ applied: 'yes', clientOrderId: expect.any(String) });
    log.length = 0;
    // A client_order_id of yours, with no attempt of this call lost: it names some other order of yours.
    const given = await failure(k.placeOrder({ ...buy, clientOrderId: 'mine-1' }));
    expect(given).toBeInstanceOf(KalshiConflictError);
    expect(log).toEqual(['POST /portfolio/events/orders']);
  });

  it('puts the client_order_id on the KalshiAbortError of a create aborted after it was sent', async () => {
    const k = await client();
    const before = new Set(kalshi.exchange.orders.keys());
    const controller = new AbortController();
    kalshi.server.events.on('request:start', ({ request }) => {
      if (request.method === 'POST') controller.abort();
    });
    const error = await failure(k.placeOrder({ ...oneYes(), signal: controller.signal }));
    expect(error).toBeInstanceOf(KalshiAbortError);
    expect(error).toMatchObject({ mayHaveActed: true, clientOrderId: expect.any(String) });
    const { clientOrderId } = error as KalshiAbortError;
    const added = [...kalshi.exchange.orders.values()].filter((o) => !before.has(o.orderId));
    for (const order of added) expect(order.clientOrderId).toBe(clientOrderId); // if it was placed, it is findable
  });

  it('stops re-reading when the caller aborts, still naming the client_order_id', async () => {
    const k = await client();
    staleReads(60_000);
    kalshi.faults.add({ operation: 'CreateOrderV2', kind: 'commit-then-drop', times: 1 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 1_000); // mid-way through the re-reads
    const { signal } = controller;
    const error = await failure(k.placeOrder({ ...oneYes(), clientOrderId: 'ab-1', signal }));
    expect(error).toBeInstanceOf(KalshiAbortError);
    expect(error).toMatchObject({ clientOrderId: 'ab-1', mayHaveActed: true });
  });
});

// Verifier of outside round 2, D1: the lost attempt placed the order, then the market stopped trading before the retry,
// which was refused 409 trading_is_paused. The order rests: reporting "not placed" makes a bot place it again.
describe('a lost create whose retry is refused for another reason (a pause in between)', () => {
  /** Trading pauses as the create is sent the second time (request:start comes before the mock handles it). */
  function pauseOnRetry(path: string) {
    let creates = 0;
    kalshi.server.events.on('request:start', ({ request }) => {
      if (request.method === 'POST' && new URL(request.url).pathname.endsWith(path) && ++creates === 2)
        kalshi.exchange.pause({ kind: 'trading' });
    });
  }

  it('placeOrder returns the order the lost attempt placed, not the 409', async () => {
    const k = await client();
    staleReads(360);
    pauseOnRetry('/portfolio/events/orders');
    kalshi.faults.add({ operation: 'CreateOrderV2', kind: 'commit-then-drop', times: 1 });
    const placed = await settle(k.placeOrder(oneYes()));
    expect(placed.recovered).toBe(true);
    expect(mine(placed.client_order_id).map((o) => o.orderId)).toEqual([placed.order_id]);
  });

  it('placeOrders reports each order the lost batch placed, not the per-item refusal', async () => {
    const k = await client();
    staleReads(360);
    pauseOnRetry('/portfolio/events/orders/batched');
    kalshi.faults.add({ operation: 'BatchCreateOrdersV2', kind: 'commit-then-drop', times: 1 });
    const [result] = await settle(placeOrders(k, [oneYes()]));
    expect(result).toMatchObject({ ok: true, order: { recovered: true } });
  });
});

describe('cancelOrder under read lag', () => {
  it('reports a lost cancel canceled once the reads show it (not 404)', async () => {
    const { k, placed } = await resting();
    staleReads(360);
    kalshi.faults.add({ operation: 'CancelOrderV2', kind: 'commit-then-drop', times: 1 });
    const canceled = await settle(k.cancelOrder({ order: placed }));
    expect(canceled).toMatchObject({ order_id: placed.order_id, recovered: true });
    expect(stored(placed.order_id).status).toBe('canceled');
  });

  it('says the cancel may have been applied when the reads never show it (not KalshiNotFoundError)', async () => {
    const { k, placed } = await resting();
    staleReads(60_000);
    kalshi.faults.add({ operation: 'CancelOrderV2', kind: 'commit-then-drop', times: 1 });
    const error = await failure(k.cancelOrder({ order: placed }));
    expect(error).toBeInstanceOf(KalshiUnconfirmedWriteError);
    expect(error).not.toBeInstanceOf(KalshiNotFoundError);
    expect(error).toMatchObject({ applied: 'maybe', orderId: placed.order_id });
  });
});

describe('amendOrder and decreaseOrder({ reduceTo }) under read lag', () => {
  it('amend: a lost amend is read back in effect once the reads catch up, even with retry: false', async () => {
    const { k, placed } = await resting();
    staleReads(360);
    kalshi.faults.add({ operation: 'AmendOrderV2', kind: 'commit-then-drop', times: 1 });
    const amended = await settle(k.amendOrder({ order: placed, price: '0.02', count: 3, retry: false }));
    expect(amended).toMatchObject({ order_id: placed.order_id, recovered: true });
    expect(stored(placed.order_id).price).toBe(20_000);
  });

  // Verifier of outside round 2, D2: the read back of an order placed moments ago answered 404 (reads lag), and that
  // 404 was thrown, though the amend was in effect.
  it('amend: an order too new for the reads is "not yet", not KalshiNotFoundError', async () => {
    const k = await client();
    const placed = await settle(k.placeOrder(oneYes()));
    staleReads(360); // the order is younger than that: reads do not know it yet
    kalshi.faults.add({ operation: 'AmendOrderV2', kind: 'commit-then-drop', times: 1 });
    const amended = await settle(k.amendOrder({ order: placed, price: '0.02', count: 1, retry: false }));
    expect(amended).toMatchObject({ order_id: placed.order_id, recovered: true });
    expect(stored(placed.order_id).price).toBe(20_000);
  });

  it('decrease to: a lost decrease is read back in effect once the reads catch up, even with retry: false', async () => {
    const { k, placed } = await resting();
    staleReads(360);
    kalshi.faults.add({ operation: 'DecreaseOrderV2', kind: 'commit-then-drop', times: 1 });
    const decreased = await settle(k.decreaseOrder({ order: placed, reduceTo: 1, retry: false }));
    expect(decreased).toMatchObject({ recovered: true, remaining_count: '1.00' });
    expect(stored(placed.order_id).remainingCount).toBe(100);
  });
});

describe('decreaseOrder({ reduceBy }) sends reduce_by', () => {
  it('two reduceBy: 2 on a 10-lot under read lag leave 6', async () => {
    const { k, placed } = await resting(10);
    staleReads(360);
    const first = await settle(k.decreaseOrder({ order: placed, reduceBy: 2 }));
    const second = await settle(k.decreaseOrder({ order: placed, reduceBy: 2 }));
    expect([first.remaining_count, second.remaining_count]).toEqual(['8.00', '6.00']);
    expect(stored(placed.order_id).remainingCount).toBe(600);
  });

  it('does not read the order first, so a fill in between cannot make it wrong', async () => {
    const { k, placed } = await resting(10);
    const log = seen();
    const captured: unknown[] = [];
    kalshi.server.events.on('request:start', async ({ request }) => {
      if (request.url.endsWith('/decrease')) captured.push(await request.clone().json());
    });
    await settle(k.decreaseOrder({ order: placed, reduceBy: 2 }));
    expect(log).toEqual([`POST /portfolio/events/orders/${placed.order_id}/decrease`]);
    expect(captured).toEqual([{ reduce_by: '2.00' }]);
  });

  it('a lost reduce_by is not sent again and is reported as maybe applied, with the order id', async () => {
    const { k, placed } = await resting(10);
    kalshi.faults.add({ operation: 'DecreaseOrderV2', kind: 'commit-then-drop', times: 1 });
    const error = await failure(k.decreaseOrder({ order: placed, reduceBy: 2 }));
    expect(error).toBeInstanceOf(KalshiUnconfirmedWriteError);
    expect(error).toMatchObject({ applied: 'maybe', orderId: placed.order_id });
    expect(stored(placed.order_id).remainingCount).toBe(800); // applied once, not twice
  });
});

describe('batch helpers under read lag', () => {
  it('placeOrders: a lost batch reports each order placed once the reads show them', async () => {
    const k = await client();
    staleReads(360);
    kalshi.faults.add({ operation: 'BatchCreateOrdersV2', kind: 'commit-then-drop', times: 1 });
    const inputs = [1, 2].map(
      (count) => ({ ticker: ticker(), action: 'buy', side: 'yes', count, priceCents: 1 }) as const,
    );
    const results = await settle(placeOrders(k, inputs));
    expect(results.map((r) => r.ok && r.order.recovered)).toEqual([true, true]);
  });

  it('placeOrders: an order not read in time is reported placed-unconfirmed, not order_already_exists', async () => {
    const k = await client();
    staleReads(60_000);
    kalshi.faults.add({ operation: 'BatchCreateOrdersV2', kind: 'commit-then-drop', times: 1 });
    const results = await settle(placeOrders(k, [oneYes()]));
    const [result] = results;
    if (result?.ok !== false) return expect.unreachable('the order was not read in time');
    expect(result.error).toBeInstanceOf(KalshiUnconfirmedWriteError);
    expect(result.error).toMatchObject({ applied: 'yes', clientOrderId: result.client_order_id });
    expect(mine(result.client_order_id)).toHaveLength(1);
  });

  it('cancelOrders: a lost batch cancel reports each order canceled once the reads show it', async () => {
    const { k, placed } = await resting();
    staleReads(360);
    kalshi.faults.add({ operation: 'BatchCancelOrdersV2', kind: 'commit-then-drop', times: 1 });
    const results = await settle(cancelOrders(k, { orders: [placed] }));
    expect(results).toMatchObject([{ ok: true, order_id: placed.order_id, recovered: true }]);
  });

  it('cancelOrders: a cancel not read in time is reported maybe applied, not not_found', async () => {
    const { k, placed } = await resting();
    staleReads(60_000);
    kalshi.faults.add({ operation: 'BatchCancelOrdersV2', kind: 'commit-then-drop', times: 1 });
    const [result] = await settle(cancelOrders(k, { orders: [placed] }));
    if (result?.ok !== false) return expect.unreachable('the cancel was not read in time');
    expect(result.error).toBeInstanceOf(KalshiUnconfirmedWriteError);
    expect(result.error).toMatchObject({ applied: 'maybe', orderId: placed.order_id });
    expect(stored(placed.order_id).status).toBe('canceled');
  });
});
