import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkDataset, createKalshiMock, DatasetError, type DatasetFile, HOUSE_USER, TEST_USER_ID } from '../../src';
import { loadDatasetFile, startKalshiMockServer } from '../../src/node';
import { harness, order, refusal } from '../helpers';

// Outside tester, round 15 (P-D1 … P-D5, P-D7): dataset files that loadDatasetFile accepted and the mock then served
// wrong or failed on. README: "a file that does not match fails with the file, the record and the field"; the mock
// serves "tickers, trade ids and fixed-point values as captured, the books resting as the house maker's orders".
// kalshi-api-notes §4: response prices carry 4 decimals, counts 2; §6.3: YES ask = 1 − best NO bid.

const NOW = Date.UTC(2026, 11, 1, 15);
const TICKER = 'KXCAP-26DEC31-T4.25';
const WHERE = `shop.json: markets[0] (${TICKER}): field`;

// biome-ignore lint/suspicious/noExplicitAny: a dataset edited freely to break it
type Loose = Record<string, any>;

/** A small dataset in Kalshi's field names, as `kalshi-mock capture` writes it. */
function dataset(change: (d: Loose) => void = () => {}): DatasetFile {
  const d: Loose = {
    format: 'kalshi-mock-dataset',
    version: 1,
    series: [
      {
        ticker: 'KXCAP',
        title: 'C',
        category: 'Economics',
        frequency: 'daily',
        fee_type: 'quadratic',
        fee_multiplier: 1,
      },
    ],
    events: [
      { event_ticker: 'KXCAP-26DEC31', series_ticker: 'KXCAP', title: 'e', sub_title: '', mutually_exclusive: false },
    ],
    markets: [
      {
        ticker: TICKER,
        event_ticker: 'KXCAP-26DEC31',
        title: 'Above 4.25',
        yes_sub_title: 'Above 4.25',
        status: 'active',
        open_time: '2026-11-01T00:00:00Z',
        close_time: '2027-12-31T00:00:00Z',
        last_price_dollars: '0.4300',
        volume_fp: '120.00',
        orderbook: { yes_dollars: [['0.4100', '12.00']], no_dollars: [['0.5500', '7.00']] },
        trades: [
          {
            trade_id: 'b7c3e1a0-1111-4222-8333-944455556666',
            yes_price_dollars: '0.4300',
            count_fp: '2.00',
            taker_side: 'yes',
            created_time: '2026-12-01T14:59:00Z',
          },
          {
            trade_id: 'a1c3e1a0-1111-4222-8333-944455556666',
            yes_price_dollars: '0.4000',
            count_fp: '1.00',
            taker_side: 'no',
            created_time: '2026-12-01T14:58:00Z',
          },
        ],
      },
    ],
  };
  change(d);
  return d as DatasetFile;
}

/** The refusal as every way of loading gives it: checkDataset, createKalshiMock, startKalshiMockServer, a file. */
async function refusedEverywhere(data: DatasetFile, message: string): Promise<void> {
  expect(() => checkDataset(data, 'shop.json')).toThrow(`shop.json: ${message}`);
  expect(() => createKalshiMock({ dataset: data, now: NOW })).toThrow(DatasetError);
  expect(() => createKalshiMock({ dataset: data, now: NOW })).toThrow(`dataset: ${message}`);
  await expect(startKalshiMockServer({ dataset: data, now: NOW })).rejects.toThrow(`dataset: ${message}`);
  const file = join(mkdtempSync(join(tmpdir(), 'kalshi-dataset-')), 'dataset.json');
  writeFileSync(file, JSON.stringify(data));
  await expect(loadDatasetFile(file)).rejects.toThrow(`${file}: ${message}`);
}

const rest = (message: string) => message.slice('shop.json: '.length);

