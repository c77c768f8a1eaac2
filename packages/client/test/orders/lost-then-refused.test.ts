import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  cancelOrders,
  KalshiAbortError,
  KalshiConnectionError,
  KalshiUnconfirmedWriteError,
  placeOrders,
  unwrap,
} from '../../src';
import { json, lost, observedClient, settle, useFakeClock, v2Order } from '../helpers';

// Writes whose first answer was lost and whose repeat was refused (outside round 14, tester B). README: what the
// helpers cannot confirm is a KalshiUnconfirmedWriteError, "never a plain 409 or 404"; kalshi-api-notes §5.6: a
// client_order_id is never freed, a create reusing one is refused 409 order_already_exists.

beforeEach(() => {
  useFakeClock();
});
afterEach(() => {
  vi.useRealTimers();
});

const refused = (code: string, status: number) => json({ error: { code, message: code, service: 'exchange' } }, status);
/** An exchange whose reads answer `read()`, whose first write's answer is lost and whose repeats are answered `repeat`. */
const lostThen = (read: () => Response, repeat: (request: Request) => Response) => (request: Request, n: number) =>
  request.method === 'GET' ? read() : n === 1 ? lost() : repeat(request);
/** An order as GET /portfolio/orders(/{id}) reads it (spec Order's required fields that matter here). */
const order = (fields: Record<string, unknown>) => ({
  order_id: 'o-1',
  client_order_id: 'c-1',
  ticker: 'T',
  outcome_side: 'yes',
  book_side: 'bid',
  status: 'resting',
  yes_price_dollars: '0.3000',
  initial_count_fp: '1.00',
  fill_count_fp: '0.00',
  remaining_count_fp: '1.00',
  ...fields,
});
const buy = { ticker: 'T', action: 'buy', side: 'yes', clientOrderId: 'reused' } as const;

// An order found under our client_order_id with other terms is an older order holding the id (B-D1: the create placed
// nothing) or ours, amended since by another caller (verifier V-D1): no read tells them apart, so neither "placed" nor
// "placed nothing" may be said: KalshiUnconfirmedWriteError 'maybe', carrying the order found.
describe('B-D1/V-D1: a lost create whose client_order_id an order with other terms holds', () => {
  // A YES bid at 0.30 for 1 under the id this create uses, asked at 0.41.
  const older = order({ order_id: 'older', client_order_id: 'reused' });
  const unsure = (error: unknown) => {
    expect(error).toBeInstanceOf(KalshiUnconfirmedWriteError);
    expect(error).toMatchObject({ applied: 'maybe', clientOrderId: 'reused', order: { order_id: 'older' } });
    expect((error as Error).message).toMatch(/order older holds it with other terms/);
  };

  it('placeOrder, its repeat refused 409: unconfirmed, not that order as placed nor a plain 409', async () => {
    const { client } = await observedClient(
      lostThen(
        () => json({ orders: [older], cursor: '' }),
        () => refused('order_already_exists', 409),
      ),
    );
    unsure(await settle(client.placeOrder({ ...buy, count: 2, price: '0.41' })).catch((e: unknown) => e));
  });

  it('placeOrder, every attempt lost: the same', async () => {
    const { client } = await observedClient((request) =>
      request.method === 'GET' ? json({ orders: [older], cursor: '' }) : lost(),
    );
    unsure(await settle(client.placeOrder({ ...buy, count: 1, price: '0.41' })).catch((e: unknown) => e));
  });

  it('placeOrders: the item is that error, not placed', async () => {
    const { client } = await observedClient(
      lostThen(
        () => json({ orders: [older], cursor: '' }),
        () => json({ orders: [{ client_order_id: 'reused', error: { code: 'order_already_exists' } }] }, 201),
      ),
    );
    const [item] = await settle(placeOrders(client, [{ ...buy, count: 2, price: '0.41' }]));
    expect(item).toMatchObject({ ok: false, client_order_id: 'reused' });
    unsure(item?.ok === false && item.error);
  });

  it('an order with our terms is ours: recovered', async () => {
    const { client } = await observedClient(
      lostThen(
        () => json({ orders: [older], cursor: '' }),
        () => refused('order_already_exists', 409),
      ),
    );
    const placed = await settle(client.placeOrder({ ...buy, count: 1, price: '0.30' }));
    expect(placed).toMatchObject({ order_id: 'older', recovered: true });
  });

  // §5.7: reduce_only "caps size at current position", so our order may hold fewer contracts than asked, never more.
  it.each([
    ['fewer contracts (capped): ours', '1.00', true],
    ['more contracts: another order', '3.00', false],
  ])('reduce-only, %s', async (_name, initial, ours) => {
    const { client } = await observedClient(
      lostThen(
        () =>
          json({
            orders: [order({ order_id: 'older', client_order_id: 'reused', initial_count_fp: initial })],
            cursor: '',
          }),
        () => refused('order_already_exists', 409),
      ),
    );
    const call = client.placeOrder({
      ...buy,
      count: 2,
      price: '0.30',
      reduceOnly: true,
      timeInForce: 'immediate_or_cancel',
    });
    const outcome = await settle(call).catch((e: unknown) => e);
    if (ours) expect(outcome).toMatchObject({ order_id: 'older', recovered: true });
    else expect(outcome).toBeInstanceOf(KalshiUnconfirmedWriteError);
  });
});

