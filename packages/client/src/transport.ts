import { type Signer, signRequest } from '@org/kalshi-auth';
import { backoffDelay } from './backoff';
import { KalshiAbortError, KalshiConnectionError, KalshiTimeoutError } from './errors';
import type { OperationInfo } from './generated/manifest';
import { type ClientRateLimiter, sleep } from './rate-limiter';

export interface RetryOptions {
  /** Retries after the first attempt (default 2). */
  readonly maxRetries?: number;
  /** First backoff in ms (default 500); doubles each retry, with full jitter. */
  readonly initialDelayMs?: number;
  /** Cap for one backoff, in ms (default 8,000). */
  readonly maxDelayMs?: number;
  /** Cap for a server's Retry-After, in ms (default 30,000). */
  readonly maxRetryAfterMs?: number;
}

export interface TransportOptions {
  readonly fetch: () => typeof fetch;
  readonly signer?: Signer;
  readonly retry: Required<RetryOptions>;
  readonly rateLimiter?: ClientRateLimiter;
  /** Per-attempt timeout in ms (default 30,000; 0 disables). */
  readonly timeoutMs: number;
  readonly userAgent: string;
  /** The operation a request belongs to, recorded by the client's middleware. */
  readonly operationOf: (request: Request) => OperationInfo | undefined;
  readonly random?: () => number;
}

/** How many attempts produced a response (placeOrder tells a first-try 409 from a retried one). */
const attempts = new WeakMap<Response, number>();
export function attemptsOf(response: Response): number {
  return attempts.get(response) ?? 1;
}

const RETRY_STATUSES = new Set([408, 425, 429, 500, 502, 503, 504]);

/**
 * The fetch that openapi-fetch calls: per attempt it waits for rate-limit tokens, signs afresh (new timestamp and
 * signature), applies the timeout, and retries 429/5xx and connection errors with exponential backoff and jitter.
 * GET/DELETE are retried; a POST only when its body carries a `client_order_id` (safe to repeat).
 */
export function createTransport(options: TransportOptions): (input: Request) => Promise<Response> {
  const random = options.random ?? Math.random;
  return async (request) => {
    const op = options.operationOf(request);
    const operationId = op?.operationId;
    const body = request.body ? await request.clone().text() : undefined;
    const json = parseJson(body);
    const retryable = isRetryable(request.method, json);
    const userSignal = request.signal;
    for (let attempt = 0; ; attempt++) {
      const attemptSignal = new AttemptSignal(userSignal, options.timeoutMs);
      let response: Response;
      try {
        if (options.rateLimiter && operationId) await options.rateLimiter.acquire(operationId, json, userSignal);
        let next = new Request(request.url, {
          method: request.method,
          headers: request.headers,
          body,
          signal: attemptSignal.signal,
        });
        next.headers.set('user-agent', options.userAgent);
        if (options.signer) next = await signRequest(options.signer, next);
        response = await options.fetch()(next);
      } catch (error) {
        attemptSignal.done();
        if (userSignal.aborted)
          throw new KalshiAbortError(`${operationId ?? request.url}: aborted`, { cause: userSignal.reason });
        const failure = attemptSignal.timedOut
          ? new KalshiTimeoutError(
              `${operationId ?? request.method}: no response within ${options.timeoutMs} ms`,
              operationId,
              { cause: error },
            )
          : new KalshiConnectionError(
              `${operationId ?? request.method}: connection failed (${describe(error)})`,
              operationId,
              { cause: error },
            );
        if (!retryable || attempt >= options.retry.maxRetries) throw failure;
        await backoff(options.retry, attempt, undefined, random, userSignal, operationId);
        continue;
      }
      attemptSignal.done();
      const retryStatus = RETRY_STATUSES.has(response.status);
      if (!retryable || !retryStatus || attempt >= options.retry.maxRetries) {
        attempts.set(response, attempt + 1);
        return response;
      }
      discard(response);
      await backoff(options.retry, attempt, response.headers.get('retry-after'), random, userSignal, operationId);
    }
  };
}

/**
 * Frees a response we will not read. Not awaited: on msw's mocked responses `body.cancel()` never settles, and
 * nothing depends on it having finished.
 */
function discard(response: Response): void {
  response.body?.cancel().catch(() => undefined);
}

function isRetryable(method: string, body: unknown): boolean {
  const m = method.toUpperCase();
  if (m === 'GET' || m === 'DELETE' || m === 'HEAD') return true;
  if (m !== 'POST') return false;
  // Order creation is safe to repeat only with a client_order_id: the exchange rejects the duplicate (409).
  const b = body as { client_order_id?: unknown; orders?: { client_order_id?: unknown }[] } | undefined;
  if (typeof b?.client_order_id === 'string') return true;
  return (
    Array.isArray(b?.orders) && b.orders.length > 0 && b.orders.every((o) => typeof o.client_order_id === 'string')
  );
}

async function backoff(
  retry: Required<RetryOptions>,
  attempt: number,
  retryAfter: string | null | undefined,
  random: () => number,
  signal: AbortSignal,
  operationId?: string,
) {
  const server = retryAfterMs(retryAfter);
  const delay =
    server !== undefined
      ? Math.min(server, retry.maxRetryAfterMs)
      : backoffDelay(attempt, retry.initialDelayMs, retry.maxDelayMs, random);
  try {
    await sleep(delay, signal);
  } catch (reason) {
    throw new KalshiAbortError(`${operationId ?? 'request'}: aborted while waiting to retry`, { cause: reason });
  }
}

/** Retry-After as seconds or an HTTP date, in ms. */
export function retryAfterMs(value: string | null | undefined): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

function parseJson(text: string | undefined): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function describe(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } })?.cause;
  return cause?.code ?? cause?.message ?? (error as Error)?.message ?? String(error);
}

/**
 * One attempt's signal: aborts on the caller's signal or after the timeout. A plain controller and one timer are
 * cheaper per request than AbortSignal.timeout + AbortSignal.any. The timeout covers the wait for the response
 * head; the caller's own signal (and timeoutMs of their choosing there) covers the body.
 */
class AttemptSignal {
  private readonly controller = new AbortController();
  private readonly timer: ReturnType<typeof setTimeout> | undefined;
  private readonly forward = () => this.controller.abort(this.user.reason);
  timedOut = false;

  constructor(
    private readonly user: AbortSignal,
    timeoutMs: number,
  ) {
    if (user.aborted) this.controller.abort(user.reason);
    else user.addEventListener('abort', this.forward, { once: true });
    if (timeoutMs > 0) {
      this.timer = setTimeout(() => {
        this.timedOut = true;
        this.controller.abort(new DOMException('timed out', 'TimeoutError'));
      }, timeoutMs);
    }
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Stops the timer; the caller's abort still reaches the body read that follows. */
  done(): void {
    clearTimeout(this.timer);
  }
}