describe('P-D1: a date-time that names no instant is refused at load', () => {
  it.each([
    ['open_time', (d: Loose) => (d.markets[0].open_time = '2026-13-45T00:00:00Z'), `${WHERE} "open_time"`],
    ['close_time on Feb 30', (d: Loose) => (d.markets[0].close_time = '2027-02-30T00:00:00Z'), `${WHERE} "close_time"`],
    [
      "a trade's created_time",
      (d: Loose) => (d.markets[0].trades[1].created_time = '2026-02-30T99:99:99Z'),
      `${WHERE} "trades[1].created_time"`,
    ],
    ['hour 24', (d: Loose) => (d.markets[0].open_time = '2026-11-01T24:00:00Z'), `${WHERE} "open_time"`],
    ['a leap second', (d: Loose) => (d.markets[0].open_time = '2026-12-31T23:59:60Z'), `${WHERE} "open_time"`],
    ['Feb 29 of 2025', (d: Loose) => (d.markets[0].created_time = '2025-02-29T00:00:00Z'), `${WHERE} "created_time"`],
    ['an offset of 24 h', (d: Loose) => (d.markets[0].open_time = '2026-11-01T00:00:00+24:00'), `${WHERE} "open_time"`],
    ['captured_at', (d: Loose) => (d.captured_at = '2026-00-10T00:00:00Z'), 'shop.json: field "captured_at"'],
  ])('%s', async (_name, change, where) => {
    await refusedEverywhere(dataset(change), `${rest(where)} must match format "date-time"`);
  });

  it.each([
    ['year 10000 once offset', '9999-12-31T23:00:00-05:00'],
    ['before 1970', '1969-12-31T23:59:59Z'],
  ])('an instant the exchange cannot store: %s', async (_name, value) => {
    await refusedEverywhere(
      dataset((d) => (d.markets[0].updated_time = value)),
      `${rest(WHERE)} "updated_time": ${value} is not an instant from 1970 through 9999 (UTC)`,
    );
  });

  it('real instants load, and every read that shows them answers 200', async () => {
    const h = await harness({
      now: NOW,
      dataset: dataset((d) => {
        d.markets[0].open_time = '2024-02-29T23:59:59.5+05:30';
        d.markets[0].trades[0].created_time = '2026-12-01t14:59:00z';
      }),
    });
    for (const path of ['/markets', `/markets/${TICKER}`, '/events', '/events/KXCAP-26DEC31', '/series/KXCAP'])
      expect((await h.call('GET', path)).status, path).toBe(200);
    const { market } = (await h.call('GET', `/markets/${TICKER}`)).body;
    expect(market.open_time).toBe('2024-02-29T18:29:59.500Z');
    const { trades } = (await h.call('GET', `/markets/trades?ticker=${TICKER}`)).body;
    expect(trades[0].created_time).toBe('2026-12-01T14:59:00.000Z');
  });
});

describe('P-D2: a dollar value finer than $0.0001 is refused at load, naming the field', () => {
  it.each([
    ['last_price_dollars', (d: Loose) => (d.markets[0].last_price_dollars = '0.123456'), '0.123456'],
    ['trades[0].yes_price_dollars', (d: Loose) => (d.markets[0].trades[0].yes_price_dollars = '0.42005'), '0.42005'],
    ['settlement_value_dollars', (d: Loose) => Object.assign(d.markets[0], fin('0.333333')), '0.333333'],
    [
      'price_ranges[0].step',
      (d: Loose) => (d.markets[0].price_ranges = [{ start: '0.0000', end: '1.0000', step: '0.00016' }]),
      '0.00016',
    ],
    ['orderbook.no_dollars[0][0]', (d: Loose) => (d.markets[0].orderbook.no_dollars[0][0] = '0.550001'), '0.550001'],
  ])('%s', async (field, change, value) => {
    await refusedEverywhere(
      dataset(change),
      `${rest(WHERE)} "${field}": ${value} is not on $0.0001 (Kalshi's prices carry 4 decimals)`,
    );
  });

  it('six decimals on $0.0001 load and are served with four', async () => {
    const h = await harness({
      now: NOW,
      dataset: dataset((d) => {
        d.markets[0].last_price_dollars = '0.430000';
        d.markets[0].trades[0].yes_price_dollars = '0.430000';
      }),
    });
    expect((await h.call('GET', `/markets/${TICKER}`)).body.market.last_price_dollars).toBe('0.4300');
    const { trades } = (await h.call('GET', `/markets/trades?ticker=${TICKER}`)).body;
    expect(trades[0].yes_price_dollars).toBe('0.4300');
  });
});

