import { getEventListeners } from 'node:events';
import { expect, it } from 'vitest';
import { createKalshiClient, KalshiAbortError } from '../../src';
import { BASE, json, observedClient, testSigner } from '../helpers';

// One app-wide shutdown signal shared by many concurrent calls is the normal way to cancel them all; plain fetch takes
// it without Node's "Possible EventTarget memory leak" warning (printed past 10 listeners), so the client must too.
// The README says only that every call takes `signal`; the notes are silent (a client concern).
const CALLS = 30;

/** A fetch stub that answers nothing until the request's signal aborts, and counts the requests it holds. */
function hanging() {
  let held = 0;
  let allHeld: () => void = () => {};
  const ready = new Promise<void>((resolve) => {
    allHeld = resolve;
  });
  const respond = (request: Request) =>
    new Promise<Response>((_, reject) => {
      if (++held === CALLS) allHeld();
      request.signal.addEventListener('abort', () => reject(request.signal.reason), { once: true });
    });
  return { respond, ready };
}

it(`${CALLS} calls in flight on one signal put one abort listener on it, and its abort ends every one`, async () => {
  const { respond, ready } = hanging();
  const { client } = await observedClient(respond, { retry: false });
  const shutdown = new AbortController();
  const calls = Array.from({ length: CALLS }, () =>
    client.GET('/portfolio/balance', { signal: shutdown.signal }).catch((e: unknown) => e),
  );
  await ready;
  expect(getEventListeners(shutdown.signal, 'abort')).toHaveLength(1);
  shutdown.abort();
  for (const outcome of await Promise.all(calls)) expect(outcome).toBeInstanceOf(KalshiAbortError);
});

it(`${CALLS} calls waiting for rate-limit tokens on one signal put one abort listener on it`, async () => {
  const { client, requests } = await observedClient(() => new Response('{}'), {
    // One GET's worth of tokens, refilled in about 3 hours: every call after the first waits.
    rateLimit: { read: { refillRate: 0.001, capacity: 10 }, write: { refillRate: 0.001, capacity: 10 } },
  });
  await client.GET('/portfolio/balance');
  const shutdown = new AbortController();
  const calls = Array.from({ length: CALLS }, () =>
    client.GET('/portfolio/balance', { signal: shutdown.signal }).catch((e: unknown) => e),
  );
  await new Promise((resolve) => setImmediate(resolve)); // every call queued: nothing before the queue waits on I/O
  expect(getEventListeners(shutdown.signal, 'abort')).toHaveLength(1);
  shutdown.abort();
  for (const outcome of await Promise.all(calls)) expect(outcome).toBeInstanceOf(KalshiAbortError);
  expect(requests).toHaveLength(1);
});

// The client stops listening to a call's signal when the call ends: a fetch of the user's may keep the signal it was
// given (a logger, a cache), and an app's shutdown signal outlives many calls.
it("aborting a signal after its calls have ended reaches none of their requests: each call's listener was removed", async () => {
  const { client, requests } = await observedClient(() => json({ balance: 1 }));
  const shutdown = new AbortController();
  for (let i = 0; i < 3; i++) await client.GET('/portfolio/balance', { signal: shutdown.signal });
  shutdown.abort();
  expect(requests.map((request) => request.signal.aborted)).toEqual([false, false, false]);
});

it("with timeoutMs: 0 (the signal is the attempt's own), a call that ended leaves nothing to run on its signal", async () => {
  // A fetch that builds no Request from the signal (a Request follows it with a listener of its own).
  const client = await createKalshiClient({
    baseUrl: BASE,
    credentials: await testSigner(),
    fetch: async () => json({ balance: 1 }),
  });
  const shutdown = new AbortController();
  for (let i = 0; i < 3; i++) await client.GET('/portfolio/balance', { signal: shutdown.signal, timeoutMs: 0 });
  // What a call's abort handler does first is read the signal's reason: counted, nothing must read it on abort.
  let reasonReads = 0;
  const reason = shutdown.signal.reason;
  Object.defineProperty(shutdown.signal, 'reason', {
    get: () => {
      reasonReads++;
      return reason;
    },
  });
  shutdown.abort();
  expect(reasonReads).toBe(0);
});

// Round 25 (L-D2): Node 20's fetch keeps an abort listener on the signal it is given per request, until that request
// is garbage collected; a bot's one shutdown signal handed to it on every call passed Node's 1,500-listener warning
// every few requests with timeoutMs: 0. The fetch here keeps its listeners as that one does.
it('with timeoutMs: 0, calls on one long-lived signal never hand it to fetch: it keeps one listener after them', async () => {
  const given: (AbortSignal | undefined)[] = [];
  const client = await createKalshiClient({
    baseUrl: BASE,
    credentials: await testSigner(),
    fetch: async (_url: unknown, init?: RequestInit) => {
      init?.signal?.addEventListener('abort', () => {});
      given.push(init?.signal ?? undefined);
      return json({ balance: 1 });
    },
  });
  const shutdown = new AbortController();
  for (let i = 0; i < 20; i++) await client.GET('/portfolio/balance', { signal: shutdown.signal, timeoutMs: 0 });
  // The client's one listener, shared by all its calls on this signal (as in the first test), and none of fetch's.
  expect(getEventListeners(shutdown.signal, 'abort')).toHaveLength(1);
  expect(given).toHaveLength(20);
  expect(given.includes(shutdown.signal)).toBe(false);
  // It still ends a call in flight.
  const hung = await createKalshiClient({
    baseUrl: BASE,
    credentials: await testSigner(),
    fetch: (_url: unknown, init?: RequestInit) =>
      new Promise<Response>((_, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal?.reason))),
  });
  const call = hung.GET('/portfolio/balance', { signal: shutdown.signal, timeoutMs: 0 }).catch((e: unknown) => e);
  await new Promise((resolve) => setImmediate(resolve));
  shutdown.abort();
  expect(await call).toBeInstanceOf(KalshiAbortError);
});
