import { describe, expect, it } from 'vitest';
import { harness, order } from '../helpers';
import { specErrors } from '../stream/conformance';
import { openSession } from '../stream/session';

// Spec 3.31.0 /portfolio/subaccounts* (numbers 1–63 beside the primary 0; transfers in cents, idempotent by
// client_transfer_id) and kalshi-api-notes §7 (`subaccount` omitted on orders/fills/settlements = all; on
// balance/positions = primary).
const TICKER = 'KXSUB-26JUN11-T50';
const T1 = '3f1b8a52-6c1d-4e2f-9a7b-0c5d8e9f1a2b';

async function setup() {
  // rateLimit sets the account's usage tier: creating a subaccount needs Advanced or above (spec CreateSubaccount)
  const h = await harness({ empty: true, now: Date.UTC(2026, 5, 11, 18), seed: 9, rateLimit: 'prime' });
  h.mock.exchange.addMarket({ ticker: TICKER });
  return h;
}

async function setupBasic() {
  const h = await harness({ empty: true, now: Date.UTC(2026, 5, 11, 18), seed: 9 });
  h.mock.exchange.addMarket({ ticker: TICKER });
  return h;
}

/** Subaccount 1, funded with $100 from the primary. */
async function setupWithSubaccount1() {
  const h = await setup();
  await h.call('POST', '/portfolio/subaccounts', {});
  await h.call('POST', '/portfolio/subaccounts/transfer', {
    client_transfer_id: T1,
    from_subaccount: 0,
    to_subaccount: 1,
    amount_cents: 10_000,
  });
  return h;
}

const balances = (body: { subaccount_balances: { subaccount_number: number; balance: string }[] }) =>
  Object.fromEntries(body.subaccount_balances.map((b) => [b.subaccount_number, b.balance]));

