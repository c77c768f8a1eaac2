// Tester F (client against servers drifting from the spec), cancel / amend / decrease side. README "Lost answers":
// "when an order write's answer is lost (connection cut, timeout, 5xx), the helpers resolve it from the exchange's
// state … what they still cannot confirm is a KalshiUnconfirmedWriteError … with applied … 'maybe', the … orderId …
// and the call's error as cause". So a 2xx that is not the operation's answer is never a write "done", and nothing the
// read-back meets (a failing read, a null order, a number format the client does not take) replaces "maybe applied".
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  cancelOrders,
  errorFromResponse,
  FixedPointError,
  isErrorBody,
  KalshiInvalidResponseError,
  KalshiNotFoundError,
  KalshiServerError,
  KalshiUnconfirmedWriteError,
  unwrap,
} from '../../src';
import { json, lost, observedClient, settle, useFakeClock } from '../helpers';

// Read-backs re-read for SETTLE_MS (reads lag writes): on fake time.
beforeEach(() => {
  useFakeClock();
});
afterEach(() => {
  vi.useRealTimers();
});

const order = (status: string, more: object = {}) => ({
  order_id: 'O1',
  client_order_id: 'c',
  ticker: 'T',
  status,
  book_side: 'bid',
  outcome_side: 'yes',
  yes_price_dollars: '0.4000',
  initial_count_fp: '1.00',
  remaining_count_fp: '1.00',
  fill_count_fp: '0.00',
  ...more,
});
/** Every write answered by `write`, every order read by `read`; the reads are counted. */
async function server(
  write: (request: Request) => Response,
  read: () => Response = () => json({ order: order('resting') }),
) {
  const reads: string[] = [];
  const { client } = await observedClient((request) => {
    if (request.method !== 'GET') return write(request);
    reads.push(new URL(request.url).pathname);
    return read();
  });
  return { client, reads };
}
const amend = { orderId: 'O1', ticker: 'T', action: 'buy', side: 'yes', price: '0.41', count: 1 } as const;
const failure = (promise: Promise<unknown>) =>
  settle(promise).then(
    () => expect.unreachable('resolved'),
    (error: unknown) => error as Error & Record<string, unknown>,
  );

describe('F-D18: a 2xx error body is the error it names, whatever else it carries', () => {
  // Spec 3.31.0: no 2xx answer declares a top-level `error` (only batch items carry one, inside `orders`).
  const envelope = { error: { code: 'not_found', message: 'order not found' }, request_id: 'r-1', ts_ms: 1 };

  it('cancel, amend and decrease(reduceBy) reject with the code’s class, keeping the 200, and are not "done"', async () => {
    const { client, reads } = await server(() => json(envelope));
    for (const call of [
      () => client.cancelOrder({ orderId: 'O1' }),
      () => client.amendOrder(amend),
      () => client.decreaseOrder({ orderId: 'O1', reduceBy: 1 }),
    ]) {
      const error = await failure(call());
      expect(error).toBeInstanceOf(KalshiNotFoundError);
      expect(error).toMatchObject({ status: 200, code: 'not_found' });
    }
    expect(reads).toEqual([]); // nothing was lost: the server said no
  });

  it('unwrap, errorFromResponse and isErrorBody: any number of siblings; classed by code as a batch item is', async () => {
    expect(isErrorBody(envelope)).toBe(true);
    expect(isErrorBody({ order_id: 'O1', reduced_by: '1.00', ts_ms: 1, error: null })).toBe(false);
    expect(isErrorBody({ order_id: 'O1', reduced_by: '1.00', ts_ms: 1 })).toBe(false);
    expect(errorFromResponse(200, { error: { code: 'market_closed' }, request_id: 'r' })).toMatchObject({
      name: 'KalshiConflictError',
      status: 200,
    });
    // A code the mapping does not know: the server's fault, as a 2xx error body always was.
    expect(errorFromResponse(200, { error: { code: 'internal_error' } })).toBeInstanceOf(KalshiServerError);
    expect(errorFromResponse(200, { error: { code: 'service_unavailable' } })).toBeInstanceOf(KalshiServerError);
    const { client } = await observedClient(() => json(envelope));
    const result = await client.GET('/exchange/status');
    expect(() => unwrap(result)).toThrow(KalshiNotFoundError);
  });
});

