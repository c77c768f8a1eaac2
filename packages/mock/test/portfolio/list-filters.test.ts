import { describe, expect, it } from 'vitest';
import { allOperations, parametersOf } from '../../src/schema/spec';
import { harness, order } from '../helpers';

// Spec 3.31.0 query parameters of the portfolio lists: GetOrders and GetFills take min_ts/max_ts, GetSettlements also
// event_ticker (SingleEventTickerQuery), all Unix seconds ("Filter items after / before this Unix timestamp", notes §7);
// GetPositions takes count_filter, "any of following fields with non-zero values, as a comma separated list".
const T0 = Date.UTC(2026, 5, 11, 18);
const S = (ms: number) => Math.floor(ms / 1000);
const HOUR = 3_600_000;

async function setup() {
  const h = await harness({ empty: true, now: T0, seed: 11 });
  const { exchange } = h.mock;
  for (const [ticker, eventTicker] of [
    ['KXA-26JUN11-T50', 'KXA-26JUN11'],
    ['KXB-26JUN11-T50', 'KXB-26JUN11'],
  ] as const)
    exchange.addMarket({
      ticker,
      eventTicker,
      openTime: T0 - HOUR,
      closeTime: T0 + 2 * HOUR,
      settlementTimerSeconds: 1,
    });
  const sellYes = (ticker: string) =>
    exchange.createOrder('bob', {
      ticker,
      side: 'ask',
      price: 400_000,
      count: 100,
      timeInForce: 'good_till_canceled',
      selfTradePrevention: 'maker',
    });
  return { ...h, exchange, sellYes };
}

