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

  it('a good key is still taken', async () => {
    await expect(createSigner({ keyId: rsa.keyId, privateKey: rsa.privateKeyPem, backend })).resolves.toMatchObject({
      algorithm: 'RSA-PSS',
    });
  });
});