const fin = (value: string) => ({ status: 'finalized', result: 'scalar', settlement_value_dollars: value });

describe('P-D3: a count the mock cannot hold is refused at load, naming the file, the market and the field', () => {
  const huge = '99999999999999999.00';
  it.each([
    ['orderbook.yes_dollars[0][1]', '0.00', (d: Loose, v: string) => (d.markets[0].orderbook.yes_dollars[0][1] = v)],
    ['orderbook.no_dollars[0][1]', huge, (d: Loose, v: string) => (d.markets[0].orderbook.no_dollars[0][1] = v)],
    ['trades[1].count_fp', '0', (d: Loose, v: string) => (d.markets[0].trades[1].count_fp = v)],
    ['volume_fp', '99999999999999999999.00', (d: Loose, v: string) => (d.markets[0].volume_fp = v)],
    ['open_interest_fp', '9007199254.75', (d: Loose, v: string) => (d.markets[0].open_interest_fp = v)],
  ])('%s %s', async (field, value, change) => {
    await refusedEverywhere(
      dataset((d) => change(d, value)),
      Number(value) === 0
        ? `${rest(WHERE)} "${field}": ${value} is not a count > 0`
        : `${rest(WHERE)} "${field}": ${value} is more than 9007199254.74 contracts, the most the mock counts exactly`,
    );
  });

  it('the largest count loads, and a book deeper than the house usually holds rests as written', async () => {
    const deep: [string, string][] = [['0.4100', '1000000000.00']]; // $410M of YES bids
    const h = await harness({
      now: NOW,
      dataset: dataset((d) => {
        d.markets[0].orderbook.yes_dollars = deep;
        d.markets[0].volume_fp = '9007199254.74';
      }),
    });
    const { orderbook_fp } = (await h.call('GET', `/markets/${TICKER}/orderbook`)).body;
    expect(orderbook_fp).toEqual({ yes_dollars: deep, no_dollars: [['0.5500', '7.00']] });
    expect((await h.call('GET', `/markets/${TICKER}`)).body.market.volume_fp).toBe('9007199254.74');
    // The house's usual cash is left for what else it does: its orders here are not short of any.
    expect(h.mock.exchange.available(HOUSE_USER)).toBeGreaterThan(0);
  });
});

