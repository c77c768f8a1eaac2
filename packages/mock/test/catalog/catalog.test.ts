import { beforeEach, describe, expect, it } from 'vitest';
import { TEST_USER_ID } from '../../src';
import { type Harness, harness, order } from '../helpers';
import { openSession } from '../stream/session';

// The discovery surface around the markets, held to the spec's descriptions: every id or ticker a response names
// resolves in its own GET (issue 15: "every id a response names resolves"), unknown ids are 404.

const NOW = Date.UTC(2026, 10, 20, 12);
let h: Harness;

beforeEach(async () => {
  h = await harness({ seed: 5, now: NOW });
});

const get = async (path: string) => {
  const response = await h.call('GET', path);
  expect(response.status, `${path}: ${JSON.stringify(response.body)}`).toBe(200);
  return response.body;
};

/** One open market from each of a collection's first two events, as YES legs of a combo. */
const twoLegs = async (c: { associated_event_tickers: string[] }) => {
  const legs = [];
  for (const event of c.associated_event_tickers.slice(0, 2)) {
    const { markets } = await get(`/markets?event_ticker=${event}&status=open`);
    legs.push({ event_ticker: event, market_ticker: markets[0].ticker, side: 'yes' });
  }
  return legs;
};

/** The first open collection, one open market from each of its first two events, and the combo market made of them. */
const createCombo = async () => {
  const {
    multivariate_contracts: [c],
  } = await get('/multivariate_event_collections?status=open');
  const legs = await twoLegs(c);
  const created = await h.call('POST', `/multivariate_event_collections/${c.collection_ticker}`, {
    selected_markets: legs,
  });
  return { c, legs, created };
};

