// Outside attack 13 (tester C). C-D1: the look-up of a create whose answer was lost paged GET /portfolio/orders with no
// bound (a server answering fresh cursors held placeOrder forever; a market with 20,000 past orders cost hundreds of
// reads), and its "re-read for up to 2.5 s" (README, "Lost answers") counted only the waits between reads. C-D2: a
// read-back that failed was reported as "not shown by order reads within 2.5 s", as if the exchange had been read.
// Expectations from Kalshi's documented behaviour:
// - spec 3.31.0 GetOrders MinTsQuery: "Filter items after this Unix timestamp"; orders come newest first, 200 a page.
// - kalshi-api-notes §2.2: a request signed 60 s or more ahead of the exchange's clock is refused, so an order accepted
//   was created no earlier than its signed timestamp minus 60 s; §2.3: the refusal of a stale one is 401
//   `header_timestamp_expired`, with the exchange's `Date`.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  amendOrder,
  cancelOrder,
  cancelOrders,
  type KalshiClient,
  KalshiUnconfirmedWriteError,
  placeOrder,
  placeOrders,
} from '../../src';
import { json, observedClient, settle } from '../helpers';

const T0 = Date.UTC(2026, 11, 4, 12);
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'], now: T0 });
});
afterEach(() => {
  vi.useRealTimers();
});

const input = {
  ticker: 'T',
  action: 'buy' as const,
  side: 'yes' as const,
  count: 1,
  price: '0.40',
  retry: false as const,
};
const lost = () => json({ error: { code: 'internal_server_error', message: 'x' } }, 500);
const isLookUp = (request: Request) =>
  request.method === 'GET' && new URL(request.url).pathname.endsWith('/portfolio/orders');
const query = (request: Request) => new URL(request.url).searchParams;
const signedAt = (request: Request) => Number(request.headers.get('kalshi-access-timestamp'));

/** An order of ticker T created at `ms` on the exchange's clock. */
const orderAt = (ms: number, clientOrderId: string) => ({
  order_id: `id-${clientOrderId}`,
  client_order_id: clientOrderId,
  ticker: 'T',
  status: 'resting',
  fill_count_fp: '0.00',
  remaining_count_fp: '1.00',
  created_time: new Date(ms).toISOString(),
});

/** GET /portfolio/orders over `orders` as Kalshi pages it: min_ts (exclusive, s), newest first, `limit` a page. */
function ordersPage(orders: ReturnType<typeof orderAt>[], request: Request) {
  const q = query(request);
  const minTs = q.get('min_ts');
  const since = orders
    .filter((o) => minTs === null || Date.parse(o.created_time) > Number(minTs) * 1000)
    .sort((a, b) => Date.parse(b.created_time) - Date.parse(a.created_time));
  const from = Number(q.get('cursor') ?? 0);
  const to = from + Number(q.get('limit') ?? 100);
  return json({ orders: since.slice(from, to), cursor: to < since.length ? String(to) : '' });
}

/**
 * Every look-up asks only for orders created since the create (min_ts, whole Unix seconds), never past what an order
 * placed by the `accepted` attempt can have been created at: its signed time minus 60 s (notes §2.2).
 */
function expectSinceSigned(requests: Request[], accepted: Request) {
  const lookUps = requests.filter(isLookUp);
  expect(lookUps.length).toBeGreaterThan(0);
  for (const read of lookUps) {
    expect(query(read).get('min_ts')).toMatch(/^\d+$/);
    expect(Number(query(read).get('min_ts'))).toBeLessThanOrEqual(Math.floor(signedAt(accepted) / 1000) - 60);
  }
}

/** Settles `promise` on fake time, and the fake ms it took. */
async function timed<T>(promise: Promise<T>) {
  const start = Date.now();
  const outcome = await settle(promise).catch((error: unknown) => error);
  return { outcome, ms: Date.now() - start };
}

