// A living market: synthetic accounts place, take and cancel orders at a steady rate on the exchange clock, so
// `ticker`, `trade` and `orderbook_delta` flow without the test driving them. Seeded and scheduled on the
// exchange's clock: under a fixed clock moved by `advanceTime`, the same options give the same tape every run.
import { COUNT_UNITS } from '../generated/fixed-point';
import { ControlInputError } from '../shared/control-schema';
import { checkOptionsObject } from '../shared/options';
import { ONE_DOLLAR } from './book';
import { ExchangeError } from './errors';
import type { Exchange } from './exchange';
import { quoted } from './market-input';
import { forgetAccounts } from './retention';
import { createRng, stableUuid } from './rng';
import type { BookSide } from './types';

/** Options of the synthetic market activity (`activity` in `createKalshiMock`). */
export interface ActivityOptions {
  /** Seed of the generator's choices (default: 1). */
  readonly seed?: number | undefined;
  /** Actions (place, take or cancel) per second of exchange time (default 10). */
  readonly ordersPerSecond?: number | undefined;
  /** Tickers to trade, one or more (default: every market active when the generator starts or the exchange resets). */
  readonly markets?: readonly string[] | undefined;
  /** Number of synthetic accounts (default 4). */
  readonly accounts?: number | undefined;
}

/** ActivityOptions' keys: another (`orderPerSecond`) would be dropped and its default used. */
const ACTIVITY_OPTIONS = { seed: 1, ordersPerSecond: 1, markets: 1, accounts: 1 } as const satisfies Record<
  keyof ActivityOptions,
  1
>;

/** The running activity generator. */
export interface Activity {
  /** The synthetic accounts' user ids (UUIDs). */
  readonly accounts: readonly string[];
  /** Stops generating (what was placed stays). */
  stop(): void;
}

/** Cash of a synthetic account: $1,000,000. */
const ACCOUNT_CASH = 1_000_000 * ONE_DOLLAR;
/** Resting orders one synthetic account keeps per market at most; past it, it cancels its oldest. */
const MAX_RESTING = 10;
/** Steps run in one clock move at most; a longer jump skips ahead (a day at 100/s would be 8.6 million). */
const MAX_STEPS_PER_MOVE = 10_000;
/**
 * Actions between two sweeps of the synthetic accounts' finished orders and fills: no key reads them, so they are
 * dropped (the exchange keeps at most this many actions' worth besides the resting orders).
 */
const SWEEP_EVERY = 1_000;

