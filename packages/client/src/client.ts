import { builtInSign, kindOf, type Signer } from '@org/kalshi-auth';
import { createCaller } from './call';
import {
  checkedArity,
  checkedKind,
  checkedObject,
  checkedRetry,
  checkedTerms,
  checkedTimeout,
  type KalshiFetchClient,
  type KalshiMethods,
} from './call-options';
import { accessTokenOf, type CredentialsOption, resolveSigner, sendable } from './credentials';
import { warnDeprecated } from './deprecation';
import { baseUrlFor, checkedBaseUrl, type Environment, type SentSecret } from './environments';
import { KalshiMissingCredentialsError, KalshiValidationError } from './errors';
import { findOperation, type OperationInfo, operations } from './generated/manifest';
import type { paths } from './generated/openapi';
import { isMockToken, mockGuard } from './mock-guard';
import { createObserver, OBSERVER, type ObserveOptions } from './observe';
import {
  type AmendOrderInput,
  amendOrder,
  type CancelOrderInput,
  cancelOrder,
  type DecreaseOrderInput,
  decreaseOrder,
  type PlaceOrderInput,
  placeOrder,
} from './orders';
import { type PaginatedPath, type PaginateInit, paginate } from './paginate';
import { ClientRateLimiter, type RateLimitOption } from './rate-limiter';
import { checkBody, checkQuery } from './request-init';
import { CLOSED, type Closing, createTransport, RETRY, type RetryOptions } from './transport';

/** Options of `createKalshiClient`. */
export interface KalshiClientOptions extends ObserveOptions {
  /** `production` (default) or `demo`; the spec's recommended hosts. */
  readonly environment?: Environment | undefined;
  /**
   * Overrides the environment, e.g. a mock server's URL (`http://127.0.0.1:4010/trade-api/v2`). With a key as
   * credentials (or `createSigner`'s signer), its path is under `/trade-api/` (where Kalshi verifies signatures),
   * else refused at creation.
   */
  readonly baseUrl?: string | undefined;
  /**
   * A signer, `{ keyId, privateKey }`, `'env'` (KALSHI_API_KEY_ID + KALSHI_PRIVATE_KEY or _PATH), or an OAuth access
   * token `{ accessToken }`: Kalshi takes a token only on GetFills, GetPositions and GetFillsHistorical (the
   * operations whose manifest entry has `bearer`), where it is sent as `Authorization: Bearer …`; any other
   * authenticated operation then fails before sending (KalshiMissingCredentialsError). A key and a token in one
   * object: every request is signed.
   */
  readonly credentials?: CredentialsOption | undefined;
  /** Defaults to the global fetch, looked up on every request (so msw installed later still intercepts). */
  readonly fetch?: typeof fetch | undefined;
  /**
   * Retries of 429, 408, 425, 500, 502–504, 520–524 and lost answers (default: 2 retries, backoff from 500 ms to 8 s
   * with jitter, a Retry-After honoured up to 30 s); `false` for none.
   */
  readonly retry?: RetryOptions | false | undefined;
  /**
   * Client-side token buckets per tier or custom numbers; off by default. Like Kalshi's, they meter authenticated
   * operations only: public ones (sent unsigned) take no tokens and never wait.
   */
  readonly rateLimit?: RateLimitOption | undefined;
  /** Per-attempt timeout in ms, signing by a signer of yours included (default 30,000; 0 disables). */
  readonly timeoutMs?: number | undefined;
  /** The `User-Agent` header sent on every request (default `@org/kalshi-client`; a browser sends its own). */
  readonly userAgent?: string | undefined;
  /**
   * Operations of a spec you generated yourself (`kalshi-codegen generate --spec … --out src/kalshi`, then
   * `import { operations } from './kalshi/manifest.js'`). They are looked up before the built-in ones, so an operation
   * newer than this package gets its auth check and its operationId; pass the matching `paths` as the type parameter.
   * An entry's `query` (the generated manifest's query parameter names) is checked against a call's `params.query`;
   * an entry without it is not.
   */
  readonly operations?: Readonly<Record<string, OperationInfo>> | undefined;
}

