// Credentials from the mock's msw server (`setupKalshiMockServer`) carry, under a registry symbol, a function
// telling whether that server is intercepting requests. A client holding them refuses a request bound for Kalshi's
// real hosts while it is not (a forgotten `listen()`), before anything is signed or sent.
import { KalshiError } from './errors';

const INTERCEPTING = Symbol.for('@org/kalshi-mock/intercepting');

/** A mock's test key was about to be sent to Kalshi's real host: the mock server is not listening. */
export class KalshiMockNotListeningError extends KalshiError {
  override name = 'KalshiMockNotListeningError';
}

/** The check for these credentials; undefined unless they are a mock server's. */
export function mockGuard(credentials: unknown): ((url: string) => void) | undefined {
  const intercepting = (credentials as { [INTERCEPTING]?: unknown } | undefined)?.[INTERCEPTING];
  if (typeof intercepting !== 'function') return undefined;
  return (url) => {
    const host = new URL(url).hostname;
    if (!/(^|\.)kalshi\.com?$/.test(host) || intercepting()) return;
    throw new KalshiMockNotListeningError(
      `mock credentials not sent to Kalshi's real host ${host}: the mock server is not listening (call kalshi.listen() in beforeAll)`,
    );
  };
}
