// One WebSocket connection to the mock exchange: Kalshi's commands and replies (kalshi-api-notes §9.2–9.4) and data
// messages driven by the exchange's change events. Transport-agnostic: the node server and the msw handler both
// feed it text and give it a way to send and to cut the connection.
import type { ExchangeEvent } from '../exchange/events';
import type { Exchange } from '../exchange/exchange';
import { communications } from '../exchange/rfqs';
import { type Channel, errorCodes, channels as knownChannels } from '../generated/asyncapi';
import { MARKET_FILTERED_CHANNELS } from '../generated/stream-channels';
import { integerLiteralOf } from '../http/json-text';
import { keyMayRead } from '../http/key-permissions';
import type { FaultRegistry } from '../shared/faults';
import { CommandError, checkShards, checkUserFilter, FEEDS, stringList } from './command-params';
import { communicationsMessages } from './communications';
import {
  closeDateMsg,
  createdMsg,
  eventLifecycleMsg,
  fillMsg,
  idOf,
  lifecycleMsg,
  marketPositionMsg,
  orderGroupMsg,
  snapshotMsg,
  tickerMsg,
  tickerOfMarketId,
  tradeMsg,
  userOrderMsg,
} from './messages';
import { type BookEvent, dataHead, forgetDepths, levelsTouched, SharedText, sharedDelta } from './shared-deltas';

export interface StreamTransport {
  send(text: string): void;
  /**
   * Sends `dataHead(type, sid, seq)` followed by `msg`'s text, the msg shared by every connection an event reaches
   * (absent: `send` of the two joined).
   */
  sendData?(type: string, sid: number, seq: number, msg: SharedText): void;
  /** Cuts the connection without a close frame (a dropped connection). */
  drop(): void;
  /** Messages sent and not yet written to the client (absent: the transport never backs up). */
  backlog?(): number;
}

export interface StreamSessionOptions {
  readonly exchange: Exchange;
  /** The user the handshake authenticated. */
  readonly userId: string;
  /**
   * The subaccount the handshake's key is restricted to (spec GenerateApiKeyRequest.subaccount: "A restricted key may
   * only read and trade on that sub-account"): private messages about other subaccounts' objects are not sent, as its
   * REST reads leave them out (keyMayRead). Absent: an unrestricted key.
   */
  readonly keySubaccount?: number;
  readonly faults: FaultRegistry;
  readonly transport: StreamTransport;
  /**
   * A client that stops reading: once this many messages wait to be written, the subscription a message is for ends
   * with error 25 "Subscription buffer overflow" instead (kalshi-api-notes §9.4; AsyncAPI: terminal, the user must
   * resubscribe). Kalshi's limit is not published. Absent: unbounded.
   */
  readonly bufferLimit?: number;
}

type Json = Record<string, unknown>;

interface Sub {
  readonly sid: number;
  readonly channel: Channel;
  /** Markets the subscription is limited to; undefined = all markets. */
  markets: Set<string> | undefined;
  /** Last seq sent (sequenced channels). */
  seq: number;
  readonly useYesPrice: boolean;
  /** `skip_ticker_ack` on subscribe: later `ok` replies omit the market lists. */
  readonly skipTickerAck: boolean;
  /** Ticker subscription made by market id: `ok` replies list `market_ids` too. */
  byIds: boolean;
  /** `communications`: `user_filter: "self"` and sharding (communications.ts CommunicationsFilter). */
  readonly ownRfqsOnly: boolean;
  readonly shard: { readonly factor: number; readonly key: number } | undefined;
  /** cfbenchmarks index ids / pyth underlying tickers the subscription tracks. */
  readonly feeds: Set<string>;
  /**
   * `ticker`: the last message this subscription was sent per market (JSON without timestamps), so an unchanged one
   * is not resent. Per subscription: a new one, or a market added back to one, starts with nothing sent.
   */
  readonly lastTicker: Map<string, string>;
}

