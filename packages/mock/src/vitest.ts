// Vitest entry: the mock exchange installed for the calling test file in one call.
//
//   import { useKalshiMock } from '@org/kalshi-mock/vitest';
//   const kalshi = useKalshiMock();
//   const client = await createKalshiClient({ baseUrl: kalshi.baseUrls[0], credentials: kalshi.credentials });
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { KalshiMockOptions } from './mock';
import { type KalshiMockServer, setupKalshiMockServer } from './node';

/**
 * `setupKalshiMockServer(options)` with its hooks registered: it listens (strict) before the file's tests, resets
 * the exchange, faults and extra handlers after each test, and closes after the file. Call it at the top of a test
 * file, outside any test.
 */
export function useKalshiMock(options: KalshiMockOptions = {}): KalshiMockServer {
  const kalshi = setupKalshiMockServer(options);
  beforeAll(() => kalshi.listen());
  afterEach(() => {
    kalshi.exchange.reset();
    kalshi.faults.clear();
    kalshi.server.resetHandlers();
  });
  afterAll(() => kalshi.server.close());
  return kalshi;
}

/** What `kalshi.faults.add` throws for bad input (also exported by the main entry). */
export { ControlInputError } from './shared/control-schema';
