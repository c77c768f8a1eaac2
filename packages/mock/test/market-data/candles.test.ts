import { beforeAll, describe, expect, it } from 'vitest';
import type { Exchange } from '../../src/exchange/exchange';
import { createSubaccount, transfer } from '../../src/exchange/subaccounts';
import { type Harness, harness } from '../helpers';

// Candlesticks (kalshi-api-notes §6.5; spec 3.31.0 MarketCandlestick): each candle covers (end − period, end], its
// `price` is the OHLC of the trades in that window, `volume_fp` their contracts, `open_interest_fp` the contracts held
// at its end; `yes_bid` / `yes_ask` the best offers during it. Every expectation below is worked out by hand from the
// trades the test places.

const T0 = Date.UTC(2026, 11, 1, 12, 0, 0); // on a minute, hour boundary
const S0 = T0 / 1000;
const TICKER = 'KXCANDLE-26DEC01-T50';
const SERIES = 'KXCANDLE';
const MAKER = '00000000-0000-4000-8000-0000000000b1';
const TAKER = '00000000-0000-4000-8000-0000000000b2';
const BIDDER = '00000000-0000-4000-8000-0000000000b3';

let h: Harness;
let exchange: Exchange;

/** Moves the exchange clock (the shared one unless `on` is given) to T0 + `seconds`. */
function at(seconds: number, on: Exchange = exchange) {
  on.advanceTime(T0 + seconds * 1000 - on.now());
}

/** One trade of `count` contracts at YES `price` ($): a maker offers exactly that, a taker buys it all. */
function trade(price: number, count: number, on: Exchange = exchange) {
  const micro = Math.round(price * 1_000_000);
  const base = { ticker: TICKER, count: count * 100, timeInForce: 'good_till_canceled', selfTradePrevention: 'maker' };
  on.createOrder(MAKER, { ...base, side: 'ask', price: micro } as never);
  on.createOrder(TAKER, { ...base, side: 'bid', price: micro, timeInForce: 'immediate_or_cancel' } as never);
}

function restBid(price: number, on: Exchange = exchange) {
  on.createOrder(BIDDER, {
    ticker: TICKER,
    side: 'bid',
    price: Math.round(price * 1_000_000),
    count: 100,
    timeInForce: 'good_till_canceled',
    selfTradePrevention: 'maker',
  });
}

const url = (period: number, start = S0, end = S0 + 86_400) =>
  `/series/${SERIES}/markets/${TICKER}/candlesticks?start_ts=${start}&end_ts=${end}&period_interval=${period}`;

/** A mock whose market saw the trades and bids every expectation below is worked out from; its clock at T0 + 150 s. */
async function tradedMarket(): Promise<Harness> {
  const traded = await harness({ empty: true, now: T0, seed: 5 });
  const on = traded.mock.exchange;
  on.addMarket({ ticker: TICKER, openTime: T0 - 1000 });
  at(5, on);
  restBid(0.3, on); // yes_bid 0.30 from T0+5s
  at(10, on);
  trade(0.4, 2, on);
  at(20, on);
  trade(0.45, 3, on);
  at(30, on);
  trade(0.38, 1, on);
  at(70, on);
  restBid(0.35, on); // yes_bid 0.35 from T0+70s
  at(90, on);
  trade(0.5, 4, on);
  at(150, on); // the clock stops inside the third minute
  return traded;
}

// A generous hook timeout: building a mock takes seconds while other packages test on the shared machine.
beforeAll(async () => {
  h = await tradedMarket();
  exchange = h.mock.exchange;
}, 60_000);

