import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_USER_ID } from '../../src';
import { communications } from '../../src/exchange/rfqs';
import { createSubaccount, transfer } from '../../src/exchange/subaccounts';
import type { OperationInfo } from '../../src/generated/manifest';
import { allOperations, parametersOf, resolveRef, successResponse } from '../../src/schema/spec';
import { specMismatch } from '../fuzz/responses';
import { type Harness, harness } from '../helpers';

// Every list operation of the spec (3.31.0) that takes a `cursor`, found from the spec rather than listed by hand:
// walked page by page with each small page size, it lists exactly what one big page lists, in the same order, with no
// row twice (notes §6.2: an opaque cursor, "" or none at the end); every page is the body the spec declares. The
// exchange holds a history first (fills, settlements, historical rows, RFQs, quotes, transfers) so that the lists
// are not empty.
const PEER = '2c9d8e7f-6a5b-4c3d-8e1f-0a9b8c7d6e5f';
const DAY = 86_400_000;

async function populated(): Promise<Harness> {
  const h = await harness({ seed: 7, now: Date.UTC(2026, 5, 1) });
  const exchange = h.mock.exchange;
  exchange.account(PEER);
  const active = [...exchange.markets.values()].filter((m) => m.status === 'active').map((m) => m.ticker);
  const tickers = active.slice(0, 4);
  for (const [i, ticker] of tickers.entries()) {
    for (let n = 0; n < 3; n++) {
      exchange.createOrder(PEER, {
        ticker,
        side: 'ask',
        price: 600_000,
        count: 100,
        timeInForce: 'good_till_canceled',
        selfTradePrevention: 'maker',
      });
      exchange.createOrder(TEST_USER_ID, {
        ticker,
        side: 'bid',
        price: 600_000,
        count: 100 + 100 * n,
        timeInForce: 'immediate_or_cancel',
        selfTradePrevention: 'taker_at_cross',
      });
      exchange.createOrder(TEST_USER_ID, {
        ticker,
        side: 'bid',
        price: 100_000 + 10_000 * n,
        count: 100,
        timeInForce: 'good_till_canceled',
        selfTradePrevention: 'taker_at_cross',
      });
      exchange.advanceTime(1000);
    }
    // The first two settle, and then fall behind the live window (the historical lists).
    if (i < 2) exchange.settleMarket(ticker, i === 0 ? 'yes' : 'no');
  }
  exchange.advanceTime(100 * DAY);
  const fresh = [1, 2, 3, 4].map(
    (n) => exchange.addMarket({ ticker: `KXLIST-26DEC31-T${n}`, closeTime: exchange.now() + 30 * DAY }).ticker,
  );
  for (const ticker of fresh) {
    exchange.createOrder(PEER, {
      ticker,
      side: 'ask',
      price: 500_000,
      count: 300,
      timeInForce: 'good_till_canceled',
      selfTradePrevention: 'maker',
    });
    for (let n = 0; n < 3; n++) {
      exchange.createOrder(TEST_USER_ID, {
        ticker,
        side: 'bid',
        price: 500_000,
        count: 100,
        timeInForce: 'immediate_or_cancel',
        selfTradePrevention: 'taker_at_cross',
      });
      exchange.advanceTime(1000);
    }
  }
  const desk = communications(exchange);
  for (const ticker of fresh) {
    const rfq = desk.createRfq(TEST_USER_ID, { ticker, contracts: 100, restRemainder: false });
    desk.createQuote(PEER, { rfqId: rfq.id, yesBid: 400_000, noBid: 500_000, restRemainder: false });
    desk.proposeBlockTrade(TEST_USER_ID, {
      buyerUserId: TEST_USER_ID,
      sellerUserId: PEER,
      ticker,
      price: 500_000,
      count: 100,
      makerSide: 'yes',
      expirationTime: exchange.now() + DAY,
    });
    exchange.advanceTime(1000);
  }
  createSubaccount(exchange, TEST_USER_ID);
  for (let n = 1; n <= 3; n++) transfer(exchange, TEST_USER_ID, { from: 0, to: 1, amountCents: n });
  for (const ticker of fresh.slice(2)) {
    exchange.settleMarket(ticker, 'no');
    exchange.advanceTime(1000);
  }
  return h;
}

/** Lists no history above fills: multivariate events, fee changes, deposits and withdrawals. */
const LEFT_EMPTY = new Set(['GetMultivariateEvents', 'GetEventFeeChanges', 'GetDeposits', 'GetWithdrawals']);

