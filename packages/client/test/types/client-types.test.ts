import type { FetchResponse } from 'openapi-fetch';
import { expectTypeOf, it } from 'vitest';
import {
  type components,
  createKalshiClient,
  type FixedPointDollars,
  type KalshiClient,
  type KalshiErrorBody,
  type operationTypes,
  type PlaceOrderInput,
  parseErrorBody,
  placeOrders,
  unwrap,
} from '../../src';
import type { paths } from '../../src/generated/openapi';

declare const kalshi: KalshiClient;
const order = {
  ticker: 'T',
  side: 'bid',
  count: '1',
  price: '0.01',
  time_in_force: 'good_till_canceled',
  self_trade_prevention_type: 'maker',
} as const;

it('types paths, queries, bodies and responses from the spec', () => {
  const typed = async () => {
    const markets = unwrap(await kalshi.GET('/markets', { params: { query: { status: 'open', limit: 1 } } }));
    expectTypeOf(markets.markets[0]!.yes_bid_dollars).toEqualTypeOf<FixedPointDollars>();
    const single = unwrap(await kalshi.GET('/portfolio/orders/{order_id}', { params: { path: { order_id: 'x' } } }));
    expectTypeOf(single.order.status).toEqualTypeOf<'resting' | 'canceled' | 'executed'>();

    // @ts-expect-error a path that does not exist
    await kalshi.GET('/no/such/path');
    // @ts-expect-error a query parameter that does not exist
    await kalshi.GET('/markets', { params: { query: { page: 2 } } });
    await kalshi.POST('/portfolio/events/orders', {
      body: {
        ticker: 'T',
        side: 'bid',
        count: '1',
        price: '0.01',
        time_in_force: 'good_till_canceled',
        self_trade_prevention_type: 'maker',
        // @ts-expect-error a body field that does not exist in V2 (the cents-era yes_price)
        yes_price: 1,
      },
    });
    await kalshi.POST('/portfolio/events/orders', {
      body: {
        ...order,
        // @ts-expect-error prices are fixed-point strings, not numbers
        price: 0.01,
      },
    });
    // @ts-expect-error placeOrder takes buy/sell
    await kalshi.placeOrder({ ticker: 'T', action: 'bid', side: 'yes', count: 1, price: '0.01' });
  };
  expectTypeOf(typed).toBeFunction();
});

// Outside test round 4, G-D7: the either/or inputs the docs state ("give this or priceCents", "exactly one of reduceBy
// / reduceTo") compiled with neither or both, and only failed at run time.
it('takes exactly one limit price and exactly one decrease amount', () => {
  const typed = async () => {
    await kalshi.placeOrder({ ticker: 'T', action: 'buy', side: 'yes', count: 1, priceCents: 40 });
    // @ts-expect-error a limit price is required
    await kalshi.placeOrder({ ticker: 'T', action: 'buy', side: 'yes', count: 1 });
    // @ts-expect-error price or priceCents, not both
    await kalshi.placeOrder({ ticker: 'T', action: 'buy', side: 'yes', count: 1, price: '0.4', priceCents: 40 });
    await kalshi.amendOrder({ orderId: 'o', ticker: 'T', action: 'buy', side: 'yes', price: '0.4', count: 1 });
    // @ts-expect-error an amend needs its new price
    await kalshi.amendOrder({ orderId: 'o', ticker: 'T', action: 'buy', side: 'yes', count: 1 });
    await kalshi.decreaseOrder({ orderId: 'o', reduceTo: 0 });
    // @ts-expect-error reduceBy or reduceTo, not both
    await kalshi.decreaseOrder({ orderId: 'o', reduceBy: 1, reduceTo: 1 });
    // @ts-expect-error one of reduceBy or reduceTo
    await kalshi.decreaseOrder({ orderId: 'o' });
  };
  expectTypeOf(typed).toBeFunction();
});

