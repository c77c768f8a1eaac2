import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TEST_USER_ID } from '../../src';
import { communications } from '../../src/exchange/rfqs';
import { type Harness, harness } from '../helpers';

// Walks real list endpoints page by page while rows arrive (newest first lists: ahead of the cursor) and leave (a
// status filter stops matching) between the pages. Every row that was listed at the start and never left must come
// back exactly once, and no row twice: what an offset cursor gets wrong as soon as the list shifts.
const T0 = Date.UTC(2026, 5, 11, 18);
const TICKER = 'KXWALK-26JUN11-T50';

/** One list under test: its path, where its rows and ids are, and how a row joins it or leaves it. */
interface ListCase {
  readonly name: string;
  readonly path: string;
  readonly field: string;
  readonly id: string;
  /** Lists one new row; returns its id. */
  insert(h: Harness, n: number): string;
  /** Makes a listed row stop matching the path's filter; absent where nothing can leave the list mid-walk. */
  remove?(h: Harness, id: string): void;
}

const take = (h: Harness) =>
  h.mock.exchange.createOrder(TEST_USER_ID, {
    ticker: TICKER,
    side: 'bid',
    price: 400_000,
    count: 100,
    timeInForce: 'immediate_or_cancel',
    selfTradePrevention: 'taker_at_cross',
  }).fills[0];

const cases: ListCase[] = [
  {
    name: 'trades',
    path: `/markets/trades?ticker=${TICKER}`,
    field: 'trades',
    id: 'trade_id',
    insert: (h) => take(h)?.tradeId ?? '',
  },
  {
    name: 'fills',
    path: `/portfolio/fills?ticker=${TICKER}`,
    field: 'fills',
    id: 'fill_id',
    insert: (h) => take(h)?.fillId ?? '',
  },
  {
    name: 'orders',
    path: '/portfolio/orders?status=resting',
    field: 'orders',
    id: 'order_id',
    insert: (h) =>
      h.mock.exchange.createOrder(TEST_USER_ID, {
        ticker: TICKER,
        side: 'bid',
        price: 10_000,
        count: 100,
        timeInForce: 'good_till_canceled',
        selfTradePrevention: 'taker_at_cross',
      }).order.orderId,
    remove: (h, id) => h.mock.exchange.cancelOrder(TEST_USER_ID, id),
  },
  {
    name: 'markets',
    path: '/markets?status=open&event_ticker=KXMW-26JUN11',
    field: 'markets',
    id: 'ticker',
    insert: (h, n) => h.mock.exchange.addMarket({ ticker: `KXMW-26JUN11-M${n}` }).ticker,
    remove: (h, ticker) => h.mock.exchange.setMarketStatus(ticker, 'closed'),
  },
  {
    name: 'events',
    path: '/events?status=open&series_ticker=KXEV',
    field: 'events',
    id: 'event_ticker',
    insert: (h, n) => h.mock.exchange.addMarket({ ticker: `KXEV-26J${n}-T1` }).eventTicker,
    remove: (h, eventTicker) => h.mock.exchange.setMarketStatus(`${eventTicker}-T1`, 'closed'),
  },
  {
    name: 'rfqs',
    path: '/communications/rfqs?status=open',
    field: 'rfqs',
    id: 'id',
    insert: (h) =>
      communications(h.mock.exchange).createRfq(TEST_USER_ID, { ticker: TICKER, contracts: 1000, restRemainder: false })
        .id,
    remove: (h, id) => communications(h.mock.exchange).deleteRfq(TEST_USER_ID, id),
  },
];

type Op = { readonly kind: 'insert' } | { readonly kind: 'remove'; readonly pick: number } | { readonly kind: 'tick' };
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.constant({ kind: 'insert' as const }),
  fc.record({ kind: fc.constant('remove' as const), pick: fc.nat() }),
  // A second on the clock, so rows differ in time as well as in arrival.
  fc.constant({ kind: 'tick' as const }),
);
interface Scenario {
  readonly initial: number;
  readonly limit: number;
  readonly between: readonly (readonly Op[])[];
}
const scenario: fc.Arbitrary<Scenario> = fc.record({
  initial: fc.integer({ min: 2, max: 9 }),
  limit: fc.integer({ min: 1, max: 4 }),
  between: fc.array(fc.array(op, { maxLength: 3 }), { maxLength: 10 }),
});

async function setup() {
  const h = await harness({ empty: true, now: T0, seed: 5 });
  h.mock.exchange.addMarket({ ticker: TICKER });
  h.mock.exchange.createOrder('bob', {
    ticker: TICKER,
    side: 'ask',
    price: 400_000,
    count: 1_000_000,
    timeInForce: 'good_till_canceled',
    selfTradePrevention: 'maker',
  });
  return h;
}

async function walk(list: ListCase, { initial, limit, between }: Scenario) {
  const h = await setup();
  try {
    let inserted = 0;
    const live: string[] = [];
    for (let i = 0; i < initial; i++) live.push(list.insert(h, inserted++));
    const startIds = (await h.call('GET', `${list.path}&limit=100`)).body[list.field].map(
      (row: Record<string, string>) => row[list.id],
    );
    expect([...startIds].sort()).toEqual([...live].sort());

    const removed = new Set<string>();
    const seen: string[] = [];
    let cursor = '';
    let pageNo = 0;
    do {
      const res = await h.call('GET', `${list.path}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status).toBe(200);
      seen.push(...res.body[list.field].map((row: Record<string, string>) => row[list.id]));
      cursor = res.body.cursor;
      for (const o of between[pageNo] ?? []) {
        if (o.kind === 'insert') live.push(list.insert(h, inserted++));
        else if (o.kind === 'tick') h.mock.exchange.advanceTime(1000);
        else if (list.remove && live.length > 0) {
          const [gone] = live.splice(o.pick % live.length, 1);
          list.remove(h, gone as string);
          removed.add(gone as string);
        }
      }
      pageNo++;
      // A cursor that never moves on would page forever: fail instead of hanging the suite.
      expect(pageNo, 'paging never ended').toBeLessThan(1000);
    } while (cursor !== '');

    expect(new Set(seen).size, `a row repeated: ${seen}`).toBe(seen.length);
    for (const id of startIds) if (!removed.has(id)) expect(seen, `row ${id} skipped`).toContain(id);
  } finally {
    h.mock.dispose();
  }
}

describe('cursors over lists that change while a client pages', () => {
  it.each(cases)('$name: every row present throughout is listed exactly once', async (list) => {
    await fc.assert(
      fc.asyncProperty(scenario, (s) => walk(list, s)),
      { numRuns: 25, seed: 20_261_202 },
    );
  });

  it('a fills cursor reused on orders, or an old offset cursor, restarts at page 1 (never a 5xx)', async () => {
    const h = await setup();
    for (let i = 0; i < 3; i++) take(h);
    const fills = await h.call('GET', '/portfolio/fills?limit=1');
    const orders = await h.call('GET', '/portfolio/orders?limit=2');
    for (const cursor of [fills.body.cursor, Buffer.from('offset:1').toString('base64url')]) {
      const reused = await h.call('GET', `/portfolio/orders?limit=2&cursor=${cursor}`);
      expect(reused.status).toBe(200);
      expect(reused.body.orders).toEqual(orders.body.orders);
    }
    h.mock.dispose();
  });
});