describe('subaccounts', () => {
  // Spec CreateSubaccount: "available to all users on the Advanced API tier and above"; notes §2.3: 403 for tier-gated
  // endpoints (§3.2 records no code string for a 403).
  it('refuses creating a subaccount from a Basic account with 403 naming the usage level, and creates none', async () => {
    const h = await harness({ empty: true, now: Date.UTC(2026, 5, 11, 18), seed: 9 });
    const sent = await h.call('POST', '/portfolio/subaccounts', {});
    expect(sent.status).toBe(403);
    expect(sent.body.error.code).toBe('forbidden');
    expect(sent.body.error.details).toMatch(/Advanced/);
    expect(sent.body.error.details).toMatch(/basic/);
    const listed = (await h.call('GET', '/portfolio/subaccounts/balances')).body.subaccount_balances;
    expect(listed.map((b: { subaccount_number: number }) => b.subaccount_number)).toEqual([0]);
  });

  it('creates a subaccount at the Advanced tier, and from a Basic account once the upgrade grants Advanced', async () => {
    const advanced = await harness({ empty: true, now: Date.UTC(2026, 5, 11, 18), seed: 9, rateLimit: 'advanced' });
    expect((await advanced.call('POST', '/portfolio/subaccounts', {})).status).toBe(201);

    const basic = await setupBasic();
    expect((await basic.call('POST', '/portfolio/events/orders', order(TICKER))).status).toBe(201);
    expect((await basic.call('POST', '/account/api_usage_level/upgrade', {})).status).toBe(201);
    expect(await basic.call('POST', '/portfolio/subaccounts', {})).toMatchObject({
      status: 201,
      body: { subaccount_number: 1 },
    });
  });

  it('creates numbered subaccounts and moves cash between them by transfer, once per client_transfer_id', async () => {
    const { call } = await setup();
    expect(await call('POST', '/portfolio/subaccounts', {})).toMatchObject({
      status: 201,
      body: { subaccount_number: 1 },
    });
    expect((await call('POST', '/portfolio/subaccounts', {})).body.subaccount_number).toBe(2);

    const move = { client_transfer_id: T1, from_subaccount: 0, to_subaccount: 1, amount_cents: 10_000 };
    expect(await call('POST', '/portfolio/subaccounts/transfer', move)).toMatchObject({ status: 200, body: {} });
    // The same transfer id again: applied once.
    expect((await call('POST', '/portfolio/subaccounts/transfer', move)).status).toBe(200);

    expect(balances((await call('GET', '/portfolio/subaccounts/balances')).body)).toEqual({
      0: '9900.0000',
      1: '100.0000',
      2: '0.0000',
    });
    expect((await call('GET', '/portfolio/balance?subaccount=1')).body).toMatchObject({
      balance: 10_000,
      balance_dollars: '100.0000',
    });
    expect((await call('GET', '/portfolio/balance')).body.balance_dollars).toBe('9900.0000');
    const { transfers } = (await call('GET', '/portfolio/subaccounts/transfers')).body;
    expect(transfers).toHaveLength(1);
    expect(transfers[0]).toMatchObject({
      from_subaccount: 0,
      to_subaccount: 1,
      amount_cents: 10_000,
      exchange_index: 0,
    });

    // More than subaccount 2 holds ($0), and to a subaccount that does not exist.
    const tooMuch = { client_transfer_id: crypto.randomUUID(), from_subaccount: 2, to_subaccount: 0, amount_cents: 1 };
    // Naming the field and what the source holds (STYLE: errors name the field and what was wrong; Kalshi's details for
    // a transfer are not recorded, notes §3.2 record none for an order's insufficient_balance).
    expect((await call('POST', '/portfolio/subaccounts/transfer', tooMuch)).body.error).toMatchObject({
      code: 'insufficient_balance',
      details: 'amount_cents: 1 is more than subaccount 2 has available (0 cents)',
    });
    const nowhere = { client_transfer_id: crypto.randomUUID(), from_subaccount: 0, to_subaccount: 9, amount_cents: 1 };
    expect((await call('POST', '/portfolio/subaccounts/transfer', nowhere)).body.error.details).toBe(
      'to_subaccount: 9 does not exist',
    );
  });

  // Spec ApplySubaccountTransferRequest.client_transfer_id: "Unique client-provided transfer ID for idempotency".
  // Kalshi's answer to the id reused with other terms is not recorded (notes silent); the mock answers as for a reused
  // client_order_id (notes §5.6: 409), so a changed request is never read as done.
  it('refuses a client_transfer_id reused with another amount or direction (409), moving nothing', async () => {
    const { call } = await setupWithSubaccount1();
    const first = { client_transfer_id: T1, from_subaccount: 0, to_subaccount: 1, amount_cents: 10_000 };
    for (const changed of [
      { ...first, amount_cents: 700 },
      { ...first, from_subaccount: 1, to_subaccount: 0 },
    ]) {
      const again = await call('POST', '/portfolio/subaccounts/transfer', changed);
      expect(again.status).toBe(409);
      expect(again.body.error.details).toContain(`client_transfer_id: ${T1}`);
    }
    expect(balances((await call('GET', '/portfolio/subaccounts/balances')).body)).toEqual({
      0: '9900.0000',
      1: '100.0000',
    });
    expect((await call('GET', '/portfolio/subaccounts/transfers')).body.transfers).toHaveLength(1);
  });

  it('orders and positions belong to their subaccount and spend its cash', async () => {
    const { call, mock } = await setupWithSubaccount1();
    // 300 YES at 0.40 cost $120: more than subaccount 1's $100, though the primary could pay.
    const big = await call(
      'POST',
      '/portfolio/events/orders',
      order(TICKER, { subaccount: 1, count: '300', price: '0.4000' }),
    );
    expect(big.body.error.code).toBe('insufficient_balance');

    const stream = openSession({ exchange: mock.exchange });
    stream.send({ id: 1, cmd: 'subscribe', params: { channels: ['market_positions'] } });
    // A counterparty sells 2 YES at 0.40; subaccount 1 buys them: $0.80 + fee 0.07 × 2 × 0.4 × 0.6 = $0.0336.
    mock.exchange.createOrder('bob', {
      ticker: TICKER,
      side: 'ask',
      price: 400_000,
      count: 200,
      timeInForce: 'good_till_canceled',
      selfTradePrevention: 'maker',
    });
    const bought = await call(
      'POST',
      '/portfolio/events/orders',
      order(TICKER, { subaccount: 1, count: '2', price: '0.4000' }),
    );
    expect(bought.status).toBe(201);
    expect((await call('GET', '/portfolio/balance?subaccount=1')).body.balance_dollars).toBe('99.1664');
    expect((await call('GET', '/portfolio/balance')).body.balance_dollars).toBe('9900.0000');

    const positions = async (query: string) =>
      (await call('GET', `/portfolio/positions${query}`)).body.market_positions.map(
        (p: { position_fp: string }) => p.position_fp,
      );
    expect(await positions('?subaccount=1')).toEqual(['2.00']);
    expect(await positions('')).toEqual([]); // omitted: the primary
    const streamed = stream.frames.filter((f) => f.type === 'market_position');
    expect(streamed.map((f) => [f.msg.subaccount, f.msg.position_fp])).toEqual([[1, '2.00']]);
    expect(await specErrors(streamed[0]!)).toEqual([]);

    const orderIds = async (query: string) =>
      (await call('GET', `/portfolio/orders${query}`)).body.orders.map((o: { order_id: string }) => o.order_id);
    expect(await orderIds('?subaccount=1')).toEqual([bought.body.order_id]);
    expect(await orderIds('?subaccount=0')).toEqual([]);
    expect(await orderIds('')).toEqual([bought.body.order_id]); // omitted: all
    const fills = (await call('GET', '/portfolio/fills?subaccount=1')).body.fills;
    expect(fills.map((f: { subaccount_number: number }) => f.subaccount_number)).toEqual([1]);
    // kalshi-api-notes §7: "`subaccount` omitted on orders/fills/settlements ⇒ all subaccounts".
    const allFills = (await call('GET', '/portfolio/fills')).body.fills;
    expect(allFills.map((f: { subaccount_number: number }) => f.subaccount_number)).toEqual([1]);

    expect((await call('POST', '/portfolio/events/orders', order(TICKER, { subaccount: 5 }))).body.error.details).toBe(
      'subaccount: 5 does not exist',
    );
  });

  // Spec 3.31.0 GetSettlements' SubaccountQuery: "If omitted, defaults to all subaccounts" (notes §7 alike). The
  // Settlement schema has no subaccount field, so the rows tell subaccounts apart only by what they hold.
  it('lists each subaccount’s settlements under ?subaccount=, and every subaccount’s when omitted', async () => {
    const { call, mock } = await setupWithSubaccount1();
    const now = Date.UTC(2026, 5, 11, 18);
    const settling = 'KXSUB-26JUN11-T60';
    mock.exchange.addMarket({ ticker: settling, openTime: now - 60_000, closeTime: now + 60_000 });
    // A counterparty sells 5 YES at 0.40; the primary buys 1 of them, subaccount 1 buys 2.
    mock.exchange.createOrder('bob', {
      ticker: settling,
      side: 'ask',
      price: 400_000,
      count: 500,
      timeInForce: 'good_till_canceled',
      selfTradePrevention: 'maker',
    });
    const buy = (count: string, subaccount?: number) =>
      call('POST', '/portfolio/events/orders', order(settling, { count, price: '0.4000', subaccount }));
    expect((await buy('1')).status).toBe(201);
    expect((await buy('2', 1)).status).toBe(201);
    mock.exchange.advanceTime(60_000);
    mock.exchange.determineMarket(settling, 'yes');
    // Far past any settlement timer: the market is paid.
    mock.exchange.advanceTime(86_400_000);

    const yesCounts = async (query: string) =>
      (await call('GET', `/portfolio/settlements${query}`)).body.settlements.map(
        (s: { ticker: string; yes_count_fp: string; revenue: number }) => [s.ticker, s.yes_count_fp, s.revenue],
      );
    // A winning YES contract pays $1 (notes §7: revenue in int cents).
    expect(await yesCounts('?subaccount=1')).toEqual([[settling, '2.00', 200]]);
    expect(await yesCounts('?subaccount=0')).toEqual([[settling, '1.00', 100]]);
    expect((await yesCounts('')).sort()).toEqual([
      [settling, '1.00', 100],
      [settling, '2.00', 200],
    ]);
    // Subaccount 2, opened empty, holds none.
    expect((await call('POST', '/portfolio/subaccounts', {})).body.subaccount_number).toBe(2);
    expect(await yesCounts('?subaccount=2')).toEqual([]);
  });

  // Spec 3.31.0 SubaccountBalance.updated_ts: "Unix timestamp of last balance update"; GetBalance's updated_ts alike.
  // Trial T (round 22): a settlement left a subaccount's row at its transfer's time, and GET /portfolio/balance
  // answered the clock whether or not anything changed. The balance is the available cash, so a trade, the collateral
  // a resting order holds, a transfer and a settlement each update it; the two endpoints agree.
  it('updated_ts is when the balance last changed, the same in both balance endpoints', async () => {
    const { call, mock } = await setupWithSubaccount1();
    const t0 = Date.UTC(2026, 5, 11, 18) / 1000; // the transfer
    const updated = async () => {
      const rows = (await call('GET', '/portfolio/subaccounts/balances')).body.subaccount_balances as {
        subaccount_number: number;
        updated_ts: number;
      }[];
      const byNumber = Object.fromEntries(rows.map((r) => [r.subaccount_number, r.updated_ts]));
      expect((await call('GET', '/portfolio/balance')).body.updated_ts).toBe(byNumber[0]);
      expect((await call('GET', '/portfolio/balance?subaccount=1')).body.updated_ts).toBe(byNumber[1]);
      return byNumber;
    };
    mock.exchange.advanceTime(600_000); // nothing happens for 10 minutes
    expect(await updated()).toEqual({ 0: t0, 1: t0 });

    const settling = 'KXSUB-26JUN11-T70';
    mock.exchange.addMarket({ ticker: settling, closeTime: Date.UTC(2026, 5, 11, 19) });
    mock.exchange.createOrder('bob', {
      ticker: settling,
      side: 'ask',
      price: 400_000,
      count: 200,
      timeInForce: 'good_till_canceled',
      selfTradePrevention: 'maker',
    });
    expect(
      (await call('POST', '/portfolio/events/orders', order(settling, { subaccount: 1, count: '2', price: '0.4000' })))
        .status,
    ).toBe(201);
    expect(await updated()).toEqual({ 0: t0, 1: t0 + 600 }); // the trade: subaccount 1 only

    mock.exchange.advanceTime(600_000);
    // A resting bid in the primary holds collateral: its available balance changes.
    expect(
      (await call('POST', '/portfolio/events/orders', order(settling, { count: '1', price: '0.1000' }))).status,
    ).toBe(201);
    expect(await updated()).toEqual({ 0: t0 + 1200, 1: t0 + 600 });

    mock.exchange.advanceTime(3_600_000); // past the close
    mock.exchange.determineMarket(settling, 'yes');
    mock.exchange.advanceTime(86_400_000); // far past any settlement timer
    const [settlement] = (await call('GET', '/portfolio/settlements?subaccount=1')).body.settlements;
    const settledAt = Date.parse(settlement.settled_time) / 1000;
    expect(settledAt).toBeGreaterThan(t0 + 1200);
    const after = await updated();
    expect(after[1]).toBe(settledAt);
    // The primary's resting bid was released when the market closed, before the settlement paid subaccount 1.
    expect(after[0]).toBeGreaterThan(t0 + 1200);
    expect(after[0]).toBeLessThanOrEqual(settledAt);
  });

  // Spec 3.31.0: cancel, amend and decrease take `?subaccount=` (SubaccountQueryDefaultPrimary, "Defaults to 0"), and
  // each batch-cancel item its own `subaccount` (default 0): an order of another subaccount is not there to act on.
  it('acts on an order only within its subaccount, the primary when none is named', async () => {
    const { call } = await setupWithSubaccount1();
    const place = async () =>
      (await call('POST', '/portfolio/events/orders', order(TICKER, { subaccount: 1, count: '3' }))).body
        .order_id as string;
    const id = await place();
    const path = `/portfolio/events/orders/${id}`;
    const amend = { ticker: TICKER, side: 'bid', price: '0.0200', count: '3' };
    const notFound = { status: 404, body: { error: { code: 'not_found' } } };
    expect(await call('DELETE', path)).toMatchObject(notFound);
    expect(await call('POST', `${path}/decrease`, { reduce_by: '1' })).toMatchObject(notFound);
    expect(await call('POST', `${path}/amend`, amend)).toMatchObject(notFound);
    expect(
      (await call('DELETE', '/portfolio/events/orders/batched', { orders: [{ order_id: id }] })).body,
    ).toMatchObject({ orders: [{ order_id: id, reduced_by: '0.00', error: { code: 'not_found' } }] });
    expect((await call('GET', `/portfolio/orders/${id}`)).body.order.remaining_count_fp).toBe('3.00');

    expect((await call('POST', `${path}/decrease?subaccount=1`, { reduce_by: '1' })).body.remaining_count).toBe('2.00');
    expect((await call('POST', `${path}/amend?subaccount=1`, amend)).status).toBe(200);
    expect((await call('DELETE', `${path}?subaccount=1`)).body.reduced_by).toBe('3.00');
    const other = await place();
    expect(
      (await call('DELETE', '/portfolio/events/orders/batched', { orders: [{ order_id: other, subaccount: 1 }] })).body,
    ).toMatchObject({ orders: [{ order_id: other, reduced_by: '3.00' }] });
  });

  // OR10. kalshi-api-notes §5.13: `DELETE /portfolio/events/orders[?subaccount=n]` cancels resting orders "(all
  // subaccounts if omitted)": with n, only subaccount n's.
  it('cancel-all with ?subaccount=1 cancels only that subaccount’s orders', async () => {
    const { call } = await setupWithSubaccount1();
    const primary = (await call('POST', '/portfolio/events/orders', order(TICKER))).body.order_id;
    const sub = (await call('POST', '/portfolio/events/orders', order(TICKER, { subaccount: 1 }))).body.order_id;
    expect((await call('DELETE', '/portfolio/events/orders?subaccount=1')).status).toBe(204);
    expect((await call('GET', `/portfolio/orders/${sub}`)).body.order.status).toBe('canceled');
    expect((await call('GET', `/portfolio/orders/${primary}`)).body.order.status).toBe('resting');
  });

  it('keeps the netting setting per subaccount', async () => {
    const { call } = await setup();
    await call('POST', '/portfolio/subaccounts', {});
    expect((await call('PUT', '/portfolio/subaccounts/netting', { subaccount_number: 1, enabled: false })).status).toBe(
      200,
    );
    expect((await call('GET', '/portfolio/subaccounts/netting')).body.netting_configs).toEqual([
      { subaccount_number: 0, enabled: true, exchange_index: 0 },
      { subaccount_number: 1, enabled: false, exchange_index: 0 },
    ]);
  });

  // What the setting does in the mock (README, "subaccounts"): nothing it could show. Spec EventData.collateral_return_type
  // ties netting to collateral return across an event's markets (MECNET/DIRECNET), which the mock does not model; YES
  // and NO in one market are one signed position (spec MarketPosition.position_fp: "Negative means NO contracts and
  // positive means YES contracts"), so buying 2 YES then 2 NO leaves 0 whatever the setting (round 22, T2).
  it('nets YES against NO in one market with netting turned off: one signed position per market', async () => {
    const { call, mock } = await setupWithSubaccount1();
    expect((await call('PUT', '/portfolio/subaccounts/netting', { subaccount_number: 1, enabled: false })).status).toBe(
      200,
    );
    const resting = {
      ticker: TICKER,
      count: 200,
      timeInForce: 'good_till_canceled',
      selfTradePrevention: 'maker',
    } as const;
    mock.exchange.createOrder('bob', { ...resting, side: 'ask', price: 400_000 });
    await call('POST', '/portfolio/events/orders', order(TICKER, { subaccount: 1, count: '2', price: '0.4000' }));
    mock.exchange.createOrder('bob', { ...resting, side: 'bid', price: 450_000 });
    const sold = order(TICKER, { subaccount: 1, count: '2', price: '0.4500', side: 'ask' }); // buys NO at 0.55
    expect((await call('POST', '/portfolio/events/orders', sold)).body.fill_count).toBe('2.00');
    const positions = (await call('GET', '/portfolio/positions?subaccount=1')).body.market_positions;
    expect(
      positions
        .filter((p: { ticker: string }) => p.ticker === TICKER)
        .map((p: { position_fp: string }) => p.position_fp),
    ).toEqual(['0.00']);
  });

  // ApplySubaccountTransferRequest.amount_cents is typed an integer only and the notes are silent on 0: the mock
  // refuses a transfer that would move nothing, as it refuses a negative one, naming the field (subaccounts.ts
  // transfer), and records nothing. (Mutation gap SA03.)
  it('refuses a transfer of 0 cents naming amount_cents, and records no transfer', async () => {
    const { call } = await setupWithSubaccount1();
    const zero = { client_transfer_id: crypto.randomUUID(), from_subaccount: 0, to_subaccount: 1, amount_cents: 0 };
    expect(await call('POST', '/portfolio/subaccounts/transfer', zero)).toMatchObject({
      status: 400,
      body: { error: { code: 'invalid_parameters', details: 'amount_cents: must be a positive integer' } },
    });
    expect((await call('GET', '/portfolio/subaccounts/transfers')).body.transfers).toHaveLength(1);
  });

  // Spec CreateSubaccountRequest / ApplySubaccountTransferRequest / CreateOrderGroupRequest: exchange_index "Defaults
  // to 0" (validate gte=0); notes §5.2: only shard 0 exists. Kalshi's answer to another shard is not recorded: 400
  // invalid_parameters naming the field, as for the order writes (round 26's verifier, D2). Nothing is created or moved.
  it.each([7, -1])('refuses exchange_index %i on subaccount create, transfer and order-group create', async (index) => {
    const { call } = await setupWithSubaccount1();
    const refused = (response: { status: number; body: { error: { code: string; details: string } } }) => {
      expect(response.status).toBe(400);
      expect(response.body.error.code).toBe('invalid_parameters');
      expect(response.body.error.details).toMatch(
        new RegExp(`^exchange_index: ${index} does not exist \\(only shard 0 does\\)$`),
      );
    };
    refused(await call('POST', '/portfolio/subaccounts', { exchange_index: index }));
    const transfer = { client_transfer_id: crypto.randomUUID(), from_subaccount: 0, to_subaccount: 1, amount_cents: 1 };
    refused(await call('POST', '/portfolio/subaccounts/transfer', { ...transfer, exchange_index: index }));
    refused(await call('POST', '/portfolio/order_groups/create', { contracts_limit: 5, exchange_index: index }));
    expect((await call('GET', '/portfolio/subaccounts/transfers')).body.transfers).toHaveLength(1);
    expect((await call('GET', '/portfolio/order_groups')).body.order_groups).toEqual([]);
    expect((await call('POST', '/portfolio/subaccounts', { exchange_index: 0 })).body).toEqual({
      subaccount_number: 2,
    });
  });

  // amount_cents is an int64 (spec ApplySubaccountTransferRequest): a value above 2^53 − 1 is valid and more than any
  // balance, so it is refused as an amount above the balance is (notes §3.2 insufficient_balance: "cost exceeds
  // available balance"), not as a malformed amount; the notes are silent on this case. Nothing moves.
  it.each([2 ** 53 + 2, 2 ** 62])(
    'answers amount_cents %d (an int64 above 2^53) with insufficient_balance',
    async (cents) => {
      const { call } = await setupWithSubaccount1();
      const huge = {
        client_transfer_id: crypto.randomUUID(),
        from_subaccount: 0,
        to_subaccount: 1,
        amount_cents: cents,
      };
      expect(await call('POST', '/portfolio/subaccounts/transfer', huge)).toMatchObject({
        status: 400,
        body: { error: { code: 'insufficient_balance' } },
      });
      expect((await call('GET', '/portfolio/subaccounts/transfers')).body.transfers).toHaveLength(1);
      expect(balances((await call('GET', '/portfolio/subaccounts/balances')).body)).toEqual({
        0: '9900.0000',
        1: '100.0000',
      });
    },
  );
});