describe('multivariate event collections', () => {
  it('name events, series and markets that resolve; an open one is between its open and close dates', async () => {
    const { multivariate_contracts: collections } = await get('/multivariate_event_collections?status=open');
    expect(collections.length).toBeGreaterThan(0);
    for (const c of collections) {
      expect(Date.parse(c.open_date)).toBeLessThanOrEqual(NOW);
      expect(Date.parse(c.close_date)).toBeGreaterThan(NOW);
      expect((await get(`/multivariate_event_collections/${c.collection_ticker}`)).multivariate_contract).toEqual(c);
      expect((await get(`/series/${c.series_ticker}`)).series.ticker).toBe(c.series_ticker);
      for (const event of c.associated_event_tickers)
        expect((await get(`/events/${event}`)).event.event_ticker).toBe(event);
      expect(c.size_min).toBeLessThanOrEqual(c.size_max);
      expect(c.size_max).toBe(c.associated_event_tickers.length);
    }
  });

  // A refused selection names the leg at fault under the request's field (CreateMarketInMultivariateEventCollection
  // `selected_markets`); "one market per event" and "<ticker>: not a market…" did not say which field or leg (notes
  // silent on the details).
  it('refuses two legs of one event or a leg outside the collection, naming the selected_markets leg', async () => {
    const {
      multivariate_contracts: [c],
    } = await get('/multivariate_event_collections?status=open');
    const first = (await twoLegs(c))[0]!;
    const post = (selected_markets: unknown[]) =>
      h.call('POST', `/multivariate_event_collections/${c.collection_ticker}`, { selected_markets });
    const twice = await post([first, { ...first, side: 'no' }]);
    expect([twice.status, twice.body.error.details]).toEqual([
      400,
      `selected_markets[1].event_ticker: ${first.event_ticker} has a leg already (one market per event)`,
    ]);
    const { markets } = await get('/markets?status=open&mve_filter=exclude&limit=200');
    const outside = markets.find((m: { event_ticker: string }) => !c.associated_event_tickers.includes(m.event_ticker));
    const foreign = { event_ticker: outside.event_ticker, market_ticker: outside.ticker, side: 'yes' };
    const refused = await post([first, foreign]);
    expect([refused.status, refused.body.error.details]).toEqual([
      400,
      `selected_markets[1].market_ticker: ${outside.ticker} is not a market of an event in ${c.collection_ticker}`,
    ]);
  });

  it('creates a market from one market per event: it resolves, trades by RFQ, and the same legs give the same ticker', async () => {
    const { c, legs, created } = await createCombo();
    expect(created.status).toBe(200);
    const { market_ticker, event_ticker } = created.body;
    expect(event_ticker).toBe(c.collection_ticker);
    expect((await get(`/markets/${market_ticker}`)).market.event_ticker).toBe(event_ticker);
    // "These are dynamically created events from multivariate event collections" (GetMultivariateEvents).
    const { events } = await get(`/events/multivariate?collection_ticker=${c.collection_ticker}`);
    expect(events.map((e: { event_ticker: string }) => e.event_ticker)).toEqual([event_ticker]);
    // Order of the legs does not matter: the same selection is the same market.
    const again = await h.call('POST', `/multivariate_event_collections/${c.collection_ticker}`, {
      selected_markets: [...legs].reverse(),
    });
    expect(again.body.market_ticker).toBe(market_ticker);
    const rfq = await h.call('POST', '/communications/rfqs', {
      market_ticker,
      contracts_fp: '1.00',
      rest_remainder: false,
    });
    expect(rfq.status).toBe(201);
  });

  // Outside round P-D3: spec RFQ `mve_collection_ticker` ("Ticker of the MVE collection this market belongs to"),
  // `mve_selected_legs` ("Selected legs for the MVE collection"); AsyncAPI rfq_created the same ("Omitted for non-MVE
  // RFQs"). Expected: the collection and legs this test chose.
  it('an RFQ on a combo market names its collection and legs, in REST and in rfq_created', async () => {
    const { c, legs, created } = await createCombo();
    const { session, frames, send } = openSession({ exchange: h.mock.exchange });
    send({ id: 1, cmd: 'subscribe', params: { channels: ['communications'] } });
    try {
      const body = { market_ticker: created.body.market_ticker, contracts_fp: '1.00', rest_remainder: false };
      const rfqId = (await h.call('POST', '/communications/rfqs', body)).body.id;
      // The legs in any order (the same selection is the same market, above), each exactly once.
      const combo = { mve_collection_ticker: c.collection_ticker, mve_selected_legs: expect.arrayContaining(legs) };
      const { rfq: one } = await get(`/communications/rfqs/${rfqId}`);
      expect(one).toMatchObject(combo);
      expect(one.mve_selected_legs).toHaveLength(legs.length);
      expect((await get('/communications/rfqs')).rfqs[0]).toMatchObject({ id: rfqId, ...combo });
      expect(frames.find((f) => f.type === 'rfq_created')?.msg).toMatchObject({ id: rfqId, ...combo });
      // A plain market's RFQ has neither.
      const { markets } = await get('/markets?status=open&mve_filter=exclude&limit=1');
      const plain = await h.call('POST', '/communications/rfqs', { ...body, market_ticker: markets[0].ticker });
      const rfq = (await get(`/communications/rfqs/${plain.body.id}`)).rfq;
      expect(rfq).not.toHaveProperty('mve_collection_ticker');
      expect(rfq).not.toHaveProperty('mve_selected_legs');
    } finally {
      session.dispose();
    }
  });

  it('a created combo market is multivariate everywhere: mve_filter, GET /events, its mve_* fields', async () => {
    const { c, legs, created } = await createCombo();
    const { market_ticker, event_ticker } = created.body;
    const tickers = (markets: { ticker: string }[]) => markets.map((m) => m.ticker);
    expect(tickers((await get('/markets?mve_filter=only&limit=1000')).markets)).toEqual([market_ticker]);
    expect(tickers((await get('/markets?mve_filter=exclude&limit=1000')).markets)).not.toContain(market_ticker);
    expect(tickers((await get('/markets?limit=1000')).markets)).toContain(market_ticker);
    // "This endpoint excludes multivariate events" (GetEvents; notes §6.6).
    const { events } = await get('/events');
    expect(events.map((e: { event_ticker: string }) => e.event_ticker)).not.toContain(event_ticker);
    const { market } = await get(`/markets/${market_ticker}`);
    expect(market.mve_collection_ticker).toBe(c.collection_ticker);
    const sorted = [...legs].sort((a, b) => a.market_ticker.localeCompare(b.market_ticker));
    expect(market.mve_selected_legs).toEqual(sorted);
    // A leg's settlement value appears once that leg is determined ("Only filled after determination").
    h.mock.exchange.determineMarket(sorted[0]!.market_ticker, 'no');
    expect((await get(`/markets/${market_ticker}`)).market.mve_selected_legs[0]).toEqual({
      ...sorted[0],
      yes_settlement_value_dollars: '0.0000',
    });
    const plain = (await get(`/markets/${legs[0]!.market_ticker}`)).market;
    expect(plain).not.toHaveProperty('mve_collection_ticker');
    expect(plain).not.toHaveProperty('mve_selected_legs');
  });

  // Spec Market.no_sub_title: "Shortened title for the no side of this market". A combo's YES is that every leg
  // resolves to its selected side; its NO side is that not all do, so it cannot read as the YES side does (the notes
  // record no combo's NO subtitle). A plain market keeps Kalshi's same text on both sides.
  it("a combo market's no_sub_title names its NO side, not the YES side's legs again", async () => {
    const { legs, created } = await createCombo();
    const { market } = await get(`/markets/${created.body.market_ticker}`);
    for (const leg of legs) expect(market.yes_sub_title).toContain(`${leg.side} ${leg.market_ticker}`);
    expect(market.no_sub_title).not.toBe(market.yes_sub_title);
    expect(market.no_sub_title).toMatch(/^not all of: /);
    for (const leg of legs) expect(market.no_sub_title).toContain(`${leg.side} ${leg.market_ticker}`);
    const plain = (await get(`/markets/${legs[0]!.market_ticker}`)).market;
    expect(plain.no_sub_title).toBe(plain.yes_sub_title);
  });

  it("determining a leg market changes neither the collection's dates nor its status", async () => {
    const {
      multivariate_contracts: [c],
    } = await get('/multivariate_event_collections?status=open');
    const { markets } = await get(`/markets?event_ticker=${c.associated_event_tickers[0]}&status=open`);
    h.mock.exchange.determineMarket(markets[0].ticker, 'yes');
    expect((await get(`/multivariate_event_collections/${c.collection_ticker}`)).multivariate_contract).toEqual(c);
    const open = (await get('/multivariate_event_collections?status=open')).multivariate_contracts;
    expect(open.map((x: { collection_ticker: string }) => x.collection_ticker)).toContain(c.collection_ticker);
  });

  // A market closes at its close_time (kalshi-api-notes §6.1 lifecycle: "→(close_time) closed"); the notes are silent
  // on a collection's own edge, so it is read the same way: at close_date it is closed, no longer open.
  it('a collection is closed from its close date on', async () => {
    const {
      multivariate_contracts: [c],
    } = await get('/multivariate_event_collections?status=open');
    h.mock.exchange.advanceTime(Date.parse(c.close_date) - NOW);
    const tickers = async (status: string) =>
      (await get(`/multivariate_event_collections?status=${status}`)).multivariate_contracts.map(
        (x: { collection_ticker: string }) => x.collection_ticker,
      );
    expect(await tickers('open')).not.toContain(c.collection_ticker);
    expect(await tickers('closed')).toContain(c.collection_ticker);
  });

  it('GET /events/multivariate refuses series_ticker with collection_ticker ("Cannot be used together")', async () => {
    const response = await h.call(
      'GET',
      '/events/multivariate?series_ticker=KXMVECOMBO&collection_ticker=KXMVECOMBO-26DEC15',
    );
    expect(response).toMatchObject({
      status: 400,
      body: {
        error: { code: 'invalid_parameters', details: expect.stringContaining('series_ticker and collection_ticker') },
      },
    });
  });

  it('refuses two markets of one event and a market outside the collection', async () => {
    const {
      multivariate_contracts: [c],
    } = await get('/multivariate_event_collections?status=open');
    const event = c.associated_event_tickers[0];
    const { markets } = await get(`/markets?event_ticker=${event}&status=open`);
    const sameEvent = await h.call('POST', `/multivariate_event_collections/${c.collection_ticker}`, {
      selected_markets: markets.slice(0, 2).map((m: { ticker: string }) => ({
        event_ticker: event,
        market_ticker: m.ticker,
        side: 'yes',
      })),
    });
    expect(sameEvent.status).toBe(400);
    const unknown = await h.call('POST', '/multivariate_event_collections/KXMVECOMBO-NOPE', {
      selected_markets: [],
    });
    expect(unknown.status).toBe(404);
  });
});

