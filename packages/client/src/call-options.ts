import { kindOf, unknownOption } from '@org/kalshi-auth';
import type { Client, FetchOptions, FetchResponse } from 'openapi-fetch';
import type { ParseAs } from './call-result';
import { type KalshiErrorBody, KalshiValidationError } from './errors';
import type { paths } from './generated/openapi';
import type { RetryOptions } from './transport';

/**
 * Options of one call, on top of the client's: `kalshi.GET('/markets', { timeoutMs: 2_000, retry: false })`.
 */
export interface CallOptions {
  /** Retries for this call (merged over the client's), or `false` for none (a 429 included). */
  readonly retry?: RetryOptions | false | undefined;
  /** Per-attempt timeout in ms for this call (0 disables). */
  readonly timeoutMs?: number | undefined;
  /** Aborts the call (waiting for rate-limit tokens, an attempt, or a backoff) with `KalshiAbortError`. */
  readonly signal?: AbortSignal | null | undefined;
}

/** Marks an order helper's write, which resolves a lost answer itself (see the transport's `recovers`). */
export const RECOVERS: unique symbol = Symbol('kalshi.recovers');

/**
 * An order helper's options as each of its requests takes them: all three for the write; `signal` and `timeoutMs`
 * for a read-back after a lost answer, which keeps the client's retries (it is what tells whether the write happened).
 */
export function writeCall(options: CallOptions): CallOptions {
  return {
    signal: options.signal,
    retry: options.retry,
    timeoutMs: options.timeoutMs,
    [RECOVERS]: true,
  } as CallOptions;
}

/** See `writeCall`. */
export function readCall(options: CallOptions): CallOptions {
  return { signal: options.signal, timeoutMs: options.timeoutMs };
}

/** The call's own `retry` and `timeoutMs`, checked, and whether an order helper makes it. */
export function callOptionsOf(init: object): Pick<CallOptions, 'retry' | 'timeoutMs'> & { recovers: boolean } {
  const { retry, timeoutMs, signal, fetch } = init as CallOptions & { fetch?: unknown };
  checkedKind('signal', signal, 'AbortSignal');
  checkedKind('fetch', fetch, 'function');
  return { retry: checkedRetry(retry), timeoutMs: checkedTimeout(timeoutMs), recovers: RECOVERS in init };
}

/**
 * A call's `signal` or a `fetch` (the client's or a call's), checked (null and undefined are none): else the call
 * fails as a lost connection or a phantom abort, and an order never sent reads as maybe placed.
 */
export function checkedKind(field: string, value: unknown, kind: 'function' | 'AbortSignal'): void {
  if (value == null || (kind === 'function' ? typeof value === 'function' : isAbortSignal(value))) return;
  throw new KalshiValidationError(
    field,
    `expected ${kind === 'function' ? 'a function' : 'an AbortSignal'}, got ${kindOf(value)}`,
  );
}

/** A helper's argument object (`input`, `options`), checked: else a raw TypeError outside the KalshiError hierarchy. */
export function checkedObject<T>(field: string, value: T): T {
  if (typeof value === 'object' && value !== null) return value;
  throw new KalshiValidationError(field, `expected an object, got ${kindOf(value)}`);
}

/** An options type's keys, as a record (`satisfies Record<keyof Options, 1>` keeps it complete). */
export type Terms = Readonly<Record<string, unknown>>;

/** The options every call takes. */
export const CALL_TERMS = { retry: 1, timeoutMs: 1, signal: 1 } as const satisfies Record<keyof CallOptions, 1>;

/**
 * `input`, refusing a key that is none of `terms`: a misspelt option (`timeInForse`) or a wire name (`post_only`)
 * would be dropped (JavaScript, or an object spread in, gets no type check), and the call made with its default.
 * Names the key and what it likely meant: a term spelt alike but for case and `_`, or `aliases`' entry for it.
 */
