import { KalshiAuthError } from './errors';

// What Kalshi signs: timestamp (ms) + METHOD + the URL path as sent on the wire, without the query string.
// The path keeps its `/trade-api/v2` (or `/trade-api/ws/v2`) prefix, its percent-encoding and a trailing slash.

/** A URL string (absolute, or a path starting with `/`), a URL, a Request, or a server's request (`url` its path). */
export type SignableUrl =
  | string
  | URL
  | {
      /** The URL or path, as a Request's `url`. */
      readonly url: string;
    };

/** The pathname as fetch or a WebSocket would send it: normalised like the WHATWG URL parser does. */
export function signingPath(url: SignableUrl, where = 'url'): string {
  if (url instanceof URL) return url.pathname;
  if (typeof url !== 'string') {
    if (typeof (url as { url?: unknown } | null)?.url !== 'string') throw invalidUrl(where, kindOf(url));
    // A Request's url is absolute and already normalised: cut the path out without parsing it again (the signing hot
    // path). A server's request object (node:http, Express) has a relative one: read like a string.
    return ABSOLUTE.test(url.url) ? pathOfNormalised(url.url) : signingPath(url.url, where);
  }
  try {
    // A path is read as one, `//…` included (a request target, not a reference to another host).
    return new URL(url.startsWith('/') ? `http://localhost${url}` : url, 'http://localhost').pathname;
  } catch {
    throw invalidUrl(where, 'a string that does not parse as a URL (not shown)');
  }
}

/**
 * The path a signer signs: `signingPath`, refused where Kalshi can never verify the signature (kalshi-api-notes §2.1:
 * the full path with its `/trade-api/v2` prefix; §2.5 `/trade-api/ws/v2`): a string neither absolute nor a path
 * (resolved against nothing, fetch refuses it), or a path outside `/trade-api/` (the short path, the best-known cause
 * of 401 INCORRECT_API_KEY_SIGNATURE). Two string tests on the hot path, no second parse.
 */
export function verifiablePath(url: SignableUrl): string {
  const where = 'sign({ url })';
  if (typeof url === 'string' && !url.startsWith('/') && !ABSOLUTE.test(url))
    throw invalidUrl(where, 'a string that is neither (not shown)');
  const path = signingPath(url, where);
  if (path.startsWith('/trade-api/')) return path;
  const full = `/trade-api${/^\/(v2|ws)(\/|$)/.test(path) ? '' : '/v2'}${path}`;
  throw new KalshiAuthError(
    'unsignable_path',
    `${where}: the path "${path}" is outside /trade-api/, so Kalshi never verifies its signature (401 INCORRECT_API_KEY_SIGNATURE): sign the full path, "${full}"`,
  );
}

function invalidUrl(where: string, got: string): KalshiAuthError {
  return new KalshiAuthError(
    'invalid_url',
    `${where}: expected an absolute URL (https://…/trade-api/v2/…), a path starting with /trade-api/, a URL or a Request, got ${got}`,
  );
}

/**
 * What a value was, never the value (it may be anything, a key included): `null`, `undefined`, `a number`,
 * `an object`, … One implementation for this package and @org/kalshi-client, whose errors say it the same way.
 */
export const kindOf = (value: unknown): string =>
  value == null ? String(value) : `a${/^[aeiou]/.test(typeof value) ? 'n' : ''} ${typeof value}`;

/** A URL with a scheme (RFC 3986 §3.1). */
const ABSOLUTE = /^[a-z][a-z\d+.-]*:/i;

function pathOfNormalised(href: string): string {
  const authority = href.indexOf('//') + 2;
  let end = href.length;
  for (const stop of ['?', '#']) {
    const at = href.indexOf(stop, authority);
    if (at !== -1 && at < end) end = at;
  }
  // The path starts at the first `/` after the host, if there is one before the query or fragment.
  const start = href.indexOf('/', authority);
  return start === -1 || start > end ? '/' : href.slice(start, end);
}

/** The string Kalshi signs: timestamp + METHOD + path (without the query string). */
export function signingMessage(timestamp: string, method: string, url: SignableUrl): string {
  // Read as given (a server checks what it was sent), but each argument must be there: nothing, or one object of the
  // three, crashed inside on `toUpperCase`.
  if (typeof timestamp !== 'string' && typeof timestamp !== 'number')
    throw new KalshiAuthError(
      'invalid_argument',
      `signingMessage(timestamp, method, url): timestamp: expected the KALSHI-ACCESS-TIMESTAMP value, a string, got ${kindOf(timestamp)}${typeof timestamp === 'object' && timestamp !== null ? ' (the three are separate arguments)' : ''}`,
    );
  if (typeof method !== 'string')
    throw new KalshiAuthError(
      'invalid_argument',
      `signingMessage(timestamp, method, url): method: expected a string, got ${kindOf(method)}`,
    );
  return `${timestamp}${method.toUpperCase()}${signingPath(url)}`;
}
