// Property-based comparison of the node:crypto and WebCrypto backends (round 33, A): for any request the SDK may be
// asked to sign (lowercase methods, odd but legal paths with percent-encoding, non-ASCII, trailing slashes, queries
// and fragments), both backends sign the same message (kalshi-api-notes §2.1: timestamp + METHOD + path without the
// query), each one's signature verifies under the other's crypto with PSS salt length 32, Ed25519's (deterministic,
// RFC 8032) are byte-identical, and the path signed is the one fetch puts on the wire.
import { constants, createPrivateKey, generateKeyPairSync, type KeyObject, verify as nodeVerify } from 'node:crypto';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSigner, KalshiAuthError, type Signer, verifySignature } from '../../src';
import { pkcs8KeyType } from '../../src/pkcs8';
import { ed25519, rsa } from '../helpers';

const segment = fc.oneof(
  fc.webSegment(),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 6 }).map(encodeURIComponent),
  fc.constantFrom(
    '%2F',
    '%25',
    'a%20b',
    'é',
    '日本',
    '~',
    'A-B_C.D',
    '',
    '.',
    '..',
    '%2e',
    '%2E%2E',
    'a b',
    '\\',
    '|',
    '"',
    '{x}',
    '[',
    '^',
    '`',
    "'",
    '%zz',
    '\t',
  ),
);
const path = fc
  .tuple(fc.array(segment, { maxLength: 5 }), fc.boolean())
  .map(([parts, slash]) => `/trade-api/v2/${parts.join('/')}${slash ? '/' : ''}`)
  // `..` segments may climb out of /trade-api/, which the signer refuses (unsignable_path): not this test's subject.
  .filter((p) => new URL(p, 'http://localhost').pathname.startsWith('/trade-api/'));
const query = fc.option(
  fc.webQueryParameters().map((q) => `?${q}`),
  { nil: '' },
);
const fragment = fc.option(
  fc.webFragments().map((f) => `#${f}`),
  { nil: '' },
);
const method = fc.constantFrom('GET', 'get', 'Post', 'PUT', 'delete');
const timestamp = fc.integer({ min: 1e12, max: 4e12 });

const signers = async (privateKey: string) => ({
  node: await createSigner({ keyId: 'k', privateKey, backend: 'node' }),
  web: await createSigner({ keyId: 'k', privateKey, backend: 'webcrypto' }),
});

async function webVerify(publicPem: string, kind: 'rsa' | 'ed25519', data: string, signature: string) {
  const der = Buffer.from(publicPem.replace(/-----[^-]+-----|\s/g, ''), 'base64');
  const algorithm = kind === 'rsa' ? { name: 'RSA-PSS', hash: 'SHA-256' } : { name: 'Ed25519' };
  const key = await crypto.subtle.importKey('spki', der, algorithm, false, ['verify']);
  const params = kind === 'rsa' ? { name: 'RSA-PSS', saltLength: 32 } : { name: 'Ed25519' };
  return crypto.subtle.verify(params, key, Buffer.from(signature, 'base64'), Buffer.from(data));
}

function strictNodeVerify(publicPem: string, kind: 'rsa' | 'ed25519', data: string, signature: string) {
  const bytes = Buffer.from(signature, 'base64');
  return kind === 'ed25519'
    ? nodeVerify(null, Buffer.from(data), publicPem, bytes)
    : nodeVerify(
        'sha256',
        Buffer.from(data),
        { key: publicPem, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 },
        bytes,
      );
}

