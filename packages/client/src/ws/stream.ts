// A WebSocket client for Kalshi's streaming API: signed handshakes (afresh on every connect), commands with ids
// whose replies resolve or reject, subscriptions as async iterables that survive reconnects, a liveness watchdog,
// sequence-gap recovery and a bounded queue per subscription.
import type { Signer } from '@org/kalshi-auth';
import { backoffDelay } from '../backoff';
import { type CredentialsOption, resolveSigner } from '../credentials';
import { KalshiError } from '../errors';
import type { Channel, ErrorCode, ServerMessage } from '../generated/asyncapi';
import { errorCodes } from '../generated/asyncapi';
import { STREAM_URLS } from '../generated/stream-urls';
import { type Connection, globalWebSocketWithHeaders, openSocket, type StreamSocketConstructor } from './socket';

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
  /** Reconnect when nothing (message or ping) arrives for this long (default 30 s; Kalshi pings every 10 s). */
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

export interface SubscribeParams {
  readonly channels: readonly Channel[];
  readonly market_tickers?: readonly string[];
  readonly [param: string]: unknown;
}

/** A command rejected by the server, with Kalshi's numeric code (e.g. 8 "Unknown channel name"). */
export class KalshiStreamError extends KalshiError {
  override name = 'KalshiStreamError';
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(`${code} ${errorCodes[code as ErrorCode] ?? 'error'}: ${message}`);
  }
}

export interface Subscription extends AsyncIterable<ServerMessage> {
  readonly channels: readonly Channel[];
  /** Current server-side subscription ids (they change after a reconnect or a re-snapshot). */
  readonly sids: readonly number[];
  /** Messages received and not yet consumed (at most `queueSize`). */
  readonly queued: number;
  /** Adds or removes markets on every sid of this subscription. */
  update(change: { add?: readonly string[]; remove?: readonly string[] }): Promise<void>;
  unsubscribe(): Promise<void>;
}

export interface KalshiStream {
  subscribe(params: SubscribeParams): Promise<Subscription>;
  /**
   * The server's subscriptions on this connection. Its reply also marks a point in the stream: every message sent
   * before it has been delivered to the subscriptions' queues.
   */
  listSubscriptions(): Promise<{ channel: Channel; sid: number }[]>;
  /** Resolves once connected (the first connection is made by createKalshiStream). */
  readonly connected: () => boolean;
  close(): Promise<void>;
}

interface Pending {
  /** Runs synchronously on each reply, before later messages (a snapshot right behind `subscribed`). */
  readonly onReply?: (reply: Record<string, unknown>) => void;
  readonly resolve: (replies: Record<string, unknown>[]) => void;
  readonly reject: (error: Error) => void;
  readonly replies: Record<string, unknown>[];
  readonly expected: number;
}

const SEQUENCED: ReadonlySet<string> = new Set(['orderbook_delta', 'order_group_updates']);

export async function createKalshiStream(options: StreamOptions): Promise<KalshiStream> {
  // Kalshi requires a signed handshake even for public channels.
  const signer = await resolveSigner(options.credentials ?? 'env');
  if (!signer)
    throw new KalshiError(
      "credentials: Kalshi's WebSocket always needs a signed handshake; pass { keyId, privateKey } or set KALSHI_API_KEY_ID and KALSHI_PRIVATE_KEY or KALSHI_PRIVATE_KEY_PATH",
    );
  const url = options.url ?? STREAM_URLS[options.environment ?? 'production'][0];
  const Socket = options.WebSocket ?? globalWebSocketWithHeaders() ?? (await loadWs());
  const stream = new Stream(url, signer, Socket, options);
  await stream.connect();
  return stream.api();
}

class Stream {
  private socket: Connection | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly subscriptions = new Set<LiveSubscription>();
  private readonly bySid = new Map<number, LiveSubscription>();
  private watchdog: ReturnType<typeof setTimeout> | undefined;
  private retry: ReturnType<typeof setTimeout> | undefined;
  private attempts = 0;
  private closed = false;
  /** Set by close(): called once the socket it closed is gone. */
  private onClosed: (() => void) | undefined;

