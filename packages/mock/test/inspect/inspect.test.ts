import { expect, it } from 'vitest';
import { ControlInputError } from '../../src';
import { harness, order } from '../helpers';

// Issue 17 item 3: the exchange's state per account in the client's units. Expected values follow kalshi-api-notes
// §4 (prices 4 decimals, counts 2, costs and fees 6) and §5.4 (bid → outcome yes, ask → outcome no; yes + no = 1).
async function setup() {
  const h = await harness({ seed: 3 });
  const ticker = [...h.mock.exchange.markets.values()].find((m) => m.status === 'active')!.ticker;
  // The only offer: YES at 0.60 (a NO bid at 0.40), 10 contracts.
  h.mock.exchange.setOrderbook(ticker, { no: [[400_000, 1_000]] });
  const taker = await h.call('POST', '/portfolio/events/orders', order(ticker, { price: '0.6000', count: '2' }));
  const maker = await h.call('POST', '/portfolio/events/orders', order(ticker, { side: 'ask', price: '0.6500' }));
  expect([taker.status, maker.status]).toEqual([201, 201]);
  return { ...h, ticker, takerId: taker.body.order_id as string, makerId: maker.body.order_id as string };
}

it('lists the test account’s orders newest first, in fixed-point strings', async () => {
  const { mock, ticker, takerId, makerId } = await setup();
  const orders = mock.inspect.orders();
  expect(orders.map((o) => o.order_id)).toEqual([makerId, takerId]);
  expect(orders[0]).toMatchObject({
    ticker,
    status: 'resting',
    book_side: 'ask',
    outcome_side: 'no',
    yes_price_dollars: '0.6500',
    no_price_dollars: '0.3500',
    initial_count_fp: '1.00',
    remaining_count_fp: '1.00',
    fill_count_fp: '0.00',
  });
  expect(orders[1]).toMatchObject({ status: 'executed', fill_count_fp: '2.00', remaining_count_fp: '0.00' });
  expect(orders[1]?.taker_fill_cost_dollars).toBe('1.200000');
  expect(mock.inspect.orders({ status: 'resting' }).map((o) => o.order_id)).toEqual([makerId]);
  expect(mock.inspect.orders({ ticker: 'NO-SUCH-MARKET' })).toEqual([]);
  expect(mock.inspect.order(makerId)?.yes_price_dollars).toBe('0.6500');
});

it('answers what the REST API answers the client, field for field', async () => {
  const h = await setup();
  const rest = (await h.call('GET', `/portfolio/orders?ticker=${h.ticker}`)).body.orders;
  expect(rest).toHaveLength(2);
  for (const inspected of h.mock.inspect.orders())
    expect(rest.find((o: { order_id: string }) => o.order_id === inspected.order_id)).toMatchObject(inspected);
  const balance = (await h.call('GET', '/portfolio/balance')).body;
  expect(balance).toMatchObject(h.mock.inspect.balance());
  const positions = (await h.call('GET', '/portfolio/positions')).body.market_positions;
  expect(positions).toHaveLength(1);
  expect(positions[0]).toMatchObject(h.mock.inspect.positions()[0]!);
  const fills = (await h.call('GET', '/portfolio/fills')).body.fills;
  expect(fills[0]).toMatchObject(h.mock.inspect.fills()[0]!);
});

it('gives positions, fills and balance in the client’s units', async () => {
  const { mock, ticker, takerId } = await setup();
  expect(mock.inspect.positions()).toEqual([expect.objectContaining({ ticker, position_fp: '2.00' })]);
  expect(mock.inspect.fills()).toEqual([
    expect.objectContaining({
      order_id: takerId,
      ticker,
      count_fp: '2.00',
      yes_price_dollars: '0.6000',
      no_price_dollars: '0.4000',
      book_side: 'bid',
      outcome_side: 'yes',
      is_taker: true,
    }),
  ]);
  expect(mock.inspect.fills({ orderId: 'other' })).toEqual([]);
  expect(mock.inspect.balance().balance_dollars).toMatch(/^\d+\.\d{4}$/);
});

