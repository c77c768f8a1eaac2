// Outside attack 13 (tester C). C-D1: the look-up of a create whose answer was lost paged GET /portfolio/orders with no
// bound (a server answering fresh cursors held placeOrder forever; a market with 20,000 past orders cost hundreds of
// reads), and its "re-read for up to 2.5 s" (README, "Lost answers") counted only the waits between reads. C-D2: a
// read-back that failed was reported as "not shown by order reads within 2.5 s", as if the exchange had been read.
// Expectations from Kalshi's documented behaviour: GetOrders lists newest first, at most 200 a page (spec 3.31.0
// LimitQuery; notes §6.2), honouring min_ts ("Filter items after this Unix timestamp") on the exchange's clock.
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
import { json, observedClient, settle, useFakeClock } from '../helpers';

const T0 = Date.UTC(2026, 11, 4, 12);
beforeEach(() => {
  useFakeClock(T0);
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
/** `input` as an order of placeOrders, which takes call options as its third argument only (one request). */
const { retry: _perCall, ...batchItem } = input;
const lost = () => json({ error: { code: 'internal_server_error', message: 'x' } }, 500);
const isLookUp = (request: Request) =>
  request.method === 'GET' && new URL(request.url).pathname.endsWith('/portfolio/orders');
const query = (request: Request) => new URL(request.url).searchParams;

/** An order of ticker T created at `ms` on the exchange's clock. */
const orderAt = (ms: number, clientOrderId: string) => ({
  order_id: `id-${clientOrderId}`,
  client_order_id: clientOrderId,
  ticker: 'T',
  status: 'resting',
  book_side: 'bid',
  yes_price_dollars: '0.4000',
  initial_count_fp: '1.00',
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

/** Settles `promise` on fake time, and the fake ms it took. */
async function timed<T>(promise: Promise<T>) {
  const start = Date.now();
  const outcome = await settle(promise).catch((error: unknown) => error);
  return { outcome, ms: Date.now() - start };
}

describe('C-D1: the look-up of a lost create is bounded', () => {
  /** Pages read by each look-up (one starts with a page asked for without a cursor). */
  const pagesPerLookUp = (requests: Request[]) =>
    requests.filter(isLookUp).reduce<number[]>((runs, read) => {
      if (!query(read).has('cursor')) runs.push(0);
      runs[runs.length - 1]! += 1;
      return runs;
    }, []);

  // A market maker's day: 20,000 orders of ours in the market, all placed hours before this create.
  const history = Array.from({ length: 20_000 }, (_, i) => orderAt(T0 - 3 * 3_600_000 + i * 500, `old-${i}`));

  it('a create that never reached the exchange, among 20,000 past orders: each look-up reads at most 10 pages', async () => {
    const { client, requests } = await observedClient((request) =>
      isLookUp(request) ? ordersPage(history, request) : lost(),
    );
    const { outcome, ms } = await timed(client.placeOrder(input));
    expect(outcome).toBeInstanceOf(KalshiUnconfirmedWriteError);
    expect(outcome).toMatchObject({ applied: 'maybe' });
    const runs = pagesPerLookUp(requests);
    expect(runs.length).toBeGreaterThan(0);
    expect(Math.max(...runs)).toBeLessThanOrEqual(10);
    expect(ms).toBeLessThanOrEqual(2_500 + 50); // reads answer at once here; settle() moves fake time 50 ms a step
  });

  it('finds the order the lost create placed, however far the exchange clock is from ours', async () => {
    // A mock whose exchange clock was set a month back stamps orders then (its Date header and the signature window
    // follow the machine's); Kalshi's own clock may differ from ours by up to its signing window (notes §2.2).
    const BEHIND_MS = 30 * 86_400_000;
    const orders = history.map((o) => ({
      ...o,
      created_time: new Date(Date.parse(o.created_time) - BEHIND_MS).toISOString(),
    }));
    const { client } = await observedClient((request) => {
      if (isLookUp(request)) return ordersPage(orders, request);
      orders.push(orderAt(Date.now() - BEHIND_MS, 'mine'));
      return lost();
    });
    const { outcome } = await timed(client.placeOrder({ ...input, clientOrderId: 'mine' }));
    expect(outcome).toMatchObject({ order_id: 'id-mine', recovered: true });
  });

  // Fresh cursors on empty pages; after 2,000 pages the run ends, so that a look-up without a bound fails here
  // instead of hanging the test.
  const endlessCursors = () => {
    let pages = 0;
    return (request: Request) =>
      isLookUp(request) ? json({ orders: [], cursor: ++pages < 2_000 ? `c${pages}` : '' }) : lost();
  };
  it.each<[string, (client: KalshiClient) => Promise<unknown>]>([
    ['placeOrder', (client: KalshiClient) => placeOrder(client, input)],
    ['placeOrders', (client: KalshiClient) => placeOrders(client, [batchItem], { retry: false }).then(([r]) => r)],
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
      // Each read takes 1 s: the fake clocks (Date and performance) are moved on by it, nothing waits.
      vi.advanceTimersByTime(1_000);
      return json({ orders: [], cursor: '' });
    });
    const { outcome, ms } = await timed(client.placeOrder(input));
    expect(outcome).toBeInstanceOf(KalshiUnconfirmedWriteError);
    expect(ms).toBeLessThanOrEqual(2_500 + 1_000 + 50); // settle() moves fake time 50 ms a step
  });
});

describe('the 2.5 s of re-reads after a lost answer', () => {
  const restingFor = (ms: number) => {
    let first: number | undefined;
    return (request: Request) => {
      if (request.method !== 'GET') return lost();
      first ??= Date.now();
      const status = Date.now() - first < ms ? 'resting' : 'canceled';
      return json({ order: { ...orderAt(T0, 'c-1'), order_id: 'ord-1', status } });
    };
  };

  // README: "they re-read for up to 2.5 s before concluding anything"; notes §5.11: reads lag writes.
  it('a lost cancel whose order reads canceled only 1.5 s later is recovered', async () => {
    const { client } = await observedClient(restingFor(1_500));
    const { outcome } = await timed(cancelOrder(client, { orderId: 'ord-1', retry: false }));
    expect(outcome).toMatchObject({ order_id: 'ord-1', recovered: true, order: { status: 'canceled' } });
  });

  // read-back.ts readUntil doc: the time is "never counted as less than the waits (a clock stepped back cannot
  // prolong it)"; the notes are silent on clocks.
  it('a clock that stands still cannot hold the re-reads past 2.5 s of waits', async () => {
    const { client } = await observedClient(restingFor(Number.POSITIVE_INFINITY));
    vi.spyOn(Date, 'now').mockReturnValue(T0);
    try {
      let outcome: unknown = 'pending';
      cancelOrder(client, { orderId: 'ord-1', retry: false }).then(
        (value) => {
          outcome = value;
        },
        (error: unknown) => {
          outcome = error;
        },
      );
      await vi.advanceTimersByTimeAsync(3_000);
      expect(outcome).toBeInstanceOf(KalshiUnconfirmedWriteError);
      expect(outcome).toMatchObject({ applied: 'maybe', orderId: 'ord-1' });
    } finally {
      vi.restoreAllMocks();
    }
  });
});

// read-back.ts findByClientOrderIds doc: "newest first … Stops paging a market once every id asked for there is
// found"; notes §5.6 make a client_order_id unique per account, so a listing showing one twice is a server's glitch.
describe('the look-up of lost creates, a client_order_id listed twice', () => {
  it('takes the newest and pages on for the other ids', async () => {
    const listing = [
      orderAt(T0 - 1_000, 'c-1'),
      { ...orderAt(T0 - 2_000, 'c-1'), order_id: 'id-c-1-older' },
      ...Array.from({ length: 198 }, (_, i) => orderAt(T0 - 3_000 - i, `other-${i}`)),
      orderAt(T0 - 10_000, 'c-2'),
    ];
    const { client } = await observedClient((request) => (isLookUp(request) ? ordersPage(listing, request) : lost()));
    const results = await settle(
      placeOrders(
        client,
        [
          { ...batchItem, clientOrderId: 'c-1' },
          { ...batchItem, clientOrderId: 'c-2' },
        ],
        { retry: false },
      ),
    );
    expect(results).toMatchObject([
      { ok: true, order: { order_id: 'id-c-1', recovered: true } },
      { ok: true, order: { order_id: 'id-c-2', recovered: true } },
    ]);
  });
});

describe('C-D2: a read-back that failed says so, not that the reads did not show the write', () => {
  // Every order read is refused (a key without read scope): nothing of the exchange's state was seen.
  const refusedReads = (request: Request) =>
    request.method === 'GET' ? json({ error: { code: 'forbidden', message: 'read scope missing' } }, 403) : lost();
  const order = { orderId: 'ord-1', retry: false as const };

  it.each<[string, (client: KalshiClient) => Promise<unknown>]>([
    ['placeOrder', (client: KalshiClient) => placeOrder(client, input)],
    ['placeOrders', (client: KalshiClient) => placeOrders(client, [batchItem], { retry: false }).then(([r]) => r)],
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
