// CORS for `kalshi-mock serve --cors [origin]`, so a page in a browser can call the mock directly (Kalshi's own API
// is not called from browsers; this is for downstream browser tests). Follows the Fetch standard's CORS protocol:
// a preflight (OPTIONS with Access-Control-Request-Method) is answered 204 here; every other response gets the
// allow-origin header and is handled as usual.
import type { IncomingMessage, ServerResponse } from 'node:http';

/** `*` (any origin, the default of a bare `--cors`) or one origin such as `http://localhost:5173`. */
export type CorsOrigin = string;

const ALLOWED_METHODS = 'GET, POST, PUT, PATCH, DELETE, OPTIONS';
const PREFLIGHT_MAX_AGE_S = '600';

/**
 * Adds the CORS headers for `req` to `res` and answers a preflight. Returns true when the response is complete (a
 * preflight), false when the request goes on to the mock. A request from another origin than `allowed` gets no CORS
 * headers, so the browser blocks it, as a real server configured for one origin would.
 */
export function applyCors(allowed: CorsOrigin, req: IncomingMessage, res: ServerResponse): boolean {
  const origin = req.headers.origin;
  const matches = origin !== undefined && (allowed === '*' || origin === allowed);
  if (matches) {
    res.setHeader('access-control-allow-origin', allowed === '*' ? '*' : origin);
    // Rate-limit and Retry-After headers are readable by the page too.
    res.setHeader('access-control-expose-headers', '*');
    if (allowed !== '*') res.setHeader('vary', 'Origin');
  }
  const preflight = req.method === 'OPTIONS' && req.headers['access-control-request-method'] !== undefined;
  if (!preflight) return false;
  if (matches) {
    res.setHeader('access-control-allow-methods', ALLOWED_METHODS);
    // The signed headers (KALSHI-ACCESS-*), content-type and whatever else the page asked for.
    const requested = req.headers['access-control-request-headers'];
    if (requested) res.setHeader('access-control-allow-headers', requested);
    res.setHeader('access-control-max-age', PREFLIGHT_MAX_AGE_S);
  }
  res.writeHead(204);
  res.end();
  return true;
}

/**
 * `--cors` takes an optional origin, which node:util's parseArgs cannot express: a bare `--cors` (last, or followed
 * by another option: an argument that starts with "-", as `-h`) becomes `--cors *`. After `--`, arguments are left
 * as they are.
 */
export function withCorsDefault(args: readonly string[]): string[] {
  const end = args.indexOf('--');
  return args.flatMap((arg, i) => {
    const next = args[i + 1];
    const bare =
      arg === '--cors' && (end === -1 || i < end) && (next === undefined || (next.length > 1 && next.startsWith('-')));
    return bare ? [arg, '*'] : [arg];
  });
}