it('lists fills newest first, with only the fields InspectedFill names', async () => {
  const { mock, call, ticker, takerId } = await setup();
  const again = await call('POST', '/portfolio/events/orders', order(ticker, { price: '0.6000', count: '1' }));
  expect(again.status).toBe(201);
  const fills = mock.inspect.fills();
  expect(fills.map((f) => f.order_id)).toEqual([again.body.order_id, takerId]);
  // The REST fill's deprecated `side`/`action`, `market_ticker` (≡ ticker), `ts` and `exchange_index` are left out.
  expect(Object.keys(fills[0]!).sort()).toEqual(
    [
      'fill_id',
      'trade_id',
      'order_id',
      'ticker',
      'outcome_side',
      'book_side',
      'count_fp',
      'yes_price_dollars',
      'no_price_dollars',
      'is_taker',
      'fee_cost',
      'created_time',
      'subaccount_number',
    ].sort(),
  );
});

it('filters positions and fills by ticker', async () => {
  const { mock, call, ticker, takerId } = await setup();
  // A second market traded too: 1 YES bought at 0.30 from the only offer there.
  const other = [...mock.exchange.markets.values()].find((m) => m.status === 'active' && m.ticker !== ticker)!.ticker;
  mock.exchange.setOrderbook(other, { no: [[700_000, 500]] });
  const bought = await call('POST', '/portfolio/events/orders', order(other, { price: '0.3000' }));
  expect(bought.status).toBe(201);
  expect(
    mock.inspect
      .positions()
      .map((p) => p.ticker)
      .sort(),
  ).toEqual([ticker, other].sort());
  expect(mock.inspect.positions({ ticker: other })).toEqual([
    expect.objectContaining({ ticker: other, position_fp: '1.00' }),
  ]);
  expect(mock.inspect.fills({ ticker }).map((f) => f.order_id)).toEqual([takerId]);
  expect(mock.inspect.fills({ ticker: other }).map((f) => f.order_id)).toEqual([bought.body.order_id]);
});

// Spec Order: created_time is when the order was placed, last_update_time when it last changed (here, its cancel).
it('stamps an order with the time it was placed and the time it last changed', async () => {
  const T = Date.UTC(2026, 5, 11, 18);
  const { mock, call } = await harness({ seed: 3, now: T });
  const ticker = [...mock.exchange.markets.values()].find((m) => m.status === 'active')!.ticker;
  const placed = await call('POST', '/portfolio/events/orders', order(ticker));
  expect(placed.status).toBe(201);
  mock.exchange.advanceTime(60_000);
  expect((await call('DELETE', `/portfolio/events/orders/${placed.body.order_id}`)).status).toBe(200);
  const inspected = mock.inspect.order(placed.body.order_id);
  expect(inspected?.status).toBe('canceled');
  expect([Date.parse(inspected?.created_time ?? ''), Date.parse(inspected?.last_update_time ?? '')]).toEqual([
    T,
    T + 60_000,
  ]);
});

// Round 25, tester P (nit): inspect left out a flat position that GET /portfolio/positions lists. The REST list holds
// "only unsettled positions" (kalshi-api-notes §7), a flat one included; inspect lists what it lists.
it('lists a position closed back to no contracts held, as GET /portfolio/positions does', async () => {
  const { mock, call, ticker } = await setup();
  mock.exchange.account('alice');
  // Alice bids 0.55 for 2 YES; the test account sells its 2 YES into that bid (an ask ≡ buying NO nets them out).
  mock.exchange.createOrder('alice', {
    ticker,
    side: 'bid',
    price: 550_000,
    count: 200,
    timeInForce: 'good_till_canceled',
    selfTradePrevention: 'maker',
  });
  const sold = await call(
    'POST',
    '/portfolio/events/orders',
    order(ticker, { side: 'ask', price: '0.5500', count: '2' }),
  );
  expect(sold.status).toBe(201);
  expect(sold.body.fill_count).toBe('2.00');
  expect(mock.inspect.positions()).toEqual([expect.objectContaining({ ticker, position_fp: '0.00' })]);
  const listed = (await call('GET', '/portfolio/positions')).body.market_positions;
  expect(listed).toEqual([expect.objectContaining({ ticker, position_fp: '0.00' })]);
  expect(listed[0]).toMatchObject(mock.inspect.positions()[0]!);
});

