// A WebSocket client for Kalshi's streaming API. One connection state machine:
//
//   connecting ──open──▶ open ──socket lost──▶ reconnecting ──open──▶ open …
//        └──────── close() or the signal's abort (or a failed first connect) from any state ────────▶ closed
//
// Each connection's resources (socket, connect timer, watchdog, commands waiting for replies) are freed by
// `release()`, and the stream's by `teardown()`, which every way out goes through: after it no timer is armed, no
// socket is left open, no listener is left on the caller's signal, and every pending promise has settled.
// Subscriptions live in ./subscription (with their queue and seq sequencer) and are restored after every reconnect;
// commands and their replies in ./commands.
import type { Signer } from '@org/kalshi-auth';
import { untilAborted } from '../abort-listeners';
import { backoffDelay } from '../backoff';
import { checkedArity, checkedKind, checkedNumber, checkedObject, checkedTerms } from '../call-options';
import { CLOCK_SKEW_MESSAGE, isNewOffset, offsetFromDate, STALE_TIMESTAMP, signingTime } from '../clock-skew';
import { accessTokenOf, resolveSigner, signerFromEnv, signWith } from '../credentials';
import { shownUrl } from '../environments';
import {
  KalshiAbortError,
  KalshiApiError,
  KalshiConnectionError,
  KalshiCredentialsError,
  KalshiMissingCredentialsError,
  KalshiStreamClosedError,
  KalshiTimeoutError,
  KalshiValidationError,
} from '../errors';
import type { Channel, ChannelMessages, ServerMessageType } from '../generated/asyncapi';
import { KalshiMockNotListeningError, mockGuard } from '../mock-guard';
import { createObserver, type Observer } from '../observe';
import { Commands } from './commands';
import { isUnexplained } from './connect-error';
import { probeRefusal } from './refusal-probe';
import { type Connection, openSocket, type StreamSocketConstructor } from './socket';
import { failedOnServer, KalshiStreamError } from './stream-error';
import type { StreamGapReason } from './stream-gap';
import { type StreamOptions, socketClass, streamUrl } from './stream-options';
import {
  checkSubscribeParams,
  LiveSubscription,
  ownParams,
  type SubscribeParams,
  type Subscription,
  type SubscriptionHost,
} from './subscription';

/** The connection's state: `connecting`, `open`, `reconnecting` or `closed`. */
export type StreamState = 'connecting' | 'open' | 'reconnecting' | 'closed';

/** A connection to Kalshi's WebSocket API: subscriptions, commands and reconnection. */
export interface KalshiStream {
  /**
   * Subscribes; one subscription per channel per stream (a second one to a channel is refused). Refused before sending
   * (`KalshiValidationError` naming the param): a channel listed twice, an empty `market_tickers` or `market_ids`, two
   * of `market_ticker`, `market_tickers`, `market_id`, `market_ids` (mutually exclusive in the AsyncAPI spec), a
   * `market_id` or `market_ids` with a channel other than `ticker` (the spec's "ticker only").
   */
  subscribe<C extends Channel>(params: SubscribeParams<C>): Promise<Subscription<C>>;
  /**
   * The server's subscriptions on this connection. Its reply also marks a point in the stream: every message sent
   * before it has been delivered to the subscriptions' queues.
   *
   * Commands (`subscribe`, `listSubscriptions`, a subscription's `update`) issued while the stream reconnects wait for
   * the new connection and the restore of every subscription, up to `connectTimeoutMs`; then they reject with
   * `KalshiConnectionError`.
   */
  listSubscriptions(): Promise<
    {
      /** The subscription's channel. */
      channel: Channel;
      /** The server's subscription id. */
      sid: number;
    }[]
  >;
  /** True while the socket is open (false while reconnecting and after close()). */
  readonly connected: () => boolean;
  /** The connection's current state. */
  readonly state: () => StreamState;
  /**
   * Closes the socket and stops reconnecting. Commands waiting for a reply reject with `KalshiStreamClosedError`,
   * subscriptions' iterators end; resolves once the socket is gone, leaving no timer behind. (Aborting the `signal`
   * option does the same, with `KalshiAbortError`; close() after it resolves once the socket is gone.)
   */
  close(): Promise<void>;
}

const REPLY_WITH_SEQ: ReadonlySet<unknown> = new Set(['ok', 'unsubscribed']);
/**
 * The server's command replies: the responses the AsyncAPI spec lists on its command channel (`root`); a
 * `list_subscriptions` is answered with `ok` (kalshi-api-notes §9.3). One answering no command (a repeated reply) is
 * never a subscription's data. Data types are not filtered: one Kalshi adds still reaches users. (Not derived from the
 * channels' lists: a message a spec update leaves in no channel would make it fail to compile.)
 */
const COMMAND_REPLIES: ReadonlySet<unknown> = new Set([
  'ok',
  'subscribed',
  'unsubscribed',
  'error',
] satisfies ServerMessageType[]);

/** One socket, from the handshake until its `close` event. */
interface Live {
  connection: Connection | undefined;
  opened: boolean;
  /**
   * Cut by the client (see recycle()): a command on it failed on the client's side (no reply in time, a reply it
   * cannot accept), not by the server's refusal; the reconnect restores the subscriptions.
   */
  cut?: boolean;
  /** Resolves on the socket's `close` event. */
  readonly gone: Promise<void>;
  /** Sids whose unsubscribe is on the way on this connection: their data still in flight is expected. */
  readonly leaving: Set<number>;
  /** Sids (or none) whose data no subscription holds, warned of once (see stray()). */
  readonly strays: Set<number | undefined>;
}

