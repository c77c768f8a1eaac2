import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type MockUser, TEST_USER_ID } from '../../src';
import { type RunningKalshiMockServer, startKalshiMockServer } from '../../src/node';
import { order } from '../helpers';
import { connect, type Message, rest, type TestSocket } from '../stream/client';
import { specErrors } from '../stream/conformance';

// Order groups as a kill switch, from kalshi-api-notes §5.14 and the spec's operation descriptions: member fills
// summed over a rolling 15 s window; hitting the limit (or a manual trigger) cancels every resting member and
// refuses new members until reset; lowering the limit below the window's volume triggers at once; delete cancels
// the members; `order_group_updates` reports created/triggered/reset/deleted/limit_updated.
const TICKER = 'KXOG-26DEC01-T1';
const D = (dollars: string) => Math.round(Number(dollars) * 1e6); // test inputs only

let server: RunningKalshiMockServer;
let socket: TestSocket;
let counterparty: MockUser;
beforeAll(async () => {
  server = await startKalshiMockServer({
    empty: true,
    now: 1_790_000_000_000,
    seed: 11,
    users: 1,
    pingIntervalMs: 0,
    rateLimit: 'prime', // the subaccount test needs Advanced or above (spec CreateSubaccount)
  });
  counterparty = server.mock.users[0] as MockUser;
});
beforeEach(async () => {
  server.mock.exchange.reset();
  server.mock.exchange.addMarket({ ticker: TICKER });
  socket = await connect(server);
  socket.send({ id: 1, cmd: 'subscribe', params: { channels: ['order_group_updates'] } });
  await socket.next((m) => m.type === 'subscribed', 30_000);
});
afterEach(async () => {
  // Every frame the mock sent satisfies the AsyncAPI spec.
  for (const message of socket.received) expect(await specErrors(message), JSON.stringify(message)).toEqual([]);
  socket.ws.terminate();
});
afterAll(() => server.close());

const groupUpdate = (event: string) => (m: Message) => m.type === 'order_group_updates' && m.msg.event_type === event;

/** The counterparty sells YES into the test user's bids (IOC). */
function sell(count: number, price: string) {
  return server.mock.exchange.createOrder(counterparty.userId, {
    ticker: TICKER,
    side: 'ask',
    price: D(price),
    count: count * 100,
    timeInForce: 'immediate_or_cancel',
    selfTradePrevention: 'taker_at_cross',
  });
}

async function group(limit: number) {
  const created = await rest(server, 'POST', '/portfolio/order_groups/create', { contracts_limit: limit });
  expect(created.status).toBe(201);
  return created.body.order_group_id as string;
}

const place = (groupId: string, count: string, price: string) =>
  rest(server, 'POST', '/portfolio/events/orders', order(TICKER, { count, price, order_group_id: groupId }));

