import { describe, expect, it } from 'vitest';
import { harness, order } from '../helpers';
import { specErrors } from '../stream/conformance';
import { openSession } from '../stream/session';

// Written from kalshi-api-notes: §5.15 (a taker pays 0.07 × C × P × (1 − P) rounded up to $0.0001; winning contracts pay
// $1; no settlement fee on plain yes/no markets), §5.16 (resting orders are canceled after close), §6.1 (closed →
// determined → finalized; settlement_ts once paid), §7 (settlement rows: revenue in int cents, value per YES contract)
// and §9.6 (market_lifecycle_v2 `determined` then `settled`; nothing for the implicit → closed).
const T0 = Date.UTC(2026, 5, 11, 18);
const TICKER = 'KXSETTLE-26JUN11-T50';
const HOUR = 3_600_000;

async function setup() {
  const h = await harness({ empty: true, now: T0, seed: 7 });
  const { exchange } = h.mock;
  const stream = openSession({ exchange });
  stream.send({ id: 1, cmd: 'subscribe', params: { channels: ['market_lifecycle_v2'] } });
  exchange.addMarket({ ticker: TICKER, openTime: T0 - HOUR, closeTime: T0 + HOUR, settlementTimerSeconds: 600 });
  // A counterparty sells 3 YES at 0.40 (rests as a NO bid at 0.60).
  exchange.createOrder('bob', {
    ticker: TICKER,
    side: 'ask',
    price: 400_000,
    count: 300,
    timeInForce: 'good_till_canceled',
    selfTradePrevention: 'maker',
  });
  return { ...h, exchange, stream };
}