/** Connects to the WebSocket API (signed handshake) and resolves once the connection is open. */
export async function createKalshiStream(options: StreamOptions): Promise<KalshiStream> {
  checkStreamOptions(options);
  const url = streamUrl(options);
  // Kalshi requires a signed handshake even for public channels. Its AsyncAPI spec declares only the API key
  // (components.securitySchemes.apiKey), no bearer token: a token would only be refused by the server.
  if (accessTokenOf(options.credentials) !== undefined)
    throw new KalshiValidationError(
      'credentials',
      "Kalshi's WebSocket does not accept an OAuth access token (Kalshi takes it only on a few REST reads: fills and positions); pass { keyId, privateKey } or a signer",
    );
  const signer = options.credentials === undefined ? await signerFromEnv() : await resolveSigner(options.credentials);
  // The error REST gives for the same mistake (KalshiMissingCredentialsError), naming where credentials go here.
  if (!signer) throw new KalshiMissingCredentialsError('WebSocket handshake', undefined, false, 'createKalshiStream');
  const Socket = await socketClass(options);
  const stream = new Stream(url, signer, Socket, options);
  await stream.start();
  return stream.api();
}

/**
 * Every option, to refuse one the stream does not take (JavaScript callers get no type check): `streamUrl` or `baseUrl`
 * for `url` would otherwise connect to Kalshi's production host.
 */
const STREAM_OPTIONS = {
  environment: 1,
  url: 1,
  credentials: 1,
  WebSocket: 1,
  connectTimeoutMs: 1,
  commandTimeoutMs: 1,
  heartbeatMs: 1,
  reconnect: 1,
  queueSize: 1,
  signal: 1,
  clockFrom: 1,
  logger: 1,
  logLevel: 1,
} as const satisfies Record<keyof StreamOptions, 1>;

/**
 * The timing and size options, checked before anything is signed or opened: a heartbeat of 0 or 1 ms (or NaN) would
 * cut every healthy connection before its probe's reply could arrive and reconnect forever; NaN or Infinity would
 * overflow the timers. The floors are ours (the notes are silent on reply latency): 100 ms of heartbeat (its probe
 * waits half of it), a connect timeout above 0, a queue of two messages (it is drained to half).
 */
function checkStreamOptions(options: StreamOptions): void {
  // The client's name for its URL (`baseUrl`) is meant as the stream's `url`.
  checkedTerms('createKalshiStream', options, STREAM_OPTIONS, { baseUrl: 'url' }, 'options');
  const { connectTimeoutMs, commandTimeoutMs, heartbeatMs, reconnect, queueSize } = options;
  // A class, not its package's name ('ws'): else every connect fails as a lost connection.
  checkedKind('WebSocket', options.WebSocket, 'function');
  checkedKind('signal', options.signal, 'AbortSignal');
  if (connectTimeoutMs !== undefined) checkedNumber('connectTimeoutMs', connectTimeoutMs, false, 1);
  if (commandTimeoutMs !== undefined) checkedNumber('commandTimeoutMs', commandTimeoutMs, false, 1);
  if (heartbeatMs !== undefined) checkedNumber('heartbeatMs', heartbeatMs, false, 100);
  if (queueSize !== undefined) checkedNumber('queueSize', queueSize, true, 2);
  if (reconnect !== undefined) checkedTerms('reconnect', reconnect, RECONNECT_OPTIONS, {}, 'reconnect');
  for (const name of ['initialDelayMs', 'maxDelayMs'] as const)
    if (reconnect?.[name] !== undefined) checkedNumber(`reconnect.${name}`, reconnect[name], false);
  // Read at every handshake: a number here (or no clockOffsetMs) would fail every reconnect, not the call.
  if (
    options.clockFrom !== undefined &&
    typeof checkedObject('clockFrom', options.clockFrom).clockOffsetMs !== 'number'
  )
    throw new KalshiValidationError('clockFrom', 'expected an object with clockOffsetMs, such as the REST client');
}

/** The reconnect backoff's options: another (`initialDelay`) would be dropped and the default used. */
const RECONNECT_OPTIONS = { initialDelayMs: 1, maxDelayMs: 1 } as const satisfies Record<
  keyof NonNullable<StreamOptions['reconnect']>,
  1
>;

class Stream implements SubscriptionHost {
  private state: StreamState = 'connecting';
  /** The socket being opened, or the open one. */
  private socket: Live | undefined;
  private connectTimer: ReturnType<typeof setTimeout> | undefined;
  private watchdog: ReturnType<typeof setTimeout> | undefined;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  /** Reconnect attempts since the last healthy connection: the backoff's exponent. */
  private attempts = 0;
  /** When the open connection opened, until it proves healthy (see alive()). */
  private openedAt: number | undefined;
  private readonly commands: Commands;
  private readonly subscriptions = new Set<LiveSubscription>();
  private readonly bySid = new Map<number, LiveSubscription>();
  private closing: Promise<void> | undefined;
  /** Refuses a mock's test key bound for Kalshi's real hosts while the mock is not listening (see mock-guard.ts). */
  private readonly guard: ((url: string) => void) | undefined;
  private readonly log: Observer | undefined;
  /** The exchange's clock minus this machine's, once a handshake refused for a stale timestamp has shown it. */
  private offsetMs: number | undefined;
  /** From a lost connection until every subscription is restored on the next one: user commands wait meanwhile. */
  private restoring = false;
  /** User commands waiting for that (see ready()). */
  private readonly waiting = new Set<(error?: Error) => void>();
  /** Called when the stream ends: a handshake being signed gives up (see sign()). */
  private readonly onEnd = new Set<() => void>();
  /** Set when the caller's signal ended the stream: what a connect in progress rejects with. */
  private aborted: KalshiAbortError | undefined;
  private readonly onAbort = () => {
    this.aborted = aborted(this.options.signal as AbortSignal);
    this.closing ??= this.shutDown(this.teardown(this.aborted));
  };

