import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { milestones, structuredTargets } from '../../src/exchange/catalog';
import { operations } from '../../src/generated/manifest';
import { operationObject, parametersOf, resolveRef, type SchemaObject } from '../../src/schema/spec';
import { escapePointer, validatorAt } from '../../src/schema/validate';
import { unwritten, zeroWritten } from '../always-written';
import { isKalshiErrorBody } from '../fuzz/invariants';
import { type Harness, harness, order } from '../helpers';

// Every GET of the spec, on a seeded exchange with some state (orders, a trade, a settled and archived market, a
// subaccount, an RFQ with a quote), over generated query parameters and path values that name things the exchange
// holds: never a 5xx; a 4xx in one of Kalshi's error shapes (notes §3.1); a 2xx valid against the spec's schema,
// with every `x-omitempty: false` field written and no zero value Kalshi's omitempty encoder leaves out.

/**
 * Operations whose answers still write zero values Kalshi's encoder omits (zeroWritten): an empty `cursor` on the
 * last page of RFQs, quotes, block trade proposals and collections, `order_groups: []`. Outside market data; left for
 * their owners (tester T, round 35, reported).
 */
const WRITES_ZEROS = new Set([
  'GetRFQs',
  'GetQuotes',
  'GetBlockTradeProposals',
  'GetMultivariateEventCollections',
  'GetOrderGroups',
]);

const GETS = Object.values(operations).filter((op) => op.method === 'get');
const DAY = 86_400_000;
const ARCHIVED = 'KXOLD-25JAN01-T1';

let h: Harness;
/** Things the exchange holds, by the name of the parameter that names them. */
const known: Record<string, string[]> = {};

beforeAll(async () => {
  // A fixed clock: nothing moves while the properties run.
  h = await harness({ seed: 13, rateLimit: 'prime', now: Date.UTC(2026, 11, 6, 12, 0, 30) });
  const { exchange } = h.mock;
  const now = exchange.now();
  exchange.addMarket({
    ticker: ARCHIVED,
    status: 'finalized',
    result: 'yes',
    openTime: now - 200 * DAY,
    closeTime: now - 120 * DAY,
    settledTime: now - 110 * DAY,
  });
  const active = [...exchange.markets.values()].filter((m) => m.status === 'active').slice(0, 4);
  const [first] = active;
  // A trade (the user's bid taken by a maker's ask), a resting order, an order group, a subaccount, an RFQ.
  exchange.createOrder('00000000-0000-4000-8000-0000000000d1', {
    ticker: first!.ticker,
    side: 'ask',
    price: 450_000,
    count: 100,
    timeInForce: 'good_till_canceled',
    selfTradePrevention: 'maker',
  });
  const taken = await h.call('POST', '/portfolio/events/orders', order(first!.ticker, { price: '0.4500' }));
  const resting = await h.call('POST', '/portfolio/events/orders', order(first!.ticker, { price: '0.0300' }));
  const group = await h.call('POST', '/portfolio/order_groups/create', { contracts_limit: 5 });
  await h.call('POST', '/portfolio/subaccounts', {});
  const rfq = await h.call('POST', '/communications/rfqs', {
    market_ticker: first!.ticker,
    contracts_fp: '1.00',
    rest_remainder: false,
  });
  const ms = milestones(exchange);
  known.market = active.map((m) => m.ticker);
  known.order_id = [taken.body.order_id, resting.body.order_id];
  known.order_group_id = [group.body.order_group_id];
  known.rfq_id = [rfq.body.id];
  known.milestone_id = ms.slice(0, 3).map((m) => m.id);
  known.type = ms.slice(0, 1).map((m) => m.sport.milestoneType);
  known.milestone_event = ms.slice(0, 1).map((m) => m.event.eventTicker);
  known.structured_target_id = structuredTargets(exchange)
    .slice(0, 3)
    .map((t) => t.id);
  known.collection_ticker = (await h.call('GET', '/multivariate_event_collections')).body.multivariate_contracts.map(
    (c: { collection_ticker: string }) => c.collection_ticker,
  );
  for (const [name, values] of Object.entries(known)) expect(values.length, name).toBeGreaterThan(0);
  // Two hours on: the trade is history that candle ranges (hours around the clock) start before and after.
  exchange.advanceTime(2 * 3600_000);
});

