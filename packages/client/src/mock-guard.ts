// Keys of the mock tell whether Kalshi's real hosts may get them: setupKalshiMockServer's carry, under a registry
// symbol, a function telling whether Kalshi's real hosts reach that mock now (msw listens); a served mock's
// (`startKalshiMockServer`, `kalshi-mock serve`'s key files) names its server as `mockServerUrl`, and Kalshi's real
// hosts never reach that one. A client holding such a key refuses a request bound for Kalshi's real hosts while they
// do not (a forgotten `listen()`; a mock server's url not passed as baseUrl), before anything is signed or sent.
import { KalshiError } from './errors';

const INTERCEPTING = Symbol.for('@org/kalshi-mock/intercepting');

/** A mock's test key was about to be sent to Kalshi's real host: the mock server is not listening. */
export class KalshiMockNotListeningError extends KalshiError {
  static override readonly className: string = 'KalshiMockNotListeningError';
}

/** The check for these credentials (and the call's operation); undefined unless they are a mock's. */
export function mockGuard(credentials: unknown): ((url: string, operationId?: string) => void) | undefined {
  const mock = credentials as { [INTERCEPTING]?: unknown; mockServerUrl?: unknown } | undefined;
  const served = typeof mock?.mockServerUrl === 'string' ? mock.mockServerUrl : undefined;
  const intercepting = served !== undefined ? () => false : mock?.[INTERCEPTING];
  // The served mock's stream, beside its REST API on the same port (`kalshi-mock serve` prints both; its key file
  // names only the REST url), so that a stream refused here is told the url to pass: http(s) → ws(s).
  const streamUrl = served?.replace(/^http/, 'ws').replace('/trade-api/v2', '/trade-api/ws/v2');
  if (typeof intercepting !== 'function') return undefined;
  return (url, operationId) => {
    const host = new URL(url).hostname;
    // With DNS's trailing dot (a fully qualified name), the same host.
    if (!/(^|\.)kalshi\.com?\.?$/.test(host) || intercepting()) return;
    throw Object.assign(
      new KalshiMockNotListeningError(
        `${operationId ? `${operationId}: ` : ''}mock credentials not sent to Kalshi's real host ${host}: the mock is not serving it (kalshi.listen() in beforeAll, or a mock server's url${served ? ` ${served}` : ''} as baseUrl, its streamUrl${streamUrl ? ` ${streamUrl}` : ''} as the stream's url)`,
      ),
      { operationId },
    );
  };
}

/** A token of the mock (`kalshi-mock-oauth.` and a user id): no real account's, so plain http may carry it anywhere. */
export function isMockToken(token: string | undefined): boolean {
  return token?.startsWith('kalshi-mock-oauth.') === true;
}
