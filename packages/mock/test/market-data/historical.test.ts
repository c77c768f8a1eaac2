import { beforeAll, describe, expect, it } from 'vitest';
import type { Exchange } from '../../src/exchange/exchange';
import { type Harness, harness, order } from '../helpers';

// The historical partition (kalshi-api-notes §6.7, spec 3.31.0 `GET /historical/cutoff`): markets settled, trades
// and fills made, orders finished before the cutoffs leave the live endpoints and are served by `/historical/*`.
// Kalshi's target live window is three months, so the cutoffs trail the exchange clock by 90 days.

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 11, 1, 12, 0, 0);
const TICKER = 'KXHIST-26DEC01-T1';
const MAKER = '00000000-0000-4000-8000-0000000000c1';

let h: Harness;
let exchange: Exchange;
let canceledId: string;
let takerId: string;

const get = (path: string) => h.call('GET', path);

// A generous hook timeout: building a mock takes seconds while other packages test on the shared machine.
beforeAll(async () => {
  // rateLimit sets the account's usage tier: creating a subaccount needs Advanced or above (spec CreateSubaccount)
  h = await harness({ empty: true, now: T0, seed: 9, rateLimit: 'prime' });
  exchange = h.mock.exchange;
  exchange.addMarket({ ticker: TICKER, openTime: T0 - 1000 });
  exchange.advanceTime(60_000);
  exchange.createOrder(MAKER, {
    ticker: TICKER,
    side: 'ask',
    price: 400_000,
    count: 200,
    timeInForce: 'good_till_canceled',
    selfTradePrevention: 'maker',
  });
  // The test user buys 2 YES at 0.40 (taker), and rests a bid that the settlement cancels.
  takerId = (await h.call('POST', '/portfolio/events/orders', order(TICKER, { price: '0.4000', count: '2' }))).body
    .order_id;
  canceledId = (await h.call('POST', '/portfolio/events/orders', order(TICKER, { price: '0.1000' }))).body.order_id;
  exchange.advanceTime(60_000);
  exchange.settleMarket(TICKER, 'yes'); // settled at T0 + 2 min
}, 60_000);

describe('before the cutoff passes', () => {
  it('the cutoffs are three months behind the clock', async () => {
    const { status, body } = await get('/historical/cutoff');
    expect(status).toBe(200);
    const cutoff = new Date(T0 + 2 * 60_000 - 90 * DAY).toISOString();
    expect(body).toEqual({
      market_settled_ts: cutoff,
      trades_created_ts: cutoff,
      orders_updated_ts: cutoff,
      market_positions_last_updated_ts: cutoff,
    });
  });

  it('everything is live and nothing historical', async () => {
    expect((await get(`/markets/${TICKER}`)).status).toBe(200);
    expect((await get('/events/KXHIST-26DEC01?with_nested_markets=true')).body.event.markets).toHaveLength(1);
    expect((await get(`/markets/trades?ticker=${TICKER}`)).body.trades).toHaveLength(1);
    expect((await get(`/portfolio/fills?ticker=${TICKER}`)).body.fills).toHaveLength(1);
    expect((await get(`/portfolio/orders?ticker=${TICKER}`)).body.orders).toHaveLength(2);

    expect((await get(`/historical/markets/${TICKER}`)).status).toBe(404);
    expect((await get('/historical/markets')).body.markets).toEqual([]);
    expect((await get('/historical/trades')).body.trades).toEqual([]);
    expect((await get('/historical/fills')).body.fills).toEqual([]);
    expect((await get('/historical/orders')).body.orders).toEqual([]);
    expect((await get('/historical/positions')).body.market_positions).toEqual([]);
  });

  // Spec market_settled_ts: "Markets … that settled before this timestamp must be accessed via GET
  // /historical/markets": a market settled on the cutoff itself is still live (the next describe moves on from here).
  it('a market settled exactly on the cutoff is still live', async () => {
    exchange.advanceTime(90 * DAY);
    expect((await get('/historical/cutoff')).body.market_settled_ts).toBe(new Date(T0 + 2 * 60_000).toISOString());
    expect((await get(`/markets/${TICKER}`)).status).toBe(200);
    expect((await get(`/historical/markets/${TICKER}`)).status).toBe(404);
    expect((await get('/historical/markets')).body.markets).toEqual([]);
  });
});