// A 2xx whose error body names a server failure (`service_unavailable`, notes §3.2's 503 "exchange service down"; a
// code the mapping does not know, classed a server error as above) says what a 5xx says: the server failed, maybe
// after acting. README "Lost answers": a write whose answer is lost ("connection cut, timeout, 5xx") is resolved from
// the exchange's state, never reported as refused. Thrown as a refusal, a caller retrying placeOrder (a new
// client_order_id) placed a second order. The notes are silent on 2xx error bodies (the spec declares none).
describe('a 2xx error body naming a server failure is a lost answer, resolved by reading back', () => {
  const down = () => json({ error: { code: 'service_unavailable', message: 'down', service: 'exchange' } }, 201);
  const placedOrder = (request: Request) =>
    request
      .clone()
      .json()
      .then((body: { client_order_id: string }) => order('resting', { client_order_id: body.client_order_id }));

  it('placeOrder: the order found by its client_order_id is returned recovered', async () => {
    let placed: Promise<object> | undefined;
    const { client } = await observedClient(async (request) => {
      if (request.method === 'POST') {
        placed ??= placedOrder(request);
        return down();
      }
      return json({ orders: placed ? [await placed] : [], cursor: '' });
    });
    const result = await settle(
      client.placeOrder({ ticker: 'T', action: 'buy', side: 'yes', price: '0.40', count: 1 }),
    );
    expect(result).toMatchObject({ recovered: true, order_id: 'O1' });
  });

  it('cancel: read back canceled, it is recovered; decrease by: maybe applied', async () => {
    const { client } = await server(
      () => json({ error: { code: 'internal_error', message: 'x' } }),
      () => json({ order: order('canceled', { remaining_count_fp: '0.00' }) }),
    );
    expect(await settle(client.cancelOrder({ orderId: 'O1' }))).toMatchObject({ order_id: 'O1', recovered: true });
    const error = await failure(client.decreaseOrder({ orderId: 'O1', reduceBy: 1 }));
    expect(error).toMatchObject({ name: 'KalshiUnconfirmedWriteError', applied: 'maybe', orderId: 'O1' });
    expect(error.cause).toBeInstanceOf(KalshiServerError);
  });
});

describe('F-D18: a 2xx without the answer’s fields is a lost answer, never "done"', () => {
  // Spec 3.31.0 CancelOrderV2Response.required [order_id, reduced_by, ts_ms], DecreaseOrderV2Response [order_id,
  // remaining_count, ts_ms], AmendOrderV2Response [order_id, ts_ms]; notes §5.9–5.11 recorded answers carry order_id
  // and reduced_by / remaining_count but not always ts_ms (a decrease's and a pure price amend's had none): required
  // here are those recorded.
  const drifted = () => json({ status: 'accepted', request_id: 'r-1' });

  it('cancel: read back — canceled, it is recovered; still resting, maybe applied', async () => {
    const canceled = await server(drifted, () => json({ order: order('canceled', { remaining_count_fp: '0.00' }) }));
    expect(await settle(canceled.client.cancelOrder({ orderId: 'O1' }))).toMatchObject({
      order_id: 'O1',
      recovered: true,
    });
    const resting = await server(drifted);
    const error = await failure(resting.client.cancelOrder({ orderId: 'O1' }));
    expect(error).toBeInstanceOf(KalshiUnconfirmedWriteError);
    expect(error).toMatchObject({ applied: 'maybe', orderId: 'O1' });
    expect(error.cause).toBeInstanceOf(KalshiInvalidResponseError);
    expect((error.cause as Error).message).toContain('without order_id');
  });

  it('decrease by: maybe applied, not sent again; amend: read back, not "done"', async () => {
    const { client, reads } = await server(drifted);
    const error = await failure(client.decreaseOrder({ orderId: 'O1', reduceBy: 1 }));
    expect(error).toMatchObject({ name: 'KalshiUnconfirmedWriteError', applied: 'maybe', orderId: 'O1' });
    expect(reads).toEqual([]);
    const amended = await failure(client.amendOrder(amend));
    expect(amended).toMatchObject({ name: 'KalshiUnconfirmedWriteError', applied: 'maybe', orderId: 'O1' });
    expect(reads.length).toBeGreaterThan(0);
  });

  // Spec CancelOrderV2Response.reduced_by is a FixedPointCount string; read-back.ts ANSWER_FIELDS: fields an answer
  // "must carry, non-empty strings" (notes §4: counts are strings like "1.00").
  it('cancel answered with reduced_by as a number: not the answer, read back — canceled, it is recovered', async () => {
    const { client, reads } = await server(
      () => json({ order_id: 'O1', reduced_by: 1, ts_ms: 1 }),
      () => json({ order: order('canceled', { remaining_count_fp: '0.00' }) }),
    );
    expect(await settle(client.cancelOrder({ orderId: 'O1' }))).toMatchObject({
      order_id: 'O1',
      recovered: true,
      order: { status: 'canceled' },
    });
    expect(reads.length).toBeGreaterThan(0);
  });

  it('an answer per the spec is still the answer (the known "another order" answer too)', async () => {
    const { client } = await server(() => json({ order_id: 'O1', reduced_by: '1.00', ts_ms: 1 }));
    expect(await client.cancelOrder({ orderId: 'O1' })).toEqual({
      order_id: 'O1',
      reduced_by: '1.00',
      ts_ms: 1,
      recovered: false,
    });
  });
});