it('accepts the per-call options (retry, timeoutMs, signal) on every method', () => {
  const typed = async () => {
    await kalshi.GET('/portfolio/balance', { timeoutMs: 1_000, retry: { maxRetries: 0 }, signal: AbortSignal.abort() });
    await kalshi.GET('/markets', { params: { query: { limit: 1 } }, retry: false });
    await kalshi.POST('/portfolio/events/orders', { body: order, timeoutMs: 500 });
    // @ts-expect-error the body is still required
    await kalshi.POST('/portfolio/events/orders', { timeoutMs: 500 });
    // openapi-fetch alone accepts any extra key, so a misspelt option would silently do nothing: refused here.
    // @ts-expect-error timeoutMS is not an option (timeoutMs is)
    await kalshi.GET('/portfolio/balance', { timeoutMS: 1_000 });
    // @ts-expect-error retries is not an option (retry is)
    await kalshi.POST('/portfolio/events/orders', { body: order, retries: 0 });
    // @ts-expect-error a per-call option of the wrong type
    await kalshi.GET('/markets', { retry: 2 });
    // @ts-expect-error params must still match the operation
    await kalshi.GET('/portfolio/orders/{order_id}', { params: { path: { id: 'x' } }, timeoutMs: 1 });
    // RequestInit's own keys (cache, keepalive, …) remain accepted, as openapi-fetch documents them.
    await kalshi.GET('/exchange/status', { cache: 'no-store', headers: { 'x-trace': '1' } });
  };
  expectTypeOf(typed).toBeFunction();
});

// Round 40, U: placeOrders refuses an order's own call options at run time (the batch is one request: they go in its
// third argument, client README), yet its orders were typed as placeOrder's input, call options included, so
// `placeOrders(kalshi, [{ …, signal }])` compiled and threw KalshiValidationError when run.
it("types placeOrders' orders without call options, which go in its third argument", () => {
  const typed = async () => {
    const terms = { ticker: 'T', action: 'buy', side: 'yes', count: 1, price: '0.01' } as const;
    await placeOrders(kalshi, [terms], { signal: AbortSignal.abort(), timeoutMs: 1_000, retry: false });
    // @ts-expect-error an order's own signal: the batch's goes in the third argument
    await placeOrders(kalshi, [{ ...terms, signal: AbortSignal.abort() }]);
    // @ts-expect-error an order's own timeoutMs
    await placeOrders(kalshi, [{ ...terms, timeoutMs: 1_000 }]);
    // @ts-expect-error an order's own retry
    await placeOrders(kalshi, [{ ...terms, retry: false }]);
    // An order typed as placeOrder's input (no call options in it) still goes into a batch.
    const single: PlaceOrderInput = { ...terms, priceCents: 1, price: undefined };
    await placeOrders(kalshi, [single, terms]);
  };
  expectTypeOf(typed).toBeFunction();
});

// Outside test round 4, G-D7: for the ~40 operations whose spec error responses have no content (GET /markets/{ticker},
// GET /markets, …), result.error was typed never, so `if (r.error) log(r.error)` did not compile although the server
// sends a body. Round 25, T1: it was then the spec's flat ErrorResponse, so `r.error.code === 'not_found'` compiled and
// was never true (most bodies nest the code, kalshi-api-notes §3.1). Every operation's error is the shapes Kalshi
// sends (KalshiErrorBody; test/types/consumer/raw-results.ts reads them); data is openapi-fetch's, as before.
it('types result.error as the error bodies Kalshi sends, also where the spec declares no error content', () => {
  const typed = async () => {
    const market = await kalshi.GET('/markets/{ticker}', { params: { path: { ticker: 'X' } } });
    expectTypeOf(market.error).toEqualTypeOf<KalshiErrorBody | undefined>();
    type Declared = FetchResponse<paths['/markets/{ticker}']['get'], undefined, `${string}/${string}`>;
    expectTypeOf(market.data).toEqualTypeOf<Declared['data']>();
    // @ts-expect-error the code is nested in most bodies: parseErrorBody(error) reads it
    if (market.error) market.error.code;
    if (market.error) expectTypeOf(parseErrorBody(market.error)?.code).toEqualTypeOf<string | undefined>();
    // Declared with content already (BadRequestError, …): the same type.
    const create = await kalshi.POST('/portfolio/events/orders', { body: order });
    expectTypeOf(create.error).toEqualTypeOf(market.error);
    // @ts-expect-error an error body has no ticker
    if (market.error) market.error.ticker;
  };
  expectTypeOf(typed).toBeFunction();
});

