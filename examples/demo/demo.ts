// A first script for Kalshi's demo environment (https://demo.kalshi.co, play money): exchange status, a market,
// the balance, then a 1¢ YES bid that rests, read back and canceled. Without credentials it runs against the mock
// exchange on a loopback port instead, so it works on any machine.
//
//   npx tsx demo.ts                                                        # the mock exchange
//   KALSHI_API_KEY_ID=… KALSHI_PRIVATE_KEY_PATH=demo-key.pem npx tsx demo.ts  # Kalshi's demo
import { pathToFileURL } from 'node:url';
import { credentialsFromEnv } from '@org/kalshi-auth';
import {
  type components,
  createKalshiClient,
  findOrder,
  type KalshiClient,
  KalshiUnconfirmedWriteError,
  parseDollars,
  unwrap,
} from '@org/kalshi-client';

export interface DemoOptions {
  /** Where to look for KALSHI_API_KEY_ID and KALSHI_PRIVATE_KEY / KALSHI_PRIVATE_KEY_PATH. */
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly log: (line: string) => void;
}

/** Connects to the demo environment when credentials are set, else to a mock started here; then walks through. */
export async function runDemo({ env, log }: DemoOptions): Promise<void> {
  const credentials = credentialsFromEnv(env);
  if (credentials) {
    log(`Using Kalshi's demo environment with API key ${credentials.keyId}.`);
    await walkThrough(await createKalshiClient({ environment: 'demo', credentials }), log);
    return;
  }
  // The mock is a dev dependency: loaded only when it is used.
  const { startKalshiMockServer } = await import('@org/kalshi-mock/node');
  const server = await startKalshiMockServer({ seed: 1 });
  try {
    log(`No KALSHI_API_KEY_ID set: using the mock exchange at ${server.url}.`);
    const { keyId, privateKeyPem } = server.mock.credentials;
    await walkThrough(
      await createKalshiClient({ baseUrl: server.url, credentials: { keyId, privateKey: privateKeyPem } }),
      log,
    );
  } finally {
    await server.close();
  }
}

async function walkThrough(kalshi: KalshiClient, log: (line: string) => void): Promise<void> {
  const status = unwrap(await kalshi.GET('/exchange/status'));
  log(`Exchange active: ${status.exchange_active}, trading: ${status.trading_active}`);
  // A market where nobody asks 1¢ for YES, so that the 1¢ bid rests instead of buying (many trade at 1¢ / 99¢).
  let market: components['schemas']['Market'] | undefined;
  for await (const open of kalshi.paginate('/markets', { params: { query: { status: 'open', limit: 100 } } }))
    if (parseDollars(open.yes_ask_dollars) > parseDollars('0.01')) {
      market = open;
      break;
    }
  if (!market) throw new Error('no open market where a 1¢ YES bid would rest (every YES ask is 1¢)');
  log(`Market ${market.ticker}: YES bid ${market.yes_bid_dollars}, ask ${market.yes_ask_dollars}`);
  const { balance_dollars } = unwrap(await kalshi.GET('/portfolio/balance'));
  log(`Balance: $${balance_dollars}`);
  const { ticker } = market;
  const placed = await kalshi
    .placeOrder({
      ticker,
      action: 'buy',
      side: 'yes',
      count: 1,
      price: '0.01',
      postOnly: true, // refused rather than filled, should the book have changed since the read
    })
    .catch(async (error: unknown) => {
      // The create's answer was lost and placeOrder could not read the order back: it may rest. Looked for once more
      // by its client_order_id and canceled; not found, the user is told what to look for.
      if (error instanceof KalshiUnconfirmedWriteError && error.clientOrderId)
        await cancelLost(kalshi, ticker, error.clientOrderId, log);
      throw error;
    });
  // Canceled whatever happens to the read: a failed read must not leave the order resting on the account.
  try {
    const { order } = unwrap(
      await kalshi.GET('/portfolio/orders/{order_id}', { params: { path: { order_id: placed.order_id } } }),
    );
    log(`Placed ${order.order_id}: ${order.status}, ${order.remaining_count_fp} at YES ${order.yes_price_dollars}`);
  } finally {
    const canceled = await kalshi.cancelOrder({ orderId: placed.order_id });
    log(`Canceled ${canceled.order_id}`);
  }
}

/** Cancels the order placed as `clientOrderId` whose answer was lost, if a read shows it; else says what to do. */
async function cancelLost(kalshi: KalshiClient, ticker: string, clientOrderId: string, log: (line: string) => void) {
  const unseen = `Order with client_order_id ${clientOrderId} may rest on ${ticker} (its answer was lost): look for it in GET /portfolio/orders and cancel it`;
  try {
    const order = await findOrder(kalshi, { ticker, clientOrderId });
    if (order?.status === 'resting') {
      const canceled = await kalshi.cancelOrder({ order });
      log(`Canceled ${canceled.order_id}, placed though its answer was lost`);
      return;
    }
    if (order) {
      log(`Order ${order.order_id}, placed though its answer was lost, is ${order.status}: nothing to cancel`);
      return;
    }
    log(`${unseen} (no read shows it yet)`);
  } catch (error) {
    log(`${unseen} (${error instanceof Error ? error.message : String(error)})`);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await runDemo({ env: process.env, log: console.log });
}
