import { beforeEach, describe, expect, it } from 'vitest';
import { createKalshiMock, HOUSE_USER, type KalshiMock, TEST_USER_ID } from '../../src';
import { refusal } from '../helpers';

// The exchange's control methods in process (`kalshi.exchange.*`) refuse input the REST API and the stream could not
// serve later, when it is given, with the ControlInputError `faults.add`, `addMarket` and the control routes use: its
// `field` names the argument, its message the value and what is valid. The notes are silent (the mock's own API); the
// values come from the spec (MarketStatus: initialized, inactive, active, closed, determined, finalized, as
// market-input.ts) and the engine's units (micro-dollars, centi-contracts, Unix ms). Outside testing (E-D7, E-D8):
// `setBalance(user, 'x')` was accepted and broke GET /portfolio/balance later; `setMarketStatus(t, 'open')` served a
// status outside the enum; an unknown ticker threw an ExchangeError whose message was a JSON body without the ticker;
// other mistakes were TypeError or RangeError.

let kalshi: KalshiMock;
let ticker: string;
beforeEach(() => {
  kalshi = createKalshiMock({ seed: 4, now: Date.UTC(2026, 5, 1) });
  ticker = [...kalshi.exchange.markets.values()].find((m) => m.status === 'active')!.ticker;
});

