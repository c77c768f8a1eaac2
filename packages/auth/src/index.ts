export type { SignatureAlgorithm } from './backend';
export { type Credentials, credentialsFromEnv } from './env';
export { KalshiAuthError, type KalshiAuthErrorCode } from './errors';
export { type CryptoKeyLike, isJsonText, type KeyObjectLike, type PrivateKeyInput } from './key-input';
export { isLoopbackHostname } from './loopback';
export { kindOf, type SignableUrl, signingMessage, signingPath } from './message';
export { type AuthMiddleware, createAuthMiddleware, signRequest } from './middleware';
export { unknownOption } from './options';
export { REDACTED, redactInspection } from './redact';
export {
  builtInSign,
  createSigner,
  isEpochMs,
  type SignedHeaders,
  type Signer,
  type SignerOptions,
  type SignInput,
} from './signer';
export {
  DEFAULT_TOLERANCE_MS,
  type PublicKeySource,
  type VerifyFailure,
  type VerifyOptions,
  type VerifyResult,
  verifySignature,
} from './verify';
