import { describe, expect, it } from 'vitest';
import { checkDataset, type DatasetFile, TEST_USER_ID } from '../../src';
import { harness, order } from '../helpers';
import { specErrors } from '../stream/conformance';
import { openSession } from '../stream/session';

// Outside test N-D4. kalshi-api-notes §6.1: Market `result` (`yes`|`no`|`scalar`|`""`), `settlement_value_dollars`;
// §7: Settlement `market_result` (`yes`|`no`|`scalar`), `revenue` (int cents), `value` (int cents per YES contract).
// Spec Market.settlement_value_dollars: "The settlement value of the YES/LONG side of the contract in dollars";
// AsyncAPI market_lifecycle_v2 `settlement_value`: "Settlement value of the market in fixed-point dollars (e.g.
// "0.5000")". A YES contract pays the settlement value, a NO contract 1 − it (the two sides of a contract pay $1
// between them, notes §5.15); the notes are silent on how `value` rounds a sub-cent settlement value (truncated here,
// as `revenue` is).
const T0 = Date.UTC(2026, 5, 11, 18);
const TICKER = 'KXSCALAR-26JUN11-S';
const HOUR = 3_600_000;

async function setup() {
  const h = await harness({ empty: true, now: T0, seed: 7 });
  const { exchange } = h.mock;
  const stream = openSession({ exchange });
  stream.send({ id: 1, cmd: 'subscribe', params: { channels: ['market_lifecycle_v2'] } });
  exchange.addMarket({ ticker: TICKER, openTime: T0 - HOUR, closeTime: T0 + HOUR });
  // Bob sells 3 YES at 0.40 (a NO bid at 0.60); the test user buys them.
  exchange.createOrder('bob', {
    ticker: TICKER,
    side: 'ask',
    price: 400_000,
    count: 300,
    timeInForce: 'good_till_canceled',
    selfTradePrevention: 'maker',
  });
  const bought = await h.call('POST', '/portfolio/events/orders', order(TICKER, { count: '3', price: '0.4000' }));
  expect(bought.status).toBe(201);
  return { ...h, exchange, stream };
}

describe('a scalar result', () => {
  it('pays the settlement value per YES contract and 1 − it per NO contract', async () => {
    const { call, exchange, stream } = await setup();
    const cash = () => [...exchange.accounts.values()].reduce((sum, a) => sum + a.cash, 0);
    const before = cash();
    const bobBefore = exchange.accounts.get('bob')?.cash as number;
    exchange.determineMarket(TICKER, 'scalar', { settlementValueDollars: '0.2500', settleAfterMs: 0 });

    const market = (await call('GET', `/markets/${TICKER}`)).body.market;
    expect(market).toMatchObject({ status: 'finalized', result: 'scalar', settlement_value_dollars: '0.2500' });
    const [row] = (await call('GET', '/portfolio/settlements')).body.settlements;
    expect(row).toMatchObject({ market_result: 'scalar', yes_count_fp: '3.00', revenue: 75, value: 25 });
    // Bob's 3 NO pay 3 × $0.75; the $1 of each contract pair is paid out whole.
    expect(exchange.settlements.find((s) => s.userId === 'bob')).toMatchObject({ noCount: 300, revenue: 2_250_000 });
    expect((exchange.accounts.get('bob')?.cash as number) - bobBefore).toBe(2_250_000);
    expect(cash() - before).toBe(3_000_000);

    const determined = stream.frames.find((f) => f.type === 'market_lifecycle_v2' && f.msg.event_type === 'determined');
    if (!determined) throw new Error('no determined message');
    expect(determined.msg).toMatchObject({ result: 'scalar', settlement_value: '0.2500' });
    expect(await specErrors(determined)).toEqual([]);
  });

  // P3 (round 25). D-feer (notes §5.15): a direct member's balance is "rounded to the nearest $0.0001" and "changes by
  // floor(balance_change)". The page speaks of fills; the notes are silent on a settlement's payout: floored the same
  // way here, the part cut off counted in the row's `fee_cost` (with the position's trading fees), and `revenue` (int cents) truncated from what the
  // balance got, as `balance` is (notes §7).
  it('credits a payout finer than $0.0001 floored to it, the settlement row agreeing with the balance', async () => {
    const h = await harness({ empty: true, now: T0, seed: 7 });
    const { exchange } = h.mock;
    exchange.addMarket({ ticker: TICKER, openTime: T0 - HOUR, closeTime: T0 + HOUR });
    exchange.createOrder('bob', {
      ticker: TICKER,
      side: 'ask',
      price: 400_000,
      count: 37,
      timeInForce: 'good_till_canceled',
      selfTradePrevention: 'maker',
    });
    const bought = await h.call('POST', '/portfolio/events/orders', order(TICKER, { count: '0.37', price: '0.4000' }));
    expect(bought.status).toBe(201);
    // 0.37 YES @ $0.40 = $0.148, taker fee 0.07 × 0.37 × 0.40 × 0.60 = $0.006216 → $0.0063.
    expect((await h.call('GET', '/portfolio/balance')).body.balance_dollars).toBe('9999.8457');
    const bobBefore = exchange.accounts.get('bob')?.cash as number;

    exchange.determineMarket(TICKER, 'scalar', { settlementValueDollars: '0.2501', settleAfterMs: 0 });
    // 0.37 × $0.2501 = $0.092537: $0.0925 credited; Bob's 0.37 NO × $0.7499 = $0.277463: $0.2774.
    expect((await h.call('GET', '/portfolio/balance')).body.balance_dollars).toBe('9999.9382');
    expect(exchange.accounts.get(TEST_USER_ID)?.cash).toBe(9_999_938_200);
    expect((exchange.accounts.get('bob')?.cash as number) - bobBefore).toBe(277_400);
    const [row] = (await h.call('GET', '/portfolio/settlements')).body.settlements;
    // fee_cost: "Total fees paid" (spec Settlement.fee_cost): the taker fee $0.0063 and the $0.000037 cut off the payout.
    expect(row).toMatchObject({ market_result: 'scalar', yes_count_fp: '0.37', revenue: 9, fee_cost: '0.006337' });
    expect(exchange.settlements.find((s) => s.userId === 'bob')).toMatchObject({ revenue: 277_400, fee: 63 });
  });

  it('settles at the value when determined at a later time too', async () => {
    const { exchange } = await setup();
    exchange.determineMarket(TICKER, 'scalar', { at: T0 + 60_000, settleAfterMs: 0, settlementValueDollars: '1' });
    exchange.advanceTime(60_000);
    expect(exchange.market(TICKER)).toMatchObject({ status: 'finalized', result: 'scalar' });
    expect(exchange.settlements.find((s) => s.userId === 'bob')).toMatchObject({ noCount: 300, revenue: 0 });
  });

  it.each([
    ['scalar', undefined, /settlementValueDollars: required with result "scalar"/],
    ['scalar', '1.5', /settlementValueDollars: "1.5" is not a dollar amount from 0 to 1/],
    ['scalar', '0.12345', /settlementValueDollars: "0.12345" is not a dollar amount from 0 to 1 in steps of \$0.0001/],
    ['scalar', '-0.5', /settlementValueDollars: "-0.5" is not a dollar amount/],
    ['yes', '0.5000', /settlementValueDollars: only with result "scalar"/],
  ] as const)('refuses result %s with settlementValueDollars %s, changing nothing', async (result, value, message) => {
    const { exchange } = await setup();
    expect(() =>
      exchange.determineMarket(TICKER, result, value === undefined ? {} : { settlementValueDollars: value }),
    ).toThrow(message);
    expect(exchange.market(TICKER)).toMatchObject({ status: 'active', result: '' });
  });
});

