// Data messages whose routing or units the attack report (tester C, defects 7 and 8) found wrong: multivariate
// markets' lifecycle on its own channel (kalshi-api-notes §9.5), and the ticker's dollar notionals (§9.6, AsyncAPI
// tickerPayload); and a client that stops reading gets error 25 (§9.4). Every frame is held against the spec.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TEST_USER_ID } from '../../src';
import { createFaults } from '../../src/shared/faults';
import { StreamSession } from '../../src/stream/session';
import type { Message } from './client';
import { expectConforming } from './conformance';
import { activeTickers, openSession, type SessionHarness } from './session';

let h: SessionHarness;
let active: string[];
beforeEach(() => {
  h = openSession();
  active = activeTickers(h.exchange);
});
afterEach(async () => {
  await expectConforming(h.frames);
  h.session.dispose();
});

describe('lifecycle channels', () => {
  it('sends a KXMVE market’s lifecycle on multivariate_market_lifecycle, other markets’ on market_lifecycle_v2', () => {
    h.send({ id: 1, cmd: 'subscribe', params: { channels: ['market_lifecycle_v2', 'multivariate_market_lifecycle'] } });
    const mve = 'KXMVECROSSCATEGORY-26DEC31-ABC';
    h.exchange.addMarket({ ticker: mve });
    h.exchange.determineMarket(mve, 'yes');
    h.exchange.determineMarket(active[0] as string, 'no');
    const data = h.frames.filter((f) => f.type !== 'subscribed');
    const seen = data.map((f) => [f.sid, f.type, f.msg.market_ticker ?? f.msg.event_ticker, f.msg.event_type]);
    expect(seen).toEqual([
      [2, 'event_lifecycle', 'KXMVECROSSCATEGORY-26DEC31', undefined],
      [2, 'multivariate_market_lifecycle', mve, 'created'],
      // Determined while open: each closes early, its close date moving to now first.
      [2, 'multivariate_market_lifecycle', mve, 'close_date_updated'],
      [2, 'multivariate_market_lifecycle', mve, 'determined'],
      [1, 'market_lifecycle_v2', active[0], 'close_date_updated'],
      [1, 'market_lifecycle_v2', active[0], 'determined'],
    ]);
    // Each channel numbers its own messages from 1.
    expect(data.map((f) => f.seq)).toEqual([1, 2, 3, 4, 1, 2]);
  });

  // AsyncAPI event_lifecycle: sent when an event is created (kalshi-api-notes §9.5: it arrives on the lifecycle
  // channels): once per event, with its first market, not again for the event's later markets. (Mutation gap SS29.)
  it('sends event_lifecycle with an event’s first market only', () => {
    h.send({ id: 1, cmd: 'subscribe', params: { channels: ['market_lifecycle_v2'] } });
    h.exchange.addMarket({ ticker: 'KXNEWEVENT-26DEC31-T1' });
    h.exchange.addMarket({ ticker: 'KXNEWEVENT-26DEC31-T2' });
    const data = h.frames.filter((f) => f.type !== 'subscribed');
    expect(data.map((f) => [f.type, f.msg.market_ticker ?? f.msg.event_ticker, f.seq])).toEqual([
      ['event_lifecycle', 'KXNEWEVENT-26DEC31', 1],
      ['market_lifecycle_v2', 'KXNEWEVENT-26DEC31-T1', 2],
      ['market_lifecycle_v2', 'KXNEWEVENT-26DEC31-T2', 3],
    ]);
  });

  // kalshi-api-notes §9.6: "No event is sent for the implicit initialized→active and →closed transitions"
  // (`activated` follows a `deactivated`). (Mutation gap MS01.)
  it('sends nothing when an initialized market opens at its open time', () => {
    const opening = [...h.exchange.markets.values()].find((m) => m.status === 'initialized');
    if (!opening) throw new Error('the default dataset has an initialized market');
    h.send({ id: 1, cmd: 'subscribe', params: { channels: ['market_lifecycle_v2'] } });
    h.exchange.advanceTime(opening.openTime - h.exchange.now());
    expect(h.exchange.market(opening.ticker).status).toBe('active');
    expect(h.frames.filter((f) => f.msg.market_ticker === opening.ticker)).toEqual([]);
  });
});

