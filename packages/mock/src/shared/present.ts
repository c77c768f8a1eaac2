// Engine state → API objects in the spec's shapes. Every field comes from the exchange's state, or is left out where
// Kalshi leaves it out; nothing is generated (the every-operation conformance test checks it).

import { ledger } from '../exchange/accounts';
import { ONE_DOLLAR } from '../exchange/book';
import { comboOf, gameStatus, type MilestoneState, seriesTags } from '../exchange/catalog';
import type { Exchange } from '../exchange/exchange';
import { floorToBalancePrecision } from '../exchange/fee-rounding';
import { settlementTimerMs, yesSettlementValue } from '../exchange/lifecycle';
import { dayAgoOf } from '../exchange/market-stats';
import { marketGrid } from '../exchange/price-grid';
import type {
  BookSide,
  EventState,
  FillRecord,
  MarketState,
  OrderState,
  PositionState,
  SeriesState,
  SettlementRecord,
  TradeRecord,
} from '../exchange/types';
import { COUNT_UNITS, formatCount, formatDollars } from '../generated/fixed-point';

type Json = Record<string, unknown>;

export const iso = (ms: number) => new Date(ms).toISOString();
/** Prices: 4 decimals. */
export const dollars = (micro: number) => formatDollars(micro, 4);
/** The contract an order side buys (kalshi-api-notes §5.4): bid = buy YES, ask = sell YES ≡ buy NO. */
export const outcomeOf = (side: BookSide) => (side === 'bid' ? 'yes' : 'no');
/** Costs and fees: 6 decimals. */
export const dollars6 = (micro: number) => formatDollars(micro, 6);

/** An order's price, counts, costs and fees, as both the REST Order and the WebSocket `user_order` carry them. */
export function orderAmounts(order: OrderState): Json {
  return {
    yes_price_dollars: dollars(order.price),
    fill_count_fp: formatCount(order.fillCount),
    remaining_count_fp: formatCount(order.remainingCount),
    initial_count_fp: formatCount(order.initialCount),
    taker_fill_cost_dollars: dollars6(order.takerFillCost),
    maker_fill_cost_dollars: dollars6(order.makerFillCost),
    taker_fees_dollars: dollars6(order.takerFees),
    maker_fees_dollars: dollars6(order.makerFees),
  };
}

const STATUS_FILTERS: Record<string, readonly string[]> = {
  unopened: ['initialized'],
  open: ['active'],
  paused: ['inactive'],
  closed: ['closed', 'determined'],
  settled: ['finalized'],
};

/** `GET /markets?status=` filter values → the response statuses they select (kalshi-api-notes §6.1). */
export function statusMatches(filter: string | undefined, status: string): boolean {
  return !filter || (STATUS_FILTERS[filter] ?? []).includes(status);
}

export function presentMarket(exchange: Exchange, market: MarketState): Json {
  const book = exchange.books.get(market.ticker);
  const yesBid = book?.best('yes');
  const noBid = book?.best('no');
  const dayAgo = dayAgoOf(exchange, market);
  return {
    ticker: market.ticker,
    event_ticker: market.eventTicker,
    market_type: 'binary',
    title: market.title,
    yes_sub_title: market.yesSubTitle,
    no_sub_title: market.noSubTitle ?? market.yesSubTitle,
    created_time: iso(market.createdTime),
    updated_time: iso(market.updatedTime),
    open_time: iso(market.openTime),
    close_time: iso(market.closeTime),
    expected_expiration_time: iso(market.closeTime),
    expiration_time: iso(market.closeTime),
    latest_expiration_time: iso(market.closeTime + 7 * 86_400_000),
    settlement_timer_seconds: settlementTimerMs(market) / 1000,
    status: market.status,
    yes_bid_dollars: dollars(yesBid?.[0] ?? 0),
    yes_bid_size_fp: formatCount(yesBid?.[1] ?? 0),
    yes_ask_dollars: dollars(noBid ? ONE_DOLLAR - noBid[0] : ONE_DOLLAR),
    yes_ask_size_fp: formatCount(noBid?.[1] ?? 0),
    no_bid_dollars: dollars(noBid?.[0] ?? 0),
    no_ask_dollars: dollars(yesBid ? ONE_DOLLAR - yesBid[0] : ONE_DOLLAR),
    last_price_dollars: dollars(market.lastPrice),
    previous_yes_bid_dollars: dollars(dayAgo.yesBid),
    previous_yes_ask_dollars: dollars(dayAgo.yesAsk),
    previous_price_dollars: dollars(dayAgo.price),
    volume_fp: formatCount(market.volume),
    volume_24h_fp: formatCount(dayAgo.volume24h),
    open_interest_fp: formatCount(openInterest(exchange, market.ticker)),
    notional_value_dollars: '1.0000',
    result: market.result,
    can_close_early: false,
    expiration_value: '',
    rules_primary: `If ${market.yesSubTitle}, the market resolves to Yes.`,
    rules_secondary: '',
    price_level_structure: market.priceLevelStructure ?? 'linear_cent',
    price_ranges: marketGrid(market).map((r) => ({
      start: dollars(r.start),
      end: dollars(r.end),
      step: dollars(r.step),
    })),
    settlement_bounds_type: 'default',
    exchange_index: 0,
    // The value is known once the market is determined; the settlement time once it is paid (notes §6.1).
    ...settlementValueField('settlement_value_dollars', market),
    ...(market.settledTime !== undefined ? { settlement_ts: iso(market.settledTime) } : {}),
    ...comboFields(exchange, market.ticker),
  };
}

