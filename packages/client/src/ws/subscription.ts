// One subscription as its user sees it: an async iterable of its messages that survives reconnects. It checks each
// sid's `seq` (a book gap is repaired, never delivered out of order; elsewhere it is announced), bounds its queue,
// and ends exactly once: done when unsubscribed or the stream closes, or rejecting with the server's error when it
// cannot be restored. Where messages may be missing (a reconnect, a re-subscribe, a seq gap, a dropped message) the
// iterator yields a `gap` notice (./stream-gap).
import { checkedTerms } from '../call-options';
import { KalshiError, KalshiStreamClosedError, KalshiValidationError } from '../errors';
import {
  channels as allChannels,
  type Channel,
  type ChannelMessages,
  type components,
  type ServerMessage,
} from '../generated/asyncapi';
import { MARKET_FILTERED_CHANNELS } from '../generated/stream-channels';
import { MessageQueue } from './message-queue';
import { type OrderBookDelta, type OrderBookSnapshot, readDelta, readSnapshot } from './order-book';
import { Sequencer } from './sequencer';
import { failedOnServer, KalshiStreamError, streamErrorOf } from './stream-error';
import { gap, isGap, type StreamGap, type StreamGapReason, type StreamMessage } from './stream-gap';

/** The subscribe command's params as the AsyncAPI spec types them (`subscribeCommandPayload.params`). */
type SpecSubscribeParams = components['schemas']['subscribeCommandPayload']['params'];

/**
 * What to subscribe to: channels and, for market channels, tickers; the other params as the AsyncAPI spec types
 * them (`market_ticker`, `market_ids`, `send_initial_snapshot`, `use_yes_price`, …). Exactly the spec's keys: a
 * misspelt one does not compile, and is refused at run time (KalshiValidationError naming it). An `undefined` value
 * is the same as leaving the param out. `C`: the channels listed (inferred from `channels`), which type the
 * subscription's messages.
 */
export interface SubscribeParams<C extends Channel = Channel>
  extends Readonly<{
    // `as` keeps the mapping homomorphic, so each param keeps the spec's description in editors and the API reference.
    [K in keyof SpecSubscribeParams as Exclude<K, 'channels'>]?:
      | (SpecSubscribeParams[K] extends readonly (infer E)[] ? readonly E[] : SpecSubscribeParams[K])
      | undefined;
  }> {
  /** The channels to subscribe to, each at most once. */
  readonly channels: readonly C[];
}

/** Every subscribe param of the AsyncAPI spec (the compiler keeps this list equal to the spec's). */
const SUBSCRIBE_PARAMS: Readonly<Record<keyof SpecSubscribeParams, true>> = {
  channels: true,
  market_ticker: true,
  market_tickers: true,
  market_id: true,
  market_ids: true,
  send_initial_snapshot: true,
  skip_ticker_ack: true,
  use_yes_price: true,
  user_filter: true,
  shard_factor: true,
  shard_key: true,
  index_ids: true,
  underlying_tickers: true,
};

/** Refuses anything but a list of tickers (subscribe's `market_tickers`, update's `add` and `remove`) before sending. */
function checkTickers(field: string, list: unknown): void {
  if (!Array.isArray(list) || list.some((m) => typeof m !== 'string' || m === ''))
    throw new KalshiValidationError(field, 'expected an array of market tickers');
}

/** update()'s keys: another (`add_markets`) would be dropped and nothing changed, with no error. */
const UPDATE_TERMS = { add: 1, remove: 1 } as const satisfies Record<keyof SubscriptionChange, 1>;
const UPDATE_WIRE_NAMES = { add_markets: 'add', delete_markets: 'remove' };

/**
 * The params that pick markets, mutually exclusive (AsyncAPI subscribeCommandPayload: market_ticker "mutually
 * exclusive with market_tickers", market_id and market_ids each "with market_id(s) and market_ticker(s)";
 * kalshi-api-notes §9.2 "`market_ticker` XOR `market_tickers`").
 */
const MARKET_PARAMS = ['market_ticker', 'market_tickers', 'market_id', 'market_ids'] as const;
/**
 * The channels of the AsyncAPI spec this client was generated from, and `multivariate`, which kalshi-api-notes §9.5
 * lists (deprecated) though the spec does not: not a near miss of `multivariate_market_lifecycle`.
 */
const KNOWN_CHANNELS: ReadonlySet<string> = new Set([...allChannels, 'multivariate']);

/**
 * Refuses a param the spec does not have (JavaScript callers get no type check): a typo of `market_tickers` would
 * otherwise subscribe to every market. So would a `market_ticker` that is not a ticker (left out of the command), or
 * an empty `market_tickers`/`market_ids` (the spec's minItems is 1; a subscribe without markets receives every one);
 * a `market_tickers` that is not a list of them is refused as `update()` refuses one, not sent for Kalshi's bare 11.
 * Two market params at once would be sent as one of them (the other dropped): refused too. So is a channel listed
 * twice: the spec and the notes are silent on it, but Kalshi answers each channel with its own `subscribed` (§9.3)
 * and merges a second subscribe to a channel into the first (§9.2), which the stream cannot tell from a server fault.
 */
export function checkSubscribeParams(params: SubscribeParams): void {
  for (const key of Object.keys(params)) {
    if (!Object.hasOwn(SUBSCRIBE_PARAMS, key))
      throw new KalshiValidationError(
        key,
        `not a subscribe param (AsyncAPI subscribeCommandPayload.params: ${Object.keys(SUBSCRIBE_PARAMS).join(', ')})`,
      );
  }
  const { channels, market_ticker: one, market_tickers: many } = params;
  // A near miss of a channel the spec names (cut short, `orderbook`, or plural, `fills`) is refused here, not sent for Kalshi's 8 "Unknown
  // channel name"; a name like none of them goes to the server, which may know a channel newer than this spec.
  for (const channel of channels) {
    if (KNOWN_CHANNELS.has(channel)) continue;
    const meant = [...KNOWN_CHANNELS].find((known) => known.startsWith(channel) || channel === `${known}s`);
    if (meant)
      throw new KalshiValidationError(
        'channels',
        `${JSON.stringify(channel)} is not a channel; did you mean ${meant}?`,
      );
  }
  const twice = channels.find((channel, i) => channels.indexOf(channel) !== i);
  if (twice !== undefined)
    throw new KalshiValidationError('channels', `"${twice}" is listed twice: list each channel once`);
  if (one !== undefined && (typeof one !== 'string' || one === ''))
    throw new KalshiValidationError('market_ticker', 'expected a market ticker (for several, market_tickers)');
  if (many !== undefined) checkTickers('market_tickers', many);
  // The same for market ids (ticker channel): "" is Go's absent value, so it would subscribe to every market too.
  const { market_id: id, market_ids: ids } = params;
  if (id !== undefined && (typeof id !== 'string' || id === ''))
    throw new KalshiValidationError('market_id', 'expected a market id (for several, market_ids)');
  if (ids !== undefined && (!Array.isArray(ids) || ids.some((m) => typeof m !== 'string' || m === '')))
    throw new KalshiValidationError('market_ids', 'expected an array of market ids');
  const [first, second] = MARKET_PARAMS.filter((key) => params[key] !== undefined);
  if (second)
    throw new KalshiValidationError(
      first as string,
      `not with ${second} (the AsyncAPI spec makes them mutually exclusive): give the markets in one of them`,
    );
  // AsyncAPI market_id(s): "ticker only" (kalshi-api-notes §9.2); the server's 11 for another channel names nothing.
  // After the one-of check: its advice "give market_tickers instead" is wrong when market_tickers is given too.
  const byId = id !== undefined ? 'market_id' : ids !== undefined ? 'market_ids' : undefined;
  const other = byId && channels.find((channel) => channel !== 'ticker');
  if (other)
    throw new KalshiValidationError(
      byId as string,
      `subscribes by market id on the ticker channel only (AsyncAPI), not ${other}: give market_tickers instead`,
    );
  for (const key of ['market_tickers', 'market_ids'] as const)
    if (params[key]?.length === 0)
      throw new KalshiValidationError(
        key,
        `an empty list would subscribe to every market: give at least one market, or leave ${key} out to receive every market`,
      );
}

