// One error hierarchy for everything the client can throw. HTTP errors carry Kalshi's `code` whichever of the
// four body shapes the exchange used (kalshi-api-notes §3.1); nothing here ever holds key material.
import type { KalshiAuthErrorCode } from '@org/kalshi-auth';
import type { BatchCancelResult, BatchPlaceResult } from './batch-orders';
// Through the namespace: TypeDoc inlines an `@inline` type (ErrorBody, shared with the mock) only when named that way.
import type * as ErrorBodies from './generated/error-body';
import type { components } from './generated/openapi';

type Order = components['schemas']['Order'];

// A library with its own install of this package throws that copy's classes, which fail the built-in instanceof
// (npm nests mismatched versions; pnpm and bundled libraries keep copies apart). Each class names itself in a static
// `className` (a class's own `name` does not survive minifiers), and instanceof also accepts a value from any copy
// whose class chain, up to the one named KalshiError, holds the asked class's name. Classes of yours extending these
// (no `className` of their own) keep the built-in check.

/**
 * The base class of every error this package throws. `instanceof` on it and its subclasses also recognises errors
 * thrown by another installed copy of this package (a library's own dependency).
 */
export class KalshiError extends Error {
  /** The class's name, which minifiers keep: `instanceof` recognises another copy's errors by it. */
  static readonly className: string = 'KalshiError';
  /** The class's name: `'KalshiError'`, `'KalshiNotFoundError'`, … (its `className`). */
  declare name: string;

  /** An error whose `name` is its class's `className` (set here once, not as a field in every class). */
  constructor(message?: string, options?: ErrorOptions) {
    super(message, options);
    this.name = (new.target as typeof KalshiError).className;
  }

  // biome-ignore-start lint/complexity/noThisInStatic: `this` is the class asked about, a subclass included.
  /** `instanceof`: the built-in check, or an error of this class from another installed copy of this package. */
  static override [Symbol.hasInstance](value: unknown): boolean {
    if (Function.prototype[Symbol.hasInstance].call(this, value)) return true;
    if (!Object.hasOwn(this, 'className')) return false;
    let found = false;
    // The value's class, then its parents: each copy's classes are that copy's own chain.
    for (
      let c = (value as Error | null | undefined)?.constructor;
      typeof c === 'function';
      c = Object.getPrototypeOf(c)
    ) {
      const name = Object.hasOwn(c, 'className') ? (c as typeof KalshiError).className : undefined;
      found ||= name === this.className;
      if (name === 'KalshiError') return found;
    }
    return false;
  }
  // biome-ignore-end lint/complexity/noThisInStatic: `this` is the class asked about, a subclass included.

  /** The spec's operationId of the call that failed, when the failure is a call's. */
  // `| undefined`: subclasses hold it as `string | undefined`, which under exactOptionalPropertyTypes must extend this.
  declare readonly operationId?: string | undefined;
}

export interface ApiErrorInit {
  readonly status: number;
  readonly code: string;
  readonly message: string;
  readonly details?: string;
  readonly operationId?: string;
  readonly requestId?: string;
  readonly body?: unknown;
  /** What the call concerns and, for common causes, the likely fix ("order 123 does not exist or …"). */
  readonly about?: string;
}

/** An error response from the exchange (or an error body in a 2xx response). */
export class KalshiApiError extends KalshiError {
  static override readonly className: string = 'KalshiApiError';
  // Declared only (no field initialisers to ship), set in the constructor in this order.
  /** The HTTP status (a 2xx for an error body in a success answer). */
  declare readonly status: number;
  /** Kalshi's error code, e.g. `order_already_exists`; for bodies without one, a code derived from the status. */
  declare readonly code: string;
  /** Kalshi's `details`, when the body has them. */
  declare readonly details: string | undefined;
  declare readonly operationId: string | undefined;
  /** The response's request id, when it sent one: quote it to Kalshi's support. */
  declare readonly requestId: string | undefined;
  /** What the call concerns (order, market, key) and, for common causes, the likely fix. */
  declare readonly about: string | undefined;
  /** The parsed response body. */
  declare readonly body: unknown;

  /**
   * The error of an answer: its message is `status code: message (details) [operationId]: about`; errorFromResponse
   * gives it the server's texts cut to 500 characters (`serverText`; `body` keeps them whole).
   */
  constructor(init: ApiErrorInit) {
    super(
      `${init.status} ${init.code}: ${init.message}${init.details ? ` (${init.details})` : ''}${init.operationId ? ` [${init.operationId}]` : ''}${init.about ? `: ${init.about}` : ''}`,
    );
    const { status, code, details, operationId, requestId, about, body } = init;
    Object.assign(this, { status, code, details, operationId, requestId, about, body });
  }
}

