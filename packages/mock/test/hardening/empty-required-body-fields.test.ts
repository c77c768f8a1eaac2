import { beforeEach, describe, expect, it } from 'vitest';
import { type Harness, harness, order } from '../helpers';

// Round 48 (K4): an empty `ticker` in an order body was looked up as a market: CreateOrderV2 answered 404 "ticker: no
// market " (a status the spec does not declare for it), a batch item a 404 inside a 201, an amend
// `order_ticker_mismatch`. Spec 3.31.0 tags the field `validate: required,min=1` (CreateOrderV2Request,
// AmendOrderV2Request; BatchCreateOrdersV2Request.orders `required,dive`): Kalshi's go-playground validator refuses ""
// before any lookup, and a batch whole. The notes record no body for it: the mock's refusal of a required field left
// out (invalid_parameters "ticker is required"), as a required query parameter sent empty is refused (round 46).
let h: Harness;
let ticker: string;
beforeEach(async () => {
  h = await harness({ seed: 2 });
  ticker = [...h.mock.exchange.markets.values()].find((m) => m.status === 'active')!.ticker;
});

const P = '/portfolio/events/orders';
const refusal = (details: string) => [400, 'invalid_parameters', details];

describe('a required body field sent empty', () => {
  it('is refused naming it in a create, as when it is left out', async () => {
    const response = await h.call('POST', P, order(''));
    expect([response.status, response.body.error?.code, response.body.error?.details]).toEqual(
      refusal('ticker is required'),
    );
  });

  it('refuses a whole batch, naming the item, and places nothing', async () => {
    const before = h.mock.exchange.orders.size;
    const response = await h.call('POST', `${P}/batched`, { orders: [order(ticker), order('')] });
    expect([response.status, response.body.error?.code, response.body.error?.details]).toEqual(
      refusal('orders[1].ticker is required'),
    );
    expect(h.mock.exchange.orders.size).toBe(before);
  });

  it('is refused naming it in an amend, not read as another market', async () => {
    const placed = await h.call('POST', P, order(ticker));
    const body = { ticker: '', side: 'bid', price: '0.0100', count: '2' };
    const response = await h.call('POST', `${P}/${placed.body.order_id}/amend`, body);
    expect([response.status, response.body.error?.code, response.body.error?.details]).toEqual(
      refusal('ticker is required'),
    );
    expect(h.mock.exchange.orders.get(placed.body.order_id)?.initialCount).toBe(100);
  });
});
