import type { KeyObject } from 'node:crypto';
import { KalshiAuthError } from './errors';
import type { KeyObjectLike } from './key-input';
import { kindOf, type SignableUrl, signingMessage } from './message';
import { checkKnownKeys } from './options';
import { loadNodeCrypto } from './runtime';

/** Why a signature was rejected. */
export type VerifyFailure =
  | 'missing_key'
  | 'missing_timestamp'
  | 'missing_signature'
  | 'stale_timestamp'
  | 'unknown_key'
  | 'bad_signature';

/** The outcome of `verifySignature`: the key id when valid, else the reason. */
export type VerifyResult =
  | {
      /** The signature is valid and fresh. */
      readonly ok: true;
      /** The `KALSHI-ACCESS-KEY` header's key id. */
      readonly keyId: string;
    }
  | {
      /** The signature was rejected. */
      readonly ok: false;
      /** Why it was rejected. */
      readonly reason: VerifyFailure;
    };

/**
 * A public key as PEM or a node:crypto KeyObject (typed structurally, `KeyObjectLike`, so the types load without
 * Node's), or a lookup by key id (undefined → `unknown_key`).
 */
export type PublicKeySource =
  | string
  | KeyObjectLike
  | ((keyId: string) => string | KeyObjectLike | undefined | Promise<string | KeyObjectLike | undefined>);

/** A request's method, URL and headers, and the public key to check them against. */
export interface VerifyOptions {
  /** The request's HTTP method. */
  readonly method: string;
  /** The request's URL or path; only the path is part of the signed message. */
  readonly url: SignableUrl;
  /** The request's headers; the three `KALSHI-ACCESS-*` ones are read, by any case. */
  readonly headers: Headers | Readonly<Record<string, string | readonly string[] | undefined>>;
  /** The public key to check the signature against, or a lookup of it by key id. */
  readonly publicKey: PublicKeySource;
  /** Milliseconds; defaults to `Date.now()`. */
  readonly now?: number | undefined;
  /**
   * Allowed clock skew, in ms: a timestamp up to this far ahead of `now` verifies, one this old or older does not (0:
   * only `now` itself). Kalshi's window is undocumented; measured: ±10 s and +30 s accepted, −30 s rejected
   * (kalshi-api-notes §2.2). Default 30 s.
   */
  readonly toleranceMs?: number | undefined;
}

/** Default allowed clock skew of `verifySignature`, in ms (30 s). */
export const DEFAULT_TOLERANCE_MS = 30_000;

/** Checks Kalshi signature headers the way the exchange does (for the mock exchange and tests). Node only. */
export async function verifySignature(options: VerifyOptions): Promise<VerifyResult> {
  checkOptions(options);
  const keyId = header(options.headers, 'kalshi-access-key');
  const timestamp = header(options.headers, 'kalshi-access-timestamp');
  const signature = header(options.headers, 'kalshi-access-signature');
  if (!keyId) return fail('missing_key');
  if (!timestamp) return fail('missing_timestamp');
  if (!signature) return fail('missing_signature');
  const now = options.now ?? Date.now();
  const tolerance = options.toleranceMs ?? DEFAULT_TOLERANCE_MS;
  // Kalshi's past edge is out, its future edge in (kalshi-api-notes §2.2: −30 s rejected, +30 s accepted). A zero
  // window still takes a timestamp equal to now.
  const age = now - Number(timestamp);
  if (!/^\d{1,16}$/.test(timestamp) || (age > 0 ? age >= tolerance : -age > tolerance)) return fail('stale_timestamp');

  const source = typeof options.publicKey === 'function' ? await options.publicKey(keyId) : options.publicKey;
  if (!source) return fail('unknown_key');
  const crypto = await loadNodeCrypto();
  if (!crypto) throw new KalshiAuthError('crypto_unavailable', 'verifySignature needs node:crypto (Node, Bun, Deno)');
  // A KeyObjectLike given here is node:crypto's KeyObject (the only kind verifySignature, Node only, can use).
  const where = typeof options.publicKey === 'function' ? "publicKey (the lookup's answer)" : 'publicKey';
  const key = publicKeyObject(crypto, source as string | KeyObject, where);
  const data = Buffer.from(signingMessage(timestamp, options.method, options.url));
  const bytes = Buffer.from(signature, 'base64');
  // Standard, padded base64 only (kalshi-api-notes §2.1; Python's base64.b64encode): Buffer also takes base64url,
  // whitespace and junk after the padding, so the signature must be exactly the canonical encoding of its bytes.
  if (bytes.toString('base64') !== signature) return fail('bad_signature');
  const valid =
    key.asymmetricKeyType === 'ed25519'
      ? crypto.verify(null, data, key, bytes)
      : crypto.verify(
          'sha256',
          data,
          { key, padding: crypto.constants.RSA_PKCS1_PSS_PADDING, saltLength: crypto.constants.RSA_PSS_SALTLEN_AUTO },
          bytes,
        );
  return valid ? { ok: true, keyId } : fail('bad_signature');
}

