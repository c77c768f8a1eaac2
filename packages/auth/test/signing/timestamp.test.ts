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

  // Notes §2.1: "Unix epoch milliseconds, decimal string"; 0 is the epoch itself (a clock the caller injects may start there).
  it('signs a clock returning 0 (the epoch) as "0"', async () => {
    const headers = await (await signer(() => 0)).sign({ method: 'GET', url });
    expect(headers['KALSHI-ACCESS-TIMESTAMP']).toBe('0');
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
