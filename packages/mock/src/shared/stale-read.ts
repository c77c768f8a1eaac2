// The `stale-read` fault: Kalshi's read surface lags its write surface (on demo a GET about 360 ms after an
// acknowledged cancel still showed the order `resting`; `GET /exchange/user_data_timestamp` exists for this reason,
// kalshi-api-notes §7). With the fault on, order reads show each order as it was `lagMs` earlier on the mock's clock.
import type { Exchange } from '../exchange/exchange';
import type { OrderState } from '../exchange/types';

/** The order reads the fault applies to. */
export const STALE_READ_OPERATIONS: ReadonlySet<string> = new Set(['GetOrder', 'GetOrders']);

export interface StaleRead {
  readonly lagMs: number;
  /** Only this order reads stale; every order when absent. */
  readonly orderId?: string;
}

interface Version {
  readonly at: number;
  readonly order: OrderState;
}

/**
 * The versions of each order a stale read can still show, oldest first: the newest one at or before now − the longest
 * `lagMs` installed (`lagMs()`), and every one after it. Older versions can no longer be read and are dropped, so the
 * journal stays as large as the lag window, however long the fault stays installed. A fault added later with a longer
 * lag reads an order at most as far back as the oldest version kept (as a read from before the journal started does).
 */
class OrderJournal {
  private readonly versions = new Map<string, Version[]>();
  /** Versions recorded since every order's list was last pruned (a sweep every so often keeps quiet orders small). */
  private sinceSweep = 0;

  constructor(
    private readonly exchange: Exchange,
    private readonly lagMs: () => number,
  ) {
    // Orders as they stand now are their first known versions.
    for (const order of exchange.orders.values()) this.record(order, exchange.now());
    exchange.changes.on((event) => {
      if (event.type === 'reset') this.versions.clear();
      if (event.type === 'order') this.record(event.order, exchange.now());
    });
  }

  private record(order: OrderState, at: number): void {
    const version = { at, order: { ...order } };
    const list = this.versions.get(order.orderId);
    if (list) {
      list.push(version);
      this.prune(list, at - this.lagMs());
    } else this.versions.set(order.orderId, [version]);
    // Amortised: a sweep over every list once per as many records as there are orders.
    if (++this.sinceSweep > Math.max(64, this.versions.size)) {
      this.sinceSweep = 0;
      const horizon = this.exchange.now() - this.lagMs();
      for (const kept of this.versions.values()) this.prune(kept, horizon);
    }
  }

  /** Drops the versions before the newest one at or before `horizon` (what a read at `horizon` or later shows). */
  private prune(list: Version[], horizon: number): void {
    let newest = -1;
    for (let i = 0; i < list.length && (list[i] as Version).at <= horizon; i++) newest = i;
    if (newest > 0) list.splice(0, newest);
  }

  size(orderId?: string): number {
    if (orderId !== undefined) return this.versions.get(orderId)?.length ?? 0;
    let total = 0;
    for (const list of this.versions.values()) total += list.length;
    return total;
  }

  /** The order as it read at `at`; undefined if it did not exist yet. */
  asOf(order: OrderState, at: number): OrderState | undefined {
    if (order.createdTime > at) return undefined;
    const list = this.versions.get(order.orderId);
    if (!list) return order;
    let found: Version | undefined;
    for (const version of list) if (version.at <= at) found = version;
    // `at` predates the journal: the oldest version known is the best answer.
    return (found ?? list[0])?.order;
  }
}

const journals = new WeakMap<Exchange, OrderJournal>();

/** How many order versions the stale-read journal holds (0 without one): for tests of its bound. */
export const keptOrderVersions = (exchange: Exchange, orderId?: string): number =>
  journals.get(exchange)?.size(orderId) ?? 0;

/**
 * Starts keeping order versions (when the first stale-read fault is added: nothing is recorded before), as far back as
 * `lagMs()` (the longest lag of the stale-read faults installed, `FaultRegistry.staleReadLagMs`) reads.
 */
export function startOrderJournal(exchange: Exchange, lagMs: () => number): void {
  if (!journals.has(exchange)) journals.set(exchange, new OrderJournal(exchange, lagMs));
}

/** How a request sees an order: as it is, or with the faults that fired for it, as it was `lagMs` ago. */
export function readOrder(
  exchange: Exchange,
  order: OrderState,
  staleReads: readonly StaleRead[] | undefined,
): OrderState | undefined {
  const journal = journals.get(exchange);
  if (!journal || !staleReads?.length) return order;
  let lag = 0;
  for (const fault of staleReads)
    if (fault.orderId === undefined || fault.orderId === order.orderId) lag = Math.max(lag, fault.lagMs);
  return lag === 0 ? order : journal.asOf(order, exchange.now() - lag);
}
