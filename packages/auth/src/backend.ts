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
