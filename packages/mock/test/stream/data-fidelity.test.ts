// Data messages whose routing or units the attack report (issue: tester C, defects 7 and 8) found wrong: multivariate
// markets' lifecycle on its own channel (kalshi-api-notes §9.5), and the ticker's dollar notionals (§9.6, AsyncAPI
// tickerPayload). Every frame is also held against the spec's message schemas.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { specErrors } from './conformance';
import { openSession, type SessionHarness } from './session';

let h: SessionHarness;
let active: string[];
beforeEach(() => {
  h = openSession();
  active = [...h.exchange.markets.values()].filter((m) => m.status === 'active').map((m) => m.ticker);
});
afterEach(async () => {
  for (const frame of h.frames) expect(await specErrors(frame), JSON.stringify(frame)).toEqual([]);
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
      [2, 'multivariate_market_lifecycle', mve, 'determined'],
      [1, 'market_lifecycle_v2', active[0], 'determined'],
    ]);
    // Each channel numbers its own messages from 1.
    expect(data.map((f) => f.seq)).toEqual([1, 2, 3, 1]);
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
