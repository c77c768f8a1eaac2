// A PEM whose BEGIN/END label says one private key encoding while its body is the other: a PKCS#1 RSAPrivateKey under
// "PRIVATE KEY" (PKCS#8's label), or a PKCS#8 PrivateKeyInfo under "RSA PRIVATE KEY" (a label edited by hand, as a
// tool or a forum answer asked). Kalshi issues both forms (kalshi-api-notes §2.1: PEM "RSA PRIVATE KEY"/PKCS#8) and
// verifies the signature with the registered public key only, so the key inside is good. node:crypto signed with the
// second and refused the first ("DECODER routines::unsupported"); WebCrypto refused the second ("DataError") and named
// the first, an RSA key, as "this key type is not supported; use RSA or Ed25519". The notes are silent on edited
// labels; a careful user expects one PEM to behave the same on both backends, and an RSA key never to be called
// unsupported: the body says what the key is, and it signs as the key it is.
import { createPrivateKey, createPublicKey, constants as rsaConstants, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createSigner } from '../../src';
import { rsa } from '../helpers';

const pkcs8 = createPrivateKey(rsa.privateKeyPem).export({ type: 'pkcs8', format: 'pem' }) as string;
const MISLABELLED: [string, string][] = [
  ['a PKCS#1 body under "PRIVATE KEY"', rsa.privateKeyPem.replace(/RSA PRIVATE KEY/g, 'PRIVATE KEY')],
  ['a PKCS#8 body under "RSA PRIVATE KEY"', pkcs8.replace(/PRIVATE KEY/g, 'RSA PRIVATE KEY')],
];

describe.each(['node', 'webcrypto'] as const)('%s backend', (backend) => {
  it.each(MISLABELLED)('%s signs as the RSA key it is', async (_, pem) => {
    const signer = await createSigner({ keyId: rsa.keyId, privateKey: pem, backend });
    expect(signer.algorithm).toBe('RSA-PSS');
    const headers = await signer.sign({ method: 'GET', url: '/trade-api/v2/portfolio/balance' });
    // Checked with node:crypto directly against the registered public key (RSA-PSS, SHA-256, salt 32: notes §2.1).
    const message = `${headers['KALSHI-ACCESS-TIMESTAMP']}GET/trade-api/v2/portfolio/balance`;
    const verified = verify(
      'sha256',
      Buffer.from(message),
      { key: createPublicKey(rsa.publicKeyPem), padding: rsaConstants.RSA_PKCS1_PSS_PADDING, saltLength: 32 },
      Buffer.from(headers['KALSHI-ACCESS-SIGNATURE'], 'base64'),
    );
    expect(verified).toBe(true);
  });
});
