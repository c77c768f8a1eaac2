// Internal state of the mock exchange. Money is integer micro-dollars, counts integer centi-contracts.
import type { PriceRange } from './price-grid';

/** A market's lifecycle status, as Kalshi names them. */
export type MarketStatus = 'initialized' | 'inactive' | 'active' | 'closed' | 'determined' | 'finalized';
/** A side of Kalshi's V2 book: `bid` or `ask` on the YES leg. */
export type BookSide = 'bid' | 'ask';
export type TimeInForce = 'fill_or_kill' | 'good_till_canceled' | 'immediate_or_cancel';
export type SelfTradePrevention = 'taker_at_cross' | 'maker';
export type OrderStatus = 'resting' | 'canceled' | 'executed';

/**
 * The fee types the mock charges (Series `fee_type`, kalshi-api-notes §5.15): Kalshi's fourth, `flat`, is charged by
 * a table neither the notes nor the spec give, so the mock holds no `flat` series (a dataset with one is refused).
 */
export type FeeType = 'quadratic' | 'quadratic_with_maker_fees' | 'quadratic_with_combo_maker_fees';

/** What a market's fees are computed from: its series' fee type and multiplier, or its event's override of them. */
export interface FeeSchedule {
  readonly feeType: FeeType;
  /** Fee multiplier in 1/10,000 (10,000 = 1×). */
  readonly feeMultiplierBp: number;
}

/** A series (template of events), as the exchange holds it. */
export interface SeriesState extends FeeSchedule {
  readonly ticker: string;
  readonly title: string;
  readonly category: string;
  readonly frequency: string;
}

/** An event (a group of markets), as the exchange holds it. */
export interface EventState {
  readonly eventTicker: string;
  readonly seriesTicker: string;
  readonly title: string;
  readonly subTitle: string;
  readonly mutuallyExclusive: boolean;
  /**
   * The event's fee override (Event `fee_type_override` with `fee_multiplier_override`): when set, its markets are
   * charged by it instead of their series' fee type and multiplier (GetEventFeeChanges: "an override layered on top
   * of the parent series' fee structure").
   */
  readonly feeOverride?: FeeSchedule;
}

/** A market, as the exchange holds it (prices in micro-dollars). */
export interface MarketState {
  readonly ticker: string;
  /** The market's UUID when known (a captured dataset); otherwise the stream derives one from the ticker. */
  readonly id?: string;
  readonly eventTicker: string;
  title: string;
  yesSubTitle: string;
  /**
   * The NO side's subtitle where it differs from `yesSubTitle` (a combo's); absent, the NO side shows `yesSubTitle`, as
   * Kalshi's binary markets do.
   */
  noSubTitle?: string;
  status: MarketStatus;
  createdTime: number;
  openTime: number;
  closeTime: number;
  /** Tick size in micro-dollars (linear_cent: 10,000); with `priceRanges`, their coarsest step. */
  tick: number;
  /** The market's own price grid (a captured dataset); without one, 0–1 in steps of `tick`. */
  readonly priceRanges?: readonly PriceRange[];
  /** Kalshi's name for the grid (`price_level_structure`), as captured. */
  readonly priceLevelStructure?: string;
  result: MarketResult;
  /** A `scalar` result's value of a YES contract (micro-dollars; `settlement_value_dollars`); absent if not known. */
  settlementValue?: number;
  settledTime?: number;
  /** Seconds from determination to settlement (`settlement_timer_seconds`; default 3600, see lifecycle.ts). */
  settlementTimerSeconds?: number;
  lastPrice: number;
  /** Centi-contracts of the last trade. */
  lastTradeSize: number;
  volume: number;
  /**
   * Contracts held by traders outside the mock (centi-contracts): a captured market's `open_interest_fp`. Its open
   * interest counts them on top of the mock's own accounts' YES holdings until it settles. Absent: 0.
   */
  readonly outsideOpenInterest?: number;
  updatedTime: number;
}

/** A market's result (kalshi-api-notes §6.1): '' until determined. */
export type MarketResult = '' | 'yes' | 'no' | 'scalar';

