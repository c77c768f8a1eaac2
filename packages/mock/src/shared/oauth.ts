// OAuth access tokens. Spec 3.31.0 components.securitySchemes.kalshiOauthAccessToken (type http, scheme bearer):
// "Accepted only on current and historical fills and current portfolio positions endpoints" — the operations whose
// manifest entry has `bearer`. kalshi-api-notes are silent on OAuth (how Kalshi issues a token, what it answers to a
// bad one), so the mock keeps it small: one token per account, its user id behind a fixed prefix, valid while the
// account holds an API key of the mock (the test key's and the extra users').
import { ExchangeError } from '../exchange/errors';
import type { Exchange } from '../exchange/exchange';

const PREFIX = 'kalshi-mock-oauth.';

/** The access token the mock accepts for an account: `credentials: { accessToken }` in @org/kalshi-client. */
export function accessTokenFor(userId: string): string {
  return PREFIX + userId;
}

/**
 * The user of an `Authorization: Bearer <token>` header; else Kalshi's 401 in the shape of its other auth errors
 * (notes §2.3: `authentication_error`; the details Kalshi gives for a bad token are not recorded, so none).
 */
export function userOfToken(exchange: Exchange, authorization: string): string {
  const token = /^Bearer +(\S+)$/i.exec(authorization)?.[1];
  const userId = token?.startsWith(PREFIX) ? token.slice(PREFIX.length) : undefined;
  for (const key of exchange.apiKeys.values()) if (key.userId === userId) return userId;
  throw new ExchangeError(401, { error: { code: 'authentication_error', message: 'authentication_error' } });
}
