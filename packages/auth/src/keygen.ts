import { generateKeyPairSync as nodeGenerateKeyPairSync, randomUUID } from 'node:crypto';
import { KalshiAuthError } from './errors';
import { kindOf } from './message';
import { checkKnownKeys } from './options';

/**
 * A key pair from `generateKeyPairSync`, as PEM strings. util.inspect (console.log) shows the private key as
 * `[REDACTED]`; the property holds the PEM.
 */
export interface GeneratedKeyPair {
  /** A fresh UUID, as Kalshi's key ids are. */
  readonly keyId: string;
  /** RSA: PKCS#1 `RSA PRIVATE KEY`, as Kalshi issues them; Ed25519: PKCS#8. */
  readonly privateKeyPem: string;
  /** The public key, SPKI `PUBLIC KEY` PEM: what is registered with the exchange. */
  readonly publicKeyPem: string;
  /** The key type generated. */
  readonly type: 'rsa' | 'ed25519';
}

/** Options of `generateKeyPairSync`. */
export interface KeyPairOptions {
  /** The key type to generate: `rsa` (default) or `ed25519`. */
  readonly type?: 'rsa' | 'ed25519' | undefined;
}

/** A new API key pair for tests and the mock exchange (Node only). RSA keys are 2048 bits. */
export function generateKeyPairSync(options: KeyPairOptions = {}): GeneratedKeyPair {
  const type = keyType(options);
  const publicKeyEncoding = { type: 'spki', format: 'pem' } as const;
  const pair =
    type === 'rsa'
      ? nodeGenerateKeyPairSync('rsa', {
          modulusLength: 2048,
          publicKeyEncoding,
          privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
        })
      : nodeGenerateKeyPairSync('ed25519', { publicKeyEncoding, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });
  const generated = { keyId: randomUUID(), privateKeyPem: pair.privateKey, publicKeyPem: pair.publicKey, type };
  // Printed (to read its keyId or public key), the private key shows `[REDACTED]`; it stays for a spread and JSON.
  // redact.ts's redactInspection written out: imported here, it moved into the chunk this Node-only entry shares with
  // the main one, which cost the client bundle 7 bytes gzip.
  Object.defineProperty(generated, Symbol.for('nodejs.util.inspect.custom'), {
    value: (_depth: number, options: object, inspect: (value: unknown, options: object) => string) =>
      `GeneratedKeyPair ${inspect({ ...generated, privateKeyPem: '[REDACTED]' }, options)}`,
  });
  return generated;
}

/** Async form of `generateKeyPairSync`. */
export async function generateKeyPair(options: KeyPairOptions = {}): Promise<GeneratedKeyPair> {
  return generateKeyPairSync(options);
}

const TYPES: readonly unknown[] = ['rsa', 'ed25519'];

/**
 * The type asked for, checked: any other value made an Ed25519 key labelled with it (`'RSA'`, `'rsa-pss'`), and a
 * misspelt key (`keyType`) or a string argument an RSA key, so a test meant for one kind of key covered another.
 */
function keyType(options: KeyPairOptions): 'rsa' | 'ed25519' {
  if (typeof options !== 'object' || options === null || Array.isArray(options))
    throw new KalshiAuthError(
      'invalid_argument',
      `generateKeyPairSync(options): expected { type: 'rsa' | 'ed25519' } or nothing, got ${Array.isArray(options) ? 'an array' : kindOf(options)}`,
    );
  checkKnownKeys('generateKeyPairSync', options, ['type'], { typ: 'type', keyType: 'type', kind: 'type' });
  const { type = 'rsa' } = options;
  if (!TYPES.includes(type))
    throw new KalshiAuthError(
      'invalid_argument',
      `generateKeyPairSync: type: ${typeof type === 'string' ? `"${type.slice(0, 40)}"` : kindOf(type)} is not a key type it makes; expected 'rsa' or 'ed25519' (lower case)`,
    );
  return type;
}
