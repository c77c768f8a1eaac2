import { beforeEach, describe, expect, it } from 'vitest';
import { type Harness, harness, order } from '../helpers';

// `exchange_index: -1` asks for auto-routing, which needs the market ticker. Spec 3.31.0: CancelOrderV2 "Auto-routing
// requires `market_ticker`. An `order_id` alone cannot identify the exchange shard." and its `exchange_index` "Use -1
// to require auto-routing. The market_ticker parameter is required for auto-routing."; DecreaseOrderV2Request
// `exchange_index` "Use -1 to require auto-routing by market ticker"; BatchCancelOrdersV2 "For auto-routing, each
// order must include `market_ticker`". Kalshi's status and code for the refusal are not recorded: the mock answers
// the notes' generic 400 `invalid_parameters` (§3.2), naming `market_ticker` (a batch item fails on its own, as the
// mock's other item checks do).

let h: Harness;
let ticker: string;
beforeEach(async () => {
  h = await harness({ seed: 2 });
  ticker = [...h.mock.exchange.markets.values()].find((m) => m.status === 'active')!.ticker;
});

async function place(): Promise<string> {
  const created = await h.call('POST', '/portfolio/events/orders', order(ticker, { count: '3' }));
  expect(created.status).toBe(201);
  return created.body.order_id;
}

const remaining = async (id: string) => (await h.call('GET', `/portfolio/orders/${id}`)).body.order;

function expectRefused(error: { code: string; details?: string }) {
  expect(error.code).toBe('invalid_parameters');
  expect(error.details).toMatch(/market_ticker/);
  expect(error.details).toMatch(/exchange_index/);
}

describe('exchange_index -1 (require auto-routing) without market_ticker', () => {
  it('CancelOrderV2 ?exchange_index=-1 is refused with 400 and the order stays', async () => {
    const id = await place();
    const refused = await h.call('DELETE', `/portfolio/events/orders/${id}?exchange_index=-1`);
    expect(refused.status).toBe(400);
    expectRefused(refused.body.error);
    expect((await remaining(id)).status).toBe('resting');
  });

  it('DecreaseOrderV2 { exchange_index: -1 } is refused with 400 and the order keeps its size', async () => {
    const id = await place();
    const refused = await h.call('POST', `/portfolio/events/orders/${id}/decrease`, {
      reduce_by: '1',
      exchange_index: -1,
    });
    expect(refused.status).toBe(400);
    expectRefused(refused.body.error);
    expect((await remaining(id)).remaining_count_fp).toBe('3.00');
  });

  it('a BatchCancelOrdersV2 item { order_id, exchange_index: -1 } fails on its own; the others are canceled', async () => {
    const [a, b] = [await place(), await place()];
    const response = await h.call('DELETE', '/portfolio/events/orders/batched', {
      orders: [{ order_id: a, exchange_index: -1 }, { order_id: b }],
    });
    expect(response.status).toBe(200);
    const [refused, canceled] = response.body.orders;
    expect(refused).toMatchObject({ order_id: a, reduced_by: '0.00' });
    expectRefused(refused.error);
    expect(canceled).toMatchObject({ order_id: b, reduced_by: '3.00' });
    expect((await remaining(a)).status).toBe('resting');
  });

  it('with market_ticker, -1 auto-routes to the one shard as before', async () => {
    const [a, b, c] = [await place(), await place(), await place()];
    const cancel = await h.call('DELETE', `/portfolio/events/orders/${a}?exchange_index=-1&market_ticker=${ticker}`);
    expect(cancel.status).toBe(200);
    const decrease = await h.call('POST', `/portfolio/events/orders/${b}/decrease`, {
      reduce_by: '1',
      exchange_index: -1,
      market_ticker: ticker,
    });
    expect(decrease.body.remaining_count).toBe('2.00');
    const batch = await h.call('DELETE', '/portfolio/events/orders/batched', {
      orders: [{ order_id: c, exchange_index: -1, market_ticker: ticker }],
    });
    expect(batch.body.orders[0]).toMatchObject({ order_id: c, reduced_by: '3.00' });
    expect(batch.body.orders[0].error).toBeUndefined();
  });

  it('with exchange_index omitted and no market_ticker, the order is found on shard 0 ("otherwise defaults to 0")', async () => {
    const id = await place();
    expect((await h.call('DELETE', `/portfolio/events/orders/${id}`)).status).toBe(200);
  });
});