// Notes §6.7: data older than the historical cutoffs "disappears from live endpoints"; GET /events/multivariate is
// one, as GET /events is (its nested markets leave out archived ones). Before the fix its with_nested_markets still
// nested a combo market GET /markets/{ticker} answered 404 for.
// Spec GetMultivariateEventCollections `series_ticker`: "Only return collections with a particular series ticker",
// the collection's own `series_ticker` field. Filtering by the series of an associated event answered collections
// whose `series_ticker` reads another one: every collection listed under the filter carries the value filtered on.
describe('GET /multivariate_event_collections?series_ticker=', () => {
  it("lists only collections whose series_ticker is the one asked for, not those of an associated event's series", async () => {
    const all = (await get('/multivariate_event_collections')).multivariate_contracts;
    expect(all.length).toBeGreaterThan(0);
    const legSeries = (await get(`/events/${all[0].associated_event_tickers[0]}`)).event.series_ticker;
    for (const series of [legSeries, all[0].series_ticker]) {
      const listed = (await get(`/multivariate_event_collections?series_ticker=${series}`)).multivariate_contracts;
      expect(listed.map((c: { series_ticker: string }) => c.series_ticker)).toEqual(
        all.filter((c: { series_ticker: string }) => c.series_ticker === series).map(() => series),
      );
    }
  });
});

describe('GET /events/multivariate past the historical cutoff', () => {
  it('nests no archived combo market', async () => {
    const { c, legs, created } = await createCombo();
    const ticker = created.body.market_ticker as string;
    for (const leg of legs) h.mock.exchange.settleMarket(leg.market_ticker, 'yes');
    // Its settlement timer runs out (finalized), then the three-month live window.
    h.mock.exchange.advanceTime(91 * 86_400_000);
    expect((await h.call('GET', `/markets/${ticker}`)).status).toBe(404);
    const { events } = await get(
      `/events/multivariate?collection_ticker=${c.collection_ticker}&with_nested_markets=true`,
    );
    const nested = events.flatMap((e: { markets?: { ticker: string }[] }) => e.markets ?? []);
    expect(nested.map((m: { ticker: string }) => m.ticker)).not.toContain(ticker);
  });
});

