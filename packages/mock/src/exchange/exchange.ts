import { checkKnownKeys, checkOptionsObject } from '../shared/options';
import * as accounts from './accounts';
import { DEFAULT_CASH, HOUSE_CASH, HOUSE_USER } from './accounts';
import {
  assertActive,
  assertApiKey,
  assertBalance,
  assertCentiContracts,
  assertCoversCollateral,
  assertHouseFunds,
  assertLevels,
  assertNewOrder,
  assertResult,
  assertSchedule,
  assertSettableStatus,
  assertStatusKept,
  knownMarket,
} from './control-input';
import { type Dataset, defaultDataset } from './dataset';
import { checkDataset, type DatasetFile, datasetFromFile } from './dataset-file';
import { wakeForAll, watchDeadlines } from './deadlines';
import * as lifecycle from './lifecycle';
import { assertWhole } from './market-input';
import * as markets from './markets';
import { ExchangeModel } from './model';
import type { AmendChange, NewOrder, OrderResult } from './orders';
import * as orders from './orders';
import * as pauses from './pause';
import type { AccountState, MarketState, MarketStatus, OrderState, PositionState } from './types';

export { DEFAULT_CASH, HOUSE_USER, TEST_USER_ID } from './accounts';
export { orderCost } from './ledger';
export type { NewOrder, OrderResult } from './orders';
export type { PauseKind, PauseOptions, PauseState } from './pause';

/** Options of the exchange (also `createKalshiMock`'s). */
export interface ExchangeOptions {
  /** Seed for the dataset, ids and fault draws (default 1). */
  readonly seed?: number | undefined;
  /**
   * The exchange clock in ms; defaults to the real clock, on which what is due (expiries, opens, closes, settlement)
   * happens at its time. A fixed `now` moves only with `advanceTime`. Read in whole ms (a fraction is dropped), as
   * Kalshi's timestamps are integers.
   */
  readonly now?: number | (() => number) | undefined;
  /** Skip the default dataset (series, events, markets, liquidity). */
  readonly empty?: boolean | undefined;
  /** Serve this dataset (a `kalshi-mock capture` file, parsed) instead of the default one. */
  readonly dataset?: DatasetFile | undefined;
}

/**
 * The in-memory exchange: the state (`ExchangeModel`) and the operations on it, which live in their own modules
 * (accounts, ledger, matching, orders, markets). Every method is synchronous and deterministic for a seed and clock.
 * The control methods (time, balances, keys, markets, pauses) throw ControlInputError naming the argument for input
 * the API could not serve (an unknown ticker: `status` 404), leaving the state as it was; the order writes throw
 * ExchangeError with the body Kalshi sends, as the REST API answers.
 */
export class Exchange extends ExchangeModel {
  /** Opening balances other than the default, kept across `reset()`. */
  private readonly openingCash = new Map<string, number>();
  /** The dataset file's contents in engine units, checked once. */
  private readonly loaded: Dataset | undefined;

  /** An exchange holding the dataset of `options` (a checked file), else the default one. */
  constructor(private readonly options: ExchangeOptions = {}) {
    super(options.now, options.seed ?? 1);
    this.loaded = options.dataset ? datasetFromFile(checkDataset(options.dataset)) : undefined;
    watchDeadlines(this);
    this.reset();
  }