describe('one-minute candles', () => {
  it('answer one candle per minute from the market open to the present minute', async () => {
    const { status, body } = await h.call('GET', url(1), undefined, false);
    expect(status).toBe(200);
    expect(body.ticker).toBe(TICKER);
    // Opened at T0 − 1 s: the first candle is the minute ending at T0; the last one holds T0 + 150 s.
    expect(body.candlesticks.map((c: { end_period_ts: number }) => c.end_period_ts)).toEqual([
      S0,
      S0 + 60,
      S0 + 120,
      S0 + 180,
    ]);
  });

  it('carry the OHLC, mean, volume and open interest of the trades in their minute', async () => {
    const { body } = await h.call('GET', url(1), undefined, false);
    const first = body.candlesticks[1];
    // Trades 2 @ 0.40, 3 @ 0.45, 1 @ 0.38; mean weighted by volume: (0.80 + 1.35 + 0.38) / 6 = 0.42166… → 0.4217.
    expect(first.price).toEqual({
      open_dollars: '0.4000',
      high_dollars: '0.4500',
      low_dollars: '0.3800',
      close_dollars: '0.3800',
      mean_dollars: '0.4217',
    });
    expect(first.volume_fp).toBe('6.00');
    // The taker holds 6 YES, the maker 6 NO: 6 contracts outstanding.
    expect(first.open_interest_fp).toBe('6.00');
    // Best YES bid: none at the start of the minute, 0.30 from T0 + 5 s; nobody offered YES for longer than a trade.
    expect(first.yes_bid).toEqual({
      open_dollars: '0.0000',
      low_dollars: '0.0000',
      high_dollars: '0.3000',
      close_dollars: '0.3000',
    });
    expect(first.yes_ask.close_dollars).toBe('1.0000');

    const second = body.candlesticks[2];
    expect(second.price).toEqual({
      open_dollars: '0.5000',
      high_dollars: '0.5000',
      low_dollars: '0.5000',
      close_dollars: '0.5000',
      mean_dollars: '0.5000',
      previous_dollars: '0.3800',
    });
    expect(second.volume_fp).toBe('4.00');
    expect(second.open_interest_fp).toBe('10.00');
    expect(second.yes_bid).toEqual({
      open_dollars: '0.3000',
      low_dollars: '0.3000',
      high_dollars: '0.3500',
      close_dollars: '0.3500',
    });
  });

  it('leave the trade prices out of a minute without trades, keeping the previous price', async () => {
    const { body } = await h.call('GET', url(1), undefined, false);
    const quiet = body.candlesticks[3];
    expect(quiet.price).toEqual({ previous_dollars: '0.5000' });
    expect(quiet.volume_fp).toBe('0.00');
    expect(quiet.open_interest_fp).toBe('10.00');
    // Before any trade there is no previous price either.
    expect(body.candlesticks[0].price).toEqual({});
  });

  // Spec GetMarketCandlesticks include_latest_before_start: the latest real candle before start_ts, "projected forward
  // to the first period boundary (calculated as the next period interval after start_ts)", "all OHLC prices to null,
  // and `previous_price` to the close price from the real candlestick" (outside round R-D5: the prices were left out).
  it('include_latest_before_start prepends a candle with null OHLC and the last close as previous', async () => {
    const { body } = await h.call('GET', `${url(1, S0 + 121)}&include_latest_before_start=true`, undefined, false);
    expect(body.candlesticks[0].end_period_ts).toBe(S0 + 180);
    expect(body.candlesticks[0].price).toEqual({
      open_dollars: null,
      low_dollars: null,
      high_dollars: null,
      close_dollars: null,
      previous_dollars: '0.5000',
    });
  });

  it('hold only the candles ending inside [start_ts, end_ts]', async () => {
    const { body } = await h.call('GET', url(1, S0 + 1, S0 + 120), undefined, false);
    expect(body.candlesticks.map((c: { end_period_ts: number }) => c.end_period_ts)).toEqual([S0 + 60, S0 + 120]);
  });

  it('leave out the candle ending after an end_ts that falls inside its minute', async () => {
    const { body } = await h.call('GET', url(1, S0, S0 + 119), undefined, false);
    expect(body.candlesticks.map((c: { end_period_ts: number }) => c.end_period_ts)).toEqual([S0, S0 + 60]);
  });

  // start_ts on a minute's end: that minute's real candle is in the answer, so the latest candle *before* start_ts
  // (spec include_latest_before_start) is the one before it, T0 + 60 (its close 0.38), not the minute of the 0.50
  // trade. The notes are silent on the synthetic candle's volume: it repeats no trade, so it counts none (the real
  // candle ending at the same time carries the 4 contracts).
  it('include_latest_before_start with start_ts on a period end: the synthetic candle comes from before that period', async () => {
    const { body } = await h.call('GET', `${url(1, S0 + 120)}&include_latest_before_start=true`, undefined, false);
    const [synthetic, real] = body.candlesticks;
    expect(synthetic.end_period_ts).toBe(S0 + 120);
    expect(synthetic.price.previous_dollars).toBe('0.3800');
    expect(synthetic.volume_fp).toBe('0.00');
    expect(real.end_period_ts).toBe(S0 + 120);
    expect(real.volume_fp).toBe('4.00');
  });
});