export function checkedTerms<T extends object>(
  what: string,
  input: T,
  terms: Terms,
  aliases: Readonly<Record<string, string>> = {},
  field = 'input',
): T {
  // An order's id given alone (`cancelOrder(id)`, `cancelOrders(kalshi, ids)`): the message shows where it goes.
  if (typeof input === 'string' && 'orderId' in terms)
    throw new KalshiValidationError(
      field,
      `expected an object, got a string: an order id goes in ${what}({ orderId })`,
    );
  if (Array.isArray(checkedObject(field, input)))
    throw new KalshiValidationError(
      field,
      `expected an object of options, got an array${'orderIds' in terms ? `: order ids go in ${what}(kalshi, { orderIds })` : ''}`,
    );
  const names = Object.keys(terms);
  const unknown = unknownOption(input, names, aliases);
  if (unknown)
    throw new KalshiValidationError(
      unknown.key,
      `is not an option of ${what}; ${unknown.meant ? `did you mean ${unknown.meant}?` : `it takes ${names.join(', ')}`}`,
    );
  return input;
}

/**
 * Refuses an object after a helper's last argument (`placeOrder(input, { signal })`, the way SDKs that take `(params,
 * options)` are called): it would be dropped, and the order sent without its signal or terms.
 */
export function checkedArity(usage: string, args: ArrayLike<unknown>, count: number, hint?: string): void {
  for (let i = count; i < args.length; i++)
    // An object only: `orders.map(kalshi.placeOrder)` passes each one's index and the list, which carry no options.
    if (typeof args[i] === 'object' && args[i] !== null && !Array.isArray(args[i]))
      throw new KalshiValidationError(
        `argument ${i + 1}`,
        `${usage} takes ${count === 1 ? 'one argument' : `${count} arguments`}; ${hint ?? `call options (signal, retry, timeoutMs) go in ${/(\w+)\)$/.exec(usage)?.[1]}`}`,
      );
}

/** An AbortSignal, by what fetch and the client use of one (a polyfill's too, not only this runtime's class). */
export function isAbortSignal(value: unknown): value is AbortSignal {
  const signal = value as AbortSignal | null | undefined;
  return typeof signal?.addEventListener === 'function' && typeof signal.aborted === 'boolean';
}

/**
 * A value refused, as its message shows it: a string quoted, a number or boolean as written (NaN is NaN, where
 * JSON.stringify writes null), anything else by its kind (`kindOf`: a bigint, a function, where JSON.stringify throws
 * or writes undefined).
 */
export const shown = (value: unknown): string =>
  typeof value === 'string' ? JSON.stringify(value) : /^(nu|bo)/.test(typeof value) ? String(value) : kindOf(value);

/** setTimeout's limit: a longer delay fires at once (Node warns and waits 1 ms). */
export const MAX_TIMER_MS = 2_147_483_647;

/** A per-attempt timeout (the client's or a call's), checked. */
export function checkedTimeout(timeoutMs: number | undefined): number | undefined {
  return timeoutMs === undefined ? timeoutMs : checkedNumber('timeoutMs', timeoutMs, false);
}

/**
 * Retry options (the client's or a call's), checked, with only the fields given: one left undefined keeps the
 * value it would have had (a spread would put undefined in its place, and `attempt >= undefined` never stops).
 */
const RETRY_TERMS = { maxRetries: 1, initialDelayMs: 1, maxDelayMs: 1, maxRetryAfterMs: 1 } as const satisfies Record<
  keyof RetryOptions,
  1
>;

export function checkedRetry(retry: RetryOptions | false | undefined): RetryOptions | false | undefined {
  if (retry === undefined || retry === false) return retry;
  if (typeof retry !== 'object' || retry === null)
    throw new KalshiValidationError('retry', 'must be retry options or false');
  checkedTerms('retry', retry, RETRY_TERMS, {}, 'retry');
  const checked: Record<string, number> = {};
  for (const name of Object.keys(RETRY_TERMS) as (keyof RetryOptions)[])
    if (retry[name] !== undefined) checked[name] = checkedNumber(`retry.${name}`, retry[name], name === 'maxRetries');
  return checked;
}

