import type { Signer } from '@org/kalshi-auth';
import { backoffDelay } from './backoff';
import {
  KalshiAbortError,
  KalshiConnectionError,
  KalshiError,
  KalshiInvalidResponseError,
  KalshiTimeoutError,
} from './errors';
import type { RetryPolicy } from './generated/manifest';
import { type ClientRateLimiter, sleep } from './rate-limiter';
import { endRequest, startRequest, stateOf } from './request-state';

/** When and how long to retry (429, 5xx, connection errors and cut-off bodies). */
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
  /** Per-attempt timeout in ms, covering the response head and its body (default 30,000; 0 disables). */
  readonly timeoutMs: number;
  readonly userAgent: string;
  readonly random?: () => number;
}

/** How many attempts produced a response. */
export function attemptsOf(response: Response): number {
  return stateOf(response)?.attempts ?? 1;
}

/** 429: the exchange refused before acting. The others may have acted (a gateway gave up waiting, say). */
const RETRY_STATUSES = new Set([408, 425, 429, 500, 502, 503, 504]);
const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);

/**
 * The fetch that openapi-fetch calls: per attempt it waits for rate-limit tokens, signs afresh (new timestamp and
 * signature), reads the whole body under the attempt's timeout, and retries 429/5xx, connection errors and broken
 * bodies with exponential backoff and jitter when the operation's policy (in the manifest) allows it.
 */
export function createTransport(options: TransportOptions): (input: Request) => Promise<Response> {
  const random = options.random ?? Math.random;
  return async (request) => {
    const state = stateOf(request) ?? startRequest(request, undefined);
    const operationId = state.operation?.operationId;
    const label = operationId ?? `${request.method} ${new URL(request.url).pathname}`;
    const body = request.body ? await request.clone().text() : undefined;
    const json = parseJson(body);
    const repeatable = mayRepeat(state.operation?.retry ?? policyByMethod(request.method), json);
    const userSignal = request.signal;
    const headers: Record<string, string> = {};
    for (const [name, value] of request.headers) headers[name] = value;
    headers['user-agent'] = options.userAgent;
    const { method, url } = request;
    for (let attempt = 0; ; attempt++) {
      let sent = false;
      const attemptSignal = new AttemptSignal(userSignal, options.timeoutMs);
      let response: Response;
      try {
        if (options.rateLimiter && operationId) await options.rateLimiter.acquire(operationId, json, userSignal);
        // fetch(url, init) rather than a Request: one Request construction (inside fetch) per attempt, not two.
        const signed = options.signer ? { ...headers, ...(await options.signer.sign({ method, url })) } : headers;
        state.attempts++;
        sent = true;
        const init = { method, headers: signed, body, signal: attemptSignal.signal };
        response = await readWhole(await options.fetch()(url, init));
      } catch (error) {
        attemptSignal.done();
        if (userSignal.aborted) throw new KalshiAbortError(`${label}: aborted`, { cause: userSignal.reason });
        if (error instanceof KalshiError) throw error; // refused before sending (rate limiter, validation)
        const failure = attemptFailure(error, attemptSignal, label, operationId, options.timeoutMs);
        if (sent) state.uncertain = true;
        if (!repeatable || attempt >= options.retry.maxRetries) throw failure;
        await backoff(options.retry, attempt, undefined, random, userSignal, label);
        continue;
      }
      attemptSignal.done();
      const retryStatus = RETRY_STATUSES.has(response.status);
      if (retryStatus && response.status !== 429) state.uncertain = true;
      // A 429 is retried for every operation: the exchange refused it before acting (kalshi-api-notes §8.1).
      const retry = retryStatus && (repeatable || response.status === 429);
      if (!retry || attempt >= options.retry.maxRetries) return endRequest(response, state);
      discard(response);
      await backoff(options.retry, attempt, response.headers.get('retry-after'), random, userSignal, label);
    }
  };
}

