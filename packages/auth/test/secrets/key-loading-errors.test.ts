// Issue 11 item 8: no key-loading error may carry key material — not in its message, its cause chain, its stack or
// util.inspect — including PEM text given where a file path belongs.
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createSigner, credentialsFromEnv, KalshiAuthError } from '../../src';
import { otherKeys, pemBody, rsa, tempFile } from '../helpers';

/** Every 24-character window of the key's base64 body, stepping 8: any leak longer than ~32 characters is caught. */
function fragments(pem: string): string[] {
  const body = pemBody(pem);
  const out: string[] = [];
  for (let i = 0; i + 24 <= body.length; i += 8) out.push(body.slice(i, i + 24));
  return out;
}

function everythingShown(error: unknown): string {
  const parts: string[] = [];
  for (let e = error as { message?: string; stack?: string; cause?: unknown } | undefined; e; e = e.cause as typeof e) {
    parts.push(String(e.message), String(e.stack), inspect(e, { depth: 10, showHidden: true }));
  }
  return parts.join('\n');
}

async function failure(run: () => Promise<unknown>): Promise<KalshiAuthError> {
  const error = await run().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(KalshiAuthError);
  return error as KalshiAuthError;
}

const pem = rsa.privateKeyPem;
const escaped = pem.replace(/\n/g, '\\n');

/** The PEM with its `n`th line (a line of the base64 body) left out: still a PEM, its key bytes broken. */
function withoutLine(text: string, n: number): string {
  return text
    .split('\n')
    .filter((_, i) => i !== n)
    .join('\n');
}

describe('PEM text given as a file path', () => {
  it.each([
    ['privateKey: { path: PEM }', () => createSigner({ keyId: 'k', privateKey: { path: pem } })],
    ['privateKey: { path: PEM with \\n escapes }', () => createSigner({ keyId: 'k', privateKey: { path: escaped } })],
    [
      'KALSHI_PRIVATE_KEY_PATH=PEM',
      async () => {
        const credentials = credentialsFromEnv({ KALSHI_API_KEY_ID: 'k', KALSHI_PRIVATE_KEY_PATH: pem });
        return createSigner(credentials!);
      },
    ],
  ])('%s is recognised and said so, without echoing it', async (_name, run) => {
    const error = await failure(run);
    expect(error.code).toBe('malformed_pem');
    expect(error.message).toMatch(/holds the key itself, not a file path/);
    const shown = everythingShown(error);
    for (const fragment of fragments(pem)) expect(shown).not.toContain(fragment);
  });
});

// key-input.ts shown(): a path is quoted "unless it may be key material (several lines, …)".
it('a path of several lines (a PEM body pasted as a path) is not echoed', async () => {
  const error = await failure(() => createSigner({ keyId: 'k', privateKey: { path: 'MIIBVQIBADAN\nBgkqhkiG9w0B' } }));
  expect(error.code).toBe('key_file_unreadable');
  expect(error.message).toContain('(not shown: it looks like key material)');
  expect(everythingShown(error)).not.toContain('MIIBVQIBADAN');
});

describe('every key-loading error is free of key material', () => {
  const bodyOnly = pemBody(pem); // a PEM body pasted without its BEGIN/END lines
  const cases: [string, string, () => Promise<unknown>][] = [
    ['a PEM body as a path', pem, () => createSigner({ keyId: 'k', privateKey: { path: bodyOnly } })],
    ['a PEM body as the key', pem, () => createSigner({ keyId: 'k', privateKey: bodyOnly })],
    ['a PEM as the key id', pem, () => createSigner({ keyId: pem, privateKey: 'x' })],
    ['a truncated PEM', pem, () => createSigner({ keyId: 'k', privateKey: pem.slice(0, pem.length - 40) })],
    [
      'a corrupted PEM body',
      pem,
      () => createSigner({ keyId: 'k', privateKey: pem.replace(/\n[A-Za-z0-9+/]{10}/, '\n!!!!!!!!!!') }),
    ],
    ['a public key', rsa.publicKeyPem, () => createSigner({ keyId: 'k', privateKey: rsa.publicKeyPem })],
    // A well-formed PEM whose key bytes do not parse: each backend's own parse error (node:crypto, WebCrypto).
    ...(['node', 'webcrypto'] as const).map((backend): [string, string, () => Promise<unknown>] => [
      `a PEM missing a body line (${backend} backend)`,
      pem,
      () => createSigner({ keyId: 'k', privateKey: withoutLine(pem, 5), backend }),
    ]),
    ['an encrypted key', otherKeys.encrypted, () => createSigner({ keyId: 'k', privateKey: otherKeys.encrypted })],
    ['an EC key', otherKeys.ec, () => createSigner({ keyId: 'k', privateKey: otherKeys.ec })],
    ['a 1024-bit RSA key', otherKeys.rsa1024, () => createSigner({ keyId: 'k', privateKey: otherKeys.rsa1024 })],
    [
      'a key file that holds no PEM (a body without BEGIN)',
      pem,
      () => createSigner({ keyId: 'k', privateKey: { path: tempFile('body.txt', bodyOnly) } }),
    ],
    [
      'a key file with a public key',
      rsa.publicKeyPem,
      () => createSigner({ keyId: 'k', privateKey: { path: tempFile('pub.pem', rsa.publicKeyPem) } }),
    ],
  ];
  it.each(cases)('%s', async (_name, secret, run) => {
    const shown = everythingShown(await failure(run));
    for (const fragment of fragments(secret)) expect(shown).not.toContain(fragment);
  });
});
