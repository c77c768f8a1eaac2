import { beforeEach, describe, expect, it } from 'vitest';
import { checkDataset } from '../../src';
import { type Harness, harness, order } from '../helpers';

// Round 48 (K1): an array item was named two ways. Schema refusals wrote `orders.0.time_in_force` and
// `selected_markets.1.side`, the routes' own refusals `selected_markets[1].event_ticker`. kalshi-api-notes are silent
// on how Kalshi names an array item; the gateway's texts are go-playground validator's (§3.1: "Key:
// 'GetMarketsParams.Limit' Error:Field validation for 'Limit' failed on the 'lte' tag"), whose namespaces write an
// item `Orders[1]`, and most of the mock's messages already wrote `name[i]`: every refusal now names an item so,
// whatever check refused it.
let h: Harness;
let ticker: string;
beforeEach(async () => {
  h = await harness({ seed: 5, now: Date.UTC(2026, 10, 20, 12) });
  ticker = [...h.mock.exchange.markets.values()].find((m) => m.status === 'active')!.ticker;
});

const BATCH = '/portfolio/events/orders/batched';

describe('an array item in a refusal', () => {
  it.each([
    [
      'a missing field of a batch item',
      { orders: [order('A'), { ...order('A'), time_in_force: undefined }] },
      'orders[1].time_in_force is required',
    ],
    [
      'a batch item outside an enum',
      { orders: [order('A'), order('A', { side: 'buy' })] },
      'orders[1].side must be one of bid, ask, got "buy"',
    ],
    ['a null batch item', { orders: [null] }, 'orders[0] is required'],
  ])('is named name[i] in a body (%s)', async (_, body, details) => {
    const response = await h.call('POST', BATCH, body);
    expect([response.status, response.body.error?.details]).toEqual([400, details]);
  });

  it('is named name[i] in a batch cancel', async () => {
    const response = await h.call('DELETE', BATCH, { orders: [{ order_id: crypto.randomUUID() }, { subaccount: 0 }] });
    expect([response.status, response.body.error?.details]).toEqual([400, 'orders[1].order_id is required']);
  });

  it('is named name[i] in the Go text of a JSON type mismatch', async () => {
    const response = await h.call('POST', BATCH, { orders: [order(ticker), order(ticker, { count: 1 })] });
    expect(response.status).toBe(400);
    expect(response.body.details).toBe(
      'json: cannot unmarshal number into Go struct field BatchCreateOrdersV2Request.orders[1].count of type string',
    );
  });

  it('is named name[i] in a query', async () => {
    const response = await h.call('GET', `/markets/orderbooks?tickers=${ticker}&tickers=${'A'.repeat(201)}`);
    expect(response.body.msg).toMatch(/^Parameter validation failed for GetMarketOrderbooks: tickers\[1\] must NOT /);
  });

  it('is named the same way by the schema and by the route for one field (selected_markets)', async () => {
    const { body } = await h.call('GET', '/multivariate_event_collections?status=open');
    const c = body.multivariate_contracts[0];
    const legs = [];
    for (const event of c.associated_event_tickers.slice(0, 2)) {
      const { markets } = (await h.call('GET', `/markets?event_ticker=${event}&status=open`)).body;
      legs.push({ event_ticker: event, market_ticker: markets[0].ticker, side: 'yes' });
    }
    const post = (selected_markets: unknown[]) =>
      h.call('POST', `/multivariate_event_collections/${c.collection_ticker}`, { selected_markets });
    const [first, second] = legs as [(typeof legs)[0], (typeof legs)[0]];
    const schema = await post([first, { ...second, side: 'maybe' }]);
    expect(schema.body.error.details).toBe('selected_markets[1].side must be one of yes, no, got "maybe"');
    const missing = await post([first, { event_ticker: second.event_ticker, market_ticker: second.market_ticker }]);
    expect(missing.body.error.details).toBe('selected_markets[1].side is required');
    const route = await post([first, { ...first, side: 'no' }]);
    expect(route.body.error.details).toMatch(/^selected_markets\[1\]\.event_ticker: /);
  });
});

// The same for a dataset file's refusal (checkDataset), whose other messages wrote `trades[0].created_time` already.
it('is named name[i] in a dataset field left out', () => {
  const market = {
    ticker: 'KXCAP-26DEC31-T4.25',
    event_ticker: 'KXCAP-26DEC31',
    title: 'Above 4.25',
    yes_sub_title: 'Above 4.25',
    status: 'active',
    open_time: '2026-11-01T00:00:00Z',
    close_time: '2027-12-31T00:00:00Z',
    trades: [
      { yes_price_dollars: '0.4300', count_fp: '2.00', taker_side: 'yes', created_time: '2026-12-01T14:59:00Z' },
    ],
  };
  const data = {
    format: 'kalshi-mock-dataset',
    version: 1,
    series: [
      { ticker: 'KXCAP', title: 'C', category: 'E', frequency: 'daily', fee_type: 'quadratic', fee_multiplier: 1 },
    ],
    events: [
      { event_ticker: 'KXCAP-26DEC31', series_ticker: 'KXCAP', title: 'e', sub_title: '', mutually_exclusive: false },
    ],
    markets: [market],
  };
  expect(() => checkDataset(data, 'shop.json')).toThrow(
    'shop.json: markets[0] (KXCAP-26DEC31-T4.25): field "trades[0].trade_id" is required',
  );
});
