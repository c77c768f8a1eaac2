// Vitest entry: the mock exchange installed for the calling test file in one call.
//
//   import { useKalshiMock } from '@org/kalshi-mock/vitest';
//   const kalshi = useKalshiMock();
//   const client = await createKalshiClient({ baseUrl: kalshi.baseUrls[0], credentials: kalshi.credentials });
import { afterAll, afterEach, beforeAll, vi } from 'vitest';
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

/**
 * Under `vi.useFakeTimers()`: advances fake time `stepMs` at a time until `call` settles, then returns its value (or
 * throws its error); without fake timers, awaits it. One `vi.advanceTimersByTimeAsync(10_000)` runs only the timers
 * due while it runs: an answer that reaches the client a macrotask later than the advance looks (Node's fetch
 * delivering a network error after msw 3 read the request body, as a `commit-then-drop` fault does) has the client
 * set its retry timer after the advance returned, and the call waits forever. Throws if `call` is still pending after
 * `maxMs` of fake time.
 */
export async function advanceUntilSettled<T>(
  call: Promise<T>,
  { stepMs = 100, maxMs = 600_000 }: { readonly stepMs?: number; readonly maxMs?: number } = {},
): Promise<T> {
  if (!(stepMs > 0 && maxMs >= stepMs))
    throw new RangeError(
      `advanceUntilSettled: stepMs must be above 0 and maxMs at least stepMs, got ${stepMs}, ${maxMs}`,
    );
  let pending = true;
  const settled = call.finally(() => {
    pending = false;
  });
  // Handled here (and again by the caller through the return), so a rejection is not reported as unhandled meanwhile.
  settled.catch(() => {});
  for (let elapsed = 0; pending && vi.isFakeTimers(); elapsed += stepMs) {
    if (elapsed >= maxMs)
      throw new Error(`advanceUntilSettled: the call is still pending after ${maxMs} ms of fake time`);
    await vi.advanceTimersByTimeAsync(stepMs);
  }
  return settled;
}

/** What `kalshi.faults.add` throws for bad input (also exported by the main entry). */
export { ControlInputError } from './shared/control-schema';
