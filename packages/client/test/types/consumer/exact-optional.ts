// A strict project's file with `exactOptionalPropertyTypes` (and @types/node), compiled by consumer-settings.test.ts
// against the built packages. Optional values forwarded as they come (`string | undefined`): the runtime takes
// undefined as absent (test/types/undefined-options.test.ts), so the types must too.
import { createSigner, verifySignature } from '@org/kalshi-auth';
import { generateKeyPairSync } from '@org/kalshi-auth/node';
import { type AmendedOrder, cancelOrders, createKalshiClient, type PlacedOrder, placeOrders } from '@org/kalshi-client';
import { createKalshiStream, OrderBook } from '@org/kalshi-client/ws';
import type { StaleReadOperation } from '@org/kalshi-mock';
import { setupKalshiMockServer, startKalshiMockServer } from '@org/kalshi-mock/node';

// The root README's "Testing your code against the mock exchange" block, verbatim.
const kalshi = setupKalshiMockServer();
const [baseUrl] = kalshi.baseUrls; // the hosts the mock serves: Kalshi's production host first
const client = await createKalshiClient({ baseUrl, credentials: kalshi.credentials });

declare const maybe: {
  string?: string;
  number?: number;
  boolean?: boolean;
  signal?: AbortSignal;
  staleRead?: StaleReadOperation;
};
await createKalshiClient({
  baseUrl: process.env.KALSHI_BASE_URL,
  environment: undefined,
  credentials: undefined,
  retry: { maxRetries: maybe.number, initialDelayMs: maybe.number },
  timeoutMs: maybe.number,
  userAgent: maybe.string,
  rateLimit: undefined,
  logger: undefined,
  onRetry: undefined,
});
const call = { signal: maybe.signal, timeoutMs: maybe.number, retry: undefined };
await client.GET('/portfolio/balance', call);
const placed = await client.placeOrder({
  ticker: 'T',
  action: 'buy',
  side: 'yes',
  count: 1,
  price: '0.40',
  priceCents: undefined,
  clientOrderId: maybe.string,
  subaccount: maybe.number,
  expiresAt: maybe.number,
  timeInForce: undefined,
  postOnly: maybe.boolean,
  ...call,
});
await client.amendOrder({ order: placed, price: '0.41', count: 1, expiresAt: undefined, side: undefined, ...call });
await client.decreaseOrder({ orderId: placed.order_id, reduceBy: 1, reduceTo: undefined, subaccount: maybe.number });
await client.cancelOrder({ order: placed, orderId: maybe.string, ...call });
await placeOrders(
  client,
  [{ ticker: 'T', action: 'buy', side: 'yes', count: 1, priceCents: 40, price: undefined }],
  call,
);
await cancelOrders(client, { orders: [placed], orderIds: undefined, subaccount: maybe.number, ...call });
for await (const market of client.paginate('/markets', { maxItems: maybe.number, signal: maybe.signal })) void market;

const stream = await createKalshiStream({
  url: maybe.string,
  environment: undefined,
  heartbeatMs: maybe.number,
  reconnect: { initialDelayMs: maybe.number },
  signal: maybe.signal,
});
await stream.subscribe({ channels: ['ticker'], market_tickers: undefined, send_initial_snapshot: maybe.boolean });
export const book = new OrderBook('T', { useYesPrice: maybe.boolean });

const signer = await createSigner({ keyId: 'k', privateKey: 'pem', backend: undefined, clock: undefined });
await signer.sign({ method: 'GET', url: '/trade-api/v2/x', timestamp: maybe.number });
await verifySignature({
  method: 'GET',
  url: '/x',
  headers: {},
  publicKey: 'pem',
  now: maybe.number,
  toleranceMs: undefined,
});
export const pair = generateKeyPairSync({ type: undefined });

await startKalshiMockServer({ port: maybe.number, host: maybe.string, cors: undefined, seed: maybe.number });
export const other = setupKalshiMockServer({ baseUrl: maybe.string, latencyMs: maybe.number, users: undefined });
kalshi.faults.add({ operation: 'GetBalance', kind: 'commit-then-drop', times: maybe.number, probability: undefined });
kalshi.faults.add({ kind: 'stale-read', operation: maybe.staleRead, orderId: maybe.string, lagMs: 360 });
export const positions = kalshi.inspect.positions({
  user: maybe.string,
  subaccount: maybe.number,
  ticker: maybe.string,
});
export const fills = kalshi.inspect.fills({ ticker: maybe.string, orderId: maybe.string });
export const orders = kalshi.inspect.orders({ ticker: maybe.string, status: undefined });

// Outputs: an optional field the helpers fill with undefined (a `subaccount` neither sent nor read, outside tester
// T-D1) must say so, or `{ subaccount: 0, ...placed }` types as a number that is undefined at run time.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
declare const placedOut: PlacedOrder;
declare const amendedOut: AmendedOrder;
const spreadOf = { placed: { subaccount: 0, ...placedOut }, amended: { subaccount: 0, ...amendedOut } };
export const spreadPlaced: Same<typeof spreadOf.placed.subaccount, number | undefined> = true;
export const spreadAmended: Same<typeof spreadOf.amended.subaccount, number | undefined> = true;
