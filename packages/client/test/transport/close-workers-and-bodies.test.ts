// kalshi.close() (round 28, K) with a fetch of the user's, a Worker's request-bound AbortController, the rate
// limiter and a signer of the user's. Contract (client.ts KalshiHelpers.close, README): every call in flight is aborted,
// close() "resolves once the calls in flight have ended (their requests aborted, no timer left)". The notes are silent.
import type { Signer } from '@org/kalshi-auth';
import { afterEach, expect, it, vi } from 'vitest';
import { createKalshiClient, KalshiAbortError, KalshiError } from '../../src';
import { BASE, json, testSigner, workerRequests } from '../helpers';

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});
const flush = async () => {
  for (let i = 0; i < 5; i++) await vi.advanceTimersByTimeAsync(0);
};

// transport.ts: "A fetch of the user's may ignore the signal: its attempt, head and body, is raced against the signal
// so the timeout and an abort still end it." The race ends the call; the body read must end with it.
it("a body being read from a fetch of the user's (ignoring the signal) is cancelled by close(), not read on", async () => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  let pulls = 0;
  let cancelled = false;
  const fetch = async () =>
    new Response(
      new ReadableStream<Uint8Array>({
        // A body trickling a byte every 100 ms, forever (a slow proxy, say).
        pull: (controller) =>
          new Promise<void>((resolve) =>
            setTimeout(() => {
              // A source that stops once cancelled (enqueueing then throws).
              if (!cancelled) {
                pulls++;
                controller.enqueue(new TextEncoder().encode(' '));
              }
              resolve();
            }, 100),
          ),
        cancel: () => {
          cancelled = true;
        },
      }),
      { headers: { 'content-type': 'application/json' } },
    );
  const k = await createKalshiClient({
    baseUrl: BASE,
    credentials: await testSigner(),
    retry: false,
    fetch: fetch as unknown as typeof globalThis.fetch,
  });
  const pending = k.GET('/portfolio/balance');
  pending.catch(() => {});
  await flush();
  await vi.advanceTimersByTimeAsync(350);
  await k.close();
  await expect(pending).rejects.toThrow('GetBalance: the client was closed');
  const before = pulls;
  await vi.advanceTimersByTimeAsync(2_000);
  // Nobody reads the body any more: at most the one chunk the stream buffers by itself; and the SDK let it go.
  expect(pulls - before).toBeLessThanOrEqual(1);
  expect(cancelled).toBe(true);
});

// attempt-signal.test.ts models Workers: an AbortController is tied to the request that made it, abort() from a later
// request throws. The round-28 commit says close() works "from a later request"; with a call of an earlier request still
// in flight, it must still return its promise (and end that call with a KalshiError).
it('close() from a later Worker request returns its promise and ends a call of an earlier request', async () => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  const worker = workerRequests();
  const fetch = (_url: string, init: RequestInit) =>
    new Promise<Response>((_, reject) => init.signal?.addEventListener('abort', () => reject(init.signal?.reason)));
  const k = await createKalshiClient({
    baseUrl: BASE,
    credentials: await testSigner(),
    retry: false,
    fetch: fetch as unknown as typeof globalThis.fetch,
  });
  const inFlight = k.GET('/portfolio/balance').then(
    () => 'resolved',
    (error: unknown) => error,
  );
  await flush();
  worker.next(); // a later request of the Worker calls close()
  let closing: unknown;
  try {
    closing = k.close();
  } catch (error) {
    closing = error;
  }
  expect(closing).toBeInstanceOf(Promise);
  await flush();
  expect(await Promise.race([inFlight, Promise.resolve('still pending')])).toBeInstanceOf(KalshiError);
});

// A signer of the user's (a remote KMS, say) is asked to sign nothing once close() has been called: a call whose
// rate-limit permit was granted but not yet taken up is aborted before it signs, as one still waiting is.
it('with a rate limiter, a call granted its permit just before close() is not signed', async () => {
  const base = await testSigner();
  const signedAfterClose: string[] = [];
  let isClosed = false;
  const signer: Signer = {
    ...base,
    sign: (input) => {
      if (isClosed) signedAfterClose.push(input.method);
      return base.sign(input);
    },
  };
  const k = await createKalshiClient({
    baseUrl: BASE,
    credentials: signer,
    retry: false,
    rateLimit: 'basic',
    fetch: (async () => json({ balance: 1 })) as unknown as typeof globalThis.fetch,
  });
  const pending = k.GET('/portfolio/balance');
  isClosed = true;
  const closing = k.close();
  await expect(pending).rejects.toBeInstanceOf(KalshiAbortError);
  await closing;
  expect(signedAfterClose).toEqual([]);
});