// include_latest_before_start (spec GetMarketCandlesticks): the synthetic candle is "the most recent real candlestick
// before start_ts", "projected forward to the first period boundary" after start_ts, "all OHLC prices" null and
// `previous_price` its close. A projection moves the real candle: its YES bid / ask and its open interest are the
// real candle's (tester T, round 35: they were those of the period it was projected to). Its volume stays 0: it
// repeats no trade (the notes are silent), so the candles' volumes still add up to the trade tape.
describe('the include_latest_before_start candle', () => {
  it("carries the real candle's YES bid / ask and open interest, projected to the next period end", async () => {
    const { body } = await h.call('GET', `${url(1, S0 + 121)}&include_latest_before_start=true`, undefined, false);
    const real = (await h.call('GET', url(1, S0 + 120, S0 + 120), undefined, false)).body.candlesticks[0];
    const [synthetic] = body.candlesticks;
    expect(synthetic.end_period_ts).toBe(S0 + 180);
    expect(synthetic.yes_bid).toEqual(real.yes_bid);
    expect(synthetic.yes_ask).toEqual(real.yes_ask);
    expect(synthetic.open_interest_fp).toBe(real.open_interest_fp);
    expect(synthetic.price.previous_dollars).toBe(real.price.close_dollars);
    expect(synthetic.volume_fp).toBe('0.00');
  });

  // "Candlesticks will include those ending on or before" end_ts (spec end_ts): the synthetic one too.
  it('is left out when the period end it projects to is after end_ts', async () => {
    const { body } = await h.call(
      'GET',
      `${url(1, S0 + 121, S0 + 170)}&include_latest_before_start=true`,
      undefined,
      false,
    );
    expect(body.candlesticks).toEqual([]);
  });

  // The notes are silent on a start_ts past the present. Real candles stop at the period holding the exchange clock
  // (T0 + 150 s: the minute ending T0 + 180 s); a candle for a minute that has not begun would report open interest
  // "by end of the candlestick period" that nobody can know yet.
  it('is left out when the period end it projects to is past the present period', async () => {
    const { body } = await h.call('GET', `${url(1, S0 + 600)}&include_latest_before_start=true`, undefined, false);
    expect(body.candlesticks).toEqual([]);
  });
});

describe('hourly and daily candles', () => {
  it('aggregate every trade of the hour', async () => {
    const { body } = await h.call('GET', url(60, S0 + 1), undefined, false);
    expect(body.candlesticks).toHaveLength(1);
    const [hour] = body.candlesticks;
    expect(hour.end_period_ts).toBe(S0 + 3600);
    // 10 contracts: (0.80 + 1.35 + 0.38 + 2.00) / 10 = 0.453.
    expect(hour.price).toEqual({
      open_dollars: '0.4000',
      high_dollars: '0.5000',
      low_dollars: '0.3800',
      close_dollars: '0.5000',
      mean_dollars: '0.4530',
    });
    expect(hour.volume_fp).toBe('10.00');
  });

  it('end a day at midnight UTC', async () => {
    const { body } = await h.call('GET', url(1440, S0 + 1), undefined, false);
    expect(body.candlesticks.map((c: { end_period_ts: number }) => c.end_period_ts)).toEqual([
      Date.UTC(2026, 11, 2) / 1000,
    ]);
    expect(body.candlesticks[0].volume_fp).toBe('10.00');
  });
});

