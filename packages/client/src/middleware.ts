import type { MergedOptions, Middleware, MiddlewareCallbackParams } from 'openapi-fetch';
import { newRequest, requestInitFrom } from './request-init';
import { endRequest, stateOf } from './request-state';
import { type OutgoingCall, parseJson, wasReadWhole } from './transport';

/** What every middleware callback of one call gets besides the request (openapi-fetch's MiddlewareCallbackParams). */
export interface MiddlewareShared {
  readonly schemaPath: string;
  readonly params: MiddlewareCallbackParams['params'];
  readonly id: string;
  readonly options: MergedOptions;
}

/**
 * openapi-fetch's middleware contract: onRequest in order on a WHATWG Request (built here, only for calls that have
 * middleware), then the transport unless a middleware answered, then onError / onResponse in reverse. Returns the
 * request as finally sent (or answered) and the response, which carries the call's state whoever made it.
 */
export async function throughMiddleware(
  chain: readonly Middleware[],
  outgoing: OutgoingCall,
  shared: MiddlewareShared,
  transport: (call: OutgoingCall) => Promise<Response>,
): Promise<{ request: Request; response: Response }> {
  let request = newRequest(outgoing.url, {
    ...outgoing.init,
    method: outgoing.method,
    headers: outgoing.headers,
    body: outgoing.body,
    signal: outgoing.signal,
  });
  let response: Response | undefined;
  for (const m of chain) {
    if (typeof m?.onRequest !== 'function') continue;
    const returned: unknown = await m.onRequest({ ...shared, request });
    if (!returned) continue;
    if (returned instanceof Response) {
      response = returned;
      break;
    }
    if (!(returned instanceof Request))
      throw new Error('onRequest: must return new Request() or Response() when modifying the request');
    request = returned;
  }
  if (!response) {
    try {
      response = await transport(await fromRequest(request, outgoing));
      if (chain.some((m) => typeof m?.onResponse === 'function')) response = await readable(response);
    } catch (error) {
      let failure: unknown = error;
      for (const m of [...chain].reverse()) {
        if (typeof m?.onError !== 'function') continue;
        const returned: unknown = await m.onError({ ...shared, request, error: failure });
        if (!returned) continue;
        if (returned instanceof Response) {
          response = returned;
          failure = undefined;
          break;
        }
        if (!(returned instanceof Error)) throw new Error('onError: must return new Response() or instance of Error');
        failure = returned;
      }
      if (!response) throw failure;
    }
    for (const m of [...chain].reverse()) {
      if (typeof m?.onResponse !== 'function') continue;
      const returned: unknown = await m.onResponse({ ...shared, request, response });
      if (!returned) continue;
      if (!(returned instanceof Response))
        throw new Error('onResponse: must return new Response() when modifying the response');
      response = returned;
    }
  }
  // A Response a middleware made (or rewrapped) is still this call's: unwrap names its operation, and the order
  // helpers see whether an attempt's answer was lost.
  return { request, response: endRequest(response, outgoing.state) };
}

/**
 * The call as the transport sends it after middleware: what the Request says (URL, method, headers, body and the
 * RequestInit members fetch reads from it), under the call's state, which from now on describes this request.
 */
export async function fromRequest(request: Request, outgoing: OutgoingCall): Promise<OutgoingCall> {
  // A clone: onError and onResponse get the same request, and may read it or send it again (options.fetch).
  const body = request.body ? await request.clone().text() : undefined;
  const json = body === outgoing.body ? outgoing.json : parseJson(body);
  outgoing.state.url = request.url;
  outgoing.state.body = json;
  return {
    ...outgoing,
    method: request.method,
    url: request.url,
    headers: Object.fromEntries(request.headers),
    body,
    json,
    // fetch would follow the request's signal; the caller's still aborts the call if a middleware dropped it.
    signal: outgoing.signal ? AbortSignal.any([outgoing.signal, request.signal]) : request.signal,
    init: requestInitFrom(request, outgoing.init),
  };
}

/**
 * The transport's response with a body that onResponse can read, clone or pass on (the transport read the body whole,
 * see wasReadWhole); its URL and the call's state carry over.
 */
export async function readable(response: Response): Promise<Response> {
  if (!wasReadWhole(response)) return response;
  const copy = new Response(await response.text(), response);
  Object.defineProperty(copy, 'url', { value: response.url });
  const state = stateOf(response);
  return state ? endRequest(copy, state) : copy;
}
