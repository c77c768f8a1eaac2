import { expect, it } from 'vitest';
import { createSigner, credentialsFromEnv, KalshiAuthError } from '../../src';
import { rsa, tempFile } from '../helpers';

it('returns undefined when no Kalshi variable is set', () => {
  expect(credentialsFromEnv({ PATH: '/usr/bin' })).toBeUndefined();
});

it('reads the key id and a PEM (with \\n escapes) into credentials a signer accepts', async () => {
  const credentials = credentialsFromEnv({
    KALSHI_API_KEY_ID: rsa.keyId,
    KALSHI_PRIVATE_KEY: rsa.privateKeyPem.replace(/\n/g, '\\n'),
  });
  expect(credentials?.keyId).toBe(rsa.keyId);
  const signer = await createSigner(credentials!);
  expect(signer.keyId).toBe(rsa.keyId);
});

it('reads a key path', async () => {
  const path = tempFile('key.pem', rsa.privateKeyPem);
  const credentials = credentialsFromEnv({ KALSHI_API_KEY_ID: rsa.keyId, KALSHI_PRIVATE_KEY_PATH: path });
  expect(credentials?.privateKey).toEqual({ path });
  await expect(createSigner(credentials!)).resolves.toMatchObject({ algorithm: 'RSA-PSS' });
});

it.each([
  [{ KALSHI_API_KEY_ID: 'k' }, /neither KALSHI_PRIVATE_KEY \(PEM\) nor KALSHI_PRIVATE_KEY_PATH is/],
  [{ KALSHI_PRIVATE_KEY: 'pem' }, /KALSHI_API_KEY_ID is not set, but KALSHI_PRIVATE_KEY is/],
  [{ KALSHI_PRIVATE_KEY_PATH: '/k.pem' }, /KALSHI_API_KEY_ID is not set, but KALSHI_PRIVATE_KEY_PATH is/],
])('names what is missing when only half is set: %j', (env, message) => {
  expect(() => credentialsFromEnv(env)).toThrow(KalshiAuthError);
  expect(() => credentialsFromEnv(env)).toThrow(message);
});

// Tester O (observed): with both set, the PEM signed and the path was ignored, silently; after a key rotation that
// updated only one of them, every request failed as a bad signature. The notes are silent (these are our names).
it('refuses KALSHI_PRIVATE_KEY and KALSHI_PRIVATE_KEY_PATH set together, naming both, showing neither', () => {
  const env = {
    KALSHI_API_KEY_ID: rsa.keyId,
    KALSHI_PRIVATE_KEY: rsa.privateKeyPem,
    KALSHI_PRIVATE_KEY_PATH: '/k.pem',
  };
  const error = (() => {
    try {
      credentialsFromEnv(env);
    } catch (e) {
      return e as KalshiAuthError;
    }
  })();
  expect(error).toMatchObject({ code: 'ambiguous_env_credentials' });
  expect(error?.message).toMatch(/KALSHI_PRIVATE_KEY and KALSHI_PRIVATE_KEY_PATH are both set/);
  expect(error?.message).not.toContain('/k.pem');
  expect(error?.message).not.toContain('PRIVATE KEY-----');
});