/** An order, as the exchange holds it (prices in micro-dollars, counts in centi-contracts). */
export interface OrderState {
  readonly orderId: string;
  readonly userId: string;
  clientOrderId: string;
  readonly ticker: string;
  readonly side: BookSide;
  /** YES price in micro-dollars. */
  price: number;
  initialCount: number;
  fillCount: number;
  remainingCount: number;
  status: OrderStatus;
  readonly timeInForce: TimeInForce;
  readonly selfTradePrevention: SelfTradePrevention;
  readonly postOnly: boolean;
  readonly reduceOnly: boolean;
  expirationTime?: number;
  readonly createdTime: number;
  lastUpdateTime: number;
  takerFillCost: number;
  makerFillCost: number;
  takerFees: number;
  makerFees: number;
  /** Collateral held for the resting remainder. */
  locked: number;
  /** Rounding fees paid and not yet rebated (micro-dollars; fee-rounding.ts); absent: none. */
  roundingAccrued?: number;
  /** Time priority: lower rests earlier. */
  priority: number;
  readonly subaccount: number;
  readonly orderGroupId?: string;
  /** `cancel_order_on_pause`: canceled when a pause starts while it rests (absent: false). */
  readonly cancelOnPause?: boolean;
}

/** A user's position in one market (micro-dollars and centi-contracts). */
export interface PositionState {
  /** Signed centi-contracts: + YES, − NO. */
  position: number;
  /** Cost basis of the open position. */
  exposure: number;
  totalTraded: number;
  /** Centi-contracts traded in this market. */
  volume: number;
  realizedPnl: number;
  fees: number;
  lastUpdated: number;
}

/** A user's account: cash and locked collateral in micro-dollars, and positions by ticker. */
export interface AccountState {
  readonly userId: string;
  /** A numbered subaccount's ledger (1–63); absent for the primary account. */
  readonly subaccount?: number;
  cash: number;
  locked: number;
  /**
   * When cash or locked collateral last changed, so the available balance (spec SubaccountBalance.updated_ts: "Unix
   * timestamp of last balance update"; GetBalance's updated_ts); opening counts. Epoch ms.
   */
  balanceUpdated: number;
  readonly positions: Map<string, PositionState>;
  /** Every client_order_id ever used: never freed (kalshi-api-notes §5.6). */
  readonly clientOrderIds: Set<string>;
}

/** One side of a trade, for the user whose order it filled. */
export interface FillRecord {
  readonly fillId: string;
  readonly tradeId: string;
  readonly orderId: string;
  readonly userId: string;
  readonly ticker: string;
  readonly side: BookSide;
  readonly count: number;
  /** YES execution price. */
  readonly price: number;
  readonly isTaker: boolean;
  readonly fee: number;
  readonly time: number;
}

/** A trade between two orders. */
export interface TradeRecord {
  readonly tradeId: string;
  readonly ticker: string;
  readonly count: number;
  readonly price: number;
  readonly takerSide: BookSide;
  readonly time: number;
  /** Executed off the book, by an RFQ quote or a block-trade proposal (`is_block_trade`; spec Trade.is_block_trade). */
  readonly blockTrade?: boolean;
  /** The market's open interest after this trade (centi-contracts); absent on a loaded dataset's trades. */
  openInterest?: number;
}

/** A user's settlement of a position when its market is determined. */
export interface SettlementRecord {
  readonly userId: string;
  readonly ticker: string;
  readonly eventTicker: string;
  readonly result: 'yes' | 'no' | 'scalar';
  /** What one YES contract paid (micro-dollars): $1 on `yes`, 0 on `no`, the settlement value on `scalar`. */
  readonly value: number;
  readonly yesCount: number;
  readonly noCount: number;
  readonly yesCost: number;
  readonly noCost: number;
  /** Payout in micro-dollars: what the balance got, on $0.0001 (fee-rounding.ts). */
  readonly revenue: number;
  /** What flooring the payout to $0.0001 cut off (micro-dollars, under 100): the row's `fee_cost`. */
  readonly fee: number;
  readonly time: number;
  readonly subaccount?: number;
}

/** An order group: a contract limit over a rolling 15 s window of member fills (kalshi-api-notes §5.14). */
export interface OrderGroupState {
  readonly id: string;
  readonly userId: string;
  readonly subaccount: number;
  /** Centi-contracts that may match in any 15 s window. */
  limit: number;
  /** Triggered: members canceled, new members refused until reset. */
  triggered: boolean;
  /** Member fills still inside the window, oldest first. */
  window: { readonly time: number; readonly count: number }[];
}
