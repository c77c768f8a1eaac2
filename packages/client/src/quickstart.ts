// `pnpm quickstart`: Kalshi's classic quick-start on today's API. Against the mock exchange (started in-process on a
// loopback port) unless Kalshi credentials are set or `--env demo` is given. Not part of the published API.
import { type Credentials, credentialsFromEnv } from '@org/kalshi-auth';
import type { RunningKalshiMockServer } from '@org/kalshi-mock/node';
import { createKalshiClient, type KalshiClient } from './client';
import { KalshiError, KalshiUnconfirmedWriteError } from './errors';
import { findOrder } from './find-order';
import type { components } from './generated/openapi';
import { centsToDollars, parseDollars } from './money';
import { type ErrorTourOptions, showErrorHandling } from './quickstart-errors';
import { unwrap } from './unwrap';
import { createKalshiStream, OrderBook, type StreamOptions } from './ws';

export interface QuickstartOptions {
  readonly argv: readonly string[];
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly log: (line: string) => void;
  /** Use this running mock instead of starting one (it is left running), e.g. to inspect the exchange afterwards. */
  readonly mockServer?: RunningKalshiMockServer;
}

/** Runs the flow and returns a process exit code. */
export async function runQuickstart({ argv, env, log, mockServer }: QuickstartOptions): Promise<number> {
  const wantsDemo = argv.includes('--env=demo') || argv.join(' ').includes('--env demo');
  let stopMock: (() => Promise<void>) | undefined;
  try {
    let kalshi: KalshiClient;
    let stream: StreamOptions;
    let errors: Omit<ErrorTourOptions, 'ticker' | 'log'>;
    const credentials = credentialsFromEnv(env);
    if (credentials || wantsDemo) {
      if (!credentials) {
        log('--env demo needs KALSHI_API_KEY_ID and KALSHI_PRIVATE_KEY (PEM) or KALSHI_PRIVATE_KEY_PATH (a demo key).');
        return 1;
      }
      log(`Using Kalshi's DEMO exchange (https://demo.kalshi.co) with API key ${credentials.keyId}.`);
      kalshi = await createKalshiClient({ environment: 'demo', credentials });
      stream = { environment: 'demo', credentials };
      errors = { target: { environment: 'demo' }, credentials };
    } else {
      // The mock is a dev dependency: load it only here so the published client never needs it.
      const { startKalshiMockServer } = await import('@org/kalshi-mock/node');
      const server = mockServer ?? (await startKalshiMockServer({ seed: 1 }));
      if (!mockServer) stopMock = server.close;
      log(`Using the embedded mock exchange at ${server.url} (set KALSHI_API_KEY_ID and a key to use Kalshi's demo).`);
      const { keyId, privateKeyPem } = server.mock.credentials;
      const mockCredentials: Credentials = { keyId, privateKey: privateKeyPem };
      kalshi = await createKalshiClient({ baseUrl: server.url, credentials: mockCredentials });
      stream = { url: server.streamUrl, credentials: mockCredentials };
      const mock = { url: server.url, faults: server.mock.faults };
      errors = { target: { baseUrl: server.url }, credentials: mockCredentials, mock };
    }
    const ticker = await walkThrough(kalshi, log);
    await watchStream(kalshi, stream, ticker, log);
    await showErrorHandling({ ...errors, ticker, log });
    return 0;
  } catch (error) {
    log(`\nQuickstart failed: ${error instanceof KalshiError ? `${error.name}: ${error.message}` : String(error)}`);
    return 1;
  } finally {
    await stopMock?.();
  }
}

