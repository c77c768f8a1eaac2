import { beforeEach, describe, expect, it } from 'vitest';
import { type NewOrder, TEST_USER_ID } from '../../src';
import { type Harness, harness, order, refusal } from '../helpers';

let h: Harness;
let ticker: string;
beforeEach(async () => {
  h = await harness({ seed: 2 });
  ticker = [...h.mock.exchange.markets.values()].find((m) => m.status === 'active')!.ticker;
});

const create = (body: unknown) => h.call('POST', '/portfolio/events/orders', body);

describe('order validation, with the bodies Kalshi sends', () => {
  it.each([
    ['price with 5 decimals', { price: '0.01001' }, 400, 'invalid_price'],
    ['price off the cent grid', { price: '0.0150' }, 400, 'invalid_price'],
    ['price of $1', { price: '1.00' }, 400, 'invalid_price'],
    ['price of 0', { price: '0' }, 400, 'invalid_price'],
    ['zero count', { count: '0' }, 400, 'invalid_order_size'],
    ['count with 3 decimals', { count: '1.001' }, 400, 'invalid_order_size'],
    ['reduce_only on a GTC order', { reduce_only: true }, 400, 'invalid_order'],
    // Spec 3.31.0 CreateOrderV2Request.reduce_only: "rejected unless time_in_force is immediate_or_cancel".
    ['reduce_only on a FOK order', { reduce_only: true, time_in_force: 'fill_or_kill' }, 400, 'invalid_order'],
    // Spec FixedPointDollars and notes §4: requests take 2–4 decimals.
    ['price with 1 decimal', { price: '0.5' }, 400, 'invalid_price'],
    ['an expiration in the past', { expiration_time: 1_000 }, 400, 'invalid_order'],
    [
      'an expiration with IOC',
      { time_in_force: 'immediate_or_cancel', expiration_time: 4_000_000_000 },
      400,
      'invalid_order',
    ],
    ['a cost above the balance', { count: '1000000', price: '0.5000' }, 400, 'insufficient_balance'],
  ])('rejects %s', async (_name, overrides, status, code) => {
    const response = await create(order(ticker, overrides));
    expect(response.status).toBe(status);
    expect(response.body.error.code).toBe(code);
    expect(response.body.error.service).toBe('exchange');
  });

  // Notes §4: counts carry 2 decimals. A count with 3 outside the create and the amend (whose code is create's,
  // invalid_order_size: amend-rules.test.ts) is a bad parameter: a 400 naming the field, never a 500.
  it.each([
    ['a decrease', 'reduce_by', (id: string) => [`/portfolio/events/orders/${id}/decrease`, { reduce_by: '1.001' }]],
    ['an order group', 'contracts_limit_fp', () => ['/portfolio/order_groups/create', { contracts_limit_fp: '1.001' }]],
  ] as const)('answers a count with 3 decimals in %s with 400 naming %s', async (_name, field, request) => {
    const resting = await create(order(ticker, { price: '0.0100' }));
    const [path, body] = request(resting.body.order_id) as [string, unknown];
    const response = await h.call('POST', path, body);
    expect(response.status).toBe(400);
    expect(response.body.error).toMatchObject({ code: 'invalid_parameters', details: expect.stringContaining(field) });
  });

  // OR9. kalshi-api-notes §5.7: "Past expiry → rejected ('Expiration timestamp must be in the future')"; now is not
  // in the future.
  it('rejects an expiration_time equal to the current second', async () => {
    const now = 1_790_000_000_000;
    const fixed = await harness({ empty: true, now, seed: 2 });
    fixed.mock.exchange.addMarket({ ticker: 'KXEXP-26DEC01-T1' });
    const at = (seconds: number) =>
      fixed.call('POST', '/portfolio/events/orders', order('KXEXP-26DEC01-T1', { expiration_time: seconds }));
    expect(await at(now / 1000)).toMatchObject({ status: 400, body: { error: { code: 'invalid_order' } } });
    expect((await at(now / 1000 + 1)).status).toBe(201);
  });

  // kalshi-api-notes §3.2 / §5.7 (D-cl 2025-11-21): the expiry refusals carry the documented messages "Expiration
  // timestamp must be in the future" and "Cannot specify both immediate_or_cancel and expiration_ts" (the changelog
  // gives no code string; the mock's is invalid_order, pinned above).
  it('words the expiry refusals as the changelog does', async () => {
    const past = await create(order(ticker, { expiration_time: 1_000 }));
    expect(past.body.error.message).toBe('Expiration timestamp must be in the future');
    const ioc = await create(order(ticker, { time_in_force: 'immediate_or_cancel', expiration_time: 4_000_000_000 }));
    expect(ioc.body.error.message).toBe('Cannot specify both immediate_or_cancel and expiration_ts');
  });

  // The changelog words only the IOC case; for FOK the notes are silent: the same refusal names the time_in_force sent,
  // not one the caller did not send.
  it('words the FOK + expiry refusal with fill_or_kill', async () => {
    const fok = await create(order(ticker, { time_in_force: 'fill_or_kill', expiration_time: 4_000_000_000 }));
    expect(fok).toMatchObject({ status: 400, body: { error: { code: 'invalid_order' } } });
    expect(fok.body.error.message).toBe('Cannot specify both fill_or_kill and expiration_ts');
  });

  // kalshi-api-notes §5.2: time_in_force is `fill_or_kill` | `good_till_canceled` | `immediate_or_cancel`; "`GTT` is not
  // a valid value". Kalshi's code for it is not recorded: the generic 400 invalid_parameters (§3.2), naming the field.
  it('rejects time_in_force GTT, naming the field', async () => {
    const response = await create(order(ticker, { time_in_force: 'GTT' }));
    expect(response.status).toBe(400);
    expect(response.body.error).toMatchObject({
      code: 'invalid_parameters',
      details: expect.stringContaining('time_in_force'),
    });
  });

  it('rejects a missing time_in_force or self_trade_prevention_type, naming it', async () => {
    for (const field of ['time_in_force', 'self_trade_prevention_type']) {
      const body: Record<string, unknown> = order(ticker);
      delete body[field];
      const response = await create(body);
      expect(response.status).toBe(400);
      expect(response.body.error).toMatchObject({ code: 'invalid_parameters' });
      expect(response.body.error.details).toContain(field);
    }
  });

  it('rejects numbers for count with the flat Go-unmarshal body', async () => {
    const response = await create(order(ticker, { count: 1 }));
    expect(response).toMatchObject({
      status: 400,
      body: {
        code: 'bad_request',
        details: 'json: cannot unmarshal number into Go struct field CreateOrderV2Request.count of type string',
      },
    });
  });

  it('rejects a post-only order that would cross', async () => {
    const ask = h.mock.exchange.book(ticker).best('no')!;
    const crossing = ((1_000_000 - ask[0]) / 1_000_000).toFixed(2);
    const response = await create(order(ticker, { post_only: true, price: crossing }));
    expect(response.body.error).toMatchObject({ code: 'invalid_order', details: 'post only cross' });
  });

  it('answers 404 for an unknown ticker and for cancelling an unknown, canceled or executed order', async () => {
    expect((await create(order('KXNOPE-1-T1'))).status).toBe(404);
    const unknown = '00000000-0000-4000-8000-000000000000';
    expect((await h.call('DELETE', `/portfolio/events/orders/${unknown}`)).body.error.code).toBe('not_found');
    const { body } = await create(order(ticker));
    expect((await h.call('DELETE', `/portfolio/events/orders/${body.order_id}`)).status).toBe(200);
    expect((await h.call('DELETE', `/portfolio/events/orders/${body.order_id}`)).body).toEqual({
      error: { code: 'not_found', message: 'not found', service: 'exchange' },
    });
  });

  // kalshi-api-notes §3.2 records one 404 code, `not_found` ("not found", service exchange), and §6 "GET
  // /markets/{ticker} … 404 if unknown"; no other code for an unknown market is recorded. Outside testing (E-D6):
  // order create and the orderbook answered `market_not_found`, GET /markets/{ticker} `not_found`. Every unknown
  // ticker is now the recorded shape; `details` (optional in the nested shape, §3.1) names the ticker.
  it.each([
    ['GET /markets/{ticker}', 'GET', '/markets/KXNOPE-1-T1', undefined],
    ['GET /markets/{ticker}/orderbook', 'GET', '/markets/KXNOPE-1-T1/orderbook', undefined],
    ['POST /portfolio/events/orders', 'POST', '/portfolio/events/orders', order('KXNOPE-1-T1')],
  ])('answers an unknown ticker with the recorded 404 not_found: %s', async (_name, method, path, body) => {
    expect(await h.call(method, path, body)).toMatchObject({
      status: 404,
      body: {
        error: {
          code: 'not_found',
          message: 'not found',
          details: 'ticker: no market KXNOPE-1-T1',
          service: 'exchange',
        },
      },
    });
  });

  it('answers an unknown ticker in a batch create item with the same not_found', async () => {
    const { status, body } = await h.call('POST', '/portfolio/events/orders/batched', {
      orders: [order('KXNOPE-1-T1')],
    });
    expect(status).toBe(201);
    expect(body.orders[0].error).toEqual({
      code: 'not_found',
      message: 'not found',
      details: 'ticker: no market KXNOPE-1-T1',
      service: 'exchange',
    });
  });

  // §3.2: a malformed id is 400 `invalid_parameters`, no details; a batch item is "the same nested ErrorResponse
  // object without the outer error key" (§3.2, after the table). Kalshi's per-item answer for a malformed id is not
  // recorded: the mock gives the item what the single cancel of the same id gets (outside testing E-D13: the item was
  // `not_found`, which the client reads as "already canceled or executed").
  it('answers a malformed order id in a batch cancel item as the single cancel does', async () => {
    const single = await h.call('DELETE', '/portfolio/events/orders/not-a-uuid');
    expect(single.status).toBe(400);
    const { status, body } = await h.call('DELETE', '/portfolio/events/orders/batched', {
      orders: [{ order_id: 'not-a-uuid' }, { order_id: '00000000-0000-4000-8000-000000000000' }],
    });
    expect(status).toBe(200);
    expect(body.orders[0]).toEqual({ order_id: 'not-a-uuid', reduced_by: '0.00', error: single.body.error });
    expect(body.orders[1].error.code).toBe('not_found');
  });

  // kalshi-api-notes §3.2: malformed ids get 400 invalid_parameters, no details (recorded on demo), not 404.
  it.each([
    ['GET', '/portfolio/orders/no-such-order'],
    ['DELETE', '/portfolio/events/orders/no-such-order'],
    ['POST', '/portfolio/events/orders/12345/decrease'],
  ])('answers 400 invalid_parameters to a malformed order id: %s %s', async (method, path) => {
    expect(await h.call(method, path, method === 'POST' ? { reduce_to: '0' } : undefined)).toMatchObject({
      status: 400,
      body: { error: { code: 'invalid_parameters', message: 'invalid parameters', service: 'exchange' } },
    });
  });

  it('never frees a client_order_id, even after cancel (409 order_already_exists)', async () => {
    const first = await create(order(ticker, { client_order_id: 'abc' }));
    await h.call('DELETE', `/portfolio/events/orders/${first.body.order_id}`);
    const again = await create(order(ticker, { client_order_id: 'abc' }));
    // The body recorded on demo (kalshi-api-notes §3.2).
    expect(again).toMatchObject({
      status: 409,
      body: { error: { code: 'order_already_exists', message: 'order already exists', service: 'exchange' } },
    });
  });

  it('rejects orders on closed and not-yet-open markets', async () => {
    const markets = [...h.mock.exchange.markets.values()];
    const settled = markets.find((m) => m.status === 'finalized')!;
    const unopened = markets.find((m) => m.status === 'initialized')!;
    expect(await create(order(settled.ticker))).toMatchObject({
      status: 409,
      body: { error: { code: 'market_closed' } },
    });
    expect(await create(order(unopened.ticker))).toMatchObject({
      status: 400,
      body: { error: { code: 'market_inactive' } },
    });
  });

  it('answers the retired V1 order writes with 410 deprecated_v1_order_endpoint', async () => {
    for (const [method, path] of [
      ['POST', '/portfolio/orders'],
      ['DELETE', '/portfolio/orders/abc'],
      ['POST', '/portfolio/orders/abc/amend'],
      ['POST', '/portfolio/orders/abc/decrease'],
      ['POST', '/portfolio/orders/batched'],
      ['DELETE', '/portfolio/orders/batched'],
    ] as const) {
      const response = await h.call(method, path, {});
      expect(response.status, `${method} ${path}`).toBe(410);
      expect(response.body.error.code).toBe('deprecated_v1_order_endpoint');
    }
    expect((await h.call('GET', '/portfolio/orders')).status).toBe(200);
  });

  it('answers query validation errors with the gateway’s bare msg body', async () => {
    const response = await h.call('GET', '/markets?limit=1001', undefined, false);
    expect(response).toMatchObject({
      status: 400,
      body: { msg: expect.stringMatching(/^Parameter validation failed for GetMarkets: limit/) },
    });
  });

  // kalshi-api-notes §5.7: a post-only order that would cross is refused "400 invalid_order / details post only
  // cross … batch returns the same error per item"; the other items are placed.
  it('refuses a crossing post-only item of a batch with the single create’s error, placing the rest', async () => {
    const ask = h.mock.exchange.book(ticker).best('no')!;
    const crossing = ((1_000_000 - ask[0]) / 1_000_000).toFixed(2);
    const single = await create(order(ticker, { post_only: true, price: crossing }));
    const batch = await h.call('POST', '/portfolio/events/orders/batched', {
      orders: [order(ticker, { post_only: true, price: crossing, client_order_id: 'po-1' }), order(ticker)],
    });
    expect(batch.status).toBe(201);
    expect(batch.body.orders[0]).toEqual({ client_order_id: 'po-1', error: single.body.error });
    expect(batch.body.orders[0].error).toMatchObject({ code: 'invalid_order', details: 'post only cross' });
    expect(batch.body.orders[1]).toMatchObject({ order_id: expect.any(String), remaining_count: '1.00' });
  });

  // kalshi-api-notes §6.3: "Batch: `GET /markets/orderbooks?tickers=A&tickers=B` (≤100)"; 101 is a query parameter out
  // of range, answered with the gateway's bare msg (§3.1).
  it('takes 100 tickers on GET /markets/orderbooks and refuses 101 with the bare msg body', async () => {
    const tickers = (n: number) => Array.from({ length: n }, () => `tickers=${ticker}`).join('&');
    const hundred = await h.call('GET', `/markets/orderbooks?${tickers(100)}`, undefined, false);
    expect(hundred.status).toBe(200);
    expect(hundred.body.orderbooks).toHaveLength(100);
    const over = await h.call('GET', `/markets/orderbooks?${tickers(101)}`, undefined, false);
    expect(over).toMatchObject({ status: 400, body: { msg: expect.stringContaining('GetMarketOrderbooks') } });
  });

  it('answers batch creates item by item with 201', async () => {
    const response = await h.call('POST', '/portfolio/events/orders/batched', {
      orders: [order(ticker), order(ticker, { price: '0.0150' })],
    });
    expect(response.status).toBe(201);
    expect(response.body.orders[0].order_id).toEqual(expect.any(String));
    expect(response.body.orders[1].error.code).toBe('invalid_price');
  });
});

