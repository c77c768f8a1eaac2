import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { operations } from '../../src/generated/manifest';
import { operationObject, parametersOf, resolveRef, type SchemaObject } from '../../src/schema/spec';
import { escapePointer, validatorAt } from '../../src/schema/validate';
import { unwritten } from '../always-written';
import { isKalshiErrorBody } from '../fuzz/invariants';
import { type Harness, harness, order } from '../helpers';

const AREA = [
  'GetExchangeStatus',
  'GetExchangeSchedule',
  'GetSeriesFeeChanges',
  'GetMarketCandlesticks',
  'GetTrades',
  'GetMarketOrderbook',
  'GetMarketOrderbooks',
  'GetSeries',
  'GetSeriesList',
  'GetMarkets',
  'GetMarket',
  'BatchGetMarketCandlesticks',
  'GetMarketCandlesticksByEvent',
  'GetEvents',
  'GetMultivariateEvents',
  'GetEventFeeChanges',
  'GetEvent',
  'GetEventMetadata',
  'GetOrderGroups',
  'GetSubaccountBalances',
  'GetSubaccountTransfers',
  'GetSubaccountNetting',
  'GetRFQs',
  'GetQuotes',
  'GetApiKeys',
  'GetAccountApiLimits',
  'GetAccountEndpointCosts',
  'GetHistoricalCutoff',
  'GetTradesHistorical',
  'GetHistoricalMarkets',
  'GetTagsForSeriesCategories',
  'GetMultivariateEventCollections',
];

let h: Harness;
let tickers: string[];
let events: string[];
let series: string[];

beforeAll(async () => {
  h = await harness({ seed: 11, rateLimit: 'prime' });
  const { exchange } = h.mock;
  tickers = [...exchange.markets.keys()].slice(0, 8);
  events = [...exchange.events.keys()].slice(0, 5);
  series = [...exchange.series.keys()].slice(0, 5);
  const active = [...exchange.markets.values()].find((m) => m.status === 'active')!;
  // Some state to read: resting orders on both sides, a trade, a group, a subaccount and a transfer.
  await h.call('POST', '/portfolio/events/orders', order(active.ticker, { price: '0.4000', count: '3' }));
  await h.call('POST', '/portfolio/order_groups/create', { contracts_limit: 5 });
  await h.call('POST', '/portfolio/subaccounts', {});
});

const now = () => Math.floor(h.mock.exchange.now() / 1000);

function valueFor(name: string, schema: SchemaObject): fc.Arbitrary<string | undefined> {
  const s = resolveRef(schema);
  if (/^(market_)?tickers$/.test(name))
    return fc.subarray(tickers, { minLength: 1, maxLength: 3 }).map((t) => t.join(','));
  if (name === 'ticker' || name === 'market_ticker') return fc.constantFrom(...tickers);
  if (name === 'event_ticker') return fc.constantFrom(...events);
  if (name === 'series_ticker') return fc.constantFrom(...series);
  if (name === 'cursor') return fc.constant(undefined);
  if (Array.isArray(s.enum)) return fc.constantFrom(...s.enum.map(String));
  if (s.type === 'boolean') return fc.boolean().map(String);
  if (s.type === 'integer') {
    if (/_ts$|^ts$/.test(name)) return fc.integer({ min: -5 * 86_400, max: 86_400 }).map((d) => String(now() + d));
    const min = typeof s.minimum === 'number' ? s.minimum : 0;
    const max = typeof s.maximum === 'number' ? s.maximum : 63;
    return fc.integer({ min, max }).map(String);
  }
  if (s.type === 'array') return valueFor(name, s.items ?? {});
  return fc.constantFrom('a', 'KX');
}

function pointerFor(operationId: string, status: number): string | undefined {
  const op = operations[operationId as keyof typeof operations];
  const response = operationObject(op).responses?.[String(status)];
  if (!resolveRef(response)?.content?.['application/json']?.schema) return undefined;
  const ref = response.$ref as string | undefined;
  return ref
    ? `${ref}/content/application~1json/schema`
    : `#/paths/${escapePointer(op.path)}/${op.method}/responses/${status}/content/application~1json/schema`;
}

describe.each(AREA)('%s over generated parameters', (operationId) => {
  it('never answers 5xx; a 2xx matches the spec and a 4xx is a Kalshi error body', async () => {
    const op = operations[operationId as keyof typeof operations];
    const params = parametersOf(op);
    const pathParams = params.filter((p) => p.in === 'path');
    const query = params.filter((p) => p.in === 'query');
    const arb = fc.record<Record<string, string | undefined>>(
      Object.fromEntries<fc.Arbitrary<string | undefined>>([
        ...pathParams.map((p) => [`path:${p.name}`, valueFor(p.name, p.schema)] as const),
        ...query.map(
          (p) =>
            [
              `query:${p.name}`,
              p.required ? valueFor(p.name, p.schema) : fc.option(valueFor(p.name, p.schema), { nil: undefined }),
            ] as const,
        ),
      ]),
    );
    await fc.assert(
      fc.asyncProperty(arb, async (values) => {
        let path: string = op.path;
        const search = new URLSearchParams();
        for (const [key, value] of Object.entries(values)) {
          if (value === undefined) continue;
          const [where, name] = key.split(':') as [string, string];
          if (where === 'path') path = path.replace(`{${name}}`, encodeURIComponent(value));
          else if (name === 'tickers' && operationId === 'GetMarketOrderbooks')
            for (const t of value.split(',')) search.append(name, t);
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
        const pointer = pointerFor(operationId, status);
        if (!pointer) return;
        const validate = validatorAt(pointer);
        expect(validate(body), `${where}: ${JSON.stringify(validate.errors?.slice(0, 3))}`).toBe(true);
        expect(unwritten(resolveRef({ $ref: pointer }), body), where).toEqual([]);
      }),
      { seed: 29, numRuns: 60 },
    );
  });
});

// Order group writes are not reads, but their answers carry the same always-written field (spec OrderGroup,
// GetOrderGroupResponse, CreateOrderGroupResponse: `exchange_index`, x-omitempty false).
describe('order group answers', () => {
  it('carry every field Kalshi always writes, on create, read and list', async () => {
    const created = await h.call('POST', '/portfolio/order_groups/create', { contracts_limit: 2 });
    expect(created.status).toBe(201);
    expect(unwritten(resolveRef({ $ref: pointerFor('CreateOrderGroup', 201) }), created.body)).toEqual([]);
    const read = await h.call('GET', `/portfolio/order_groups/${created.body.order_group_id}`);
    expect(unwritten(resolveRef({ $ref: pointerFor('GetOrderGroup', 200) }), read.body)).toEqual([]);
    const list = await h.call('GET', '/portfolio/order_groups');
    expect(unwritten(resolveRef({ $ref: pointerFor('GetOrderGroups', 200) }), list.body)).toEqual([]);
  });
});
