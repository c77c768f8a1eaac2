import { afterEach, describe, expect, it, vi } from 'vitest';
import { type MockUser, TEST_USER_ID } from '../../src';
import { communications } from '../../src/exchange/rfqs';
import { type Harness, harness, order } from '../helpers';

// Expected values are written from kalshi-api-notes §8.1, not read from the table the mock uses.

/** The buckets refill on the real clock: freeze it so a slow machine cannot refill them mid-test. */
function freezeClock() {
  vi.useFakeTimers({ toFake: ['Date'], now: Date.UTC(2026, 5, 11) });
}
afterEach(() => {
  vi.useRealTimers();
});

describe('GET /account/limits', () => {
  it('reports the tier the mock meters with, in the shape recorded on demo', async () => {
    const { call } = await harness({ empty: true, rateLimit: 'advanced' });
    const { status, body } = await call('GET', '/account/limits');
    expect(status).toBe(200);
    // Advanced: 300/s read (capacity 1 s), 300/s write (capacity 2 s).
    expect(body).toEqual({
      usage_tier: 'advanced',
      read: { refill_rate: 300, bucket_capacity: 300 },
      write: { refill_rate: 300, bucket_capacity: 600 },
      grants: [],
    });
  });

  it('reports Basic when no rate limit was configured (the recorded demo account)', async () => {
    const { call } = await harness({ empty: true });
    expect((await call('GET', '/account/limits')).body).toEqual({
      grants: [],
      read: { bucket_capacity: 200, refill_rate: 200 },
      usage_tier: 'basic',
      write: { bucket_capacity: 100, refill_rate: 100 },
    });
  });

  it('numbers the 429s follow: a Basic write bucket holds 100 tokens, 10 creates', async () => {
    const { create } = await basicTier();
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push(await create());
    expect(statuses.slice(0, 10).every((s) => s === 201)).toBe(true);
    expect(statuses[10]).toBe(429);
  });

  // §8.1: "Two independent buckets: Read … and Write". A drained write bucket stays drained across reads.
  it('keeps Read and Write apart: a read between creates neither fails nor refills the drained write bucket', async () => {
    const { call, create } = await basicTier();
    for (let i = 0; i < 10; i++) expect(await create()).toBe(201);
    expect((await call('GET', '/portfolio/balance')).status).toBe(200);
    expect(await create()).toBe(429);
  });
});