/** A duration or count option, checked: a number from `min` to setTimeout's limit (whole where asked). */
export function checkedNumber(field: string, value: unknown, whole: boolean, min = 0): number {
  if (typeof value === 'number' && value >= min && value <= MAX_TIMER_MS && (!whole || Number.isInteger(value)))
    return value;
  throw new KalshiValidationError(field, `must be ${whole ? 'a whole number' : 'ms'} from ${min} to ${MAX_TIMER_MS}`);
}

type Method = 'get' | 'put' | 'post' | 'delete' | 'options' | 'head' | 'patch' | 'trace';
/** The paths that have `method` (openapi-typescript marks a missing method `?: never`). */
type PathsWith<Paths, M extends Method> = {
  [P in keyof Paths]: Paths[P] extends { [K in M]: unknown } ? P : never;
}[keyof Paths];
/** The operation at a path and method. */
type Operation<Paths, P extends keyof Paths, M extends Method> = Paths[P] extends { [K in M]: infer O } ? O : never;
type RequiredKeys<T> = { [K in keyof T]-?: object extends Pick<T, K> ? never : K }[keyof T];
/**
 * openapi-fetch's options for the operation plus CallOptions (whose `signal` takes undefined, as RequestInit's does not
 * under exactOptionalPropertyTypes); optional when nothing in them is required.
 */
type CallInit<O> = [RequiredKeys<FetchOptions<O>>] extends [never]
  ? (Omit<FetchOptions<O>, keyof CallOptions> & CallOptions) | undefined
  : Omit<FetchOptions<O>, keyof CallOptions> & CallOptions;
/** Any key outside the operation's options and CallOptions is refused (openapi-fetch alone lets any key through). */
type Exact<Init, O> = Init & { [K in Exclude<keyof Init, keyof FetchOptions<O> | keyof CallOptions>]: never };
/** The keys of every member of a union (`keyof` a union has only the keys they share). */
type KeysOf<T> = T extends unknown ? keyof T : never;
/** `T[K]` of every member of a union `T` that has `K`, without undefined. */
type ValueOf<T, K extends PropertyKey> = T extends unknown ? (K extends keyof T ? NonNullable<T[K]> : never) : never;
/** The keys of `Given` (an object, or an array's items) that `Allowed` lacks; never when there are none. */
type ExtraKeys<Given, Allowed> = Given extends readonly (infer Item)[]
  ? Item extends object
    ? Exclude<keyof Item, KeysOf<Allowed extends readonly (infer Want)[] ? Want : never>>
    : never
  : Given extends object
    ? Exclude<keyof Given, KeysOf<Allowed>>
    : never;
/** `ExtraKeys` of a part of the call (its `body` or `params`) and of that part's values (a body's list of orders). */
type ExtraPartKeys<Init, O, Part extends 'body' | 'params'> = Init extends { [_ in Part]?: infer Given }
  ?
      | ExtraKeys<Given, ValueOf<FetchOptions<O>, Part>>
      | {
          [K in keyof Given]-?: ExtraKeys<Given[K], ValueOf<ValueOf<FetchOptions<O>, Part>, K>>;
        }[keyof Given]
  : never;
/**
 * The call's options as typed from its literal (`Exact`), or, when its body or params have a key the operation's do
 * not, the operation's own options: `Init` is inferred from the literal, so TypeScript's excess-property check never
 * sees the operation's types, and a body whose fields are all optional (openapi-fetch's `Writable` intersects it with
 * `{}`, so it is no longer a "weak type") took any key. Against the operation's options the literal gets that check,
 * named at the key. A body passed through a generic parameter leaves this check deferred, and compiles against both.
 */