/** Steps 1–8; returns the market it traded in. */
async function walkThrough(kalshi: KalshiClient, log: (line: string) => void): Promise<string> {
  const step = (n: number, text: string) => log(`\n${n}. ${text}`);

  step(1, 'Exchange status');
  const status = unwrap(await kalshi.GET('/exchange/status'));
  log(`   exchange active: ${status.exchange_active}, trading active: ${status.trading_active}`);

  step(2, 'First open market where a $0.02 YES bid rests');
  // Its YES ask above $0.02: the bids below (1¢, amended to 2¢) rest instead of buying. Many of Kalshi's markets ask
  // 1¢ for YES, and a YES bid at or above the best YES ask trades (kalshi-api-notes §5.15).
  let market: components['schemas']['Market'] | undefined;
  for await (const open of kalshi.paginate('/markets', { params: { query: { status: 'open', limit: 100 } } }))
    if (parseDollars(open.yes_ask_dollars) > parseDollars('0.02')) {
      market = open;
      break;
    }
  if (!market) throw new Error('no open market where a $0.02 YES bid would rest (every YES ask is $0.02 or less)');
  log(`   ${market.ticker} — ${market.title ?? market.yes_sub_title}`);
  log(`   YES bid ${market.yes_bid_dollars} / ask ${market.yes_ask_dollars}`);

  step(3, 'Buy 1 YES contract at $0.01 (limit, good till canceled, post-only: refused rather than filled)');
  const { ticker } = market;
  const placed = await kalshi
    .placeOrder({ ticker, action: 'buy', side: 'yes', count: 1, price: '0.01', postOnly: true })
    .catch(async (error: unknown) => {
      // Its answer was lost and placeOrder could not read it back: it may rest. Looked for once more and canceled.
      if (error instanceof KalshiUnconfirmedWriteError && error.clientOrderId)
        await cancelLost(kalshi, ticker, error.clientOrderId, log);
      throw error;
    });
  log(`   order ${placed.order_id}  client_order_id ${placed.client_order_id}`);
  log(`   filled ${placed.fill_count}, resting ${placed.remaining_count}`);

  // Canceled however the steps below end (step 7 cancels it; a step that fails ends the run): nothing the quickstart
  // placed is left resting.
  let open = true;
  try {
    step(4, 'Order status');
    const { order } = unwrap(
      await kalshi.GET('/portfolio/orders/{order_id}', { params: { path: { order_id: placed.order_id } } }),
    );
    log(`   ${order.status}: ${order.book_side} ${order.remaining_count_fp} @ YES $${order.yes_price_dollars}`);

    step(5, 'Amend the price to $0.02');
    // Kalshi's amend has no post-only (AmendOrderRequest): at $0.02 the bid trades with a YES ask at $0.02 or less
    // (kalshi-api-notes §5.15). The ask read afresh: should it have fallen there since step 2, the amend is not sent.
    const now = unwrap(await kalshi.GET('/markets/{ticker}', { params: { path: { ticker: market.ticker } } })).market;
    if (parseDollars(now.yes_ask_dollars) <= parseDollars('0.02'))
      log(`   not sent: the YES ask is now $${now.yes_ask_dollars}, where a $0.02 bid would buy`);
    else {
      const amended = await kalshi.amendOrder({
        orderId: placed.order_id,
        ticker: market.ticker,
        action: 'buy',
        side: 'yes',
        price: '0.02',
        count: 1,
      });
      log(`   order ${amended.order_id} now resting ${amended.remaining_count ?? '1.00'} @ $0.0200`);
    }

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
    open = false;
    log(`   canceled ${canceled.reduced_by} contract(s)`);
  } finally {
    if (open)
      await kalshi.cancelOrder({ orderId: placed.order_id }).then(
        () => log(`   canceled order ${placed.order_id}`),
        (error: unknown) => log(`   order ${placed.order_id} may still rest, cancel it: ${String(error)}`),
      );
  }

  step(8, 'Balance');
  const balance = unwrap(await kalshi.GET('/portfolio/balance'));
  // Kalshi gives the portfolio value in cents only: shown in dollars like the balance beside it.
  log(
    `   available $${balance.balance_dollars} (portfolio value $${centsToDollars(balance.portfolio_value, 'portfolio_value')})`,
  );
  return market.ticker;
}

