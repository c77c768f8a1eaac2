import { describe, expect, it } from 'vitest';
import { assertFault } from '../../src/shared/control-schema';
import { keptOrderVersions } from '../../src/shared/stale-read';
import { harness, order } from '../helpers';

// The race the issue recorded on Kalshi's demo: a GET about 360 ms after an acknowledged cancel still showed the
// order `resting`. The mock's clock is fixed here, so the lag is measured on it alone.
const LAG = 360;

async function setup() {
  const h = await harness({ now: Date.UTC(2026, 5, 11, 18), seed: 4 });
  const ticker = [...h.mock.exchange.markets.values()].find((m) => m.status === 'active')!.ticker;
  // A bid far below the book: it rests.
  const placed = await h.call('POST', '/portfolio/events/orders', order(ticker, { price: '0.0100' }));
  expect(placed.status).toBe(201);
  return { ...h, orderId: placed.body.order_id as string };
}

describe('stale-read fault', () => {
  it('is off by default: a read right after a cancel shows it canceled', async () => {
    const { call, orderId } = await setup();
    await call('DELETE', `/portfolio/events/orders/${orderId}`);
    expect((await call('GET', `/portfolio/orders/${orderId}`)).body.order.status).toBe('canceled');
  });

  it('shows a canceled order as resting for lagMs of the mock clock, then canceled', async () => {
    const { call, mock, orderId } = await setup();
    mock.faults.add({ kind: 'stale-read', operation: 'GetOrder', lagMs: LAG });
    mock.exchange.advanceTime(1000);
    const canceled = await call('DELETE', `/portfolio/events/orders/${orderId}`);
    expect(canceled.status).toBe(200); // acknowledged

    expect((await call('GET', `/portfolio/orders/${orderId}`)).body.order.status).toBe('resting');
    mock.exchange.advanceTime(LAG - 1);
    expect((await call('GET', `/portfolio/orders/${orderId}`)).body.order.status).toBe('resting');
    mock.exchange.advanceTime(1);
    const after = (await call('GET', `/portfolio/orders/${orderId}`)).body.order;
    expect(after.status).toBe('canceled');
    expect(after.remaining_count_fp).toBe('0.00');
  });

  it('per order id: lags that order in GetOrders too, and not the others', async () => {
    const { call, mock, orderId } = await setup();
    const ticker = mock.exchange.orders.get(orderId)!.ticker;
    const other = (await call('POST', '/portfolio/events/orders', order(ticker, { price: '0.0200' }))).body.order_id;
    mock.faults.add({ kind: 'stale-read', orderId, lagMs: LAG });
    mock.exchange.advanceTime(1000);
    await call('DELETE', `/portfolio/events/orders/${orderId}`);
    await call('DELETE', `/portfolio/events/orders/${other}`);
    const resting = (await call('GET', '/portfolio/orders?status=resting')).body.orders.map(
      (o: { order_id: string }) => o.order_id,
    );
    expect(resting).toEqual([orderId]);
    mock.exchange.advanceTime(LAG);
    expect((await call('GET', '/portfolio/orders?status=resting')).body.orders).toEqual([]);
  });

  it('an order placed less than lagMs ago is not found yet', async () => {
    const { call, mock, orderId } = await setup();
    mock.faults.add({ kind: 'stale-read', operation: 'GetOrder', lagMs: LAG });
    const ticker = mock.exchange.orders.get(orderId)!.ticker;
    const fresh = (await call('POST', '/portfolio/events/orders', order(ticker))).body.order_id;
    expect((await call('GET', `/portfolio/orders/${fresh}`)).status).toBe(404);
    mock.exchange.advanceTime(LAG);
    expect((await call('GET', `/portfolio/orders/${fresh}`)).body.order.status).toBe('resting');
  });

  it('without operation or orderId: every order, in GetOrder and GetOrders alike (the documented default)', async () => {
    const { call, mock, orderId } = await setup();
    mock.faults.add({ kind: 'stale-read', lagMs: LAG });
    mock.exchange.advanceTime(1000);
    await call('DELETE', `/portfolio/events/orders/${orderId}`);
    expect((await call('GET', `/portfolio/orders/${orderId}`)).body.order.status).toBe('resting');
    const listed = (await call('GET', '/portfolio/orders')).body.orders.find(
      (o: { order_id: string }) => o.order_id === orderId,
    );
    expect(listed.status).toBe('resting');
    mock.exchange.advanceTime(LAG);
    expect((await call('GET', `/portfolio/orders/${orderId}`)).body.order.status).toBe('canceled');
  });

  // OpenAPI GetUserDataTimestamp: "This endpoint provides an approximate indication of when the data from the following
  // endpoints was last validated: GetBalance, GetOrder(s), GetFills, GetPositions"; notes §7: "user-scoped REST data
  // may lag the engine". A bot waits until as_of_time ≥ the time of the WebSocket event it reconciles, then trusts the
  // read: so while reads lag, as_of_time is the time of the state they show (the notes are silent on by how much the
  // real one trails; the mock's lag is the fault's).
  it('user_data_timestamp trails by the lag: a read shows the cancel exactly when as_of_time reaches it', async () => {
    const { call, mock, orderId } = await setup();
    const asOf = async () => Date.parse((await call('GET', '/exchange/user_data_timestamp')).body.as_of_time);
    const status = async () => (await call('GET', `/portfolio/orders/${orderId}`)).body.order.status;
    expect(await asOf()).toBe(mock.exchange.now()); // no fault: fresh

    mock.faults.add({ kind: 'stale-read', operation: 'GetOrder', lagMs: LAG });
    mock.exchange.advanceTime(1000);
    await call('DELETE', `/portfolio/events/orders/${orderId}`);
    const canceledAt = mock.exchange.now();
    expect(await asOf()).toBe(canceledAt - LAG);
    expect(await status()).toBe('resting');
    mock.exchange.advanceTime(LAG - 1);
    expect(await asOf()).toBeLessThan(canceledAt);
    expect(await status()).toBe('resting');
    mock.exchange.advanceTime(1);
    expect(await asOf()).toBe(canceledAt);
    expect(await status()).toBe('canceled');
  });

  it('user_data_timestamp follows the longest lag still in force, and is fresh once the faults are spent', async () => {
    const { call, mock, orderId } = await setup();
    const asOf = async () => Date.parse((await call('GET', '/exchange/user_data_timestamp')).body.as_of_time);
    mock.faults.add({ kind: 'stale-read', orderId, lagMs: LAG, times: 1 });
    mock.faults.add({ kind: 'stale-read', operation: 'GetOrders', lagMs: 100, times: 1 });
    mock.exchange.advanceTime(1000);
    const now = mock.exchange.now();
    // Asking does not spend a fault.
    expect(await asOf()).toBe(now - LAG);
    expect(await asOf()).toBe(now - LAG);
    await call('GET', `/portfolio/orders/${orderId}`); // spends the first
    expect(await asOf()).toBe(now - 100);
    await call('GET', '/portfolio/orders'); // spends the second
    expect(await asOf()).toBe(now);
  });

  it('is validated against control-api.json with messages naming the field', () => {
    expect(() => assertFault({ kind: 'stale-read', operation: 'GetBalance', lagMs: 100 })).toThrow(
      /operation: a stale-read fault applies to GetOrder or GetOrders only/,
    );
    expect(() => assertFault({ kind: 'stale-read', orderId: 'x', lagMs: -1 })).toThrow(/lagMs/);
    expect(() => assertFault({ kind: 'stale-read', orderId: 'x', lagMs: 10 })).not.toThrow();
  });
});

