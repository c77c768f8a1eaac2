import fc from 'fast-check';
import { expect, it } from 'vitest';
import { asUser, type Harness, harness } from '../helpers';

// Market data read back after order writes agree with each other and with the writes (kalshi-api-notes §6.1, §6.3,
// §6.4, §6.5): the market's quote fields are the book's best levels, the book lists bids ascending with the best
// last, the trade tape has one row per match (newest first) and the market's volume and last price follow it, and the
// candles of the period hold those trades.

const T0 = Date.UTC(2026, 11, 1, 12, 0, 0);
const TICKER = 'KXBOOK-26DEC01-T50';
const SERIES = 'KXBOOK';
const PEER = '00000000-0000-4000-8000-0000000000c2';

type Act =
  | { kind: 'place'; peer: boolean; side: 'bid' | 'ask'; price: number; count: number; ioc: boolean }
  | { kind: 'cancel'; peer: boolean; index: number }
  | { kind: 'tick'; seconds: number };

const act: fc.Arbitrary<Act> = fc.oneof(
  fc.record({
    kind: fc.constant('place' as const),
    peer: fc.boolean(),
    side: fc.constantFrom('bid' as const, 'ask' as const),
    price: fc.integer({ min: 40, max: 60 }),
    count: fc.integer({ min: 1, max: 5 }),
    ioc: fc.boolean(),
  }),
  fc.record({ kind: fc.constant('cancel' as const), peer: fc.boolean(), index: fc.nat(20) }),
  fc.record({ kind: fc.constant('tick' as const), seconds: fc.integer({ min: 1, max: 90 }) }),
);

async function setUp() {
  const h = await harness({ empty: true, now: T0, seed: 3 });
  h.mock.exchange.addMarket({ ticker: TICKER, openTime: T0 - 1000 });
  const peer: Harness['call'] = await asUser(h.mock, PEER);
  return { h, peer };
}

const cents = (c: number) => `0.${String(c).padStart(2, '0')}00`;
const money = (s: string) => Math.round(Number(s) * 10_000);
const contracts = (s: string) => Math.round(Number(s) * 100);

it('quotes, book, trade tape, volume and candles agree after any sequence of order writes', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(act, { minLength: 1, maxLength: 25 }), async (acts) => {
      const { h, peer } = await setUp();
      const as = (isPeer: boolean) => (isPeer ? peer : h.call);
      const resting: Record<'me' | 'peer', string[]> = { me: [], peer: [] };
      for (const a of acts) {
        if (a.kind === 'tick') h.mock.exchange.advanceTime(a.seconds * 1000);
        else if (a.kind === 'place') {
          const { status, body } = await as(a.peer)('POST', '/portfolio/events/orders', {
            ticker: TICKER,
            side: a.side,
            price: cents(a.price),
            count: String(a.count),
            time_in_force: a.ioc ? 'immediate_or_cancel' : 'good_till_canceled',
            self_trade_prevention_type: 'taker_at_cross',
          });
          expect(status, JSON.stringify(body)).toBe(201);
          if (!a.ioc) resting[a.peer ? 'peer' : 'me'].push(body.order_id);
        } else {
          const ids = resting[a.peer ? 'peer' : 'me'];
          const id = ids[a.index % Math.max(1, ids.length)];
          if (id) await as(a.peer)('DELETE', `/portfolio/events/orders/${id}`);
        }
        await check(h);
      }
    }),
    { seed: 29, numRuns: 40 },
  );
}, 120_000);

async function check(h: Harness) {
  const book = (await h.call('GET', `/markets/${TICKER}/orderbook`)).body.orderbook_fp;
  const market = (await h.call('GET', `/markets/${TICKER}`)).body.market;
  const trades = (await h.call('GET', `/markets/trades?ticker=${TICKER}&limit=1000`)).body.trades;
  const where = JSON.stringify({ book, trades: trades.length });
  for (const side of ['yes_dollars', 'no_dollars'] as const) {
    const levels: [string, string][] = book[side] ?? [];
    for (let i = 1; i < levels.length; i++)
      expect(money(levels[i]![0]), where).toBeGreaterThan(money(levels[i - 1]![0]));
    for (const [, count] of levels) expect(contracts(count), where).toBeGreaterThan(0);
  }
  const bestYes = (book.yes_dollars ?? []).at(-1);
  const bestNo = (book.no_dollars ?? []).at(-1);
  if (bestYes && bestNo) expect(money(bestYes[0]) + money(bestNo[0]), where).toBeLessThan(10_000);
  expect(market.yes_bid_dollars, where).toBe(bestYes ? bestYes[0] : '0.0000');
  expect(market.yes_bid_size_fp, where).toBe(bestYes ? bestYes[1] : '0.00');
  expect(money(market.yes_ask_dollars), where).toBe(bestNo ? 10_000 - money(bestNo[0]) : 10_000);
  expect(market.yes_ask_size_fp, where).toBe(bestNo ? bestNo[1] : '0.00');
  expect(money(market.no_bid_dollars), where).toBe(bestNo ? money(bestNo[0]) : 0);
  expect(money(market.no_ask_dollars), where).toBe(bestYes ? 10_000 - money(bestYes[0]) : 10_000);
  // depth keeps the best levels, still ascending
  const top = (await h.call('GET', `/markets/${TICKER}/orderbook?depth=1`)).body.orderbook_fp;
  expect(top.yes_dollars ?? [], where).toEqual(bestYes ? [bestYes] : []);
  expect(top.no_dollars ?? [], where).toEqual(bestNo ? [bestNo] : []);
  const batch = (await h.call('GET', `/markets/orderbooks?tickers=${TICKER}`)).body.orderbooks;
  expect(batch, where).toEqual([{ ticker: TICKER, orderbook_fp: book }]);
  // the tape: newest first, its contracts are the market's volume, its newest price the last price
  const times = trades.map((t: { created_time: string }) => Date.parse(t.created_time));
  for (let i = 1; i < times.length; i++) expect(times[i - 1], where).toBeGreaterThanOrEqual(times[i]);
  const volume = trades.reduce((sum: number, t: { count_fp: string }) => sum + contracts(t.count_fp), 0);
  expect(contracts(market.volume_fp), where).toBe(volume);
  expect(market.last_price_dollars, where).toBe(trades[0]?.yes_price_dollars ?? '0.0000');
  for (const t of trades) expect(money(t.yes_price_dollars) + money(t.no_price_dollars), where).toBe(10_000);
  // one-minute candles over the market's life hold every trade
  const now = Math.floor(h.mock.exchange.now() / 1000);
  const candles = (
    await h.call(
      'GET',
      `/series/${SERIES}/markets/${TICKER}/candlesticks?start_ts=${T0 / 1000 - 60}&end_ts=${now + 60}&period_interval=1`,
    )
  ).body.candlesticks;
  const candleVolume = candles.reduce((sum: number, c: { volume_fp: string }) => sum + contracts(c.volume_fp), 0);
  expect(candleVolume, where).toBe(volume);
  // open interest: YES contracts held
  const positions = [...h.mock.exchange.accounts.values()].reduce(
    (sum, a) => sum + Math.max(a.positions.get(TICKER)?.position ?? 0, 0),
    0,
  );
  expect(contracts(market.open_interest_fp), where).toBe(positions);
}
