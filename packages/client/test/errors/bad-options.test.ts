import { KalshiAuthError, verifySignature } from '@org/kalshi-auth';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  ClientRateLimiter,
  createKalshiClient,
  KalshiCredentialsError,
  KalshiError,
  KalshiValidationError,
  type RateLimitOption,
} from '../../src';
import { json, key, observedClient, testSigner } from '../helpers';

// "Every failure a caller sees is one of the hierarchy": bad options and bad keys included.
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => error,
  );

describe('rateLimit, checked at createKalshiClient', () => {
  it.each([
    ['gold', 'rateLimit', /tier name \('basic', 'advanced'.*; got 'gold'/],
    [true, 'rateLimit', /got true/],
    [null, 'rateLimit', /got null/],
    [{ read: -1 }, 'rateLimit.read', /must be \{ refillRate, capacity \}; got -1/],
    [{ read: { refillRate: 10, capacity: -1 } }, 'rateLimit.read.capacity', /above 0; got -1/],
    [{ read: { refillRate: 10, capacity: 10 } }, 'rateLimit.write', /got undefined/],
    [
      { read: { refillRate: 10, capacity: 10 }, write: { refillRate: 'fast', capacity: 10 } },
      'rateLimit.write.refillRate',
      /got 'fast'/,
    ],
  ])('%j: KalshiValidationError naming %s', async (rateLimit, field, message) => {
    const error = await failure(createKalshiClient({ rateLimit: rateLimit as RateLimitOption }));
    expect(error).toBeInstanceOf(KalshiValidationError);
    expect(error).toMatchObject({ field });
    expect((error as Error).message).toMatch(message);
    expect(() => new ClientRateLimiter(rateLimit as 'basic')).toThrow(KalshiValidationError);
  });

  it('false and undefined leave it off; a tier name and custom buckets are taken', async () => {
    for (const rateLimit of [
      false,
      undefined,
      'basic',
      { read: { refillRate: 1, capacity: 1 }, write: { refillRate: 1, capacity: 1 } },
    ] as const)
      await expect(createKalshiClient({ rateLimit })).resolves.toBeDefined();
  });
});

describe('credentials that cannot be used', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('a malformed key: KalshiCredentialsError (a KalshiError) with the auth code and cause, no key material', async () => {
    const body = 'AAAAB3NzaC1yc2EAAAADAQABAAABAQC7';
    const privateKey = `-----BEGIN PRIVATE KEY-----\n${body}\n-----END PRIVATE KEY-----\n`;
    const error = await failure(createKalshiClient({ credentials: { keyId: 'k', privateKey } }));
    expect(error).toBeInstanceOf(KalshiCredentialsError);
    expect(error).toBeInstanceOf(KalshiError);
    expect(error).toMatchObject({ code: 'malformed_pem', cause: expect.any(KalshiAuthError) });
    expect((error as Error).message).toMatch(/^privateKey: /);
    expect((error as Error).message).not.toContain(body);
  });

  it("'env' with the variables half set is one too", async () => {
    vi.stubEnv('KALSHI_API_KEY_ID', 'k');
    vi.stubEnv('KALSHI_PRIVATE_KEY', '');
    vi.stubEnv('KALSHI_PRIVATE_KEY_PATH', '');
    const error = await failure(createKalshiClient({ credentials: 'env' }));
    expect(error).toBeInstanceOf(KalshiCredentialsError);
    expect(error).toMatchObject({ code: 'incomplete_env_credentials' });
  });

  // Outside test round 11, E-D9: with 'env' the user wrote no privateKey option; the error names the variable set.
  it.each([
    ['KALSHI_PRIVATE_KEY_PATH', '/nonexistent/kalshi.pem', /^KALSHI_PRIVATE_KEY_PATH: cannot read .* \(ENOENT\)$/],
    ['KALSHI_PRIVATE_KEY', 'nope', /^KALSHI_PRIVATE_KEY: not a PEM/],
  ])("'env' with a bad %s names that variable", async (name, value, message) => {
    vi.stubEnv('KALSHI_API_KEY_ID', key.keyId);
    vi.stubEnv('KALSHI_PRIVATE_KEY', '');
    vi.stubEnv('KALSHI_PRIVATE_KEY_PATH', '');
    vi.stubEnv(name, value);
    const error = await failure(createKalshiClient({ credentials: 'env' }));
    expect(error).toBeInstanceOf(KalshiCredentialsError);
    expect((error as Error).message).toMatch(message);
  });

  it('a signer that throws while signing fails the call once, in the hierarchy, not as a connection to retry', async () => {
    const secret = 'hsm-pin-1234';
    const { client, requests } = await observedClient(() => json({ balance: 1 }), {
      credentials: {
        keyId: key.keyId,
        algorithm: 'RSA-PSS',
        sign: () => Promise.reject(new Error(`token ${secret} expired`)),
      },
    });
    const error = await failure(client.GET('/portfolio/balance'));
    expect(error).toBeInstanceOf(KalshiCredentialsError);
    expect(error).toMatchObject({
      code: 'signing_failed',
      message: 'GetBalance: the signer failed (Error; see cause)',
    });
    expect((error as Error).message).not.toContain(secret);
    expect(requests).toHaveLength(0);
  });

  // Outside testing: a header fetch refuses surfaced as a KalshiConnectionError after every retry (and fetch's own
  // message quotes the value). A caller's bug, not a network fault: refused at once, naming the header only.
  it.each([
    ['a newline in the signature', 'KALSHI-ACCESS-SIGNATURE', 'c2ln\nbmF0dXJl'],
    ['a NUL in the key id', 'KALSHI-ACCESS-KEY', 'k\u0000ey'],
    ['a character beyond U+00FF', 'KALSHI-ACCESS-SIGNATURE', 'c2ln\u2028bmF0dXJl'],
  ])(
    'a signer returning a header value fetch refuses (%s) fails at once, naming the header',
    async (_, name, value) => {
      const sign = vi.fn(async () => ({
        'KALSHI-ACCESS-KEY': key.keyId,
        'KALSHI-ACCESS-TIMESTAMP': '1700000000000',
        'KALSHI-ACCESS-SIGNATURE': 'c2lnbmF0dXJl',
        [name]: value,
      }));
      const { client, requests } = await observedClient(() => json({ balance: 1 }), {
        credentials: { keyId: key.keyId, algorithm: 'RSA-PSS', sign },
      });
      const error = await failure(client.GET('/portfolio/balance'));
      expect(error).toBeInstanceOf(KalshiCredentialsError);
      expect(error).toMatchObject({ code: 'signing_failed' });
      expect((error as Error).message).toBe(`GetBalance: the signer failed (${name} header refused by fetch)`);
      expect((error as Error).message).not.toContain(value);
      expect((error as Error).message).not.toMatch(/bmF0dXJl/);
      expect(sign).toHaveBeenCalledTimes(1);
      expect(requests).toHaveLength(0);
    },
  );

  it('a value fetch accepts once trimmed (a trailing newline) is sent', async () => {
    const { client, requests } = await observedClient(() => json({ balance: 1 }), {
      credentials: {
        keyId: key.keyId,
        algorithm: 'RSA-PSS',
        sign: async () => ({
          'KALSHI-ACCESS-KEY': key.keyId,
          'KALSHI-ACCESS-TIMESTAMP': '1700000000000',
          'KALSHI-ACCESS-SIGNATURE': 'c2lnbmF0dXJl\n',
        }),
      },
    });
    await expect(client.GET('/portfolio/balance')).resolves.toMatchObject({ data: { balance: 1 } });
    expect(requests[0]?.headers.get('kalshi-access-signature')).toBe('c2lnbmF0dXJl');
  });

  it("a signer's own KalshiAuthError keeps its code", async () => {
    const { client } = await observedClient(() => json({ balance: 1 }), {
      credentials: {
        keyId: key.keyId,
        algorithm: 'RSA-PSS',
        sign: () => Promise.reject(new KalshiAuthError('crypto_unavailable', 'no WebCrypto here')),
      },
    });
    const error = await failure(client.GET('/portfolio/balance'));
    expect(error).toBeInstanceOf(KalshiCredentialsError);
    expect(error).toMatchObject({ code: 'crypto_unavailable', message: 'no WebCrypto here' });
  });
});