describe('GET /account/endpoint_costs', () => {
  it('is public and lists the non-default costs of §8.1 with default 10', async () => {
    const { call } = await harness({ empty: true });
    const { status, body } = await call('GET', '/account/endpoint_costs', undefined, false);
    expect(status).toBe(200);
    expect(body.default_cost).toBe(10);
    const cost = (method: string, path: string) =>
      body.endpoint_costs.find((e: { method: string; path: string }) => e.method === method && e.path === path)?.cost;
    expect(cost('DELETE', '/trade-api/v2/portfolio/events/orders/:order_id')).toBe(2);
    expect(cost('DELETE', '/trade-api/v2/portfolio/events/orders/batched')).toBe(2);
    expect(cost('GET', '/trade-api/v2/portfolio/orders/:order_id')).toBe(2);
    expect(cost('POST', '/trade-api/v2/communications/quotes')).toBe(2);
    expect(cost('DELETE', '/trade-api/v2/communications/quotes/:quote_id')).toBe(2);
    expect(cost('PUT', '/trade-api/v2/multivariate_event_collections/:collection_ticker/lookup')).toBe(2);
    expect(cost('POST', '/trade-api/v2/portfolio/orders')).toBe(100);
    expect(cost('DELETE', '/trade-api/v2/portfolio/orders/:order_id')).toBe(20);
    // Endpoints at the default cost are omitted.
    expect(cost('POST', '/trade-api/v2/portfolio/events/orders')).toBeUndefined();
    expect(body.endpoint_costs.every((e: { cost: number }) => e.cost !== 10)).toBe(true);
  });

  // Kalshi's answer as recorded on demo (notes §8.1, FX `account__endpoint_costs`): each `path` is the full route,
  // `/trade-api/v2` included, with `:name` path parameters, and the list is sorted by path, then method, e.g.
  // `{"cost":2,"method":"DELETE","path":"/trade-api/v2/portfolio/events/orders/:order_id"}` and, for one path,
  // DELETE before GET. Code matching these paths against its own requests must match Kalshi's form.
  it("writes each path as Kalshi's recorded answer does: full route, :name parameters, sorted", async () => {
    const { call } = await harness({ empty: true });
    const { body } = await call('GET', '/account/endpoint_costs', undefined, false);
    const rows: { method: string; path: string; cost: number }[] = body.endpoint_costs;
    expect(rows).toContainEqual({ method: 'DELETE', path: '/trade-api/v2/portfolio/events/orders/:order_id', cost: 2 });
    expect(rows).toContainEqual({ method: 'POST', path: '/trade-api/v2/account/api_usage_level/upgrade', cost: 30 });
    expect(rows).toContainEqual({
      method: 'PUT',
      path: '/trade-api/v2/multivariate_event_collections/:collection_ticker/lookup',
      cost: 2,
    });
    for (const row of rows) expect(row.path).toMatch(/^\/trade-api\/v2\/[a-z0-9_/:-]+$/);
    const keys = rows.map((row) => `${row.path} ${row.method}`);
    expect(keys).toEqual([...keys].sort());
  });

  it('the listed cancel cost is what the limiter charges: 50 cancels fit a Basic write bucket after no creates', async () => {
    freezeClock();
    const { call, mock } = await harness({ rateLimit: 'basic' });
    // Cancels of unknown ids still spend tokens (404 after metering): 100 tokens / 2 = 50 cancels, the 51st is 429.
    const statuses: number[] = [];
    for (let i = 0; i < 51; i++)
      statuses.push((await call('DELETE', `/portfolio/events/orders/${mock.exchange.newId()}`)).status);
    expect(statuses.slice(0, 50).every((s) => s === 404)).toBe(true);
    expect(statuses[50]).toBe(429);
  });

  // §8.1: "Batches are billed per item (… 25 cancels × 2 = 50)". The batch cancel is a DELETE with a body: 9 items
  // cost 18 tokens, more than the 10 a Basic write bucket keeps after 9 creates; one cancel (2) still fits.
  it('bills a batch cancel per item: after 9 creates a batch cancel of the 9 is 429, a single cancel is not', async () => {
    const { call, ticker } = await basicTier();
    const ids: string[] = [];
    for (let i = 0; i < 9; i++) {
      const created = await call('POST', '/portfolio/events/orders', order(ticker, { count: '1' }));
      expect(created.status).toBe(201);
      ids.push(created.body.order_id);
    }
    const batch = await call('DELETE', '/portfolio/events/orders/batched', {
      orders: ids.map((order_id) => ({ order_id })),
    });
    expect(batch).toMatchObject({ status: 429, body: { error: 'too many requests' } });
    expect((await call('DELETE', `/portfolio/events/orders/${ids[0]}`)).status).toBe(200);
  });

  it('bills cancel-all 2 tokens, as spec 3.31.0 states: 50 fit a Basic write bucket, the 51st is 429', async () => {
    freezeClock();
    const { call } = await harness({ rateLimit: 'basic' });
    // Spec CancelAllOrders: "**Rate limit:** 2 tokens per request, the same cost as cancelling one event-market
    // order" (newer than the notes' 10, §5.13).
    expect((await call('GET', '/account/endpoint_costs', undefined, false)).body.endpoint_costs).toContainEqual({
      method: 'DELETE',
      path: '/trade-api/v2/portfolio/events/orders',
      cost: 2,
    });
    const statuses: number[] = [];
    for (let i = 0; i < 51; i++) statuses.push((await call('DELETE', '/portfolio/events/orders')).status);
    expect(statuses.slice(0, 50).every((s) => s === 204)).toBe(true);
    expect(statuses[50]).toBe(429);
  });
});

describe('what the buckets charge and refill (kalshi-api-notes §8.1)', () => {
  // "Batches are billed per item (25 creates = 250 …)": a batch of 10 creates costs 100, all a Basic write bucket holds.
  it('bills a batch create per item: a batch of 10 empties a Basic write bucket, the next create is 429', async () => {
    const { call, ticker, create } = await basicTier();
    const batch = await call('POST', '/portfolio/events/orders/batched', {
      orders: Array.from({ length: 10 }, () => order(ticker, { count: '1' })),
    });
    expect(batch.status).toBe(201);
    expect(await create()).toBe(429);
  });

  // "`GET /portfolio/orders/{id}` 2": 100 reads of one order fit the Basic read bucket of 200; the 101st is 429.
  it('charges GET /portfolio/orders/{id} 2 read tokens', async () => {
    const { call, ticker } = await basicTier();
    const id = (await call('POST', '/portfolio/events/orders', order(ticker, { count: '1' }))).body.order_id;
    const statuses: number[] = [];
    for (let i = 0; i < 101; i++) statuses.push((await call('GET', `/portfolio/orders/${id}`)).status);
    expect(statuses.slice(0, 100).every((s) => s === 200)).toBe(true);
    expect(statuses[100]).toBe(429);
  });

  // "Refill is continuous; a request is allowed iff the bucket holds ≥ its cost": a drained Basic write bucket
  // (100/s) holds 10 tokens, one create, 100 ms later, and not a second.
  it('refills continuously at the refill rate: 100 ms after draining, one create fits and the next does not', async () => {
    const { create } = await basicTier();
    for (let i = 0; i < 10; i++) expect(await create()).toBe(201);
    expect(await create()).toBe(429);
    vi.setSystemTime(Date.now() + 99);
    expect(await create()).toBe(429);
    vi.setSystemTime(Date.now() + 1);
    expect(await create()).toBe(201);
    expect(await create()).toBe(429);
  });
});

