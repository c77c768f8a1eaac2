// The mock's credentials tell a client (@org/kalshi-client's mock-guard.ts) whether requests to Kalshi's real hosts
// are answered by this mock: a function under a registry symbol. While it says no, the client refuses to send the
// mock's test key there (KalshiMockNotListeningError) instead of signing a request to Kalshi.
import type { MockCredentials } from './mock';

/** Registry key shared with @org/kalshi-client. */
const INTERCEPTING = Symbol.for('@org/kalshi-mock/intercepting');

/** `credentials` plus the function that tells whether Kalshi's real hosts reach this mock now. */
export function guardedCredentials(credentials: MockCredentials, intercepting: () => boolean): MockCredentials {
  // Enumerable, so a spread copy keeps it; a symbol, so JSON and key listings leave it out.
  const guarded = { ...credentials, [INTERCEPTING]: intercepting };
  return guarded;
}