// Outside testing, X-D2: fields the spec leaves out of `required` but gives a `default` (CreateOrderGroupRequest
// has no `required` list and exchange_index "Defaults to 0"; CreateRFQRequest requires only market_ticker and
// rest_remainder, obscure_creator_id / replace_existing default false; IntraExchangeInstanceTransferRequest's
// shards and subaccounts default 0) were required by the types, so these spec-valid bodies did not compile.
// This file is checked by `tsc` (pnpm typecheck); the test body only has to exist.
it('accepts the spec-valid request bodies that leave defaulted fields out', () => {
  const typed = async () => {
    await kalshi.POST('/portfolio/order_groups/create', { body: { contracts_limit: 10 } });
    await kalshi.POST('/communications/rfqs', {
      body: { market_ticker: 'KXHIGHNY-26DEC01-T60', contracts_fp: '5', rest_remainder: false },
    });
    await kalshi.POST('/portfolio/intra_exchange_instance_transfer', {
      body: { source: 'event_contract', destination: 'event_contract', amount: 100 },
    });
    await kalshi.DELETE('/portfolio/events/orders/batched', { body: { orders: [{ order_id: 'x' }] } });
    // @ts-expect-error a field the spec does require stays required (rest_remainder)
    await kalshi.POST('/communications/rfqs', { body: { market_ticker: 'T', contracts_fp: '5' } });
  };
  expectTypeOf(typed).toBeFunction();
});

// Round 28, R4: `kalshi.PUT(…/limit, { body: { limit: 3 } })` compiled, and so did any misspelt key of a body whose fields
// are all optional (the spec's UpdateOrderGroupLimitRequest, CreateOrderGroupRequest, DecreaseOrderV2Request,
// CreateSubaccountRequest, AcceptBlockTradeProposalRequest have no `required` list), of most other bodies (GenerateApiKey's),
// and of a query or path: the client refused them only at run time (the manifest's field lists). Each is a tsc error,
// at the key; a spec-valid body, `{}` where every field is optional, still compiles.
it('refuses a body, query or path key the operation does not have, also where every body field is optional', () => {
  const typed = async () => {
    const group = { params: { path: { order_group_id: 'g' } } };
    await kalshi.PUT('/portfolio/order_groups/{order_group_id}/limit', {
      ...group,
      body: { contracts_limit_fp: '3.00' },
    });
    // @ts-expect-error UpdateOrderGroupLimit takes contracts_limit or contracts_limit_fp, not limit
    await kalshi.PUT('/portfolio/order_groups/{order_group_id}/limit', { ...group, body: { limit: 3 } });
    await kalshi.PUT('/portfolio/order_groups/{order_group_id}/limit', {
      ...group,
      // @ts-expect-error a known key beside does not make limit one
      body: { contracts_limit: 3, limit: 3 },
    });
    await kalshi.POST('/portfolio/order_groups/create', { body: {} });
    // @ts-expect-error CreateOrderGroup has no contracts_limt
    await kalshi.POST('/portfolio/order_groups/create', { body: { contracts_limt: 3 } });
    const decrease = { params: { path: { order_id: 'o' } } };
    await kalshi.POST('/portfolio/events/orders/{order_id}/decrease', { ...decrease, body: { reduce_by: '1' } });
    // @ts-expect-error DecreaseOrderV2 takes reduce_by, not reduceBy
    await kalshi.POST('/portfolio/events/orders/{order_id}/decrease', { ...decrease, body: { reduceBy: '1' } });
    await kalshi.POST('/portfolio/subaccounts', { body: {} });
    await kalshi.POST('/portfolio/subaccounts');
    // @ts-expect-error CreateSubaccount's body has no name
    await kalshi.POST('/portfolio/subaccounts', { body: { name: 'x' } });
    const proposal = { params: { path: { block_trade_proposal_id: 'p' } } };
    await kalshi.POST('/communications/block-trade-proposals/{block_trade_proposal_id}/accept', {
      ...proposal,
      body: { subaccount: 1 },
    });
    await kalshi.POST('/communications/block-trade-proposals/{block_trade_proposal_id}/accept', {
      ...proposal,
      // @ts-expect-error AcceptBlockTradeProposal takes subaccount, not subaccount_number
      body: { subaccount_number: 1 },
    });
    await kalshi.POST('/api_keys/generate', { body: { name: 'n', scopes: ['read'] } });
    // @ts-expect-error GenerateApiKey takes scopes, not scope (a body with required fields lost the check as well)
    await kalshi.POST('/api_keys/generate', { body: { name: 'n', scope: ['read'] } });
    const item = { ...order, client_order_id: 'c' } as const;
    await kalshi.POST('/portfolio/events/orders/batched', { body: { orders: [item] } });
    // @ts-expect-error an order in a batch has no yes_price
    await kalshi.POST('/portfolio/events/orders/batched', { body: { orders: [{ ...item, yes_price: 1 }] } });
    await kalshi.GET('/portfolio/balance', { params: { query: { subaccount: 1 } } });
    // @ts-expect-error GetBalance's query has no exchange_idx
    await kalshi.GET('/portfolio/balance', { params: { query: { subaccount: 1, exchange_idx: 0 } } });
    await kalshi.GET('/portfolio/order_groups/{order_group_id}', group);
    await kalshi.GET('/portfolio/order_groups/{order_group_id}', {
      // @ts-expect-error GetOrderGroup's path has order_group_id only
      params: { path: { order_group_id: 'g', id: 'g' } },
    });
  };
  expectTypeOf(typed).toBeFunction();
});

