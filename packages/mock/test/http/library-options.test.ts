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

  it('still starts with the options the CLI takes', async () => {
    const server = await startKalshiMockServer({ port: 0, seed: 2, cors: 'http://localhost:5173', rateLimit: 'prime' });
    expect(server.port).toBeGreaterThan(0);
    await server.close();
  });
});