describe('portfolio list filters', () => {
  it('min_ts and max_ts bound orders by creation and fills by time, after and up to', async () => {
    const { call, exchange, sellYes } = await setup();
    sellYes('KXA-26JUN11-T50');
    const first = (await call('POST', '/portfolio/events/orders', order('KXA-26JUN11-T50', { price: '0.4000' }))).body;
    exchange.advanceTime(HOUR);
    sellYes('KXA-26JUN11-T50');
    const second = (await call('POST', '/portfolio/events/orders', order('KXA-26JUN11-T50', { price: '0.4000' }))).body;

    const ids = async (path: string) =>
      (await call('GET', path)).body[path.includes('fills') ? 'fills' : 'orders'].map(
        (item: { order_id: string }) => item.order_id,
      );
    for (const list of ['/portfolio/orders', '/portfolio/fills']) {
      expect(await ids(`${list}?min_ts=${S(T0)}`)).toEqual([second.order_id]);
      expect(await ids(`${list}?max_ts=${S(T0)}`)).toEqual([first.order_id]);
      expect(await ids(`${list}?min_ts=${S(T0) - 1}&max_ts=${S(T0 + HOUR)}`)).toEqual([
        second.order_id,
        first.order_id,
      ]);
      expect(await ids(`${list}?min_ts=${S(T0 + HOUR)}`)).toEqual([]);
    }
  });

  it('filters settlements by event_ticker and by settlement time', async () => {
    const { call, exchange, sellYes } = await setup();
    for (const ticker of ['KXA-26JUN11-T50', 'KXB-26JUN11-T50']) {
      sellYes(ticker);
      await call('POST', '/portfolio/events/orders', order(ticker, { price: '0.4000' }));
    }
    exchange.advanceTime(2 * HOUR);
    exchange.determineMarket('KXA-26JUN11-T50', 'yes');
    exchange.advanceTime(1000);
    const settledA = T0 + 2 * HOUR + 1000;
    exchange.advanceTime(HOUR);
    exchange.determineMarket('KXB-26JUN11-T50', 'no');
    exchange.advanceTime(1000);

    const tickers = async (query: string) =>
      (await call('GET', `/portfolio/settlements${query}`)).body.settlements.map((s: { ticker: string }) => s.ticker);
    expect(await tickers('')).toEqual(['KXB-26JUN11-T50', 'KXA-26JUN11-T50']);
    expect(await tickers('?event_ticker=KXA-26JUN11')).toEqual(['KXA-26JUN11-T50']);
    expect(await tickers('?event_ticker=KXNONE-26JUN11')).toEqual([]);
    expect(await tickers(`?max_ts=${S(settledA)}`)).toEqual(['KXA-26JUN11-T50']);
    expect(await tickers(`?min_ts=${S(settledA)}`)).toEqual(['KXB-26JUN11-T50']);
  });

  it('count_filter keeps positions with any listed field non-zero', async () => {
    const { call, sellYes, exchange } = await setup();
    // Bought and sold back on KXA (position 0, traded); still held on KXB.
    sellYes('KXA-26JUN11-T50');
    await call('POST', '/portfolio/events/orders', order('KXA-26JUN11-T50', { price: '0.4000' }));
    exchange.createOrder('bob', {
      ticker: 'KXA-26JUN11-T50',
      side: 'bid',
      price: 300_000,
      count: 100,
      timeInForce: 'good_till_canceled',
      selfTradePrevention: 'maker',
    });
    await call(
      'POST',
      '/portfolio/events/orders',
      order('KXA-26JUN11-T50', { side: 'ask', price: '0.3000', time_in_force: 'immediate_or_cancel' }),
    );
    sellYes('KXB-26JUN11-T50');
    await call('POST', '/portfolio/events/orders', order('KXB-26JUN11-T50', { price: '0.4000' }));

    const tickers = async (query: string) =>
      (await call('GET', `/portfolio/positions${query}`)).body.market_positions
        .map((p: { ticker: string }) => p.ticker)
        .sort();
    expect(await tickers('?count_filter=position')).toEqual(['KXB-26JUN11-T50']);
    expect(await tickers('?count_filter=total_traded')).toEqual(['KXA-26JUN11-T50', 'KXB-26JUN11-T50']);
    expect(await tickers('?count_filter=position,total_traded')).toEqual(['KXA-26JUN11-T50', 'KXB-26JUN11-T50']);
    // No count_filter restricts nothing: the flat KXA row (its realized P&L) is listed too (tester E, D8).
    expect(await tickers('')).toEqual(['KXA-26JUN11-T50', 'KXB-26JUN11-T50']);
    const flat = (await call('GET', '/portfolio/positions')).body.market_positions.find(
      (p: { ticker: string }) => p.ticker === 'KXA-26JUN11-T50',
    );
    // Bought 1 @ 0.40, sold @ 0.30: −$0.10.
    expect(flat).toMatchObject({ position_fp: '0.00', realized_pnl_dollars: '-0.100000' });
    expect(
      (await call('GET', '/portfolio/positions')).body.event_positions
        .map((e: { event_ticker: string }) => e.event_ticker)
        .sort(),
    ).toEqual(['KXA-26JUN11', 'KXB-26JUN11']);

    // Settlement takes both out, flat or held: the list holds "only unsettled positions" (notes §7).
    exchange.determineMarket('KXA-26JUN11-T50', 'yes', { settleAfterMs: 0 });
    exchange.determineMarket('KXB-26JUN11-T50', 'yes', { settleAfterMs: 0 });
    for (const query of ['', '?count_filter=total_traded', '?count_filter=position'])
      expect(await tickers(query)).toEqual([]);
  });

  it('exchange_index filters orders, fills, positions and the balance by shard (the mock has shard 0 only)', async () => {
    const { call, sellYes } = await setup();
    sellYes('KXA-26JUN11-T50');
    await call('POST', '/portfolio/events/orders', order('KXA-26JUN11-T50', { price: '0.4000' }));
    const rows = async (query: string) => {
      const orders = (await call('GET', `/portfolio/orders${query}`)).body.orders;
      const fills = (await call('GET', `/portfolio/fills${query}`)).body.fills;
      const positions = (await call('GET', `/portfolio/positions${query}`)).body;
      return [orders.length, fills.length, positions.market_positions.length, positions.event_positions.length];
    };
    expect(await rows('?exchange_index=0')).toEqual([1, 1, 1, 1]);
    expect(await rows('')).toEqual([1, 1, 1, 1]);
    expect(await rows('?exchange_index=1')).toEqual([0, 0, 0, 0]);
    const balance = (await call('GET', '/portfolio/balance?exchange_index=1')).body;
    expect(balance).toMatchObject({ balance: 0, portfolio_value: 0, balance_breakdown: [] });
    expect((await call('GET', '/portfolio/balance?exchange_index=0')).body).toEqual(
      (await call('GET', '/portfolio/balance')).body,
    );
  });

  it('event_ticker takes at most 10 event tickers ("maximum 10")', async () => {
    const { call } = await setup();
    const tickers = (n: number) => Array.from({ length: n }, (_, i) => `KXA-26JUN${10 + i}`).join(',');
    expect((await call('GET', `/portfolio/orders?event_ticker=${tickers(10)}`)).status).toBe(200);
    const over = await call('GET', `/portfolio/orders?event_ticker=${tickers(11)}`);
    expect(over).toMatchObject({
      status: 400,
      body: { error: { code: 'invalid_parameters', details: 'event_ticker: at most 10 values, got 11' } },
    });
  });
});

