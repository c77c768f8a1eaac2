import { createSigner, type Signer } from '@org/kalshi-auth';
import { generateKeyPairSync } from '@org/kalshi-auth/node';
import { vi } from 'vitest';
import { createKalshiClient, type KalshiClientOptions } from '../src';

export const BASE = 'https://external-api.kalshi.com/trade-api/v2';
export const key = generateKeyPairSync();

export async function testSigner(clock?: () => number): Promise<Signer> {
  return createSigner({ keyId: key.keyId, privateKey: key.privateKeyPem, clock });
}

/** A client whose fetch is a recorded stub answering from `respond` (openapi-fetch's createObservedClient idea). */
export async function observedClient(
  respond: (request: Request, attempt: number) => Response | Promise<Response>,
  options: KalshiClientOptions = {},
) {
  const requests: Request[] = [];
  const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = input instanceof Request && !init ? input : new Request(input, init);
    requests.push(request.clone());
    return respond(request, requests.length);
  };
  const client = await createKalshiClient({
    baseUrl: BASE,
    credentials: await testSigner(),
    retry: { initialDelayMs: 1, maxDelayMs: 5, maxRetryAfterMs: 20 },
    ...options,
    fetch: fetch as typeof globalThis.fetch,
  });
  return { client, requests };
}

export const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

/** A fetch that fails as a connection reset after sending: the request's answer is lost. */
export const lost = (): never => {
  throw new TypeError('fetch failed', { cause: { code: 'ECONNRESET' } });
};

/** A seeded generator for randomized tests (same seed, same sequence). */
export function lcg(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

/**
 * Fake timers for a write's lost-answer read-back: its timers, `Date`, and `performance` (the read-back's clock: a read
 * counts as proof only SETTLE_MS after the lost attempt, measured on the monotonic clock).
 */
export function useFakeClock(now?: number): void {
  vi.useFakeTimers({
    toFake: ['setTimeout', 'clearTimeout', 'Date', 'performance'],
    ...(now === undefined ? {} : { now }),
  });
}

/** Runs `promise` on fake time, 50 ms a step, until it settles (10 s at most). */
export async function settle<T>(promise: Promise<T>): Promise<T> {
  let done = false;
  const end = () => {
    done = true;
  };
  promise.then(end, end);
  for (let i = 0; !done && i < 200; i++) await vi.advanceTimersByTimeAsync(50);
  return promise;
}

/** A V2 create-order body (the YES bid at 0.01 for one contract) for raw-call tests. */
export const v2Order = {
  ticker: 'T',
  side: 'bid',
  count: '1',
  price: '0.0100',
  time_in_force: 'good_till_canceled',
  self_trade_prevention_type: 'maker',
} as const;

/**
 * Cloudflare Workers (workerd) tie an AbortController to the request that made it: using it from a later request throws
 * a plain Error ("Cannot perform I/O on behalf of a different request"). Stubs the global AbortController so; `next()`
 * starts the Worker's next request, `current()` is its number (0 first).
 */
export function workerRequests(): { next(): void; current(): number } {
  let request = 0;
  const Native = globalThis.AbortController;
  const refuse = (own: number) => {
    if (request !== own) throw new Error('Cannot perform I/O on behalf of a different request');
  };
  class RequestBoundAbortController extends Native {
    readonly #request = request;
    override get signal(): AbortSignal {
      refuse(this.#request);
      return super.signal;
    }
    override abort(reason?: unknown): void {
      refuse(this.#request);
      super.abort(reason);
    }
  }
  vi.stubGlobal('AbortController', RequestBoundAbortController);
  return { next: () => void request++, current: () => request };
}

/** An Order as GET /portfolio/orders/{id} answers it (kalshi-api-notes §5.4): a resting YES bid, `fields` over it. */
export function restingOrder(fields: Record<string, unknown> = {}) {
  return {
    order_id: 'o-1',
    user_id: 'u',
    client_order_id: 'c-1',
    ticker: 'KX-T',
    outcome_side: 'yes',
    book_side: 'bid',
    side: 'yes',
    action: 'buy',
    type: 'limit',
    status: 'resting',
    yes_price_dollars: '0.4000',
    no_price_dollars: '0.6000',
    fill_count_fp: '0.00',
    remaining_count_fp: '5.00',
    initial_count_fp: '5.00',
    taker_fill_cost_dollars: '0.000000',
    maker_fill_cost_dollars: '0.000000',
    taker_fees_dollars: '0.000000',
    maker_fees_dollars: '0.000000',
    ...fields,
  };
}