describe('after the cutoff passes', () => {
  beforeAll(() => {
    exchange.advanceTime(91 * DAY);
  });

  it('the settled market moves from the live endpoints to the historical ones', async () => {
    expect((await get(`/markets/${TICKER}`)).status).toBe(404);
    expect((await get(`/markets?tickers=${TICKER}`)).body.markets).toEqual([]);
    // Events stay; their nested markets leave out the archived ones (spec: `with_nested_markets`). EventData.markets
    // is `x-omitempty` and `x-go-type-skip-optional-pointer` (a plain Go slice with `omitempty`): with no market left
    // to nest, Kalshi's encoder leaves it out (tester T, round 35: it was `[]`). GetEventResponse.markets is required,
    // so the top-level list stays, empty.
    const event = (await get('/events/KXHIST-26DEC01?with_nested_markets=true')).body;
    expect(event.markets).toEqual([]);
    expect(event.event).not.toHaveProperty('markets');
    const events = (await get('/events?with_nested_markets=true')).body.events;
    expect(events).toHaveLength(1);
    expect(events[0]).not.toHaveProperty('markets');
    const single = await get(`/historical/markets/${TICKER}`);
    expect(single.status).toBe(200);
    expect(single.body.market).toMatchObject({ ticker: TICKER, status: 'finalized', result: 'yes' });
    expect((await get('/historical/markets')).body.markets.map((m: { ticker: string }) => m.ticker)).toEqual([TICKER]);
  });

  // Notes §6.7: what is past the cutoff "disappears from live endpoints", the order books included: they answer the
  // archived market as GET /markets/{ticker} does (404), not with an empty book of a market that still trades.
  it("the settled market's order book leaves the live endpoints with it", async () => {
    expect((await get(`/markets/${TICKER}/orderbook`)).status).toBe(404);
    expect((await get(`/markets/orderbooks?tickers=${TICKER}`)).status).toBe(404);
  });

  it('GET /historical/markets takes one filter at a time ("Filters are mutually exclusive")', async () => {
    expect((await get('/historical/markets?series_ticker=KXHIST')).body.markets).toHaveLength(1);
    const both = await get(`/historical/markets?series_ticker=KXHIST&tickers=${TICKER}`);
    expect(both).toMatchObject({
      status: 400,
      body: { error: { code: 'invalid_parameters', details: expect.stringContaining('tickers and series_ticker') } },
    });
  });

  it('its trade and the user fill move to /historical/trades and /historical/fills', async () => {
    expect((await get(`/markets/trades?ticker=${TICKER}`)).body.trades).toEqual([]);
    expect((await get('/portfolio/fills')).body.fills).toEqual([]);
    const trades = (await get('/historical/trades')).body.trades;
    expect(trades).toHaveLength(1);
    expect(trades[0]).toMatchObject({ ticker: TICKER, count_fp: '2.00', yes_price_dollars: '0.4000' });
    const fills = (await get('/historical/fills')).body.fills;
    expect(fills).toHaveLength(1);
    expect(fills[0]).toMatchObject({
      order_id: takerId,
      count_fp: '2.00',
      yes_price_dollars: '0.4000',
      is_taker: true,
    });
  });

  it('the executed and the canceled order move to /historical/orders', async () => {
    expect((await get('/portfolio/orders')).body.orders).toEqual([]);
    const orders = (await get('/historical/orders')).body.orders;
    expect(orders.map((o: { order_id: string; status: string }) => [o.order_id, o.status])).toEqual([
      [canceledId, 'canceled'],
      [takerId, 'executed'],
    ]);
  });

  // GetHistoricalOrders returns GetOrdersResponse and its `min_ts`/`max_ts` ("Filter items after/before this Unix
  // timestamp") are the live GetOrders' ("orders after a timestamp"), which the mock reads as the creation time. The
  // notes are silent on which time; a trader reading "orders since T" across the partition needs one reading on both
  // sides, so an order keeps matching the same filters when it moves to /historical/orders. Both orders were placed at
  // T0 + 60 s; the resting one was canceled by the settlement at T0 + 2 min (before the fix the historical list
  // filtered on that update time and answered it for a later min_ts).
  it('filters /historical/orders by min_ts / max_ts on the creation time, as the live list does', async () => {
    const ids = async (query: string) =>
      (await get(`/historical/orders?${query}`)).body.orders.map((o: { order_id: string }) => o.order_id);
    const between = (T0 + 90_000) / 1000;
    expect(await ids(`min_ts=${between}`)).toEqual([]);
    expect(await ids(`max_ts=${between}`)).toEqual([canceledId, takerId]);
  });

  // Spec GetHistoricalCutoff: orders finished before `orders_updated_ts` "must be accessed via GET /historical/orders";
  // notes §6.7: they disappear from the live endpoints. GET /portfolio/orders/{order_id} is one: it answers them as
  // GET /markets/{ticker} answers an archived market (404), and as the live list leaves them out. Before the fix it
  // still served them by id.
  it('GET /portfolio/orders/{order_id} answers the archived orders 404, as the live list leaves them out', async () => {
    for (const id of [canceledId, takerId]) {
      const response = await get(`/portfolio/orders/${id}`);
      expect([response.status, response.body.error?.code], id).toEqual([404, 'not_found']);
    }
  });

  // Spec GetFillsHistorical / GetHistoricalOrders `subaccount`: "If omitted, defaults to all subaccounts";
  // GetHistoricalPositions: "Defaults to 0". Everything here was done in the primary account (0).
  it('filters historical fills, orders and positions by subaccount', async () => {
    expect((await h.call('POST', '/portfolio/subaccounts', {})).status).toBe(201);
    const listed = async (path: string, field: string) => (await get(path)).body[field].length;
    expect(await listed('/historical/fills?subaccount=0', 'fills')).toBe(1);
    expect(await listed('/historical/fills?subaccount=1', 'fills')).toBe(0);
    expect(await listed('/historical/orders?subaccount=0', 'orders')).toBe(2);
    expect(await listed('/historical/orders?subaccount=1', 'orders')).toBe(0);
    expect(await listed('/historical/positions?subaccount=0', 'market_positions')).toBe(1);
    expect(await listed('/historical/positions?subaccount=1', 'market_positions')).toBe(0);
  });

  it('the settled position is listed by /historical/positions with its P&L', async () => {
    const { status, body } = await get('/historical/positions');
    expect(status).toBe(200);
    // Bought 2 YES at 0.40 ($0.80) plus the taker fee 0.07 × 2 × 0.40 × 0.60 = $0.0336; settled YES: paid $2.00.
    // Realized P&L 2.00 − 0.80 = 1.20, fees apart: the notes do not say whether it nets fees, but Kalshi's demo
    // recording (issue 14) shows an open position that paid fees with realized_pnl_dollars "0.000000".
    expect(body.market_positions).toEqual([
      {
        ticker: TICKER,
        exchange_index: 0,
        total_traded_dollars: '0.800000',
        position_fp: '0.00',
        market_exposure_dollars: '0.000000',
        realized_pnl_dollars: '1.200000',
        fees_paid_dollars: '0.033600',
        last_updated_ts: new Date(T0 + 2 * 60_000).toISOString(),
      },
    ]);
    expect(body.event_positions).toEqual([
      {
        event_ticker: 'KXHIST-26DEC01',
        total_cost_dollars: '0.800000',
        total_cost_shares_fp: '2.00',
        event_exposure_dollars: '0.000000',
        realized_pnl_dollars: '1.200000',
        fees_paid_dollars: '0.033600',
      },
    ]);
  });

  it('its candles are served by the historical endpoint only, in the historical shape', async () => {
    const s0 = T0 / 1000;
    const query = `start_ts=${s0 + 1}&end_ts=${s0 + 3600}&period_interval=1`;
    expect((await get(`/series/KXHIST/markets/${TICKER}/candlesticks?${query}`)).status).toBe(404);
    const { status, body } = await get(`/historical/markets/${TICKER}/candlesticks?${query}`);
    expect(status).toBe(200);
    // Minutes ending T0+60 (no trade yet) and T0+120 (the trade at T0+60 s lies on the boundary: it closes the first
    // minute, whose window is (T0, T0+60]); the market closed at settlement, T0+120.
    expect(body.candlesticks.map((c: { end_period_ts: number }) => c.end_period_ts)).toEqual([s0 + 60, s0 + 120]);
    expect(body.candlesticks[0].price).toEqual({
      open: '0.4000',
      low: '0.4000',
      high: '0.4000',
      close: '0.4000',
      mean: '0.4000',
      previous: null,
    });
    expect(body.candlesticks[0].volume).toBe('2.00');
    expect(body.candlesticks[1].price).toEqual({
      open: null,
      low: null,
      high: null,
      close: null,
      mean: null,
      previous: '0.4000',
    });
    // After settlement nothing is outstanding.
    expect(body.candlesticks[1].open_interest).toBe('0.00');
  });
});

