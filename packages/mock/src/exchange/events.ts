import type { FillRecord, MarketStatus, OrderGroupState, OrderState, PositionState, TradeRecord } from './types';

/**
 * What changed in the exchange, emitted synchronously as it happens. The WebSocket feed turns these into stream
 * messages, so anything done over REST (or directly on the engine) shows up on the stream.
 */
export type ExchangeEvent =
  /**
   * A market's resting book may have changed. With `order`, only that order's level moved (and, after an amend,
   * the level at `previousPrice`, its YES price before); without, anything may have (a reset).
   */
  | { readonly type: 'book'; readonly ticker: string; readonly order?: OrderState; readonly previousPrice?: number }
  /** A trade, told once it is applied: the market's last price, volume, positions and book are those after it. */
  | { readonly type: 'trade'; readonly trade: TradeRecord }
  | { readonly type: 'fill'; readonly fill: FillRecord; readonly order: OrderState }
  /** An order was created or its state changed (fill, amend, decrease, cancel, expiry). */
  | { readonly type: 'order'; readonly order: OrderState }
  /** A position changed; `settled`: settlement closed it, as it stood then (it has left the account). */
  | {
      readonly type: 'position';
      readonly userId: string;
      readonly ticker: string;
      readonly subaccount?: number;
      readonly settled?: PositionState;
    }
  | {
      readonly type: 'market';
      readonly ticker: string;
      readonly status: MarketStatus;
      readonly previous: MarketStatus;
    }
  /** An order group was created, triggered, reset, deleted or given a new limit (`order_group_updates`). */
  | {
      readonly type: 'order_group';
      readonly group: OrderGroupState;
      readonly event: 'created' | 'triggered' | 'reset' | 'deleted' | 'limit_updated';
    }
  /** A market's close time moved (`market_lifecycle_v2` `close_date_updated`); `closeTime` is the new one. */
  | { readonly type: 'close-time'; readonly ticker: string }
  /** A market was listed after start-up (`addMarket`), and with it its event when that was new. */
  | { readonly type: 'market-created'; readonly ticker: string; readonly newEvent: boolean }
  /** The exchange went back to its initial dataset (`reset()`); scheduled work was dropped. */
  | { readonly type: 'reset' };

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