describe('B-D2: an absolute amend/decrease lost, its repeat refused, reads still behind', () => {
  // The reads keep showing the order as before the write (they lag past the 2.5 s the helper re-reads for).
  const before = order({ initial_count_fp: '4.00', remaining_count_fp: '4.00' });
  /** An amend of that order to 4 at 0.27. */
  const amend = { orderId: 'o-1', ticker: 'T', action: 'buy', side: 'yes', price: '0.27', count: 4 } as const;

  it.each([
    ['amend with updatedClientOrderId, repeat 409 (the id the lost attempt gave)', 'order_already_exists', 409],
    ['amend, repeat refused 400 market_inactive (a pause began)', 'market_inactive', 400],
  ])('%s: KalshiUnconfirmedWriteError (maybe), not the plain refusal', async (_name, code, status) => {
    const { client } = await observedClient(
      lostThen(
        () => json({ order: before }),
        () => refused(code, status),
      ),
    );
    const call = client.amendOrder({ ...amend, updatedClientOrderId: 'upd-1' });
    const error = await settle(call).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KalshiUnconfirmedWriteError);
    expect(error).toMatchObject({ applied: 'maybe', orderId: 'o-1', operationId: 'AmendOrderV2' });
  });

  it('decrease to 2, repeat refused 400 market_inactive: unconfirmed', async () => {
    const { client } = await observedClient(
      lostThen(
        () => json({ order: before }),
        () => refused('market_inactive', 400),
      ),
    );
    const error = await settle(client.decreaseOrder({ orderId: 'o-1', reduceTo: 2 })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KalshiUnconfirmedWriteError);
    expect(error).toMatchObject({ applied: 'maybe', orderId: 'o-1' });
  });

  // Verifier V-D2: fills after the lost decrease (or instead of it) leave fewer than the target, or nothing resting;
  // the repeat is refused (400 invalid_order_size, 404): no read tells whether the decrease acted.
  it.each([
    ['fewer left than the target', { remaining_count_fp: '1.00', fill_count_fp: '1.00' }, 'invalid_order_size', 400],
    ['executed', { status: 'executed', remaining_count_fp: '0.00', fill_count_fp: '2.00' }, 'not_found', 404],
  ])(
    'decrease to 2, then the order reads %s: unconfirmed, not the plain refusal',
    async (_name, after, code, status) => {
      let reads = 0;
      const { client } = await observedClient(
        lostThen(
          () => json({ order: ++reads === 1 ? before : { ...before, ...after } }),
          () => refused(code, status),
        ),
      );
      const error = await settle(client.decreaseOrder({ orderId: 'o-1', reduceTo: 2 })).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(KalshiUnconfirmedWriteError);
      expect(error).toMatchObject({ applied: 'maybe', orderId: 'o-1', order: { order_id: 'o-1' } });
    },
  );

  // Round 43 (A): a decrease to 0 cancels the order (kalshi-api-notes §5.10: "cancel ≡ decrease to 0"; §5.5: resting →
  // canceled on decrease to 0), and executed is terminal: an order that reads executed was not decreased to 0, as
  // cancelOrder concludes for a cancel ("executed, the failure is thrown"). It was reported maybe applied.
  it('decrease to 0, then the order reads executed: the refusal stands (it cannot have acted), as for a cancel', async () => {
    let reads = 0;
    const executed = { ...before, status: 'executed', remaining_count_fp: '0.00', fill_count_fp: '2.00' };
    const { client } = await observedClient(
      lostThen(
        () => json({ order: ++reads === 1 ? before : executed }),
        () => refused('not_found', 404),
      ),
    );
    const error = await settle(client.decreaseOrder({ orderId: 'o-1', reduceTo: 0 })).catch((e: unknown) => e);
    expect(error).not.toBeInstanceOf(KalshiUnconfirmedWriteError);
    expect(error).toMatchObject({ name: 'KalshiNotFoundError', code: 'not_found' });
  });

  it('an amend whose order reads executed, not at the amended terms: the refusal stands (it cannot have acted)', async () => {
    let reads = 0;
    const executed = { ...before, status: 'executed', remaining_count_fp: '0.00', fill_count_fp: '4.00' };
    const { client } = await observedClient(
      lostThen(
        () => json({ order: ++reads === 1 ? before : executed }),
        () => refused('not_found', 404),
      ),
    );
    const call = client.amendOrder(amend);
    expect(await settle(call).catch((e: unknown) => e)).toMatchObject({ name: 'KalshiNotFoundError' });
  });

  // orders.ts sendReadingBack doc: "the last round, or a refusal after a lost attempt, re-reads for up to SETTLE_MS
  // instead" of sending again (notes §5.9 are silent on repeating a refused amend).
  it('an amend lost, then refused 400 invalid_order, is not sent a third time: unconfirmed', async () => {
    const { client, requests } = await observedClient(
      lostThen(
        () => json({ order: before }),
        () => refused('invalid_order', 400),
      ),
    );
    const call = client.amendOrder(amend);
    const error = await settle(call).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KalshiUnconfirmedWriteError);
    expect(error).toMatchObject({ applied: 'maybe', orderId: 'o-1', cause: { code: 'invalid_order' } });
    expect(requests.filter((r) => r.method === 'POST')).toHaveLength(2);
  });
});

