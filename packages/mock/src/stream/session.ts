// One WebSocket connection to the mock exchange: Kalshi's commands and replies (kalshi-api-notes §9.2–9.4) and data
// messages driven by the exchange's change events. Transport-agnostic: the node server and the msw handler both
// feed it text and give it a way to send and to cut the connection.
import { OrderBook } from '../exchange/book';
import type { ExchangeEvent } from '../exchange/events';
import type { Exchange } from '../exchange/exchange';
import { type Channel, errorCodes, channels as knownChannels } from '../generated/asyncapi';
import type { FaultRegistry } from '../http/faults';
import {
  deltaMsg,
  fillMsg,
  type Levels,
  lifecycleMsg,
  marketPositionMsg,
  snapshotMsg,
  tickerMsg,
  tradeMsg,
  userOrderMsg,
} from './messages';

export interface StreamTransport {
  send(text: string): void;
  /** Cuts the connection without a close frame (a dropped connection). */
  drop(): void;
}

export interface StreamSessionOptions {
  readonly exchange: Exchange;
  /** The user the handshake authenticated. */
  readonly userId: string;
  readonly faults: FaultRegistry;
  readonly transport: StreamTransport;
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
}

/** Channels whose messages carry `seq` (AsyncAPI: orderbook, trade, lifecycle, order groups). */
const SEQUENCED: ReadonlySet<string> = new Set([
  'orderbook_delta',
  'trade',
  'market_lifecycle_v2',
  'order_group_updates',
]);
/** Channels that accept a market filter via `update_subscription`. */
const MARKET_FILTERED: ReadonlySet<string> = new Set([
  'orderbook_delta',
  'ticker',
  'trade',
  'fill',
  'market_positions',
  'user_orders',
]);

class CommandError extends Error {
  constructor(
    readonly code: keyof typeof errorCodes,
    readonly extra: Json = {},
  ) {
    super(errorCodes[code]);
  }
}

export class StreamSession {
  private nextSid = 1;
  private readonly subs = new Map<number, Sub>();
  /** Order-book levels as this connection last saw them, per market: what deltas are computed against. */
  private readonly published = new Map<string, { yes: Map<number, number>; no: Map<number, number> }>();
  /** Last ticker message per market (as JSON without timestamps), so unchanged tickers are not resent. */
  private readonly lastTicker = new Map<string, string>();
  private readonly stopListening: () => void;
  private held: string[] | undefined;
  private closed = false;

  constructor(private readonly options: StreamSessionOptions) {
    this.stopListening = options.exchange.changes.on((event) => this.onChange(event));
  }

  /** The connection went away: stop listening to the exchange. */
  dispose(): void {
    this.closed = true;
    this.stopListening();
  }

  /** A text frame from the client. */
  receive(text: string): void {
    let command: Json;
    try {
      command = JSON.parse(text);
    } catch {
      this.reply(0, { type: 'error', msg: { code: 1, msg: errorCodes[1] } });
      return;
    }
    const id = typeof command?.id === 'number' && Number.isInteger(command.id) ? command.id : 0;
    try {
      this.run(command);
    } catch (error) {
      if (!(error instanceof CommandError)) throw error;
      this.reply(id, { type: 'error', msg: { code: error.code, msg: error.message, ...error.extra } });
    }
  }

  private run(command: Json): void {
    if (typeof command !== 'object' || command === null || Array.isArray(command)) throw new CommandError(1);
    const id = typeof command.id === 'number' && Number.isInteger(command.id) ? command.id : 0;
    const params = command.params;
    if (params !== undefined && (typeof params !== 'object' || params === null || Array.isArray(params)))
      throw new CommandError(1);
    const given = params as Json | undefined;
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
    const channels = params.channels;
    if (!Array.isArray(channels) || channels.length === 0) throw new CommandError(3);
    for (const channel of channels)
      if (!(knownChannels as readonly unknown[]).includes(channel)) throw new CommandError(8);
    const markets = this.marketParams(params);
    if (channels.includes('orderbook_delta') && !markets) throw new CommandError(14);
    for (const channel of channels as Channel[]) {
      // Re-subscribing to a channel is idempotent: new markets merge into the existing subscription (§9.2).
      const existing = [...this.subs.values()].find((s) => s.channel === channel);
      const sub = existing ?? {
        sid: this.nextSid++,
        channel,
        markets: markets ? new Set<string>() : undefined,
        seq: 0,
        useYesPrice: params.use_yes_price === true,
      };
      if (!existing) this.subs.set(sub.sid, sub);
      const added = (markets ?? []).filter((m) => !sub.markets?.has(m));
      if (existing && !markets) sub.markets = undefined;
      for (const market of added) sub.markets?.add(market);
      this.reply(id, { type: 'subscribed', msg: { channel, sid: sub.sid } });
      if (channel === 'orderbook_delta') for (const market of added) this.snapshot(sub, market);
      if (channel === 'ticker' && params.send_initial_snapshot === true)
        for (const market of markets ?? this.options.exchange.markets.keys()) this.ticker(sub, market, true);
    }
  }

