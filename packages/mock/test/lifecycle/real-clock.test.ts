// The exchange on the real clock (no fixed `now`): what is due happens at its time without `advanceTime` — a market
// closes at close_time and opens at open_time, a good-till-time order expires, a determined market settles when its
// timer runs out (kalshi-api-notes §5.7, §5.16, §6.1). Two ways, each tested alone: the mock's timer fires at the due
// time (so stream subscribers hear of it), and a request finds everything due by then already done, even with the
// timer cleared. Vitest's fake timers move the "real" clock: no sleeps.
import { createSigner } from '@org/kalshi-auth';
import { getResponse } from 'msw';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createKalshiMock, type DatasetFile, type MockUser, TEST_USER_ID } from '../../src';
import { createControlHandlers } from '../../src/http/control';
import { setupKalshiMockServer, startKalshiMockServer } from '../../src/node';
import { BASE, call, harness, order } from '../helpers';
import { connect } from '../stream/client';
import { openSession } from '../stream/session';

const T0 = Date.UTC(2026, 5, 11, 18);
const HOUR = 3_600_000;
const TICKER = 'KXCLOCK-26JUN11-T50';

beforeEach(() => {
  // Timers and Date only: sockets, crypto and msw keep their own scheduling.
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'], now: T0 });
});
afterEach(() => {
  vi.useRealTimers();
});

/** A mock on the real clock (no `now`), with one counterparty account. */
async function realClock() {
  const h = await harness({ empty: true, seed: 3, users: 1 });
  const bob = (h.mock.users as [MockUser])[0];
  const bobSigner = await createSigner({ keyId: bob.keyId, privateKey: bob.privateKey });
  return {
    ...h,
    exchange: h.mock.exchange,
    bob: (method: string, path: string, body?: unknown) => call(h.mock, bobSigner, BASE, method, path, body),
  };
}

/** Lets `ms` of real time pass: with the mock's timer running, or with it cleared (only requests see the time). */
const passes = {
  'the timer alone': (_mock: { dispose(): void }, ms: number) => vi.advanceTimersByTime(ms),
  'the next request, the timer cleared': (mock: { dispose(): void }, ms: number) => {
    mock.dispose();
    vi.setSystemTime(Date.now() + ms);
  },
};

