// Logging and hooks. Off by default and then free: the transport holds no observer and builds no event. Events carry
// method, path (no query string), operation, status, timings and counts only: never headers, keys or signatures.

import { optionalEnv } from './env-var';
import { KalshiValidationError } from './errors';

/** How much the client logs: `silent` logs nothing. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

/** Pino-shaped (`logger.info(fields, message)`); `console` fits too (it prints the fields, then the message). */
export interface KalshiLogger {
  /** Every attempt and rate-limit wait. */
  debug(fields: object, message: string): void;
  /** Retries. */
  info(fields: object, message: string): void;
  /** Clock skew, deprecated operations, a call's final failure. */
  warn(fields: object, message: string): void;
  /** A write that may have acted and that the client leaves unconfirmed. */
  error(fields: object, message: string): void;
}

/** One attempt that got an answer or failed. */
export interface AttemptEvent {
  /** The spec's operationId of the call; undefined when the request matches no operation of the manifest. */
  readonly operationId: string | undefined;
  /** The HTTP method, as sent (e.g. `GET`). */
  readonly method: string;
  /** The URL's path as sent (e.g. `/trade-api/v2/markets`), without the query string. */
  readonly path: string;
  /**
   * 1 for the first attempt; each request the call sends has its own number, the one signed again after a clock-skew
   * 401 included (see `resigned`).
   */
  readonly attempt: number;
  /**
   * True for the request signed again with the exchange's time after a 401 `header_timestamp_expired` (once per call):
   * no retry event precedes it, and it does not count against `retry.maxRetries`.
   */
  readonly resigned: boolean;
  /** The HTTP status, a redirect's (3xx, never followed) included; 0 for a browser's opaque redirect. */
  readonly status: number | undefined;
  /** The error class when there was no usable answer (`KalshiTimeoutError`, `KalshiConnectionError`, …). */
  readonly error: string | undefined;
  /**
   * Milliseconds from sending the request to its answer or failure; 0 for an attempt whose time ran out before it was
   * sent (while signing: a KalshiTimeoutError, "not sent").
   */
  readonly durationMs: number;
}

/** The call is about to be sent again. */
export interface RetryEvent {
  /** The spec's operationId of the call; undefined when the request matches no operation of the manifest. */
  readonly operationId: string | undefined;
  /** The HTTP method, as sent. */
  readonly method: string;
  /** The URL's path as sent, without the query string. */
  readonly path: string;
  /** The attempt that failed, numbered as its AttemptEvent (1 for the first). */
  readonly attempt: number;
  /** Status or error class that caused the retry. */
  readonly reason: string;
  /** Milliseconds the client waits before the next attempt (backoff, or the answer's `Retry-After`). */
  readonly delayMs: number;
}

/** The client-side rate limiter held the call back. */
export interface RateLimitWaitEvent {
  /** The spec's operationId of the call (the limiter's costs are per operation). */
  readonly operationId: string;
  /** The HTTP method. */
  readonly method: string;
  /** Without the query string, as in AttemptEvent. */
  readonly path: string;
  /** Milliseconds the call was held back. */
  readonly waitedMs: number;
}

/**
 * Logging and hooks of `createKalshiClient` (all off by default, and free when off). A hook or logger method may be
 * async; one that throws or rejects never changes a call's outcome: the first failure is reported once per client
 * (a Node process warning; `reportError` in a browser).
 */
export interface ObserveOptions {
  /** Where the client logs (default `console` when `logLevel` or `KALSHI_LOG` is set). */
  readonly logger?: KalshiLogger | undefined;
  /**
   * `debug`: every attempt and rate-limit wait; `info`: retries; `warn`: clock skew, deprecated operations, a call's
   * final failure; `error`: a write left unconfirmed.
   * Default: the `KALSHI_LOG` environment variable, else `info` with a logger, else `silent`.
   */
  readonly logLevel?: LogLevel | undefined;
  /** Called after each attempt, with its outcome and duration. */
  readonly onAttempt?: ((event: AttemptEvent) => void) | undefined;
  /** Called before a retry, with its reason and delay. */
  readonly onRetry?: ((event: RetryEvent) => void) | undefined;
  /** Called when the client's own rate limiter held a request back. */
  readonly onRateLimitWait?: ((event: RateLimitWaitEvent) => void) | undefined;
}

/** A call that failed for good, logged once (`warn`; `error` for a write that may have acted, left unconfirmed). */
export interface FailureEvent {
  readonly operationId: string | undefined;
  readonly method: string;
  /** Without the query string, as in AttemptEvent. */
  readonly path: string;
  /** The final answer's status; undefined when there was none (the connection failed, a signer failed). */
  readonly status: number | undefined;
  /** Kalshi's error code from the answer, else the error class (`KalshiConnectionError`, …). */
  readonly code: string | undefined;
  /** Requests sent (0: refused before sending). */
  readonly attempts: number;
}

