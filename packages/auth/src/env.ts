import { KalshiAuthError } from './errors';
import type { PrivateKeyInput } from './key-input';
import { kindOf } from './message';
import { redactSecret } from './redact';
import { unquote } from './text';

/** An API key: its id and its private key (PEM, a `{ path }`, a KeyObject or a CryptoKey). */
export interface Credentials {
  /** The API key's id (a UUID), from `KALSHI_API_KEY_ID`. */
  readonly keyId: string;
  /** The private key: the PEM of `KALSHI_PRIVATE_KEY`, or `{ path }` of `KALSHI_PRIVATE_KEY_PATH`. */
  readonly privateKey: PrivateKeyInput;
}

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Credentials from `KALSHI_API_KEY_ID` plus `KALSHI_PRIVATE_KEY` (PEM, `\n` escapes allowed) or
 * `KALSHI_PRIVATE_KEY_PATH` (not both). Undefined when none is set; an error naming what is missing when only some are.
 */
// No `process` in a browser: no environment, so no credentials from it.
export function credentialsFromEnv(env: Env = globalThis.process?.env ?? {}): Credentials | undefined {
  if (typeof env !== 'object' || env === null)
    throw new KalshiAuthError(
      'invalid_argument',
      `credentialsFromEnv(env): expected an object such as process.env, got ${kindOf(env)}`,
    );
  // Quotes an env file left (`docker run --env-file` keeps them) are no part of a value: empty ones leave it unset.
  const read = (name: string) => unquote(env[name]?.trim() ?? '') || undefined;
  const keyId = read('KALSHI_API_KEY_ID');
  const pem = read('KALSHI_PRIVATE_KEY');
  const path = read('KALSHI_PRIVATE_KEY_PATH');
  if (!keyId && !pem && !path) return undefined;
  if (!keyId) {
    throw new KalshiAuthError(
      'incomplete_env_credentials',
      `KALSHI_API_KEY_ID is not set, but ${pem ? 'KALSHI_PRIVATE_KEY' : 'KALSHI_PRIVATE_KEY_PATH'} is: set both${othersSet(env)}`,
    );
  }
  if (!pem && !path) {
    throw new KalshiAuthError(
      'incomplete_env_credentials',
      `KALSHI_API_KEY_ID is set, but neither KALSHI_PRIVATE_KEY (PEM) nor KALSHI_PRIVATE_KEY_PATH is${othersSet(env)}`,
    );
  }
  // Which key signs must not depend on a precedence nobody reads: after a rotation that changed only one of the
  // two, the stale key would sign and every request fail as a bad signature.
  if (pem && path) {
    throw new KalshiAuthError(
      'ambiguous_env_credentials',
      'KALSHI_PRIVATE_KEY and KALSHI_PRIVATE_KEY_PATH are both set: unset one, so that one key is used',
    );
  }
  const credentials = redactSecret({ keyId }, 'privateKey', pem ?? { path }, 'Credentials') as Credentials;
  envNames.set(credentials, pem ? 'KALSHI_PRIVATE_KEY' : 'KALSHI_PRIVATE_KEY_PATH');
  return credentials;
}

/**
 * The other KALSHI_ variables set, likely misspellings of ours (KALSHI_API_KEY, KALSHI_PRIVATE_KEY_FILE), as
 * ` (set: …)`: their names, never their values.
 */
function othersSet(env: Env): string {
  const others = Object.keys(env).filter(
    (name) => /^KALSHI_(?!LOG$|API_KEY_ID$|PRIVATE_KEY$|PRIVATE_KEY_PATH$)/.test(name) && env[name]?.trim(),
  );
  return others.length ? ` (set: ${others.join(', ')})` : '';
}

/** Credentials made by credentialsFromEnv, and the variable their private key came from. */
const envNames = new WeakMap<object, 'KALSHI_PRIVATE_KEY' | 'KALSHI_PRIVATE_KEY_PATH'>();

/**
 * A key error about credentials from credentialsFromEnv, naming the variables the user set (KALSHI_API_KEY_ID,
 * KALSHI_PRIVATE_KEY or KALSHI_PRIVATE_KEY_PATH) where it names the options `keyId` and `privateKey(.path)`, with the
 * fix in their terms; any other error as is.
 */
export function namingEnvVariables(error: unknown, credentials: unknown): unknown {
  const key = typeof credentials === 'object' && credentials !== null ? envNames.get(credentials) : undefined;
  if (!key || !(error instanceof KalshiAuthError)) return error;
  const message = error.message
    .replace(
      /^privateKey\.path \(or KALSHI_PRIVATE_KEY_PATH\)(.*): pass it as the PEM$/,
      `${key}$1: set it as KALSHI_PRIVATE_KEY`,
    )
    .replace(/looks like a file path: pass \{ path \}$/, 'looks like a file path: set KALSHI_PRIVATE_KEY_PATH instead')
    .replace(/\bprivateKey(\.path)?\b/g, key)
    .replace(/\bkeyId\b/g, 'KALSHI_API_KEY_ID');
  return new KalshiAuthError(error.code, message);
}
