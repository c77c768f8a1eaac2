import { KalshiAuthError } from './errors';
import { describe } from './message';
import type { Signer } from './signer';

/** Adds fresh Kalshi signature headers to a request (signing its final URL, after path and query serialisation). */
export async function signRequest(signer: Signer, request: Request): Promise<Request> {
  if (typeof signer?.sign !== 'function')
    throw new KalshiAuthError(
      'invalid_argument',
      `signRequest(signer, request): signer: expected a Signer (createSigner's), got ${describe(signer)}`,
    );
  if (typeof request?.url !== 'string' || typeof request.headers?.set !== 'function')
    throw new KalshiAuthError(
      'invalid_argument',
      `signRequest(signer, request): request: expected a Request, got ${describe(request)}`,
    );
  const headers = await signer.sign({ method: request.method, url: request.url });
  for (const [name, value] of Object.entries(headers)) request.headers.set(name, value);
  return request;
}

/** The part of openapi-fetch's `Middleware` this package implements (structural, so openapi-fetch stays optional). */
export interface AuthMiddleware {
  /** Signs the request (openapi-fetch's request hook). */
  onRequest(params: { readonly request: Request }): Promise<Request>;
}

/** openapi-fetch middleware that signs each request; a retrying transport calls `signRequest` per attempt. */
export function createAuthMiddleware(signer: Signer): AuthMiddleware {
  return {
    onRequest: ({ request }) => signRequest(signer, request),
  };
}
