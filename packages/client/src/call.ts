import {
  createFinalURL,
  createQuerySerializer,
  defaultBodySerializer,
  defaultPathSerializer,
  type MergedOptions,
  type Middleware,
  mergeHeaders,
  removeTrailingSlash,
} from 'openapi-fetch';
import { callOptionsOf } from './call-options';
import { type ParseAs, result } from './call-result';
import { sendable } from './credentials';
import { checkedBaseUrl, type SentSecret } from './environments';
import { KalshiValidationError } from './errors';
import { fromRequest, readable, throughMiddleware } from './middleware';
import { checkCallInit, requestInitOf } from './request-init';
import type { RequestState } from './request-state';
import { type OutgoingCall, parseJson } from './transport';

/** What createCaller needs from the client. */
export interface CallerOptions {
  readonly baseUrl: string;
  /** Calls are signed with a key: a call's own baseUrl must be under /trade-api/ too (checkedBaseUrl). */
  readonly signs?: boolean;
  /** A signature or token that is not a mock's: a call's own baseUrl must not be cleartext http (checkCleartext). */
  readonly secret?: SentSecret | undefined;
  readonly transport: (call: OutgoingCall) => Promise<Response>;
  /** The transport's `track`: each call is in flight for close() until the promise its caller gets has settled. */
  readonly track: <T>(call: Promise<T>) => Promise<T>;
  /** The call's operation and state, checked before anything is sent (auth, mock guard, deprecation). */
  readonly start: (method: string, schemaPath: string, url: string, params: CallParams, body: unknown) => RequestState;
}

interface CallParams {
  readonly path?: Record<string, unknown>;
  readonly query?: Record<string, unknown>;
  readonly header?: Record<string, unknown>;
}

type HeadersOption = Parameters<typeof mergeHeaders>[0];
/** openapi-fetch's default body serializer, which also reads the headers (its typings omit them). */
const serializeBody = defaultBodySerializer as (body: unknown, headers?: Headers) => unknown;

/** What a method call may carry: openapi-fetch's per-call options plus the client's CallOptions. */
interface CallInit {
  readonly params?: CallParams;
  readonly body?: unknown;
  readonly headers?: HeadersOption;
  readonly parseAs?: ParseAs;
  readonly baseUrl?: string;
  readonly querySerializer?: ((query: Record<string, unknown>) => string) | Parameters<typeof createQuerySerializer>[0];
  readonly bodySerializer?: (body: unknown, headers?: Headers) => unknown;
  readonly pathSerializer?: (pathname: string, params: Record<string, unknown>) => string;
  readonly middleware?: readonly Middleware[];
  readonly signal?: AbortSignal | null;
  readonly fetch?: (input: Request) => Promise<Response>;
}

/**
 * openapi-fetch's mergeHeaders (a call's own headers only: the hot path has none). A header fetch cannot send is the
 * caller's mistake, named before anything is sent (as credentials.ts does for a signer's), not a bare TypeError; its
 * value is not shown.
 */
function merged(...all: HeadersOption[]): Headers {
  try {
    return mergeHeaders(...all);
  } catch (error) {
    // A Headers object has no own entries: its values were checked when it was built.
    for (const headers of all)
      for (const [name, value] of Object.entries(headers ?? {}))
        for (const one of [value].flat())
          if (one != null && !sendable(name, String(one)))
            throw new KalshiValidationError(
              `headers[${JSON.stringify(name)}]`,
              'fetch cannot send this header (a name is a token; a value, Latin-1 characters without NUL, CR or LF)',
            );
    throw error;
  }
}

const METHODS = ['GET', 'PUT', 'POST', 'DELETE', 'OPTIONS', 'HEAD', 'PATCH', 'TRACE'] as const;
/** openapi-fetch's default query serializer, built once (building one per call costs). */
const querySerializer = createQuerySerializer();

/**
 * openapi-fetch's client methods (`GET` … `TRACE`, `request`, `use`, `eject`) over the client's transport. Its
 * serializers build the URL and body, as they would in openapi-fetch's own client; the calls themselves go straight
 * to the transport: no Request is built unless a middleware is registered (then the middleware gets a WHATWG Request,
 * as in openapi-fetch: see middleware.ts), which keeps a call within a few percent of a bare signed fetch
 * (BENCHMARKS.md).
 */