/** Channels whose messages carry `seq` (AsyncAPI: orderbook, trade, lifecycle, order groups). */
const SEQUENCED: ReadonlySet<string> = new Set([
  'orderbook_delta',
  'trade',
  'market_lifecycle_v2',
  'multivariate_market_lifecycle',
  'order_group_updates',
  'communications',
  'cfbenchmarks_value',
  'cfbenchmarks_value_5hz',
  'pyth_value',
]);

/**
 * A boolean parameter (`use_yes_price`, `send_initial_snapshot`, `skip_ticker_ack`: AsyncAPI booleans): absent is false;
 * another type is 1 "Unable to process message (bad JSON / wrong types)" (kalshi-api-notes §9.4), not read as false:
 * `use_yes_price: "true"` would stream NO levels on the scale the client did not ask for.
 */
function flag(params: Json, key: string): boolean {
  const value = params[key];
  if (value !== undefined && typeof value !== 'boolean') throw new CommandError(1);
  return value === true;
}

/** `communications` sharding (checkShards has checked it): both numbers given, or none. */
function shardOf(params: Json): Sub['shard'] {
  const { shard_factor: factor, shard_key: key } = params;
  return typeof factor === 'number' && typeof key === 'number' ? { factor, key } : undefined;
}

/** A subscription id given (`sid`, an item of `sids`) that is no integer: 1, a wrong type (kalshi-api-notes §9.4). */
function checkSid(sid: unknown): void {
  if (!Number.isInteger(sid)) throw new CommandError(1);
}

/**
 * A command's `id`: 0 when absent (kalshi-api-notes §9.2: 0 is "no id"; a JSON null reads as absent, as a decoder
 * fills a missing field — the notes are silent on null), undefined when it is no non-negative integer.
 */
function commandId(command: unknown): number | undefined {
  const id = (command as Json | null)?.id;
  if (id === undefined || id === null) return 0;
  return typeof id === 'number' && Number.isInteger(id) && id >= 0 ? id : undefined;
}

/**
 * Lifecycle messages of multivariate (KXMVE…) markets go to `multivariate_market_lifecycle`, every other market's to
 * `market_lifecycle_v2` (kalshi-api-notes §9.5: v2 "excludes KXMVE*", the multivariate channel is "MVE only"). The
 * channel names the message type too.
 */
const lifecycleChannel = (ticker: string) =>
  ticker.startsWith('KXMVE') ? 'multivariate_market_lifecycle' : 'market_lifecycle_v2';

/**
 * The market whose ticker fields (AsyncAPI tickerPayload: price, best bid and ask and their sizes, volume, open
 * interest) an event may have changed: the book (an order rested, moved or left; a close cancels the resting orders),
 * a trade (the positions are those after it), a market status change (settlement closes every position at once: open
 * interest 0). AsyncAPI `ticker`: "Updates sent whenever any ticker field changes".
 */
function tickerTouched(event: ExchangeEvent): string | undefined {
  if (event.type === 'book' || event.type === 'market') return event.ticker;
  return event.type === 'trade' ? event.trade.ticker : undefined;
}

/** The markets a command names: tickers, and whether they were named by id (`market_id(s)`, ticker channel only). */
interface MarketSelection {
  readonly tickers: string[];
  readonly byIds: boolean;
}

export class StreamSession {
  private nextSid = 1;
  private readonly subs = new Map<number, Sub>();
  /** One subscription per channel per connection (re-subscribing merges, kalshi-api-notes §9.2). */
  private readonly byChannel = new Map<Channel, Sub>();
  /** Order-book levels as this connection last saw them, per market: what deltas are computed against. */
  private readonly published = new Map<string, { yes: Map<number, number>; no: Map<number, number> }>();
  private readonly stopListening: () => void;
  private held: string[] | undefined;
  /** The `delay` fault's timer: cleared when the connection goes away, so that it keeps no closed server's process. */
  private holding: ReturnType<typeof setTimeout> | undefined;
  private closed = false;
  /**
   * The digits the command being run wrote its id with, when JSON.parse rounded it (beyond 2^53): its replies echo
   * them (idJson), so that the client matches them to its command.
   */
  private idText: string | undefined;

