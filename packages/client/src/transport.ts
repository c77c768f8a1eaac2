import { builtInSign, kindOf, type Signer } from '@org/kalshi-auth';
import { joined, onAbort, untilAborted } from './abort-listeners';
import { AttemptSignal, TimeoutControllers } from './attempt-signal';
import { backoffDelay } from './backoff';
import { CLOCK_SKEW_MESSAGE, httpDate, isNewOffset, offsetFromDate, STALE_TIMESTAMP, signingTime } from './clock-skew';
import { signWith } from './credentials';
import { itemError } from './error-context';
import {
  errorFromResponse,
  KalshiAbortError,
  type KalshiApiError,
  KalshiConnectionError,
  KalshiCredentialsError,
  KalshiError,
  KalshiInvalidResponseError,
  KalshiTimeoutError,
  KalshiUnconfirmedWriteError,
  KalshiValidationError,
  parseErrorBody,
} from './errors';
import type { RetryPolicy } from './generated/manifest';
import type { Observer, RateLimitWaitEvent } from './observe';
import { type ClientRateLimiter, type RateLimitPermit, sleep } from './rate-limiter';
import { newRequest } from './request-init';
import { endRequest, type RequestState, stateOf } from './request-state';
import { itemsOf, orderNames, ordersOf, sentOrders } from './sent-orders';

/**
 * When and how long to retry: 429, 408, 425, 500, 502–504 and Cloudflare's 520–524, connection errors and cut-off
 * bodies (not 501 or 505, which say the server did not process the request: a repeat gets the same answer).
 */
export interface RetryOptions {
  /** Retries after the first attempt (default 2). */
  readonly maxRetries?: number | undefined;
  /** First backoff in ms (default 500); doubles each retry, with full jitter. */
  readonly initialDelayMs?: number | undefined;
  /** Cap for one backoff, in ms (default 8,000). */
  readonly maxDelayMs?: number | undefined;
  /** Cap for a server's Retry-After, in ms (default 30,000); a shorter one waits the backoff at least. */
  readonly maxRetryAfterMs?: number | undefined;
}

export interface TransportOptions {
  readonly fetch: () => typeof fetch;
  /**
   * The global fetch, not one of the user's: its timeout controllers are reused between attempts (a user's fetch may
   * keep one: see attempt-signal.ts), and its failures' causes are trusted to tell a connection never made (a user's
   * fetch may retry on its own after a first try reached the server, then fail connecting: round 26's verifier, D1).
   */
  readonly globalFetch?: boolean;
  readonly signer?: Signer;
  /** An OAuth access token, sent only to the operations that take one (without a signer: the signer wins). */
  readonly accessToken?: string;
  readonly retry: Required<RetryOptions>;
  readonly rateLimiter?: ClientRateLimiter;
  /** Per-attempt timeout in ms, covering the response head and its body (default 30,000; 0 disables). */
  readonly timeoutMs: number;
  readonly userAgent: string;
  readonly random?: () => number;
  /** Logging and hooks; undefined when off (then nothing is measured or built). */
  readonly observer?: Observer;
  /** The exchange's clock minus this machine's, in ms, shared by the client's requests (0 until a skew is seen). */
  readonly clock: { offsetMs: number };
}

/** What every call goes through (see createTransport), and the client's `close()`. */
export interface Transport {
  (call: OutgoingCall): Promise<Response>;
  /** Aborts every call in flight and refuses later ones; resolves once those in flight have ended. */
  close(): Promise<void>;
  /** close()'s signal (the stand-in below), which the order helpers' read-back waits follow too. */
  readonly closed: AbortSignal;
  /**
   * Counts `call` in flight until it settles, close() resolving after it; returns it. Tracked on the promise the caller
   * gets (call.ts's methods, the order helpers), its handlers registered after this one: an inner promise would let
   * close() resolve a few jobs before the caller sees the call's outcome.
   */
  track<T>(call: Promise<T>): Promise<T>;
}

/**
 * Where the client keeps its transport's `closed` and `track`, for the order helpers run on it (the standalone ones
 * too) and their read-backs (absent on a client of yours).
 */
export const CLOSED: unique symbol = Symbol('kalshi.closed');
/** What the client keeps under CLOSED: close()'s signal and the tracking of a call in flight. */
export type Closing = Pick<Transport, 'closed' | 'track'>;

