import { constants, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { createSigner, verifySignature } from '../../src';
import { ed25519, rsa } from '../helpers';

const url = 'https://demo-api.kalshi.co/trade-api/v2/portfolio/orders?status=resting';
const now = 1_781_159_360_866;

async function signed(timestamp = now, pair = rsa) {
  const signer = await createSigner({ keyId: pair.keyId, privateKey: pair.privateKeyPem });
  return signer.sign({ method: 'GET', url, timestamp });
}

describe('verifySignature', () => {
  it('accepts a fresh signature for the same path (the query string is ignored)', async () => {
    const headers = await signed();
    const result = await verifySignature({
      method: 'GET',
      url: '/trade-api/v2/portfolio/orders',
      headers,
      publicKey: rsa.publicKeyPem,
      now,
    });
    expect(result).toEqual({ ok: true, keyId: rsa.keyId });
  });

  it('reads headers from a plain object in any case', async () => {
    const headers = Object.fromEntries(Object.entries(await signed()).map(([k, v]) => [k.toLowerCase(), v]));
    expect(await verifySignature({ method: 'GET', url, headers, publicKey: rsa.publicKeyPem, now })).toMatchObject({
      ok: true,
    });
  });

  it.each([
    ['KALSHI-ACCESS-KEY', 'missing_key'],
    ['KALSHI-ACCESS-TIMESTAMP', 'missing_timestamp'],
    ['KALSHI-ACCESS-SIGNATURE', 'missing_signature'],
  ] as const)('names a missing %s', async (name, reason) => {
    const headers: Record<string, string> = { ...(await signed()) };
    delete headers[name];
    expect(await verifySignature({ method: 'GET', url, headers, publicKey: rsa.publicKeyPem, now })).toEqual({
      ok: false,
      reason,
    });
  });

  it('rejects a malformed timestamp', async () => {
    const bad = { ...(await signed()), 'KALSHI-ACCESS-TIMESTAMP': '17811593608.5' };
    expect(await verifySignature({ method: 'GET', url, headers: bad, publicKey: rsa.publicKeyPem, now })).toEqual({
      ok: false,
      reason: 'stale_timestamp',
    });
  });

  // Round 46, V1: the window was |now − ts| ≤ tolerance, both edges in, so a timestamp exactly 30 s old verified.
  // kalshi-api-notes §2.2 (measured): "−30 s → 401 header_timestamp_expired", "+30 s → accepted". The window's inner
  // edges are not recorded (the notes bracket the past edge in (10 s, 30 s] and the future one in [30 s, 60 s)): 29.999 s
  // old and 30.001 s ahead follow the mock's "±30 s, reject beyond" reading of the same section.
  it.each([
    [-29_000, true],
    [29_000, true],
    [-31_000, false],
    [31_000, false],
    [-30_000, false],
    [30_000, true],
    [-29_999, true],
    [30_001, false],
  ] as const)(
    "allows ±30 s of skew by default, Kalshi's edges applied: a timestamp %i ms off verifies: %s",
    async (skew, expected) => {
      const result = await verifySignature({
        method: 'GET',
        url,
        headers: await signed(now + skew),
        publicKey: rsa.publicKeyPem,
        now,
      });
      expect(result).toEqual(expected ? { ok: true, keyId: rsa.keyId } : { ok: false, reason: 'stale_timestamp' });
    },
  );

  // The notes are silent on a zero window. `toleranceMs: 0` reads as "no skew allowed": a timestamp equal to `now`
  // verifies (an exclusive past edge alone would refuse every timestamp), one a millisecond off either way does not.
  it.each([
    [0, true],
    [-1, false],
    [1, false],
  ] as const)('toleranceMs: 0 accepts only now: a timestamp %i ms off verifies: %s', async (skew, expected) => {
    const headers = await signed(now + skew);
    const result = await verifySignature({
      method: 'GET',
      url,
      headers,
      publicKey: rsa.publicKeyPem,
      now,
      toleranceMs: 0,
    });
    expect(result).toEqual(expected ? { ok: true, keyId: rsa.keyId } : { ok: false, reason: 'stale_timestamp' });
  });

  it('honours a custom tolerance', async () => {
    const headers = await signed(now - 5_000);
    expect(
      await verifySignature({ method: 'GET', url, headers, publicKey: rsa.publicKeyPem, now, toleranceMs: 1_000 }),
    ).toEqual({
      ok: false,
      reason: 'stale_timestamp',
    });
  });

  it('rejects another method or path as bad_signature', async () => {
    const headers = await signed();
    expect(await verifySignature({ method: 'DELETE', url, headers, publicKey: rsa.publicKeyPem, now })).toEqual({
      ok: false,
      reason: 'bad_signature',
    });
    expect(
      await verifySignature({
        method: 'GET',
        url: '/trade-api/v2/portfolio/fills',
        headers,
        publicKey: rsa.publicKeyPem,
        now,
      }),
    ).toEqual({
      ok: false,
      reason: 'bad_signature',
    });
  });

  // Attack report S-D3: node:http's request (and Express's, Koa's) has the path as its relative `url`: the obvious
  // `url: req` verifies the whole path, and a signature over a path without the first segment is not accepted.
  it("verifies a server's request object, whose url is the path and query", async () => {
    const req = { method: 'GET', url: '/trade-api/v2/portfolio/orders?status=resting', headers: await signed() };
    const check = (request: typeof req) =>
      verifySignature({
        method: request.method,
        url: request,
        headers: request.headers,
        publicKey: rsa.publicKeyPem,
        now,
      });
    expect(await check(req)).toEqual({ ok: true, keyId: rsa.keyId });
    // createSigner refuses to sign a path outside /trade-api/ (E-D18): the short signature is made by hand.
    const signature = sign('sha256', Buffer.from(`${now}GET/v2/portfolio/orders`), {
      key: rsa.privateKeyPem,
      padding: constants.RSA_PKCS1_PSS_PADDING,
      saltLength: 32,
    }).toString('base64');
    const short = { ...req.headers, 'KALSHI-ACCESS-SIGNATURE': signature };
    expect(await check({ ...req, headers: short })).toEqual({ ok: false, reason: 'bad_signature' });
    // The same hand-made signature over the full path verifies: the short one fails for its path alone.
    const full = sign('sha256', Buffer.from(`${now}GET/trade-api/v2/portfolio/orders`), {
      key: rsa.privateKeyPem,
      padding: constants.RSA_PKCS1_PSS_PADDING,
      saltLength: 32,
    }).toString('base64');
    expect(await check({ ...req, headers: { ...req.headers, 'KALSHI-ACCESS-SIGNATURE': full } })).toEqual({
      ok: true,
      keyId: rsa.keyId,
    });
  });

  it('looks keys up by id: unknown ids are unknown_key; Ed25519 keys verify too', async () => {
    const keys = new Map([[ed25519.keyId, ed25519.publicKeyPem]]);
    const lookup = (id: string) => keys.get(id);
    expect(await verifySignature({ method: 'GET', url, headers: await signed(), publicKey: lookup, now })).toEqual({
      ok: false,
      reason: 'unknown_key',
    });
    expect(
      await verifySignature({ method: 'GET', url, headers: await signed(now, ed25519), publicKey: lookup, now }),
    ).toEqual({
      ok: true,
      keyId: ed25519.keyId,
    });
  });
});

// Outside test round 10, R-D1: PublicKeySource is typed structurally (KeyObjectLike), so the d.ts has no node:crypto
// import; node:crypto's KeyObjects, public or private, and a lookup returning one still type-check and verify.
it("takes node:crypto's KeyObjects (public or private, or from a lookup), and no number", async () => {
  const headers = await signed();
  const publicKey = createPublicKey(rsa.publicKeyPem);
  for (const key of [publicKey, createPrivateKey(rsa.privateKeyPem), () => publicKey, async () => publicKey])
    expect(await verifySignature({ method: 'GET', url, headers, publicKey: key, now })).toEqual({
      ok: true,
      keyId: rsa.keyId,
    });
  // @ts-expect-error a number is not a public key
  const refused = () => verifySignature({ method: 'GET', url, headers, publicKey: 123, now });
  expect(refused).toBeTypeOf('function');
});

// Attack round 22, A4: a misspelt toleranceMs fell back to the 30 s default, and NaN, null or a string as `now` or
// `toleranceMs` turned the staleness check off (a year-old signature verified). Kalshi's window is minutes at most
// (kalshi-api-notes §2.2): a verifier that accepts any age checks nothing, so each of these is the caller's mistake.
describe('verifySignature refuses a window it cannot apply, naming the option, before verifying', () => {
  const yearOld = now - 365 * 24 * 3_600_000;
  it.each([
    [
      'toleranceMs: NaN',
      { toleranceMs: Number.NaN },
      'toleranceMs: expected milliseconds, a finite number ≥ 0 (or undefined for 30 s), got NaN',
    ],
    [
      'toleranceMs: null',
      { toleranceMs: null },
      'toleranceMs: expected milliseconds, a finite number ≥ 0 (or undefined for 30 s), got null',
    ],
    [
      'toleranceMs: "30000"',
      { toleranceMs: '30000' },
      'toleranceMs: expected milliseconds, a finite number ≥ 0 (or undefined for 30 s), got a string',
    ],
    [
      'toleranceMs: -1',
      { toleranceMs: -1 },
      'toleranceMs: expected milliseconds, a finite number ≥ 0 (or undefined for 30 s), got -1',
    ],
    [
      'toleranceMs: Infinity',
      { toleranceMs: Number.POSITIVE_INFINITY },
      'toleranceMs: expected milliseconds, a finite number ≥ 0 (or undefined for 30 s), got Infinity',
    ],
    [
      'now: NaN',
      { now: Number.NaN },
      'now: expected epoch milliseconds, a finite number (or undefined for Date.now()), got NaN',
    ],
    [
      "now: 'abc'",
      { now: 'abc' },
      'now: expected epoch milliseconds, a finite number (or undefined for Date.now()), got a string',
    ],
    [
      'now: null',
      { now: null },
      'now: expected epoch milliseconds, a finite number (or undefined for Date.now()), got null',
    ],
    ['toleranceMS: 0 (misspelt)', { toleranceMS: 0 }, 'toleranceMS is not an option; did you mean toleranceMs?'],
    ['tolerance: 0', { tolerance: 0 }, 'tolerance is not an option; did you mean toleranceMs?'],
    ['nwo: now', { nwo: now }, 'nwo is not an option'],
  ])('%s', async (_, extra, named) => {
    const headers = await signed(yearOld);
    const verifying = verifySignature({
      method: 'GET',
      url,
      headers,
      publicKey: rsa.publicKeyPem,
      now,
      ...extra,
    } as never);
    await expect(verifying).rejects.toMatchObject({
      name: 'KalshiAuthError',
      code: 'invalid_argument',
      message: expect.stringContaining(named),
    });
  });

  it('still takes the options left out as undefined (the defaults)', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(now);
    onTestFinished(() => void vi.useRealTimers());
    const headers = await signed(now);
    expect(
      await verifySignature({
        method: 'GET',
        url,
        headers,
        publicKey: rsa.publicKeyPem,
        now: undefined,
        toleranceMs: undefined,
      }),
    ).toEqual({ ok: true, keyId: rsa.keyId });
  });
});

