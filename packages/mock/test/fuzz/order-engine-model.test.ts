import fc from 'fast-check';
import { expect, it } from 'vitest';
import { Exchange, ExchangeError, TEST_USER_ID } from '../../src';
import { ledger } from '../../src/exchange/accounts';
import { ONE_DOLLAR, OrderBook } from '../../src/exchange/book';
import { queuePosition } from '../../src/exchange/queue';
import { createSubaccount } from '../../src/exchange/subaccounts';
import type { FillRecord, OrderState } from '../../src/exchange/types';
import { parseCount, parseDollars } from '../../src/generated/fixed-point';
import { fillAverages, presentPosition } from '../../src/shared/present';
import { openSession } from '../stream/session';
import { assertInvariants } from './invariants';

// A stateful model of the order engine driven by fast-check: two users (the first trading from its primary account and
// a subaccount) place, amend, decrease and cancel orders in one market, with every time in force, both self-trade
// prevention modes, post-only, reduce-only and expiries, and the clock moves. After each step, besides the ledger's
// invariants (invariants.ts), what is read from outside agrees with the orders themselves, computed here from the
// rules, not from the engine's book:
// - a level of the book (REST) is the resting orders at that price summed; an ask at p rests as a NO bid at 1 − p
//   (kalshi-api-notes §5.15, §6.3), and the stream's snapshot plus deltas is that book (§9.6);
// - an order's queue position is the contracts of the resting orders at its level ahead of it in time priority (spec
//   GetOrderQueuePosition: "determined using price-time priority"; §5.9: only a smaller size at the same price keeps
//   the place);
// - the last market_position per subaccount says what GET /portfolio/positions of that subaccount says (§7, §9.6);
// - a create's or amend's average_fill_price lies between its cheapest and dearest fill (spec: "Volume-weighted
//   average fill price").
const TICKER = 'KXENGINE-26DEC01-T1';
const OTHER = '00000000-0000-4000-8000-0000000000e4';
const PARTIES = [
  { userId: TEST_USER_ID, subaccount: 0 },
  { userId: TEST_USER_ID, subaccount: 1 },
  { userId: OTHER, subaccount: 0 },
] as const;

type Op =
  | {
      kind: 'create';
      party: number;
      side: 'bid' | 'ask';
      cents: number;
      count: number;
      tif: 'good_till_canceled' | 'immediate_or_cancel' | 'fill_or_kill';
      stp: 'maker' | 'taker_at_cross';
      postOnly: boolean;
      reduceOnly: boolean;
      expiresIn?: number;
    }
  | { kind: 'amend'; pick: number; cents: number; count: number }
  | { kind: 'decrease'; pick: number; to: number }
  | { kind: 'cancel'; pick: number }
  | { kind: 'time'; seconds: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('create' as const),
      party: fc.integer({ min: 0, max: PARTIES.length - 1 }),
      side: fc.constantFrom('bid' as const, 'ask' as const),
      cents: fc.integer({ min: 45, max: 55 }),
      count: fc.integer({ min: 1, max: 600 }),
      tif: fc.constantFrom(
        'good_till_canceled' as const,
        'good_till_canceled' as const,
        'immediate_or_cancel' as const,
        'fill_or_kill' as const,
      ),
      stp: fc.constantFrom('maker' as const, 'taker_at_cross' as const),
      postOnly: fc.boolean(),
      reduceOnly: fc.boolean(),
      expiresIn: fc.option(fc.integer({ min: 1, max: 20 }), { nil: undefined }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('amend' as const),
      pick: fc.nat(),
      cents: fc.integer({ min: 45, max: 55 }),
      count: fc.integer({ min: 1, max: 600 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('decrease' as const), pick: fc.nat(), to: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('cancel' as const), pick: fc.nat() }) },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('time' as const), seconds: fc.integer({ min: 1, max: 10 }) }),
  },
);

type Levels = Map<number, number>;

/** The book from the resting orders alone: YES bids at their price, asks as NO bids at 1 − price. */
function bookOfOrders(exchange: Exchange): { yes: Levels; no: Levels } {
  const book = { yes: new Map<number, number>(), no: new Map<number, number>() };
  for (const o of exchange.orders.values()) {
    if (o.status !== 'resting' || o.ticker !== TICKER) continue;
    const [levels, price] = o.side === 'bid' ? [book.yes, o.price] : [book.no, ONE_DOLLAR - o.price];
    levels.set(price, (levels.get(price) ?? 0) + o.remainingCount);
  }
  return book;
}

/** Contracts of the resting orders at `order`'s level placed (or last re-queued) before it. */
function contractsAhead(exchange: Exchange, order: OrderState): number {
  const level = OrderBook.restingAt(order);
  let ahead = 0;
  for (const o of exchange.orders.values()) {
    if (o === order || o.status !== 'resting' || o.ticker !== order.ticker) continue;
    const at = OrderBook.restingAt(o);
    if (at.levels === level.levels && at.price === level.price && o.priority < order.priority)
      ahead += o.remainingCount;
  }
  return ahead;
}

