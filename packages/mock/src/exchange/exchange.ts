import { COUNT_UNITS, notional } from '../generated/fixed-point';
import { ONE_DOLLAR, OrderBook } from './book';
import { type Dataset, defaultDataset } from './dataset';
import { checkDataset, type DatasetFile, datasetFromFile } from './dataset-file';
import { exchangeError } from './errors';
import { ExchangeEvents } from './events';
import { tradingFee } from './fees';
import { createRng, stableUuid, uuidFrom } from './rng';
import { isStorableSeconds, MAX_TIMESTAMP_MS } from './timestamps';
import type {
  AccountState,
  BookSide,
  EventState,
  FillRecord,
  MarketState,
  MarketStatus,
  OrderState,
  PositionState,
  SelfTradePrevention,
  SeriesState,
  SettlementRecord,
  TimeInForce,
  TradeRecord,
} from './types';

/** Options of the exchange (also `createKalshiMock`'s). */
export interface ExchangeOptions {
  /** Seed for the dataset, ids and fault draws (default 1). */
  readonly seed?: number;
  /** The exchange clock in ms; defaults to the real clock. `advanceTime` moves it forward. */
  readonly now?: number | (() => number);
  /** Skip the default dataset (series, events, markets, liquidity). */
  readonly empty?: boolean;
  /** Serve this dataset (a `kalshi-mock capture` file, parsed) instead of the default one. */
  readonly dataset?: DatasetFile;
}

/** A validated order, in exchange units (micro-dollars, centi-contracts). */
export interface NewOrder {
  readonly ticker: string;
  readonly side: BookSide;
  readonly price: number;
  readonly count: number;
  readonly timeInForce: TimeInForce;
  readonly selfTradePrevention: SelfTradePrevention;
  readonly clientOrderId?: string;
  readonly postOnly?: boolean;
  readonly reduceOnly?: boolean;
  /** Unix seconds. */
  readonly expirationTime?: number;
  readonly subaccount?: number;
  readonly orderGroupId?: string;
}

/** A placed order as it stands after matching, and the fills it made. */
export interface OrderResult {
  readonly order: OrderState;
  readonly fills: readonly FillRecord[];
}

/** The account that holds the default dataset's resting liquidity (account ids are UUIDs, as Kalshi's). */
export const HOUSE_USER = '00000000-0000-4000-8000-00000000a001';
/** The account of the mock's test API key (`createKalshiMock().credentials`): the same for every mock. */
export const TEST_USER_ID = '7d1f3c2e-5b8a-4e6f-9c0d-1a2b3c4d5e6f';
const HOUSE_CASH = 10_000_000 * ONE_DOLLAR;
/** Cash of a new account: $10,000. */
export const DEFAULT_CASH = 10_000 * ONE_DOLLAR;

/**
 * The in-memory exchange: series → events → markets, one order book per market, accounts with cash, positions,
 * fills and settlements. Every method is synchronous and deterministic for a seed and clock.
 */
export class Exchange {
  readonly series = new Map<string, SeriesState>();
  readonly events = new Map<string, EventState>();
  readonly markets = new Map<string, MarketState>();
  readonly books = new Map<string, OrderBook>();
  readonly orders = new Map<string, OrderState>();
  readonly accounts = new Map<string, AccountState>();
  readonly fills: FillRecord[] = [];
  readonly trades: TradeRecord[] = [];
  readonly settlements: SettlementRecord[] = [];
  readonly apiKeys = new Map<string, { readonly publicKeyPem: string; readonly userId: string }>();
  /** Every change, as it happens (what the WebSocket feed listens to). */
  readonly changes = new ExchangeEvents();
  private random: () => number = Math.random;
  private offset = 0;
  /** Work waiting for the exchange clock (the activity generator's next step), earliest first. */
  private timers: { readonly at: number; readonly run: () => void }[] = [];
  private priority = 0;
  private readonly clock: () => number;

  /** The dataset file's contents in engine units, checked once. */
  private readonly loaded: Dataset | undefined;

  constructor(private readonly options: ExchangeOptions = {}) {
    const { now } = options;
    this.loaded = options.dataset ? datasetFromFile(checkDataset(options.dataset)) : undefined;
    const start = typeof now === 'number' ? now : undefined;
    this.clock = typeof now === 'function' ? now : start !== undefined ? () => start : Date.now;
    this.reset();
  }

