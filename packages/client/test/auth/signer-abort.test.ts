import { expect, it, vi } from 'vitest';
import { KalshiAbortError, KalshiTimeoutError } from '../../src';
import { json, observedClient, testSigner, v2Order } from '../helpers';

// The README: "Every call takes `retry`, `timeoutMs` and `signal`"; signing (a custom signer may be a remote KMS) is
// part of the call, so the caller's abort ends it there too. The notes are silent on signers (a client concern).
it('an abort while a custom signer is pending rejects at once with KalshiAbortError and sends nothing', async () => {
  const real = await testSigner();
  let release: () => void = () => {};
  let signing: () => void = () => {};
  const called = new Promise<void>((resolve) => {
    signing = resolve;
  });
  const slow = {
    ...real,
    sign: (input: Parameters<typeof real.sign>[0]) => {
      signing();
      return new Promise<void>((resolve) => {
        release = resolve;
      }).then(() => real.sign(input));
    },
  };
  const { client, requests } = await observedClient(() => json({ order_id: 'o' }, 201), { credentials: slow });
  const controller = new AbortController();
  const outcome = client.POST('/portfolio/events/orders', { body: v2Order, signal: controller.signal }).then(
    () => 'sent',
    (error: unknown) => error,
  );
  await called;
  controller.abort(new Error('shutting down'));
  // Every step after the abort is a promise: settled before the next turn of the event loop, signer still pending.
  const early = await Promise.race([outcome, new Promise((resolve) => setImmediate(() => resolve('pending')))]);
  release();
  expect(early).toBeInstanceOf(KalshiAbortError);
  expect(early).toMatchObject({ mayHaveActed: false, cause: new Error('shutting down') });
  await outcome;
  expect(requests).toHaveLength(0);
});

// The README: `timeoutMs` bounds each attempt; a signer that never answers is an attempt that never ends, so the
// timeout counts from before signing. Notes silent (a client concern). Fake timers: no wall-clock wait.
it('a custom signer that never answers fails the call after timeoutMs with KalshiTimeoutError, sending nothing', async () => {
  const real = await testSigner();
  const hung = { ...real, sign: () => new Promise<never>(() => {}) };
  const { client, requests } = await observedClient(() => json({ order_id: 'o' }, 201), {
    credentials: hung,
    timeoutMs: 5_000,
  });
  vi.useFakeTimers();
  try {
    const outcome = client.POST('/portfolio/events/orders', { body: v2Order }).catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(5_000);
    const error = await outcome;
    expect(error).toBeInstanceOf(KalshiTimeoutError);
    expect((error as Error).message).toBe('CreateOrderV2: the signer did not answer within 5000 ms');
    expect(requests).toHaveLength(0);
  } finally {
    vi.useRealTimers();
  }
});