  constructor(
    private readonly url: string,
    private readonly signer: Signer,
    private readonly Socket: StreamSocketConstructor,
    readonly options: StreamOptions,
  ) {}

  api(): KalshiStream {
    return {
      subscribe: (params) => this.subscribe(params),
      listSubscriptions: async () => {
        const [reply] = await this.command('list_subscriptions', {});
        return (reply?.msg ?? []) as { channel: Channel; sid: number }[];
      },
      connected: () => this.socket?.isOpen() ?? false,
      close: () => this.close(),
    };
  }

  /** Opens a socket with a fresh signature; resolves when open, rejects on failure or timeout. */
  async connect(): Promise<void> {
    const headers = { ...(await this.signer.sign({ method: 'GET', url: this.url })) };
    const timeoutMs = this.options.connectTimeoutMs ?? 10_000;
    await new Promise<void>((resolve, reject) => {
      let opened = false;
      let failure: Error | undefined;
      const timeout = setTimeout(() => {
        failure = new KalshiError(`WebSocket connect timed out after ${timeoutMs} ms`);
        socket.terminate();
        reject(failure);
      }, timeoutMs);
      const socket = openSocket(this.Socket, this.url, headers, {
        open: () => {
          clearTimeout(timeout);
          opened = true;
          this.attempts = 0;
          this.alive();
          resolve();
        },
        message: (text) => this.receive(text),
        alive: () => this.alive(),
        error: (error) => {
          failure ??= error;
          if (!opened) {
            clearTimeout(timeout);
            reject(failure);
          }
        },
        close: () => {
          clearTimeout(timeout);
          // Before open, the attempt failed (its caller retries or gives up); after, the connection dropped.
          if (!opened) reject(failure ?? new KalshiError('WebSocket closed during the handshake'));
          else if (this.socket === socket) this.dropped();
          else this.onClosed?.();
        },
      });
      this.socket = socket;
    });
  }

  private alive(): void {
    clearTimeout(this.watchdog);
    if (this.closed) return;
    this.watchdog = setTimeout(() => {
      // Silent for too long: assume a dead connection.
      this.socket?.terminate();
    }, this.options.heartbeatMs ?? 30_000);
  }

  /** The socket went away: fail pending commands, then reconnect with backoff and restore subscriptions. */
  private dropped(): void {
    clearTimeout(this.watchdog);
    for (const [id, pending] of this.pending) {
      pending.reject(new KalshiError('WebSocket closed before the reply'));
      this.pending.delete(id);
    }
    this.bySid.clear();
    if (this.closed) return;
    const { initialDelayMs = 250, maxDelayMs = 30_000 } = this.options.reconnect ?? {};
    const delay = backoffDelay(this.attempts++, initialDelayMs, maxDelayMs);
    this.retry = setTimeout(() => {
      this.connect().then(
        () => this.restore(),
        () => this.dropped(),
      );
    }, delay);
  }

  private async restore(): Promise<void> {
    for (const subscription of this.subscriptions) {
      await this.open(subscription).catch(() => undefined);
    }
  }

  private receive(text: string): void {
    this.alive();
    let message: Record<string, unknown>;
    try {
      message = JSON.parse(text);
    } catch {
      return;
    }
    const id = typeof message.id === 'number' ? message.id : undefined;
    const pending = id !== undefined ? this.pending.get(id) : undefined;
    if (
      pending &&
      (message.type === 'error' ||
        message.type === 'subscribed' ||
        message.type === 'ok' ||
        message.type === 'unsubscribed')
    ) {
      if (message.type === 'error') {
        const msg = (message.msg ?? {}) as { code?: number; msg?: string };
        this.pending.delete(id as number);
        pending.reject(new KalshiStreamError(msg.code ?? 0, msg.msg ?? 'error'));
        return;
      }
      // `ok` and `unsubscribed` replies carry the sid's next seq: they take a place in its sequence.
      if (typeof message.sid === 'number') this.bySid.get(message.sid)?.observe(message.sid, message);
      pending.replies.push(message);
      pending.onReply?.(message);
      if (pending.replies.length >= pending.expected) {
        this.pending.delete(id as number);
        pending.resolve(pending.replies);
      }
      return;
    }
    const sid = typeof message.sid === 'number' ? message.sid : undefined;
    const subscription = sid !== undefined ? this.bySid.get(sid) : undefined;
    if (subscription) subscription.deliver(sid as number, message as unknown as ServerMessage);
  }

