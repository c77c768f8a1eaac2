// The browser/worker build's node-backend.ts: there is no node:crypto to sign with, so node:crypto's signing code
// stays out of the bundle and `backend: 'node'` is refused, as on any runtime without node:crypto.
import type { SigningBackend } from './backend';
import { KalshiAuthError } from './errors';

export function createNodeBackend(): Promise<SigningBackend> {
  return Promise.reject(
    new KalshiAuthError(
      'crypto_unavailable',
      "backend: 'node' needs node:crypto, which this browser build of @org/kalshi-auth does not use; use 'webcrypto' (the default here)",
    ),
  );
}
