import { type SignableUrl, type VerifyFailure, type VerifyOptions, verifySignature } from '@org/kalshi-auth';
import { ExchangeError } from '../exchange/errors';
import type { Exchange } from '../exchange/exchange';
import { userOfToken } from './oauth';

// The 401 bodies recorded on demo (kalshi-api-notes §2.3). Missing key id / timestamp bodies were not recorded;
// they follow the missing-signature pattern.
const FAILURES: Record<VerifyFailure, { code: string; message: string; details?: string }> = {
  missing_key: { code: 'access_key_is_missing_from_headers', message: 'access key is missing from headers' },
  missing_timestamp: { code: 'timestamp_is_missing_from_headers', message: 'timestamp is missing from headers' },
  missing_signature: { code: 'signature_is_missing_from_headers', message: 'signature is missing from headers' },
  stale_timestamp: { code: 'header_timestamp_expired', message: 'header timestamp expired' },
  unknown_key: { code: 'authentication_error', message: 'authentication_error', details: 'NOT_FOUND' },
  bad_signature: {
    code: 'authentication_error',
    message: 'authentication_error',
    details: 'INCORRECT_API_KEY_SIGNATURE',
  },
};

/** Kalshi's 401 for a request whose signed headers fail `reason` (its recorded body, §2.3). */
export const authenticationFailed = (reason: VerifyFailure): ExchangeError =>
  new ExchangeError(401, { error: FAILURES[reason] });

/**
 * The server's clock: what the signature window is checked against (the machine's, so a mock whose exchange clock is
 * fixed or advanced still accepts a request signed now; faking `Date` in a test moves it) and what every answer's
 * `Date` header shows (RFC 9110 §6.6.1), so that a client measuring its clock's offset from a 401
 * `header_timestamp_expired` (kalshi-api-notes §2.2) signs with a time this check accepts.
 */
const serverNow = (): number => Date.now();

/** The `Date` header of an answer, from the clock the signature window is checked against (IMF-fixdate). */
export const httpDate = (): string => new Date(serverNow()).toUTCString();

/**
 * The request target each request arrived with on the node:http server (`req.url`, before the Fetch `Request` it
 * becomes normalises `/markets/../portfolio` away): what its signature is verified against. A request msw intercepts
 * has none; its URL is what the client sent (fetch normalises before sending).
 */
const targets = new WeakMap<Request, string>();

/** Records the request target a request arrived with (node:http), to verify its signature against. */
export function arrivedAs(request: Request, target: string): void {
  targets.set(request, target);
}

/** The request target a request arrived with (node:http), else its URL (msw: what the client sent). */
export const sentTarget = (request: Request): string => targets.get(request) ?? request.url;

/**
 * A request target (origin-form `/p?q`, or absolute-form) as the URL whose path is verified as sent: kalshi-api-notes
 * §2.1 signs "the full URL path … excluding the query string", and Kalshi checks the path the request arrived with.
 * An absolute `{ url }` is cut at its query without being parsed again (the auth package's message.ts), so its dot
 * segments and percent-encoding stay as sent.
 */
export const asSent = (target: string): SignableUrl => ({
  url: target.startsWith('/') ? `http://mock${target}` : target,
});

const SIGNATURE_HEADERS = ['kalshi-access-key', 'kalshi-access-timestamp', 'kalshi-access-signature'];

/**
 * The user a request acts as. Required operations need valid headers; on others, headers are still checked when
 * present (a public request with bad credentials is rejected, kalshi-api-notes §2.3). Where the spec also takes a
 * bearer token (`bearer`), a request without signature headers may carry one instead (see oauth.ts); elsewhere an
 * `Authorization` header is not looked at, so a token alone gets the missing-key 401.
 */
export async function authenticate(
  exchange: Exchange,
  request: Request,
  required: boolean,
  bearer = false,
): Promise<string | undefined> {
  const present = SIGNATURE_HEADERS.some((h) => request.headers.has(h));
  const authorization = bearer && !present ? request.headers.get('authorization') : null;
  if (authorization !== null) return userOfToken(exchange, authorization);
  if (!required && !present) return undefined;
  const target = targets.get(request);
  return userOf(exchange, request.method, target === undefined ? request.url : asSent(target), request.headers);
}

/** Verifies signed headers (REST or a WebSocket handshake); the user of a valid key, else Kalshi's 401. */
export async function userOf(
  exchange: Exchange,
  method: string,
  url: SignableUrl,
  headers: VerifyOptions['headers'],
): Promise<string> {
  return (await signerOf(exchange, method, url, headers)).userId;
}

/** Verifies signed headers; the valid key and its user, else Kalshi's 401. */
export async function signerOf(
  exchange: Exchange,
  method: string,
  url: SignableUrl,
  headers: VerifyOptions['headers'],
): Promise<{ userId: string; keyId: string }> {
  const result = await verifySignature({
    method,
    url,
    headers,
    publicKey: (keyId) => exchange.apiKeys.get(keyId)?.publicKeyPem,
    // The verifier's default window is Kalshi's: −30 s rejected, +30 s accepted (kalshi-api-notes §2.2).
    now: serverNow(),
  });
  const user = result.ok ? exchange.apiKeys.get(result.keyId)?.userId : undefined;
  if (!result.ok || !user) throw authenticationFailed(result.ok ? 'unknown_key' : result.reason);
  return { userId: user, keyId: result.keyId };
}