// Outside test round 10, R-D4: `Awaited<ReturnType<typeof createKalshiClient>>`, the usual way to name a factory's
// result, was `KalshiClient<{}>` (TypeScript instantiates a generic function's return type with the constraint), on
// which every path was `never`. It is the full client, as `KalshiClient` without type arguments is.
it('names the full client as KalshiClient or as the return type of createKalshiClient', () => {
  type Client = Awaited<ReturnType<typeof createKalshiClient>>;
  expectTypeOf<Client>().toEqualTypeOf<KalshiClient>();
  expectTypeOf<KalshiClient>().toEqualTypeOf<KalshiClient<paths>>();
  const typed = async (client: Client) => {
    expectTypeOf(unwrap(await client.GET('/portfolio/balance')).balance).toEqualTypeOf<number>();
    // A type argument still types the client by a spec you generated (and createKalshiClient() without one: Kalshi's).
    expectTypeOf(createKalshiClient<paths>).returns.resolves.toEqualTypeOf<KalshiClient<paths>>();
    expectTypeOf(await createKalshiClient({ environment: 'demo' })).toEqualTypeOf<KalshiClient>();
  };
  expectTypeOf(typed).toBeFunction();
});

// A library's wrapper generic over a body or query (keeping its caller's literal types) must compile: a deep
// excess-key check on raw calls broke both (round 26's verifier, D3), so this pins them.
it('lets a generic body or query through a raw call', () => {
  type CreateOrder = components['schemas']['CreateOrderV2Request'];
  type MarketsQuery = NonNullable<operationTypes['GetMarkets']['parameters']['query']>;
  const create = <T extends CreateOrder>(body: T) => kalshi.POST('/portfolio/events/orders', { body });
  const markets = <Q extends MarketsQuery>(query: Q) => kalshi.GET('/markets', { params: { query } });
  type Limit = components['schemas']['UpdateOrderGroupLimitRequest'];
  const limit = <B extends Limit>(body: B) =>
    kalshi.PUT('/portfolio/order_groups/{order_group_id}/limit', { params: { path: { order_group_id: 'g' } }, body });
  const batch = <T extends CreateOrder>(order: T) =>
    kalshi.POST('/portfolio/events/orders/batched', { body: { orders: [order] } });
  expectTypeOf(create).returns.resolves.toHaveProperty('response');
  expectTypeOf(markets).returns.resolves.toHaveProperty('response');
  expectTypeOf(limit).returns.resolves.toHaveProperty('response');
  expectTypeOf(batch).returns.resolves.toHaveProperty('response');
});