describe('archived combo markets', () => {
  it('GET /historical/markets includes them by default and leaves them out with mve_filter=exclude', async () => {
    const t = await harness({ empty: true, now: T0, seed: 9 });
    const legs = ['KXA-26DEC01-T1', 'KXB-26DEC01-T1'];
    for (const ticker of legs) t.mock.exchange.addMarket({ ticker, openTime: T0 - 1000 });
    const created = await t.call('POST', '/multivariate_event_collections/KXMVECOMBO-26DEC01', {
      selected_markets: legs.map((ticker) => ({
        event_ticker: ticker.slice(0, -3),
        market_ticker: ticker,
        side: 'yes',
      })),
    });
    expect(created.status).toBe(200);
    // The combo is determined by its legs and settles on its own timer (catalog.test.ts, round 26 R1).
    for (const ticker of legs) t.mock.exchange.settleMarket(ticker, 'yes');
    t.mock.exchange.advanceTime(91 * DAY);
    const tickers = async (query: string) =>
      (await t.call('GET', `/historical/markets${query}`)).body.markets.map((m: { ticker: string }) => m.ticker).sort();
    expect(await tickers('')).toEqual([...legs, created.body.market_ticker].sort());
    expect(await tickers('?mve_filter=exclude')).toEqual(legs);
  });
});