const nowSeconds = () => Math.floor(h.mock.exchange.now() / 1000);
const eventOf = (ticker: string) => h.mock.exchange.markets.get(ticker)!.eventTicker;
const seriesOf = (ticker: string) => h.mock.exchange.events.get(eventOf(ticker))!.seriesTicker;

/** A value for a query parameter: valid for its schema and, for names and ids, one the exchange holds. */
function queryValue(name: string, schema: SchemaObject): fc.Arbitrary<string> | undefined {
  const s = resolveRef(schema);
  const markets = known.market as string[];
  if (/^(market_)?tickers$/.test(name))
    return fc.subarray(markets, { minLength: 1, maxLength: 3 }).map((t) => t.join(','));
  if (name === 'ticker' || name === 'market_ticker') return fc.constantFrom(...markets, ARCHIVED);
  if (name === 'event_ticker' || name === 'related_event_ticker') return fc.constantFrom(...markets.map(eventOf));
  if (name === 'series_ticker') return fc.constantFrom(...markets.map(seriesOf));
  if (name === 'milestone_ids' || name === 'ids')
    return fc
      .subarray(name === 'ids' ? (known.structured_target_id as string[]) : (known.milestone_id as string[]), {
        minLength: 1,
      })
      .map((v) => v.join(','));
  if (name === 'order_id' || name === 'rfq_id' || name === 'collection_ticker')
    return fc.constantFrom(...(known[name] as string[]));
  if (name === 'subaccount') return fc.constantFrom('0', '1');
  // BatchGetMarketCandlesticks leaves it open (minimum 1); the others' enum and its description allow these.
  if (name === 'period_interval' && !Array.isArray(s.enum)) return fc.constantFrom('1', '60', '1440');
  if (name === 'count_filter') return fc.constantFrom('position', 'total_traded', 'position,total_traded');
  if (name === 'percentiles')
    return fc.uniqueArray(fc.integer({ min: 0, max: 9999 }), { minLength: 1, maxLength: 3 }).map(String);
  if (Array.isArray(s.enum)) return fc.constantFrom(...s.enum.filter((v: unknown) => v !== null).map(String));
  if (s.type === 'boolean') return fc.boolean().map(String);
  if (s.format === 'date-time')
    return fc.integer({ min: -5, max: 5 }).map((d) => new Date(h.mock.exchange.now() + d * DAY).toISOString());
  if (s.type === 'integer') {
    if (/_ts$|^ts$/.test(name))
      // Hours, not days: minute candles over days are slow to build and show nothing more.
      return fc.integer({ min: -6 * 3600, max: 3600 }).map((d) => String(nowSeconds() + d));
    const min = typeof s.minimum === 'number' ? s.minimum : 0;
    const max = typeof s.maximum === 'number' ? s.maximum : 100;
    return fc.integer({ min, max }).map(String);
  }
  return undefined;
}

/** Path values that name one thing of the exchange, consistent with each other (a market's event and series). */
function pathValues(path: string, market: string): Record<string, string> {
  const pick = (name: string) => (known[name] as string[])[0] as string;
  return {
    ticker: path.startsWith('/historical/markets/')
      ? ARCHIVED
      : path.includes('/events/{ticker}')
        ? eventOf(market)
        : market,
    series_ticker: seriesOf(market),
    event_ticker: path.startsWith('/live_data/') ? pick('milestone_event') : eventOf(market),
    order_id: pick('order_id'),
    order_group_id: pick('order_group_id'),
    rfq_id: pick('rfq_id'),
    milestone_id: pick('milestone_id'),
    type: pick('type'),
    structured_target_id: pick('structured_target_id'),
    collection_ticker: pick('collection_ticker'),
    city: 'nyc',
  };
}

function pointerFor(op: (typeof GETS)[number], status: number): string | undefined {
  const response = operationObject(op).responses?.[String(status)];
  if (!resolveRef(response)?.content?.['application/json']?.schema) return undefined;
  const ref = response.$ref as string | undefined;
  return ref
    ? `${ref}/content/application~1json/schema`
    : `#/paths/${escapePointer(op.path)}/${op.method}/responses/${status}/content/application~1json/schema`;
}

