import { describe, expect, it } from 'vitest';
import { cancelOrders, KalshiAbortError, type KalshiClient, placeOrders } from '../../src';
import { json, observedClient } from '../helpers';
import { useKalshiMock } from '../mock-server';

// An order write aborted by the caller's signal names the order it concerns and says whether the write may have
// reached the exchange, so a bot knows what to look up. A 429 is a refusal before acting (kalshi-api-notes §8.1).
const { kalshi, client } = useKalshiMock({ seed: 22 });
const ticker = () => [...kalshi.exchange.markets.values()].find((m) => m.status === 'active')?.ticker as string;

/** A client whose calls abort `controller` as soon as a retry is scheduled (before its backoff ends). */
async function abortingOnRetry(controller: AbortController): Promise<KalshiClient> {
  return client({ onRetry: () => controller.abort() });
}

const failure = (pending: Promise<unknown>) =>
  pending.then(
    () => expect.unreachable('expected the call to fail'),
    (error: unknown) => error as KalshiAbortError,
  );

describe('an aborted order write names its order', () => {
  it('cancelOrder, aborted once its request is sent: the order id, and it may have acted', async () => {
    const k = await client();
    const placed = await k.placeOrder({ ticker: ticker(), action: 'buy', side: 'yes', count: 1, price: '0.05' });
    const controller = new AbortController();
    kalshi.server.events.on('request:start', ({ request }) => {
      if (request.method === 'DELETE') controller.abort();
    });
    const error = await failure(k.cancelOrder({ order: placed, signal: controller.signal }));
    expect(error).toBeInstanceOf(KalshiAbortError);
    // README ("every failure a caller sees is one of them, with `operationId`"): an abort too (round 19 trial, D3).
    expect(error).toMatchObject({ orderId: placed.order_id, mayHaveActed: true, operationId: 'CancelOrderV2' });
    // In its message too: a bot that logs `err.message` keeps what it needs to reconcile (outside testing, O-D9).
    // The order's market too, as the order given says it (round 43 A3).
    expect(error.message).toBe(
      `CancelOrderV2: aborted (order ${placed.order_id}; it may have acted) (market ${placed.ticker})`,
    );
  });

  it('placeOrder, aborted once its request is sent: its client_order_id, and it may have acted, in the message', async () => {
    const k = await client();
    const controller = new AbortController();
    kalshi.server.events.on('request:start', ({ request }) => {
      if (request.method === 'POST') controller.abort();
    });
    const clientOrderId = 'abort-names-coid-1';
    const error = await failure(
      k.placeOrder({
        ticker: ticker(),
        action: 'buy',
        side: 'yes',
        count: 1,
        price: '0.05',
        clientOrderId,
        signal: controller.signal,
      }),
    );
    expect(error).toMatchObject({ name: 'KalshiAbortError', clientOrderId, mayHaveActed: true });
    expect(error.operationId).toBe('CreateOrderV2');
    expect(error.message).toBe(`CreateOrderV2: aborted (client_order_id ${clientOrderId}; it may have acted)`);
  });

  it('amendOrder and decreaseOrder, aborted while waiting out a 429: nothing acted', async () => {
    const controller = new AbortController();
    const k = await abortingOnRetry(controller);
    const placed = await k.placeOrder({ ticker: ticker(), action: 'buy', side: 'yes', count: 2, price: '0.05' });
    kalshi.faults.add({ operation: 'AmendOrderV2', kind: 'status', status: 429, times: 1 });
    const amend = await failure(k.amendOrder({ order: placed, price: '0.06', count: 2, signal: controller.signal }));
    expect(amend).toBeInstanceOf(KalshiAbortError);
    expect(amend).toMatchObject({ orderId: placed.order_id, mayHaveActed: false });
    expect(amend.message).toBe(
      `AmendOrderV2: aborted while waiting to retry (order ${placed.order_id}) (market ${placed.ticker})`,
    );

    const again = new AbortController();
    const k2 = await abortingOnRetry(again);
    kalshi.faults.add({ operation: 'DecreaseOrderV2', kind: 'status', status: 429, times: 1 });
    const decrease = await failure(k2.decreaseOrder({ order: placed, reduceBy: 1, signal: again.signal }));
    expect(decrease).toMatchObject({ orderId: placed.order_id, mayHaveActed: false });
    expect(kalshi.inspect.order(placed.order_id)).toMatchObject({
      yes_price_dollars: '0.0500',
      remaining_count_fp: '2.00',
    });
  });

  it('amendOrder aborted before sending again, after a round whose answer was lost: it may have acted', async () => {
    const controller = new AbortController();
    const k = await abortingOnRetry(controller);
    const placed = await k.placeOrder({ ticker: ticker(), action: 'buy', side: 'yes', count: 1, price: '0.05' });
    // Round 1: a 503 (may have acted; not repeated within the round), read back not in effect. Round 2: a 429, and
    // the abort during its backoff. Round 2 sent nothing, but round 1 may still have acted.
    kalshi.faults.add({ operation: 'AmendOrderV2', kind: 'status', status: 503, times: 1 });
    let amends = 0;
    kalshi.server.events.on('request:start', ({ request }) => {
      // request:start comes before the handler: this fault answers the second amend.
      if (request.url.endsWith('/amend') && ++amends === 2)
        kalshi.faults.add({ operation: 'AmendOrderV2', kind: 'status', status: 429, times: 1 });
    });
    const error = await failure(k.amendOrder({ order: placed, price: '0.06', count: 1, signal: controller.signal }));
    expect(amends).toBe(2);
    expect(error).toMatchObject({ orderId: placed.order_id, mayHaveActed: true });
  });

  it('an order write given an already-aborted signal sent nothing: it has not acted', async () => {
    const k = await client();
    const placed = await k.placeOrder({ ticker: ticker(), action: 'buy', side: 'yes', count: 1, price: '0.05' });
    const log: string[] = [];
    kalshi.server.events.on('request:start', ({ request }) => log.push(request.method));
    const error = await failure(k.cancelOrder({ order: placed, signal: AbortSignal.abort() }));
    expect(error).toMatchObject({ name: 'KalshiAbortError', orderId: placed.order_id, mayHaveActed: false });
    expect(log).toEqual([]);
  });

  it('a raw write aborted while waiting out a 429 says nothing acted; a read says nothing', async () => {
    const controller = new AbortController();
    const k = await abortingOnRetry(controller);
    kalshi.faults.add({ operation: 'GetExchangeStatus', kind: 'status', status: 429, times: 1 });
    const read = await failure(k.GET('/exchange/status', { signal: controller.signal }));
    expect(read).toBeInstanceOf(KalshiAbortError);
    expect(read.mayHaveActed).toBeUndefined();
    expect(read.operationId).toBe('GetExchangeStatus');
  });
});

