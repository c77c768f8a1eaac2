import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createSigner, credentialsFromEnv, KalshiAuthError, redactInspection } from '../../src';
import { generateKeyPairSync } from '../../src/node';
import { ed25519, otherKeys, pemBody, rsa } from '../helpers';

const body = pemBody(rsa.privateKeyPem);
// A distinctive slice of the key's base64 body: if any of it shows up, the key leaked.
const needles = [body.slice(64, 112), body.slice(-96, -48)];

function expectNoKey(text: string) {
  for (const needle of needles) expect(text).not.toContain(needle);
  expect(text).not.toContain('BEGIN RSA PRIVATE KEY');
}

describe('key material never shows', () => {
  it('in util.inspect or JSON of a signer', async () => {
    const signer = await createSigner({ keyId: rsa.keyId, privateKey: rsa.privateKeyPem });
    const shown = `${inspect(signer, { depth: 10, showHidden: false })}\n${JSON.stringify(signer)}`;
    expectNoKey(shown);
    expect(shown).toContain('[REDACTED]');
    expect(shown).toContain(rsa.keyId);
  });

  it('in util.inspect, JSON, spread or String of env credentials', () => {
    const credentials = credentialsFromEnv({ KALSHI_API_KEY_ID: rsa.keyId, KALSHI_PRIVATE_KEY: rsa.privateKeyPem });
    expect(credentials?.privateKey).toBe(rsa.privateKeyPem.trim());
    const shown = [
      inspect(credentials, { depth: 10 }),
      JSON.stringify(credentials),
      JSON.stringify({ ...credentials }),
      String(credentials),
    ].join('\n');
    expectNoKey(shown);
    expect(shown).toContain('[REDACTED]');
  });

  // For an object whose key must survive a spread and JSON (the mock's credentials, handed to createKalshiClient and
  // written to a credentials file): printing it hides the key, the key stays where it is.
  it('in util.inspect of an object given redactInspection, which still spreads and serialises its key', () => {
    const credentials = redactInspection(
      { keyId: rsa.keyId, privateKey: rsa.privateKeyPem, privateKeyPem: rsa.privateKeyPem },
      ['privateKey', 'privateKeyPem'],
      'Credentials',
    );
    const shown = `${inspect(credentials, { depth: 10 })}\n${inspect({ nested: [credentials] }, { depth: 10 })}`;
    expectNoKey(shown);
    expect(shown.startsWith('Credentials {')).toBe(true);
    for (const field of [`keyId: '${rsa.keyId}'`, "privateKey: '[REDACTED]'", "privateKeyPem: '[REDACTED]'"])
      expect(shown).toContain(field);
    expect({ ...credentials }.privateKey).toBe(rsa.privateKeyPem);
    expect(JSON.parse(JSON.stringify(credentials)).privateKeyPem).toBe(rsa.privateKeyPem);
  });

  // A generated pair is printed to see its keyId or public key (a test's, a script registering the key): its private
  // key shows `[REDACTED]`, as a mock user's does, and stays in place for createSigner, a spread and JSON.
  it('in util.inspect of a generated key pair, which still spreads and serialises its private key', () => {
    for (const pair of [rsa, ed25519, generateKeyPairSync()]) {
      const body = pemBody(pair.privateKeyPem);
      const shown = `${inspect(pair, { depth: 10 })}\n${inspect({ nested: [pair] }, { depth: 10 })}`;
      for (const needle of [body.slice(16, 48), body.slice(-48, -16)]) expect(shown).not.toContain(needle);
      expect(shown).not.toContain('PRIVATE KEY');
      for (const field of [`keyId: '${pair.keyId}'`, "privateKeyPem: '[REDACTED]'", 'publicKeyPem:'])
        expect(shown).toContain(field);
      expect({ ...pair }.privateKeyPem).toBe(pair.privateKeyPem);
      expect(JSON.parse(JSON.stringify(pair)).privateKeyPem).toBe(pair.privateKeyPem);
      expect(pair.privateKeyPem).toContain('PRIVATE KEY-----');
    }
  });

  it('in errors about swapped arguments (the PEM given as key id)', async () => {
    const error = (await createSigner({ keyId: rsa.privateKeyPem, privateKey: rsa.keyId }).catch(
      (e: unknown) => e,
    )) as KalshiAuthError;
    expectNoKey(`${error.message}\n${error.stack}\n${inspect(error)}\n${JSON.stringify(error)}`);
  });

  it('in errors about an encrypted or malformed key', async () => {
    for (const privateKey of [otherKeys.encrypted, rsa.privateKeyPem.replace('MII', 'XX')]) {
      const error = (await createSigner({ keyId: 'k', privateKey }).catch((e: unknown) => e)) as KalshiAuthError;
      expect(error).toBeInstanceOf(KalshiAuthError);
      const text = `${error.message}\n${error.stack}\n${inspect(error)}`;
      for (const needle of [pemBody(privateKey).slice(64, 112)]) expect(text).not.toContain(needle);
    }
  });

  it('in the signer after signing (the signature is returned, not kept)', async () => {
    const signer = await createSigner({ keyId: rsa.keyId, privateKey: rsa.privateKeyPem });
    const headers = await signer.sign({ method: 'GET', url: '/trade-api/v2/portfolio/balance' });
    expect(inspect(signer, { depth: 10 })).not.toContain(headers['KALSHI-ACCESS-SIGNATURE']);
  });
});
