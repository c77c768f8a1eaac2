import { beforeEach, describe, expect, expectTypeOf, it } from 'vitest';
import { type PauseOptions, type PauseState, TEST_USER_ID } from '../../src';
import { type Harness, harness, order } from '../helpers';
import { openSession } from '../stream/session';

// Kalshi's pauses, as the notes and the spec describe them (kalshi-api-notes §5.11, §5.16; spec ExchangeStatus and
// CreateOrderV2Request.cancel_order_on_pause): a trading pause (the weekly maintenance) refuses new orders and amends
// but lets cancels (and decreases: the notes are silent on them, and a decrease only removes size like a cancel) through, and resting orders stay unless placed with cancel_order_on_pause; an exchange pause
// refuses everything, cancels included. GET /exchange/status reports both.
// Kalshi's refusal during a pause is a 409 naming it (third-party records; the notes are silent): a trading bot's
// journal quoted verbatim in its Rust venue-error module, 335 places refused on a halted market
// `409 {"error":{"code":"trading_is_paused","message":"trading is paused"}}` (2026-07-30); a Python execution ledger
// that frees for retry orders refused "409 `exchange_is_paused` / `trading_is_paused`" (measured 2026-08-27); a demo
// run refused with `exchange_is_paused` / "exchange is paused". So a trading pause answers 409 `trading_is_paused`,
// an exchange pause 409 `exchange_is_paused` (pause.ts).
const T0 = Date.UTC(2026, 11, 3, 8); // Thursday 03:00 ET
const TICKER = 'KXPAUSE-26DEC03-T1';
const REFUSED = { status: 409, code: 'trading_is_paused' };
const BLOCKED = { status: 409, code: 'exchange_is_paused' };

let h: Harness;
beforeEach(async () => {
  h = await harness({ empty: true, seed: 4, now: T0 });
  h.mock.exchange.addMarket({ ticker: TICKER, closeTime: T0 + 86_400_000 });
});

const place = async (overrides: Record<string, unknown> = {}) => {
  const placed = await h.call('POST', '/portfolio/events/orders', order(TICKER, { price: '0.2000', ...overrides }));
  expect(placed.status).toBe(201);
  return placed.body.order_id as string;
};
const status = async () => (await h.call('GET', '/exchange/status')).body;
const balance = async () => (await h.call('GET', '/portfolio/balance')).body.balance_dollars as string;
const getOrder = async (id: string) => (await h.call('GET', `/portfolio/orders/${id}`)).body.order;
const refusal = (response: { status: number; body: { error: { code: string } } }) => ({
  status: response.status,
  code: response.body.error.code,
});

describe('GET /exchange/status and /exchange/schedule', () => {
  it('report an open exchange when nothing is paused', async () => {
    expect(await status()).toEqual({ exchange_active: true, trading_active: true });
    expect((await h.call('GET', '/exchange/schedule')).body.schedule.maintenance_windows).toEqual([]);
  });

  it('report a trading pause as trading inactive on an active exchange, with the estimated resume time', async () => {
    h.mock.exchange.pause({ kind: 'trading', resumeAt: new Date(T0 + 7_200_000) });
    expect(await status()).toEqual({
      exchange_active: true,
      trading_active: false,
      exchange_estimated_resume_time: '2026-12-03T10:00:00.000Z',
    });
    expect((await h.call('GET', '/exchange/schedule')).body.schedule.maintenance_windows).toEqual([
      { start_datetime: '2026-12-03T08:00:00.000Z', end_datetime: '2026-12-03T10:00:00.000Z' },
    ]);
  });

  it('report an exchange pause as neither exchange nor trading active; no estimate unless given', async () => {
    h.mock.exchange.pause({ kind: 'exchange' });
    expect(await status()).toEqual({ exchange_active: false, trading_active: false });
    expect((await h.call('GET', '/exchange/schedule')).body.schedule.maintenance_windows).toEqual([]);
  });

  it('are open again after resume(), and after reset()', async () => {
    h.mock.exchange.pause({ kind: 'exchange', resumeAt: T0 + 60_000 });
    h.mock.exchange.resume();
    expect(await status()).toEqual({ exchange_active: true, trading_active: true });
    h.mock.exchange.pause({ kind: 'trading' });
    h.mock.exchange.reset();
    expect(await status()).toEqual({ exchange_active: true, trading_active: true });
    expect(h.mock.exchange.paused).toBeUndefined();
  });
});

