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
  // rateLimit sets the account's usage tier: creating a subaccount needs Advanced or above (spec CreateSubaccount)
  const h = await harness({ empty: true, now: 1_790_000_000_000, seed: 5, users: 2, rateLimit: 'prime' });
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

  // Spec GetOrderQueuePositions: "queue positions for all resting orders", filtered by `market_tickers`
  // ("Comma-separated list of market tickers"), `event_ticker` and `subaccount` ("0 for primary … Defaults to 0").
  it('list: only resting orders, filtered by several market tickers, by event and by subaccount (0 by default)', async () => {
    const { h, mine } = await setup();
    const OTHER_MARKET = 'KXQ-26DEC01-T2'; // the same event, KXQ-26DEC01
    const OTHER_EVENT = 'KXR-26DEC02-T1';
    h.mock.exchange.addMarket({ ticker: OTHER_MARKET });
    h.mock.exchange.addMarket({ ticker: OTHER_EVENT });
    const place = async (ticker: string, fields: Record<string, unknown> = {}) => {
      const placed = await h.call('POST', '/portfolio/events/orders', order(ticker, { price: '0.4000', ...fields }));
      expect(placed.status).toBe(201);
      return placed.body.order_id as string;
    };
    const a = await mine('1'); // TICKER
    const b = await place(OTHER_MARKET);
    const c = await place(OTHER_EVENT);
    const canceled = await place(OTHER_EVENT, { price: '0.3000' });
    expect((await h.call('DELETE', `/portfolio/events/orders/${canceled}`)).status).toBe(200);
    expect((await h.call('POST', '/portfolio/subaccounts', {})).body.subaccount_number).toBe(1);
    const funding = {
      client_transfer_id: h.mock.exchange.newId(),
      from_subaccount: 0,
      to_subaccount: 1,
      amount_cents: 100,
    };
    expect((await h.call('POST', '/portfolio/subaccounts/transfer', funding)).status).toBe(200);
    const sub = await place(TICKER, { subaccount: 1, price: '0.3000' });

    // Each order is alone at its price level: nothing ahead of it.
    const listed = async (query: string) => {
      const { status, body } = await h.call('GET', `/portfolio/orders/queue_positions${query}`);
      expect(status).toBe(200);
      for (const entry of body.queue_positions) expect(entry.queue_position_fp).toBe('0.00');
      return body.queue_positions.map((q: { order_id: string; market_ticker: string }) => [
        q.order_id,
        q.market_ticker,
      ]);
    };
    const sorted = (pairs: string[][]) => [...pairs].sort((x, y) => (x[0]! < y[0]! ? -1 : 1));
    expect(sorted(await listed(''))).toEqual(
      sorted([
        [a, TICKER],
        [b, OTHER_MARKET],
        [c, OTHER_EVENT],
      ]),
    );
    expect(sorted(await listed(`?market_tickers=${TICKER},${OTHER_EVENT}`))).toEqual(
      sorted([
        [a, TICKER],
        [c, OTHER_EVENT],
      ]),
    );
    expect(sorted(await listed('?event_ticker=KXQ-26DEC01'))).toEqual(
      sorted([
        [a, TICKER],
        [b, OTHER_MARKET],
      ]),
    );
    expect(await listed('?subaccount=1')).toEqual([[sub, TICKER]]);
  });
});