/**
 * The params as given when subscribe() is called, their lists copied: the subscription re-sends them on every
 * reconnect, and a caller reusing a list (pushing the next subscription's channel) must not change them.
 */
export function ownParams<C extends Channel>(params: SubscribeParams<C>): SubscribeParams<C> {
  return Object.fromEntries(
    Object.entries(params).map(([key, value]) => [key, Array.isArray(value) ? [...value] : value]),
  ) as unknown as SubscribeParams<C>;
}

/** Markets to add to a subscription or remove from it (`Subscription.update`). */
export interface SubscriptionChange {
  /** Market tickers to add. */
  readonly add?: readonly string[];
  /** Market tickers to remove. */
  readonly remove?: readonly string[];
}

/**
 * What a subscription to channels `C` yields: the messages the AsyncAPI spec lists on those channels (a `ticker`
 * subscription's are ticker messages, narrowed by `type`), and the stream's gap notices.
 */
export type SubscriptionMessage<C extends Channel = Channel> = ChannelMessages[C] | StreamGap;

/** A subscription's messages as an async iterable, and its controls. `C`: its channels, which type its messages. */
export interface Subscription<C extends Channel = Channel> extends AsyncIterable<SubscriptionMessage<C>> {
  /** The subscription's channels. */
  readonly channels: readonly C[];
  /** Current server-side subscription ids (they change after a reconnect or a re-snapshot; none while reconnecting). */
  readonly sids: readonly number[];
  /** Messages received and not yet consumed (at most `queueSize`, and a gap notice). */
  readonly queued: number;
  /**
   * Adds or removes markets on the sids whose channel takes a market filter (`orderbook_delta`, `ticker`, `trade`,
   * `fill`, `market_positions`, `user_orders`); the others (lifecycle, order groups, communications) have none and
   * are left alone. All or nothing: if the server refuses a change, what it had already applied is undone and the
   * call rejects with its `KalshiStreamError` (a change back refused too, or an update the server fails, 17 or 18,
   * recycles the connection: the restore brings the list recorded before the call). Concurrent calls run in call order, each on the list the one before
   * left. With every market removed, a reconnect subscribes only the channels without a market filter; a later `add`
   * subscribes the others again. Refused (`KalshiValidationError`) on a subscription opened without markets, which
   * receives every market: a list would narrow it; so is a market in both `add` and `remove`. On a subscription that has ended, nothing is sent: it rejects with
   * `KalshiStreamError` (code 0) naming its channels, or `KalshiStreamClosedError` once the stream is closed.
   */
  update(change: SubscriptionChange): Promise<void>;
  /**
   * Unsubscribes on the server; the iterator ends. Leaving a `for await` loop early (break, throw) does the same, and
   * returns once the command is sent, without waiting for its reply.
   */
  unsubscribe(): Promise<void>;
}

/** What a subscription needs from its stream. */
export interface SubscriptionHost {
  /** Sends a command on the open connection now (rejects if there is none). */
  command(cmd: string, params: Record<string, unknown>, expected?: number): Promise<Record<string, unknown>[]>;
  /** Unsubscribes these sids on the server (never rejects; a failure the server reports recycles the connection). */
  unsubscribeSids(sids: readonly number[]): Promise<void>;
  /** Resolves once the stream is open with its subscriptions restored: a user's command waits out a reconnect. */
  ready(cmd: string): Promise<void>;
  /**
   * Unsubscribes the subscription's sids and subscribes it again (new sids, fresh snapshots). Rejects with a
   * KalshiStreamError only for the server's refusal (a subscribe left unanswered cuts the connection instead).
   */
  resubscribe(subscription: LiveSubscription): Promise<void>;
  /** How long the `attempt`-th re-subscribe in a row waits: 0 for the first, then the reconnect backoff. */
  recoveryDelay(attempt: number): number;
  /** Subscribes some of its channels (ones with no sid) for `markets`, adding their sids. */
  subscribeChannels(subscription: LiveSubscription, channels: readonly Channel[], markets: string[]): Promise<void>;
  /**
   * Cuts the connection, whose server state no longer matches the client's record (see Stream.recycle()): the
   * reconnect restores every subscription from it.
   */
  recycle(why: string): void;
  /** Drops it from the stream: its channels are free again and it is not restored after a reconnect. */
  forget(subscription: LiveSubscription): void;
  /** Logs at `warn` with the stream's logger. */
  warn(event: object): void;
  /** True once the stream has ended (close(), the signal's abort, a reconnect that cannot succeed). */
  isClosed(): boolean;
}

/**
 * Channels whose every message carries `seq` (AsyncAPI: `seq` required in each of their payloads), counted per sid
 * from 1 (kalshi-api-notes §9.7: "first message after subscribing … has `seq` 1"): a first seq above 1 is a gap.
 * Not cfbenchmarks/pyth: their `subscribed` reply carries a `seq` too, and where their count starts is not recorded.
 */
const SEQUENCED: ReadonlySet<string> = new Set([
  'orderbook_delta',
  'trade',
  'market_lifecycle_v2',
  'multivariate_market_lifecycle',
  'communications',
  'order_group_updates',
]);
/** AsyncAPI "Terminal Errors": the server ended the subscription and "the user must resubscribe". */
const TERMINAL: ReadonlySet<number> = new Set([10, 25]);
/**
 * Recoveries in a row (terminal errors, seq gaps) with no message between them but snapshots, which a recovery brings
 * itself, after which the subscription ends instead: without that bound a channel that keeps failing, or a sequence
 * that keeps breaking, would be re-subscribed or re-snapshotted forever while the consumer waits.
 */
const MAX_IN_A_ROW = 3;

/** Adds `market` to `sid`'s set. */
function addTo(sets: Map<number, Set<string>>, sid: number, market: string): void {
  const set = sets.get(sid);
  if (set) set.add(market);
  else sets.set(sid, new Set([market]));
}

/** Removes `market` from `sid`'s set, and the set once empty. */
function deleteFrom(sets: Map<number, Set<string>>, sid: number, market: string): void {
  const set = sets.get(sid);
  if (set?.delete(market) && set.size === 0) sets.delete(sid);
}

