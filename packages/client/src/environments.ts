import { isLoopbackHostname } from '@org/kalshi-auth';
import { KalshiValidationError } from './errors';
import { servers } from './generated/manifest';

/** Kalshi's environments: `production` and `demo` (play money). */
export type Environment = 'production' | 'demo';

/** The recommended base URL of an environment, from the spec's servers. */
export function baseUrlFor(environment: Environment): string {
  return environmentUrl(servers, environment);
}

/** An environment's recommended URL in `urls` (REST's from the spec's servers; the stream's from the AsyncAPI's). */
export function environmentUrl(urls: Readonly<Record<Environment, readonly string[]>>, environment: unknown): string {
  // An own property only: 'toString' or a wrong case ('DEMO') is not an environment.
  const url = Object.hasOwn(urls, environment as string) ? urls[environment as Environment][0] : undefined;
  if (url) return url;
  const valid = Object.keys(urls)
    .map((name) => JSON.stringify(name))
    .join(' or ');
  throw new KalshiValidationError('environment', `unknown environment ${JSON.stringify(environment)}: use ${valid}`);
}

/**
 * A `baseUrl` option, checked at creation: an http(s) URL, or a path where the runtime has a page to resolve it
 * against (a browser app behind its own proxy). Otherwise every request would fail as a connection error. Also a
 * call's own `baseUrl`. With credentials (`signs`), under /trade-api/. Without a user name or password: fetch refuses
 * such a URL, quoting it (the password) in its error; this message leaves them out.
 */
export function checkedBaseUrl(baseUrl: unknown, signs?: boolean, secret?: SentSecret): string {
  const page = (globalThis as { location?: { href?: string } }).location?.href;
  const parsed = typeof baseUrl === 'string' && URL.canParse(baseUrl, page) ? new URL(baseUrl, page) : undefined;
  if (parsed)
    checkUserInfo('baseUrl', parsed, 'which fetch does not send', " (a proxy's credentials go in your fetch)");
  // The operation's path is appended to it: after a query or fragment it would not be the path (verifier V-D2).
  if (parsed && (parsed.search || parsed.hash))
    throw new KalshiValidationError(
      'baseUrl',
      'has a query or fragment (? or #): the path of each operation follows it',
    );
  if (parsed?.protocol !== 'http:' && parsed?.protocol !== 'https:')
    throw new KalshiValidationError(
      'baseUrl',
      `${JSON.stringify(shownUrl(baseUrl))} is not an http(s) URL: give one such as "http://127.0.0.1:4010/trade-api/v2"`,
    );
  // The operation's path follows it: a doubled slash (`…/v2//`) sent each call to `…/v2//portfolio/balance`.
  checkPathSegments('baseUrl', baseUrl, parsed, ", which each operation's path would follow");
  // A signed path outside Kalshi's API never verifies (kalshi-api-notes §2.1): the signer would refuse each call,
  // naming no option (verifier N2).
  if (signs && !/^\/trade-api\/[^/]/.test(parsed.pathname))
    throw new KalshiValidationError(
      'baseUrl',
      `${JSON.stringify(baseUrl)} is not under /trade-api/, where Kalshi's API is and signatures verify: give "${new URL('/trade-api/v2', parsed).href}"`,
    );
  if (secret) checkCleartext('baseUrl', parsed, secret);
  // One relative to the page, or with spaces fetch would trim, as fetch will send it: the signer signs that path
  // (given as written, it refused each call; verifier V-D2). Parsed, it is a string.
  const written = baseUrl as string;
  return written.trim() === written && URL.canParse(written) ? written : parsed.href;
}

/**
 * A URL option as written, as an error quotes it: its user name and password (whatever precedes an `@` before the
 * path) left out as checkUserInfo leaves them, and its query and fragment, which hold secrets too (a proxy's
 * `?token=`), as `?…` and `#…` (codegen's specUrlName quotes a spec URL so). Parsed or not (a typo: `https//`, a space
 * in the host).
 */
export const shownUrl = (written: unknown): unknown =>
  typeof written === 'string'
    ? written
        .replace(/^([^/?#]*\/\/)?[^/?#]*@/, '$1…@')
        .replace(/\?[^#]*/, '?…')
        .replace(/#.*/s, '#…')
    : written;

/**
 * Refuses a URL with a user name or password (`why`: what would become of them), giving it without them: every
 * message quoting the URL would quote the password.
 */
export function checkUserInfo(field: string, url: URL, why: string, hint = ''): void {
  if (!url.username && !url.password) return;
  const bare = new URL(url.href);
  bare.username = bare.password = '';
  throw new KalshiValidationError(field, `has a user name or password, ${why}: give "${bare.href}"${hint}`);
}

/**
 * Refuses a URL with an empty path segment (`…/v2//`, `…/ws//v2`), naming the URL meant: Kalshi does not serve the
 * path under that name, and the request or handshake would be signed over a path it does not verify
 * (kalshi-api-notes §2.1). `written` is the URL as given, `why` what the path is for (after "(//)").
 */
export function checkPathSegments(field: string, written: unknown, url: URL, why = ''): void {
  if (url.pathname.includes('//'))
    throw new KalshiValidationError(
      field,
      `${JSON.stringify(shownUrl(written))} has an empty path segment (//)${why}: give "${new URL(url.pathname.replace(/\/{2,}/g, '/').replace(/(.)\/$/, '$1'), url).href}"`,
    );
}

/** What a request carries that a reader on the way could reuse: a key's signature, or an OAuth access token. */
export type SentSecret = 'signature' | 'access token';

/**
 * Refuses a signed request or handshake in cleartext (`http:`, `ws:`) to a host that is not loopback
 * (isLoopbackHostname): the signature covers neither the body nor the query (kalshi-api-notes §2.1), so whoever reads it
 * on the way can send another order with it while Kalshi accepts its timestamp (about ±30 s, §2.2). A bearer token
 * is worse: it works until it expires. A mock's key or token is let through (a mock in a container; mock-guard.ts).
 */
export function checkCleartext(field: string, url: URL, secret: SentSecret = 'signature'): void {
  if (/^(http|ws):$/.test(url.protocol) && !isLoopbackHostname(url.hostname))
    throw new KalshiValidationError(
      field,
      `${url.protocol}// to ${url.hostname} would send the ${secret} in cleartext, ${secret === 'signature' ? 'and it covers neither body nor query: whoever reads it can send another order with it for about 30 s' : 'and whoever reads it can use it until it expires'}. Use ${url.protocol === 'ws:' ? 'wss' : 'https'}://; a kalshi-mock: on a loopback host (127.0.0.1), or elsewhere with its --credentials-out file whole as credentials`,
    );
}
