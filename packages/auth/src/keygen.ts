import { generateKeyPairSync as nodeGenerateKeyPairSync, randomUUID } from 'node:crypto';

/** A key pair from `generateKeyPairSync`, as PEM strings. */
export interface GeneratedKeyPair {
  /** A fresh UUID, as Kalshi's key ids are. */
  readonly keyId: string;
  /** RSA: PKCS#1 `RSA PRIVATE KEY`, as Kalshi issues them; Ed25519: PKCS#8. */
  readonly privateKeyPem: string;
  readonly publicKeyPem: string;
  readonly type: 'rsa' | 'ed25519';
}

/** Options of `generateKeyPairSync`. */
export interface KeyPairOptions {
  readonly type?: 'rsa' | 'ed25519' | undefined;
}

/** A new API key pair for tests and the mock exchange (Node only). RSA keys are 2048 bits. */
export function generateKeyPairSync({ type = 'rsa' }: KeyPairOptions = {}): GeneratedKeyPair {
  const publicKeyEncoding = { type: 'spki', format: 'pem' } as const;
  const pair =
    type === 'rsa'
      ? nodeGenerateKeyPairSync('rsa', {
          modulusLength: 2048,
          publicKeyEncoding,
          privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
        })
      : nodeGenerateKeyPairSync('ed25519', { publicKeyEncoding, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });
  return { keyId: randomUUID(), privateKeyPem: pair.privateKey, publicKeyPem: pair.publicKey, type };
}

/** Async form of `generateKeyPairSync`. */
export async function generateKeyPair(options: KeyPairOptions = {}): Promise<GeneratedKeyPair> {
  return generateKeyPairSync(options);
}