/**
 * Every candle of a candlestick answer (the include_latest_before_start one too) ends on a multiple of its period,
 * "on or after" start_ts and "on or before" end_ts (spec start_ts / end_ts), and not after the period holding the
 * exchange clock.
 */
function expectCandlesInRange(body: Record<string, unknown>, query: Record<string, string | undefined>, where: string) {
  const lists = [
    ...((body.candlesticks as unknown[] | undefined) ? [body.candlesticks] : []),
    ...((body.markets as { candlesticks: unknown[] }[] | undefined) ?? []).map((m) => m.candlesticks),
    ...((body.market_candlesticks as unknown[][] | undefined) ?? []),
  ] as { end_period_ts: number }[][];
  const period = Number(query.period_interval) * 60;
  const present = Math.ceil(h.mock.exchange.now() / 1000 / period) * period;
  for (const candle of lists.flat()) {
    expect(candle.end_period_ts % period, where).toBe(0);
    expect(candle.end_period_ts, where).toBeGreaterThanOrEqual(Number(query.start_ts));
    expect(candle.end_period_ts, where).toBeLessThanOrEqual(Math.min(Number(query.end_ts), present));
  }
}

describe.each(GETS)('$operationId (GET $path) on a seeded exchange', (op) => {
  it('never answers 5xx; a 2xx matches the spec exactly, a 4xx is a Kalshi error body', async () => {
    const query = parametersOf(op).filter((p) => p.in === 'query' && p.name !== 'cursor');
    const arb = fc.record({
      market: fc.constantFrom(...(known.market as string[])),
      query: fc.record(
        Object.fromEntries(
          query.flatMap((p) => {
            const value = queryValue(p.name, p.schema);
            if (!value) return p.required ? [[p.name, fc.constant('a')]] : [];
            // Optional ones one time in four: many of them exclude each other (GetMarkets' timestamp filters).
            // Flags (include_latest_before_start, with_nested_markets…) half the time: they exclude nothing.
            const boolean = resolveRef(p.schema).type === 'boolean';
            const optional = fc.oneof(
              { arbitrary: fc.constant(undefined), weight: boolean ? 1 : 3 },
              { arbitrary: value, weight: 1 },
            );
            return [[p.name, p.required ? value : optional]];
          }),
        ) as Record<string, fc.Arbitrary<string | undefined>>,
      ),
    });
    await fc.assert(
      fc.asyncProperty(arb, async ({ market, query: values }) => {
        let path: string = op.path;
        for (const [name, value] of Object.entries(pathValues(op.path, market)))
          path = path.replace(`{${name}}`, encodeURIComponent(value));
        const search = new URLSearchParams();
        for (const [name, value] of Object.entries(values)) {
          if (value === undefined) continue;
          // Array parameters repeat (`?ids=a&ids=b`, spec GetStructuredTargets; `tickers` of GetMarketOrderbooks).
          const schema = resolveRef(query.find((p) => p.name === name)?.schema ?? {});
          if (schema.type === 'array') for (const v of value.split(',')) search.append(name, v);
          else search.set(name, value);
        }
        const url = search.size ? `${path}?${search}` : path;
        const { status, body } = await h.call('GET', url);
        const where = `GET ${url} → ${status} ${JSON.stringify(body).slice(0, 400)}`;
        expect(status, where).toBeLessThan(500);
        if (status >= 400) {
          expect(isKalshiErrorBody(body), where).toBe(true);
          return;
        }
        const pointer = pointerFor(op, status);
        if (!pointer) return;
        const validate = validatorAt(pointer);
        expect(validate(body), `${where}: ${JSON.stringify(validate.errors?.slice(0, 3))}`).toBe(true);
        const schema = resolveRef({ $ref: pointer });
        expect(unwritten(schema, body), where).toEqual([]);
        if (!WRITES_ZEROS.has(op.operationId)) expect(zeroWritten(schema, body), where).toEqual([]);
        if (/candlesticks$/i.test(op.path)) expectCandlesInRange(body, values, where);
      }),
      { seed: 35, numRuns: 40 },
    );
  });
});
