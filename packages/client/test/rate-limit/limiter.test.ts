import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  attemptsOf,
  ClientRateLimiter,
  KalshiAbortError,
  KalshiConnectionError,
  KalshiCredentialsError,
  KalshiValidationError,
  placeOrders,
} from '../../src';
import { lost, observedClient, testSigner } from '../helpers';
import { useKalshiMock } from '../mock-server';

// The mock meters like Kalshi's Basic tier scaled down: 50 read tokens, refilled 100/s (10 per GET).
const tier = { read: { refillRate: 100, capacity: 50 }, write: { refillRate: 100, capacity: 50 } };
const { client } = useKalshiMock({ rateLimit: tier });

afterEach(() => {
  vi.useRealTimers();
});

describe('against the mock exchange’s buckets', () => {
  it('without a client-side limiter a burst earns 429s', async () => {
    // The clock stands still: the mock's bucket refills nothing however slowly a loaded machine sends the burst.
    vi.useFakeTimers({ toFake: ['Date'] });
    const k = await client({ retry: false });
    const statuses = await Promise.all(
      Array.from({ length: 12 }, async () => (await k.GET('/portfolio/balance')).response.status),
    );
    // 50 tokens pass 5 reads of 10 (kalshi-api-notes §8.1); the other 7 are refused.
    expect([statuses.filter((s) => s === 200).length, statuses.filter((s) => s === 429).length]).toEqual([5, 7]);
  });

  it('with the same buckets on the client, the burst queues and every request succeeds', async () => {
    // Whatever ran before, a second later the mock's bucket is full again: move the clock rather than sleep.
    vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
    vi.setSystemTime(Date.now() + 1_000);
    // Slightly under the exchange's numbers: requests reach it a little after they leave the client.
    const k = await client({
      retry: false,
      rateLimit: { read: { refillRate: 90, capacity: 45 }, write: { refillRate: 90, capacity: 45 } },
    });
    const statuses = await Promise.all(
      Array.from({ length: 12 }, async () => (await k.GET('/portfolio/balance')).response.status),
    );
    expect(statuses).toEqual(Array(12).fill(200));
  });

  // kalshi-api-notes §8.1: refill is continuous and a request is allowed iff the bucket holds its cost, so a full
  // bucket refills nothing until the first request arrives. The notes are silent on arrival delays: here the first
  // requests wait 400 ms for a connection (a cold start, a stalled event loop), and a client that counted refill from
  // when it sent them would send the 6th 100 ms in, to arrive with them at a bucket that has no token for it.
  it('a burst held up on its way still fits the exchange’s bucket: refill counts from the first answer', async () => {
    vi.useFakeTimers({ toFake: ['Date', 'setTimeout', 'clearTimeout'] });
    vi.setSystemTime(Date.now() + 1_000); // the mock's bucket is full, whatever ran before
    let connect = () => {};
    const connected = new Promise<void>((resolve) => {
      connect = resolve;
    });
    const sentAt: number[] = [];
    const k = await client({
      retry: false,
      rateLimit: tier, // the exchange's numbers exactly: no margin to hide behind
      fetch: async (input, init) => {
        sentAt.push(Date.now());
        await connected;
        return fetch(input, init);
      },
    });
    const start = Date.now();
    const calls = Array.from({ length: 6 }, () => k.GET('/portfolio/balance'));
    await vi.advanceTimersByTimeAsync(400);
    expect(sentAt.map((at) => at - start)).toEqual([0, 0, 0, 0, 0]); // the 6th waits for the first answer
    connect();
    await vi.advanceTimersByTimeAsync(200);
    // Sent once the first was answered (it arrived at 400 ms) and the bucket had refilled 10 tokens (100 ms).
    expect(sentAt.map((at) => at - start)).toEqual([0, 0, 0, 0, 0, 500]);
    const statuses = await Promise.all(calls.map(async (call) => (await call).response.status));
    expect(statuses).toEqual(Array(6).fill(200));
  });
});

