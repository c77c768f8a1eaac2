import fc from 'fast-check';
import { expect, it } from 'vitest';
import { Exchange } from '../../src';
import { ledger } from '../../src/exchange/accounts';
import { ExchangeError } from '../../src/exchange/errors';
import { orderCost } from '../../src/exchange/ledger';
import { createOrderGroup, resetOrderGroup, triggerOrderGroup } from '../../src/exchange/order-groups';
import { queuePosition } from '../../src/exchange/queue';
import { createSubaccount } from '../../src/exchange/subaccounts';
import type {
  BookSide,
  FeeType,
  OrderGroupState,
  OrderState,
  SelfTradePrevention,
  TimeInForce,
} from '../../src/exchange/types';
import { DECI_CENT, listFeeMarket } from '../helpers';

// The engine against an independent reference model of one market (kalshi-api-notes §5.7–§5.10, §5.15, §7): a
// price-time priority book of YES bids and asks (an ask at p is a NO bid at 1 − p), fills at the maker's price, self-
// trade prevention (§5.8), fill-or-kill (§5.7, self-cross ⇒ treated as IOC), post-only refusal, reduce-only capped at
// the position, amend (§5.9: a price change or a size increase goes to the back of the queue, a decrease keeps its
// place), decrease (§5.10), cancel, expiry, and settlement paying $1 a winning contract. Money: cash moves by cost,
// fee and the $1 a netted YES+NO pair pays; fees are 0.07·C·P·(1−P) (taker) and 0.0175·C·P·(1−P) (maker, on a
// `quadratic_with_maker_fees` series), each fill rounded up to $0.0001. Units: micro-dollars, centi-contracts.
const TICKER = 'KXREF-26DEC01-T1';
// Parties: user/subaccount. Alice trades from her primary and a subaccount: separate cash and positions (notes §7),
// one user for self-trade prevention (the notes are silent on STP across subaccounts; one owner is one owner).
const PARTIES: readonly string[] = ['alice/0', 'alice/1', 'bob/0', 'carol/0'];
const userOf = (party: string) => party.split('/')[0] as string;
const subOf = (party: string) => Number(party.split('/')[1]);
const WINDOW_MS = 15_000; // order groups sum member fills over a rolling 15 s (notes §5.14)
const START = 1_790_000_000_000;
const CASH = 1_000_000 * 1_000_000;

const FEE_TYPES: FeeType[] = ['quadratic', 'quadratic_with_maker_fees', 'quadratic_with_combo_maker_fees'];
/** Maker rate of each fee type (basis points): none, 0.25 × 0.07, 0.5 × 0.07 (notes §5.15; spec Series.fee_type). */
const MAKER_RATE_BP: Record<FeeType, number> = {
  quadratic: 0,
  quadratic_with_maker_fees: 175,
  quadratic_with_combo_maker_fees: 350,
};

interface RefOrder {
  id: number;
  party: string;
  group: boolean;
  side: BookSide;
  price: number;
  remaining: number;
  filled: number;
  status: 'resting' | 'canceled' | 'executed';
  priority: number;
  expiry?: number;
  postOnly: boolean;
  /** Fill cost and fees as taker and as maker (spec Order taker_fill_cost_dollars …). */
  money: { takerCost: number; makerCost: number; takerFees: number; makerFees: number };
}
interface RefFill {
  taker: number;
  maker: number;
  price: number;
  count: number;
  takerFee: number;
  makerFee: number;
}

const ceilDiv = (a: bigint, b: bigint) => (a + b - 1n) / b;
/** Fee (µ$) of one fill: rate in basis points × C × P × (1 − P), rounded up to $0.0001 (notes §5.15). */
function fee(rateBp: number, multiplierBp: number, count: number, price: number): number {
  // $ = rate/1e4 × count/100 × price/1e6 × (1e6 − price)/1e6 = …/1e18; in $0.0001 units: …/1e14.
  // The series' fee multiplier m (basis points) scales both (notes §5.15).
  const exact = BigInt(rateBp) * BigInt(multiplierBp) * BigInt(count) * BigInt(price) * BigInt(1_000_000 - price);
  const units = ceilDiv(exact, 10n ** 18n);
  return Number(units) * 100;
}