/** A list operation: the name of its page-size parameter and the array properties of its 2xx body. */
function listShape(op: OperationInfo) {
  const query = parametersOf(op).filter((p) => p.in === 'query');
  if (op.method !== 'get' || !query.some((p) => p.name === 'cursor')) return undefined;
  const size = query.find((p) => p.name === 'limit' || p.name === 'page_size');
  const schema = resolveRef(successResponse(op).schema);
  const arrays = Object.entries(schema?.properties ?? {})
    .filter(([, property]) => resolveRef(property).type === 'array')
    .map(([name]) => name);
  const cursorField = Object.keys(schema?.properties ?? {}).find((name) => /cursor/.test(name));
  const max = size ? (resolveRef(size.schema ?? {}).maximum as number | undefined) : undefined;
  const required = query.filter((p) => p.required && p !== size);
  return { size: size?.name, max: Math.min(max ?? 1000, 1000), arrays, cursorField, required };
}

const lists = allOperations
  .map((op) => ({ op, shape: listShape(op) }))
  .filter((l): l is { op: OperationInfo; shape: NonNullable<ReturnType<typeof listShape>> } => l.shape !== undefined)
  // GetPositions and GetHistoricalPositions page two arrays at once (portfolio-walks.test.ts walks them).
  .filter(({ shape }) => shape.arrays.length === 1);

describe('every list of the spec, walked page by page', () => {
  // Reads change nothing (no rateLimit: nothing is metered), so every list reads one history.
  let h: Harness;
  beforeAll(async () => {
    h = await populated();
  });
  afterAll(() => h.mock.dispose());

  it('has lists to walk', () => {
    expect(lists.length).toBeGreaterThan(15);
  });

  it.each(lists.map((l) => [l.op.operationId, l] as const))(
    '%s: small pages list exactly what one big page lists',
    { timeout: 60_000 },
    async (_name, { op, shape }) => {
      {
        const required = shape.required.map((p) => `${p.name}=x`);
        const path = (extra: string[]) => `${op.path}?${[...required, ...extra].join('&')}`;
        const [field] = shape.arrays as [string];
        const cursorOf = (body: Record<string, unknown>) => (shape.cursorField ? body[shape.cursorField] : undefined);
        const all = await h.call('GET', path(shape.size ? [`${shape.size}=${shape.max}`] : []));
        if (all.status === 403) return; // FCM-only lists (notes §2.3)
        expect(all.status, JSON.stringify(all.body)).toBe(200);
        expect(specMismatch(op.operationId, 200, all.body)).toBeUndefined();
        const rows = (all.body[field] as unknown[]).map((row) => JSON.stringify(row));
        // The last page, one rule for every list (round 46, K4): its cursor "" (notes §6.1, recorded on GetMarkets:
        // "last page has `"cursor":""` (present, empty)"), but where the spec says the cursor is then left out
        // (GetIntraExchangeInstanceTransfersResponse: "Omitted when there are no further pages"); §6.2 allows both.
        if (shape.cursorField) {
          const described = resolveRef(resolveRef(successResponse(op).schema).properties?.[shape.cursorField] ?? {});
          const omitted = /\bomitted\b/i.test(described.description ?? '');
          expect(Object.hasOwn(all.body, shape.cursorField), 'the last page holds a cursor').toBe(!omitted);
        }
        expect(cursorOf(all.body) ?? '', 'one page holds everything').toBe('');
        // Rows to walk: the history above makes at least two in each list but those the mock leaves empty.
        if (!LEFT_EMPTY.has(op.operationId)) expect(rows.length, 'rows to walk').toBeGreaterThan(1);
        if (!shape.size) return;
        // Small pages on short lists; a long one (the markets) in pages that still cut it many times.
        for (const size of rows.length > 20 ? [7, 13] : [1, 2, 3]) {
          const seen: string[] = [];
          let cursor = '';
          for (let pageNo = 0; ; pageNo++) {
            expect(pageNo, `${size}: paging never ended`).toBeLessThan(rows.length + 2);
            const res = await h.call(
              'GET',
              path([`${shape.size}=${size}`, ...(cursor ? [`cursor=${encodeURIComponent(cursor)}`] : [])]),
            );
            expect(res.status, JSON.stringify(res.body)).toBe(200);
            expect(specMismatch(op.operationId, 200, res.body)).toBeUndefined();
            const page = res.body[field] as unknown[];
            expect(page.length).toBeLessThanOrEqual(size);
            seen.push(...page.map((row) => JSON.stringify(row)));
            cursor = (cursorOf(res.body) as string | undefined) ?? '';
            if (!cursor) break;
          }
          expect(seen, `${op.operationId} in pages of ${size}`).toEqual(rows);
        }
      }
    },
  );
});