describe('multivariate collections as markets come and go', () => {
  // A combo trades like any market, on legs that trade: a leg market no longer open refuses the combo, with the code
  // an order on it gets (kalshi-api-notes §3.2: `market_inactive` 400 for an order op on a market not active).
  it('refuses a leg market that is no longer open for trading: 400 market_inactive', async () => {
    const {
      multivariate_contracts: [c],
    } = await get('/multivariate_event_collections?status=open');
    const legs = await twoLegs(c);
    h.mock.exchange.determineMarket(legs[0]!.market_ticker, 'no');
    const response = await h.call('POST', `/multivariate_event_collections/${c.collection_ticker}`, {
      selected_markets: legs,
    });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('market_inactive');
  });

  // The collection's own size_min (2): a combo of one leg is refused.
  it('refuses a selection of fewer than size_min markets', async () => {
    const {
      multivariate_contracts: [c],
    } = await get('/multivariate_event_collections?status=open');
    expect(c.size_min).toBe(2);
    const event = c.associated_event_tickers[0];
    const { markets } = await get(`/markets?event_ticker=${event}&status=open`);
    const response = await h.call('POST', `/multivariate_event_collections/${c.collection_ticker}`, {
      selected_markets: [{ event_ticker: event, market_ticker: markets[0].ticker, side: 'yes' }],
    });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('invalid_parameters');
  });

  // Spec: a collection has its own open_date; the notes are silent on creating a market in one not open yet, read as
  // an order on a market not open is: refused.
  it('refuses a combo in a collection that has not opened yet: 400 invalid_parameters', async () => {
    const {
      multivariate_contracts: [c],
    } = await get('/multivariate_event_collections?status=unopened');
    expect(Date.parse(c.open_date)).toBeGreaterThan(NOW);
    const legs = await twoLegs(c);
    const response = await h.call('POST', `/multivariate_event_collections/${c.collection_ticker}`, {
      selected_markets: legs,
    });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('invalid_parameters');
  });

  // A collection is one date that at least two events share (a combo picks one market from each of two or more); its
  // close date is the earliest close of its markets as listed, fixed then: a leg determined early (which moves its
  // close_time to that moment, notes §6.1 `can_close_early`) must not move it.
  it('a new date makes a collection once two events share it, its dates fixed as its markets are listed', async () => {
    const ex = h.mock.exchange;
    const DAY = 86_400_000;
    ex.addMarket({ ticker: 'KXONE-27FEB01-A', openTime: NOW - DAY, closeTime: NOW + 10 * DAY });
    expect((await h.call('GET', '/multivariate_event_collections/KXMVECOMBO-27FEB01')).status).toBe(404);
    ex.addMarket({ ticker: 'KXTWO-27FEB01-B', openTime: NOW - 2 * DAY, closeTime: NOW + 12 * DAY });
    ex.determineMarket('KXONE-27FEB01-A', 'yes');
    const { multivariate_contract: c } = await get('/multivariate_event_collections/KXMVECOMBO-27FEB01');
    expect(c.associated_event_tickers).toEqual(['KXONE-27FEB01', 'KXTWO-27FEB01']);
    expect(Date.parse(c.open_date)).toBe(NOW - DAY);
    expect(Date.parse(c.close_date)).toBe(NOW + 10 * DAY);
  });

  // On a clock that moves by itself, a reset rebuilds the default dataset at the present time: its collections'
  // dates follow the rebuilt markets, not the ones fixed before the reset.
  it('after a reset on a moving clock, a collection has the dates of the rebuilt markets', async () => {
    let t = NOW;
    const moving = await harness({ seed: 5, now: () => t });
    const dates = async () => {
      const { body } = await moving.call('GET', '/multivariate_event_collections?status=open');
      const [c] = body.multivariate_contracts;
      return [c.collection_ticker, Date.parse(c.open_date), Date.parse(c.close_date)];
    };
    const [ticker, open, close] = await dates();
    t += 3_600_000;
    moving.mock.exchange.reset();
    expect(await dates()).toEqual([ticker, (open as number) + 3_600_000, (close as number) + 3_600_000]);
  });
});