/** Where the client keeps its retry options, for the order helpers' rounds (absent on a client of yours). */
export const RETRY: unique symbol = Symbol('kalshi.retry');

/** A call's retries: its own `retry` over the client's (`false`: none). */
export function mergedRetry<R extends RetryOptions>(client: R, call: RetryOptions | false | undefined): R {
  return call === undefined ? client : { ...client, ...(call || { maxRetries: 0 }) };
}

/** One call as the transport sends it (built by call.ts): each attempt signs it afresh. */
export interface OutgoingCall {
  readonly method: string;
  readonly url: string;
  /** Lower-case names; the transport's own copy (it adds the user agent and each attempt's signature). */
  readonly headers: Record<string, string>;
  body: string | undefined;
  /** The body as a JSON value (the retry policy's key and the error messages read it). */
  readonly json: unknown;
  readonly signal: AbortSignal | undefined;
  /** The call's other RequestInit members (keepalive, cache, credentials, …), sent on every attempt. */
  readonly init: RequestInit | undefined;
  /** The call's own fetch (openapi-fetch's per-call `fetch`, which takes a Request), in place of the client's. */
  readonly fetch?: (input: Request) => Promise<Response>;
  /** The call's own options over the client's. */
  readonly retry: RetryOptions | false | undefined;
  readonly timeoutMs: number | undefined;
  readonly state: RequestState;
  /** An order helper's write: it resolves a lost answer itself (a raw create's 409 after a lost attempt is not). */
  readonly recovers?: boolean;
}

/** How many attempts produced a response. */
export function attemptsOf(response: Response): number {
  return stateOf(response)?.attempts ?? 1;
}

/**
 * Retried (when the operation's policy allows). 429: the exchange refused before acting. The others may have acted (a
 * gateway gave up waiting, say). 520–524 are Cloudflare's origin errors (its docs: unknown error, web server down,
 * connection timed out, origin unreachable, a timeout after the origin took the request), retried as 502/504 are; the
 * notes are silent on Cloudflare's codes (525–530, TLS and DNS failures, would fail again).
 */
const retried = (status: number) =>
  status === 429 || (mayHaveActed(status) && (status < 505 || (status > 519 && status < 525)));
/**
 * An answer that does not say the write did nothing: a 5xx (README: a lost answer is a "5xx" too), 408 or 425. Not
 * 501 or 505: the server did not process the request (RFC 9110 §15.6.2 "does not support the functionality required
 * to fulfill the request", §15.6.6 the HTTP version refused); kalshi-api-notes §3.2 is silent on both.
 */
const mayHaveActed = (status: number) =>
  (status >= 500 && status !== 501 && status !== 505) || status === 408 || status === 425;

/**
 * What every call goes through (call.ts hands it the call): per attempt it waits for rate-limit tokens, signs afresh (new timestamp and
 * signature), reads the whole body under the attempt's timeout, and retries 429/5xx, connection errors and broken
 * bodies with exponential backoff and jitter when the operation's policy (in the manifest) allows it.
 */
