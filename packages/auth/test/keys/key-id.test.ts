import { describe, expect, it } from 'vitest';
import { createSigner, credentialsFromEnv, KalshiAuthError } from '../../src';
import { rsa } from '../helpers';

// Kalshi's key ids are UUIDs (kalshi-api-notes §2.1), sent as the KALSHI-ACCESS-KEY header: a value fetch cannot
// send must be named at creation, not found by every request failing as a "connection" error.
const uuid = '11111111-2222-3333-4444-555555555555';

async function refusal(keyId: string) {
  const error = await createSigner({ keyId, privateKey: rsa.privateKeyPem }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(KalshiAuthError);
  return error as KalshiAuthError;
}

describe('a key id that cannot be a header value is refused at creation', () => {
  it.each([
    ['a zero-width space (copy-paste)', `${uuid}\u200b`, 37, 'U+200B'],
    ['a non-breaking hyphen', uuid.replace('-', '\u2011'), 9, 'U+2011'],
    ['an inner newline', `${uuid.slice(0, 8)}\n${uuid.slice(8)}`, 9, 'U+000A'],
    ['a NUL', `${uuid}\0`, 37, 'U+0000'],
    ['an inner space', `${uuid.slice(0, 8)} ${uuid.slice(8)}`, 9, 'U+0020'],
    ['a tab', `${uuid.slice(0, 8)}\t${uuid.slice(8)}`, 9, 'U+0009'],
  ])('%s, naming keyId and the character', async (_name, keyId, position, char) => {
    const error = await refusal(keyId);
    expect(error.code).toBe('invalid_key_id');
    const prefix = `keyId: character ${position} is ${char};`;
    expect(error.message.slice(0, prefix.length)).toBe(prefix);
    expect(error.message).not.toContain(uuid.slice(9));
  });
});

// Round 24, tester A (A12): a 10,000-character key id without a slash or PEM armour was called "a private key or a
// file path". Kalshi's ids are UUIDs, 36 characters (kalshi-api-notes §2.1); the notes give no maximum: over 200 is
// refused as too long.
describe('a key id longer than any key id', () => {
  it('is refused as too long, naming its length and the limit, without echoing it', async () => {
    const error = await refusal('a'.repeat(10_000));
    expect(error.code).toBe('invalid_key_id');
    expect(error.message).toBe(
      'keyId is too long (10000 characters, at most 200): the API key id is a UUID, 36 characters',
    );
  });

  it('takes one of 200 characters', async () => {
    await expect(createSigner({ keyId: 'a'.repeat(200), privateKey: rsa.privateKeyPem })).resolves.toMatchObject({
      keyId: 'a'.repeat(200),
    });
  });
});

describe('quotes around the key id (from an env file) are dropped, as they are around the PEM', () => {
  // A UUID has no spaces (kalshi-api-notes §2.1): those inside the quotes (`KEY=" id "` in an env file) go too.
  it.each([`"${uuid}"`, `'${uuid}'`, ` "${uuid}" `, `" ${uuid}\n"`])('%j', async (keyId) => {
    const signing = createSigner({ keyId, privateKey: rsa.privateKeyPem });
    await expect(signing).resolves.toMatchObject({ keyId: uuid });
    const signer = await signing;
    expect((await signer.sign({ method: 'GET', url: '/trade-api/v2/x' }))['KALSHI-ACCESS-KEY']).toBe(uuid);
  });

  it('from KALSHI_API_KEY_ID', async () => {
    const credentials = credentialsFromEnv({
      KALSHI_API_KEY_ID: `"${uuid}"`,
      KALSHI_PRIVATE_KEY: `"${rsa.privateKeyPem.trim().replace(/\n/g, '\\n')}"`,
    });
    expect((await createSigner(credentials as NonNullable<typeof credentials>)).keyId).toBe(uuid);
  });

  // Round 46, V3: quotes around nothing (`KALSHI_API_KEY_ID=""`, an env template's blank) were dropped after the
  // "is it given" check: the signer took the empty id and sent an empty KALSHI-ACCESS-KEY header (kalshi-api-notes
  // §2.1: the key id is a UUID).
  it.each([`""`, `''`, ` " " `])('refuses %j as a missing key id', async (keyId) => {
    const error = await refusal(keyId);
    expect(error.code).toBe('missing_key_id');
    expect(error.message).toBe('keyId is required: the API key id (a UUID) from your Kalshi account settings');
    // From the environment, empty quotes are no value at all (V4): the variable is named as not set.
    expect(() => credentialsFromEnv({ KALSHI_API_KEY_ID: keyId, KALSHI_PRIVATE_KEY: rsa.privateKeyPem })).toThrow(
      /^KALSHI_API_KEY_ID is not set, but KALSHI_PRIVATE_KEY is: set both$/,
    );
  });

  it('refuses an unbalanced quote', async () => {
    expect((await refusal(`"${uuid}`)).message).toMatch(/^keyId: character 1 is U\+0022;/);
  });
});

// Round 46, V2: an Ed25519 private key's PEM body without its armour (PKCS#8, 48 bytes: one 64-character base64 line,
// RFC 8410) pasted as the key id has no slash for the path check to see and is under 200 characters: it was signed
// with and sent to Kalshi as the KALSHI-ACCESS-KEY header. Kalshi's key ids are UUIDs (kalshi-api-notes §2.1).
describe('an Ed25519 private key body given as the key id', () => {
  const prefix = Buffer.from('302e020100300506032b657004220420', 'hex'); // PKCS#8 Ed25519 private key (RFC 8410)
  const bodies = [0x00, 0x11, 0x5a, 0xc3].map((byte) =>
    Buffer.concat([prefix, Buffer.alloc(32, byte)]).toString('base64'),
  );

  it.each(bodies.map((body) => [body.slice(-12), body]))('…%s is refused as a key, not echoed', async (_, body) => {
    expect(body).toHaveLength(64);
    expect(body).not.toMatch(/[/\\]/); // not refused by the path check
    for (const keyId of [body, ` ${body}\n`, `"${body}"`]) {
      const error = await refusal(keyId);
      expect(error.code).toBe('key_id_looks_like_key');
      // The message of a PEM given as keyId, never the value.
      expect(error.message).toMatch(
        /^keyId looks like a private key or a file path\W+are keyId and privateKey swapped\? keyId is the API key id \(a UUID\)$/,
      );
    }
  });
});
