import { spawnSync } from 'node:child_process';
import { constants, verify as nodeVerify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createSigner, signingMessage } from '../../src';
import { ed25519, rsa, tempFile } from '../helpers';

const url = 'https://external-api.kalshi.com/trade-api/v2/portfolio/orders?limit=5';
const message = (timestamp: string) => signingMessage(timestamp, 'GET', url);

async function webcryptoVerify(kind: 'rsa' | 'ed25519', publicPem: string, data: string, signature: string) {
  const der = Buffer.from(publicPem.replace(/-----[^-]+-----|\s/g, ''), 'base64');
  const algorithm = kind === 'rsa' ? { name: 'RSA-PSS', hash: 'SHA-256' } : { name: 'Ed25519' };
  const key = await crypto.subtle.importKey('spki', der, algorithm, false, ['verify']);
  const params = kind === 'rsa' ? { name: 'RSA-PSS', saltLength: 32 } : { name: 'Ed25519' };
  return crypto.subtle.verify(params, key, Buffer.from(signature, 'base64'), Buffer.from(data));
}

function opensslVerify(kind: 'rsa' | 'ed25519', publicPem: string, data: string, signature: string): string {
  const pub = tempFile('pub.pem', publicPem);
  const dataFile = tempFile('data.txt', data);
  const sigFile = tempFile('sig.bin', '');
  spawnSync('sh', ['-c', `printf '%s' "$0" | base64 -d > "$1"`, signature, sigFile]);
  const args =
    kind === 'rsa'
      ? [
          'dgst',
          '-sha256',
          '-sigopt',
          'rsa_padding_mode:pss',
          '-sigopt',
          'rsa_pss_saltlen:32',
          '-verify',
          pub,
          '-signature',
          sigFile,
          dataFile,
        ]
      : ['pkeyutl', '-verify', '-pubin', '-inkey', pub, '-rawin', '-in', dataFile, '-sigfile', sigFile];
  const run = spawnSync('openssl', args, { encoding: 'utf8' });
  return `${run.stdout}${run.stderr}`.trim();
}

describe.each([
  ['rsa', rsa, 'RSA-PSS'],
  ['ed25519', ed25519, 'Ed25519'],
] as const)('%s keys', (kind, pair, algorithm) => {
  describe.each(['node', 'webcrypto'] as const)('signed through %s', (backend) => {
    const signed = (async () => {
      const signer = await createSigner({ keyId: pair.keyId, privateKey: pair.privateKeyPem, backend });
      const headers = await signer.sign({ method: 'GET', url, timestamp: 1718000000123 });
      return { signer, headers, signature: headers['KALSHI-ACCESS-SIGNATURE'] };
    })();

    it('uses the key type’s algorithm and sets the three headers', async () => {
      const { signer, headers } = await signed;
      expect(signer.algorithm).toBe(algorithm);
      expect(headers['KALSHI-ACCESS-KEY']).toBe(pair.keyId);
      expect(headers['KALSHI-ACCESS-TIMESTAMP']).toBe('1718000000123');
    });

    it('verifies with node:crypto', async () => {
      const { signature } = await signed;
      const data = Buffer.from(message('1718000000123'));
      const ok =
        kind === 'rsa'
          ? nodeVerify(
              'sha256',
              data,
              { key: pair.publicKeyPem, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 },
              Buffer.from(signature, 'base64'),
            )
          : nodeVerify(null, data, pair.publicKeyPem, Buffer.from(signature, 'base64'));
      expect(ok).toBe(true);
    });

    it('verifies with WebCrypto', async () => {
      const { signature } = await signed;
      expect(await webcryptoVerify(kind, pair.publicKeyPem, message('1718000000123'), signature)).toBe(true);
    });

    it('verifies with the openssl CLI', async () => {
      const { signature } = await signed;
      expect(opensslVerify(kind, pair.publicKeyPem, message('1718000000123'), signature)).toMatch(
        /Verified OK|Signature Verified Successfully/,
      );
    });

    it('fails openssl verification for another message (the check can fail)', async () => {
      const { signature } = await signed;
      expect(opensslVerify(kind, pair.publicKeyPem, message('1718000000124'), signature)).not.toMatch(
        /Verified OK|Signature Verified Successfully/,
      );
    });
  });
});

it('RSA-PSS signatures are randomised: two signatures of one message differ and both verify', async () => {
  const signer = await createSigner({ keyId: rsa.keyId, privateKey: rsa.privateKeyPem });
  const [a, b] = await Promise.all([1, 2].map(() => signer.sign({ method: 'GET', url, timestamp: 1_718_000_000_123 })));
  expect(a?.['KALSHI-ACCESS-SIGNATURE']).not.toBe(b?.['KALSHI-ACCESS-SIGNATURE']);
});
