import {
  builtInSign,
  type Credentials,
  createSigner,
  credentialsFromEnv,
  isEpochMs,
  isJsonText,
  KalshiAuthError,
  type Signer,
} from '@org/kalshi-auth';
import { KalshiCredentialsError, KalshiError, KalshiValidationError } from './errors';

/**
 * An OAuth access token (the spec's `kalshiOauthAccessToken`, issued by Kalshi to an authorized partner). Kalshi
 * accepts it only on the operations whose manifest entry has `bearer` (3.31.0: GetFills, GetPositions,
 * GetFillsHistorical); the client sends it there as `Authorization: Bearer <token>` and refuses every other
 * authenticated operation before sending. Not accepted by `createKalshiStream`.
 */
export interface AccessTokenCredentials {
  /** The token, sent as `Authorization: Bearer <token>`. */
  readonly accessToken: string;
}

/**
 * What clients accept as credentials: a signer, `{ keyId, privateKey }`, `{ accessToken }` or `'env'`. Given a key
 * and a token in one object, requests are signed (every authenticated operation takes a signature).
 */
export type CredentialsOption = Signer | Credentials | AccessTokenCredentials | 'env';

/**
 * The OAuth access token of credentials that carry one and no key (a signer, `keyId` or `privateKey`): else
 * undefined. A token that is not a non-empty string of visible ASCII is a KalshiValidationError naming `accessToken`,
 * never its value (fetch would put it in its own error about a header value).
 */
export function accessTokenOf(credentials: unknown): string | undefined {
  if (typeof credentials !== 'object' || credentials === null || !('accessToken' in credentials)) return undefined;
  const token: unknown = credentials.accessToken;
  if (typeof token !== 'string' || !/^[!-~]+$/.test(token))
    throw new KalshiValidationError(
      'accessToken',
      `expected a non-empty string of visible ASCII characters, got ${typeof token === 'string' ? (token ? 'spaces or other characters (not shown)' : 'an empty string') : token === null ? 'null' : `a ${typeof token}`}`,
    );
  return 'keyId' in credentials || 'privateKey' in credentials || 'sign' in credentials ? undefined : (token as string);
}

/**
 * The signer for a credentials option (the key is parsed here, once); undefined for none. `'env'` with none of the
 * variables set is an error: the caller asked for credentials, so a client without them would only fail later.
 */
export async function resolveSigner(credentials: CredentialsOption | undefined): Promise<Signer | undefined> {
  if (credentials === undefined) return undefined;
  if (credentials === 'env') {
    const signer = await signerFromEnv();
    if (!signer) {
      // Other KALSHI_ names set are likely misspellings (KALSHI_KEY_ID): named, never their values.
      const env = globalThis.process?.env;
      const others = Object.keys(env ?? {}).filter((name) => /^KALSHI_(?!LOG$)/.test(name));
      // A credentials error as the variables' other mistakes are (half set, both key variables, a bad key in one).
      // No process.env at all (a Worker's variables are bindings on its handler's `env`): the call that reads them.
      throw new KalshiCredentialsError(
        'env_unset',
        `credentials 'env': KALSHI_API_KEY_ID and KALSHI_PRIVATE_KEY (or KALSHI_PRIVATE_KEY_PATH) are not set${others.length ? ` (set: ${others.join(', ')})` : ''}${env ? '' : ' (no process.env: in a Worker, pass credentialsFromEnv(env))'}`,
      );
    }
    return signer;
  }
  if (typeof credentials !== 'object' || credentials === null) throw notCredentials(credentials);
  if (accessTokenOf(credentials) !== undefined) return undefined;
  if ('sign' in credentials && typeof credentials.sign === 'function') return credentials;
  return createSigner(credentials as Credentials).catch(rethrowAsCredentialsError);
}

/**
 * The error for a credentials value that is not an object: it names the type, never the value (a PEM passed as
 * `credentials` itself is the private key).
 */
function notCredentials(value: unknown): KalshiValidationError {
  const got =
    typeof value !== 'string'
      ? value === null
        ? 'null'
        : `a ${typeof value}`
      : isJsonText(value)
        ? // A credentials file read as text (kalshi-mock's --credentials-out): it holds a PEM, but is no PEM.
          'JSON text (not shown): pass JSON.parse of it'
        : value.includes('-----BEGIN ')
          ? 'a PEM string (not shown): pass { keyId, privateKey: pem }'
          : value.trim().toLowerCase() === 'env'
            ? "a string (not shown); 'env' is lower case"
            : 'a string (not shown)';
  return new KalshiValidationError('credentials', `expected { keyId, privateKey }, a signer or 'env', got ${got}`);
}

