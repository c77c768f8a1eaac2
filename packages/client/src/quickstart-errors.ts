// Steps 10–14 of `pnpm quickstart`: the last two sections of Kalshi's "Create your first order" guide, live — safe
// resubmission with a `client_order_id`, and the 400/401/409/429 errors — each showing what the SDK sent and what
// the caller's code receives. Not part of the published API.
import type { Credentials } from '@org/kalshi-auth';
import { generateKeyPairSync } from '@org/kalshi-auth/node';
import type { Faults } from '@org/kalshi-mock';
import { createKalshiClient, type KalshiClient, type KalshiClientOptions } from './client';
import { KalshiApiError, KalshiValidationError, parseErrorBody } from './errors';
import { bucketOf, RATE_LIMIT_TIERS, tokenCost } from './generated/rate-limits';
import type { PlacedOrder } from './orders';
import { unwrap } from './unwrap';

/** The embedded mock exchange, for the cases that need fault injection or a metered exchange. */
export interface EmbeddedMock {
  readonly url: string;
  readonly faults: Pick<Faults, 'add'>;
}

export interface ErrorTourOptions {
  /** `{ baseUrl }` for the mock or `{ environment: 'demo' }`. */
  readonly target: Pick<KalshiClientOptions, 'baseUrl' | 'environment'>;
  readonly credentials: Credentials;
  readonly ticker: string;
  readonly log: (line: string) => void;
  /** Absent on Kalshi's demo: the lost response and the burst are then skipped. */
  readonly mock?: EmbeddedMock;
}

// Three bucketfuls: to earn no 429 at all the burst would have to spread over 2 s; it took 0.15–0.3 s (40 requests)
// at load 20 on 2 cores.
const BURST = 60;
const TIER = 'basic';

/** Runs steps 10–14. */
export async function showErrorHandling(options: ErrorTourOptions): Promise<void> {
  const { log, mock } = options;
  const sdk = (line: string) => log(`   SDK  ${line}`);
  const plain = { ...options.target, credentials: options.credentials };
  const clients = {
    /** Its requests are printed as "SDK" lines. */
    traced: await createKalshiClient({ ...plain, fetch: tracedFetch(sdk) }),
    /** For the quickstart's own checks of the exchange, not printed. */
    plain: await createKalshiClient(plain),
  };
  log('\nError handling and safe resubmission, the last two sections of the guide ("SDK" lines: its requests)');
  if (!mock) log("On Kalshi's demo only the harmless cases run: no injected faults, no deliberate bursts.");

  const placed = await lostResponse(clients, options);
  await handResubmission(clients, options, placed);
  await invalidPrice(clients.traced, options);
  await wrongKey(options, sdk);
  await burst(options);
}

interface Clients {
  readonly traced: KalshiClient;
  readonly plain: KalshiClient;
}

/** Step 10: the exchange places the order but its response never arrives; placeOrder's retry finds it. */
async function lostResponse({ traced, plain }: Clients, { ticker, log, mock }: ErrorTourOptions) {
  log('\n10. Safe resubmission: the response to a create is lost');
  if (!mock) {
    log('   skipped on demo: it needs the mock\'s fault injection ("commit-then-drop")');
    return undefined;
  }
  log("   (the mock's commit-then-drop fault: the exchange places the order, then the connection drops)");
  mock.faults.add({ operation: 'CreateOrderV2', kind: 'commit-then-drop', times: 1 });
  const placed = await traced.placeOrder({ ticker, action: 'buy', side: 'yes', count: 1, price: '0.01' });
  log(`   your code gets: order ${placed.order_id}, recovered: ${placed.recovered}`);
  log('   (the retry carried the same client_order_id; its 409 meant "already placed", so the SDK looked it up)');
  const held = await countByClientOrderId(plain, ticker, placed.client_order_id);
  log(`   the exchange holds ${orders(held)} with client_order_id ${placed.client_order_id}`);
  return placed;
}