/** Events by kind: each goes to its hook, and to the logger at its level. */
export interface ObserverEvents {
  attempt: AttemptEvent;
  retry: RetryEvent;
  rateLimitWait: RateLimitWaitEvent;
  /** Clock skew, deprecations: logged at `warn`, no hook. */
  warn: object;
  /** A call that failed for good: logged at `warn`, no hook. */
  failed: FailureEvent;
  /**
   * A write that may have acted and that the client leaves unconfirmed: logged at `error`, no hook. A raw write whose
   * answer was lost, or an order helper's KalshiUnconfirmedWriteError (`applied`, its order's id).
   */
  unconfirmed: object;
}

/**
 * Where createKalshiClient keeps its observer on the client, for the order helpers to report a write they leave
 * unconfirmed (they take the client, not its options).
 */
export const OBSERVER: unique symbol = Symbol('kalshi.observer');

/** Reports an event; true when something logged it. */
export type Observer = <K extends keyof ObserverEvents>(kind: K, event: ObserverEvents[K]) => boolean;

const LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error', 'silent'];

/** The observer for these options, or undefined when nothing would be logged or called. */
export function createObserver(options: ObserveOptions): Observer | undefined {
  // KALSHI_LOG set empty (`KALSHI_LOG= node app.js`), or denied (Deno), is unset; a level's name in any case is that level.
  // Whitespace around it (an .env line's trailing space or \r) is dropped, as auth's env.ts does for the KALSHI_*
  // key variables: it is no part of a level's name and cannot make another level. The typed option is taken as given.
  const env = optionalEnv('KALSHI_LOG')?.trim() || undefined;
  const level = options.logLevel ?? env ?? (options.logger ? 'info' : 'silent');
  const rank = LEVELS.indexOf(String(level).toLowerCase() as LogLevel);
  if (rank < 0)
    // Shown only when it is plainly a misspelt level: anything else may be a secret set in the wrong variable.
    throw new KalshiValidationError(
      options.logLevel === undefined ? 'KALSHI_LOG' : 'logLevel',
      `one of ${LEVELS.join(', ')}${/^[a-z]{1,16}$/i.test(String(level)) ? `, not "${level}"` : ' (the value is not shown)'}`,
    );
  const logger = rank < 4 ? (options.logger ?? console) : undefined;
  const { onAttempt, onRetry, onRateLimitWait } = options;
  // Checked here, not at the first call: a hook that is no function, or a logger without its four methods, would only
  // be reported as a failing hook once calls are made.
  for (const [name, hook] of Object.entries({ onAttempt, onRetry, onRateLimitWait }))
    if (hook != null && typeof hook !== 'function')
      throw new KalshiValidationError(name, `expected a function, got ${typeof hook}`);
  // The methods of the levels logged (a logger of warn and error fits `logLevel: 'warn'`).
  const missing =
    options.logger &&
    LEVELS.slice(rank, 4).filter((method) => typeof options.logger?.[method as 'info'] !== 'function');
  if (missing?.length)
    throw new KalshiValidationError(
      'logger',
      `expected console or a pino-shaped logger; it has no ${missing.join(', ')} method`,
    );
  if (!logger && !onAttempt && !onRetry && !onRateLimitWait) return undefined;
  const hooks: Record<string, ((event: never) => unknown) | undefined> = {
    attempt: onAttempt,
    retry: onRetry,
    rateLimitWait: onRateLimitWait,
  };
  // Log level of each kind: attempts and waits at debug, retries at info, warnings and failures at warn, a write left
  // unconfirmed at error.
  const at: Record<string, number> = { attempt: 0, retry: 1, rateLimitWait: 0, warn: 2, failed: 2, unconfirmed: 3 };
  let reported = false;
  // Observing must not change a call's outcome (an order placed is not a failed call): reported once per client,
  // as a Node process warning (a browser's reportError elsewhere), never through the logger that may be failing.
  const report = (error: unknown) => {
    if (!reported) {
      // Whatever was thrown: a Symbol, a null-prototype object or a throwing toString has no string form to give.
      let what: string;
      try {
        what = String(error);
      } catch {
        what = 'a value with no string form';
      }
      const message = `kalshi: a hook or the logger failed, reported once: ${what}`;
      if (globalThis.process?.emitWarning !== undefined) process.emitWarning(message);
      else (globalThis as { reportError?: (error: unknown) => void }).reportError?.(new Error(message));
    }
    reported = true;
  };
  // An async hook or logger method (the types take one) fails by rejecting: reported like a throw, not left
  // unhandled (which ends a Node process). A thenable whose `then` throws is caught by the caller's try.
  const settled = (result: unknown) => {
    if (typeof (result as PromiseLike<unknown> | undefined)?.then === 'function')
      (result as PromiseLike<unknown>).then(undefined, report);
  };
  return (kind, event) => {
    let logged = false;
    try {
      try {
        settled(hooks[kind]?.(event as never));
      } finally {
        // The line is written whatever the hook did; a hook's throw is reported below, after it.
        const level = at[kind] as number;
        if (logger && rank <= level) {
          settled(logger[LEVELS[level] as 'debug'](event, `kalshi: ${kind}`));
          logged = true;
        }
      }
    } catch (error) {
      report(error);
    }
    return logged;
  };
}
