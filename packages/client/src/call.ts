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
import { bodyText, CallRequest } from './call-request';
import { endRequest, type RequestState, stateOf } from './request-state';
import { type OutgoingCall, parseJson, wasReadWhole } from './transport';

/** What createCaller needs from the client. */
export interface CallerOptions {
  readonly baseUrl: string;
  readonly transport: (call: OutgoingCall) => Promise<Response>;
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
  readonly parseAs?: 'json' | 'text' | 'blob' | 'arrayBuffer' | 'stream';
  readonly baseUrl?: string;
  readonly querySerializer?: ((query: Record<string, unknown>) => string) | Parameters<typeof createQuerySerializer>[0];
  readonly bodySerializer?: (body: unknown, headers?: Headers) => unknown;
  readonly pathSerializer?: (pathname: string, params: Record<string, unknown>) => string;
  readonly middleware?: readonly Middleware[];
  readonly signal?: AbortSignal | null;
  readonly redirect?: RequestRedirect;
  readonly fetch?: (input: Request) => Promise<Response>;
}

const METHODS = ['GET', 'PUT', 'POST', 'DELETE', 'OPTIONS', 'HEAD', 'PATCH', 'TRACE'] as const;
/** openapi-fetch's default query serializer, built once (building one per call costs). */
const querySerializer = createQuerySerializer();

/**
 * openapi-fetch's client methods (`GET` … `TRACE`, `request`, `use`, `eject`) over the client's transport. Its
 * serializers build the URL and body, as they would in openapi-fetch's own client; the calls themselves go straight
 * to the transport: no Request is built unless a middleware is registered (then the middleware gets a request it can
 * read and change, and may return a Request or a Response, as openapi-fetch documents), which keeps a call within a
 * few percent of a bare signed fetch (BENCHMARKS.md).
 */
