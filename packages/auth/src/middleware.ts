import { KalshiAuthError } from './errors';
import { kindOf } from './message';
import type { Signer } from './signer';

/**
 * Adds fresh Kalshi signature headers to `request` itself (signing its final URL, after path and query serialisation)
 * and returns it. Its redirect mode is the caller's: build it with `redirect: 'error'` (or `'manual'`). Following a
 * redirect, fetch would re-send the headers to whatever host the 3xx names (it drops only Authorization, Cookie and
 * Proxy-Authorization there), and they sign neither body nor query: valid there for any order while Kalshi takes
 * their timestamp (kalshi-api-notes §2.1, §2.2). In place, not a copy: a copy would use up the given request's body,
 * and a caller signing the request it then sends (or signing it again on a retry) would send it unsigned or fail.
 */
export async function signRequest(signer: Signer, request: Request): Promise<Request> {
  if (typeof signer?.sign !== 'function')
    throw new KalshiAuthError(
      'invalid_argument',
      `signRequest(signer, request): signer: expected a Signer (createSigner's), got ${kindOf(signer)}`,
    );
  if (typeof request?.url !== 'string' || typeof request.headers?.set !== 'function')
    throw new KalshiAuthError(
      'invalid_argument',
      `signRequest(signer, request): request: expected a Request, got ${kindOf(request)}`,
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

/**
 * openapi-fetch middleware that signs each request, handing on a copy that does not follow redirects (openapi-fetch
 * sends the Request returned): `'manual'`, so a 3xx comes back as its response (openapi-fetch reports it with its
 * status, as `@org/kalshi-client` does) rather than as a bare "fetch failed"; one already `'error'` is kept.
 */
export function createAuthMiddleware(signer: Signer): AuthMiddleware {
  return {
    onRequest: async ({ request }) => {
      const signed = await signRequest(signer, request);
      return signed.redirect === 'follow' ? new Request(signed, { redirect: 'manual' }) : signed;
    },
  };
}