const isBook = (message: StreamMessage) => message.type === 'orderbook_snapshot' || message.type === 'orderbook_delta';

/**
 * A book message the subscription can place in its sid's sequence and key to a market (AsyncAPI: `seq`, an integer,
 * and `msg.market_ticker` required on snapshots and deltas), and one `OrderBook` can apply (a delta's `side` of yes
 * or no, `price_dollars` from 0 to 1 and a `delta_fp` it can read: see readDelta(); a snapshot's levels: see
 * readSnapshot()), or it throws: the stream drops the frame as malformed and the sid is re-snapshotted (see
 * malformed()). Without an integer `seq`, a lost delta could not be noticed; delivered, a delta no book can apply
 * would leave the consumer's book missing a change, and such a snapshot would throw out of the consumer's
 * applySnapshot or leave the old book under the deltas that follow.
 */
function checkBook({ type, seq, msg }: { type: string; seq?: unknown; msg?: unknown }): BookChange {
  if (!Number.isInteger(seq)) throw new KalshiError(`seq is ${seq === undefined ? 'missing' : 'not an integer'}`);
  if (typeof (msg as { market_ticker?: unknown } | null)?.market_ticker !== 'string')
    throw new KalshiError('msg.market_ticker is missing');
  return type === 'orderbook_delta'
    ? { delta: readDelta(msg as OrderBookDelta) }
    : { levels: readSnapshot(msg as OrderBookSnapshot) };
}

/** A book message as read by checkBook(): a delta's change, or a snapshot's levels. */
type BookChange = { delta: ReturnType<typeof readDelta> } | { levels: ReturnType<typeof readSnapshot> };

export class LiveSubscription {
  sids: number[] = [];
  private readonly channelOf = new Map<number, Channel>();
  private readonly sequencer = new Sequencer();
  /** Sids of channels outside SEQUENCED whose messages have carried a `seq` (see observe()). */
  private readonly seqCarried = new Set<number>();
  /** Per order-book sid, the markets waiting for a fresh snapshot after a gap: their deltas are dropped meanwhile. */
  private readonly stale = new Map<number, Set<string>>();
  /**
   * Per order-book sid, the markets waiting for a fresh snapshot not yet asked for (an overflow discarded their
   * messages, or a gap): asked for as the consumer makes room (see requestSnapshots()).
   */
  private readonly unsnapshotted = new Map<number, Set<string>>();
  /** Per order-book sid, the markets whose `get_snapshot` is on the way: never asked for twice at once. */
  private readonly asked = new Map<number, Set<string>>();
  /** Per order-book sid, the markets whose snapshot has come: a delta of another is not applied to nothing. */
  private readonly snapshotted = new Map<number, Set<string>>();
  /**
   * Per order-book sid and market, each level's size (`yes400000` → centi-contracts) as the messages delivered build
   * it, the consumer's book: a delta that would take one below 0 is a gap (see keepDepths()).
   */
  private readonly depths = new Map<number, Map<string, Map<string, number>>>();
  /**
   * The book messages delivered on the current sids. Sid numbers start over on each connection (kalshi-api-notes
   * §9.3): one the previous connection queued may carry a number the new one gave another channel (see overflow()).
   */
  private current = new WeakSet<object>();
  private readonly queue = new MessageQueue<SubscriptionMessage>();
  private resyncing = false;
  private markets: string[];
  /** Limited to `markets` (given at subscribe, or added since); otherwise every market. */
  private filtered: boolean;
  /**
   * Per channel, recoveries since its last message that a recovery does not itself bring (see MAX_IN_A_ROW). Per
   * channel: a trade does not show that the book, failing after every recovery, works again. (Undefined: a failure
   * naming no sid, which any message ends.)
   */
  private readonly troubles = new Map<Channel | undefined, number>();
  /** A recovery was under way when the connection went: the restore keeps `troubles` (see lost()). */
  private recovering = false;
  /** The drop's `reconnect` notice is queued (see lost()): until the restore reaches it, no other drop adds one. */
  private dropNoticed = false;
  /** Repairs (and new server subscriptions) so far: a `get_snapshot` sent before the latest is not judged (snapshotsCame()). */
  private repairs = 0;
  /** A re-subscribe waiting out its backoff. */
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  /** The last `update()` in line (settled either way): the next one starts after it. */
  private updates: Promise<void> = Promise.resolve();
  /**
   * Per sid, the markets it streams while an `update()` is under way: a sid has them once its command is sent, while
   * `markets` takes the new list only when the whole update is done. A gap on the book sid re-snapshots these.
   */
  private readonly updating = new Map<number, string[]>();
  /** The messages delivered while an `update()` runs: only these of its added markets go if it rejects. */
  private duringUpdate: WeakSet<object> | undefined;
  /**
   * The markets an `update()` is subscribing channels for (see applyChange()): their new sids stream these; and those
   * sids, whose messages go if the update rejects.
   */
  private subscribingFor: { markets: string[]; sids: number[] } | undefined;
  /** Settles once the re-subscribe under way (see resync()) is done or given up: an `update()` waits for it. */
  private resubscribed: Promise<void> | undefined;
  private endResubscribe: (() => void) | undefined;

  constructor(
    private readonly host: SubscriptionHost,
    private readonly request: SubscribeParams,
    private readonly limit: number,
  ) {
    const { market_ticker: one } = request;
    this.markets = [...(request.market_tickers ?? (typeof one === 'string' ? [one] : []))];
    this.filtered = this.markets.length > 0;
  }

  get channels(): readonly Channel[] {
    return this.request.channels;
  }

  /**
   * The channels to subscribe on the server. With every market removed a market-filtered channel has nothing to ask
   * for (without tickers Kalshi would send every market, or refuse): only the channels without a filter.
   */
  wanted(): Channel[] {
    const channels = [...this.channels];
    return this.filtered && this.markets.length === 0
      ? channels.filter((c) => !MARKET_FILTERED_CHANNELS.has(c))
      : channels;
  }

  /** The subscribe command's params for `channels`, with the subscription's markets as they stand. */
  params(channels: readonly Channel[], markets: readonly string[] = this.markets): Record<string, unknown> {
    const { market_ticker: _one, market_tickers: _many, ...request } = this.request;
    // kalshi-api-notes §9.6: NO-side book levels are NO prices by default, on the YES scale with `use_yes_price:
    // true`, and Kalshi plans to flip that default. The book's scale is pinned by the request, not by the server's
    // default of the day: false (what `OrderBook` assumes) unless the caller chose (then OrderBook's `useYesPrice`).
    const scale =
      channels.includes('orderbook_delta') && request.use_yes_price === undefined ? { use_yes_price: false } : {};
    return { ...request, channels, ...scale, ...(this.filtered && markets.length ? { market_tickers: markets } : {}) };
  }

