// A market's life after trading (kalshi-api-notes §6.1, §5.16): closed → determined (result set, settlement timer
// running) → finalized (positions paid, settlement rows written). Opening at `open_time` and closing at `close_time`
// happen as the exchange clock passes them (`advanceTime`, or on the real clock `runDue`); determination and
// settlement are driven from here.
import { COUNT_UNITS, FixedPointError, parseDollars } from '../generated/fixed-point';
import { ControlInputError } from '../shared/control-schema';
import { checkKnownKeys } from '../shared/options';
import { ONE_DOLLAR } from './book';
import { assertResult } from './control-input';
import { floorToBalancePrecision } from './fee-rounding';
import { assertNewMarket, quoted } from './market-input';
import { addMarket, setCloseTime, setMarketStatus } from './markets';
import type { ExchangeModel } from './model';
import type { MarketState } from './types';

/** Lists a market (see markets.ts `addMarket`; refused as market-input.ts says) and tells listeners: `market_lifecycle_v2` `created`, `event_lifecycle`. */
export function listMarket(
  exchange: ExchangeModel,
  market: Partial<MarketState> & Pick<MarketState, 'ticker'>,
): MarketState {
  // A key it does not take would be dropped for its default (Kalshi's `close_time` for `closeTime`).
  if (typeof market !== 'object' || market === null || Array.isArray(market))
    throw new ControlInputError('market', `must be an object such as { ticker }, got ${quoted(market)}`);
  checkKnownKeys(market, MARKET_KEYS);
  assertNewMarket(exchange, market);
  const events = exchange.events.size;
  const full = addMarket(exchange, market);
  exchange.changes.emit({ type: 'market-created', ticker: full.ticker, newEvent: exchange.events.size > events });
  settleListed(exchange, full);
  return full;
}

/** MarketState's keys: what addMarket takes. */
const MARKET_KEYS = {
  ticker: 1,
  id: 1,
  eventTicker: 1,
  title: 1,
  yesSubTitle: 1,
  noSubTitle: 1,
  status: 1,
  createdTime: 1,
  openTime: 1,
  closeTime: 1,
  tick: 1,
  priceRanges: 1,
  priceLevelStructure: 1,
  result: 1,
  settlementValue: 1,
  settledTime: 1,
  settlementTimerSeconds: 1,
  lastPrice: 1,
  lastTradeSize: 1,
  volume: 1,
  outsideOpenInterest: 1,
  updatedTime: 1,
} as const satisfies Record<keyof MarketState, 1>;

/**
 * A market listed already `determined` (`addMarket`, a dataset) settles when its settlement timer runs out, counted
 * from the listing: when it was determined is not known (the notes are silent on such a market; the listing time is
 * our choice).
 */
export function settleListed(exchange: ExchangeModel, market: MarketState): void {
  if (market.status === 'determined') settleAfter(exchange, market.ticker, settlementTimerMs(market));
}

/** Settles `ticker` once `delay` ms have passed on the exchange clock; 0 settles at once. */
function settleAfter(exchange: ExchangeModel, ticker: string, delay: number): void {
  if (delay === 0) finalizeMarket(exchange, ticker);
  else exchange.clock.schedule(exchange.now() + delay, () => finalizeMarket(exchange, ticker));
}

/** How long a determined market waits before it settles, unless the market says otherwise (its `settlement_timer_seconds`). */
export const DEFAULT_SETTLEMENT_TIMER_SECONDS = 3600;

export interface DetermineOptions {
  /** When to determine, in ms on the exchange clock (default: now). Earlier than the close time closes it early. */
  readonly at?: number;
  /** Settle this many ms after determination (default: the market's settlement timer). 0 settles at once. */
  readonly settleAfterMs?: number;
  /**
   * With result `scalar` (and only then): what one YES contract pays, in dollars ("0.2500"; 0 to 1 in steps of
   * $0.0001, Kalshi's `settlement_value_dollars`). A NO contract pays 1 − it.
   */
  readonly settlementValueDollars?: string;
}

/** DetermineOptions' keys: another (`settleAfter`) would be dropped and the market's settlement timer used. */
export const DETERMINE_OPTIONS = { at: 1, settleAfterMs: 1, settlementValueDollars: 1 } as const satisfies Record<
  keyof DetermineOptions,
  1
>;

/** What one YES contract of a determined market pays (micro-dollars), or undefined: not determined, or not known. */
export function yesSettlementValue(market: MarketState): number | undefined {
  if (market.result === 'yes') return ONE_DOLLAR;
  if (market.result === 'no') return 0;
  return market.result === 'scalar' ? market.settlementValue : undefined;
}

/** The settlement value a result comes with, in micro-dollars; throws naming `settlementValueDollars`. */
function settlementValueOf(result: 'yes' | 'no' | 'scalar', value: string | undefined): number {
  if (result !== 'scalar') {
    if (value !== undefined)
      throw new ControlInputError(
        'settlementValueDollars',
        `only with result "scalar" (a "${result}" YES contract pays ${result === 'yes' ? 1 : 0})`,
      );
    return result === 'yes' ? ONE_DOLLAR : 0;
  }
  if (value === undefined)
    throw new ControlInputError(
      'settlementValueDollars',
      'required with result "scalar" (what one YES contract pays, "0" to "1")',
    );
  let micro: number | undefined;
  try {
    micro = typeof value === 'string' ? parseDollars(value, 'settlementValueDollars') : undefined;
  } catch (error) {
    if (!(error instanceof FixedPointError)) throw error;
  }
  // $0.0001 steps: Kalshi's dollar strings carry 4 decimals, and a centi-contract's payout stays whole micro-dollars.
  if (micro === undefined || micro < 0 || micro > ONE_DOLLAR || micro % 100 !== 0)
    throw new ControlInputError(
      'settlementValueDollars',
      `${JSON.stringify(value)} is not a dollar amount from 0 to 1 in steps of $0.0001`,
    );
  return micro;
}