  command(
    cmd: string,
    params: Record<string, unknown>,
    expected = 1,
    onReply?: Pending['onReply'],
  ): Promise<Record<string, unknown>[]> {
    const socket = this.socket;
    if (!socket?.isOpen()) return Promise.reject(new KalshiError('WebSocket is not connected'));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { onReply, resolve, reject, replies: [], expected });
      socket.send(JSON.stringify({ id, cmd, params }));
    });
  }

  async subscribe(params: SubscribeParams): Promise<Subscription> {
    // Kalshi merges a second subscribe to a channel into the first (same sid), so two subscriptions on one
    // channel would share, and fight over, one server subscription.
    for (const channel of params.channels) {
      if ([...this.subscriptions].some((s) => s.channels.includes(channel)))
        throw new KalshiError(
          `subscribe: channel "${channel}" is already subscribed on this stream; add markets to that subscription with update({ add }) or open another stream`,
        );
    }
    const subscription = new LiveSubscription(this, params, this.options.queueSize ?? 10_000);
    await this.open(subscription);
    this.subscriptions.add(subscription);
    return subscription.api();
  }

  /** Sends the subscribe command; one `subscribed` reply (with its sid) per channel. */
  async open(subscription: LiveSubscription): Promise<void> {
    subscription.attach([]);
    await this.command('subscribe', subscription.params(), subscription.channels.length, (reply) => {
      const { sid, channel } = reply.msg as { sid: number; channel: Channel };
      subscription.sids.push(sid);
      subscription.channelOf.set(sid, channel);
      this.bySid.set(sid, subscription);
    });
  }

  async resnapshot(subscription: LiveSubscription): Promise<void> {
    const old = [...subscription.sids];
    for (const sid of old) this.bySid.delete(sid);
    await this.command('unsubscribe', { sids: old }, old.length).catch(() => undefined);
    await this.open(subscription);
  }

  forget(subscription: LiveSubscription): void {
    this.subscriptions.delete(subscription);
    for (const sid of subscription.sids) this.bySid.delete(sid);
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.watchdog);
    clearTimeout(this.retry);
    for (const subscription of this.subscriptions) subscription.end();
    this.subscriptions.clear();
    const socket = this.socket;
    this.socket = undefined;
    if (socket?.isOpen()) {
      await new Promise<void>((resolve) => {
        // If the server never acknowledges the close, cut the socket after a second; clear that timer otherwise.
        const fallback = setTimeout(() => {
          socket.terminate();
          resolve();
        }, 1000);
        this.onClosed = () => {
          clearTimeout(fallback);
          resolve();
        };
        socket.close(1000, 'client closed');
      });
    } else socket?.terminate();
  }
}

class LiveSubscription {
  sids: number[] = [];
  readonly channelOf = new Map<number, Channel>();
  private readonly lastSeq = new Map<number, number>();
  /** Per order-book sid, the markets waiting for a fresh snapshot after a gap: their deltas are dropped meanwhile. */
  private readonly stale = new Map<number, Set<string>>();
  private readonly queue: ServerMessage[] = [];
  private waiting: ((result: IteratorResult<ServerMessage>) => void) | undefined;
  private ended = false;
  private resyncing = false;
  private markets: string[];

  constructor(
    private readonly stream: Stream,
    private readonly request: SubscribeParams,
    private readonly limit: number,
  ) {
    const { market_ticker: one } = request;
    this.markets = [...(request.market_tickers ?? (typeof one === 'string' ? [one] : []))];
  }

  get channels(): readonly Channel[] {
    return this.request.channels;
  }

  params(): Record<string, unknown> {
    const { market_ticker: _one, ...request } = this.request;
    return this.markets.length ? { ...request, market_tickers: this.markets } : this.request;
  }

  attach(sids: number[]): void {
    this.sids = sids;
    this.channelOf.clear();
    this.lastSeq.clear();
    this.stale.clear();
    this.resyncing = false;
  }