/**
 * Reads the body within the attempt (so the timeout covers a stalled or trickling body) and checks that a 2xx body
 * is JSON, handing openapi-fetch a buffered Response. Kalshi answers JSON everywhere.
 */
async function readWhole(response: Response): Promise<Response> {
  if (NULL_BODY_STATUSES.has(response.status) || !response.body) return response;
  // fetch fails the body read when the attempt's signal aborts (timeout or the caller), like the head.
  const text = await response.text();
  const buffered = new Response(text, response);
  Object.defineProperty(buffered, 'url', { value: response.url });
  if (response.ok && text !== '') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      throw new InvalidBody(response.status, error);
    }
    // Parsed once: openapi-fetch's json() gets this value instead of parsing the text again.
    Object.defineProperty(buffered, 'json', { value: () => Promise.resolve(parsed) });
  }
  return buffered;
}

/** A 2xx whose body is not JSON; becomes KalshiInvalidResponseError (retried like a lost response). */
class InvalidBody extends Error {
  constructor(
    readonly status: number,
    cause: unknown,
  ) {
    super('invalid JSON', { cause });
  }
}

function attemptFailure(
  error: unknown,
  attempt: AttemptSignal,
  label: string,
  operationId: string | undefined,
  timeoutMs: number,
): KalshiError {
  if (attempt.timedOut)
    return new KalshiTimeoutError(`${label}: no complete response within ${timeoutMs} ms`, operationId, {
      cause: error,
    });
  if (error instanceof InvalidBody)
    return new KalshiInvalidResponseError(
      `${label}: a ${error.status} response whose body is not JSON`,
      error.status,
      operationId,
      { cause: error.cause },
    );
  return new KalshiConnectionError(`${label}: connection failed (${describe(error)})`, operationId, { cause: error });
}

/**
 * Frees a response we will not read. Not awaited: on msw's mocked responses `body.cancel()` never settles, and
 * nothing depends on it having finished.
 */
function discard(response: Response): void {
  if (!response.bodyUsed) response.body?.cancel().catch(() => undefined);
}

/** The operation's policy from the manifest decides; the key it names must be on the body (every item of a batch). */
function mayRepeat(policy: RetryPolicy, body: unknown): boolean {
  if (policy.repeat !== 'keyed') return policy.repeat === 'always';
  const key = policy.key ?? '';
  const carries = (value: unknown) => typeof (value as Record<string, unknown> | null)?.[key] === 'string';
  if (carries(body)) return true;
  const items = Object.values((body ?? {}) as object).find(Array.isArray) as unknown[] | undefined;
  return items !== undefined && items.length > 0 && items.every(carries);
}

/** For a request outside the manifest: HTTP semantics (POST and PATCH are not idempotent). */
function policyByMethod(method: string): RetryPolicy {
  return { repeat: /^(POST|PATCH)$/i.test(method) ? 'never' : 'always', lostResponse: 'none' };
}

async function backoff(
  retry: Required<RetryOptions>,
  attempt: number,
  retryAfter: string | null | undefined,
  random: () => number,
  signal: AbortSignal,
  label: string,
) {
  const server = retryAfterMs(retryAfter);
  const delay =
    server !== undefined
      ? Math.min(server, retry.maxRetryAfterMs)
      : backoffDelay(attempt, retry.initialDelayMs, retry.maxDelayMs, random);
  try {
    await sleep(delay, signal);
  } catch (reason) {
    throw new KalshiAbortError(`${label}: aborted while waiting to retry`, { cause: reason });
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
 * One attempt's signal: aborts on the caller's signal or after the timeout, which covers the response head and its
 * body. A plain controller and one timer are cheaper per request than AbortSignal.timeout + AbortSignal.any.
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

  /** The attempt is over (answered in full, or failed): stop the timer and stop listening to the caller. */
  done(): void {
    clearTimeout(this.timer);
    this.user.removeEventListener('abort', this.forward);
  }
}
