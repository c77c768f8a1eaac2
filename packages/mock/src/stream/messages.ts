// Engine state → the `msg` bodies of Kalshi's WebSocket data messages (kalshi-api-notes §9.6; AsyncAPI payloads).

import { subaccountKey } from '../exchange/accounts';
import { ONE_DOLLAR, type OrderBook } from '../exchange/book';
import type { Exchange } from '../exchange/exchange';
import { yesSettlementValue } from '../exchange/lifecycle';
import { marketGrid } from '../exchange/price-grid';
import { stableUuid } from '../exchange/rng';
import type {
  FillRecord,
  MarketStatus,
  OrderGroupState,
  OrderState,
  PositionState,
  TradeRecord,
} from '../exchange/types';
import { formatCount } from '../generated/fixed-point';
import { dollars, dollars6, iso, legacyDirection, openInterest, orderAmounts, outcomeOf } from '../shared/present';
import { dollarNotionals } from './notional';

type Json = Record<string, unknown>;
export type Levels = 'yes' | 'no';

const times = (ms: number) => ({ ts: Math.floor(ms / 1000), ts_ms: ms });

const ids = new Map<string, string>();
/** A stable UUID per ticker (the engine keys markets by ticker; the stream also names them by id). */
export function marketId(ticker: string): string {
  let id = ids.get(ticker);
  if (!id) {
    id = stableUuid(ticker);
    ids.set(ticker, id);
  }
  return id;
}

/** A market's id on the stream: as captured (a dataset), else derived from the ticker. */
export function idOf(exchange: Exchange, ticker: string): string {
  return exchange.markets.get(ticker)?.id ?? marketId(ticker);
}

/** The ticker whose market id is `id`. */
export function tickerOfMarketId(exchange: Exchange, id: string): string | undefined {
  for (const ticker of exchange.markets.keys()) if (idOf(exchange, ticker) === id) return ticker;
  return undefined;
}

/**
 * A NO-side price as sent: NO prices by default (as REST), or on the YES scale with `use_yes_price` (1 − p).
 * The book stores NO bids at NO prices.
 */
export function wirePrice(levels: Levels, price: number, useYesPrice: boolean): string {
  return dollars(levels === 'no' && useYesPrice ? ONE_DOLLAR - price : price);
}

export function snapshotMsg(book: OrderBook, ticker: string, id: string, useYesPrice: boolean): Json {
  const side = (levels: Levels) => {
    const rows = book.levels(levels).map(([p, c]) => [wirePrice(levels, p, useYesPrice), formatCount(c)]);
    // On the YES scale NO levels reverse; keep them ascending as Kalshi does.
    return levels === 'no' && useYesPrice ? rows.reverse() : rows;
  };
  const yes = side('yes');
  const no = side('no');
  // An empty side is omitted (kalshi-api-notes §9.6).
  return {
    market_ticker: ticker,
    market_id: id,
    ...(yes.length ? { yes_dollars_fp: yes } : {}),
    ...(no.length ? { no_dollars_fp: no } : {}),
  };
}

/** ISO time of the last delta's clock reading: a burst of deltas shares the millisecond (toISOString costs ~1 µs). */
let isoMemo = { ms: Number.NaN, text: '' };
function deltaTime(ms: number): string {
  if (isoMemo.ms !== ms) isoMemo = { ms, text: iso(ms) };
  return isoMemo.text;
}

/**
 * An `orderbook_delta` msg, as JSON text (the feed's hot path: built directly rather than through an object and
 * JSON.stringify). Ids, prices and numbers need no escaping; the ticker and client order id go through JSON.stringify.
 */
export function deltaJson(
  ticker: string,
  id: string,
  levels: Levels,
  price: number,
  delta: number,
  useYesPrice: boolean,
  now: number,
  own?: OrderState,
): string {
  const mine = own ? `,"client_order_id":${JSON.stringify(own.clientOrderId)},"subaccount":${own.subaccount}` : '';
  return (
    `${deltaHead(ticker, id)}${remembered(prices, levels === 'no' && useYesPrice ? ONE_DOLLAR - price : price, dollars)}",` +
    `"delta_fp":"${remembered(counts, delta, formatCount)}","side":"${levels}"${mine},"ts":"${deltaTime(now)}","ts_ms":${now}}`
  );
}

/** A delta's JSON up to its price's value, per market: `{"market_ticker":…,"market_id":"…","price_dollars":"`. */
const heads = new Map<string, { id: string; head: string }>();
function deltaHead(ticker: string, id: string): string {
  let known = heads.get(ticker);
  if (known?.id !== id) {
    known = { id, head: `{"market_ticker":${JSON.stringify(ticker)},"market_id":"${id}","price_dollars":"` };
    heads.set(ticker, known);
  }
  return known.head;
}