export function createTransport(options: TransportOptions): Transport {
  const random = options.random ?? Math.random;
  const controllers = new TimeoutControllers();
  // close() aborts every call as its caller's signal would (the same errors, `mayHaveActed` included). Its signal is
  // a stand-in with what onAbort reads, not an AbortController's: a Cloudflare Worker ties a controller to the request
  // that made it, and a client serves many (see attempt-signal.ts).
  const ends: (() => void)[] = [];
  const closed = {
    aborted: false,
    reason: undefined as unknown,
    addEventListener: (_abort: string, end: () => void) => ends.push(end),
  };
  let running = 0;
  let settled = () => {};
  const ended = () => {
    if (!--running) settled();
  };
  let closing: Promise<void> | undefined;
  const close = () => {
    if (!closed.aborted) {
      closed.aborted = true;
      closed.reason = new Error('the client was closed');
      for (const end of ends) end();
    }
    closing ??= new Promise<void>((resolve) => {
      settled = resolve;
      if (!running) resolve();
    });
    return closing;
  };
  const send = async (call: OutgoingCall): Promise<Response> => {
    const { state, method, url, body, json, headers } = call;
    const operationId = state.operation?.operationId;
    const label = () => operationId ?? `${method} ${new URL(url).pathname}`;
    // A write's failure says whether an attempt may have reached the exchange (a read cannot have acted); a raw
    // create or cancel that may have acted names its orders, the ids to reconcile by (outside round 14 B-D5; the
    // order helpers name theirs).
    const acting = <E extends KalshiError>(failure: E, acted: boolean): E => {
      if (method === 'GET') return failure;
      const orders = acted && !call.recovers ? sentOrders(state) : undefined;
      if (orders) failure.message += ` (${orderNames(orders)}; it may have acted)`;
      return Object.assign(failure, { mayHaveActed: acted }, orders);
    };
    const aborted = (where: string, cause: unknown, sentOne: boolean) =>
      acting(
        Object.assign(
          new KalshiAbortError(`${label()}: ${cause === closed.reason ? 'the client was closed' : 'aborted'}${where}`, {
            cause,
          }),
          { operationId },
        ),
        sentOne,
      );
    // Outside the manifest, as its default: reads are repeated, writes are not.
    // An operation without its retry policy (an `operations` entry written by hand) repeats as an unknown one: reads only.
    const policy = state.operation?.retry;
    const repeatable = policy ? mayRepeat(policy, json) : /^(GET|HEAD)$/.test(method);
    // The call's signal and close() as one: a controller of its own only for a call with a signal.
    const [userSignal, unfollow] = joined(call.signal, closed as unknown as AbortSignal);
    const retry = mergedRetry(options.retry, call.retry);
    const timeoutMs = call.timeoutMs ?? options.timeoutMs;
    const ownFetch = options.globalFetch === true && !call.fetch;
    const pool = ownFetch ? controllers : undefined;
    headers['user-agent'] = options.userAgent;
    const log = options.observer;
    const path = log && new URL(url).pathname;
    /** What every event of this call names first. */
    const subject = { operationId, method, path: path as string };
    /** When the current attempt was handed to fetch; undefined before (an attempt out of time while signing). */
    let started: number | undefined;
    // The retry index (`attempt`) the request signed again after a clock-skew 401 repeats: that request is reported
    // as an attempt of its own (`resigned`), and those after it numbered on (the retry budget is unchanged).
    let resignedAt = -1;
    /** Reports an attempt that was sent (no-op when nothing observes). */
    const attempted = (attempt: number, status: number | undefined, error: unknown) =>
      log?.('attempt', {
        ...subject,
        attempt: attempt + (resignedAt < 0 ? 1 : 2), // each request of the call its own number, from 1
        resigned: attempt === resignedAt,
        status,
        error: error === undefined ? undefined : (error as Error).name,
        durationMs: started === undefined ? 0 : performance.now() - started,
      });
    /**
     * Reports the call's final failure, once (its retries spent, or refused): at `warn`, with Kalshi's error code (else
     * the error class) and the attempts sent; at `error` a write that may have acted and that nothing will resolve, a
     * raw write whose answer was lost (the order helpers read theirs back, and report what they cannot confirm).
     */
    const failed = (status: number | undefined, code: string | undefined) =>
      log?.(!call.recovers && method !== 'GET' && state.uncertain ? 'unconfirmed' : 'failed', {
        ...subject,
        status,
        code,
        attempts: state.attempts,
      });
    /** Waits before the next attempt, reporting why. */
    const pause = (attempt: number, reason: string, answer?: Headers) => {
      const backoff = backoffDelay(attempt, retry.initialDelayMs, retry.maxDelayMs, random);
      // Kalshi sends no Retry-After (kalshi-api-notes §8.1); a proxy's is a floor, never less than the attempt's own
      // backoff: a `0` (or a date already past) would make every retry immediate, a hot loop.
      const server = retryAfterMs(answer?.get('retry-after'), options.clock.offsetMs, answer?.get('date'));
      const delayMs = server === undefined ? backoff : Math.max(backoff, Math.min(server, retry.maxRetryAfterMs));
      log?.('retry', {
        ...subject,
        attempt: attempt + (resignedAt < 0 ? 1 : 2),
        reason,
        delayMs,
      });
      return sleep(delayMs, userSignal).catch((reason) => {
        throw aborted(' while waiting to retry', reason, state.uncertain);
      });
    };
    // Counted in `running` by call.ts (transport.track), on the promise its caller gets.
    try {
      // Aborted or closed before it started: nothing is signed or sent.
      if (userSignal.aborted) throw aborted('', userSignal.reason, false);
      for (let attempt = 0; ; attempt++) {
        let sent = false;
        /** Out of time before it was handed to fetch: not sent. */
        let late = false;
        /** The tokens this attempt took, settled when it ends. */
        let metered: RateLimitPermit | undefined;
        let attemptSignal: AttemptSignal | undefined;
        let response: Response;
        /** Queued for rate-limit tokens: an abort there is named so (the call waits untimed, see below). */
        let queued = false;
        started = undefined;
        try {
          // Kalshi meters authenticated requests only (kalshi-api-notes §8.1): a public operation takes no tokens.
          if (options.rateLimiter && operationId && state.operation?.auth !== 'none') {
            queued = true;
            metered = await options.rateLimiter.permit(operationId, json, userSignal);
            queued = false;
            const { waitedMs } = metered;
            // `as`: operationId is set here (only an operation is metered).
            if (log && waitedMs > 0) log('rateLimitWait', { ...subject, waitedMs } as RateLimitWaitEvent);
            // Closed or aborted as the permit was granted: nothing is signed (refunded below).
            if (userSignal.aborted) throw aborted('', userSignal.reason, state.uncertain);
          }
          // The timeout covers the attempt from here, signing included: a wait for rate-limit tokens is not the
          // exchange being slow, a signer that hangs (a remote KMS, say) is this attempt failing.
          attemptSignal = new AttemptSignal(pool, userSignal, timeoutMs);
          // Not the public operations (the spec declares no security): a bad key would fail them and a signed call
          // spends the account's tokens (kalshi-api-notes §2.3, §8.1). An operation outside the manifest is signed.
          if (options.signer && state.operation?.auth !== 'none') {
            // After a clock-skew rejection, sign with the server's time (see correctSkew).
            const own = builtInSign(options.signer);
            const signing = signWith(
              options.signer,
              { method, url, timestamp: signingTime(options.clock.offsetMs) },
              label(),
              own,
            );
            // A signer of the caller's is raced against the attempt's signal (abort, timeout); createSigner's own sign
            // cannot hang.
            const signed = await (own ? signing : untilAborted(signing, attemptSignal.signal));
            // Lower-cased like every name here, so they replace a call's own KALSHI-ACCESS-* (not joined as "a, b").
            for (const name in signed) headers[name.toLowerCase()] = signed[name as keyof typeof signed];
          } else if (options.accessToken && state.operation?.bearer) {
            // Only where the spec accepts it (client.ts refuses other authenticated operations): sent nowhere else.
            headers.authorization = `Bearer ${options.accessToken}`;
          }
          // Aborted before this attempt was sent (say, while signing): nothing new reached the exchange.
          if (userSignal.aborted) throw aborted('', userSignal.reason, state.uncertain);
          // Out of time already (a signer answering late, an event loop busy signing other calls' requests): fetch
          // would be aborted before sending anything, so it is not called and this attempt cannot have acted (C-D1).
          late = attemptSignal.late;
          if (late) throw attemptSignal.signal?.reason;
          state.attempts++;
          sent = true;
          metered?.sent();
          if (log) started = performance.now();
          // fetch(url, init) rather than a Request: one Request construction (inside fetch) per attempt, not two.
          // Redirects are not followed: the signed headers would go to another origin (the signature binds neither
          // host nor body), and fetch turns a redirected POST into a GET. Kalshi's API does not redirect.
          const init = {
            ...call.init,
            method,
            headers,
            body,
            signal: attemptSignal.signal,
            redirect: 'manual' as const,
          };
          // A fetch of the user's may ignore the signal (`(input) => fetch(input)`): its attempt, head and body, is
          // raced against the signal so the timeout and an abort still end it. The global fetch honours the signal.
          // Raced against the call's own too: a Worker's controller made in an earlier request cannot be aborted from
          // a later one (close(): see attempt-signal.ts), yet the call ends.
          const race = <T>(promise: Promise<T>) =>
            pool ? promise : untilAborted(untilAborted(promise, attemptSignal?.signal), userSignal);
          const answer = await race(call.fetch ? call.fetch(newRequest(url, init)) : options.fetch()(url, init));
          // A fetch of the user's that resolved something else: its mistake, named, not a retried connection error.
          // It may have sent the request first (a forgotten `return`): a write says it may have acted.
          if (typeof answer?.status !== 'number' || typeof answer.text !== 'function') {
            const refusal = Object.assign(
              new KalshiValidationError('fetch', `resolved ${kindOf(answer)}, not a Response`),
              { mayHaveActed: method !== 'GET' },
            );
            // Called, so perhaps sent: an attempt on record, failed (the error thrown next is not reported again).
            if (log) attempted(attempt, undefined, refusal);
            throw refusal;
          }
          // A browser's manual redirect is status 0 (opaqueredirect); fetch never hands on a 1xx.
          if (answer.status < 200 || (answer.status > 299 && answer.status < 400)) {
            void answer.body?.cancel();
            // Sent and answered: an attempt on record like any status (the error thrown next is not reported again).
            if (log) attempted(attempt, answer.status, undefined);
            throw errorFromResponse(answer.status, undefined, {
              operationId,
              about: () => `redirect to ${answer.headers.get('location')} not followed`,
            });
          }
          response = await race(readWhole(answer, state.operation?.objectBody, attemptSignal.signal));
        } catch (error) {
          attemptSignal?.done();
          // Sent: the attempt has ended, answer lost or not. Refused before sending (the signer, an abort while signing),
          // or never connected: the exchange spent nothing, nor does the limiter.
          const reached = sent && !(ownFetch && neverConnected(error));
          if (reached) metered?.settle();
          else metered?.refund();
          if (userSignal.aborted) {
            const abort = aborted(
              queued ? ' while waiting for rate-limit tokens' : '',
              userSignal.reason,
              state.uncertain || sent,
            );
            // Sent, then aborted (the caller, close()): an attempt that failed, a write's that may have acted.
            if (log && sent) attempted(attempt, undefined, abort);
            throw abort;
          }
          // Refused before sending (rate limiter, signer), or answered with nothing to act on (a redirect): this attempt
          // told nothing, but an earlier one whose answer was lost may have acted, and the call must not read as
          // "nothing sent" (the order helpers read it back).
          const unsent = (refusal: KalshiError) => {
            if (!state.uncertain || method === 'GET') return refusal;
            const about = { ...sentOrders(state), cause: refusal };
            // Sent, its answer was a redirect or unreadable (the cause): no answer to act on either.
            const why = sent ? "answer lost, the retry's answer unusable" : 'answer lost, retry not sent';
            return new KalshiUnconfirmedWriteError(label(), 'maybe', about, why);
          };
          if (error instanceof KalshiError) throw unsent(error);
          // A signer that did not answer in time: this attempt sent nothing (not a lost answer to read back); the
          // signer's fault, as when it throws (signWith).
          if (!sent && !late && attemptSignal?.timedOut)
            throw unsent(
              new KalshiCredentialsError(
                'signing_failed',
                `${label()}: the signer did not answer within ${timeoutMs} ms`,
                {
                  cause: error,
                },
              ),
            );
          const failure = attemptFailure(
            error,
            late || attemptSignal?.timedOut === true,
            label(),
            operationId,
            timeoutMs,
            sent,
          );
          if (reached) state.uncertain = true;
          // A body that is no JSON came with a status: the attempt says it, as the error does.
          if (log) attempted(attempt, error instanceof InvalidBody ? error.status : undefined, failure);
          // A write's lost answer says whether an attempt reached the exchange (as an abort does): it may have acted.
          // One that did not may be sent again, as a read is.
          if ((reached && !repeatable) || attempt >= retry.maxRetries) throw acting(failure, state.uncertain);
          await pause(attempt, failure.name);
          continue;
        }
        attemptSignal?.done();
        metered?.settle();
        if (log) attempted(attempt, response.status, undefined);
        if (
          response.status === 401 &&
          options.signer &&
          resignedAt < 0 &&
          (await correctSkew(response, headers['kalshi-access-timestamp'], options, log))
        ) {
          resignedAt = attempt; // signed again once with the server's time; not a retry
          attempt--;
          continue;
        }
        // Kalshi's bucket holds less than this request's cost: the client's counts from empty (metered requests only).
        if (response.status === 429 && metered) options.rateLimiter?.exhausted(operationId as string);
        const retryStatus = retried(response.status);
        if (mayHaveActed(response.status)) state.uncertain = true;
        // A 429 is retried for every operation: the exchange refused it before acting (kalshi-api-notes §8.1).
        const again = retryStatus && (repeatable || response.status === 429);
        if (!again || attempt >= retry.maxRetries) {
          if (state.uncertain && !call.recovers) await ownOutcome(response, call);
          if (log && !response.ok) failed(response.status, parseErrorBody(parseJson(await response.text()))?.code);
          return endRequest(response, state);
        }
        await pause(attempt, String(response.status), response.headers);
      }
    } catch (error) {
      // Failed for good (an abort is the caller's own doing).
      const failure = error as KalshiApiError;
      if (!(error instanceof KalshiAbortError)) failed(failure.status, failure.code ?? failure.name);
      throw error;
    } finally {
      unfollow();
    }
  };
  const track = <T>(call: Promise<T>) => {
    running++;
    call.then(ended, ended);
    return call;
  };
  return Object.assign(send, { close, closed: closed as unknown as AbortSignal, track });
}