let server: ReturnType<typeof createServer>;
let origin: string;
const received: string[] = [];
beforeAll(async () => {
  server = createServer((request, response) => {
    received.push(request.url ?? '');
    response.end();
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

describe.each([
  ['rsa', rsa],
  ['ed25519', ed25519],
] as const)('%s key', (kind, pair) => {
  let both: { node: Signer; web: Signer };
  beforeAll(async () => {
    both = await signers(pair.privateKeyPem);
  });

  it("each backend's signature verifies under the other's crypto, and under verifySignature", async () => {
    await fc.assert(
      fc.asyncProperty(method, path, query, fragment, timestamp, async (m, p, q, f, ts) => {
        const url = `https://demo-api.kalshi.co${p}${q}${f}`;
        const fromNode = await both.node.sign({ method: m, url, timestamp: ts });
        const fromWeb = await both.web.sign({ method: m, url, timestamp: ts });
        expect(fromWeb['KALSHI-ACCESS-TIMESTAMP']).toBe(fromNode['KALSHI-ACCESS-TIMESTAMP']);
        const data = `${ts}${m.toUpperCase()}${new URL(url).pathname}`;
        for (const headers of [fromNode, fromWeb]) {
          const signature = headers['KALSHI-ACCESS-SIGNATURE'];
          expect(strictNodeVerify(pair.publicKeyPem, kind, data, signature)).toBe(true);
          expect(await webVerify(pair.publicKeyPem, kind, data, signature)).toBe(true);
          const result = await verifySignature({ method: m, url, headers, publicKey: pair.publicKeyPem, now: ts });
          expect(result).toEqual({ ok: true, keyId: 'k' });
        }
        // Ed25519 signatures are deterministic (RFC 8032): the two backends give the same bytes.
        if (kind === 'ed25519') expect(fromWeb['KALSHI-ACCESS-SIGNATURE']).toBe(fromNode['KALSHI-ACCESS-SIGNATURE']);
      }),
      { numRuns: kind === 'rsa' ? 60 : 150 },
    );
  });

  it('a URL string, a URL object and a Request sign the same path, the one fetch sends to the server', async () => {
    await fc.assert(
      fc.asyncProperty(path, query, fragment, async (p, q, f) => {
        const url = `${origin}${p}${q}${f}`;
        const ts = 1718000000123;
        const asString = await both.node.sign({ method: 'GET', url, timestamp: ts });
        const asUrl = await both.web.sign({ method: 'GET', url: new URL(url), timestamp: ts });
        const asRequest = await both.node.sign({ method: 'GET', url: new Request(url), timestamp: ts });
        received.length = 0;
        await fetch(url, { headers: asString });
        const [sent = ''] = received;
        const onWire = sent.split('?')[0];
        const data = `${ts}GET${onWire}`;
        for (const headers of [asString, asUrl, asRequest])
          expect(strictNodeVerify(pair.publicKeyPem, kind, data, headers['KALSHI-ACCESS-SIGNATURE'])).toBe(true);
        // The server's own request (node:http: a relative url, as received) verifies.
        const result = await verifySignature({
          method: 'GET',
          url: { url: sent },
          headers: asString,
          publicKey: pair.publicKeyPem,
          now: ts,
        });
        expect(result.ok).toBe(true);
      }),
      { numRuns: 40 },
    );
  });

  it('concurrent signatures from both backends all verify', async () => {
    const urls = Array.from({ length: 40 }, (_, i) => `/trade-api/v2/markets/T-${i}?limit=${i}`);
    const all = await Promise.all(
      urls.flatMap((url, i) =>
        [both.node, both.web].map(async (signer) => ({
          url,
          headers: await signer.sign({ method: 'GET', url, timestamp: 1718000000000 + i }),
        })),
      ),
    );
    for (const { url, headers } of all) {
      const data = `${headers['KALSHI-ACCESS-TIMESTAMP']}GET${url.split('?')[0]}`;
      expect(strictNodeVerify(pair.publicKeyPem, kind, data, headers['KALSHI-ACCESS-SIGNATURE'])).toBe(true);
    }
  });
});

// Round 33 (A): the two backends named the same bad key differently. WebCrypto's found no RSA or Ed25519 OID and said
// "this key type is not supported" where node:crypto named the type (x25519, ed448, dsa, rsa-pss, ec); and a typo in
// the key's AlgorithmIdentifier (an OID no one knows: a damaged key) was unsupported_key_type there, malformed_pem on
// node:crypto. A key's error must not depend on the runtime the same code runs on.
describe('the same bad key gets the same error from both backends', () => {
  const outcome = (privateKey: unknown, backend: 'node' | 'webcrypto') =>
    createSigner({ keyId: 'k', privateKey: privateKey as never, backend }).then(
      (signer) => ({ ok: signer.algorithm }),
      (error: unknown) =>
        error instanceof KalshiAuthError
          ? { code: error.code, message: error.message }
          : { raw: `${(error as Error).name}: ${(error as Error).message}` },
    );
  // Any type generateKeyPairSync makes, with the options each needs (the others are ignored).
  const generate = generateKeyPairSync as (type: string, options: object) => { privateKey: KeyObject };
  const pkcs8 = (type: string) =>
    generate(type, { modulusLength: 2048, namedCurve: 'P-256', divisorLength: 256 }).privateKey.export({
      type: 'pkcs8',
      format: 'pem',
    }) as string;

  it.each(['x25519', 'x448', 'ed448', 'dsa', 'rsa-pss', 'ec'] as const)(
    'a %s key, as PEM and as a KeyObject: unsupported, named by its type',
    async (type) => {
      const pem = pkcs8(type);
      for (const privateKey of [pem, createPrivateKey(pem)]) {
        const node = await outcome(privateKey, 'node');
        expect(node).toEqual({
          code: 'unsupported_key_type',
          message: `privateKey: ${type} keys are not supported; use RSA or Ed25519`,
        });
        expect(await outcome(privateKey, 'webcrypto')).toEqual(node);
      }
    },
  );

  it.each([
    [
      'an RSA key, PKCS#1',
      createPrivateKey(rsa.privateKeyPem).export({ type: 'pkcs1', format: 'pem' }) as string,
      rsa,
      'rsa',
    ],
    [
      'an RSA key, PKCS#8',
      createPrivateKey(rsa.privateKeyPem).export({ type: 'pkcs8', format: 'pem' }) as string,
      rsa,
      'rsa',
    ],
    ['an Ed25519 key', ed25519.privateKeyPem, ed25519, 'ed25519'],
  ] as const)(
    '%s with any one base64 character changed: the same outcome (a KalshiAuthError or a signer)',
    async (_n, pem, pair, kind) => {
      const lines = pem.trim().split('\n');
      const body = lines.slice(1, -1).join('');
      const der = Buffer.from(body, 'base64');
      const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
      await fc.assert(
        fc.asyncProperty(
          // The head (outer SEQUENCE, version, AlgorithmIdentifier) half the time: where the backends parse differently.
          fc.oneof(fc.nat(40), fc.nat(body.length - 1)),
          fc.constantFrom(...alphabet),
          async (at, char) => {
            const changed = `${body.slice(0, at)}${char}${body.slice(at + 1)}`.match(/.{1,64}/g)?.join('\n');
            const damaged = `${lines[0]}\n${changed}\n${lines.at(-1)}\n`;
            const node = await outcome(damaged, 'node');
            const web = await outcome(damaged, 'webcrypto');
            expect(node).not.toHaveProperty('raw');
            expect(web).not.toHaveProperty('raw');
            // A typo that turns the OID into another listed one (rsa into rsa-pss: one bit) is a key of that type to
            // WebCrypto's reading, unsupported, and a damaged one to node:crypto's parser (rsa-pss's parameters are then
            // wrong), malformed: both refuse it, in words each can stand by.
            const retyped =
              pkcs8KeyType(Buffer.from(changed?.replace(/\n/g, '') ?? '', 'base64')) !== pkcs8KeyType(der);
            if (retyped && !('ok' in node)) expect(web).not.toHaveProperty('ok');
            else if ('ok' in node && !('ok' in web)) {
              // node:crypto ignores a typo in what no signature uses (the NULL parameters of PKCS#8's rsaEncryption),
              // where WebCrypto's stricter import refuses the key: sound only if the key node:crypto took is the real
              // one, whose signatures verify with the registered public key.
              expect(web.code).toBe('malformed_pem');
              const signer = await createSigner({ keyId: 'k', privateKey: damaged, backend: 'node' });
              const headers = await signer.sign({ method: 'GET', url: '/trade-api/v2/x', timestamp: 1718000000123 });
              const data = '1718000000123GET/trade-api/v2/x';
              expect(strictNodeVerify(pair.publicKeyPem, kind, data, headers['KALSHI-ACCESS-SIGNATURE'])).toBe(true);
            } else expect('ok' in web ? web : web.code).toEqual('ok' in node ? node : node.code);
          },
        ),
        { numRuns: 150 },
      );
    },
    // 150 key imports on each backend: about 10 s of CPU, past the 30 s default on a loaded machine running the line.
    120_000,
  );
});