/** `{ [field]: value of a YES contract }` once the market is determined and the value known; {} otherwise. */
function settlementValueField(field: string, market: MarketState): Json {
  const value = yesSettlementValue(market);
  return value === undefined ? {} : { [field]: dollars(value) };
}

/**
 * A combo market's collection and legs (spec Market and RFQ `mve_collection_ticker`, `mve_selected_legs`; AsyncAPI
 * rfq_created); {} otherwise.
 */
export function comboFields(exchange: Exchange, ticker: string): Json {
  const combo = comboOf(exchange, ticker);
  if (!combo) return {};
  return {
    mve_collection_ticker: combo.collectionTicker,
    mve_selected_legs: combo.legs.map((leg) => {
      const legMarket = exchange.markets.get(leg.marketTicker);
      return {
        event_ticker: leg.eventTicker,
        market_ticker: leg.marketTicker,
        side: leg.side,
        // "Only filled after determination" (spec MveSelectedLeg).
        ...(legMarket ? settlementValueField('yes_settlement_value_dollars', legMarket) : {}),
      };
    }),
  };
}

/**
 * A market's open interest (centi-contracts): the YES holdings of the mock's accounts, plus, until it settles, those of
 * traders outside the mock a captured market came with (`outsideOpenInterest`). Settling closes the mock's positions
 * (lifecycle.ts) and the candlesticks count none after it; the captured holders' are taken as settled the same way
 * (the notes are silent on a settled market's open interest).
 */
export function openInterest(exchange: Exchange, ticker: string): number {
  const market = exchange.markets.get(ticker);
  let total = market?.settledTime === undefined ? (market?.outsideOpenInterest ?? 0) : 0;
  for (const account of exchange.accounts.values()) total += Math.max(account.positions.get(ticker)?.position ?? 0, 0);
  return total;
}

/**
 * When an event's metadata last changed (EventData `last_updated_ts`, GET /events `min_updated_ts`): the mock's events
 * change only through their markets, so the latest non-trading update of any of them (listing, status, result).
 * Undefined for an event without markets.
 */
export function eventUpdatedTime(exchange: Exchange, eventTicker: string): number | undefined {
  let latest: number | undefined;
  for (const m of exchange.markets.values())
    if (m.eventTicker === eventTicker && (latest === undefined || m.updatedTime > latest)) latest = m.updatedTime;
  return latest;
}

/** When a series' metadata last changed (Series `last_updated_ts`): the latest of its events' (see above). */
export function seriesUpdatedTime(exchange: Exchange, seriesTicker: string): number | undefined {
  let latest: number | undefined;
  for (const event of exchange.events.values()) {
    if (event.seriesTicker !== seriesTicker) continue;
    const updated = eventUpdatedTime(exchange, event.eventTicker);
    if (updated !== undefined && (latest === undefined || updated > latest)) latest = updated;
  }
  return latest;
}

