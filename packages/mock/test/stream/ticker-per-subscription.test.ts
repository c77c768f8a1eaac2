// The ticker channel's "only when a field changed" is judged per subscription (tester V, V-D3). AsyncAPI `ticker`:
// "Updates sent whenever any ticker field changes". What counts is what the subscription was sent: a new
// subscription (after `unsubscribe`), or a market added back to one (`delete_markets` then `add_markets`), has been
// sent nothing for that market, so a change back to a state an earlier subscription saw is still a change to it.
// (The notes are silent on Kalshi's own dedupe; the mock follows the AsyncAPI sentence.)
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TEST_USER_ID } from '../../src';
import { expectConforming } from './conformance';
import { openSession, type SessionHarness } from './session';

const MARKET = 'KXTICKSUB-26DEC31-T1';
const OTHER_MARKET = 'KXTICKSUB-26DEC31-T2';
const D = (dollars: string) => Math.round(Number(dollars) * 1e6); // test inputs only

let h: SessionHarness;
beforeEach(() => {
  h = openSession({ empty: true, now: Date.UTC(2026, 11, 1) });
  h.exchange.addMarket({ ticker: MARKET });
  h.exchange.addMarket({ ticker: OTHER_MARKET });
});
afterEach(async () => {
  await expectConforming(h.frames);
  h.session.dispose();
});

const bid = (price: string) =>
  h.exchange.createOrder(TEST_USER_ID, {
    ticker: MARKET,
    side: 'bid',
    price: D(price),
    count: 100,
    timeInForce: 'good_till_canceled',
    selfTradePrevention: 'maker',
  }).order.orderId;

/** The best YES bids of the ticker messages for MARKET in `frames`. */
const bids = (frames: readonly { type?: string; msg?: Record<string, unknown> }[]) =>
  frames.filter((f) => f.type === 'ticker' && f.msg?.market_ticker === MARKET).map((f) => f.msg?.yes_bid_dollars);

describe('ticker dedupe per subscription', () => {
  it('a new subscription hears of a change back to what the unsubscribed one was sent', () => {
    const [subscribed] = h.send({
      id: 1,
      cmd: 'subscribe',
      params: { channels: ['ticker'], market_tickers: [MARKET] },
    });
    const from = h.frames.length;
    bid('0.40');
    expect(bids(h.frames.slice(from))).toEqual(['0.4000']);
    expect(h.send({ id: 2, cmd: 'unsubscribe', params: { sids: [subscribed?.msg.sid] } })[0]?.type).toBe(
      'unsubscribed',
    );

    const better = bid('0.41'); // nobody subscribed: not sent
    h.send({ id: 3, cmd: 'subscribe', params: { channels: ['ticker'], market_tickers: [MARKET] } });
    const after = h.frames.length;
    h.exchange.cancelOrder(TEST_USER_ID, better); // best bid 0.41 -> 0.40 while subscribed
    expect(bids(h.frames.slice(after))).toEqual(['0.4000']);
  });

  it('a market removed from a subscription and added back hears of a change back to what it was sent', () => {
    const [subscribed] = h.send({
      id: 1,
      cmd: 'subscribe',
      params: { channels: ['ticker'], market_tickers: [MARKET, OTHER_MARKET] },
    });
    const sid = subscribed?.msg.sid;
    bid('0.40');
    const update = (id: number, action: string) =>
      h.send({ id, cmd: 'update_subscription', params: { sids: [sid], action, market_tickers: [MARKET] } })[0]?.type;
    expect(update(2, 'delete_markets')).toBe('ok');
    const better = bid('0.41');
    expect(update(3, 'add_markets')).toBe('ok');
    const after = h.frames.length;
    h.exchange.cancelOrder(TEST_USER_ID, better);
    expect(bids(h.frames.slice(after))).toEqual(['0.4000']);
  });

  it('still skips a ticker its own subscription was already sent', () => {
    h.send({ id: 1, cmd: 'subscribe', params: { channels: ['ticker'], market_tickers: [MARKET] } });
    bid('0.40');
    const from = h.frames.length;
    bid('0.30'); // a lower bid: the best bid and every other ticker field stay as sent
    expect(bids(h.frames.slice(from))).toEqual([]);
  });
});
