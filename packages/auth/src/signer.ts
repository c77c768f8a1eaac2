import type { SignatureAlgorithm } from './backend';
import { namingEnvVariables } from './env';
import { KalshiAuthError } from './errors';
import { type PrivateKeyInput, resolveKeyInput } from './key-input';
import { kindOf, type SignableUrl, verifiablePath } from './message';
import { createNodeBackend } from './node-backend';
import { checkKnownKeys } from './options';
import { looksLikePem } from './pem';
import { redactSecret } from './redact';
import { loadNodeCrypto } from './runtime';
import { unquote } from './text';
import { createWebBackend } from './web-backend';

// A type alias (not an interface) so it is assignable to plain header records.
/** Kalshi's three authentication headers for one request. */
export type SignedHeaders = {
  /** The API key's id. */
  readonly 'KALSHI-ACCESS-KEY': string;
  /** Unix epoch milliseconds. */
  readonly 'KALSHI-ACCESS-TIMESTAMP': string;
  /** Base64 signature of timestamp + METHOD + path. */
  readonly 'KALSHI-ACCESS-SIGNATURE': string;
};

/** What one signature covers: the request's method and URL, at a time. */
export interface SignInput {
  /** The HTTP method (e.g. `GET`), signed in upper case. */
  readonly method: string;
  /** Full URL, a path starting with `/trade-api/...`, a URL or a Request; the query string is not signed. */
  readonly url: SignableUrl;
  /** Milliseconds (a number from 1e12 to below 1e13); defaults to the signer's clock. */
  readonly timestamp?: number | undefined;
}

/** Signs requests with one API key (see `createSigner`). */
export interface Signer {
  /** The API key's id, sent as `KALSHI-ACCESS-KEY`. */
  readonly keyId: string;
  /** The signature scheme of the key: RSA-PSS for an RSA key, Ed25519 for an Ed25519 key. */
  readonly algorithm: SignatureAlgorithm;
  /** Signs one request; returns the headers to send with it. */
  sign(input: SignInput): Promise<SignedHeaders>;
}

/** Options of `createSigner`. */
export interface SignerOptions {
  /** The API key's id (a UUID), shown next to the key in Kalshi's settings. Surrounding quotes are dropped. */
  readonly keyId: string;
  /** The private key: a PEM string, `{ path }`, a KeyObject or a CryptoKey. */
  readonly privateKey: PrivateKeyInput;
  /**
   * Milliseconds since the epoch; defaults to `Date.now()`, looked up at each signature. A fractional value is
   * floored; NaN, ±Infinity, a value below 1e12 (seconds, not milliseconds) or from 1e13 (microseconds) throws when
   * signing.
   */
  readonly clock?: (() => number) | undefined;
  /** `auto` (default): node:crypto where it exists, else WebCrypto. */
  readonly backend?: 'auto' | 'node' | 'webcrypto' | undefined;
}

/** Parses the key once and returns a signer; every input problem is reported here, before any request. */
export async function createSigner(options: SignerOptions): Promise<Signer> {
  try {
    return await signerOf(options);
  } catch (error) {
    // Credentials from credentialsFromEnv: the error names the variable the user set, not an option never written.
    throw namingEnvVariables(error, options);
  }
}