/** Prices and counts as text, remembered: a feed repeats the same few (at most REMEMBERED of each are kept). */
const prices = new Map<number, string>();
const counts = new Map<number, string>();
const REMEMBERED = 4_096;
function remembered(cache: Map<number, string>, value: number, format: (value: number) => string): string {
  let text = cache.get(value);
  if (text === undefined) {
    if (cache.size >= REMEMBERED) cache.clear();
    text = format(value);
    cache.set(value, text);
  }
  return text;
}

/** The ticker fields that change with trading; a ticker message goes out when any of them does. */
export function tickerMsg(exchange: Exchange, ticker: string): Json {
  const market = exchange.market(ticker);
  const book = exchange.book(ticker);
  const [bid = 0, bidSize = 0] = book.best('yes') ?? [];
  const [noBid, askSize = 0] = book.best('no') ?? [];
  const interest = openInterest(exchange, ticker);
  const now = exchange.now();
  return {
    market_ticker: ticker,
    market_id: idOf(exchange, ticker),
    price_dollars: dollars(market.lastPrice),
    yes_bid_dollars: dollars(bid),
    yes_ask_dollars: dollars(noBid === undefined ? ONE_DOLLAR : ONE_DOLLAR - noBid),
    yes_bid_size_fp: formatCount(bidSize),
    yes_ask_size_fp: formatCount(askSize),
    last_trade_size_fp: formatCount(market.lastTradeSize),
    volume_fp: formatCount(market.volume),
    open_interest_fp: formatCount(interest),
    ...dollarNotionals(exchange, market, interest),
    ...times(now),
    time: iso(now),
  };
}

export function tradeMsg(trade: TradeRecord): Json {
  return {
    trade_id: trade.tradeId,
    market_ticker: trade.ticker,
    yes_price_dollars: dollars(trade.price),
    no_price_dollars: dollars(ONE_DOLLAR - trade.price),
    count_fp: formatCount(trade.count),
    taker_side: outcomeOf(trade.takerSide),
    taker_outcome_side: outcomeOf(trade.takerSide),
    taker_book_side: trade.takerSide,
    is_block_trade: trade.blockTrade === true,
    ...times(trade.time),
  };
}

export function fillMsg(exchange: Exchange, fill: FillRecord, order: OrderState): Json {
  return {
    trade_id: fill.tradeId,
    order_id: fill.orderId,
    client_order_id: order.clientOrderId,
    market_ticker: fill.ticker,
    exchange_index: 0,
    is_taker: fill.isTaker,
    // As its order reads back on REST (present.ts legacyDirection); the leg bought is the outcome (sell YES buys NO).
    ...legacyDirection(fill.side),
    outcome_side: outcomeOf(fill.side),
    book_side: fill.side,
    purchased_side: outcomeOf(fill.side),
    yes_price_dollars: dollars(fill.price),
    count_fp: formatCount(fill.count),
    fee_cost: dollars6(fill.fee),
    // The position of the order's subaccount after this fill (a peek: it opens no empty position anywhere).
    post_position_fp: formatCount(heldPosition(exchange, fill.userId, fill.ticker, order.subaccount)?.position ?? 0),
    subaccount: order.subaccount,
    ...times(fill.time),
  };
}

export function userOrderMsg(order: OrderState): Json {
  return {
    order_id: order.orderId,
    user_id: order.userId,
    ticker: order.ticker,
    exchange_index: 0,
    status: order.status,
    // No `action` on user_order (AsyncAPI userOrder): `side`/`is_yes` alone say the direction, so the outcome.
    side: outcomeOf(order.side),
    is_yes: order.side === 'bid',
    outcome_side: outcomeOf(order.side),
    book_side: order.side,
    ...orderAmounts(order),
    client_order_id: order.clientOrderId,
    self_trade_prevention_type: order.selfTradePrevention,
    created_time: iso(order.createdTime),
    created_ts_ms: order.createdTime,
    last_update_time: iso(order.lastUpdateTime),
    last_updated_ts_ms: order.lastUpdateTime,
    ...(order.expirationTime !== undefined ? { expiration_ts_ms: order.expirationTime * 1000 } : {}),
    ...(order.orderGroupId ? { order_group_id: order.orderGroupId } : {}),
    ...(order.lastUpdateReason ? { last_update_reason: order.lastUpdateReason } : {}),
    subaccount_number: order.subaccount,
  };
}

/** A user's position in a market in one subaccount, if it has one. */
function heldPosition(exchange: Exchange, userId: string, ticker: string, subaccount: number) {
  const holder = subaccount ? exchange.accounts.get(subaccountKey(userId, subaccount)) : exchange.accounts.get(userId);
  return holder?.positions.get(ticker);
}