/** Step 11: the same client_order_id sent again by the caller is the exchange's 409, not a second order. */
async function handResubmission(
  { traced, plain }: Clients,
  { ticker, log }: ErrorTourOptions,
  recovered: PlacedOrder | undefined,
) {
  log('\n11. Resubmitting a client_order_id by hand: placeOrder({ clientOrderId }) with the one above');
  const order = { ticker, action: 'buy', side: 'yes', count: 1, price: '0.01' } as const;
  const original = recovered ?? (await plain.placeOrder(order));
  if (!recovered) log(`   placed order ${original.order_id} at $0.01 to resubmit`);
  try {
    await traced.placeOrder({ ...order, clientOrderId: original.client_order_id });
    log('   unexpected: the exchange accepted the duplicate');
  } catch (error) {
    log(`   your code gets: ${describe(error)}`);
    log('   (a 409 on the first attempt is a real duplicate: reported, not retried, nothing placed)');
  }
  const held = await countByClientOrderId(plain, ticker, original.client_order_id);
  await plain.cancelOrder({ orderId: original.order_id });
  log(`   the exchange still holds ${orders(held)} with that client_order_id; canceled order ${original.order_id}`);
}

/** Step 12: the SDK refuses an impossible price; sent raw, the exchange answers 400. */
async function invalidPrice(kalshi: KalshiClient, { ticker, log }: ErrorTourOptions) {
  log("\n12. An invalid price: placeOrder({ price: '1.50' })");
  try {
    await kalshi.placeOrder({ ticker, action: 'buy', side: 'yes', count: 1, price: '1.50' });
    log('   unexpected: placeOrder accepted it');
  } catch (error) {
    if (!(error instanceof KalshiValidationError)) throw error;
    log(`   your code gets: ${describe(error)}`);
    log('   (nothing was sent)');
  }
  log("   sent raw, kalshi.POST('/portfolio/events/orders', { body: { price: '1.5000', … } }):");
  try {
    unwrap(
      await kalshi.POST('/portfolio/events/orders', {
        body: {
          ticker,
          side: 'bid',
          price: '1.5000',
          count: '1.00',
          time_in_force: 'good_till_canceled',
          self_trade_prevention_type: 'taker_at_cross',
          client_order_id: crypto.randomUUID(),
        },
      }),
    );
    log('   unexpected: the exchange accepted it');
  } catch (error) {
    log(`   your code gets (from unwrap): ${describe(error)}`);
    if (error instanceof KalshiApiError && error.details) log(`   (details: ${error.details})`);
  }
}

/** Step 13: a signature made with a key that is not the one registered for the key id. */
async function wrongKey({ target, credentials, log }: ErrorTourOptions, sdk: (line: string) => void) {
  log('\n13. A request signed with the wrong key: your key id, a newly generated private key');
  const other = generateKeyPairSync({ type: 'rsa' });
  const impostor = await createKalshiClient({
    ...target,
    credentials: { keyId: credentials.keyId, privateKey: other.privateKeyPem },
    fetch: tracedFetch(sdk),
  });
  try {
    unwrap(await impostor.GET('/portfolio/balance'));
    log('   unexpected: the exchange accepted the signature');
  } catch (error) {
    log(`   your code gets: ${describe(error)}`);
    if (error instanceof KalshiApiError && error.details) log(`   (details: ${error.details}; not retried)`);
  }
}

/** Step 14: a burst that empties the exchange's token bucket, then the same burst paced by the client's limiter. */
async function burst({ target, credentials, log, mock }: ErrorTourOptions) {
  const bucket = RATE_LIMIT_TIERS[TIER][bucketOf('GetBalance')];
  const cost = tokenCost('GetBalance');
  log(`\n14. A burst past the rate limit: ${BURST} × GET /portfolio/balance at once, ${TIER} tier`);
  if (!mock) {
    log('   skipped on demo: no deliberate bursts against Kalshi');
    return;
  }
  log(`   (reads: a bucket of ${bucket.capacity} tokens refilled ${bucket.refillRate}/s, ${cost} per request)`);
  log(`   (against a second mock server started with rateLimit: '${TIER}': Kalshi's token buckets for that tier)`);
  // Dev dependency, loaded only against the mock (as quickstart.ts loads the mock server).
  const { startKalshiMockServer } = await import('@org/kalshi-mock/node');
  const metered = await startKalshiMockServer({ seed: 1, rateLimit: TIER });
  try {
    await burstAgainst(metered.url, { target, credentials, log }, bucket);
  } finally {
    await metered.close();
  }
}