describe('P-D4: a crossed book is refused, in a dataset and by setOrderbook', () => {
  it.each([
    [
      'YES bid 0.60 over a NO bid 0.50 (YES ask 0.50)',
      { yes_dollars: [['0.6000', '10.00']], no_dollars: [['0.5000', '10.00']] },
      'yes_dollars[0] 0.6000 is at or above the YES ask 0.5000 of no_dollars[0] 0.5000 (1 − 0.5000)',
    ],
    [
      'a locked book: YES bid at the YES ask',
      { yes_dollars: [['0.5000', '1.00']], no_dollars: [['0.5000', '1.00']] },
      'yes_dollars[0] 0.5000 is at or above the YES ask 0.5000 of no_dollars[0] 0.5000',
    ],
    [
      'the best levels last, as Kalshi lists them',
      {
        yes_dollars: [
          ['0.4000', '1.00'],
          ['0.5500', '1.00'],
        ],
        no_dollars: [
          ['0.3000', '1.00'],
          ['0.4600', '1.00'],
        ],
      },
      'yes_dollars[1] 0.5500 is at or above the YES ask 0.5400 of no_dollars[1] 0.4600',
    ],
  ])('in a dataset: %s', async (_name, book, message) => {
    await refusedEverywhere(
      dataset((d) => (d.markets[0].orderbook = book)),
      `${rest(WHERE)} "orderbook": ${message}`,
    );
  });

  it('in a dataset, the message says a resting book is never crossed', () => {
    const crossed = dataset((d) => (d.markets[0].orderbook.yes_dollars = [['0.6000', '10.00']]));
    expect(() => checkDataset(crossed, 'shop.json')).toThrow(/the book is crossed, and a resting book never is$/);
  });

  it('a book a tick apart loads and is served as written, both sides', async () => {
    const book = {
      yes_dollars: [
        ['0.4000', '1.00'],
        ['0.5300', '2.00'],
      ],
      no_dollars: [['0.4600', '3.00']],
    };
    const h = await harness({ now: NOW, dataset: dataset((d) => (d.markets[0].orderbook = book)) });
    expect((await h.call('GET', `/markets/${TICKER}/orderbook`)).body.orderbook_fp).toEqual(book);
  });

  it('setOrderbook refuses crossing levels with ControlInputError 400 naming them, before anything changes', async () => {
    const h = await harness({ now: NOW, dataset: dataset() });
    const mine = await h.call('POST', '/portfolio/events/orders', order(TICKER, { price: '0.3000' }));
    expect(mine.status).toBe(201);
    const before = [...h.mock.exchange.book(TICKER).orders()].map((o) => [o.userId, o.side, o.price, o.remainingCount]);
    const error = refusal(() =>
      h.mock.exchange.setOrderbook(TICKER, {
        yes: [
          [400_000, 100],
          [600_000, 100],
        ],
        no: [[500_000, 100]],
      }),
    );
    expect(error).toMatchObject({ field: 'levels', status: 400 });
    expect(error.message).toBe(
      'levels: yes[1] at 600000 is at or above the YES ask of no[0] at 500000 (1000000 − 500000 = 500000): the ' +
        'levels cross, and a resting book never does',
    );
    const after = [...h.mock.exchange.book(TICKER).orders()].map((o) => [o.userId, o.side, o.price, o.remainingCount]);
    expect(after).toEqual(before);
    expect(after).toContainEqual([TEST_USER_ID, 'bid', 300_000, 100]);
    // One tick apart rests both sides.
    h.mock.exchange.setOrderbook(TICKER, { yes: [[490_000, 100]], no: [[500_000, 100]] });
    expect(h.mock.exchange.book(TICKER).best('yes')).toEqual([490_000, 100]);
    expect(h.mock.exchange.book(TICKER).best('no')).toEqual([500_000, 100]);
  });
});

// V4's observation (round 15): a price given twice on one side was merged into one level, which could then hold more
// than a level's most. Kalshi's books show each price once, the orders there summed (kalshi-api-notes §6.3 lists
// sorted [price, count] levels; that a price never repeats is our reading of that aggregation).
describe('a price twice on one side of a book is refused, in a dataset and by setOrderbook', () => {
  it.each([
    [
      'yes_dollars',
      [
        ['0.4100', '1.00'],
        ['0.4200', '2.00'],
        ['0.42', '3.00'],
      ],
      '"orderbook.yes_dollars[2][0]": 0.42 is also the price of yes_dollars[1]: a book has one level per price',
    ],
    [
      'no_dollars',
      [
        ['0.5500', '7.00'],
        ['0.5500', '7.00'],
      ],
      '"orderbook.no_dollars[1][0]": 0.5500 is also the price of no_dollars[0]: a book has one level per price',
    ],
  ])('in a dataset: %s', async (side, levels, message) => {
    await refusedEverywhere(
      dataset((d) => (d.markets[0].orderbook[side] = levels)),
      `${rest(WHERE)} ${message}`,
    );
  });

  it('setOrderbook refuses it with ControlInputError 400 naming the level, before anything changes', async () => {
    const h = await harness({ now: NOW, dataset: dataset() });
    const before = [...h.mock.exchange.book(TICKER).orders()].map((o) => [o.side, o.price, o.remainingCount]);
    const error = refusal(() =>
      h.mock.exchange.setOrderbook(TICKER, {
        no: [
          [300_000, 100],
          [300_000, 200],
        ],
      }),
    );
    expect(error).toMatchObject({ field: 'no[1]', status: 400 });
    expect(error.message).toBe('no[1]: price 300000 is also the price of no[0]: a book has one level per price');
    expect([...h.mock.exchange.book(TICKER).orders()].map((o) => [o.side, o.price, o.remainingCount])).toEqual(before);
  });
});