describe('B-D4: a cancel lost, its repeat refused for another reason than 404', () => {
  const handler = (status: string) =>
    lostThen(
      () => json({ order: order({ status, remaining_count_fp: status === 'resting' ? '1.00' : '0.00' }) }),
      (request) =>
        request.url.endsWith('/batched')
          ? json({ orders: [{ order_id: 'o-1', error: { code: 'market_inactive' } }] })
          : refused('market_inactive', 400),
    );

  it('cancelOrder: the order reads canceled: recovered', async () => {
    const { client } = await observedClient(handler('canceled'));
    expect(await settle(client.cancelOrder({ orderId: 'o-1' }))).toMatchObject({ order_id: 'o-1', recovered: true });
  });

  it('cancelOrder: the order still reads resting: unconfirmed, not the plain 400', async () => {
    const { client } = await observedClient(handler('resting'));
    const error = await settle(client.cancelOrder({ orderId: 'o-1' })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KalshiUnconfirmedWriteError);
    expect(error).toMatchObject({ applied: 'maybe', orderId: 'o-1' });
  });

  it('cancelOrders: the item reads canceled: recovered', async () => {
    const { client } = await observedClient(handler('canceled'));
    const [item] = await settle(cancelOrders(client, { orderIds: ['o-1'] }));
    expect(item).toMatchObject({ ok: true, order_id: 'o-1', recovered: true });
  });

  // Notes §5.5: executed is terminal, so the cancel did not act; as cancelOrder's doc says, "executed, the failure is
  // thrown" (a batch item: that failure, never "maybe applied").
  it('cancelOrders: the item reads executed: it fails with the refusal, not unconfirmed', async () => {
    const { client } = await observedClient(handler('executed'));
    const [item] = await settle(cancelOrders(client, { orderIds: ['o-1'] }));
    expect(item).toMatchObject({
      ok: false,
      order_id: 'o-1',
      error: { name: 'KalshiBadRequestError', code: 'market_inactive' },
    });
    expect(item?.ok === false && item.error).not.toBeInstanceOf(KalshiUnconfirmedWriteError);
  });
});