// The in-process `exchange.createOrder` takes the engine's order (book side bid/ask, micro-dollars, centi-contracts):
// checked as the REST route's schema checks CreateOrderV2Request, before anything happens. Outside testing (round 22,
// A9): `side: 'yes'` traded as an ask, `post_only` was dropped and the order took, and an order without
// `timeInForce` was canceled at once. The notes are silent (the mock's own API).
describe('exchange.createOrder refuses an order the REST route could not take, naming the field', () => {
  const engineOrder = { side: 'bid', price: 990_000, count: 100, timeInForce: 'good_till_canceled' } as const;
  it.each([
    ['side yes', { side: 'yes' }, 'order.side', /^order\.side: "yes" is not one of bid, ask \(the book side/],
    [
      'a post_only key',
      { post_only: true },
      'order.post_only',
      /^order\.post_only: is not an option; did you mean "postOnly"\?$/,
    ],
    [
      'no timeInForce',
      { timeInForce: undefined },
      'order.timeInForce',
      /^order\.timeInForce: undefined is not one of fill_or_kill/,
    ],
    [
      'selfTradePrevention none',
      { selfTradePrevention: 'none' },
      'order.selfTradePrevention',
      /^order\.selfTradePrevention: "none" is not one/,
    ],
    ['a count as a string', { count: '100' }, 'order.count', /^order\.count: "100" is not a number of centi-contracts/],
    // Not the `insufficient_balance` its cost's arithmetic would answer: no REST order has a fraction of 0.01 contract.
    ['a fraction of a centi-contract', { count: 150.5 }, 'order.count', /^order\.count: 150\.5 is not a number of/],
    ['postOnly yes', { postOnly: 'yes' }, 'order.postOnly', /^order\.postOnly: "yes" is not true or false$/],
  ])('%s', (_name, overrides, field, message) => {
    // A resting ask at $0.50 that each of these would have taken.
    const ask = { ...engineOrder, side: 'ask', price: 500_000, selfTradePrevention: 'taker_at_cross' } as const;
    h.mock.exchange.createOrder('someone-else', { ticker, ...ask });
    const fillsBefore = h.mock.exchange.fills.length;
    const misused = {
      ticker,
      selfTradePrevention: 'taker_at_cross',
      ...engineOrder,
      ...overrides,
    } as unknown as NewOrder;
    const error = refusal(() => h.mock.exchange.createOrder(TEST_USER_ID, misused));
    expect(error.field).toBe(field);
    expect(error.message).toMatch(message);
    expect(h.mock.exchange.fills.length).toBe(fillsBefore);
    expect([...h.mock.exchange.orders.values()].filter((o) => o.userId === TEST_USER_ID)).toEqual([]);
  });
});

// A REST amend or decrease arrives as fixed-point strings the route turns into whole centi-contracts (notes §4: counts
// have 0.01-contract granularity); the engine's own API takes the numbers, and one the route could never send (a
// fraction of a centi-contract, NaN, Infinity) is the caller's mistake: refused naming the argument, as createOrder's
// order is, and nothing changes (orders.ts: "each validated whole before it changes anything"). The notes are silent
// (the mock's own API).
describe('exchange.amendOrder and decreaseOrder refuse a size the REST route could not send, changing nothing', () => {
  const resting = () =>
    h.mock.exchange.createOrder(TEST_USER_ID, {
      ticker,
      side: 'bid',
      price: 10_000,
      count: 1_000,
      timeInForce: 'good_till_canceled',
      selfTradePrevention: 'taker_at_cross',
    }).order;
  const amend = (count: number) => (id: string) =>
    h.mock.exchange.amendOrder(TEST_USER_ID, id, { ticker, side: 'bid', price: 10_000, count });
  const decrease = (by: { reduceBy?: number; reduceTo?: number }) => (id: string) =>
    h.mock.exchange.decreaseOrder(TEST_USER_ID, id, by);
  it.each([
    ['an amend to 150.5 centi-contracts', amend(150.5), 'change.count'],
    ['an amend to NaN', amend(Number.NaN), 'change.count'],
    ['an amend to Infinity', amend(Number.POSITIVE_INFINITY), 'change.count'],
    ['a decrease to 50.5 centi-contracts', decrease({ reduceTo: 50.5 }), 'by.reduceTo'],
    ['a decrease to NaN', decrease({ reduceTo: Number.NaN }), 'by.reduceTo'],
    ['a decrease by NaN', decrease({ reduceBy: Number.NaN }), 'by.reduceBy'],
  ])('%s', (_name, write, field) => {
    const order = resting();
    const before = structuredClone({ ...order });
    const available = h.mock.exchange.available(TEST_USER_ID);
    const error = refusal(() => write(order.orderId));
    expect(error.field).toBe(field);
    expect(error.message).toMatch(new RegExp(`^${field.replace('.', '\\.')}: .* is not a number of centi-contracts`));
    expect({ ...order }).toEqual(before);
    expect(h.mock.exchange.available(TEST_USER_ID)).toBe(available);
  });
});

describe('exchange.cancelAll', () => {
  it('refuses a subaccount the user does not have, as createOrder does, rather than cancel nothing', () => {
    // What the REST route answers for it (known-subaccount.ts); a typo must not read as "nothing was resting".
    const order = h.mock.exchange.createOrder(TEST_USER_ID, {
      ticker,
      side: 'bid',
      price: 10_000,
      count: 100,
      timeInForce: 'good_till_canceled',
      selfTradePrevention: 'taker_at_cross',
    }).order;
    expect(() => h.mock.exchange.cancelAll(TEST_USER_ID, 9)).toThrow(
      expect.objectContaining({
        status: 400,
        body: expect.objectContaining({ error: expect.objectContaining({ details: 'subaccount: 9 does not exist' }) }),
      }),
    );
    expect(order.status).toBe('resting');
  });
});

describe('order lifecycle through the handlers', () => {
  it('amends (price and size), decreases and reads orders with filters and pagination', async () => {
    const { body } = await create(order(ticker, { count: '5', client_order_id: 'life-1' }));
    const id = body.order_id;
    const amended = await h.call('POST', `/portfolio/events/orders/${id}/amend`, {
      ticker,
      side: 'bid',
      price: '0.0200',
      count: '4',
    });
    expect(amended.body).toMatchObject({ order_id: id, remaining_count: '4.00' });
    expect(
      (
        await h.call('POST', `/portfolio/events/orders/${id}/amend`, {
          ticker,
          side: 'ask',
          price: '0.0200',
          count: '4',
        })
      ).body.error.code,
    ).toBe('order_side_mismatch');
    const decreased = await h.call('POST', `/portfolio/events/orders/${id}/decrease`, { reduce_by: '1.5' });
    expect(decreased.body.remaining_count).toBe('2.50');
    const got = await h.call('GET', `/portfolio/orders/${id}`);
    expect(got.body.order).toMatchObject({
      status: 'resting',
      yes_price_dollars: '0.0200',
      remaining_count_fp: '2.50',
      client_order_id: 'life-1',
    });
    for (let i = 0; i < 4; i++) await create(order(ticker));
    const page1 = await h.call('GET', `/portfolio/orders?status=resting&limit=3`);
    const page2 = await h.call('GET', `/portfolio/orders?status=resting&limit=3&cursor=${page1.body.cursor}`);
    expect(page1.body.orders).toHaveLength(3);
    expect(page2.body.orders).toHaveLength(2);
    expect(page2.body.cursor).toBe('');
    const cancelAll = await h.call('DELETE', '/portfolio/events/orders');
    expect(cancelAll.status).toBe(204);
    expect((await h.call('GET', '/portfolio/orders?status=resting')).body.orders).toEqual([]);
  });

  // RS4. Spec Order.last_update_time: "the last update to an order" (kalshi-api-notes §5.4); a cancel is one.
  it('a cancel moves last_update_time to the time of the cancel', async () => {
    const now = 1_790_000_000_000;
    const fixed = await harness({ empty: true, now, seed: 2 });
    fixed.mock.exchange.addMarket({ ticker: 'KXLUT-26DEC01-T1' });
    const id = (await fixed.call('POST', '/portfolio/events/orders', order('KXLUT-26DEC01-T1'))).body.order_id;
    fixed.mock.exchange.advanceTime(60_000);
    expect((await fixed.call('DELETE', `/portfolio/events/orders/${id}`)).status).toBe(200);
    const read = (await fixed.call('GET', `/portfolio/orders/${id}`)).body.order;
    expect(read).toMatchObject({
      status: 'canceled',
      created_time: new Date(now).toISOString(),
      last_update_time: new Date(now + 60_000).toISOString(),
    });
  });

  it('reports balance in truncated cents and 4-decimal dollars', async () => {
    h.mock.exchange.setBalance(TEST_USER_ID, 98_018_600);
    expect((await h.call('GET', '/portfolio/balance')).body).toMatchObject({
      balance: 9801,
      balance_dollars: '98.0186',
    });
  });

  it('maps market status filters as Kalshi does (open → active, settled → finalized)', async () => {
    const open = await h.call('GET', '/markets?status=open&limit=1000', undefined, false);
    const settled = await h.call('GET', '/markets?status=settled', undefined, false);
    expect(new Set(open.body.markets.map((m: { status: string }) => m.status))).toEqual(new Set(['active']));
    expect(new Set(settled.body.markets.map((m: { status: string }) => m.status))).toEqual(new Set(['finalized']));
  });

  it('serves the REST order book: bids only, ascending, best last, NO side in NO prices', async () => {
    h.mock.exchange.setOrderbook(ticker, {
      yes: [
        [310_000, 1200],
        [330_000, 450],
      ],
      no: [[600_000, 2000]],
    });
    const response = await h.call('GET', `/markets/${ticker}/orderbook`, undefined, false);
    expect(response.body).toEqual({
      orderbook_fp: {
        yes_dollars: [
          ['0.3100', '12.00'],
          ['0.3300', '4.50'],
        ],
        no_dollars: [['0.6000', '20.00']],
      },
    });
  });
});

// kalshi-api-notes §6.3: `depth` N (1–100) returns the N best levels, still ascending with the best last; 0 means all
// levels.
describe('REST order book depth', () => {
  it('keeps the N best levels of each side, ascending, and every level for depth 0', async () => {
    h.mock.exchange.setOrderbook(ticker, {
      yes: [
        [100_000, 100],
        [200_000, 100],
        [300_000, 100],
      ],
      no: [
        [460_000, 100],
        [470_000, 100],
        [480_000, 100],
      ],
    });
    const book = async (query: string) =>
      (await h.call('GET', `/markets/${ticker}/orderbook${query}`, undefined, false)).body.orderbook_fp;
    expect(await book('?depth=1')).toEqual({ yes_dollars: [['0.3000', '1.00']], no_dollars: [['0.4800', '1.00']] });
    expect(await book('?depth=2')).toEqual({
      yes_dollars: [
        ['0.2000', '1.00'],
        ['0.3000', '1.00'],
      ],
      no_dollars: [
        ['0.4700', '1.00'],
        ['0.4800', '1.00'],
      ],
    });
    expect((await book('?depth=0')).yes_dollars).toHaveLength(3);
    expect(await book('?depth=0')).toEqual(await book(''));
  });

  // Notes §6.3 "0 or negative = all levels", as the parameter's spec text says; its schema's `minimum: 0` contradicts
  // both, and the notes are the authority.
  it('takes a negative depth as every level', async () => {
    h.mock.exchange.setOrderbook(ticker, {
      yes: [
        [100_000, 100],
        [200_000, 100],
      ],
      no: [[460_000, 100]],
    });
    const response = await h.call('GET', `/markets/${ticker}/orderbook?depth=-1`, undefined, false);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body.orderbook_fp).toEqual({
      yes_dollars: [
        ['0.1000', '1.00'],
        ['0.2000', '1.00'],
      ],
      no_dollars: [['0.4600', '1.00']],
    });
  });
});