class Reference {
  orders: RefOrder[] = [];
  fills: RefFill[] = [];
  cash: Map<string, number>;
  constructor(
    readonly start: number,
    readonly feeType: FeeType = 'quadratic_with_maker_fees',
    readonly multiplierBp = 10_000,
  ) {
    this.cash = new Map(PARTIES.map((u) => [u, start]));
  }
  position = new Map<string, number>(PARTIES.map((u) => [u, 0]));
  fees = new Map<string, number>(PARTIES.map((u) => [u, 0]));
  groups = new Map(
    PARTIES.map((u, i) => [
      u,
      { limit: (i + 1) * 100, triggered: false, window: [] as { time: number; count: number }[] },
    ]),
  );
  now = START;
  private next = 0;

  volume(party: string): number {
    const g = this.groups.get(party) as { window: { time: number; count: number }[] };
    return g.window.filter((f) => f.time > this.now - WINDOW_MS).reduce((a, f) => a + f.count, 0);
  }
  trigger(party: string) {
    const g = this.groups.get(party) as { triggered: boolean };
    g.triggered = true;
    for (const o of this.resting()) {
      if (o.group && o.party === party) {
        o.status = 'canceled';
        o.remaining = 0;
      }
    }
  }
  reset(party: string) {
    const g = this.groups.get(party) as { triggered: boolean; window: unknown[] };
    g.triggered = false;
    g.window = [];
  }
  /** A member's fill counts toward its group; past the limit the group triggers (notes §5.14). */
  private groupFill(o: RefOrder, count: number) {
    const g = this.groups.get(o.party) as {
      limit: number;
      triggered: boolean;
      window: { time: number; count: number }[];
    };
    if (!o.group || g.triggered) return;
    g.window.push({ time: this.now, count });
    if (this.volume(o.party) > g.limit) this.trigger(o.party);
  }