// Spec orders_updated_ts: "Resting (active) orders are always available in GET /portfolio/orders"; GET
// /historical/positions: "Positions are archived per whole event: a settled event's positions … never split".
describe('an event with one market settled and one still trading', () => {
  it('keeps its resting order live and its settled position out of /historical/positions', async () => {
    const t = await harness({ empty: true, now: T0, seed: 9 });
    const [settled, open] = ['KXPART-26DEC01-T1', 'KXPART-26DEC01-T2'];
    t.mock.exchange.addMarket({ ticker: settled, openTime: T0 - 1000 });
    t.mock.exchange.addMarket({ ticker: open, openTime: T0 - 1000, closeTime: T0 + 365 * DAY });
    t.mock.exchange.createOrder(MAKER, {
      ticker: settled,
      side: 'ask',
      price: 400_000,
      count: 200,
      timeInForce: 'good_till_canceled',
      selfTradePrevention: 'maker',
    });
    const bought = await t.call('POST', '/portfolio/events/orders', order(settled, { price: '0.4000', count: '2' }));
    expect(bought.body.fill_count).toBe('2.00');
    const resting = (await t.call('POST', '/portfolio/events/orders', order(open, { price: '0.1000' }))).body.order_id;
    t.mock.exchange.settleMarket(settled, 'yes');
    t.mock.exchange.advanceTime(91 * DAY);
    expect((await t.call('GET', `/historical/markets/${settled}`)).status).toBe(200);
    const live = (await t.call('GET', '/portfolio/orders?status=resting')).body.orders;
    expect(live.map((o: { order_id: string }) => o.order_id)).toEqual([resting]);
    const archived = (await t.call('GET', '/historical/orders')).body.orders;
    expect(archived.map((o: { order_id: string }) => o.order_id)).not.toContain(resting);
    expect((await t.call('GET', '/historical/positions')).body.market_positions).toEqual([]);
  });
});