/**
 * A 401 `header_timestamp_expired` (kalshi-api-notes §2.2, §2.3) means this machine's clock is off from the
 * exchange's: the offset is measured from the response's `Date` header and the `signed` timestamp (offsetFromDate
 * takes none that is implausible), kept for every later request of the client, and logged. True when the request
 * should be signed again with the corrected time.
 */
async function correctSkew(
  response: Response,
  signed: string | undefined,
  options: TransportOptions,
  log: Observer | undefined,
) {
  const offsetMs = offsetFromDate(response.headers.get('date'), signed);
  if (offsetMs === undefined || parseErrorBody(parseJson(await response.text()))?.code !== STALE_TIMESTAMP)
    return false;
  // Warned once per new offset, not on every call refused while the same one persists.
  if (isNewOffset(offsetMs, options.clock.offsetMs))
    log?.('warn', { clockOffsetMs: offsetMs, message: CLOCK_SKEW_MESSAGE });
  options.clock.offsetMs = offsetMs;
  return true;
}

/**
 * A create or cancel repeated here after an attempt whose answer was lost, and refused (a 4xx other than 429): the
 * lost attempt may have acted whatever the refusal — a create's 409 `order_already_exists` for our client_order_id
 * says it did (kalshi-api-notes §5.6: `applied: 'yes'`); a cancel's 404 `not_found` (§5.11: unknown, canceled — by the
 * lost attempt — or executed), or a refusal for another reason (a pause or a close that began between the attempts:
 * the notes are silent on which check Kalshi makes first), `'maybe'`. A batch answers 2xx with an error per item
 * (§5.12): the items so refused are listed (`clientOrderIds`, `orderIds`, from the item or the request item in its
 * place) and the answer kept (`answer`: the other items' results); a batch refused whole lists them all. A raw call
 * then throws KalshiUnconfirmedWriteError with the refusal as cause, never the plain 4xx (the order helpers read the
 * orders back instead: `recovers`). A final 5xx, 408 or 425 stays the call's answer.
 */