// kalshi-api-notes §5.2 `exchange_index`: "shard; omit/−1 = auto-route by ticker; only 0 exists today". Another value
// names no shard; Kalshi's answer is not recorded: the mock refuses it as it refuses a subaccount that does not exist,
// 400 `invalid_parameters` naming the field, and acts on nothing.
describe('an exchange_index that names no shard', () => {
  function expectNoShard(error: { code: string; details?: string }, index: number) {
    expect(error.code).toBe('invalid_parameters');
    expect(error.details).toMatch(new RegExp(`^exchange_index: ${index} does not exist`));
  }

  it.each([7, -2, 1])(
    'CreateOrderV2 { exchange_index: %i } is refused with 400 and no order is placed',
    async (index) => {
      const refused = await h.call('POST', '/portfolio/events/orders', order(ticker, { exchange_index: index }));
      expect(refused.status).toBe(400);
      expectNoShard(refused.body.error, index);
      expect((await h.call('GET', '/portfolio/orders')).body.orders).toEqual([]);
    },
  );

  it('shard 0 and -1 (auto-route by ticker) place the order', async () => {
    for (const index of [0, -1])
      expect((await h.call('POST', '/portfolio/events/orders', order(ticker, { exchange_index: index }))).status).toBe(
        201,
      );
  });

  it('a BatchCreateOrdersV2 item with exchange_index 9 fails on its own; the other is placed', async () => {
    const response = await h.call('POST', '/portfolio/events/orders/batched', {
      orders: [order(ticker, { exchange_index: 9 }), order(ticker)],
    });
    expect(response.status).toBe(201);
    const [refused, placed] = response.body.orders;
    expectNoShard(refused.error, 9);
    expect(placed.order_id).toEqual(expect.any(String));
    expect((await h.call('GET', '/portfolio/orders')).body.orders).toHaveLength(1);
  });

  it('amend, decrease, cancel and a batch-cancel item with exchange_index 3 are refused and the order is unchanged', async () => {
    const id = await place();
    const amend = await h.call('POST', `/portfolio/events/orders/${id}/amend`, {
      ticker,
      side: 'bid',
      price: '0.0200',
      count: '3',
      exchange_index: 3,
    });
    expect(amend.status).toBe(400);
    expectNoShard(amend.body.error, 3);
    const decrease = await h.call('POST', `/portfolio/events/orders/${id}/decrease`, {
      reduce_by: '1',
      exchange_index: 3,
    });
    expect(decrease.status).toBe(400);
    expectNoShard(decrease.body.error, 3);
    const cancel = await h.call('DELETE', `/portfolio/events/orders/${id}?exchange_index=3`);
    expect(cancel.status).toBe(400);
    expectNoShard(cancel.body.error, 3);
    const batch = await h.call('DELETE', '/portfolio/events/orders/batched', {
      orders: [{ order_id: id, exchange_index: 3 }],
    });
    expectNoShard(batch.body.orders[0].error, 3);
    expect(await remaining(id)).toMatchObject({
      status: 'resting',
      remaining_count_fp: '3.00',
      yes_price_dollars: '0.0100',
    });
  });
});

