import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type GeneratedKeyPair, generateKeyPair } from '../src/node';

export const rsa: GeneratedKeyPair = await generateKeyPair({ type: 'rsa' });
export const ed25519: GeneratedKeyPair = await generateKeyPair({ type: 'ed25519' });

/** The base64 body of a PEM, the part that must never leak. */
export function pemBody(pem: string): string {
  return pem
    .split('\n')
    .filter((line) => line && !line.startsWith('-----'))
    .join('');
}

export function tempFile(name: string, contents: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'kalshi-auth-')), name);
  writeFileSync(file, contents);
  return file;
}

export const otherKeys = {
  rsa1024: generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({
    type: 'pkcs1',
    format: 'pem',
  }) as string,
  ec: generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
  ecSec1: generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({
    type: 'sec1',
    format: 'pem',
  }) as string,
  encrypted: generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({
    type: 'pkcs8',
    format: 'pem',
    cipher: 'aes-256-cbc',
    passphrase: 'secret',
  }) as string,
  /** OpenSSL's legacy encrypted PKCS#1 form: "BEGIN RSA PRIVATE KEY" with Proc-Type and DEK-Info headers. */
  legacyEncrypted: generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({
    type: 'pkcs1',
    format: 'pem',
    cipher: 'aes-128-cbc',
    passphrase: 'secret',
  }) as string,
};
