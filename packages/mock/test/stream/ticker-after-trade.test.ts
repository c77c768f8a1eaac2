// The `ticker` message a trade causes describes the market after the trade, in one message. AsyncAPI tickerPayload
// and kalshi-api-notes §9.6: `price_dollars` (last traded price), `volume_fp`, `open_interest_fp`,
// `last_trade_size_fp`, the L1 sizes and `dollar_volume` ("whole-dollar cumulative traded notional") are one market's
// fields; a bot keeping the latest ticker must never be shown a state that never existed. Whether Kalshi sends one
// ticker per trade or per burst is not recorded (the notes are silent): the mock sends one per state it reaches.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { executePair } from '../../src/exchange/rfqs';
import { expectConforming } from './conformance';
import { openSession, type SessionHarness } from './session';

const MARKET = 'KXTICKER-26DEC31-T1'; // a new market: an empty book
const GTC = { ticker: MARKET, timeInForce: 'good_till_canceled', selfTradePrevention: 'maker' } as const;

let h: SessionHarness;
beforeEach(() => {
  h = openSession({ empty: true });
  h.exchange.addMarket({ ticker: MARKET });
  h.send({ id: 1, cmd: 'subscribe', params: { channels: ['ticker', 'trade'], market_tickers: [MARKET] } });
});
afterEach(async () => {
  await expectConforming(h.frames);
  h.session.dispose();
});

/** The data frames since `from`, as [type, the fields a trade moves]. */
function tape(from: number) {
  return h.frames.slice(from).map((f) =>
    f.type === 'trade'
      ? ['trade', f.msg.yes_price_dollars, f.msg.count_fp]
      : [
          f.type,
          {
            price: f.msg.price_dollars,
            last: f.msg.last_trade_size_fp,
            volume: f.msg.volume_fp,
            interest: f.msg.open_interest_fp,
            bid: f.msg.yes_bid_size_fp,
            ask: f.msg.yes_ask_size_fp,
            dollarVolume: f.msg.dollar_volume,
          },
        ],
  );
}

describe('the ticker a trade causes', () => {
  it('follows each trade of a sweep once, with the price, volume, interest, sizes and dollar volume after it', () => {
    // Two YES asks: 30 at $0.40 and 20 at $0.45 (they rest as NO bids at $0.60 and $0.55).
    h.exchange.createOrder('maker-1', { ...GTC, side: 'ask', price: 400_000, count: 3_000 });
    h.exchange.createOrder('maker-2', { ...GTC, side: 'ask', price: 450_000, count: 2_000 });
    const from = h.frames.length;
    // A buyer of 40 at up to $0.50 takes 30 at $0.40, then 10 at $0.45.
    h.exchange.createOrder('taker', {
      ...GTC,
      side: 'bid',
      price: 500_000,
      count: 4_000,
      timeInForce: 'immediate_or_cancel',
    });
    expect(tape(from)).toEqual([
      ['trade', '0.4000', '30.00'],
      // $12 of notional over 30 contracts; 30 contracts held long YES; 20 left on the ask.
      [
        'ticker',
        {
          price: '0.4000',
          last: '30.00',
          volume: '30.00',
          interest: '30.00',
          bid: '0.00',
          ask: '20.00',
          dollarVolume: 12,
        },
      ],
      ['trade', '0.4500', '10.00'],
      // $12 + $4.50 = $16.50 → 16 whole dollars over 40 contracts; 10 left on the ask.
      [
        'ticker',
        {
          price: '0.4500',
          last: '10.00',
          volume: '40.00',
          interest: '40.00',
          bid: '0.00',
          ask: '10.00',
          dollarVolume: 16,
        },
      ],
    ]);
  });

  it('of a resting bid taken by a seller: the bid size is already the one left', () => {
    h.exchange.createOrder('maker', { ...GTC, side: 'bid', price: 500_000, count: 1_500 });
    const from = h.frames.length;
    h.exchange.createOrder('taker', {
      ...GTC,
      side: 'ask',
      price: 500_000,
      count: 1_000,
      timeInForce: 'immediate_or_cancel',
    });
    expect(tape(from)).toEqual([
      ['trade', '0.5000', '10.00'],
      [
        'ticker',
        {
          price: '0.5000',
          last: '10.00',
          volume: '10.00',
          interest: '10.00',
          bid: '5.00',
          ask: '0.00',
          dollarVolume: 5,
        },
      ],
    ]);
  });

  it('of a trade off the book (an RFQ or block trade): one ticker, after both sides hold their positions', () => {
    const from = h.frames.length;
    executePair(h.exchange, {
      ticker: MARKET,
      price: 300_000,
      count: 2_000,
      taker: { userId: 'buyer', side: 'bid', subaccount: 0 },
      maker: { userId: 'seller', side: 'ask', subaccount: 0 },
      blockTrade: true,
    });
    expect(tape(from)).toEqual([
      ['trade', '0.3000', '20.00'],
      [
        'ticker',
        {
          price: '0.3000',
          last: '20.00',
          volume: '20.00',
          interest: '20.00',
          bid: '0.00',
          ask: '0.00',
          dollarVolume: 6,
        },
      ],
    ]);
  });
});
