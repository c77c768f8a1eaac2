// Round 33 (A): a credentials file's text (kalshi-mock's `--credentials-out creds.json`, read with readFileSync, or
// its path given as the key file) given as the private key. Its JSON holds the PEM (twice: as `privateKey` and
// `privateKeyPem`), with `\n` escapes, so it was read as a PEM: "the PEM holds 2 private keys" (pretty-printed, the
// form the mock writes), "the PEM body is not valid base64" (one key, pretty-printed), or taken (one line). The notes
// are silent (our file format): a careful user expects the error to say what was given, JSON, and what to do.
import { describe, expect, it } from 'vitest';
import { createSigner, credentialsFromEnv, KalshiAuthError } from '../../src';
import { pemBody, rsa, tempFile } from '../helpers';

// The shape kalshi-mock's --credentials-out writes (mock cli.ts writeOption: JSON.stringify(content, null, 2)).
const file = {
  keyId: rsa.keyId,
  privateKey: rsa.privateKeyPem,
  privateKeyPem: rsa.privateKeyPem,
  mockServerUrl: 'http://127.0.0.1:1/trade-api/v2',
};
const texts = {
  'the file as the mock writes it': `${JSON.stringify(file, null, 2)}\n`,
  'the file on one line': JSON.stringify(file),
  'one key, pretty-printed': JSON.stringify({ keyId: rsa.keyId, privateKey: rsa.privateKeyPem }, null, 2),
  'one key, on one line': JSON.stringify({ keyId: rsa.keyId, privateKey: rsa.privateKeyPem }),
};

async function failure(options: Parameters<typeof createSigner>[0]): Promise<KalshiAuthError> {
  const error = await createSigner(options).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(KalshiAuthError);
  const message = (error as Error).message;
  for (let i = 0; i + 24 <= pemBody(rsa.privateKeyPem).length; i += 24)
    expect(message).not.toContain(pemBody(rsa.privateKeyPem).slice(i, i + 24));
  return error as KalshiAuthError;
}

describe.each(['node', 'webcrypto'] as const)(
  "a credentials file's JSON as the private key (%s backend)",
  (backend) => {
    it.each(Object.entries(texts))('%s, as the PEM string: named as JSON, to parse', async (_name, text) => {
      const error = await failure({ keyId: rsa.keyId, privateKey: text, backend });
      expect(error.code).toBe('malformed_pem');
      expect(error.message).toMatch(/^privateKey: got JSON text \(not shown\), not a PEM: pass JSON\.parse of it/);
    });

    it.each(Object.entries(texts))('%s, as the key file: named as JSON, to parse', async (_name, text) => {
      const path = tempFile('creds.json', text);
      const error = await failure({ keyId: rsa.keyId, privateKey: { path }, backend });
      expect(error.code).toBe('malformed_pem');
      expect(error.message).toMatch(/^privateKey\.path: ".*creds\.json" holds JSON, not a PEM: .*JSON\.parse/);
    });
  },
);

it('KALSHI_PRIVATE_KEY_PATH naming the credentials file: the error names the variable and JSON', async () => {
  const path = tempFile('creds.json', texts['the file as the mock writes it']);
  const credentials = credentialsFromEnv({ KALSHI_API_KEY_ID: rsa.keyId, KALSHI_PRIVATE_KEY_PATH: path });
  const error = await failure(credentials!);
  expect(error.message).toMatch(/^KALSHI_PRIVATE_KEY_PATH: ".*creds\.json" holds JSON, not a PEM: .*JSON\.parse/);
});

it('the parsed file is credentials createSigner takes', async () => {
  await expect(createSigner(JSON.parse(texts['the file as the mock writes it']))).resolves.toMatchObject({
    keyId: rsa.keyId,
  });
});