  /**
   * A new server subscription begins (subscribe, restore, re-subscribe): sids and sequences start over. After a
   * reconnect or a re-subscribe the iterator first gets a gap notice.
   */
  attach(reason?: StreamGapReason): void {
    // A restore after a reconnect starts the count of breaks over, unless a recovery was under way when the connection
    // went (see lost()): that recovery failed.
    if (reason === 'reconnect') {
      if (!this.recovering) this.troubles.clear();
      this.recovering = false;
      this.dropNoticed = false;
    }
    this.detach();
    this.repairs++;
    this.resyncing = false;
    // A re-subscribe still waiting out its backoff is not needed now (a reconnect restores the subscription).
    if (this.retryTimer !== undefined) this.stopRetry();
    // A reconnect's notice came as the connection went (see lost()).
    if (reason && reason !== 'reconnect') this.notice(reason);
  }

  /**
   * The connection went. Judged now, not at the restore: a re-subscribe whose backoff ends while the stream reconnects
   * attaches meanwhile and clears what showed a recovery under way, and the restore would then start the count over
   * (Round 27: gap, repair unanswered, reconnect, forever, whenever the backoff beat the handshake). Under way: a
   * repair awaiting its snapshots (its command left unanswered may be why the connection went), a re-subscribe, or a
   * restore that kept the count and had no sid granted yet (its subscribe unanswered, the connection cut again).
   * A re-subscribe waiting out its backoff is cancelled now, as attach() would: the restore brings the subscription
   * back, and the backoff ending during the restore would subscribe its channels a second time.
   */
  lost(): void {
    this.recovering ||= this.resyncing || this.asked.size > 0 || (this.troubles.size > 0 && this.sids.length === 0);
    if (this.retryTimer !== undefined) this.stopRetry();
    this.detach();
    // Its `reconnect` notice now, while the stream waits out the backoff (up to maxDelayMs), not once restored: it marks
    // the same point (nothing of this connection comes after it). Once per drop: the failed attempts of one reconnect
    // add none (see attach()); none when the stream is closing.
    if (!this.dropNoticed && !this.host.isClosed()) {
      this.dropNoticed = true;
      this.notice('reconnect');
    }
  }

  /**
   * Its sids mean nothing any more (a new server subscription begins, or the connection went), nor does anything keyed
   * by them: after a reconnect an old sid names nothing or another subscription (kalshi-api-notes §9.3), so the
   * snapshots still awaited are not asked for on it (the restore's fresh snapshots repair the books).
   */
  detach(): void {
    this.sids = [];
    this.channelOf.clear();
    this.updating.clear();
    this.sequencer.clear();
    this.seqCarried.clear();
    this.snapshotted.clear();
    this.depths.clear();
    this.current = new WeakSet();
    this.stale.clear();
    this.unsnapshotted.clear();
    this.asked.clear();
  }

  addSid(sid: number, channel: Channel): void {
    if (!this.channelOf.has(sid)) this.sids.push(sid);
    this.channelOf.set(sid, channel);
    if (this.subscribingFor) {
      this.updating.set(sid, this.subscribingFor.markets);
      this.subscribingFor.sids.push(sid);
    }
  }

  /** Sids its subscribe was granted before it failed (unsubscribed by the stream): no longer this subscription's. */
  dropSids(sids: readonly number[]): void {
    this.sids = this.sids.filter((sid) => !sids.includes(sid));
    for (const sid of sids) {
      this.channelOf.delete(sid);
      this.updating.delete(sid);
      this.depths.delete(sid);
      this.seqCarried.delete(sid);
    }
  }

  /** The markets `sid` streams (see `updating`). */
  private marketsOf(sid: number): string[] {
    return this.updating.get(sid) ?? this.markets;
  }

  /**
   * A command reply (or an error) on one of this subscription's sids: `ok` and `unsubscribed` take a place in its
   * sequence. On a channel whose messages carry no seq (AsyncAPI ticker, fill, market_position, user_order payloads)
   * the reply's seq cannot show a lost message: whether those messages advance the sid's counter is not recorded
   * (kalshi-api-notes §9.7, §12), and if they do, every reply after some of them jumps. There it is kept unjudged, as
   * the place a message carrying a seq would follow.
   */
  observe(sid: number, reply: { seq?: unknown }): void {
    if (this.resyncing) return;
    if (this.seqCarried.has(sid) || SEQUENCED.has(this.channelOf.get(sid) as string))
      this.inSequence(sid, reply.seq, false);
    else if (Number.isInteger(reply.seq)) this.sequencer.resume(sid, reply.seq);
  }

  /** A message on one of this subscription's sids that is neither a command reply nor an error: its channel's data. */
  deliver(sid: number, message: ChannelMessages[Channel]): void {
    if (this.resyncing) return;
    const book = isBook(message) ? checkBook(message) : undefined;
    const seq = (message as { seq?: unknown }).seq;
    if (typeof seq === 'number' && !this.seqCarried.has(sid) && !SEQUENCED.has(this.channelOf.get(sid) as string))
      this.seqCarried.add(sid);
    if (!this.answersRepair(sid, message, seq) && !this.inSequence(sid, seq, true)) return;
    if (message.type === 'orderbook_snapshot') addTo(this.snapshotted, sid, message.msg.market_ticker);
    else if (message.type === 'orderbook_delta' && !this.snapshotted.get(sid)?.has(message.msg.market_ticker)) {
      this.beforeSnapshot(sid, message.msg.market_ticker);
      return;
    }
    if (message.type === 'orderbook_snapshot') deleteFrom(this.asked, sid, message.msg.market_ticker);
    const stale = this.stale.get(sid);
    if (stale && (message.type === 'orderbook_delta' || message.type === 'orderbook_snapshot')) {
      const market = message.msg.market_ticker;
      if (message.type === 'orderbook_delta' && stale.has(market)) return;
      deleteFrom(this.stale, sid, market);
    }
    if (book) {
      const market = (message.msg as { market_ticker: string }).market_ticker;
      if (!this.keepDepths(sid, market, book)) {
        const what = 'a delta that would take a level below 0 (a change was missed) was dropped; re-snapshotting';
        this.host.warn({ sid, seq, market, message: `kalshi stream: ${what}` });
        this.gap(sid, seq);
        return;
      }
    }
    // Delivered in sequence, and not a snapshot (which a re-subscribe or a repair brings whether or not the channel
    // works): its channel works again (another channel's message does not show that: a trade flowing beside a book that
    // fails after every recovery kept it re-subscribed at once, forever). A stale delta dropped while a repair waits
    // does not show it either: the consumer received nothing (README: "instead of repairing forever while you receive
    // nothing").
    if (message.type !== 'orderbook_snapshot' && this.troubles.size) {
      this.troubles.delete(this.channelOf.get(sid));
      this.troubles.delete(undefined);
    }
    if (book) this.current.add(message);
    this.duringUpdate?.add(message);
    this.queue.push(message);
    if (this.queue.length > this.limit) this.overflow();
  }