/** `settled`: the position as it was closed by settlement (it has left the account by then). */
export function marketPositionMsg(
  exchange: Exchange,
  userId: string,
  ticker: string,
  subaccount = 0,
  settled?: PositionState,
): Json {
  const position = settled ?? heldPosition(exchange, userId, ticker, subaccount);
  return {
    user_id: userId,
    market_ticker: ticker,
    position_fp: formatCount(position?.position ?? 0),
    position_cost_dollars: dollars6(position?.exposure ?? 0),
    realized_pnl_dollars: dollars6(position?.realizedPnl ?? 0),
    fees_paid_dollars: dollars6(position?.fees ?? 0),
    // The fees of the contracts held now, as position_cost_dollars is their cost (AsyncAPI: "Total position fee cost",
    // apart from fees_paid_dollars "Total fees paid"; ledger.ts).
    position_fee_cost_dollars: dollars6(position?.positionFees ?? 0),
    volume_fp: formatCount(position?.volume ?? 0),
    subaccount,
  };
}

/**
 * Status changes → `market_lifecycle_v2` event types. Kalshi sends nothing for the implicit initialized → active
 * and → closed transitions (kalshi-api-notes §9.6), so those map to undefined.
 */
export function lifecycleMsg(
  exchange: Exchange,
  ticker: string,
  status: MarketStatus,
  previous: MarketStatus,
): Json | undefined {
  const market = exchange.market(ticker);
  const seconds = Math.floor(exchange.now() / 1000);
  // Each optional field only in the event the AsyncAPI spec names for it (`exchange_index` only on `created`).
  const base = { market_ticker: ticker };
  if (status === 'inactive') return { ...base, event_type: 'deactivated', is_deactivated: true };
  if (status === 'active' && previous === 'inactive')
    return { ...base, event_type: 'activated', is_deactivated: false };
  if (status === 'determined') {
    const value = yesSettlementValue(market);
    return {
      ...base,
      event_type: 'determined',
      result: market.result,
      determination_ts: seconds,
      ...(value === undefined ? {} : { settlement_value: dollars(value) }),
    };
  }
  if (status === 'finalized') return { ...base, event_type: 'settled', settled_ts: seconds };
  return undefined;
}

/** An `order_group_updates` message: the limit only on `created` and `limit_updated` (AsyncAPI). */
export function orderGroupMsg(group: OrderGroupState, event: string, now: number): Json {
  return {
    event_type: event,
    order_group_id: group.id,
    ...(event === 'created' || event === 'limit_updated' ? { contracts_limit_fp: formatCount(group.limit) } : {}),
    ts_ms: now,
  };
}

/** `market_lifecycle_v2` `created`: the fields the AsyncAPI spec sends only on creation. */
export function createdMsg(exchange: Exchange, ticker: string): Json {
  const market = exchange.market(ticker);
  return {
    market_ticker: ticker,
    event_type: 'created',
    exchange_index: 0,
    open_ts: Math.floor(market.openTime / 1000),
    close_ts: Math.floor(market.closeTime / 1000),
    additional_metadata: {
      name: market.title,
      title: market.title,
      yes_sub_title: market.yesSubTitle,
      no_sub_title: market.noSubTitle ?? market.yesSubTitle,
      rules_primary: `If ${market.yesSubTitle}, the market resolves to Yes.`,
      rules_secondary: '',
      can_close_early: false,
      event_ticker: market.eventTicker,
      expected_expiration_ts: Math.floor(market.closeTime / 1000),
    },
    price_level_structure: market.priceLevelStructure ?? 'linear_cent',
    price_ranges: marketGrid(market).map((r) => ({
      start: dollars(r.start),
      end: dollars(r.end),
      step: dollars(r.step),
    })),
  };
}

/** `market_lifecycle_v2` `close_date_updated`: the new close time (AsyncAPI: `close_ts` only on creation and here). */
export function closeDateMsg(exchange: Exchange, ticker: string): Json {
  const seconds = Math.floor(exchange.market(ticker).closeTime / 1000);
  return { market_ticker: ticker, event_type: 'close_date_updated', close_ts: seconds };
}

/** `event_lifecycle`: an event was created (sent on the lifecycle channel with its first market). */
export function eventLifecycleMsg(exchange: Exchange, ticker: string): Json {
  const event = exchange.events.get(exchange.market(ticker).eventTicker);
  return {
    event_ticker: event?.eventTicker ?? '',
    exchange_index: 0,
    title: event?.title ?? '',
    subtitle: event?.subTitle ?? '',
    collateral_return_type: event?.mutuallyExclusive ? 'MECNET' : '',
    series_ticker: event?.seriesTicker ?? '',
  };
}