export class KalshiBadRequestError extends KalshiApiError {
  static override readonly className: string = 'KalshiBadRequestError';
}
export class KalshiAuthenticationError extends KalshiApiError {
  static override readonly className: string = 'KalshiAuthenticationError';
}
export class KalshiPermissionDeniedError extends KalshiApiError {
  static override readonly className: string = 'KalshiPermissionDeniedError';
}
export class KalshiNotFoundError extends KalshiApiError {
  static override readonly className: string = 'KalshiNotFoundError';
}
export class KalshiConflictError extends KalshiApiError {
  static override readonly className: string = 'KalshiConflictError';
  /** placeOrder: the order's client_order_id (a 409 `order_already_exists`: an order holds it). */
  declare clientOrderId?: string;
}
/** 410: a retired endpoint, e.g. the V1 order writes (`deprecated_v1_order_endpoint`). */
export class KalshiGoneError extends KalshiApiError {
  static override readonly className: string = 'KalshiGoneError';
}
/** 429. Kalshi sends no Retry-After: back off on your own clock (the client's retries do). */
export class KalshiRateLimitError extends KalshiApiError {
  static override readonly className: string = 'KalshiRateLimitError';
}
export class KalshiServerError extends KalshiApiError {
  static override readonly className: string = 'KalshiServerError';
}

/** The request never got a response (DNS, refused, reset, dropped). */
export class KalshiConnectionError extends KalshiError {
  static override readonly className: string = 'KalshiConnectionError';
  /**
   * A write (not GET): true when an attempt had been sent, so it may have taken effect (its answer was lost); false
   * when none was handed to fetch in time or connected (DNS, refused, connect timeout, TLS refused).
   */
  declare mayHaveActed?: boolean;
  declare readonly operationId: string | undefined;
  /** The error of a call that got no response; `cause` the underlying one. */
  constructor(message: string, operationId?: string, options?: { cause?: unknown }) {
    super(message, options);
    this.operationId = operationId;
  }
}

export class KalshiTimeoutError extends KalshiConnectionError {
  static override readonly className: string = 'KalshiTimeoutError';
}

/**
 * A response that cannot be read as Kalshi's API answers: a 2xx whose body is not JSON, or is empty, `null` or
 * otherwise not an object where the operation declares a JSON object. Retried like a lost response.
 */
export class KalshiInvalidResponseError extends KalshiError {
  static override readonly className: string = 'KalshiInvalidResponseError';
  /** A write (not GET): true, an attempt was answered (unreadably), so it may have taken effect. */
  declare mayHaveActed?: boolean;
  /** The answer's HTTP status. */
  declare readonly status: number;
  declare readonly operationId: string | undefined;
  /** The error of an unreadable answer with its HTTP status. */
  constructor(message: string, status: number, operationId?: string, options?: { cause?: unknown }) {
    super(message, options);
    this.status = status;
    this.operationId = operationId;
  }
}

/**
 * `paginate` was handed a cursor it had already followed, or (iterating items) a run of empty pages each with a new
 * one: the server would have it loop forever. `cursor` is the one it stopped at, `page` the page that handed it on.
 */
export class KalshiPaginationError extends KalshiError {
  static override readonly className: string = 'KalshiPaginationError';
  declare readonly operationId: string;
  /** The repeated cursor. */
  declare readonly cursor: string;
  /** The number of the page whose answer repeated it (1 for the first). */
  declare readonly page: number;
  /** The error of the page that repeated a cursor. */
  constructor(operationId: string, cursor: string, page: number, problem = 'repeats a cursor already followed') {
    super(`${operationId}: page ${page} ${problem}; stopping instead of looping`);
    this.operationId = operationId;
    this.cursor = cursor;
    this.page = page;
  }
}

/**
 * Cancelled through the caller's AbortSignal, or by the client's `close()` (its message: "…: the client was closed");
 * never retried.
 */