describe('a trading pause', () => {
  it('answers with the body third parties recorded from Kalshi (see the top of this file)', async () => {
    h.mock.exchange.pause({ kind: 'trading' });
    const refused = await h.call('POST', '/portfolio/events/orders', order(TICKER));
    expect([refused.status, refused.body]).toEqual([
      409,
      { error: { code: 'trading_is_paused', message: 'trading is paused' } },
    ]);
    h.mock.exchange.pause({ kind: 'exchange' });
    const blocked = await h.call('POST', '/portfolio/events/orders', order(TICKER));
    expect([blocked.status, blocked.body]).toEqual([
      409,
      { error: { code: 'exchange_is_paused', message: 'exchange is paused' } },
    ]);
  });

  it('refuses new orders, one by one and per item of a batch', async () => {
    h.mock.exchange.pause({ kind: 'trading' });
    expect(refusal(await h.call('POST', '/portfolio/events/orders', order(TICKER)))).toEqual(REFUSED);
    const batch = await h.call('POST', '/portfolio/events/orders/batched', {
      orders: [order(TICKER, { client_order_id: 'b-1' }), order(TICKER, { client_order_id: 'b-2' })],
    });
    expect(batch.status).toBe(201);
    expect(batch.body.orders.map((item: { client_order_id: string; error: { code: string } }) => item)).toEqual([
      { client_order_id: 'b-1', error: expect.objectContaining({ code: 'trading_is_paused' }) },
      { client_order_id: 'b-2', error: expect.objectContaining({ code: 'trading_is_paused' }) },
    ]);
    expect(h.mock.exchange.orders.size).toBe(0);
  });

  it('refuses amends and leaves the order as it was', async () => {
    const id = await place({ count: '5' });
    h.mock.exchange.pause({ kind: 'trading' });
    const amend = await h.call('POST', `/portfolio/events/orders/${id}/amend`, {
      ticker: TICKER,
      side: 'bid',
      price: '0.2100',
      count: '5',
    });
    expect(refusal(amend)).toEqual(REFUSED);
    expect(await getOrder(id)).toMatchObject({
      status: 'resting',
      yes_price_dollars: '0.2000',
      remaining_count_fp: '5.00',
    });
  });

  it('lets decreases through, as cancels (the notes name only place/amend as paused; cancel ≡ decrease to 0)', async () => {
    const id = await place({ count: '5' });
    const before = await balance();
    h.mock.exchange.pause({ kind: 'trading' });
    expect((await h.call('POST', `/portfolio/events/orders/${id}/decrease`, { reduce_by: '2' })).status).toBe(200);
    expect(await getOrder(id)).toMatchObject({ status: 'resting', remaining_count_fp: '3.00' });
    expect(await balance()).toBe((Number(before) + 0.4).toFixed(4)); // 2 × $0.20 released
    expect((await h.call('POST', `/portfolio/events/orders/${id}/decrease`, { reduce_to: '0' })).status).toBe(200);
    expect((await getOrder(id)).status).toBe('canceled');
  });

  it('treats decrease as a deactivated market does: allowed like a cancel while amends are refused', async () => {
    const id = await place({ count: '5' });
    h.mock.exchange.setMarketStatus(TICKER, 'inactive');
    const amend = { ticker: TICKER, side: 'bid', price: '0.2100', count: '5' };
    expect((await h.call('POST', `/portfolio/events/orders/${id}/amend`, amend)).status).toBe(400);
    expect((await h.call('POST', `/portfolio/events/orders/${id}/decrease`, { reduce_by: '1' })).status).toBe(200);
    expect((await h.call('DELETE', `/portfolio/events/orders/${id}`)).status).toBe(200);
  });

  it('lets cancels through: one, a batch, and all', async () => {
    const [one, two, three] = [await place(), await place(), await place()];
    h.mock.exchange.pause({ kind: 'trading' });
    expect((await h.call('DELETE', `/portfolio/events/orders/${one}`)).status).toBe(200);
    const batch = await h.call('DELETE', '/portfolio/events/orders/batched', { orders: [{ order_id: two }] });
    expect(batch.body.orders).toEqual([expect.objectContaining({ order_id: two, reduced_by: '1.00' })]);
    expect((await h.call('DELETE', '/portfolio/events/orders')).status).toBe(204);
    expect((await getOrder(three as string)).status).toBe('canceled');
  });
});

