import { afterEach, expect, it, vi } from 'vitest';
import { createKalshiClient, KalshiAbortError, KalshiTimeoutError } from '../../src';
import { BASE, testSigner } from '../helpers';

// U-D7: `timeoutMs` is "per attempt: a custom signer's signing, response head and body" (client README options
// table), with no condition on the `fetch` option. A fetch of the user's that ignores `init.signal` (a wrapper of the
// common shape `(input) => fetch(input)`) must not hang the call: the attempt itself is raced against the timeout and
// the caller's abort. The notes are silent (a client-side option, not Kalshi behaviour).

afterEach(() => {
  vi.useRealTimers();
});

/** A fetch that never settles and never looks at its signal. */
const deafFetch = (() => new Promise<Response>(() => {})) as typeof fetch;

/** A fetch answering a head at once whose body never ends, deaf to its signal. */
const stalledBody = (() =>
  Promise.resolve(new Response(new ReadableStream({ start() {} }), { status: 200 }))) as typeof fetch;

async function client(fetch: typeof globalThis.fetch) {
  return createKalshiClient({ baseUrl: BASE, credentials: await testSigner(), retry: false, timeoutMs: 500, fetch });
}

it('times out an attempt whose fetch ignores the signal and never answers', async () => {
  vi.useFakeTimers();
  const call = (await client(deafFetch)).GET('/exchange/status');
  call.catch(() => {});
  await vi.advanceTimersByTimeAsync(500);
  await expect(call).rejects.toThrow(KalshiTimeoutError);
  await expect(call).rejects.toThrow('GetExchangeStatus: no complete response within 500 ms');
});

it('times out a body that stalls after the head, with a fetch that ignores the signal', async () => {
  vi.useFakeTimers();
  const call = (await client(stalledBody)).GET('/exchange/status');
  call.catch(() => {});
  await vi.advanceTimersByTimeAsync(500);
  await expect(call).rejects.toThrow(KalshiTimeoutError);
});

it("ends the call on the caller's abort, with a fetch that ignores the signal", async () => {
  const kalshi = await client(deafFetch);
  const controller = new AbortController();
  const call = kalshi.GET('/exchange/status', { signal: controller.signal, timeoutMs: 0 });
  call.catch(() => {});
  await Promise.resolve();
  controller.abort();
  await expect(call).rejects.toThrow(KalshiAbortError);
});
