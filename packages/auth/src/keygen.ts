export interface GeneratedKeyPair {
  /** A fresh UUID, as Kalshi's key ids are. */
  readonly keyId: string;
  /** RSA: PKCS#1 `RSA PRIVATE KEY`, as Kalshi issues them; Ed25519: PKCS#8. */
  readonly privateKeyPem: string;
  readonly publicKeyPem: string;
  readonly type: 'rsa' | 'ed25519';
}

/** A new API key pair for tests and the mock exchange (Node only). RSA keys are 2048 bits. */
export async function generateKeyPair({ type = 'rsa' }: { type?: 'rsa' | 'ed25519' } = {}): Promise<GeneratedKeyPair> {
  const crypto = await import('node:crypto');
  const { promisify } = await import('node:util');
  const generate = promisify(crypto.generateKeyPair);
  const pair =
    type === 'rsa'
      ? await generate('rsa', {
          modulusLength: 2048,
          publicKeyEncoding: { type: 'spki', format: 'pem' },
          privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
        })
      : await generate('ed25519', {
          publicKeyEncoding: { type: 'spki', format: 'pem' },
          privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
        });
  const result = { keyId: crypto.randomUUID(), publicKeyPem: pair.publicKey, type };
  return Object.defineProperty(result, 'privateKeyPem', {
    value: pair.privateKey,
    enumerable: true,
  }) as GeneratedKeyPair;
}