// Round 15 verifier V4-D1: a paused (inactive) market's captured book loaded as an empty book, without a word: the
// loader rested books on active markets only. kalshi-api-notes §5.16: resting orders stay through a pause; a market not
// open yet has none, and a closed one's are canceled.
describe('V4-D1: the books a market of each status holds', () => {
  it('a paused market’s book rests as written, the market still paused', async () => {
    const h = await harness({ now: NOW, dataset: dataset((d) => (d.markets[0].status = 'inactive')) });
    expect((await h.call('GET', `/markets/${TICKER}`)).body.market.status).toBe('inactive');
    expect((await h.call('GET', `/markets/${TICKER}/orderbook`)).body.orderbook_fp).toEqual({
      yes_dollars: [['0.4100', '12.00']],
      no_dollars: [['0.5500', '7.00']],
    });
  });

  it.each(['initialized', 'closed'])('a book on a market %s is refused, naming it', async (status) => {
    await refusedEverywhere(
      dataset((d) => {
        d.markets[0].status = status;
        if (status === 'initialized') d.markets[0].open_time = '2026-12-31T00:00:00Z';
      }),
      `${rest(WHERE)} "orderbook": a market ${status} has no resting orders (only an active or inactive one does)`,
    );
  });

  it('an empty book on a closed market loads', () => {
    expect(() =>
      createKalshiMock({
        now: NOW,
        dataset: dataset((d) => {
          d.markets[0].status = 'closed';
          d.markets[0].orderbook = { yes_dollars: [], no_dollars: [] };
        }),
      }),
    ).not.toThrow();
  });
});

describe('P-D5: a name given twice is refused, naming both records', () => {
  const second = (d: Loose, fields: Loose) => {
    d.markets.push({ ...structuredClone(d.markets[0]), trades: [], ...fields });
  };
  it.each([
    [
      'a market ticker',
      (d: Loose) => second(d, { title: 'second copy' }),
      `markets[1] (${TICKER}): field "ticker": "${TICKER}" is also the market ticker of markets[0] (${TICKER})`,
    ],
    [
      'a series ticker',
      (d: Loose) => d.series.push({ ...d.series[0], title: 'again' }),
      'series[1] (KXCAP): field "ticker": "KXCAP" is also the series ticker of series[0] (KXCAP)',
    ],
    [
      'an event ticker',
      (d: Loose) => d.events.push({ ...d.events[0], title: 'again' }),
      'events[1] (KXCAP-26DEC31): field "event_ticker": "KXCAP-26DEC31" is also the event ticker of events[0] (KXCAP-26DEC31)',
    ],
    [
      "a trade id in another market's trades",
      (d: Loose) => second(d, { ticker: 'KXCAP-26DEC31-T5', trades: [d.markets[0].trades[1]] }),
      'markets[1] (KXCAP-26DEC31-T5): field "trades[0].trade_id": "a1c3e1a0-1111-4222-8333-944455556666" is also ' +
        `the trade id of markets[0] (${TICKER}) trades[1]`,
    ],
    [
      "a trade id in the market's own trades",
      (d: Loose) => d.markets[0].trades.push({ ...d.markets[0].trades[0] }),
      `markets[0] (${TICKER}): field "trades[2].trade_id": "b7c3e1a0-1111-4222-8333-944455556666" is also the ` +
        `trade id of markets[0] (${TICKER}) trades[0]`,
    ],
    [
      'a market id',
      (d: Loose) => {
        d.markets[0].id = '3f6c1d2e-8a4b-4c5d-9e6f-7a8b9c0d1e2f';
        second(d, { ticker: 'KXCAP-26DEC31-T5' });
      },
      'markets[1] (KXCAP-26DEC31-T5): field "id": "3f6c1d2e-8a4b-4c5d-9e6f-7a8b9c0d1e2f" is also the market id of ' +
        `markets[0] (${TICKER})`,
    ],
  ])('%s', async (_name, change, message) => {
    await refusedEverywhere(dataset(change), message);
    expect(() => checkDataset(dataset(change), 'shop.json')).toThrow(new DatasetError(`shop.json: ${message}`));
  });
});

