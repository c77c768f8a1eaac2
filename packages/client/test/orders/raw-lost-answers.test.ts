// README ("Using the client"): a write whose answer was lost ends in an error that says it may have acted, "never a
// plain 409/404". The raw calls are the 1:1 port of the official SDK (createOrderV2, batchCreateOrdersV2,
// cancelOrderV2, batchCancelOrdersV2): the transport repeats them after a lost answer (the manifest's retry policy),
// so the repeat's refusal must not reach the caller as if this call had done nothing (tester's findings X-D4, X-D5).
import { describe, expect, it } from 'vitest';
import {
  cancelOrders,
  KalshiConflictError,
  KalshiConnectionError,
  KalshiCredentialsError,
  KalshiInvalidResponseError,
  KalshiNotFoundError,
  KalshiUnconfirmedWriteError,
  placeOrders,
} from '../../src';
import { json, lost, observedClient, testSigner, v2Order } from '../helpers';
import { useKalshiMock } from '../mock-server';

const { kalshi, client } = useKalshiMock({ seed: 17 });
const ticker = () => [...kalshi.exchange.markets.values()].find((m) => m.status === 'active')!.ticker;
const stored = (orderId: string) => kalshi.exchange.orders.get(orderId)!;
const bid = (price: `${number}`) => ({ ...v2Order, ticker: ticker(), price, client_order_id: crypto.randomUUID() });

async function resting() {
  const k = await client();
  const placed = await k.placeOrder({ ticker: ticker(), action: 'buy', side: 'yes', count: 2, priceCents: 1 });
  return { k, placed };
}