  constructor(private readonly options: StreamSessionOptions) {
    const stopChanges = options.exchange.changes.on((event) => this.onChange(event));
    const stopCommunications = communications(options.exchange).on((event) => {
      const sub = this.closed ? undefined : this.subscribed('communications', undefined);
      if (sub)
        for (const [type, msg] of communicationsMessages(options.exchange, event, options.userId, {
          keySubaccount: options.keySubaccount,
          ownRfqsOnly: sub.ownRfqsOnly,
          shard: sub.shard,
        }))
          this.data(sub, type, msg);
    });
    this.stopListening = () => {
      stopChanges();
      stopCommunications();
    };
  }

  /** The connection went away: stop listening to the exchange. */
  dispose(): void {
    this.closed = true;
    clearTimeout(this.holding);
    this.stopListening();
  }

  /** A text frame from the client. */
  receive(text: string): void {
    // On the real clock, what fell due since the last request happens before this command is seen.
    this.options.exchange.runDue();
    let command: Json;
    try {
      command = JSON.parse(text);
    } catch {
      this.reply(0, { type: 'error', msg: { code: 1, msg: errorCodes[1] } });
      return;
    }
    const id = (command as Json | null)?.id;
    this.idText = typeof id === 'number' && !Number.isSafeInteger(id) ? integerLiteralOf(text, 'id') : undefined;
    try {
      this.run(command);
    } catch (error) {
      if (!(error instanceof CommandError)) throw error;
      this.reply(commandId(command) ?? 0, {
        type: 'error',
        msg: { code: error.code, msg: error.message, ...error.extra },
      });
    } finally {
      this.idText = undefined;
    }
  }

  /**
   * A command id as its replies write it: the digits it was sent with (idText) where JSON.parse rounded it. AsyncAPI
   * commandId is an integer ≥ 0 without maximum; a Go or Python client's may be an int64 (a nanosecond timestamp).
   */
  private idJson(id: number): string {
    return this.idText !== undefined && Number(this.idText) === id ? this.idText : String(id);
  }

  /**
   * A binary frame from the client. kalshi-api-notes §9.1: "All frames are JSON text"; what Kalshi answers to a binary
   * one is not recorded. It is not read: it gets 1 "Unable to process message", without an id (as bad JSON does),
   * rather than silence that a client waiting on its command's reply only learns of by its own timeout.
   */
  receiveBinary(): void {
    this.options.exchange.runDue();
    this.reply(0, { type: 'error', msg: { code: 1, msg: errorCodes[1] } });
  }

  private run(command: Json): void {
    if (typeof command !== 'object' || command === null || Array.isArray(command)) throw new CommandError(1);
    const id = commandId(command);
    // kalshi-api-notes §9.2/§9.4: ids are integers (AsyncAPI commandId: minimum 0); another type is 1 "Unable to
    // process message (bad JSON / wrong types)", answered without an id, and the command is not run.
    if (id === undefined) throw new CommandError(1);
    const params = command.params;
    if (params !== undefined && (typeof params !== 'object' || params === null || Array.isArray(params)))
      throw new CommandError(1);
    const given = params as Json | undefined;
    const fault = this.options.faults.pickCommand(String(command.cmd))[0];
    if (fault) throw new CommandError(fault.code as keyof typeof errorCodes);
    if (command.cmd === 'subscribe') this.subscribe(id, given);
    else if (command.cmd === 'unsubscribe') this.unsubscribe(id, given);
    else if (command.cmd === 'update_subscription') this.update(id, given);
    else if (command.cmd === 'list_subscriptions')
      this.reply(id, { type: 'ok', msg: [...this.subs.values()].map(({ channel, sid }) => ({ channel, sid })) });
    else throw new CommandError(5);
  }

  // ---- commands ----

