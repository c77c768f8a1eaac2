// What Kalshi signs: timestamp (ms) + METHOD + the URL path as sent on the wire, without the query string.
// The path keeps its `/trade-api/v2` (or `/trade-api/ws/v2`) prefix, its percent-encoding and a trailing slash.

/** A URL string (absolute, or a path starting with `/`), a URL, or a Request. */
export type SignableUrl = string | URL | { readonly url: string };

/** The pathname as fetch or a WebSocket would send it: normalised like the WHATWG URL parser does. */
export function signingPath(url: SignableUrl): string {
  if (url instanceof URL) return url.pathname;
  const text = typeof url === 'string' ? url : url.url;
  return new URL(text, 'http://localhost').pathname;
}

export function signingMessage(timestamp: string, method: string, url: SignableUrl): string {
  return `${timestamp}${method.toUpperCase()}${signingPath(url)}`;
}