describe('exchange control methods refuse bad input, naming the field', () => {
  // biome-ignore lint/suspicious/noExplicitAny: misuse from JavaScript, as a caller without types would
  const ex = () => kalshi.exchange as any;
  it.each([
    ['setBalance cash "x"', () => ex().setBalance(TEST_USER_ID, 'x'), 'cash', /^cash: "x" is not a whole number/],
    ['setBalance cash NaN', () => ex().setBalance(TEST_USER_ID, Number.NaN), 'cash', /^cash: NaN is not/],
    ['setBalance cash -1', () => ex().setBalance(TEST_USER_ID, -1), 'cash', /^cash: -1 is not/],
    ['setBalance cash 1.5', () => ex().setBalance(TEST_USER_ID, 1.5), 'cash', /^cash: 1.5 is not/],
    ['setBalance userId ""', () => ex().setBalance('', 5), 'userId', /^userId: is empty/],
    ['setOpeningBalance cash "x"', () => ex().setOpeningBalance(TEST_USER_ID, 'x'), 'cash', /^cash:/],
    // A bigint (typed number, so JS-only): the refusal names the argument; it was a TypeError from JSON.stringify in the
    // message formatter (tester R, round 26).
    ['setBalance cash 5n', () => ex().setBalance(TEST_USER_ID, 5n), 'cash', /^cash: 5n \(a bigint\) is not a whole/],
    ['setOpeningBalance cash 5n', () => ex().setOpeningBalance(TEST_USER_ID, 5n), 'cash', /^cash: 5n/],
    ['advanceTime ms 5n', () => ex().advanceTime(5n), 'advanceMs', /^advanceMs: 5n \(a bigint\)/],
    ['setMarketStatus 5n', () => ex().setMarketStatus(ticker, 5n), 'status', /^status: 5n/],
    ['settleMarket result 5n', () => ex().settleMarket(ticker, 5n), 'result', /^result: 5n/],
    ['setBalance userId 5n', () => ex().setBalance(5n, 100), 'userId', /^userId: must be a string, got 5n/],
    ['setBalance cash { n: 5n }', () => ex().setBalance(TEST_USER_ID, { n: 5n }), 'cash', /^cash: \[object Object\]/],
    // Round 25 (V's D6): direct members' balances carry $0.0001 precision (kalshi-api-notes §4).
    [
      'setBalance cash off the $0.0001 grid',
      () => ex().setBalance(TEST_USER_ID, 1_234_567),
      'cash',
      /^cash: 1234567 is not on \$0\.0001/,
    ],
    [
      'setOpeningBalance cash off the $0.0001 grid',
      () => ex().setOpeningBalance(TEST_USER_ID, 50),
      'cash',
      /^cash: 50 /,
    ],
    [
      'setMarketStatus "open"',
      () => ex().setMarketStatus(ticker, 'open'),
      'status',
      /^status: "open" is not one of initialized, inactive, active, closed, determined, finalized$/,
    ],
    ['determineMarket result "maybe"', () => ex().determineMarket(ticker, 'maybe'), 'result', /^result: "maybe"/],
    ['settleMarket result 7', () => ex().settleMarket(ticker, 7), 'result', /^result: 7/],
    [
      'determineMarket scalar without a value',
      () => ex().determineMarket(ticker, 'scalar'),
      'settlementValueDollars',
      /^settlementValueDollars: required/,
    ],
    [
      'determineMarket settleAfterMs -1',
      () => ex().determineMarket(ticker, 'yes', { settleAfterMs: -1 }),
      'settleAfterMs',
      /-1/,
    ],
    ['setOrderbook levels "x"', () => ex().setOrderbook(ticker, 'x'), 'levels', /^levels: must be/],
    ['setOrderbook yes "x"', () => ex().setOrderbook(ticker, { yes: 'x' }), 'yes', /^yes: must be an array/],
    [
      'setOrderbook a price in dollars',
      () => ex().setOrderbook(ticker, { yes: [[0.5, 100]] }),
      'yes[0]',
      /^yes\[0\]: price 0.5 is not a price in micro-dollars/,
    ],
    ['setOrderbook a count of 0', () => ex().setOrderbook(ticker, { no: [[400_000, 0]] }), 'no[0]', /count 0/],
    ['pause kind "bogus"', () => ex().pause({ kind: 'bogus' }), 'kind', /^kind: must be trading or exchange/],
    ['pause without options', () => ex().pause(), 'kind', /^kind:/],
    ['pause resumeAt "x"', () => ex().pause({ kind: 'trading', resumeAt: 'x' }), 'resumeAt', /^resumeAt:/],
    ['advanceTime -1', () => ex().advanceTime(-1), 'advanceMs', /^advanceMs: -1 is not/],
    ['advanceTime "x"', () => ex().advanceTime('x'), 'advanceMs', /^advanceMs: "x" is not/],
    ['schedule at "x"', () => ex().schedule('x', () => {}), 'at', /^at: "x" is not/],
    ['schedule at NaN', () => ex().schedule(Number.NaN, () => {}), 'at', /^at: NaN is not/],
    ['schedule run 5', () => ex().schedule(0, 5), 'run', /^run: must be a function/],
    ['addApiKey keyId ""', () => ex().addApiKey({ keyId: '', publicKeyPem: 'x' }), 'keyId', /^keyId: is empty/],
    [
      'addApiKey publicKeyPem "x"',
      () => ex().addApiKey({ keyId: 'k-1', publicKeyPem: 'x' }),
      'publicKeyPem',
      /^publicKeyPem: must be an RSA or Ed25519 public key in PEM format/,
    ],
    ['addApiKey without a key', () => ex().addApiKey(), 'key', /^key: must be/],
  ])('%s', (_name, run, field, message) => {
    const error = refusal(run);
    expect(error.field).toBe(field);
    expect(error.message).toMatch(message);
    expect(error.status).toBe(400);
  });

  // Outside testing (round 22, A7): `{ yes_dollars }` and `{ bids }` were read as an empty book, canceling every
  // resting order in the market, the user's too. `{}` stays an empty book (the README: "replaces the whole book").
  it.each([
    [{ yes_dollars: [['0.40', '10']] }, 'levels.yes_dollars', ' (it takes yes, no)'],
    [{ bids: [[400_000, 1_000]] }, 'levels.bids', ' (it takes yes, no)'],
    [{ yes: [[300_000, 100]], nos: [] }, 'levels.nos', '; did you mean "no"?'],
  ])('setOrderbook(t, %j) is refused naming the key, the resting order left as it was', (levels, field, hint) => {
    const mine = kalshi.exchange.createOrder(TEST_USER_ID, {
      ticker,
      side: 'bid',
      price: 10_000,
      count: 100,
      timeInForce: 'good_till_canceled',
      selfTradePrevention: 'taker_at_cross',
    }).order;
    const error = refusal(() => ex().setOrderbook(ticker, levels));
    expect(error).toMatchObject({ field, status: 400, message: `${field}: is not an option${hint}` });
    expect(mine.status).toBe('resting');
  });

  it('leaves the state as it was', () => {
    const before = kalshi.exchange.account(TEST_USER_ID).cash;
    refusal(() => kalshi.exchange.setBalance(TEST_USER_ID, Number.NaN));
    expect(kalshi.exchange.account(TEST_USER_ID).cash).toBe(before);
    refusal(() => ex().setMarketStatus(ticker, 'open'));
    expect(kalshi.exchange.markets.get(ticker)?.status).toBe('active');
  });

  it.each([
    ['setMarketStatus', () => kalshi.exchange.setMarketStatus('NOPE-XYZ', 'closed')],
    ['determineMarket', () => kalshi.exchange.determineMarket('NOPE-XYZ', 'yes')],
    ['settleMarket', () => kalshi.exchange.settleMarket('NOPE-XYZ', 'no')],
    ['setOrderbook', () => kalshi.exchange.setOrderbook('NOPE-XYZ', { yes: [[500_000, 100]] })],
  ])('%s of an unknown ticker: ControlInputError naming the ticker, status 404', (_name, run) => {
    const error = refusal(run);
    expect(error).toMatchObject({ field: 'ticker', status: 404, message: 'ticker: no market "NOPE-XYZ"' });
  });

  it('determineMarket of a market already determined names it (status 409)', () => {
    kalshi.exchange.determineMarket(ticker, 'yes');
    expect(refusal(() => kalshi.exchange.determineMarket(ticker, 'no'))).toMatchObject({
      field: 'ticker',
      status: 409,
      message: `ticker: "${ticker}" is already determined`,
    });
  });

  // Outside tester D-D1: a determined market was re-activated (status active, result yes) and took new orders. Kalshi's
  // lifecycle (kalshi-api-notes §6.1) runs initialized → active ↔ inactive → closed → determined → finalized: a market
  // with its result never trades again. The README promises 409 "for a market already determined".
  it.each([
    ['determined', () => kalshi.exchange.determineMarket(ticker, 'yes', { settleAfterMs: 60_000 })],
    ['finalized', () => kalshi.exchange.settleMarket(ticker, 'no')],
  ])('setMarketStatus of a market already %s: 409 naming it, nothing changes', (status, determine) => {
    determine();
    for (const to of ['active', 'inactive', 'closed', 'initialized'] as const) {
      expect(refusal(() => kalshi.exchange.setMarketStatus(ticker, to))).toMatchObject({
        field: 'ticker',
        status: 409,
        message: `ticker: "${ticker}" is already determined`,
      });
    }
    expect(kalshi.exchange.markets.get(ticker)).toMatchObject({ status });
  });

  // A market `determined` or `finalized` without a result is a state REST could never show (a determined market has
  // its `result`, notes §6.1); determineMarket and settleMarket set those statuses with one.
  it.each(['determined', 'finalized'] as const)(
    'setMarketStatus(t, %j) is refused, pointing to determineMarket',
    (to) => {
      expect(refusal(() => kalshi.exchange.setMarketStatus(ticker, to))).toMatchObject({
        field: 'status',
        status: 400,
        message: expect.stringContaining('determineMarket(ticker, result)'),
      });
      expect(kalshi.exchange.markets.get(ticker)).toMatchObject({ status: 'active', result: '' });
    },
  );

  it('still takes good input', () => {
    kalshi.exchange.setBalance(TEST_USER_ID, 5_000_000);
    expect(kalshi.exchange.account(TEST_USER_ID).cash).toBe(5_000_000);
    kalshi.exchange.setOrderbook(ticker, { yes: [[400_000, 1_000]], no: [[500_000, 200]] });
    expect(kalshi.exchange.book(ticker).best('yes')?.[0]).toBe(400_000);
    kalshi.exchange.setMarketStatus(ticker, 'inactive');
    expect(kalshi.exchange.markets.get(ticker)?.status).toBe('inactive');
    kalshi.exchange.setMarketStatus(ticker, 'closed');
    kalshi.exchange.setMarketStatus(ticker, 'active');
    expect(kalshi.exchange.markets.get(ticker)?.status).toBe('active');
    kalshi.exchange.pause({ kind: 'trading', resumeAt: new Date(Date.UTC(2026, 5, 2)) });
    kalshi.exchange.resume();
    kalshi.exchange.advanceTime(1_000);
  });
});