async function ownOutcome(response: Response, call: OutgoingCall) {
  const orders = ordersOf(call.state);
  const { status, ok } = response;
  // A final 5xx, 408 or 425 says by itself that the call may have acted; a 429 (this attempt refused before acting)
  // does not, so after a lost attempt it is reported like any refusal.
  if (!orders || mayHaveActed(status)) return;
  const { sent, field } = orders;
  const operationId = call.state.operation?.operationId as string;
  const body = parseJson(await response.text());
  // A batch's 2xx: its items that carry an error; a 4xx: the whole call, every item it sent.
  const answered = ok && orders.batch ? itemsOf(body) : [];
  const paired = answered.length === sent.length;
  const refused = ok ? answered.filter((item) => item?.error) : sent;
  const causes = refused.map((item) =>
    ok
      ? itemError(item?.error as { code?: string }, operationId, { body: item })
      : errorFromResponse(status, body, { operationId }),
  );
  // A batch answer without one item per request item leaves some unanswered (the lost attempt may have placed or
  // canceled them): then every item is named, as when the call is refused whole.
  const short = ok && orders.batch && !paired;
  const why = short ? `answered ${answered.length} of ${sent.length} items` : '';
  const cause = causes[0] ?? (short ? new KalshiInvalidResponseError(`${operationId}: ${why}`, status) : undefined);
  if (!cause) return;
  // Each named by its own id, else by the request item in its place (an answer with one item per request item).
  const ids = (short ? sent : refused).map(
    (item) => item?.[field] ?? (paired ? sent[answered.indexOf(item)]?.[field] : undefined),
  );
  throw new KalshiUnconfirmedWriteError(
    operationId,
    orders.creates && !short && causes.every((error) => error.code === 'order_already_exists') ? 'yes' : 'maybe',
    { ...orders.named(ids), answer: ok ? body : undefined, cause },
    `${causes[0] ? `${causes[0].status} ${causes[0].code} ` : ''}after a lost attempt${short ? `; ${why}` : ''}`,
  );
}