  private subscribe(id: number, params: Json | undefined): void {
    if (!params) throw new CommandError(2);
    const given = params.channels;
    // kalshi-api-notes §9.4: 3 "Channels required" for a missing or empty list; a list of another type (a string) is
    // 1, "wrong types". The notes do not record Kalshi's answer to the latter.
    if (given === undefined || given === null || (Array.isArray(given) && given.length === 0))
      throw new CommandError(3);
    if (!Array.isArray(given)) throw new CommandError(1);
    // A channel listed twice is listed once: one `subscribed` per channel (kalshi-api-notes §9.3), as a market named
    // twice is named once (the notes are silent on a repeated channel).
    const channels = [...new Set(given)];
    for (const channel of channels)
      if (!(knownChannels as readonly unknown[]).includes(channel)) throw new CommandError(8);
    checkShards(params);
    checkUserFilter(params);
    const useYesPrice = flag(params, 'use_yes_price');
    const skipTickerAck = flag(params, 'skip_ticker_ack');
    const initialTickers = flag(params, 'send_initial_snapshot');
    const selection = this.marketParams(params, channels as Channel[]);
    const markets = selection?.tickers;
    if (channels.includes('orderbook_delta') && !markets) throw new CommandError(14);
    // A re-subscribe merges into the channel's subscription (kalshi-api-notes §9.2), whose NO levels keep the scale it
    // was opened with (§9.6). One asking the other scale is refused, 11, rather than answered on a scale it did not ask
    // for (the notes are silent on Kalshi's answer; 6 "Already subscribed" is retired in spec 2.0.0).
    const book = channels.includes('orderbook_delta') ? this.byChannel.get('orderbook_delta') : undefined;
    if (book && book.useYesPrice !== useYesPrice) throw new CommandError(11);
    // So is `skip_ticker_ack` (AsyncAPI: `ok` replies omit the market lists "for this subscription"): a merge would
    // answer the re-subscriber's later `ok`s otherwise than it asked. Only where acks list markets.
    for (const channel of channels)
      if (MARKET_FILTERED_CHANNELS.has(channel) && this.byChannel.get(channel)?.skipTickerAck === !skipTickerAck)
        throw new CommandError(11);
    // Likewise communications' filters: the first subscribe's user_filter and sharding are kept by a merge, so one
    // asking for others (every RFQ where it had its own, another shard) is refused rather than silently narrowed.
    const shard = shardOf(params);
    const rfqs = channels.includes('communications') ? this.byChannel.get('communications') : undefined;
    if (
      rfqs &&
      (rfqs.ownRfqsOnly !== (params.user_filter === 'self') ||
        rfqs.shard?.factor !== shard?.factor ||
        rfqs.shard?.key !== shard?.key)
    )
      throw new CommandError(11);
    const feeds = (channel: Channel) => {
      const feed = FEEDS[channel];
      return feed ? stringList(params[feed.param]) : undefined;
    };
    for (const channel of channels as Channel[]) feeds(channel);
    // Every reply to the command goes out before any data it causes (recorded on demo: subscribed, subscribed,
    // then the snapshot).
    const after: (() => void)[] = [];
    for (const channel of channels as Channel[]) {
      const existing = this.byChannel.get(channel);
      const sub: Sub = existing ?? {
        sid: this.nextSid++,
        channel,
        markets: markets ? new Set<string>() : undefined,
        seq: 0,
        useYesPrice,
        skipTickerAck,
        byIds: selection?.byIds ?? false,
        ownRfqsOnly: params.user_filter === 'self',
        shard,
        feeds: new Set(),
        lastTicker: new Map(),
      };
      if (!existing) {
        this.subs.set(sub.sid, sub);
        this.byChannel.set(channel, sub);
      }
      const added = (markets ?? []).filter((m) => !sub.markets?.has(m));
      if (existing && !markets) sub.markets = undefined;
      // Merged by id, it is a subscription made by id from now on, as an update by id makes it (see update()).
      if (selection?.byIds) sub.byIds = true;
      for (const market of added) sub.markets?.add(market);
      for (const feed of feeds(channel) ?? []) sub.feeds.add(feed);
      this.reply(id, { type: 'subscribed', msg: { channel, sid: sub.sid } });
      if (channel === 'orderbook_delta') after.push(() => this.snapshots(sub, added, 0));
      if (channel === 'ticker' && initialTickers)
        after.push(() => {
          for (const market of markets ?? this.options.exchange.markets.keys()) this.ticker(sub, market, true);
        });
    }
    for (const run of after) run();
  }

