import { describe, expect, it } from 'vitest';
import { createSigner, KalshiAuthError, signRequest, verifySignature } from '../../src';
import { rsa } from '../helpers';

// Outside test round 11, E-D18. kalshi-api-notes §2.1: the string to sign is timestamp + METHOD + "the full URL path
// including /trade-api/v2"; "Signing the short path (/portfolio/balance) … yields 401 INCORRECT_API_KEY_SIGNATURE";
// "Method is uppercase (GET, POST, PUT, DELETE)". §2.5: the WebSocket path is /trade-api/ws/v2. A signature over
// anything else never verifies at Kalshi, so the signer refuses it, naming the field (and, for a path, the fix).

const signer = await createSigner({ keyId: rsa.keyId, privateKey: rsa.privateKeyPem });

async function refusal(run: () => Promise<unknown>): Promise<KalshiAuthError> {
  const error = await run().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(KalshiAuthError);
  return error as KalshiAuthError;
}

describe('the signer refuses what Kalshi can never verify', () => {
  it.each([
    ['/portfolio/balance', '/trade-api/v2/portfolio/balance'],
    ['https://demo-api.kalshi.co/portfolio/balance?limit=5', '/trade-api/v2/portfolio/balance'],
    [new URL('https://demo-api.kalshi.co/v2/portfolio/orders'), '/trade-api/v2/portfolio/orders'],
    ['wss://demo-api.kalshi.co/ws/v2', '/trade-api/ws/v2'],
  ])('a path outside /trade-api/ (%s), naming the full path to sign', async (url, fix) => {
    const error = await refusal(() => signer.sign({ method: 'GET', url }));
    expect(error.code).toBe('unsignable_path');
    expect(error.message).toMatch(/^sign\(\{ url \}\): the path ".*" is outside \/trade-api\//);
    expect(error.message).toContain('INCORRECT_API_KEY_SIGNATURE');
    expect(error.message).toContain(`sign the full path, "${fix}"`);
    expect(error.message).not.toContain('?limit'); // the query is not signed, and not shown
  });

  // Notes §2.1: the signed path is the full one, /trade-api/v2/…; "/trade-apiv2" only starts with the same letters.
  it('a path that starts with the letters /trade-api but is not under /trade-api/', async () => {
    const error = await refusal(() => signer.sign({ method: 'GET', url: '/trade-apiv2/portfolio/balance' }));
    expect(error.code).toBe('unsignable_path');
    expect(error.message).toMatch(
      /^sign\(\{ url \}\): the path "\/trade-apiv2\/portfolio\/balance" is outside \/trade-api\//,
    );
  });

  it.each([
    ['a string that is not a URL', 'not a url'],
    ['a relative path without its leading /', 'trade-api/v2/portfolio/balance'],
    ['a URL that does not parse', 'https://'],
    ['undefined', undefined],
    ['a number', 5],
    ['an object without a url', {}],
  ])('a url that is not a URL or a path (%s)', async (_, url) => {
    const error = await refusal(() => signer.sign({ method: 'GET', url: url as never }));
    expect(error.code).toBe('invalid_url');
    expect(error.message).toMatch(/^sign\(\{ url \}\): expected /);
  });

  it('does not show a URL that does not parse (it may hold anything)', async () => {
    const error = await refusal(() => signer.sign({ method: 'GET', url: 'https://user:hunter2@' }));
    expect(error.message).not.toContain('hunter2');
  });

  it.each([['GET /x'], ['GET\\n'], [''], [undefined], [5]])('not a method (%j)', async (method) => {
    const url = 'https://demo-api.kalshi.co/trade-api/v2/portfolio/balance';
    const error = await refusal(() => signer.sign({ method: method as never, url }));
    expect(error.code).toBe('invalid_method');
    expect(error.message).toMatch(/^sign\(\{ method \}\): .* (GET, POST, PUT, DELETE)/);
  });

  it.each([[undefined], [null], ['GET /trade-api/v2/portfolio/balance']])('no sign input (%j)', async (input) => {
    const error = await refusal(() => signer.sign(input as never));
    expect(error.code).toBe('invalid_argument');
    expect(error.message).toMatch(/^sign\(input\): expected \{ method, url \}/);
  });

  // A method Kalshi does not use is signed as given (the mock's fuzz tests sign PROPFIND to probe its answer).
  it('still signs every method and path Kalshi verifies, in any case of the method, and other registered methods', async () => {
    for (const method of ['GET', 'POST', 'PUT', 'DELETE', 'get', 'delete', 'HEAD', 'PATCH', 'PROPFIND'])
      for (const url of [
        '/trade-api/v2/portfolio/balance',
        'https://demo-api.kalshi.co/trade-api/v2/portfolio/orders?limit=5',
        'wss://demo-api.kalshi.co/trade-api/ws/v2',
        new URL('http://127.0.0.1:4010/trade-api/v2/markets'),
        new Request('http://127.0.0.1:4010/trade-api/v2/markets'),
        { url: '/trade-api/v2/markets?x=1' },
      ])
        await expect(signer.sign({ method, url })).resolves.toHaveProperty('KALSHI-ACCESS-SIGNATURE');
  });
});

describe('misuse is a KalshiAuthError naming the argument, not a TypeError', () => {
  it('createSigner refuses an unknown backend', async () => {
    const error = await refusal(() =>
      createSigner({ keyId: rsa.keyId, privateKey: rsa.privateKeyPem, backend: 'gpu' as never }),
    );
    expect(error.code).toBe('invalid_argument');
    expect(error.message).toBe('backend: "gpu" is not a backend; expected auto, node or webcrypto');
  });

  it('signRequest without a signer or without a request', async () => {
    const request = new Request('https://demo-api.kalshi.co/trade-api/v2/portfolio/balance');
    const noSigner = await refusal(() => (signRequest as (...args: unknown[]) => Promise<Request>)(request));
    expect(noSigner).toMatchObject({ code: 'invalid_argument' });
    expect(noSigner.message).toMatch(/^signRequest\(signer, request\): signer: expected a Signer/);
    const noRequest = await refusal(() => (signRequest as (...args: unknown[]) => Promise<Request>)(signer));
    expect(noRequest.message).toMatch(/^signRequest\(signer, request\): request: expected a Request/);
  });

  // middleware.ts sets the signature headers on the request: a `{ method, url }` without Headers is not a Request.
  it('signRequest with a plain { method, url } object instead of a Request', async () => {
    const plain = { method: 'GET', url: 'https://demo-api.kalshi.co/trade-api/v2/portfolio/balance' };
    const error = await refusal(() => signRequest(signer, plain as unknown as Request));
    expect(error).toMatchObject({ code: 'invalid_argument' });
    expect(error.message).toMatch(/^signRequest\(signer, request\): request: expected a Request/);
  });

  it.each([
    ['no options', undefined, /^verifySignature\(options\): expected \{ method, url, headers, publicKey \}/],
    ['{}', {}, /^verifySignature: method: expected a string/],
    ['no url', { method: 'GET', headers: {}, publicKey: 'x' }, /^verifySignature: url: expected /],
    ['no headers', { method: 'GET', url: '/trade-api/v2/x', publicKey: 'x' }, /^verifySignature: headers: expected/],
    ['no public key', { method: 'GET', url: '/trade-api/v2/x', headers: {} }, /^verifySignature: publicKey: expected/],
  ])('verifySignature with %s', async (_, options, message) => {
    const error = await refusal(() => verifySignature(options as never));
    expect(error.code).toBe('invalid_argument');
    expect(error.message).toMatch(message);
  });

  // The notes are silent on what a server does with a path outside /trade-api/; verifying one is not the signer's
  // case: a server (the mock) answers its own 401 or 404, so verifySignature reports, never throws.
  it('verifySignature still reports a path outside /trade-api/ or an odd method as a failed check', async () => {
    const headers = await signer.sign({ method: 'GET', url: '/trade-api/v2/portfolio/balance' });
    for (const [method, url] of [
      ['GET', '/portfolio/balance'],
      ['PROPFIND', '/trade-api/v2/portfolio/balance'],
    ] as const)
      expect(await verifySignature({ method, url, headers, publicKey: rsa.publicKeyPem })).toEqual({
        ok: false,
        reason: 'bad_signature',
      });
  });
});
