// The RequestInit members of a call (keepalive, cache, credentials, …): openapi-fetch spreads every per-call option
// it does not use itself into `new Request(url, init)` and hands fetch that Request, so fetch sees them all.
import { unknownOption } from '@org/kalshi-auth';
import { checkedObject, checkedTerms } from './call-options';
import { KalshiValidationError } from './errors';
import type { OperationInfo } from './generated/manifest';

/** openapi-fetch's own per-call options and the client's CallOptions; every other key is RequestInit. */
// Written as one string (smaller in a bundle than a list of literals). `method`: the client method's own (`GET` sets
// it over the call's, in openapi-fetch too). `signal`: each attempt has its own, which follows the call's (see
// AttemptSignal).
const OWN_OPTIONS = new Set(
  'params body headers parseAs baseUrl querySerializer bodySerializer pathSerializer middleware fetch Request method signal retry timeoutMs'.split(
    ' ',
  ),
);

/** A name as MISPLACED keys it: lower case, without `_` and `-` (`abortSignal`, `timeout_ms`, `Query`). */
const flat = (name: string) => name.toLowerCase().replace(/[_-]/g, '');

/**
 * Keys a call's options hold by mistake (by their flat name), and the option meant: a `params` member at the top
 * (`{ query }`), a query parameter of Kalshi's operations at the top (as the order helpers take `subaccount`), or
 * another SDK's name for an option. Any other unknown key is a RequestInit member (undici's `dispatcher`, Next.js's
 * `next`, Bun's `verbose`) and goes to fetch, so a key cannot be refused for being unknown; these, fetch would drop,
 * and the call go without them: CancelAllOrders with `{ query: { subaccount: 1 } }` canceled every account's orders.
 */
const MISPLACED = new Map([
  ['query', 'params.query'],
  ['searchparams', 'params.query'],
  ['queryparams', 'params.query'],
  ['path', 'params.path'],
  ['cookie', 'params.cookie'],
  ['param', 'params'],
  ['header', 'headers'],
  ['retries', 'retry'],
  ['abortsignal', 'signal'],
  ...'subaccount ticker eventticker seriesticker status limit cursor'
    .split(' ')
    .map((name) => [name, 'params.query'] as const),
  // The client's own options but for case, `_` or `-` (`timeout_ms`, `Signal`).
  ...[...OWN_OPTIONS].map((own) => [flat(own), own] as const),
]);
/** openapi-fetch's `params` members. */
const PARAMS = { __proto__: null, path: 1, query: 1, header: 1, cookie: 1 };

/**
 * A call's options, checked before anything is sent: an object, no misplaced key (see MISPLACED), `params` holding
 * only its four members, and `params.path` exactly the path's names, each a value that fills its segment. `method` and
 * `path` (the spec's, `{name}` and all) name the call in a refusal.
 */
export function checkCallInit(method: string, path: string, init: object): void {
  checkedObject('init', init);
  for (const key of Object.keys(init)) {
    if (OWN_OPTIONS.has(key)) continue;
    const value = (init as Record<string, unknown>)[key];
    // Bun's fetch takes `timeout: false` (its idle timeout off); a number is this client's `timeoutMs` misspelt.
    const meant = flat(key) === 'timeout' ? typeof value !== 'boolean' && 'timeoutMs' : MISPLACED.get(flat(key));
    if (meant) throw new KalshiValidationError(key, `is not an option of ${method} ${path}; did you mean ${meant}?`);
  }
  const { params } = init as { params?: { path?: Record<string, unknown> } };
  // The refusal (and its label) only when a key is off: this runs on every call.
  if (params !== undefined && !(typeof params === 'object' && params && Object.keys(params).every((k) => k in PARAMS)))
    checkedTerms(`${method} ${path}`, params as object, PARAMS, {}, 'params');
  const values = params?.path;
  // A name the path does not hold was dropped: the cancel of one order written without its `/{order_id}` went out as
  // CancelAllOrders (round 41, A3), as an unknown query name is refused (checkQuery).
  for (const key in values)
    if (!path.includes(`{${key}}`))
      throw new KalshiValidationError(`params.path.${key}`, `is not a path parameter of ${method} ${path}`);
  // A value whose segment the URL parser would drop or that empties it (`''`, `.`, `..`, `%2e`): `DELETE
  // /portfolio/events/orders/{order_id}` with `.` would go out as `DELETE /portfolio/events/orders/`, another operation
  // (cancel-all), validly signed. A missing one (undefined, null) too: it would go out as `{order_id}`; an object too.
  for (const [, name = ''] of path.matchAll(/{(\w+)}/g)) {
    const value = values?.[name];
    if (value == null) throw new KalshiValidationError(name, `missing: ${method} ${path} needs params.path.${name}`);
    // Every path parameter of the spec is a string: openapi-fetch writes an object's (an array's) own keys, none for
    // `{}`, a Date or an id object with a toString, which emptied the segment as `.` does (round 41, A1).
    if (typeof value === 'object') throw new KalshiValidationError(name, 'must not be an object');
    if (/^(\.|%2e){0,2}$/i.test(value as string))
      throw new KalshiValidationError(name, `must not be empty, "." or "..", got "${value}"`);
  }
}