describe('order groups', () => {
  it('trigger on the limit: resting members canceled, new members refused until reset', async () => {
    const id = await group(5);
    const created = await socket.next(groupUpdate('created'), 30_000);
    expect(created.msg).toMatchObject({ order_group_id: id, contracts_limit_fp: '5.00' });
    const first = (await place(id, '3', '0.4000')).body.order_id;
    const second = (await place(id, '4', '0.3900')).body.order_id;
    expect(sell(3, '0.40').fills).toHaveLength(1); // 3 in the window: under the limit
    expect((await rest(server, 'GET', `/portfolio/orders/${second}`)).body.order.status).toBe('resting');
    sell(3, '0.39'); // 6 matched within 15 s: past the limit of 5

    const triggered = await socket.next(groupUpdate('triggered'), 30_000);
    expect(triggered.msg.order_group_id).toBe(id);
    expect(triggered.msg.contracts_limit_fp).toBeUndefined(); // only on created / limit_updated
    const after = (await rest(server, 'GET', `/portfolio/orders/${second}`)).body.order;
    expect(after).toMatchObject({ status: 'canceled', fill_count_fp: '3.00', remaining_count_fp: '0.00' });
    // Neither member rests any more (first executed, second canceled): the group lists none (see the test below).
    expect(first).toEqual(expect.any(String));
    expect((await rest(server, 'GET', `/portfolio/order_groups/${id}`)).body).toMatchObject({
      contracts_limit_fp: '5.00',
      orders: [],
    });
    expect((await rest(server, 'GET', `/markets/${TICKER}/orderbook`)).body.orderbook_fp.yes_dollars).toEqual([]);
    const refused = await place(id, '1', '0.3000');
    expect(refused.status).toBe(400);

    expect((await rest(server, 'PUT', `/portfolio/order_groups/${id}/reset`, {})).status).toBe(200);
    await socket.next(groupUpdate('reset'), 30_000);
    expect((await place(id, '1', '0.3000')).status).toBe(201);
  });

  // GetOrderGroupResponse.orders: "List of order IDs that belong to this order group"; the notes (§5.14) are silent on
  // which. Recorded on demo, the margin engine (FXP `groups__get` → `groups__get_after_reset`, notes §5.14's "same
  // engine family", corroboration only): a new group lists `[]`; one GTC member placed (`orders__create_in_group`), the
  // group triggered (its member canceled, `orders__get_after_group_trigger`) then reset, the group lists `[]` again.
  // The recording does not separate "resting members only" from "cleared at reset"; the mock lists the orders the
  // group can still cancel (D-og: a trigger cancels "all resting orders in the group"), its resting members.
  it('lists its resting members only: a canceled member leaves the list, as recorded after trigger and reset', async () => {
    const id = await group(100);
    const listed = async () => (await rest(server, 'GET', `/portfolio/order_groups/${id}`)).body.orders;
    expect(await listed()).toEqual([]);
    const member = (await place(id, '1', '0.3000')).body.order_id;
    expect(await listed()).toEqual([member]);
    expect((await rest(server, 'PUT', `/portfolio/order_groups/${id}/trigger`, {})).status).toBe(200);
    expect((await rest(server, 'GET', `/portfolio/orders/${member}`)).body.order.status).toBe('canceled');
    expect(await listed()).toEqual([]);
    expect((await rest(server, 'PUT', `/portfolio/order_groups/${id}/reset`, {})).status).toBe(200);
    expect(await listed()).toEqual([]); // recorded (FXP groups__get_after_reset)
    const again = (await place(id, '2', '0.3000')).body.order_id;
    sell(2, '0.30'); // fills it whole: executed, no longer resting
    expect((await rest(server, 'GET', `/portfolio/orders/${again}`)).body.order.status).toBe('executed');
    expect(await listed()).toEqual([]);
  });

  // The notes and AsyncAPI (user_orders: one `user_order` per order update) are silent on how many messages a change
  // makes; an order canceled once is told once. A taker its own group cancels mid-match (the trigger cancels every
  // member, the taker with them) was told twice, the same canceled order both times.
  it('a taker its own group cancels mid-match is told once on user_orders', async () => {
    const orders = await connect(server);
    orders.send({ id: 1, cmd: 'subscribe', params: { channels: ['user_orders'] } });
    await orders.next((m) => m.type === 'subscribed', 30_000);
    // Three makers of 1 contract at 0.50; the taker (GTC, 4 at 0.50) in a group of limit 2.
    for (let i = 0; i < 3; i++)
      server.mock.exchange.createOrder(counterparty.userId, {
        ticker: TICKER,
        side: 'ask',
        price: D('0.50'),
        count: 100,
        timeInForce: 'good_till_canceled',
        selfTradePrevention: 'taker_at_cross',
      });
    const id = await group(2);
    const taker = await place(id, '4', '0.5000');
    expect(taker.status).toBe(201);
    await socket.next(groupUpdate('triggered'), 30_000); // the third contract took the group past 2
    // A later order's message: everything about the taker came before it on this connection.
    const later = (await place(await group(10), '1', '0.1000')).body.order_id;
    await orders.next((m) => m.type === 'user_order' && m.msg.order_id === later, 30_000);
    const told = orders.received.filter((m) => m.type === 'user_order' && m.msg.order_id === taker.body.order_id);
    expect(told.map((m) => [m.msg.status, m.msg.fill_count_fp, m.msg.remaining_count_fp])).toEqual([
      ['canceled', '3.00', '0.00'],
    ]);
    orders.ws.terminate();
  });

  // OG5. §5.14: "Reset clears state and counter."
  it('a reset clears the counter: fills before it no longer count towards the limit', async () => {
    const id = await group(5);
    expect((await place(id, '10', '0.4000')).status).toBe(201);
    sell(6, '0.40'); // 6 within 15 s: past the limit of 5, triggered
    await socket.next(groupUpdate('triggered'), 30_000);
    expect((await rest(server, 'PUT', `/portfolio/order_groups/${id}/reset`, {})).status).toBe(200);
    const after = (await place(id, '2', '0.3000')).body.order_id;
    sell(1, '0.30'); // 1 since the reset: under the limit
    const state = (await rest(server, 'GET', `/portfolio/orders/${after}`)).body.order;
    expect(state).toMatchObject({ status: 'resting', fill_count_fp: '1.00', remaining_count_fp: '1.00' });
  });

  it('sums fills over a rolling 15 s window only', async () => {
    const id = await group(5);
    const resting = (await place(id, '10', '0.4000')).body.order_id;
    sell(3, '0.40');
    server.mock.exchange.advanceTime(16_000); // the first 3 leave the window
    sell(3, '0.40');
    const state = (await rest(server, 'GET', `/portfolio/orders/${resting}`)).body.order;
    expect(state).toMatchObject({ status: 'resting', fill_count_fp: '6.00', remaining_count_fp: '4.00' });
    sell(2, '0.40'); // 5 within the window now: at the limit, not past it (notes §5.14: exceeding triggers)
    expect((await rest(server, 'GET', `/portfolio/orders/${resting}`)).body.order.status).toBe('resting');
    sell(1, '0.40'); // 6: past it
    expect((await rest(server, 'GET', `/portfolio/orders/${resting}`)).body.order.status).toBe('canceled');
  });

  // The notes and the spec ("Whether auto-cancel is enabled for this order group") do not say what sets the flag. A
  // third-party test run against demo (3P id 71032358710) reads it `true` after PUT …/trigger and `false` after PUT
  // …/reset; a reset returns the group to the state it was created in ("Active", D-og), so a new group reads `false`.
  it('is_auto_cancel_enabled is true while the group is triggered, false when created or reset', async () => {
    const id = await group(5);
    const flag = async () => {
      const one = (await rest(server, 'GET', `/portfolio/order_groups/${id}`)).body.is_auto_cancel_enabled;
      const list = (await rest(server, 'GET', '/portfolio/order_groups')).body.order_groups;
      expect(list.map((g: { is_auto_cancel_enabled: boolean }) => g.is_auto_cancel_enabled)).toEqual([one]);
      return one;
    };
    expect(await flag()).toBe(false);
    expect((await rest(server, 'PUT', `/portfolio/order_groups/${id}/trigger`, {})).status).toBe(200);
    expect(await flag()).toBe(true);
    expect((await rest(server, 'PUT', `/portfolio/order_groups/${id}/reset`, {})).status).toBe(200);
    expect(await flag()).toBe(false);
    const tripped = await group(2); // a group its fills trigger: 3 matched past a limit of 2
    await place(tripped, '3', '0.4000');
    sell(3, '0.40');
    expect((await rest(server, 'GET', `/portfolio/order_groups/${tripped}`)).body.is_auto_cancel_enabled).toBe(true);
  });

  it('a manual trigger cancels members; lowering the limit below the window volume triggers', async () => {
    const manual = await group(100);
    const member = (await place(manual, '2', '0.3000')).body.order_id;
    expect((await rest(server, 'PUT', `/portfolio/order_groups/${manual}/trigger`, {})).status).toBe(200);
    expect((await rest(server, 'GET', `/portfolio/orders/${member}`)).body.order.status).toBe('canceled');
    expect((await place(manual, '1', '0.3000')).status).toBe(400);

    const lowered = await group(100);
    const big = (await place(lowered, '10', '0.4000')).body.order_id;
    sell(4, '0.40');
    expect((await rest(server, 'GET', `/portfolio/orders/${big}`)).body.order.status).toBe('resting');
    // Down to the window's volume (4): not below it, so the group stays active (notes §5.14).
    const level = await rest(server, 'PUT', `/portfolio/order_groups/${lowered}/limit`, { contracts_limit_fp: '4.00' });
    expect(level.status).toBe(200);
    expect((await rest(server, 'GET', `/portfolio/orders/${big}`)).body.order.status).toBe('resting');
    const put = await rest(server, 'PUT', `/portfolio/order_groups/${lowered}/limit`, { contracts_limit_fp: '3.00' });
    expect(put.status).toBe(200);
    const updated = await socket.next(
      (m) => groupUpdate('limit_updated')(m) && m.msg.order_group_id === lowered && m.msg.contracts_limit_fp === '3.00',
      30_000,
    );
    expect(updated.msg.contracts_limit_fp).toBe('3.00');
    await socket.next((m) => groupUpdate('triggered')(m) && m.msg.order_group_id === lowered, 30_000);
    expect((await rest(server, 'GET', `/portfolio/orders/${big}`)).body.order.status).toBe('canceled');
  });

  // CreateOrderGroupRequest and UpdateOrderGroupLimitRequest: "Provide contracts_limit or contracts_limit_fp; if both
  // provided they must match." Differing ones are refused (400 invalid_parameters, the generic refusal, notes §3.2).
  it('refuses contracts_limit and contracts_limit_fp that differ, on create and on a limit update', async () => {
    const create = await rest(server, 'POST', '/portfolio/order_groups/create', {
      contracts_limit: 10,
      contracts_limit_fp: '9.00',
    });
    expect(create.status).toBe(400);
    expect(create.body.error).toMatchObject({ code: 'invalid_parameters' });
    expect(create.body.error.details).toContain('contracts_limit_fp');
    expect((await rest(server, 'GET', '/portfolio/order_groups')).body.order_groups).toEqual([]);
    const id = await group(10);
    const update = await rest(server, 'PUT', `/portfolio/order_groups/${id}/limit`, {
      contracts_limit: 4,
      contracts_limit_fp: '3.00',
    });
    expect(update.status).toBe(400);
    expect((await rest(server, 'GET', `/portfolio/order_groups/${id}`)).body.contracts_limit_fp).toBe('10.00');
    const agreeing = { contracts_limit: 4, contracts_limit_fp: '4.00' };
    expect((await rest(server, 'PUT', `/portfolio/order_groups/${id}/limit`, agreeing)).status).toBe(200);
    expect((await rest(server, 'GET', `/portfolio/order_groups/${id}`)).body.contracts_limit_fp).toBe('4.00');
  });

  // kalshi-api-notes §5.14: the limit is 1–1,000,000 contracts, on create and on a limit update; the create answers
  // 201 {order_group_id, subaccount}.
  it('takes a limit of 1,000,000 contracts and refuses 1,000,001, on create and on a limit update', async () => {
    const top = await rest(server, 'POST', '/portfolio/order_groups/create', { contracts_limit_fp: '1000000' });
    expect(top).toMatchObject({ status: 201, body: { order_group_id: expect.any(String), subaccount: 0 } });
    const over = await rest(server, 'POST', '/portfolio/order_groups/create', { contracts_limit_fp: '1000001' });
    expect(over).toMatchObject({ status: 400, body: { error: { code: 'invalid_parameters' } } });
    const id = top.body.order_group_id as string;
    const raised = await rest(server, 'PUT', `/portfolio/order_groups/${id}/limit`, { contracts_limit_fp: '1000001' });
    expect(raised.status).toBe(400);
    expect((await rest(server, 'GET', `/portfolio/order_groups/${id}`)).body.contracts_limit_fp).toBe('1000000.00');
  });

  it('delete cancels the members and forgets the group; unknown ids are 404', async () => {
    const id = await group(10);
    const member = (await place(id, '2', '0.3000')).body.order_id;
    const list = (await rest(server, 'GET', '/portfolio/order_groups')).body.order_groups;
    expect(list).toEqual([{ id, contracts_limit_fp: '10.00', is_auto_cancel_enabled: false, exchange_index: 0 }]);
    expect((await rest(server, 'DELETE', `/portfolio/order_groups/${id}`)).status).toBe(200);
    await socket.next(groupUpdate('deleted'), 30_000);
    expect((await rest(server, 'GET', `/portfolio/orders/${member}`)).body.order.status).toBe('canceled');
    expect((await rest(server, 'GET', `/portfolio/order_groups/${id}`)).status).toBe(404);
    expect((await rest(server, 'GET', '/portfolio/order_groups')).body.order_groups).toEqual([]);
    const unknown = '00000000-0000-4000-8000-000000000000';
    for (const [method, path] of [
      ['GET', `/portfolio/order_groups/${unknown}`],
      ['PUT', `/portfolio/order_groups/${unknown}/trigger`],
      ['PUT', `/portfolio/order_groups/${unknown}/reset`],
      ['DELETE', `/portfolio/order_groups/${unknown}`],
    ] as const)
      expect((await rest(server, method, path, method === 'PUT' ? {} : undefined)).status, `${method} ${path}`).toBe(
        404,
      );
    expect((await place(unknown, '1', '0.3000')).status).toBe(404);
    // Another account cannot see or use the test user's group.
    const other = await group(10);
    expect(server.mock.exchange.orderGroups.get(other)?.userId).toBe(TEST_USER_ID);
    expect(() =>
      server.mock.exchange.createOrder(counterparty.userId, {
        ticker: TICKER,
        side: 'bid',
        price: D('0.30'),
        count: 100,
        timeInForce: 'good_till_canceled',
        selfTradePrevention: 'taker_at_cross',
        orderGroupId: other,
      }),
    ).toThrow(/not found/);
  });

  // Spec 3.31.0 `subaccount` of the group operations: GET (one group) "If omitted, defaults to all subaccounts"; DELETE,
  // PUT reset / trigger / limit "Defaults to 0". Notes §5.14: "Group ops are scoped per subaccount (wrong subaccount ⇒
  // not found)". So a write without `subaccount` looks in the primary account only.
  it('scopes a subaccount group: reads find it without ?subaccount, writes without it look in subaccount 0 (404)', async () => {
    expect((await rest(server, 'POST', '/portfolio/subaccounts', {})).status).toBe(201);
    const created = await rest(server, 'POST', '/portfolio/order_groups/create', {
      contracts_limit: 10,
      subaccount: 1,
    });
    expect(created.body.subaccount).toBe(1);
    const id = created.body.order_group_id as string;
    expect((await rest(server, 'GET', `/portfolio/order_groups/${id}`)).status).toBe(200);
    const writes = [
      ['PUT', `/portfolio/order_groups/${id}/limit`, { contracts_limit: 5 }],
      ['PUT', `/portfolio/order_groups/${id}/trigger`, {}],
      ['PUT', `/portfolio/order_groups/${id}/reset`, {}],
      ['DELETE', `/portfolio/order_groups/${id}`, undefined],
    ] as const;
    for (const [method, path, body] of writes)
      expect((await rest(server, method, path, body)).status, `${method} ${path} without subaccount`).toBe(404);
    expect((await rest(server, 'GET', `/portfolio/order_groups/${id}`)).body.contracts_limit_fp).toBe('10.00');
    for (const [method, path, body] of writes)
      expect((await rest(server, method, `${path}?subaccount=1`, body)).status, `${method} ${path}?subaccount=1`).toBe(
        200,
      );
    expect((await rest(server, 'GET', `/portfolio/order_groups/${id}`)).status).toBe(404);
  });
});
