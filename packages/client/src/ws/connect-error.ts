// What a WHATWG WebSocket's `error` event tells about a failed connection, as the most precise error it allows. Its
// API exposes neither the HTTP status nor the network error; some runtimes put them in the event's message:
//   Bun:  "… failed: Failed to connect"              | "… failed: Expected 101 status code: 401"
//   Deno: "… failed to connect to WebSocket: tcp connect error" | "…: Invalid status code: 401"
//   Node ≥ 22 (undici): "Received network error or non-101 status code." (22) or "" (24): the two cannot be told apart.
import { environmentOf, keyHint } from '../error-context';
import { errorFromResponse, type KalshiApiError, KalshiConnectionError, KalshiError } from '../errors';
import { STREAM_PATH, STREAM_URLS } from '../generated/stream-urls';

const STATUS = /status code:?\s*(\d{3})\b/i;
const UNREACHABLE = /failed to connect|tcp connect error|connection refused|ECONNREFUSED|ENOTFOUND|EAI_AGAIN|dns/i;

/** Why Kalshi refuses a signed handshake (kalshi-api-notes §2.5), for errors that cannot name the status. */
export const REFUSED_HANDSHAKE_CAUSES =
  'an unknown or revoked API key id, a private key that is not that key id’s, or a clock more than a few seconds ' +
  'off (Kalshi checks KALSHI-ACCESS-TIMESTAMP; `clockFrom: client` signs with the offset a REST client measured)';

/**
 * What a refused handshake concerns and the likely fix, as a REST call's error says it (describeFailure): for a 401 the
 * key id (`keyId`, the handshake's KALSHI-ACCESS-KEY) and REST's hint for its detail, else the possible causes; for a
 * 404 the URL (without query or credentials) and the WebSocket API's path (kalshi-api-notes §1), the REST path being
 * the common slip.
 */
function handshakeAbout(
  status: number,
  error: { readonly code: string; readonly details?: string },
  url: string,
  keyId: string | undefined,
): string | undefined {
  if (status === 401)
    return (
      (keyId && keyHint(keyId, error, environmentOf(url, STREAM_URLS))) ||
      `${keyId ? `key id ${keyId}: ` : ''}the handshake was refused: ${REFUSED_HANDSHAKE_CAUSES}`
    );
  if (status === 404 && URL.canParse(url)) {
    const { protocol, host, pathname } = new URL(url);
    return `no WebSocket API at ${protocol}//${host}${pathname}: Kalshi's is at ${STREAM_PATH} ${
      pathname.replace(/\/$/, '') === '/trade-api/v2'
        ? "(/trade-api/v2 is the REST API's)"
        : '(STREAM_URLS lists its hosts)'
    }`;
  }
}

/** A handshake refused with `status` (and the response `body`, text or parsed), as REST's typed error for it. */
export function handshakeError(status: number, body: unknown, url: string, keyId?: string): KalshiApiError {
  let parsed = body;
  try {
    if (typeof body === 'string') parsed = JSON.parse(body);
  } catch {
    // not JSON: keep the text
  }
  return errorFromResponse(status, parsed, {
    operationId: 'WebSocket handshake',
    about: (error) => handshakeAbout(status, error, url, keyId),
  });
}

/**
 * The error for a WHATWG `error` event; `opened` tells whether the socket had opened (then it is a lost connection).
 * `url` and `keyId`: the handshake's, named in a refusal.
 */
export function standardSocketError(
  event: { readonly message?: unknown; readonly error?: unknown },
  opened: boolean,
  url = '',
  keyId?: string,
) {
  const detail =
    (typeof event.message === 'string' && event.message) ||
    (event.error instanceof Error ? event.error.message : '') ||
    '';
  if (opened)
    return new KalshiConnectionError(`WebSocket connection failed${detail ? `: ${detail}` : ''}`, 'WebSocket');
  const status = Number(STATUS.exec(detail)?.[1]);
  if (status && status !== 101) return handshakeError(status, detail, url, keyId);
  if (unreachable(detail)) return cannotConnect(detail);
  // A path that is not the WebSocket API's is the likeliest cause, and knowable without the status: said first, as
  // Bun's and Deno's 404 says it (handshakeAbout). Round 24 D7.
  const path = URL.canParse(url) ? new URL(url).pathname.replace(/\/$/, '') : STREAM_PATH;
  const wrongPath =
    path === STREAM_PATH
      ? ''
      : `: ${path} is not Kalshi's WebSocket path ${STREAM_PATH}${path === '/trade-api/v2' ? " (it is the REST API's)" : ''}, the likeliest cause`;
  const error = new KalshiError(
    `WebSocket connection failed before it opened${wrongPath}${detail ? ` (${detail})` : ''}. This runtime's WebSocket does not ` +
      `say why: ${wrongPath ? 'otherwise ' : ''}either the server could not be reached, or it refused the handshake${keyId ? ` signed with key id ${keyId}` : ''}, which with Kalshi means ${REFUSED_HANDSHAKE_CAUSES}. ` +
      "Pass `WebSocket` from the 'ws' package (import { WebSocket } from 'ws') to get the HTTP status and Kalshi's error code.",
  );
  unexplained.add(error);
  return error;
}

/** A handshake that never reached a server (refused, or a name that does not resolve): a network failure. */
export const cannotConnect = (detail: string) =>
  new KalshiConnectionError(`WebSocket: cannot connect: ${detail}`, 'WebSocket handshake');

/** Whether a failure's detail (a message or an error code) says no server was reached. */
export const unreachable = (detail: string) => UNREACHABLE.test(detail);

/** standardSocketError's failures that say nothing of why (Node ≥ 22): the stream asks REST (./refusal-probe). */
const unexplained = new WeakSet<Error>();
export const isUnexplained = (error: unknown): boolean => error instanceof Error && unexplained.has(error);