// A filter value the spec does not list must not read as an empty account. GetOrders: "Restricts the response to
// orders that have a certain status: resting, canceled, or executed."; CountFilterQuery: "The following values are
// accepted - position, total_traded". Refused as a value outside a schema's enum is (`/markets?status=bogus`, the
// gateway's bare msg, notes §3.1). A malformed order id gets 400 invalid_parameters without details (notes §3.2).
describe('portfolio filter values the spec does not list', () => {
  it('refuses GET /portfolio/orders?status=bogus naming status, and takes the three statuses', async () => {
    const { call } = await setup();
    const bogus = await call('GET', '/portfolio/orders?status=bogus');
    expect(bogus.status).toBe(400);
    expect(bogus.body).toEqual({ msg: expect.stringMatching(/^Parameter validation failed for GetOrders: status/) });
    for (const status of ['resting', 'canceled', 'executed'])
      expect((await call('GET', `/portfolio/orders?status=${status}`)).status, status).toBe(200);
  });

  it('refuses GET /portfolio/positions?count_filter=bogus naming count_filter, and takes the two fields', async () => {
    const { call } = await setup();
    for (const value of ['bogus', 'position,bogus']) {
      const response = await call('GET', `/portfolio/positions?count_filter=${value}`);
      expect(response.status, value).toBe(400);
      expect(response.body).toEqual({
        msg: expect.stringMatching(/^Parameter validation failed for GetPositions: count_filter/),
      });
    }
    expect((await call('GET', '/portfolio/positions?count_filter=position,total_traded')).status).toBe(200);
  });

  it('refuses GET /portfolio/fills?order_id=not-a-uuid with 400 invalid_parameters', async () => {
    const { call } = await setup();
    const response = await call('GET', '/portfolio/fills?order_id=not-a-uuid');
    expect(response.status).toBe(400);
    expect(response.body.error).toMatchObject({ code: 'invalid_parameters', message: 'invalid parameters' });
    expect((await call('GET', '/portfolio/fills?order_id=00000000-0000-4000-8000-000000000000')).status).toBe(200);
  });
});