// Headers fetch cannot send (Fetch §2.2: a value is bytes, without NUL, CR or LF; a name is a token). Outside
// testing (O-D7): such a `userAgent` made every call a "connection failed", retried, and an order never sent ended
// as maybe placed; such a per-call header escaped as a bare TypeError. Both are the caller's mistake, refused before
// anything is sent, naming the option and never showing the value.
describe('headers fetch cannot send', () => {
  it.each([
    ['a character beyond U+00FF', 'мой-бот/1.0'],
    ['CR LF', 'bot/1.0\r\nX-Injected: 1'],
    ['a NUL', 'bot\u00001.0'],
    ['not a string', 42],
  ])('userAgent with %s: KalshiValidationError naming userAgent at createKalshiClient', async (_, userAgent) => {
    const error = await failure(createKalshiClient({ userAgent: userAgent as string }));
    expect(error).toBeInstanceOf(KalshiValidationError);
    expect(error).toMatchObject({ field: 'userAgent' });
    expect((error as Error).message).not.toContain('X-Injected');
  });

  // Attack report S-D6: the check was a regex whose three runs overlap (whitespace matched by each): a value of
  // thousands of spaces then a NUL took seconds to minutes (cubic), blocking the event loop. These values are refused
  // or sent as at any length; were the check to backtrack again, this test would not finish.
  it("long runs of whitespace are checked by fetch's rule, at any length", async () => {
    const spaces = ' '.repeat(50_000);
    const { client, requests } = await observedClient(() => json({ balance: 1 }));
    const refused = await failure(client.GET('/portfolio/balance', { headers: { 'x-trace': `${spaces}\0` } }));
    expect(refused).toMatchObject({ field: 'headers["x-trace"]' });
    const inner = await failure(client.GET('/portfolio/balance', { headers: { 'x-trace': `a${spaces}\nb${spaces}` } }));
    expect(inner).toMatchObject({ field: 'headers["x-trace"]' });
    expect(requests).toHaveLength(0);
    // Fetch drops whitespace, CR and LF included, at either end (Fetch §2.2 "normalize"): sent, trimmed.
    await client.GET('/portfolio/balance', { headers: { 'x-trace': `\r\n${spaces}ok${spaces}\t\n` } });
    expect(requests[0]?.headers.get('x-trace')).toBe('ok');
    expect(await failure(createKalshiClient({ userAgent: `${spaces}\u0100` }))).toMatchObject({ field: 'userAgent' });
  });

  it('a userAgent of Latin-1 characters is sent as given', async () => {
    const { client, requests } = await observedClient(() => json({ balance: 1 }), { userAgent: 'bot/1.0 (café)' });
    await client.GET('/portfolio/balance');
    expect(requests[0]?.headers.get('user-agent')).toBe('bot/1.0 (café)');
  });

  it.each([
    ['a newline in a value', { 'x-trace': 'a\nb' }, 'x-trace'],
    ['a character beyond U+00FF in a value', { 'x-trace': 'ok', 'x-note': 'naïve → ok' }, 'x-note'],
    ['a name that is not a token', { 'x trace': '1' }, 'x trace'],
  ])('a per-call header with %s: KalshiValidationError naming it, nothing sent', async (_, headers, name) => {
    const { client, requests } = await observedClient(() => json({ balance: 1 }));
    const error = await failure(client.GET('/portfolio/balance', { headers }));
    expect(error).toBeInstanceOf(KalshiValidationError);
    expect(error).toMatchObject({ field: `headers[${JSON.stringify(name)}]` });
    expect((error as Error).message).not.toMatch(/a\nb|naïve/);
    expect(requests).toHaveLength(0);
  });
});

