import { beforeAll, describe, expect, it } from 'vitest';
import { type Harness, harness, order } from '../helpers';

// Spec 3.31.0 GetMarkets: "Timestamp filters will be mutually exclusive from other timestamp filters and certain status
// filters": created ↔ unopened/open/none, close ↔ closed/none, settled ↔ settled/none, updated ↔ none, and updated
// takes no other filter but mve_filter=exclude (series_ticker only with it). Kalshi's error body for a refused
// combination is not recorded (kalshi-api-notes §6.1 is silent): a 400 is what the mock promises.
let h: Harness;
beforeAll(async () => {
  h = await harness({ seed: 3 });
});
const status = async (query: string) => (await h.call('GET', `/markets?${query}`)).status;

describe('GET /markets filter combinations', () => {
  it.each([
    'min_created_ts=1&status=open',
    'max_created_ts=4000000000&status=unopened',
    'min_close_ts=1&status=closed',
    'min_settled_ts=1&status=settled',
    'min_updated_ts=1',
    'min_updated_ts=1&mve_filter=exclude',
    'min_updated_ts=1&series_ticker=KXFED&mve_filter=exclude',
    'status=open&event_ticker=KXFED-26JUN',
    // series_ticker is a plain Go string (spec: x-go-type-skip-optional-pointer): sent empty it is not sent, as
    // `event_ticker=` is, so it asks for no mve_filter (the notes are silent on empty values).
    'min_updated_ts=1&series_ticker=',
  ])('takes %s', async (query) => {
    expect(await status(query)).toBe(200);
  });

  it.each([
    'min_created_ts=1&min_close_ts=1',
    'max_close_ts=1&max_settled_ts=1',
    'status=open&min_close_ts=1',
    'status=closed&min_created_ts=1',
    'status=open&min_settled_ts=1',
    'status=open&min_updated_ts=1',
    'min_updated_ts=1&event_ticker=KXFED-26JUN',
    'min_updated_ts=1&tickers=A,B',
    'min_updated_ts=1&series_ticker=KXFED',
    'min_updated_ts=1&mve_filter=only',
  ])('refuses %s with 400 invalid_parameters', async (query) => {
    expect((await h.call('GET', `/markets?${query}`)).body).toMatchObject({
      error: { code: 'invalid_parameters', details: expect.stringContaining('timestamp filters') },
    });
    expect(await status(query)).toBe(400);
  });

  // Spec GetMarkets: "Only one `status` filter may be supplied at a time" (notes §6.1: "Only one status per request");
  // event_ticker: "Only a single event ticker is supported." A second value must not be dropped in silence: the page
  // would hold only the first value's markets. The gateway's bare msg, as for other refused parameters (notes §3.1).
  it.each(['status=open&status=settled', 'event_ticker=KXFED-26JUN&event_ticker=KXHIGHNY-26DEC01'])(
    'refuses %s, a single-value filter sent twice, with 400 naming it',
    async (query) => {
      const { status: code, body } = await h.call('GET', `/markets?${query}`);
      expect(code).toBe(400);
      expect(body.msg).toContain(query.split('=')[0]);
    },
  );
});

