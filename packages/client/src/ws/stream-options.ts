// The stream's options, and turning them into a URL and a WebSocket class (checked before anything connects).
import type { AccessTokenCredentials, CredentialsOption } from '../credentials';
import { checkCleartext, checkPathSegments, checkUserInfo, environmentUrl, shownUrl } from '../environments';
import { KalshiValidationError } from '../errors';
import { STREAM_URLS } from '../generated/stream-urls';
import { mockGuard } from '../mock-guard';
import type { ObserveOptions } from '../observe';
import { loadWs } from './load-ws';
import { globalWebSocketWithHeaders, type StreamSocketConstructor } from './socket';

/** Options of `createKalshiStream`. `logger` and `logLevel` as the REST client's: the stream logs clock skew at `warn`. */
export interface StreamOptions extends Pick<ObserveOptions, 'logger' | 'logLevel'> {
  /** Kalshi's stream for this environment (default `'production'`; `'demo'`); `url` wins when both are given. */
  readonly environment?: keyof typeof STREAM_URLS | undefined;
  /** The stream's URL (`wss://…/trade-api/ws/v2`, or a mock's `ws://` on loopback). */
  readonly url?: string | undefined;
  /**
   * Kalshi requires a signed handshake even for public channels. Default `'env'` (KALSHI_API_KEY_ID and a key). An
   * OAuth access token (`{ accessToken }`) is refused: the WebSocket API does not take one.
   */
  readonly credentials?: Exclude<CredentialsOption, AccessTokenCredentials> | undefined;
  /**
   * The WebSocket class, called as `new WebSocket(url, { headers })`. Default: the global one where it can send
   * headers (Node ≥ 22, Bun, Deno, or one installed for msw), else the `ws` package (an optional peer dependency).
   */
  readonly WebSocket?: StreamSocketConstructor | undefined;
  /**
   * Give up on a connection attempt after this long (default 10 s), signing the handshake included: a custom signer
   * that hangs fails the attempt with `KalshiTimeoutError` (and `signal`/`close()` end it at once).
   */
  readonly connectTimeoutMs?: number | undefined;
  /**
   * How long a command (`subscribe`, `unsubscribe`, `update`, `listSubscriptions`, a book repair's `get_snapshot`)
   * waits for its reply, and between the replies of one with several (default `connectTimeoutMs`). Then it rejects with a
   * `KalshiStreamError` (code 0) naming the command, and, unless it was `listSubscriptions`, the connection is cut
   * and reconnected: what the server applied is unknown, and the reconnect restores every subscription.
   */
  readonly commandTimeoutMs?: number | undefined;
  /**
   * Reconnect when nothing (message or ping) arrives for this long (default 30 s; Kalshi pings every 10 s). After half
   * of it in silence the stream sends `list_subscriptions` and waits for any reply, because a WHATWG WebSocket (Node ≥
   * 22's global, Bun, Deno) does not show pings: a quiet, healthy connection answers and is kept. At least 100 ms.
   */
  readonly heartbeatMs?: number | undefined;
  /**
   * Reconnect backoff: first delay and cap, with full jitter (defaults 250 ms and 30 s). It starts over only once a
   * connection is healthy (still hearing from the server `heartbeatMs` after it opened, its subscriptions restored): a
   * connection dropped sooner, or cut because its restore went unanswered, counts as a failed attempt.
   */
  readonly reconnect?:
    | {
        /** The first delay's cap, in ms (default 250). */
        readonly initialDelayMs?: number | undefined;
        /** The cap of every delay, in ms (default 30 s). */
        readonly maxDelayMs?: number | undefined;
      }
    | undefined;
  /**
   * Messages kept per subscription for a slow consumer (default 10,000), so memory stays bounded. When full, the order
   * book's queued messages are discarded first, since a fresh snapshot rebuilds it (asked for once the consumer has
   * read the queue down to half, for the markets whose messages went, one request per market at a time and as many
   * as the queue has room for; until then their deltas are dropped, and each one's next message is that snapshot). With no
   * book message queued, the oldest message is dropped: the iterator then yields a `{ type: 'gap', reason:
   * 'overflow', dropped }` notice where messages went missing, and the logger gets a `warn`. Fills, orders and
   * positions are never silently lost, but they are lost: read them promptly, or reconcile over REST on a gap.
   */
  readonly queueSize?: number | undefined;
  /**
   * Ends the stream when aborted, as `close()` does: no reconnect after it, subscriptions' iterators end, and
   * `close()` resolves once the socket is gone. A connect in progress, the first one included, rejects with
   * `KalshiAbortError` (the signal's reason as `cause`), as do commands awaiting a reply; an already-aborted signal
   * fails before anything is signed or opened. The stream's listener leaves the signal when the stream ends.
   */
  readonly signal?: AbortSignal | undefined;
  /**
   * Where the handshake's clock offset comes from, typically the REST client (`clockFrom: kalshi`): its
   * `clockOffsetMs` (the exchange's clock minus this machine's, measured from a 401 `header_timestamp_expired`) is read
   * at every handshake, so a machine whose clock is off that REST has corrected for connects at once. Whatever the
   * option, a handshake refused for a stale timestamp whose response shows the exchange's `Date` (the `ws` package's
   * does; where a built-in WebSocket hides it, REST's refusal of the same key on the same host shows it) is signed
   * again once with the exchange's time, the offset logged at `warn` and used from then on by this stream.
   */
  readonly clockFrom?:
    | {
        /** The exchange's clock minus this machine's, in ms. */
        readonly clockOffsetMs: number;
      }
    | undefined;
}

