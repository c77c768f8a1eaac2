import { describe, expect, it } from 'vitest';
import { ControlInputError, createKalshiMock } from '../../src';
import { setupKalshiMockServer, startKalshiMockServer } from '../../src/node';
import { refusal } from '../helpers';

// The library's options follow the rules `kalshi-mock serve` applies to the same options (one check, shared with the
// CLI, which names them as flags: --rate-limit, --usage-tier, --seed, --port, --cors), and a refusal names the option.
// The notes are silent (the mock's own API). Outside testing (E-D14): `rateLimit: 'gold'` turned rate limiting off, a
// bad `seed`, `cors` or `now` was accepted, and `port: 'x'` / `baseUrl: 'nope'` failed with a bare "Invalid URL".

const TIERS = /is not a tier \(basic, advanced, premier, paragon, prime/;

// biome-ignore lint/suspicious/noExplicitAny: options from JavaScript, as a caller without types would pass them
const loose = (options: unknown) => options as any;

describe('createKalshiMock and setupKalshiMockServer refuse an option the CLI refuses, naming it', () => {
  it.each([
    ['rateLimit', { rateLimit: 'gold' }, TIERS],
    ['rateLimit', { rateLimit: { read: 5 } }, /^rateLimit: .* is not a tier .* or \{ read, write \}/],
    [
      'usageTier',
      { usageTier: 'gold' },
      /^usageTier: "gold" is not a tier \(basic, advanced, premier, paragon, prime\)$/,
    ],
    ['usageTier', { usageTier: { read: 5 } }, /^usageTier: \{"read":5\} is not a tier \(basic, advanced/],
    ['usageTier', { usageTier: 'expert' }, /^usageTier: Kalshi has not published the "expert" tier's budgets/],
    // One account, one tier: GET /account/limits reports one.
    ['usageTier', { usageTier: 'premier', rateLimit: 'basic' }, /^usageTier: rateLimit sets the tier too/],
    ['seed', { seed: 'abc' }, /^seed: "abc" is not an integer$/],
    ['seed', { seed: 1.5 }, /^seed: 1.5 is not an integer$/],
    ['now', { now: 'x' }, /^now: "x" is not a time in Unix ms/],
    ['now', { now: Number.NaN }, /^now: NaN is not a time in Unix ms/],
    ['baseUrl', { baseUrl: 'nope' }, /^baseUrl: "nope" is not an http\(s\) URL/],
    ['latencyMs', { latencyMs: -1 }, /^latencyMs: -1 is not a whole number of ms ≥ 0$/],
    // A string is truthy: `empty: 'false'` listed no markets at all.
    ['empty', { empty: 'false' }, /^empty: "false" is not true or false$/],
  ])('%s %j', (field, options, message) => {
    for (const create of [createKalshiMock, setupKalshiMockServer]) {
      const error = refusal(() => create(loose(options)));
      expect(error.field).toBe(field);
      expect(error.message).toMatch(message);
    }
  });

  // Round 21's trial found the client dropping unknown options and sending its defaults; the mock did the same: a
  // `sede` ran unseeded, a `ratelimit` without 429s. Refused, naming the key and the option meant.
  it.each([
    ['sede', 5, '; did you mean "seed"?'],
    ['ratelimit', 'basic', '; did you mean "rateLimit"?'],
    [
      'port',
      0,
      ' (it takes seed, now, empty, dataset, baseUrl, rateLimit, usageTier, latencyMs, activity, users, credentials)',
    ],
  ])('refuses %s, an option it does not take', (key, value, hint) => {
    for (const create of [createKalshiMock, setupKalshiMockServer]) {
      const error = refusal(() => create(loose({ [key]: value })));
      expect(error.field).toBe(key);
      expect(error.message).toBe(`${key}: is not an option${hint}`);
    }
  });

  it('refuses options that are not an object', () => {
    expect(refusal(() => createKalshiMock(loose(null))).message).toBe('options: must be an object, got null');
  });

  it('takes what the CLI takes', () => {
    const mock = createKalshiMock({
      rateLimit: 'basic',
      seed: -3,
      now: () => Date.UTC(2026, 0, 1),
      baseUrl: 'http://localhost:4010/trade-api/v2',
    });
    expect(mock.baseUrls).toEqual(['http://localhost:4010/trade-api/v2']);
    createKalshiMock({ rateLimit: { read: { refillRate: 1, capacity: 1 }, write: { refillRate: 1, capacity: 1 } } });
  });
});

// The options nested in them, and those of the mock's methods, dropped a misspelt key the same way before round 22:
// `activity: { orderPerSecond: 100 }` traded at the default 10 a second, `users: [{ balance: 50 }]` opened with
// $10,000, `settleMarket(t, 'scalar', { settlementValue })` was refused for a value it had been given.
describe('options nested in the options, and the methods', () => {
  it.each([
    [{ activity: { orderPerSecond: 100 } }, 'activity.orderPerSecond', '; did you mean "ordersPerSecond"?'],
    [{ activity: { market: ['X'] } }, 'activity.market', '; did you mean "markets"?'],
    [{ users: [{}, { balance: 50 }] }, 'users[1].balance', '; did you mean "balanceDollars"?'],
    [{ users: [{ cash: 50 }] }, 'users[0].cash', ' (it takes balanceDollars, credentials)'],
  ])('%j is refused, naming the key where it is', (options, field, hint) => {
    const error = refusal(() => createKalshiMock(loose(options)));
    expect(error.field).toBe(field);
    expect(error.message).toBe(`${field}: is not an option${hint}`);
  });

  it.each([
    [{ activity: true }, 'activity', 'activity: must be an object of options, got true'],
    [
      { activity: { ordersPerSecond: '5' } },
      'activity.ordersPerSecond',
      'activity.ordersPerSecond: "5" is not a positive number',
    ],
    [{ activity: { markets: 'KX' } }, 'activity.markets', 'activity.markets: "KX" is not a list of tickers'],
    [{ users: [5] }, 'users[0]', 'users[0]: must be an object of options, got 5'],
    [
      { users: [{ balanceDollars: '50' }] },
      'users[0].balanceDollars',
      'users[0].balanceDollars: "50" is not a number of dollars between 0 and 1,000,000,000',
    ],
    [{ users: 'two' }, 'users', 'users: "two" is not a number of accounts or a list of their options'],
  ])('%j is refused as a ControlInputError naming the field', (options, field, message) => {
    const error = refusal(() => createKalshiMock(loose(options)));
    expect(error.field).toBe(field);
    expect(error.message).toBe(message);
  });

  // Round 22's verifier: `activity: false` meant off before the check, and still does.
  it('takes activity: false as no activity', () => {
    expect(createKalshiMock({ activity: false }).activity).toBeUndefined();
    expect(createKalshiMock({ activity: {} }).activity).toBeDefined();
  });

  it('addUser refuses an option it does not take, and opens no account', () => {
    const mock = createKalshiMock({ seed: 1 });
    const error = refusal(() => mock.addUser(loose({ balanceDolars: 5 })));
    expect(error.message).toBe('addUser options.balanceDolars: is not an option; did you mean "balanceDollars"?');
    expect(mock.users).toEqual([]);
    expect(mock.addUser({ balanceDollars: 5 }).userId).toBe(mock.users[0]?.userId);
  });

  // Round 25 (V's D6): $0.123456 was opened as 123,456 µ$, which balance_dollars (4 decimals) shows as 0.1234 while
  // the account spends the rest. Direct members' balances carry $0.0001 precision (kalshi-api-notes §4).
  it.each([0.123456, 12.34567])(
    'addUser refuses balanceDollars %s (finer than $0.0001), and opens no account',
    (cash) => {
      const mock = createKalshiMock({ seed: 1 });
      const keys = mock.exchange.apiKeys.size;
      const error = refusal(() => mock.addUser({ balanceDollars: cash }));
      expect(error).toMatchObject({ field: 'addUser options.balanceDollars', status: 400 });
      expect(error.message).toBe(`addUser options.balanceDollars: ${cash} is not on $0.0001 (at most 4 decimals)`);
      expect(mock.users).toEqual([]);
      expect(mock.exchange.apiKeys.size).toBe(keys);
      const opened = mock.addUser({ balanceDollars: 12.3456 });
      expect(mock.exchange.account(opened.userId).cash).toBe(12_345_600);
    },
  );

  it('settleMarket and determineMarket refuse an option they do not take, and leave the market as it was', () => {
    const mock = createKalshiMock({ seed: 1 });
    const market = [...mock.exchange.markets.values()].find((m) => m.status === 'active')!;
    const settle = refusal(() => mock.exchange.settleMarket(market.ticker, 'yes', loose({ settlementValue: '1' })));
    expect(settle.message).toBe('options.settlementValue: is not an option; did you mean "settlementValueDollars"?');
    const determine = refusal(() => mock.exchange.determineMarket(market.ticker, 'no', loose({ settleAfter: 0 })));
    expect(determine.message).toBe('options.settleAfter: is not an option; did you mean "settleAfterMs"?');
    expect(refusal(() => mock.exchange.determineMarket(market.ticker, 'no', loose([]))).message).toBe(
      'options: must be an object of options, got []',
    );
    expect([market.status, market.result]).toEqual(['active', '']);
    mock.exchange.determineMarket(market.ticker, 'no', { settleAfterMs: 0 });
    expect(market.result).toBe('no');
  });

  it('pause refuses an option it does not take (resume_at), and starts no pause', () => {
    const mock = createKalshiMock({ seed: 1, now: Date.UTC(2026, 11, 1) });
    const error = refusal(() => mock.exchange.pause(loose({ kind: 'trading', resume_at: Date.UTC(2026, 11, 2) })));
    expect(error.field).toBe('options.resume_at');
    expect(error.message).toBe('options.resume_at: is not an option; did you mean "resumeAt"?');
    expect(mock.exchange.paused).toBeUndefined();
  });

  // "a third of the name's characters off" at most: `foo` is two of three off `now`, no near miss.
  it('suggests no option for a short key that is mostly different', () => {
    expect(refusal(() => createKalshiMock(loose({ foo: 1 }))).message).toBe(
      'foo: is not an option (it takes seed, now, empty, dataset, baseUrl, rateLimit, usageTier, latencyMs, activity, users, credentials)',
    );
    expect(refusal(() => createKalshiMock(loose({ nw: 1 }))).message).toBe('nw: is not an option; did you mean "now"?');
  });
});

describe('startKalshiMockServer refuses an option the CLI refuses, naming it, before listening', () => {
  it.each([
    ['port', { port: 'x' }, /^port: "x" is not a port number \(a decimal integer 0–65535\)$/],
    ['port', { port: 70_000 }, /^port: 70000 is not a port number/],
    ['cors', { cors: 'not a url' }, /^cors: "not a url" is not an origin like http:\/\/localhost:5173 \(or \*\)$/],
    ['rateLimit', { rateLimit: 'gold' }, TIERS],
    ['usageTier', { usageTier: 'gold' }, TIERS],
    ['seed', { seed: 'abc' }, /^seed: "abc" is not an integer$/],
    ['now', { now: 'x' }, /^now: "x"/],
    ['pingIntervalMs', { pingIntervalMs: -5 }, /^pingIntervalMs: -5 is not a whole number of ms ≥ 0$/],
    ['streamBufferLimit', { streamBufferLimit: 0 }, /^streamBufferLimit: 0 is not a whole number of messages > 0$/],
  ])('%s %j', async (field, options, message) => {
    const error = await startKalshiMockServer(loose(options)).then(
      () => new Error('accepted'),
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ControlInputError);
    expect(error).toMatchObject({ field, message: expect.stringMatching(message) });
  });

  it.each([
    ['prot', '; did you mean "port"?'],
    // The server sets baseUrl itself, from where it listens.
    [
      'baseUrl',
      ' (it takes seed, now, empty, dataset, rateLimit, usageTier, latencyMs, activity, users, credentials, port, host, pingIntervalMs, streamBufferLimit, cors)',
    ],
  ])('refuses %s, an option it does not take, before listening', async (key, hint) => {
    const error = await startKalshiMockServer(loose({ [key]: 'x' })).then(
      () => new Error('accepted'),
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ControlInputError);
    expect(error).toMatchObject({ field: key, message: `${key}: is not an option${hint}` });
  });

  it('still starts with the options the CLI takes', async () => {
    const server = await startKalshiMockServer({
      port: 0,
      host: '127.0.0.1',
      seed: 2,
      cors: 'http://localhost:5173',
      rateLimit: 'prime',
      pingIntervalMs: 0,
      streamBufferLimit: 10,
      latencyMs: 0,
      now: Date.UTC(2026, 0, 1),
    });
    expect(server.port).toBeGreaterThan(0);
    // The mock's own options reach the exchange; the server's stay with the server.
    expect(server.mock.exchange.now()).toBe(Date.UTC(2026, 0, 1));
    await server.close();
  });
});