// Auto-routing finds the shard from the market ticker ("If omitted, auto-routes when market_ticker is provided"): a
// market_ticker that names no market routes nowhere. Kalshi's answer is not recorded (the notes are silent); the
// mock answers as for any unknown market (404 `not_found`, notes §6.1) naming the request's own field, and acts on
// nothing, so that code green on the mock is not refused by Kalshi for a misspelt ticker.
describe('a market_ticker that names no market, for auto-routing', () => {
  const NOPE = 'KXNOPE-26DEC31-T1';
  const expectNoMarket = (error: { code: string; details?: string }) =>
    expect(error).toMatchObject({ code: 'not_found', details: `market_ticker: no market ${NOPE}` });

  it.each(['', '&exchange_index=-1'])(
    'CancelOrderV2 ?market_ticker=<unknown>%s is 404 naming it; the order stays',
    async (extra) => {
      const id = await place();
      const refused = await h.call('DELETE', `/portfolio/events/orders/${id}?market_ticker=${NOPE}${extra}`);
      expect(refused.status).toBe(404);
      expectNoMarket(refused.body.error);
      expect((await remaining(id)).status).toBe('resting');
    },
  );

  it('DecreaseOrderV2 { market_ticker: <unknown> } is 404 naming it; the order keeps its size', async () => {
    const id = await place();
    const refused = await h.call('POST', `/portfolio/events/orders/${id}/decrease`, {
      reduce_by: '1',
      market_ticker: NOPE,
    });
    expect(refused.status).toBe(404);
    expectNoMarket(refused.body.error);
    expect((await remaining(id)).remaining_count_fp).toBe('3.00');
  });

  it('a BatchCancelOrdersV2 item with an unknown market_ticker fails on its own; the other is canceled', async () => {
    const [a, b] = [await place(), await place()];
    const response = await h.call('DELETE', '/portfolio/events/orders/batched', {
      orders: [
        { order_id: a, market_ticker: NOPE },
        { order_id: b, market_ticker: ticker },
      ],
    });
    expect(response.status).toBe(200);
    const [refused, canceled] = response.body.orders;
    expect(refused).toMatchObject({ order_id: a, reduced_by: '0.00' });
    expectNoMarket(refused.error);
    expect(canceled).toMatchObject({ order_id: b, reduced_by: '3.00' });
    expect((await remaining(a)).status).toBe('resting');
  });
});

// CancelOrderV2 `market_ticker` routes the cancel by the market ("Required for auto-routing"); the order's own market
// is the only one that can route to it. Another existing market's ticker still canceled the order, so a caller's
// mix-up of two orders went unnoticed. The notes list `order_ticker_mismatch` for create, amend and cancel (§3.2,
// D-cl 2026-01-26, status not stated): the mock answers it with 400, naming market_ticker and both markets.
describe("market_ticker of another existing market than the order's", () => {
  let other: string;
  beforeEach(() => {
    other = [...h.mock.exchange.markets.values()].find((m) => m.status === 'active' && m.ticker !== ticker)!.ticker;
  });

  function expectMismatch(error: { code: string; details?: string }, id: string) {
    expect(error.code).toBe('order_ticker_mismatch');
    expect(error.details).toBe(`market_ticker: order ${id} is in market ${ticker}, not ${other}`);
  }

  it('CancelOrderV2 is refused with 400 order_ticker_mismatch and the order stays', async () => {
    const id = await place();
    const refused = await h.call('DELETE', `/portfolio/events/orders/${id}?market_ticker=${other}`);
    expect(refused.status).toBe(400);
    expectMismatch(refused.body.error, id);
    expect((await remaining(id)).status).toBe('resting');
  });

  it('DecreaseOrderV2 is refused alike and the order keeps its size', async () => {
    const id = await place();
    const refused = await h.call('POST', `/portfolio/events/orders/${id}/decrease`, {
      reduce_by: '1',
      market_ticker: other,
    });
    expect(refused.status).toBe(400);
    expectMismatch(refused.body.error, id);
    expect((await remaining(id)).remaining_count_fp).toBe('3.00');
  });

  it('a BatchCancelOrdersV2 item fails on its own; the other is canceled', async () => {
    const [a, b] = [await place(), await place()];
    const response = await h.call('DELETE', '/portfolio/events/orders/batched', {
      orders: [
        { order_id: a, market_ticker: other },
        { order_id: b, market_ticker: ticker },
      ],
    });
    const [refused, canceled] = response.body.orders;
    expect(refused).toMatchObject({ order_id: a, reduced_by: '0.00' });
    expectMismatch(refused.error, a);
    expect(canceled).toMatchObject({ order_id: b, reduced_by: '3.00' });
    expect((await remaining(a)).status).toBe('resting');
  });
});