  constructor(
    private readonly url: string,
    private readonly signer: Signer,
    private readonly Socket: StreamSocketConstructor,
    private readonly options: StreamOptions,
  ) {
    this.guard = mockGuard(options.credentials);
    this.log = createObserver(options);
    // A command left without its reply (see Commands) has already rejected; what the server made of it is unknown.
    // `list_subscriptions` changes nothing on the server, so the connection stays (the watchdog judges its health).
    // Any other (subscribe, unsubscribe, update_subscription) may have been applied or not: a subscription the client
    // does not know, or markets other than the ones it records, would go on unseen, so the connection is recycled:
    // the reconnect restores every subscription from the client's own record, with fresh snapshots and gap notices.
    this.commands = new Commands(options.commandTimeoutMs ?? options.connectTimeoutMs ?? 10_000, (cmd) => {
      if (cmd !== 'list_subscriptions') this.recycle(`no reply to ${cmd}`);
    });
  }

  api(): KalshiStream {
    return {
      // Every argument, for subscribe to refuse one after params (checkedArity).
      subscribe: <C extends Channel>(...args: [SubscribeParams<C>]) => this.subscribe(...args),
      listSubscriptions: async () => {
        await this.ready('list_subscriptions');
        const [reply] = await this.command('list_subscriptions', {});
        return subscriptionList(reply);
      },
      connected: () => this.state === 'open' && (this.socket?.connection?.isOpen() ?? false),
      state: () => this.state,
      close: () => this.close(),
    };
  }

  /** The first connection; if it fails, nothing of the stream is left behind. */
  async start(): Promise<void> {
    const { signal } = this.options;
    // Aborted before the call, or while the credentials or the WebSocket class loaded: nothing to undo yet.
    if (signal?.aborted) throw aborted(signal);
    signal?.addEventListener('abort', this.onAbort, { once: true });
    try {
      await this.connect();
    } catch (error) {
      void this.shutDown(this.teardown(error as Error));
      throw error;
    }
  }

  /**
   * Opens a connection; resolves when open, rejects on failure, timeout, close() or abort. A handshake refused for a
   * stale timestamp whose response shows the exchange's time is signed again once with that time (kalshi-api-notes
   * §2.2, §2.5), as the REST transport does; the offset is kept for every later handshake of the stream.
   */
  private async connect(): Promise<void> {
    const deadline = Date.now() + (this.options.connectTimeoutMs ?? 10_000);
    const offsetMs = await this.open(true).catch((error: unknown) => this.explain(error, deadline));
    if (offsetMs === undefined) return;
    // Warned once per new offset (the same one measured on a reconnect says nothing new).
    if (isNewOffset(offsetMs, this.clockOffset()))
      this.log?.('warn', { clockOffsetMs: offsetMs, operationId: 'WebSocket handshake', message: CLOCK_SKEW_MESSAGE });
    this.offsetMs = offsetMs;
    await this.open(false);
  }

  /** The offset to sign with: the one this stream measured, else `clockFrom`'s (read at each handshake). */
  private clockOffset(): number | undefined {
    return this.offsetMs ?? this.options.clockFrom?.clockOffsetMs;
  }

  /**
   * A failure the runtime's WebSocket did not explain (Node ≥ 22): REST's 401 for the same key instead (see
   * ./refusal-probe), or, for a stale timestamp with the exchange's `Date`, the clock offset to sign with; else the
   * failure as it was. REST is asked within what is left of the attempt's `connectTimeoutMs` (`deadline`).
   */
  private async explain(error: unknown, deadline: number): Promise<number | undefined> {
    const timeoutMs = deadline - Date.now();
    if (!isUnexplained(error) || timeoutMs <= 0) throw error;
    const cut = new AbortController();
    const end = () => cut.abort();
    this.onEnd.add(end);
    const refusal = await probeRefusal(
      this.url,
      (url) => {
        const timestamp = signingTime(this.clockOffset());
        return this.sign({ method: 'GET', url, timestamp }, timeoutMs);
      },
      AbortSignal.any([cut.signal, AbortSignal.timeout(timeoutMs)]),
    ).finally(() => this.onEnd.delete(end));
    // Ended meanwhile (close(), the caller's abort): as any connect cut short, with the abort's error.
    this.throwIfClosed();
    if (!refusal) throw error;
    const offset = isStaleTimestamp(refusal.error) ? offsetFromDate(refusal.date, refusal.signed) : undefined;
    if (offset !== undefined) return offset;
    throw refusal.error;
  }