// Round 26 (tester R, R1). A combo "Pays $1 when every selected leg resolves to its selected side" (its collection's
// functional_description); spec MveSelectedLeg.yes_settlement_value_dollars: a leg's value is "Only filled after
// determination". A combo follows the lifecycle of notes §6.1 (closed → determined → finalized after its own
// settlement_timer_seconds, default 3600 s; README): once its outcome is known it is determined, takes no order (409
// `market_closed`, as any determined market), and settles with settlement rows and payouts. The notes are silent on when
// Kalshi determines a combo and on scalar legs: the mock determines it NO as soon as one leg lost (its outcome is
// known), YES once every leg won, and for scalar legs pays the product of the selected sides' values ($0.0001 floor).
describe('a combo market settles on its legs', () => {
  const HOUR = 3_600_000;

  /** A combo of the first open collection's first two events (`sides` per leg), 2 YES contracts of it bought. */
  async function heldCombo(sides: readonly ('yes' | 'no')[]) {
    const {
      multivariate_contracts: [c],
    } = await get('/multivariate_event_collections?status=open');
    const legs = (await twoLegs(c)).map((leg, i) => ({ ...leg, side: sides[i] }));
    const created = await h.call('POST', `/multivariate_event_collections/${c.collection_ticker}`, {
      selected_markets: legs,
    });
    expect(created.status).toBe(200);
    const ticker = created.body.market_ticker as string;
    h.mock.exchange.createOrder('bob', {
      ticker,
      side: 'ask',
      price: 300_000,
      count: 200,
      timeInForce: 'good_till_canceled',
      selfTradePrevention: 'maker',
    });
    const bought = await h.call('POST', '/portfolio/events/orders', order(ticker, { count: '2', price: '0.3000' }));
    expect(bought.status).toBe(201);
    const legTickers = legs.map((leg) => leg.market_ticker as string);
    return { ticker, legs: legTickers };
  }

  const market = async (ticker: string) => (await get(`/markets/${ticker}`)).market;
  const cash = () => h.mock.exchange.accounts.get(TEST_USER_ID)?.cash as number;
  const settlementOf = async (ticker: string) =>
    (await get('/portfolio/settlements')).settlements.filter((s: { ticker: string }) => s.ticker === ticker);

  it('every leg won: determined yes once the last leg is, no more orders, then $1 per YES contract', async () => {
    const { ticker, legs } = await heldCombo(['yes', 'yes']);
    const [first, second] = legs as [string, string];
    h.mock.exchange.settleMarket(first, 'yes');
    expect(await market(ticker)).toMatchObject({ status: 'active', result: '' });

    h.mock.exchange.settleMarket(second, 'yes');
    const determined = await market(ticker);
    expect(determined).toMatchObject({ status: 'determined', result: 'yes' });
    expect(
      determined.mve_selected_legs.map((l: { yes_settlement_value_dollars: string }) => l.yes_settlement_value_dollars),
    ).toEqual(['1.0000', '1.0000']);
    const late = await h.call('POST', '/portfolio/events/orders', order(ticker, { count: '1', price: '0.3000' }));
    expect(late).toMatchObject({ status: 409, body: { error: { code: 'market_closed' } } });

    const before = cash();
    h.mock.exchange.advanceTime(HOUR);
    expect((await market(ticker)).status).toBe('finalized');
    expect(cash() - before).toBe(2_000_000);
    expect(await settlementOf(ticker)).toMatchObject([{ market_result: 'yes', yes_count_fp: '2.00', revenue: 200 }]);
    expect((await get(`/portfolio/positions?ticker=${ticker}`)).market_positions).toEqual([]);
  });

  it('one leg lost: determined no at once, before the other leg, and the YES position pays nothing', async () => {
    const { ticker, legs } = await heldCombo(['yes', 'yes']);
    h.mock.exchange.determineMarket(legs[0] as string, 'no');
    expect(await market(ticker)).toMatchObject({ status: 'determined', result: 'no' });
    expect((await market(legs[1] as string)).status).toBe('active');

    const before = cash();
    h.mock.exchange.advanceTime(HOUR);
    expect((await market(ticker)).status).toBe('finalized');
    expect(cash()).toBe(before);
    expect(await settlementOf(ticker)).toMatchObject([{ market_result: 'no', yes_count_fp: '2.00', revenue: 0 }]);
  });

  it('past its own close_time it is closed, and settles once legs decided at different times all won', async () => {
    // The second leg is selected on its NO side: it wins when that market resolves no.
    const { ticker, legs } = await heldCombo(['yes', 'no']);
    const closeTime = Date.parse((await market(ticker)).close_time);
    h.mock.exchange.advanceTime(closeTime - NOW);
    expect(await market(ticker)).toMatchObject({ status: 'closed', result: '' });

    h.mock.exchange.determineMarket(legs[0] as string, 'yes', { settleAfterMs: 0 });
    h.mock.exchange.advanceTime(2 * HOUR);
    expect(await market(ticker)).toMatchObject({ status: 'closed', result: '' });
    h.mock.exchange.determineMarket(legs[1] as string, 'no');
    expect(await market(ticker)).toMatchObject({ status: 'determined', result: 'yes' });

    const before = cash();
    h.mock.exchange.advanceTime(HOUR);
    expect((await market(ticker)).status).toBe('finalized');
    expect(cash() - before).toBe(2_000_000);
    expect(await settlementOf(ticker)).toMatchObject([{ market_result: 'yes', revenue: 200 }]);
  });

  it('scalar legs: the combo pays the product of the selected sides, floored to $0.0001', async () => {
    const { ticker, legs } = await heldCombo(['yes', 'no']);
    h.mock.exchange.determineMarket(legs[0] as string, 'scalar', { settlementValueDollars: '0.2501' });
    h.mock.exchange.determineMarket(legs[1] as string, 'scalar', { settlementValueDollars: '0.5000' });
    // YES side of the first leg 0.2501 × NO side of the second 1 − 0.5000 = 0.12505 → 0.1250.
    expect(await market(ticker)).toMatchObject({
      status: 'determined',
      result: 'scalar',
      settlement_value_dollars: '0.1250',
    });
    const before = cash();
    h.mock.exchange.advanceTime(HOUR);
    // 2 YES × $0.1250.
    expect(cash() - before).toBe(250_000);
    expect(await settlementOf(ticker)).toMatchObject([{ market_result: 'scalar', revenue: 25 }]);
  });
});