// Round 25 (P4's sibling): as GetPositions, each event's row once, summed over all its positions, on the page that
// holds its first position; the notes and spec are silent on how Kalshi spreads `event_positions` over pages.
describe('/historical/positions pages', () => {
  it("sends each event's row once, on the page with its first position, summed over all its positions", async () => {
    const t = await harness({ empty: true, now: T0, seed: 9 });
    for (const ticker of ['KXHEV-26DEC01-A', 'KXHEV-26DEC01-B']) {
      t.mock.exchange.addMarket({ ticker, openTime: T0 - 1000 });
      t.mock.exchange.createOrder(MAKER, {
        ticker,
        side: 'ask',
        price: 400_000,
        count: 100,
        timeInForce: 'good_till_canceled',
        selfTradePrevention: 'maker',
      });
      expect((await t.call('POST', '/portfolio/events/orders', order(ticker, { price: '0.4000' }))).status).toBe(201);
      t.mock.exchange.settleMarket(ticker, 'yes');
    }
    t.mock.exchange.advanceTime(91 * DAY);
    const first = (await t.call('GET', '/historical/positions?limit=1')).body;
    const second = (await t.call('GET', `/historical/positions?limit=1&cursor=${first.cursor}`)).body;
    expect([first, second].map((page) => page.market_positions.map((p: { ticker: string }) => p.ticker))).toEqual([
      ['KXHEV-26DEC01-A'],
      ['KXHEV-26DEC01-B'],
    ]);
    // 1 YES @ $0.40 in each market.
    expect(first.event_positions).toEqual([
      expect.objectContaining({
        event_ticker: 'KXHEV-26DEC01',
        total_cost_dollars: '0.800000',
        total_cost_shares_fp: '2.00',
      }),
    ]);
    expect(second.event_positions).toEqual([]);
  });
});