  /** Back to the initial dataset: orders, fills, positions and balances cleared; API keys kept. */
  reset(): void {
    const keys = [...this.apiKeys];
    for (const map of [this.series, this.events, this.markets, this.books, this.orders, this.accounts, this.apiKeys])
      map.clear();
    this.fills.length = 0;
    this.trades.length = 0;
    this.settlements.length = 0;
    this.offset = 0;
    this.priority = 0;
    this.timers = [];
    this.random = createRng(this.options.seed ?? 1);
    for (const [id, key] of keys) {
      this.apiKeys.set(id, key);
      this.account(key.userId);
    }
    this.account(HOUSE_USER, HOUSE_CASH);
    if (!this.options.empty) {
      const data = this.loaded ?? defaultDataset(this.random, this.now());
      for (const s of data.series) this.series.set(s.ticker, s);
      for (const e of data.events) this.events.set(e.eventTicker, e);
      for (const { market, fair, book, trades } of data.markets) {
        this.addMarket({ ...market });
        if (market.status === 'active' && book) this.setOrderbook(market.ticker, book);
        else if (market.status === 'active') this.quoteAround(market.ticker, fair);
        if (trades) this.trades.push(...trades);
      }
      // Oldest first, as the engine appends them.
      this.trades.sort((a, b) => a.time - b.time);
    }
    // Streams diff their books against the new state (books that vanished read as empty).
    for (const ticker of this.markets.keys()) this.changes.emit({ type: 'book', ticker });
    this.changes.emit({ type: 'reset' });
  }

  /** The exchange clock, in ms since the epoch. */
  now(): number {
    return this.clock() + this.offset;
  }

  /** A fresh id from the seeded generator. */
  newId(): string {
    return uuidFrom(this.random);
  }

  /** Seeded randomness shared with fault injection. */
  draw(): number {
    return this.random();
  }

  /**
   * Moves the clock forward: expires good-till-time orders and closes markets past their close time. Scheduled work
   * runs at its own time on the way, in order, so what it does is stamped with that time.
   */
  advanceTime(ms: number): void {
    // Markets close up to a year ahead of the clock; past that, their timestamps could no longer be shown.
    if (!Number.isSafeInteger(ms) || ms < 0 || this.now() + ms > MAX_TIMESTAMP_MS - 366 * 86_400_000)
      throw new RangeError(`advanceMs: ${ms} is not a whole number of ms that keeps the clock before year 9999`);
    const target = this.now() + ms;
    for (let next = this.timers[0]; next && next.at <= target; next = this.timers[0]) {
      this.offset += Math.max(0, next.at - this.now());
      this.expireAndClose();
      this.timers.shift();
      next.run();
    }
    this.offset += Math.max(0, target - this.now());
    this.expireAndClose();
  }

  /** Runs `run` once the exchange clock reaches `at` (ms): during `advanceTime`, or at the next `runDue()`. */
  schedule(at: number, run: () => void): void {
    let i = this.timers.length;
    while (i > 0 && (this.timers[i - 1] as { at: number }).at > at) i--;
    this.timers.splice(i, 0, { at, run });
  }

  /** Runs the scheduled work that is due by now (for a clock that moves by itself). */
  runDue(): void {
    const now = this.now();
    for (let next = this.timers[0]; next && next.at <= now; next = this.timers[0]) {
      this.timers.shift();
      next.run();
    }
  }

  private expireAndClose(): void {
    const now = this.now();
    for (const order of this.orders.values()) {
      if (order.status === 'resting' && order.expirationTime !== undefined && order.expirationTime * 1000 <= now) {
        this.cancelRemainder(order);
      }
    }
    for (const market of this.markets.values()) {
      if (market.status === 'initialized' && market.openTime <= now && market.closeTime > now)
        this.setMarketStatus(market.ticker, 'active');
      if ((market.status === 'active' || market.status === 'inactive') && market.closeTime <= now)
        this.setMarketStatus(market.ticker, 'closed');
    }
  }

  // ---- accounts and keys ----

  /** The account of a user id, created with `cash` (micro-dollars) if new. */
  account(userId: string, cash = DEFAULT_CASH): AccountState {
    let account = this.accounts.get(userId);
    if (!account) {
      account = { userId, cash, locked: 0, positions: new Map(), clientOrderIds: new Set() };
      this.accounts.set(userId, account);
    }
    return account;
  }