  private unsubscribe(id: number, params: Json | undefined): void {
    if (!params) throw new CommandError(2);
    const sids = params.sids;
    if (!Array.isArray(sids) || sids.length === 0) throw new CommandError(4);
    const subs = sids.map((sid) => this.subs.get(sid as number));
    if (subs.some((s) => !s)) throw new CommandError(7);
    for (const sub of subs as Sub[]) {
      this.subs.delete(sub.sid);
      this.reply(id, { sid: sub.sid, seq: ++sub.seq, type: 'unsubscribed' });
    }
  }

  private update(id: number, params: Json | undefined): void {
    if (!params) throw new CommandError(2);
    const sids = params.sids !== undefined ? params.sids : params.sid !== undefined ? [params.sid] : [];
    if (!Array.isArray(sids) || sids.length !== 1) throw new CommandError(12);
    const sub = this.subs.get(sids[0] as number);
    if (!sub) throw new CommandError(7);
    if (params.action === undefined) throw new CommandError(15);
    if (!['add_markets', 'delete_markets', 'get_snapshot'].includes(params.action as string))
      throw new CommandError(13);
    const markets = this.marketParams(params);
    if (!markets) throw new CommandError(14);
    if (!MARKET_FILTERED.has(sub.channel)) throw new CommandError(13);
    if (params.action === 'get_snapshot') {
      if (sub.channel !== 'orderbook_delta') throw new CommandError(13);
      this.reply(id, { sid: sub.sid, seq: ++sub.seq, type: 'ok' });
      for (const market of markets) this.snapshot(sub, market);
      return;
    }
    if (params.action === 'add_markets') {
      const added = markets.filter((m) => !sub.markets?.has(m));
      sub.markets ??= new Set();
      for (const market of added) sub.markets.add(market);
      this.ack(id, sub, params);
      if (sub.channel === 'orderbook_delta') for (const market of added) this.snapshot(sub, market);
    } else {
      for (const market of markets) sub.markets?.delete(market);
      this.ack(id, sub, params);
    }
  }

  private ack(id: number, sub: Sub, params: Json): void {
    const msg = params.skip_ticker_ack === true ? {} : { msg: { market_tickers: [...(sub.markets ?? [])] } };
    this.reply(id, { sid: sub.sid, seq: ++sub.seq, type: 'ok', ...msg });
  }

  /** `market_ticker` or `market_tickers` (not both), each an existing market; undefined when neither is given. */
  private marketParams(params: Json): string[] | undefined {
    const { market_ticker: one, market_tickers: many } = params;
    if (one !== undefined && many !== undefined) throw new CommandError(11);
    if (one === undefined && many === undefined) return undefined;
    const markets = one !== undefined ? [one] : many;
    if (!Array.isArray(markets) || markets.some((m) => typeof m !== 'string')) throw new CommandError(11);
    for (const market of markets as string[])
      if (!this.options.exchange.markets.has(market)) throw new CommandError(11, { market_ticker: market }); // spec 2.0.0 dropped 16 "Market not found"
    return markets as string[];
  }

  // ---- data ----

  private onChange(event: ExchangeEvent): void {
    if (this.closed) return;
    const { exchange, userId } = this.options;
    switch (event.type) {
      case 'book':
        for (const sub of this.subscribed('orderbook_delta', event.ticker)) this.deltas(sub, event);
        for (const sub of this.subscribed('ticker', event.ticker)) this.ticker(sub, event.ticker, false);
        return;
      case 'trade':
        for (const sub of this.subscribed('trade', event.trade.ticker)) this.data(sub, 'trade', tradeMsg(event.trade));
        for (const sub of this.subscribed('ticker', event.trade.ticker)) this.ticker(sub, event.trade.ticker, false);
        return;
      case 'fill':
        if (event.fill.userId !== userId) return;
        for (const sub of this.subscribed('fill', event.fill.ticker))
          this.data(sub, 'fill', fillMsg(exchange, event.fill, event.order));
        return;
      case 'order':
        if (event.order.userId !== userId) return;
        for (const sub of this.subscribed('user_orders', event.order.ticker))
          this.data(sub, 'user_order', userOrderMsg(event.order));
        return;
      case 'position':
        if (event.userId !== userId) return;
        for (const sub of this.subscribed('market_positions', event.ticker))
          this.data(sub, 'market_position', marketPositionMsg(exchange, userId, event.ticker));
        return;
      case 'market': {
        const msg = lifecycleMsg(exchange, event.ticker, event.status, event.previous);
        if (msg)
          for (const sub of this.subscribed('market_lifecycle_v2', undefined))
            this.data(sub, 'market_lifecycle_v2', msg);
        return;
      }
    }
  }