describe('API usage level (spec 3.31.0: upgrade and volume progress)', () => {
  it('refuses the Advanced upgrade with 403 until the user has placed an order through the API, then grants it', async () => {
    const { call, mock } = await harness({ seed: 3 });
    // Spec: "at least 1 of the user's last 100 Predictions orders was created via API", else 403.
    expect((await call('POST', '/account/api_usage_level/upgrade')).status).toBe(403);
    const market = [...mock.exchange.markets.values()].find((m) => m.status === 'active');
    if (!market) throw new Error('no active market in the dataset');
    expect((await call('POST', '/portfolio/events/orders', order(market.ticker))).status).toBe(201);
    expect((await call('POST', '/account/api_usage_level/upgrade')).status).toBe(201);
    const limits = (await call('GET', '/account/limits')).body;
    expect(limits.usage_tier).toBe('advanced');
    expect(limits.grants).toEqual([{ exchange_instance: 'event_contract', level: 'advanced', source: 'manual' }]);
    // Outside round P-D2: the tier reported comes with its buckets (§8.1 Advanced: 300/s read, 300/s write, write
    // capacity 2 s), not Basic's.
    expect(limits.read).toEqual({ refill_rate: 300, bucket_capacity: 300 });
    expect(limits.write).toEqual({ refill_rate: 300, bucket_capacity: 600 });
  });

  it('a granted Basic account is metered at Advanced: 60 creates fit its 600-token write bucket; a reset ends the grant', async () => {
    freezeClock();
    const { call, mock } = await harness({ seed: 3, rateLimit: 'basic' });
    const market = [...mock.exchange.markets.values()].find((m) => m.status === 'active');
    if (!market) throw new Error('no active market in the dataset');
    const create = () => call('POST', '/portfolio/events/orders', order(market.ticker, { count: '1' }));
    expect((await create()).status).toBe(201);
    expect((await call('POST', '/account/api_usage_level/upgrade')).status).toBe(201);
    // Create costs the default 10 tokens (§8.1): 600 / 10 = 60 from a full Advanced bucket, the 61st is 429.
    const statuses: number[] = [];
    for (let i = 0; i < 61; i++) statuses.push((await create()).status);
    expect(statuses.slice(0, 60).every((s) => s === 201)).toBe(true);
    expect(statuses[60]).toBe(429);
    mock.exchange.reset();
    const limits = (await call('GET', '/account/limits')).body;
    expect(limits).toMatchObject({
      usage_tier: 'basic',
      grants: [],
      write: { refill_rate: 100, bucket_capacity: 100 },
    });
  });

  // Spec UpgradeAccountApiUsageLevel, its 429: "This endpoint costs 30 tokens and uses the Predictions Write bucket"
  // (notes §8.1: Read is "GETs and anything not routed elsewhere"). On Basic (read 200, write 100; frozen clock), a
  // drained read bucket does not stop it.
  it('bills the upgrade 30 tokens to the Write bucket, as the spec states', async () => {
    const { call, create } = await basicTier();
    expect(await create()).toBe(201);
    for (let i = 0; i < 20; i++) expect((await call('GET', '/portfolio/balance')).status).toBe(200);
    expect((await call('GET', '/portfolio/balance')).status).toBe(429);
    expect((await call('POST', '/account/api_usage_level/upgrade')).status).toBe(201);
  });

  // Notes §8.1: RFQ quote writes are billed to the Write bucket. The spec's RFQ-scoped accept, confirm and delete
  // (`/communications/rfqs/{rfq_id}/quotes/{quote_id}…`, which the deprecated `/communications/quotes/{quote_id}…`
  // forms point to) are the same writes: with the caller's write bucket drained (10 creates on Basic, frozen clock),
  // each is 429 as its deprecated form is. The RFQ and quote are set up on the engine, unmetered.
  it.each([
    ['accept', 'PUT', '/accept', { accepted_side: 'yes' }],
    ['confirm', 'PUT', '/confirm', {}],
    ['delete', 'DELETE', '', undefined],
  ] as const)('bills the RFQ-scoped quote %s to the Write bucket', async (action, method, suffix, body) => {
    freezeClock();
    const { call, mock } = await harness({ seed: 3, rateLimit: 'basic', users: 1 });
    const peer = (mock.users[0] as MockUser).userId;
    const ticker = [...mock.exchange.markets.values()].find((m) => m.status === 'active')!.ticker;
    const desk = communications(mock.exchange);
    // The test user accepts as the RFQ's creator, and confirms or deletes as the quote's.
    const [creator, quoter] = action === 'accept' ? [TEST_USER_ID, peer] : [peer, TEST_USER_ID];
    const rfq = desk.createRfq(creator, { ticker, contracts: 100, restRemainder: false });
    const quote = desk.createQuote(quoter, { rfqId: rfq.id, yesBid: 400_000, noBid: 500_000, restRemainder: false });
    if (action === 'confirm') desk.acceptQuote(peer, quote.id, 'yes');
    for (let i = 0; i < 10; i++)
      expect((await call('POST', '/portfolio/events/orders', order(ticker, { count: '1' }))).status).toBe(201);
    expect((await call(method, `/communications/rfqs/${rfq.id}/quotes/${quote.id}${suffix}`, body)).status).toBe(429);
  });

  // account-tier.ts: the Advanced grant "does not lower a higher tier". A Premier account (§8.1: 1,000/s read and
  // write, write capacity 2 s) upgraded through the API is still reported and metered as Premier.
  it('a grant leaves a higher tier as it is: a Premier account stays Premier after the upgrade', async () => {
    const { call, mock } = await harness({ seed: 3, rateLimit: 'premier' });
    const market = [...mock.exchange.markets.values()].find((m) => m.status === 'active');
    if (!market) throw new Error('no active market in the dataset');
    expect((await call('POST', '/portfolio/events/orders', order(market.ticker))).status).toBe(201);
    expect((await call('POST', '/account/api_usage_level/upgrade')).status).toBe(201);
    expect((await call('GET', '/account/limits')).body).toMatchObject({
      usage_tier: 'premier',
      read: { refill_rate: 1000, bucket_capacity: 1000 },
      write: { refill_rate: 1000, bucket_capacity: 2000 },
    });
  });

  it("reports the trailing 30-day volume of the user's own fills", async () => {
    const h = await harness({ seed: 3 });
    const { call } = h;
    const before = (await call('GET', '/account/api_usage_level/volume_progress')).body.volume_progress[0];
    expect(before.trailing_30d_volume_fp).toBe('0.00');
    await takeThreeContracts(h);
    const after = (await call('GET', '/account/api_usage_level/volume_progress')).body.volume_progress[0];
    expect(after.trailing_30d_volume_fp).toBe('3.00');
    expect(after.goals.map((g: { level: string }) => g.level)).toEqual([
      'expert',
      'premier',
      'paragon',
      'prime',
      'prestige',
    ]);
  });

  it('leaves a fill out of the trailing 30-day volume once it is more than 30 days old on the exchange clock', async () => {
    const h = await harness({ seed: 3 });
    const { call, mock } = h;
    await takeThreeContracts(h);
    // Spec: `trailing_30d_volume_fp`. 31 days on, the fill is outside the window whichever way its edge is read.
    mock.exchange.advanceTime(31 * 86_400_000);
    const progress = (await call('GET', '/account/api_usage_level/volume_progress')).body.volume_progress[0];
    expect(progress.trailing_30d_volume_fp).toBe('0.00');
  });
});

/** Takes 3 contracts from the house's resting liquidity: a crossing buy at 0.99 fills at the best asks. */
async function takeThreeContracts({ call, mock }: Harness) {
  const market = [...mock.exchange.markets.values()].find((m) => m.status === 'active');
  if (!market) throw new Error('no active market in the dataset');
  const taken = await call('POST', '/portfolio/events/orders', {
    ...order(market.ticker),
    side: 'bid',
    price: '0.9900',
    count: '3.00',
    time_in_force: 'immediate_or_cancel',
  });
  expect(taken.body.fill_count).toBe('3.00');
}

/** A frozen clock and a Basic-tier mock: its `call`, its first market, and a 1-contract create there (its status). */
async function basicTier() {
  freezeClock();
  const { call, mock } = await harness({ rateLimit: 'basic' });
  const ticker = [...mock.exchange.markets.keys()][0] as string;
  const create = async () => (await call('POST', '/portfolio/events/orders', order(ticker, { count: '1' }))).status;
  return { call, ticker, create };
}