  /**
   * Checks `seq` continuity per sid: false for a duplicate, and for a gap (a missed message), which starts a repair
   * instead of letting a delta apply out of order.
   */
  private inSequence(sid: number, message: { seq?: unknown }): boolean {
    const seq = message.seq;
    if (typeof seq !== 'number') return true;
    const last = this.lastSeq.get(sid);
    if (last !== undefined && seq <= last) return false;
    if (last !== undefined && seq !== last + 1) {
      this.repair(sid, seq);
      return false;
    }
    this.lastSeq.set(sid, seq);
    return true;
  }

  /** A command reply on one of this subscription's sids. */
  observe(sid: number, reply: { seq?: unknown }): void {
    if (!this.resyncing) this.inSequence(sid, reply);
  }

  deliver(sid: number, message: ServerMessage): void {
    if (this.resyncing || !this.inSequence(sid, message as { seq?: unknown })) return;
    const stale = this.stale.get(sid);
    if (stale && (message.type === 'orderbook_delta' || message.type === 'orderbook_snapshot')) {
      const market = message.msg.market_ticker;
      if (message.type === 'orderbook_delta' && stale.has(market)) return;
      stale.delete(market);
      if (stale.size === 0) this.stale.delete(sid);
    }
    if (this.waiting) {
      const resolve = this.waiting;
      this.waiting = undefined;
      resolve({ value: message, done: false });
      return;
    }
    this.queue.push(message);
    if (this.queue.length > this.limit) {
      if (this.channels.some((c) => SEQUENCED.has(c))) {
        // A dropped delta is a gap: discard what is queued and start again from fresh snapshots.
        this.queue.length = 0;
        for (const sid of this.sids) if (SEQUENCED.has(this.channelOf.get(sid) as string)) this.repair(sid);
      } else this.queue.shift();
    }
  }

  /**
   * A sid lost a message (seq gap, or a discarded queue). On the order book, `get_snapshot` re-sends each market's
   * snapshot on the same sid while the other channels carry on; where that is not possible (no market list, other
   * channels, or the server refuses), the whole subscription is re-subscribed.
   */
  private repair(sid: number, seq?: number): void {
    if (this.channelOf.get(sid) !== 'orderbook_delta' || this.markets.length === 0) {
      this.resync();
      return;
    }
    if (seq !== undefined) this.lastSeq.set(sid, seq);
    this.stale.set(sid, new Set(this.markets));
    this.stream
      .command('update_subscription', { sid, market_tickers: this.markets, action: 'get_snapshot' })
      .catch(() => this.resync());
  }

  private resync(): void {
    this.resyncing = true;
    this.stream.resnapshot(this).catch(() => undefined);
  }

  end(): void {
    this.ended = true;
    this.waiting?.({ value: undefined, done: true });
    this.waiting = undefined;
  }

  api(): Subscription {
    const self = this;
    return {
      get channels() {
        return self.channels;
      },
      get sids() {
        return self.sids;
      },
      get queued() {
        return self.queue.length;
      },
      async update({ add = [], remove = [] }) {
        for (const sid of self.sids) {
          if (add.length)
            await self.stream.command('update_subscription', { sid, market_tickers: add, action: 'add_markets' });
          if (remove.length)
            await self.stream.command('update_subscription', { sid, market_tickers: remove, action: 'delete_markets' });
        }
        self.markets = [...self.markets.filter((m) => !remove.includes(m)), ...add];
      },
      async unsubscribe() {
        const sids = self.sids;
        self.stream.forget(self);
        self.end();
        await self.stream.command('unsubscribe', { sids }, sids.length).catch(() => undefined);
      },
      [Symbol.asyncIterator]: () => ({
        next: () => {
          const value = self.queue.shift();
          if (value) return Promise.resolve({ value, done: false });
          if (self.ended) return Promise.resolve({ value: undefined, done: true });
          return new Promise<IteratorResult<ServerMessage>>((resolve) => {
            self.waiting = resolve;
          });
        },
        return: async () => {
          self.end();
          return { value: undefined, done: true };
        },
      }),
    };
  }
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