export class KalshiAbortError extends KalshiError {
  static override readonly className: string = 'KalshiAbortError';
  // Declared only: set when known, absent otherwise (a field initialiser would add them all as undefined).
  /** The call's operation; an order helper's, when aborted while reading its write back. */
  declare operationId?: string;
  /** placeOrder: the order's client_order_id, to look it up by when `mayHaveActed`. */
  declare clientOrderId?: string;
  /** amendOrder, decreaseOrder, cancelOrder: the order written to. */
  declare orderId?: string;
  /** placeOrders: the orders' client_order_ids (generated ones included), in the order given. */
  declare clientOrderIds?: readonly string[];
  /** cancelOrders: the orders written to. */
  declare orderIds?: readonly string[];
  /**
   * placeOrders, cancelOrders aborted while reading back the items their answer left unsure: the results of the other
   * items, as the batch's answer settled them (placed or canceled, or refused), in the order given. The items read
   * back are not among them: look them up by their id (findOrder for a create).
   */
  declare confirmed?: readonly (BatchPlaceResult | BatchCancelResult)[];
  /**
   * A write (not GET): true when an attempt had been sent, or its answer lost, before the abort, so it may have taken
   * effect; false when nothing reached the exchange or it refused before acting (a 429).
   */
  declare mayHaveActed?: boolean;
}

/**
 * An order write whose answer was lost and whose outcome the order reads did not show (they lag writes,
 * kalshi-api-notes §5.11) or cannot show. Never a sign that nothing happened: `applied` is `'yes'` when the write is
 * known to have taken effect (a 409 `order_already_exists` for our client_order_id), else `'maybe'`. `cause`: the
 * call's last error; `order`: the order as last read, if it was. A raw batch create or cancel repeated after a lost
 * answer names the items its repeat was refused (`clientOrderIds`, `orderIds`; all of them when refused whole, or
 * when the retry could not be sent) and keeps that answer (`answer`: the other items' results).
 */
export class KalshiUnconfirmedWriteError extends KalshiError {
  static override readonly className: string = 'KalshiUnconfirmedWriteError';
  // Set by the constructor from `about` (declared only: no field initialisers to ship).
  /** The order written to (amend, decrease, cancel). */
  declare readonly orderId?: string;
  /** The order's client_order_id (a create): look the order up by it. */
  declare readonly clientOrderId?: string;
  /** A batch cancel: the orders whose outcome is unknown. */
  declare readonly orderIds?: readonly string[];
  /** A batch create: the client_order_ids of the orders whose outcome is unknown. */
  declare readonly clientOrderIds?: readonly string[];
  /** The order as last read, if it was. */
  declare readonly order?: Order;
  /** A raw batch's repeat: its answer (the other items' results). */
  declare readonly answer?: unknown;
  /** The write's operation (`CreateOrderV2`, `AmendOrderV2`, …). */
  declare readonly operationId: string;
  /** `'yes'` when the write is known to have taken effect, else `'maybe'`. */
  declare readonly applied: 'yes' | 'maybe';
  /** The error of a write left unconfirmed; `about` names the orders, the order read and the `cause`. */
  constructor(
    operationId: string,
    applied: 'yes' | 'maybe',
    about: {
      orderId?: string;
      clientOrderId?: string;
      orderIds?: readonly string[];
      clientOrderIds?: readonly string[];
      order?: Order;
      answer?: unknown;
      cause: unknown;
    },
    why = 'answer lost, outcome not shown by order reads within 2.5 s',
  ) {
    const order = about.orderId ?? about.orderIds;
    const client = about.clientOrderId ?? about.clientOrderIds;
    super(
      `${applied === 'yes' ? 'applied' : 'maybe applied'}: ${operationId}${order ? ` on order ${order}` : client ? ` on client_order_id ${client}` : ''}: ${why}`,
      about,
    );
    this.operationId = operationId;
    this.applied = applied;
    Object.assign(this, about);
  }
}

/**
 * The stream was closed (by `close()`, or because its first connection failed): every command still waiting for a
 * reply rejects with this, and every later call on the stream too.
 */
export class KalshiStreamClosedError extends KalshiError {
  static override readonly className: string = 'KalshiStreamClosedError';
}

/**
 * Bad input caught before any request is sent; `field` names it. The one exception: a `fetch` of yours that resolved
 * no Response, after the request was handed to it (`mayHaveActed` true on a write: it may have sent it; an order
 * helper then names the order, as on KalshiAbortError).
 */