// Round 25, tester P (nit): setBalance set cash below what resting orders hold, and GET /portfolio/balance then showed
// a negative available balance. The notes are silent (the mock's own API): refused as a state conflict, 409.
describe('setBalance', () => {
  /** A mock whose test user rests 10 YES @ $0.10 (its series `quadratic`, no maker fee): $1.00 held. */
  const holdingOneDollar = () => {
    const mock = createKalshiMock({ empty: true, seed: 4, now: Date.UTC(2026, 5, 1) });
    mock.exchange.addMarket({ ticker: 'KXBAL-26JUN30-T1' });
    mock.exchange.createOrder(TEST_USER_ID, {
      ticker: 'KXBAL-26JUN30-T1',
      side: 'bid',
      price: 100_000,
      count: 1_000,
      timeInForce: 'good_till_canceled',
      selfTradePrevention: 'taker_at_cross',
    });
    return mock;
  };

  it('refuses cash below the collateral resting orders hold, naming the user and the amount, changing nothing', () => {
    const mock = holdingOneDollar();
    const error = refusal(() => mock.exchange.setBalance(TEST_USER_ID, 999_900));
    expect(error).toMatchObject({ field: 'cash', status: 409 });
    expect(error.message).toContain(`user "${TEST_USER_ID}" holds`);
    expect(error.message).toContain('$1.000000');
    expect(mock.exchange.account(TEST_USER_ID).cash).toBe(10_000_000_000);
    mock.exchange.setBalance(TEST_USER_ID, 1_000_000);
    expect(mock.inspect.balance().balance_dollars).toBe('0.0000');
  });

  // Round 25 (V's D5): the refused cash was kept as the opening balance, and reset() opened the account with it.
  it('a refused setOpeningBalance leaves the opening balance as it was: reset() opens the account with $10,000', () => {
    const mock = holdingOneDollar();
    const error = refusal(() => mock.exchange.setOpeningBalance(TEST_USER_ID, 500_000));
    expect(error).toMatchObject({ field: 'cash', status: 409 });
    expect(mock.exchange.account(TEST_USER_ID).cash).toBe(10_000_000_000);
    mock.exchange.reset();
    // A new account's $10,000 (README), as before the refused call.
    expect(mock.exchange.account(TEST_USER_ID).cash).toBe(10_000_000_000);
  });
});

