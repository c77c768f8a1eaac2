// Vitest entry: the mock exchange installed for the calling test file in one call.
//
//   import { useKalshiMock } from '@org/kalshi-mock/vitest';
//   const kalshi = useKalshiMock();
//   const client = await createKalshiClient({ baseUrl: kalshi.baseUrls[0], credentials: kalshi.credentials });
import { setImmediate as realSetImmediate } from 'node:timers';
import { afterAll, afterEach, beforeAll, vi } from 'vitest';
import type { KalshiMockOptions } from './mock';
import { type KalshiMockServer, setupKalshiMockServer } from './node';
import { checkOptionsObject } from './shared/options';

/** What `advanceUntilSettled` takes besides the call. */
export interface AdvanceUntilSettledOptions {
  /** Fake time per step (default 100 ms). */
  readonly stepMs?: number;
  /** Fake time after which a call still pending is an error (default 600,000 ms). */
  readonly maxMs?: number;
}

const ADVANCE_OPTIONS = { stepMs: 1, maxMs: 1 } as const satisfies Record<keyof AdvanceUntilSettledOptions, 1>;

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
  call: PromiseLike<T> | T,
  options: AdvanceUntilSettledOptions = {},
): Promise<T> {
  let pending = true;
  const settled = Promise.resolve(call).finally(() => {
    pending = false;
  });
  // Handled here (and again by the caller through the return), so a rejection is not reported as unhandled meanwhile,
  // nor when the options are refused below.
  settled.catch(() => {});
  // A misspelt `step` or `max` would be dropped and the defaults used (the notes are silent: the mock's own API).
  checkOptionsObject('advanceUntilSettled options', options, ADVANCE_OPTIONS);
  const { stepMs = 100, maxMs = 600_000 } = options;
  if (!(Number.isFinite(stepMs) && stepMs > 0 && maxMs >= stepMs))
    throw new RangeError(
      `advanceUntilSettled: stepMs must be a finite number above 0 and maxMs at least stepMs, got ${stepMs}, ${maxMs}`,
    );
  await null; // a call already settled is seen as such before any time moves
  const stepping = pending && fakesTimers();
  for (let elapsed = 0; stepping && pending && vi.isFakeTimers(); elapsed += stepMs) {
    if (elapsed >= maxMs)
      throw new Error(`advanceUntilSettled: the call is still pending after ${maxMs} ms of fake time`);
    await advance(Math.min(stepMs, maxMs - elapsed));
  }
  return settled;
}

/**
 * `vi.advanceTimersByTimeAsync(ms)`; under a runner whose `vi` lacks it (`bun test`, which maps 'vitest' to
 * bun:test), the synchronous advance, then a real macrotask turn (node:timers' setImmediate, which fake timers that
 * patch the global leave real) for answers that arrive as I/O, as the async advance lets them in.
 */
async function advance(ms: number): Promise<void> {
  if (typeof vi.advanceTimersByTimeAsync === 'function') {
    await vi.advanceTimersByTimeAsync(ms);
    return;
  }
  vi.advanceTimersByTime(ms);
  await new Promise<void>((resolve) => realSetImmediate(resolve));
}

/**
 * Whether `vi.useFakeTimers()` faked setTimeout, not only `Date` (`toFake: ['Date']`, which the README shows for the
 * signing clock): with real timers, the call's timers run by themselves, and advancing in steps would only race them.
 */
function fakesTimers(): boolean {
  if (!vi.isFakeTimers()) return false;
  let fired = false;
  const probe = setTimeout(() => {
    fired = true;
  }, 0);
  vi.advanceTimersByTime(0);
  clearTimeout(probe);
  return fired;
}

/** What `kalshi.faults.add` throws for bad input (also exported by the main entry). */
export { ControlInputError } from './shared/control-schema';