/** Cancels the order placed as `clientOrderId` whose answer was lost, if a read shows it; else says what to do. */
async function cancelLost(kalshi: KalshiClient, ticker: string, clientOrderId: string, log: (line: string) => void) {
  const unseen = `   order with client_order_id ${clientOrderId} may rest on ${ticker} (its answer was lost): cancel it`;
  try {
    const order = await findOrder(kalshi, { ticker, clientOrderId });
    if (order?.status === 'resting') {
      await kalshi.cancelOrder({ order });
      log(`   canceled order ${order.order_id}, placed though its answer was lost`);
      return;
    }
    if (order) {
      log(`   order ${order.order_id}, placed though its answer was lost, is ${order.status}: nothing to cancel`);
      return;
    }
    log(`${unseen} (no read shows it yet)`);
  } catch (error) {
    log(`${unseen} (${String(error)})`);
  }
}

/** Step 9, from Kalshi's WebSocket quick-start: a signed stream, the order book, and an order arriving as a delta. */
async function watchStream(
  kalshi: KalshiClient,
  options: StreamOptions,
  ticker: string,
  log: (line: string) => void,
): Promise<void> {
  log('\n9. Real time: the order book over the WebSocket, then an order arriving as a delta');
  const stream = await createKalshiStream({ ...options, connectTimeoutMs: 10_000 });
  let orderId: string | undefined;
  const timer = setTimeout(() => stream.close(), 15_000); // gives up instead of hanging on a quiet stream
  try {
    const book = new OrderBook(ticker);
    const subscription = await stream.subscribe({ channels: ['orderbook_delta'], market_tickers: [ticker] });
    let clientOrderId: string | undefined;
    let arrived = false;
    const depth = () => `depth at $0.0100 is now ${(book.depthAt('yes', '0.01') / 100).toFixed(2)}`;
    for await (const message of subscription) {
      if (message.type === 'orderbook_snapshot') {
        book.applySnapshot(message.msg);
        if (orderId) {
          // A fresh snapshot after our order: the stream repaired a gap (kalshi-api-notes §9.7), and the order's delta
          // may be in it. One order only: a second would be left resting.
          log(`   a fresh snapshot (the stream repaired a gap): ${depth()}`);
          arrived = true;
          break;
        }
        const price = (level: { price: number } | undefined) =>
          level ? `$${(level.price / 1_000_000).toFixed(4)}` : 'none';
        log(`   snapshot: YES bid ${price(book.bestYesBid())} / ask ${price(book.bestYesAsk())}`);
        const order = { ticker, action: 'buy', side: 'yes', count: 1, price: '0.01', postOnly: true } as const;
        const placed = await kalshi.placeOrder(order).catch(async (error: unknown) => {
          // As in step 3: its answer was lost and it could not be read back, so it may rest. Looked for and canceled.
          if (error instanceof KalshiUnconfirmedWriteError && error.clientOrderId)
            await cancelLost(kalshi, ticker, error.clientOrderId, log);
          throw error;
        });
        clientOrderId = placed.client_order_id;
        orderId = placed.order_id;
      } else if (message.type === 'orderbook_delta') {
        book.applyDelta(message.msg);
        if (message.msg.client_order_id !== clientOrderId) continue;
        log(
          `   delta seq ${message.seq}: ${message.msg.side} ${message.msg.delta_fp} @ $${message.msg.price_dollars} (ours)`,
        );
        log(`   ${depth()}`);
        arrived = true;
        break;
      }
    }
    if (!orderId) throw new Error('the stream closed before the order book arrived');
    if (!arrived) log('   (no delta for the order within 15 s)');
  } finally {
    clearTimeout(timer);
    await stream.close();
    // Canceled however the step ends, a failed stream included: nothing the quickstart placed is left resting.
    if (orderId) {
      await kalshi.cancelOrder({ orderId });
      log(`   canceled order ${orderId} again; stream closed`);
    }
  }
}
