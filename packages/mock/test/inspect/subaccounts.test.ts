import { expect, it } from 'vitest';
import { harness, order } from '../helpers';

// T-D3: `kalshi.inspect` read only the primary account's positions and balance, and dropped `subaccount_number` from
// fills. Its `subaccount` follows the REST API's `subaccount` query parameter (spec: 0 is the primary, 1–63 the
// subaccounts): on GET /portfolio/balance and /portfolio/positions it "Defaults to 0" (SubaccountQueryDefaultPrimary),
// on /portfolio/fills and /portfolio/orders "If omitted, defaults to all subaccounts" (SubaccountQuery); kalshi-api-notes
// §7 say the same. Fills carry `subaccount_number` on REST (spec Fill).
const TICKER = 'KXSUB-26JUN11-T50';

/** Subaccount 1 funded with $100, and 2 YES bought in it at 0.60 from the only offer. */
async function setup() {
  // rateLimit sets the account's usage tier: creating a subaccount needs Advanced or above (spec CreateSubaccount)
  const h = await harness({ empty: true, now: Date.UTC(2026, 5, 11, 18), seed: 9, rateLimit: 'prime' });
  h.mock.exchange.addMarket({ ticker: TICKER });
  h.mock.exchange.setOrderbook(TICKER, { no: [[400_000, 1_000]] }); // YES offered at 0.60, 10 contracts
  expect((await h.call('POST', '/portfolio/subaccounts', {})).body.subaccount_number).toBe(1);
  const transfer = {
    client_transfer_id: '3f1b8a52-6c1d-4e2f-9a7b-0c5d8e9f1a2b',
    from_subaccount: 0,
    to_subaccount: 1,
    amount_cents: 10_000,
  };
  expect((await h.call('POST', '/portfolio/subaccounts/transfer', transfer)).status).toBe(200);
  const bought = await h.call(
    'POST',
    '/portfolio/events/orders',
    order(TICKER, { price: '0.6000', count: '2', subaccount: 1 }),
  );
  expect(bought.status).toBe(201);
  return { ...h, orderId: bought.body.order_id as string };
}

it('reads a subaccount’s positions and balance as REST does with ?subaccount=, the primary by default', async () => {
  const h = await setup();
  const positions = (await h.call('GET', '/portfolio/positions?subaccount=1')).body.market_positions;
  const inspected = h.mock.inspect.positions({ subaccount: 1 });
  expect(inspected).toEqual([expect.objectContaining({ ticker: TICKER, position_fp: '2.00' })]);
  expect(positions).toHaveLength(1);
  expect(positions[0]).toMatchObject(inspected[0]!);
  expect((await h.call('GET', '/portfolio/balance?subaccount=1')).body).toMatchObject(
    h.mock.inspect.balance({ subaccount: 1 }),
  );
  // Omitted: the primary, which holds nothing and $9,900.
  expect(h.mock.inspect.positions()).toEqual([]);
  expect(h.mock.inspect.balance()).toEqual(h.mock.inspect.balance({ subaccount: 0 }));
  expect(h.mock.inspect.balance().balance_dollars).toBe('9900.0000');
});

it('keeps subaccount_number on fills and filters fills and orders by subaccount, all of them by default', async () => {
  const h = await setup();
  const rest = (await h.call('GET', '/portfolio/fills')).body.fills;
  const fills = h.mock.inspect.fills();
  expect(fills).toEqual([expect.objectContaining({ order_id: h.orderId, count_fp: '2.00', subaccount_number: 1 })]);
  expect(rest[0]).toMatchObject(fills[0]!);
  expect(h.mock.inspect.fills({ subaccount: 1 })).toEqual(fills);
  expect(h.mock.inspect.fills({ subaccount: 0 })).toEqual([]);
  expect(h.mock.inspect.orders({ subaccount: 1 }).map((o) => o.order_id)).toEqual([h.orderId]);
  // The order names its subaccount as REST's Order does (spec Order.subaccount_number).
  const restOrder = (await h.call('GET', `/portfolio/orders/${h.orderId}`)).body.order;
  expect([restOrder.subaccount_number, h.mock.inspect.order(h.orderId)?.subaccount_number]).toEqual([1, 1]);
  expect(h.mock.inspect.orders({ subaccount: 0 })).toEqual([]);
});

it('names a subaccount the account does not have', async () => {
  const h = await setup();
  expect(() => h.mock.inspect.positions({ subaccount: 2 })).toThrow(
    /^subaccount: .*no subaccount 2 .*\(subaccounts: 0, 1\)/,
  );
  expect(() => h.mock.inspect.balance({ subaccount: -1 })).toThrow(/^subaccount: /);
  expect(() => h.mock.inspect.fills({ subaccount: 1.5 })).toThrow(/^subaccount: /);
  // From untyped code (verifier V): the string '1' is not subaccount 1, and the message must not read as if it were.
  expect(() => h.mock.inspect.positions({ subaccount: '1' as unknown as number })).toThrow(
    /no subaccount "1" \(subaccounts: 0, 1\)/,
  );
});
