// Outside tester T (attack 9, T-O1): on Node 24 + msw 3 + vitest 5, a `createKalshiClient` with the mock's own valid
// key failed "PEM could not be parsed (error:0680009B:asn1 encoding routines::too long)": an OpenSSL error left on
// the queue by other code, which Node's PEM parsing reads as its own (its next call succeeds). The producer could
// not be reproduced here, so node:crypto's parse is made to fail that way once, as it did there.
import * as realCrypto from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createSigner, KalshiAuthError } from '../../src';
import { rsa } from '../helpers';

const staleOnce = { pending: 0 };
vi.mock('../../src/runtime', async (original) => {
  const actual = await original<typeof import('../../src/runtime')>();
  return {
    ...actual,
    loadNodeCrypto: async () => ({
      ...realCrypto,
      createPrivateKey: (key: Parameters<typeof realCrypto.createPrivateKey>[0]) => {
        if (staleOnce.pending > 0) {
          staleOnce.pending--;
          throw new Error('error:0680009B:asn1 encoding routines::too long');
        }
        return realCrypto.createPrivateKey(key);
      },
    }),
  };
});
afterEach(() => {
  staleOnce.pending = 0;
});

describe('a PEM parse failed by an error left on OpenSSL’s queue', () => {
  it('is parsed again: a good key signs', async () => {
    staleOnce.pending = 1;
    const signer = await createSigner({ keyId: rsa.keyId, privateKey: rsa.privateKeyPem, backend: 'node' });
    const headers = await signer.sign({
      method: 'GET',
      url: 'https://demo-api.kalshi.co/trade-api/v2/portfolio/balance',
    });
    expect(headers['KALSHI-ACCESS-SIGNATURE']).toMatch(/^[A-Za-z0-9+/]+={0,2}$/);
  });

  it('a key that fails twice is still reported malformed, by name', async () => {
    staleOnce.pending = 2;
    const failure = createSigner({ keyId: rsa.keyId, privateKey: rsa.privateKeyPem, backend: 'node' });
    await expect(failure).rejects.toBeInstanceOf(KalshiAuthError);
    await expect(failure).rejects.toMatchObject({ code: 'malformed_pem' });
  });
});
