// Before msw: see deno-broadcast-channel.ts.
import '../deno-broadcast-channel';
import { HttpResponse, http, type RequestHandler } from 'msw';
import { ExchangeError, exchangeError, invalidParameters, notFound, retiredOrderEndpoint } from '../exchange/errors';
import type { Exchange } from '../exchange/exchange';
import { assertOperationAllowed } from '../exchange/pause';
import { FixedPointError } from '../generated/fixed-point';
import type { OperationInfo } from '../generated/manifest';
import { costsPerItem } from '../generated/rate-limits';
import { authenticate, httpDate, sentTarget } from '../shared/auth';
import type { FaultKind, FaultRegistry } from '../shared/faults';
import type { StaleRead } from '../shared/stale-read';
import { faultBody } from './fault-body';
import type { Holds } from './holds';
import { permittedKey, scopedToKey } from './key-permissions';
import { assertKnownSubaccount } from './known-subaccount';
import { checkBodyRules, checkQueryRules } from './query-rules';
import type { RateLimiter } from './rate-limit';
import { checkPathIds, parseBody, parseQuery } from './request';
import { hasDotSegment, isRetiredV1OrderWrite, MalformedPathError, matchRoute, type RouteMatch } from './router';
import { type RouteResult, routes } from './routes';

export interface HandlerContext {
  readonly exchange: Exchange;
  readonly faults: FaultRegistry;
  readonly rateLimiter: RateLimiter;
  /** Fixed latency added to every response, in ms. */
  readonly latencyMs?: number;
  /** Where latencies wait: dropped, with the requests they hold, when the exchange is reset or the mock closed. */
  readonly holds: Holds;
}

/**
 * The order book is marked authenticated in the spec but documented as public (kalshi-api-notes §2.4): accept both.
 */
const OPTIONAL_AUTH = new Set(['GetMarketOrderbook', 'GetMarketOrderbooks']);

/** A handler's own pipeline: the URLs it answers and `handle` bound to its context. */
export interface DirectRoute {
  readonly urls: RegExp;
  readonly answer: (request: Request) => Promise<Response>;
}

const directRoutes = new WeakMap<RequestHandler, DirectRoute>();

/**
 * The pipeline behind one of these handlers, for the node:http server: it answers REST requests through `handle`
 * directly, the very function the msw handler calls, without msw's per-request matching, request cloning and
 * cookie parsing (which cost more than the exchange's own work).
 */
export function directRouteOf(handler: RequestHandler): DirectRoute | undefined {
  return directRoutes.get(handler);
}

/** msw handlers for every operation under each base URL (`https://host/trade-api/v2`). */
export function createHandlers(ctx: HandlerContext, baseUrls: readonly string[]): RequestHandler[] {
  return baseUrls.map((base) => {
    const prefix = new URL(base).pathname.replace(/\/$/, '');
    const urls = urlsUnder(base);
    const answer = async (request: Request) =>
      dated(withoutContentForHead(request, await handle(ctx, request, prefix)));
    const handler = http.all(urls, async ({ request }) => unpooled(await answer(request)));
    directRoutes.set(handler, { urls, answer });
    return handler;
  });
}

/**
 * Every URL below a base, as a RegExp without capture groups: msw percent-decodes the params of a string pattern
 * (`base/*`), which throws on a malformed path before any handler could answer it.
 */
export function urlsUnder(base: string): RegExp {
  return new RegExp(`^${escapeRegExp(base.replace(/\/$/, ''))}/.*$`);
}

/** `text` as a RegExp source that matches it literally. */
export const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A path the spec lacks: 404 `not_found` naming the method and the path as sent (dot segments unfolded, no query), so
 * that a mistyped path is told apart from an unknown id (whose 404 names its parameter). Kalshi's body is not recorded.
 */
function noOperation(request: Request) {
  const target = sentTarget(request);
  const path = target.startsWith('/') ? target.split('?')[0] : new URL(target).pathname;
  return notFound(`no operation at ${request.method} ${path}`);
}

/** Answers one request the way the exchange would. Exported for the node:http server. */
export async function handle(ctx: HandlerContext, request: Request, prefix: string): Promise<Response> {
  const url = new URL(request.url);
  const path = url.pathname.slice(prefix.length) || '/';
  try {
    if (ctx.latencyMs && !(await ctx.holds.wait(ctx.latencyMs))) return HttpResponse.error();
    // A path the spec lacks once its dot segments are read as sent (see hasDotSegment).
    if (hasDotSegment(sentTarget(request))) throw noOperation(request);
    if (isRetiredV1OrderWrite(request.method, path)) throw retiredOrderEndpoint();
    const match = matchRoute(request.method, path);
    if (!match.op) {
      if (match.allowed.length) {
        const { status, body } = exchangeError(
          405,
          'method_not_allowed',
          `method not allowed; use ${match.allowed.join(', ')}`,
        );
        return HttpResponse.json(body, { status, headers: { allow: match.allowed.join(', ') } });
      }
      throw noOperation(request);
    }
    const { op } = match;
    // Faults in the order they were added (shared/faults.ts): latencies hold the request, then the others act on it.
    for (const latency of ctx.faults.latencies(op))
      if (!(await ctx.holds.wait(latency.ms))) return HttpResponse.error(); // dropped: see holds.ts
    let commitThenDrop: FaultKind | undefined;
    const staleReads: StaleRead[] = [];
    for (const fault of ctx.faults.pick(op)) {
      if (fault.kind === 'stale-read') staleReads.push(fault);
      else if (fault.kind === 'network-error') return HttpResponse.error();
      else if (fault.kind === 'status') return json(fault.body ?? faultBody(fault.status), fault.status);
      else commitThenDrop = fault;
    }
    if (!commitThenDrop) return answer(await apply(ctx, request, url, match, staleReads));
    // It acts only on a request the exchange applies: a refusal is answered, and the fault waits for the next request.
    try {
      await apply(ctx, request, url, match, staleReads);
    } catch (error) {
      ctx.faults.unfire(op, commitThenDrop);
      throw error;
    }
    return HttpResponse.error();
  } catch (error) {
    if (error instanceof ExchangeError) return json(error.body, error.status);
    // Kalshi's answer to a malformed path is not recorded (notes §3 are silent): a 400 in the nested shape.
    if (error instanceof MalformedPathError)
      return json({ error: { code: 'bad_request', message: 'bad request', details: error.message } }, 400);
    if (error instanceof FixedPointError) return json(invalidParameters(error.message).body, 400);
    throw error;
  }
}

