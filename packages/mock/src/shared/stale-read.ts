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

/** Every version of every order since the journal started, oldest first. */
class OrderJournal {
  private readonly versions = new Map<string, Version[]>();

  constructor(exchange: Exchange) {
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
    if (list) list.push(version);
    else this.versions.set(order.orderId, [version]);
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

/** Starts keeping order versions (when the first stale-read fault is added: nothing is recorded before). */
export function startOrderJournal(exchange: Exchange): void {
  if (!journals.has(exchange)) journals.set(exchange, new OrderJournal(exchange));
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
