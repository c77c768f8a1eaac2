import { createSigner } from '@org/kalshi-auth';
import { generateKeyPairSync } from '@org/kalshi-auth/node';
import { getResponse } from 'msw';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { BASE, type Harness, harness } from '../helpers';

let h: Harness;
beforeAll(async () => {
  h = await harness();
});

async function send(headers: Record<string, string>, path = '/portfolio/balance') {
  const response = await getResponse(h.mock.handlers, new Request(`${BASE}${path}`, { headers }));
  return { status: response?.status, body: await response?.json() };
}

describe('signature checks on authenticated operations', () => {
  it('accepts a request signed with a registered key', async () => {
    expect((await h.call('GET', '/portfolio/balance')).status).toBe(200);
  });

  it.each([
    ['KALSHI-ACCESS-KEY', 'access_key_is_missing_from_headers'],
    ['KALSHI-ACCESS-TIMESTAMP', 'timestamp_is_missing_from_headers'],
    ['KALSHI-ACCESS-SIGNATURE', 'signature_is_missing_from_headers'],
  ])('answers 401 %s missing with its own code', async (header, code) => {
    const headers: Record<string, string> = {
      ...(await h.signer.sign({ method: 'GET', url: `${BASE}/portfolio/balance` })),
    };
    delete headers[header];
    expect(await send(headers)).toMatchObject({ status: 401, body: { error: { code } } });
  });

  // kalshi-api-notes §2.3, recorded on demo: the missing-signature body, with no details.
  it('answers a missing signature with the recorded body', async () => {
    const headers: Record<string, string> = {
      ...(await h.signer.sign({ method: 'GET', url: `${BASE}/portfolio/balance` })),
    };
    delete headers['KALSHI-ACCESS-SIGNATURE'];
    expect(await send(headers)).toEqual({
      status: 401,
      body: { error: { code: 'signature_is_missing_from_headers', message: 'signature is missing from headers' } },
    });
  });

  it('answers 401 header_timestamp_expired for a stale timestamp', async () => {
    const headers = await h.signer.sign({
      method: 'GET',
      url: `${BASE}/portfolio/balance`,
      timestamp: Date.now() - 60_000,
    });
    expect(await send(headers)).toEqual({
      status: 401,
      body: { error: { code: 'header_timestamp_expired', message: 'header timestamp expired' } },
    });
  });

  it('answers 401 NOT_FOUND for an unknown key and INCORRECT_API_KEY_SIGNATURE for a bad signature', async () => {
    const stranger = generateKeyPairSync();
    const other = await createSigner({ keyId: stranger.keyId, privateKey: stranger.privateKeyPem });
    expect((await send(await other.sign({ method: 'GET', url: `${BASE}/portfolio/balance` }))).body.error.details).toBe(
      'NOT_FOUND',
    );
    const signedForAnotherPath = await h.signer.sign({ method: 'GET', url: `${BASE}/portfolio/positions` });
    expect((await send(signedForAnotherPath)).body.error).toEqual({
      code: 'authentication_error',
      message: 'authentication_error',
      details: 'INCORRECT_API_KEY_SIGNATURE',
    });
  });

  it('serves public operations without headers, but rejects bad credentials on them too', async () => {
    expect((await send({}, '/markets?limit=1')).status).toBe(200);
    const headers = await h.signer.sign({ method: 'GET', url: `${BASE}/exchange/status` });
    expect((await send(headers, '/markets?limit=1')).status).toBe(401);
  });

  it('accepts more keys registered with addApiKey, each acting as its own user', async () => {
    const key = generateKeyPairSync({ type: 'ed25519' });
    const userId = h.mock.exchange.addApiKey({ keyId: key.keyId, publicKeyPem: key.publicKeyPem });
    const signer = await createSigner({ keyId: key.keyId, privateKey: key.privateKeyPem });
    expect((await send(await signer.sign({ method: 'GET', url: `${BASE}/portfolio/balance` }))).status).toBe(200);
    expect(h.mock.exchange.accounts.has(userId)).toBe(true);
  });
});

// kalshi-api-notes §2.2 (measured, undocumented): ±10 s and +30 s skew accepted; −30 s and ±60 s answered 401
// header_timestamp_expired (its open questions: "reject ≥30 s past, ≥60 s future"). So the past edge is exclusive
// (exactly 30.000 s old is the recorded −30 s, rejected) and the future edge inclusive (+30 s accepted). Date is fixed,
// so the server's clock (serverNow) reads exactly the time the skew is measured from.
describe('the timestamp window', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  async function sendSkewed(skewMs: number) {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-06-01T12:00:00.000Z'));
    const url = `${BASE}/portfolio/balance`;
    return send(await h.signer.sign({ method: 'GET', url, timestamp: Date.now() + skewMs }));
  }

  it.each([-10_000, -29_999, 10_000, 30_000])('accepts a timestamp %i ms off the server clock', async (skewMs) => {
    expect((await sendSkewed(skewMs)).status).toBe(200);
  });

  it.each([-30_000, -31_000, -60_000, 30_001, 60_000])(
    'answers 401 header_timestamp_expired %i ms off',
    async (skewMs) => {
      expect(await sendSkewed(skewMs)).toEqual({
        status: 401,
        body: { error: { code: 'header_timestamp_expired', message: 'header timestamp expired' } },
      });
    },
  );
});