it('keeps book, queue positions, positions and fill averages agreeing with the orders after every step', () => {
  fc.assert(
    fc.property(fc.array(op, { minLength: 1, maxLength: 30 }), (ops) => {
      const exchange = new Exchange({ seed: 3, now: Date.UTC(2026, 11, 1), empty: true });
      exchange.addMarket({ ticker: TICKER });
      exchange.setBalance(TEST_USER_ID, 1_000 * ONE_DOLLAR);
      exchange.setBalance(OTHER, 1_000 * ONE_DOLLAR);
      expect(createSubaccount(exchange, TEST_USER_ID)).toBe(1);
      ledger(exchange, TEST_USER_ID, 1).cash = 500 * ONE_DOLLAR;
      // Each user's cash over the primary account and its subaccounts (what invariants.ts reconciles with the fills).
      const start = new Map<string, number>();
      for (const a of exchange.accounts.values()) start.set(a.userId, (start.get(a.userId) ?? 0) + a.cash);
      const views = PARTIES.map(({ userId }) => openSession({ exchange, userId }));
      for (const v of views) {
        v.send({ id: 1, cmd: 'subscribe', params: { channels: ['market_positions'] } });
        v.send({ id: 2, cmd: 'subscribe', params: { channels: ['orderbook_delta'], market_tickers: [TICKER] } });
      }
      const ws = { yes: new Map<number, number>(), no: new Map<number, number>() };
      let read = 0;
      ops.forEach((o, step) => {
        const at = `step ${step}: ${JSON.stringify(o)}`;
        const resting = [...exchange.orders.values()].filter((x) => x.status === 'resting');
        const target = resting[('pick' in o ? o.pick : 0) % Math.max(1, resting.length)];
        let fills: readonly FillRecord[] = [];
        const filledBefore = exchange.fills.length;
        try {
          if (o.kind === 'create') {
            const party = PARTIES[o.party] as (typeof PARTIES)[number];
            fills = exchange.createOrder(party.userId, {
              ticker: TICKER,
              side: o.side,
              price: o.cents * 10_000,
              count: o.count,
              timeInForce: o.tif,
              selfTradePrevention: o.stp,
              subaccount: party.subaccount,
              ...(o.postOnly ? { postOnly: true } : {}),
              ...(o.reduceOnly ? { reduceOnly: true } : {}),
              ...(o.expiresIn ? { expirationTime: Math.floor(exchange.now() / 1000) + o.expiresIn } : {}),
            }).fills;
          } else if (o.kind === 'time') {
            exchange.advanceTime(o.seconds * 1000);
          } else if (target) {
            if (o.kind === 'amend')
              fills = exchange.amendOrder(target.userId, target.orderId, {
                ticker: TICKER,
                side: target.side,
                price: o.cents * 10_000,
                count: target.fillCount + o.count,
              }).fills;
            else if (o.kind === 'decrease')
              exchange.decreaseOrder(target.userId, target.orderId, { reduceTo: o.to % target.remainingCount });
            else exchange.cancelOrder(target.userId, target.orderId);
          }
        } catch (error) {
          // A refusal (post only cross, insufficient balance, reduce only with nothing to reduce) changes nothing.
          if (!(error instanceof ExchangeError)) throw error;
        }
        assertInvariants(exchange, start);

        const truth = bookOfOrders(exchange);
        const book = exchange.book(TICKER);
        expect({ at, yes: new Map(book.levels('yes')), no: new Map(book.levels('no')) }).toEqual({ at, ...truth });
        const frames = views[0]?.frames ?? [];
        for (const { type, msg } of frames.slice(read) as { type: string; msg: Record<string, string> }[]) {
          if (type === 'orderbook_snapshot') {
            for (const side of ['yes', 'no'] as const) {
              ws[side].clear();
              for (const [p, c] of (msg[`${side}_dollars_fp`] ?? []) as unknown as [string, string][])
                ws[side].set(parseDollars(p), parseCount(c));
            }
          } else if (type === 'orderbook_delta') {
            const levels = ws[msg.side as 'yes' | 'no'];
            const price = parseDollars(msg.price_dollars as string);
            const size = (levels.get(price) ?? 0) + parseCount(msg.delta_fp as string);
            if (size === 0) levels.delete(price);
            else levels.set(price, size);
          }
        }
        read = frames.length;
        expect({ at, ...ws }).toEqual({ at, ...truth });

        for (const order of exchange.orders.values())
          if (order.status === 'resting')
            expect({ at, order: order.orderId, ahead: queuePosition(exchange, order) }).toEqual({
              at,
              order: order.orderId,
              ahead: contractsAhead(exchange, order),
            });

        PARTIES.forEach(({ userId, subaccount }, i) => {
          const last = new Map<string, Record<string, unknown>>();
          for (const f of views[i]?.frames ?? [])
            if (f.type === 'market_position' && f.msg.subaccount === subaccount) last.set(f.msg.market_ticker, f.msg);
          for (const [ticker, p] of ledger(exchange, userId, subaccount).positions) {
            const rest = presentPosition(exchange, ticker, p) as Record<string, string>;
            const msg = last.get(ticker) ?? {};
            expect({
              at,
              position_fp: msg.position_fp,
              position_cost_dollars: msg.position_cost_dollars,
              realized_pnl_dollars: msg.realized_pnl_dollars,
              fees_paid_dollars: msg.fees_paid_dollars,
            }).toEqual({
              at,
              position_fp: rest.position_fp,
              position_cost_dollars: rest.market_exposure_dollars,
              realized_pnl_dollars: rest.realized_pnl_dollars,
              fees_paid_dollars: rest.fees_paid_dollars,
            });
            // The fees of a flat position's contracts: none (AsyncAPI position_fee_cost_dollars, ledger.ts).
            if (p.position === 0) expect({ at, fees: msg.position_fee_cost_dollars }).toEqual({ at, fees: '0.000000' });
          }
        });

        // Per order, from the rules: IOC and FOK never rest (§5.7); FOK fills whole or not at all unless it met its
        // owner's order (§5.7: then it is IOC); no resting order is past its expiry; a post-only order never takes;
        // a reduce-only order never leaves a position larger or flipped (§5.7: "caps size at current position"); a
        // taker fills at its limit or better, a maker at its own price (§5.15); no one trades with themselves,
        // whichever subaccounts (§5.8, spec SelfTradePreventionType "another order from the same user").
        const trades = new Map<string, FillRecord[]>();
        for (const f of exchange.fills) trades.set(f.tradeId, [...(trades.get(f.tradeId) ?? []), f]);
        for (const [trade, pair] of trades)
          expect({ at, trade, users: new Set(pair.map((f) => f.userId)).size }).toEqual({ at, trade, users: 2 });
        const made = exchange.fills.slice(filledBefore); // this step's: at the prices the orders have now
        for (const order of exchange.orders.values()) {
          const where = { at, order: order.orderId };
          const own = exchange.fills.filter((f) => f.orderId === order.orderId);
          if (order.timeInForce !== 'good_till_canceled')
            expect({ ...where, s: order.status }).not.toEqual({ ...where, s: 'resting' });
          if (order.status === 'resting' && order.expirationTime !== undefined)
            expect({ ...where, live: order.expirationTime * 1000 > exchange.now() }).toEqual({ ...where, live: true });
          if (order.postOnly) expect({ ...where, took: own.some((f) => f.isTaker) }).toEqual({ ...where, took: false });
          for (const f of made.filter((m) => m.orderId === order.orderId)) {
            const fair = f.isTaker ? (order.side === 'bid' ? f.price <= order.price : f.price >= order.price) : true;
            expect({ ...where, fair }).toEqual({ ...where, fair: true });
          }
        }
        if (o.kind === 'create' && o.tif === 'fill_or_kill' && fills.length > 0) {
          const placed = exchange.orders.get(fills[0]?.orderId as string) as OrderState;
          const selfCross = [...exchange.orders.values()].some(
            (x) =>
              x.userId === placed.userId &&
              x !== placed &&
              x.status === 'canceled' &&
              x.lastUpdateTime === exchange.now(),
          );
          if (!selfCross && placed.status !== 'executed')
            expect({ at, filled: placed.fillCount }).toEqual({ at, filled: placed.initialCount });
        }
        if (o.kind === 'create' && o.reduceOnly && fills.length > 0) {
          const party = PARTIES[o.party] as (typeof PARTIES)[number];
          const after = ledger(exchange, party.userId, party.subaccount).positions.get(TICKER)?.position ?? 0;
          const traded = fills.reduce((sum, f) => sum + f.count, 0) * (o.side === 'bid' ? 1 : -1);
          const before = after - traded;
          expect({ at, before, after, smaller: Math.abs(after) < Math.abs(before) && after * before >= 0 }).toEqual({
            at,
            before,
            after,
            smaller: true,
          });
        }

        const mine = fills.filter((f) => f.orderId === fills[0]?.orderId);
        if (mine.length > 0) {
          const average = parseDollars((fillAverages(mine) as { average_fill_price: string }).average_fill_price);
          const prices = mine.map((f) => f.price);
          expect({ at, average, low: Math.min(average, ...prices), high: Math.max(average, ...prices) }).toEqual({
            at,
            average,
            low: Math.min(...prices),
            high: Math.max(...prices),
          });
        }
      });
      for (const v of views) v.session.dispose();
    }),
    { seed: Number(process.env.FUZZ_SEED ?? 20_261_207), numRuns: Number(process.env.FUZZ_RUNS ?? 40) },
  );
}, 60_000);
