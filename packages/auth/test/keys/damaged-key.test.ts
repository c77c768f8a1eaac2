// A PEM with one character changed (a typo copying it by hand, a bad paste) whose body is still valid base64 may still
// parse: an RSA private key carries its modulus, its exponents and its primes, and neither node:crypto nor WebCrypto
// checks them against each other on import. Where the change lands in the modulus or the private exponent, every
// signature is wrong, and every request is answered 401 INCORRECT_API_KEY_SIGNATURE (kalshi-api-notes §2.3), which
// names neither the key nor what is wrong with it. A damaged key must be named when the signer is created, before
// any request is sent, as every other bad key is.
import { createPrivateKey, createPublicKey, constants as rsaConstants, sign, verify } from 'node:crypto';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createSigner, KalshiAuthError } from '../../src';
import { pemBody, rsa } from '../helpers';

/**
 * The test key's PKCS#1 PEM with one base64 character of its modulus changed to another valid one. RSAPrivateKey is
 * SEQUENCE { version, modulus (257 bytes for 2048 bits), publicExponent, privateExponent, … }: base64 characters 20 to
 * 340 encode modulus bytes.
 */
function withModulusTypo(pem: string, at: number): string {
  const lines = pem.split('\n');
  const line = 1 + Math.floor(at / 64);
  const column = at % 64;
  const text = lines[line] as string;
  const typo = text[column] === 'A' ? 'B' : 'A';
  lines[line] = text.slice(0, column) + typo + text.slice(column + 1);
  return lines.join('\n');
}

const damaged = withModulusTypo(rsa.privateKeyPem, 130);

/**
 * The test key with its modulus's last byte made even (a one-character typo where the change lands in its low bit):
 * no RSA modulus is even, and signing with it fails inside OpenSSL (BN "no inverse") rather than signing wrongly.
 * RSAPrivateKey's modulus INTEGER follows the outer SEQUENCE's 4 header bytes and the version's 3; its length is
 * 0x82 0x01 0x01 (257 bytes) for 2048 bits.
 */
function withEvenModulus(pem: string): string {
  const der = Buffer.from(pemBody(pem), 'base64');
  expect([...der.subarray(7, 11)]).toEqual([0x02, 0x82, 0x01, 0x01]);
  const last = 11 + 257 - 1;
  der[last] = (der[last] as number) & 0xfe;
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return ['-----BEGIN RSA PRIVATE KEY-----', ...lines, '-----END RSA PRIVATE KEY-----', ''].join('\n');
}

it('the damaged PEM still parses, and its signatures do not verify with the registered public key', () => {
  // What the test stands on: without a check, this key signs, wrongly (RSA-PSS, SHA-256, salt 32: notes §2.1).
  const options = { padding: rsaConstants.RSA_PKCS1_PSS_PADDING, saltLength: 32 };
  const signature = sign('sha256', Buffer.from('m'), { key: createPrivateKey(damaged), ...options });
  expect(verify('sha256', Buffer.from('m'), { key: createPublicKey(rsa.publicKeyPem), ...options }, signature)).toBe(
    false,
  );
});

describe.each(['node', 'webcrypto'] as const)('a damaged RSA key (%s backend)', (backend) => {
  it('is refused by createSigner, named as damaged, before any request', async () => {
    const error = await createSigner({ keyId: rsa.keyId, privateKey: damaged, backend }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(KalshiAuthError);
    expect(error).toMatchObject({ code: 'malformed_pem', message: expect.stringMatching(/^privateKey: .*damaged/) });
    // Never any of the key (errors are logged and reported).
    const shown = `${inspect(error, { showHidden: true, depth: 9 })} ${JSON.stringify(error)} ${(error as Error).stack}`;
    for (let i = 0; i + 24 <= pemBody(damaged).length; i += 24)
      expect(shown).not.toContain(pemBody(damaged).slice(i, i + 24));
  });

  // Round 33 (A): where the typo leaves an even modulus, the key check's own signature threw OpenSSL's
  // ERR_OSSL_BN_NO_INVERSE (node) or WebCrypto's OperationError, out of createSigner as it was: not a KalshiAuthError,
  // naming neither the key nor what is wrong with it.
  it('one whose typo leaves an even modulus (signing fails, not signs wrongly) is named as damaged too', async () => {
    const error = await createSigner({
      keyId: rsa.keyId,
      privateKey: withEvenModulus(rsa.privateKeyPem),
      backend,
    }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(KalshiAuthError);
    expect(error).toMatchObject({ code: 'malformed_pem', message: expect.stringMatching(/^privateKey: .*damaged/) });
  });

  it('a good key is still taken', async () => {
    await expect(createSigner({ keyId: rsa.keyId, privateKey: rsa.privateKeyPem, backend })).resolves.toMatchObject({
      algorithm: 'RSA-PSS',
    });
  });
});
