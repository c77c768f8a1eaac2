import { type Credentials, createSigner, credentialsFromEnv, type Signer } from '@org/kalshi-auth';
import { KalshiValidationError } from './errors';

/** What clients accept as credentials: a signer, `{ keyId, privateKey }`, or `'env'`. */
export type CredentialsOption = Signer | Credentials | 'env';

/**
 * The signer for a credentials option (the key is parsed here, once); undefined for none. `'env'` with none of the
 * variables set is an error: the caller asked for credentials, so a client without them would only fail later.
 */
export async function resolveSigner(credentials: CredentialsOption | undefined): Promise<Signer | undefined> {
  if (credentials === undefined) return undefined;
  if (credentials === 'env') {
    const signer = await signerFromEnv();
    if (!signer)
      throw new KalshiValidationError(
        'credentials',
        "'env' given, but KALSHI_API_KEY_ID and KALSHI_PRIVATE_KEY (or KALSHI_PRIVATE_KEY_PATH) are not set",
      );
    return signer;
  }
  if ('sign' in credentials && typeof credentials.sign === 'function') return credentials;
  return createSigner(credentials as Credentials);
}

/** The signer of the KALSHI_* variables; undefined when none is set. */
export async function signerFromEnv(): Promise<Signer | undefined> {
  const fromEnv = credentialsFromEnv();
  return fromEnv ? createSigner(fromEnv) : undefined;
}