/** The helpers `createKalshiClient` adds to the typed fetch client. */
export interface KalshiHelpers {
  /** The signer used for this client's requests (undefined without credentials, or with an access token). */
  readonly signer: Signer | undefined;
  /** The REST base URL requests go to (the environment's, or the `baseUrl` option), under `/trade-api/`. */
  readonly baseUrl: string;
  /**
   * The exchange's clock minus this machine's, in ms: 0 until a request is refused for a stale timestamp
   * (`header_timestamp_expired`); then measured from the response's `Date` header and used to sign every request.
   */
  readonly clockOffsetMs: number;
  /** Every item of a cursor-paginated GET, fetching pages as you iterate (see `paginate`). */
  paginate<P extends PaginatedPath>(path: P, init?: PaginateInit<P>): ReturnType<typeof paginate<P>>;
  /** Places an order, exactly once (see `placeOrder`). */
  placeOrder(input: PlaceOrderInput): ReturnType<typeof placeOrder>;
  /** Amends an order's price, count and expiry (see `amendOrder`). */
  amendOrder(input: AmendOrderInput): ReturnType<typeof amendOrder>;
  /** Decreases an order's remaining count (see `decreaseOrder`). */
  decreaseOrder(input: DecreaseOrderInput): ReturnType<typeof decreaseOrder>;
  /** Cancels an order (see `cancelOrder`). */
  cancelOrder(input: CancelOrderInput): ReturnType<typeof cancelOrder>;
  /**
   * Ends the client (a bot shutting down): every call in flight is aborted, in its rate-limit wait, its retry pause,
   * its request or an order helper's wait between two reads of a lost write's read-back, and every later call is
   * refused before anything is signed or sent, each rejecting with `KalshiAbortError` ("…: the client was closed") as
   * if its own `signal` had aborted: a write that may have reached the exchange says so (`mayHaveActed`, its order
   * named). Resolves once the calls in flight have ended (their requests aborted, no timer left; this client's order
   * helpers settled); calling it again returns the same promise.
   */
  close(): Promise<void>;
}

export type { KalshiFetchClient };

/** The client `createKalshiClient` returns: the typed fetch client plus helpers. */
export type KalshiClient<P extends {} = paths> = KalshiFetchClient<P> & KalshiHelpers;

/** The keys of KalshiClientOptions: another is a typo, refused rather than dropped. */
const CLIENT_TERMS = {
  environment: 1,
  baseUrl: 1,
  credentials: 1,
  fetch: 1,
  retry: 1,
  rateLimit: 1,
  timeoutMs: 1,
  userAgent: 1,
  operations: 1,
  logger: 1,
  logLevel: 1,
  onAttempt: 1,
  onRetry: 1,
  onRateLimitWait: 1,
} as const satisfies Record<keyof KalshiClientOptions, 1>;

const DEFAULT_RETRY = { maxRetries: 2, initialDelayMs: 500, maxDelayMs: 8_000, maxRetryAfterMs: 30_000 };
const NO_RETRY = { ...DEFAULT_RETRY, maxRetries: 0 };
/** The `User-Agent` sent when `userAgent` is not given. */
export const DEFAULT_USER_AGENT = '@org/kalshi-client';

/**
 * A `userAgent` fetch can send (credentials.ts `sendable`), checked at creation: else every call would fail as a
 * connection error, retried, and an order never sent would read as maybe placed. The value is not shown.
 */
function checkedUserAgent(userAgent: unknown = DEFAULT_USER_AGENT): string {
  if (typeof userAgent === 'string' && sendable('user-agent', userAgent)) return userAgent;
  throw new KalshiValidationError(
    'userAgent',
    `expected a header value fetch can send (Latin-1 characters, no NUL, CR or LF), got ${typeof userAgent === 'string' ? 'other characters (not shown)' : `a ${typeof userAgent}`}`,
  );
}

/**
 * The `operations` option's entries, each checked to route by: one without its method and path would match no call,
 * and the built-in operation (or none) be used instead; a `query` that is no list would check calls by substring.
 */
function checkedOperations(table: Readonly<Record<string, OperationInfo>>): OperationInfo[] {
  const entries = Object.entries(checkedObject('operations', table));
  for (const [id, op] of entries) {
    if (typeof op?.method !== 'string' || typeof op.path !== 'string' || typeof op.auth !== 'string')
      throw new KalshiValidationError(
        `operations.${id}`,
        'expected an entry of the manifest kalshi-codegen generates ({ operationId, method, path, auth, … })',
      );
    for (const key of ['query', 'body'] as const)
      if (!(op[key] === undefined || Array.isArray(op[key])))
        throw new KalshiValidationError(`operations.${id}.${key}`, `expected a list of names, got ${kindOf(op[key])}`);
  }
  return entries.map(([, op]) => op);
}

/**
 * The openapi-fetch client typed by Kalshi's spec, plus helpers. Credentials are parsed here, once; an operation
 * that needs them fails before sending when there are none.
 *
 * This signature comes first, with no type parameter, so that a contextual type (`const kalshi: KalshiClient =
 * await createKalshiClient(…)`, a factory returning `Promise<KalshiClient>`) infers nothing: inferring `P` back from
 * it measured the variance of `P` through the whole client type, about 450,000 type instantiations.
 */
export function createKalshiClient(options?: KalshiClientOptions): Promise<KalshiClient>;
/**
 * The client typed by a spec you generated yourself: `createKalshiClient<paths>({ operations })` types and routes it
 * by your `paths` (see `operations`). Give the type argument: without one, the signature above is the one used.
 */
export function createKalshiClient<P extends {}>(options?: KalshiClientOptions): Promise<KalshiClient<P>>;
/**
 * The client typed by Kalshi's spec. The last signature is what `ReturnType<typeof createKalshiClient>` reads: this
 * one makes `Awaited<ReturnType<typeof createKalshiClient>>` the full `KalshiClient` (the generic one above would
 * give its constraint, `KalshiClient<{}>`, where no path compiles).
 */