describe('B-D5: a raw create or cancel that may have acted names its orders', () => {
  const body = { ...v2Order, client_order_id: 'c-1' };

  it('a create whose every attempt was lost: client_order_id in the error and its message', async () => {
    const { client } = await observedClient(lost);
    const error = await settle(client.POST('/portfolio/events/orders', { body })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KalshiConnectionError);
    expect(error).toMatchObject({ mayHaveActed: true, clientOrderId: 'c-1' });
    expect((error as Error).message).toMatch(/client_order_id c-1; it may have acted/);
  });

  it('a create answered 503 to the end (unwrapped): named in the error', async () => {
    const { client } = await observedClient(() => refused('service_unavailable', 503));
    const error = await settle(client.POST('/portfolio/events/orders', { body }))
      .then(unwrap)
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'KalshiServerError', status: 503 });
    expect((error as Error).message).toMatch(/client_order_id c-1: it may have acted/);
  });

  // The converse: a create refused on its only attempt (a 400, nothing lost) did not act (§3.2's refusals are made
  // before the exchange acts); its error must not send the caller reconciling.
  it('a create refused outright (400 on its only attempt): not said to have acted', async () => {
    const { client, requests } = await observedClient(() => refused('insufficient_balance', 400));
    const error = await settle(client.POST('/portfolio/events/orders', { body }))
      .then(unwrap)
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'KalshiBadRequestError', status: 400 });
    expect(requests).toHaveLength(1);
    expect((error as Error).message).not.toMatch(/may have acted/);
  });

  it('a batch create: every client_order_id', async () => {
    const { client } = await observedClient(lost);
    const orders = [body, { ...body, client_order_id: 'c-2' }];
    const error = await settle(client.POST('/portfolio/events/orders/batched', { body: { orders } })).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ mayHaveActed: true, clientOrderIds: ['c-1', 'c-2'] });
    expect((error as Error).message).toMatch(/client_order_ids c-1, c-2/);
  });

  it('a cancel: its order id', async () => {
    const { client } = await observedClient(lost);
    const call = client.DELETE('/portfolio/events/orders/{order_id}', { params: { path: { order_id: 'o-9' } } });
    const error = await settle(call).catch((e: unknown) => e);
    expect(error).toMatchObject({ mayHaveActed: true, orderId: 'o-9' });
    expect((error as Error).message).toMatch(/order o-9; it may have acted/);
  });

  it('aborted while waiting to repeat a lost create: named', async () => {
    const controller = new AbortController();
    const { client } = await observedClient(() => {
      queueMicrotask(() => controller.abort());
      return lost();
    });
    const call = client.POST('/portfolio/events/orders', { body, signal: controller.signal });
    const error = await settle(call).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KalshiAbortError);
    expect(error).toMatchObject({ mayHaveActed: true, clientOrderId: 'c-1' });
  });

  it('nothing sent (refused before sending): not named, nothing acted', async () => {
    const controller = new AbortController();
    controller.abort();
    const { client } = await observedClient(lost);
    const error = await client
      .POST('/portfolio/events/orders', { body, signal: controller.signal })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ mayHaveActed: false });
    expect(error).not.toHaveProperty('clientOrderId');
    expect((error as Error).message).not.toMatch(/client_order_id/);
  });

  it("an order helper's abort names its order once", async () => {
    const controller = new AbortController();
    const { client } = await observedClient(() => {
      queueMicrotask(() => controller.abort());
      return lost();
    });
    const call = client.placeOrder({
      ...buy,
      clientOrderId: 'c-1',
      count: 1,
      price: '0.30',
      signal: controller.signal,
    });
    const error = await settle(call).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KalshiAbortError);
    expect((error as Error).message.match(/client_order_id c-1/g)).toHaveLength(1);
  });
});

