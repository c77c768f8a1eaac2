// Matching: an incoming order against the resting orders it crosses, price-time priority, at the maker's price.
import { release, relock } from './collateral';
import { netFee } from './fee-rounding';
import { tradingFee } from './fees';
import { orderCost, settleFill } from './ledger';
import type { ExchangeModel } from './model';
import { recordGroupFill } from './order-groups';
import { cancelRemainder, changed, finish, updateReason } from './resting';
import { recordFills } from './retention';
import type { FeeSchedule, FillRecord, MarketState, OrderState, TradeRecord } from './types';

/** Fills `taker` against `crossing` (best first), applying self-trade prevention; returns the taker's fills. */
export function match(
  model: ExchangeModel,
  taker: OrderState,
  crossing: readonly OrderState[],
  market: MarketState,
): FillRecord[] {
  const fills: FillRecord[] = [];
  const fees = model.feesOfMarket(market);
  for (const maker of crossing) {
    if (taker.remainingCount === 0) break;
    if (maker.status !== 'resting') continue;
    // One user across their subaccounts too: spec SelfTradePreventionType is about "another order from the same
    // user", and a subaccount is the user's (the notes are silent on subaccounts here).
    if (maker.userId === taker.userId) {
      if (taker.selfTradePrevention === 'taker_at_cross') {
        finish(model, taker, 'canceled', 'SelfTradeCancel');
        break;
      }
      cancelRemainder(model, maker, 'SelfTradeCancel');
      continue;
    }
    const count = Math.min(taker.remainingCount, maker.remainingCount);
    const price = maker.price; // the maker's price: takers get price improvement (notes §5.15)
    fills.push(...execute(model, taker, maker, count, price, fees, market));
  }
  if (taker.remainingCount === 0 && taker.status === 'resting') finish(model, taker, 'executed');
  return fills.filter((f) => f.orderId === taker.orderId);
}

/**
 * One trade between a taker and a maker: the trade, a fill for each side, cash, fees and positions. Everything is
 * applied before anyone is told (the `trade` event, then each side's fill, position and order), so that what a
 * listener reads then (the stream's `ticker`: last price, volume, open interest, book sizes, dollar volume) is the
 * market after the trade, never half of it.
 */
function execute(
  model: ExchangeModel,
  taker: OrderState,
  maker: OrderState,
  count: number,
  price: number,
  fees: FeeSchedule,
  market: MarketState,
): FillRecord[] {
  const now = model.now();
  const tradeId = model.newId();
  const trade: TradeRecord = { tradeId, ticker: market.ticker, count, price, takerSide: taker.side, time: now };
  model.trades.push(trade);
  market.lastPrice = price;
  market.lastTradeSize = count;
  market.volume += count;
  // Not `updatedTime`: that is "the last non-trading metadata update" (spec Market.updated_time).
  const fills: [FillRecord, OrderState][] = [];
  for (const [order, isTaker] of [
    [taker, true],
    [maker, false],
  ] as const) {
    const cost = orderCost(order.side, price, count);
    const fee = netFee(order, cost, tradingFee(fees, count, price, isTaker));
    order.fillCount += count;
    order.remainingCount -= count;
    order.lastUpdateTime = now;
    updateReason(order, 'Trade');
    if (isTaker) {
      order.takerFillCost += cost;
      order.takerFees += fee;
    } else {
      order.makerFillCost += cost;
      order.makerFees += fee;
      // A filled maker leaves its level's queue: a long session (activity on) would otherwise keep every order.
      if (order.remainingCount === 0) {
        model.book(order.ticker).remove(order);
        release(model, order);
        finish(model, order, 'executed');
      }
    }
    settleFill(model, order.userId, market.ticker, order.side, count, cost, fee, order.subaccount);
    // The position moved: the collateral of the party's resting orders in this market (this one's remainder too).
    relock(model, order.userId, order.subaccount, market.ticker);
    const fill: FillRecord = {
      fillId: tradeId, // Kalshi sends trade_id = fill_id (kalshi-api-notes §7)
      tradeId,
      orderId: order.orderId,
      userId: order.userId,
      ticker: market.ticker,
      side: order.side,
      count,
      price,
      isTaker,
      fee,
      time: now,
    };
    model.fills.push(fill);
    fills.push([fill, order]);
  }
  recordFills(
    model,
    trade,
    fills.map(([fill]) => fill),
  );
  model.changes.emit({ type: 'trade', trade });
  for (const [fill, order] of fills) {
    model.changes.emit({ type: 'fill', fill, order });
    model.changes.emit({ type: 'position', userId: order.userId, ticker: market.ticker, subaccount: order.subaccount });
    if (!fill.isTaker) changed(model, order);
  }
  // A taker filled whole is done before a group trigger could find it "resting" and cancel it (notes §5.5).
  if (taker.remainingCount === 0 && taker.status === 'resting') finish(model, taker, 'executed');
  for (const order of [maker, taker]) recordGroupFill(model, order, count);
  return fills.map(([fill]) => fill);
}
