// Many callers of one client queued in one rate-limit bucket, some giving up: by their own signal (one each, or one
// shared), by the client's close(), while queued, while signing, while their request is in flight, or while a retry
// waits. kalshi-api-notes §8.1: a bucket refills continuously up to its capacity and allows a request iff it holds the
// cost (default 10, a V2 cancel or GET /portfolio/orders/{id} 2). The README: a burst waits its turn instead of earning
// 429s, an aborted request leaves the queue at once, close() settles every call in flight. (Round 48, A: no defect
// found; these hold the behaviour.)
import fc from 'fast-check';
import { afterEach, expect, it, vi } from 'vitest';
import { RATE_LIMIT_TIERS, TokenBucket } from '../../src/generated/rate-limits';
import { json, observedClient } from '../helpers';

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

const fakeTime = () => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date', 'performance'] });

/**
 * Kalshi's schedule for `callers` in one bucket of 30 tokens refilled 500/s (one token per 2 ms), FIFO, as the notes'
 * arithmetic gives it: the ms each is let go (undefined: never). A caller aborted while queued, or queued when the
 * client closes, leaves the queue then and takes nothing; the others go as if it had never been there from then on.
 * Arrivals are at even ms and aborts at odd ones, and the property draws no two aborts (or an abort and the close) at
 * one ms: no two events tie. (At a tie the client serves its queue after each event in turn, as their timers fire: two
 * waiters aborted at 17 ms, the first one's leaving let the second go at 17 before its own abort, where this model took
 * both aborts first. Found by a fresh clone's run, seed -1703221164.)
 */
function kalshisSchedule(callers: readonly Caller[], closeAtMs: number): (number | undefined)[] {
  let tokens = 30;
  const goes: (number | undefined)[] = callers.map(() => undefined);
  let queue: number[] = [];
  for (let t = 0; t <= 2_000; t++) {
    if (t > 0) tokens = Math.min(30, tokens + 0.5);
    if (t === closeAtMs) queue = [];
    callers.forEach((c, i) => {
      if (c.startMs === t && t < closeAtMs) queue.push(i);
    });
    queue = queue.filter((i) => callers[i]?.abortAtMs !== t);
    for (let head = queue[0]; head !== undefined && tokens >= (callers[head]?.cost as number); head = queue[0]) {
      tokens -= callers[head]?.cost as number;
      goes[head] = t;
      queue.shift();
    }
  }
  return goes;
}

interface Caller {
  readonly startMs: number;
  readonly cost: 10 | 2;
  readonly abortAtMs: number | undefined;
}

const even = (max: number) => fc.integer({ min: 0, max }).map((n) => 2 * n);
const odd = (max: number) => even(max).map((n) => n + 1);
const callerAt = fc
  .record({
    startMs: even(20),
    cost: fc.constantFrom(10 as const, 2 as const),
    abortAfterMs: fc.option(odd(40), { nil: undefined }),
  })
  .map(({ startMs, cost, abortAfterMs }) => ({
    startMs,
    cost,
    abortAtMs: abortAfterMs === undefined ? undefined : startMs + abortAfterMs,
  }));

it('each request goes when Kalshi’s bucket holds its cost, its turn come: callers aborted or closed while queued delay no one', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(callerAt, { minLength: 1, maxLength: 14 }),
      fc.option(odd(150), { nil: undefined }),
      async (callers, closeAtMs) => {
        const ends = [...callers.map((c) => c.abortAtMs), closeAtMs].filter((ms) => ms !== undefined);
        fc.pre(new Set(ends).size === ends.length);
        fakeTime();
        const start = Date.now();
        const bucket = { refillRate: 500, capacity: 30 };
        const sentAt: (number | undefined)[] = callers.map(() => undefined);
        // Answered at once: the refill a request taken from a full bucket holds back until its answer (the client's
        // own margin for a request on its way) lasts no time, and the client's bucket is Kalshi's exactly.
        const { client } = await observedClient(
          (request) => {
            sentAt[Number(request.headers.get('x-caller'))] = Date.now() - start;
            return json({ balance: 1 });
          },
          { rateLimit: { read: bucket, write: bucket }, timeoutMs: 0 },
        );
        const calls: Promise<unknown>[] = [];
        callers.forEach((c, i) => {
          const controller = new AbortController();
          const init = { signal: controller.signal, headers: { 'x-caller': String(i) } };
          setTimeout(() => {
            const call =
              c.cost === 10
                ? client.GET('/portfolio/balance', init)
                : client.GET('/portfolio/orders/{order_id}', { ...init, params: { path: { order_id: 'o' } } });
            calls.push(call.catch(() => {}));
          }, c.startMs);
          if (c.abortAtMs !== undefined) setTimeout(() => controller.abort(), c.abortAtMs);
        });
        if (closeAtMs !== undefined) setTimeout(() => void client.close(), closeAtMs);
        await vi.advanceTimersByTimeAsync(2_000);
        await Promise.all(calls);
        expect(sentAt).toEqual(kalshisSchedule(callers, closeAtMs ?? Number.POSITIVE_INFINITY));
        vi.useRealTimers();
      },
    ),
    { numRuns: 100 },
  );
});

const ANSWERS = ['at once', 'later', '429', 'lost', '500', 'never'] as const;
const caller = fc.record({
  startMs: fc.integer({ min: 0, max: 60 }),
  op: fc.constantFrom('GetBalance', 'GetOrder', 'CancelOrderV2'),
  abortAfterMs: fc.option(fc.integer({ min: 0, max: 200 }), { nil: undefined }),
  sharedSignal: fc.boolean(),
  /** The first attempt's answer (a repeat is answered at once). */
  answer: fc.constantFrom(...ANSWERS),
  answerMs: fc.integer({ min: 1, max: 40 }),
});