  /**
   * Back to the initial dataset: orders, fills, positions and balances cleared (and the mock's `rateLimit` buckets
   * full again); API keys kept. Open WebSocket connections are cut. Faults are the mock's, not the exchange's: `faults.clear()` removes them
   * (`POST /_mock/reset` does both).
   */
  reset(): void {
    // Streams cut their connections first (stream/session.ts): nothing of the old state, nor the dataset's loading,
    // is streamed.
    this.changes.emit({ type: 'resetting' });
    const keys = [...this.apiKeys];
    this.clearState();
    for (const [id, key] of keys) {
      this.apiKeys.set(id, key);
      this.account(key.userId, this.openingCash.get(key.userId));
    }
    const house = this.account(HOUSE_USER, HOUSE_CASH);
    if (!this.options.empty) {
      const data = this.loaded ?? defaultDataset(this.random, this.now());
      house.cash += data.bookCollateral ?? 0; // a dataset's books rest whatever their depth
      for (const s of data.series) this.series.set(s.ticker, s);
      for (const e of data.events) this.events.set(e.eventTicker, e);
      for (const { market, fair, book, trades } of data.markets) {
        // The dataset is there from the start: no `created` messages. A paused market's book rests as an active one's
        // (orders stay through a pause, kalshi-api-notes §5.16), then it is paused.
        const paused = market.status === 'inactive' && book !== undefined;
        markets.addMarket(this, { ...market, ...(paused ? { status: 'active' as const } : {}) });
        if (market.status === 'active' || paused) {
          if (book) this.setOrderbook(market.ticker, book);
          else markets.quoteAround(this, market.ticker, fair);
        }
        if (paused) this.market(market.ticker).status = 'inactive';
        lifecycle.settleListed(this, this.market(market.ticker));
        // A file's trades are newest first (as GET /markets/trades returns them): appended oldest first, so trades of
        // the same time keep the file's order through the stable sort and the tape's newest-first reading.
        if (trades) for (let i = trades.length - 1; i >= 0; i--) this.trades.push(trades[i] as (typeof trades)[number]);
      }
      // Oldest first, as the engine appends them.
      this.trades.sort((a, b) => a.time - b.time);
    }
    wakeForAll(this);
    this.changes.emit({ type: 'reset' });
  }

  /**
   * Moves the clock forward: expires good-till-time orders and closes markets past their close time. Scheduled work
   * runs at its own time on the way, in order, so what it does is stamped with that time.
   */
  advanceTime(ms: number): void {
    assertWhole('advanceMs', ms, 'a whole number of ms ≥ 0'); // named as POST /_mock/time's body names it
    this.clock.advance(ms, () => markets.expireAndClose(this));
  }

  /** Runs `run` once the exchange clock reaches `at` (ms): during `advanceTime`, or at the next `runDue()`. */
  schedule(at: number, run: () => void): void {
    assertSchedule(at, run);
    this.clock.schedule(at, run);
  }

  /**
   * On a clock that moves by itself, runs everything due by now: scheduled work in order, good-till-time expiries,
   * market opens and closes. Every request runs it first; under a fixed clock it does nothing (`advanceTime` does it).
   */
  runDue(): void {
    this.clock.runDue(() => markets.expireAndClose(this));
  }

  // ---- accounts and keys ----

  /** The account of `userId`, opened with `cash` (micro-dollars) on first use. */
  account(userId: string, cash = DEFAULT_CASH): AccountState {
    return accounts.account(this, userId, cash);
  }

  /** Registers an API key (public key PEM) for a user, created with $10,000 if new; the id defaults to a UUID of the key id. */
  addApiKey(key: { keyId: string; publicKeyPem: string; userId?: string }): string {
    assertApiKey(key);
    return accounts.addApiKey(this, key);
  }

  /**
   * Sets a user's cash (micro-dollars). Refused (ControlInputError 409 naming `cash`) below the collateral the user's
   * resting orders hold: the available balance would be negative.
   */
  setBalance(userId: string, cash: number): void {
    assertBalance(userId, cash);
    assertCoversCollateral(this, userId, cash);
    const account = this.account(userId);
    account.cash = cash;
    account.balanceUpdated = this.now();
  }

  /** Opens `userId` with `cash` now and after every `reset()` (an account registered with its own balance). */
  setOpeningBalance(userId: string, cash: number): void {
    // setBalance checks everything (the grid, the collateral held) before anything changes; a refusal leaves the
    // opening balance as it was.
    this.setBalance(userId, cash);
    this.openingCash.set(userId, cash);
  }

  /** Available balance: cash minus collateral held for resting orders (of a subaccount; default the primary). */
  available(userId: string, subaccount = 0): number {
    return accounts.available(this, userId, subaccount);
  }

