import { createPrivateKey, generateKeyPairSync, webcrypto } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createSigner, verifySignature } from '../../src';
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
