/** Why a key or credentials could not be used. Stable strings; messages never contain key material. */
export type KalshiAuthErrorCode =
  | 'missing_key_id'
  | 'key_id_looks_like_key'
  | 'invalid_key_id'
  | 'missing_private_key'
  | 'key_file_unreadable'
  | 'encrypted_key'
  | 'malformed_pem'
  | 'public_key_given'
  | 'unsupported_key_type'
  | 'key_too_small'
  | 'incomplete_env_credentials'
  | 'ambiguous_env_credentials'
  | 'crypto_unavailable'
  | 'invalid_timestamp'
  /** A function or option of this package got the wrong kind of value (named in the message). */
  | 'invalid_argument'
  /** `sign({ url })` is not a URL or a path starting with `/`. */
  | 'invalid_url'
  /** `sign({ url })`'s path is outside `/trade-api/`: Kalshi never verifies such a signature. */
  | 'unsignable_path'
  /** `sign({ method })` is not an HTTP method. */
  | 'invalid_method';

/** A key or signing problem, with a machine-readable `code`; its message never contains key material. */
export class KalshiAuthError extends Error {
  /** Always `'KalshiAuthError'`. */
  declare name: string;
  /** Why the key or credentials could not be used. */
  declare readonly code: KalshiAuthErrorCode;
  /** An error with a code and a message (which must not contain key material). */
  constructor(code: KalshiAuthErrorCode, message: string) {
    super(message);
    this.name = 'KalshiAuthError';
    this.code = code;
  }
}