/**
 * `nested`: the markets `with_nested_markets` asks for, presented. EventData.markets is `x-omitempty` and
 * `x-go-type-skip-optional-pointer` (a plain Go slice with `omitempty`): Kalshi's encoder leaves an empty one out.
 */
export function presentEvent(exchange: Exchange, event: EventState, nested?: readonly Json[]): Json {
  const series = exchange.series.get(event.seriesTicker);
  const updated = eventUpdatedTime(exchange, event.eventTicker);
  const out: Json = {
    event_ticker: event.eventTicker,
    series_ticker: event.seriesTicker,
    title: event.title,
    sub_title: event.subTitle,
    collateral_return_type: event.mutuallyExclusive ? 'MECNET' : '',
    mutually_exclusive: event.mutuallyExclusive,
    category: series?.category ?? '',
    settlement_sources: [],
    ...(updated === undefined ? {} : { last_updated_ts: iso(updated) }),
    // Written even at 0 (spec: x-omitempty false), as on Market.
    exchange_index: 0,
    // Omitted without an override (x-omitempty), as Kalshi's Go encoder leaves them out.
    ...(event.feeOverride
      ? {
          fee_type_override: event.feeOverride.feeType,
          fee_multiplier_override: event.feeOverride.feeMultiplierBp / 10_000,
        }
      : {}),
  };
  if (nested?.length) out.markets = nested;
  return out;
}

export function marketsOfEvent(exchange: Exchange, eventTicker: string): MarketState[] {
  return [...exchange.markets.values()].filter((m) => m.eventTicker === eventTicker);
}

export function presentSeries(exchange: Exchange, series: SeriesState): Json {
  const updated = seriesUpdatedTime(exchange, series.ticker);
  return {
    ticker: series.ticker,
    frequency: series.frequency,
    title: series.title,
    category: series.category,
    categories: [series.category],
    // The tags GET /search/tags_by_categories lists for its category (one source: catalog.ts).
    tags: [...seriesTags(series)],
    settlement_sources: [],
    contract_url: `https://kalshi.com/markets/${series.ticker.toLowerCase()}`,
    contract_terms_url: `https://kalshi.com/terms/${series.ticker.toLowerCase()}.pdf`,
    fee_type: series.feeType,
    fee_multiplier: series.feeMultiplierBp / 10_000,
    additional_prohibitions: [],
    ...(updated === undefined ? {} : { last_updated_ts: iso(updated) }),
    exchange_index: 0,
  };
}

export function presentOrderbook(exchange: Exchange, ticker: string, depth: number): Json {
  const book = exchange.book(ticker);
  const top = (levels: [number, number][]) =>
    (depth > 0 ? levels.slice(-depth) : levels).map(([p, c]) => [dollars(p), formatCount(c)]);
  return { yes_dollars: top(book.levels('yes')), no_dollars: top(book.levels('no')) };
}

/**
 * Direction mapping (kalshi-api-notes §5.4): bid = buy YES, ask = sell YES ≡ buy NO. The deprecated `side`/`action`
 * say it as placed by V2, about the YES leg: an ask is `side: "yes", action: "sell"` (recorded on demo, FX
 * `portfolio__orders_list`), a bid `side: "yes", action: "buy"`.
 */
export function legacyDirection(side: BookSide): { side: 'yes'; action: 'buy' | 'sell' } {
  return { side: 'yes', action: side === 'bid' ? 'buy' : 'sell' };
}

/** An order as REST answers it; its deprecated `side`/`action` are its fills' too (legacyDirection). */
export function presentOrder(_exchange: Exchange, order: OrderState): Json {
  return {
    order_id: order.orderId,
    user_id: order.userId,
    client_order_id: order.clientOrderId,
    ticker: order.ticker,
    ...legacyDirection(order.side),
    outcome_side: outcomeOf(order.side),
    book_side: order.side,
    type: 'limit',
    status: order.status,
    ...orderAmounts(order),
    no_price_dollars: dollars(ONE_DOLLAR - order.price),
    created_time: iso(order.createdTime),
    last_update_time: iso(order.lastUpdateTime),
    self_trade_prevention_type: order.selfTradePrevention,
    cancel_order_on_pause: order.cancelOnPause ?? false,
    subaccount_number: order.subaccount,
    exchange_index: 0,
    ...(order.expirationTime !== undefined
      ? { expiration_time: iso(order.expirationTime * 1000) }
      : { expiration_time: undefined }),
    ...(order.orderGroupId ? { order_group_id: order.orderGroupId } : { order_group_id: undefined }),
  };
}