  /**
   * Signs afresh and opens a socket; resolves when open, rejects on failure, timeout, close() or abort. With
   * `mayCorrect`, a refusal for a stale timestamp that carries the exchange's `Date` resolves with the clock offset
   * it shows instead of rejecting.
   */
  private async open(mayCorrect: boolean): Promise<number | undefined> {
    // Closed already (from the logger's clock-skew warning, the caller's code): nothing is signed or armed after it.
    this.throwIfClosed();
    this.guard?.(this.url);
    const timestamp = signingTime(this.clockOffset());
    const connectTimeoutMs = this.options.connectTimeoutMs ?? 10_000;
    // One bound for the attempt, the signing included (StreamOptions.connectTimeoutMs): the socket gets what is left.
    const deadline = Date.now() + connectTimeoutMs;
    const headers = { ...(await this.sign({ method: 'GET', url: this.url, timestamp }, connectTimeoutMs)) };
    const timeoutMs = Math.max(0, deadline - Date.now());
    this.throwIfClosed();
    let markGone = () => {};
    const gone = new Promise<void>((r) => (markGone = r));
    const live: Live = { connection: undefined, opened: false, gone, leaving: new Set(), strays: new Set() };
    return new Promise<number | undefined>((resolve, reject) => {
      let failure: Error | undefined;
      let failed = false;
      // Once: the socket's error, its close and the connect timer may each report the same failure.
      const fail = (error: Error, date?: string) => {
        if (failed) return;
        failed = true;
        failure ??= error;
        this.discard(live);
        const offset =
          mayCorrect && isStaleTimestamp(failure)
            ? offsetFromDate(date, headers['KALSHI-ACCESS-TIMESTAMP'])
            : undefined;
        if (offset !== undefined && this.state !== 'closed') resolve(offset);
        else reject(failure);
      };
      this.socket = live;
      try {
        live.connection = openSocket(this.Socket, this.url, headers, {
          open: () => {
            if (this.socket !== live) return live.connection?.terminate();
            live.opened = true;
            clearTimeout(this.connectTimer);
            this.connectTimer = undefined;
            this.state = 'open';
            this.openedAt = Date.now();
            this.alive();
            resolve(undefined);
          },
          message: (text) => {
            if (this.socket === live) this.receive(text);
          },
          // kalshi-api-notes §9.1: "All frames are JSON text". A binary frame is dropped whichever WebSocket class
          // carries it (the `ws` package hands it over as bytes, a WHATWG class as a Blob or ArrayBuffer): decoding a
          // Blob is asynchronous, so a decoded frame would arrive behind the text frames sent after it, out of
          // sequence, and a server that sends one is not speaking Kalshi's protocol. It is logged, once per frame.
          binary: () => {
            if (this.socket !== live) return;
            this.alive();
            this.log?.('warn', {
              message: 'kalshi stream: a binary frame was dropped (Kalshi sends JSON text frames)',
            });
          },
          alive: () => {
            if (this.socket === live) this.alive();
          },
          error: (error, date) => {
            if (!live.opened) fail(error, date);
            else failure ??= error;
          },
          close: () => {
            markGone();
            if (!live.opened)
              fail(
                this.aborted ??
                  new KalshiConnectionError('WebSocket closed during the handshake', 'WebSocket handshake'),
              );
            else if (this.socket === live)
              this.lost(failure ?? new KalshiConnectionError('WebSocket connection closed', 'WebSocket'));
          },
        });
      } catch (error) {
        // The constructor threw (a URL it refuses, …): no socket exists and no timer was armed.
        this.socket = undefined;
        markGone();
        reject(
          new KalshiConnectionError(
            `WebSocket: cannot connect to ${shownUrl(this.url)}: ${(error as Error).message}`,
            undefined,
            {
              cause: error,
            },
          ),
        );
        return;
      }
      if (this.socket !== live) return; // failed synchronously inside the constructor
      this.connectTimer = setTimeout(
        () =>
          fail(
            new KalshiTimeoutError(`WebSocket connect timed out after ${connectTimeoutMs} ms`, 'WebSocket handshake'),
          ),
        timeoutMs,
      );
    });
  }

  /** A connect cut short by close() or the caller's abort rejects with the abort's error. */
  private throwIfClosed(): void {
    if (this.state === 'closed')
      throw this.aborted ?? new KalshiStreamClosedError('the stream was closed while connecting');
  }

  /**
   * Signs the handshake, giving up when the stream ends (close(), the signal's abort) or after `timeoutMs`: signing is
   * part of connecting, and a signer that hangs (a remote KMS, say) must not hang `createKalshiStream` or a reconnect.
   */
  private sign(request: Parameters<Signer['sign']>[0], timeoutMs: number) {
    const cut = new AbortController();
    const end = () => cut.abort(this.aborted ?? new KalshiStreamClosedError('the stream was closed while connecting'));
    const timeout = new KalshiTimeoutError(
      `WebSocket connect timed out after ${timeoutMs} ms signing the handshake`,
      'WebSocket handshake',
    );
    const timer = setTimeout(() => cut.abort(timeout), timeoutMs);
    this.onEnd.add(end);
    return untilAborted(signWith(this.signer, request, 'WebSocket handshake'), cut.signal).finally(() => {
      clearTimeout(timer);
      this.onEnd.delete(end);
    });
  }

  /** Abandons a socket that did not open. */
  private discard(live: Live): void {
    if (this.socket === live) {
      clearTimeout(this.connectTimer);
      this.connectTimer = undefined;
      this.socket = undefined;
    }
    live.connection?.terminate();
  }

  /**
   * Something arrived: rearm the watchdog. After half of `heartbeatMs` of silence it asks the server for its
   * subscriptions, since a WHATWG WebSocket (Node ≥ 22's global, Bun, Deno) never shows Kalshi's pings and a quiet,
   * healthy stream would otherwise look dead; any message (the reply included) rearms it. Silent for the whole
   * `heartbeatMs`: the connection is dead, and cutting it makes its close event start the reconnect.
   */
  private alive(): void {
    clearTimeout(this.watchdog);
    const live = this.socket;
    const heartbeatMs = this.options.heartbeatMs ?? 30_000;
    // Healthy: still hearing from the server `heartbeatMs` after the open. Only then does the reconnect backoff start
    // over; a server that accepts and then drops (a flapping gateway, a connection cap enforced after the handshake)
    // counts as a failed attempt, so its reconnects slow down towards `maxDelayMs` instead of looping every 0–250 ms.
    // So does one whose subscriptions are not restored yet: a restore never answered is cut and tried again (see
    // restore()), and the probes answered meanwhile must not start that loop's backoff over.
    if (!this.restoring && this.openedAt !== undefined && Date.now() - this.openedAt >= heartbeatMs) {
      this.attempts = 0;
      this.openedAt = undefined;
    }
    const probeAfterMs = Math.floor(heartbeatMs / 2);
    this.watchdog = setTimeout(() => {
      if (this.socket !== live) return;
      this.watchdog = setTimeout(() => live?.connection?.terminate(), heartbeatMs - probeAfterMs);
      // The reply is a message like any other (it rearms the watchdog); a lost connection rejects it, unneeded.
      this.command('list_subscriptions', {}).catch(() => undefined);
    }, probeAfterMs);
  }