export class KalshiValidationError extends KalshiError {
  static override readonly className: string = 'KalshiValidationError';
  /** Only for a `fetch` of yours that resolved no Response: true on a write (it may have sent it). */
  declare mayHaveActed?: boolean;
  /** placeOrder, then: the order's client_order_id. */
  declare clientOrderId?: string;
  /** amendOrder, decreaseOrder, cancelOrder, then: the order written to. */
  declare orderId?: string;
  /** placeOrders, then: the orders' client_order_ids. */
  declare clientOrderIds?: readonly string[];
  /** cancelOrders, then: the orders written to. */
  declare orderIds?: readonly string[];
  /** The input at fault (an option, argument or field name). */
  declare readonly field: string;
  /** An error naming the bad input; the message is `field: message`. */
  constructor(field: string, message: string) {
    super(`${field}: ${message}`);
    this.field = field;
  }
}

/**
 * Credentials that cannot be used: a malformed or encrypted key, an unreadable key file, KALSHI_* variables half set
 * or unreadable, or a signer that failed while signing a request. `code` is @org/kalshi-auth's (`malformed_pem`,
 * `key_too_small`, …; `signing_failed` when a signer of yours threw something else; `env_unset` when `'env'` was
 * asked for and none of the variables is set; `env_unreadable` when the runtime denied reading the environment) and
 * `cause` the original error. Never retried; the
 * message never contains key material.
 */