/** Contracts in `fills`. */
export function filledCount(fills: readonly FillRecord[]): number {
  return fills.reduce((sum, f) => sum + f.count, 0);
}

/**
 * The average fields of V2 create/amend responses, over the fills the request made: present only when something
 * filled (spec CreateOrderV2Response, AmendOrderV2Response `average_fill_price`, `average_fee_paid`).
 */
export function fillAverages(fills: readonly FillRecord[]): Json {
  const filled = filledCount(fills);
  if (filled === 0) return {};
  const value = fills.reduce((sum, f) => sum + f.price * f.count, 0);
  const fees = fills.reduce((sum, f) => sum + f.fee, 0);
  const average = Math.round(value / filled);
  return {
    average_fill_price: dollars(average - (average % 100)),
    // Per contract, 4 decimals as Kalshi sends it (its rounding of the average is not recorded: to the nearest).
    average_fee_paid: dollars(Math.round((fees * COUNT_UNITS) / filled / 100) * 100),
  };
}

export function presentFill(exchange: Exchange, fill: FillRecord): Json {
  return {
    fill_id: fill.fillId,
    trade_id: fill.tradeId,
    order_id: fill.orderId,
    ticker: fill.ticker,
    market_ticker: fill.ticker,
    ...legacyDirection(fill.side),
    outcome_side: outcomeOf(fill.side),
    book_side: fill.side,
    count_fp: formatCount(fill.count),
    yes_price_dollars: dollars(fill.price),
    no_price_dollars: dollars(ONE_DOLLAR - fill.price),
    is_taker: fill.isTaker,
    fee_cost: dollars6(fill.fee),
    created_time: iso(fill.time),
    ts: Math.floor(fill.time / 1000),
    subaccount_number: exchange.orders.get(fill.orderId)?.subaccount ?? 0,
    exchange_index: 0,
  };
}

/** A settlement in Kalshi's mixed units: `revenue` and `value` in cents, the rest fixed-point (notes §7). */
export function presentSettlement(settlement: SettlementRecord): Json {
  return {
    ticker: settlement.ticker,
    exchange_index: 0,
    event_ticker: settlement.eventTicker,
    market_result: settlement.result,
    yes_count_fp: formatCount(settlement.yesCount),
    no_count_fp: formatCount(settlement.noCount),
    yes_total_cost_dollars: formatDollars(settlement.yesCost, 6),
    no_total_cost_dollars: formatDollars(settlement.noCost, 6),
    // What the balance got, in int cents (spec Settlement.revenue): truncated, as `balance` is (notes §7); the notes
    // are silent on how Kalshi rounds a sub-cent payout here.
    revenue: Math.trunc(settlement.revenue / 10_000),
    // Int cents per YES contract (notes §7); a sub-cent scalar value is truncated, as `revenue` is (not recorded).
    value: Math.trunc(settlement.value / 10_000),
    // "Total fees paid" (spec Settlement.fee_cost, example "0.3400"): the position's trading fees, and the rounding of
    // its payout to the balance's $0.0001 (lifecycle.ts); settling itself charges none (notes §5.15).
    fee_cost: dollars6(settlement.feesPaid + settlement.fee),
    settled_time: iso(settlement.time),
  };
}

export function presentTrade(trade: TradeRecord): Json {
  return {
    trade_id: trade.tradeId,
    ticker: trade.ticker,
    count_fp: formatCount(trade.count),
    yes_price_dollars: dollars(trade.price),
    no_price_dollars: dollars(ONE_DOLLAR - trade.price),
    taker_side: outcomeOf(trade.takerSide),
    taker_outcome_side: outcomeOf(trade.takerSide),
    taker_book_side: trade.takerSide,
    created_time: iso(trade.time),
    is_block_trade: trade.blockTrade === true,
  };
}