describe('consistency with the trade tape', () => {
  it('builds each candle from exactly the trades GET /markets/trades lists', async () => {
    const { body } = await h.call('GET', `/markets/trades?ticker=${TICKER}`, undefined, false);
    // Newest first (kalshi-api-notes §6.4).
    expect(body.trades.map((t: { yes_price_dollars: string }) => t.yes_price_dollars)).toEqual([
      '0.5000',
      '0.3800',
      '0.4500',
      '0.4000',
    ]);
    expect(body.trades.map((t: { count_fp: string }) => t.count_fp)).toEqual(['4.00', '1.00', '3.00', '2.00']);
    const market = (await h.call('GET', `/markets/${TICKER}`, undefined, false)).body.market;
    expect(market.last_price_dollars).toBe('0.5000');
    expect(market.volume_fp).toBe('10.00');
    expect(market.volume_24h_fp).toBe('10.00');
    expect(market.open_interest_fp).toBe('10.00');
  });
});

// A market closes at its close_time (kalshi-api-notes §6.1 lifecycle): nothing trades after it, so its candles stop
// with the minute holding it, however far the clock has moved on.
describe('a closed market', () => {
  it('has candles up to its close time only', async () => {
    const t = await harness({ empty: true, now: T0, seed: 5 });
    t.mock.exchange.addMarket({ ticker: TICKER, openTime: T0 - 1000, closeTime: T0 + 90_000 });
    t.mock.exchange.advanceTime(300_000);
    const { body } = await t.call('GET', url(1), undefined, false);
    expect(body.candlesticks.map((c: { end_period_ts: number }) => c.end_period_ts)).toEqual([S0, S0 + 60, S0 + 120]);
  });
});

// end_period_ts is "the inclusive end of the candlestick period" and open_interest counts contracts "by end of the
// candlestick period (end_period_ts)" (spec MarketCandlestick): a trade exactly on a minute's end is in that minute,
// and so is the open interest it leaves.
describe('a trade on a period boundary', () => {
  it('counts in the candle ending there: its volume and the open interest after it', async () => {
    const t = await harness({ empty: true, now: T0, seed: 5 });
    t.mock.exchange.addMarket({ ticker: TICKER, openTime: T0 - 1000 });
    t.mock.exchange.advanceTime(60_000);
    trade(0.4, 2, t.mock.exchange);
    const { body } = await t.call('GET', url(1, S0 + 60, S0 + 60), undefined, false);
    expect(body.candlesticks).toHaveLength(1);
    expect(body.candlesticks[0]).toMatchObject({ end_period_ts: S0 + 60, volume_fp: '2.00', open_interest_fp: '2.00' });
  });
});