export class KalshiCredentialsError extends KalshiError {
  static override readonly className: string = 'KalshiCredentialsError';
  /** @org/kalshi-auth's code, or `signing_failed`, `env_unset`, `env_unreadable` (see the class). */
  declare readonly code: KalshiAuthErrorCode | 'signing_failed' | 'env_unset' | 'env_unreadable';
  /** An error with its code; `cause` the original error. */
  constructor(code: KalshiCredentialsError['code'], message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/**
 * An operation that needs API credentials was called on a client created without them, or with an OAuth access
 * token that Kalshi does not take on that operation.
 */
export class KalshiMissingCredentialsError extends KalshiError {
  static override readonly className: string = 'KalshiMissingCredentialsError';
  /** The operation that needs credentials. */
  declare readonly operationId: string;
  /**
   * `tokenOperations`: the client holds an access token, accepted only on these. `takesToken`: the operation also
   * accepts an OAuth access token (the client holds no credentials). `factory`: where to pass them.
   */
  constructor(
    operationId: string,
    tokenOperations?: readonly string[],
    takesToken = false,
    factory = 'createKalshiClient',
  ) {
    super(
      `${operationId} needs API ${tokenOperations ? `key credentials (an access token is accepted only on ${tokenOperations.join(', ')})` : 'credentials'}: pass credentials to ${factory} ({ keyId, privateKey }, a signer, ${takesToken ? 'an OAuth { accessToken }, ' : ''}or 'env' with KALSHI_API_KEY_ID and KALSHI_PRIVATE_KEY or KALSHI_PRIVATE_KEY_PATH)`,
    );
    this.operationId = operationId;
  }
}

type ApiErrorClass = new (init: ApiErrorInit) => KalshiApiError;

function classFor(status: number): ApiErrorClass {
  if (status === 400) return KalshiBadRequestError;
  if (status === 401) return KalshiAuthenticationError;
  if (status === 403) return KalshiPermissionDeniedError;
  if (status === 404) return KalshiNotFoundError;
  if (status === 409) return KalshiConflictError;
  if (status === 410) return KalshiGoneError;
  if (status === 429) return KalshiRateLimitError;
  if (status >= 500) return KalshiServerError;
  return KalshiApiError;
}

/** Picks the error class for a status and reads code/message/details from any of Kalshi's error shapes. */
export function errorFromResponse(
  status: number,
  body: unknown,
  context: {
    operationId?: string;
    requestId?: string;
    about?: (error: { code: string; details?: string }) => string | undefined;
  } = {},
): KalshiApiError {
  const parsed = parseErrorBody(body) ?? {
    code: defaultCode(status),
    message: (typeof body === 'string' && textOf(body)) || defaultCode(status).replace(/_/g, ' '),
  };
  // A 2xx says nothing of the failure: its code does, as a batch item's does (an unknown one: the server's fault, as
  // before); `status` stays the 2xx.
  const ErrorClass = classFor(status >= 200 && status < 300 ? statusOfCode(parsed.code, 500) : status);
  const { about, ...ids } = context;
  return new ErrorClass({ status, ...parsed, ...ids, about: about?.(parsed), body });
}

/**
 * A failed raw call's `error` (`kalshi.GET(…)` → `{ data, error, response }`): Kalshi's error body as sent, in one of
 * the four shapes kalshi-api-notes §3.1 lists. Most 4xx/5xx nest the code (`{"error":{"code":"not_found",…}}`), so it
 * is not at the top: read it with `parseErrorBody(error)?.code`, or `unwrap` the result for a `KalshiApiError`. A body
 * that is not JSON (a proxy's page; the notes record none from Kalshi) arrives as its text and is left out of the type,
 * so that `if (error)` still narrows `data`; parseErrorBody gives undefined for it, unwrap the status's error.
 */
export type KalshiErrorBody = ErrorBodies.ErrorBody;

/**
 * A text of an error answer (REST body or stream error frame), its first 500 characters, as KalshiApiError's message:
 * the notes' codes and details are a word or a sentence (a code with data embedded, §3.1, about 50 characters); a
 * misbehaving server's megabyte would be in every log line and message (the body keeps it whole). An empty string
 * says nothing: Kalshi's codes and messages are never empty (kalshi-api-notes §3.2).
 */
export const serverText = (v: unknown): string | undefined =>
  typeof v === 'string' && v ? v.slice(0, 500) : undefined;

/** `{error:{code,message,details}}`, `{code,message,details}`, `{msg}`, `{error:"…"}`; undefined if none fits. */
export function parseErrorBody(body: unknown):
  | {
      /** Kalshi's code; `invalid_parameters` for `{msg}`, `unknown_error` for a nested error without one. */
      code: string;
      /** The error in words (the code when the body has none). */
      message: string;
      /** Kalshi's `details`, when sent. */
      details?: string;
    }
  | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const b = body as Record<string, unknown>;
  if (b.error && typeof b.error === 'object') {
    const e = b.error as Record<string, unknown>;
    const code = serverText(e.code) ?? 'unknown_error';
    return { code, message: serverText(e.message) ?? code, details: serverText(e.details) };
  }
  let said = serverText(b.error);
  if (said) return { code: said.replace(/\s+/g, '_'), message: said };
  // The spec's ErrorResponse requires none of its members: a code without a message is that shape too.
  const code = serverText(b.code);
  if (code) return { code, message: serverText(b.message) ?? code, details: serverText(b.details) };
  said = serverText(b.msg);
  if (said) return { code: 'invalid_parameters', message: said };
  return undefined;
}

/**
 * True for a 2xx body that is really an error: one with an `error` member (an object or a string), whatever else it
 * carries (a request id, a timestamp). No 2xx answer in Kalshi's spec has a top-level `error`; batch items carry theirs
 * inside the answer's list.
 */
export function isErrorBody(body: unknown): boolean {
  return !Array.isArray(body) && !!(body as { error?: unknown } | null)?.error && parseErrorBody(body) !== undefined;
}

/**
 * Kalshi gives no status per item of a batch (nor in a 2xx error body): the one its code carries alone elsewhere
 * (kalshi-api-notes §3.2; a code naming something not found, matched by prefix as §3.1 says codes may embed data, is a
 * 404 as an unknown ticker is). Any other code is `otherwise`: for a batch item a 400, as most of §3.2's are.
 */
const CODE_STATUS: Readonly<Record<string, number>> = {
  order_already_exists: 409,
  market_closed: 409,
  // Not in the notes: 409s as third parties recorded them (a pause; a fill-or-kill the book could not fill whole).
  trading_is_paused: 409,
  exchange_is_paused: 409,
  fill_or_kill_insufficient_resting_volume: 409,
  deprecated_v1_order_endpoint: 410,
  service_unavailable: 503,
};

export const statusOfCode = (code: string, otherwise = 400): number =>
  CODE_STATUS[code] ?? (/^(\w*_)?not_found/.test(code) ? 404 : otherwise);

/**
 * A body that is not JSON (a proxy's answer: the notes record none from Kalshi, §3.1) in a few words on one line: an
 * HTML page's title (Cloudflare's begins with a doctype and comments that name nothing), else the body, its first 500
 * characters (`serverText`; undefined when it says nothing).
 */
function textOf(body: string): string | undefined {
  const title = /<title[^>]*>([^<]*)<\/title>/i.exec(body)?.[1];
  return serverText((title?.trim() ? title : body).replace(/\s+/g, ' ').trim());
}

function defaultCode(status: number): string {
  if (status === 429) return 'too_many_requests';
  if (status >= 500) return 'server_error';
  return `http_${status}`;
}