  resting() {
    return this.orders.filter((o) => o.status === 'resting');
  }
  /** What an incoming order on `side` at `price` crosses, best price first, then time. */
  crossing(side: BookSide, price: number): RefOrder[] {
    return this.resting()
      .filter((o) => o.side !== side && (side === 'bid' ? o.price <= price : o.price >= price))
      .sort((a, b) => (side === 'bid' ? a.price - b.price : b.price - a.price) || a.priority - b.priority);
  }
  private trade(taker: RefOrder, maker: RefOrder, count: number) {
    const price = maker.price;
    const fill = { taker: taker.id, maker: maker.id, price, count, takerFee: 0, makerFee: 0 };
    this.fills.push(fill);
    for (const [o, rate] of [
      [taker, 700],
      [maker, MAKER_RATE_BP[this.feeType]],
    ] as const) {
      const cost = ((o.side === 'bid' ? price : 1_000_000 - price) * count) / 100;
      const f = fee(rate, this.multiplierBp, count, price);
      const held = this.position.get(o.party) as number;
      const delta = o.side === 'bid' ? count : -count;
      const closing = Math.sign(held) === -Math.sign(delta) ? Math.min(Math.abs(held), count) : 0;
      this.cash.set(o.party, (this.cash.get(o.party) as number) - cost - f + closing * 10_000);
      this.fees.set(o.party, (this.fees.get(o.party) as number) + f);
      this.position.set(o.party, held + delta);
      if (o === taker) {
        fill.takerFee = f;
        o.money.takerCost += cost;
        o.money.takerFees += f;
      } else {
        fill.makerFee = f;
        o.money.makerCost += cost;
        o.money.makerFees += f;
      }
      o.remaining -= count;
      o.filled += count;
      if (o.remaining === 0) o.status = 'executed';
    }
    // The notes do not say which group counts first; the maker's, then the taker's (the taker, part-filled, is
    // canceled by its own group's trigger).
    this.groupFill(maker, count);
    this.groupFill(taker, count);
  }
  private match(taker: RefOrder, tif: TimeInForce, stp: SelfTradePrevention) {
    if (tif === 'fill_or_kill') {
      // Played out on a copy: whole, or nothing (notes §5.7).
      const copy = structuredClone(this) as Reference;
      Object.setPrototypeOf(copy, Reference.prototype);
      const mine = copy.orders[taker.id] as RefOrder;
      const selfCross = copy.sweep(mine, 'taker_at_cross', true);
      if (!selfCross && mine.status !== 'executed') return;
    }
    this.sweep(taker, stp, false);
  }
  /** Matches `taker`; true when it met its owner's order (then `probe` stops there: a FOK self-crossing is IOC). */
  private sweep(taker: RefOrder, stp: SelfTradePrevention, probe: boolean): boolean {
    const crossing = this.crossing(taker.side, taker.price);
    for (const m of crossing) {
      if (taker.remaining === 0) break;
      if (m.status !== 'resting') continue;
      if (userOf(m.party) === userOf(taker.party)) {
        if (probe) return true;
        if (stp === 'taker_at_cross') {
          taker.status = 'canceled';
          taker.remaining = 0;
          return true;
        }
        m.status = 'canceled';
        m.remaining = 0;
        continue;
      }
      this.trade(taker, m, Math.min(taker.remaining, m.remaining));
      if (taker.status !== 'resting') break;
    }
    return false;
  }
  create(
    party: string,
    r: {
      group: boolean;
      side: BookSide;
      price: number;
      count: number;
      tif: TimeInForce;
      stp: SelfTradePrevention;
      postOnly: boolean;
      reduceOnly: boolean;
      expiry?: number;
    },
  ): RefOrder | 'rejected' {
    if (r.reduceOnly && r.tif !== 'immediate_or_cancel') return 'rejected';
    if (r.expiry !== undefined && r.tif !== 'good_till_canceled') return 'rejected';
    if (r.group && this.groups.get(party)?.triggered) return 'rejected';
    const crossing = this.crossing(r.side, r.price);
    if (r.postOnly && crossing.length) return 'rejected';
    let count = r.count;
    if (r.reduceOnly) {
      const held = this.position.get(party) as number;
      count = Math.min(count, r.side === 'ask' ? Math.max(held, 0) : Math.max(-held, 0));
      if (count === 0) return 'rejected';
    }
    const order: RefOrder = {
      id: this.orders.length,
      party,
      group: r.group,
      side: r.side,
      price: r.price,
      remaining: count,
      filled: 0,
      status: 'resting',
      priority: this.next++,
      postOnly: r.postOnly,
      money: { takerCost: 0, makerCost: 0, takerFees: 0, makerFees: 0 },
      ...(r.expiry !== undefined ? { expiry: r.expiry } : {}),
    };
    this.orders.push(order);
    this.match(order, r.tif, r.stp);
    if (order.status === 'resting' && order.remaining > 0 && r.tif !== 'good_till_canceled') {
      order.status = 'canceled';
      order.remaining = 0;
    }
    return order;
  }
  amend(order: RefOrder, price: number, count: number, stp: SelfTradePrevention): 'rejected' | undefined {
    if (order.status !== 'resting') return 'rejected';
    const remaining = count - order.filled;
    if (remaining <= 0) return 'rejected';
    if (order.postOnly && this.crossing(order.side, price).length) return 'rejected';
    const keeps = price === order.price && remaining <= order.remaining;
    order.price = price;
    order.remaining = remaining;
    if (!keeps) order.priority = this.next++;
    this.match(order, 'good_till_canceled', stp);
    return undefined;
  }
  decrease(order: RefOrder, to: number): 'rejected' | undefined {
    if (order.status !== 'resting' || to > order.remaining) return 'rejected';
    order.remaining = to;
    if (to === 0) order.status = 'canceled';
    return undefined;
  }
  expire(nowSeconds: number) {
    for (const o of this.resting()) {
      if (o.expiry !== undefined && o.expiry <= nowSeconds) {
        o.status = 'canceled';
        o.remaining = 0;
      }
    }
  }
  settle(result: 'yes' | 'no') {
    for (const o of this.resting()) {
      o.status = 'canceled';
      o.remaining = 0;
    }
    for (const u of PARTIES) {
      const held = this.position.get(u) as number;
      const wins = result === 'yes' ? Math.max(held, 0) : Math.max(-held, 0);
      this.cash.set(u, (this.cash.get(u) as number) + wins * 10_000);
    }
  }
}

// Prices near the middle make queues at one level and crosses; the rest cover the grid.
const price = fc
  .oneof(
    { weight: 4, arbitrary: fc.integer({ min: 48, max: 52 }) },
    { weight: 1, arbitrary: fc.integer({ min: 1, max: 99 }) },
  )
  .map((c) => c * 10_000);
