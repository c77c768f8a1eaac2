import { KalshiAuthError } from './errors';
import { describe } from './message';
import type { Signer } from './signer';

/**
 * Adds fresh Kalshi signature headers to a request (signing its final URL, after path and query serialisation), on
 * a copy that does not follow redirects: send the Request returned. Following one, fetch would re-send the headers to
 * whatever host the 3xx names (it drops only Authorization, Cookie and Proxy-Authorization there), and they sign
 * neither body nor query: valid there for any order while Kalshi takes their timestamp (kalshi-api-notes §2.1, §2.2).
 * `'manual'` rather than `'error'`: the 3xx comes back as a response (openapi-fetch reports it as an error with its
 * status, and `@org/kalshi-client` does the same), not as a bare "fetch failed". A request already `'error'` is kept.
 */
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
  const signed = request.redirect === 'error' ? request : new Request(request, { redirect: 'manual' });
  for (const [name, value] of Object.entries(headers)) signed.headers.set(name, value);
  return signed;
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