// Round 25 (V's D2, D4): a subaccount is its own ledger (notes §7), so its settled positions are archived apart from
// the primary's; `?subaccount=` selects one, and omitted it is the primary (spec SubaccountQueryDefaultPrimary:
// "Defaults to 0"). A position bought and sold back before settlement is listed live until then (notes §7: "only
// unsettled positions"), so it reaches the archive with its fees and realized P&L.
describe('/historical/positions per account', () => {
  const SUB = 'KXHSUB-26DEC01-A';

  async function settledWithSubaccount() {
    // rateLimit sets the account's usage tier: creating a subaccount needs Advanced or above (spec CreateSubaccount)
    const t = await harness({ empty: true, now: T0, seed: 9, rateLimit: 'prime' });
    t.mock.exchange.addMarket({ ticker: SUB, openTime: T0 - 1000 });
    t.mock.exchange.createOrder(MAKER, {
      ticker: SUB,
      side: 'ask',
      price: 400_000,
      count: 1_000,
      timeInForce: 'good_till_canceled',
      selfTradePrevention: 'maker',
    });
    expect((await t.call('POST', '/portfolio/subaccounts', {})).body.subaccount_number).toBe(1);
    const funding = {
      client_transfer_id: t.mock.exchange.newId(),
      from_subaccount: 0,
      to_subaccount: 1,
      amount_cents: 100,
    };
    expect((await t.call('POST', '/portfolio/subaccounts/transfer', funding)).status).toBe(200);
    // The primary buys 2 YES at 0.40, subaccount 1 buys 1 YES at 0.40 (both taker).
    expect((await t.call('POST', '/portfolio/events/orders', order(SUB, { price: '0.4000', count: '2' }))).status).toBe(
      201,
    );
    const sub = order(SUB, { price: '0.4000', count: '1', subaccount: 1 });
    expect((await t.call('POST', '/portfolio/events/orders', sub)).status).toBe(201);
    t.mock.exchange.settleMarket(SUB, 'yes');
    t.mock.exchange.advanceTime(91 * DAY);
    return t;
  }

  it("lists the primary's and each subaccount's settled position apart, each with its own P&L and fees", async () => {
    const t = await settledWithSubaccount();
    const rows = async (query: string) => {
      const { status, body } = await t.call('GET', `/historical/positions${query}`);
      expect(status).toBe(200);
      return {
        markets: body.market_positions.map((p: Record<string, string>) => [
          p.ticker,
          p.total_traded_dollars,
          p.realized_pnl_dollars,
          p.fees_paid_dollars,
        ]),
        events: body.event_positions.map((e: Record<string, string>) => [e.event_ticker, e.realized_pnl_dollars]),
      };
    };
    // Primary: $0.80 for 2 YES, paid $2.00: P&L 1.20; taker fee 0.07 × 2 × 0.40 × 0.60 = $0.0336.
    const primary = { markets: [[SUB, '0.800000', '1.200000', '0.033600']], events: [['KXHSUB-26DEC01', '1.200000']] };
    // Subaccount 1: $0.40 for 1 YES, paid $1.00: P&L 0.60; taker fee 0.07 × 1 × 0.40 × 0.60 = $0.0168.
    const subaccount = {
      markets: [[SUB, '0.400000', '0.600000', '0.016800']],
      events: [['KXHSUB-26DEC01', '0.600000']],
    };
    expect(await rows('')).toEqual(primary);
    expect(await rows('?subaccount=0')).toEqual(primary);
    expect(await rows('?subaccount=1')).toEqual(subaccount);
  });

  it('archives a position that was flat when its market settled, with its fees and realized P&L', async () => {
    const t = await harness({ empty: true, now: T0, seed: 9 });
    const [flat, held] = ['KXHFLAT-26DEC01-A', 'KXHFLAT-26DEC01-B'];
    for (const ticker of [flat, held]) {
      t.mock.exchange.addMarket({ ticker, openTime: T0 - 1000 });
      t.mock.exchange.createOrder(MAKER, {
        ticker,
        side: 'ask',
        price: 400_000,
        count: 1_000,
        timeInForce: 'good_till_canceled',
        selfTradePrevention: 'maker',
      });
    }
    t.mock.exchange.createOrder(MAKER, {
      ticker: flat,
      side: 'bid',
      price: 300_000,
      count: 1_000,
      timeInForce: 'good_till_canceled',
      selfTradePrevention: 'maker',
    });
    // Buy 2 YES at 0.40 and sell them back at 0.30 (both taker): flat, P&L 0.60 − 0.80 = −0.20; fees
    // 0.07 × 2 × 0.40 × 0.60 = $0.0336 and 0.07 × 2 × 0.30 × 0.70 = $0.0294, $0.0630 in all.
    expect(
      (await t.call('POST', '/portfolio/events/orders', order(flat, { price: '0.4000', count: '2' }))).status,
    ).toBe(201);
    const sell = order(flat, { side: 'ask', price: '0.3000', count: '2' });
    expect((await t.call('POST', '/portfolio/events/orders', sell)).status).toBe(201);
    // 1 YES at 0.40 held to a YES settlement: P&L 1.00 − 0.40 = 0.60, fee 0.07 × 0.40 × 0.60 = $0.0168.
    expect((await t.call('POST', '/portfolio/events/orders', order(held, { price: '0.4000' }))).status).toBe(201);
    const live = (await t.call('GET', `/portfolio/positions?ticker=${flat}`)).body.market_positions;
    expect(live.map((p: Record<string, string>) => [p.ticker, p.position_fp])).toEqual([[flat, '0.00']]);
    t.mock.exchange.settleMarket(flat, 'yes');
    t.mock.exchange.settleMarket(held, 'yes');
    t.mock.exchange.advanceTime(91 * DAY);
    const { body } = await t.call('GET', '/historical/positions');
    expect(
      body.market_positions.map((p: Record<string, string>) => [p.ticker, p.realized_pnl_dollars, p.fees_paid_dollars]),
    ).toEqual([
      [flat, '-0.200000', '0.063000'],
      [held, '0.600000', '0.016800'],
    ]);
    expect(body.event_positions).toEqual([
      expect.objectContaining({
        event_ticker: 'KXHFLAT-26DEC01',
        realized_pnl_dollars: '0.400000',
        fees_paid_dollars: '0.079800',
      }),
    ]);
  });
});