describe('an exchange pause', () => {
  it('refuses every order write, cancels included, and changes nothing', async () => {
    const id = await place();
    const before = await balance();
    h.mock.exchange.pause({ kind: 'exchange' });
    const writes = [
      h.call('POST', '/portfolio/events/orders', order(TICKER)),
      h.call('POST', `/portfolio/events/orders/${id}/amend`, {
        ticker: TICKER,
        side: 'bid',
        price: '0.3000',
        count: '1',
      }),
      h.call('POST', `/portfolio/events/orders/${id}/decrease`, { reduce_to: '0' }),
      h.call('DELETE', `/portfolio/events/orders/${id}`),
      h.call('DELETE', '/portfolio/events/orders'),
    ];
    for (const response of await Promise.all(writes)) expect(refusal(response)).toEqual(BLOCKED);
    const batch = await h.call('DELETE', '/portfolio/events/orders/batched', { orders: [{ order_id: id }] });
    expect(batch.body.orders).toEqual([
      expect.objectContaining({ order_id: id, error: expect.objectContaining({ code: 'exchange_is_paused' }) }),
    ]);
    expect((await getOrder(id)).status).toBe('resting');
    expect(await balance()).toBe(before);
  });

  it('replaces a trading pause (and a trading pause replaces it)', async () => {
    const id = await place();
    h.mock.exchange.pause({ kind: 'trading' });
    h.mock.exchange.pause({ kind: 'exchange' });
    expect(refusal(await h.call('DELETE', `/portfolio/events/orders/${id}`))).toEqual(BLOCKED);
    h.mock.exchange.pause({ kind: 'trading' });
    expect((await h.call('DELETE', `/portfolio/events/orders/${id}`)).status).toBe(200);
  });
});