/**
 * Reads the body within the attempt (so the timeout covers a stalled or trickling body) and checks that a 2xx body
 * is JSON, and a JSON object where the operation declares one (`objectBody`: an empty or `null` body there is no
 * answer, not data). The response itself is handed on, its `text()` and `json()` answering from what was read: a
 * buffered copy (`new Response(text, response)`) would cost a second Headers and body per request. Kalshi answers
 * JSON everywhere.
 */
async function readWhole(
  response: Response,
  objectBody: boolean | undefined,
  signal: AbortSignal | undefined,
): Promise<Response> {
  // A 204 or 205 has none (the Response constructor refuses a body with a null body status, and fetch gives it none;
  // 101 and 304 never get here).
  const bodyless = !response.body;
  // The body read fails when the attempt's signal aborts (timeout, the caller, close()), like the head.
  const text = bodyless ? '' : await bodyText(response, signal);
  let value: unknown;
  if (response.ok && (text || objectBody)) {
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw new InvalidBody(response.status, error);
    }
    // null, a number, a string or an array where an object is declared.
    if (objectBody && (Object(value) !== value || Array.isArray(value))) throw new InvalidBody(response.status);
  }
  if (bodyless) return response;
  // Own properties shadow the consumed body's methods; openapi-fetch's json() gets the value parsed once here.
  const read = response as { text: () => Promise<string>; json: () => Promise<unknown> };
  read.text = () => Promise.resolve(text);
  read.json = async () => value ?? JSON.parse(text);
  return response;
}