async function signerOf(options: SignerOptions): Promise<Signer> {
  // A misspelt clock (`clok`) signed with Date.now(), a misspelt backend with the default; `access_token` or `token`
  // (an OAuth token under another name) was reported as a missing keyId; null crashed inside.
  checkKnownKeys(
    'createSigner',
    options,
    SIGNER_OPTIONS,
    { token: 'accessToken', apiKey: 'keyId', apiKeyId: 'keyId', privateKeyPath: 'privateKey' },
    PASSED_ON,
  );
  // A mock's or generated key pair's PEM is passed on under privateKeyPem, and not read: a key given only so is none.
  if (options.privateKey == null && typeof (options as { privateKeyPem?: unknown }).privateKeyPem === 'string')
    throw new KalshiAuthError(
      'missing_private_key',
      'privateKey is required (a PEM string, { path }, a KeyObject or a CryptoKey): privateKeyPem is not read, give the PEM as privateKey',
    );
  const keyId = checkKeyId(options.keyId);
  const choice = options.backend ?? 'auto';
  if (!BACKENDS.includes(choice))
    throw new KalshiAuthError(
      'invalid_argument',
      `backend: ${typeof choice === 'string' ? `"${choice}"` : kindOf(choice)} is not a backend; expected ${BACKENDS.join(', ').replace(/, (?=[^,]*$)/, ' or ')}`,
    );
  if (options.clock !== undefined && typeof options.clock !== 'function')
    throw new KalshiAuthError('invalid_argument', `clock: expected a function, got ${kindOf(options.clock)}`);
  const resolved = await resolveKeyInput(options.privateKey);
  const backend = await chooseBackend(choice, resolved);
  const clock = options.clock ?? (() => Date.now()); // looked up at each signature: a test may fake it later
  const signer = {
    keyId,
    algorithm: backend.algorithm,
    async sign(input: SignInput): Promise<SignedHeaders> {
      if (typeof input !== 'object' || input === null)
        throw new KalshiAuthError(
          'invalid_argument',
          `sign(input): expected { method, url } (and an optional timestamp), got ${kindOf(input)}`,
        );
      const { method, url, timestamp } = input;
      const ts = timestampHeader(timestamp, clock);
      // Checked here, not in signingMessage: verifySignature reads whatever a server was sent, and reports.
      return {
        'KALSHI-ACCESS-KEY': keyId,
        'KALSHI-ACCESS-TIMESTAMP': ts,
        'KALSHI-ACCESS-SIGNATURE': await backend.sign(`${ts}${httpMethod(method)}${verifiablePath(url)}`),
      };
    },
  };
  builtIn.set(signer, signer.sign);
  return redactSecret(signer, 'privateKey', undefined, 'Signer');
}

/** createSigner's signers and the `sign` each was made with (a test may spy on it: then it is vouched for no more). */
const builtIn = new WeakMap<object, Signer['sign']>();

/**
 * The `sign` createSigner (this copy of the package) made for `signer`, while `signer` still carries it (not replaced
 * or spied on); undefined for any other signer. It signs locally, cannot hang, and returns Kalshi's three headers, so
 * a client that calls it (not whatever `signer.sign` is by then) may skip racing it against a timeout and checking
 * what it returns.
 */
export function builtInSign(signer: unknown): Signer['sign'] | undefined {
  const sign = builtIn.get(signer as object);
  return sign !== undefined && sign === (signer as Signer).sign ? sign : undefined;
}

const BACKENDS: readonly unknown[] = ['auto', 'node', 'webcrypto'];

const SIGNER_OPTIONS = ['keyId', 'privateKey', 'clock', 'backend'];

/**
 * Fields that credentials given to @org/kalshi-client carry beside the key, and it passes on as they are; not used
 * here: its `accessToken` (a key and a token in one object sign) and `mockServerUrl` (which keeps a mock's key from
 * Kalshi's hosts), and the same PEM as `privateKeyPem` and the `userId` of @org/kalshi-mock's keys and users.
 */
const PASSED_ON = ['accessToken', 'mockServerUrl', 'privateKeyPem', 'userId'];

/**
 * A method is an HTTP token (RFC 9110 §9.1), signed upper case; Kalshi's are GET, POST, PUT and DELETE (notes §2.1).
 * Not a string, empty or with a space or a slash (a request line pasted in) is no request fetch sends.
 */
function httpMethod(method: unknown): string {
  if (typeof method === 'string' && /^[A-Za-z-]+$/.test(method)) return method.toUpperCase();
  throw new KalshiAuthError(
    'invalid_method',
    `sign({ method }): ${typeof method === 'string' ? `"${method.slice(0, 20)}"` : kindOf(method)} is not an HTTP method; Kalshi's are GET, POST, PUT, DELETE`,
  );
}

async function chooseBackend(choice: SignerOptions['backend'], resolved: Awaited<ReturnType<typeof resolveKeyInput>>) {
  // A CryptoKey is signed by WebCrypto on every runtime: turning it into a KeyObject (KeyObject.from) is deprecated
  // for non-extractable keys from Node 24 on (DEP0204).
  if (choice === 'webcrypto' || resolved.kind === 'cryptoKey') return createWebBackend(resolved);
  if (choice === 'node') return createNodeBackend(resolved);
  return (await hasNodeCrypto()) ? createNodeBackend(resolved) : createWebBackend(resolved);
}