  /**
   * Records a book message about to be delivered in `market`'s levels on `sid`; false, and nothing recorded, for a
   * delta that would take a level below 0. kalshi-api-notes §9.6: Kalshi's deltas take a level down to 0 at most
   * ("remove the level when it reaches 0"); one taking it lower shows a change was missed though the seq did not,
   * which OrderBook refuses: a gap, repaired with a fresh snapshot. (A delta always follows its market's snapshot
   * here: see beforeSnapshot().)
   */
  private keepDepths(sid: number, market: string, book: BookChange): boolean {
    const markets = this.depths.get(sid) ?? new Map<string, Map<string, number>>();
    this.depths.set(sid, markets);
    if ('levels' in book) {
      const levels = new Map<string, number>();
      for (const side of ['yes', 'no'] as const)
        for (const [price, count] of book.levels[side]) if (count > 0) levels.set(`${side}${price}`, count);
      markets.set(market, levels);
      return true;
    }
    const { side, price, change } = book.delta;
    const levels = markets.get(market) ?? new Map<string, number>();
    markets.set(market, levels);
    const key = `${side}${price}`;
    const count = (levels.get(key) ?? 0) + change;
    if (count < 0) return false;
    if (count > 0) levels.set(key, count);
    else levels.delete(key);
    return true;
  }

  /**
   * A snapshot answering this subscription's `get_snapshot` (it carries a command id, AsyncAPI "present when replying
   * to a get_snapshot command with an ID", for a market asked for on `sid`) stamped with the sid's last seq rather
   * than the next one: the book as of the last message the client has seen (the gap's own seq, right after a gap).
   * It is the answer the repair waits for, not a duplicate. Kalshi does not document which seq that snapshot carries
   * (kalshi-api-notes §9.7 is silent); one stamped lower than the last seq seen would leave out deltas already
   * dropped as stale, so it is dropped as a duplicate, and its command then counts as a failed repair (see
   * snapshotsCame()).
   */
  private answersRepair(sid: number, message: ServerMessage, seq: unknown): boolean {
    return (
      message.type === 'orderbook_snapshot' &&
      typeof (message as { id?: unknown }).id === 'number' &&
      (this.asked.get(sid)?.has(message.msg.market_ticker) ?? false) &&
      this.sequencer.isLast(sid, seq)
    );
  }

  /**
   * A `get_snapshot` for `markets` on `sid` has completed (its snapshots came, or an `ok` ended it): every market still
   * asked for got no snapshot the book can use (an `ok` alone, or a snapshot dropped as a duplicate). Left so, the
   * market would stay stale, its deltas dropped, with nothing asked again: a failed repair, re-subscribed as a refused
   * one is (or, the third in a row, the end of the subscription). Kalshi does not document an `ok` answering
   * get_snapshot (kalshi-api-notes §9.2: it "returns snapshots"); whether snapshots could still follow one is
   * unrecorded, and a re-subscribe is right either way. `repairs`: the count when it was sent; a later repair or a new
   * server subscription has asked again since, and this command's answer no longer matters.
   */
  private snapshotsCame(sid: number, markets: readonly string[], repairs: number): void {
    if (repairs !== this.repairs || this.resyncing || this.queue.isEnded || !this.channelOf.has(sid)) return;
    const missing = markets.filter((market) => this.asked.get(sid)?.has(market));
    if (!missing.length) return;
    for (const market of missing) deleteFrom(this.asked, sid, market);
    this.recover(
      'orderbook_delta',
      new KalshiStreamError(
        0,
        `get_snapshot on the orderbook_delta sid ${sid} completed without a usable snapshot of ${missing.join(', ')}`,
      ),
    );
  }

  /**
   * A delta in sequence for a market whose snapshot has not come on this sid (Kalshi sends a sid's snapshots first,
   * kalshi-api-notes §9.7; README: no delta is delivered before its snapshot): dropped, and that market's snapshot
   * asked for, as after a gap.
   */
  private beforeSnapshot(sid: number, market: string): void {
    if (this.stale.get(sid)?.has(market)) return; // its snapshot is already awaited
    const channel = this.channelOf.get(sid);
    this.host.warn({ sid, channel, market, message: 'kalshi stream: a delta before its market’s snapshot, dropped' });
    addTo(this.stale, sid, market);
    if (!this.asked.get(sid)?.has(market)) addTo(this.unsnapshotted, sid, market);
    this.requestSnapshots();
  }

  /**
   * A frame on `sid` whose handling failed (the stream dropped it, with a warning). On the order book a message is
   * missing: a gap (re-snapshotted, see gap()). Elsewhere there is nothing to repair.
   */
  malformed(sid: number, seq: unknown): void {
    if (!this.resyncing && this.channelOf.get(sid) === 'orderbook_delta') this.gap(sid, seq);
  }

  /**
   * An error on one of its sids that answers no command; never delivered as data. Kalshi's terminal errors (10
   * "Channel error", 25 "Subscription buffer overflow") mean the server ended the subscription: it is subscribed
   * again (a `resubscribe` gap notice, fresh snapshots), or ends with the error after MAX_IN_A_ROW. Another
   * code is logged, and its seq keeps its place in the sid's sequence.
   */
  fault(sid: number, error: { seq?: unknown; msg?: { code?: unknown; msg?: unknown } }): void {
    const code = typeof error.msg?.code === 'number' ? error.msg.code : 0;
    const channel = this.channelOf.get(sid);
    this.host.warn({ sid, channel, code, message: `kalshi stream: error ${code} on the ${channel} subscription` });
    if (this.resyncing) return;
    if (!TERMINAL.has(code)) {
      this.observe(sid, error);
      return;
    }
    this.recover(channel, streamErrorOf({ ...error, sid }, undefined, `the ${channel} subscription`));
  }

  /**
   * An `unsubscribed` on one of its sids that answers no command: the server ended that sid unasked. Kalshi documents
   * `unsubscribed` only as the reply to an unsubscribe (kalshi-api-notes §9.3; the notes are silent on the server
   * ending a subscription itself, but for terminal errors 10 and 25). Nothing more will come on that sid, so the
   * subscription ends, its iterator throwing a KalshiStreamError (code 0) that names the channel and sid, rather than
   * waiting forever; its other sids are unsubscribed (they would stream to nobody).
   */
  endedByServer(sid: number): void {
    const channel = this.channelOf.get(sid);
    const what = `the server ended the ${channel} subscription (sid ${sid}) unasked: an unsubscribed frame answering no command`;
    this.host.warn({ sid, channel, message: `kalshi stream: ${what}` });
    if (this.resyncing) return; // its re-subscribe, already scheduled, replaces the sid
    const rest = this.sids.filter((other) => other !== sid);
    this.fail(new KalshiStreamError(0, `${what}; subscribe again to resume`, { sid }));
    if (rest.length) void this.host.unsubscribeSids(rest);
  }

  /**
   * False for a duplicate, and for a gap on the order book, which starts a repair instead of letting a delta apply
   * out of order. On the other channels a message cannot be stale (there is no snapshot it applies to), so the one
   * that shows a gap is delivered after a `sequence` gap notice, and the sequence goes on from it: the spec's `seq` is
   * there to "guarantee you received all the messages" (AsyncAPI `sequenceNumber`), and what was lost is not replayed.
   */
  private inSequence(sid: number, seq: unknown, data: boolean): boolean {
    const channel = this.channelOf.get(sid) as string;
    const verdict = this.sequencer.check(sid, seq, data && SEQUENCED.has(channel));
    if (verdict !== 'gap') return verdict === 'next';
    if (channel === 'orderbook_delta') {
      this.gap(sid, seq);
      return false;
    }
    this.sequencer.resume(sid, seq as number);
    this.host.warn({ sid, channel, seq, message: `kalshi stream: seq gap on the ${channel} subscription` });
    this.notice('sequence');
    return true;
  }

