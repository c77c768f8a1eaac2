// A call that fails for good (its retries spent, or refused outright) is logged once at `warn`, so a service logging at
// `warn` sees it: its attempts and retries are at debug and info. A write that may have acted and that the client
// leaves unresolved (a raw write whose answer was lost; an order helper's write the read-back could not confirm:
// KalshiUnconfirmedWriteError) is logged at `error`. The fields are those of the attempt events (observe.ts: method,
// path without its query, operation, status) plus Kalshi's error `code` (kalshi-api-notes §3.1) and the attempts sent;
// never a header, key or signature. An abort is the caller's own doing: not logged.
import { expect, it } from 'vitest';
import { KalshiConnectionError, type KalshiLogger, KalshiUnconfirmedWriteError, placeOrders } from '../../src';
import { json, key, observedClient, v2Order } from '../helpers';

function recordingLogger() {
  const lines: { level: string; fields: Record<string, unknown>; message: string }[] = [];
  const at = (level: string) => (fields: object, message: string) => {
    lines.push({ level, fields: fields as Record<string, unknown>, message });
  };
  const logger: KalshiLogger = { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
  return { logger, lines };
}

const unavailable = () => json({ error: { code: 'service_unavailable', message: 'down' } }, 503);

it('a read that fails after its retries: one warn line with method, path, operation, status, code, attempts', async () => {
  const { logger, lines } = recordingLogger();
  const { client } = await observedClient(unavailable, { logger, logLevel: 'warn' });
  const { response } = await client.GET('/portfolio/balance', { params: { query: { subaccount: 3 } } });
  expect(response.status).toBe(503);
  expect(lines).toEqual([
    {
      level: 'warn',
      message: 'kalshi: failed',
      fields: {
        operationId: 'GetBalance',
        method: 'GET',
        path: '/trade-api/v2/portfolio/balance',
        status: 503,
        code: 'service_unavailable',
        attempts: 3,
      },
    },
  ]);
});

it('a refusal that is not retried: one warn line; a success: none', async () => {
  const { logger, lines } = recordingLogger();
  const { client } = await observedClient(
    (request) =>
      request.url.includes('/balance')
        ? json({ balance: 1 })
        : json({ error: { code: 'not_found', message: 'not found' } }, 404),
    { logger, logLevel: 'warn' },
  );
  await client.GET('/portfolio/balance');
  expect(lines).toEqual([]);
  await client.GET('/portfolio/orders/{order_id}', { params: { path: { order_id: 'o-9' } } });
  expect(lines).toMatchObject([
    { level: 'warn', fields: { operationId: 'GetOrder', status: 404, code: 'not_found', attempts: 1 } },
  ]);
});

it('a connection that fails for good: one warn line naming the error class, no status', async () => {
  const { logger, lines } = recordingLogger();
  const { client } = await observedClient(
    () => {
      throw new TypeError('fetch failed');
    },
    { logger, logLevel: 'warn' },
  );
  await expect(client.GET('/portfolio/balance')).rejects.toThrow(KalshiConnectionError);
  expect(lines).toMatchObject([
    {
      level: 'warn',
      message: 'kalshi: failed',
      fields: { operationId: 'GetBalance', status: undefined, code: 'KalshiConnectionError', attempts: 3 },
    },
  ]);
});

it('a raw write whose answer was lost, left unresolved: one error line', async () => {
  const { logger, lines } = recordingLogger();
  const { client } = await observedClient(unavailable, { logger, logLevel: 'warn' });
  const { response } = await client.POST('/portfolio/events/orders', { body: { ...v2Order, client_order_id: 'c1' } });
  expect(response.status).toBe(503);
  expect(lines).toMatchObject([
    {
      level: 'error',
      message: 'kalshi: unconfirmed',
      fields: { operationId: 'CreateOrderV2', method: 'POST', status: 503, code: 'service_unavailable', attempts: 3 },
    },
  ]);
});

it('placeOrder: its request failed (warn), then the write the read-back could not confirm (error)', async () => {
  const { logger, lines } = recordingLogger();
  const { client } = await observedClient(
    (request) => (request.method === 'GET' ? json({ orders: [], cursor: '' }) : unavailable()),
    { logger, logLevel: 'warn', retry: false },
  );
  const error = await client
    .placeOrder({ ticker: 'T', action: 'buy', side: 'yes', count: 1, price: '0.40', clientOrderId: 'c-lost' })
    .catch((e: unknown) => e);
  expect(error).toBeInstanceOf(KalshiUnconfirmedWriteError);
  expect(lines).toMatchObject([
    { level: 'warn', fields: { operationId: 'CreateOrderV2', status: 503, code: 'service_unavailable', attempts: 1 } },
    {
      level: 'error',
      message: 'kalshi: unconfirmed',
      fields: { operationId: 'CreateOrderV2', applied: 'maybe', clientOrderId: 'c-lost', status: 503 },
    },
  ]);
}, 10_000);

it('placeOrder refused outright (a plain error): one warn line', async () => {
  const { logger, lines } = recordingLogger();
  const { client, requests } = await observedClient(
    () => json({ error: { code: 'invalid_price', message: 'invalid price', service: 'exchange' } }, 400),
    { logger, logLevel: 'warn' },
  );
  await expect(
    client.placeOrder({ ticker: 'T', action: 'buy', side: 'yes', count: 1, price: '0.40' }),
  ).rejects.toMatchObject({ status: 400, code: 'invalid_price' });
  expect(lines).toMatchObject([
    { level: 'warn', message: 'kalshi: failed', fields: { operationId: 'CreateOrderV2', code: 'invalid_price' } },
  ]);
  expect(requests).toHaveLength(1);

  // Nothing that authenticates a request: signatures, the key id, the key.
  const logged = JSON.stringify(lines);
  for (const secret of [requests[0]?.headers.get('KALSHI-ACCESS-SIGNATURE') ?? 'missing', key.keyId])
    expect(logged).not.toContain(secret);
  expect(logged.toLowerCase()).not.toContain('kalshi-access');
});

it('an abort is not logged; at `error` a plain failure is not either', async () => {
  const { logger, lines } = recordingLogger();
  const { client } = await observedClient(unavailable, { logger, logLevel: 'error' });
  await client.GET('/portfolio/balance');
  await expect(client.GET('/portfolio/balance', { signal: AbortSignal.abort() })).rejects.toThrow();
  expect(lines).toEqual([]);
  await expect(
    client.POST('/portfolio/events/orders', { body: { ...v2Order, client_order_id: 'c2' } }).then((r) => r.response),
  ).resolves.toMatchObject({ status: 503 });
  expect(lines).toMatchObject([{ level: 'error' }]);
});

it('decreaseOrder({ reduceBy }) whose answer was lost (never repeated): the error line names the order', async () => {
  const { logger, lines } = recordingLogger();
  const { client } = await observedClient(unavailable, { logger, logLevel: 'error' });
  const error = await client.decreaseOrder({ orderId: 'o-7', reduceBy: 1 }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(KalshiUnconfirmedWriteError);
  expect(lines).toMatchObject([
    {
      level: 'error',
      fields: { operationId: 'DecreaseOrderV2', applied: 'maybe', orderId: 'o-7', status: 503 },
    },
  ]);
});

it('placeOrders: each item left unconfirmed is an error line', async () => {
  const { logger, lines } = recordingLogger();
  const { client } = await observedClient(
    (request) => (request.method === 'GET' ? json({ orders: [], cursor: '' }) : unavailable()),
    { logger, logLevel: 'error', retry: false },
  );
  const order = { ticker: 'T', action: 'buy', side: 'yes', count: 1, price: '0.40' } as const;
  const results = await placeOrders(client, [
    { ...order, clientOrderId: 'b-1' },
    { ...order, clientOrderId: 'b-2' },
  ]);
  expect(results.map((r) => r.ok)).toEqual([false, false]);
  expect(lines).toMatchObject([
    { level: 'error', fields: { operationId: 'BatchCreateOrdersV2', applied: 'maybe', clientOrderId: 'b-1' } },
    { level: 'error', fields: { operationId: 'BatchCreateOrdersV2', applied: 'maybe', clientOrderId: 'b-2' } },
  ]);
}, 10_000);