describe('market life cycle', () => {
  // The README's reset: "orders, fills, positions and balances cleared"; a settlement is the account's history as
  // fills are (notes §7), so none outlives the reset either.
  it('a reset forgets the settlements paid before it', async () => {
    const { call, exchange } = await setup();
    expect(
      (await call('POST', '/portfolio/events/orders', order(TICKER, { count: '3', price: '0.4000' }))).status,
    ).toBe(201);
    exchange.advanceTime(HOUR);
    exchange.determineMarket(TICKER, 'yes');
    exchange.advanceTime(600_000);
    expect((await call('GET', '/portfolio/settlements')).body.settlements).toHaveLength(1);
    exchange.reset();
    expect((await call('GET', '/portfolio/settlements')).body.settlements).toEqual([]);
  });

  it('closes at close_time, is determined, settles after its timer and pays to the cent', async () => {
    const { call, exchange, stream } = await setup();
    // Buy 3 YES at 0.40 (taker): $1.20 + fee 0.07 × 3 × 0.4 × 0.6 = $0.0504.
    expect(
      (await call('POST', '/portfolio/events/orders', order(TICKER, { count: '3', price: '0.4000' }))).status,
    ).toBe(201);
    // A bid far below the book rests: $0.50 of collateral.
    const resting = await call('POST', '/portfolio/events/orders', order(TICKER, { count: '5', price: '0.1000' }));
    expect((await call('GET', '/portfolio/balance')).body.balance_dollars).toBe('9998.2496');

    const active = (await call('GET', `/markets/${TICKER}`)).body.market;
    expect(active.status).toBe('active');
    expect(active).not.toHaveProperty('settlement_ts');
    expect(active).not.toHaveProperty('settlement_value_dollars');
    expect(active).not.toHaveProperty('mve_collection_ticker');
    expect(active.settlement_timer_seconds).toBe(600);

    // close_time passes: the market closes and the resting bid is canceled, its collateral released.
    exchange.advanceTime(HOUR);
    expect((await call('GET', `/markets/${TICKER}`)).body.market.status).toBe('closed');
    expect((await call('GET', `/portfolio/orders/${resting.body.order_id}`)).body.order.status).toBe('canceled');
    expect((await call('GET', '/portfolio/balance')).body.balance_dollars).toBe('9998.7496');

    exchange.determineMarket(TICKER, 'yes');
    const determined = (await call('GET', `/markets/${TICKER}`)).body.market;
    expect(determined).toMatchObject({ status: 'determined', result: 'yes', settlement_value_dollars: '1.0000' });
    expect(determined).not.toHaveProperty('settlement_ts');
    expect((await call('GET', '/portfolio/settlements')).body.settlements).toEqual([]);

    exchange.advanceTime(600_000 - 1);
    expect((await call('GET', `/markets/${TICKER}`)).body.market.status).toBe('determined');
    exchange.advanceTime(1);
    const settledAt = new Date(T0 + HOUR + 600_000).toISOString();
    const finalized = (await call('GET', `/markets/${TICKER}`)).body.market;
    expect(finalized).toMatchObject({
      status: 'finalized',
      settlement_ts: settledAt,
      settlement_value_dollars: '1.0000',
    });

    // 3 winning YES contracts pay $3.00.
    const balance = (await call('GET', '/portfolio/balance')).body;
    expect(balance.balance_dollars).toBe('10001.7496');
    expect(balance.balance).toBe(1_000_174);
    expect((await call('GET', '/portfolio/settlements')).body.settlements).toEqual([
      {
        ticker: TICKER,
        exchange_index: 0,
        event_ticker: 'KXSETTLE-26JUN11',
        market_result: 'yes',
        yes_count_fp: '3.00',
        no_count_fp: '0.00',
        yes_total_cost_dollars: '1.200000',
        no_total_cost_dollars: '0.000000',
        revenue: 300,
        value: 100,
        // Spec Settlement.fee_cost: "Total fees paid in fixed point dollars" (its example "0.3400"), the trading fees
        // of the settled position (the taker fee above); no fee is charged at settlement itself (notes §5.15).
        fee_cost: '0.050400',
        settled_time: settledAt,
      },
    ]);
    expect((await call('GET', '/portfolio/positions')).body.market_positions).toEqual([]);
    // The losing side's row: 3 NO contracts, nothing paid.
    expect(exchange.settlements.find((s) => s.userId === 'bob')).toMatchObject({ noCount: 300, revenue: 0 });

    const lifecycle = stream.frames.filter((f) => f.type === 'market_lifecycle_v2' || f.type === 'event_lifecycle');
    expect(lifecycle.map((f) => [f.type, f.msg.event_type])).toEqual([
      ['event_lifecycle', undefined],
      ['market_lifecycle_v2', 'created'],
      ['market_lifecycle_v2', 'determined'],
      ['market_lifecycle_v2', 'settled'],
    ]);
    expect(lifecycle[0]?.msg).toMatchObject({ event_ticker: 'KXSETTLE-26JUN11', series_ticker: 'KXSETTLE' });
    expect(lifecycle[1]?.msg).toMatchObject({
      market_ticker: TICKER,
      open_ts: (T0 - HOUR) / 1000,
      close_ts: (T0 + HOUR) / 1000,
    });
    expect(lifecycle.slice(2).map((f) => f.msg)).toEqual([
      {
        market_ticker: TICKER,
        event_type: 'determined',
        result: 'yes',
        determination_ts: (T0 + HOUR) / 1000,
        settlement_value: '1.0000',
      },
      { market_ticker: TICKER, event_type: 'settled', settled_ts: (T0 + HOUR + 600_000) / 1000 },
    ]);
    for (const frame of lifecycle) expect(await specErrors(frame), JSON.stringify(frame)).toEqual([]);
  });

  it('determination can wait for a time on the clock, closing the market early', async () => {
    const { exchange } = await setup();
    exchange.determineMarket(TICKER, 'no', { at: T0 + 60_000, settleAfterMs: 0 });
    exchange.advanceTime(59_999);
    expect(exchange.market(TICKER).status).toBe('active');
    exchange.advanceTime(1);
    expect(exchange.market(TICKER)).toMatchObject({ status: 'finalized', result: 'no', closeTime: T0 + 60_000 });
    // Nobody traded (bob's order rested, then was canceled at the early close): no positions, no settlement rows.
    expect(exchange.settlements).toEqual([]);
  });

  // AsyncAPI marketLifecycleV2Payload: event_type `close_date_updated` ("Market close date updated"); `close_ts`
  // "will ONLY exist when the market is created OR when the close date is updated … Will be updated in case of early
  // determination markets". Notes §6.1: "Close can move earlier"; §9.6 lists the event type. The notes do not record
  // a live close_date_updated frame: its fields here are the spec's (market_ticker, event_type, close_ts).
  it('an early determination moves close_time and says so: close_date_updated, then determined', async () => {
    const { call, exchange, stream } = await setup();
    exchange.advanceTime(60_000);
    exchange.determineMarket(TICKER, 'no');
    expect((await call('GET', `/markets/${TICKER}`)).body.market.close_time).toBe('2026-06-11T18:01:00.000Z');
    const lifecycle = stream.frames.filter((f) => f.type === 'market_lifecycle_v2');
    expect(lifecycle.map((f) => f.msg.event_type)).toEqual(['created', 'close_date_updated', 'determined']);
    expect(lifecycle[1]?.msg).toEqual({
      market_ticker: TICKER,
      event_type: 'close_date_updated',
      close_ts: (T0 + 60_000) / 1000,
    });
    for (const frame of lifecycle) expect(await specErrors(frame), JSON.stringify(frame)).toEqual([]);
  });

  it("a multivariate market's close date update goes to multivariate_market_lifecycle", async () => {
    const { exchange, stream } = await setup();
    stream.send({ id: 2, cmd: 'subscribe', params: { channels: ['multivariate_market_lifecycle'] } });
    const combo = 'KXMVECROSS-26JUN11-T1';
    exchange.addMarket({ ticker: combo, closeTime: T0 + HOUR });
    exchange.determineMarket(combo, 'yes');
    const frames = stream.frames.filter((f) => f.msg?.event_type === 'close_date_updated');
    expect(frames.map((f) => [f.type, f.msg.market_ticker, f.msg.close_ts])).toEqual([
      ['multivariate_market_lifecycle', combo, T0 / 1000],
    ]);
    for (const frame of frames) expect(await specErrors(frame), JSON.stringify(frame)).toEqual([]);
  });

  it('one clock jump past open_time and close_time opens and closes the market, each at its own time', async () => {
    const { call, exchange } = await setup();
    const DAY = 24 * HOUR;
    const later = 'KXSETTLE-26JUL21-T50';
    exchange.addMarket({ ticker: later, status: 'initialized', openTime: T0 + DAY, closeTime: T0 + 40 * DAY });
    exchange.determineMarket(TICKER, 'yes', { at: T0 + 45 * DAY });
    const steps: [string, number][] = [];
    exchange.changes.on((e) => {
      if (e.type === 'market' && e.ticker === later) steps.push([e.status, exchange.now()]);
    });
    exchange.advanceTime(60 * DAY);
    expect(steps).toEqual([
      ['active', T0 + DAY],
      ['closed', T0 + 40 * DAY],
    ]);
    const { market } = (await call('GET', `/markets/${later}`)).body;
    expect(market).toMatchObject({ status: 'closed', updated_time: new Date(T0 + 40 * DAY).toISOString() });
    expect((await call('GET', '/markets?status=unopened')).body.markets).toEqual([]);
    // The determination waiting at +45 days ran at its time, and its settlement 10 minutes later (same jump).
    expect(exchange.market(TICKER)).toMatchObject({ status: 'finalized', settledTime: T0 + 45 * DAY + 600_000 });
  });

  it('a market listed already determined settles when its timer runs out, counted from the listing', async () => {
    // The notes (§6.1) say a determined market settles when its settlement timer runs out; when a market listed as
    // determined was determined is not known, so the timer starts at the listing (the notes are silent: our choice).
    const { call, exchange, stream } = await setup();
    const ticker = 'KXSETTLE-26JUN10-T50';
    exchange.addMarket({
      ticker,
      openTime: T0 - 2 * HOUR,
      closeTime: T0 - HOUR,
      status: 'determined',
      result: 'no',
      settlementTimerSeconds: 600,
    });
    exchange.advanceTime(600_000 - 1);
    expect((await call('GET', `/markets/${ticker}`)).body.market).toMatchObject({ status: 'determined', result: 'no' });
    exchange.advanceTime(1);
    expect((await call('GET', `/markets/${ticker}`)).body.market).toMatchObject({
      status: 'finalized',
      result: 'no',
      settlement_ts: new Date(T0 + 600_000).toISOString(),
    });
    const lifecycle = stream.frames.filter((f) => f.type === 'market_lifecycle_v2' && f.msg.market_ticker === ticker);
    expect(lifecycle.map((f) => f.msg.event_type)).toEqual(['created', 'settled']);
  });

  // LC3. §7 settlement rows carry the cost per side (yes_total_cost_dollars, no_total_cost_dollars; spec Settlement):
  // a NO holder's cost is all on the NO side.
  it("a NO holder's settlement row puts its cost on the NO side only", async () => {
    const { exchange, call } = await setup();
    exchange.createOrder('bob', {
      ticker: TICKER,
      side: 'bid',
      price: 400_000,
      count: 300,
      timeInForce: 'good_till_canceled',
      selfTradePrevention: 'maker',
    });
    // Selling 3 YES at 0.40 into bob's bid buys 3 NO at 0.60: cost $1.80.
    const sold = await call(
      'POST',
      '/portfolio/events/orders',
      order(TICKER, { side: 'ask', count: '3', price: '0.4000', time_in_force: 'immediate_or_cancel' }),
    );
    expect(sold.body.fill_count).toBe('3.00');
    exchange.settleMarket(TICKER, 'no');
    const [row] = (await call('GET', `/portfolio/settlements?ticker=${TICKER}`)).body.settlements;
    expect(row).toMatchObject({
      market_result: 'no',
      yes_count_fp: '0.00',
      no_count_fp: '3.00',
      yes_total_cost_dollars: '0.000000',
      no_total_cost_dollars: '1.800000',
      revenue: 300, // 3 winning NO × $1, in cents
    });
  });

  it('refuses to determine a market twice', async () => {
    const { exchange } = await setup();
    exchange.determineMarket(TICKER, 'yes');
    expect(() => exchange.determineMarket(TICKER, 'no')).toThrow(/already determined/);
  });

  it('a determination scheduled for later does nothing if the market was determined meanwhile', async () => {
    const { exchange } = await setup();
    exchange.determineMarket(TICKER, 'no', { at: T0 + 60_000 });
    exchange.settleMarket(TICKER, 'yes');
    expect(() => exchange.advanceTime(120_000)).not.toThrow();
    expect(exchange.market(TICKER)).toMatchObject({ status: 'finalized', result: 'yes' });
  });
});