  /** The account's position in a market (opened flat on first use). */
  position(userId: string, ticker: string): PositionState {
    return accounts.position(this, userId, ticker);
  }

  // ---- markets ----

  /**
   * Lists a market (defaults for what is not given) and sends its `created` lifecycle message. Throws
   * ControlInputError naming the field for a ticker that is empty or already listed, or a field the API could not serve.
   */
  addMarket(market: Partial<MarketState> & Pick<MarketState, 'ticker'>): MarketState {
    return lifecycle.listMarket(this, market);
  }

  /**
   * Moves a market to a status (kalshi-api-notes §5.16: closing or re-activating cancels its resting orders;
   * deactivating cancels those placed with `cancel_order_on_pause`). A market that has its result is refused (409):
   * none goes back from there (notes §6.1). So is a status the exchange clock would undo at its next step (409 naming
   * the time): `active` or `inactive` past the market's `closeTime`, `initialized` past its `openTime`. `determined`
   * and `finalized` need a result: `determineMarket` and `settleMarket` set them.
   */
  setMarketStatus(ticker: string, status: MarketStatus): void {
    const market = knownMarket(this, ticker);
    assertSettableStatus(status);
    lifecycle.assertUndetermined(market);
    assertStatusKept(this, market, status);
    markets.setMarketStatus(this, ticker, status);
  }

  /**
   * Determines and settles a market at once: resting orders canceled, winning contracts pay $1 (on `scalar`, YES
   * pays `settlementValueDollars` and NO 1 − it), positions closed.
   */
  settleMarket(ticker: string, result: 'yes' | 'no' | 'scalar', options?: { settlementValueDollars?: string }): void {
    knownMarket(this, ticker);
    assertResult(result);
    if (options !== undefined) checkOptionsObject('options', options, { settlementValueDollars: 1 });
    lifecycle.determineMarket(this, ticker, result, { ...options, settleAfterMs: 0 });
  }

  /**
   * Sets a market's result (now, or at `at` on the clock): it closes, is `determined`, and settles when its
   * settlement timer (`settlementTimerSeconds`, default 3600) or `settleAfterMs` has passed on the exchange clock.
   * `scalar` needs `settlementValueDollars` ("0.2500": what a YES contract pays; a NO contract pays 1 − it).
   */
  determineMarket(ticker: string, result: 'yes' | 'no' | 'scalar', options?: lifecycle.DetermineOptions): void {
    knownMarket(this, ticker);
    assertResult(result);
    if (options !== undefined) checkOptionsObject('options', options, lifecycle.DETERMINE_OPTIONS);
    lifecycle.determineMarket(this, ticker, result, options);
  }

  /**
   * Replaces an active market's whole book: every order resting in it is canceled, users' too (their collateral
   * released, as a cancel does), then the house maker rests at the given levels (YES bids, NO bids; prices in
   * micro-dollars on the market's grid, counts in centi-contracts). A market that is not active is refused (409), as is
   * a level the market could not take, a price twice on one side (400, naming the level: a book shows each price once)
   * or levels that cross, a YES bid at or above 1 − a NO bid (400, `levels`: a resting book never is), before anything
   * changes.
   */
  setOrderbook(ticker: string, levels: { yes?: [number, number][]; no?: [number, number][] }): void {
    const market = knownMarket(this, ticker);
    lifecycle.assertUndetermined(market);
    assertActive(market);
    assertLevels(levels, market);
    assertHouseFunds(this, market, levels);
    markets.setOrderbook(this, ticker, levels);
  }

  // ---- pauses ----