// Attack round 22, A14: a publicKey Node cannot read was OpenSSL's "DECODER routines::unsupported", no option named;
// headers given as entries answered missing_key, as if the request had none.
describe('verifySignature names a publicKey or headers it cannot use', () => {
  it.each([
    ['a string that is no PEM', 'garbage'],
    ['a number', 123],
    ['an object that is no key', { pem: rsa.publicKeyPem }],
  ])('publicKey: %s', async (_, publicKey) => {
    const verifying = verifySignature({ method: 'GET', url, headers: await signed(), publicKey, now } as never);
    await expect(verifying).rejects.toMatchObject({
      code: 'invalid_argument',
      message: expect.stringMatching(/publicKey/),
    });
  });

  it("a lookup's answer that is no key is named as the lookup's", async () => {
    const verifying = verifySignature({ method: 'GET', url, headers: await signed(), publicKey: () => 'garbage', now });
    await expect(verifying).rejects.toMatchObject({
      code: 'invalid_argument',
      message: expect.stringContaining("publicKey (the lookup's answer)"),
    });
  });

  it('headers as an array of entries', async () => {
    const headers = Object.entries(await signed());
    const verifying = verifySignature({ method: 'GET', url, headers, publicKey: rsa.publicKeyPem, now } as never);
    await expect(verifying).rejects.toMatchObject({
      code: 'invalid_argument',
      message: 'verifySignature: headers: expected Headers or a header record, got an array',
    });
  });
});