// Retention (retention.ts): a long session keeps only the newest trades of a market on the tape. What candles read
// from older trades — the previous price, the open interest, include_latest_before_start — must not vanish with them.
describe('trades aged out of the tape', () => {
  let t: Harness;
  beforeAll(async () => {
    t = await harness({ empty: true, now: T0, seed: 5 });
    const ex = t.mock.exchange;
    ex.tradesKeptPerMarket = 1;
    ex.addMarket({ ticker: TICKER, openTime: T0 - 1000 });
    ex.advanceTime(10_000);
    trade(0.4, 2, ex);
    ex.advanceTime(60_000); // T0 + 70 s
    trade(0.45, 3, ex);
    ex.advanceTime(60_000); // T0 + 130 s: only this trade stays on the tape
    trade(0.5, 1, ex);
    ex.advanceTime(20_000);
  }, 60_000);

  it('the tape holds only the newest trade', async () => {
    const { body } = await t.call('GET', `/markets/trades?ticker=${TICKER}`, undefined, false);
    expect(body.trades.map((x: { yes_price_dollars: string }) => x.yes_price_dollars)).toEqual(['0.5000']);
  });

  it('a candle keeps the previous price and the open interest of trades the tape no longer holds', async () => {
    const { body } = await t.call('GET', url(1), undefined, false);
    const [, , second, third] = body.candlesticks;
    // The minute ending T0 + 120 held the 3 @ 0.45 trade: the taker then held 2 + 3 YES.
    expect(second.end_period_ts).toBe(S0 + 120);
    expect(second.open_interest_fp).toBe('5.00');
    // The minute ending T0 + 180 holds the 0.50 trade; the last price before it was 0.45.
    expect(third.price.previous_dollars).toBe('0.4500');
    expect(third.open_interest_fp).toBe('6.00');
  });

  it('include_latest_before_start still finds the candle before start_ts', async () => {
    const { body } = await t.call('GET', `${url(1, S0 + 121)}&include_latest_before_start=true`, undefined, false);
    expect(body.candlesticks.map((c: { end_period_ts: number }) => c.end_period_ts)).toEqual([S0 + 180, S0 + 180]);
    expect(body.candlesticks[0].price.previous_dollars).toBe('0.4500');
  });

  // Runs last in this group: it resets the exchange. A reset starts the exchange afresh, so nothing of the trades
  // before it (kept on the tape or aged out of it) reaches a candle after it.
  it('a reset forgets them: no previous price or open interest from before it', async () => {
    const ex = t.mock.exchange;
    ex.reset();
    ex.addMarket({ ticker: TICKER, openTime: T0 - 1000 });
    ex.advanceTime(130_000);
    trade(0.6, 1, ex);
    const { body } = await t.call('GET', url(1, S0 + 180, S0 + 180), undefined, false);
    const [candle] = body.candlesticks;
    expect(candle.price.close_dollars).toBe('0.6000');
    expect(candle.price.previous_dollars).toBeUndefined();
    expect(candle.open_interest_fp).toBe('1.00');
  });
});

describe('batch and event candles', () => {
  it('batch: one entry per requested market, the same candles as the single-market endpoint', async () => {
    const single = (await h.call('GET', url(1), undefined, false)).body.candlesticks;
    const { status, body } = await h.call(
      'GET',
      `/markets/candlesticks?market_tickers=${TICKER}&start_ts=${S0}&end_ts=${S0 + 86_400}&period_interval=1`,
      undefined,
      false,
    );
    expect(status).toBe(200);
    expect(body.markets).toEqual([{ market_ticker: TICKER, candlesticks: single }]);
  });

  it('event: every market of the event, in the order of market_tickers', async () => {
    const single = (await h.call('GET', url(60, S0 + 1), undefined, false)).body.candlesticks;
    const eventTicker = 'KXCANDLE-26DEC01';
    const { status, body } = await h.call(
      'GET',
      `/series/${SERIES}/events/${eventTicker}/candlesticks?start_ts=${S0 + 1}&end_ts=${S0 + 86_400}&period_interval=60`,
      undefined,
      false,
    );
    expect(status).toBe(200);
    expect(body.market_tickers).toEqual([TICKER]);
    expect(body.market_candlesticks).toEqual([single]);
    expect(body.adjusted_end_ts).toBe(S0 + 86_400);
  });
});