  /**
   * A seq gap on the order book. The first in a row is repaired with `get_snapshot` on the same sid, at once; a gap
   * again before any delta arrived in sequence means that repair did not help: re-subscribe (new sid, seq from 1).
   */
  private gap(sid: number, seq: unknown): void {
    if (this.marketsOf(sid).length > 0 && !this.troubles.get('orderbook_delta')) {
      this.troubles.set('orderbook_delta', 1);
      this.repair(sid, seq);
      return;
    }
    this.recover(
      'orderbook_delta',
      new KalshiStreamError(0, 'the orderbook_delta sequence kept breaking; repairs did not mend it'),
    );
  }

  /**
   * Re-subscribes after a failure, with the reconnect backoff from the second in a row on (the first at once), or,
   * the MAX_IN_A_ROW-th in a row, ends the subscription: its iterator throws `error`.
   */
  private recover(channel: Channel | undefined, error: KalshiStreamError): void {
    // Ended (a late refusal of a command sent before): forgotten by the stream, so nothing is sent for it, and a
    // re-subscribe timer armed now would outlive close().
    if (this.queue.isEnded) return;
    const troubles = (this.troubles.get(channel) ?? 0) + 1;
    this.troubles.set(channel, troubles);
    if (troubles < MAX_IN_A_ROW) {
      // Logged as the other gap notices are (README): the `resubscribe` notice follows once subscribed again.
      this.host.warn({ channels: this.channels, message: `kalshi stream: ${error.message}; subscribing again` });
      // The logger runs the caller's code: a close() there ended the subscription; a timer armed now would outlive it.
      if (!this.queue.isEnded) this.resync(this.host.recoveryDelay(troubles - 1));
      return;
    }
    const sids = [...this.sids];
    this.fail(error);
    if (sids.length) void this.host.unsubscribeSids(sids);
  }

  /**
   * The queue is past `queueSize`. The order book can be rebuilt, other channels cannot, so the book's queued
   * messages go first: its markets are re-snapshotted once the consumer has made room (the consumer's next book
   * message is a fresh snapshot). With no book message queued, the oldest message goes, counted in an `overflow` gap
   * notice at the front of the queue, and logged.
   */
  private overflow(): void {
    const books = this.sids.some((sid) => this.channelOf.get(sid) === 'orderbook_delta');
    const discarded = books ? this.queue.discard(isBook) : [];
    if (discarded.length) {
      const message = 'kalshi stream: queue full, re-snapshotting the book';
      this.host.warn({ channels: this.channels, discarded: discarded.length, message });
      // Only the markets whose messages went need a snapshot; one already asked for is on its way.
      for (const message of discarded as { sid: number; msg: { market_ticker: string } }[]) {
        const { sid, msg } = message;
        // An old sid's (before a re-subscribe or a reconnect): the new one brings snapshots.
        if (!this.channelOf.has(sid) || !this.current.has(message)) continue;
        // A market removed since: the sid has no book of it. (One whose removal is under way is marked to be asked
        // for: requestSnapshots holds it back until the removal's reply; refused, the market stays and needs it.)
        const market = msg.market_ticker;
        if (!this.markets.includes(market) && !this.marketsOf(sid).includes(market)) continue;
        addTo(this.stale, sid, market);
        if (!this.asked.get(sid)?.has(market)) addTo(this.unsnapshotted, sid, market);
      }
      if (this.queue.length <= this.limit) return;
    }
    // The oldest items go until `limit` are left, gap notices included: one per broken seq or reconnect would
    // otherwise pile up without bound while nothing is read (round 31, attack C). The messages that went are counted
    // in one `overflow` notice in front, which takes the place of the notices among them (they too said messages may
    // be missing there); only notices gone, the first of them stays in front.
    const front = this.queue.at(0);
    const counted = isGap(front) && front.reason === 'overflow' ? (front as { dropped: number }) : undefined;
    if (counted) this.queue.removeAt(0);
    let dropped = 0;
    let notice: SubscriptionMessage | undefined;
    while (this.queue.length > this.limit) {
      const oldest = this.queue.at(0);
      this.queue.removeAt(0);
      if (isGap(oldest)) notice ??= oldest;
      else dropped++;
    }
    if (counted) {
      counted.dropped += dropped;
      this.queue.unshift(counted as StreamGap);
    } else if (dropped) {
      this.queue.unshift({ ...gap('overflow'), dropped });
      this.host.warn({
        channels: this.channels,
        queueSize: this.limit,
        message: 'kalshi stream: queue full, dropping',
      });
    } else if (notice) this.queue.unshift(notice);
  }

  /**
   * Asks for the snapshots the book is waiting for, once at most half the queue is used (README: "asked for once you
   * have read the queue down to half"), and only as many as fit in the queue with those already on the way: asked for
   * while the queue is fuller, they would only overflow it again, be discarded and be asked for again, a loop that
   * never lets the book be rebuilt. Called when the consumer reads, and by a repair (the consumer may be waiting).
   */
  private requestSnapshots(): void {
    // Ended (its sids unsubscribed or gone): what is queued is only read out, nothing is asked for (§9.4 code 7). Nor
    // while subscribed again: those sids are being unsubscribed, and the new ones bring fresh snapshots.
    if (this.queue.isEnded || this.resyncing || !this.unsnapshotted.size || this.queue.length > this.limit / 2) return;
    let onTheWay = 0;
    for (const markets of this.asked.values()) onTheWay += markets.size;
    let room = this.limit - this.queue.length - onTheWay;
    for (const [sid, markets] of [...this.unsnapshotted]) {
      if (room <= 0) return;
      // Not a market whose removal is on its way: the server, answering commands in order, would take the request
      // after the removal, for a market the sid no longer streams. It waits for the removal's reply (see applyChange()).
      const streams = this.marketsOf(sid);
      const batch = [...markets].filter((market) => streams.includes(market)).slice(0, room);
      if (!batch.length) continue;
      room -= batch.length;
      for (const market of batch) {
        deleteFrom(this.unsnapshotted, sid, market);
        addTo(this.asked, sid, market);
      }
      const repairs = this.repairs;
      this.host
        .command('update_subscription', { sid, market_tickers: batch, action: 'get_snapshot' }, batch.length)
        .then(() => this.snapshotsCame(sid, batch, repairs))
        // Refused: re-subscribe instead. Lost with the connection: the restore brings fresh snapshots.
        .catch((error: unknown) => {
          if (error instanceof KalshiStreamError) this.recover('orderbook_delta', error);
        });
    }
  }

  /**
   * A gap notice, unless the newest queued message is already one for the same reason. It pushes no message out of a
   * queue full to `queueSize` (the consumer is within its limit: nothing was lost to backpressure): one notice may sit
   * beyond it (README: `sub.queued` may read `queueSize` + 1); only a second one there makes room.
   */
  private notice(reason: StreamGapReason): void {
    const last = this.queue.at(-1);
    if (isGap(last) && last.reason === reason) return;
    this.queue.push(gap(reason));
    if (this.queue.length > this.limit + 1) this.overflow();
  }