describe('C-D1: the look-up of a lost create is bounded', () => {
  // A market maker's day: 20,000 orders of ours in the market, all placed hours before this create.
  const history = Array.from({ length: 20_000 }, (_, i) => orderAt(T0 - 3 * 3_600_000 + i * 500, `old-${i}`));

  it('asks only for orders created since the create was signed (min_ts), so the past orders cost no reads', async () => {
    // The create never reached the exchange (a 500): no order of it exists.
    const { client, requests } = await observedClient((request) =>
      isLookUp(request) ? ordersPage(history, request) : lost(),
    );
    const { outcome } = await timed(client.placeOrder(input));
    expect(outcome).toBeInstanceOf(KalshiUnconfirmedWriteError);
    expect(outcome).toMatchObject({ applied: 'maybe' });
    expectSinceSigned(requests, requests.find((r) => r.method === 'POST')!);
    // Nothing created since: one page per look-up.
    expect(requests.filter(isLookUp).filter((read) => query(read).has('cursor'))).toEqual([]);
  });

  it('still finds the order the lost create placed, asking from its signed time', async () => {
    const orders = [...history];
    const { client, requests } = await observedClient((request) => {
      if (isLookUp(request)) return ordersPage(orders, request);
      orders.push(orderAt(Date.now(), 'mine'));
      return lost();
    });
    const { outcome } = await timed(client.placeOrder({ ...input, clientOrderId: 'mine' }));
    expect(outcome).toMatchObject({ order_id: 'id-mine', recovered: true });
    expectSinceSigned(requests, requests.find((r) => r.method === 'POST')!);
  });

  it('with a clock offset measured during the create (401 header_timestamp_expired), the order is still found', async () => {
    // This machine's clock is 10 minutes ahead of the exchange's: the first attempt is refused as stale, the second,
    // signed with the exchange's time, is accepted and places the order, and its answer is lost.
    const AHEAD_MS = 600_000;
    vi.setSystemTime(T0 + AHEAD_MS);
    const exchangeNow = () => Date.now() - AHEAD_MS;
    const orders = [...history];
    const { client, requests } = await observedClient((request) => {
      if (isLookUp(request)) return ordersPage(orders, request);
      if (Math.abs(signedAt(request) - exchangeNow()) >= 30_000)
        return json({ error: { code: 'header_timestamp_expired', message: 'header timestamp expired' } }, 401, {
          date: new Date(exchangeNow()).toUTCString(),
        });
      orders.push(orderAt(exchangeNow(), 'mine'));
      throw new TypeError('fetch failed'); // the connection dropped: the answer is lost
    });
    const { outcome } = await timed(client.placeOrder({ ...input, clientOrderId: 'mine' }));
    expect(outcome).toMatchObject({ order_id: 'id-mine', recovered: true });
    expectSinceSigned(requests, requests.filter((r) => r.method === 'POST').at(-1)!);
  });

  // Fresh cursors on empty pages; after 2,000 pages the run ends, so that a look-up without a bound fails here
  // instead of hanging the test.
  const endlessCursors = () => {
    let pages = 0;
    return (request: Request) =>
      isLookUp(request) ? json({ orders: [], cursor: ++pages < 2_000 ? `c${pages}` : '' }) : lost();
  };
  /** Pages read by each look-up (one starts with a page asked for without a cursor). */
  const pagesPerLookUp = (requests: Request[]) =>
    requests.filter(isLookUp).reduce<number[]>((runs, read) => {
      if (!query(read).has('cursor')) runs.push(0);
      runs[runs.length - 1]! += 1;
      return runs;
    }, []);

  it.each<[string, (client: KalshiClient) => Promise<unknown>]>([
    ['placeOrder', (client: KalshiClient) => placeOrder(client, input)],
    ['placeOrders', (client: KalshiClient) => placeOrders(client, [input], { retry: false }).then(([r]) => r)],
  ])(
    '%s: a server handing out fresh cursors forever: each look-up reads at most 10 pages, then unconfirmed',
    async (_name, call) => {
      const { client, requests } = await observedClient(endlessCursors());
      const { outcome } = await timed(call(client));
      const error = (outcome as { error?: unknown }).error ?? outcome;
      expect(error).toBeInstanceOf(KalshiUnconfirmedWriteError);
      expect(error).toMatchObject({ applied: 'maybe' });
      const runs = pagesPerLookUp(requests);
      expect(runs.length).toBeGreaterThan(0);
      expect(Math.max(...runs)).toBeLessThanOrEqual(10);
    },
  );

  it('the 2.5 s of re-reads count the reads: with reads taking 1 s, placeOrder ends within 2.5 s and one read', async () => {
    const { client } = await observedClient(async (request) => {
      if (!isLookUp(request)) return lost();
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      return json({ orders: [], cursor: '' });
    });
    const { outcome, ms } = await timed(client.placeOrder(input));
    expect(outcome).toBeInstanceOf(KalshiUnconfirmedWriteError);
    expect(ms).toBeLessThanOrEqual(2_500 + 1_000 + 50); // settle() moves fake time 50 ms a step
  });
});

describe('C-D2: a read-back that failed says so, not that the reads did not show the write', () => {
  // Every order read is refused (a key without read scope): nothing of the exchange's state was seen.
  const refusedReads = (request: Request) =>
    request.method === 'GET' ? json({ error: { code: 'forbidden', message: 'read scope missing' } }, 403) : lost();
  const order = { orderId: 'ord-1', retry: false as const };

  it.each<[string, (client: KalshiClient) => Promise<unknown>]>([
    ['placeOrder', (client: KalshiClient) => placeOrder(client, input)],
    ['placeOrders', (client: KalshiClient) => placeOrders(client, [input], { retry: false }).then(([r]) => r)],
    ['cancelOrder', (client: KalshiClient) => cancelOrder(client, order)],
    [
      'cancelOrders',
      (client: KalshiClient) => cancelOrders(client, { orderIds: ['ord-1'], retry: false }).then(([r]) => r),
    ],
    [
      'amendOrder',
      (client: KalshiClient) =>
        amendOrder(client, { ...order, ticker: 'T', action: 'buy', side: 'yes', price: '0.41', count: 1 }),
    ],
  ])('%s: maybe applied, the message naming the failed read, its error the cause', async (_name, call) => {
    const { client } = await observedClient(refusedReads);
    const { outcome } = await timed(call(client));
    const error = (outcome as { error?: unknown }).error ?? outcome;
    expect(error).toBeInstanceOf(KalshiUnconfirmedWriteError);
    expect(error).toMatchObject({ applied: 'maybe', cause: { name: 'KalshiPermissionDeniedError', status: 403 } });
    const { message } = error as Error;
    expect(message).not.toMatch(/not shown by order reads/);
    expect(message).toMatch(/reading it back failed \(KalshiPermissionDeniedError: .*read scope missing/);
  });
});
