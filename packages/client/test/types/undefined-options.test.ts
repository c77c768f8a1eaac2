// Outside test round 10, R-D5: every optional input property is typed `?: T | undefined` (so exactOptionalPropertyTypes
// projects can forward optional values; consumer-settings.test.ts compiles that), which is only right if the runtime
// takes undefined as absent. It does, for each input of client, auth and mock: undefined everywhere, defaults apply.
// (The notes are silent: these are this SDK's own options, not Kalshi's.)
import { createPrivateKey } from 'node:crypto';
import { createSigner, verifySignature } from '@org/kalshi-auth';
import { generateKeyPairSync } from '@org/kalshi-auth/node';
import { setupKalshiMockServer, startKalshiMockServer } from '@org/kalshi-mock/node';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { cancelOrders, createKalshiClient, placeOrders, unwrap } from '../../src';
import { createKalshiStream, OrderBook } from '../../src/ws';

const kalshi = setupKalshiMockServer({
  baseUrl: undefined,
  rateLimit: undefined,
  latencyMs: undefined,
  users: undefined,
  activity: undefined,
  seed: undefined,
  now: undefined,
  empty: undefined,
  dataset: undefined,
});
beforeAll(() => kalshi.listen());
afterAll(() => kalshi.server.close());
const u = undefined;
const call = { signal: u, timeoutMs: u, retry: u };

it('client, order helpers, pagination and stream take undefined as absent', async () => {
  const client = await createKalshiClient({
    baseUrl: u,
    environment: u,
    credentials: kalshi.credentials,
    fetch: u,
    retry: { maxRetries: u, initialDelayMs: u, maxDelayMs: u, maxRetryAfterMs: u },
    rateLimit: u,
    timeoutMs: u,
    userAgent: u,
    operations: u,
    logger: u,
    logLevel: u,
    onAttempt: u,
    onRetry: u,
    onRateLimitWait: u,
  });
  expect(client.baseUrl).toBe('https://external-api.kalshi.com/trade-api/v2'); // production's first host
  expect(unwrap(await client.GET('/portfolio/balance', call)).balance).toBeTypeOf('number');
  const ticker = [...kalshi.exchange.markets.values()].find((m) => m.status === 'active')?.ticker as string;
  const terms = { ticker, action: 'buy', side: 'yes', count: 1 } as const;
  const optional = {
    timeInForce: u,
    selfTradePrevention: u,
    clientOrderId: u,
    postOnly: u,
    reduceOnly: u,
    expiresAt: u,
  };
  const placed = await client.placeOrder({
    ...terms,
    price: '0.05',
    priceCents: u,
    ...optional,
    cancelOnPause: u,
    subaccount: u,
    orderGroupId: u,
    ...call,
  });
  expect(placed).toMatchObject({ remaining_count: '1.00', recovered: false });
  const amended = await client.amendOrder({
    order: placed,
    orderId: u,
    subaccount: u,
    ticker: u,
    action: u,
    side: u,
    priceCents: 6,
    price: u,
    count: 1,
    updatedClientOrderId: u,
    expiresAt: u,
    ...call,
  });
  await client.decreaseOrder({ order: amended, reduceBy: u, reduceTo: 1, ...call });
  await client.cancelOrder({ order: amended, ...call });
  const [batch] = await placeOrders(client, [{ ...terms, priceCents: 5, price: u, ...optional }], call);
  expect(batch).toMatchObject({ ok: true });
  const canceled = await cancelOrders(client, {
    orders: batch?.ok ? [batch.order] : [],
    orderIds: u,
    subaccount: u,
    ...call,
  });
  expect(canceled).toMatchObject([{ ok: true }]);
  const pages = client.paginate('/markets', { params: u, signal: u, maxPages: u, maxItems: 3 });
  let items = 0;
  for await (const _ of pages) items++;
  expect(items).toBe(3);

  const stream = await createKalshiStream({
    environment: u,
    url: u,
    credentials: kalshi.credentials,
    WebSocket: u,
    connectTimeoutMs: u,
    commandTimeoutMs: u,
    heartbeatMs: u,
    reconnect: { initialDelayMs: u, maxDelayMs: u },
    queueSize: u,
    signal: u,
    clockFrom: u,
    logger: u,
    logLevel: u,
  });
  const sub = await stream.subscribe({
    channels: ['orderbook_delta'],
    market_tickers: [ticker],
    use_yes_price: u,
    send_initial_snapshot: u,
  });
  const book = new OrderBook(ticker, { useYesPrice: u });
  for await (const message of sub) {
    if (message.type === 'orderbook_snapshot') expect(book.applySnapshot(message.msg)).toBe(true);
    break;
  }
  await stream.close();
});

it('auth and mock options take undefined as absent', async () => {
  const signer = await createSigner({ ...kalshi.credentials, backend: u, clock: u });
  const headers = await signer.sign({ method: 'GET', url: '/trade-api/v2/x', timestamp: u });
  const publicKey = generateKeyPairSync({ type: u }).publicKeyPem;
  expect(publicKey).toContain('BEGIN PUBLIC KEY');
  expect(
    await verifySignature({
      method: 'GET',
      url: '/trade-api/v2/x',
      headers,
      publicKey: createPrivateKey(kalshi.credentials.privateKey),
      now: u,
      toleranceMs: u,
    }),
  ).toMatchObject({ ok: true });

  kalshi.faults.add({ operation: 'GetBalance', kind: 'status', status: 503, body: u, times: 1, probability: u });
  kalshi.faults.add({ kind: 'stale-read', operation: u, orderId: u, lagMs: 10, times: u });
  expect(kalshi.inspect.balance({ user: u, subaccount: u })).toBeDefined();
  expect(kalshi.inspect.orders({ ticker: u, status: u, user: u })).toEqual(kalshi.inspect.orders());
  expect(kalshi.inspect.fills({ ticker: u, orderId: u })).toEqual(kalshi.inspect.fills());
  kalshi.faults.clear();
  const other = setupKalshiMockServer({
    users: [{ balanceDollars: u }],
    activity: { seed: u, ordersPerSecond: u, markets: u, accounts: u },
  });
  expect(other.users).toHaveLength(1);
  other.activity?.stop();
  const served = await startKalshiMockServer({ port: u, host: u, pingIntervalMs: u, streamBufferLimit: u, cors: u });
  expect(served.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/trade-api\/v2$/);
  await served.close();
});
