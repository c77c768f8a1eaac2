import type { SignableUrl } from '@org/kalshi-auth';
import { apiKeyInfo } from '../exchange/api-keys';
import { ExchangeError } from '../exchange/errors';
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
