import { ExchangeError } from '../exchange/errors';
import type { Exchange } from '../exchange/exchange';
import { authenticate } from '../http/auth';

export type HandshakeResult =
  | { readonly ok: true; readonly userId: string }
  | { readonly ok: false; readonly status: number; readonly body: unknown };

/**
 * Checks the signed headers of a WebSocket handshake (`GET /trade-api/ws/v2`, kalshi-api-notes §2.5): the same
 * signature, window and 401 bodies as REST. The connection always needs auth, even for public channels.
 */
export async function authenticateHandshake(
  exchange: Exchange,
  url: string,
  headers: Headers | Record<string, string | string[] | undefined>,
): Promise<HandshakeResult> {
  const flat = new Headers();
  if (headers instanceof Headers) for (const [name, value] of headers) flat.set(name, value);
  else for (const [name, value] of Object.entries(headers)) if (typeof value === 'string') flat.set(name, value);
  try {
    const userId = await authenticate(exchange, new Request(url, { method: 'GET', headers: flat }), true);
    if (!userId) throw new ExchangeError(401, { error: { code: 'authentication_error', message: 'unknown user' } });
    return { ok: true, userId };
  } catch (error) {
    if (error instanceof ExchangeError) return { ok: false, status: error.status, body: error.body };
    throw error;
  }
}
