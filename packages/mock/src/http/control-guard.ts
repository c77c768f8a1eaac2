// What keeps a web page in the developer's browser away from the control routes (`/_mock/…`), as dev servers guard
// themselves (tester S, S-D2). Kalshi has no such routes (the notes are silent: this is the mock's own API).
// - DNS rebinding (evil.example resolved to 127.0.0.1 makes the page same-origin with the mock): the routes answer
//   only a Host that is loopback or the host the server binds; bound to 0.0.0.0 or :: (opened to the network on
//   purpose) any Host.
// - Cross-site "simple" requests (Fetch standard: a POST with a text/plain, form or multipart body, or none, needs no
//   preflight): a POST must declare `Content-Type: application/json`, which a page can send only after a preflight,
//   and the mock answers preflights only with `--cors`. An empty POST without it is what curl -X POST and scripts
//   send; it is taken unless it carries an Origin header (browsers send one with every POST) that `--cors` does not
//   allow.
import { isLoopbackHostname } from '@org/kalshi-auth';
import type { ErrorBody } from '../exchange/errors';
import type { CorsOrigin } from './cors';
import { isJsonContentType } from './request';

export interface ControlGuardOptions {
  /** The host the server binds (`--host`): `127.0.0.1` by default. */
  readonly bindHost: string;
  /** The `--cors` origin (`*` for any), if any. */
  readonly cors?: CorsOrigin;
}

const WILDCARDS = new Set(['0.0.0.0', '[::]']);

/**
 * A Host header or `--host` value (`::1` unbracketed) as a URL's hostname: lower case, IPv6 in brackets, without the
 * one trailing dot of a fully qualified name (RFC 1034 §3.1: `localhost.` is `localhost`; `evil.com.` stays evil.com).
 */
function hostnameOf(host: string): string | undefined {
  const bare = !host.startsWith('[') && host.split(':').length > 2;
  try {
    return new URL(`http://${bare ? `[${host}]` : host}/`).hostname.replace(/([^.])\.$/, '$1');
  } catch {
    return undefined;
  }
}

/**
 * Whether a Host header or `--host` value names this machine (isLoopbackHostname): the control routes' Host check
 * and `serve`'s warning off loopback.
 */
export function isLoopbackHost(host: string): boolean {
  const name = hostnameOf(host);
  // *.localhost too: a browser resolves it to loopback itself (a Host header it sent names this machine), though Node
  // may not (why the client does not sign over http to it).
  return name !== undefined && (isLoopbackHostname(name) || name.endsWith('.localhost'));
}

/**
 * Why a control request is refused (a status and Kalshi's nested error body), or undefined when it may go on. A
 * missing Host (HTTP/1.0) is not a browser's request and passes.
 */
export function controlRefusal(
  request: Request,
  options: ControlGuardOptions,
): { status: number; body: ErrorBody } | undefined {
  const bound = hostnameOf(options.bindHost);
  const host = request.headers.get('host');
  if (host !== null && bound !== undefined && !WILDCARDS.has(bound)) {
    const name = hostnameOf(host);
    if (name === undefined || !(isLoopbackHost(host) || name === bound))
      return refusal(
        403,
        'forbidden',
        `Host: "${name ?? host}" is neither loopback (localhost, 127.0.0.1, [::1]) nor the host the server binds` +
          ` (${bound}): /_mock/ routes refuse other hosts (DNS rebinding); bind 0.0.0.0 to take any`,
      );
  }
  if (request.method !== 'POST') return undefined;
  const type = request.headers.get('content-type');
  if (isJsonContentType(type)) return undefined;
  const origin = request.headers.get('origin');
  const fromPage = origin !== null && !(options.cors === '*' || origin === options.cors);
  if (type !== null || request.body !== null || fromPage)
    return refusal(
      415,
      'invalid_content_type',
      'Content-Type must be application/json on a /_mock/ POST (a web page can send one without it, unasked)',
    );
  return undefined;
}

const refusal = (status: number, code: string, details: string) => ({
  status,
  body: { error: { code, message: code.replace(/_/g, ' '), details } },
});
