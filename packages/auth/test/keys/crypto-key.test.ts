import { KeyObject, webcrypto } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createSigner, KalshiAuthError, verifySignature } from '../../src';
import { rsa } from '../helpers';

const pkcs8 = KeyObject.from(
  await webcrypto.subtle.importKey(
    'pkcs8',
    (await import('node:crypto')).createPrivateKey(rsa.privateKeyPem).export({ type: 'pkcs8', format: 'der' }),
    { name: 'RSA-PSS', hash: 'SHA-256' },
    true,
    ['sign'],
  ),
).export({ type: 'pkcs8', format: 'der' });

function importPss(hash: string, extractable = false) {
  return webcrypto.subtle.importKey('pkcs8', pkcs8, { name: 'RSA-PSS', hash }, extractable, ['sign']);
}

afterEach(() => vi.restoreAllMocks());

describe.each(['auto', 'node', 'webcrypto'] as const)('an RSA-PSS CryptoKey (%s backend)', (backend) => {
  it('with SHA-256 signs what Kalshi verifies', async () => {
    const signer = await createSigner({ keyId: rsa.keyId, privateKey: await importPss('SHA-256'), backend });
    const url = '/trade-api/v2/portfolio/balance';
    const headers = await signer.sign({ method: 'GET', url });
    expect(await verifySignature({ method: 'GET', url, headers, publicKey: rsa.publicKeyPem })).toMatchObject({
      ok: true,
    });
  });

  // Kalshi verifies RSA-PSS with SHA-256 (kalshi-api-notes §2.1); subtle.sign would use the key's own hash.
  it.each(['SHA-1', 'SHA-384', 'SHA-512'])('with %s is refused, naming the hash', async (hash) => {
    const error = await createSigner({ keyId: rsa.keyId, privateKey: await importPss(hash), backend }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(KalshiAuthError);
    expect(error).toMatchObject({
      code: 'unsupported_key_type',
      message: `privateKey: an RSA-PSS CryptoKey with hash ${hash} cannot sign for Kalshi; import it with hash SHA-256`,
    });
  });

  // Node 24 deprecates KeyObject.from() for a non-extractable CryptoKey (DEP0204): the key is signed by WebCrypto.
  it('is not converted with the deprecated KeyObject.from', async () => {
    const from = vi.spyOn(KeyObject, 'from');
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on('warning', onWarning);
    try {
      const signer = await createSigner({ keyId: rsa.keyId, privateKey: await importPss('SHA-256'), backend });
      await signer.sign({ method: 'GET', url: '/trade-api/v2/portfolio/balance' });
    } finally {
      process.off('warning', onWarning);
    }
    expect(from).not.toHaveBeenCalled();
    expect(warnings).toEqual([]);
  });
});

// key-input.ts: a CryptoKey is accepted as "RSA-PSS with SHA-256, or Ed25519"; Kalshi verifies RSA-PSS or Ed25519
// (kalshi-api-notes §2.1), so a key of any other algorithm is refused when the signer is made, naming it.
it.each([
  ['ECDSA', () => webcrypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign'])],
  [
    'RSASSA-PKCS1-v1_5',
    () => webcrypto.subtle.importKey('pkcs8', pkcs8, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, false, ['sign']),
  ],
] as const)('a %s CryptoKey is refused as unsupported, by name', async (name, make) => {
  const made = await make();
  const key = 'privateKey' in made ? made.privateKey : made;
  for (const backend of ['auto', 'webcrypto'] as const) {
    const error = await createSigner({ keyId: rsa.keyId, privateKey: key as CryptoKey, backend }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(KalshiAuthError);
    expect(error).toMatchObject({
      code: 'unsupported_key_type',
      message: `privateKey: a ${name} CryptoKey cannot sign; import it as RSA-PSS (SHA-256) or Ed25519`,
    });
  }
});
