import { createPrivateKey, createPublicKey, generateKeyPairSync, webcrypto } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createSigner, verifySignature } from '../../src';
import { generateKeyPairSync as generateKalshiKeyPairSync, generateKeyPair } from '../../src/node';
import { pkcs1ToPkcs8 } from '../../src/pkcs8';
import { ed25519, rsa, tempFile } from '../helpers';

const pkcs8 = createPrivateKey(rsa.privateKeyPem).export({ type: 'pkcs8', format: 'pem' }) as string;

async function roundTrip(
  privateKey: Parameters<typeof createSigner>[0]['privateKey'],
  publicKeyPem = rsa.publicKeyPem,
  backend?: 'node' | 'webcrypto',
) {
  const signer = await createSigner({ keyId: 'key-1', privateKey, backend });
  const url = '/trade-api/v2/portfolio/balance';
  const headers = await signer.sign({ method: 'GET', url });
  return verifySignature({ method: 'GET', url, headers, publicKey: publicKeyPem });
}

describe.each(['node', 'webcrypto'] as const)('private key forms (%s backend)', (backend) => {
  it.each([
    ['PKCS#1 PEM, as Kalshi issues it', () => rsa.privateKeyPem],
    ['PKCS#8 PEM', () => pkcs8],
    ['PEM with literal \\n escapes, as in a .env file', () => rsa.privateKeyPem.trim().replace(/\n/g, '\\n')],
    ['quoted PEM with CRLF line ends', () => `"${rsa.privateKeyPem.replace(/\n/g, '\r\n')}"`],
    ['a KeyObject', () => createPrivateKey(rsa.privateKeyPem)],
    ['{ path } of a PEM file', () => ({ path: tempFile('kalshi.pem', rsa.privateKeyPem) })],
  ] as const)('accepts %s', async (_name, key) => {
    expect(await roundTrip(key(), rsa.publicKeyPem, backend)).toMatchObject({ ok: true });
  });

  it('accepts an Ed25519 PKCS#8 PEM', async () => {
    expect(await roundTrip(ed25519.privateKeyPem, ed25519.publicKeyPem, backend)).toMatchObject({ ok: true });
  });
});

it('accepts a WebCrypto CryptoKey', async () => {
  const der = createPrivateKey(rsa.privateKeyPem).export({ type: 'pkcs8', format: 'der' });
  const key = await webcrypto.subtle.importKey('pkcs8', der, { name: 'RSA-PSS', hash: 'SHA-256' }, false, ['sign']);
  expect(await roundTrip(key as CryptoKey, rsa.publicKeyPem, 'webcrypto')).toMatchObject({ ok: true });
  expect(await roundTrip(key as CryptoKey, rsa.publicKeyPem, 'node')).toMatchObject({ ok: true });
});

it('signs with the key it was given, not another (the round trip can fail)', async () => {
  const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({
    type: 'spki',
    format: 'pem',
  }) as string;
  expect(await roundTrip(rsa.privateKeyPem, other)).toEqual({ ok: false, reason: 'bad_signature' });
});

// keygen.ts: "RSA: PKCS#1 `RSA PRIVATE KEY`, as Kalshi issues them", 2048 bits, a UUID key id (kalshi-api-notes §2.1).
// The tests' own key (helpers.ts) comes from it, so the "PKCS#1 PEM, as Kalshi issues it" case above depends on this.
it('generateKeyPair makes an RSA key as Kalshi issues it by default: PKCS#1, 2048 bits, a UUID key id', async () => {
  const pair = await generateKeyPair();
  expect(pair.type).toBe('rsa');
  expect(pair.privateKeyPem).toMatch(/^-----BEGIN RSA PRIVATE KEY-----\n/);
  expect(rsa.privateKeyPem).toMatch(/^-----BEGIN RSA PRIVATE KEY-----\n/);
  expect(createPrivateKey(pair.privateKeyPem).asymmetricKeyDetails?.modulusLength).toBe(2048);
  expect(pair.keyId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  const ed = await generateKeyPair({ type: 'ed25519' });
  expect(ed.privateKeyPem).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
});

// Each pair is a new API key: its own key id (a mock exchange holding several would otherwise look up the wrong public
// key), a public key in SPKI ("PUBLIC KEY", what `POST /api_keys` takes, kalshi-api-notes §2.1) that is the private
// key's own, and the type it was asked for.
it.each(['rsa', 'ed25519'] as const)(
  'generateKeyPair({ type: %j }) makes a new key id and a matching public key',
  async (type) => {
    const [first, second] = [await generateKeyPair({ type }), await generateKeyPair({ type })];
    expect(first.type).toBe(type);
    expect(first.keyId).not.toBe(second.keyId);
    expect(first.publicKeyPem).toMatch(/^-----BEGIN PUBLIC KEY-----\n/);
    const derived = createPublicKey(first.privateKeyPem).export({ type: 'spki', format: 'pem' });
    expect(first.publicKeyPem).toBe(derived);
    expect(second.publicKeyPem).not.toBe(derived);
  },
);

// WebCrypto imports PKCS#8 only (web-backend.ts); a browser's importer may refuse anything but the plain RFC 5208
// PrivateKeyInfo (version 0, rsaEncryption with NULL parameters), which is what node:crypto writes for the same key.
it('wraps a PKCS#1 key as the standard PKCS#8 PrivateKeyInfo, byte for byte', () => {
  const key = createPrivateKey(rsa.privateKeyPem);
  const wrapped = pkcs1ToPkcs8(new Uint8Array(key.export({ type: 'pkcs1', format: 'der' })));
  expect(Buffer.from(wrapped).equals(key.export({ type: 'pkcs8', format: 'der' }))).toBe(true);
});

// Attack round 22, A10/A13: any type but 'rsa' made an Ed25519 key labelled with that type ('RSA', 'rsa-pss'), a
// misspelt key or a string argument made an RSA key, and null crashed inside. Only 'rsa' and 'ed25519' are made.
describe('generateKeyPairSync refuses what it does not make, naming type', () => {
  it.each([
    ['{ type: "RSA" }', { type: 'RSA' }, 'type: "RSA" is not a key type'],
    ['{ type: "rsa-pss" }', { type: 'rsa-pss' }, 'type: "rsa-pss" is not a key type'],
    ['{ type: "foo" }', { type: 'foo' }, "expected 'rsa' or 'ed25519'"],
    ['{ type: null }', { type: null }, 'type: null is not a key type'],
    ['{ typ: "ed25519" }', { typ: 'ed25519' }, 'typ is not an option; did you mean type?'],
    ['{ keyType: "ed25519" }', { keyType: 'ed25519' }, 'keyType is not an option; did you mean type?'],
    ['"ed25519"', 'ed25519', 'expected { type'],
    ['null', null, 'got null'],
  ])('%s', async (_, options, message) => {
    const make = () => generateKalshiKeyPairSync(options as never);
    expect(make).toThrow(expect.objectContaining({ name: 'KalshiAuthError', code: 'invalid_argument' }));
    expect(make).toThrow(message);
    await expect(generateKeyPair(options as never)).rejects.toThrow(message);
  });

  it('makes the key type it names', () => {
    const rsaKey = generateKalshiKeyPairSync({ type: 'rsa' });
    const edKey = generateKalshiKeyPairSync({ type: 'ed25519' });
    expect([rsaKey.type, createPublicKey(rsaKey.publicKeyPem).asymmetricKeyType]).toEqual(['rsa', 'rsa']);
    expect([edKey.type, createPublicKey(edKey.publicKeyPem).asymmetricKeyType]).toEqual(['ed25519', 'ed25519']);
  });
});