/**
 * Whether `GET /portfolio/positions` lists a position: non-zero in one of `fields` (its `count_filter`). Without one,
 * both: a position closed back to no contracts but traded stays listed until its market settles ("only unsettled
 * positions", notes §7), as `kalshi.inspect.positions()` lists it.
 */
export function listsPosition(position: PositionState, fields: readonly string[] = ['position', 'total_traded']) {
  return fields.some((field) => (field === 'total_traded' ? position.totalTraded : position.position) !== 0);
}

export function presentPosition(_exchange: Exchange, ticker: string, position: PositionState): Json {
  return {
    ticker,
    exchange_index: 0,
    total_traded_dollars: dollars6(position.totalTraded),
    position_fp: formatCount(position.position),
    market_exposure_dollars: dollars6(position.exposure),
    realized_pnl_dollars: dollars6(position.realizedPnl),
    fees_paid_dollars: dollars6(position.fees),
    last_updated_ts: iso(position.lastUpdated),
  };
}

/** Event positions: a user's market positions summed per event (kalshi-api-notes §7, spec EventPosition). */
export function presentEventPositions(exchange: Exchange, positions: readonly [string, PositionState][]): Json[] {
  const byEvent = new Map<string, { cost: number; shares: number; exposure: number; pnl: number; fees: number }>();
  for (const [ticker, p] of positions) {
    const event = exchange.markets.get(ticker)?.eventTicker;
    if (!event) continue;
    const sum = byEvent.get(event) ?? { cost: 0, shares: 0, exposure: 0, pnl: 0, fees: 0 };
    sum.cost += p.totalTraded;
    sum.shares += p.volume;
    sum.exposure += p.exposure;
    sum.pnl += p.realizedPnl;
    sum.fees += p.fees;
    byEvent.set(event, sum);
  }
  return [...byEvent].map(([event, sum]) => ({
    event_ticker: event,
    total_cost_dollars: dollars6(sum.cost),
    total_cost_shares_fp: formatCount(sum.shares),
    event_exposure_dollars: dollars6(sum.exposure),
    realized_pnl_dollars: dollars6(sum.pnl),
    fees_paid_dollars: dollars6(sum.fees),
  }));
}

export function presentBalance(exchange: Exchange, userId: string, subaccount = 0): Json {
  const available = exchange.available(userId, subaccount);
  const account = ledger(exchange, userId, subaccount);
  let portfolio = 0;
  for (const [ticker, position] of account.positions) {
    const market = exchange.markets.get(ticker);
    if (market && position.position !== 0) {
      // Marked at the last trade; a determined market's contracts are worth what settlement will pay (the notes are
      // silent on Kalshi's mark): balance + portfolio_value does not jump when the payout lands.
      const yes = yesSettlementValue(market) ?? market.lastPrice;
      const price = position.position > 0 ? yes : ONE_DOLLAR - yes;
      portfolio += Math.trunc((Math.abs(position.position) * price) / COUNT_UNITS);
    }
  }
  return {
    // `balance` is integer cents, truncated (kalshi-api-notes §7).
    balance: Math.trunc(available / 10_000),
    balance_dollars: dollars(floorToBalancePrecision(available)),
    portfolio_value: Math.trunc(portfolio / 10_000),
    updated_ts: Math.floor(ledger(exchange, userId, subaccount).balanceUpdated / 1000),
    // One exchange instance: its balance is the whole balance (spec: omitted only for subaccount-restricted keys).
    balance_breakdown: [{ exchange_index: 0, balance: dollars(floorToBalancePrecision(available)) }],
  };
}

/** A milestone (spec Milestone): one sports event's game, from the catalog (GET /milestones, GET /events with_milestones). */
export function presentMilestone(exchange: Exchange, m: MilestoneState): Json {
  const markets = marketsOfEvent(exchange, m.event.eventTicker);
  return {
    id: m.id,
    category: m.series.category,
    type: m.sport.milestoneType,
    start_date: iso(m.start),
    related_event_tickers: [m.event.eventTicker],
    title: m.event.title,
    notification_message: `${m.event.title} is starting`,
    details: { competition: m.sport.competition, status: gameStatus(exchange, m) },
    primary_event_tickers: [m.event.eventTicker],
    last_updated_ts: iso(Math.max(...markets.map((x) => x.updatedTime))),
  };
}