describe('cancel_order_on_pause', () => {
  // Spec: canceled "if the order is open and trading on the exchange is paused for any reason"; a deactivated market
  // (`inactive`, listed under `status=paused`, notes §6.1) has its trading paused. The notes are silent on whether
  // one market's deactivation fires the flag: a judgment call from the spec's "for any reason".
  it('cancels the flagged resting orders of a market that is deactivated, and releases their cash', async () => {
    const opening = await balance();
    const flagged = await place({ cancel_order_on_pause: true, count: '10' }); // $2.00 held
    const plain = await place({ count: '5' }); // $1.00 held
    h.mock.exchange.setMarketStatus(TICKER, 'inactive');
    expect(await getOrder(flagged)).toMatchObject({ status: 'canceled', remaining_count_fp: '0.00' });
    expect(await getOrder(plain)).toMatchObject({ status: 'resting', remaining_count_fp: '5.00' });
    expect(await balance()).toBe((Number(opening) - 1).toFixed(4));
  });

  // kalshi-api-notes §5.16 (D-life): "Reactivating an `inactive` market cancels all its resting orders" (§5.5 lists
  // reactivation among resting → canceled), flagged or not.
  it('cancels every resting order of a deactivated market when it is reactivated, and releases their cash', async () => {
    const opening = await balance();
    const plain = await place({ count: '5' }); // $1.00 held
    h.mock.exchange.setMarketStatus(TICKER, 'inactive');
    expect(await getOrder(plain)).toMatchObject({ status: 'resting', remaining_count_fp: '5.00' });
    h.mock.exchange.setMarketStatus(TICKER, 'active');
    expect(await getOrder(plain)).toMatchObject({ status: 'canceled', remaining_count_fp: '0.00' });
    expect(await balance()).toBe(opening);
  });

  it('is kept and shown as placed by GET /portfolio/orders/{id} and the list, across an amend', async () => {
    const flagged = await place({ cancel_order_on_pause: true });
    const plain = await place();
    expect((await getOrder(flagged)).cancel_order_on_pause).toBe(true);
    expect((await getOrder(plain)).cancel_order_on_pause).toBe(false);
    const amended = await h.call('POST', `/portfolio/events/orders/${flagged}/amend`, {
      ticker: TICKER,
      side: 'bid',
      price: '0.2100',
      count: '1',
    });
    expect(amended.status).toBe(200);
    const listed = (await h.call('GET', '/portfolio/orders')).body.orders;
    expect(
      listed.map((o: { order_id: string; cancel_order_on_pause: boolean }) => [o.order_id, o.cancel_order_on_pause]),
    ).toEqual([
      [plain, false],
      [flagged, true],
    ]);
  });

  it.each(['trading', 'exchange'] as const)(
    'cancels the flagged resting orders when a %s pause starts and releases their cash; the others rest',
    async (kind) => {
      const opening = await balance();
      const flagged = await place({ cancel_order_on_pause: true, count: '10' }); // $2.00 held
      const plain = await place({ count: '5' }); // $1.00 held
      expect(await balance()).toBe((Number(opening) - 3).toFixed(4));
      h.mock.exchange.pause({ kind });
      expect(await getOrder(flagged)).toMatchObject({ status: 'canceled', remaining_count_fp: '0.00' });
      expect(await getOrder(plain)).toMatchObject({ status: 'resting', remaining_count_fp: '5.00' });
      expect(await balance()).toBe((Number(opening) - 1).toFixed(4));
      expect((await h.call('GET', `/markets/${TICKER}/orderbook`)).body.orderbook_fp.yes_dollars).toEqual([
        ['0.2000', '5.00'],
      ]);
      h.mock.exchange.resume();
      expect((await getOrder(flagged)).status).toBe('canceled'); // resuming does not bring it back
    },
  );

  it('sends the cancel on user_orders as a cancel by the user does', () => {
    const { exchange, send, frames } = openSession({ empty: true, now: T0 });
    exchange.addMarket({ ticker: TICKER });
    send({ id: 1, cmd: 'subscribe', params: { channels: ['user_orders'] } });
    const rest = (cancelOnPause: boolean) =>
      exchange.createOrder(TEST_USER_ID, {
        ticker: TICKER,
        side: 'bid',
        price: 200_000,
        count: 100,
        timeInForce: 'good_till_canceled',
        selfTradePrevention: 'taker_at_cross',
        cancelOnPause,
      }).order.orderId;
    const byUser = rest(false);
    const byPause = rest(true);
    exchange.cancelOrder(TEST_USER_ID, byUser);
    const canceled = () => frames.filter((f) => f.type === 'user_order' && f.msg.status === 'canceled');
    expect(canceled()).toHaveLength(1);
    exchange.pause({ kind: 'trading' });
    const [userCancel, pauseCancel] = canceled().map((f) => f.msg);
    expect(pauseCancel).toMatchObject({ order_id: byPause, status: 'canceled', remaining_count_fp: '0.00' });
    // The same message, and why: AsyncAPI lastUpdateReason `HaltCancel`, the user's `Decrease` (user-order-reasons.test.ts).
    expect(pauseCancel).toMatchObject({ last_update_reason: 'HaltCancel' });
    expect(userCancel).toMatchObject({ last_update_reason: 'Decrease' });
    expect(Object.keys(pauseCancel ?? {}).sort()).toEqual(Object.keys(userCancel ?? {}).sort());
  });
});

describe('exchange.pause()', () => {
  it('names the field it refuses', () => {
    // @ts-expect-error not a kind of pause
    expect(() => h.mock.exchange.pause({ kind: 'maintenance' })).toThrow(/^kind: must be trading or exchange/);
    expect(() => h.mock.exchange.pause(null as never)).toThrow(/^kind: must be trading or exchange/);
    expect(() => h.mock.exchange.pause({ kind: 'trading', resumeAt: new Date(Number.NaN) })).toThrow(/^resumeAt: /);
    expect(() => h.mock.exchange.pause({ kind: 'trading', resumeAt: -1 })).toThrow(/^resumeAt: /);
    expect(h.mock.exchange.paused).toBeUndefined();
  });

  it('returns the pause in force, on the exchange clock', () => {
    expectTypeOf(h.mock.exchange.pause).parameter(0).toEqualTypeOf<PauseOptions>();
    expectTypeOf(h.mock.exchange.pause).returns.toEqualTypeOf<PauseState>();
    expect(h.mock.exchange.pause({ kind: 'exchange', resumeAt: T0 + 1000 })).toEqual({
      kind: 'exchange',
      since: T0,
      resumeAt: T0 + 1000,
    });
    expect(h.mock.exchange.paused).toEqual({ kind: 'exchange', since: T0, resumeAt: T0 + 1000 });
  });
});