describe('F-D11: cancelOrders counts an item canceled only when it names its order with reduced_by', () => {
  it('items without order_id / reduced_by are read back: still resting, maybe applied', async () => {
    // Spec 3.31.0 BatchCancelOrdersV2Response.orders[].required: [order_id, reduced_by].
    const { client, reads } = await server(() =>
      json({ orders: [{ status: 'accepted' }, { order_id: 'B', status: 'rejected' }] }),
    );
    const results = await settle(cancelOrders(client, { orderIds: ['A', 'B'] }));
    expect(results).toMatchObject([
      { ok: false, order_id: 'A', error: { name: 'KalshiUnconfirmedWriteError', applied: 'maybe', orderId: 'A' } },
      { ok: false, order_id: 'B', error: { name: 'KalshiUnconfirmedWriteError', applied: 'maybe', orderId: 'B' } },
    ]);
    expect(reads).toContain('/trade-api/v2/portfolio/orders/A');
  });

  it('a failing read-back leaves each unproven item maybe applied, the read’s error its cause', async () => {
    const { client } = await server(
      () => json({ orders: [{ order_id: 'A', reduced_by: '1.00', ts_ms: 1 }, {}] }),
      () => new Response('<html>500</html>', { status: 500, headers: { 'content-type': 'text/html' } }),
    );
    const results = await settle(cancelOrders(client, { orderIds: ['A', 'B'] }));
    expect(results[0]).toMatchObject({ ok: true, order_id: 'A', recovered: false });
    expect(results[1]).toMatchObject({ ok: false, error: { name: 'KalshiUnconfirmedWriteError', orderId: 'B' } });
    expect((results[1] as { error: Error }).error.cause).toBeInstanceOf(KalshiServerError);
  });
});

describe('F-D16, F-D3, F-D17: after a lost answer, a read-back that fails keeps "maybe applied"', () => {
  const html500 = () => new Response('<html>500</html>', { status: 500, headers: { 'content-type': 'text/html' } });

  it('a failing read (500 HTML): cancel, amend and decrease(reduceTo) are maybe applied, the read’s error as cause', async () => {
    const { client } = await server(lost, html500);
    for (const call of [
      () => client.cancelOrder({ orderId: 'O1' }),
      () => client.amendOrder(amend),
      () => client.decreaseOrder({ orderId: 'O1', reduceTo: 0 }),
    ]) {
      const error = await failure(call());
      expect(error).toBeInstanceOf(KalshiUnconfirmedWriteError);
      expect(error).toMatchObject({ applied: 'maybe', orderId: 'O1' });
      expect(error.cause).toBeInstanceOf(KalshiServerError);
    }
  });

  it('F-D16: an order read back as null (spec GetOrderResponse.required [order]) is a named error: maybe applied', async () => {
    const { client } = await server(lost, () => json({ order: null }));
    const error = await failure(client.cancelOrder({ orderId: 'O1' }));
    expect(error).toMatchObject({ name: 'KalshiUnconfirmedWriteError', applied: 'maybe', orderId: 'O1' });
    expect(error.cause).toBeInstanceOf(KalshiInvalidResponseError);
    expect((error.cause as Error).message).toBe('GetOrder: a 200 answer for order O1: order_id undefined');
  });

  // Spec GetOrder (GET /portfolio/orders/{order_id}): the order of that id. An answer describing another order says
  // nothing of the one written to: the notes record Kalshi's write answers describing another order (§5.9), and are
  // silent on a read doing so. Taken as the read-back, its state "proved" the write (and a cancel returned its id).
  it('an order read back under another order_id is no proof: cancel, amend, decrease(reduceTo), batch cancel maybe applied', async () => {
    // The state each write's proof would read, on order O2.
    const other = order('canceled', {
      order_id: 'O2',
      yes_price_dollars: '0.4100',
      initial_count_fp: '1.00',
      remaining_count_fp: '0.00',
    });
    const { client } = await server(lost, () => json({ order: other }));
    for (const call of [
      () => client.cancelOrder({ orderId: 'O1' }),
      () => client.amendOrder(amend),
      () => client.decreaseOrder({ orderId: 'O1', reduceTo: 0 }),
    ]) {
      const error = await failure(call());
      expect(error).toMatchObject({ name: 'KalshiUnconfirmedWriteError', applied: 'maybe', orderId: 'O1' });
      expect(error.cause).toBeInstanceOf(KalshiInvalidResponseError);
      // Names the order asked for and the one answered.
      expect((error.cause as Error).message).toBe('GetOrder: a 200 answer for order O1: order_id O2');
    }
    const [item] = await settle(cancelOrders(client, { orderIds: ['O1'] }));
    expect(item).toMatchObject({ ok: false, order_id: 'O1', error: { name: 'KalshiUnconfirmedWriteError' } });
  });

  // Notes §4: `*_dollars` are strings, "responses usually 4 decimals, some portfolio fields up to 6".
  it.each([
    ['a JSON number', 0.4],
    ['7 decimals', '0.4000001'],
  ])('F-D3: an amend read back with a price as %s: maybe applied, the parse failure as cause', async (_, price) => {
    const { client } = await server(lost, () => json({ order: order('resting', { yes_price_dollars: price }) }));
    const error = await failure(client.amendOrder(amend));
    expect(error).toMatchObject({ name: 'KalshiUnconfirmedWriteError', applied: 'maybe', orderId: 'O1' });
    expect(error.cause).toBeInstanceOf(FixedPointError);
  });

  it('F-D3: a decrease(reduceTo) read back with a drifted count: maybe applied', async () => {
    const { client } = await server(lost, () => json({ order: order('resting', { remaining_count_fp: 1 }) }));
    const error = await failure(client.decreaseOrder({ orderId: 'O1', reduceTo: 0 }));
    expect(error).toMatchObject({ name: 'KalshiUnconfirmedWriteError', applied: 'maybe', orderId: 'O1' });
    expect(error.cause).toBeInstanceOf(FixedPointError);
  });
});

