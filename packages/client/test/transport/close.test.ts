// kalshi.close(): a bot shutting down (SIGINT) ends every call in flight, wherever it waits, and refuses later ones.
// Each call so ended rejects as a per-call `signal` abort does (KalshiAbortError, `mayHaveActed` on a write), its
// message saying the client was closed. The notes are silent on shutting a client down: this is the SDK's own
// contract (README "Closing the client"); that a 429 was refused before acting is kalshi-api-notes §8.1.
import type { Signer } from '@org/kalshi-auth';
import { HttpResponse, http } from 'msw';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cancelOrders, KalshiAbortError, type KalshiClient, type KalshiClientOptions } from '../../src';
import { MOCK_BASE, useKalshiMock } from '../mock-server';

const { kalshi, client } = useKalshiMock({ seed: 28 });

/** Every request msw saw, as `METHOD /path`. */
const seen: string[] = [];
beforeEach(() => {
  seen.length = 0;
  kalshi.server.events.on('request:start', ({ request }) => {
    seen.push(`${request.method} ${new URL(request.url).pathname.replace('/trade-api/v2', '')}`);
  });
});
afterEach(() => {
  kalshi.server.events.removeAllListeners();
  vi.useRealTimers();
});

/** A 429 with a Retry-After of 10 s (a proxy's: Kalshi sends none), for every GetBalance. */
const retryAfter429 = () =>
  kalshi.server.use(
    http.get(`${MOCK_BASE}/portfolio/balance`, () =>
      HttpResponse.json({ error: 'too many requests' }, { status: 429, headers: { 'retry-after': '10' } }),
    ),
  );

/** A request to `path` that is received and never answered (its answer lost on the way). */
const unanswered = (method: 'get' | 'post', path: string) =>
  kalshi.server.use(http[method](`${MOCK_BASE}${path}`, () => new Promise<never>(() => {})));

/** Lets msw receive what was sent, and the client's continuations run, on fake time. */
const flush = async () => {
  for (let i = 0; i < 5; i++) await vi.advanceTimersByTimeAsync(0);
};

const rejection = (pending: Promise<unknown>) =>
  pending.then(
    () => expect.unreachable('expected the call to reject'),
    (error: unknown) => error as KalshiAbortError,
  );

/**
 * A client on fake timers (setTimeout only: msw and fetch keep their own clocks' workings); with `fakeDate`, Date too,
 * for the rate limiter's buckets, which refill on `Date.now`.
 */
async function fakeTimedClient(options: KalshiClientOptions = {}, fakeDate = false): Promise<KalshiClient> {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', ...(fakeDate ? (['Date'] as const) : [])] });
  return client({ retry: { initialDelayMs: 1, maxDelayMs: 4, maxRetryAfterMs: 30_000 }, ...options });
}

const ticker = () => [...kalshi.exchange.markets.values()].find((m) => m.status === 'active')?.ticker as string;