  private unsubscribe(id: number, params: Json | undefined): void {
    if (!params) throw new CommandError(2);
    const sids = params.sids;
    // As for `channels`: 4 for a missing or empty list, 1 for another type (kalshi-api-notes §9.4).
    if (sids === undefined || sids === null || (Array.isArray(sids) && sids.length === 0)) throw new CommandError(4);
    if (!Array.isArray(sids)) throw new CommandError(1);
    for (const sid of sids) checkSid(sid);
    // A sid named twice is unsubscribed once: one `unsubscribed` per distinct sid (kalshi-api-notes §9.3 "per sid").
    const subs = [...new Set(sids)].map((sid) => this.subs.get(sid as number));
    if (subs.some((s) => !s)) throw new CommandError(7);
    for (const sub of subs as Sub[]) {
      this.subs.delete(sub.sid);
      this.byChannel.delete(sub.channel);
      this.reply(id, { sid: sub.sid, seq: ++sub.seq, type: 'unsubscribed' });
    }
  }

  private update(id: number, params: Json | undefined): void {
    if (!params) throw new CommandError(2);
    // AsyncAPI: "Either sid or sids must be provided, not both"; §9.4 12 "Exactly one subscription ID is required".
    if (params.sid !== undefined && params.sids !== undefined) throw new CommandError(12);
    if (params.sids !== undefined && !Array.isArray(params.sids)) throw new CommandError(1);
    const sids = params.sids !== undefined ? params.sids : params.sid !== undefined ? [params.sid] : [];
    if (!Array.isArray(sids) || sids.length !== 1) throw new CommandError(12);
    checkSid(sids[0]);
    const sub = this.subs.get(sids[0] as number);
    if (!sub) throw new CommandError(7);
    if (params.action === undefined) throw new CommandError(15);
    const initialTickers = flag(params, 'send_initial_snapshot');
    const feed = FEEDS[sub.channel];
    if (feed) {
      this.updateFeeds(id, sub, feed, params);
      return;
    }
    if (!['add_markets', 'delete_markets', 'get_snapshot'].includes(params.action as string))
      throw new CommandError(13);
    if (!MARKET_FILTERED_CHANNELS.has(sub.channel)) throw new CommandError(13);
    if (params.action === 'get_snapshot' && sub.channel !== 'orderbook_delta') throw new CommandError(13);
    const selection = this.marketParams(params, [sub.channel]);
    if (!selection) throw new CommandError(14);
    const markets = selection.tickers;
    if (params.action === 'get_snapshot') {
      // AsyncAPI: get_snapshot "returns an orderbook_snapshot for the requested market_tickers without modifying the
      // subscription". The notes are silent on a market the subscription does not stream: a snapshot of it on this sid
      // would never be followed by a delta, so it is refused, 11 "Invalid parameter" naming the market, and no
      // snapshot is sent.
      const outside = markets.find((market) => sub.markets !== undefined && !sub.markets.has(market));
      if (outside !== undefined) throw new CommandError(11, { market_ticker: outside });
      // The snapshots answer the command: each carries its id (AsyncAPI orderbookSnapshotPayload.id).
      this.snapshots(sub, markets, id);
      return;
    }
    // Opened without markets, the subscription streams every market and has no list to add to or delete from: an
    // add would narrow it to the markets named (every other market's fills gone), a delete change nothing under an ack
    // listing none. The notes are silent on Kalshi's answer; it is refused, 11, and streams every market still.
    const { markets: listed } = sub;
    if (!listed) throw new CommandError(11);
    if (selection.byIds) sub.byIds = true;
    if (params.action === 'add_markets') {
      const added = markets.filter((m) => !listed.has(m));
      for (const market of added) listed.add(market);
      this.ack(id, sub);
      if (sub.channel === 'orderbook_delta') this.snapshots(sub, added, 0);
      if (sub.channel === 'ticker' && initialTickers) for (const market of added) this.ticker(sub, market, true);
    } else {
      for (const market of markets) {
        listed.delete(market);
        sub.lastTicker.delete(market);
      }
      this.ack(id, sub);
    }
  }

