import { describe, expect, it } from 'vitest';
import { harness, order } from '../helpers';

// A `status` filter is one value: spec GetOrders "Restricts the response to orders that have a certain status:
// resting, canceled, or executed." (its StatusQuery is a plain string, not a comma list as CountFilterQuery, "as a
// comma separated list", or event_ticker, "as a comma-separated list", are); GetRFQs' and GetQuotes' "Filter … by
// status" likewise. A comma list (`resting,canceled`, or a stray trailing comma) named no status and answered 200 with
// an empty list: an account with orders read as one without. It is refused like any value outside the list (the
// gateway's bare msg naming the parameter, notes §3.1), as `status=bogus` already is.
const TICKER = 'KXSTAT-26DEC01-T1';

describe('a status filter takes one status', () => {
  it.each([
    ['GetOrders', 'resting,canceled', '/portfolio/orders'],
    ['GetOrders', 'resting,', '/portfolio/orders'],
    ['GetRFQs', 'open,closed', '/communications/rfqs'],
    ['GetQuotes', 'open,accepted', '/communications/quotes'],
  ])('%s refuses status=%s naming status', async (operationId, value, path) => {
    const h = await harness({ empty: true, now: 1_790_000_000_000, seed: 3 });
    const response = await h.call('GET', `${path}?status=${value}`);
    expect(response.status).toBe(400);
    expect(response.body).toEqual({
      msg: expect.stringMatching(new RegExp(`^Parameter validation failed for ${operationId}: status`)),
    });
  });

  it('still lists by each single status', async () => {
    const h = await harness({ empty: true, now: 1_790_000_000_000, seed: 3 });
    h.mock.exchange.addMarket({ ticker: TICKER });
    const placed = await h.call('POST', '/portfolio/events/orders', order(TICKER, { count: '2' }));
    const ids = async (status: string) =>
      (await h.call('GET', `/portfolio/orders?status=${status}`)).body.orders.map(
        (o: { order_id: string }) => o.order_id,
      );
    expect(await ids('resting')).toEqual([placed.body.order_id]);
    expect(await ids('canceled')).toEqual([]);
    expect((await h.call('GET', '/communications/rfqs?status=open')).status).toBe(200);
  });
});