/**
 * The signer of the KALSHI_* variables; undefined when none is set. The caller asked for the environment, so a denied
 * read (Deno without `--allow-env` throws NotCapable, whose message says so) is a KalshiCredentialsError, as a denied
 * key-file read is.
 */
export async function signerFromEnv(): Promise<Signer | undefined> {
  let fromEnv: Credentials | undefined;
  try {
    fromEnv = credentialsFromEnv();
  } catch (error) {
    if (error instanceof KalshiAuthError) rethrowAsCredentialsError(error);
    throw new KalshiCredentialsError('env_unreadable', `credentials 'env': ${(error as Error)?.message}`, {
      cause: error,
    });
  }
  return fromEnv && createSigner(fromEnv).catch(rethrowAsCredentialsError);
}

/**
 * @org/kalshi-auth's errors in this package's hierarchy (same `code`, the original as `cause`); anything else as is.
 * Its messages never hold key material, so they are kept.
 */
export function rethrowAsCredentialsError(error: unknown): never {
  if (error instanceof KalshiAuthError) throw new KalshiCredentialsError(error.code, error.message, { cause: error });
  throw error;
}

// Fetch's header rules (Fetch §2.2: a name is a token; a value, its leading and trailing whitespace aside, has no
// NUL, CR or LF, and every character is a byte): a Headers object per signed header would cost every request
// microseconds, these a fraction of one. No pattern with overlapping runs: one backtracks cubically on long whitespace.
const HEADER_NAME = /^[!#$%&'*+.^`|~\w-]+$/;
const NOT_BYTE = /[\0\u0100-\uffff]/;
const BREAK = /[\r\n]/;
const EDGE_SPACE = '\t\n\r ';

/** Whether fetch sends a header of this name and value (its rules above). */
export function sendable(name: string, value: string): boolean {
  if (!HEADER_NAME.test(name) || NOT_BYTE.test(value)) return false;
  if (!BREAK.test(value)) return true;
  // A CR or LF is allowed only in the whitespace fetch trims from either end.
  let start = 0;
  let end = value.length;
  while (start < end && EDGE_SPACE.includes(value[start] as string)) start++;
  while (end > start && EDGE_SPACE.includes(value[end - 1] as string)) end--;
  return !BREAK.test(value.slice(start, end));
}

/**
 * Signs with `signer`; whatever it throws reaches the caller as a KalshiError (never as a failed connection to
 * retry). A foreign error's message is left out (a signer of yours may put anything in it): it is the `cause`.
 */
export async function signWith(
  signer: Signer,
  input: Parameters<Signer['sign']>[0],
  label: string,
  own = builtInSign(signer),
) {
  try {
    // createSigner's own sign (its keyId checked at creation) sends a key id, digits and base64: nothing to check per
    // request. Called itself, not whatever `signer.sign` is by now (verifier V-D3).
    if (own) return await own(input);
    const signed = await signer.sign(input);
    // A signer that returns no headers (a forgotten `return`, a misspelt name) would send the request unsigned.
    // A timestamp in seconds (Date.now() / 1000) would be refused by Kalshi as a stale one (401
    // header_timestamp_expired), read as this machine's clock being off: Kalshi's is epoch ms (kalshi-api-notes §2.1).
    // So would microseconds (Date.now() * 1000): auth's isEpochMs, the rule its own signer's clock is held to.
    const sent = Object.entries(Object(signed));
    for (const part of ['KEY', 'TIMESTAMP', 'SIGNATURE'])
      if (
        !sent.some(
          ([name, value]) =>
            name.toUpperCase() === `KALSHI-ACCESS-${part}` &&
            value &&
            typeof value === 'string' &&
            (part[0] !== 'T' || isEpochMs(+value)),
        )
      )
        throw new KalshiCredentialsError(
          'signing_failed',
          `${label}: the signer returned no KALSHI-ACCESS-${part} header${part[0] === 'T' ? ' in epoch ms' : ''}`,
        );
    // A header fetch refuses (a newline in a signature, say) is the signer's bug, not a failed connection to retry:
    // found by fetch's rules and named, its value never shown (fetch's message quotes it; it may be a signature).
    for (const name in signed)
      if (!sendable(name, signed[name as keyof typeof signed]))
        throw new KalshiCredentialsError(
          'signing_failed',
          `${label}: the signer failed (${name} header refused by fetch)`,
        );
    return signed;
  } catch (error) {
    if (error instanceof KalshiError) throw error;
    if (error instanceof KalshiAuthError) rethrowAsCredentialsError(error);
    const name = error instanceof Error ? error.name : typeof error;
    throw new KalshiCredentialsError('signing_failed', `${label}: the signer failed (${name}; see cause)`, {
      cause: error,
    });
  }
}