/**
 * A call's `params.query`, checked against the operation's query parameters (the manifest's, from the spec), the
 * run-time twin of the types: Kalshi ignores a name it does not know, and the call acts without that filter
 * (CancelAllOrders with `subaccount_number` or `Subaccount` canceled the primary account's orders). Not checked for an
 * operation without that list (one newer than the spec, or an `operations` entry written by hand). Any key, even one
 * holding undefined (sent without it today, with it once set): fetch would send an inherited one too (`for…in`).
 */
export function checkQuery(op: OperationInfo | undefined, method: string, path: string, query: unknown): void {
  const names = op?.query;
  if (!names || query == null) return;
  for (const key in checkedObject('params.query', query)) {
    const value = (query as Record<string, unknown>)[key];
    if (key.endsWith('_ts')) checkSeconds(key, value);
    if (!names.includes(key)) throw notTaken(op, method, path, 'params.query', key, names);
    // No query parameter of the spec is an object: openapi-fetch writes one as `key[name]=…`, or as nothing (`{}`, a
    // Date), and Kalshi ignores the name: CancelAllOrders without its subaccount cancels every one's (round 41, A2).
    if (typeof value === 'object' && value && !Array.isArray(value))
      throw new KalshiValidationError(`params.query.${key}`, 'must not be an object');
    // Nor empty (`''`, `[]`, `['']`): a list is written as nothing, `''` as `key=` (a cursor's first page), so
    // CancelAllOrders given `[]` for its subaccount canceled every subaccount's orders.
    if (String(value) === '' && key !== 'cursor') throw new KalshiValidationError(`params.query.${key}`, 'is empty');
  }
}

/**
 * A raw call's JSON body, its top-level keys checked against the operation's body fields (the manifest's, where the
 * spec lists them): Kalshi ignores an unknown field, so `post_onyl: true` sent an order that crossed the book.
 * `body` is the body as serialized, parsed again.
 */
export function checkBody(op: OperationInfo | undefined, method: string, path: string, body: unknown): void {
  const names = op?.body;
  if (!names || typeof body !== 'object' || !body || Array.isArray(body)) return;
  for (const key in body) {
    if (!names.includes(key)) throw notTaken(op, method, path, 'body', key, names);
    // A batch's orders: each item's keys against the fields of the objects that list holds.
    const fields = op.bodyItems && Object.hasOwn(op.bodyItems, key) ? op.bodyItems[key] : undefined;
    const items = (body as Record<string, unknown>)[key];
    if (fields && Array.isArray(items))
      for (const [i, item] of items.entries())
        if (typeof item === 'object' && item && !Array.isArray(item))
          for (const name in item)
            if (!fields.includes(name)) throw notTaken(op, method, path, `body.${key}[${i}]`, name, fields);
  }
}

/** The refusal of a query or body name the operation does not take, with the one likely meant. */
function notTaken(
  op: OperationInfo,
  method: string,
  path: string,
  where: string,
  key: string,
  names: readonly string[],
) {
  const unknown = unknownOption({ [key]: 1 }, names);
  return new KalshiValidationError(
    `${where}.${unknown?.key ?? key}`,
    `is not a ${where.startsWith('body') ? 'body field' : 'query parameter'} of ${op.operationId} (${method} ${path}); ${unknown?.meant ? `did you mean ${unknown.meant}?` : names.length ? `it takes ${names.join(', ')}` : 'it takes none'}`,
  );
}

/**
 * Every `*_ts` query parameter of the spec is Unix seconds; one in ms (Date.now()) filters out everything, or nothing,
 * without a word. 1e11 s is the year 5138.
 */
function checkSeconds(key: string, given: unknown): void {
  const number = Number(given);
  let value = number;
  while (value > 1e11) value /= 1000; // ms, µs or ns
  if (number > 1e11)
    throw new KalshiValidationError(
      `params.query.${key}`,
      `${number} is not in seconds; Kalshi takes Unix seconds (${Math.floor(value)})`,
    );
}

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
const KEPT = 'cache credentials integrity keepalive mode priority redirect referrer referrerPolicy'.split(' ');

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