// start_ts and end_ts bound the candles' end times ("ending on or after" / "on or before"): an end_ts before the
// start_ts is a range no candle can be in, almost surely two arguments swapped, and it answered 200 with none (the
// event endpoint's adjusted_end_ts then lay before the start). The spec and the notes are silent on Kalshi's answer:
// refused with a 400 naming end_ts, on each candle and forecast endpoint. A one-instant range (start = end) stays valid.
describe('a range whose end_ts is before its start_ts', () => {
  const reversed = `start_ts=${S0 + 120}&end_ts=${S0 + 60}`;
  it.each([
    ['market', `/series/${SERIES}/markets/${TICKER}/candlesticks?${reversed}&period_interval=1`],
    ['batch', `/markets/candlesticks?market_tickers=${TICKER}&${reversed}&period_interval=1`],
    ['event', `/series/${SERIES}/events/KXCANDLE-26DEC01/candlesticks?${reversed}&period_interval=1`],
    [
      'forecast',
      `/series/${SERIES}/events/KXCANDLE-26DEC01/forecast_percentile_history?percentiles=5000&${reversed}&period_interval=1`,
    ],
  ])('is refused with 400 naming end_ts (%s)', async (_, path) => {
    const { status, body } = await h.call('GET', path); // signed: the forecast history is not public
    expect(status).toBe(400);
    expect(body.error.details).toBe(`end_ts: ${S0 + 60} is before start_ts ${S0 + 120}`);
  });
});

// Spec 3.31.0 MarketCandlestickHistorical: the same candle with bare names (`open`, `volume`, `open_interest`), every
// trade price (`previous` included) null when there is none (notes §6.7: settled markets leave the live endpoints).
describe('historical candles of the same trades, once the market is archived', () => {
  let archived: Harness;
  beforeAll(async () => {
    archived = await tradedMarket();
    archived.mock.exchange.settleMarket(TICKER, 'yes'); // at T0 + 150 s
    archived.mock.exchange.advanceTime(91 * 86_400_000); // past the cutoff, three months behind the clock
  }, 60_000);

  it('carry the OHLC, volume-weighted mean, previous close, volume and open interest in the bare names', async () => {
    const query = `start_ts=${S0 + 1}&end_ts=${S0 + 120}&period_interval=1`;
    const { status, body } = await archived.call('GET', `/historical/markets/${TICKER}/candlesticks?${query}`);
    expect(status).toBe(200);
    const [first, second] = body.candlesticks;
    expect(first).toEqual({
      end_period_ts: S0 + 60,
      // Trades 2 @ 0.40, 3 @ 0.45, 1 @ 0.38: the mean weighted by volume (0.80 + 1.35 + 0.38) / 6 = 0.4217.
      price: { open: '0.4000', low: '0.3800', high: '0.4500', close: '0.3800', mean: '0.4217', previous: null },
      // No bid at the start of the minute, 0.30 from T0 + 5 s; nobody offered YES for longer than a trade.
      yes_bid: { open: '0.0000', low: '0.0000', high: '0.3000', close: '0.3000' },
      yes_ask: { open: '1.0000', low: '1.0000', high: '1.0000', close: '1.0000' },
      volume: '6.00',
      open_interest: '6.00',
    });
    expect(second).toEqual({
      end_period_ts: S0 + 120,
      price: { open: '0.5000', low: '0.5000', high: '0.5000', close: '0.5000', mean: '0.5000', previous: '0.3800' },
      yes_bid: { open: '0.3000', low: '0.3000', high: '0.3500', close: '0.3500' },
      yes_ask: { open: '1.0000', low: '1.0000', high: '1.0000', close: '1.0000' },
      // 4 more contracts traded; 10 outstanding at the minute's end.
      volume: '4.00',
      open_interest: '10.00',
    });
  });
});