describe('F-D5: a Cloudflare 52x on an order write is a lost answer', () => {
  // The notes are silent on Cloudflare; README "Lost answers … (connection cut, timeout, 5xx)". Cloudflare documents
  // 520–524 as origin errors, 524 "a timeout occurred" after the origin took the request: it may have acted.
  const cf = (status: number) => () =>
    new Response(`<html>${status}: A timeout occurred</html>`, { status, headers: { 'content-type': 'text/html' } });

  it('cancel answered 524: read back, found canceled, recovered', async () => {
    const { client } = await server(cf(524), () => json({ order: order('canceled', { remaining_count_fp: '0.00' }) }));
    expect(await settle(client.cancelOrder({ orderId: 'O1' }))).toMatchObject({ order_id: 'O1', recovered: true });
  });

  it.each([520, 524, 530])('decrease(reduceBy) answered %i: maybe applied, sent once', async (status) => {
    const { client, requests } = await observedClient(cf(status));
    const error = await failure(client.decreaseOrder({ orderId: 'O1', reduceBy: 1 }));
    expect(error).toMatchObject({ name: 'KalshiUnconfirmedWriteError', applied: 'maybe', orderId: 'O1' });
    expect(error.cause).toMatchObject({ name: 'KalshiServerError', status });
    expect(requests).toHaveLength(1);
  });

  it('placeOrder answered 524: looked up by its client_order_id and found placed', async () => {
    let clientOrderId = '';
    const { client } = await observedClient(async (request) => {
      if (request.method === 'POST') {
        clientOrderId = ((await request.json()) as { client_order_id: string }).client_order_id;
        return cf(524)();
      }
      return json({ orders: [order('resting', { client_order_id: clientOrderId })], cursor: '' });
    });
    const placed = await settle(
      client.placeOrder({ ticker: 'T', action: 'buy', side: 'yes', count: 1, price: '0.40' }),
    );
    expect(placed).toMatchObject({ order_id: 'O1', client_order_id: clientOrderId, recovered: true });
  });

  it('a read answered 520–524 is retried like a 502/504; 530 is not', async () => {
    for (const [status, attempts] of [
      [522, 3],
      [524, 3],
      [530, 1],
    ] as const) {
      const { client, requests } = await observedClient(cf(status));
      expect((await settle(client.GET('/exchange/status'))).response.status).toBe(status);
      expect(requests).toHaveLength(attempts);
    }
  });
});
