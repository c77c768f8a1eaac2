// Markets: listing, status changes on the clock, and the house's resting liquidity (determination and settlement:
// lifecycle.ts).
import { COUNT_UNITS } from '../generated/fixed-point';
import { HOUSE_USER } from './accounts';
import { ONE_DOLLAR, OrderBook } from './book';
import type { ExchangeModel } from './model';
import { createOrder } from './orders';
import { listedGrid } from './price-grid';
import { cancelRemainder } from './resting';
import type { BookSide, MarketState, MarketStatus } from './types';

/** Lists a market (and its event and series, if new); defaults make it active for 30 days. */
export function addMarket(
  model: ExchangeModel,
  market: Partial<MarketState> & Pick<MarketState, 'ticker'>,
): MarketState {
  const now = model.now();
  const eventTicker = market.eventTicker ?? market.ticker.split('-').slice(0, 2).join('-');
  if (!model.events.has(eventTicker)) {
    const seriesTicker = eventTicker.split('-')[0] ?? eventTicker;
    if (!model.series.has(seriesTicker)) {
      model.series.set(seriesTicker, {
        ticker: seriesTicker,
        title: seriesTicker,
        category: 'Other',
        frequency: 'custom',
        feeType: 'quadratic',
        feeMultiplierBp: 10_000,
      });
    }
    model.events.set(eventTicker, {
      eventTicker,
      seriesTicker,
      title: eventTicker,
      subTitle: '',
      mutuallyExclusive: false,
    });
  }
  const full: MarketState = {
    eventTicker,
    title: market.ticker,
    yesSubTitle: market.ticker,
    status: 'active',
    createdTime: now,
    openTime: now - 1000,
    closeTime: now + 30 * 86_400_000,
    result: '',
    lastPrice: 0,
    lastTradeSize: 0,
    volume: 0,
    updatedTime: now,
    // A field given as undefined keeps its default.
    ...(Object.fromEntries(Object.entries(market).filter(([, value]) => value !== undefined)) as typeof market),
    // price_level_structure and price_ranges agree with the grid orders are checked against.
    ...listedGrid(market),
  };
  model.markets.set(full.ticker, full);
  model.books.set(full.ticker, new OrderBook());
  return full;
}

/**
 * Moves a market to a status. Leaving `active` cancels its resting orders when it closes; re-activating an
 * `inactive` market cancels them too (kalshi-api-notes §5.16); deactivating it cancels those placed with
 * `cancel_order_on_pause`.
 */
export function setMarketStatus(model: ExchangeModel, ticker: string, status: MarketStatus): void {
  const market = model.market(ticker);
  const previous = market.status;
  market.status = status;
  market.updatedTime = model.now();
  const cancels =
    (previous === 'inactive' && status === 'active') || ['closed', 'determined', 'finalized'].includes(status);
  if (cancels)
    // Re-activation's cancels carry no reason: no source names one (the AsyncAPI enum's `HaltCancel` is undescribed,
    // and the mock gives it to `cancel_order_on_pause` cancels), and `last_update_reason` is "if applicable".
    for (const order of model.book(ticker).orders())
      cancelRemainder(model, order, status === 'active' ? undefined : 'CloseCancel');
  // Deactivated, its trading is paused (notes §6.1 list `inactive` under `status=paused`): the orders placed with
  // `cancel_order_on_pause` go, as in an exchange-wide pause (spec: "paused for any reason"; the notes are silent on
  // a single market's deactivation).
  else if (status === 'inactive' && previous !== 'inactive')
    for (const order of model.book(ticker).orders())
      if (order.cancelOnPause) cancelRemainder(model, order, 'HaltCancel');
  model.changes.emit({ type: 'market', ticker, status, previous });
}

/**
 * Moves a market's close time (an early determination closes it now, notes §6.1) and tells listeners
 * (`market_lifecycle_v2` `close_date_updated`). The clock closes it at the new time.
 */
export function setCloseTime(model: ExchangeModel, ticker: string, closeTime: number): void {
  const market = model.market(ticker);
  if (market.closeTime === closeTime) return;
  market.closeTime = closeTime;
  market.updatedTime = model.now();
  model.changes.emit({ type: 'close-time', ticker });
}

/** What the clock decides at each step: good-till-time orders expire, markets open and close on their times. */
export function expireAndClose(model: ExchangeModel): void {
  const now = model.now();
  for (const order of model.orders.values()) {
    if (order.status === 'resting' && order.expirationTime !== undefined && order.expirationTime * 1000 <= now) {
      cancelRemainder(model, order, 'ExpiryCancel');
    }
  }
  for (const market of model.markets.values()) {
    // Both in one step when the clock got past both times at once: it opened, then closed (notes §6.1).
    if (market.status === 'initialized' && market.openTime <= now) setMarketStatus(model, market.ticker, 'active');
    if ((market.status === 'active' || market.status === 'inactive') && market.closeTime <= now)
      setMarketStatus(model, market.ticker, 'closed');
  }
}

/**
 * Replaces a market's whole book: every resting order in it is canceled (users' too), then the house maker rests at
 * the given levels (YES bids, NO bids). Checked first by Exchange.setOrderbook (an active market, levels on its grid).
 */
export function setOrderbook(
  model: ExchangeModel,
  ticker: string,
  levels: { yes?: [number, number][]; no?: [number, number][] },
): void {
  const book = model.book(ticker);
  for (const order of book.orders()) cancelRemainder(model, order);
  for (const [price, count] of levels.yes ?? []) rest(model, ticker, 'bid', price, count);
  for (const [noPrice, count] of levels.no ?? []) rest(model, ticker, 'ask', ONE_DOLLAR - noPrice, count);
}

/** Three house levels each side of `fair`, sizes drawn from the seeded generator. */
export function quoteAround(model: ExchangeModel, ticker: string, fair: number): void {
  const step = 10_000;
  const size = () => (10 + Math.floor(model.draw() * 90)) * COUNT_UNITS;
  const yes: [number, number][] = [];
  const no: [number, number][] = [];
  for (let i = 1; i <= 3; i++) {
    if (fair - i * step >= step) yes.push([fair - i * step, size()]);
    if (fair + i * step <= ONE_DOLLAR - step) no.push([ONE_DOLLAR - (fair + i * step), size()]);
  }
  setOrderbook(model, ticker, { yes, no });
}

function rest(model: ExchangeModel, ticker: string, side: BookSide, price: number, count: number): void {
  createOrder(model, HOUSE_USER, {
    ticker,
    side,
    price,
    count,
    timeInForce: 'good_till_canceled',
    selfTradePrevention: 'maker',
  });
}