describe('ticker', () => {
  it('reports dollar_volume and dollar_open_interest in whole dollars of notional, not contracts', () => {
    const ticker = 'KXNOTIONAL-26DEC31-T1'; // a new market: an empty book
    h.exchange.addMarket({ ticker });
    h.send({ id: 1, cmd: 'subscribe', params: { channels: ['ticker'], market_tickers: [ticker] } });
    const order = { ticker, count: 5_000, timeInForce: 'good_till_canceled', selfTradePrevention: 'maker' } as const;
    // 50 contracts trade at $0.12 (the resting YES ask's price): $6 of notional, and 50 contracts of open interest.
    h.exchange.createOrder('maker', { ...order, side: 'ask', price: 120_000 });
    h.exchange.createOrder('taker', { ...order, side: 'bid', price: 130_000 });
    const last = h.frames.filter((f) => f.type === 'ticker').at(-1);
    expect(last?.msg).toMatchObject({
      volume_fp: '50.00',
      open_interest_fp: '50.00',
      dollar_volume: 6,
      dollar_open_interest: 6,
    });
  });
});

describe('a client that stops reading', () => {
  it('past bufferLimit waiting messages, the subscription’s burst is dropped and it ends with error 25', async () => {
    const frames: Message[] = [];
    let backlog = 0;
    const session = new StreamSession({
      exchange: h.exchange,
      userId: TEST_USER_ID,
      faults: createFaults(() => h.exchange.draw()),
      transport: { send: (text) => frames.push(JSON.parse(text)), drop: () => {}, backlog: () => backlog },
      bufferLimit: 10,
    });
    const [a, b] = active as [string, string];
    session.receive(
      JSON.stringify({ id: 1, cmd: 'subscribe', params: { channels: ['orderbook_delta'], market_tickers: [a, b] } }),
    );
    const bid = { side: 'bid', count: 100, timeInForce: 'good_till_canceled', selfTradePrevention: 'maker' } as const;
    h.exchange.createOrder('someone', { ticker: a, ...bid, price: 10_000 });
    backlog = 10; // the client stopped reading
    h.exchange.createOrder('someone', { ticker: a, ...bid, price: 20_000 });
    h.exchange.createOrder('someone', { ticker: b, ...bid, price: 20_000 });
    expect(frames.map((f) => [f.type, f.seq, f.msg?.code])).toEqual([
      ['subscribed', undefined, undefined],
      ['orderbook_snapshot', 1, undefined],
      ['orderbook_snapshot', 2, undefined],
      ['orderbook_delta', 3, undefined],
      ['error', 4, 25],
    ]);
    expect(frames.at(-1)).toEqual({
      type: 'error',
      sid: 1,
      seq: 4,
      msg: { code: 25, msg: 'Subscription buffer overflow' },
    });
    // The subscription is gone: subscribing again starts a new one.
    backlog = 0;
    session.receive(JSON.stringify({ id: 2, cmd: 'list_subscriptions' }));
    expect(frames.at(-1)).toMatchObject({ id: 2, type: 'ok', msg: [] });
    await expectConforming(frames);
    session.dispose();
  });

  // AsyncAPI "Terminal Errors": 25 is terminal, the user must resubscribe. One command or event that makes several
  // messages for the subscription (here a get_snapshot of two markets) ends it once: one error 25, and nothing after
  // it on that sid (a second terminal error would tell a client the sid it may already have resubscribed under died).
  it('ends an overflowing subscription with one error 25 even when one command makes several of its messages', async () => {
    const frames: Message[] = [];
    let backlog = 0;
    const session = new StreamSession({
      exchange: h.exchange,
      userId: TEST_USER_ID,
      faults: createFaults(() => h.exchange.draw()),
      transport: { send: (text) => frames.push(JSON.parse(text)), drop: () => {}, backlog: () => backlog },
      bufferLimit: 10,
    });
    const [a, b] = active as [string, string];
    session.receive(
      JSON.stringify({ id: 1, cmd: 'subscribe', params: { channels: ['orderbook_delta'], market_tickers: [a, b] } }),
    );
    backlog = 10; // the client stopped reading
    session.receive(
      JSON.stringify({
        id: 2,
        cmd: 'update_subscription',
        params: { sid: 1, action: 'get_snapshot', market_tickers: [a, b] },
      }),
    );
    expect(frames.slice(3)).toEqual([
      { type: 'error', sid: 1, seq: 3, msg: { code: 25, msg: 'Subscription buffer overflow' } },
    ]);
    await expectConforming(frames);
    session.dispose();
  });
});

