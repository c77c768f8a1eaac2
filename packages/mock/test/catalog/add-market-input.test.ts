import { expect, it } from 'vitest';
import { ControlInputError, createKalshiMock } from '../../src';
import { harness, order } from '../helpers';

// `exchange.addMarket` is the mock's own API (the notes are silent on it). Input that would list a market the REST
// API and the stream could not serve (an empty ticker no `/markets/{ticker}` reaches, a status outside Kalshi's
// MarketStatus, a time that is not a number, a price grid that is not one) or that would replace a listed market
// (and orphan its book and orders) is refused when it is given, with the ControlInputError that faults.add and the
// control routes use, naming the field.
const TICKER = 'KXADD-26JUN30-T1';

function refusal(
  market: Record<string, unknown> | undefined,
  setup?: (m: ReturnType<typeof createKalshiMock>) => void,
) {
  const mock = createKalshiMock({ seed: 1 });
  setup?.(mock);
  const markets = mock.exchange.markets.size;
  try {
    // biome-ignore lint/suspicious/noExplicitAny: input as JavaScript or JSON could send it
    mock.exchange.addMarket(market as any);
  } catch (error) {
    expect(error).toBeInstanceOf(ControlInputError);
    expect(mock.exchange.markets.size).toBe(markets);
    return error as ControlInputError;
  }
  throw new Error(`addMarket(${JSON.stringify(market)}) did not throw`);
}