// Outside tester V-D2: on an inactive market setOrderbook canceled every resting order (the user's too), then threw an
// ExchangeError whose message was a JSON body; on a closed or determined one an ExchangeError 409. The README: the
// control methods refuse with ControlInputError "before changing anything", 409 for a state refusal. The house rests
// its orders as any order rests: on an active market (kalshi-api-notes §6.1), at prices on the market's grid (§5).
describe('setOrderbook', () => {
  const mine = (market = ticker) =>
    kalshi.exchange.createOrder(TEST_USER_ID, {
      ticker: market,
      side: 'bid',
      price: 20_000,
      count: 100,
      timeInForce: 'good_till_canceled',
      selfTradePrevention: 'maker',
    }).order;
  const resting = (market = ticker) => [...kalshi.exchange.book(market).orders()].map((o) => o.orderId);

  it('on an inactive market: 409 naming the ticker, every resting order (the user’s too) left as it was', () => {
    const order = mine();
    kalshi.exchange.setMarketStatus(ticker, 'inactive');
    const before = resting();
    expect(refusal(() => kalshi.exchange.setOrderbook(ticker, { yes: [[400_000, 1_000]] }))).toMatchObject({
      field: 'ticker',
      status: 409,
      message: `ticker: "${ticker}" is inactive: only an active market takes the house's orders`,
    });
    expect(resting()).toEqual(before);
    expect(kalshi.exchange.orders.get(order.orderId)?.status).toBe('resting');
  });

  it.each([
    ['closed', /is closed: only an active market/, () => kalshi.exchange.setMarketStatus(ticker, 'closed')],
    ['determined', /is already determined/, () => kalshi.exchange.determineMarket(ticker, 'yes', { settleAfterMs: 1 })],
    ['finalized', /is already determined/, () => kalshi.exchange.settleMarket(ticker, 'no')],
  ])('on a %s market: 409 naming the ticker', (status, message, to) => {
    to();
    expect(kalshi.exchange.markets.get(ticker)?.status).toBe(status);
    const error = refusal(() => kalshi.exchange.setOrderbook(ticker, { yes: [[400_000, 1_000]] }));
    expect(error).toMatchObject({ field: 'ticker', status: 409 });
    expect(error.message).toMatch(message);
    expect(resting()).toEqual([]);
  });

  it('on a market not open yet: 409 naming the ticker', () => {
    const later = 'KXLATER-26JUN30-T1';
    kalshi.exchange.addMarket({ ticker: later, status: 'initialized', openTime: kalshi.exchange.now() + 60_000 });
    expect(refusal(() => kalshi.exchange.setOrderbook(later, { no: [[400_000, 1_000]] }))).toMatchObject({
      field: 'ticker',
      status: 409,
      message: `ticker: "${later}" is initialized: only an active market takes the house's orders`,
    });
  });

  it.each([
    ['yes', { yes: [[410_000, 100]] }, 'yes[0]'],
    [
      'no',
      {
        no: [
          [400_000, 100],
          [390_000, 100],
        ],
      },
      'no[1]',
    ],
  ])('a %s level off the market’s grid: 400 naming it, the book as it was', (_side, levels, field) => {
    const coarse = 'KXCOARSE-26JUN30-T1';
    kalshi.exchange.addMarket({ ticker: coarse, tick: 20_000 });
    kalshi.exchange.setOrderbook(coarse, { yes: [[200_000, 100]] });
    const order = mine(coarse);
    const before = resting(coarse);
    const error = refusal(() => kalshi.exchange.setOrderbook(coarse, levels as { yes?: [number, number][] }));
    expect(error).toMatchObject({ field, status: 400 });
    expect(error.message).toMatch(/is off the market's price grid \(steps of 20000 micro-dollars\)/);
    expect(resting(coarse)).toEqual(before);
    expect(kalshi.exchange.orders.get(order.orderId)?.status).toBe('resting');
  });

  // Round 15 verifier V3-D5: counts the house could not pay for (its $10M) canceled the whole book, the user's orders
  // too, then threw ExchangeError 400 insufficient_balance with half the levels resting; a count past what the engine
  // counts exactly threw a FixedPointError. Both are refused first now, naming them (the notes are silent: the mock's
  // own API and units).
  it.each([
    ['more than the house can fund', { yes: [[400_000, 1_000]], no: [[500_000, 3_000_000_000]] }, 'levels', /house/],
    // CO9. A NO bid at q buys NO at q (kalshi-api-notes §5.15 binary book): 20,000,000 NO @0.90 hold $18M, more than
    // the house's $10M (at 1 − q it would be $2M).
    ['of NO bids the house cannot fund at their NO price', { no: [[900_000, 2_000_000_000]] }, 'levels', /house/],
    ['a count past the engine’s exact range', { yes: [[400_000, 900_719_925_475]] }, 'yes[0]', /count/],
  ])('levels %s: 400 naming them, the book as it was', (_name, levels, field, message) => {
    kalshi.exchange.setOrderbook(ticker, { yes: [[300_000, 500]] });
    const order = mine();
    const before = resting();
    const cash = kalshi.exchange.available(HOUSE_USER);
    const error = refusal(() => kalshi.exchange.setOrderbook(ticker, levels as { yes?: [number, number][] }));
    expect(error).toMatchObject({ field, status: 400 });
    expect(error.message).toMatch(message);
    expect(resting()).toEqual(before);
    expect(kalshi.exchange.orders.get(order.orderId)?.status).toBe('resting');
    expect(kalshi.exchange.available(HOUSE_USER)).toBe(cash);
  });

  // What it does, as its TypeDoc and the README say: the whole book is replaced, the user's resting orders too
  // (canceled, their collateral released), and the house rests at the levels given.
  it('on an active market replaces the whole book: the user’s resting orders are canceled too', () => {
    const cash = kalshi.exchange.available(TEST_USER_ID);
    const order = mine();
    expect(kalshi.exchange.available(TEST_USER_ID)).toBeLessThan(cash);
    kalshi.exchange.setOrderbook(ticker, { yes: [[400_000, 1_000]], no: [[500_000, 200]] });
    expect(kalshi.exchange.orders.get(order.orderId)?.status).toBe('canceled');
    expect(kalshi.exchange.available(TEST_USER_ID)).toBe(cash);
    const book = [...kalshi.exchange.book(ticker).orders()].map((o) => [o.userId, o.side, o.price, o.remainingCount]);
    expect(book.sort()).toEqual(
      [
        [HOUSE_USER, 'ask', 500_000, 200],
        [HOUSE_USER, 'bid', 400_000, 1_000],
      ].sort(),
    );
  });
});

// Outside tester V-D8: setMarketStatus(t, 'active') on a market past its close time was accepted, and the next clock
// step (advanceTime, or the next request on the real clock) closed it again; 'initialized' past its open time was
// opened again. The clock opens a market at its open time and closes it at its close time (kalshi-api-notes §6.1), so
// such a status cannot hold: refused (409, the market's state) naming the time, the market as it was.
describe('setMarketStatus and the market’s times', () => {
  const closing = 'KXCLOSING-26JUN30-T1';

  it.each(['active', 'inactive'] as const)('%s past the close time: 409 naming closeTime', (to) => {
    kalshi.exchange.addMarket({ ticker: closing, closeTime: kalshi.exchange.now() + 1_000 });
    kalshi.exchange.advanceTime(2_000);
    expect(kalshi.exchange.markets.get(closing)?.status).toBe('closed');
    const error = refusal(() => kalshi.exchange.setMarketStatus(closing, to));
    expect(error).toMatchObject({ field: 'closeTime', status: 409 });
    expect(error.message).toMatch(/^closeTime: "KXCLOSING-26JUN30-T1" is past it \(2026-06-01T00:00:01\.000Z\)/);
    expect(error.message).toMatch(/would close it again.*a later closeTime \(addMarket\)/);
    expect(kalshi.exchange.markets.get(closing)?.status).toBe('closed');
  });

  it('initialized past the open time: 409 naming openTime', () => {
    const error = refusal(() => kalshi.exchange.setMarketStatus(ticker, 'initialized'));
    expect(error).toMatchObject({ field: 'openTime', status: 409 });
    expect(error.message).toMatch(/^openTime: ".*" is past it \(.*\): the exchange clock would open it again/);
    expect(error.message).toMatch(/a later openTime \(addMarket\)/);
    expect(kalshi.exchange.markets.get(ticker)?.status).toBe('active');
  });

  it('still takes the statuses the clock keeps', () => {
    const now = kalshi.exchange.now();
    // Opened before its open time; taken back to initialized before it; closed early, reopened before its close time.
    kalshi.exchange.addMarket({
      ticker: closing,
      status: 'initialized',
      openTime: now + 1_000,
      closeTime: now + 5_000,
    });
    kalshi.exchange.setMarketStatus(closing, 'active');
    kalshi.exchange.setMarketStatus(closing, 'initialized');
    kalshi.exchange.advanceTime(1_000);
    expect(kalshi.exchange.markets.get(closing)?.status).toBe('active');
    kalshi.exchange.setMarketStatus(closing, 'closed');
    kalshi.exchange.setMarketStatus(closing, 'inactive');
    kalshi.exchange.advanceTime(3_999);
    expect(kalshi.exchange.markets.get(closing)?.status).toBe('inactive');
    kalshi.exchange.advanceTime(1);
    expect(kalshi.exchange.markets.get(closing)?.status).toBe('closed');
    kalshi.exchange.setMarketStatus(closing, 'closed');
  });
});
