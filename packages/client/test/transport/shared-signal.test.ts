import { getEventListeners } from 'node:events';
import { expect, it } from 'vitest';
import { KalshiAbortError } from '../../src';
import { observedClient } from '../helpers';

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