it('every call settles, Kalshi’s bucket pays for every request sent, and nothing is left armed or spent for good', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(caller, { minLength: 1, maxLength: 12 }),
      fc.option(fc.integer({ min: 0, max: 300 }), { nil: undefined }),
      fc.constantFrom('custom', 'basic'),
      fc.constantFrom(0, 25, 1_000),
      fc.option(fc.integer({ min: 0, max: 300 }), { nil: undefined }),
      async (callers, closeAtMs, tier, timeoutMs, sharedAbortMs) => {
        fakeTime();
        vi.spyOn(Math, 'random').mockReturnValue(0.5); // the retries' jitter
        const bucket = { refillRate: 1_000, capacity: 30 };
        const exchange = tier === 'basic' ? RATE_LIMIT_TIERS.basic : { read: bucket, write: bucket };
        const kalshi = {
          read: new TokenBucket(exchange.read, Date.now()),
          write: new TokenBucket(exchange.write, Date.now()),
        };
        const refused: string[] = [];
        const attempts = new Map<string, number>();
        /** The test's own timers still armed (the client's are the others). */
        let ours = 0;
        const later = (run: () => void, ms: number) => {
          ours++;
          let armed = true;
          const timer = setTimeout(() => {
            armed = false;
            ours--;
            run();
          }, ms);
          return () => {
            if (armed) ours--;
            armed = false;
            clearTimeout(timer);
          };
        };
        const { client } = await observedClient(
          (request) => {
            const id = request.headers.get('x-caller') as string;
            const attempt = (attempts.get(id) ?? 0) + 1;
            attempts.set(id, attempt);
            const write = request.method === 'DELETE';
            // kalshi-api-notes §8.1: a V2 cancel (write bucket) and GET /portfolio/orders/{id} cost 2, a balance 10.
            const cost = write || request.url.includes('/orders/') ? 2 : 10;
            if (!kalshi[write ? 'write' : 'read'].tryTake(cost, Date.now())) refused.push(`${id} at ${Date.now()}`);
            const c = callers[Number(id)];
            const answer = attempt > 1 || !c ? 'at once' : c.answer;
            const body = write ? { order: { order_id: 'o' }, reduced_by: '1.00' } : { balance: 1 };
            if (answer === 'at once') return json(body);
            if (answer === '429') return json({ error: 'too many requests' }, 429);
            if (answer === '500') return json({ error: { code: 'internal_error' } }, 500);
            return new Promise<Response>((resolve, reject) => {
              const stop =
                answer === 'never'
                  ? () => {}
                  : later(
                      () => (answer === 'lost' ? reject(new TypeError('fetch failed')) : resolve(json(body))),
                      c?.answerMs ?? 0,
                    );
              request.signal.addEventListener('abort', () => {
                stop();
                reject(request.signal.reason);
              });
            });
          },
          { rateLimit: tier === 'basic' ? 'basic' : { read: bucket, write: bucket }, timeoutMs },
        );
        const outcomes: string[] = callers.map(() => 'pending');
        const shared = new AbortController();
        if (sharedAbortMs !== undefined) later(() => shared.abort(), sharedAbortMs);
        callers.forEach((c, i) => {
          const controller = c.sharedSignal ? shared : new AbortController();
          later(() => {
            const init = { signal: controller.signal, headers: { 'x-caller': String(i) } };
            const params = { path: { order_id: 'o' } };
            const call =
              c.op === 'GetBalance'
                ? client.GET('/portfolio/balance', init)
                : c.op === 'GetOrder'
                  ? client.GET('/portfolio/orders/{order_id}', { ...init, params })
                  : client.DELETE('/portfolio/events/orders/{order_id}', { ...init, params } as never);
            call.then(
              () => {
                outcomes[i] = 'ok';
              },
              (error: Error) => {
                outcomes[i] = error.name;
              },
            );
            if (c.abortAfterMs !== undefined && !c.sharedSignal) later(() => controller.abort(), c.abortAfterMs);
          }, c.startMs);
        });
        let closed = false;
        let armedAtClose = -1;
        if (closeAtMs !== undefined)
          later(() => {
            void client.close().then(() => {
              closed = true;
              armedAtClose = vi.getTimerCount() - ours;
            });
          }, closeAtMs);
        await vi.advanceTimersByTimeAsync(10_000);
        expect(refused).toEqual([]);
        // A request never answered, with no timeout and no abort, is the one call that may still wait.
        const hangs = callers.some(
          (c, i) => c.answer === 'never' && timeoutMs === 0 && attempts.get(String(i)) === 1 && closeAtMs === undefined,
        );
        if (!hangs) expect(outcomes.filter((o) => o === 'pending')).toEqual([]);
        if (closeAtMs !== undefined) {
          // close() resolved once every call had settled, and left none of the client's timers armed.
          expect([closed, armedAtClose]).toEqual([true, 0]);
          expect(vi.getTimerCount()).toBe(0);
        } else if (!hangs) {
          // No token lost: once the bucket has refilled, a full bucket's worth of balances goes out at once.
          const sent = () => [...attempts.values()].reduce((a, b) => a + b, 0);
          const before = sent();
          const full = tier === 'basic' ? 18 : 3; // Basic's 200 read tokens less the named tier's 10% reserve
          const burst = Array.from({ length: full }, () =>
            client.GET('/portfolio/balance', { headers: { 'x-caller': 'after' } }),
          );
          await vi.advanceTimersByTimeAsync(0);
          expect(sent() - before).toBe(full);
          await Promise.all(burst);
          await client.close();
          expect(vi.getTimerCount()).toBe(0);
        }
        vi.useRealTimers();
        vi.restoreAllMocks();
      },
    ),
    { numRuns: 150 },
  );
});