// Round 19 trial, nit 5: a status Kalshi does not have ('open') matched nothing, as if there were no such orders.
it("names a status that is not one of Kalshi's order statuses", async () => {
  const { mock } = await setup();
  expect(mock.inspect.orders({ status: 'resting' })).not.toEqual([]);
  // biome-ignore lint/suspicious/noExplicitAny: JavaScript callers can pass it
  expect(() => mock.inspect.orders({ status: 'open' as any })).toThrow(
    'status: "open" is not one of resting, canceled, executed',
  );
});

it('reads another account by user id, and names an unknown one', async () => {
  const { mock, ticker } = await setup();
  mock.exchange.account('alice');
  mock.exchange.createOrder('alice', {
    ticker,
    side: 'bid',
    price: 100_000,
    count: 300,
    timeInForce: 'good_till_canceled',
    selfTradePrevention: 'maker',
  });
  expect(mock.inspect.orders({ user: 'alice' })).toEqual([
    expect.objectContaining({
      user_id: 'alice',
      book_side: 'bid',
      yes_price_dollars: '0.1000',
      remaining_count_fp: '3.00',
    }),
  ]);
  expect(mock.inspect.orders().some((o) => o.user_id === 'alice')).toBe(false);
  expect(() => mock.inspect.orders({ user: 'bob' })).toThrow(/user: no account "bob"/);
});

// Omitted, `user` is the mock's test account (AccountFilter): never an unknown one, even after its own key was deleted
// (DELETE /api_keys/{id}) and a reset opened no account for it. It then holds nothing.
it('reads the test account as holding nothing, not as unknown, once its key is deleted and the exchange reset', async () => {
  const { mock, call } = await harness({ seed: 3 });
  expect((await call('DELETE', `/api_keys/${mock.credentials.keyId}`)).status).toBe(204);
  mock.exchange.reset();
  expect(() => mock.inspect.orders()).not.toThrow();
  expect(mock.inspect.orders()).toEqual([]);
  expect(mock.inspect.fills()).toEqual([]);
  expect(mock.inspect.positions()).toEqual([]);
});

// kalshi.inspect's errors are of the package's exported error hierarchy (ControlInputError: `field` names what was
// wrong, as for faults.add), with a `code` to branch on, and name the object asked for (the account, the subaccount).
it('an unknown account or subaccount is a ControlInputError with a code, naming it', async () => {
  const { mock } = await harness({ seed: 3 });
  const user = (() => {
    try {
      mock.inspect.balance({ user: 'nobody' });
    } catch (error) {
      return error;
    }
  })();
  expect(user).toBeInstanceOf(ControlInputError);
  // `status` is what a control route answers (control-schema.ts): 404 for what names nothing, as the other refusals.
  expect(user).toMatchObject({
    field: 'user',
    status: 404,
    code: 'account_not_found',
    message: expect.stringMatching(/"nobody"/),
  });
  const subaccount = (() => {
    try {
      mock.inspect.orders({ subaccount: 9 });
    } catch (error) {
      return error;
    }
  })();
  expect(subaccount).toBeInstanceOf(ControlInputError);
  expect(subaccount).toMatchObject({
    field: 'subaccount',
    status: 404,
    code: 'subaccount_not_found',
    message: expect.stringMatching(/subaccount 9/),
  });
});

// Round 21's verifier: a misspelt filter was dropped, so `orders({ stauts: 'resting' })` listed every order and an
// assertion on it could pass on the wrong orders. Each method takes its own filters; another key is refused.
it.each([
  ['orders', { stauts: 'resting' }, 'stauts: is not an option; did you mean "status"?'],
  ['fills', { order_id: 'o-1' }, 'order_id: is not an option; did you mean "orderId"?'],
  ['positions', { status: 'resting' }, 'status: is not an option (it takes user, subaccount, ticker)'],
  ['balance', { ticker: 'T' }, 'ticker: is not an option (it takes user, subaccount)'],
] as const)('inspect.%s refuses the filter %j, naming it', async (method, filter, message) => {
  const { mock } = await harness({ seed: 3 });
  const inspect = mock.inspect[method] as (filter: object) => unknown;
  let refusal: unknown;
  try {
    inspect(filter);
  } catch (error) {
    refusal = error;
  }
  expect(refusal).toBeInstanceOf(ControlInputError);
  expect(refusal).toMatchObject({ field: Object.keys(filter)[0], message });
});