  /** cfbenchmarks / pyth: add or remove feed ids, or list them (the mock streams no feed values, so none are listed). */
  private updateFeeds(id: number, sub: Sub, feed: (typeof FEEDS)[string], params: Json): void {
    const { action } = params;
    if (action === feed.list) {
      this.reply(id, { type: feed.listType, sid: sub.sid, seq: ++sub.seq, msg: { [feed.param]: [] } });
      return;
    }
    if (action !== feed.add && action !== feed.remove) throw new CommandError(13);
    const ids = stringList(params[feed.param]);
    if (!ids) throw new CommandError(feed.missing);
    for (const one of ids) {
      if (action === feed.add) sub.feeds.add(one);
      else sub.feeds.delete(one);
    }
    this.reply(id, { type: 'ok', sid: sub.sid, seq: ++sub.seq, msg: { [feed.param]: [...sub.feeds] } });
  }

  private ack(id: number, sub: Sub): void {
    const tickers = [...(sub.markets ?? [])];
    const lists = {
      market_tickers: tickers,
      ...(sub.byIds ? { market_ids: tickers.map((t) => idOf(this.options.exchange, t)) } : {}),
    };
    this.reply(id, { sid: sub.sid, seq: ++sub.seq, type: 'ok', ...(sub.skipTickerAck ? {} : { msg: lists }) });
  }

  /**
   * The markets a command names: `market_ticker` or `market_tickers`, or (ticker channel only) `market_id` or
   * `market_ids`; at most one of the four. Each must exist; one named twice is listed once. Undefined when none is
   * given.
   */
  private marketParams(params: Json, channels: readonly Channel[]): MarketSelection | undefined {
    const given = (['market_ticker', 'market_tickers', 'market_id', 'market_ids'] as const).filter(
      (key) => params[key] !== undefined,
    );
    if (given.length === 0) return undefined;
    if (given.length > 1) throw new CommandError(11);
    const key = given[0] as string;
    const value = params[key];
    const list = key.endsWith('s') ? value : [value];
    if (!Array.isArray(list) || list.length === 0 || list.some((m) => typeof m !== 'string'))
      throw new CommandError(11);
    const byIds = key.startsWith('market_id');
    // kalshi-api-notes §9.2: market ids filter the ticker channel only.
    if (byIds && channels.some((c) => c !== 'ticker')) throw new CommandError(11);
    const { markets } = this.options.exchange;
    // A market named twice is named once: one snapshot, one initial ticker (the notes are silent on a repeated market;
    // a list of markets is read as a set).
    const tickers = [...new Set(list as string[])].map((market) => {
      const ticker = byIds ? tickerOfMarketId(this.options.exchange, market) : market;
      // spec 2.0.0 retired 16 "Market not found": an unknown market is an invalid parameter.
      if (ticker === undefined || !markets.has(ticker))
        throw new CommandError(11, byIds ? { market_id: market } : { market_ticker: market });
      return ticker;
    });
    return { tickers, byIds };
  }

  // ---- data ----

  private onChange(event: ExchangeEvent): void {
    if (this.closed) return;
    // reset() replaces the whole state: orders, positions, order groups, RFQs and the markets listed since are gone
    // (REST: 404 or left out), with no Kalshi event to tell a subscriber so (a `user_order` "canceled" would be untrue:
    // the order does not exist). The notes are silent; the nearest real event is maintenance, which drops sessions
    // (kalshi-api-notes §9.1), after which everything restarts: new sids, seq and snapshots (§9.7). So the connection
    // is cut, and a client resubscribes to the new state instead of believing in the old one.
    if (event.type === 'resetting') {
      this.dispose();
      this.options.transport.drop();
      return;
    }
    this.forward(event);
    // After the event's own messages: the ticker, if any of its fields changed (`ticker` skips an unchanged one).
    const market = tickerTouched(event);
    if (market === undefined || this.closed) return;
    const ticker = this.subscribed('ticker', market);
    if (ticker) this.ticker(ticker, market, false);
  }