export function createKalshiClient(options?: KalshiClientOptions): Promise<KalshiClient>;
export async function createKalshiClient<P extends {} = paths>(
  options: KalshiClientOptions = {},
): Promise<KalshiClient<P>> {
  // The stream's name for its URL (`url`) is meant as the client's `baseUrl`.
  const retry = checkedRetry(
    checkedTerms('createKalshiClient', options, CLIENT_TERMS, { url: 'baseUrl' }, 'options').retry,
  );
  checkedKind('fetch', options.fetch, 'function');
  const rateLimiter =
    options.rateLimit === undefined || options.rateLimit === false
      ? undefined
      : new ClientRateLimiter(options.rateLimit);
  const signer = await resolveSigner(options.credentials);
  const accessToken = accessTokenOf(options.credentials);
  // createSigner's signers sign Kalshi's paths only; a signer of yours may sign for a proxy that rewrites them.
  const signs = builtInSign(signer) !== undefined;
  const guard = mockGuard(options.credentials);
  // A key or token that is not a mock's: refused over cleartext to a host that is not loopback (checkCleartext).
  const secret: SentSecret | undefined =
    guard || isMockToken(accessToken) ? undefined : signer ? 'signature' : accessToken ? 'access token' : undefined;
  const baseUrl =
    options.baseUrl === undefined
      ? baseUrlFor(options.environment ?? 'production')
      : checkedBaseUrl(options.baseUrl, signs, secret);
  const observer = createObserver(options);
  const clock = { offsetMs: 0 };
  const retryOptions = retry === false ? NO_RETRY : { ...DEFAULT_RETRY, ...retry };
  const transport = createTransport({
    observer,
    clock,
    fetch: () => options.fetch ?? globalThis.fetch,
    globalFetch: options.fetch === undefined,
    signer,
    accessToken,
    retry: retryOptions,
    rateLimiter,
    timeoutMs: checkedTimeout(options.timeoutMs) ?? 30_000,
    userAgent: checkedUserAgent(options.userAgent),
  });
  const userOperations = options.operations && checkedOperations(options.operations);
  // Typed with the per-call options (call-options.ts).
  const client = createCaller({
    baseUrl,
    signs,
    secret,
    transport,
    track: transport.track,
    // The operation from the schema path (the user's own operations first); stops unauthenticated calls, and a
    // mock's test key bound for Kalshi's real hosts while the mock is not listening.
    start(method, schemaPath, url, params, body) {
      const lower = method.toLowerCase();
      const op =
        userOperations?.find((user) => user.method === lower && user.path === schemaPath) ??
        findOperation(lower, schemaPath);
      checkQuery(op, method, schemaPath, params.query);
      checkBody(op, method, schemaPath, body);
      guard?.(url, op?.operationId);
      if (op?.auth === 'required' && !signer && !(accessToken && op.bearer))
        throw new KalshiMissingCredentialsError(
          op.operationId,
          accessToken
            ? Object.values(operations).flatMap((known) => (known.bearer ? known.operationId : []))
            : undefined,
          op.bearer,
        );
      if (op?.deprecated) warnDeprecated(op, observer);
      return { operation: op, attempts: 0, uncertain: false, url, path: params.path, body, keyId: signer?.keyId };
    },
  }) as unknown as KalshiFetchClient;
  /**
   * An order helper on this client, refusing an argument after its input (checkedArity) rather than dropping it. In
   * flight until the promise it returns settles (a read-back's waits included): close() resolves after it has
   * (namingOrder's own hold ends jobs before this async wrapper settles).
   */
  const bound = <I, R>(name: string, helper: (client: KalshiFetchClient, input: I) => Promise<R>) =>
    function (this: unknown, input: I): Promise<R> {
      return transport.track(
        (async () => {
          checkedArity(`${name}(input)`, arguments, 1);
          return helper(client, input);
        })(),
      );
    };
  // The helpers are typed by the built-in spec; the raw methods by P (the same client underneath).
  Object.defineProperty(client, 'clockOffsetMs', { get: () => clock.offsetMs, enumerable: true });
  return Object.assign(client as unknown as KalshiMethods<P> & Pick<KalshiHelpers, 'clockOffsetMs'>, {
    [OBSERVER]: observer,
    [CLOSED]: transport as Closing,
    [RETRY]: retryOptions,
    signer,
    baseUrl,
    // A method, for `arguments`: an argument after the last is refused (checkedArity), not dropped.
    paginate<P extends PaginatedPath>(path: P, init?: PaginateInit<P>) {
      checkedArity('paginate(path, init)', arguments, 2);
      return paginate(client, path, init);
    },
    placeOrder: bound('placeOrder', placeOrder),
    amendOrder: bound('amendOrder', amendOrder),
    decreaseOrder: bound('decreaseOrder', decreaseOrder),
    cancelOrder: bound('cancelOrder', cancelOrder),
    close: transport.close,
  });
}