const count = fc.oneof(
  fc.integer({ min: 1, max: 6 }).map((c) => c * 100),
  fc.integer({ min: 1, max: 600 }),
);
const who = fc.constantFrom(...PARTIES);
const stp = fc.constantFrom<SelfTradePrevention>('taker_at_cross', 'maker');
const step = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('create' as const),
      who,
      side: fc.constantFrom<BookSide>('bid', 'ask'),
      price,
      deci: fc.integer({ min: 0, max: 9 }),
      count,
      tif: fc.constantFrom<TimeInForce>('good_till_canceled', 'immediate_or_cancel', 'fill_or_kill'),
      stp,
      postOnly: fc.boolean(),
      reduceOnly: fc.boolean(),
      expiresIn: fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }),
      group: fc.boolean(),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('trigger' as const), who }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('reset' as const), who }) },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('amend' as const),
      pick: fc.nat(),
      price,
      deci: fc.integer({ min: 0, max: 9 }),
      count,
      stp,
      bump: fc.boolean(),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('decrease' as const), pick: fc.nat(), to: fc.nat(600) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('cancel' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('tick' as const), seconds: fc.constantFrom(1, 8) }) },
);

/** The engine's answer, 'rejected' for a refusal; `poor` is set when the refusal is `insufficient_balance`. */
function attempt<T>(run: () => T, poor?: { refused: boolean }): T | 'rejected' {
  try {
    return run();
  } catch (error) {
    if (!(error instanceof ExchangeError)) throw error;
    if (poor) poor.refused = JSON.stringify(error.body).includes('insufficient_balance');
    return 'rejected';
  }
}

it('matches, amends, decreases, expires and settles as an independent reference model does', () => {
  fc.assert(
    fc.property(
      fc.array(step, { minLength: 1, maxLength: 30 }),
      fc.constantFrom<'yes' | 'no'>('yes', 'no'),
      fc.record({ feeType: fc.constantFrom(...FEE_TYPES), feeMultiplierBp: fc.constantFrom(2_500, 10_000, 13_000) }),
      (steps, result, fees) => play(steps, result, CASH, fees),
    ),
    { seed: Number(process.env.REF_SEED ?? 32), numRuns: Number(process.env.REF_RUNS ?? 500) },
  );
});

// Little cash: an order the engine refuses for `insufficient_balance` is left out of the reference, and it must really
// have been short: what it can cost at most (its contracts at its limit price, and the fee of every 0.01 contract
// filled alone, $0.0002 at most) was more than the available balance (notes §3.2: insufficient_balance when the cost
// exceeds the available balance). Whatever the engine takes still matches the reference.
it('refuses an order for insufficient balance only when it could cost more than the available balance', () => {
  fc.assert(
    fc.property(
      fc.array(step, { minLength: 1, maxLength: 30 }),
      fc.constantFrom<'yes' | 'no'>('yes', 'no'),
      fc.integer({ min: 1, max: 600 }),
      (steps, result, cents) => play(steps, result, cents * 10_000),
    ),
    { seed: Number(process.env.REF_SEED ?? 32), numRuns: Number(process.env.REF_RUNS ?? 500) },
  );
});

// Deci-cent prices (notes §5 price_level_structure): a fill can cost a fraction of $0.0001, so the balance takes
// rounding fees and rebates (D-feer, notes §5.15); matching, queues and positions are the reference's all the same.
it('matches a deci-cent market as the reference does, the balance on its $0.0001 grid', () => {
  fc.assert(
    fc.property(
      fc.array(step, { minLength: 1, maxLength: 30 }),
      fc.constantFrom<'yes' | 'no'>('yes', 'no'),
      (steps, result) => play(steps, result, CASH, undefined, true),
    ),
    { seed: Number(process.env.REF_SEED ?? 32), numRuns: Number(process.env.REF_RUNS ?? 500) },
  );
});

type Step = typeof step extends fc.Arbitrary<infer T> ? T : never;