describe('a dataset market with result "scalar"', () => {
  const dataset = (market: Record<string, unknown>): DatasetFile => ({
    format: 'kalshi-mock-dataset',
    version: 1,
    series: [
      { ticker: 'KXS', title: 'S', category: 'Econ', frequency: 'daily', fee_type: 'quadratic', fee_multiplier: 1 },
    ],
    events: [
      { event_ticker: 'KXS-26DEC31', series_ticker: 'KXS', title: 'e', sub_title: '', mutually_exclusive: false },
    ],
    markets: [
      {
        ticker: 'KXS-26DEC31-SC',
        event_ticker: 'KXS-26DEC31',
        title: 'sc',
        yes_sub_title: 'sc',
        status: 'finalized',
        result: 'scalar',
        open_time: '2026-01-01T00:00:00Z',
        close_time: '2026-02-01T00:00:00Z',
        ...market,
      },
    ],
  });

  it('keeps the result and its settlement value', async () => {
    const h = await harness({ dataset: dataset({ settlement_value_dollars: '0.3300' }), now: Date.UTC(2026, 11, 1) });
    const { market } = (await h.call('GET', '/markets/KXS-26DEC31-SC')).body;
    expect(market).toMatchObject({ status: 'finalized', result: 'scalar', settlement_value_dollars: '0.3300' });
  });

  it('keeps the result when the file has no settlement value (a capture made before it was kept)', async () => {
    const h = await harness({ dataset: dataset({}), now: Date.UTC(2026, 11, 1) });
    const { market } = (await h.call('GET', '/markets/KXS-26DEC31-SC')).body;
    expect(market).toMatchObject({ status: 'finalized', result: 'scalar' });
    expect(market).not.toHaveProperty('settlement_value_dollars');
  });

  it('refuses a settlement value finer than $0.0001, naming the field', () => {
    expect(() => checkDataset(dataset({ settlement_value_dollars: '0.333333' }), 'shop.json')).toThrow(
      'shop.json: markets[0] (KXS-26DEC31-SC): field "settlement_value_dollars": 0.333333 is not on $0.0001',
    );
  });
});