let nodeCrypto: Promise<boolean> | undefined;
function hasNodeCrypto(): Promise<boolean> {
  nodeCrypto ??= loadNodeCrypto().then((crypto) => crypto !== undefined);
  return nodeCrypto;
}

function checkKeyId(keyId: unknown): string {
  // Given, but not as text (an unparsed config value): named by its type, never its value.
  if (keyId != null && typeof keyId !== 'string')
    throw new KalshiAuthError(
      'invalid_key_id',
      `keyId: expected a string (the API key id, a UUID), got ${kindOf(keyId)}`,
    );
  // Quotes an env file left around the id are dropped, as they are around KALSHI_PRIVATE_KEY (`""` is no id either).
  const id = unquote(((keyId as string | null | undefined) ?? '').trim());
  if (!id) {
    throw new KalshiAuthError(
      'missing_key_id',
      'keyId is required: the API key id (a UUID) from your Kalshi account settings',
    );
  }
  // The value is never echoed: when swapped, it is the private key (a PEM, or an Ed25519 key's one base64 line without
  // its armour, `MC4C…`: PKCS#8, RFC 8410) or its path.
  if (looksLikePem(id) || /[/\\]|\.(pem|key)$|^MC4C/i.test(id)) {
    throw new KalshiAuthError(
      'key_id_looks_like_key',
      'keyId looks like a private key or a file path; are keyId and privateKey swapped? keyId is the API key id (a UUID)',
    );
  }
  // Kalshi's key ids are UUIDs, 36 characters (kalshi-api-notes §2.1); the notes give no maximum, so 200 leaves room
  // for another id format while naming a pasted blob as too long, not as a key or a path (round 24, A12).
  if (id.length > 200)
    throw new KalshiAuthError(
      'invalid_key_id',
      `keyId is too long (${id.length} characters, at most 200): the API key id is a UUID, 36 characters`,
    );
  checkHeaderSafe(id);
  return id;
}

/**
 * The id is sent as the KALSHI-ACCESS-KEY header, and Kalshi's ids are UUIDs (kalshi-api-notes §2.1): visible ASCII
 * only. A pasted zero-width space, typographic hyphen or newline is named here, not found by a failing request.
 */
function checkHeaderSafe(id: string): void {
  const at = id.search(/[^!#-&(-~]/); // visible ASCII but quotes
  if (at >= 0) {
    const char = (id.charCodeAt(at) + 0x10000).toString(16).slice(1).toUpperCase();
    throw new KalshiAuthError(
      'invalid_key_id',
      `keyId: character ${at + 1} is U+${char}; a key id (a UUID) is visible ASCII (pasted an invisible or typographic character?)`,
    );
  }
}

/**
 * Whether `value` is a KALSHI-ACCESS-TIMESTAMP Kalshi can take: epoch milliseconds, a number from 1e12 to below 1e13
 * (kalshi-api-notes §2.1; below is seconds, from 1e13 microseconds). The one rule for createSigner and custom signers.
 */
export const isEpochMs = (value: unknown): value is number =>
  typeof value === 'number' && value >= 1e12 && value < 1e13;

/** The KALSHI-ACCESS-TIMESTAMP value: whole milliseconds as plain digits (a fractional clock is floored). */
function timestampHeader(given: number | undefined, clock: () => number): string {
  const value: unknown = given ?? clock();
  // Epoch milliseconds (kalshi-api-notes §2.1). Below 1e12 (September 2001 in ms) is seconds (Date.now() / 1000), or
  // no time Kalshi accepts (its window is seconds wide, §2.2): it was signed as is and answered 401. From 1e13 (the
  // year 2286) is microseconds (Date.now() * 1000), or no such time either. Also false for NaN, and for a string of
  // digits (`'1700000000' >= 0` holds).
  if (!isEpochMs(value)) {
    throw new KalshiAuthError(
      'invalid_timestamp',
      `${given === undefined ? 'clock() returned' : 'sign({ timestamp }) got'} ${typeof value === 'number' ? value : kindOf(value)}; expected epoch milliseconds (seconds × 1000)`,
    );
  }
  return String(Math.floor(value));
}