// The fault reads orders as they were `lagMs` ago (control-api.json StaleReadFault). It kept every version of every
// order while installed, so a long test with it on grew without bound. What it can serve is the newest version at or
// before now − lagMs and every one after it (the longest lagMs installed); older versions are dropped.
describe('stale-read fault memory', () => {
  it('keeps only the versions of an order a read within lagMs can show, and still serves them', async () => {
    const { call, mock, orderId } = await setup();
    mock.faults.add({ kind: 'stale-read', operation: 'GetOrder', lagMs: LAG });
    const ticker = mock.exchange.orders.get(orderId)!.ticker;
    const amend = (price: string) =>
      call('POST', `/portfolio/events/orders/${orderId}/amend`, { ticker, side: 'bid', price, count: '1.00' });
    for (let i = 0; i < 60; i++) {
      mock.exchange.advanceTime(LAG);
      expect((await amend(i % 2 ? '0.0100' : '0.0200')).status).toBe(200);
    }
    // 61 versions recorded; a read LAG back shows the one before the last amend, or the last.
    expect(keptOrderVersions(mock.exchange, orderId)).toBeLessThanOrEqual(3);
    // Behaviour kept: the last amend (to 0.0100) is seen LAG late.
    mock.exchange.advanceTime(LAG - 1);
    expect((await call('GET', `/portfolio/orders/${orderId}`)).body.order.yes_price_dollars).toBe('0.0200');
    mock.exchange.advanceTime(1);
    expect((await call('GET', `/portfolio/orders/${orderId}`)).body.order.yes_price_dollars).toBe('0.0100');
  });
});