describe('milestones, live data and structured targets', () => {
  it('each milestone names events that resolve, and its live data follows the exchange clock', async () => {
    const { milestones } = await get('/milestones?limit=100');
    expect(milestones.length).toBeGreaterThan(0);
    for (const m of milestones) {
      for (const event of [...m.related_event_tickers, ...m.primary_event_tickers])
        expect((await get(`/events/${event}`)).event.event_ticker).toBe(event);
      expect((await get(`/milestones/${m.id}`)).milestone).toEqual(m);
    }
    const upcoming = milestones.find((m: { start_date: string }) => Date.parse(m.start_date) > NOW);
    expect((await get(`/live_data/milestone/${upcoming.id}`)).live_data).toMatchObject({
      milestone_id: upcoming.id,
      type: upcoming.type,
      details: { status: 'scheduled' },
    });
    h.mock.exchange.advanceTime(Date.parse(upcoming.start_date) - NOW);
    expect((await get(`/live_data/${upcoming.type}/milestone/${upcoming.id}`)).live_data.details.status).toBe(
      'in_progress',
    );
    const batch = await get(`/live_data/batch?milestone_ids=${upcoming.id}`);
    expect(batch.live_datas.map((d: { milestone_id: string }) => d.milestone_id)).toEqual([upcoming.id]);
  });

  // A game is over once its markets are decided (live data `closed`); one market of a game-winner event decided
  // (another team ruled out) leaves the game going.
  it('a game is closed once every market of its event is determined, not before', async () => {
    const { milestones } = await get('/milestones?limit=100');
    const [m] = milestones;
    h.mock.exchange.advanceTime(Math.max(0, Date.parse(m.start_date) - NOW));
    const { markets } = await get(`/markets?event_ticker=${m.related_event_tickers[0]}`);
    const status = async () => (await get(`/live_data/milestone/${m.id}`)).live_data.details.status;
    for (const market of markets.slice(1)) h.mock.exchange.determineMarket(market.ticker, 'no');
    expect(await status()).toBe('in_progress');
    h.mock.exchange.determineMarket(markets[0].ticker, 'yes');
    expect(await status()).toBe('closed');
  });

  it('filters milestones by related event and structured targets by id', async () => {
    const { milestones } = await get('/milestones?limit=100');
    const event = milestones[1].related_event_tickers[0];
    const filtered = await get(`/milestones?limit=100&related_event_ticker=${event}`);
    expect(filtered.milestones.map((m: { id: string }) => m.id)).toEqual([milestones[1].id]);
    const { structured_targets: targets } = await get('/structured_targets');
    expect(targets.length).toBeGreaterThan(0);
    const one = await get(`/structured_targets?ids=${targets[0].id}`);
    expect(one.structured_targets).toEqual([targets[0]]);
    expect((await get(`/structured_targets/${targets[0].id}`)).structured_target).toEqual(targets[0]);
  });

  // GetStructuredTargets `competition`: "Matches against the league, conference, division, or tour in the structured
  // target details, or any entry in the details leagues array." (example NBA). The default dataset's teams are the
  // NBA's (series KXNBAGAME, tagged NBA); `?competition=NBA` listed none, matching the milestones' competition name
  // ("Pro Basketball", GetMilestones' own filter) instead of the league.
  it('filters structured targets by competition: the league in their details', async () => {
    const { structured_targets: targets } = await get('/structured_targets');
    expect(targets.length).toBeGreaterThan(1);
    for (const t of targets) expect(t.details).toMatchObject({ league: 'NBA' });
    expect((await get('/structured_targets?competition=NBA')).structured_targets).toEqual(targets);
    expect((await get('/structured_targets?competition=NFL')).structured_targets).toEqual([]);
    expect((await get('/structured_targets?competition=NBA&type=football_team')).structured_targets).toEqual([]);
  });

  it('minimum_start_date is a minimum: a milestone starting at it is listed, one starting before it is not', async () => {
    const { milestones } = await get('/milestones?limit=100');
    const starts = [...new Set(milestones.map((m: { start_date: string }) => Date.parse(m.start_date)))].sort(
      (a, b) => (a as number) - (b as number),
    );
    expect(starts.length).toBeGreaterThan(1);
    const at = new Date(starts[1] as number).toISOString();
    const listed = (await get(`/milestones?limit=100&minimum_start_date=${encodeURIComponent(at)}`)).milestones;
    const expected = milestones.filter((m: { start_date: string }) => Date.parse(m.start_date) >= Date.parse(at));
    expect(listed.map((m: { id: string }) => m.id)).toEqual(expected.map((m: { id: string }) => m.id));
    expect(listed.some((m: { start_date: string }) => Date.parse(m.start_date) === Date.parse(at))).toBe(true);
  });

  // Spec: min_updated_ts "Filter milestones with metadata updated after this Unix timestamp", the words of GET /events
  // and GET /series, whose min_updated_ts leaves out what was updated on that second itself (routes-market-data.ts
  // `within`: "after" is exclusive): a poller passing the last second it saw must not get that milestone again.
  it('min_updated_ts means after, as on GET /events: a milestone updated on that second itself is left out', async () => {
    const { milestones } = await get('/milestones?limit=100');
    const [m] = milestones;
    h.mock.exchange.advanceTime(5_000);
    const event = (await get(`/events/${m.related_event_tickers[0]}?with_nested_markets=true`)).event;
    h.mock.exchange.determineMarket(event.markets[0].ticker, 'yes');
    const updated = (await get(`/milestones/${m.id}`)).milestone.last_updated_ts;
    expect(Date.parse(updated)).toBe(NOW + 5_000);
    const ids = async (ts: number) =>
      (await get(`/milestones?limit=100&min_updated_ts=${ts}`)).milestones.map((x: { id: string }) => x.id);
    expect(await ids((NOW + 5_000) / 1000 - 1)).toContain(m.id);
    expect(await ids((NOW + 5_000) / 1000)).not.toContain(m.id);
  });

  it("the legacy live data path answers 404 for a type that is not the milestone's", async () => {
    const { milestones } = await get('/milestones?limit=100');
    const [m] = milestones;
    expect((await get(`/live_data/${m.type}/milestone/${m.id}`)).live_data.milestone_id).toBe(m.id);
    const other = m.type === 'football_game' ? 'hockey_match' : 'football_game';
    const response = await h.call('GET', `/live_data/${other}/milestone/${m.id}`);
    expect(response.status).toBe(404);
    expect(response.body.error.code).toBe('not_found');
  });

  // Spec GetLiveDatas: "Get live data for multiple milestones", milestone_ids "Array of milestone IDs": the batch answers
  // the milestones asked for, never every milestone. milestone_ids is required: sent empty it is refused, naming it
  // (round 46, K3; it answered an empty list).
  it('the live data batch answers only the milestones asked for', async () => {
    const { milestones } = await get('/milestones?limit=100');
    const asked = await get(`/live_data/batch?milestone_ids=${milestones[0].id}&milestone_ids=${milestones[1].id}`);
    expect(asked.live_datas.map((d: { milestone_id: string }) => d.milestone_id).sort()).toEqual(
      [milestones[0].id, milestones[1].id].sort(),
    );
    expect((await h.call('GET', '/live_data/batch?milestone_ids=')).body).toEqual({
      msg: 'Parameter validation failed for GetLiveDatas: milestone_ids is required, got an empty value',
    });
  });

  // Spec: page_size "Number of items per page (min 1, max 2000, default 100)", with a cursor to the next page.
  it('pages structured targets by page_size', async () => {
    const { structured_targets: all } = await get('/structured_targets');
    expect(all.length).toBeGreaterThan(1);
    const first = await get('/structured_targets?page_size=1');
    expect(first.structured_targets).toEqual([all[0]]);
    expect(first.cursor).not.toBe('');
    const second = await get(`/structured_targets?page_size=1&cursor=${first.cursor}`);
    expect(second.structured_targets).toEqual([all[1]]);
  });

  it.each([
    '/milestones/0f0e0d0c-0b0a-4908-8706-050403020100',
    '/live_data/milestone/0f0e0d0c-0b0a-4908-8706-050403020100',
    '/live_data/milestone/0f0e0d0c-0b0a-4908-8706-050403020100/game_stats',
    '/structured_targets/0f0e0d0c-0b0a-4908-8706-050403020100',
    '/multivariate_event_collections/KXMVECOMBO-NOPE',
    '/live_data/events/NOPE-26DEC15',
    '/live_data/weather/atlantis',
    '/live_data/weather/atlantis/calibrations',
  ])('GET %s answers 404 not_found', async (path) => {
    const response = await h.call('GET', path);
    expect(response.status).toBe(404);
    expect(response.body.error.code).toBe('not_found');
  });
});