  /**
   * The server's state on this connection is unknown (a command unanswered, a reply the client cannot accept): cut it;
   * its close event starts the reconnect, which restores every subscription. Only `live` (the connection the trouble
   * came from, the current one by default): one gone or already cut is left alone.
   */
  recycle(why: string, live = this.socket): void {
    if (!live || live !== this.socket || live.cut) return;
    this.log?.('warn', { message: `kalshi stream: ${why}; reconnecting to restore the subscriptions` });
    live.cut = true;
    live.connection?.terminate();
  }

  /** Frees one connection's resources: its socket (returned), its timers, and the commands waiting on it. */
  private release(reason: Error): Live | undefined {
    clearTimeout(this.connectTimer);
    clearTimeout(this.watchdog);
    this.connectTimer = undefined;
    this.watchdog = undefined;
    const live = this.socket;
    this.socket = undefined;
    this.openedAt = undefined;
    this.commands.rejectAll(reason);
    this.bySid.clear();
    for (const subscription of this.subscriptions) subscription.lost();
    return live;
  }

  /** The open socket went away (or a reconnect attempt failed): reconnect with backoff. */
  private lost(cause: Error): void {
    this.release(new KalshiConnectionError('WebSocket closed before the reply', 'WebSocket', { cause }));
    if (this.state === 'closed') return;
    this.state = 'reconnecting';
    this.restoring = true;
    const { initialDelayMs = 250, maxDelayMs = 30_000 } = this.options.reconnect ?? {};
    this.retryTimer = setTimeout(
      () => {
        this.retryTimer = undefined;
        void this.reconnect();
      },
      backoffDelay(this.attempts++, initialDelayMs, maxDelayMs),
    );
  }

  private async reconnect(): Promise<void> {
    try {
      await this.connect();
    } catch (error) {
      // Retrying cannot help, so the stream ends with that error (iterators reject with it): the mock stopped
      // listening (reconnecting would reach Kalshi's real host), or the handshake was refused 401/403 (a revoked key,
      // a clock the stream could not correct; kalshi-api-notes §2.3, §2.5) or could not be signed.
      if (error instanceof KalshiMockNotListeningError || error instanceof KalshiCredentialsError || refused(error)) {
        for (const subscription of [...this.subscriptions]) subscription.fail(error as Error);
        void this.shutDown(this.teardown(error as Error));
      } else if (this.state !== 'closed') this.lost(error as Error);
      return;
    }
    // Kalshi does not replay what was sent while the connection was down (kalshi-api-notes §9.7): each subscription's
    // iterator gets a `reconnect` gap notice, and the log says so once.
    this.log?.('warn', {
      subscriptions: this.subscriptions.size,
      message:
        'kalshi stream: reconnected; subscriptions restored with new sids and fresh snapshots, messages sent meanwhile are not replayed (reconcile fills and orders over REST)',
    });
    await this.restore();
  }

  /**
   * Re-subscribes every subscription on the new connection (new sids, fresh snapshots, a gap notice first); then the
   * commands waiting for it go.
   */
  private async restore(): Promise<void> {
    const live = this.socket;
    for (const subscription of [...this.subscriptions]) {
      if (!this.subscriptions.has(subscription)) continue;
      try {
        await this.subscribeOnServer(subscription, 'reconnect');
      } catch (error) {
        // Refused by the server: the subscription ends, its iterator rejecting with the server's error.
        if (refusedOn(live, error)) subscription.fail(error);
        // Connection lost again, closed, or cut by the client (no reply in time, a sid already in use, the server
        // failing the subscribe): the next reconnect restores it and the rest, after the backoff.
        else return this.recycleIfFailed(live, error);
      }
    }
    if (this.state !== 'open') return;
    this.restoring = false;
    for (const go of [...this.waiting]) go();
  }

  /**
   * Open with its subscriptions restored. A socket that stopped being open (a drop under way, or a connection the client
   * cut itself, see recycle(): its close event still to come) is reconnecting already.
   */
  private isReady(): boolean {
    return this.state === 'open' && !this.restoring && (this.socket?.connection?.isOpen() ?? false);
  }

  /**
   * Resolves at once while the stream is open with its subscriptions restored. While it reconnects, waits for that,
   * up to `connectTimeoutMs` (then KalshiConnectionError); rejects as commands do if the stream ends meanwhile. Not
   * stretched to the backoff (round 46): the caller's bound stays the one it set, whatever the outage's length and the
   * jitter of the moment (up to `maxDelayMs` plus a connect); a caller that wants to wait longer retries the
   * KalshiConnectionError, and a wait that outlived the backoff would hold every command of a long outage as long.
   */
  ready(cmd: string): Promise<void> {
    if (this.state === 'closed') return Promise.reject(new KalshiStreamClosedError(`${cmd}: the stream is closed`));
    if (this.isReady()) return Promise.resolve();
    const timeoutMs = this.options.connectTimeoutMs ?? 10_000;
    return new Promise<void>((resolve, reject) => {
      const go = (error?: Error) => {
        clearTimeout(timer);
        this.waiting.delete(go);
        if (error) reject(error);
        else resolve();
      };
      const timer = setTimeout(
        () =>
          go(new KalshiConnectionError(`${cmd}: the WebSocket did not reconnect within ${timeoutMs} ms`, 'WebSocket')),
        timeoutMs,
      );
      this.waiting.add(go);
    });
  }

  /** The one way the stream ends: stops reconnecting, frees the connection, settles every promise. */
  private teardown(reason: Error): Live | undefined {
    this.state = 'closed';
    this.options.signal?.removeEventListener('abort', this.onAbort);
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    const live = this.release(reason);
    for (const end of [...this.onEnd]) end();
    for (const go of [...this.waiting]) go(reason);
    for (const subscription of this.subscriptions) subscription.end();
    this.subscriptions.clear();
    return live;
  }

  close(): Promise<void> {
    this.closing ??= this.shutDown(this.teardown(new KalshiStreamClosedError('the stream was closed')));
    return this.closing;
  }