/** Checks a request as the exchange does (auth, rate limit, key scope, input), then runs its route. */
async function apply(
  ctx: HandlerContext,
  request: Request,
  url: URL,
  { op, params }: RouteMatch,
  staleReads: StaleRead[],
): Promise<RouteResult> {
  const userId = await authenticate(
    ctx.exchange,
    request,
    op.auth === 'required' && !OPTIONAL_AUTH.has(op.operationId),
    op.bearer,
  );
  // Metered per account: every key (and the OAuth token) of one account spends the same buckets (rate-limit.ts).
  // The body is read here only where it sets the cost (a batch): every other request's is parsed once, by its route.
  ctx.rateLimiter.take(op, userId, costsPerItem(op.operationId) ? await peekBody(request) : undefined);
  const key =
    userId === undefined ? undefined : permittedKey(ctx.exchange, request.headers.get('kalshi-access-key'), op);
  checkPathIds(params);
  const parsedQuery = parseQuery(op, url);
  checkQueryRules(op.operationId, parsedQuery);
  const parsedBody = await parseBody(op, request);
  // What the client sent, before a restricted key's subaccount is filled in.
  checkBodyRules(op.operationId, parsedBody);
  const { query, body } = scopedToKey(key, op, parsedQuery, parsedBody);
  assertKnownSubaccount(ctx.exchange, userId, query, body);
  const route = routes[op.operationId];
  // Every operation of the spec has a route; one that does not would answer 501 rather than invented data.
  if (!route)
    throw exchangeError(501, 'not_implemented', 'not implemented', `the mock does not model ${op.operationId}`);
  // On the real clock, what fell due since the last request (a close, an expiry) happens before this one is seen.
  ctx.exchange.runDue();
  // The one pause rule (pause.ts): after the checks of the request itself, before the route looks anything up.
  assertOperationAllowed(ctx.exchange, op);
  return route({
    exchange: ctx.exchange,
    op,
    params,
    query,
    body,
    userId,
    staleReads,
    userDataLagMs: ctx.faults.staleReadLagMs(),
    keySubaccount: key?.subaccount,
  });
}

const answer = (result: RouteResult): Response =>
  result.body === undefined ? new HttpResponse(null, { status: result.status }) : json(result.body, result.status);

/**
 * Every answer carries `Date`, as from any origin with a clock (RFC 9110 §6.6.1): msw adds none, and a client measures
 * its clock's offset from the one on a 401 `header_timestamp_expired` (see httpDate). A network error is no answer.
 */
export function dated(response: Response): Response {
  if (response.type !== 'error' && !response.headers.has('date')) response.headers.set('date', httpDate());
  return response;
}

/**
 * msw 3 answers Node's fetch over mock sockets, which fetch pools; taking a pooled socket again waits on a
 * setImmediate, which `vi.useFakeTimers()` holds: a request under fake timers would hang until the test advanced
 * them. A socket closed after each answer is never taken again. Only msw's handlers: `kalshi-mock serve` keeps alive.
 */
function unpooled(response: Response): Response {
  if (response.type !== 'error') response.headers.set('connection', 'close');
  return response;
}

/**
 * HEAD is GET without content (RFC 9110 §9.3.2; the router serves it wherever GET is): the GET answer's status and
 * headers, content-length included, and no body. Kalshi's answer to HEAD is not recorded (the notes are silent).
 */
function withoutContentForHead(request: Request, response: Response): Response {
  if (request.method !== 'HEAD' || response.type === 'error' || response.body === null) return response;
  return new Response(null, { status: response.status, headers: response.headers });
}

/**
 * A JSON response as msw's HttpResponse.json makes it (content-type and content-length), without the Blob it builds
 * to count the bytes: every answer of the exchange goes through here.
 */
export function json(body: unknown, status: number): Response {
  const text = JSON.stringify(body);
  const length = NOT_PRINTABLE_ASCII.test(text) ? new TextEncoder().encode(text).byteLength : text.length;
  return new Response(text, {
    status,
    headers: { 'content-type': 'application/json', 'content-length': String(length) },
  });
}

/** JSON.stringify escapes control characters, so anything outside ' '…'~' is a character of several bytes. */
const NOT_PRINTABLE_ASCII = /[^ -~]/;

/** Batch sizes count towards rate limits; read the body without consuming the request. */
async function peekBody(request: Request): Promise<unknown> {
  if (request.method === 'GET' || !request.headers.get('content-type')?.includes('json')) return undefined;
  try {
    return await request.clone().json();
  } catch {
    return undefined;
  }
}

export type { OperationInfo };