export function createCaller(options: CallerOptions): Record<string, unknown> {
  const baseUrl = removeTrailingSlash(options.baseUrl);
  const middlewares: Middleware[] = [];

  async function call(method: string, schemaPath: string, init: CallInit = {}) {
    const { params = {}, body, headers, parseAs = 'json', signal, redirect } = init;
    const { retry, timeoutMs } = callOptionsOf(init);
    const serializeQuery =
      typeof init.querySerializer === 'function'
        ? init.querySerializer
        : init.querySerializer
          ? createQuerySerializer(init.querySerializer)
          : querySerializer;
    const callBaseUrl = init.baseUrl ? removeTrailingSlash(init.baseUrl) : baseUrl;
    const url = createFinalURL(schemaPath, {
      baseUrl: callBaseUrl,
      params,
      querySerializer: serializeQuery,
      pathSerializer: init.pathSerializer ?? defaultPathSerializer,
    });
    const custom = headers !== undefined || params.header !== undefined;
    // Merged here for the serializer and again below under the default content type, as openapi-fetch does: a null
    // in the call's headers removes that default.
    const serialized =
      body === undefined
        ? undefined
        : init.bodySerializer
          ? init.bodySerializer(body, mergeHeaders(headers, params.header as HeadersOption))
          : serializeBody(body, custom ? mergeHeaders(headers, params.header as HeadersOption) : undefined);
    const text = serialized === undefined || typeof serialized === 'string' ? serialized : undefined;
    const json = text === undefined ? undefined : init.bodySerializer || custom ? parseJson(text) : body;
    const state = options.start(method, schemaPath, url, params, json);
    const outgoing: OutgoingCall = {
      method,
      url,
      headers: custom
        ? Object.fromEntries(mergeHeaders(contentType(serialized), headers, params.header as HeadersOption))
        : (contentType(serialized) ?? {}),
      body: text,
      json,
      signal: signal ?? undefined,
      redirect,
      fetch: init.fetch,
      retry,
      timeoutMs,
      state,
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
    const response = chain.length
      ? await throughMiddleware(chain, outgoing, {
          schemaPath,
          params,
          id: Math.random().toString(36).slice(2, 11),
          options: Object.freeze({
            baseUrl: callBaseUrl,
            // The transport, as when openapi-fetch's client ran the calls: a middleware that resends a request (after
            // refreshing it, say) has it signed, retried and sent with the client's fetch, as part of this call.
            fetch: (input: Request | CallRequest | string | URL, requestInit?: RequestInit) =>
              fromRequest(
                typeof input === 'string' || input instanceof URL ? new CallRequest(input, requestInit) : input,
                outgoing,
              )
                .then(options.transport)
                .then(readable),
            parseAs,
            querySerializer: serializeQuery,
            bodySerializer: init.bodySerializer ?? defaultBodySerializer,
            pathSerializer: init.pathSerializer ?? defaultPathSerializer,
          }) as MergedOptions,
        })
      : await options.transport(outgoing);
    return result(response, method, parseAs);
  }

  /** Runs onRequest in order, then the transport (unless a middleware answered), then onError / onResponse in reverse. */
  async function throughMiddleware(
    chain: readonly Middleware[],
    outgoing: OutgoingCall,
    shared: { schemaPath: string; params: CallParams; id: string; options: MergedOptions },
  ): Promise<Response> {
    let request: Request | CallRequest = new CallRequest(outgoing.url, {
      method: outgoing.method,
      headers: outgoing.headers,
      body: outgoing.body,
      signal: outgoing.signal,
      redirect: outgoing.redirect,
    });
    let response: Response | undefined;
    for (const m of chain) {
      const returned: unknown = await m.onRequest?.({ ...shared, request: request as Request });
      if (!returned) continue;
      if (returned instanceof Response) {
        response = returned;
        break;
      }
      if (!(returned instanceof Request || returned instanceof CallRequest))
        throw new Error('onRequest: must return new Request() or Response() when modifying the request');
      request = returned;
    }
    if (!response) {
      try {
        response = await options.transport(await fromRequest(request, outgoing));
        if (chain.some((m) => m.onResponse)) response = await readable(response);
      } catch (error) {
        let failure: unknown = error;
        for (const m of [...chain].reverse()) {
          const returned: unknown = await m.onError?.({ ...shared, request: request as Request, error: failure });
          if (returned instanceof Response) {
            response = returned;
            failure = undefined;
            break;
          }
          if (returned instanceof Error) failure = returned;
          else if (returned) throw new Error('onError: must return new Response() or instance of Error');
        }
        if (!response) throw failure;
      }
      for (const m of [...chain].reverse()) {
        const returned: unknown = await m.onResponse?.({ ...shared, request: request as Request, response });
        if (!returned) continue;
        if (!(returned instanceof Response))
          throw new Error('onResponse: must return new Response() when modifying the response');
        response = returned;
      }
    }
    return response;
  }

  const client: Record<string, unknown> = {
    request: (method: string, url: string, init?: CallInit) => call(method.toUpperCase(), url, init),
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
  for (const method of METHODS) client[method] = (url: string, init?: CallInit) => call(method, url, init);
  return client;
}

/** The request a middleware handed on, as the transport sends it; the call's state and options carry over. */
async function fromRequest(request: Request | CallRequest, outgoing: OutgoingCall): Promise<OutgoingCall> {
  const read = bodyText(request);
  const text = typeof read === 'object' ? await read : read;
  return {
    ...outgoing,
    method: request.method,
    url: request.url,
    headers: Object.fromEntries(request.headers),
    body: text,
    json: text === outgoing.body ? outgoing.json : parseJson(text),
    // A real Request always has a signal of its own; a CallRequest has the caller's.
    signal: request.signal ?? undefined,
    redirect: request.redirect,
  };
}

/**
 * The transport's response with a body that onResponse can read, clone or pass on (the transport read the body whole,
 * see wasReadWhole); its URL and the call's state carry over.
 */
async function readable(response: Response): Promise<Response> {
  if (!wasReadWhole(response)) return response;
  const copy = new Response(await response.text(), response);
  Object.defineProperty(copy, 'url', { value: response.url });
  const state = stateOf(response);
  return state ? endRequest(copy, state) : copy;
}

/**
 * openapi-fetch's result: `{ data }` for a 2xx, `{ error }` otherwise, nothing for an empty body. The transport's
 * responses answer `text()` and `json()` from the body it read (see wasReadWhole); a Response that a middleware
 * returned is read here, once.
 */
async function result(response: Response, method: string, parseAs: NonNullable<CallInit['parseAs']>) {
  const buffered = wasReadWhole(response);
  // A read body tells emptiness itself (its text is ''); a middleware's is judged by its headers, as openapi-fetch does.
  if (
    response.status === 204 ||
    method === 'HEAD' ||
    (!buffered &&
      response.headers.get('content-length') === '0' &&
      !response.headers.get('transfer-encoding')?.includes('chunked'))
  )
    return response.ok ? { data: undefined, response } : { error: undefined, response };
  if (response.ok && !buffered && parseAs !== 'json' && parseAs !== 'text')
    return { data: parseAs === 'stream' ? response.body : await response[parseAs](), response };
  const text = await response.text();
  if (!response.ok) {
    if (buffered && text === '') return { error: undefined, response };
    let error: unknown = text;
    try {
      error = JSON.parse(text);
    } catch {}
    return { error, response };
  }
  if (parseAs === 'text') return { data: text, response };
  if (parseAs === 'json')
    return { data: text === '' ? undefined : buffered ? await response.json() : JSON.parse(text), response };
  const copy = new Response(text, response);
  return { data: parseAs === 'stream' ? copy.body : await copy[parseAs](), response };
}

function contentType(serialized: unknown): Record<string, string> | undefined {
  return serialized === undefined || serialized instanceof FormData
    ? undefined
    : { 'content-type': 'application/json' };
}
