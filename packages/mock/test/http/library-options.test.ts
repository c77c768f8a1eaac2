import { describe, expect, it } from 'vitest';
import { ControlInputError, createKalshiMock } from '../../src';
import { setupKalshiMockServer, startKalshiMockServer } from '../../src/node';
import { refusal } from '../helpers';

// The library's options follow the rules `kalshi-mock serve` applies to the same options (one check, shared with the
// CLI, which names them as flags: --rate-limit, --seed, --port, --cors), and a refusal names the option. The notes are
// silent (the mock's own API). Outside testing (E-D14): `rateLimit: 'gold'` turned rate limiting off, a bad `seed`,
// `cors` or `now` was accepted, and `port: 'x'` / `baseUrl: 'nope'` failed with a bare "Invalid URL".

const TIERS = /is not a tier \(basic, advanced, premier, paragon, prime/;

// biome-ignore lint/suspicious/noExplicitAny: options from JavaScript, as a caller without types would pass them
const loose = (options: unknown) => options as any;

describe('createKalshiMock and setupKalshiMockServer refuse an option the CLI refuses, naming it', () => {
  it.each([
    ['rateLimit', { rateLimit: 'gold' }, TIERS],
    ['rateLimit', { rateLimit: { read: 5 } }, /^rateLimit: .* is not a tier .* or \{ read, write \}/],
    ['seed', { seed: 'abc' }, /^seed: "abc" is not an integer$/],
    ['seed', { seed: 1.5 }, /^seed: 1.5 is not an integer$/],
    ['now', { now: 'x' }, /^now: "x" is not a time in Unix ms/],
    ['now', { now: Number.NaN }, /^now: NaN is not a time in Unix ms/],
    ['baseUrl', { baseUrl: 'nope' }, /^baseUrl: "nope" is not an http\(s\) URL/],
    ['latencyMs', { latencyMs: -1 }, /^latencyMs: -1 is not a whole number of ms ≥ 0$/],
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
    ['port', 0, ' (it takes seed, now, empty, dataset, baseUrl, rateLimit, latencyMs, activity, users, credentials)'],
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

describe('startKalshiMockServer refuses an option the CLI refuses, naming it, before listening', () => {
  it.each([
    ['port', { port: 'x' }, /^port: "x" is not a port number \(a decimal integer 0–65535\)$/],
    ['port', { port: 70_000 }, /^port: 70000 is not a port number/],
    ['cors', { cors: 'not a url' }, /^cors: "not a url" is not an origin like http:\/\/localhost:5173 \(or \*\)$/],
    ['rateLimit', { rateLimit: 'gold' }, TIERS],
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
      ' (it takes seed, now, empty, dataset, rateLimit, latencyMs, activity, users, credentials, port, host, pingIntervalMs, streamBufferLimit, cors)',
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