function play(
  steps: Step[],
  result: 'yes' | 'no',
  cash: number,
  fees: { feeType: FeeType; feeMultiplierBp: number } = {
    feeType: 'quadratic_with_maker_fees',
    feeMultiplierBp: 10_000,
  },
  deciCent = false,
) {
  // On a deci-cent grid (notes §5: steps of $0.001) the drawn cent price moves down by up to 9 tenths of a cent.
  const at = (step: { price: number; deci: number }) =>
    deciCent ? Math.max(1_000, step.price - step.deci * 1_000) : step.price;
  const exchange = new Exchange({ empty: true, now: START, seed: 5 });
  listFeeMarket(exchange, TICKER, fees, deciCent ? DECI_CENT : {});
  for (const u of ['alice', 'bob', 'carol']) exchange.account(u, cash);
  const sub = createSubaccount(exchange, 'alice');
  ledger(exchange, 'alice', sub).cash = cash;
  const ref = new Reference(cash, fees.feeType, fees.feeMultiplierBp);
  const groups = new Map(
    PARTIES.map((p) => [
      p,
      createOrderGroup(exchange, userOf(p), { limit: ref.groups.get(p)?.limit as number, subaccount: subOf(p) }),
    ]),
  );
  const ids: string[] = []; // reference id → exchange order id
  for (const s of steps) {
    if (s.kind === 'create') {
      const expiry = s.expiresIn === undefined ? undefined : ref.now / 1000 + s.expiresIn;
      const poor = { refused: false };
      const before = exchange.available(userOf(s.who), subOf(s.who));
      const got = attempt(
        () =>
          exchange.createOrder(userOf(s.who), {
            subaccount: subOf(s.who),
            ...(s.group ? { orderGroupId: groups.get(s.who)?.id as string } : {}),
            ticker: TICKER,
            side: s.side,
            price: at(s),
            count: s.count,
            timeInForce: s.tif,
            selfTradePrevention: s.stp,
            postOnly: s.postOnly,
            reduceOnly: s.reduceOnly,
            ...(expiry !== undefined ? { expirationTime: expiry } : {}),
          }),
        poor,
      );
      if (poor.refused) {
        // Held contracts it sells, and no resting sell of the party already counts, need no cash (a sale of held
        // YES raises the available balance; Kalshi's settlement-bounds guide, cited in collateral.ts).
        const held = ref.position.get(s.who) as number;
        const selling = s.side === 'ask' ? Math.max(held, 0) : Math.max(-held, 0);
        const promised = ref
          .resting()
          .filter((o) => o.party === s.who && o.side === s.side)
          .reduce((sum, o) => sum + o.remaining, 0);
        const covered = Math.min(s.count, Math.max(0, selling - promised));
        const most = orderCost(s.side, at(s), s.count - covered) + s.count * 200;
        expect(most, JSON.stringify({ s, before })).toBeGreaterThan(before);
        continue;
      }
      const want = ref.create(s.who, { ...s, price: at(s), expiry });
      expect(got === 'rejected', JSON.stringify(s)).toBe(want === 'rejected');
      if (got !== 'rejected') ids.push(got.order.orderId);
    } else if (s.kind === 'tick') {
      ref.now += s.seconds * 1000;
      exchange.advanceTime(s.seconds * 1000);
      ref.expire(ref.now / 1000);
    } else if (s.kind === 'trigger') {
      triggerOrderGroup(exchange, groups.get(s.who) as OrderGroupState);
      ref.trigger(s.who);
    } else if (s.kind === 'reset') {
      resetOrderGroup(exchange, groups.get(s.who) as OrderGroupState);
      ref.reset(s.who);
    } else {
      const live = ref.resting();
      if (!live.length) continue;
      const order = live[s.pick % live.length] as RefOrder;
      const id = ids[order.id] as string;
      if (s.kind === 'amend') {
        // A size increase half of the time, else the count drawn.
        const total = s.bump ? order.filled + order.remaining + s.count : s.count;
        const newPrice = s.bump ? order.price : at(s);
        const poor = { refused: false };
        const got = attempt(
          () =>
            exchange.amendOrder(userOf(order.party), id, {
              ticker: TICKER,
              side: order.side,
              price: newPrice,
              count: total,
            }),
          poor,
        );
        if (poor.refused) continue;
        const stpOf = (exchange.orders.get(id) as OrderState).selfTradePrevention;
        const want = ref.amend(order, newPrice, total, stpOf);
        expect(got === 'rejected', JSON.stringify(s)).toBe(want === 'rejected');
      } else if (s.kind === 'decrease') {
        const to = s.to % (order.remaining + 1);
        const got = attempt(() => exchange.decreaseOrder(userOf(order.party), id, { reduceTo: to }));
        expect(got === 'rejected').toBe(ref.decrease(order, to) === 'rejected');
      } else {
        exchange.cancelOrder(userOf(order.party), id);
        ref.decrease(order, 0);
      }
    }
    compare(exchange, ref, ids, !deciCent);
  }
  exchange.settleMarket(TICKER, result);
  ref.settle(result);
  compare(exchange, ref, ids, !deciCent);
}