export function settlementTimerMs(market: MarketState): number {
  return (market.settlementTimerSeconds ?? DEFAULT_SETTLEMENT_TIMER_SECONDS) * 1000;
}

/**
 * Sets a market's result: it closes (if still open: resting orders canceled, collateral released), becomes
 * `determined` (`market_lifecycle_v2` `determined`), and settles when its settlement timer runs out on the exchange
 * clock. With `at`, all of this waits for the clock to get there.
 */
/**
 * A market still open to a status change or a result: ControlInputError 409 naming it once it has its result (Kalshi's
 * lifecycle, notes §6.1, only goes on from there: determined → finalized).
 */
export function assertUndetermined(market: MarketState): void {
  if (market.result !== '' || market.status === 'determined' || market.status === 'finalized')
    throw new ControlInputError('ticker', `${quoted(market.ticker)} is already determined`, 409);
}

export function determineMarket(
  exchange: ExchangeModel,
  ticker: string,
  result: 'yes' | 'no' | 'scalar',
  options: DetermineOptions = {},
): void {
  const market = exchange.market(ticker);
  assertResult(result);
  const value = settlementValueOf(result, options.settlementValueDollars);
  const { at, settleAfterMs } = options;
  if (settleAfterMs !== undefined && !(Number.isSafeInteger(settleAfterMs) && settleAfterMs >= 0))
    throw new ControlInputError('settleAfterMs', `${quoted(settleAfterMs)} is not a whole number of ms ≥ 0`);
  assertUndetermined(market);
  if (at !== undefined && at > exchange.now()) {
    if (!Number.isSafeInteger(at)) throw new ControlInputError('at', `${quoted(at)} is not a whole number of ms`);
    // Determined some other way meanwhile (or gone after a reset): nothing left to do then.
    exchange.clock.schedule(at, () => {
      if (exchange.markets.get(ticker)?.result === '')
        determineMarket(exchange, ticker, result, {
          settleAfterMs,
          settlementValueDollars: options.settlementValueDollars,
        });
    });
    return;
  }
  if (market.status !== 'closed') {
    // Closing before the scheduled time: Kalshi moves close_time earlier (notes §6.1, `can_close_early`).
    if (market.closeTime > exchange.now()) setCloseTime(exchange, ticker, exchange.now());
    setMarketStatus(exchange, ticker, 'closed');
  }
  market.result = result;
  if (result === 'scalar') market.settlementValue = value;
  setMarketStatus(exchange, ticker, 'determined');
  settleAfter(exchange, ticker, settleAfterMs ?? settlementTimerMs(market));
}

/**
 * Settles a determined market: each winning contract pays $1 (notes §5.15), on a `scalar` result each YES contract
 * the settlement value and each NO contract 1 − it (spec Market.settlement_value_dollars), every holder gets a settlement row
 * (`GET /portfolio/settlements`), positions close, and the market is `finalized` (`market_lifecycle_v2` `settled`).
 */
export function finalizeMarket(exchange: ExchangeModel, ticker: string): void {
  const market = exchange.market(ticker);
  const value = yesSettlementValue(market);
  // Reset since (or a captured scalar result whose value was not kept: nothing to pay it with).
  if (market.status !== 'determined' || market.result === '' || value === undefined) return;
  const result = market.result;
  const now = exchange.now();
  for (const account of exchange.accounts.values()) {
    const position = account.positions.get(ticker);
    if (!position) continue;
    if (position.position === 0) {
      // Flat (bought and sold back): nothing to pay, but a settled market's positions leave the account (notes §7).
      account.positions.delete(ticker);
      continue;
    }
    const yesCount = Math.max(position.position, 0);
    const noCount = Math.max(-position.position, 0);
    // Values are whole $0.0001, so each centi-contract's share is a whole micro-dollar; a fraction of a contract at a
    // scalar value can still pay less than $0.0001 more (0.37 × $0.2501 = $0.092537). D-feer (notes §5.15) keeps a
    // direct member's balance on $0.0001 ("changes by floor(balance_change)"); the page speaks of fills, the notes are
    // silent on settlements: the payout is floored the same way, and what is cut off is a fee in the row's `fee_cost`.
    const exact = yesCount * (value / COUNT_UNITS) + noCount * ((ONE_DOLLAR - value) / COUNT_UNITS);
    const revenue = floorToBalancePrecision(exact);
    account.cash += revenue;
    account.balanceUpdated = exchange.now();
    position.realizedPnl += revenue - position.exposure;
    exchange.settlements.push({
      userId: account.userId,
      ticker,
      eventTicker: market.eventTicker,
      result,
      value,
      yesCount,
      noCount,
      yesCost: yesCount ? position.exposure : 0,
      noCost: noCount ? position.exposure : 0,
      revenue,
      fee: exact - revenue,
      feesPaid: position.fees,
      time: now,
      ...(account.subaccount ? { subaccount: account.subaccount } : {}),
    });
    account.positions.delete(ticker);
    // The closed position goes with the event: its realized P&L (settlement included), fees and volume stay
    // cumulative on the stream (AsyncAPI market_position; the notes do not record Kalshi's settlement message).
    const settled = { ...position, position: 0, exposure: 0, positionFees: 0, lastUpdated: now };
    exchange.changes.emit({
      type: 'position',
      userId: account.userId,
      ticker,
      subaccount: account.subaccount,
      settled,
    });
  }
  market.status = 'finalized';
  market.settledTime = now;
  market.updatedTime = now;
  exchange.changes.emit({ type: 'market', ticker, status: 'finalized', previous: 'determined' });
}