async function burstAgainst(
  baseUrl: string,
  { target, credentials, log }: Pick<ErrorTourOptions, 'target' | 'credentials' | 'log'>,
  bucket: { capacity: number; refillRate: number },
) {
  const client = (extra: Partial<KalshiClientOptions>) =>
    createKalshiClient({ ...target, baseUrl, credentials, retry: false, ...extra });

  const raw = await fire(await client({}));
  log(`   without a limiter, retries off: ${tally(raw)}`);
  const refused = raw.find((r) => r instanceof KalshiApiError);
  if (refused instanceof KalshiApiError) {
    log(`   your code gets: ${describe(refused)}`);
    log(`   (the body was ${JSON.stringify(refused.body)})`);
  }

  const refillMs = Math.ceil((bucket.capacity / bucket.refillRate) * 1000) + 100;
  await new Promise((resolve) => setTimeout(resolve, refillMs));
  log(`   waited ${(refillMs / 1000).toFixed(1)} s for the exchange's bucket to refill`);
  const started = Date.now();
  const paced = await fire(await client({ rateLimit: TIER }));
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  log(`   with createKalshiClient({ rateLimit: '${TIER}' }), retries off: ${tally(paced)}`);
  log(`   (the client's own buckets held requests back: the burst took ${seconds} s)`);
  log('   (by default retries are on too: a 429 is retried with exponential backoff, up to 2 times)');
}

/** The burst: every request at once; each result is the balance or the error the caller would get. */
function fire(kalshi: KalshiClient): Promise<unknown[]> {
  return Promise.all(
    Array.from({ length: BURST }, () =>
      kalshi
        .GET('/portfolio/balance')
        .then(unwrap)
        .catch((error: unknown) => error),
    ),
  );
}

function tally(results: readonly unknown[]): string {
  const statuses = new Map<string, number>();
  for (const result of results) {
    const key =
      result instanceof KalshiApiError
        ? `${result.status} ${result.code}`
        : result instanceof Error
          ? result.name
          : '200';
    statuses.set(key, (statuses.get(key) ?? 0) + 1);
  }
  if (!statuses.has('429 too_many_requests')) statuses.set('429 too_many_requests', 0);
  return [...statuses].map(([status, n]) => `${n} × ${status}`).join(', ');
}

const orders = (n: number) => (n === 1 ? 'exactly 1 order' : `${n} orders`);

async function countByClientOrderId(kalshi: KalshiClient, ticker: string, clientOrderId: string): Promise<number> {
  let count = 0;
  for await (const order of kalshi.paginate('/portfolio/orders', { params: { query: { ticker, limit: 200 } } }))
    if ('client_order_id' in order && order.client_order_id === clientOrderId) count++;
  return count;
}

/** What the caller's code holds: the error class and, for exchange errors, status, code and details. */
function describe(error: unknown): string {
  if (error instanceof KalshiApiError) return `${error.name} — status ${error.status}, code ${error.code}`;
  if (error instanceof KalshiValidationError)
    return `${error.name} — field ${error.field}: ${error.message.slice(error.field.length + 2)}`;
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/** A fetch that reports each attempt the SDK makes: method, path, and the status and Kalshi code it got. */
function tracedFetch(report: (line: string) => void): typeof fetch {
  return async (input, init) => {
    const request = input instanceof Request ? input : new Request(input, init);
    const what = `${request.method} ${new URL(request.url).pathname.replace(/^.*\/trade-api\/v2/, '')}`;
    let response: Response;
    try {
      response = await globalThis.fetch(request);
    } catch (error) {
      report(`${what} → no response (connection dropped)`);
      throw error;
    }
    const body = response.ok
      ? undefined
      : await response
          .clone()
          .json()
          .catch(() => undefined);
    report(`${what} → ${response.status} ${parseErrorBody(body)?.code ?? ''}`.trimEnd());
    return response;
  };
}
