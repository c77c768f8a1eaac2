import { describe, expect, it } from 'vitest';
import { createSigner, verifySignature } from '../../src';
import { rsa } from '../helpers';

// The signature is "base64 (standard alphabet)" (kalshi-api-notes §2.1), what Python's base64.b64encode gives.
// Whether Kalshi's server refuses other forms is not recorded in the notes: the verifier is no more lenient than
// the documented format, so a signer emitting them fails its tests.
const url = '/trade-api/v2/portfolio/balance';
const now = 1_781_159_360_866;
const signer = await createSigner({ keyId: rsa.keyId, privateKey: rsa.privateKeyPem });

async function check(rewrite: (signature: string) => string) {
  const headers = await signer.sign({ method: 'GET', url, timestamp: now });
  const signature = rewrite(headers['KALSHI-ACCESS-SIGNATURE']);
  return verifySignature({
    method: 'GET',
    url,
    headers: { ...headers, 'KALSHI-ACCESS-SIGNATURE': signature },
    publicKey: rsa.publicKeyPem,
    now,
  });
}

// A signature with both a '+' and a '/' makes the base64url rewrite a real change.
function toBase64url(signature: string) {
  return signature.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

describe('verifySignature reads only canonical standard base64', () => {
  it('accepts the signature as the signer encodes it', async () => {
    expect(await check((s) => s)).toMatchObject({ ok: true });
  });

  it.each([
    ['junk appended', (s: string) => `${s}!!!`],
    ['data after the padding', (s: string) => `${s}AAAA`],
    ['whitespace inserted', (s: string) => `${s.slice(0, 20)} ${s.slice(20)}`],
    ['a line break inserted', (s: string) => `${s.slice(0, 64)}\n${s.slice(64)}`],
    ['the base64url alphabet, unpadded', toBase64url],
  ])('refuses %s', async (_name, rewrite) => {
    expect(await check(rewrite)).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('refuses the URL-safe alphabet when the signature uses + or /', async () => {
    let headers = await signer.sign({ method: 'GET', url, timestamp: now });
    for (let t = now; !/[+/]/.test(headers['KALSHI-ACCESS-SIGNATURE']); t++) {
      headers = await signer.sign({ method: 'GET', url, timestamp: t });
    }
    const timestamp = Number(headers['KALSHI-ACCESS-TIMESTAMP']);
    const signature = headers['KALSHI-ACCESS-SIGNATURE'].replace(/\+/g, '-').replace(/\//g, '_');
    expect(
      await verifySignature({
        method: 'GET',
        url,
        headers: { ...headers, 'KALSHI-ACCESS-SIGNATURE': signature },
        publicKey: rsa.publicKeyPem,
        now: timestamp,
      }),
    ).toEqual({ ok: false, reason: 'bad_signature' });
  });
});