// O-D8: fetch refuses a URL with credentials, quoting it (password included) in its error; the client put such a
// baseUrl in every error and in util.inspect(client). Refused at creation, the password never shown.
describe('baseUrl with a user name or password', () => {
  it.each([
    ['https://admin:hunter2pw@gateway.example/trade-api/v2', 'hunter2pw'],
    ['http://admin@127.0.0.1:4010/trade-api/v2', 'admin@'],
    ['https://:hunter2pw@gateway.example/trade-api/v2', 'hunter2pw'], // a password without a user name
  ])('%s: KalshiValidationError naming baseUrl, without the userinfo', async (baseUrl, secret) => {
    const error = await failure(createKalshiClient({ baseUrl }));
    expect(error).toBeInstanceOf(KalshiValidationError);
    expect(error).toMatchObject({ field: 'baseUrl' });
    expect((error as Error).message).toMatch(/user name or password/);
    expect((error as Error).message).not.toContain(secret);
  });

  it("a call's own baseUrl is checked the same way, before sending", async () => {
    const { client, requests } = await observedClient(() => json({ balance: 1 }));
    const error = await failure(client.GET('/portfolio/balance', { baseUrl: 'https://u:hunter2pw@gw.example/v2' }));
    expect(error).toBeInstanceOf(KalshiValidationError);
    expect((error as Error).message).not.toContain('hunter2pw');
    expect(requests).toHaveLength(0);
  });

  // A typo makes the URL unparseable (`https//`, a space in the host): it was quoted whole, password included, as
  // "not an http(s) URL". The userinfo is left out of that message too.
  it.each([
    'https//admin:hunter2pw@gateway.example/trade-api/v2',
    'https://admin:hunter2pw@gate way.example/trade-api/v2',
    'admin:hunter2pw@gateway.example/trade-api/v2',
  ])('%s (not a URL): KalshiValidationError naming baseUrl, without the password', async (baseUrl) => {
    const error = await failure(createKalshiClient({ baseUrl }));
    expect(error).toBeInstanceOf(KalshiValidationError);
    expect(error).toMatchObject({ field: 'baseUrl' });
    expect((error as Error).message).toMatch(/not an http\(s\) URL/);
    expect((error as Error).message).not.toContain('hunter2pw');
    const { client, requests } = await observedClient(() => json({ balance: 1 }));
    const perCall = await failure(client.GET('/portfolio/balance', { baseUrl }));
    expect(perCall).toBeInstanceOf(KalshiValidationError);
    expect((perCall as Error).message).not.toContain('hunter2pw');
    expect(requests).toHaveLength(0);
  });
});

