import { describe, expect, it, vi } from 'vitest';
import { KalshiAbortError, KalshiCredentialsError, KalshiTimeoutError, KalshiUnconfirmedWriteError } from '../../src';
import { json, observedClient, settle, testSigner, v2Order } from '../helpers';

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
// timeout counts from before signing. Nothing was sent, so no write can have acted: the signer's failure, as when it
// throws, never a lost answer to read back. Notes silent (a client concern). Fake timers: no wall-clock wait.
describe('a custom signer that never answers', () => {
  const hungClient = async () => {
    const real = await testSigner();
    return observedClient(() => json({ order_id: 'o' }, 201), {
      credentials: { ...real, sign: () => new Promise<never>(() => {}) },
      timeoutMs: 5_000,
    });
  };

  it('fails a raw call after timeoutMs with KalshiCredentialsError, sending nothing', async () => {
    const { client, requests } = await hungClient();
    vi.useFakeTimers();
    try {
      const outcome = client.POST('/portfolio/events/orders', { body: v2Order }).catch((error: unknown) => error);
      await vi.advanceTimersByTimeAsync(5_000);
      const error = await outcome;
      expect(error).toBeInstanceOf(KalshiCredentialsError);
      expect(error).toMatchObject({
        code: 'signing_failed',
        message: 'CreateOrderV2: the signer did not answer within 5000 ms',
      });
      expect(requests).toHaveLength(0);
    } finally {
      vi.useRealTimers();
    }
  });

  it('fails placeOrder the same way: not an unconfirmed write, no read-back', async () => {
    const { client, requests } = await hungClient();
    vi.useFakeTimers();
    try {
      const outcome = client
        .placeOrder({ ticker: 'T', action: 'buy', side: 'yes', count: 1, price: '0.40' })
        .catch((error: unknown) => error);
      await vi.advanceTimersByTimeAsync(5_000);
      const error = await outcome;
      expect(error).toBeInstanceOf(KalshiCredentialsError);
      expect(error).toMatchObject({ message: 'CreateOrderV2: the signer did not answer within 5000 ms' });
      expect(requests).toHaveLength(0);
    } finally {
      vi.useRealTimers();
    }
  });
});

// A write retried after a 503 (which may have acted, kalshi-api-notes §8.1 retries only 429 as "refused before
// acting"), whose retry's signer then hangs: the call may have placed the order, so it is never reported as the
// signer's failure alone (which reads as "nothing sent").
it('a signer hanging on the retry of a write after a 503 makes the write maybe applied, the timeout as cause', async () => {
  const real = await testSigner();
  let signings = 0;
  const { client, requests } = await observedClient(() => json({ error: { code: 'service_unavailable' } }, 503), {
    credentials: { ...real, sign: (input) => (++signings === 1 ? real.sign(input) : new Promise<never>(() => {})) },
    timeoutMs: 5_000,
  });
  vi.useFakeTimers();
  try {
    const outcome = client
      .POST('/portfolio/events/orders', { body: { ...v2Order, client_order_id: 'c-1' } })
      .catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(5_100);
    const error = await outcome;
    expect(error).toBeInstanceOf(KalshiUnconfirmedWriteError);
    expect(error).toMatchObject({ applied: 'maybe', clientOrderId: 'c-1' });
    expect((error as Error).cause).toMatchObject({
      code: 'signing_failed',
      message: 'CreateOrderV2: the signer did not answer within 5000 ms',
    });
    expect(requests).toHaveLength(1);
  } finally {
    vi.useRealTimers();
  }
});

// Verifier V-D3: createSigner's own sign is trusted (not raced, its headers not checked), and the client called
// `signer.sign` first and asked whether it was trusted afterwards: a one-shot stand-in that puts the original back
// got the trusted path (an unsigned request sent; a hung one past timeoutMs). Notes silent (a client concern).
describe("createSigner's signer whose sign is swapped for one call", () => {
  const swapped = async (standIn: () => Promise<unknown>) => {
    const signer = await testSigner();
    const original = signer.sign;
    signer.sign = () => {
      signer.sign = original;
      return standIn() as ReturnType<typeof original>;
    };
    return observedClient(() => json({ order_id: 'o' }, 201), { credentials: signer, timeoutMs: 5_000, retry: false });
  };

  it('a stand-in returning no headers is refused as a signer of yours, nothing sent', async () => {
    const { client, requests } = await swapped(async () => ({}));
    const error = await client.POST('/portfolio/events/orders', { body: v2Order }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KalshiCredentialsError);
    expect((error as Error).message).toMatch(/no KALSHI-ACCESS-KEY header/);
    expect(requests).toHaveLength(0);
  });

  it('a stand-in that never answers is ended by timeoutMs, nothing sent', async () => {
    const { client, requests } = await swapped(() => new Promise<never>(() => {}));
    vi.useFakeTimers();
    try {
      const outcome = client.POST('/portfolio/events/orders', { body: v2Order }).catch((e: unknown) => e);
      await vi.advanceTimersByTimeAsync(5_000);
      expect(await outcome).toBeInstanceOf(KalshiCredentialsError);
      expect(requests).toHaveLength(0);
    } finally {
      vi.useRealTimers();
    }
  });
});

