import type { OrderBook } from './book';
import { ExchangeClock } from './clock';
import { marketNotFound } from './errors';
import { ExchangeEvents } from './events';
import type { PauseState } from './pause';
import { TRADES_KEPT_PER_MARKET } from './retention';
import { createRng, uuidFrom } from './rng';
import type {
  AccountState,
  EventState,
  FeeSchedule,
  FillRecord,
  MarketState,
  OrderGroupState,
  OrderState,
  SeriesState,
  SettlementRecord,
  TradeRecord,
} from './types';

/**
 * The exchange's state: series → events → markets, one order book per market, orders, accounts with cash and
 * positions, fills, trades and settlements, the clock and the seeded id source. The one model every presenter and
 * stream reads; the engine's modules (accounts, ledger, matching, orders, markets) change it.
 */
export class ExchangeModel {
  /** Series by ticker. */
  readonly series = new Map<string, SeriesState>();
  /** Events by event ticker. */
  readonly events = new Map<string, EventState>();
  /** Markets by ticker. */
  readonly markets = new Map<string, MarketState>();
  /** Each market's resting book, by ticker. */
  readonly books = new Map<string, OrderBook>();
  /** Every order (resting or not), by order id. */
  readonly orders = new Map<string, OrderState>();
  /** Ledgers by user id; a numbered subaccount's by `<userId>/subaccount/<n>`. */
  readonly accounts = new Map<string, AccountState>();
  /** Every fill, oldest first. */
  readonly fills: FillRecord[] = [];
  /** The trade tape, oldest first (old trades age out past `tradesKeptPerMarket`). */
  readonly trades: TradeRecord[] = [];
  /** Every settlement, oldest first. */
  readonly settlements: SettlementRecord[] = [];
  /** Registered API keys by key id. */
  readonly apiKeys = new Map<
    string,
    {
      /** The key's public key (SPKI PEM), to verify signatures with. */
      readonly publicKeyPem: string;
      /** The user the key acts as. */
      readonly userId: string;
    }
  >();
  /** Order groups by id. */
  readonly orderGroups = new Map<string, OrderGroupState>();
  /** Trades of one market the tape keeps; the oldest age out past it (retention.ts). */
  tradesKeptPerMarket = TRADES_KEPT_PER_MARKET;
  /** The tape's length after its last aging pass. */
  tradesCheckedAt = 0;
  /** Per market, the newest trade aged out of the tape. */
  readonly agedTrades = new Map<string, TradeRecord>();
  /** Per market, each user's and subaccount's net YES position as the fills moved it (the open interest stamped on trades). */
  readonly netPositions = new Map<string, Map<string, number>>();
  /** Every change, as it happens (what the WebSocket feed listens to). */
  readonly changes = new ExchangeEvents();
  /** The exchange clock: a base clock (real or fixed) plus what `advance` added, with the work scheduled on it. */
  readonly clock: ExchangeClock;
  /** The exchange-wide pause in force (`exchange.pause`), if any. */
  paused: PauseState | undefined;
  /** Seeded randomness: ids, the default dataset and fault draws. */
  protected random: () => number = Math.random;
  /** The last time priority handed out (lower rests earlier). */
  private priority = 0;

  constructor(
    now: number | (() => number) | undefined,
    private readonly seed: number,
  ) {
    this.clock = new ExchangeClock(now);
  }

  /** Empties every collection and restarts the clock offset, ids and priorities. */
  protected clearState(): void {
    for (const map of [this.series, this.events, this.markets, this.books, this.orders, this.accounts, this.apiKeys])
      map.clear();
    this.fills.length = 0;
    this.trades.length = 0;
    this.settlements.length = 0;
    this.orderGroups.clear();
    this.agedTrades.clear();
    this.netPositions.clear();
    this.tradesCheckedAt = 0;
    this.paused = undefined;
    this.priority = 0;
    this.clock.reset();
    this.random = createRng(this.seed);
  }

  /** The exchange clock, in ms since the epoch. */
  now(): number {
    return this.clock.now();
  }

  /** A fresh id from the seeded generator. */
  newId(): string {
    return uuidFrom(this.random);
  }

  /** Seeded randomness shared with fault injection. */
  draw(): number {
    return this.random();
  }

  /** The next time priority: later than every order resting so far. */
  nextPriority(): number {
    return ++this.priority;
  }

  /** The market with this ticker (404 `not_found` when there is none). */
  market(ticker: string): MarketState {
    const market = this.markets.get(ticker);
    if (!market) throw marketNotFound(ticker);
    return market;
  }

  /** The market's order book. */
  book(ticker: string): OrderBook {
    this.market(ticker);
    return this.books.get(ticker) as OrderBook;
  }

  /** What a market's fees are computed from: its event's fee override when it has one, else its series' terms. */
  feesOfMarket(market: MarketState): FeeSchedule {
    return this.events.get(market.eventTicker)?.feeOverride ?? this.seriesOfMarket(market);
  }

  /** The series a market belongs to, through its event. */
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
}
