import { expect, it } from 'vitest';
import { builtInSign, createSigner } from '../../src';
import { ed25519, rsa } from '../helpers';

// builtInSign hands a client the sign function it may trust not to hang and to return Kalshi's three headers (the
// client skips its per-request checks for it). The notes are silent: a property of this package, not of Kalshi.
it("is createSigner's own sign (RSA and Ed25519, both backends), and undefined for any other signer", async () => {
  const made = [
    await createSigner({ keyId: rsa.keyId, privateKey: rsa.privateKeyPem }),
    await createSigner({ keyId: ed25519.keyId, privateKey: ed25519.privateKeyPem, backend: 'webcrypto' }),
  ];
  for (const signer of made) expect(builtInSign(signer)).toBe(signer.sign);
  const [first] = made;
  if (!first) throw new Error('no signer');
  // A copy or a wrapper is a signer of the caller's: its sign may do anything.
  expect(builtInSign({ ...first })).toBeUndefined();
  expect(builtInSign({ keyId: first.keyId, algorithm: first.algorithm, sign: first.sign })).toBeUndefined();
  for (const value of [undefined, null, 'signer', 1, {}]) expect(builtInSign(value)).toBeUndefined();
  // Its sign swapped for another (a test's spy, say) is a signer of the caller's from then on; put back, its own.
  const original = first.sign;
  first.sign = async (input) => original(input);
  expect(builtInSign(first)).toBeUndefined();
  first.sign = original;
  expect(builtInSign(first)).toBe(original);
  // The function handed out signs by itself (no `this`): a client calls it, not whatever `sign` is later.
  const headers = await original({ method: 'GET', url: 'https://x.test/trade-api/v2/portfolio/balance' });
  expect(headers['KALSHI-ACCESS-KEY']).toBe(rsa.keyId);
});