// Verifier V-D2: each operation's path is appended to the base URL; after a query or a fragment it is not the path
// (`/trade-api/v2?region=us/portfolio/balance`), so every call went to the wrong resource.
describe('baseUrl with a query or fragment', () => {
  it.each(['http://127.0.0.1:4010/trade-api/v2?region=us', 'http://127.0.0.1:4010/trade-api/v2#prod'])(
    '%s: KalshiValidationError naming baseUrl, at creation and per call',
    async (baseUrl) => {
      const error = await failure(createKalshiClient({ baseUrl }));
      expect(error).toBeInstanceOf(KalshiValidationError);
      expect(error).toMatchObject({ field: 'baseUrl' });
      expect((error as Error).message).toMatch(/query or fragment/);
      const { client, requests } = await observedClient(() => json({ balance: 1 }));
      expect(await failure(client.GET('/portfolio/balance', { baseUrl }))).toBeInstanceOf(KalshiValidationError);
      expect(requests).toHaveLength(0);
    },
  );
});

// Attack round 31 (D): each operation's path is appended to the base URL, so a doubled slash in it
// (`…/trade-api/v2//`, a copy-paste slip) sent every call to `…/v2//portfolio/balance`, signed over that path. The
// notes are silent on how Kalshi treats an empty path segment; either answer fails (a resource it does not serve, or
// a signature over a path other than the one it verifies, kalshi-api-notes §2.1). Refused, with the URL meant.
describe('baseUrl with an empty path segment (//)', () => {
  it.each([
    ['https://external-api.kalshi.com/trade-api/v2//', 'https://external-api.kalshi.com/trade-api/v2'],
    ['http://127.0.0.1:4010/trade-api//v2', 'http://127.0.0.1:4010/trade-api/v2'],
    ['http://127.0.0.1:4010//trade-api/v2/', 'http://127.0.0.1:4010/trade-api/v2'],
  ])('%s: KalshiValidationError naming baseUrl and the URL meant, at creation and per call', async (baseUrl, meant) => {
    for (const credentials of [undefined, { keyId: key.keyId, privateKey: key.privateKeyPem }]) {
      const error = await failure(createKalshiClient({ baseUrl, credentials }));
      expect(error).toBeInstanceOf(KalshiValidationError);
      expect(error).toMatchObject({ field: 'baseUrl' });
      expect((error as Error).message).toContain(`give "${meant}"`);
    }
    const { client, requests } = await observedClient(() => json({ balance: 1 }));
    expect(await failure(client.GET('/portfolio/balance', { baseUrl }))).toBeInstanceOf(KalshiValidationError);
    expect(requests).toHaveLength(0);
  });

  it('one trailing slash is no empty segment: calls go to …/trade-api/v2/portfolio/balance', async () => {
    const { client, requests } = await observedClient(() => json({ balance: 1, portfolio_value: 1, updated_ts: 1 }), {
      baseUrl: 'https://external-api.kalshi.com/trade-api/v2/',
    });
    await client.GET('/portfolio/balance');
    expect(requests.map((request) => request.url)).toEqual([
      'https://external-api.kalshi.com/trade-api/v2/portfolio/balance',
    ]);
  });
});