/** Starts the activity generator on an exchange. */
export function startActivity(exchange: Exchange, options: ActivityOptions = {}, mockSeed = 1): Activity {
  checkOptionsObject('activity', options, ACTIVITY_OPTIONS);
  const seed = options.seed ?? mockSeed;
  const rate = options.ordersPerSecond ?? 10;
  if (typeof rate !== 'number' || !(rate > 0) || !Number.isFinite(rate))
    throw new ControlInputError('activity.ordersPerSecond', `${quoted(rate)} is not a positive number`);
  const count = options.accounts ?? 4;
  if (!Number.isInteger(count) || count < 1)
    throw new ControlInputError('activity.accounts', `${quoted(count)} is not a positive integer`);
  if (!Array.isArray(options.markets ?? []))
    throw new ControlInputError('activity.markets', `${quoted(options.markets)} is not a list of tickers`);
  // Nothing to trade would start a generator that never places an order: `--activity-markets=$UNSET` or a filter
  // that matched nothing is a mistake to name, not a quiet exchange.
  if (options.markets?.length === 0)
    throw new ControlInputError(
      'activity.markets',
      'an empty list: name one market or more, or omit it for every active market',
    );
  for (const ticker of options.markets ?? [])
    if (!exchange.markets.has(ticker)) throw new ControlInputError('activity.markets', `no market ${quoted(ticker)}`);
  const interval = 1000 / rate;
  const accounts = Array.from({ length: count }, (_, i) => stableUuid(`activity:${seed}:${i}`));
  /** Each account's resting orders per market, oldest first. */
  let resting = new Map<string, string[]>();
  let random = createRng(seed);
  let markets: string[] = [];
  let stopped = false;
  let steps = 0;
  let stepsAt = 0;
  let sinceSweep = 0;
  /** Whether no step is scheduled because none of its markets is active (see `step`). */
  let idle = false;
  const synthetic: ReadonlySet<string> = new Set(accounts);

  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;

  function start(): void {
    random = createRng(seed);
    resting = new Map();
    markets = options.markets
      ? [...options.markets]
      : [...exchange.markets.values()].filter((m) => m.status === 'active').map((m) => m.ticker);
    for (const account of accounts) exchange.account(account, ACCOUNT_CASH);
    idle = false;
    schedule(exchange.now() + interval);
  }

  /**
   * The next step is due at `at`, a multiple of `interval` after the start: a fraction of a ms unless the rate divides
   * 1000. It runs at the next whole ms (the exchange clock rounds due times up: it shows whole ms, AsyncAPI `ts_ms` is
   * an int64), and the one after is due an interval after `at`, so the rate holds over time.
   */
  function schedule(at: number): void {
    if (!stopped) exchange.schedule(at, () => step(at));
  }

  function step(at: number): void {
    if (stopped) return;
    // None of its markets is active (all closed, settled or deactivated): no step could place anything, so none is
    // scheduled until one of them is active again (the listener below). Moving the clock 100 days past the last
    // settlement then runs no step at all, instead of one per interval.
    if (!markets.some((ticker) => exchange.markets.get(ticker)?.status === 'active')) {
      idle = true;
      return;
    }
    // A long clock move runs a bounded number of steps, then skips to the present.
    const now = exchange.now();
    if (stepsAt !== now) {
      stepsAt = now;
      steps = 0;
    }
    if (++steps > MAX_STEPS_PER_MOVE) {
      schedule(now + interval);
      return;
    }
    act();
    if (++sinceSweep >= SWEEP_EVERY) {
      sinceSweep = 0;
      forgetAccounts(exchange, synthetic);
    }
    schedule(at + interval);
  }

  /** One action by one account in one market: rest a quote near the book, take the best price, or cancel. */
  function act(): void {
    const ticker = pick(markets);
    const account = pick(accounts);
    const roll = random();
    const side: BookSide = random() < 0.5 ? 'bid' : 'ask';
    const size = (1 + Math.floor(random() * 10)) * COUNT_UNITS;
    const offset = 1 + Math.floor(random() * 5);
    const market = exchange.markets.get(ticker);
    if (market?.status !== 'active') return;
    const key = `${account} ${ticker}`;
    const mine = (resting.get(key) ?? []).filter((id) => exchange.orders.get(id)?.status === 'resting');
    resting.set(key, mine);
    if (roll < 0.25 && mine.length > 0) {
      cancel(account, mine, Math.floor(random() * mine.length));
      return;
    }
    const book = exchange.book(ticker);
    const bestBid = book.bestPrice('yes');
    const bestNo = book.bestPrice('no');
    const bestAsk = bestNo === undefined ? undefined : ONE_DOLLAR - bestNo;
    const tick = market.tick;
    if (roll < 0.5) {
      // Take the best opposite price, immediate-or-cancel.
      const price = side === 'bid' ? bestAsk : bestBid;
      if (price !== undefined) place(account, ticker, side, price, size, 'immediate_or_cancel');
      return;
    }
    const mid =
      bestBid !== undefined && bestAsk !== undefined ? (bestBid + bestAsk) / 2 : market.lastPrice || ONE_DOLLAR / 2;
    const raw = side === 'bid' ? mid - offset * tick : mid + offset * tick;
    const price = Math.min(ONE_DOLLAR - tick, Math.max(tick, Math.round(raw / tick) * tick));
    const id = place(account, ticker, side, price, size, 'good_till_canceled');
    if (id && exchange.orders.get(id)?.status === 'resting') {
      mine.push(id);
      if (mine.length > MAX_RESTING) cancel(account, mine, 0);
    }
  }

  function place(
    account: string,
    ticker: string,
    side: BookSide,
    price: number,
    size: number,
    timeInForce: 'good_till_canceled' | 'immediate_or_cancel',
  ): string | undefined {
    try {
      return exchange.createOrder(account, {
        ticker,
        side,
        price,
        count: size,
        timeInForce,
        selfTradePrevention: 'maker',
      }).order.orderId;
    } catch (error) {
      // A business rule said no (say, the market closed): skip this step.
      if (error instanceof ExchangeError) return undefined;
      throw error;
    }
  }

  function cancel(account: string, mine: string[], index: number): void {
    const [id] = mine.splice(index, 1);
    if (id === undefined) return;
    try {
      exchange.cancelOrder(account, id);
    } catch (error) {
      if (!(error instanceof ExchangeError)) throw error;
    }
  }

  const stopListening = exchange.changes.on((event) => {
    if (event.type === 'reset') start();
    else if (event.type === 'market' && idle && event.status === 'active' && markets.includes(event.ticker)) {
      idle = false;
      schedule(exchange.now() + interval);
    }
  });
  start();
  return {
    accounts,
    stop() {
      stopped = true;
      stopListening();
    },
  };
}