// Round 33 (A): a public key of a type no Kalshi key has (the spec's ApiKeyType: rsa or ed25519, notes §2.1) threw
// OpenSSL's "operation not supported for this keytype" for an X25519 key, naming no option; an EC key was answered as
// if the request's signature were bad. Both are the caller's mistake, named as the other publicKey mistakes are.
describe('verifySignature names a public key that can never verify a Kalshi signature', () => {
  const types = ['x25519', 'x448', 'ec'] as const;
  const publicPem = (type: (typeof types)[number]) =>
    (generateKeyPairSync as (type: string, options: object) => { publicKey: KeyObject })(type, {
      namedCurve: 'P-256',
    }).publicKey.export({ type: 'spki', format: 'pem' }) as string;

  it.each(types)('%s, given or looked up', async (type) => {
    const pem = publicPem(type);
    for (const [publicKey, where] of [
      [pem, 'publicKey'],
      [createPublicKey(pem), 'publicKey'],
      [() => pem, "publicKey (the lookup's answer)"],
    ] as const) {
      const verifying = verifySignature({ method: 'GET', url, headers: await signed(), publicKey, now });
      await expect(verifying).rejects.toMatchObject({
        code: 'invalid_argument',
        message: `verifySignature: ${where}: ${type} keys cannot verify a Kalshi signature; expected an RSA or Ed25519 public key`,
      });
    }
  });
});
