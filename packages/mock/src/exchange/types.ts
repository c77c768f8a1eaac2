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
  /** The fee type, as Series `fee_type` names it. */
  readonly feeType: FeeType;
  /** Fee multiplier in 1/10,000 (10,000 = 1×). */
  readonly feeMultiplierBp: number;
}

/** A series (template of events), as the exchange holds it. */
export interface SeriesState extends FeeSchedule {
  /** Series ticker. */
  readonly ticker: string;
  /** Series title. */
  readonly title: string;
  /** Series category. */
  readonly category: string;
  /** Series frequency (e.g. `daily`). */
  readonly frequency: string;
}

/** An event (a group of markets), as the exchange holds it. */
export interface EventState {
  /** Event ticker. */
  readonly eventTicker: string;
  /** The event's series. */
  readonly seriesTicker: string;
  /** Event title. */
  readonly title: string;
  /** Event subtitle. */
  readonly subTitle: string;
  /** At most one of its markets resolves YES. */
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
  /** Market ticker. */
  readonly ticker: string;
  /** The market's UUID when known (a captured dataset); otherwise the stream derives one from the ticker. */
  readonly id?: string;
  /** The market's event. */
  readonly eventTicker: string;
  /** Market title. */
  title: string;
  /** The YES side's subtitle. */
  yesSubTitle: string;
  /**
   * The NO side's subtitle where it differs from `yesSubTitle` (a combo's); absent, the NO side shows `yesSubTitle`, as
   * Kalshi's binary markets do.
   */
  noSubTitle?: string;
  /** Lifecycle status. */
  status: MarketStatus;
  /** When the market was listed, epoch ms. */
  createdTime: number;
  /** When trading opens, epoch ms. */
  openTime: number;
  /** When trading closes, epoch ms. */
  closeTime: number;
  /** Tick size in micro-dollars (linear_cent: 10,000); with `priceRanges`, their coarsest step. */
  tick: number;
  /** The market's own price grid (a captured dataset); without one, 0–1 in steps of `tick`. */
  readonly priceRanges?: readonly PriceRange[];
  /** Kalshi's name for the grid (`price_level_structure`), as captured. */
  readonly priceLevelStructure?: string;
  /** The result; '' until determined. */
  result: MarketResult;
  /** A `scalar` result's value of a YES contract (micro-dollars; `settlement_value_dollars`); absent if not known. */
  settlementValue?: number;
  /** When the market settled, epoch ms; absent until then. */
  settledTime?: number;
  /** Seconds from determination to settlement (`settlement_timer_seconds`; default 3600, see lifecycle.ts). */
  settlementTimerSeconds?: number;
  /** YES price of the last trade, micro-dollars. */
  lastPrice: number;
  /** Centi-contracts of the last trade. */
  lastTradeSize: number;
  /** Centi-contracts traded in the market. */
  volume: number;
  /**
   * Contracts held by traders outside the mock (centi-contracts): a captured market's `open_interest_fp`. Its open
   * interest counts them on top of the mock's own accounts' YES holdings until it settles. Absent: 0.
   */
  readonly outsideOpenInterest?: number;
  /** When the market's non-trading metadata last changed, epoch ms. */
  updatedTime: number;
}

/** A market's result (kalshi-api-notes §6.1): '' until determined. */
export type MarketResult = '' | 'yes' | 'no' | 'scalar';

/** An order, as the exchange holds it (prices in micro-dollars, counts in centi-contracts). */
export interface OrderState {
  /** The order's id. */
  readonly orderId: string;
  /** The owner's user id. */
  readonly userId: string;
  /** The client_order_id it was placed with. */
  clientOrderId: string;
  /** The market's ticker. */
  readonly ticker: string;
  /** V2 book side: `bid` buys YES, `ask` sells YES. */
  readonly side: BookSide;
  /** YES price in micro-dollars. */
  price: number;
  /** Centi-contracts ordered. */
  initialCount: number;
  /** Centi-contracts filled. */
  fillCount: number;
  /** Centi-contracts still resting. */
  remainingCount: number;
  /** `resting`, `canceled` or `executed`. */
  status: OrderStatus;
  /** Time in force, as placed. */
  readonly timeInForce: TimeInForce;
  /** What happens when it would trade with its owner's own order. */
  readonly selfTradePrevention: SelfTradePrevention;
  /** Refused rather than taking liquidity. */
  readonly postOnly: boolean;
  /** May only reduce the position. */
  readonly reduceOnly: boolean;
  /** When it expires, in Unix seconds (as `createOrder` and a request's `expiration_time` take it); else absent. */
  expirationTime?: number;
  /** When it was placed, epoch ms. */
  readonly createdTime: number;
  /** When it last changed, epoch ms. */
  lastUpdateTime: number;
  /** What its taker fills cost, micro-dollars. */
  takerFillCost: number;
  /** What its maker fills cost, micro-dollars. */
  makerFillCost: number;
  /** Fees on its taker fills, micro-dollars. */
  takerFees: number;
  /** Fees on its maker fills, micro-dollars. */
  makerFees: number;
  /** Collateral held for the resting remainder. */
  locked: number;
  /** Rounding fees paid and not yet rebated (micro-dollars; fee-rounding.ts); absent: none. */
  roundingAccrued?: number;
  /** Time priority: lower rests earlier. */
  priority: number;
  /** Its subaccount (0: the primary account). */
  readonly subaccount: number;
  /** The order group it belongs to, if any. */
  readonly orderGroupId?: string;
  /** `cancel_order_on_pause`: canceled when a pause starts while it rests (absent: false). */
  readonly cancelOnPause?: boolean;
  /** Why it last changed, when a `LastUpdateReason` names the change (stream `user_order.last_update_reason`). */
  lastUpdateReason?: LastUpdateReason;
}

