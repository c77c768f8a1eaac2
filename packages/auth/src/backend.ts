import { KalshiAuthError } from './errors';

/** What a signing backend gives the signer: its algorithm and a function from message to base64 signature. */
export interface SigningBackend {
  readonly algorithm: SignatureAlgorithm;
  sign(message: string): string | Promise<string>;
}

/** The signature schemes Kalshi accepts for API keys. */
export type SignatureAlgorithm = 'RSA-PSS' | 'Ed25519';

/** Kalshi requires RSA keys of at least 2048 bits. */
export const MIN_RSA_BITS = 2048;

/** RSA-PSS with SHA-256 and MGF1-SHA-256, salt length = digest length (32 bytes), as Kalshi verifies. */
export const PSS_SALT_LENGTH = 32;

/**
 * What a backend signs once to check an RSA key: its fields (modulus, exponents, primes) are not checked against each
 * other on import, by node:crypto or WebCrypto, so a PEM with a character changed (a typo, a bad paste) can parse and
 * sign wrongly, every request then answered 401 INCORRECT_API_KEY_SIGNATURE (kalshi-api-notes §2.3). A signature that
 * the key's own public part does not verify names it before any request.
 */
export const KEY_CHECK_MESSAGE = 'kalshi key check';

/** An RSA private key whose signature its own public part does not verify. */
export const damagedKey = (): KalshiAuthError =>
  new KalshiAuthError(
    'malformed_pem',
    'privateKey: the RSA key is damaged (its signature fails its own public key): copy the PEM again',
  );

/** Refuses an RSA key Kalshi would not accept (both backends read the modulus length their own way). */
export function checkRsaBits(bits: number): void {
  if (bits < MIN_RSA_BITS)
    throw new KalshiAuthError(
      'key_too_small',
      `privateKey: RSA key has ${bits} bits; Kalshi needs at least ${MIN_RSA_BITS}`,
    );
}

/** A private key of a type Kalshi does not take, named as node:crypto names it (`ec`, `x25519`, …). */
export const unsupportedKeyType = (type: string): KalshiAuthError =>
  new KalshiAuthError('unsupported_key_type', `privateKey: ${type} keys are not supported; use RSA or Ed25519`);

/**
 * A key that cannot sign, named as what it is: a public key (`type` 'public'), or a secret (symmetric, HMAC) one, which
 * is no public key (round 24, A11). `what`: "key" or "CryptoKey".
 */
export function notPrivateKey(type: string, what = 'key'): KalshiAuthError {
  return type === 'secret'
    ? new KalshiAuthError(
        'unsupported_key_type',
        `privateKey: got a secret (symmetric) ${what}; signing needs an RSA or Ed25519 private key`,
      )
    : new KalshiAuthError('public_key_given', `privateKey: got a public ${what}, but signing needs the private key`);
}