export function createCaller(options: CallerOptions): Record<string, unknown> {
  const baseUrl = removeTrailingSlash(options.baseUrl);
  const middlewares: Middleware[] = [];

  async function call(method: string, schemaPath: string, init: CallInit = {}) {
    checkedPath('path', schemaPath);
    checkCallInit(method, schemaPath, init);
    const { params = {}, body, headers, parseAs = 'json', signal } = init;
    const { retry, timeoutMs, recovers } = callOptionsOf(init);
    const serializeQuery =
      typeof init.querySerializer === 'function'
        ? init.querySerializer
        : init.querySerializer
          ? createQuerySerializer(init.querySerializer)
          : querySerializer;
    const callBaseUrl = init.baseUrl
      ? removeTrailingSlash(checkedBaseUrl(init.baseUrl, options.signs, options.secret))
      : baseUrl;
    const url = createFinalURL(schemaPath, {
      baseUrl: callBaseUrl,
      params,
      querySerializer: serializeQuery,
      pathSerializer: init.pathSerializer
        ? (url, values) => checkedPath('pathSerializer', init.pathSerializer?.(url, values), callBaseUrl)
        : defaultPathSerializer,
    });
    const custom = headers !== undefined || params.header !== undefined;
    // Merged here for the serializer and again below under the default content type, as openapi-fetch does: a null
    // in the call's headers removes that default.
    let serialized =
      body === undefined
        ? undefined
        : init.bodySerializer
          ? init.bodySerializer(body, merged(headers, params.header as HeadersOption))
          : serializeBody(body, custom ? merged(headers, params.header as HeadersOption) : undefined);
    // The body as sent, parsed again rather than the caller's object: changing that object while the call runs
    // changes neither the retry policy, the rate limiter's cost nor the error messages.
    const json = parseJson(typeof serialized === 'string' ? serialized : undefined);
    const state = options.start(method, schemaPath, url, params, json);
    // An optional JSON body left out goes as `{}`: Kalshi refuses a body-less write with 400 invalid_content_type
    // (kalshi-api-notes §5.14, the order groups' reset and trigger).
    if (serialized === undefined && state.operation?.optionalBody) serialized = '{}';
    const text = serialized === undefined || typeof serialized === 'string' ? serialized : undefined;
    const outgoing: OutgoingCall = {
      method,
      url,
      headers: custom
        ? Object.fromEntries(merged(contentType(serialized), headers, params.header as HeadersOption))
        : (contentType(serialized) ?? {}),
      body: text,
      json,
      signal: signal ?? undefined,
      init: requestInitOf(init),
      fetch: init.fetch,
      retry,
      timeoutMs,
      state,
      recovers,
    };
    if (text === undefined && serialized !== undefined) {
      // The transport sends text: a FormData (or URLSearchParams, Blob) is encoded here, and its content type (a
      // multipart boundary) goes with it unless the call set one, as fetch would do with the object itself.
      const encoded = new Response(serialized as BodyInit);
      outgoing.body = await encoded.text();
      const type = encoded.headers.get('content-type');
      if (type && !('content-type' in outgoing.headers)) outgoing.headers['content-type'] = type;
    }
    // A copy, as openapi-fetch takes: a middleware may eject itself or add another while this call runs.
    const chain =
      middlewares.length || init.middleware?.length ? [...middlewares, ...(init.middleware ?? [])] : middlewares;
    if (!chain.length) return result(await options.transport(outgoing), method, parseAs);
    const { request, response } = await throughMiddleware(
      chain,
      outgoing,
      {
        schemaPath,
        params,
        id: Math.random().toString(36).slice(2, 11),
        options: Object.freeze({
          baseUrl: callBaseUrl,
          // The transport, as when openapi-fetch's client ran the calls: a middleware that resends a request (after
          // refreshing it, say) has it signed, retried and sent with the client's fetch, as part of this call.
          fetch: (input: Request | string | URL, requestInit?: RequestInit) =>
            fromRequest(
              input instanceof Request && requestInit === undefined ? input : new Request(input, requestInit),
              outgoing,
            )
              .then(options.transport)
              .then(readable),
          parseAs,
          querySerializer: serializeQuery,
          bodySerializer: init.bodySerializer ?? defaultBodySerializer,
          pathSerializer: init.pathSerializer ?? defaultPathSerializer,
        }) as MergedOptions,
      },
      options.transport,
    );
    return result(response, request.method, parseAs);
  }

  const client: Record<string, unknown> = {
    request: (method: string, url: string, init?: CallInit) => options.track(call(method.toUpperCase(), url, init)),
    use(...added: Middleware[]) {
      for (const m of added) {
        if (!m) continue;
        if (typeof m !== 'object' || !('onRequest' in m || 'onResponse' in m || 'onError' in m))
          throw new Error('Middleware must be an object with one of `onRequest()`, `onResponse() or `onError()`');
        middlewares.push(m);
      }
    },
    eject(...removed: Middleware[]) {
      for (const m of removed) {
        const i = middlewares.indexOf(m);
        if (i !== -1) middlewares.splice(i, 1);
      }
    },
  };
  for (const method of METHODS)
    client[method] = (url: string, init?: CallInit) => options.track(call(method, url, init));
  return client;
}

/**
 * A raw path, or a pathSerializer's URL (openapi-fetch's: the base URL, then the path), refused before anything is
 * signed unless the URL parser keeps it as written. Without its `/` it would be glued to the base URL
 * (`/trade-api/v2markets`). With a query or a trailing `/` it would match no operation, so its names would go
 * unchecked (`?subaccount_number=1` on CancelAllOrders cancelled every account's). A `.` or `..` segment (`%2e` too,
 * any case), an empty one (`//`), a `\`, a control character or whitespace (read as `/`, dropped or trimmed) would
 * send another path, validly signed, with no operation's checks: `DELETE /portfolio/events/orders/.` went out as
 * `DELETE /portfolio/events/orders/`, cancel-all on the mock (round 24, A4).
 * No path of the spec has any of these; whether Kalshi serves one the notes do not say.
 */
function checkedPath(field: string, path: unknown, base = ''): string {
  const rest = typeof path === 'string' && path.startsWith(base) ? path.slice(base.length) : '';
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused
  if (!rest.startsWith('/') || /[?#\\\s\0-\x1f\x7f]|.\/$|\/\/|\/(\.|%2e){1,2}(\/|$)/i.test(rest))
    throw new KalshiValidationError(
      field,
      `expected ${base && `${base} then `}a path of the spec such as /markets, without a query (give it as params.query), a trailing /, whitespace, an empty, "." or ".." segment, got ${JSON.stringify(path)}`,
    );
  return path as string;
}

function contentType(serialized: unknown): Record<string, string> | undefined {
  return serialized === undefined || serialized instanceof FormData
    ? undefined
    : { 'content-type': 'application/json' };
}
