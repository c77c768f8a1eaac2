import { describe, expect, it } from 'vitest';
import type { MockUser } from '../../src';
import { harness, order } from '../helpers';

// Queue position = contracts ahead of the order at its price level in time priority (spec: "the number of
// contracts that need to be matched before an order receives a partial or full match, determined using
// price-time priority"). Amend (kalshi-api-notes §5.9): a smaller size at the same price keeps the place; a price
// change or a larger size sends the order to the back of the queue.
const TICKER = 'KXQ-26DEC01-T1';
const D = (dollars: string) => Math.round(Number(dollars) * 1e6); // test inputs only

async function setup() {
  const h = await harness({ empty: true, now: 1_790_000_000_000, seed: 5, users: 2 });
  h.mock.exchange.addMarket({ ticker: TICKER });
  const [other, seller] = h.mock.users as [MockUser, MockUser];
  const rest = (user: MockUser, contracts: number, price = '0.40') =>
    h.mock.exchange.createOrder(user.userId, {
      ticker: TICKER,
      side: 'bid',
      price: D(price),
      count: contracts * 100,
      timeInForce: 'good_till_canceled',
      selfTradePrevention: 'taker_at_cross',
    }).order;
  const mine = async (count: string) =>
    (await h.call('POST', '/portfolio/events/orders', order(TICKER, { count, price: '0.4000' }))).body
      .order_id as string;
  const position = async (id: string) => {
    const { status, body } = await h.call('GET', `/portfolio/orders/${id}/queue_position`);
    expect(status).toBe(200);
    return body.queue_position_fp as string;
  };
  const amend = (id: string, count: string, price = '0.4000') =>
    h.call('POST', `/portfolio/events/orders/${id}/amend`, { ticker: TICKER, side: 'bid', price, count });
  return { h, other, seller, rest, mine, position, amend };
}

describe('queue positions', () => {
  it('count the contracts ahead, and move as orders ahead fill, cancel, and after amends', async () => {
    const { h, other, seller, rest, mine, position, amend } = await setup();
    const first = rest(other, 5);
    const x = await mine('3');
    rest(other, 2);
    const y = await mine('4');
    expect(await position(x)).toBe('5.00');
    expect(await position(y)).toBe('10.00'); // 5 + 3 + 2

    // 2 contracts of the first order fill.
    h.mock.exchange.createOrder(seller.userId, {
      ticker: TICKER,
      side: 'ask',
      price: D('0.40'),
      count: 200,
      timeInForce: 'immediate_or_cancel',
      selfTradePrevention: 'taker_at_cross',
    });
    expect(await position(x)).toBe('3.00');
    expect(await position(y)).toBe('8.00');

    // The first order is canceled: X is at the front.
    h.mock.exchange.cancelOrder(other.userId, first.orderId);
    expect(await position(x)).toBe('0.00');
    expect(await position(y)).toBe('5.00'); // X 3 + the other 2

    // Smaller at the same price: keeps its place.
    expect((await amend(x, '2')).status).toBe(200);
    expect(await position(x)).toBe('0.00');
    expect(await position(y)).toBe('4.00');

    // Larger: to the back, behind the other 2 and Y's 4.
    expect((await amend(x, '5')).status).toBe(200);
    expect(await position(x)).toBe('6.00');
    expect(await position(y)).toBe('2.00');

    // A price change: the back of the new level (alone there), and Y moves up.
    expect((await amend(y, '4', '0.3900')).status).toBe(200);
    expect(await position(y)).toBe('0.00');
    expect(await position(x)).toBe('2.00');

    const all = await h.call('GET', `/portfolio/orders/queue_positions?market_tickers=${TICKER}`);
    expect(all.status).toBe(200);
    expect(all.body.queue_positions).toEqual(
      expect.arrayContaining([
        { order_id: x, market_ticker: TICKER, queue_position_fp: '2.00' },
        { order_id: y, market_ticker: TICKER, queue_position_fp: '0.00' },
      ]),
    );
    expect(all.body.queue_positions).toHaveLength(2); // the other account's orders are not listed
  });

  it('answers 404 for an unknown, canceled or foreign order', async () => {
    const { h, other, rest, mine } = await setup();
    expect((await h.call('GET', '/portfolio/orders/00000000-0000-4000-8000-000000000000/queue_position')).status).toBe(
      404,
    );
    const foreign = rest(other, 1);
    expect((await h.call('GET', `/portfolio/orders/${foreign.orderId}/queue_position`)).status).toBe(404);
    const id = await mine('1');
    await h.call('DELETE', `/portfolio/events/orders/${id}`);
    expect((await h.call('GET', `/portfolio/orders/${id}/queue_position`)).status).toBe(404);
  });

  it('an amend honours expiration_time: the order expires then', async () => {
    const { h, mine } = await setup();
    const id = await mine('1');
    const expiry = Math.floor(h.mock.exchange.now() / 1000) + 60;
    const amended = await h.call('POST', `/portfolio/events/orders/${id}/amend`, {
      ticker: TICKER,
      side: 'bid',
      price: '0.4000',
      count: '1',
      expiration_time: expiry,
    });
    expect(amended.status).toBe(200);
    expect((await h.call('GET', `/portfolio/orders/${id}`)).body.order.expiration_time).toBe(
      new Date(expiry * 1000).toISOString(),
    );
    h.mock.exchange.advanceTime(61_000);
    expect((await h.call('GET', `/portfolio/orders/${id}`)).body.order.status).toBe('canceled');
  });
});
