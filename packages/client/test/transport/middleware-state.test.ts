import { describe, expect, it } from 'vitest';
import { attemptsOf, type KalshiApiError, unwrap } from '../../src';
import { json, observedClient } from '../helpers';

// A call's state (its operation, attempts, whether an answer was lost, what it concerns) rides on its Response. A
// middleware may hand back a Response of its own (openapi-fetch: onRequest, onResponse and onError may), and may
// change the request before it is sent: the state still belongs to the call, and describes what was sent.

/** The error unwrap throws for a result. */
function unwrapError(result: { data?: unknown; error?: unknown; response: Response }): KalshiApiError {
  try {
    unwrap(result);
  } catch (error) {
    return error as KalshiApiError;
  }
  throw new Error('unwrap did not throw');
}

const notFound = () => json({ error: { code: 'not_found', message: 'not found' } }, 404);
const getMarket = { params: { path: { ticker: 'KX-1' } } };

describe("a Response a middleware returns keeps the call's state", () => {
  it('from onResponse (a rewrapped response): unwrap still names the operation and the market', async () => {
    const { client } = await observedClient(notFound);
    client.use({
      async onResponse({ response }) {
        return new Response(await response.text(), response);
      },
    });
    const error = unwrapError(await client.GET('/markets/{ticker}', getMarket));
    expect(error.operationId).toBe('GetMarket');
    expect(error.message).toMatch(/\[GetMarket\]: market KX-1$/);
  });

  it('from onRequest, which answers without sending (no attempt)', async () => {
    const { client, requests } = await observedClient(notFound);
    client.use({ onRequest: () => notFound() });
    const result = await client.GET('/markets/{ticker}', getMarket);
    expect(unwrapError(result).operationId).toBe('GetMarket');
    expect(attemptsOf(result.response)).toBe(0);
    expect(requests).toHaveLength(0);
  });

  it('from onError, which answers for a failed attempt', async () => {
    const { client } = await observedClient(
      () => {
        throw new TypeError('socket hang up');
      },
      { retry: false },
    );
    client.use({ onError: () => notFound() });
    const result = await client.GET('/markets/{ticker}', getMarket);
    expect(unwrapError(result).operationId).toBe('GetMarket');
    expect(attemptsOf(result.response)).toBe(1);
  });

  it('placeOrder still recovers an order whose answer was lost, through a middleware that rewraps responses', async () => {
    let sentId = '';
    const { client } = await observedClient(async (request, attempt) => {
      if (request.method === 'GET') {
        const id = new URL(request.url).searchParams.get('ticker') === 'KX-1' ? sentId : 'other';
        const order = {
          order_id: 'o1',
          client_order_id: id,
          ticker: 'KX-1', // spec Order.required (a look-up takes an order on another market for an older one)
          book_side: 'bid',
          yes_price_dollars: '0.4000',
          initial_count_fp: '1.00',
          fill_count_fp: '0.00',
          remaining_count_fp: '1.00',
        };
        return json({ orders: [order], cursor: '' });
      }
      sentId = ((await request.json()) as { client_order_id: string }).client_order_id;
      // The first create committed but its answer was a 503; the retry is refused as a repeat.
      return attempt === 1
        ? json({ error: { code: 'service_unavailable', message: 'down' } }, 503)
        : json({ error: { code: 'order_already_exists', message: 'exists' } }, 409);
    });
    client.use({
      async onResponse({ response }) {
        return new Response(await response.text(), response);
      },
    });
    const placed = await client.placeOrder({ ticker: 'KX-1', action: 'buy', side: 'yes', count: 1, price: '0.40' });
    expect(placed).toMatchObject({ recovered: true, order_id: 'o1', client_order_id: sentId });
  });
});

describe("the call's state describes the request a middleware handed on", () => {
  const conflict = () => json({ error: { code: 'order_already_exists', message: 'exists' } }, 409);
  const order = { ticker: 'KX-1', side: 'bid', price: '0.40', count: '1.00', client_order_id: 'from-caller' } as const;

  it('its body: the error names the client_order_id that was sent', async () => {
    const { client } = await observedClient(conflict);
    client.use({
      async onRequest({ request }) {
        const body = { ...((await request.clone().json()) as object), client_order_id: 'from-middleware' };
        return new Request(request, { body: JSON.stringify(body) });
      },
    });
    const result = await client.POST('/portfolio/events/orders', { body: order as never });
    expect(unwrapError(result).message).toContain('client_order_id from-middleware was used before');
  });

  it('its URL: the error names the environment the request went to', async () => {
    const { client } = await observedClient(() =>
      json({ error: { code: 'authentication_error', message: 'authentication_error', details: 'NOT_FOUND' } }, 401),
    );
    client.use({
      onRequest({ request }) {
        const demo = request.url.replace('external-api.kalshi.com', 'demo-api.kalshi.co');
        return new Request(demo, { method: request.method, headers: request.headers });
      },
    });
    const error = unwrapError(await client.GET('/portfolio/balance'));
    expect(error.message).toContain('is not registered on demo');
  });
});