describe('candle caps', () => {
  // Three markets open for 8 days (11,521 one-minute candles each) and one open for an hour (61).
  const NOW = Date.UTC(2026, 11, 9, 12, 0, 0);
  const DAY = 86_400;
  const LONG = ['KXCAP-26DEC09-A', 'KXCAP-26DEC09-B', 'KXCAP-26DEC09-C'];
  const SHORT = 'KXCAP-26DEC09-D';
  let caps: Harness;

  beforeAll(async () => {
    caps = await harness({ empty: true, now: NOW, seed: 5 });
    for (const ticker of LONG) caps.mock.exchange.addMarket({ ticker, openTime: NOW - 8 * DAY * 1000 });
    caps.mock.exchange.addMarket({ ticker: SHORT, openTime: NOW - 3_600_000 });
  }, 60_000);

  const range = `start_ts=${NOW / 1000 - 8 * DAY}&end_ts=${NOW / 1000}&period_interval=1`;

  // The batch response has no adjusted_end_ts (spec BatchGetMarketCandlesticksResponse) and the notes are silent on
  // Kalshi's batch cap: a demanding user wants what the event endpoint does, the range cut at its end, so that asking
  // again from the last end_period_ts continues every list without a hole.
  it('batch: the 10,000 are shared, a cut list keeps its earliest candles, none is left empty', async () => {
    const tickers = [...LONG, SHORT].join(',');
    const { body } = await caps.call('GET', `/markets/candlesticks?market_tickers=${tickers}&${range}`);
    const lists: { end_period_ts: number }[][] = body.markets.map((m: { candlesticks: unknown[] }) => m.candlesticks);
    // 10,000 − 61 for the short market, shared by three: 3,313 each.
    expect(lists.map((l) => l.length)).toEqual([3313, 3313, 3313, 61]);
    // The long lists start at the range's first minute (the market opened then) and run on without a gap.
    const start = NOW / 1000 - 8 * DAY;
    for (const list of lists.slice(0, 3)) {
      expect(list[0]?.end_period_ts).toBe(start);
      expect(list.at(-1)?.end_period_ts).toBe(start + 3312 * 60);
    }
    // The short market is whole: up to the present minute.
    expect(lists[3]?.at(-1)?.end_period_ts).toBe(NOW / 1000);
  });

  it('batch: asking again from the last end_period_ts of a cut list continues it with the next minute', async () => {
    const first = await caps.call('GET', `/markets/candlesticks?market_tickers=${LONG.join(',')}&${range}`);
    const last: number = first.body.markets[0].candlesticks.at(-1).end_period_ts;
    const next = await caps.call(
      'GET',
      `/markets/candlesticks?market_tickers=${LONG[0]}&start_ts=${last + 1}&end_ts=${NOW / 1000}&period_interval=1`,
    );
    expect(next.body.markets[0].candlesticks[0]?.end_period_ts).toBe(last + 60);
  });

  it('single market: no documented cap, so every candle of the range, up to the present minute', async () => {
    const { body } = await caps.call('GET', `/series/KXCAP/markets/${LONG[0]}/candlesticks?${range}`);
    expect(body.candlesticks).toHaveLength(8 * 1440 + 1);
    expect(body.candlesticks.at(-1).end_period_ts).toBe(NOW / 1000);
  });
});

