import type { SignableUrl } from '@org/kalshi-auth';
import { apiKeyInfo } from '../exchange/api-keys';
import { ExchangeError, tooManyRequests } from '../exchange/errors';
import type { Exchange } from '../exchange/exchange';
import { signerOf } from '../shared/auth';

export type HandshakeResult =
  | {
      readonly ok: true;
      readonly userId: string;
      /** The subaccount the handshake's key is restricted to (GenerateApiKeyRequest.subaccount); absent: none. */
      readonly keySubaccount?: number;
    }
  | { readonly ok: false; readonly status: number; readonly body: unknown };

/** The 500 answered when verifying a handshake throws (say, a registered key that is not valid PEM): the mock's fault. */
export const HANDSHAKE_FAILED_BODY = {
  error: { code: 'internal_server_error', message: 'handshake verification failed' },
};

/**
 * Checks the signed headers of a WebSocket handshake (`GET /trade-api/ws/v2`, kalshi-api-notes §2.5): the same
 * signature, window and 401 bodies as REST. The connection always needs auth, even for public channels.
 */
export async function authenticateHandshake(
  exchange: Exchange,
  url: SignableUrl,
  headers: Headers | Readonly<Record<string, string | readonly string[] | undefined>>,
): Promise<HandshakeResult> {
  try {
    const { userId, keyId } = await signerOf(exchange, 'GET', url, headers);
    const keySubaccount = apiKeyInfo(exchange, keyId)?.subaccount;
    return { ok: true, userId, ...(keySubaccount !== undefined ? { keySubaccount } : {}) };
  } catch (error) {
    if (error instanceof ExchangeError) return { ok: false, status: error.status, body: error.body };
    throw error;
  }
}

/**
 * Open connections per user (kalshi-api-notes §9.1: "default limit begins at 200"; it rises with the usage tier, and
 * the mock keeps the default at every tier, as it keeps the last published batch cap).
 */
export const CONNECTIONS_PER_USER = 200;

const openConnections = new WeakMap<Exchange, Map<string, number>>();

/**
 * Counts a connection of `userId` until the returned release is called (more calls change nothing); a user who has
 * CONNECTIONS_PER_USER open already gets Kalshi's 429 instead. How Kalshi refuses a connection past the cap is not
 * recorded (notes §12: the handshake's rejection body is unconfirmed): it is answered as a request past a limit is
 * (§8.1), which a client reads as "later", as is right: a connection that closes frees its place.
 */
export function admitConnection(exchange: Exchange, userId: string): (() => void) | ExchangeError {
  let counts = openConnections.get(exchange);
  if (!counts) {
    counts = new Map();
    openConnections.set(exchange, counts);
  }
  const open = counts.get(userId) ?? 0;
  if (open >= CONNECTIONS_PER_USER) return tooManyRequests();
  counts.set(userId, open + 1);
  let released = false;
  const held = counts;
  return () => {
    if (released) return;
    released = true;
    const left = (held.get(userId) ?? 1) - 1;
    if (left > 0) held.set(userId, left);
    else held.delete(userId);
  };
}
