import { expect, it } from 'vitest';
import { createSigner, isBuiltInSigner } from '../../src';
import { ed25519, rsa } from '../helpers';

// isBuiltInSigner tells a client which signers it may trust not to hang and to return Kalshi's three headers (the
// client skips its per-request checks for them). The notes are silent: a property of this package, not of Kalshi.
it('is true for what createSigner made (RSA and Ed25519, both backends), and for nothing else', async () => {
  const made = [
    await createSigner({ keyId: rsa.keyId, privateKey: rsa.privateKeyPem }),
    await createSigner({ keyId: ed25519.keyId, privateKey: ed25519.privateKeyPem, backend: 'webcrypto' }),
  ];
  for (const signer of made) expect(isBuiltInSigner(signer)).toBe(true);
  const [first] = made;
  if (!first) throw new Error('no signer');
  // A copy or a wrapper is a signer of the caller's: its sign may do anything.
  expect(isBuiltInSigner({ ...first })).toBe(false);
  expect(isBuiltInSigner({ keyId: first.keyId, algorithm: first.algorithm, sign: first.sign })).toBe(false);
  for (const value of [undefined, null, 'signer', 1, {}]) expect(isBuiltInSigner(value)).toBe(false);
  // Its sign swapped for another (a test's spy, say) is a signer of the caller's from then on.
  const original = first.sign;
  first.sign = async (input) => original.call(first, input);
  expect(isBuiltInSigner(first)).toBe(false);
  first.sign = original;
  expect(isBuiltInSigner(first)).toBe(true);
});
