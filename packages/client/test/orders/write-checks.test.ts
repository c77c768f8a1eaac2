// Outside test round 4: order-write inputs refused before sending, each error naming the field the caller passed
// (G-D4, G-D8), and a create answered 2xx without an order (D-D3).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { KalshiInvalidResponseError, KalshiUnconfirmedWriteError, KalshiValidationError } from '../../src';
import { json, observedClient, useFakeClock } from '../helpers';

describe('decrease, amend and order writes check their terms before sending', () => {
  it.each([
    // Notes §5.10: reduce_to ≥ 0, reduce_by ≥ 1 (legacy; V2 counts are fixed point, so above 0).
    [{ reduceTo: -1 }, 'reduceTo', /0 or more/],
    [{ reduceTo: '-0.5' }, 'reduceTo', /0 or more/],
    [{ reduceBy: -1 }, 'reduceBy', /above 0/],
    [{ reduceBy: 0 }, 'reduceBy', /above 0/],
    [{ reduceBy: '1.005' }, 'reduceBy', /at most 2 allowed/],
    [{ reduceTo: 1, subaccount: 64 }, 'subaccount', /0–63/], // notes §5.2: subaccount int 0–63
  ])('decreaseOrder %j', async (terms, field, message) => {
    const { client, requests } = await observedClient(() => json({}));
    const error = await client
      .decreaseOrder({ orderId: 'ord-1', ...(terms as { reduceTo: number }) })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KalshiValidationError);
    expect(error).toMatchObject({ field });
    expect((error as Error).message).toMatch(message);
    expect(requests).toHaveLength(0);
  });

  // orders.ts orderIdOf doc: "exactly one, or both naming the same order" (the notes are silent on giving both).
  it('cancelOrder refuses an order and an orderId naming different orders, sending nothing', async () => {
    const { client, requests } = await observedClient(() => json({ order_id: 'o-2', reduced_by: '1.00', ts_ms: 1 }));
    const error = await client
      .cancelOrder({ order: { order_id: 'o-1' }, orderId: 'o-2' } as unknown as { orderId: string })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KalshiValidationError);
    expect(error).toMatchObject({ field: 'orderId' });
    expect(requests).toHaveLength(0);
  });

  // Notes §5.9: an amend names the order's ticker (refused `order_ticker_mismatch` otherwise); orders.ts amendTerms
  // refuses a ticker that is not the given order's before sending.
  it("amendOrder refuses a ticker that is not the order's, sending nothing", async () => {
    const { client, requests } = await observedClient(() => json({ order_id: 'o-1', ts_ms: 1 }));
    const error = await client
      .amendOrder({
        order: { order_id: 'o-1', ticker: 'A', action: 'buy', side: 'yes', book_side: 'bid' },
        ticker: 'B',
        price: '0.40',
        count: 1,
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KalshiValidationError);
    expect(error).toMatchObject({ field: 'ticker' });
    expect(requests).toHaveLength(0);
  });

  it('amendOrder refuses an empty updatedClientOrderId (placeOrder refuses an empty clientOrderId)', async () => {
    const { client, requests } = await observedClient(() => json({}));
    const error = await client
      .amendOrder({
        orderId: 'o',
        ticker: 'T',
        action: 'buy',
        side: 'yes',
        price: '0.4',
        count: 1,
        updatedClientOrderId: '',
      })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'KalshiValidationError', field: 'updatedClientOrderId' });
    expect(requests).toHaveLength(0);
  });
});

// D-D3: spec CreateOrderV2Response requires order_id. A 2xx without one is not a placed order, but the create may have
// placed it: placeOrder always sends a client_order_id, so the order is looked up as after a lost answer.
describe('placeOrder on a 2xx that is not an order', () => {
  beforeEach(() => {
    useFakeClock();
  });
  afterEach(() => {
    vi.useRealTimers();
  });
  const order = (clientOrderId: string) => ({
    order_id: 'found-id',
    client_order_id: clientOrderId,
    ticker: 'T',
    book_side: 'bid',
    yes_price_dollars: '0.1000',
    initial_count_fp: '1.00',
    fill_count_fp: '0.00',
    remaining_count_fp: '1.00',
    status: 'resting',
    subaccount_number: 0,
  });

  it.each([{}, { orders: [] }, { order_id: 42 }])('%j: looked up by client_order_id and found', async (body) => {
    const { client, requests } = await observedClient((request) =>
      request.method === 'GET' ? json({ orders: [order('mine')], cursor: '' }) : json(body, 201),
    );
    const placed = await client.placeOrder({
      ticker: 'T',
      action: 'buy',
      side: 'yes',
      count: 1,
      price: '0.1',
      clientOrderId: 'mine',
    });
    expect(placed).toMatchObject({ order_id: 'found-id', client_order_id: 'mine', recovered: true });
    expect(requests.map((r) => r.method)).toEqual(['POST', 'GET']);
  });

  it('not found: KalshiUnconfirmedWriteError (maybe placed), caused by a KalshiInvalidResponseError', async () => {
    const { client } = await observedClient((request) =>
      request.method === 'GET' ? json({ orders: [], cursor: '' }) : json({}, 201),
    );
    const pending = client
      .placeOrder({ ticker: 'T', action: 'buy', side: 'yes', count: 1, price: '0.1' })
      .catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(5_000);
    const error = await pending;
    expect(error).toBeInstanceOf(KalshiUnconfirmedWriteError);
    expect(error).toMatchObject({ applied: 'maybe', operationId: 'CreateOrderV2' });
    expect((error as Error).cause).toBeInstanceOf(KalshiInvalidResponseError);
  });

  // The look-up's own answer is malformed too (outside round 4, R1): Go writes an empty list as null or leaves it
  // out, which is no orders; a value that is not a list is an invalid answer. Never a raw TypeError.
  it.each([{}, { orders: null }, { orders: 'x', cursor: '' }])('look-up answered %j: a typed error', async (page) => {
    const { client } = await observedClient((request) => (request.method === 'GET' ? json(page) : json({}, 201)));
    const pending = client
      .placeOrder({ ticker: 'T', action: 'buy', side: 'yes', count: 1, price: '0.1' })
      .catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(5_000);
    const error = await pending;
    expect(error).not.toBeInstanceOf(TypeError);
    expect(error).toBeInstanceOf(KalshiUnconfirmedWriteError);
    expect(error).toMatchObject({ applied: 'maybe' });
  });
});