// kalshi-api-notes §5.6: "Resubmitting the same id → 409 order_already_exists"; §5.12: a batch answers 201 with an
// error per item. Repeated by the transport itself, each item's order_already_exists is the lost attempt's order.
describe('a raw batch create repeated after its answer was lost', () => {
  it('throws KalshiUnconfirmedWriteError applied "yes" naming the orders the lost attempt placed', async () => {
    const k = await client();
    kalshi.faults.add({ operation: 'BatchCreateOrdersV2', kind: 'commit-then-drop', times: 1 });
    const orders = [bid('0.01'), bid('0.02')];
    const error = await k.POST('/portfolio/events/orders/batched', { body: { orders } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KalshiUnconfirmedWriteError);
    expect(error).toMatchObject({
      applied: 'yes',
      operationId: 'BatchCreateOrdersV2',
      clientOrderIds: orders.map((o) => o.client_order_id),
    });
    expect((error as Error).cause).toBeInstanceOf(KalshiConflictError);
    expect((error as Error).message).toContain(orders[0]!.client_order_id);
    // Both rest on the exchange, placed once each, by the attempt whose answer was lost.
    const mine = [...kalshi.exchange.orders.values()].filter((o) =>
      orders.some((x) => x.client_order_id === o.clientOrderId),
    );
    expect(mine.map((o) => o.status)).toEqual(['resting', 'resting']);
    expect(kalshi.faults.fired.get('BatchCreateOrdersV2')).toBe(1);
  });

  it("lists only the items refused as already existing, and keeps the repeat's answer for the others", async () => {
    const items = [
      { client_order_id: 'a', error: { code: 'order_already_exists', message: 'order already exists' } },
      { order_id: 'o-b', client_order_id: 'b', fill_count: '0.00', remaining_count: '1.00', ts_ms: 1 },
    ];
    const { client: k, requests } = await observedClient((_r, n) => {
      if (n === 1) throw new TypeError('fetch failed', { cause: { code: 'ECONNRESET' } });
      return json({ orders: items }, 201);
    });
    const orders = [
      { ...v2Order, client_order_id: 'a' },
      { ...v2Order, client_order_id: 'b' },
    ];
    const error = await k.POST('/portfolio/events/orders/batched', { body: { orders } }).catch((e: unknown) => e);
    expect(error).toMatchObject({ applied: 'yes', clientOrderIds: ['a'], answer: { orders: items } });
    expect(requests).toHaveLength(2);
  });

  it('names an item without client_order_id in the answer by its place in the request', async () => {
    const { client: k } = await observedClient((_r, n) =>
      n === 1
        ? json({ error: { code: 'internal' } }, 500)
        : json({ orders: [{ order_id: 'o-a' }, { error: { code: 'order_already_exists' } }] }, 201),
    );
    const orders = [
      { ...v2Order, client_order_id: 'a' },
      { ...v2Order, client_order_id: 'b' },
    ];
    await expect(k.POST('/portfolio/events/orders/batched', { body: { orders } })).rejects.toMatchObject({
      applied: 'yes',
      clientOrderIds: ['b'],
    });
  });

  // §5.12: the answer has one item per request item, in request order. One with fewer leaves items unanswered that
  // the lost attempt may have placed (tester's finding V2-D2): none may go unnamed.
  it.each([
    ['an item refused without its own id', [{ error: { code: 'market_inactive' } }], 'market_inactive'],
    ['every answered item placed', [{ order_id: 'o-a', client_order_id: 'a', ts_ms: 1 }], undefined],
  ])('a repeat answering fewer items than sent (%s) names every item sent, "maybe"', async (_, items, code) => {
    const { client: k } = await observedClient((_r, n) => {
      if (n === 1) throw new TypeError('fetch failed', { cause: { code: 'ECONNRESET' } });
      return json({ orders: items }, 201);
    });
    const orders = [
      { ...v2Order, client_order_id: 'a' },
      { ...v2Order, client_order_id: 'b' },
    ];
    const error = await k.POST('/portfolio/events/orders/batched', { body: { orders } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KalshiUnconfirmedWriteError);
    expect(error).toMatchObject({ applied: 'maybe', clientOrderIds: ['a', 'b'], answer: { orders: items } });
    expect((error as Error).message).toContain('answered 1 of 2 items');
    const cause = (error as Error).cause;
    if (code) expect(cause).toMatchObject({ code });
    else expect(cause).toBeInstanceOf(KalshiInvalidResponseError);
  });

  it("an item refused on the only attempt is the caller's own reuse of an id: the answer as Kalshi gave it", async () => {
    const k = await client();
    const orders = [bid('0.01')];
    await k.POST('/portfolio/events/orders/batched', { body: { orders } });
    const { data } = await k.POST('/portfolio/events/orders/batched', { body: { orders } });
    expect(data?.orders[0]?.error?.code).toBe('order_already_exists');
  });

  it('placeOrders still reads each order back (its own recovery)', async () => {
    const k = await client();
    kalshi.faults.add({ operation: 'BatchCreateOrdersV2', kind: 'commit-then-drop', times: 1 });
    const results = await placeOrders(k, [
      { ticker: ticker(), action: 'buy', side: 'yes', count: 1, priceCents: 1 },
      { ticker: ticker(), action: 'buy', side: 'yes', count: 2, priceCents: 1 },
    ]);
    expect(results.map((r) => r.ok && r.order.recovered)).toEqual([true, true]);
  });
});

// kalshi-api-notes §5.11: "Cancel of an already-canceled, already-executed or unknown id → 404 not_found". The
// transport repeats a cancel (its policy: always); after a lost attempt, that 404 may be this call's own cancel. The
// notes are silent on what the repeat answers when the order executed in between: also 404, hence 'maybe'.
describe('a raw cancel repeated after its answer was lost', () => {
  it('DELETE one order: KalshiUnconfirmedWriteError "maybe" naming the order, not the plain 404', async () => {
    const { k, placed } = await resting();
    kalshi.faults.add({ operation: 'CancelOrderV2', kind: 'commit-then-drop', times: 1 });
    const error = await k
      .DELETE('/portfolio/events/orders/{order_id}', { params: { path: { order_id: placed.order_id } } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KalshiUnconfirmedWriteError);
    expect(error).toMatchObject({ applied: 'maybe', operationId: 'CancelOrderV2', orderId: placed.order_id });
    expect((error as Error).cause).toBeInstanceOf(KalshiNotFoundError);
    expect(stored(placed.order_id).status).toBe('canceled'); // by this very call
  });

  it('batch cancel: KalshiUnconfirmedWriteError "maybe" naming the items answered not_found', async () => {
    const { k, placed } = await resting();
    const second = await k.placeOrder({ ticker: ticker(), action: 'buy', side: 'yes', count: 1, priceCents: 1 });
    kalshi.faults.add({ operation: 'BatchCancelOrdersV2', kind: 'commit-then-drop', times: 1 });
    const body = { orders: [{ order_id: placed.order_id }, { order_id: second.order_id }] };
    const error = await k.DELETE('/portfolio/events/orders/batched', { body }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KalshiUnconfirmedWriteError);
    expect(error).toMatchObject({
      applied: 'maybe',
      operationId: 'BatchCancelOrdersV2',
      orderIds: [placed.order_id, second.order_id],
      answer: { orders: [{ error: { code: 'not_found' } }, { error: { code: 'not_found' } }] },
    });
    expect((error as Error).cause).toBeInstanceOf(KalshiNotFoundError);
    expect([stored(placed.order_id).status, stored(second.order_id).status]).toEqual(['canceled', 'canceled']);
  });

  it('a 404 on the only attempt is the plain 404 (nothing was lost)', async () => {
    const { k, placed } = await resting();
    const path = { path: { order_id: placed.order_id } };
    await k.DELETE('/portfolio/events/orders/{order_id}', { params: path });
    const { error, response } = await k.DELETE('/portfolio/events/orders/{order_id}', { params: path });
    expect(response.status).toBe(404);
    expect(error).toMatchObject({ error: { code: 'not_found' } });
  });

  it('cancelOrder and cancelOrders still read the order back and report it canceled', async () => {
    const { k, placed } = await resting();
    kalshi.faults.add({ operation: 'CancelOrderV2', kind: 'commit-then-drop', times: 1 });
    expect(await k.cancelOrder({ order: placed })).toMatchObject({ recovered: true });
    const second = await k.placeOrder({ ticker: ticker(), action: 'buy', side: 'yes', count: 1, priceCents: 1 });
    kalshi.faults.add({ operation: 'BatchCancelOrdersV2', kind: 'commit-then-drop', times: 1 });
    expect(await cancelOrders(k, { orders: [second] })).toMatchObject([{ ok: true, recovered: true }]);
  });
});

// Verifier V-D5: README ("Using the client"): a lost write ends in an error that says it may have acted, "never in the
// 400/404 its repeat would get". Whatever refuses the repeat (a pause that began between the attempts: kalshi-api-notes
// are silent on which check Kalshi makes first), the lost attempt may have acted: every 4xx but 429 is reported so.
describe('a raw create or cancel repeated after a lost answer, the repeat refused for another reason', () => {
  /** Trading (or the whole exchange) pauses as the call is sent the second time. */
  function pauseOnRepeat(method: string, path: string, kind: 'trading' | 'exchange') {
    let sent = 0;
    kalshi.server.events.on('request:start', ({ request }) => {
      if (request.method === method && new URL(request.url).pathname.endsWith(path) && ++sent === 2)
        kalshi.exchange.pause({ kind });
    });
  }

  it('create: KalshiUnconfirmedWriteError "maybe" naming the key, the 409 trading_is_paused as cause', async () => {
    const k = await client();
    pauseOnRepeat('POST', '/portfolio/events/orders', 'trading');
    kalshi.faults.add({ operation: 'CreateOrderV2', kind: 'commit-then-drop', times: 1 });
    const body = bid('0.01');
    const error = await k.POST('/portfolio/events/orders', { body }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KalshiUnconfirmedWriteError);
    expect(error).toMatchObject({ applied: 'maybe', clientOrderId: body.client_order_id });
    expect((error as Error).cause).toBeInstanceOf(KalshiConflictError);
    expect((error as Error).cause).toMatchObject({ code: 'trading_is_paused' });
    const mine = [...kalshi.exchange.orders.values()].filter((o) => o.clientOrderId === body.client_order_id);
    expect(mine.map((o) => o.status)).toEqual(['resting']); // placed by the attempt whose answer was lost
  });

  it('cancel: "maybe" naming the order when an exchange pause refuses the repeat', async () => {
    const { k, placed } = await resting();
    pauseOnRepeat('DELETE', `/portfolio/events/orders/${placed.order_id}`, 'exchange');
    kalshi.faults.add({ operation: 'CancelOrderV2', kind: 'commit-then-drop', times: 1 });
    const error = await k
      .DELETE('/portfolio/events/orders/{order_id}', { params: { path: { order_id: placed.order_id } } })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ applied: 'maybe', orderId: placed.order_id, cause: { code: 'exchange_is_paused' } });
    expect(stored(placed.order_id).status).toBe('canceled');
  });

  it('batch create: each item refused trading_is_paused is named, "maybe", the answer kept', async () => {
    const k = await client();
    pauseOnRepeat('POST', '/portfolio/events/orders/batched', 'trading');
    kalshi.faults.add({ operation: 'BatchCreateOrdersV2', kind: 'commit-then-drop', times: 1 });
    const orders = [bid('0.01'), bid('0.02')];
    const error = await k.POST('/portfolio/events/orders/batched', { body: { orders } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KalshiUnconfirmedWriteError);
    expect(error).toMatchObject({
      applied: 'maybe',
      clientOrderIds: orders.map((o) => o.client_order_id),
      answer: { orders: [{ error: { code: 'trading_is_paused' } }, { error: { code: 'trading_is_paused' } }] },
      cause: { code: 'trading_is_paused' },
    });
  });

  // A final 429 refused only the last attempt (kalshi-api-notes §8.1: refused before acting), not the lost one (V2-D1);
  // a final 5xx says by itself that the call may have acted.
  it('batch cancel refused as a whole (409 market_closed, or 429 to the end): every order named; a 5xx stays the answer', async () => {
    // Each call: a 500 (may have acted), then its repeats answered `status`.
    let answers: number[] = [];
    const { client: k } = await observedClient(() => {
      const status = answers.shift() ?? 500;
      const code = { 409: 'market_closed', 429: 'too_many_requests', 500: 'internal', 503: 'unavailable' }[status];
      return json({ error: { code } }, status);
    });
    const body = { orders: [{ order_id: 'o-1' }, { order_id: 'o-2' }] };
    const send = (statuses: number[]) => {
      answers = statuses;
      return k.DELETE('/portfolio/events/orders/batched', { body, retry: { maxRetries: 1 } }).catch((e: unknown) => e);
    };
    expect(await send([500, 409])).toMatchObject({
      applied: 'maybe',
      orderIds: ['o-1', 'o-2'],
      cause: { status: 409 },
    });
    expect(await send([500, 429])).toMatchObject({
      applied: 'maybe',
      orderIds: ['o-1', 'o-2'],
      cause: { status: 429 },
    });
    expect(await send([429, 429])).toMatchObject({ response: { status: 429 } }); // nothing lost: the plain 429
    expect(await send([500, 503])).toMatchObject({ response: { status: 503 } });
  });

  // V2-D3: a 408 (or 425) may have acted, and says so itself; on the only attempt it is no "lost attempt" before a
  // repeat, so it stays the plain answer, for a create as for an amend.
  it('a 408 on the only attempt stays the plain 408 (create, amend)', async () => {
    const { client: k } = await observedClient(() => json({ error: { code: 'request_timeout' } }, 408));
    const created = await k.POST('/portfolio/events/orders', {
      body: { ...v2Order, client_order_id: 'c-408' },
      retry: { maxRetries: 0 },
    });
    expect(created.response.status).toBe(408);
    const amended = await k.POST('/portfolio/events/orders/{order_id}/amend', {
      params: { path: { order_id: 'o-1' } },
      body: { ticker: 'T', side: 'bid', price: '0.0200', count: '1.00' },
    });
    expect(amended.response.status).toBe(408);
  });
});

// Verifier V-D3: a lost batch whose retry cannot be signed names its orders, as when the retry is sent and refused.
describe('a raw batch or cancel whose answer was lost and whose retry cannot be sent', () => {
  it("names the batch items' client_order_ids, the batch cancel's order ids and the cancel's path order_id", async () => {
    let signed = 0;
    const signer = await testSigner();
    const { client: k } = await observedClient(() => json({ error: { code: 'internal' } }, 500), {
      credentials: {
        ...signer,
        sign: (input) => (signed++ % 2 ? Promise.reject(new Error('kms down')) : signer.sign(input)),
      },
    });
    const orders = [
      { ...v2Order, client_order_id: 'a' },
      { ...v2Order, client_order_id: 'b' },
    ];
    const calls = [
      () => k.POST('/portfolio/events/orders/batched', { body: { orders } }),
      () =>
        k.DELETE('/portfolio/events/orders/batched', { body: { orders: [{ order_id: 'o-1' }, { order_id: 'o-2' }] } }),
      () => k.DELETE('/portfolio/events/orders/{order_id}', { params: { path: { order_id: 'o-3' } } }),
    ];
    const errors = [];
    for (const call of calls) errors.push(await call().catch((e: unknown) => e)); // one at a time: the signer alternates
    expect(errors).toMatchObject([
      { applied: 'maybe', clientOrderIds: ['a', 'b'], cause: expect.any(KalshiCredentialsError) },
      { applied: 'maybe', orderIds: ['o-1', 'o-2'] },
      { applied: 'maybe', orderId: 'o-3' },
    ]);
  });

  // Verifier V-D5: a retry that was sent and answered with a redirect (never followed) was reported "retry not sent".
  it('says a retry answered with a redirect was sent: its answer is unusable, not missing', async () => {
    const { client: k, requests } = await observedClient((_r, n) => {
      if (n === 1) throw new TypeError('fetch failed', { cause: { code: 'ECONNRESET' } });
      return new Response(null, { status: 307, headers: { location: 'https://elsewhere.example/' } });
    });
    const error = await k
      .POST('/portfolio/events/orders', { body: { ...v2Order, client_order_id: 'r-1' } })
      .catch((e: unknown) => e);
    expect(requests).toHaveLength(2);
    expect(error).toMatchObject({ applied: 'maybe', clientOrderId: 'r-1' });
    expect((error as Error).message).toContain("the retry's answer unusable");
    expect((error as Error).message).not.toContain('not sent');
  });
});

// README ("Using the client"): a raw write "whose answer was lost ends in that error (connection, timeout, 5xx), which
// says it may have acted". Amend is never repeated (its repeat could act twice), so its lost answer is the error itself.
describe('a raw write whose answer was lost, not repeated', () => {
  it('throws KalshiConnectionError with mayHaveActed: true; a read that fails so has none', async () => {
    const { k, placed } = await resting();
    kalshi.faults.add({ operation: 'AmendOrderV2', kind: 'commit-then-drop', times: 1 });
    const error = await k
      .POST('/portfolio/events/orders/{order_id}/amend', {
        params: { path: { order_id: placed.order_id } },
        body: { ticker: ticker(), side: 'bid', price: '0.0200', count: '2.00' },
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KalshiConnectionError);
    expect(error).toMatchObject({ mayHaveActed: true });
    expect(stored(placed.order_id).price).toBe(20_000); // the amend the lost answer hid did act (micro-dollars)

    kalshi.faults.add({ operation: 'GetBalance', kind: 'network-error', times: 10 });
    const read = await k.GET('/portfolio/balance', { retry: false }).catch((e: unknown) => e);
    expect(read).toBeInstanceOf(KalshiConnectionError);
    expect(read).not.toHaveProperty('mayHaveActed');
  });
});

// Client README: a raw create whose error says it may have acted names its orders in its message. Sent without a
// client_order_id (the raw call allows it), there is none to name, and the message says so (round 19 trial, D1: it
// read "(order ; it may have acted)"). Not repeated (no key, §5.6), the lost answer is the call's error.
describe('a raw create sent without client_order_id, its answer lost', () => {
  const noId = v2Order; // it has none

  it('says it has no client_order_id, and that it may have acted', async () => {
    const { client: k, requests } = await observedClient(lost);
    const error = await k.POST('/portfolio/events/orders', { body: noId }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KalshiConnectionError);
    expect(error).toMatchObject({ mayHaveActed: true, operationId: 'CreateOrderV2' });
    expect((error as Error).message).toMatch(/ \(no client_order_id; it may have acted\)$/);
    expect(requests).toHaveLength(1);
  });

  it('a batch names the items that had one, in request order, and marks those without', async () => {
    const { client: k } = await observedClient(lost);
    const orders = [noId, { ...noId, client_order_id: 'b' }];
    const error = await k.POST('/portfolio/events/orders/batched', { body: { orders } }).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/ \(client_order_ids <none>, b; it may have acted\)$/);
    const none = await k.POST('/portfolio/events/orders/batched', { body: { orders: [noId, noId] } }).catch((e) => e);
    expect((none as Error).message).toMatch(/ \(no client_order_ids; it may have acted\)$/);
  });
});
