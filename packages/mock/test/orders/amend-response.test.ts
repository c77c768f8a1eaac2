import { describe, expect, it } from 'vitest';
import type { MockUser } from '../../src';
import { harness, order } from '../helpers';

// The V2 amend response (spec AmendOrderV2Response; kalshi-api-notes §5.9): `fill_count` is the contracts "filled as
// a result of the amend crossing the book"; `remaining_count` and `fill_count` are "only present when the amend
// caused a fill or changed the resting size"; the averages only when fills occurred.
const TICKER = 'KXAMR-26DEC01-T1';
const D = (dollars: string) => Math.round(Number(dollars) * 1e6); // test inputs only

async function setup() {
  const h = await harness({ empty: true, now: 1_790_000_000_000, seed: 3, users: 1 });
  h.mock.exchange.addMarket({ ticker: TICKER });
  const other = (h.mock.users as MockUser[])[0] as MockUser;
  /** The other account sells YES: `ioc` into the test user's bid, else resting. */
  const sell = (contracts: number, price: string, ioc = false) =>
    h.mock.exchange.createOrder(other.userId, {
      ticker: TICKER,
      side: 'ask',
      price: D(price),
      count: contracts * 100,
      timeInForce: ioc ? 'immediate_or_cancel' : 'good_till_canceled',
      selfTradePrevention: 'taker_at_cross',
    });
  const bid = async (count: string, price: string) =>
    (await h.call('POST', '/portfolio/events/orders', order(TICKER, { count, price }))).body.order_id as string;
  const amend = (id: string, count: string, price: string) =>
    h.call('POST', `/portfolio/events/orders/${id}/amend`, { ticker: TICKER, side: 'bid', price, count });
  return { h, sell, bid, amend };
}

describe('AmendOrderV2 response', () => {
  it('fill_count counts only the fills the amend made, not the order’s earlier ones', async () => {
    const { sell, bid, amend } = await setup();
    const id = await bid('10', '0.4000');
    expect(sell(3, '0.40', true).fills).toHaveLength(1); // 3 filled before the amend, 7 resting
    sell(2, '0.50');
    const amended = await amend(id, '10', '0.5500'); // crosses the 2 offered at 0.50
    expect(amended.status).toBe(200);
    expect(amended.body).toMatchObject({
      fill_count: '2.00',
      remaining_count: '5.00',
      average_fill_price: '0.5000',
    });
  });

  it('a pure price change answers without remaining_count or fill fields', async () => {
    const { bid, amend } = await setup();
    const id = await bid('10', '0.4000');
    const amended = await amend(id, '10', '0.4100');
    expect(amended.status).toBe(200);
    expect(Object.keys(amended.body).sort()).toEqual(['order_id', 'ts_ms']);
  });

  it('a size change without a fill answers remaining_count and a zero fill_count, no averages', async () => {
    const { bid, amend } = await setup();
    const id = await bid('10', '0.4000');
    const amended = await amend(id, '8', '0.4000');
    expect(amended.body).toEqual({
      order_id: id,
      remaining_count: '8.00',
      fill_count: '0.00',
      ts_ms: expect.any(Number),
    });
  });
});