// Spec 3.31.0: Market.updated_time is "the last non-trading metadata update" and min_updated_ts "tracks non-trading
// changes only"; GET /events and GET /series filter on min_updated_ts ("metadata updated after"), and EventData and
// Series carry last_updated_ts. The mock's events and series change only through their markets (listing, status).
describe('metadata update times', () => {
  const T0 = Date.UTC(2026, 11, 1, 12);
  const HOUR = 3_600_000;
  const seconds = (ms: number) => Math.floor(ms / 1000);

  it('a trade moves neither updated_time nor what min_updated_ts selects; a status change moves both', async () => {
    const t = await harness({ seed: 3, now: T0 });
    const ticker = [...t.mock.exchange.markets.values()].find((m) => m.status === 'active')!.ticker;
    t.mock.exchange.advanceTime(HOUR);
    const taken = await t.call('POST', '/portfolio/events/orders', {
      ...order(ticker, { price: '0.9900', count: '1' }),
      time_in_force: 'immediate_or_cancel',
    });
    expect(taken.body.fill_count).toBe('1.00');
    expect((await t.call('GET', `/markets/${ticker}`)).body.market.updated_time).toBe(new Date(T0).toISOString());
    const since = `min_updated_ts=${seconds(T0 + HOUR / 2)}&mve_filter=exclude&limit=1000`;
    // The dataset's determined markets settle at T0 + 1 h (their timer runs from the listing): they are listed too.
    const updated = async () =>
      new Map(
        (await t.call('GET', `/markets?${since}`)).body.markets.map((m: { ticker: string; updated_time: string }) => [
          m.ticker,
          m.updated_time,
        ]),
      );
    expect((await updated()).has(ticker)).toBe(false);
    t.mock.exchange.advanceTime(HOUR);
    t.mock.exchange.setMarketStatus(ticker, 'inactive');
    expect((await updated()).get(ticker)).toBe(new Date(T0 + 2 * HOUR).toISOString());
  });

  it('GET /events and GET /series honour min_updated_ts and carry last_updated_ts', async () => {
    const t = await harness({ seed: 3, now: T0 });
    const { events } = (await t.call('GET', '/events')).body;
    const { series } = (await t.call('GET', '/series')).body;
    expect(events.length).toBeGreaterThan(1);
    // The collections' series has no events until a combo is created: no update time then.
    const listed = series.filter((s: { ticker: string }) => s.ticker !== 'KXMVECOMBO');
    for (const e of [...events, ...listed]) expect(e.last_updated_ts).toBe(new Date(T0).toISOString());
    const later = `min_updated_ts=${seconds(T0 + HOUR)}`;
    expect((await t.call('GET', `/events?${later}`)).body.events).toEqual([]);
    expect((await t.call('GET', `/series?${later}`)).body.series).toEqual([]);
    t.mock.exchange.advanceTime(2 * HOUR);
    const ticker = [...t.mock.exchange.markets.values()].find((m) => m.status === 'active')!.ticker;
    t.mock.exchange.determineMarket(ticker, 'yes');
    const market = t.mock.exchange.market(ticker);
    const event = t.mock.exchange.events.get(market.eventTicker)!;
    const changed = (await t.call('GET', `/events?${later}`)).body.events;
    expect(changed.map((e: { event_ticker: string }) => e.event_ticker)).toEqual([event.eventTicker]);
    expect(changed[0].last_updated_ts).toBe(new Date(T0 + 2 * HOUR).toISOString());
    const changedSeries = (await t.call('GET', `/series?${later}`)).body.series;
    expect(changedSeries.map((s: { ticker: string }) => s.ticker)).toEqual([event.seriesTicker]);
  });
});

// kalshi-api-notes §6.2: "`GET /events` default & max 200" (markets, orders, fills … default to 100).
describe('GET /events page size', () => {
  it('serves 200 events when no limit is given, and refuses a limit above 200', async () => {
    const events = await harness({ empty: true });
    for (let i = 0; i < 201; i++) events.mock.exchange.addMarket({ ticker: `KXPAGE-E${i}-T1` });
    const first = await events.call('GET', '/events', undefined, false);
    expect(first.body.events).toHaveLength(200);
    const rest = await events.call('GET', `/events?cursor=${first.body.cursor}`, undefined, false);
    expect(rest.body).toMatchObject({ events: [{ event_ticker: 'KXPAGE-E200' }], cursor: '' });
    expect(await events.call('GET', '/events?limit=201', undefined, false)).toMatchObject({
      status: 400,
      body: { msg: expect.stringContaining('GetEvents') },
    });
  });
});

// kalshi-api-notes §6.1: filter → response status "unopened→initialized, open→active, paused→inactive, closed→any past
// close not finalized, settled→finalized" (recorded on demo: `closed` returned `determined` and `closed` markets).
describe('GET /markets?status= maps each filter to the statuses Kalshi returns', () => {
  it.each([
    ['unopened', ['KXST-26DEC01-INIT']],
    ['open', ['KXST-26DEC01-ACT']],
    ['paused', ['KXST-26DEC01-INACT']],
    ['closed', ['KXST-26DEC01-CLOSED', 'KXST-26DEC01-DET']],
    ['settled', ['KXST-26DEC01-FIN']],
  ])('status=%s', async (filter, tickers) => {
    const now = Date.UTC(2026, 11, 1);
    const m = await harness({ empty: true, now });
    const day = 86_400_000;
    const add = (ticker: string, fields: Record<string, unknown>) => m.mock.exchange.addMarket({ ticker, ...fields });
    add('KXST-26DEC01-INIT', { status: 'initialized', openTime: now + day, closeTime: now + 2 * day });
    add('KXST-26DEC01-ACT', {});
    add('KXST-26DEC01-INACT', {});
    m.mock.exchange.setMarketStatus('KXST-26DEC01-INACT', 'inactive');
    add('KXST-26DEC01-CLOSED', {});
    m.mock.exchange.setMarketStatus('KXST-26DEC01-CLOSED', 'closed');
    add('KXST-26DEC01-DET', {});
    m.mock.exchange.determineMarket('KXST-26DEC01-DET', 'yes');
    add('KXST-26DEC01-FIN', {});
    m.mock.exchange.settleMarket('KXST-26DEC01-FIN', 'no');
    const { body } = await m.call('GET', `/markets?status=${filter}`, undefined, false);
    expect(body.markets.map((market: { ticker: string }) => market.ticker).sort()).toEqual(tickers);
  });
});
