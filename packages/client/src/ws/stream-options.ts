// The stream's options, and turning them into a URL and a WebSocket class (checked before anything connects).
import type { CredentialsOption } from '../credentials';
import { KalshiError, KalshiValidationError } from '../errors';
import { STREAM_URLS } from '../generated/stream-urls';
import { globalWebSocketWithHeaders, type StreamSocketConstructor } from './socket';

/** Options of `createKalshiStream`. */
export interface StreamOptions {
  readonly environment?: keyof typeof STREAM_URLS;
  readonly url?: string;
  /** Kalshi requires a signed handshake even for public channels. Default `'env'` (KALSHI_API_KEY_ID and a key). */
  readonly credentials?: CredentialsOption;
  /**
   * The WebSocket class, called as `new WebSocket(url, { headers })`. Default: the global one where it can send
   * headers (Node ≥ 22, Bun, Deno, or one installed for msw), else the `ws` package (an optional peer dependency).
   */
  readonly WebSocket?: StreamSocketConstructor;
  /** Give up on a connection attempt after this long (default 10 s). */
  readonly connectTimeoutMs?: number;
  /**
   * Reconnect when nothing (message or ping) arrives for this long (default 30 s; Kalshi pings every 10 s). After half
   * of it in silence the stream sends `list_subscriptions` and waits for any reply, because a WHATWG WebSocket (Node ≥
   * 22's global, Bun, Deno) does not show pings: a quiet, healthy connection answers and is kept.
   */
  readonly heartbeatMs?: number;
  /** Reconnect backoff: first delay and cap, with full jitter (defaults 250 ms and 30 s). */
  readonly reconnect?: { readonly initialDelayMs?: number; readonly maxDelayMs?: number };
  /**
   * Messages kept per subscription for a slow consumer (default 10,000), so memory stays bounded. When full: on a
   * sequenced channel (order book) the queued messages are discarded and the subscription re-snapshotted, since
   * any dropped delta is a gap (the consumer's next message is a fresh snapshot); on other channels the oldest
   * message is dropped.
   */
  readonly queueSize?: number;
}

/** The URL to connect to: `url` (ws:// or wss://), else the environment's recommended host. */
export function streamUrl(options: StreamOptions): string {
  if (options.url === undefined) {
    const environment = options.environment ?? 'production';
    const urls = STREAM_URLS[environment] as readonly string[] | undefined;
    if (!urls) throw new KalshiValidationError('environment', `expected one of ${Object.keys(STREAM_URLS).join(', ')}`);
    return urls[0] as string;
  }
  const protocol = URL.canParse(options.url) ? new URL(options.url).protocol : undefined;
  if (protocol !== 'ws:' && protocol !== 'wss:')
    throw new KalshiValidationError('url', `expected a ws:// or wss:// URL, got "${options.url}"`);
  return options.url;
}

/** `WebSocket` from the options, else the global one if it can send headers, else the `ws` package. */
export async function socketClass(options: StreamOptions): Promise<StreamSocketConstructor> {
  return options.WebSocket ?? globalWebSocketWithHeaders() ?? (await loadWs());
}

async function loadWs(): Promise<StreamSocketConstructor> {
  try {
    const ws = await import('ws');
    return (ws.WebSocket ?? ws.default) as unknown as StreamSocketConstructor;
  } catch {
    throw new KalshiError(
      "WebSocket: install the 'ws' package (pnpm add ws) or pass a WebSocket constructor that accepts headers",
    );
  }
}