// Verifier N2: Kalshi verifies signatures over the full path, /trade-api/v2 included (kalshi-api-notes §2.1), and
// the signer refuses any other path. A baseUrl without it (the mock's origin, `…/trade-api`, `…/v2`) failed every
// signed call with an error naming `sign({ url })`, not the option. Refused at creation, with the URL to give.
describe('baseUrl outside /trade-api/ with a key', () => {
  const credentials = { keyId: key.keyId, privateKey: key.privateKeyPem };
  it.each([
    ['http://127.0.0.1:4010', 'http://127.0.0.1:4010/trade-api/v2'],
    ['http://127.0.0.1:4010/', 'http://127.0.0.1:4010/trade-api/v2'],
    ['http://127.0.0.1:4010/trade-api', 'http://127.0.0.1:4010/trade-api/v2'],
    ['http://127.0.0.1:4010/trade-api/', 'http://127.0.0.1:4010/trade-api/v2'],
    ['https://gw.example/v2', 'https://gw.example/trade-api/v2'],
  ])('%s: KalshiValidationError naming baseUrl and suggesting %s', async (baseUrl, suggested) => {
    const error = await failure(createKalshiClient({ baseUrl, credentials }));
    expect(error).toBeInstanceOf(KalshiValidationError);
    expect(error).toMatchObject({ field: 'baseUrl' });
    expect((error as Error).message).toContain(`give "${suggested}"`);
    // A call's own baseUrl, the same, before sending.
    const { client, requests } = await observedClient(() => json({ balance: 1 }), { credentials });
    const perCall = await failure(client.GET('/portfolio/balance', { baseUrl }));
    expect(perCall).toMatchObject({ field: 'baseUrl' });
    expect(requests).toHaveLength(0);
  });

  it("createSigner's signer is held to it too", async () => {
    const error = await failure(
      createKalshiClient({ baseUrl: 'http://127.0.0.1:4010', credentials: await testSigner() }),
    );
    expect(error).toMatchObject({ field: 'baseUrl' });
  });

  it('taken without credentials (a proxy may map its own path to the API) and with a signer of yours', async () => {
    expect((await createKalshiClient({ baseUrl: 'http://127.0.0.1:4010' })).baseUrl).toBe('http://127.0.0.1:4010');
    // A signer of yours (here one wrapping createSigner's) may sign for a proxy that rewrites the path.
    const inner = await testSigner();
    const signer = { keyId: inner.keyId, algorithm: inner.algorithm, sign: inner.sign.bind(inner) };
    const client = await createKalshiClient({ baseUrl: 'http://127.0.0.1:4010/kalshi', credentials: signer });
    expect(client.baseUrl).toBe('http://127.0.0.1:4010/kalshi');
  });
});