  /** Closes the socket (politely if open) and waits for it to be gone; cuts it if the server does not answer in 1 s. */
  private async shutDown(live: Live | undefined): Promise<void> {
    const connection = live?.connection;
    if (!live || !connection) return;
    if (connection.isOpen()) connection.close(1000, 'client closed');
    else connection.terminate();
    let fallback: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([
      live.gone,
      new Promise<void>((resolve) => {
        fallback = setTimeout(() => {
          connection.terminate();
          resolve();
        }, 1000);
      }),
    ]);
    clearTimeout(fallback);
  }

  /**
   * The one place frames are read and dispatched. It runs in the socket's event handler, where an exception would be
   * uncaught (and end a Node process): a frame that is not a JSON object is dropped, and one whose handling throws
   * (a drifted shape: `msg: null`, a book message without an integer `seq`, …) is dropped with a warning; on an
   * order-book sid that is a gap, repaired with fresh snapshots (kalshi-api-notes §9.7).
   */
  private receive(text: string): void {
    this.alive();
    let message: Record<string, unknown> | null;
    try {
      message = JSON.parse(text);
    } catch {
      message = null;
    }
    if (typeof message !== 'object' || message === null || Array.isArray(message)) {
      this.log?.('warn', { message: 'kalshi stream: a frame that is not a JSON object was dropped' });
      return;
    }
    const sid = typeof message.sid === 'number' ? message.sid : undefined;
    const subscription = () => (sid !== undefined ? this.bySid.get(sid) : undefined);
    try {
      // `ok` and `unsubscribed` replies carry the sid's next seq: they take a place in its sequence.
      if (REPLY_WITH_SEQ.has(message.type)) subscription()?.observe(sid as number, message);
      if (this.commands.settle(message)) {
        // An error answering a command on a sid of a sequenced channel carries its seq too (AsyncAPI
        // errorResponsePayload): counted, or the next message would look like a gap. (One answering none: fault().)
        if (message.type === 'error') subscription()?.observe(sid as number, message);
        return;
      }
      if (message.type === 'subscribed') this.unasked(message);
      // An `unsubscribed` answering no command on a live sid: the server ended that subscription (see
      // LiveSubscription.endedByServer()). Never data (its seq is already in the sequence: see observe()).
      else if (message.type === 'unsubscribed') subscription()?.endedByServer(sid as number);
      // An error answering no command is never data: on a subscription's sid it is that subscription's to handle.
      else if (message.type === 'error') {
        const to = subscription();
        if (to) to.fault(sid as number, message);
        else
          this.log?.('warn', { sid, msg: message.msg, message: 'kalshi stream: an error frame answering no command' });
      }
      // A command reply answering no command (a repeated `ok`): its seq, if any, took its place in the sid's sequence
      // above (observe()); it is never data.
      else if (COMMAND_REPLIES.has(message.type)) {
        const { type } = message;
        this.log?.('warn', {
          sid,
          type,
          message: `kalshi stream: a reply (type ${type}) answering no command was dropped`,
        });
      } else {
        const to = subscription();
        if (to) to.deliver(sid as number, message as unknown as ChannelMessages[Channel]);
        else this.stray(sid, message.type);
      }
    } catch (error) {
      const { type, seq } = message;
      const reason = (error as Error)?.message;
      this.log?.('warn', { sid, type, seq, error: reason, message: `kalshi stream: a malformed ${type} was dropped` });
      subscription()?.malformed(sid as number, seq);
    }
  }

  /**
   * Data on a sid no subscription holds: dropped. Behind an unsubscribe not yet answered it is still in flight, as
   * expected. Otherwise (a sid never granted on this connection, one whose unsubscribe was answered, or no sid) the
   * server streams what nobody asked for or has ended: warned of once per sid per connection (sids are the
   * connection's, kalshi-api-notes §9.3), never thrown into an iterator.
   */
  private stray(sid: number | undefined, type: unknown): void {
    const live = this.socket;
    if (!live || (sid !== undefined && live.leaving.has(sid)) || live.strays.has(sid)) return;
    live.strays.add(sid);
    const what = sid === undefined ? 'without a sid' : `on sid ${sid}, which no subscription holds`;
    this.log?.('warn', { sid, type, message: `kalshi stream: data (type ${String(type)}) ${what} is dropped` });
  }

  /**
   * A `subscribed` reply that answers no command waiting (a second one for a channel already answered, a sid the
   * client never asked for): never routed. Its sid, if it names one the connection does not use, would stream to
   * nobody, and a later subscribe to its channel would merge into it (kalshi-api-notes §9.2): unsubscribed, as the
   * sids of a subscribe refused half way are. A sid in use is left alone (a repeated reply).
   */
  private unasked(message: Record<string, unknown>): void {
    const { sid, channel } = ((typeof message.msg === 'object' && message.msg) || {}) as Record<string, unknown>;
    const unknown = Number.isInteger(sid) && !this.bySid.has(sid as number);
    this.log?.('warn', {
      id: message.id,
      sid,
      channel,
      message: `kalshi stream: a subscribed reply answering no command${unknown ? '; unsubscribing its sid' : ''}`,
    });
    if (unknown) void this.unsubscribeSids([sid as number]);
  }

  command(
    cmd: string,
    params: Record<string, unknown>,
    expected = 1,
    onReply?: (reply: Record<string, unknown>) => void,
  ): Promise<Record<string, unknown>[]> {
    if (this.state === 'closed') return Promise.reject(new KalshiStreamClosedError(`${cmd}: the stream is closed`));
    const connection = this.socket?.connection;
    if (this.state !== 'open' || !connection?.isOpen())
      return Promise.reject(new KalshiConnectionError(`${cmd}: the WebSocket is not connected`, 'WebSocket'));
    return this.commands.send(connection, cmd, params, expected, onReply);
  }

