// A live `ticker` subscription hears of every change of a ticker field, whatever caused it. AsyncAPI `ticker`
// channel: "Market price, volume, and open interest updates … Updates sent whenever any ticker field changes".
// Settlement closes every position of the market (kalshi-api-notes §7: only unsettled positions are listed), so its
// open interest drops to 0 without a trade; a close cancels the resting orders (§5.16), so the best bid and ask go.
// Whether Kalshi sends one ticker per settled holder or one for the settlement is not recorded (the notes are silent):
// the mock sends one per state it reaches, and the settlement is one state.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { expectConforming } from './conformance';
import { openSession, type SessionHarness } from './session';

const T0 = Date.UTC(2026, 11, 1);
const MARKET = 'KXTICKER-26DEC31-T1';
const GTC = { ticker: MARKET, timeInForce: 'good_till_canceled', selfTradePrevention: 'maker' } as const;

let h: SessionHarness;
beforeEach(() => {
  h = openSession({ empty: true, now: T0 });
  h.exchange.addMarket({ ticker: MARKET, closeTime: T0 + 60_000, settlementTimerSeconds: 600 });
  h.send({ id: 1, cmd: 'subscribe', params: { channels: ['ticker'], market_tickers: [MARKET] } });
  // Two YES holders (5 each) and one NO holder (10) at $0.40: open interest 10, $4; a YES bid of 5 rests at $0.10.
  h.exchange.createOrder('seller', { ...GTC, side: 'ask', price: 400_000, count: 1_000 });
  for (const buyer of ['buyer-1', 'buyer-2'])
    h.exchange.createOrder(buyer, { ...GTC, side: 'bid', price: 400_000, count: 500 });
  h.exchange.createOrder('bidder', { ...GTC, side: 'bid', price: 100_000, count: 500 });
});
afterEach(async () => {
  await expectConforming(h.frames);
  h.session.dispose();
});

/** The ticker frames since `from`, as the fields a close or a settlement moves. */
function tickers(from: number) {
  return h.frames
    .slice(from)
    .filter((f) => f.type === 'ticker')
    .map((f) => ({
      bid: f.msg.yes_bid_dollars,
      bidSize: f.msg.yes_bid_size_fp,
      interest: f.msg.open_interest_fp,
      dollarInterest: f.msg.dollar_open_interest,
    }));
}

describe('the ticker channel on changes without a trade', () => {
  it('announces the close (book emptied), nothing for the determination, and the settlement once (open interest 0)', () => {
    expect(tickers(0).at(-1)).toEqual({ bid: '0.1000', bidSize: '5.00', interest: '10.00', dollarInterest: 4 });

    let from = h.frames.length;
    h.exchange.advanceTime(60_000); // close_time: the resting bid is canceled
    expect(tickers(from)).toEqual([{ bid: '0.0000', bidSize: '0.00', interest: '10.00', dollarInterest: 4 }]);

    from = h.frames.length;
    h.exchange.determineMarket(MARKET, 'no');
    expect(tickers(from)).toEqual([]); // no ticker field changed

    from = h.frames.length;
    h.exchange.advanceTime(600_000); // the settlement timer runs out: every position closes
    expect(h.exchange.market(MARKET).status).toBe('finalized');
    expect(tickers(from)).toEqual([{ bid: '0.0000', bidSize: '0.00', interest: '0.00', dollarInterest: 0 }]);
  });

  it('a market settled at once (settleMarket): the close, then open interest 0 after the last position closed', () => {
    const from = h.frames.length;
    h.exchange.settleMarket(MARKET, 'yes');
    expect(tickers(from)).toEqual([
      { bid: '0.0000', bidSize: '0.00', interest: '10.00', dollarInterest: 4 },
      { bid: '0.0000', bidSize: '0.00', interest: '0.00', dollarInterest: 0 },
    ]);
  });
});