/**
 * Largest body read, in bytes as fetch hands them on (decompressed): 64 MiB. Kalshi's largest answers are a page of
 * 1,000 markets (kalshi-api-notes §6.1, §6.2: `limit` at most 1000), a few MB at a few KB a market; a body past this
 * (a proxy streaming a file, a gzip bomb) would only fill the heap. The notes give no size limit.
 */
const MAX_BODY = 2 ** 26;

/**
 * The body as text (UTF-8, a BOM dropped, as `text()` reads it), refused past MAX_BODY: the read is cancelled there,
 * and when the attempt's signal aborts (a fetch of yours may ignore it: its body would be read on). A fetch of yours
 * whose body is no web stream (node-fetch's) is read by its `text()`.
 */
async function bodyText(response: Response, signal: AbortSignal | undefined): Promise<string> {
  const reader = (response.body as { getReader?: () => ReadableStreamDefaultReader<Uint8Array> }).getReader?.();
  if (!reader) return response.text();
  // Caught: cancelling a stream fetch has failed already rejects.
  const stop = onAbort(signal, () => void reader.cancel().catch(() => {}));
  const decoder = new TextDecoder();
  let text = '';
  try {
    for (let size = 0; ; ) {
      const { done, value } = await reader.read();
      // Cancelled on the abort: what was read is not the body.
      if (signal?.aborted) throw signal.reason;
      if (done) return text + decoder.decode();
      size += value.byteLength;
      if (size > MAX_BODY) {
        void reader.cancel();
        throw new InvalidBody(response.status, undefined, `is larger than ${MAX_BODY} bytes`);
      }
      text += decoder.decode(value, { stream: true });
    }
  } finally {
    stop();
  }
}

/** Whether readWhole read this response's body (its `text()` and `json()` answer from what was read). */
export function wasReadWhole(response: Response): boolean {
  return Object.hasOwn(response, 'json');
}

/**
 * A 2xx whose body is not JSON (`cause`: the parse error) or not the object declared, or any body past MAX_BODY
 * (`why`); becomes KalshiInvalidResponseError (retried like a lost response). Kalshi's 2xx bodies are all objects.
 */