// Spec Market.previous_price_dollars: "Price for the last traded yes contract a day ago"; volume_24h_fp: the volume of
// the last 24 hours. A trade exactly a day old is the price "a day ago" and no longer part of the last 24 hours (the
// same window as a daily candle's, (end − period, end]).
describe('the a-day-ago market fields', () => {
  it('take a trade exactly a day old as the price a day ago, and leave it out of volume_24h_fp', async () => {
    const t = await harness({ empty: true, now: T0, seed: 5 });
    t.mock.exchange.addMarket({ ticker: TICKER, openTime: T0 - 1000 });
    const base = { ticker: TICKER, count: 200, timeInForce: 'good_till_canceled', selfTradePrevention: 'maker' };
    t.mock.exchange.createOrder(MAKER, { ...base, side: 'ask', price: 400_000 } as never);
    t.mock.exchange.createOrder(TAKER, {
      ...base,
      side: 'bid',
      price: 400_000,
      timeInForce: 'immediate_or_cancel',
    } as never);
    const market = async () => (await t.call('GET', `/markets/${TICKER}`, undefined, false)).body.market;
    t.mock.exchange.advanceTime(86_400_000 - 1000);
    const before = await market();
    expect(before.volume_24h_fp).toBe('2.00');
    expect(before.previous_price_dollars).not.toBe('0.4000');
    t.mock.exchange.advanceTime(1000);
    const after = await market();
    expect(after.previous_price_dollars).toBe('0.4000');
    expect(after.volume_24h_fp).toBe('0.00');
  });

  // previous_yes_bid_dollars: "Price for the highest YES buy offer on this market a day ago". The notes are silent on
  // the edge; read as the trade above is: the book a day ago already holds a bid placed exactly then.
  it('take a bid placed exactly a day ago as the best YES bid a day ago', async () => {
    const t = await harness({ empty: true, now: T0, seed: 5 });
    t.mock.exchange.addMarket({ ticker: TICKER, openTime: T0 - 1000 });
    t.mock.exchange.advanceTime(60_000); // the book was empty for a minute
    t.mock.exchange.createOrder(BIDDER, {
      ticker: TICKER,
      side: 'bid',
      price: 300_000,
      count: 100,
      timeInForce: 'good_till_canceled',
      selfTradePrevention: 'maker',
    });
    const market = async () => (await t.call('GET', `/markets/${TICKER}`, undefined, false)).body.market;
    t.mock.exchange.advanceTime(86_400_000 - 1);
    expect((await market()).previous_yes_bid_dollars).toBe('0.0000');
    t.mock.exchange.advanceTime(1);
    expect((await market()).previous_yes_bid_dollars).toBe('0.3000');
  });
});

// Subaccounts hold separate positions (kalshi-api-notes §7: positions per `subaccount`; docs.kalshi.com subaccounts:
// "a separate balance and set of positions"), so a user's YES in the primary and NO in subaccount 1 are two
// contracts outstanding, not netted away. The candle's open interest is the market's `open_interest_fp` at its end
// (spec MarketCandlestick), so both count the same holdings.
describe('open interest across a user’s subaccounts', () => {
  it('counts each subaccount’s holding, in the candle as in the market', async () => {
    const t = await harness({ empty: true, now: T0, seed: 5 });
    const on = t.mock.exchange;
    on.addMarket({ ticker: TICKER, openTime: T0 - 1000 });
    at(10, on);
    const sub = createSubaccount(on, TAKER);
    on.setBalance(TAKER, 500_000_000);
    transfer(on, TAKER, { from: 0, to: sub, amountCents: 10_000 });
    const gtc = {
      ticker: TICKER,
      count: 100,
      timeInForce: 'good_till_canceled',
      selfTradePrevention: 'maker',
    } as const;
    // TAKER's primary buys 1 YES from MAKER; TAKER's subaccount buys 1 NO from BIDDER (who gets 1 YES).
    on.createOrder(MAKER, { ...gtc, side: 'ask', price: 400_000 });
    on.createOrder(TAKER, { ...gtc, side: 'bid', price: 400_000 });
    on.createOrder(BIDDER, { ...gtc, side: 'bid', price: 450_000 });
    on.createOrder(TAKER, { ...gtc, side: 'ask', price: 450_000, subaccount: sub });
    // YES held: TAKER's primary 1, BIDDER 1 (NO: MAKER 1, TAKER's subaccount 1).
    const market = await t.call('GET', `/markets/${TICKER}`, undefined, false);
    expect(market.body.market.open_interest_fp).toBe('2.00');
    at(60, on);
    const { body } = await t.call('GET', url(1, S0 + 60, S0 + 60), undefined, false);
    expect(body.candlesticks[0]).toMatchObject({ end_period_ts: S0 + 60, open_interest_fp: '2.00' });
  });
});