// orders.ts sendReadingBack: an absolute write (amend, decrease to) whose answer was lost is read back, and sent again
// while the read shows it not in effect, at most ROUNDS (3) rounds ("at most this many rounds", orders.ts).
describe('an absolute amend or decrease whose answer was lost, read back', () => {
  // decreaseOrder doc: "decreased to the target (or canceled by a decrease to 0), it is returned with recovered:
  // true"; a canceled order (notes §5.10: cancel ≡ decrease to 0) does not show a decrease to 1.
  it('a decrease to 1 whose answer was lost and whose order reads canceled is not reported done', async () => {
    const canceled = order({ status: 'canceled', initial_count_fp: '2.00', remaining_count_fp: '0.00' });
    const { client } = await observedClient(
      lostThen(
        () => json({ order: canceled }),
        () => json({ order_id: 'o-1', remaining_count: '1.00', ts_ms: 1 }),
      ),
    );
    const error = await settle(client.decreaseOrder({ orderId: 'o-1', reduceTo: 1 })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KalshiUnconfirmedWriteError);
    expect(error).toMatchObject({ applied: 'maybe', orderId: 'o-1', order: { status: 'canceled' } });
  });

  // amendOrder doc: "not in effect and still resting, the amend is sent again"; notes §5.9: the V2 amend sets the id
  // through updated_client_order_id, so an order still carrying the old id is not amended.
  it('an amend changing only the client_order_id, lost, its order read with the old id: sent again', async () => {
    const { client, requests } = await observedClient(
      lostThen(
        () => json({ order: order({}) }),
        () => json({ order_id: 'o-1', client_order_id: 'c-2', ts_ms: 1 }),
      ),
    );
    const amended = await settle(
      client.amendOrder({
        orderId: 'o-1',
        ticker: 'T',
        action: 'buy',
        side: 'yes',
        price: '0.30',
        count: 1,
        updatedClientOrderId: 'c-2',
      }),
    );
    expect(amended).toMatchObject({ order_id: 'o-1', client_order_id: 'c-2', recovered: false });
    expect(requests.filter((r) => r.method === 'POST')).toHaveLength(2);
  });

  it('an amend lost twice, still not in effect, is sent a third time and answered', async () => {
    let amends = 0;
    const { client } = await observedClient((request) => {
      if (request.method === 'GET') return json({ order: order({}) });
      return ++amends < 3 ? lost() : json({ order_id: 'o-1', client_order_id: 'c-1', ts_ms: 1 });
    });
    const call = client.amendOrder({
      orderId: 'o-1',
      ticker: 'T',
      action: 'buy',
      side: 'yes',
      price: '0.31',
      count: 1,
    });
    expect(await settle(call)).toMatchObject({ order_id: 'o-1', recovered: false, yes_price_dollars: '0.3100' });
    expect(amends).toBe(3);
  });
});
