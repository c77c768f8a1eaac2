// What a WHATWG WebSocket's `error` event tells about a failed connection, as the most precise error it allows. Its
// API exposes neither the HTTP status nor the network error; some runtimes put them in the event's message:
//   Bun:  "… failed: Failed to connect"              | "… failed: Expected 101 status code: 401"
//   Deno: "… failed to connect to WebSocket: tcp connect error" | "…: Invalid status code: 401"
//   Node ≥ 22 (undici): "Received network error or non-101 status code." (22) or "" (24): the two cannot be told apart.
import { errorFromResponse, KalshiConnectionError, KalshiError } from '../errors';

const STATUS = /status code:?\s*(\d{3})\b/i;
const UNREACHABLE = /failed to connect|tcp connect error|connection refused|ECONNREFUSED|ENOTFOUND|EAI_AGAIN|dns/i;

/** Why Kalshi refuses a signed handshake (kalshi-api-notes §2.5), for errors that cannot name the status. */
export const REFUSED_HANDSHAKE_CAUSES =
  'an unknown or revoked API key id, a private key that is not that key id’s, or a clock more than a few seconds ' +
  'off (Kalshi checks KALSHI-ACCESS-TIMESTAMP; `clockFrom: client` signs with the offset a REST client measured)';

/** The error for a WHATWG `error` event; `opened` tells whether the socket had opened (then it is a lost connection). */
export function standardSocketError(event: { readonly message?: unknown; readonly error?: unknown }, opened: boolean) {
  const detail =
    (typeof event.message === 'string' && event.message) ||
    (event.error instanceof Error ? event.error.message : '') ||
    '';
  if (opened)
    return new KalshiConnectionError(`WebSocket connection failed${detail ? `: ${detail}` : ''}`, 'WebSocket');
  const status = Number(STATUS.exec(detail)?.[1]);
  if (status && status !== 101)
    return errorFromResponse(status, detail, {
      operationId: 'WebSocket handshake',
      about: () => (status === 401 ? `the handshake was refused: ${REFUSED_HANDSHAKE_CAUSES}` : undefined),
    });
  if (UNREACHABLE.test(detail))
    return new KalshiConnectionError(`WebSocket: cannot connect: ${detail}`, 'WebSocket handshake');
  return new KalshiError(
    `WebSocket connection failed before it opened${detail ? ` (${detail})` : ''}. This runtime's WebSocket does not ` +
      `say why: either the server could not be reached, or it refused the handshake, which with Kalshi means ${REFUSED_HANDSHAKE_CAUSES}. ` +
      "Pass `WebSocket` from the 'ws' package (import { WebSocket } from 'ws') to get the HTTP status and Kalshi's error code.",
  );
}