class InvalidBody extends Error {
  declare readonly status: number;
  declare readonly why: string;
  constructor(status: number, cause?: unknown, why = 'is not a JSON object') {
    super('invalid JSON', { cause });
    this.status = status;
    this.why = why;
  }
}

function attemptFailure(
  error: unknown,
  timedOut: boolean,
  label: string,
  operationId: string | undefined,
  timeoutMs: number,
  sent: boolean,
): KalshiError {
  if (timedOut)
    return new KalshiTimeoutError(
      `${label}: ${sent ? 'no complete response' : 'not sent'} within ${timeoutMs} ms`,
      operationId,
      {
        cause: error,
      },
    );
  if (error instanceof InvalidBody)
    return new KalshiInvalidResponseError(
      `${label}: a ${error.status} response whose body ${error.why}`,
      error.status,
      operationId,
      { cause: error.cause },
    );
  return new KalshiConnectionError(`${label}: connection failed (${describe(error)})`, operationId, { cause: error });
}

/** The operation's policy from the manifest decides; the key it names must be on the body (every item of a batch). */
function mayRepeat(policy: RetryPolicy, body: unknown): boolean {
  if (policy.repeat !== 'keyed') return policy.repeat === 'always';
  const key = policy.key ?? '';
  // A non-empty key only: the spec's client_order_id is a Go string, where "" is no key at all.
  const carries = (value: unknown) => {
    const id = (value as Record<string, unknown> | null)?.[key];
    return typeof id === 'string' && id !== '';
  };
  if (carries(body)) return true;
  const items = itemsOf(body);
  return items.length > 0 && items.every(carries);
}

/**
 * Retry-After in ms: delay-seconds (digits only) or an HTTP-date (`httpDate`; RFC 9110 §10.2.3, §5.6.7);
 * anything else is ignored (undefined: the normal backoff), as `Number()` and `Date.parse()` would take "-5", "1e1"
 * or "later 1". Surrounding whitespace is not part of it (RFC 9110 §5.5: spaces and tabs; `trim()` also drops the
 * few others a header value can hold): Node's fetch keeps a trailing one read off the wire (`new Headers()` trims,
 * undici's parser does not). A date is the sender's clock: the same answer's `Date` header (`date`) is that clock's
 * now (RFC 9110 §6.6.1), whoever sent it (a proxy's clock may be neither this machine's nor the exchange's); without
 * one that parses, `offsetMs` (the exchange's clock minus this machine's, as `clockOffsetMs` measures it; 0 if none)
 * puts this machine's there.
 */
export function retryAfterMs(
  header: string | null | undefined,
  offsetMs = 0,
  date?: string | null | undefined,
): number | undefined {
  const value = header?.trim();
  if (/^\d+$/.test(value as string)) return +(value as string) * 1000;
  const at = httpDate(value);
  return at === undefined ? undefined : Math.max(0, at - (httpDate(date) ?? Date.now() + offsetMs));
}

export function parseJson(text: string | undefined): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * A fetch failure that proves the request never left this machine. Node's fetch (undici) rejects with
 * TypeError('fetch failed') whose `cause` carries the code: DNS found no address (ENOTFOUND, EAI_AGAIN), the
 * connection failed (`syscall: 'connect'`: ECONNREFUSED, EHOSTUNREACH, ENETUNREACH, …; the code alone is no proof of
 * it: Linux fails an open connection's write with EHOSTUNREACH after its retransmissions time out), undici's connect
 * timeout, or the TLS handshake or the server's certificate was refused (undici writes the request after the
 * handshake); or a port fetch blocks (Fetch §2.9 "bad port", a cause with that message and no code: refused before any
 * connection). Anything else (a reset, a closed socket, a browser's causeless TypeError) may have sent it.
 */
function neverConnected(error: unknown): boolean {
  const cause = (error as { cause?: { code?: unknown; syscall?: unknown; message?: unknown } })?.cause;
  return (
    cause?.syscall === 'connect' ||
    cause?.message === 'bad port' ||
    /^E(CONNREFUSED|NOTFOUND|AI_AGAIN)$|CONNECT_TIMEOUT|CERT|^UNABLE_TO_|HANDSHAKE|WRONG_VERSION/.test(
      String(cause?.code),
    )
  );
}

function describe(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } })?.cause;
  return cause?.code ?? cause?.message ?? (error as Error)?.message ?? String(error);
}