describe('the client limiter', () => {
  const pending = (promise: Promise<unknown>) => {
    const state = { settled: false, error: undefined as unknown };
    promise.then(
      () => {
        state.settled = true;
      },
      (error) => {
        state.settled = true;
        state.error = error;
      },
    );
    return state;
  };

  /** Checks that `waiting` is served `ms` of fake time from now, and not a millisecond sooner. */
  const servedIn = async (waiting: ReturnType<typeof pending>, ms: number) => {
    await vi.advanceTimersByTimeAsync(ms - 1);
    expect(waiting.settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(waiting).toEqual({ settled: true, error: undefined });
  };

  it('charges batches per item and cancels at 2 tokens, then waits exactly until the bucket refills', async () => {
    vi.useFakeTimers();
    const limiter = new ClientRateLimiter({
      read: { refillRate: 1, capacity: 10 },
      write: { refillRate: 200, capacity: 20 },
    });
    await limiter.acquire('BatchCancelOrdersV2', { orders: [{}, {}, {}] }); // 6 tokens (kalshi-api-notes §8.1)
    await limiter.acquire('CancelOrderV2'); // 2
    await limiter.acquire('CreateOrderV2'); // 10 → 18 of 20 used
    const next = pending(limiter.acquire('CreateOrderV2')); // 8 more tokens needed: 40 ms at 200/s
    await servedIn(next, 40);
  });

  it('a named tier takes at once what Kalshi accepts: a 10-order batch on Basic’s 100 write tokens', async () => {
    vi.useFakeTimers();
    const limiter = new ClientRateLimiter('basic');
    const ten = { orders: Array.from({ length: 10 }, () => ({})) };
    await expect(limiter.acquire('BatchCreateOrdersV2', ten)).resolves.toBe(0);
  });

  it('a named tier keeps 10% of the capacity in reserve and refills 10% slower than Kalshi’s bucket', async () => {
    // Requests reach the exchange a little late and bunched up: what the client leaves is its slack.
    vi.useFakeTimers();
    const limiter = new ClientRateLimiter('basic'); // write: 100 tokens, refilled 100/s by Kalshi, 90/s here
    for (let i = 0; i < 9; i++) await expect(limiter.acquire('CreateOrderV2')).resolves.toBe(0); // 10 left
    const tenth = pending(limiter.acquire('CreateOrderV2')); // waits for 10 + 10 held back: 10 more at 90/s, 112 ms
    await servedIn(tenth, 112);
  });

  it('a request taking a full bucket waits for a full bucket, not more', async () => {
    vi.useFakeTimers();
    const limiter = new ClientRateLimiter('basic');
    await limiter.acquire('CreateOrderV2'); // 90 left
    const batch = pending(limiter.acquire('BatchCreateOrdersV2', { orders: Array.from({ length: 10 }, () => ({})) }));
    await servedIn(batch, 112); // 10 tokens at 90/s: 112 ms
  });

  it('fails at once a request that costs more than the bucket can ever hold, naming the limit', async () => {
    vi.useFakeTimers();
    const limiter = new ClientRateLimiter('basic'); // write: 100 tokens
    const eleven = { orders: Array.from({ length: 11 }, () => ({})) };
    const error = await limiter.acquire('BatchCreateOrdersV2', eleven).catch((e) => e);
    expect(error).toBeInstanceOf(KalshiValidationError);
    expect(error.message).toMatch(/costs 110 write tokens .* holds at most 100.*at most 10 items/);
    expect(vi.getTimerCount()).toBe(0); // nothing left polling
    await limiter.acquire('CreateOrderV2'); // and later writes are not blocked behind it
  });

  it('a too-large batch through the client fails before sending anything', async () => {
    const { client: k, requests } = await observedClient(() => new Response('{}', { status: 201 }), {
      rateLimit: 'basic',
    });
    const orders = Array.from({ length: 11 }, () => ({
      ticker: 'T',
      action: 'buy',
      side: 'yes',
      count: 1,
      priceCents: 1,
    })) as Parameters<typeof placeOrders>[1];
    await expect(placeOrders(k, orders)).rejects.toThrow(KalshiValidationError);
    expect(requests).toHaveLength(0);
  });

  it('honours abort while queued behind another request, and serves the next one in line', async () => {
    vi.useFakeTimers();
    const limiter = new ClientRateLimiter({
      read: { refillRate: 1, capacity: 10 },
      write: { refillRate: 10, capacity: 10 },
    });
    await limiter.acquire('CreateOrderV2'); // empty
    const first = pending(limiter.acquire('CreateOrderV2')); // 1 s away
    const controller = new AbortController();
    const second = pending(limiter.acquire('CreateOrderV2', undefined, controller.signal)); // 2 s away
    const third = pending(limiter.acquire('CancelOrderV2'));
    controller.abort(new Error('caller gave up'));
    await vi.advanceTimersByTimeAsync(0);
    expect(second).toMatchObject({ settled: true, error: new Error('caller gave up') });
    expect(first.settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(first).toEqual({ settled: true, error: undefined });
    await vi.advanceTimersByTimeAsync(200); // the cancel's 2 tokens, not the aborted create's 10
    expect(third).toEqual({ settled: true, error: undefined });
  });

  // acquire's contract: "rejects with the signal's reason if aborted first". A signal aborted before the call takes
  // nothing: the bucket's tokens stay for the next request.
  it('a signal already aborted is refused at once and takes no tokens', async () => {
    vi.useFakeTimers();
    const limiter = new ClientRateLimiter({
      read: { refillRate: 1, capacity: 10 },
      write: { refillRate: 1, capacity: 10 },
    });
    const reason = new Error('caller gave up');
    await expect(limiter.acquire('CreateOrderV2', undefined, AbortSignal.abort(reason))).rejects.toBe(reason);
    await expect(limiter.acquire('CreateOrderV2')).resolves.toBe(0); // the 10 tokens are all still there
  });

  // refund's contract: tokens given back for a request never sent let "the next request in line" go at once, not
  // when the bucket would have refilled (kalshi-api-notes §8.1: the exchange meters what it receives).
  it('a refund serves the request waiting in line at once', async () => {
    vi.useFakeTimers();
    const limiter = new ClientRateLimiter({
      read: { refillRate: 1, capacity: 10 },
      write: { refillRate: 1, capacity: 10 },
    });
    await limiter.acquire('CreateOrderV2'); // empty: the next create waits 10 s
    const waiting = pending(limiter.acquire('CreateOrderV2'));
    await vi.advanceTimersByTimeAsync(0);
    expect(waiting.settled).toBe(false);
    limiter.refund('CreateOrderV2'); // the first was refused before sending
    await vi.advanceTimersByTimeAsync(0);
    expect(waiting).toEqual({ settled: true, error: undefined });
  });

  // The hold's bounds are the client's own (the notes are silent on arrival delays): refill waits for the answer of
  // the request that emptied a full bucket, for 1 s at most, and for that request only (refunded, for those taken
  // during the hold instead).
  describe('refill held back until the request taken from a full bucket is answered', () => {
    // 20 write tokens refilled 100/s, as given (custom numbers: no margin); a create costs 10 (notes §8.1).
    const limits = { read: { refillRate: 100, capacity: 20 }, write: { refillRate: 100, capacity: 20 } };

    /** A full bucket emptied by two creates sent at once (the first holds its refill), and a third waiting for 10. */
    async function emptied() {
      vi.useFakeTimers();
      const limiter = new ClientRateLimiter(limits);
      const first = await limiter.permit('CreateOrderV2');
      const second = await limiter.permit('CreateOrderV2');
      first.sent();
      second.sent();
      const third = pending(limiter.acquire('CreateOrderV2'));
      await vi.advanceTimersByTimeAsync(500);
      expect(third.settled).toBe(false); // no refill while the first is unanswered
      return { limiter, first, second, third };
    }

    it('refill starts when that request is answered', async () => {
      const { first, third } = await emptied();
      first.settle();
      await servedIn(third, 100); // 10 tokens at 100/s: 100 ms from the answer
    });

    it('an answer to a request taken from a bucket that was not full does not end the hold', async () => {
      const { second, third } = await emptied();
      second.settle();
      await vi.advanceTimersByTimeAsync(400);
      expect(third.settled).toBe(false);
    });

    it('a request never answered holds refill back for 1 s at most', async () => {
      const { third } = await emptied();
      await servedIn(third, 600); // the hold ends 1 s from the send (500 ms from here), then 100 ms of refill
    });

    // Refunded, the first never reached Kalshi, whose bucket stays full until the second does: refill-runs-again is
    // known only from the second's answer (refunded-hold.test.ts).
    it('a refund of that request gives its tokens back at once; refill waits for the other one’s answer', async () => {
      const { limiter, first, second, third } = await emptied();
      first.refund();
      await vi.advanceTimersByTimeAsync(0);
      expect(third).toEqual({ settled: true, error: undefined }); // the refunded 10 tokens
      const fourth = pending(limiter.acquire('CreateOrderV2'));
      await vi.advanceTimersByTimeAsync(300);
      expect(fourth.settled).toBe(false);
      second.settle();
      await servedIn(fourth, 100);
    });

    // A permit is one request's: its answer (or refusal) is counted once, however often the caller says so.
    it('a second settle or refund of one permit changes nothing', async () => {
      const { limiter, first, second, third } = await emptied();
      second.settle();
      second.settle(); // counted twice, it would end the first's hold
      await vi.advanceTimersByTimeAsync(400);
      expect(third.settled).toBe(false);
      first.refund();
      first.refund(); // 10 tokens went back once: the third takes them, the fourth has none
      const fourth = pending(limiter.acquire('CreateOrderV2'));
      await vi.advanceTimersByTimeAsync(0);
      expect(third).toEqual({ settled: true, error: undefined });
      expect(fourth.settled).toBe(false);
    });

    it('a request that waited in line for a full bucket holds its refill too', async () => {
      vi.useFakeTimers();
      const limiter = new ClientRateLimiter(limits);
      const batch = { orders: [{}, {}] }; // 20 tokens: the whole bucket
      (await limiter.permit('BatchCreateOrdersV2', batch)).settle();
      const queued = limiter.permit('BatchCreateOrdersV2', batch);
      await vi.advanceTimersByTimeAsync(200); // full again: served from a full bucket
      const holding = await queued;
      const next = pending(limiter.acquire('CreateOrderV2'));
      await vi.advanceTimersByTimeAsync(500);
      expect(next.settled).toBe(false);
      holding.settle();
      await servedIn(next, 100);
    });
  });

  it('a request whose answer is lost ends its hold too: refill counts from the failure', async () => {
    vi.useFakeTimers();
    const sentAt: number[] = [];
    const { client: k } = await observedClient(
      (_, attempt) => {
        sentAt.push(Date.now());
        return attempt === 1 ? lost() : new Response('{}');
      },
      {
        retry: false,
        rateLimit: { read: { refillRate: 100, capacity: 20 }, write: { refillRate: 100, capacity: 20 } },
      },
    );
    const start = Date.now();
    const calls = Array.from({ length: 3 }, () => k.GET('/portfolio/balance').then(({ response }) => response.status));
    await expect(calls[0]).rejects.toThrow(KalshiConnectionError);
    await vi.advanceTimersByTimeAsync(100); // the third's 10 tokens: 100 ms at 100/s from the failure
    expect(sentAt.map((at) => at - start)).toEqual([0, 0, 100]);
    expect(await Promise.all(calls.slice(1))).toEqual([200, 200]);
  });

  it('the attempt timeout starts when the request is sent, not while it waits for tokens', async () => {
    vi.useFakeTimers();
    const { client: k, requests } = await observedClient(
      (request) => {
        // Like fetch: a signal aborted before sending fails the request.
        if (request.signal.aborted) throw request.signal.reason;
        return new Response('{}');
      },
      {
        retry: false,
        timeoutMs: 1_000,
        rateLimit: { read: { refillRate: 1, capacity: 10 }, write: { refillRate: 1, capacity: 10 } },
      },
    );
    await k.GET('/portfolio/balance'); // takes all 10 read tokens: the next call waits 10 s for them
    const call = k.GET('/portfolio/balance');
    call.catch(() => {}); // awaited below, after the clock has moved
    await vi.advanceTimersByTimeAsync(10_000);
    const { response } = await call;
    expect(response.status).toBe(200);
    expect(attemptsOf(response)).toBe(1);
    expect(requests).toHaveLength(2);
  });

  it('an abort while queued reaches the caller as KalshiAbortError', async () => {
    const { client: k, requests } = await observedClient(() => new Response('{}'), {
      rateLimit: { read: { refillRate: 0.001, capacity: 10 }, write: { refillRate: 0.001, capacity: 10 } },
    });
    await k.GET('/portfolio/balance'); // takes all 10 read tokens: the next call would wait about 3 hours
    const controller = new AbortController();
    const call = k.GET('/portfolio/balance', { signal: controller.signal });
    controller.abort();
    await expect(call).rejects.toThrow(KalshiAbortError);
    expect(requests).toHaveLength(1);
    // It took no tokens, so it gives none back: the next call still waits.
    const waiting = new AbortController();
    const next = k.GET('/portfolio/balance', { signal: waiting.signal });
    await new Promise((resolve) => setImmediate(resolve));
    waiting.abort();
    await expect(next).rejects.toThrow(KalshiAbortError);
    // Where it was when aborted, as a retry's wait says "while waiting to retry": the call was never sent.
    await expect(next).rejects.toThrow(/: aborted while waiting for rate-limit tokens$/);
    expect(requests).toHaveLength(1);
  });

  // kalshi-api-notes §8.1: "Every authenticated request spends tokens"; public traffic has its own, undocumented limit.
  // The client sends public operations unsigned, so they spend none of the account's tokens.
  it('public operations take no tokens and never wait: the account’s own read goes out at once behind them', async () => {
    const waits: string[] = [];
    const { client: k, requests } = await observedClient(() => new Response('{}'), {
      // One GET's worth of read tokens, refilled in about 3 hours.
      rateLimit: { read: { refillRate: 0.001, capacity: 10 }, write: { refillRate: 0.001, capacity: 10 } },
      onRateLimitWait: (event) => waits.push(event.operationId),
    });
    const reads = ['/exchange/status', '/markets', '/series', '/events', '/markets/trades'] as const;
    const calls = reads.map((path) => k.GET(path));
    await new Promise((resolve) => setImmediate(resolve)); // no I/O before sending: all sent by now, none waiting
    expect(requests).toHaveLength(reads.length);
    await Promise.all(calls);
    const { response } = await k.GET('/portfolio/balance');
    expect(response.status).toBe(200);
    expect(requests).toHaveLength(6);
    expect(waits).toEqual([]);
  });

  // kalshi-api-notes §8.1: "Every authenticated request spends tokens" — a request the exchange never receives spends
  // none of the account's. One the client refuses before sending (its signer fails, or the caller aborts while it
  // signs) gives back the tokens it took, and the next request goes out at once.
  it.each([
    ['the signer fails', 'fails'],
    ['the caller aborts while it signs', 'aborts'],
  ] as const)('a request refused before sending (%s) gives its tokens back', async (_, how) => {
    const waits: string[] = [];
    const inner = await testSigner();
    const controller = new AbortController();
    let signatures = 0;
    const signer = {
      ...inner,
      sign: async (input: Parameters<typeof inner.sign>[0]) => {
        if (++signatures > 1) return inner.sign(input);
        if (how === 'fails') throw new Error('KMS unavailable');
        controller.abort();
        return new Promise<never>(() => {});
      },
    };
    const { client: k, requests } = await observedClient(() => new Response('{}'), {
      credentials: signer,
      // One GET's worth of read tokens, refilled in about 3 hours.
      rateLimit: { read: { refillRate: 0.001, capacity: 10 }, write: { refillRate: 0.001, capacity: 10 } },
      onRateLimitWait: (event) => waits.push(event.operationId),
    });
    const refused = await k.GET('/portfolio/balance', { signal: controller.signal }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(how === 'fails' ? KalshiCredentialsError : KalshiAbortError);
    expect(requests).toHaveLength(0);
    const next = new AbortController(); // ends the call below if it waits for tokens (the defect)
    const call = k.GET('/portfolio/balance', { signal: next.signal });
    // Sent once signed, however slow the machine, unless it waits for tokens (10,000 s at this refill).
    await vi
      .waitFor(() => expect(requests).toHaveLength(1), { timeout: 20_000 })
      .catch((error: unknown) => {
        next.abort();
        throw error;
      });
    expect(
      await call.then(
        ({ response }) => response.status,
        (error: Error) => error.name,
      ),
    ).toBe(200);
    expect(requests).toHaveLength(1);
    expect(waits).toEqual([]);
  });
});

// A wait past the largest timer delay (2^31 - 1 ms, ~24.8 days) is not kept by setTimeout, which fires after 1 ms
// instead: a custom bucket refilling that slowly re-checked the queue every millisecond, a busy loop for the days it
// waits. The limiter sleeps at most the largest delay and looks again.
it('waits longer than a timer can hold without re-checking every millisecond', async () => {
  vi.useFakeTimers();
  try {
    // An order (10 write tokens) a year: the second waits ~365 days.
    const yearly = { refillRate: 10 / (365 * 24 * 3600), capacity: 10 };
    const limiter = new ClientRateLimiter({ read: yearly, write: yearly });
    await limiter.acquire('CreateOrderV2');
    let waited: number | undefined;
    void limiter.acquire('CreateOrderV2').then((ms) => {
      waited = ms;
    });
    const timers = vi.spyOn(globalThis, 'setTimeout');
    await vi.advanceTimersByTimeAsync(1_000);
    expect(timers).not.toHaveBeenCalled();
    expect(waited).toBeUndefined();
    await vi.advanceTimersByTimeAsync(366 * 24 * 3600 * 1_000);
    expect(waited).toBeGreaterThan(364 * 24 * 3600 * 1_000);
    expect(timers.mock.calls.length).toBeLessThan(20);
  } finally {
    vi.restoreAllMocks();
    vi.useRealTimers();
  }
});
