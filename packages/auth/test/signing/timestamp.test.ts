import { afterEach, describe, expect, it, vi } from 'vitest';
import { createSigner, KalshiAuthError, verifySignature } from '../../src';
import { rsa } from '../helpers';

// KALSHI-ACCESS-TIMESTAMP is "Unix epoch milliseconds, decimal string" (kalshi-api-notes §2.1).
const url = '/trade-api/v2/portfolio/balance';

function signer(clock?: () => number) {
  return createSigner({ keyId: rsa.keyId, privateKey: rsa.privateKeyPem, clock });
}

describe('the signed timestamp is whole milliseconds, as digits', () => {
  it('floors a fractional clock (performance.timeOrigin + performance.now())', async () => {
    const headers = await (await signer(() => 1_700_000_000_000.7126)).sign({ method: 'GET', url });
    expect(headers['KALSHI-ACCESS-TIMESTAMP']).toBe('1700000000000');
    expect(
      await verifySignature({ method: 'GET', url, headers, publicKey: rsa.publicKeyPem, now: 1_700_000_000_000 }),
    ).toMatchObject({ ok: true });
  });

  it('floors a fractional sign({ timestamp })', async () => {
    const headers = await (await signer()).sign({ method: 'GET', url, timestamp: 1_700_000_000_000.5 });
    expect(headers['KALSHI-ACCESS-TIMESTAMP']).toBe('1700000000000');
  });

  // Attack round 22, A11: a clock in seconds (Date.now() / 1000) or sign({ timestamp: 1700000000 }) was signed as is,
  // and Kalshi answered 401. Notes §2.1: "Unix epoch milliseconds, decimal string"; anything below 1e12 (September
  // 2001 in ms) is seconds or no time Kalshi accepts (its window is seconds wide, §2.2). The epoch itself included: it
  // was signed as "0" before, for a clock a test starts there, which Kalshi refuses as any stale timestamp.
  it.each([
    ['seconds (Date.now() / 1000)', 1_700_000_000.123],
    ['whole seconds', 1_700_000_000],
    ['the epoch, 0', 0],
  ])('refuses a clock returning %s, naming it and saying milliseconds', async (_, value) => {
    const error = await (await signer(() => value)).sign({ method: 'GET', url }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KalshiAuthError);
    expect(error).toMatchObject({
      code: 'invalid_timestamp',
      message: expect.stringMatching(/^clock\(\) returned .*; expected epoch milliseconds \(seconds × 1000\)$/),
    });
  });

  it.each([
    ['1700000000 (seconds)', 1_700_000_000],
    ["'1700000000' (a string of seconds)", '1700000000'],
    ["'1700000000000' (a string)", '1700000000000'],
  ])('refuses sign({ timestamp: %s }), naming the timestamp', async (_, timestamp) => {
    const signing = (await signer()).sign({ method: 'GET', url, timestamp: timestamp as number });
    await expect(signing).rejects.toMatchObject({
      code: 'invalid_timestamp',
      message: expect.stringMatching(
        /^sign\(\{ timestamp \}\) got .*; expected epoch milliseconds \(seconds × 1000\)$/,
      ),
    });
  });

  // Round 46, V5: the other side of the same mistake: a clock in microseconds (Date.now() * 1000, Python's
  // time.time_ns() // 1000 ported) was signed as is (it is below 2^53), and Kalshi answers 401: the timestamp is
  // "Unix epoch milliseconds" (notes §2.1) and the window seconds wide (§2.2). 1e13 ms is the year 2286: at or above it
  // is no time Kalshi accepts.
  it.each([
    ['microseconds (Date.now() * 1000)', 1_700_000_000_000_000],
    ['1e13 (the year 2286 in ms)', 1e13],
  ])('refuses a clock returning %s, saying milliseconds', async (_, value) => {
    const error = await (await signer(() => value)).sign({ method: 'GET', url }).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'invalid_timestamp',
      message: expect.stringMatching(/^clock\(\) returned .*; expected epoch milliseconds \(seconds × 1000\)$/),
    });
    const signing = (await signer()).sign({ method: 'GET', url, timestamp: value });
    await expect(signing).rejects.toMatchObject({ code: 'invalid_timestamp' });
  });

  it('signs the last millisecond below 1e13 as is', async () => {
    const headers = await (await signer(() => 1e13 - 1)).sign({ method: 'GET', url });
    expect(headers['KALSHI-ACCESS-TIMESTAMP']).toBe('9999999999999');
  });

  it('signs the first millisecond counted as milliseconds (1e12) as is', async () => {
    const headers = await (await signer(() => 1e12)).sign({ method: 'GET', url });
    expect(headers['KALSHI-ACCESS-TIMESTAMP']).toBe('1000000000000');
  });

  it.each([
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['an exponent-sized 1e21', 1e21],
    ['a negative time', -1],
  ])('refuses a clock returning %s, naming the clock', async (_name, value) => {
    const error = await (await signer(() => value)).sign({ method: 'GET', url }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KalshiAuthError);
    expect(error).toMatchObject({ code: 'invalid_timestamp', message: expect.stringMatching(/^clock\(\) returned /) });
  });

  it('refuses a NaN sign({ timestamp }), naming it', async () => {
    const error = await (await signer()).sign({ method: 'GET', url, timestamp: Number.NaN }).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'invalid_timestamp',
      message: expect.stringMatching(/^sign\(\{ timestamp \}\) got NaN/),
    });
  });
});

// T-D2 (the client's rate limiter had the same flaw): a signer created before a test fakes the clock kept the real
// `Date.now` it found, so it signed with the real time while the mock checked the window against the faked one. The
// default clock is `Date.now` as it is when each request is signed. The notes are silent (a test-harness matter).
describe('the default clock', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('is Date.now at each signature: a signer created before vi.useFakeTimers() signs with the fake time', async () => {
    const created = await signer();
    vi.useFakeTimers({ toFake: ['Date'], now: Date.UTC(2030, 0, 1) });
    const headers = await created.sign({ method: 'GET', url });
    expect(headers['KALSHI-ACCESS-TIMESTAMP']).toBe(String(Date.UTC(2030, 0, 1)));
  });
});