// kalshi-api-notes §9.5 (the `seq?` column) and AsyncAPI 2.0.0: `ticker`, `fill`, `market_position` and `user_order`
// messages carry no `seq`; `trade` does (required by the spec; observed in production per §9.7), numbered from 1 per sid.
describe('which data messages are sequenced', () => {
  it('numbers trade messages per sid and leaves ticker, fill, market_position and user_order without seq', async () => {
    const s = openSession({ empty: true });
    try {
      const ticker = 'KXSEQ-26DEC31-T1';
      s.exchange.addMarket({ ticker });
      s.send({
        id: 1,
        cmd: 'subscribe',
        params: { channels: ['trade', 'ticker', 'fill', 'market_positions', 'user_orders'], market_tickers: [ticker] },
      });
      const gtc = {
        ticker,
        count: 100,
        timeInForce: 'good_till_canceled',
        selfTradePrevention: 'taker_at_cross',
      } as const;
      s.exchange.createOrder('counterparty', { ...gtc, side: 'ask', price: 520_000 });
      s.exchange.createOrder('counterparty', { ...gtc, side: 'ask', price: 530_000 });
      s.exchange.createOrder(TEST_USER_ID, { ...gtc, side: 'bid', price: 520_000 });
      s.exchange.createOrder(TEST_USER_ID, { ...gtc, side: 'bid', price: 530_000 });
      const data = s.frames.filter((f) => f.type !== 'subscribed');
      const of = (type: string) => data.filter((f) => f.type === type);
      expect(of('trade').map((f) => f.seq)).toEqual([1, 2]);
      // §9.6 trade: no_price_dollars beside yes_price_dollars, summing to $1.
      expect(of('trade')[0]?.msg).toMatchObject({ yes_price_dollars: '0.5200', no_price_dollars: '0.4800' });
      for (const type of ['ticker', 'fill', 'market_position', 'user_order']) {
        expect(of(type).length, type).toBeGreaterThan(0);
        for (const frame of of(type)) expect(frame, type).not.toHaveProperty('seq');
      }
      await expectConforming(s.frames);
    } finally {
      s.session.dispose();
    }
  });
});

// kalshi-api-notes §9.6: `market_lifecycle_v2.event_type` includes `deactivated` and `activated`, with the optional
// `is_deactivated`; D-life: a market moves active ↔ inactive (deactivate/activate).
describe('deactivation on market_lifecycle_v2', () => {
  it('sends deactivated (is_deactivated true) and, on reactivation, activated (is_deactivated false)', () => {
    const ticker = active[0] as string;
    h.send({ id: 1, cmd: 'subscribe', params: { channels: ['market_lifecycle_v2'] } });
    h.exchange.setMarketStatus(ticker, 'inactive');
    h.exchange.setMarketStatus(ticker, 'active');
    const lifecycle = h.frames.filter((f) => f.type === 'market_lifecycle_v2').map((f) => f.msg);
    expect(lifecycle).toEqual([
      { market_ticker: ticker, event_type: 'deactivated', is_deactivated: true },
      { market_ticker: ticker, event_type: 'activated', is_deactivated: false },
    ]);
  });
});