/** A caller's mistake (not a request's) is a KalshiAuthError naming the option; what a request was sent is reported. */
function checkOptions(options: VerifyOptions): void {
  const wrong = (field: string, expected: string, got: unknown) =>
    new KalshiAuthError('invalid_argument', `verifySignature: ${field}: expected ${expected}, got ${shown(got)}`);
  if (typeof options !== 'object' || options === null)
    throw new KalshiAuthError(
      'invalid_argument',
      `verifySignature(options): expected { method, url, headers, publicKey }, got ${kindOf(options)}`,
    );
  // A misspelt toleranceMs fell back to the 30 s default, a window the caller meant to narrow.
  checkKnownKeys('verifySignature', options, VERIFY_OPTIONS, { tolerance: 'toleranceMs', skewMs: 'toleranceMs' });
  const { method, url, headers, publicKey, now, toleranceMs } = options;
  if (typeof method !== 'string') throw wrong('method', 'a string', method);
  if (typeof url !== 'string' && typeof (url as { url?: unknown } | null)?.url !== 'string' && !(url instanceof URL))
    throw wrong('url', "the request's URL or path, a URL or a request object", url);
  if (typeof headers !== 'object' || headers === null || Array.isArray(headers))
    throw wrong('headers', 'Headers or a header record', headers);
  if (publicKey === undefined || publicKey === null || publicKey === '')
    throw wrong('publicKey', 'a PEM, a KeyObject or a lookup by key id', publicKey);
  if (typeof publicKey !== 'string' && typeof publicKey !== 'function' && !isKeyObject(publicKey))
    throw wrong('publicKey', 'a PEM, a KeyObject or a lookup by key id', publicKey);
  // NaN, a string or null turned the staleness check off (every comparison with NaN is false): a year-old signature
  // verified. Infinity is refused too: the notes (§2.2) know no unlimited window, and a replay check that checks
  // nothing should not be one typo away.
  if (now !== undefined && !(typeof now === 'number' && Number.isFinite(now) && now >= 0))
    throw wrong('now', 'epoch milliseconds, a finite number (or undefined for Date.now())', now);
  if (
    toleranceMs !== undefined &&
    !(typeof toleranceMs === 'number' && Number.isFinite(toleranceMs) && toleranceMs >= 0)
  )
    throw wrong('toleranceMs', 'milliseconds, a finite number ≥ 0 (or undefined for 30 s)', toleranceMs);
}

const VERIFY_OPTIONS = ['method', 'url', 'headers', 'publicKey', 'now', 'toleranceMs'] as const;

/** A number is shown (it is no secret); anything else by its kind. */
function shown(value: unknown): string {
  return typeof value === 'number' ? String(value) : Array.isArray(value) ? 'an array' : kindOf(value);
}

function isKeyObject(value: unknown): value is KeyObject {
  const type = (value as { type?: unknown } | null)?.type;
  return typeof value === 'object' && (type === 'public' || type === 'private');
}

/**
 * Public keys parsed, by PEM, the most recently used last: at most MAX_PARSED_KEYS. A long-running mock whose accounts
 * keep generating keys, or a lookup answering a new PEM at each rotation, kept every key it ever saw; a mock's or a
 * test suite's keys in use (a handful) all stay parsed.
 */
const parsedKeys = new Map<string, KeyObject>();
const MAX_PARSED_KEYS = 100;

/**
 * Public keys are parsed once per PEM. What is no key (not a PEM, a symmetric KeyObject, a lookup's wrong answer) is
 * the caller's mistake, named, not OpenSSL's decoder error.
 */
function publicKeyObject(crypto: typeof import('node:crypto'), source: string | KeyObject, where: string): KeyObject {
  const key = readPublicKey(crypto, source, where);
  // Kalshi's keys are RSA or Ed25519 (notes §2.1); another type never verifies, and X25519's threw OpenSSL's error.
  const type = key.asymmetricKeyType;
  if (type !== 'rsa' && type !== 'rsa-pss' && type !== 'ed25519')
    throw new KalshiAuthError(
      'invalid_argument',
      `verifySignature: ${where}: ${type} keys cannot verify a Kalshi signature; expected an RSA or Ed25519 public key`,
    );
  return key;
}

function readPublicKey(crypto: typeof import('node:crypto'), source: string | KeyObject, where: string): KeyObject {
  if (typeof source !== 'string') {
    if (!isKeyObject(source))
      throw new KalshiAuthError(
        'invalid_argument',
        `verifySignature: ${where}: expected a PEM or a public KeyObject, got ${kindOf(source)}`,
      );
    return source.type === 'private' ? crypto.createPublicKey(source) : source;
  }
  let key = parsedKeys.get(source);
  if (key) parsedKeys.delete(source);
  else {
    try {
      key = crypto.createPublicKey(source);
    } catch {
      throw new KalshiAuthError(
        'invalid_argument',
        `verifySignature: ${where}: not a public key Node can read (expected a PEM "-----BEGIN PUBLIC KEY-----" block, not shown)`,
      );
    }
    // The least recently used goes (a Map keeps insertion order; a key used is moved to the end below).
    if (parsedKeys.size >= MAX_PARSED_KEYS) parsedKeys.delete(parsedKeys.keys().next().value as string);
  }
  parsedKeys.set(source, key);
  return key;
}

function header(headers: VerifyOptions['headers'], name: string): string | undefined {
  if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name) ?? undefined;
  const record = headers as Readonly<Record<string, string | readonly string[] | undefined>>;
  const value = record[name] ?? record[name.toUpperCase()] ?? findCaseInsensitive(record, name);
  return Array.isArray(value) ? value[0] : (value as string | undefined);
}

function findCaseInsensitive(record: Readonly<Record<string, unknown>>, name: string): unknown {
  for (const key of Object.keys(record)) if (key.toLowerCase() === name) return record[key];
  return undefined;
}

function fail(reason: VerifyFailure): VerifyResult {
  return { ok: false, reason };
}
