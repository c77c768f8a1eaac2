import { describe, expect, it } from 'vitest';
import {
  amendOrder,
  cancelOrder,
  cancelOrders,
  decreaseOrder,
  placeOrder,
  placeOrders,
  toCreateOrderRequest,
} from '../../src';
import { json, lcg, observedClient } from '../helpers';

// Every direction on the whole price grid (kalshi-api-notes §4: deci_cent, 0.001 steps; §5.2: V2 `side` is about the
// YES leg, bid = buy YES, ask = sell YES ≡ buy NO at 1 − p; §5.4: buy+yes and sell+no → bid, buy+no and sell+yes →
// ask, the YES price 1 − p for a NO). Exhaustive on the pure mapping; seeded samples through the helpers' calls.
const ACTIONS = ['buy', 'sell'] as const;
const SIDES = ['yes', 'no'] as const;
const bookSide = (action: string, side: string) => ((action === 'buy') === (side === 'yes') ? 'bid' : 'ask');
/** Thousandths of a dollar as a 4-decimal string, by integer arithmetic (the expected value, not the code's). */
const dollars = (mills: number) => `0.${String(mills).padStart(3, '0')}0`;

describe('placeOrder terms on the deci-cent grid', () => {
  it('maps every action × side × price (0.001–0.999) to the V2 book side and YES price', () => {
    for (const action of ACTIONS)
      for (const side of SIDES)
        for (let mills = 1; mills < 1000; mills++) {
          const body = toCreateOrderRequest({ ticker: 'T', action, side, price: dollars(mills), count: '2.5' });
          expect({ side: body.side, price: body.price, count: body.count }).toEqual({
            side: bookSide(action, side),
            price: dollars(side === 'yes' ? mills : 1000 - mills),
            count: '2.50',
          });
        }
  });
});

/** A stub exchange answering the V2 order writes as the spec's examples do, echoing the ids it is sent. */
async function stubExchange(
  fill: { fill_count: string; remaining_count: string } = {
    fill_count: '0.00',
    remaining_count: '1.00',
  },
) {
  return observedClient(async (request) => {
    const url = new URL(request.url);
    const body = request.method === 'GET' ? undefined : await request.text().then((t) => (t ? JSON.parse(t) : {}));
    const orderId = url.pathname.match(/orders\/([^/]+)/)?.[1];
    if (url.pathname.endsWith('/events/orders/batched') && request.method === 'POST')
      return json(
        {
          orders: body.orders.map((o: { client_order_id: string }, i: number) => ({
            order_id: `o-${i}`,
            client_order_id: o.client_order_id,
            ...fill,
            ts_ms: 1,
          })),
        },
        201,
      );
    if (url.pathname.endsWith('/events/orders/batched'))
      return json({ orders: body.orders.map((o: { order_id: string }) => ({ ...o, reduced_by: '1.00', ts_ms: 1 })) });
    if (url.pathname.endsWith('/events/orders'))
      return json({ order_id: 'o-1', client_order_id: body.client_order_id, ...fill, ts_ms: 1 }, 201);
    if (url.pathname.endsWith('/amend')) return json({ order_id: orderId, ts_ms: 2 });
    if (url.pathname.endsWith('/decrease')) return json({ order_id: orderId, remaining_count: '0.50', ts_ms: 3 });
    return json({ order_id: orderId, reduced_by: '1.00', ts_ms: 4 });
  });
}

