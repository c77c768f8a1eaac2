import { afterEach, expect, it, vi } from 'vitest';
import { createKalshiClient, type KalshiLogger, type RateLimitWaitEvent } from '../../src';
import { json, key, observedClient } from '../helpers';

/** A logger that records every call, pino-style (fields, message). */
function recordingLogger() {
  const lines: { level: string; fields: Record<string, unknown>; message: string }[] = [];
  const at =
    (level: string) =>
    (fields: object, message: string): void => {
      lines.push({ level, fields: fields as Record<string, unknown>, message });
    };
  const logger: KalshiLogger = { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
  return { logger, lines };
}

const created = (body: { client_order_id?: string }) =>
  json({ order_id: 'o1', client_order_id: body.client_order_id, fill_count: '0.00', remaining_count: '1.00' }, 201);
const unavailable = () => json({ error: { code: 'service_unavailable', message: 'down' } }, 503);

afterEach(() => {
  vi.unstubAllEnvs();
});

it('logs each attempt of a retried order (method, path, operation, status, duration, attempt) and nothing secret', async () => {
  const { logger, lines } = recordingLogger();
  const { client, requests } = await observedClient(
    async (request, n) => (n === 1 ? unavailable() : created(await request.json())),
    { logger, logLevel: 'debug' },
  );
  await client.placeOrder({ ticker: 'T', action: 'buy', side: 'yes', count: 1, price: '0.40' });

  const attempts = lines.filter((l) => l.message === 'kalshi: attempt').map((l) => l.fields);
  expect(attempts).toMatchObject([
    {
      operationId: 'CreateOrderV2',
      method: 'POST',
      path: '/trade-api/v2/portfolio/events/orders',
      attempt: 1,
      status: 503,
    },
    {
      operationId: 'CreateOrderV2',
      method: 'POST',
      path: '/trade-api/v2/portfolio/events/orders',
      attempt: 2,
      status: 201,
    },
  ]);
  for (const a of attempts) expect(a.durationMs).toBeGreaterThanOrEqual(0);
  const retries = lines.filter((l) => l.message === 'kalshi: retry');
  expect(retries).toHaveLength(1);
  expect(retries[0]).toMatchObject({
    level: 'info',
    fields: { attempt: 1, reason: '503', operationId: 'CreateOrderV2' },
  });

  // Nothing that authenticates a request reaches the log: key id, signatures, timestamps' header names, the key.
  const logged = JSON.stringify(lines);
  const secrets = requests.flatMap((r) => [r.headers.get('KALSHI-ACCESS-SIGNATURE') ?? 'missing']);
  expect(secrets).toHaveLength(2);
  for (const secret of [...secrets, key.keyId, key.privateKeyPem.split('\n')[1] ?? 'missing'])
    expect(logged).not.toContain(secret);
  expect(logged.toLowerCase()).not.toContain('kalshi-access');
});

it('calls the retry hook with the delay, and logs nothing at the default level without a logger', async () => {
  const spy = vi.spyOn(console, 'debug');
  const retries: unknown[] = [];
  const { client } = await observedClient((_r, n) => (n === 1 ? unavailable() : json({ balance: 1 })), {
    onRetry: (event) => retries.push(event),
  });
  await client.GET('/portfolio/balance');
  expect(retries).toMatchObject([{ operationId: 'GetBalance', attempt: 1, reason: '503' }]);
  expect((retries[0] as { delayMs: number }).delayMs).toBeGreaterThanOrEqual(0);
  expect(spy).not.toHaveBeenCalled();
  spy.mockRestore();
});

it('KALSHI_LOG=debug logs attempts to console when no logger is given', async () => {
  vi.stubEnv('KALSHI_LOG', 'debug');
  const spy = vi.spyOn(console, 'debug').mockImplementation(() => undefined);
  const { client } = await observedClient(() => json({ balance: 1 }));
  await client.GET('/portfolio/balance');
  expect(spy).toHaveBeenCalledWith(
    expect.objectContaining({ operationId: 'GetBalance', status: 200 }),
    'kalshi: attempt',
  );
  spy.mockRestore();
});

it('rejects an unknown log level by name', async () => {
  await expect(createKalshiClient({ logLevel: 'verbose' as 'debug' })).rejects.toThrow(/logLevel/);
});

it('reports a rate-limit wait with the time waited', async () => {
  const waits: RateLimitWaitEvent[] = [];
  // A read costs 10 tokens (kalshi-api-notes §8.1); a bucket of 10 refilled at 1,000 a second serves one at once and
  // the second ~10 ms later. Custom numbers are used as given.
  const { client } = await observedClient(() => json({ balance: 1 }), {
    rateLimit: { read: { capacity: 10, refillRate: 1000 }, write: { capacity: 10, refillRate: 1000 } },
    onRateLimitWait: (event) => waits.push(event),
  });
  await Promise.all([client.GET('/portfolio/balance'), client.GET('/portfolio/balance')]);
  expect(waits).toHaveLength(1);
  // Named like an attempt's event: operation, method and the path signed (no query string): which call waited.
  expect(waits[0]).toMatchObject({ operationId: 'GetBalance', method: 'GET', path: '/trade-api/v2/portfolio/balance' });
  expect(waits[0]?.waitedMs).toBeGreaterThan(0);
});