// P4 (round 25). The spec's `cursor` pages "limit records"; how Kalshi spreads GetPositions' `event_positions` over
// pages is not in the notes or the spec. The mock sends each event's row (summed over all its markets) once, on the page
// that holds its first market row: summing pages is then right, and so is keying rows by event_ticker.
describe('GetPositions pages', () => {
  it("sends each event's row once, on the page with its first market row, summed over all its markets", async () => {
    const h = await harness({ empty: true, now: T0, seed: 11 });
    const { exchange } = h.mock;
    const tickers = ['KXEVT-26JUN11-A', 'KXEVT-26JUN11-B', 'KXEVT-26JUN11-C', 'KXEVU-26JUN11-A', 'KXEVU-26JUN11-B'];
    for (const ticker of tickers) {
      exchange.addMarket({ ticker, openTime: T0 - HOUR, closeTime: T0 + 2 * HOUR });
      exchange.createOrder('bob', {
        ticker,
        side: 'ask',
        price: 500_000,
        count: 100,
        timeInForce: 'good_till_canceled',
        selfTradePrevention: 'maker',
      });
      expect((await h.call('POST', '/portfolio/events/orders', order(ticker, { price: '0.5000' }))).status).toBe(201);
    }
    const pages: [string[], [string, string][]][] = [];
    let cursor = '';
    do {
      const body = (await h.call('GET', `/portfolio/positions?limit=2${cursor ? `&cursor=${cursor}` : ''}`)).body;
      pages.push([
        body.market_positions.map((p: { ticker: string }) => p.ticker),
        body.event_positions.map((e: { event_ticker: string; event_exposure_dollars: string }) => [
          e.event_ticker,
          e.event_exposure_dollars,
        ]),
      ]);
      cursor = body.cursor;
    } while (cursor);
    // One YES @ $0.50 in each market: 3 × $0.50 on KXEVT, 2 × $0.50 on KXEVU.
    expect(pages).toEqual([
      [['KXEVT-26JUN11-A', 'KXEVT-26JUN11-B'], [['KXEVT-26JUN11', '1.500000']]],
      [['KXEVT-26JUN11-C', 'KXEVU-26JUN11-A'], [['KXEVU-26JUN11', '1.000000']]],
      [['KXEVU-26JUN11-B'], []],
    ]);
  });
});

// SingleEventTickerQuery: "Event ticker to filter by. Only a single event ticker is supported." (spec 3.31.0; notes
// §6.1 "event_ticker (single)"), beside MultipleEventTickerQuery's "comma-separated list (maximum 10)". A list sent to
// an operation that takes one matched no event and answered an empty list, which reads as "nothing there". Kalshi's
// answer is not recorded (the notes are silent): the mock refuses it as it refuses an eleventh event ticker, 400
// invalid_parameters naming the parameter. Tickers hold no commas (notes §6.6: `^[A-Z0-9-]+$`, dots), so a comma is
// always a list.
describe('event_ticker on the operations that take a single event ticker', () => {
  const single = allOperations.filter((op) =>
    parametersOf(op).some(
      (p) => p.in === 'query' && p.name === 'event_ticker' && /Only a single event ticker/.test(p.description ?? ''),
    ),
  );

  it('are the spec 3.31.0 ones', () => {
    expect(single.map((op) => op.operationId).sort()).toEqual([
      'GetFCMOrders',
      'GetHistoricalMarkets',
      'GetHistoricalPositions',
      'GetMarkets',
      'GetPositions',
      'GetRFQs',
      'GetSettlements',
    ]);
  });

  // GetFCMOrders answers the mock's accounts, none an FCM member, 403 before it reads a filter (spec: FCM members only).
  it.each(single.filter((op) => op.operationId !== 'GetFCMOrders').map((op) => [op.operationId, op.path] as const))(
    '%s refuses event_ticker=A,B naming the parameter, and takes one',
    async (_, path) => {
      const { call } = await setup();
      const refused = await call('GET', `${path}?event_ticker=KXA-26JUN11,KXB-26JUN11`);
      expect(refused).toMatchObject({
        status: 400,
        body: {
          error: {
            code: 'invalid_parameters',
            details: 'event_ticker: only a single event ticker is supported, got 2',
          },
        },
      });
      expect((await call('GET', `${path}?event_ticker=KXA-26JUN11`)).status).not.toBe(400);
    },
  );
});