  /**
   * An order-book sid lost a message (a seq gap): `get_snapshot` re-sends the snapshot of each market the sid streams
   * (the gap is the sid's, kalshi-api-notes §9.7, so markets an `update()` under way has added are included) while
   * the other channels carry on. (Where that is not possible, no market list, or the server refuses, the whole
   * subscription is re-subscribed: see gap().)
   */
  private repair(sid: number, seq: unknown): void {
    const markets = this.marketsOf(sid);
    this.repairs++;
    this.sequencer.resume(sid, seq);
    this.stale.set(sid, new Set(markets));
    // The lost message may have been a snapshot already asked for: every market is asked for again.
    this.asked.delete(sid);
    this.unsnapshotted.set(sid, new Set(markets));
    this.requestSnapshots();
  }

  /** Unsubscribes and subscribes again, after `delayMs`; messages on the old sids are ignored meanwhile. */
  private resync(delayMs: number): void {
    this.resyncing = true;
    this.stopRetry();
    let done!: () => void;
    this.resubscribed = new Promise<void>((resolve) => {
      done = resolve;
    });
    this.endResubscribe = done;
    const go = () => {
      this.retryTimer = undefined;
      // Refused by the server: the subscription ends with that error. Lost with the connection, or left unanswered
      // (the stream then cuts the connection, and resubscribe() resolves): the reconnect restores it.
      this.host
        .resubscribe(this)
        .catch((error: unknown) => {
          if (error instanceof KalshiStreamError) this.fail(error);
        })
        .finally(() => {
          if (this.endResubscribe === done) this.stopRetry();
        });
    };
    if (delayMs > 0) this.retryTimer = setTimeout(go, delayMs);
    else go();
  }

  /** No re-subscribe pending any more (done, superseded or the subscription ended): an `update()` waiting goes on. */
  private stopRetry(): void {
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    this.endResubscribe?.();
    this.endResubscribe = undefined;
    this.resubscribed = undefined;
  }

  /**
   * `update({ add, remove })`, one at a time: each call computes its market list from the one the call before left,
   * so concurrent updates compose (run side by side, the later assignment would drop the earlier call's change).
   */
  private change(add: readonly string[], remove: readonly string[]): Promise<void> {
    const run = this.updates.then(() => this.applyChange(add, remove));
    this.updates = run.catch(() => undefined);
    return run;
  }

  /**
   * Refuses an update of a subscription that has ended. Ended by close() (or the stream's end): the README's "commands
   * … reject with KalshiStreamClosedError", as a subscribe or listSubscriptions then; ended otherwise (unsubscribed,
   * refused), the stream's own error (code 0: the client's). Either names the subscription by its channels.
   */
  private refuseEnded(): void {
    if (!this.queue.isEnded) return;
    const ended = `the ${this.channels.join(', ')} subscription has ended`;
    throw this.host.isClosed()
      ? new KalshiStreamClosedError(`update: the stream is closed; ${ended}`)
      : new KalshiStreamError(0, `${ended}; subscribe again`, {}, 'update');
  }

  /** One update: all or nothing, so the server and the market list a reconnect restores agree. */
  private async applyChange(add: readonly string[], remove: readonly string[]): Promise<void> {
    // A re-subscribe under way replaces the sids: changed meanwhile, old sids would be updated, or the channels it
    // is subscribing again subscribed twice (the same sids listed twice in `sids`).
    while (this.resubscribed) await this.resubscribed;
    this.refuseEnded();
    await this.host.ready('update_subscription');
    // Ended while it waited out a reconnect (unsubscribed, refused on restore): sent now, its commands would subscribe
    // the channels again on the server for nobody.
    this.refuseEnded();
    const next = [...this.markets.filter((m) => !remove.includes(m)), ...add.filter((m) => !this.markets.includes(m))];
    const subscribed = new Set(this.channelOf.values());
    // With every market removed (then a reconnect), the market channels have no sid: subscribe them again.
    const missing = next.length
      ? this.channels.filter((c) => MARKET_FILTERED_CHANNELS.has(c) && !subscribed.has(c))
      : [];
    const applied: { sid: number; market_tickers: readonly string[]; action: string }[] = [];
    /** The markets each add_markets sent (or being sent) added to its sid: none of them stays if the call rejects. */
    const adding: { sid: number; markets: readonly string[] }[] = [];
    const apply = async (sid: number, market_tickers: readonly string[], action: string) => {
      // Ended between two sids' commands (unsubscribed: its sids are being unsubscribed): the next sid is not changed.
      this.refuseEnded();
      // Or subscribed again (a terminal error on one of its sids): its sids are being replaced, with the markets
      // recorded before the call (see recover()).
      if (this.resyncing || !this.channelOf.has(sid))
        throw new KalshiStreamError(
          0,
          `the ${this.channels.join(', ')} subscription is being subscribed again (the server ended one of its sids) with the markets it had; update again`,
          {},
          'update',
        );
      const before = this.marketsOf(sid);
      // A market added again (removed before) waits for its fresh snapshot, as a new one does.
      if (action === 'add_markets')
        for (const market of market_tickers) if (!before.includes(market)) deleteFrom(this.snapshotted, sid, market);
      // Once sent, the sid may stream the new list before its reply comes (the added market's snapshot first).
      this.updating.set(
        sid,
        action === 'add_markets'
          ? [...before, ...market_tickers.filter((m) => !before.includes(m))]
          : before.filter((m) => !market_tickers.includes(m)),
      );
      // Opened with `send_initial_snapshot`, the ticker sid gets an added market's initial ticker too (AsyncAPI
      // update_subscription has the flag), as a restore's subscribe would bring it.
      const initial =
        action === 'add_markets' && this.request.send_initial_snapshot && this.channelOf.get(sid) === 'ticker'
          ? { send_initial_snapshot: true }
          : {};
      // Changed back only what it changed: not a market the sid had before an add (or lacked before a removal).
      const changed = market_tickers.filter((m) => before.includes(m) === (action === 'delete_markets'));
      if (action === 'add_markets') adding.push({ sid, markets: changed });
      await this.host.command('update_subscription', { sid, market_tickers, action, ...initial });
      if (changed.length) applied.push({ sid, market_tickers: changed, action });
      // A removed market's levels are not kept (a subscription rotating markets would hold every book it ever had);
      // added again, it waits for its fresh snapshot as a new market does. Nor is a snapshot it awaited asked for: the
      // sid no longer streams it (its snapshot would reach a consumer who removed it).
      if (action === 'delete_markets') this.dropMarkets(sid, market_tickers);
    };
    this.duringUpdate = new WeakSet();
    try {
      for (const sid of [...this.sids]) {
        if (!MARKET_FILTERED_CHANNELS.has(this.channelOf.get(sid) as string)) continue;
        if (add.length) await apply(sid, add, 'add_markets');
        if (remove.length) await apply(sid, remove, 'delete_markets');
      }
      if (missing.length) {
        this.subscribingFor = { markets: next, sids: [] };
        await this.host.subscribeChannels(this, missing, next);
      }
    } catch (error) {
      // Sids its subscribe of the missing channels was granted (unsubscribed, or gone with the connection): all theirs.
      for (const sid of this.subscribingFor?.sids ?? []) adding.push({ sid, markets: next });
      this.updating.clear();
      this.subscribingFor = undefined;
      // Rejected, the call added nothing (README): what a sid streamed of its added markets before the reply (their
      // snapshots first) is not delivered, a book that no delta would follow. Now, before anything is awaited: a reply
      // lost with the connection, or a terminal error, brings no change back (below), and the gap notice queued
      // meanwhile must come first.
      for (const { sid, markets } of adding) this.dropAdded(sid, markets);
      // A terminal error (10, 25) ended the sid on the server: subscribed again, with the markets recorded before the
      // call, as one answering no command is (see fault()); nothing to change back on sids the re-subscribe replaces.
      if (error instanceof KalshiStreamError && TERMINAL.has(error.code)) {
        this.recover(error.sid === undefined ? undefined : this.channelOf.get(error.sid), error);
        throw error;
      }
      // Ended or being subscribed again meanwhile: its sids are unsubscribed (or gone), nothing to change back (a 7 for
      // each would cut the connection), and the re-subscribe brings fresh snapshots.
      if (this.queue.isEnded || this.resyncing || applied.some(({ sid }) => !this.channelOf.has(sid))) throw error;
      // A market whose removal was refused stays: its snapshot, held back meanwhile, is asked for now.
      this.requestSnapshots();
      // Failed on the server (17, 18), not refused: what the failing sid applied is unknown, as with no reply (which
      // recycles the connection too): the restore subscribes the markets recorded here, and the changes back below
      // find no connection.
      if (failedOnServer(error)) this.host.recycle(`${error.message} (failed on the server)`);
      for (const { action, ...params } of applied.reverse()) {
        const undo = action === 'add_markets' ? 'delete_markets' : 'add_markets';
        await this.host.command('update_subscription', { ...params, action: undo }).catch((undoError: unknown) => {
          // Refused (or failed) on the server: the sid keeps the change while `markets` does not, a removed market's
          // book frozen unseen. The connection is recycled; the restore subscribes the markets recorded here. (Lost
          // with the connection: the restore does that already.)
          if (undoError instanceof KalshiStreamError)
            this.host.recycle(`${undoError.message} (changing sid ${params.sid} back after a refused update)`);
        });
        // An add undone: what the sid streamed of those markets until the change back (see above) is not delivered.
        if (action === 'add_markets') this.dropAdded(params.sid, params.market_tickers);
      }
      throw error;
    } finally {
      this.duringUpdate = undefined;
    }
    this.updating.clear();
    this.subscribingFor = undefined;
    this.markets = next;
    if (next.length) this.filtered = true;
    // Ended while its commands were on the way (unsubscribed meanwhile): what it subscribed was undone on the server
    // (the stream's abandon()), so it did not take.
    this.refuseEnded();
  }