/**
 * The changes the AsyncAPI `lastUpdateReason` values name (user_order "Reason for the most recent update, if
 * applicable"): a fill, an amend, a decrease (a user's cancel too: a decrease to zero, orders.ts `cancelOrder`), and the
 * cancels by self-trade prevention, expiry, market close and pause (`HaltCancel`). The mock has no change the other
 * values name: no margin; a post-only order that would cross is refused, not placed (notes §5.7), and one resting is
 * taken, never crossed; a reduce-only order is immediate-or-cancel, so its cap at placement is never its last change
 * (a fill or the cancel of its remainder follows).
 */
export type LastUpdateReason =
  | 'Trade'
  | 'Amend'
  | 'Decrease'
  | 'SelfTradeCancel'
  | 'ExpiryCancel'
  | 'CloseCancel'
  | 'HaltCancel';

/** A user's position in one market (micro-dollars and centi-contracts). */
export interface PositionState {
  /** Signed centi-contracts: + YES, − NO. */
  position: number;
  /** Cost basis of the open position. */
  exposure: number;
  /** Cost of every fill in this market, micro-dollars. */
  totalTraded: number;
  /** Centi-contracts traded in this market. */
  volume: number;
  /** Realised profit and loss, micro-dollars. */
  realizedPnl: number;
  /** Fees paid in this market, micro-dollars. */
  fees: number;
  /**
   * The fees of the open position, micro-dollars (stream `position_fee_cost_dollars`): what opened the contracts held
   * now paid in fees, taken out pro rata as they close, as `exposure` is; 0 when flat.
   */
  positionFees: number;
  /** When it last changed, epoch ms. */
  lastUpdated: number;
}

/** A user's account: cash and locked collateral in micro-dollars, and positions by ticker. */
export interface AccountState {
  /** The account's user id. */
  readonly userId: string;
  /** A numbered subaccount's ledger (1–63); absent for the primary account. */
  readonly subaccount?: number;
  /** Cash, micro-dollars (collateral locked by resting orders included). */
  cash: number;
  /** Collateral locked by resting orders, micro-dollars. */
  locked: number;
  /**
   * When cash or locked collateral last changed, so the available balance (spec SubaccountBalance.updated_ts: "Unix
   * timestamp of last balance update"; GetBalance's updated_ts); opening counts. Epoch ms.
   */
  balanceUpdated: number;
  /** Positions by market ticker. */
  readonly positions: Map<string, PositionState>;
  /** Every client_order_id ever used: never freed (kalshi-api-notes §5.6). */
  readonly clientOrderIds: Set<string>;
}

/** One side of a trade, for the user whose order it filled. */
export interface FillRecord {
  /** The fill's id (equal to `tradeId`, as Kalshi's). */
  readonly fillId: string;
  /** The trade's id. */
  readonly tradeId: string;
  /** The order filled. */
  readonly orderId: string;
  /** The order's owner. */
  readonly userId: string;
  /** The market's ticker. */
  readonly ticker: string;
  /** The order's V2 book side. */
  readonly side: BookSide;
  /** Centi-contracts filled. */
  readonly count: number;
  /** YES execution price. */
  readonly price: number;
  /** The order took liquidity. */
  readonly isTaker: boolean;
  /** Fee charged on the fill, micro-dollars. */
  readonly fee: number;
  /** When it filled, epoch ms. */
  readonly time: number;
}

/** A trade between two orders. */
export interface TradeRecord {
  /** The trade's id. */
  readonly tradeId: string;
  /** The market's ticker. */
  readonly ticker: string;
  /** Centi-contracts traded. */
  readonly count: number;
  /** YES price, micro-dollars. */
  readonly price: number;
  /** The taker's V2 book side. */
  readonly takerSide: BookSide;
  /** When it traded, epoch ms. */
  readonly time: number;
  /** Executed off the book, by an RFQ quote or a block-trade proposal (`is_block_trade`; spec Trade.is_block_trade). */
  readonly blockTrade?: boolean;
  /** The market's open interest after this trade (centi-contracts); absent on a loaded dataset's trades. */
  openInterest?: number;
}

/** A user's settlement of a position when its market is determined. */
export interface SettlementRecord {
  /** The user settled. */
  readonly userId: string;
  /** The market's ticker. */
  readonly ticker: string;
  /** The market's event. */
  readonly eventTicker: string;
  /** The market's result. */
  readonly result: 'yes' | 'no' | 'scalar';
  /** What one YES contract paid (micro-dollars): $1 on `yes`, 0 on `no`, the settlement value on `scalar`. */
  readonly value: number;
  /** YES centi-contracts held. */
  readonly yesCount: number;
  /** NO centi-contracts held. */
  readonly noCount: number;
  /** Cost basis of the YES contracts, micro-dollars. */
  readonly yesCost: number;
  /** Cost basis of the NO contracts, micro-dollars. */
  readonly noCost: number;
  /** Payout in micro-dollars: what the balance got, on $0.0001 (fee-rounding.ts). */
  readonly revenue: number;
  /** What flooring the payout to $0.0001 cut off (micro-dollars, under 100): a rounding fee, in the row's `fee_cost`. */
  readonly fee: number;
  /** The trading fees paid on the settled position (its `fees_paid_dollars`), micro-dollars: in the row's `fee_cost`. */
  readonly feesPaid: number;
  /** When it settled, epoch ms. */
  readonly time: number;
  /** The subaccount settled; absent for the primary account. */
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