  async subscribe<C extends Channel>(given: SubscribeParams<C>): Promise<Subscription<C>> {
    if (this.state === 'closed') throw new KalshiStreamClosedError('subscribe: the stream is closed');
    checkedArity('subscribe(params)', arguments, 1, 'every param goes in params');
    const channels: unknown = given?.channels;
    // A single channel's name (`channels: 'ticker'`) is not "no channel": the message shows the list form.
    if (typeof channels === 'string')
      throw new KalshiValidationError(
        'channels',
        `expected a list of channels (channels: ['${channels}']), got a string`,
      );
    if (!Array.isArray(channels) || channels.length === 0)
      throw new KalshiValidationError('channels', 'expected at least one channel');
    const params = ownParams(given);
    checkSubscribeParams(params);
    if (params.use_yes_price !== undefined && typeof params.use_yes_price !== 'boolean')
      throw new KalshiValidationError('use_yes_price', 'expected true or false (OrderBook useYesPrice must match it)');
    this.refuseTaken(params.channels);
    if (!this.isReady()) {
      await this.ready('subscribe');
      this.refuseTaken(params.channels); // taken while it waited
    }
    const subscription = new LiveSubscription(this, params, this.options.queueSize ?? 10_000);
    // Registered before the command is sent, so a concurrent subscribe to one of its channels is refused.
    this.subscriptions.add(subscription);
    try {
      await this.subscribeOnServer(subscription);
    } catch (error) {
      this.forget(subscription);
      throw error;
    }
    // The server sends a sid only its channels' messages (kalshi-api-notes §9): what the spec lists for each channel.
    return subscription.api() as Subscription<C>;
  }

  /**
   * Kalshi merges a second subscribe to a channel into the first (same sid), so two subscriptions on one channel would
   * share, and fight over, one server subscription.
   */
  private refuseTaken(channels: readonly Channel[]): void {
    for (const channel of channels) {
      if ([...this.subscriptions].some((s) => s.channels.includes(channel)))
        throw new KalshiValidationError(
          'channels',
          `channel "${channel}" is already subscribed on this stream; add markets to that subscription with update({ add }) or open another stream`,
        );
    }
  }

  /**
   * Starts the subscription's server side afresh (`reason`: after a reconnect or a re-subscribe, for its gap notice):
   * one `subscribed` reply (with its sid) per channel it wants.
   */
  private async subscribeOnServer(subscription: LiveSubscription, reason?: StreamGapReason): Promise<void> {
    subscription.attach(reason);
    const channels = subscription.wanted();
    if (channels.length) await this.subscribeChannels(subscription, channels);
  }

  /**
   * Subscribes `channels` of the subscription (for `markets`, else its own), adding their sids: the one place every
   * subscribe (a user's, a restore, a re-subscribe, an update's missing channels) meets its replies.
   */
  async subscribeChannels(subscription: LiveSubscription, channels: readonly Channel[], markets?: string[]) {
    const live = this.socket;
    const granted: number[] = [];
    const answered: Channel[] = [];
    try {
      await this.command('subscribe', subscription.params(channels, markets), channels.length, (reply) => {
        const { sid, channel } = (reply.msg ?? {}) as { sid?: unknown; channel?: unknown };
        // AsyncAPI subscribedResponsePayload requires `msg.channel` and an integer `msg.sid`. A reply without them (or
        // of another type: an `ok`) names no sid to route, so the subscription would look healthy and receive nothing,
        // while what the server subscribed is unknown, as with a reply that never came: the subscribe fails and the
        // connection is recycled (the subscriptions held before are restored).
        if (reply.type !== 'subscribed' || !Number.isInteger(sid) || typeof channel !== 'string') {
          const what = `a reply to subscribe (type ${String(reply.type)}) without msg.channel and an integer msg.sid`;
          this.recycle(what);
          throw new KalshiStreamError(0, `subscribe: the server sent ${what} (AsyncAPI subscribedResponsePayload)`);
        }
        // One `subscribed` per channel asked for (kalshi-api-notes §9.3). A reply naming another channel, or one already
        // answered, would route and sequence the sid as a channel the subscription did not ask for (a book sid taken
        // for `ticker` gets no snapshot/delta checks), while a channel asked for stays unsubscribed: refused as above.
        if (!channels.includes(channel as Channel) || answered.includes(channel as Channel)) {
          this.recycle(`the server answered subscribe ${channels.join(', ')} with ${channel} sid ${sid}`);
          throw new KalshiStreamError(
            0,
            `subscribe: the server answered ${channel} (sid ${sid}), a channel this subscribe did not ask for or had answered already (asked: ${channels.join(', ')})`,
          );
        }
        // Sids are unique per connection (kalshi-api-notes §9.3): a second subscription on a live sid would take its
        // messages from the first, unseen. The subscribe fails, and the connection, whose sids are now ambiguous, is
        // recycled (the subscriptions held before are restored; the refused one is not).
        if (this.bySid.has(sid as number)) {
          this.recycle(`the server gave ${channel} sid ${sid}, already in use on this connection`);
          throw new KalshiStreamError(0, `subscribe: the server answered ${channel} with sid ${sid}, already in use`);
        }
        granted.push(sid as number);
        answered.push(channel as Channel);
        subscription.addSid(sid as number, channel as Channel);
        this.bySid.set(sid as number, subscription);
      });
    } catch (error) {
      // Refused after some channels were granted (§9.3: one reply per channel; whether Kalshi ever answers part of a
      // subscribe before an error is unrecorded).
      await this.abandon(subscription, granted, live);
      throw error;
    }
    // Unsubscribed while its subscribe (a user's, a restore, a re-subscribe, an update's) was on the way: undone.
    if (!this.subscriptions.has(subscription)) await this.abandon(subscription, granted, live);
  }