describe('close() ends the calls in flight', () => {
  it('during a 429 Retry-After wait: the call rejects as closed and no second request is sent', async () => {
    const k = await fakeTimedClient();
    retryAfter429();
    const pending = rejection(k.GET('/portfolio/balance'));
    await flush();
    expect(seen).toEqual(['GET /portfolio/balance']);
    expect(vi.getTimerCount()).toBe(1); // the 10 s wait
    await k.close();
    const error = await pending;
    expect(error).toBeInstanceOf(KalshiAbortError);
    expect(error.message).toBe('GetBalance: the client was closed while waiting to retry');
    expect(error.operationId).toBe('GetBalance');
    await vi.advanceTimersByTimeAsync(30_000);
    expect(seen).toEqual(['GET /portfolio/balance']);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('during a rate-limit wait: the waiting call rejects as closed and is never sent', async () => {
    // One read's 10 tokens (kalshi-api-notes §8.1's default cost) a second: the second read waits for its tokens.
    // The Date is fake too: on real time, a first read slower than 1 s (a loaded machine) refilled the bucket.
    const k = await fakeTimedClient(
      { rateLimit: { read: { refillRate: 10, capacity: 10 }, write: { refillRate: 10, capacity: 10 } } },
      true,
    );
    await k.GET('/portfolio/balance');
    const waiting = rejection(k.GET('/portfolio/balance'));
    await flush();
    expect(vi.getTimerCount()).toBe(1); // the rate limiter's
    await k.close();
    const error = await waiting;
    expect(error).toBeInstanceOf(KalshiAbortError);
    expect(error.message).toBe('GetBalance: the client was closed while waiting for rate-limit tokens');
    await vi.advanceTimersByTimeAsync(5_000);
    expect(seen).toEqual(['GET /portfolio/balance']);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('during a read in flight: its fetch is aborted and it rejects as closed', async () => {
    const k = await fakeTimedClient();
    unanswered('get', '/portfolio/balance');
    const pending = rejection(k.GET('/portfolio/balance'));
    await flush();
    expect(seen).toEqual(['GET /portfolio/balance']);
    await k.close();
    const error = await pending;
    expect(error).toBeInstanceOf(KalshiAbortError);
    expect(error.message).toBe('GetBalance: the client was closed');
    expect(vi.getTimerCount()).toBe(0); // the attempt's timeout cleared
  });

  it('during a placeOrder in flight: the order may have been placed, named as a per-call abort names it', async () => {
    const k = await fakeTimedClient();
    unanswered('post', '/portfolio/events/orders');
    const clientOrderId = 'close-in-flight-1';
    const pending = rejection(
      k.placeOrder({ ticker: ticker(), action: 'buy', side: 'yes', count: 1, price: '0.05', clientOrderId }),
    );
    await flush();
    expect(seen).toEqual(['POST /portfolio/events/orders']);
    await k.close();
    const error = await pending;
    // The request reached the exchange and its answer never came: not "not sent" (test/orders/abort.test.ts, the
    // same for a signal's abort).
    expect(error).toBeInstanceOf(KalshiAbortError);
    expect(error).toMatchObject({ operationId: 'CreateOrderV2', clientOrderId, mayHaveActed: true });
    expect(error.message).toBe(
      `CreateOrderV2: the client was closed (client_order_id ${clientOrderId}; it may have acted)`,
    );
    expect(seen).toEqual(['POST /portfolio/events/orders']); // not read back: the client is closed
  });

  it('during a read-back wait of a lost create: it rejects at once, and close() resolves after it', async () => {
    const k = await fakeTimedClient();
    // The exchange places the order and the answer is lost; the order reads do not show it yet (reads lag writes,
    // kalshi-api-notes §5.11), so placeOrder waits between look-ups (read-back.ts readUntil: 100 ms first).
    kalshi.faults.add({ operation: 'CreateOrderV2', kind: 'commit-then-drop', times: 1 });
    kalshi.faults.add({ operation: 'GetOrders', kind: 'stale-read', lagMs: 60_000 });
    const clientOrderId = 'close-read-back-1';
    const settled: string[] = [];
    const call = k.placeOrder({ ticker: ticker(), action: 'buy', side: 'yes', count: 1, price: '0.05', clientOrderId });
    call.catch(() => settled.push('placeOrder'));
    await flush();
    await vi.advanceTimersByTimeAsync(10); // the create's retry backoff (1–4 ms): its 409 order_already_exists
    await flush();
    expect(seen).toEqual(['POST /portfolio/events/orders', 'POST /portfolio/events/orders', 'GET /portfolio/orders']);
    expect(vi.getTimerCount()).toBe(1); // the wait before the next look-up
    // No time passes: close() itself ends the wait, and resolves only once placeOrder has rejected.
    await k.close().then(() => settled.push('close'));
    expect(settled).toEqual(['placeOrder', 'close']);
    const error = await rejection(call);
    // Named as an abort of the caller's signal between reads names it (test/orders/abort.test.ts): the create was
    // applied as far as anyone knows, so it may have acted.
    expect(error).toBeInstanceOf(KalshiAbortError);
    expect(error).toMatchObject({ operationId: 'CreateOrderV2', clientOrderId, mayHaveActed: true });
    expect(error.message).toBe(
      `CreateOrderV2 (reading back): the client was closed between reads (client_order_id ${clientOrderId}; it may have acted)`,
    );
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(seen).toHaveLength(3); // no look-up after close()
  });

  it('during a read-back wait of a lost batch cancel (cancelOrders(kalshi, …)): it rejects at once', async () => {
    const k = await fakeTimedClient();
    const placed = await k.placeOrder({ ticker: ticker(), action: 'buy', side: 'yes', count: 1, price: '0.05' });
    // The cancel is applied and its answer lost; the order reads still show it resting (reads lag writes, §5.11).
    kalshi.faults.add({ operation: 'BatchCancelOrdersV2', kind: 'commit-then-drop', times: 1 });
    kalshi.faults.add({ operation: 'GetOrder', kind: 'stale-read', lagMs: 60_000 });
    seen.length = 0;
    let ended = false;
    const pending = rejection(cancelOrders(k, { orders: [placed] })).finally(() => {
      ended = true;
    });
    await flush();
    await vi.advanceTimersByTimeAsync(10); // the cancel's retry backoff (1–4 ms)
    await flush();
    expect(seen.at(-1)).toBe(`GET /portfolio/orders/${placed.order_id}`);
    const sent = seen.length;
    expect(vi.getTimerCount()).toBe(1); // the wait before the next read
    await k.close();
    await flush(); // no time passes: close() itself ends the wait
    expect(ended).toBe(true);
    const error = await pending;
    expect(error).toBeInstanceOf(KalshiAbortError);
    expect(error).toMatchObject({
      operationId: 'BatchCancelOrdersV2',
      orderIds: [placed.order_id],
      mayHaveActed: true,
    });
    expect(error.message).toBe(
      `BatchCancelOrdersV2 (reading back): the client was closed between reads (orders ${placed.order_id}; it may have acted)`,
    );
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(seen).toHaveLength(sent);
  });

  it("a call's own signal aborted first keeps its own reason; close() after it changes nothing", async () => {
    const k = await fakeTimedClient();
    retryAfter429();
    const controller = new AbortController();
    const pending = rejection(k.GET('/portfolio/balance', { signal: controller.signal }));
    await flush();
    controller.abort();
    await k.close();
    expect((await pending).message).toBe('GetBalance: aborted while waiting to retry');
    expect(vi.getTimerCount()).toBe(0);
  });

  it('a call with a signal of its own is ended by close() too', async () => {
    const k = await fakeTimedClient();
    retryAfter429();
    const controller = new AbortController();
    const pending = rejection(k.GET('/portfolio/balance', { signal: controller.signal }));
    await flush();
    await k.close();
    expect((await pending).message).toBe('GetBalance: the client was closed while waiting to retry');
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('after close()', () => {
  it('every call rejects before anything is signed or sent', async () => {
    const base = (await client()).signer as Signer;
    let signed = 0;
    const signer: Signer = {
      ...base,
      sign: (input) => {
        signed++;
        return base.sign(input);
      },
    };
    const k = await client({ credentials: signer });
    await k.close();
    const read = await rejection(k.GET('/portfolio/balance'));
    expect(read).toBeInstanceOf(KalshiAbortError);
    expect(read.message).toBe('GetBalance: the client was closed');
    const write = await rejection(
      k.placeOrder({ ticker: ticker(), action: 'buy', side: 'yes', count: 1, price: '0.05', clientOrderId: 'after-1' }),
    );
    expect(write).toMatchObject({ clientOrderId: 'after-1', mayHaveActed: false });
    expect(write.message).toBe('CreateOrderV2: the client was closed (client_order_id after-1)');
    // A public read too (sent unsigned, metered by nothing).
    await expect(k.GET('/exchange/status')).rejects.toThrow('GetExchangeStatus: the client was closed');
    expect(signed).toBe(0);
    expect(seen).toEqual([]);
  });

  it('close() again is fine, and resolves', async () => {
    const k = await client();
    const first = k.close();
    expect(k.close()).toBe(first);
    await first;
    await k.close();
  });

  it('close() with nothing in flight resolves at once', async () => {
    const k = await client();
    await k.GET('/exchange/status');
    let closed = false;
    void k.close().then(() => (closed = true));
    await Promise.resolve();
    await Promise.resolve();
    expect(closed).toBe(true);
  });

  it('close() resolves once the calls in flight have ended: their requests aborted, their timers cleared', async () => {
    const k = await fakeTimedClient();
    unanswered('get', '/portfolio/balance');
    const pending = rejection(k.GET('/portfolio/balance'));
    await flush();
    expect(vi.getTimerCount()).toBe(1); // the attempt's timeout
    await k.close();
    expect(vi.getTimerCount()).toBe(0);
    expect(await pending).toBeInstanceOf(KalshiAbortError);
  });
});

// close() at every step of a call retried twice (429, 429, then 200): whatever it interrupts (an attempt in flight, a
// Retry-After wait), the call settles and no timer is left. Every step, not a sample: the sequence is short.
describe('close() at every step of a retry sequence', () => {
  const steps = [
    'before the first attempt',
    'first attempt in flight',
    'first wait',
    'second attempt in flight',
    'second wait',
    'third attempt in flight',
  ];
  it.each(steps.map((step, at) => [step, at] as const))('%s: settles, no timer left', async (_step, at) => {
    const k = await fakeTimedClient();
    let answered = 0;
    const gates: (() => void)[] = [];
    kalshi.server.use(
      http.get(`${MOCK_BASE}/portfolio/balance`, async () => {
        // Each attempt is held until the test lets it answer (the first two with a 429 and a 10 s Retry-After).
        await new Promise<void>((resolve) => gates.push(resolve));
        return answered++ < 2
          ? HttpResponse.json({ error: 'too many requests' }, { status: 429, headers: { 'retry-after': '10' } })
          : HttpResponse.json({ balance: 1 });
      }),
    );
    const pending = k.GET('/portfolio/balance').then(
      () => 'answered',
      (error: unknown) => error,
    );
    // Step by step from the first attempt in flight (step 1): an attempt in flight (odd) is let answer, a 10 s wait
    // (even) is run out. Step 0 closes before the call has reached msw.
    if (at > 0) await flush();
    for (let step = 1; step < at; step++) {
      if (step % 2 === 1) gates.shift()?.();
      else await vi.advanceTimersByTimeAsync(10_000);
      await flush();
    }
    await k.close();
    const outcome = await pending;
    expect(outcome).toBeInstanceOf(KalshiAbortError);
    expect((outcome as Error).message).toMatch(/^GetBalance: the client was closed/);
    expect(seen).toHaveLength(Math.ceil(at / 2));
    expect(vi.getTimerCount()).toBe(0);
  });
});