type Checked<Init, O> = [ExtraPartKeys<Init, O, 'body'> | ExtraPartKeys<Init, O, 'params'>] extends [never]
  ? Exact<Init, O>
  : CallInit<O>;
type InitArgs<Init, O> = [RequiredKeys<Init>] extends [never] ? [Checked<Init, O>?] : [Checked<Init, O>];

/** openapi-fetch's `data` for a success: the operation's 2xx body, parsed as `parseAs` asks. */
type DataOf<R> = R extends { data: infer D; error?: never } ? D : never;
/** A call's `parseAs` (`'json'` when it gives none): all of its options that a result's type depends on. */
type ParseAsOf<Init> = Init extends { parseAs: infer As extends ParseAs } ? As : 'json';

/**
 * A raw call's result, as `kalshi.GET(path, init)` (or `POST`, …) resolves it: `data` (the operation's 2xx body, as
 * openapi-fetch types it) or `error` (Kalshi's error body as sent: `KalshiErrorBody`), and the `response`. Named so
 * that code returning one can say so: `Promise<KalshiResult<'/markets'>>`, `KalshiResult<'/portfolio/events/orders',
 * 'post'>`. `As` is the call's `parseAs`; `Paths`, your own spec's `paths` if you created the client with them.
 */
export type KalshiResult<
  Path extends PathsWith<Paths, M>,
  M extends Method = 'get',
  As extends ParseAs = 'json',
  Paths extends {} = paths,
> =
  | {
      /** The operation's 2xx body, parsed as `parseAs` says. */
      data: DataOf<
        FetchResponse<
          Operation<Paths, Path, M> & Record<string | number, unknown>,
          {
            /** The call's `parseAs`. */
            parseAs: As;
          },
          `${string}/${string}`
        >
      >;
      /** Absent on a 2xx answer. */
      error?: never;
      /** The HTTP response. */
      response: Response;
    }
  | {
      /** Absent on an error answer. */
      data?: never;
      /** Kalshi's error body as sent. */
      error: KalshiErrorBody;
      /** The HTTP response. */
      response: Response;
    };

/** One HTTP method of the client: openapi-fetch's, with the per-call options typed and unknown keys refused. */
export type KalshiMethod<Paths extends {}, M extends Method> = <
  Path extends PathsWith<Paths, M>,
  Init extends CallInit<Operation<Paths, Path, M>>,
>(
  url: Path,
  ...init: InitArgs<Init, Operation<Paths, Path, M>>
) => Promise<KalshiResult<Path, M, ParseAsOf<Init>, Paths>>;

/** openapi-fetch's client with every method typed by `KalshiMethod`. */
export type KalshiMethods<Paths extends {}> = Omit<
  Client<Paths>,
  'GET' | 'PUT' | 'POST' | 'DELETE' | 'OPTIONS' | 'HEAD' | 'PATCH' | 'TRACE'
> & {
  /** Calls a GET endpoint. */
  GET: KalshiMethod<Paths, 'get'>;
  /** Calls a PUT endpoint. */
  PUT: KalshiMethod<Paths, 'put'>;
  /** Calls a POST endpoint. */
  POST: KalshiMethod<Paths, 'post'>;
  /** Calls a DELETE endpoint. */
  DELETE: KalshiMethod<Paths, 'delete'>;
  /** Calls an OPTIONS endpoint. */
  OPTIONS: KalshiMethod<Paths, 'options'>;
  /** Calls a HEAD endpoint. */
  HEAD: KalshiMethod<Paths, 'head'>;
  /** Calls a PATCH endpoint. */
  PATCH: KalshiMethod<Paths, 'patch'>;
  /** Calls a TRACE endpoint. */
  TRACE: KalshiMethod<Paths, 'trace'>;
};

/** The openapi-fetch client typed by Kalshi's spec (`GET`, `POST`, … on every path), per-call options included. */
export type KalshiFetchClient<P extends {} = paths> = KalshiMethods<P>;