describe('placed, amended, decreased and canceled on the same book side and contract price', () => {
  it('acts on what placeOrder returned in its terms, for seeded action × side × price × count', async () => {
    const { client, requests } = await stubExchange();
    const random = lcg(32);
    for (let run = 0; run < 80; run++) {
      const action = ACTIONS[run % 2] as (typeof ACTIONS)[number];
      const side = SIDES[(run >> 1) % 2] as (typeof SIDES)[number];
      const mills = 1 + Math.floor(random() * 999);
      const next = 1 + Math.floor(random() * 999);
      const centi = 1 + Math.floor(random() * 100_000);
      const count = (centi / 100).toFixed(2);
      const subaccount = run % 3 === 0 ? 1 + (run % 63) : undefined;
      const from = requests.length;
      const placed = await placeOrder(client, {
        ticker: 'T',
        action,
        side,
        price: dollars(mills),
        count,
        ...(subaccount === undefined ? {} : { subaccount }),
      });
      const expected = {
        ticker: 'T',
        action,
        side,
        price: dollars(mills),
        book_side: bookSide(action, side),
        yes_price_dollars: dollars(side === 'yes' ? mills : 1000 - mills),
      };
      expect(placed).toMatchObject({ ...expected, order_id: 'o-1', subaccount, recovered: false });
      const amended = await amendOrder(client, { order: placed, price: dollars(next), count });
      expect(amended).toMatchObject({
        ...expected,
        price: dollars(next),
        yes_price_dollars: dollars(side === 'yes' ? next : 1000 - next),
        subaccount,
      });
      // The amended order, amended again in the same terms, back to the first price.
      await amendOrder(client, { order: amended, price: dollars(mills), count });
      // The same terms without the order object.
      await amendOrder(client, {
        orderId: 'o-1',
        ticker: 'T',
        action,
        side,
        price: dollars(mills),
        count,
        ...(subaccount === undefined ? {} : { subaccount }),
      });
      await decreaseOrder(client, { order: placed, reduceTo: '0.5' });
      await cancelOrder(client, { order: amended });
      const sent = await Promise.all(
        requests.slice(from).map(async (r) => ({
          method: r.method,
          path: new URL(r.url).pathname.replace(/^\/trade-api\/v2/, ''),
          query: new URL(r.url).search,
          body: r.method === 'DELETE' ? undefined : await r.json(),
        })),
      );
      const query = subaccount === undefined ? '' : `?subaccount=${subaccount}`;
      expect(sent).toEqual([
        {
          method: 'POST',
          path: '/portfolio/events/orders',
          query: '',
          body: {
            ticker: 'T',
            side: expected.book_side,
            price: expected.yes_price_dollars,
            count,
            time_in_force: 'good_till_canceled',
            self_trade_prevention_type: 'taker_at_cross',
            client_order_id: placed.client_order_id,
            ...(subaccount === undefined ? {} : { subaccount }),
          },
        },
        {
          method: 'POST',
          path: '/portfolio/events/orders/o-1/amend',
          query,
          body: { ticker: 'T', side: expected.book_side, price: amended.yes_price_dollars, count },
        },
        {
          method: 'POST',
          path: '/portfolio/events/orders/o-1/amend',
          query,
          body: { ticker: 'T', side: expected.book_side, price: expected.yes_price_dollars, count },
        },
        {
          method: 'POST',
          path: '/portfolio/events/orders/o-1/amend',
          query,
          body: { ticker: 'T', side: expected.book_side, price: expected.yes_price_dollars, count },
        },
        { method: 'POST', path: '/portfolio/events/orders/o-1/decrease', query, body: { reduce_to: '0.50' } },
        { method: 'DELETE', path: '/portfolio/events/orders/o-1', query, body: undefined },
      ]);
    }
  });

  it('batches: each item placed in its terms, and canceled in its subaccount', async () => {
    const { client, requests } = await stubExchange({ fill_count: '0.40', remaining_count: '0.00' });
    const random = lcg(7);
    const inputs = Array.from({ length: 20 }, (_, i) => {
      const mills = 1 + Math.floor(random() * 999);
      return {
        ticker: `T-${i}`,
        action: ACTIONS[i % 2] as (typeof ACTIONS)[number],
        side: SIDES[(i >> 1) % 2] as (typeof SIDES)[number],
        price: dollars(mills),
        count: '1',
        timeInForce: 'immediate_or_cancel' as const,
        ...(i % 3 === 0 ? { subaccount: i + 1 } : {}),
        mills,
      };
    });
    const results = await placeOrders(
      client,
      inputs.map(({ mills: _m, ...input }) => input),
    );
    const placedBody = (await requests[0]?.json()) as { orders: Record<string, unknown>[] };
    inputs.forEach((input, i) => {
      const yes = dollars(input.side === 'yes' ? input.mills : 1000 - input.mills);
      expect(placedBody.orders[i]).toMatchObject({
        ticker: input.ticker,
        side: bookSide(input.action, input.side),
        price: yes,
      });
      expect(results[i]).toMatchObject({
        ok: true,
        order: {
          order_id: `o-${i}`,
          ticker: input.ticker,
          action: input.action,
          side: input.side,
          price: input.price,
          book_side: bookSide(input.action, input.side),
          yes_price_dollars: yes,
          fill_count: '0.40',
          remaining_count: '0.00',
          subaccount: input.subaccount,
        },
      });
    });
    const orders = results.map((r) => (r.ok ? r.order : undefined)).filter((o) => o !== undefined);
    const canceled = await cancelOrders(client, { orders });
    expect(canceled.map((c) => c.ok && c.order_id)).toEqual(inputs.map((_, i) => `o-${i}`));
    expect(await requests[1]?.json()).toEqual({
      orders: inputs.map((input, i) => ({
        order_id: `o-${i}`,
        ...(input.subaccount ? { subaccount: input.subaccount } : {}),
      })),
    });
  });
});