  /** The messages an exchange event makes on the channels other than `ticker`. */
  private forward(event: ExchangeEvent): void {
    const { exchange, userId } = this.options;
    const mine = (owner: string, subaccount: number | undefined) => owner === userId && this.mayRead(subaccount);
    switch (event.type) {
      case 'book': {
        const book = this.subscribed('orderbook_delta', event.ticker);
        if (book) this.deltas(book, event);
        return;
      }
      case 'trade': {
        const trade = this.subscribed('trade', event.trade.ticker);
        if (trade) this.data(trade, 'trade', tradeMsg(event.trade));
        return;
      }
      case 'fill': {
        // A fill is in its order's subaccount.
        const sub = mine(event.fill.userId, event.order.subaccount)
          ? this.subscribed('fill', event.fill.ticker)
          : undefined;
        if (sub) this.data(sub, 'fill', fillMsg(exchange, event.fill, event.order));
        return;
      }
      case 'order': {
        const sub = mine(event.order.userId, event.order.subaccount)
          ? this.subscribed('user_orders', event.order.ticker)
          : undefined;
        if (sub) this.data(sub, 'user_order', userOrderMsg(event.order));
        return;
      }
      case 'position': {
        const sub = mine(event.userId, event.subaccount)
          ? this.subscribed('market_positions', event.ticker)
          : undefined;
        if (sub)
          this.data(
            sub,
            'market_position',
            marketPositionMsg(exchange, userId, event.ticker, event.subaccount, event.settled),
          );
        return;
      }
      case 'order_group': {
        const sub = mine(event.group.userId, event.group.subaccount)
          ? this.subscribed('order_group_updates', undefined)
          : undefined;
        if (sub) this.data(sub, 'order_group_updates', orderGroupMsg(event.group, event.event, exchange.now()));
        return;
      }
      case 'market': {
        const channel = lifecycleChannel(event.ticker);
        const sub = this.subscribed(channel, undefined);
        const msg = sub && lifecycleMsg(exchange, event.ticker, event.status, event.previous);
        if (sub && msg) this.data(sub, channel, msg);
        return;
      }
      case 'close-time': {
        const channel = lifecycleChannel(event.ticker);
        const sub = this.subscribed(channel, undefined);
        if (sub) this.data(sub, channel, closeDateMsg(exchange, event.ticker));
        return;
      }
      case 'market-created': {
        const channel = lifecycleChannel(event.ticker);
        const sub = this.subscribed(channel, undefined);
        if (sub && event.newEvent) this.data(sub, 'event_lifecycle', eventLifecycleMsg(exchange, event.ticker));
        if (sub) this.data(sub, channel, createdMsg(exchange, event.ticker));
        return;
      }
    }
  }

  /** Whether this connection's key may read an object of `subaccount` (undefined: the primary account, 0). */
  private mayRead(subaccount: number | undefined): boolean {
    return keyMayRead(this.options.keySubaccount, subaccount ?? 0);
  }

  /** The subscription of a channel when it covers the market (or any market when `market` is undefined). */
  private subscribed(channel: Channel, market: string | undefined): Sub | undefined {
    const sub = this.byChannel.get(channel);
    if (!sub || (market !== undefined && sub.markets && !sub.markets.has(market))) return undefined;
    return sub;
  }

  /** Order-book snapshots, one per market; `id` when they answer a `get_snapshot` command. */
  private snapshots(sub: Sub, markets: readonly string[], id: number): void {
    for (const market of markets) {
      const book = this.options.exchange.book(market);
      // Events may have gone by with nobody following this market: its kept sizes are read again.
      forgetDepths(book);
      this.published.set(market, { yes: new Map(book.levels('yes')), no: new Map(book.levels('no')) });
      this.data(
        sub,
        'orderbook_snapshot',
        snapshotMsg(book, market, idOf(this.options.exchange, market), sub.useYesPrice),
        id,
      );
    }
  }

  /**
   * Compares the market's book with what this connection last saw; one delta per changed price level. An event
   * names the order it touched, so only that order's level (and its level before an amend) is summed.
   */
  private deltas(sub: Sub, event: BookEvent): void {
    const { ticker: market, order } = event;
    const seen = this.published.get(market);
    if (!seen) return;
    const { exchange, userId } = this.options;
    // The order's own fields (client_order_id, subaccount) only where this key may read the order.
    const own = order.userId === userId && this.mayRead(order.subaccount);
    for (const { levels, price, size } of levelsTouched(exchange, event)) {
      const delta = size - (seen[levels].get(price) ?? 0);
      if (delta === 0) continue;
      if (size === 0) seen[levels].delete(price);
      else seen[levels].set(price, size);
      this.data(sub, 'orderbook_delta', sharedDelta(exchange, event, levels, price, delta, sub.useYesPrice, own));
    }
  }