/**
 * The engine's state against the reference's. `exact`: every fill costs whole $0.0001 (cent prices), so no rounding fee
 * (D-feer, notes §5.15); otherwise each fill adds a rounding fee under $0.0001 and whole cents come back as rebates out
 * of what was paid, so the party's cash is the reference's less under $0.0001 a fill, on the $0.0001 grid.
 */
function compare(exchange: Exchange, ref: Reference, ids: string[], exact: boolean) {
  const fee = (n: number | undefined) => (exact ? n : 0);
  const idOf = new Map(ids.map((id, i) => [id, i]));
  const fills = exchange.fills.filter((f) => f.isTaker);
  const makers = exchange.fills.filter((f) => !f.isTaker);
  expect(
    fills.map((f, i) => ({
      taker: idOf.get(f.orderId),
      maker: idOf.get(makers[i]?.orderId ?? ''),
      price: f.price,
      count: f.count,
      takerFee: fee(f.fee),
      makerFee: fee(makers[i]?.fee),
    })),
  ).toEqual(ref.fills.map((f) => ({ ...f, takerFee: fee(f.takerFee), makerFee: fee(f.makerFee) })));
  for (const o of ref.orders) {
    const got = exchange.orders.get(ids[o.id] as string) as OrderState;
    expect({
      id: o.id,
      status: got.status,
      remaining: got.remainingCount,
      filled: got.fillCount,
      money: {
        takerCost: got.takerFillCost,
        makerCost: got.makerFillCost,
        takerFees: fee(got.takerFees),
        makerFees: fee(got.makerFees),
      },
      price: got.price,
    }).toEqual({
      id: o.id,
      status: o.status,
      remaining: o.remaining,
      filled: o.filled,
      money: { ...o.money, takerFees: fee(o.money.takerFees), makerFees: fee(o.money.makerFees) },
      price: o.price,
    });
  }
  // Queue position (spec: "the number of preceding shares before the order in the queue"): same side and price, ahead.
  for (const o of ref.resting()) {
    const ahead = ref
      .resting()
      .filter((p) => p.side === o.side && p.price === o.price && p.priority < o.priority)
      .reduce((sum, p) => sum + p.remaining, 0);
    expect({
      id: o.id,
      ahead: queuePosition(exchange, exchange.orders.get(ids[o.id] as string) as OrderState),
    }).toEqual({
      id: o.id,
      ahead,
    });
  }
  // Queue order at every level: the exchange's book against the reference's priorities.
  const book = exchange.book(TICKER);
  for (const side of ['yes', 'no'] as const) {
    for (const [, queue] of book[side]) {
      const live = queue.filter((o) => o.status === 'resting').map((o) => idOf.get(o.orderId) as number);
      const sorted = [...live].sort((a, b) => (ref.orders[a]?.priority ?? 0) - (ref.orders[b]?.priority ?? 0));
      expect(live).toEqual(sorted);
    }
  }
  for (const u of PARTIES) {
    const account = ledger(exchange, userOf(u), subOf(u));
    const rounding = (ref.cash.get(u) as number) - account.cash;
    const fills = ref.fills.filter((f) => ref.orders[f.taker]?.party === u || ref.orders[f.maker]?.party === u).length;
    if (exact) expect({ u, cash: account.cash }).toEqual({ u, cash: ref.cash.get(u) });
    else {
      expect({ u, grid: account.cash % 100 }).toEqual({ u, grid: 0 });
      expect(rounding, u).toBeGreaterThanOrEqual(0);
      expect(rounding, u).toBeLessThan(100 * fills + 1);
    }
    // Nothing rests once the market settled: nothing is held.
    if (!ref.resting().some((o) => o.party === u) && exchange.market(TICKER).status !== 'active')
      expect({ u, locked: account.locked }).toEqual({ u, locked: 0 });
    // A settled market's position is closed (only unsettled positions are listed, notes §7).
    if (exchange.market(TICKER).status === 'active') {
      const held = account.positions.get(TICKER);
      expect({ u, position: held?.position ?? 0, fees: held?.fees ?? 0 }).toEqual({
        u,
        position: ref.position.get(u),
        fees: (ref.fees.get(u) as number) + rounding,
      });
      // Flat again: everything paid and received is realized (fees kept apart, notes §7 fees_paid_dollars).
      if (held && held.position === 0)
        expect({ u, realized: held.realizedPnl }).toEqual({ u, realized: account.cash - ref.start + held.fees });
    }
  }
}
