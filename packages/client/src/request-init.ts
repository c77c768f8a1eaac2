// The RequestInit members of a call (keepalive, cache, credentials, …): openapi-fetch spreads every per-call option
// it does not use itself into `new Request(url, init)` and hands fetch that Request, so fetch sees them all.

/** openapi-fetch's own per-call options and the client's CallOptions; every other key is RequestInit. */
const OWN_OPTIONS = new Set([
  'params',
  'body',
  'headers',
  'parseAs',
  'baseUrl',
  'querySerializer',
  'bodySerializer',
  'pathSerializer',
  'middleware',
  'fetch',
  'Request',
  // The client method's own (`GET` sets it over the call's, in openapi-fetch too).
  'method',
  // Each attempt has its own signal, which follows the call's (see AttemptSignal).
  'signal',
  'retry',
  'timeoutMs',
]);

/** The call's RequestInit members, for fetch on each attempt; undefined when it has none (the usual case). */
export function requestInitOf(init: object): RequestInit | undefined {
  let rest: Record<string, unknown> | undefined;
  for (const key in init) {
    if (OWN_OPTIONS.has(key)) continue;
    rest ??= {};
    rest[key] = (init as Record<string, unknown>)[key];
  }
  return rest;
}

/** What a Request keeps of RequestInit and fetch reads from it, besides method, headers, body and signal. */
const KEPT = [
  'cache',
  'credentials',
  'integrity',
  'keepalive',
  'mode',
  'priority',
  'redirect',
  'referrer',
  'referrerPolicy',
];

/**
 * The RequestInit members of a Request a middleware handed on, over the call's: fetch would read them from that
 * Request. The call's own stay for what a Request does not expose (undici's `dispatcher`, say).
 */
export function requestInitFrom(request: Request, init: RequestInit | undefined): RequestInit {
  const read: Record<string, unknown> = { ...init };
  for (const key of KEPT) if (key in request) read[key] = request[key as keyof Request];
  return read;
}

/**
 * A Request as openapi-fetch builds one: a member the Request does not keep (Next.js's `next`, or `priority` where
 * the runtime has none) is set on it, for a fetch that reads it there.
 */
export function newRequest(url: string, init: RequestInit): Request {
  const request = new Request(url, init);
  for (const key in init)
    if (!(key in request))
      (request as unknown as Record<string, unknown>)[key] = (init as Record<string, unknown>)[key];
  return request;
}