  private ticker(sub: Sub, market: string, force: boolean): void {
    const msg = tickerMsg(this.options.exchange, market);
    const { ts: _ts, ts_ms: _ms, time: _time, ...fields } = msg;
    const key = JSON.stringify(fields);
    if (!force && sub.lastTicker.get(market) === key) return;
    sub.lastTicker.set(market, key);
    this.data(sub, 'ticker', msg);
  }

  /** A data message on a subscription: seq where the channel has one, then stream faults. */
  private data(sub: Sub, type: string, msg: Json | SharedText, id = 0): void {
    // A subscription that ended (error 25 earlier in the same burst) sends nothing more: 25 is terminal (AsyncAPI).
    if (this.subs.get(sub.sid) !== sub || this.overflowing(sub)) return;
    const sequenced = SEQUENCED.has(sub.channel);
    const faults = this.options.faults.pickStream(sub.channel, sequenced);
    // A drop comes alone (faults.ts); skip-seqs and delays add up.
    let skipped = 0;
    let delayMs: number | undefined;
    for (const fault of faults) {
      if (fault.kind === 'drop') {
        this.dispose();
        this.options.transport.drop();
        return;
      }
      if (fault.kind === 'skip-seq') skipped++;
      else delayMs = (delayMs ?? 0) + fault.ms;
    }
    if (sequenced) sub.seq += 1 + skipped;
    const seq = sequenced ? sub.seq : undefined;
    if (delayMs !== undefined) this.hold(delayMs);
    const { transport } = this.options;
    // A shared msg (sharedDelta) is the same for every connection the event reaches: only sid and seq differ.
    if (msg instanceof SharedText && !id && seq !== undefined) {
      if (transport.sendData && !this.held) transport.sendData(type, sub.sid, seq, msg);
      else this.sendText(dataHead(type, sub.sid, seq) + msg.text);
      return;
    }
    const head = `{${id ? `"id":${this.idJson(id)},` : ''}"type":"${type}","sid":${sub.sid}${seq !== undefined ? `,"seq":${seq}` : ''},"msg":`;
    this.sendText(`${head}${msg instanceof SharedText ? msg.text : `${JSON.stringify(msg)}}`}`);
  }

  /**
   * Past `bufferLimit` messages waiting for the client, the subscription's burst is dropped and the subscription ends
   * with error 25 (sid, and seq on a sequenced channel: AsyncAPI errorResponsePayload); later events skip it.
   */
  private overflowing(sub: Sub): boolean {
    const { bufferLimit, transport } = this.options;
    if (bufferLimit === undefined || !transport.backlog || transport.backlog() < bufferLimit) return false;
    this.subs.delete(sub.sid);
    this.byChannel.delete(sub.channel);
    const seq = SEQUENCED.has(sub.channel) ? { seq: ++sub.seq } : {};
    this.send({ type: 'error', sid: sub.sid, ...seq, msg: { code: 25, msg: errorCodes[25] } });
    return true;
  }

  private reply(id: number, message: Json): void {
    // The id first, as the client wrote it, then the message's members.
    if (id) this.sendText(`{"id":${this.idJson(id)},${JSON.stringify(message).slice(1)}`);
    else this.send(message);
  }

  private send(message: Json): void {
    this.sendText(JSON.stringify(message));
  }

  private sendText(text: string): void {
    if (this.held) this.held.push(text);
    else this.options.transport.send(text);
  }

  /** Holds outgoing messages for `ms`, then sends them in order. */
  private hold(ms: number): void {
    if (this.held || this.closed) return;
    const held: string[] = [];
    this.held = held;
    this.holding = setTimeout(() => {
      this.held = undefined;
      for (const text of held) this.options.transport.send(text);
    }, ms);
  }
}