describe('on the real clock', () => {
  it('the timer closes a market at close_time: resting orders canceled, collateral released', async () => {
    const { mock, exchange, call } = await realClock();
    exchange.addMarket({ ticker: TICKER, closeTime: T0 + 1500 });
    const resting = await call('POST', '/portfolio/events/orders', order(TICKER, { count: '5', price: '0.1000' }));
    expect(resting.status).toBe(201);
    vi.advanceTimersByTime(1499);
    expect(exchange.market(TICKER).status).toBe('active');
    vi.advanceTimersByTime(1);
    // No request made: the timer did it, at close_time.
    expect(exchange.market(TICKER)).toMatchObject({ status: 'closed', updatedTime: T0 + 1500 });
    expect(mock.inspect.order(resting.body.order_id)?.status).toBe('canceled');
    expect(mock.inspect.balance().balance_dollars).toBe('10000.0000');
  });

  it('a request after close_time finds the market closed and a new order is refused 409 market_closed (timer cleared)', async () => {
    const { mock, exchange, call } = await realClock();
    exchange.addMarket({ ticker: TICKER, closeTime: T0 + 1500 });
    const resting = await call('POST', '/portfolio/events/orders', order(TICKER, { count: '5', price: '0.1000' }));
    passes['the next request, the timer cleared'](mock, 2500);
    const late = await call('POST', '/portfolio/events/orders', order(TICKER, { price: '0.1000' }));
    expect([late.status, late.body.error.code]).toEqual([409, 'market_closed']);
    expect((await call('GET', `/markets/${TICKER}`)).body.market.status).toBe('closed');
    expect((await call('GET', `/portfolio/orders/${resting.body.order_id}`)).body.order.status).toBe('canceled');
    expect((await call('GET', '/portfolio/balance')).body.balance_dollars).toBe('10000.0000');
  });

  it.each(Object.keys(passes) as (keyof typeof passes)[])(
    'a good-till-time order expires at expiration_time (canceled, not fillable after): %s',
    async (way) => {
      const { mock, exchange, call, bob } = await realClock();
      exchange.addMarket({ ticker: TICKER });
      const gtt = await call(
        'POST',
        '/portfolio/events/orders',
        order(TICKER, { count: '2', price: '0.5000', expiration_time: T0 / 1000 + 2 }),
      );
      expect([gtt.status, gtt.body.remaining_count]).toEqual([201, '2.00']);
      passes[way](mock, 1999);
      expect(exchange.orders.get(gtt.body.order_id)?.status).toBe('resting');
      passes[way](mock, 1);
      if (way === 'the timer alone') expect(exchange.orders.get(gtt.body.order_id)?.status).toBe('canceled');
      // A counterparty sells at our price after the expiry: nothing rests there to fill.
      const sell = await bob(
        'POST',
        '/portfolio/events/orders',
        order(TICKER, { side: 'ask', count: '1', price: '0.5000', time_in_force: 'immediate_or_cancel' }),
      );
      expect([sell.status, sell.body.fill_count]).toEqual([201, '0.00']);
      const ours = (await call('GET', `/portfolio/orders/${gtt.body.order_id}`)).body.order;
      expect([ours.status, ours.fill_count_fp, ours.remaining_count_fp]).toEqual(['canceled', '0.00', '0.00']);
      expect((await call('GET', `/portfolio/fills?order_id=${gtt.body.order_id}`)).body.fills).toEqual([]);
    },
  );

  it.each(Object.keys(passes) as (keyof typeof passes)[])('a market opens at open_time: %s', async (way) => {
    const { mock, exchange, call } = await realClock();
    exchange.addMarket({ ticker: TICKER, status: 'initialized', openTime: T0 + 1000, closeTime: T0 + HOUR });
    const early = await call('POST', '/portfolio/events/orders', order(TICKER));
    expect([early.status, early.body.error.code]).toEqual([400, 'market_inactive']);
    passes[way](mock, 1000);
    if (way === 'the timer alone') expect(exchange.market(TICKER).status).toBe('active');
    expect((await call('GET', `/markets/${TICKER}`)).body.market.status).toBe('active');
    expect((await call('POST', '/portfolio/events/orders', order(TICKER))).status).toBe(201);
  });

  // Round 19 A-D3: a market that a dataset loads paused (`inactive`, no book) had no close wake-up under a mutant:
  // nothing told the clock of its close_time, so on the real clock it stayed inactive past it (notes §6.1:
  // active ↔ inactive →(close_time) closed).
  it.each(Object.keys(passes) as (keyof typeof passes)[])(
    'a market a dataset loads paused (inactive) closes at close_time: %s',
    async (way) => {
      const dataset = {
        format: 'kalshi-mock-dataset',
        version: 1,
        series: [
          {
            ticker: 'KXCLOCK',
            title: 'Clock',
            category: 'Economics',
            frequency: 'daily',
            fee_type: 'quadratic',
            fee_multiplier: 1,
          },
        ],
        events: [
          {
            event_ticker: 'KXCLOCK-26JUN11',
            series_ticker: 'KXCLOCK',
            title: 'Clock',
            sub_title: '',
            mutually_exclusive: false,
          },
        ],
        markets: [
          {
            ticker: TICKER,
            event_ticker: 'KXCLOCK-26JUN11',
            title: 'Above 50',
            yes_sub_title: 'Above 50',
            status: 'inactive',
            open_time: new Date(T0 - HOUR).toISOString(),
            close_time: new Date(T0 + 2000).toISOString(),
          },
        ],
      } satisfies DatasetFile;
      const { mock, call } = await harness({ dataset, seed: 3 });
      const { exchange } = mock;
      expect(exchange.market(TICKER).status).toBe('inactive');
      passes[way](mock, 1999);
      expect((await call('GET', `/markets/${TICKER}`)).body.market.status).toBe('inactive');
      passes[way](mock, 1);
      if (way === 'the timer alone')
        expect(exchange.market(TICKER)).toMatchObject({ status: 'closed', updatedTime: T0 + 2000 });
      expect((await call('GET', `/markets/${TICKER}`)).body.market.status).toBe('closed');
    },
  );

  it.each(Object.keys(passes) as (keyof typeof passes)[])(
    'a market determined at a time settles when its settlement timer runs out: %s',
    async (way) => {
      const { mock, exchange, call } = await realClock();
      exchange.addMarket({ ticker: TICKER, settlementTimerSeconds: 1 });
      exchange.setOrderbook(TICKER, { no: [[600_000, 1000]] }); // the house sells YES at 0.40
      expect((await call('POST', '/portfolio/events/orders', order(TICKER, { price: '0.4000' }))).status).toBe(201);
      exchange.determineMarket(TICKER, 'yes', { at: T0 + 500 });
      passes[way](mock, 500);
      if (way === 'the timer alone') expect(exchange.market(TICKER).status).toBe('determined');
      passes[way](mock, 999);
      if (way === 'the timer alone') expect(exchange.market(TICKER).status).toBe('determined');
      passes[way](mock, 1);
      if (way === 'the timer alone') {
        expect(exchange.market(TICKER)).toMatchObject({ status: 'finalized', settledTime: T0 + 1500 });
        const ours = exchange.settlements.filter((s) => s.userId === TEST_USER_ID);
        expect(ours.map((s) => [s.revenue, s.time])).toEqual([[1_000_000, T0 + 1500]]);
      }
      expect((await call('GET', `/markets/${TICKER}`)).body.market.status).toBe('finalized');
      const rows = (await call('GET', '/portfolio/settlements')).body.settlements;
      expect(rows.map((r: { ticker: string; market_result: string }) => [r.ticker, r.market_result])).toEqual([
        [TICKER, 'yes'],
      ]);
    },
  );

  it('a WebSocket command after close_time sees the closed book (timer cleared)', async () => {
    const { mock, exchange, call } = await realClock();
    exchange.addMarket({ ticker: TICKER, closeTime: T0 + 1500 });
    await call('POST', '/portfolio/events/orders', order(TICKER, { count: '5', price: '0.1000' }));
    passes['the next request, the timer cleared'](mock, 1500);
    const stream = openSession({ exchange });
    const frames = stream.send({
      id: 1,
      cmd: 'subscribe',
      params: { channels: ['orderbook_delta'], market_tickers: [TICKER] },
    });
    const snapshot = frames.find((f) => f.type === 'orderbook_snapshot');
    expect(snapshot?.msg).not.toHaveProperty('yes_dollars_fp'); // the bid was canceled at close: no levels
    expect(exchange.market(TICKER).status).toBe('closed');
  });

  it('a control route after close_time sees the closed market (timer cleared)', async () => {
    const { mock, exchange, call } = await realClock();
    exchange.addMarket({ ticker: TICKER, closeTime: T0 + 1500 });
    const resting = await call('POST', '/portfolio/events/orders', order(TICKER, { price: '0.1000' }));
    passes['the next request, the timer cleared'](mock, 1500);
    const origin = 'http://127.0.0.1:4010';
    const handlers = createControlHandlers({ mock, stream: { connections: () => 0, dropAll() {} } }, origin);
    const response = await getResponse(handlers, new Request(`${origin}/_mock/state`));
    const state = await response?.json();
    expect(state.orders.find((o: { order_id: string }) => o.order_id === resting.body.order_id).status).toBe(
      'canceled',
    );
  });

  it('waits for a due time past the 24.8 days setTimeout can wait in one go', async () => {
    const { exchange } = await realClock();
    const MONTH = 30 * 24 * HOUR;
    exchange.addMarket({ ticker: TICKER, closeTime: T0 + MONTH });
    // The longest wait setTimeout takes (a longer one would fire at once, again and again).
    vi.advanceTimersToNextTimer();
    expect([Date.now() - T0, exchange.market(TICKER).status]).toEqual([2_147_483_647, 'active']);
    vi.advanceTimersByTime(MONTH - 2_147_483_647 - 1);
    expect(exchange.market(TICKER).status).toBe('active');
    vi.advanceTimersByTime(1);
    expect(exchange.market(TICKER).status).toBe('closed');
  });

  it('a stream subscriber hears of the close and the settlement from the timer alone', async () => {
    const server = await startKalshiMockServer({ empty: true, seed: 3, pingIntervalMs: 0 });
    try {
      const { exchange } = server.mock;
      exchange.addMarket({ ticker: TICKER, closeTime: T0 + 1500, settlementTimerSeconds: 1 });
      const socket = await connect(server);
      socket.send({ id: 1, cmd: 'subscribe', params: { channels: ['market_lifecycle_v2', 'user_orders'] } });
      await socket.next((m) => m.id === 1 && m.type === 'subscribed');
      await socket.next((m) => m.id === 1 && m.type === 'subscribed');
      const placed = exchange.createOrder(TEST_USER_ID, {
        ticker: TICKER,
        side: 'bid',
        price: 100_000,
        count: 500,
        timeInForce: 'good_till_canceled',
        selfTradePrevention: 'taker_at_cross',
      });
      await socket.next((m) => m.type === 'user_order' && m.msg.status === 'resting');
      vi.advanceTimersByTime(1500); // no request from here on
      const canceled = await socket.next((m) => m.type === 'user_order' && m.msg.status === 'canceled');
      expect(canceled.msg.order_id).toBe(placed.order.orderId);
      exchange.determineMarket(TICKER, 'no');
      await socket.next((m) => m.type === 'market_lifecycle_v2' && m.msg.event_type === 'determined');
      vi.advanceTimersByTime(1000);
      const settled = await socket.next((m) => m.type === 'market_lifecycle_v2' && m.msg.event_type === 'settled');
      expect(settled.msg).toEqual({ market_ticker: TICKER, event_type: 'settled', settled_ts: T0 / 1000 + 2 });
      socket.ws.terminate();
    } finally {
      await server.close();
    }
  });
});

