import { KalshiAuthError } from './errors';
import { kindOf } from './message';
import { canonicalPem, looksLikePem, normalizePem } from './pem';
import { readTextFile } from './runtime';

/**
 * The forms a private key may be given in: a PEM string (PKCS#1 `RSA PRIVATE KEY`, PKCS#8, Ed25519 PKCS#8; literal
 * `\n` or `\r\n` escapes, indented or space-joined lines allowed; in a bundle with a certificate or the public key,
 * its one private key is used), a Node `KeyObject`, a WebCrypto `CryptoKey` (RSA-PSS with SHA-256, or Ed25519), or
 * `{ path }` of a PEM file.
 */
export type PrivateKeyInput =
  | string
  | {
      /** A file holding the PEM, read once (Node only). */
      readonly path: string;
    }
  | KeyObjectLike
  | CryptoKeyLike;

/**
 * Structural stand-in for node:crypto's KeyObject (a private key to sign with, or a public key to verify with), so the
 * types load without Node's (no `@types/node` needed in a browser project).
 */
export interface KeyObjectLike {
  /** The key's kind: `private` to sign with, `public` to verify with (`secret` is neither). */
  readonly type: 'secret' | 'public' | 'private';
  /** The algorithm family, e.g. `rsa` or `ed25519` (undefined for a secret key). */
  readonly asymmetricKeyType?: string;
  /** Exports the private key (node:crypto's `KeyObject.export`). */
  export(options: { format: 'pem'; type: 'pkcs8' }): string | Uint8Array;
}

/**
 * Structural stand-in for WebCrypto's CryptoKey, so the types load without the DOM lib (a Node project's `lib:
 * ["es2023"]`: @types/node 20 declares no global CryptoKey, 24 a value only); the DOM's and Node's CryptoKey fit it.
 */
export interface CryptoKeyLike {
  /** `private` to sign with. */
  readonly type: string;
  /** Whether the key may be exported. */
  readonly extractable: boolean;
  /** The algorithm, e.g. `{ name: 'RSA-PSS', hash: … }` or `{ name: 'Ed25519' }`. */
  readonly algorithm: {
    /** The algorithm's name: `RSA-PSS` or `Ed25519` to sign for Kalshi. */
    readonly name: string;
  };
  /** What the key may do (`sign`). */
  readonly usages: readonly string[];
}

export type ResolvedKey =
  | { readonly kind: 'pem'; readonly pem: string }
  | { readonly kind: 'keyObject'; readonly key: KeyObjectLike }
  | { readonly kind: 'cryptoKey'; readonly key: CryptoKey };

/** Turns any accepted input into a PEM, a KeyObject or a CryptoKey, reading `{ path }` once. */
export async function resolveKeyInput(input: PrivateKeyInput | undefined): Promise<ResolvedKey> {
  if (input === undefined || input === null || input === '') {
    throw new KalshiAuthError(
      'missing_private_key',
      'privateKey is required (a PEM string, { path }, a KeyObject or a CryptoKey)',
    );
  }
  if (typeof input === 'string') {
    if (isJsonText(input))
      throw new KalshiAuthError(
        'malformed_pem',
        `privateKey: got JSON text (not shown), not a PEM: ${PARSE_JSON} (its PEM as the key, or the object as credentials)`,
      );
    const pem = normalizePem(input);
    if (!looksLikePem(pem)) {
      const hint = /^[\w./~\\-]+\.(pem|key|txt)$/i.test(pem.trim()) ? '; it looks like a file path: pass { path }' : '';
      throw new KalshiAuthError('malformed_pem', `privateKey: not a PEM (no "-----BEGIN" line)${hint}`);
    }
    return { kind: 'pem', pem: canonicalPem(pem) };
  }
  if (typeof input === 'object') {
    if (isCryptoKey(input)) return { kind: 'cryptoKey', key: input };
    if ('path' in input) {
      const { path } = input as { path: unknown };
      if (typeof path === 'string') return { kind: 'pem', pem: await readPemFile(path) };
      // A file: URL (import.meta.url's) or an unset variable is no path: named, not as a form never given.
      throw new KalshiAuthError(
        'malformed_pem',
        `privateKey.path: expected a file path (a string), got ${path instanceof URL ? 'a URL: pass fileURLToPath(url)' : kindOf(path)}`,
      );
    }
    if ('type' in input && typeof (input as KeyObjectLike).export === 'function') {
      return { kind: 'keyObject', key: input as KeyObjectLike };
    }
  }
  // A number or boolean (an unparsed config value, say) is named by its type only; bytes are most likely the key
  // file read without an encoding.
  const got = ArrayBuffer.isView(input)
    ? ", got bytes: read the file as text (readFileSync(path, 'utf8')) or pass { path }"
    : typeof input === 'object'
      ? ''
      : `, got a ${typeof input}`;
  throw new KalshiAuthError(
    'malformed_pem',
    `privateKey: expected a PEM string, { path }, a KeyObject or a CryptoKey${got}`,
  );
}

async function readPemFile(path: string): Promise<string> {
  if (looksLikePem(normalizePem(path))) {
    throw new KalshiAuthError(
      'malformed_pem',
      'privateKey.path (or KALSHI_PRIVATE_KEY_PATH) holds the key itself, not a file path: pass it as the PEM',
    );
  }
  let text: string;
  try {
    text = await readTextFile(path);
  } catch (error) {
    // Deno's denied --allow-read (NotCapable) has no code: its name says it.
    const code = (error as { code?: string }).code ?? (error as Error).name;
    throw new KalshiAuthError('key_file_unreadable', `privateKey.path: cannot read ${shown(path)} (${code})`);
  }
  if (isJsonText(text))
    throw new KalshiAuthError(
      'malformed_pem',
      `privateKey.path: ${shown(path)} holds JSON, not a PEM: ${PARSE_JSON} (its PEM as the key, or the object as credentials)`,
    );
  const pem = normalizePem(text);
  if (!looksLikePem(pem))
    throw new KalshiAuthError('malformed_pem', `privateKey.path: ${shown(path)} does not contain a PEM`);
  return canonicalPem(pem);
}

/**
 * Whether a text given for a key or for credentials is a JSON object's (a BOM or whitespace before its `{` allowed):
 * a credentials file read as text (kalshi-mock's `--credentials-out` writes `{ keyId, privateKey, … }`), given where
 * the PEM goes: no PEM starts with `{`. Its PEM, in JSON's `\n` escapes and often there twice (`privateKeyPem`), was
 * read as one: "2 private keys", "not valid base64", or taken without its keyId. The client names it so when it is
 * passed as `credentials` itself.
 */
export function isJsonText(text: string): boolean {
  return text.trimStart().startsWith('{');
}

const PARSE_JSON = 'pass JSON.parse of it';

/**
 * The path quoted, unless it may be key material (several lines, very long, or a long base64 run such as a PEM
 * body pasted without its BEGIN line): then it is not echoed.
 */
function shown(path: string): string {
  const secretLike = /[\r\n]/.test(path) || path.length > 512 || /[A-Za-z0-9+/=]{64,}/.test(path.replace(/\\n/g, ''));
  return secretLike ? '(not shown: it looks like key material)' : `"${path}"`;
}

function isCryptoKey(value: object): value is CryptoKey {
  return typeof CryptoKey !== 'undefined' && value instanceof CryptoKey;
}