it.each([
  [{ ticker: '' }, 'ticker', /is empty/],
  [{ ticker: '   ' }, 'ticker', /is empty/],
  [{ ticker: ' KXA-1 ' }, 'ticker', /whitespace/],
  [{ ticker: 'KX/A' }, 'ticker', /"\/"/],
  [{ ticker: 42 }, 'ticker', /must be a string/],
  [{ ticker: TICKER, status: 'open' }, 'status', /"open" is not one of initialized, inactive, active/],
  [{ ticker: TICKER, eventTicker: '' }, 'eventTicker', /is empty/],
  [{ ticker: TICKER, closeTime: Number.NaN }, 'closeTime', /whole number of ms/],
  [{ ticker: TICKER, openTime: '2026-01-01' }, 'openTime', /whole number of ms/],
  [{ ticker: TICKER, tick: 0 }, 'tick', /positive whole number of micro-dollars that divides 1,000,000/],
  [{ ticker: TICKER, tick: 30_000 }, 'tick', /divides/],
  [{ ticker: TICKER, priceRanges: [] }, 'priceRanges', /has no range/],
  [
    { ticker: TICKER, priceLevelStructure: 'no_such_structure' },
    'priceLevelStructure',
    /"no_such_structure" is not one of linear_cent, deci_cent, tapered_deci_cent \(or give priceRanges\)/,
  ],
  [{ ticker: TICKER, priceLevelStructure: 'deci_cent', tick: 10_000 }, 'tick', /10000 is not deci_cent's step/],
  [{ ticker: TICKER, result: 'maybe' }, 'result', /"maybe" is not one of/],
  [{ ticker: TICKER, volume: -1 }, 'volume', /whole number ≥ 0/],
  [{ ticker: TICKER, lastPrice: 2_000_000 }, 'lastPrice', /0 to 1,000,000/],
  [{ ticker: TICKER, title: null }, 'title', /must be a string/],
  [{ ticker: TICKER, settlementTimerSeconds: -5 }, 'settlementTimerSeconds', /whole number ≥ 0/],
  // Round 32 (a new user): a key addMarket does not take was dropped and its default used — Kalshi's wire name
  // `close_time` listed a market closing in 30 days, not when the test said — and no market threw a TypeError.
  [{ ticker: TICKER, close_time: 1 }, 'close_time', /^close_time: is not an option; did you mean "closeTime"\?$/],
  [{ ticker: TICKER, yes_bid: 400_000 }, 'yes_bid', /^yes_bid: is not an option \(it takes ticker, id, eventTicker, /],
  [undefined, 'market', /^market: must be an object such as \{ ticker \}, got undefined$/],
])('refuses %j naming %s', (market, field, message) => {
  const error = refusal(market);
  expect(error.field).toBe(field);
  expect(error.message).toMatch(message);
});

// Outside tester V-D1: `addMarket({ status: 'active', result: 'yes' })` was listed, took orders, and could then be
// neither determined nor closed (409 "already determined"); `status: 'determined'` or `'finalized'` without a result
// never settled. Kalshi's lifecycle (kalshi-api-notes §6.1): initialized → active ↔ inactive → closed → determined
// (result set) → finalized, so a market has a result exactly when it is determined or finalized; a scalar one comes
// with its settlement value, as determineMarket requires it (on $0.0001).
it.each([
  [
    { ticker: TICKER, result: 'yes' },
    'result',
    /"yes" with status "active": a market has a result only once determined/,
  ],
  [{ ticker: TICKER, status: 'active', result: 'no' }, 'result', /"no" with status "active"/],
  [{ ticker: TICKER, status: 'inactive', result: 'yes' }, 'result', /"yes" with status "inactive"/],
  [{ ticker: TICKER, status: 'initialized', result: 'no' }, 'result', /"no" with status "initialized"/],
  [{ ticker: TICKER, status: 'closed', result: 'yes' }, 'result', /"yes" with status "closed"/],
  [{ ticker: TICKER, status: 'determined' }, 'result', /is required with status "determined"/],
  [{ ticker: TICKER, status: 'determined', result: '' }, 'result', /is required with status "determined"/],
  [{ ticker: TICKER, status: 'finalized' }, 'result', /is required with status "finalized"/],
  [{ ticker: TICKER, status: 'determined', result: 'scalar' }, 'settlementValue', /required with result "scalar"/],
  [
    { ticker: TICKER, status: 'finalized', result: 'scalar', settlementValue: 250_050 },
    'settlementValue',
    /250050 is not on \$0.0001/,
  ],
])('refuses a result its status cannot have: %j, naming %s', (market, field, message) => {
  const error = refusal(market);
  expect(error.field).toBe(field);
  expect(error.message).toMatch(message);
  expect(error.status).toBe(400);
});

it('lists a determined or finalized market with its result', () => {
  const mock = createKalshiMock({ seed: 1 });
  expect(mock.exchange.addMarket({ ticker: `${TICKER}D`, status: 'determined', result: 'yes' }).result).toBe('yes');
  const scalar = { ticker: `${TICKER}S`, status: 'finalized', result: 'scalar', settlementValue: 250_000 } as const;
  expect(mock.exchange.addMarket(scalar)).toMatchObject({ status: 'finalized', settlementValue: 250_000 });
  expect(mock.exchange.addMarket({ ticker: `${TICKER}C`, status: 'closed', result: '' }).status).toBe('closed');
});

it('refuses a ticker that is already listed, leaving the listed market as it was', () => {
  let listed: unknown;
  const error = refusal({ ticker: TICKER, title: 'second' }, (mock) => {
    listed = mock.exchange.addMarket({ ticker: TICKER, title: 'first' });
  });
  expect(error.field).toBe('ticker');
  expect(error.message).toMatch(`"${TICKER}" is already listed`);
  expect((listed as { title: string }).title).toBe('first');
});

it('still lists a market from a ticker alone, and with every field valid', () => {
  const mock = createKalshiMock({ seed: 1 });
  expect(mock.exchange.addMarket({ ticker: TICKER }).status).toBe('active');
  const full = mock.exchange.addMarket({
    ticker: `${TICKER}5`,
    eventTicker: 'KXADD-26JUN30',
    status: 'initialized',
    openTime: 0,
    closeTime: 1,
    tick: 1_000,
    result: '',
    lastPrice: 0,
    volume: 0,
  });
  expect(mock.exchange.markets.get(full.ticker)).toBe(full);
});

// Round 19 trial, D5: a market listed with a structure's name served that name with another grid's ranges, and took
// prices on that other grid. Kalshi's grids (kalshi-api-notes §5): linear_cent 0–1 step 0.01; deci_cent 0–1 step
// 0.001; tapered_deci_cent 0.001 below 0.10 and above 0.90, 0.01 between. What GET /markets/{ticker} says is the grid
// orders are checked against. A tick alone with a step Kalshi names none for is `custom` (the notes are silent).
it.each([
  [{ priceLevelStructure: 'deci_cent' }, 'deci_cent', [['0.0000', '1.0000', '0.0010']], '0.0050', '0.0055'],
  [{ tick: 1_000 }, 'deci_cent', [['0.0000', '1.0000', '0.0010']], '0.0050', '0.0055'],
  [{ tick: 10_000 }, 'linear_cent', [['0.0000', '1.0000', '0.0100']], '0.0200', '0.0050'],
  [{ tick: 50_000 }, 'custom', [['0.0000', '1.0000', '0.0500']], '0.1500', '0.1200'],
  [
    { priceLevelStructure: 'tapered_deci_cent' },
    'tapered_deci_cent',
    [
      ['0.0000', '0.1000', '0.0010'],
      ['0.1000', '0.9000', '0.0100'],
      ['0.9000', '1.0000', '0.0010'],
    ],
    '0.0050',
    '0.5050',
  ],
])(
  'a market listed with %j serves %s and its ranges, and takes prices on them',
  async (grid, name, ranges, on, off) => {
    const { mock, call } = await harness({ seed: 1 });
    mock.exchange.addMarket({ ticker: TICKER, ...grid });
    const { body } = await call('GET', `/markets/${TICKER}`);
    expect(body.market.price_level_structure).toBe(name);
    expect(body.market.price_ranges.map((r: Record<string, string>) => [r.start, r.end, r.step])).toEqual(ranges);
    expect((await call('POST', '/portfolio/events/orders', order(TICKER, { price: on }))).status).toBe(201);
    const refused = await call('POST', '/portfolio/events/orders', order(TICKER, { price: off }));
    expect([refused.status, refused.body.error?.code ?? refused.body.code]).toEqual([400, 'invalid_price']);
  },
);
