import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createKalshiClient, KalshiCredentialsError, KalshiValidationError } from '../../src';
import { createKalshiStream } from '../../src/ws';
import { key } from '../helpers';
import { fakeSockets } from '../ws/fake-socket';

// `credentials` is `{ keyId, privateKey }`, a signer or 'env'. Anything else is named by its field and type, never
// echoed: a PEM passed as `credentials` itself is the private key, and errors never hold key material.
const pemLines = key.privateKeyPem.split('\n').filter((line) => line && !line.startsWith('-----'));

function expectNoKeyMaterial(error: unknown) {
  const texts = [
    (error as Error).message,
    (error as Error).stack ?? '',
    inspect(error, { showHidden: true, depth: 9 }),
  ];
  for (const text of texts) {
    for (const line of pemLines) expect(text).not.toContain(line.slice(0, 16));
    expect(text).not.toContain('PRIVATE KEY');
  }
}

const cases = [
  [
    'the PEM itself',
    key.privateKeyPem,
    /^credentials: expected \{ keyId, privateKey \}, a signer or 'env', got a PEM string \(not shown\): pass \{ keyId, privateKey: pem \}$/,
  ],
  // Round 33 (A): kalshi-mock's --credentials-out file read as text (not JSON.parse'd) holds the PEM, and was named
  // "a PEM string" with the advice to pass { keyId, privateKey: pem }; it is the credentials object, still in JSON.
  [
    "a credentials file's JSON text (kalshi-mock --credentials-out)",
    `${JSON.stringify({ keyId: key.keyId, privateKey: key.privateKeyPem, privateKeyPem: key.privateKeyPem, mockServerUrl: 'http://127.0.0.1:1/trade-api/v2' }, null, 2)}\n`,
    /^credentials: expected \{ keyId, privateKey \}, a signer or 'env', got JSON text \(not shown\): pass JSON\.parse of it$/,
  ],
  // Round 35 (S2): read with a BOM (a Windows editor's) or indented, as auth's key checks take it (isJsonText).
  [
    'that JSON text after a BOM and a blank line',
    `\uFEFF\n  ${JSON.stringify({ keyId: key.keyId, privateKey: key.privateKeyPem })}`,
    /^credentials: expected \{ keyId, privateKey \}, a signer or 'env', got JSON text \(not shown\): pass JSON\.parse of it$/,
  ],
  ['"ENV" (a typo of \'env\')', 'ENV', /got a string \(not shown\); 'env' is lower case$/],
  ['a key file path', '/home/me/kalshi.pem', /got a string \(not shown\)$/],
  ['a number', 42, /got a number$/],
  ['null', null, /got null$/],
] as const;

describe('createKalshiClient refuses a credentials value that is not credentials', () => {
  it.each(cases)(
    '%s, with a KalshiValidationError naming the field, never the value',
    async (_name, value, message) => {
      const error = await createKalshiClient({ credentials: value as never }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(KalshiValidationError);
      expect(error).toMatchObject({ field: 'credentials', message: expect.stringMatching(message) });
      expectNoKeyMaterial(error);
      if (typeof value === 'string' && value !== 'ENV') expect((error as Error).message).not.toContain(value);
    },
  );
});

describe('createKalshiStream refuses it the same way, before opening a socket', () => {
  it.each(cases)('%s', async (_name, value, message) => {
    const sockets = fakeSockets();
    const error = await createKalshiStream({
      url: 'ws://127.0.0.1:1/trade-api/ws/v2',
      credentials: value as never,
      WebSocket: sockets.WebSocket,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KalshiValidationError);
    expect((error as Error).message).toMatch(message);
    expectNoKeyMaterial(error);
    expect(sockets.created).toHaveLength(0);
  });
});

describe('{ keyId, privateKey } problems are KalshiCredentialsErrors at creation, before any request', () => {
  it('a key id with a pasted zero-width space names keyId and the character', async () => {
    const error = await createKalshiClient({
      credentials: { keyId: `${key.keyId}\u200b`, privateKey: key.privateKeyPem },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KalshiCredentialsError);
    expect(error).toMatchObject({
      code: 'invalid_key_id',
      message: expect.stringMatching(/^keyId: character \d+ is U\+200B;/),
    });
  });

  // Only an object whose `sign` is a function is a signer (CredentialsOption); anything else is read as
  // { keyId, privateKey } and refused here, not on the first request.
  it('an object whose sign is not a function is not a signer: refused at creation', async () => {
    const error = await createKalshiClient({ credentials: { sign: 'not a function' } as never }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(KalshiCredentialsError);
  });

  it.each([42, true])('privateKey %s names privateKey and its type', async (privateKey) => {
    const error = await createKalshiClient({
      credentials: { keyId: key.keyId, privateKey: privateKey as never },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KalshiCredentialsError);
    expect(error).toMatchObject({
      code: 'malformed_pem',
      message: expect.stringMatching(/^privateKey: expected .* got a (number|boolean)$/),
    });
  });
});
