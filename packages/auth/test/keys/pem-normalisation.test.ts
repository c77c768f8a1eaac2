import { createPrivateKey } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createSigner, KalshiAuthError, verifySignature } from '../../src';
import { ed25519, pemBody, rsa, tempFile } from '../helpers';

// The notes are silent on how a PEM may be pasted; one input must give one outcome on both backends (node:crypto
// and WebCrypto), so both parse the same normalised PEM.
const pkcs8 = createPrivateKey(rsa.privateKeyPem).export({ type: 'pkcs8', format: 'pem' }) as string;
const certificate = '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUQ==\n-----END CERTIFICATE-----\n';
const url = '/trade-api/v2/portfolio/balance';

/** The PEM's lines joined by real line breaks and escaped ones (`\\n`): around the body only, or every other one. */
function mixedBreaks(pem: string, how: 'edges' | 'alternate'): string {
  const lines = pem.trim().split('\n');
  return lines.reduce((text, line, i) => {
    const real = how === 'edges' ? i === 1 || i === lines.length - 1 : i % 2 === 0;
    return `${text}${real ? '\n' : '\\n'}${line}`;
  });
}

async function outcome(privateKey: string | { path: string }, backend: 'node' | 'webcrypto') {
  try {
    const signer = await createSigner({ keyId: rsa.keyId, privateKey, backend });
    const headers = await signer.sign({ method: 'GET', url });
    const verified = await verifySignature({ method: 'GET', url, headers, publicKey: rsa.publicKeyPem });
    return verified.ok ? 'valid signature' : `invalid signature (${verified.reason})`;
  } catch (error) {
    if (!(error instanceof KalshiAuthError)) throw error;
    return `${error.code}: ${error.message}`;
  }
}

describe.each(['node', 'webcrypto'] as const)('PEM text as pasted (%s backend)', (backend) => {
  it.each([
    ['lines indented (YAML block, heredoc)', rsa.privateKeyPem.replace(/^/gm, '    ')],
    ['line breaks flattened to spaces (env var)', rsa.privateKeyPem.trim().replace(/\n/g, ' ')],
    [
      'literal \\r\\n escapes (Windows-edited or JSON-escaped value)',
      rsa.privateKeyPem.trim().replace(/\n/g, '\\r\\n'),
    ],
    // Leftover of round 42 (A): escaped twice (a value JSON-encoded twice, or an .env loader escaping an already
    // escaped value) was refused as "the PEM body is not valid base64", saying neither what was wrong nor the fix.
    // The notes are silent; a base64 body holds no backslash, so any run of them before `n` is an escaped newline.
    ['\\\\n escapes (escaped twice: JSON-encoded twice)', rsa.privateKeyPem.trim().replace(/\n/g, '\\\\n')],
    ['\\\\r\\\\n escapes (escaped twice)', rsa.privateKeyPem.trim().replace(/\n/g, '\\\\r\\\\n')],
    // Leftover of round 43 (A): real line breaks mixed with escaped ones (a value half unescaped, or lines joined by
    // hand) were refused as "the PEM body is not valid base64". The notes are silent; a base64 body holds no
    // backslash, so an escaped line break there is one, whatever else the text holds.
    ['real line breaks around the body, \\n escapes inside it', mixedBreaks(rsa.privateKeyPem, 'edges')],
    ['real and \\n line breaks alternating', mixedBreaks(rsa.privateKeyPem, 'alternate')],
    ['the public key, then the private key', rsa.publicKeyPem + pkcs8],
    ['a certificate, then the private key (bundle)', certificate + rsa.privateKeyPem],
    ['a preamble before the block (openssl pkcs12 "Bag Attributes")', `Bag Attributes\n    localKeyID: 01\n${pkcs8}`],
  ])('signs with %s', async (_name, pem) => {
    expect(await outcome(pem, backend)).toBe('valid signature');
  });

  it('picks the private key out of a bundle file given as { path }', async () => {
    expect(await outcome({ path: tempFile('bundle.pem', certificate + rsa.privateKeyPem) }, backend)).toBe(
      'valid signature',
    );
  });

  // Round 46, V6: a key file saved by Windows PowerShell 5 (`$pem > kalshi.pem`, `Out-File`) is UTF-16LE with a BOM
  // and CRLF line ends; read as UTF-8 it was "does not contain a PEM" though any editor shows one. The notes are
  // silent (a file on the user's machine); a PEM is ASCII, the same text in either encoding.
  it('reads a key file saved as UTF-16 (Windows PowerShell 5)', async () => {
    const path = tempFile('utf16.pem', '');
    const text = rsa.privateKeyPem.replace(/\n/g, '\r\n');
    writeFileSync(path, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
    expect(await outcome({ path }, backend)).toBe('valid signature');
  });

  it('refuses a text holding two private keys, without echoing either', async () => {
    const result = await outcome(rsa.privateKeyPem + ed25519.privateKeyPem, backend);
    expect(result).toBe('malformed_pem: privateKey: the PEM holds 2 private keys; keep only the one of this API key');
    expect(result).not.toContain(pemBody(rsa.privateKeyPem).slice(0, 24));
  });
});

it('gives the same outcome on both backends for every pasted form', async () => {
  const body = pemBody(rsa.privateKeyPem);
  const forms = [
    rsa.privateKeyPem.replace(/^/gm, '\t'),
    rsa.privateKeyPem.trim().replace(/\n/g, ' '),
    rsa.privateKeyPem.replace(body.slice(10, 14), '!!!!'),
    rsa.privateKeyPem + rsa.privateKeyPem,
    rsa.publicKeyPem,
  ];
  for (const pem of forms) expect(await outcome(pem, 'node')).toBe(await outcome(pem, 'webcrypto'));
});