  private *subscribed(channel: Channel, market: string | undefined): Generator<Sub> {
    for (const sub of this.subs.values()) {
      if (sub.channel !== channel) continue;
      if (market !== undefined && sub.markets && !sub.markets.has(market)) continue;
      yield sub;
    }
  }

  private snapshot(sub: Sub, market: string): void {
    const book = this.options.exchange.book(market);
    this.published.set(market, { yes: new Map(book.levels('yes')), no: new Map(book.levels('no')) });
    this.data(sub, 'orderbook_snapshot', snapshotMsg(book, market, sub.useYesPrice));
  }

  /**
   * Compares the market's book with what this connection last saw; one delta per changed price level. An event
   * names the order it touched, so only that order's level (and its level before an amend) is summed; a reset
   * compares every level.
   */
  private deltas(sub: Sub, event: Extract<ExchangeEvent, { type: 'book' }>): void {
    const { ticker: market, order, previousPrice } = event;
    const seen = this.published.get(market);
    if (!seen) return;
    const book = this.options.exchange.books.get(market);
    const now = this.options.exchange.now();
    const own = order?.userId === this.options.userId ? order : undefined;
    const touched: [Levels, number][] = [];
    if (order) {
      const { levels, price } = OrderBook.restingAt(order);
      touched.push([levels, price]);
      if (previousPrice !== undefined && previousPrice !== order.price)
        touched.push([levels, OrderBook.restingAt({ side: order.side, price: previousPrice }).price]);
    } else {
      for (const levels of ['yes', 'no'] as Levels[]) {
        const prices = new Set([...seen[levels].keys(), ...(book?.levels(levels) ?? []).map(([p]) => p)]);
        for (const price of prices) touched.push([levels, price]);
      }
    }
    for (const [levels, price] of touched) {
      const size = book?.depth(levels, price) ?? 0;
      const delta = size - (seen[levels].get(price) ?? 0);
      if (delta === 0) continue;
      if (size === 0) seen[levels].delete(price);
      else seen[levels].set(price, size);
      this.data(sub, 'orderbook_delta', deltaMsg(market, levels, price, delta, sub.useYesPrice, now, own));
    }
  }

  private ticker(sub: Sub, market: string, force: boolean): void {
    const msg = tickerMsg(this.options.exchange, market);
    const { ts: _ts, ts_ms: _ms, time: _time, ...fields } = msg;
    const key = JSON.stringify(fields);
    if (!force && this.lastTicker.get(market) === key) return;
    this.lastTicker.set(market, key);
    this.data(sub, 'ticker', msg);
  }

  /** A data message on a subscription: seq where the channel has one, then stream faults. */
  private data(sub: Sub, type: string, msg: Json): void {
    let seq: number | undefined;
    const faults = this.options.faults.pickStream(sub.channel);
    if (SEQUENCED.has(sub.channel)) {
      seq = ++sub.seq;
      if (faults.some((f) => f.kind === 'skip-seq')) seq = ++sub.seq;
    }
    if (faults.some((f) => f.kind === 'drop')) {
      this.dispose();
      this.options.transport.drop();
      return;
    }
    const delay = faults.find((f) => f.kind === 'delay');
    if (delay?.kind === 'delay') this.hold(delay.ms);
    this.send({ type, sid: sub.sid, ...(seq !== undefined ? { seq } : {}), msg });
  }

  private reply(id: number, message: Json): void {
    this.send(id ? { id, ...message } : message);
  }

  private send(message: Json): void {
    const text = JSON.stringify(message);
    if (this.held) this.held.push(text);
    else this.options.transport.send(text);
  }

  /** Holds outgoing messages for `ms`, then sends them in order. */
  private hold(ms: number): void {
    if (this.held) return;
    const held: string[] = [];
    this.held = held;
    setTimeout(() => {
      this.held = undefined;
      if (!this.closed) for (const text of held) this.options.transport.send(text);
    }, ms);
  }
}
