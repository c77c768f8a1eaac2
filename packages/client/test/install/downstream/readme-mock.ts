// The README's mock set-up, type-checked in the msw 3 project (copied there; not part of this package's build).
import { setupKalshiMockServer } from '@org/kalshi-mock/node';
import { afterAll, afterEach, beforeAll } from 'vitest';

const kalshi = setupKalshiMockServer();
beforeAll(() => kalshi.listen());
afterEach(() => {
  kalshi.exchange.reset();
  kalshi.faults.clear();
  kalshi.server.resetHandlers();
});
afterAll(() => kalshi.server.close());
// msw 3's own option type-checks, msw 2's does not: the project really compiles against msw 3.
kalshi.server.listen({ onUnhandledFrame: 'error' });
// @ts-expect-error msw 3 renamed onUnhandledRequest to onUnhandledFrame
kalshi.server.listen({ onUnhandledRequest: 'error' });
export const keyId: string = kalshi.credentials.keyId;