  /** `markets`, added to `sid` by an update that rejected: their queued messages go, and their levels. */
  private dropAdded(sid: number, markets: readonly string[]): void {
    if (!markets.length) return;
    const added = (m: object) =>
      this.duringUpdate?.has(m) === true &&
      (m as { sid?: number }).sid === sid &&
      markets.includes((m as { msg?: { market_ticker?: string } }).msg?.market_ticker as string);
    this.queue.discard(added);
    this.dropMarkets(sid, markets);
  }

  /** `markets` no longer on `sid`: their levels are not kept, nor their snapshots awaited or asked for. */
  private dropMarkets(sid: number, markets: readonly string[]): void {
    for (const market of markets) {
      this.depths.get(sid)?.delete(market);
      for (const sets of [this.snapshotted, this.stale, this.unsnapshotted, this.asked]) deleteFrom(sets, sid, market);
    }
  }

  /** The stream closed: no more messages; what is queued can still be read. */
  end(): void {
    this.stopRetry();
    this.depths.clear();
    this.queue.end();
  }

  /** The server refused it (e.g. when restoring it after a reconnect): its iterator rejects with that error. */
  fail(error: Error): void {
    this.stopRetry();
    this.depths.clear();
    this.host.forget(this);
    this.queue.fail(error);
  }

  async unsubscribe(): Promise<void> {
    if (this.queue.isEnded) return;
    const sids = [...this.sids];
    this.stopRetry();
    this.depths.clear();
    this.host.forget(this);
    this.queue.end();
    // If the connection is gone, so is the server's subscription (and a reconnect will not restore a forgotten one).
    if (sids.length) await this.host.unsubscribeSids(sids);
  }

  api(): Subscription {
    const self = this;
    // Frozen copies: the stream routes, unsubscribes and restores by its own lists, which a caller's sort(), splice()
    // or push() on what it read here must not change.
    return {
      get channels() {
        return Object.freeze([...self.channels]);
      },
      get sids() {
        return Object.freeze([...self.sids]);
      },
      get queued() {
        return self.queue.length;
      },
      async update(change = {}) {
        // Kalshi's wire names (update_subscription's add_markets / delete_markets) point to the option meant.
        const { add = [], remove = [] } = checkedTerms('update', change, UPDATE_TERMS, UPDATE_WIRE_NAMES, 'change');
        checkTickers('add', add);
        checkTickers('remove', remove);
        // Sent as add then delete, the server would end without it while the list recorded here kept it.
        const both = remove.find((m: string) => add.includes(m));
        if (both !== undefined)
          throw new KalshiValidationError(
            'remove',
            `${JSON.stringify(both)} is in add too: add a market or remove it, not both in one call`,
          );
        // Opened without markets, its market channels stream every market: Kalshi's answer to `add_markets` on such
        // a sid is not recorded (kalshi-api-notes is silent), and a list would narrow it (a reconnect too).
        if (
          (add.length || remove.length) &&
          !self.filtered &&
          self.channels.some((c) => MARKET_FILTERED_CHANNELS.has(c))
        )
          throw new KalshiValidationError(
            add.length ? 'add' : 'remove',
            // Opened with market ids (ticker channel), it receives those: a ticker list cannot go with them (AsyncAPI:
            // mutually exclusive).
            self.request.market_id !== undefined || self.request.market_ids !== undefined
              ? 'this subscription was opened with market_ids, which a list of tickers cannot go with (unsubscribe, then subscribe with the markets wanted)'
              : 'this subscription was opened without market_tickers and receives every market; adding or removing markets would narrow it to a list (unsubscribe, then subscribe with market_tickers)',
          );
        // Copied: a queued update runs later, and must send the markets given now.
        if (add.length || remove.length) await self.change([...add], [...remove]);
      },
      unsubscribe: () => self.unsubscribe(),
      [Symbol.asyncIterator]: () => ({
        next: () => {
          const next = self.queue.next();
          self.requestSnapshots();
          return next;
        },
        // `break` (or a throw) out of `for await`: unsubscribe on the server too, not only locally. The command is
        // sent before this returns; its reply is not awaited: a server that never answers would hold the loop's exit
        // for commandTimeoutMs (unsubscribe() never rejects, and ends the subscription whatever the answer).
        return: async () => {
          void self.unsubscribe();
          return { value: undefined, done: true };
        },
      }),
    };
  }
}