// A write whose answer was lost is read back (GetOrder, GetOrders); the caller's abort during that read is the
// write's: named as the operation called, the read-back its step, never as the read alone (outside testing).
describe('an order write aborted while reading back a lost answer names the operation called', () => {
  /** Aborts `controller` when the read-back's first GET starts. */
  function abortOnReadBack(controller: AbortController) {
    kalshi.server.events.on('request:start', ({ request }) => {
      if (request.method === 'GET') controller.abort();
    });
  }

  it.each([
    ['amendOrder', 'AmendOrderV2', 'GetOrder'],
    ['decreaseOrder', 'DecreaseOrderV2', 'GetOrder'],
    ['cancelOrder', 'CancelOrderV2', 'GetOrder'],
  ] as const)('%s: %s, reading back with %s', async (helper, operation, read) => {
    const k = await client();
    const placed = await k.placeOrder({ ticker: ticker(), action: 'buy', side: 'yes', count: 2, price: '0.05' });
    kalshi.faults.add({ operation, kind: 'commit-then-drop', times: 1 });
    const controller = new AbortController();
    abortOnReadBack(controller);
    const signal = controller.signal;
    const error = await failure(
      helper === 'amendOrder'
        ? k.amendOrder({ order: placed, price: '0.06', count: 2, signal })
        : helper === 'decreaseOrder'
          ? k.decreaseOrder({ order: placed, reduceTo: 1, signal })
          : k.cancelOrder({ order: placed, signal }),
    );
    expect(error).toBeInstanceOf(KalshiAbortError);
    // The write's operation, not the read's (as its message says).
    expect(error).toMatchObject({ orderId: placed.order_id, mayHaveActed: true, operationId: operation });
    expect(error.message).toBe(
      `${operation} (reading back): ${read}: aborted (order ${placed.order_id}; it may have acted) (market ${placed.ticker})`,
    );
  });

  it('placeOrder: CreateOrderV2, reading back with GetOrders', async () => {
    const k = await client();
    kalshi.faults.add({ operation: 'CreateOrderV2', kind: 'commit-then-drop', times: 1 });
    const controller = new AbortController();
    abortOnReadBack(controller);
    const clientOrderId = 'abort-read-back-1';
    const error = await failure(
      k.placeOrder({
        ticker: ticker(),
        action: 'buy',
        side: 'yes',
        count: 1,
        price: '0.05',
        clientOrderId,
        signal: controller.signal,
      }),
    );
    expect(error).toMatchObject({ name: 'KalshiAbortError', clientOrderId, mayHaveActed: true });
    expect(error.operationId).toBe('CreateOrderV2');
    expect(error.message).toBe(
      `CreateOrderV2 (reading back): GetOrders: aborted (client_order_id ${clientOrderId}; it may have acted)`,
    );
  });

  it('placeOrders and cancelOrders: the batch operation, reading back', async () => {
    const k = await client();
    const order = { ticker: ticker(), action: 'buy', side: 'yes', count: 1, price: '0.05' } as const;
    kalshi.faults.add({ operation: 'BatchCreateOrdersV2', kind: 'commit-then-drop', times: 1 });
    const first = new AbortController();
    abortOnReadBack(first);
    const create = await failure(
      placeOrders(k, [order, { ...order, clientOrderId: 'abort-batch-2' }], { signal: first.signal }),
    );
    expect(create).toBeInstanceOf(KalshiAbortError);
    // Named as placeOrder names its order, with every client_order_id, generated ones too (round 13 verifier V-D3:
    // neither it may have acted nor the ids, which the caller never saw, were given).
    const ids = create.clientOrderIds as readonly string[];
    expect(ids).toHaveLength(2);
    expect(ids[1]).toBe('abort-batch-2');
    expect(ids[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(create).toMatchObject({ mayHaveActed: true });
    expect(create.message).toBe(
      `BatchCreateOrdersV2 (reading back): GetOrders: aborted (client_order_ids ${ids.join(', ')}; it may have acted)`,
    );
    const onExchange = [...kalshi.exchange.orders.values()].map((o) => o.clientOrderId);
    expect(onExchange).toEqual(expect.arrayContaining([...ids]));

    kalshi.server.events.removeAllListeners();
    const placed = await k.placeOrder(order);
    kalshi.faults.add({ operation: 'BatchCancelOrdersV2', kind: 'commit-then-drop', times: 1 });
    const second = new AbortController();
    abortOnReadBack(second);
    const cancel = await failure(cancelOrders(k, { orders: [placed], signal: second.signal }));
    expect(cancel).toBeInstanceOf(KalshiAbortError);
    expect(cancel).toMatchObject({ orderIds: [placed.order_id], mayHaveActed: true });
    expect(cancel.message).toBe(
      `BatchCancelOrdersV2 (reading back): GetOrder: aborted (orders ${placed.order_id}; it may have acted)`,
    );
  });
});

// A batch whose answer confirms some items and leaves others unsure (no item for them) reads those back; aborted
// there, the error carried only the ids, so the items the answer had confirmed (placed orders now resting, canceled
// ones) were lost to the caller. It now carries their results as `confirmed`, in the order given.
describe('a batch aborted while reading back keeps what its answer confirmed', () => {
  /** Answers the batch with `answer`; the read-back's first request aborts `controller` and never answers. */
  const batchThenAbortedRead = (method: string, answer: unknown, controller: AbortController) =>
    observedClient((request) => {
      if (request.method === method) return json(answer, method === 'POST' ? 201 : 200);
      controller.abort();
      return new Promise<Response>(() => {});
    });

  it('placeOrders: the placed items', async () => {
    const controller = new AbortController();
    const placedItem = {
      order_id: 'o-1',
      client_order_id: 'a',
      ticker: 'T',
      fill_count_fp: '0.00',
      remaining_count_fp: '1.00',
    };
    const { client: k } = await batchThenAbortedRead('POST', { orders: [placedItem] }, controller);
    const order = { ticker: 'T', action: 'buy', side: 'yes', count: 1, price: '0.05' } as const;
    const error = await failure(
      placeOrders(
        k,
        [
          { ...order, clientOrderId: 'a' },
          { ...order, clientOrderId: 'b' },
        ],
        { signal: controller.signal },
      ),
    );
    expect(error).toBeInstanceOf(KalshiAbortError);
    expect(error).toMatchObject({ clientOrderIds: ['a', 'b'], mayHaveActed: true });
    expect(error.confirmed).toEqual([
      { ok: true, order: expect.objectContaining({ order_id: 'o-1', client_order_id: 'a', recovered: false }) },
    ]);
  });

  it('cancelOrders: the canceled items', async () => {
    const controller = new AbortController();
    const canceledItem = { order_id: 'x-1', reduced_by: '1.00' };
    const { client: k } = await batchThenAbortedRead('DELETE', { orders: [canceledItem] }, controller);
    const error = await failure(cancelOrders(k, { orderIds: ['x-1', 'x-2'], signal: controller.signal }));
    expect(error).toBeInstanceOf(KalshiAbortError);
    expect(error).toMatchObject({ orderIds: ['x-1', 'x-2'], mayHaveActed: true });
    expect(error.confirmed).toEqual([{ ok: true, order_id: 'x-1', recovered: false, result: canceledItem }]);
  });
});