/** The URL to connect to: `url` (ws:// or wss://), else the environment's recommended host. */
export function streamUrl(options: StreamOptions): string {
  if (options.url === undefined) return environmentUrl(STREAM_URLS, options.environment ?? 'production');
  const url = URL.canParse(options.url) ? new URL(options.url) : undefined;
  // Quoted in every error naming the url, and in every "cannot connect to …" after, they are refused first.
  if (url) checkUserInfo('url', url, "which Kalshi's WebSocket does not take (the signed handshake authenticates)");
  if (url?.protocol !== 'ws:' && url?.protocol !== 'wss:')
    throw new KalshiValidationError('url', `expected a ws:// or wss:// URL, got "${shownUrl(options.url)}"`);
  // WHATWG's WebSocket and the `ws` package refuse a URL with a fragment: every connect would fail as a connection error.
  if (url.hash)
    throw new KalshiValidationError(
      'url',
      `has a fragment (#), which a WebSocket URL cannot have: "${shownUrl(options.url)}"`,
    );
  // As the REST client's baseUrl: the handshake would be signed over a path Kalshi does not serve.
  checkPathSegments('url', options.url, url);
  // No signature over another path verifies (notes §2.1): the signer would refuse it as a path, not as this option.
  if (!url.pathname.startsWith('/trade-api/'))
    throw new KalshiValidationError(
      'url',
      `expected a path under /trade-api/ (Kalshi's WebSocket API is at /trade-api/ws/v2), got "${url.pathname}"`,
    );
  // A mock's key may go to a mock anywhere (mock-guard.ts); any other signs the handshake.
  if (!mockGuard(options.credentials)) checkCleartext('url', url);
  return options.url;
}

/** `WebSocket` from the options, else the global one if it can send headers, else the `ws` package. */
export async function socketClass(options: StreamOptions): Promise<StreamSocketConstructor> {
  // The runtime's own class passed as `WebSocket`: refused where the default is (a browser's takes no headers, and
  // would read `{ headers }` as subprotocols: round 24 D6), not a connection error.
  if (options.WebSocket && options.WebSocket === (globalThis as { WebSocket?: unknown }).WebSocket)
    globalWebSocketWithHeaders();
  return options.WebSocket ?? globalWebSocketWithHeaders() ?? (await loadWs());
}