describe('weather index windows', () => {
  it.each([
    ['last_sec=60&from=1', 'last_sec and from'],
    ['last_sec=60&to=1', 'last_sec and to'],
    ['from=1', 'from: must be paired with to'],
  ])('refuses %s (from/to/last_sec rules of the spec)', async (query, details) => {
    const response = await h.call('GET', `/live_data/weather/nyc?${query}`);
    expect(response).toMatchObject({ status: 400, body: { error: { details: expect.stringContaining(details) } } });
  });

  it.each(['last_sec=60', 'from=1&to=2', 'to=2', ''])('takes %s', async (query) => {
    expect((await h.call('GET', `/live_data/weather/nyc?${query}`)).status).toBe(200);
  });
});

describe('search and incentive programs', () => {
  it('tags by category cover every category of /series; sports filters name the sports series', async () => {
    const { series } = await get('/series');
    const { tags_by_categories: tags } = await get('/search/tags_by_categories');
    for (const s of series) if (s.ticker !== 'KXMVECOMBO') expect(Object.keys(tags)).toContain(s.category);
    const { filters_by_sports: filters, sport_ordering: ordering } = await get('/search/filters_by_sport');
    expect(ordering).toEqual(Object.keys(filters).sort());
    expect(ordering.length).toBeGreaterThan(0);
  });

  it('programs name markets that resolve, and their status follows the market window', async () => {
    const { incentive_programs: all, next_cursor } = await get('/incentive_programs?limit=1000');
    expect(next_cursor).toBe('');
    for (const p of all.slice(0, 10)) {
      const { market } = await get(`/markets/${p.market_ticker}`);
      expect(Date.parse(p.start_date)).toBe(Date.parse(market.open_time));
      expect(Date.parse(p.end_date)).toBe(Date.parse(market.close_time));
    }
    const active = (await get('/incentive_programs?status=active&limit=1000')).incentive_programs;
    for (const p of active) {
      expect(Date.parse(p.start_date)).toBeLessThanOrEqual(NOW);
      expect(Date.parse(p.end_date)).toBeGreaterThan(NOW);
    }
    const upcoming = (await get('/incentive_programs?status=upcoming&limit=1000')).incentive_programs;
    for (const p of upcoming) expect(Date.parse(p.start_date)).toBeGreaterThan(NOW);
    expect(active.length + upcoming.length).toBeLessThan(all.length);
  });

  // Spec IncentiveProgram.period_reward: "Total reward for the period in centi-cents"; the mock's programs pay $100 a
  // period (catalog.ts; Kalshi's amounts are not documented): 1,000,000 centi-cents. Both program types are listed,
  // each under its own type filter; target_size_fp (optional in the spec) goes with the liquidity programs.
  it('lists liquidity and volume programs, each under its type, paying $100 a period in centi-cents', async () => {
    const { incentive_programs: all } = await get('/incentive_programs?limit=1000');
    for (const p of all) expect(p.period_reward).toBe(1_000_000);
    for (const type of ['liquidity', 'volume']) {
      const listed = (await get(`/incentive_programs?type=${type}&limit=1000`)).incentive_programs;
      expect(listed.length, type).toBeGreaterThan(0);
      for (const p of listed) expect(p.incentive_type).toBe(type);
    }
  });

  // paid_out: "Whether the incentive has been paid out". The default dataset has settled (finalized) markets and
  // closed ones awaiting settlement (determined).
  it('a program over a settled market is paid_out; over a closed, unsettled one it is closed and not paid', async () => {
    const paid = (await get('/incentive_programs?status=paid_out&limit=1000')).incentive_programs;
    expect(paid.length).toBeGreaterThan(0);
    for (const p of paid) {
      expect(p.paid_out).toBe(true);
      expect((await get(`/markets/${p.market_ticker}`)).market.status).toBe('finalized');
    }
    const closed = (await get('/incentive_programs?status=closed&limit=1000')).incentive_programs;
    expect(closed.length).toBeGreaterThan(0);
    for (const p of closed) {
      expect(p.paid_out).toBe(false);
      expect((await get(`/markets/${p.market_ticker}`)).market.status).not.toBe('finalized');
    }
  });

  // A market trades from its open_time until its close_time (kalshi-api-notes §6.1 lifecycle: "→(close_time)
  // closed"): a program over that window is active from its start instant on and closed from its end instant on.
  it('a program is active from its start date on, and closed from its end date on', async () => {
    const ids = async (status: string) =>
      (await get(`/incentive_programs?status=${status}&limit=1000`)).incentive_programs.map(
        (p: { id: string }) => p.id,
      );
    const [upcoming] = (await get('/incentive_programs?status=upcoming&limit=1000')).incentive_programs;
    h.mock.exchange.advanceTime(Date.parse(upcoming.start_date) - NOW);
    expect(await ids('active')).toContain(upcoming.id);
    h.mock.exchange.advanceTime(Date.parse(upcoming.end_date) - Date.parse(upcoming.start_date));
    expect(await ids('active')).not.toContain(upcoming.id);
    expect(await ids('closed')).toContain(upcoming.id);
  });

  // Spec: status and type "Can be \"all\", … Default is \"all\"": `all` lists what no filter lists.
  it.each(['status=all', 'type=all'])('%s lists every program', async (query) => {
    const { incentive_programs: all } = await get('/incentive_programs?limit=1000');
    expect((await get(`/incentive_programs?${query}&limit=1000`)).incentive_programs).toEqual(all);
  });
});