  /** Registers an API key (public key PEM) for a user, created with $10,000 if new; the id defaults to a UUID of the key id. */
  addApiKey(key: { keyId: string; publicKeyPem: string; userId?: string }): string {
    const userId = key.userId ?? stableUuid(`user:${key.keyId}`);
    this.apiKeys.set(key.keyId, { publicKeyPem: key.publicKeyPem, userId });
    this.account(userId);
    return userId;
  }

  /** Sets a user's cash (micro-dollars). */
  setBalance(userId: string, cash: number): void {
    this.account(userId).cash = cash;
  }

  /** Available balance: cash minus collateral held for resting orders. */
  available(userId: string): number {
    const account = this.account(userId);
    return account.cash - account.locked;
  }

  /** A user's position in a market (created empty if none). */
  position(userId: string, ticker: string): PositionState {
    const positions = this.account(userId).positions;
    let position = positions.get(ticker);
    if (!position) {
      position = {
        position: 0,
        exposure: 0,
        totalTraded: 0,
        volume: 0,
        realizedPnl: 0,
        fees: 0,
        lastUpdated: this.now(),
      };
      positions.set(ticker, position);
    }
    return position;
  }

  // ---- markets ----

  /** Lists a market (and its event and series if new); unspecified fields get defaults. */
  addMarket(market: Partial<MarketState> & Pick<MarketState, 'ticker'>): MarketState {
    const now = this.now();
    const eventTicker = market.eventTicker ?? market.ticker.split('-').slice(0, 2).join('-');
    if (!this.events.has(eventTicker)) {
      const seriesTicker = eventTicker.split('-')[0] ?? eventTicker;
      if (!this.series.has(seriesTicker)) {
        this.series.set(seriesTicker, {
          ticker: seriesTicker,
          title: seriesTicker,
          category: 'Other',
          frequency: 'custom',
          feeType: 'quadratic',
          feeMultiplierBp: 10_000,
        });
      }
      this.events.set(eventTicker, {
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
      tick: 10_000,
      result: '',
      lastPrice: 0,
      lastTradeSize: 0,
      volume: 0,
      updatedTime: now,
      ...market,
    };
    this.markets.set(full.ticker, full);
    this.books.set(full.ticker, new OrderBook());
    return full;
  }

  /** A market by ticker; throws Kalshi's 404 `market_not_found` if there is none. */
  market(ticker: string): MarketState {
    const market = this.markets.get(ticker);
    if (!market) throw exchangeError(404, 'market_not_found', 'market not found');
    return market;
  }

  /** A market's order book; throws Kalshi's 404 if there is no such market. */
  book(ticker: string): OrderBook {
    this.market(ticker);
    return this.books.get(ticker) as OrderBook;
  }

  /** The series a market belongs to (through its event). */
  seriesOfMarket(market: MarketState): SeriesState {
    const event = this.events.get(market.eventTicker);
    return (
      this.series.get(event?.seriesTicker ?? '') ?? {
        ticker: '',
        title: '',
        category: '',
        frequency: '',
        feeType: 'quadratic',
        feeMultiplierBp: 10_000,
      }
    );
  }

  /**
   * Moves a market to a status. Leaving `active` cancels its resting orders when it closes; re-activating an
   * `inactive` market cancels them too (kalshi-api-notes §5.16).
   */
  setMarketStatus(ticker: string, status: MarketStatus): void {
    const market = this.market(ticker);
    const previous = market.status;
    market.status = status;
    market.updatedTime = this.now();
    const cancels =
      (previous === 'inactive' && status === 'active') || ['closed', 'determined', 'finalized'].includes(status);
    if (cancels) for (const order of this.book(ticker).orders()) this.cancelRemainder(order);
    this.changes.emit({ type: 'market', ticker, status, previous });
  }

  /** Determines and settles a market: resting orders canceled, winning contracts pay $1, positions closed. */
  settleMarket(ticker: string, result: 'yes' | 'no'): void {
    const market = this.market(ticker);
    market.result = result;
    this.setMarketStatus(ticker, 'determined');
    const now = this.now();
    for (const account of this.accounts.values()) {
      const position = account.positions.get(ticker);
      if (!position || position.position === 0) continue;
      const yesCount = Math.max(position.position, 0);
      const noCount = Math.max(-position.position, 0);
      const won = result === 'yes' ? yesCount : noCount;
      const revenue = won * (ONE_DOLLAR / COUNT_UNITS);
      account.cash += revenue;
      position.realizedPnl += revenue - position.exposure;
      this.settlements.push({
        userId: account.userId,
        ticker,
        eventTicker: market.eventTicker,
        result,
        yesCount,
        noCount,
        yesCost: yesCount ? position.exposure : 0,
        noCost: noCount ? position.exposure : 0,
        revenue,
        time: now,
      });
      account.positions.delete(ticker);
      this.changes.emit({ type: 'position', userId: account.userId, ticker });
    }
    market.status = 'finalized';
    market.settledTime = now;
    this.changes.emit({ type: 'market', ticker, status: 'finalized', previous: 'determined' });
  }

  /** Replaces a market's book with the house maker's orders at the given levels (YES bids, NO bids). */
  setOrderbook(ticker: string, levels: { yes?: [number, number][]; no?: [number, number][] }): void {
    const book = this.book(ticker);
    for (const order of book.orders()) this.cancelRemainder(order);
    for (const [price, count] of levels.yes ?? []) this.rest(HOUSE_USER, ticker, 'bid', price, count);
    for (const [noPrice, count] of levels.no ?? []) this.rest(HOUSE_USER, ticker, 'ask', ONE_DOLLAR - noPrice, count);
  }

  private quoteAround(ticker: string, fair: number): void {
    const step = 10_000;
    const size = () => (10 + Math.floor(this.random() * 90)) * COUNT_UNITS;
    const yes: [number, number][] = [];
    const no: [number, number][] = [];
    for (let i = 1; i <= 3; i++) {
      if (fair - i * step >= step) yes.push([fair - i * step, size()]);
      if (fair + i * step <= ONE_DOLLAR - step) no.push([ONE_DOLLAR - (fair + i * step), size()]);
    }
    this.setOrderbook(ticker, { yes, no });
  }

  private rest(userId: string, ticker: string, side: BookSide, price: number, count: number): void {
    this.createOrder(userId, {
      ticker,
      side,
      price,
      count,
      timeInForce: 'good_till_canceled',
      selfTradePrevention: 'maker',
    });
  }

  // ---- orders ----

  /** Places an order: validates business rules, matches what crosses (price-time priority), rests the rest. */
  createOrder(userId: string, request: NewOrder): OrderResult {
    const market = this.market(request.ticker);
    this.assertTradable(market);
    this.assertOnGrid(market, request.price);
    if (request.count <= 0)
      throw exchangeError(400, 'invalid_order_size', 'invalid order size', 'count must be positive');
    if (request.reduceOnly && request.timeInForce === 'good_till_canceled') {
      throw exchangeError(400, 'invalid_order', 'invalid order', 'reduce_only can only be used with IoC or FoK orders');
    }
    if (request.expirationTime !== undefined) {
      // Kalshi's answer to an unrepresentable expiry is undocumented; refusing it keeps every later read working.
      if (!isStorableSeconds(request.expirationTime))
        throw exchangeError(
          400,
          'invalid_parameters',
          'invalid parameters',
          'expiration_time must be Unix seconds between 1970 and 9999',
        );
      if (request.timeInForce !== 'good_till_canceled') {
        throw exchangeError(400, 'invalid_order', 'Cannot specify both immediate_or_cancel and expiration_ts');
      }
      if (request.expirationTime * 1000 <= this.now())
        throw exchangeError(400, 'invalid_order', 'Expiration timestamp must be in the future');
    }
    const account = this.account(userId);
    if (request.clientOrderId !== undefined && account.clientOrderIds.has(request.clientOrderId)) {
      throw exchangeError(409, 'order_already_exists', 'order already exists');
    }
    const book = this.book(request.ticker);
    const crossing = [...book.crossing(request.side, request.price)];
    if (request.postOnly && crossing.length)
      throw exchangeError(400, 'invalid_order', 'invalid order', 'post only cross');

    let count = request.count;
    if (request.reduceOnly) {
      // A peek, not `position()`: a rejected order must not leave an empty position behind.
      const held = this.account(userId).positions.get(request.ticker)?.position ?? 0;
      const reducible = request.side === 'ask' ? Math.max(held, 0) : Math.max(-held, 0);
      count = Math.min(count, reducible);
      if (count === 0)
        throw exchangeError(400, 'invalid_order', 'invalid order', 'reduce_only order would increase position');
    }
    const cost = orderCost(request.side, request.price, count);
    if (cost > this.available(userId)) throw exchangeError(400, 'insufficient_balance', 'insufficient balance');

    const now = this.now();
    const order: OrderState = {
      orderId: this.newId(),
      userId,
      clientOrderId: request.clientOrderId ?? '',
      ticker: request.ticker,
      side: request.side,
      price: request.price,
      initialCount: count,
      fillCount: 0,
      remainingCount: count,
      status: 'resting',
      timeInForce: request.timeInForce,
      selfTradePrevention: request.selfTradePrevention,
      postOnly: request.postOnly ?? false,
      reduceOnly: request.reduceOnly ?? false,
      expirationTime: request.expirationTime,
      createdTime: now,
      lastUpdateTime: now,
      takerFillCost: 0,
      makerFillCost: 0,
      takerFees: 0,
      makerFees: 0,
      locked: 0,
      priority: ++this.priority,
      subaccount: request.subaccount ?? 0,
      orderGroupId: request.orderGroupId,
    };
    if (request.clientOrderId !== undefined) account.clientOrderIds.add(request.clientOrderId);
    this.orders.set(order.orderId, order);

    const fillable = crossing.filter((o) => o.userId !== userId).reduce((sum, o) => sum + o.remainingCount, 0);
    const fills = request.timeInForce === 'fill_or_kill' && fillable < count ? [] : this.match(order, crossing, market);
    if (order.remainingCount > 0 && order.status === 'resting') {
      if (order.timeInForce === 'good_till_canceled') this.lockAndRest(order);
      else this.finish(order, 'canceled');
    }
    this.changed(order);
    return { order, fills };
  }

  /** Changes price and/or size (`count` = filled + wanted remaining); same id. Loses queue place unless only shrinking. */
  amendOrder(
    userId: string,
    orderId: string,
    change: {
      ticker: string;
      side: BookSide;
      price: number;
      count: number;
      clientOrderId?: string;
      updatedClientOrderId?: string;
    },
  ): OrderResult {
    const order = this.restingOrder(userId, orderId);
    if (change.ticker !== order.ticker) throw exchangeError(400, 'order_ticker_mismatch', 'order ticker mismatch');
    if (change.side !== order.side) throw exchangeError(400, 'order_side_mismatch', 'order side mismatch');
    if (change.clientOrderId !== undefined && change.clientOrderId !== order.clientOrderId) {
      throw exchangeError(400, 'order_id_and_client_order_id_mismatch', 'order id and client order id mismatch');
    }
    const market = this.market(order.ticker);
    this.assertTradable(market);
    this.assertOnGrid(market, change.price);
    const remaining = change.count - order.fillCount;
    if (remaining <= 0)
      throw exchangeError(400, 'invalid_order_size', 'invalid order size', 'count must exceed the filled count');
    const account = this.account(userId);
    if (change.updatedClientOrderId !== undefined && account.clientOrderIds.has(change.updatedClientOrderId))
      throw exchangeError(409, 'order_already_exists', 'order already exists');
    const newCost = orderCost(order.side, change.price, remaining);
    if (newCost - order.locked > this.available(userId))
      throw exchangeError(400, 'insufficient_balance', 'insufficient balance');

    // Everything is validated: from here on the amend cannot fail.
    if (change.updatedClientOrderId !== undefined) {
      account.clientOrderIds.add(change.updatedClientOrderId);
      order.clientOrderId = change.updatedClientOrderId;
    }
    const book = this.book(order.ticker);
    const previousPrice = order.price;
    const keepsPlace = change.price === order.price && remaining <= order.remainingCount;
    book.remove(order);
    this.release(order);
    order.price = change.price;
    order.remainingCount = remaining;
    order.initialCount = change.count;
    order.lastUpdateTime = this.now();
    if (!keepsPlace) order.priority = ++this.priority;
    const fills = this.match(order, [...book.crossing(order.side, order.price)], market);
    if (order.remainingCount > 0 && order.status === 'resting') this.lockAndRest(order);
    this.changed(order, previousPrice);
    return { order, fills };
  }

  /** Reduces the resting size by `reduceBy` or to `reduceTo` (centi-contracts); 0 remaining cancels. */
  decreaseOrder(userId: string, orderId: string, by: { reduceBy?: number; reduceTo?: number }): OrderState {
    const order = this.restingOrder(userId, orderId);
    if ((by.reduceBy === undefined) === (by.reduceTo === undefined)) {
      throw exchangeError(
        400,
        'invalid_parameters',
        'invalid parameters',
        'exactly one of reduce_by or reduce_to is required',
      );
    }
    const target = by.reduceTo ?? order.remainingCount - (by.reduceBy as number);
    if (target < 0 || target > order.remainingCount || (by.reduceBy !== undefined && by.reduceBy <= 0)) {
      throw exchangeError(400, 'invalid_order_size', 'invalid order size');
    }
    if (target === 0) {
      this.cancelRemainder(order);
      return order;
    }
    this.release(order);
    order.initialCount -= order.remainingCount - target;
    order.remainingCount = target;
    order.lastUpdateTime = this.now();
    this.lock(order);
    this.changed(order);
    return order;
  }

  /** Cancels a resting order; returns the count it removed. */
  cancelOrder(userId: string, orderId: string): { order: OrderState; reducedBy: number } {
    const order = this.restingOrder(userId, orderId);
    const market = this.market(order.ticker);
    if (['closed', 'determined', 'finalized'].includes(market.status))
      throw exchangeError(409, 'market_closed', 'market closed');
    const reducedBy = order.remainingCount;
    this.cancelRemainder(order);
    return { order, reducedBy };
  }

  /** Cancels every resting order of a user (all subaccounts unless one is given). */
  cancelAll(userId: string, subaccount?: number): number {
    let count = 0;
    for (const order of this.orders.values()) {
      if (
        order.userId === userId &&
        order.status === 'resting' &&
        (subaccount === undefined || order.subaccount === subaccount)
      ) {
        this.cancelRemainder(order);
        count++;
      }
    }
    return count;
  }

  private restingOrder(userId: string, orderId: string): OrderState {
    const order = this.orders.get(orderId);
    // Unknown, someone else's, canceled or executed: Kalshi answers 404 not_found for all (notes §5.11).
    if (!order || order.userId !== userId || order.status !== 'resting')
      throw exchangeError(404, 'not_found', 'not found');
    return order;
  }

  private assertTradable(market: MarketState): void {
    if (market.status === 'active') return;
    if (['closed', 'determined', 'finalized'].includes(market.status))
      throw exchangeError(409, 'market_closed', 'market closed');
    throw exchangeError(400, 'market_inactive', 'market is not open for trading');
  }

  private assertOnGrid(market: MarketState, price: number): void {
    if (price <= 0 || price >= ONE_DOLLAR || price % market.tick !== 0) {
      throw exchangeError(
        400,
        'invalid_price',
        'invalid price',
        `price must be between 0 and 1 on a ${market.tick / ONE_DOLLAR} grid`,
      );
    }
  }

  // ---- matching ----

  private match(taker: OrderState, crossing: readonly OrderState[], market: MarketState): FillRecord[] {
    const fills: FillRecord[] = [];
    const series = this.seriesOfMarket(market);
    for (const maker of crossing) {
      if (taker.remainingCount === 0) break;
      if (maker.status !== 'resting') continue;
      if (maker.userId === taker.userId) {
        if (taker.selfTradePrevention === 'taker_at_cross') {
          this.finish(taker, 'canceled');
          break;
        }
        this.cancelRemainder(maker);
        continue;
      }
      const count = Math.min(taker.remainingCount, maker.remainingCount);
      const price = maker.price; // the maker's price: takers get price improvement (notes §5.15)
      fills.push(...this.execute(taker, maker, count, price, series, market));
    }
    if (taker.remainingCount === 0 && taker.status === 'resting') this.finish(taker, 'executed');
    return fills.filter((f) => f.orderId === taker.orderId);
  }

  private execute(
    taker: OrderState,
    maker: OrderState,
    count: number,
    price: number,
    series: SeriesState,
    market: MarketState,
  ): FillRecord[] {
    const now = this.now();
    const tradeId = this.newId();
    const trade: TradeRecord = { tradeId, ticker: market.ticker, count, price, takerSide: taker.side, time: now };
    this.trades.push(trade);
    this.changes.emit({ type: 'trade', trade });
    market.lastPrice = price;
    market.lastTradeSize = count;
    market.volume += count;
    market.updatedTime = now;
    const fills: FillRecord[] = [];
    for (const [order, isTaker] of [
      [taker, true],
      [maker, false],
    ] as const) {
      if (!isTaker) this.release(order);
      const cost = orderCost(order.side, price, count);
      const fee = tradingFee(series, count, price, isTaker);
      order.fillCount += count;
      order.remainingCount -= count;
      order.lastUpdateTime = now;
      if (isTaker) {
        order.takerFillCost += cost;
        order.takerFees += fee;
      } else {
        order.makerFillCost += cost;
        order.makerFees += fee;
        if (order.remainingCount === 0) this.finish(order, 'executed');
        else this.lock(order);
      }
      this.settleFill(order.userId, market.ticker, order.side, count, cost, fee);
      const fill: FillRecord = {
        fillId: this.newId(),
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
      this.fills.push(fill);
      fills.push(fill);
      this.changes.emit({ type: 'fill', fill, order });
      this.changes.emit({ type: 'position', userId: order.userId, ticker: market.ticker });
      if (!isTaker) this.changed(order);
    }
    return fills;
  }

  /**
   * Books a fill for one side: pays `cost` and the fee, then nets the position (+YES / −NO). A YES contract and a
   * NO contract held together pay out $1, so closing trades release cash and realise P&L.
   */
  private settleFill(userId: string, ticker: string, side: BookSide, count: number, cost: number, fee: number): void {
    const account = this.account(userId);
    const position = this.position(userId, ticker);
    account.cash -= cost + fee;
    position.fees += fee;
    position.totalTraded += cost;
    position.volume += count;
    position.lastUpdated = this.now();
    const delta = side === 'bid' ? count : -count;
    const opposite = position.position !== 0 && Math.sign(position.position) !== Math.sign(delta);
    const closing = opposite ? Math.min(Math.abs(position.position), count) : 0;
    if (closing > 0) {
      const released = Math.trunc((position.exposure * closing) / Math.abs(position.position));
      const closingCost = Math.trunc((cost * closing) / count);
      const payout = closing * (ONE_DOLLAR / COUNT_UNITS);
      account.cash += payout;
      position.exposure -= released;
      position.realizedPnl += payout - released - closingCost - fee;
      position.exposure += cost - closingCost;
    } else {
      position.exposure += cost;
      position.realizedPnl -= fee;
    }
    position.position += delta;
    if (position.position === 0) position.exposure = 0;
  }

  // ---- collateral ----

  private lockAndRest(order: OrderState): void {
    this.lock(order);
    this.book(order.ticker).add(order);
  }

  private lock(order: OrderState): void {
    const amount = orderCost(order.side, order.price, order.remainingCount);
    this.account(order.userId).locked += amount - order.locked;
    order.locked = amount;
  }

  private release(order: OrderState): void {
    this.account(order.userId).locked -= order.locked;
    order.locked = 0;
  }

  private cancelRemainder(order: OrderState): void {
    if (order.status !== 'resting') return;
    this.book(order.ticker).remove(order);
    this.release(order);
    order.remainingCount = 0;
    this.finish(order, 'canceled');
    this.changed(order);
  }

  /** Tells listeners an order changed, and with it possibly its level of its market's book. */
  private changed(order: OrderState, previousPrice?: number): void {
    this.changes.emit({ type: 'order', order });
    this.changes.emit({ type: 'book', ticker: order.ticker, order, previousPrice });
  }

  private finish(order: OrderState, status: 'canceled' | 'executed'): void {
    order.status = status;
    order.lastUpdateTime = this.now();
    if (status === 'canceled') order.remainingCount = 0;
  }
}

/** What an order costs its owner: a bid buys YES at p; an ask buys NO at 1 − p. Rounded up to the micro-dollar. */
export function orderCost(side: BookSide, yesPrice: number, count: number): number {
  return notional(side === 'bid' ? yesPrice : ONE_DOLLAR - yesPrice, count, 'ceil');
}
