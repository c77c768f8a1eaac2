// Logging and hooks. Off by default and then free: the transport holds no observer and builds no event. Events carry
// method, path (no query string), operation, status, timings and counts only: never headers, keys or signatures.

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

/** Pino-shaped (`logger.info(fields, message)`); `console` fits too (it prints the fields, then the message). */
export interface KalshiLogger {
  debug(fields: object, message: string): void;
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

/** One attempt that got an answer or failed. */
export interface AttemptEvent {
  readonly operationId: string | undefined;
  readonly method: string;
  readonly path: string;
  /** 1 for the first attempt. */
  readonly attempt: number;
  readonly status: number | undefined;
  /** The error class when there was no usable answer (`KalshiTimeoutError`, `KalshiConnectionError`, …). */
  readonly error: string | undefined;
  readonly durationMs: number;
}

/** The call is about to be sent again. */
export interface RetryEvent {
  readonly operationId: string | undefined;
  readonly method: string;
  readonly path: string;
  /** The attempt that failed (1 for the first). */
  readonly attempt: number;
  /** Status or error class that caused the retry. */
  readonly reason: string;
  readonly delayMs: number;
}

/** The client-side rate limiter held the call back. */
export interface RateLimitWaitEvent {
  readonly operationId: string;
  readonly waitedMs: number;
}

export interface ObserveOptions {
  /** Where the client logs (default `console` when `logLevel` or `KALSHI_LOG` is set). */
  readonly logger?: KalshiLogger;
  /**
   * `debug`: every attempt and rate-limit wait; `info`: retries; `warn`: clock skew, deprecated operations.
   * Default: the `KALSHI_LOG` environment variable, else `info` with a logger, else `silent`.
   */
  readonly logLevel?: LogLevel;
  readonly onAttempt?: (event: AttemptEvent) => void;
  readonly onRetry?: (event: RetryEvent) => void;
  readonly onRateLimitWait?: (event: RateLimitWaitEvent) => void;
}

export interface Observer {
  attempt(event: AttemptEvent): void;
  retry(event: RetryEvent): void;
  rateLimitWait(event: RateLimitWaitEvent): void;
  /** Warnings (clock skew, deprecations): logged at `warn`; false when nothing logged it. */
  warn(fields: object, message: string): boolean;
}

const RANK: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3, silent: 4 };

/** The observer for these options, or undefined when nothing would be logged or called. */
export function createObserver(options: ObserveOptions): Observer | undefined {
  const env = typeof process === 'object' ? process.env?.KALSHI_LOG : undefined;
  const level = options.logLevel ?? (env as LogLevel | undefined) ?? (options.logger ? 'info' : 'silent');
  const rank = RANK[level];
  if (rank === undefined)
    throw new TypeError(`logLevel must be one of ${Object.keys(RANK).join(', ')}, got "${level}"`);
  const logger = rank < RANK.silent ? (options.logger ?? console) : undefined;
  const { onAttempt, onRetry, onRateLimitWait } = options;
  if (!logger && !onAttempt && !onRetry && !onRateLimitWait) return undefined;
  const on = (at: LogLevel) => (logger && rank <= RANK[at] ? logger : undefined);
  const debug = on('debug');
  const info = on('info');
  const warn = on('warn');
  return {
    attempt(event) {
      onAttempt?.(event);
      debug?.debug({ ...event }, 'kalshi: attempt');
    },
    retry(event) {
      onRetry?.(event);
      info?.info({ ...event }, 'kalshi: retrying');
    },
    rateLimitWait(event) {
      onRateLimitWait?.(event);
      debug?.debug({ ...event }, 'kalshi: waited for rate-limit tokens');
    },
    warn(fields, message) {
      warn?.warn(fields, message);
      return warn !== undefined;
    },
  };
}
