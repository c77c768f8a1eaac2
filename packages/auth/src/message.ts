// What Kalshi signs: timestamp (ms) + METHOD + the URL path as sent on the wire, without the query string.
// The path keeps its `/trade-api/v2` (or `/trade-api/ws/v2`) prefix, its percent-encoding and a trailing slash.

/** A URL string (absolute, or a path starting with `/`), a URL, a Request, or a server's request (`url` its path). */
export type SignableUrl = string | URL | { readonly url: string };

/** The pathname as fetch or a WebSocket would send it: normalised like the WHATWG URL parser does. */
export function signingPath(url: SignableUrl): string {
  if (url instanceof URL) return url.pathname;
  // A Request's url is absolute and already normalised: cut the path out without parsing it again (the signing hot
  // path). A server's request object (node:http, Express) has a relative one: read like a string.
  if (typeof url !== 'string') return ABSOLUTE.test(url.url) ? pathOfNormalised(url.url) : signingPath(url.url);
  // A path is read as one, `//…` included (a request target, not a reference to another host).
  return new URL(url.startsWith('/') ? `http://localhost${url}` : url, 'http://localhost').pathname;
}

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
  return `${timestamp}${method.toUpperCase()}${signingPath(url)}`;
}
