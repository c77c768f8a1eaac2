import { describe, expect, it } from 'vitest';
import { KalshiValidationError } from '../../src';
import { json, observedClient } from '../helpers';

// A path parameter the URL parser drops (`.`, `..`, and their %2e forms) or that empties its segment changes which
// operation is called: `DELETE /portfolio/events/orders/{order_id}` with `.` is `DELETE /portfolio/events/orders/`,
// the cancel-all path, validly signed for it (the signature covers the path sent). The spec's template names one
// order; nothing may be sent.
describe('path parameters', () => {
  const refused = ['.', '..', '', '%2e', '%2E%2e', '.%2e', undefined, null];

  it.each(refused)('refuses %j as a path parameter before sending, naming it (raw call)', async (value) => {
    const { client, requests } = await observedClient(() => json({}));
    const call = client.DELETE('/portfolio/events/orders/{order_id}', {
      params: { path: { order_id: value as string } },
    });
    await expect(call).rejects.toThrow(KalshiValidationError);
    await expect(call).rejects.toMatchObject({ field: 'order_id' });
    expect(requests).toHaveLength(0);
  });

  // Round 19 trial, nit 2: an empty one read "…: " (the value after the colon was nothing); the value is quoted.
  it.each(['', '%2e'])('quotes the value refused (%j)', async (value) => {
    const { client } = await observedClient(() => json({}));
    await expect(client.GET('/markets/{ticker}', { params: { path: { ticker: value } } })).rejects.toThrow(
      `ticker: must not be empty, "." or "..", got "${value}"`,
    );
  });

  it('refuses it in a read and in a path with two parameters', async () => {
    const { client, requests } = await observedClient(() => json({}));
    await expect(client.GET('/markets/{ticker}', { params: { path: { ticker: '..' } } })).rejects.toMatchObject({
      name: 'KalshiValidationError',
      field: 'ticker',
    });
    await expect(
      client.GET('/communications/rfqs/{rfq_id}/quotes/{quote_id}', {
        params: { path: { rfq_id: 'r', quote_id: '.' } },
      }),
    ).rejects.toMatchObject({ field: 'quote_id' });
    expect(requests).toHaveLength(0);
  });

  it('refuses it through the order helpers too (cancelOrder with orderId ".")', async () => {
    const { client, requests } = await observedClient(() => json({}));
    await expect(client.cancelOrder({ orderId: '.' })).rejects.toThrow(KalshiValidationError);
    await expect(
      client.amendOrder({ orderId: '..', ticker: 'T', action: 'buy', side: 'yes', price: '0.5', count: 1 }),
    ).rejects.toThrow(KalshiValidationError);
    expect(requests).toHaveLength(0);
  });

  it('sends ids that only contain dots, and encodes the others', async () => {
    const { client, requests } = await observedClient(() => json({ order: {} }));
    await client.GET('/portfolio/orders/{order_id}', { params: { path: { order_id: '...' } } });
    await client.GET('/portfolio/orders/{order_id}', { params: { path: { order_id: 'a/../b' } } });
    expect(requests.map((r) => new URL(r.url).pathname)).toEqual([
      '/trade-api/v2/portfolio/orders/...',
      '/trade-api/v2/portfolio/orders/a%2F..%2Fb',
    ]);
  });
});

// Round 41, A1: openapi-fetch serialises an object path parameter from its own enumerable keys, so one with none (`{}`,
// a Date, a Map, an id held in a class with a toString) emptied its segment as `.` did: `DELETE
// /portfolio/events/orders/{order_id}` went out as `DELETE /portfolio/events/orders/`, the cancel-all path, validly
// signed; the Order itself in place of its id went out as `order_id,o-1,ticker,T`. Every path parameter of the spec is
// a string (kalshi-openapi.yaml: 51 of 51, style simple); the notes are silent on other kinds. Refused, named.
describe('a path parameter that is no string or number', () => {
  class OrderId {
    readonly #id: string;
    constructor(id: string) {
      this.#id = id;
    }
    toString() {
      return this.#id;
    }
  }
  const objects: [string, unknown][] = [
    ['{}', {}],
    ['a Date', new Date(0)],
    ['a Map', new Map([['a', 'b']])],
    ['an id object with a toString', new OrderId('o-1')],
    ['the order in place of its id', { order_id: 'o-1', ticker: 'T' }],
    ['an array', ['o-1', 'o-2']],
  ];

  it.each(objects)('refuses %s before sending, naming it', async (_, value) => {
    const { client, requests } = await observedClient(() => json({}));
    const call = client.DELETE('/portfolio/events/orders/{order_id}', {
      params: { path: { order_id: value as string } },
    });
    await expect(call).rejects.toMatchObject({
      name: 'KalshiValidationError',
      field: 'order_id',
      message: expect.stringMatching(/^order_id: must not be an object$/),
    });
    expect(requests).toHaveLength(0);
  });
});

// Round 41, A3: a path parameter whose name the path does not hold was dropped. The cancel of one order written
// without its `/{order_id}` went out as `DELETE /portfolio/events/orders`, CancelAllOrders, validly signed. As a
// query name the operation does not take is refused (request-init.ts checkQuery), so is a path name; the notes are
// silent (client API).
describe('a path parameter the path does not name', () => {
  it('is refused before sending, naming it and the operation (the cancel-all path given an order_id)', async () => {
    const { client, requests } = await observedClient(() => new Response(null, { status: 204 }));
    const call = client.DELETE('/portfolio/events/orders', { params: { path: { order_id: 'o-1' } } } as never);
    await expect(call).rejects.toMatchObject({
      name: 'KalshiValidationError',
      field: 'params.path.order_id',
      message: 'params.path.order_id: is not a path parameter of DELETE /portfolio/events/orders',
    });
    expect(requests).toHaveLength(0);
  });

  it('is refused beside the names the path holds, and a call with exactly those is sent', async () => {
    const { client, requests } = await observedClient(() => json({ order: {} }));
    await expect(
      client.GET('/portfolio/orders/{order_id}', { params: { path: { order_id: 'o-1', orderId: 'o-1' } } } as never),
    ).rejects.toMatchObject({
      field: 'params.path.orderId',
      message: 'params.path.orderId: is not a path parameter of GET /portfolio/orders/{order_id}',
    });
    await client.GET('/portfolio/orders/{order_id}', { params: { path: { order_id: 'o-1' } } });
    expect(requests.map((request) => new URL(request.url).pathname)).toEqual(['/trade-api/v2/portfolio/orders/o-1']);
  });
});

// E-D11: a path parameter left out is missing, not "empty, '.' or '..': undefined"; named with the operation's
// template (the spec's path), so the caller sees which call and which `params.path` key. Notes silent (client API).
describe('a missing path parameter', () => {
  it.each([undefined, null])('%j: says it is missing, naming it and the operation', async (value) => {
    const { client, requests } = await observedClient(() => json({}));
    await expect(
      client.GET('/markets/{ticker}', { params: { path: { ticker: value as unknown as string } } }),
    ).rejects.toMatchObject({
      name: 'KalshiValidationError',
      field: 'ticker',
      message: 'ticker: missing: GET /markets/{ticker} needs params.path.ticker',
    });
    await expect(client.GET('/markets/{ticker}', {} as never)).rejects.toMatchObject({
      message: 'ticker: missing: GET /markets/{ticker} needs params.path.ticker',
    });
    expect(requests).toHaveLength(0);
  });
});
