import type { FillRecord, MarketStatus, OrderGroupState, OrderState, PositionState, TradeRecord } from './types';

/**
 * What changed in the exchange, emitted synchronously as it happens. The WebSocket feed turns these into stream
 * messages, so anything done over REST (or directly on the engine) shows up on the stream.
 */
export type ExchangeEvent =
  /**
   * A market's resting book changed: only `order`'s level moved (and, after an amend, the level at `previousPrice`,
   * its YES price before).
   */
  | {
      /** The event's kind. */
      readonly type: 'book';
      /** The market's ticker. */
      readonly ticker: string;
      /** The order whose level moved. */
      readonly order: OrderState;
      /** After an amend: the order's YES price before it, micro-dollars. */
      readonly previousPrice?: number;
    }
  /** A trade, told once it is applied: the market's last price, volume, positions and book are those after it. */
  | {
      /** The event's kind. */
      readonly type: 'trade';
      /** The trade. */
      readonly trade: TradeRecord;
    }
  /** One side of a trade, for the user whose order it filled. */
  | {
      /** The event's kind. */
      readonly type: 'fill';
      /** The fill. */
      readonly fill: FillRecord;
      /** The order filled, as it stands after the fill. */
      readonly order: OrderState;
    }
  /** An order was created or its state changed (fill, amend, decrease, cancel, expiry). */
  | {
      /** The event's kind. */
      readonly type: 'order';
      /** The order, as it stands now. */
      readonly order: OrderState;
    }
  /** A position changed; `settled`: settlement closed it, as it stood then (it has left the account). */
  | {
      /** The event's kind. */
      readonly type: 'position';
      /** The position's owner. */
      readonly userId: string;
      /** The market's ticker. */
      readonly ticker: string;
      /** The subaccount; absent for the primary account. */
      readonly subaccount?: number;
      /** The position as settlement closed it. */
      readonly settled?: PositionState;
    }
  /** A market's status changed. */
  | {
      /** The event's kind. */
      readonly type: 'market';
      /** The market's ticker. */
      readonly ticker: string;
      /** Its status now. */
      readonly status: MarketStatus;
      /** Its status before. */
      readonly previous: MarketStatus;
    }
  /** An order group was created, triggered, reset, deleted or given a new limit (`order_group_updates`). */
  | {
      /** The event's kind. */
      readonly type: 'order_group';
      /** The group, as it stands now. */
      readonly group: OrderGroupState;
      /** What happened to it. */
      readonly event: 'created' | 'triggered' | 'reset' | 'deleted' | 'limit_updated';
    }
  /** A market's close time moved (`market_lifecycle_v2` `close_date_updated`); `closeTime` is the new one. */
  | {
      /** The event's kind. */
      readonly type: 'close-time';
      /** The market's ticker. */
      readonly ticker: string;
    }
  /** A market was listed after start-up (`addMarket`), and with it its event when that was new. */
  | {
      /** The event's kind. */
      readonly type: 'market-created';
      /** The new market's ticker. */
      readonly ticker: string;
      /** Its event was listed with it. */
      readonly newEvent: boolean;
    }
  /**
   * The exchange is about to go back to its initial dataset (`reset()`): everything it holds now vanishes, and the
   * events of the dataset's loading follow, then `reset`.
   */
  | {
      /** The event's kind. */
      readonly type: 'resetting';
    }
  /** The exchange went back to its initial dataset (`reset()`); scheduled work was dropped. */
  | {
      /** The event's kind. */
      readonly type: 'reset';
    };

/** Receives every event of the exchange (orders, fills, trades, market changes). */
export type ExchangeListener = (event: ExchangeEvent) => void;

/** A plain listener set: the engine stays free of timers and I/O. */
export class ExchangeEvents {
  private readonly listeners = new Set<ExchangeListener>();

  /** Starts listening; returns the function that stops it. */
  on(listener: ExchangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(event: ExchangeEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  get size(): number {
    return this.listeners.size;
  }
}
