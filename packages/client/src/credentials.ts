import { type Credentials, createSigner, credentialsFromEnv, type Signer } from '@org/kalshi-auth';

/** What clients accept as credentials: a signer, `{ keyId, privateKey }`, or `'env'`. */
export type CredentialsOption = Signer | Credentials | 'env';

/** The signer for a credentials option (the key is parsed here, once); undefined for none, or `'env'` with none set. */
export async function resolveSigner(credentials: CredentialsOption | undefined): Promise<Signer | undefined> {
  if (credentials === undefined) return undefined;
  if (credentials === 'env') {
    const fromEnv = credentialsFromEnv();
    return fromEnv ? createSigner(fromEnv) : undefined;
  }
  if ('sign' in credentials && typeof credentials.sign === 'function') return credentials;
  return createSigner(credentials as Credentials);
}