// Round 24, tester A (A2): a key signed requests over cleartext http to any host (a missing "s" in Kalshi's own).
// The signature covers only timestamp, method and path (kalshi-api-notes §2.1), not the body or the query: whoever
// reads it on the way can send another order with it while Kalshi takes its timestamp (±30 s, §2.2). Refused at
// creation and for a call's own baseUrl, except to a loopback host (the mock) and with a mock's key (a mock in a
// container: no real key at stake).
describe('signing over cleartext http', () => {
  const credentials = { keyId: key.keyId, privateKey: key.privateKeyPem };
  const refusal = (host: string) =>
    `baseUrl: http:// to ${host} would send the signature in cleartext, and it covers neither body nor query: whoever reads it can send another order with it for about 30 s. Use https://; a kalshi-mock: on a loopback host (127.0.0.1), or elsewhere with its --credentials-out file whole as credentials`;
  it.each([
    ['http://api.elections.kalshi.com/trade-api/v2', 'api.elections.kalshi.com'],
    ['http://203.0.113.7:8080/trade-api/v2', '203.0.113.7'],
    ['http://localhost.evil.example/trade-api/v2', 'localhost.evil.example'],
    ['http://127.0.0.1.evil.example/trade-api/v2', '127.0.0.1.evil.example'],
    ['http://[::2]/trade-api/v2', '[::2]'],
    // Round 25 verifier: *.localhost may be resolved by mDNS or DNS on Node (D3); 7.240.0.1 is public (D1).
    ['http://mock.localhost/trade-api/v2', 'mock.localhost'],
    ['http://[::ffff:7.240.0.1]/trade-api/v2', '[::ffff:7f0:1]'],
  ])('%s: refused at creation and per call, before sending', async (baseUrl, host) => {
    for (const signed of [credentials, await testSigner()]) {
      const error = await failure(createKalshiClient({ baseUrl, credentials: signed }));
      expect(error).toBeInstanceOf(KalshiValidationError);
      expect((error as Error).message).toBe(refusal(host));
    }
    const { client, requests } = await observedClient(() => json({ balance: 1 }), { credentials });
    const perCall = await failure(client.GET('/portfolio/balance', { baseUrl }));
    expect(perCall).toBeInstanceOf(KalshiValidationError);
    expect((perCall as Error).message).toBe(refusal(host));
    expect(requests).toHaveLength(0);
  });

  it.each([
    'http://127.0.0.1:4010/trade-api/v2',
    'http://127.8.9.10:4010/trade-api/v2',
    'http://localhost:4010/trade-api/v2',
    'http://[::1]:4010/trade-api/v2',
    // ::ffff:127.0.0.1 is 127.0.0.1 over IPv6 (RFC 4291 §2.5.5.2).
    'http://[::ffff:127.0.0.1]:4010/trade-api/v2',
  ])('signs over http to the loopback host of %s', async (baseUrl) => {
    const { client, requests } = await observedClient(() => json({ balance: 1 }), { baseUrl, credentials });
    await client.GET('/portfolio/balance');
    expect(requests[0]?.headers.get('kalshi-access-signature')).toBeTruthy();
  });

  it("signs over http anywhere with a mock's key (kalshi-mock serve's key file, naming its server)", async () => {
    const baseUrl = 'http://kalshi-mock:4010/trade-api/v2';
    const mockKey = { ...credentials, mockServerUrl: baseUrl };
    const { client, requests } = await observedClient(() => json({ balance: 1 }), { baseUrl, credentials: mockKey });
    await client.GET('/portfolio/balance', { baseUrl: 'http://10.0.0.2/trade-api/v2' });
    expect(requests.map((request) => request.url)).toEqual(['http://10.0.0.2/trade-api/v2/portfolio/balance']);
    expect(requests[0]?.headers.get('kalshi-access-signature')).toBeTruthy();
  });

  it('reads public data over http without credentials', async () => {
    const { client, requests } = await observedClient(() => json({ exchange_active: true }), {
      baseUrl: 'http://203.0.113.7/trade-api/v2',
      credentials: undefined,
    });
    await client.GET('/exchange/status');
    expect(requests[0]?.url).toBe('http://203.0.113.7/trade-api/v2/exchange/status');
    expect(requests[0]?.headers.get('kalshi-access-signature')).toBeNull();
  });
});

// Verifier V-D2: a baseUrl relative to the page (a browser app behind its own proxy) or with spaces fetch trims was
// kept as written: fetch resolved it, the signer got the written string and refused every call. Now resolved at
// creation, so the path signed is the one sent (kalshi-api-notes §2.1: the full path).
describe('a baseUrl as fetch will send it', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });
  it.each([
    ['v2', 'https://app.example/trade-api/page', 'https://app.example/trade-api/v2/portfolio/balance'],
    ['../trade-api/v2', 'https://app.example/x/page', 'https://app.example/trade-api/v2/portfolio/balance'],
    ['//gw.example/trade-api/v2', 'https://app.example/', 'https://gw.example/trade-api/v2/portfolio/balance'],
    [' http://127.0.0.1:4010/trade-api/v2 ', undefined, 'http://127.0.0.1:4010/trade-api/v2/portfolio/balance'],
  ])('%j (page %s) is signed over the path sent', async (baseUrl, page, sent) => {
    if (page) vi.stubGlobal('location', { href: page });
    const { client, requests } = await observedClient(() => json({ balance: 1 }), {
      baseUrl,
      credentials: { keyId: key.keyId, privateKey: key.privateKeyPem },
    });
    const { response } = await client.GET('/portfolio/balance');
    expect(response.status).toBe(200);
    expect(requests[0]?.url).toBe(sent);
    const headers = requests[0]?.headers ?? new Headers();
    expect(await verifySignature({ method: 'GET', url: sent, headers, publicKey: key.publicKeyPem })).toEqual({
      ok: true,
      keyId: key.keyId,
    });
  });
});