describe('the timer', () => {
  it('is armed for the next due time and cleared by dispose()', () => {
    const mock = createKalshiMock({ empty: true });
    expect(vi.getTimerCount()).toBe(0); // nothing due
    mock.exchange.addMarket({ ticker: TICKER, closeTime: T0 + HOUR });
    expect(vi.getTimerCount()).toBe(1);
    mock.dispose();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('runs the activity generator: its steps come from the timer, and stop with dispose()', () => {
    const mock = createKalshiMock({ seed: 3, activity: { seed: 7, ordersPerSecond: 10 } });
    const placed = () => [...mock.exchange.orders.values()].filter((o) => mock.activity?.accounts.includes(o.userId));
    vi.advanceTimersByTime(1000);
    const afterOneSecond = placed().length;
    expect(afterOneSecond).toBeGreaterThan(0);
    mock.dispose();
    vi.advanceTimersByTime(1000);
    expect(placed().length).toBe(afterOneSecond);
  });

  it('is never armed under a fixed clock (only advanceTime moves it)', () => {
    const mock = createKalshiMock({ empty: true, now: T0 });
    mock.exchange.addMarket({ ticker: TICKER, closeTime: T0 + 1000 });
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(HOUR);
    expect(mock.exchange.market(TICKER).status).toBe('active');
  });

  it('setupKalshiMockServer: server.close() leaves no timer behind, listen() arms it again', () => {
    const kalshi = setupKalshiMockServer({ seed: 3 });
    kalshi.listen();
    expect(vi.getTimerCount()).toBe(1); // the default dataset's next close
    kalshi.server.close();
    expect(vi.getTimerCount()).toBe(0);
    kalshi.listen();
    expect(vi.getTimerCount()).toBe(1);
    kalshi.server.close();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('startKalshiMockServer: close() leaves no timer behind', async () => {
    const server = await startKalshiMockServer({ seed: 3, pingIntervalMs: 0 });
    expect(vi.getTimerCount()).toBe(1);
    await server.close();
    expect(vi.getTimerCount()).toBe(0);
  });
});