  /**
   * Sids a subscribe granted that no subscription will read (it failed half way, or the subscription ended meanwhile):
   * they would stream to nobody, and a later subscribe to their channel would merge into them (§9.2). Unsubscribed,
   * as an unsubscribe is (a failure there recycles the connection). On a connection cut or gone they ended with it.
   */
  private async abandon(subscription: LiveSubscription, granted: readonly number[], live: Live | undefined) {
    if (!granted.length || this.socket !== live || live?.cut) return;
    for (const sid of granted) this.bySid.delete(sid);
    subscription.dropSids(granted);
    await this.unsubscribeSids(granted);
  }

  async resubscribe(subscription: LiveSubscription): Promise<void> {
    const live = this.socket;
    const old = [...subscription.sids];
    for (const sid of old) this.bySid.delete(sid);
    if (old.length) await this.unsubscribeSids(old);
    try {
      await this.subscribeOnServer(subscription, 'resubscribe');
    } catch (error) {
      // Only the server's refusal ends the subscription (the caller's to do): a subscribe the client gave up on cut
      // the connection, whose reconnect restores the subscription.
      if (refusedOn(live, error)) throw error;
      this.recycleIfFailed(live, error);
    }
  }

  /**
   * Unsubscribes `sids` on the server; never rejects. An error reply but 7 "Unknown subscription ID" (gone already) may
   * leave them live there, streaming to nobody, and a later subscribe to the channel would merge into them
   * (kalshi-api-notes §9.2): the connection is recycled, which ends them. A 7 to several sids is not taken for all of
   * them: each is unsubscribed alone.
   */
  async unsubscribeSids(sids: readonly number[]): Promise<void> {
    const live = this.socket;
    for (const sid of sids) live?.leaving.add(sid);
    try {
      await this.command('unsubscribe', { sids }, sids.length).catch(async (error: unknown) => {
        if (!(error instanceof KalshiStreamError)) return;
        if (error.code !== 7) this.recycle(`${error.message} (failed on the server)`, live);
        // 7 names no sid: of several (one ended by a terminal error among them) the others may still be live (the
        // mock then unsubscribes none).
        // Only on that connection: on a new one the same numbers name other subscriptions.
        else if (sids.length > 1) for (const sid of sids) if (this.socket === live) await this.unsubscribeSids([sid]);
      });
    } finally {
      for (const sid of sids) live?.leaving.delete(sid);
    }
  }

  /** A subscribe the server failed (17, 18) rather than refused left its state unknown, as no reply would: recycled. */
  private recycleIfFailed(live: Live | undefined, error: unknown): void {
    if (failedOnServer(error)) this.recycle(`${error.message} (failed on the server)`, live);
  }

  warn(event: object): void {
    this.log?.('warn', event);
  }

  isClosed(): boolean {
    return this.state === 'closed';
  }

  recoveryDelay(attempt: number): number {
    const { initialDelayMs = 250, maxDelayMs = 30_000 } = this.options.reconnect ?? {};
    return attempt === 0 ? 0 : backoffDelay(attempt, initialDelayMs, maxDelayMs);
  }

  forget(subscription: LiveSubscription): void {
    this.subscriptions.delete(subscription);
    for (const sid of subscription.sids) this.bySid.delete(sid);
  }
}

/**
 * `list_subscriptions`'s reply as kalshi-api-notes §9.3 gives it ("answers `type:"ok"` with an array"; AsyncAPI
 * listSubscriptionsResponsePayload: each item `channel` and an integer `sid`). Any other reply carrying its id (a
 * `subscribed` frame, an `ok` whose `msg` is an object; `null` is the empty list) is refused as subscribe refuses one it cannot read:
 * KalshiStreamError code 0 naming the reply. The connection stays: list_subscriptions changes nothing on the server.
 */
function subscriptionList(reply: Record<string, unknown> | undefined): { channel: Channel; sid: number }[] {
  const list = reply?.msg;
  const item = (entry: unknown) =>
    typeof (entry as { channel?: unknown } | null)?.channel === 'string' &&
    Number.isInteger((entry as { sid?: unknown }).sid);
  if (reply?.type === 'ok' && Array.isArray(list) && list.every(item)) return list;
  // Go writes an empty (nil) list as null; the notes do not record the reply with no subscription.
  if (reply?.type === 'ok' && list === null) return [];
  const shown = Array.isArray(list)
    ? 'a list with an item that is not { channel, sid }'
    : (JSON.stringify(list)?.slice(0, 200) ?? 'missing');
  const got = `type ${String(reply?.type)}, msg ${shown}`;
  throw new KalshiStreamError(
    0,
    `the server answered with a reply (${got}), not ok with a list of { channel, sid } (AsyncAPI listSubscriptionsResponsePayload)`,
    { command: 'list_subscriptions' },
  );
}

/** The caller's abort, as the REST client reports one (KalshiAbortError, the signal's reason as `cause`). */
function aborted(signal: AbortSignal): KalshiAbortError {
  return new KalshiAbortError('WebSocket: aborted', { cause: signal.reason });
}

/**
 * A command on `live` rejected by the server's error reply, not by the client: a KalshiStreamError (Kalshi's code) on a
 * connection the client has not cut. A command the client gave up on (no reply within commandTimeoutMs, a sid already
 * in use) rejects with a KalshiStreamError too, but it cut the connection first (see recycle()). A server failing the
 * command (17, 18) did not refuse it.
 */
function refusedOn(live: Live | undefined, error: unknown): error is KalshiStreamError {
  return error instanceof KalshiStreamError && !live?.cut && !failedOnServer(error);
}

/** Kalshi's 401 for a signature timestamp outside its window (kalshi-api-notes §2.3). */
function isStaleTimestamp(error: Error): boolean {
  return error instanceof KalshiApiError && error.status === 401 && error.code === STALE_TIMESTAMP;
}

/** A handshake the exchange refused for the key (401) or its rights (403): the same answer on every retry. */
const refused = (error: unknown) => error instanceof KalshiApiError && (error.status === 401 || error.status === 403);