  /**
   * Pauses trading (`kind: 'trading'`, Kalshi's weekly maintenance: no place or amend; cancels and decreases work) or the
   * whole exchange (`'exchange'`: no order write, cancels included) until `resume()`; `GET /exchange/status` says so.
   * Resting orders placed with `cancel_order_on_pause` are canceled at once. `resumeAt` (a Date or Unix ms) is the
   * estimate shown as `exchange_estimated_resume_time`; the pause does not end by itself. Also `POST /_mock/pause`.
   */
  pause(options: pauses.PauseOptions): pauses.PauseState {
    // Not an object at all is the kind's refusal (pause.ts); an object's keys are checked here.
    if (typeof options === 'object' && options !== null) checkKnownKeys(options, pauses.PAUSE_OPTIONS, 'options.');
    return pauses.pause(this, options);
  }

  /** Ends the pause in force, if any (also `DELETE /_mock/pause`; `reset()` ends it too). */
  resume(): void {
    pauses.resume(this);
  }

  // ---- orders ----
  // The order writes of the API (and the activity generator's): refused during a pause. The engine's own orders (the
  // house book of `setOrderbook`) go to the modules directly.

  /** Places an order: validates business rules, matches what crosses (price-time priority), rests the rest. */
  createOrder(userId: string, request: NewOrder): OrderResult {
    assertNewOrder(request);
    pauses.assertOrderWriteAllowed(this, 'CreateOrderV2');
    return orders.createOrder(this, userId, withoutEmptyIds(request, ['clientOrderId', 'orderGroupId']));
  }

  /**
   * Changes price and/or size (`count` = filled + wanted remaining); same id. Loses queue place unless only shrinking.
   * Throws ControlInputError naming `change.count` when it is not whole centi-contracts.
   */
  amendOrder(userId: string, orderId: string, change: AmendChange): OrderResult {
    assertCentiContracts('change.count', change.count);
    pauses.assertOrderWriteAllowed(this, 'AmendOrderV2');
    return orders.amendOrder(this, userId, orderId, withoutEmptyIds(change, ['clientOrderId', 'updatedClientOrderId']));
  }

  /**
   * Reduces the resting size by `reduceBy` or to `reduceTo` (centi-contracts); 0 remaining cancels. Throws
   * ControlInputError naming `by.reduceBy` or `by.reduceTo` when it is not whole centi-contracts.
   */
  decreaseOrder(userId: string, orderId: string, by: { reduceBy?: number; reduceTo?: number }): OrderState {
    for (const field of ['reduceBy', 'reduceTo'] as const)
      if (by[field] !== undefined) assertCentiContracts(`by.${field}`, by[field]);
    // Like a cancel (notes §5.10: cancel ≡ decrease to 0); the notes name only place/amend as paused.
    pauses.assertOrderWriteAllowed(this, 'DecreaseOrderV2');
    return orders.decreaseOrder(this, userId, orderId, by);
  }

  /** Cancels a resting order; returns the count it removed. */
  cancelOrder(
    userId: string,
    orderId: string,
  ): {
    /** The order, canceled. */
    order: OrderState;
    /** The centi-contracts the cancel removed (its remaining count). */
    reducedBy: number;
  } {
    pauses.assertOrderWriteAllowed(this, 'CancelOrderV2');
    return orders.cancelOrder(this, userId, orderId);
  }

  /**
   * Cancels every resting order of a user (all subaccounts unless one is given). A subaccount the user does not have is
   * refused (`subaccount: N does not exist`), as createOrder and the REST route refuse it.
   */
  cancelAll(userId: string, subaccount?: number): number {
    if (subaccount) accounts.ledger(this, userId, subaccount);
    pauses.assertOrderWriteAllowed(this, 'CancelAllOrders');
    return orders.cancelAll(this, userId, subaccount);
  }
}

/**
 * An order write's optional ids as the REST routes read them (routes.ts `givenId`): `""` is no id (the spec's Go
 * `string`, where "" and absent are one value), so the engine API neither reserves `""` nor joins group `""`.
 */
function withoutEmptyIds<T extends object>(value: T, fields: readonly (keyof T)[]): T {
  if (!fields.some((field) => value[field] === '')) return value;
  const copy = { ...value };
  for (const field of fields) if (copy[field] === '') delete copy[field];
  return copy;
}
