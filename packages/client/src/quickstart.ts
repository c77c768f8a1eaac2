// `pnpm quickstart`: Kalshi's classic quick-start on today's API. Against the mock exchange (started in-process on a
// loopback port) unless Kalshi credentials are set or `--env demo` is given. Not part of the published API.
import { credentialsFromEnv } from '@org/kalshi-auth';
import { createKalshiClient, type KalshiClient } from './client';
import { KalshiError } from './errors';
import { unwrap } from './unwrap';

export interface QuickstartOptions {
  readonly argv: readonly string[];
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly log: (line: string) => void;
}

/** Runs the flow and returns a process exit code. */
export async function runQuickstart({ argv, env, log }: QuickstartOptions): Promise<number> {
  const wantsDemo = argv.includes('--env=demo') || argv.join(' ').includes('--env demo');
  let stopMock: (() => Promise<void>) | undefined;
  try {
    let kalshi: KalshiClient;
    const credentials = credentialsFromEnv(env);
    if (credentials || wantsDemo) {
      if (!credentials) {
        log('--env demo needs KALSHI_API_KEY_ID and KALSHI_PRIVATE_KEY (PEM) or KALSHI_PRIVATE_KEY_PATH (a demo key).');
        return 1;
      }
      log(`Using Kalshi's DEMO exchange (https://demo.kalshi.co) with API key ${credentials.keyId}.`);
      kalshi = await createKalshiClient({ environment: 'demo', credentials });
    } else {
      // The mock is a dev dependency: load it only here so the published client never needs it.
      const { startKalshiMockServer } = await import('@org/kalshi-mock/node');
      const server = await startKalshiMockServer({ seed: 1 });
      stopMock = server.close;
      log(`Using the embedded mock exchange at ${server.url} (set KALSHI_API_KEY_ID and a key to use Kalshi's demo).`);
      const { keyId, privateKeyPem } = server.mock.credentials;
      kalshi = await createKalshiClient({ baseUrl: server.url, credentials: { keyId, privateKey: privateKeyPem } });
    }
    await walkThrough(kalshi, log);
    return 0;
  } catch (error) {
    log(`\nQuickstart failed: ${error instanceof KalshiError ? `${error.name}: ${error.message}` : String(error)}`);
    return 1;
  } finally {
    await stopMock?.();
  }
}

async function walkThrough(kalshi: KalshiClient, log: (line: string) => void): Promise<void> {
  const step = (n: number, text: string) => log(`\n${n}. ${text}`);

  step(1, 'Exchange status');
  const status = unwrap(await kalshi.GET('/exchange/status'));
  log(`   exchange active: ${status.exchange_active}, trading active: ${status.trading_active}`);

  step(2, 'First open market');
  const markets = unwrap(await kalshi.GET('/markets', { params: { query: { status: 'open', limit: 1 } } }));
  const market = markets.markets[0];
  if (!market) throw new Error('no open market found');
  log(`   ${market.ticker} — ${market.title ?? market.yes_sub_title}`);
  log(`   YES bid ${market.yes_bid_dollars} / ask ${market.yes_ask_dollars}`);

  step(3, 'Buy 1 YES contract at $0.01 (limit, good till canceled)');
  const placed = await kalshi.placeOrder({
    ticker: market.ticker,
    action: 'buy',
    side: 'yes',
    count: 1,
    price: '0.01',
  });
  log(`   order ${placed.order_id}  client_order_id ${placed.client_order_id}`);
  log(`   filled ${placed.fill_count}, resting ${placed.remaining_count}`);

  step(4, 'Order status');
  const { order } = unwrap(
    await kalshi.GET('/portfolio/orders/{order_id}', { params: { path: { order_id: placed.order_id } } }),
  );
  log(`   ${order.status}: ${order.book_side} ${order.remaining_count_fp} @ YES $${order.yes_price_dollars}`);

  step(5, 'Amend the price to $0.02');
  const amended = await kalshi.amendOrder({
    orderId: placed.order_id,
    ticker: market.ticker,
    side: 'bid',
    price: '0.02',
    count: 1,
  });
  log(`   order ${amended.order_id} now resting ${amended.remaining_count ?? '1.00'} @ $0.0200`);

  step(6, 'Resting orders');
  for await (const resting of kalshi.paginate('/portfolio/orders', {
    params: { query: { status: 'resting', limit: 100 } },
  })) {
    if ('order_id' in resting)
      log(
        `   ${resting.order_id}  ${resting.ticker}  ${resting.book_side} ${resting.remaining_count_fp} @ $${resting.yes_price_dollars}`,
      );
  }

  step(7, 'Cancel it');
  const canceled = await kalshi.cancelOrder({ orderId: placed.order_id });
  log(`   canceled ${canceled.reduced_by} contract(s)`);

  step(8, 'Balance');
  const balance = unwrap(await kalshi.GET('/portfolio/balance'));
  log(`   available $${balance.balance_dollars} (portfolio value ${balance.portfolio_value}¢)`);
}
