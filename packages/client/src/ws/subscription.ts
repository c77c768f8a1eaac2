// One subscription as its user sees it: an async iterable of its messages that survives reconnects. It checks each
// sid's `seq` (a gap is repaired, never delivered out of order), bounds its queue, and ends exactly once: done when
// unsubscribed or the stream closes, or rejecting with the server's error when it cannot be restored.
import type { Channel, ServerMessage } from '../generated/asyncapi';
import { MessageQueue } from './message-queue';
import { Sequencer } from './sequencer';
import { KalshiStreamError } from './stream-error';

/** What to subscribe to: channels and, for market channels, tickers. */
export interface SubscribeParams {
  readonly channels: readonly Channel[];
  readonly market_tickers?: readonly string[];
  readonly [param: string]: unknown;
}

/** A subscription's messages as an async iterable, and its controls. */
export interface Subscription extends AsyncIterable<ServerMessage> {
  readonly channels: readonly Channel[];
  /** Current server-side subscription ids (they change after a reconnect or a re-snapshot). */
  readonly sids: readonly number[];
  /** Messages received and not yet consumed (at most `queueSize`). */
  readonly queued: number;
  /** Adds or removes markets on every sid of this subscription. */
  update(change: { add?: readonly string[]; remove?: readonly string[] }): Promise<void>;
  /** Unsubscribes on the server; the iterator ends. Leaving a `for await` loop early (break, throw) does the same. */
  unsubscribe(): Promise<void>;
}

/** What a subscription needs from its stream. */
export interface SubscriptionHost {
  command(cmd: string, params: Record<string, unknown>, expected?: number): Promise<Record<string, unknown>[]>;
  /** Unsubscribes the subscription's sids and subscribes it again (new sids, fresh snapshots). */
  resubscribe(subscription: LiveSubscription): Promise<void>;
  /** Drops it from the stream: its channels are free again and it is not restored after a reconnect. */
  forget(subscription: LiveSubscription): void;
}

const SEQUENCED: ReadonlySet<string> = new Set(['orderbook_delta', 'order_group_updates']);

export class LiveSubscription {
  sids: number[] = [];
  private readonly channelOf = new Map<number, Channel>();
  private readonly sequencer = new Sequencer();
  /** Per order-book sid, the markets waiting for a fresh snapshot after a gap: their deltas are dropped meanwhile. */
  private readonly stale = new Map<number, Set<string>>();
  private readonly queue = new MessageQueue<ServerMessage>();
  private resyncing = false;
  private markets: string[];

  constructor(
    private readonly host: SubscriptionHost,
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

  /** A new server subscription begins (subscribe, restore, re-subscribe): sids and sequences start over. */
  attach(): void {
    this.sids = [];
    this.channelOf.clear();
    this.sequencer.clear();
    this.stale.clear();
    this.resyncing = false;
  }

  addSid(sid: number, channel: Channel): void {
    this.sids.push(sid);
    this.channelOf.set(sid, channel);
  }

  /** A command reply on one of this subscription's sids: `ok` and `unsubscribed` take a place in its sequence. */
  observe(sid: number, reply: { seq?: unknown }): void {
    if (!this.resyncing) this.inSequence(sid, reply.seq);
  }

  deliver(sid: number, message: ServerMessage): void {
    if (this.resyncing || !this.inSequence(sid, (message as { seq?: unknown }).seq)) return;
    const stale = this.stale.get(sid);
    if (stale && (message.type === 'orderbook_delta' || message.type === 'orderbook_snapshot')) {
      const market = message.msg.market_ticker;
      if (message.type === 'orderbook_delta' && stale.has(market)) return;
      stale.delete(market);
      if (stale.size === 0) this.stale.delete(sid);
    }
    this.queue.push(message);
    if (this.queue.length <= this.limit) return;
    if (this.channels.some((c) => SEQUENCED.has(c))) {
      // A dropped delta is a gap: discard what is queued and start again from fresh snapshots.
      this.queue.clear();
      for (const sid of this.sids) if (SEQUENCED.has(this.channelOf.get(sid) as string)) this.repair(sid);
    } else this.queue.dropOldest();
  }

  /** False for a duplicate, and for a gap, which starts a repair instead of letting a delta apply out of order. */
  private inSequence(sid: number, seq: unknown): boolean {
    const verdict = this.sequencer.check(sid, seq);
    if (verdict === 'gap') this.repair(sid, seq as number);
    return verdict === 'next';
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
    if (seq !== undefined) this.sequencer.resume(sid, seq);
    this.stale.set(sid, new Set(this.markets));
    this.host
      .command(
        'update_subscription',
        { sid, market_tickers: this.markets, action: 'get_snapshot' },
        this.markets.length,
      )
      .catch(() => this.resync());
  }

  private resync(): void {
    this.resyncing = true;
    // Refused by the server: the subscription ends with that error. Lost with the connection: the reconnect restores it.
    this.host.resubscribe(this).catch((error: unknown) => {
      if (error instanceof KalshiStreamError) this.fail(error);
    });
  }

  /** The stream closed: no more messages; what is queued can still be read. */
  end(): void {
    this.queue.end();
  }

  /** The server refused it (e.g. when restoring it after a reconnect): its iterator rejects with that error. */
  fail(error: Error): void {
    this.host.forget(this);
    this.queue.fail(error);
  }

  async unsubscribe(): Promise<void> {
    if (this.queue.isEnded) return;
    const sids = [...this.sids];
    this.host.forget(this);
    this.queue.end();
    // If the connection is gone, so is the server's subscription (and a reconnect will not restore a forgotten one).
    if (sids.length) await this.host.command('unsubscribe', { sids }, sids.length).catch(() => undefined);
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
            await self.host.command('update_subscription', { sid, market_tickers: add, action: 'add_markets' });
          if (remove.length)
            await self.host.command('update_subscription', { sid, market_tickers: remove, action: 'delete_markets' });
        }
        self.markets = [...self.markets.filter((m) => !remove.includes(m)), ...add];
      },
      unsubscribe: () => self.unsubscribe(),
      [Symbol.asyncIterator]: () => ({
        next: () => self.queue.next(),
        // `break` (or a throw) out of `for await`: unsubscribe on the server too, not only locally.
        return: async () => {
          await self.unsubscribe();
          return { value: undefined, done: true };
        },
      }),
    };
  }
}