describe('P-D6: trades of the same time are served in the order of the file', () => {
  it('newest first, as captured, and again after reset', async () => {
    const ids = ['c', 'b', 'a'].map((x) => `${x}${x}${x}${x}${x}${x}${x}${x}-0000-4000-8000-000000000001`);
    const h = await harness({
      now: NOW,
      dataset: dataset((d) => {
        d.markets[0].trades = ids.map((trade_id, i) => ({
          trade_id,
          yes_price_dollars: '0.4300',
          count_fp: `${i + 1}.00`,
          taker_side: 'yes',
          created_time: '2026-12-01T14:59:00.123Z', // one taker order sweeping three resting ones
        }));
      }),
    });
    const served = async () =>
      (await h.call('GET', `/markets/trades?ticker=${TICKER}`)).body.trades.map((t: Loose) => t.trade_id);
    expect(await served()).toEqual(ids);
    // Paged one by one, the cursor walks the same order.
    const first = (await h.call('GET', `/markets/trades?ticker=${TICKER}&limit=1`)).body;
    const next = (await h.call('GET', `/markets/trades?ticker=${TICKER}&limit=2&cursor=${first.cursor}`)).body;
    expect([...first.trades, ...next.trades].map((t: Loose) => t.trade_id)).toEqual(ids);
    h.mock.exchange.reset();
    expect(await served()).toEqual(ids);
  });
});

describe('P-D7: open interest, listing and update times and block trades are served as captured', () => {
  const captured = (d: Loose) => {
    Object.assign(d.markets[0], {
      open_interest_fp: '42.00',
      created_time: '2026-10-30T12:00:00Z',
      updated_time: '2026-12-01T14:59:00Z',
    });
    d.markets[0].trades[1].is_block_trade = true;
  };

  it('serves them', async () => {
    const h = await harness({ now: NOW, dataset: dataset(captured) });
    const { market } = (await h.call('GET', `/markets/${TICKER}`)).body;
    expect(market).toMatchObject({
      open_interest_fp: '42.00',
      volume_fp: '120.00',
      created_time: '2026-10-30T12:00:00.000Z',
      updated_time: '2026-12-01T14:59:00.000Z',
      open_time: '2026-11-01T00:00:00.000Z',
    });
    const { trades } = (await h.call('GET', `/markets/trades?ticker=${TICKER}`)).body;
    expect(trades.map((t: Loose) => t.is_block_trade)).toEqual([false, true]);
  });

  it("counts the mock's own trades on top, in the market and its candlesticks", async () => {
    const h = await harness({ now: NOW, dataset: dataset(captured) });
    // Buys 2 YES from the house's NO bid at 0.55 (YES ask 0.45): 2 more contracts held.
    const taker = await h.call('POST', '/portfolio/events/orders', order(TICKER, { price: '0.4500', count: '2' }));
    expect(taker.status).toBe(201);
    expect((await h.call('GET', `/markets/${TICKER}`)).body.market.open_interest_fp).toBe('44.00');
    const start = Date.UTC(2026, 11, 1, 14) / 1000;
    const { candlesticks } = (
      await h.call(
        'GET',
        `/series/KXCAP/markets/${TICKER}/candlesticks?start_ts=${start}&end_ts=${NOW / 1000}&period_interval=1`,
      )
    ).body;
    const at = (minute: number) =>
      candlesticks.find((c: Loose) => c.end_period_ts === Date.UTC(2026, 11, 1, 14, minute) / 1000)?.open_interest_fp;
    // After the newest captured trade (14:59) the captured open interest; after the mock's trade (15:00) 2 more.
    expect(at(59)).toBe('42.00');
    expect(at(60)).toBe('44.00');
  });

  it('a file without them serves 0 and the open time, as before', async () => {
    const h = await harness({ now: NOW, dataset: dataset() });
    const { market } = (await h.call('GET', `/markets/${TICKER}`)).body;
    expect(market).toMatchObject({
      open_interest_fp: '0.00',
      created_time: '2026-11-01T00:00:00.000Z',
      updated_time: '2026-11-01T00:00:00.000Z',
    });
  });
});