// Round 26 C-D1. errors.ts: a write's `mayHaveActed` is "true when an attempt had been sent"; the README: timeoutMs
// covers signing. An attempt whose time ran out before it was handed to fetch (createSigner's signer answering after
// the timeout, or an event loop so busy signing other calls that the timer is overdue when this one is ready) sent
// nothing: fetch is not called, the error says "not sent", `mayHaveActed` is false, and no order is read back. The
// notes are silent (a client concern). Fake timers: the signer's clock runs the attempt's timer out while it signs.
describe('an attempt out of time before it is handed to fetch', () => {
  const place = { ticker: 'T', action: 'buy', side: 'yes', count: 1, price: '0.40' } as const;
  /** createSigner's own signer whose signing takes `stall()`; orders created, reads finding none. */
  const stalledClient = async (stall: () => void, retry?: false) =>
    // The create answer as the spec requires it (CreateOrderV2Response: order_id, fill_count, remaining_count, ts_ms).
    observedClient(
      (request) =>
        request.method === 'GET'
          ? json({ orders: [] })
          : json({ order_id: 'o', fill_count: '0.00', remaining_count: '1.00', ts_ms: 1 }, 201),
      {
        credentials: await testSigner(() => {
          stall();
          return Date.now();
        }),
        timeoutMs: 300,
        ...(retry === false ? { retry } : {}),
      },
    );
  /** Every signing outlasts the attempt's timeout (its timer runs while it signs). */
  const outlasting = () => vi.advanceTimersByTime(300);

  it('a raw create whose signing outlasted timeoutMs: KalshiTimeoutError, not sent, mayHaveActed false', async () => {
    vi.useFakeTimers();
    try {
      const { client, requests } = await stalledClient(outlasting, false);
      const error = await client
        .POST('/portfolio/events/orders', { body: { ...v2Order, client_order_id: 'c-late' } })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(KalshiTimeoutError);
      expect(error).toMatchObject({ mayHaveActed: false, message: 'CreateOrderV2: not sent within 300 ms' });
      expect(requests).toHaveLength(0);
    } finally {
      vi.useRealTimers();
    }
  });

  it('placeOrder the same way, every attempt too late: no read-back, not an unconfirmed write', async () => {
    vi.useFakeTimers();
    try {
      const { client, requests } = await stalledClient(outlasting);
      const error = await settle(client.placeOrder(place).catch((e: unknown) => e));
      expect(error).toBeInstanceOf(KalshiTimeoutError);
      expect(error).toMatchObject({ mayHaveActed: false });
      expect(requests).toHaveLength(0);
    } finally {
      vi.useRealTimers();
    }
  });

  it('an attempt too late is sent again, once: placeOrder places with one request', async () => {
    vi.useFakeTimers();
    try {
      let signings = 0;
      const { client, requests } = await stalledClient(() => {
        if (++signings === 1) outlasting();
      });
      const placed = await settle(client.placeOrder(place));
      expect(placed).toMatchObject({ order_id: 'o', recovered: false });
      expect(requests.map((r) => r.method)).toEqual(['POST']);
    } finally {
      vi.useRealTimers();
    }
  });

  it('a timer overdue when the request is ready (the event loop busy): fetch is not called', async () => {
    // performance.now() jumps past the attempt's end while it signs, its timer not run yet (no fake timers).
    const now = performance.now.bind(performance);
    let busy = 0;
    const clock = vi.spyOn(performance, 'now').mockImplementation(() => now() + busy);
    try {
      const { client, requests } = await stalledClient(() => {
        busy += 1_000;
      }, false);
      const error = await client
        .POST('/portfolio/events/orders', { body: { ...v2Order, client_order_id: 'c-busy' } })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(KalshiTimeoutError);
      expect(error).toMatchObject({ mayHaveActed: false, message: 'CreateOrderV2: not sent within 300 ms' });
      expect(requests).toHaveLength(0);
    } finally {
      clock.mockRestore();
    }
  });
});
