import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { generate } from '../../src';
import { KALSHI_SPEC, typeErrors } from '../helpers';

// The generated types are compiled with a consumer that states what they must be. Each `@ts-expect-error`
// must meet a real error (TypeScript reports an unused one), so wrong fields are proven to be rejected.
const CONSUMER = `
import { expectTypeOf } from 'vitest';
import type { components, FixedPointCount, FixedPointDollars, operations, paths } from './openapi';

type Json<T> = T extends { content: { 'application/json': infer B } } ? B : never;

// Orders (V2)
type CreateOrderBody = Json<NonNullable<paths['/portfolio/events/orders']['post']['requestBody']>>;
const order: CreateOrderBody = {
  ticker: 'KXDEMO-26JUN30-T50', side: 'bid', count: '1', price: '0.0100',
  time_in_force: 'good_till_canceled', self_trade_prevention_type: 'taker_at_cross',
};
expectTypeOf(order.price).toEqualTypeOf<FixedPointDollars>();
expectTypeOf(order.count).toEqualTypeOf<FixedPointCount>();
// @ts-expect-error V2 quotes the YES leg as bid/ask, not yes/no
const wrongSide: CreateOrderBody = { ...order, side: 'yes' };
// @ts-expect-error prices are fixed-point strings, not numbers
const numericPrice: CreateOrderBody = { ...order, price: 0.01 };
// @ts-expect-error a fixed-point string must be a number
const wordPrice: CreateOrderBody = { ...order, price: 'one cent' };
// @ts-expect-error the cents-era yes_price field does not exist in V2
const centsPrice: CreateOrderBody = { ...order, yes_price: 1 };
// @ts-expect-error time_in_force is required
const noTif: CreateOrderBody = { ticker: 'T', side: 'bid', count: '1', price: '0.50', self_trade_prevention_type: 'maker' };
type CreateOrderResponse = Json<paths['/portfolio/events/orders']['post']['responses'][201]>;
expectTypeOf<CreateOrderResponse['order_id']>().toEqualTypeOf<string>();
expectTypeOf<CreateOrderResponse['fill_count']>().toEqualTypeOf<FixedPointCount>();

// Markets
type MarketsQuery = NonNullable<operations['GetMarkets']['parameters']['query']>;
expectTypeOf<MarketsQuery['limit']>().toEqualTypeOf<number | undefined>();
expectTypeOf<MarketsQuery['cursor']>().toEqualTypeOf<string | undefined>();
// @ts-expect-error there is no "page" query parameter
const pageQuery: MarketsQuery = { page: 2 };
type Market = components['schemas']['Market'];
expectTypeOf<Market['ticker']>().toEqualTypeOf<string>();
expectTypeOf<Market['yes_bid_dollars']>().toEqualTypeOf<FixedPointDollars>();
type MarketPage = Json<operations['GetMarkets']['responses'][200]>;
expectTypeOf<MarketPage['markets']>().toEqualTypeOf<Market[]>();

// Balance
type Balance = Json<operations['GetBalance']['responses'][200]>;
expectTypeOf<Balance['balance']>().toEqualTypeOf<number>();
// @ts-expect-error the balance response has no "cash" field
type Cash = Balance['cash'];

// Errors (outside testing, G-D7): an error response the spec declares without content (GetMarket's 404, GetMarkets'
// 400) was typed never, so \`result.error\` of the call was never. It now has the type of the spec's other errors.
type ErrorBody = components['schemas']['ErrorResponse'];
expectTypeOf<Json<operations['GetMarket']['responses'][404]>>().toEqualTypeOf<ErrorBody>();
expectTypeOf<Json<operations['GetMarkets']['responses'][400]>>().toEqualTypeOf<ErrorBody>();
expectTypeOf<Json<operations['GetMarket']['responses'][404]>>().toEqualTypeOf<
  Json<operations['GetMarketOrderbook']['responses'][404]>
>();
// Errors the spec does declare keep their content (GetExchangeStatus answers 503 with an ExchangeStatus).
expectTypeOf<Json<operations['GetExchangeStatus']['responses'][503]>>().toEqualTypeOf<components['schemas']['ExchangeStatus']>();
// @ts-expect-error an error body is not a market
const errorAsMarket: Market = {} as Json<operations['GetMarket']['responses'][404]>;

// Outside testing, X-D2: spec-optional fields with a \`default\` (exchange_index "Defaults to 0", replace_existing
// default false, transfer shards/subaccounts default 0) are optional, so the spec's minimal bodies compile.
const group: Json<operations['CreateOrderGroup']['requestBody']> = { contracts_limit: 10 };
const rfq: Json<operations['CreateRFQ']['requestBody']> = {
  market_ticker: 'KXDEMO-26JUN30-T50', contracts_fp: '5', rest_remainder: false,
};
const transfer: Json<operations['IntraExchangeInstanceTransfer']['requestBody']> = {
  source: 'event_contract', destination: 'event_contract', amount: 100,
};

export { errorAsMarket, group, rfq, transfer, wrongSide, numericPrice, wordPrice, centsPrice, noTif, pageQuery };
export type { Cash };
`;

const dir = resolve(import.meta.dirname, '.generated');

beforeAll(async () => {
  mkdirSync(dir, { recursive: true });
  await generate({ spec: KALSHI_SPEC, out: dir });
  writeFileSync(join(dir, 'consumer.ts'), CONSUMER);
}, 60_000);

it('types order, market and balance operations as the spec says, and rejects wrong fields', () => {
  expect(typeErrors(join(dir, 'consumer.ts'))).toEqual([]);
}, 60_000);

it('reports an error when a @ts-expect-error line is in fact valid (the check can fail)', () => {
  const file = join(dir, 'consumer-negative.ts');
  writeFileSync(
    file,
    `import type { components } from './openapi';\n// @ts-expect-error\nconst t: components['schemas']['Market']['ticker'] = 'OK';\nexport { t };\n`,
  );
  expect(typeErrors(file).join('\n')).toMatch(/Unused '@ts-expect-error' directive/);
}, 60_000);
