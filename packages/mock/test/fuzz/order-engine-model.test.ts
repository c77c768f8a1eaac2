import fc from 'fast-check';
import { expect, it } from 'vitest';
import { Exchange, ExchangeError, TEST_USER_ID } from '../../src';
import { ledger } from '../../src/exchange/accounts';
import { ONE_DOLLAR, OrderBook } from '../../src/exchange/book';
import {
  createOrderGroup,
  deleteOrderGroup,
  resetOrderGroup,
  triggerOrderGroup,
  updateOrderGroupLimit,
  windowTotal,
} from '../../src/exchange/order-groups';
import { queuePosition } from '../../src/exchange/queue';
import { createSubaccount } from '../../src/exchange/subaccounts';
import type { FillRecord, OrderState } from '../../src/exchange/types';
import { formatCount, parseCount, parseDollars } from '../../src/generated/fixed-point';
import { type RouteContext, routes } from '../../src/http/routes';
import { dollars, fillAverages, presentOrderbook, presentPosition } from '../../src/shared/present';
import { openSession } from '../stream/session';
import { assertInvariants } from './invariants';

// A stateful model of the order engine driven by fast-check: two users (the first trading from its primary account and
// a subaccount) place, amend, decrease and cancel orders in one market, with every time in force, both self-trade
// prevention modes, post-only, reduce-only and expiries (set and moved by amends), in order groups created, triggered,
// reset, re-limited and deleted (§5.14), cancel all, and the clock moves. After each step, besides the ledger's
// invariants (invariants.ts), what is read from outside agrees with the orders themselves, computed here from the
// rules, not from the engine's book:
// - a level of the book (GET orderbook) is the resting orders at that price summed; an ask at p rests as a NO bid at
//   1 − p (kalshi-api-notes §5.15, §6.3), and the stream's snapshot plus deltas is that book (§9.6);
// - an order's queue position is the contracts of the resting orders at its level ahead of it in time priority (spec
//   GetOrderQueuePosition: "determined using price-time priority"; §5.9: only a smaller size at the same price keeps
//   the place);
// - the last market_position per subaccount says what GET /portfolio/positions of that subaccount says (§7, §9.6);
// - a create's or amend's average_fill_price lies between its cheapest and dearest fill (spec: "Volume-weighted
//   average fill price");
// - the last user_order of each order is the order as it stands (status, counts, price), and each fill reaches its
//   owner's fill channel once, in the order's subaccount (AsyncAPI user_order, fill; §9.6);
// - no order rests in a triggered or deleted group, and an untriggered group's fills in the last 15 s are within its
//   limit (§5.14: past it the group triggers and cancels its resting orders);
// - GET /portfolio/fills?subaccount= walked a page per step while the steps trade lists, once the cursor is "", each
//   fill of that subaccount that existed when the walk began once, newest first (§6.2, §7: "subaccount" filters).
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
      group?: number;
    }
  | { kind: 'amend'; pick: number; cents: number; count: number; expiresIn?: number }
  | { kind: 'decrease'; pick: number; to: number }
  | { kind: 'cancel'; pick: number }
  | { kind: 'cancel-all'; party: number }
  | { kind: 'time'; seconds: number }
  | { kind: 'group'; party: number; limit: number }
  | { kind: 'group-change'; pick: number; change: 'trigger' | 'reset' | 'limit' | 'delete'; limit: number };

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
      group: fc.option(fc.nat(), { nil: undefined }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('amend' as const),
      pick: fc.nat(),
      cents: fc.integer({ min: 45, max: 55 }),
      count: fc.integer({ min: 1, max: 600 }),
      // 0 removes the expiry (spec AmendOrderV2Request.expiration_time).
      expiresIn: fc.option(fc.integer({ min: 0, max: 20 }), { nil: undefined }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('decrease' as const), pick: fc.nat(), to: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('cancel' as const), pick: fc.nat() }) },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('cancel-all' as const), party: fc.nat(PARTIES.length - 1) }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('group' as const),
      party: fc.nat(PARTIES.length - 1),
      limit: fc.integer({ min: 1, max: 12 }),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('group-change' as const),
      pick: fc.nat(),
      change: fc.constantFrom('trigger' as const, 'reset' as const, 'limit' as const, 'delete' as const),
      limit: fc.integer({ min: 1, max: 12 }),
    }),
  },
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
        v.send({ id: 3, cmd: 'subscribe', params: { channels: ['user_orders', 'fill'] } });
      }
      // A group per party from the start (3, 8 and 5 contracts), so that orders join one often; more come by steps.
      const groups = PARTIES.map(
        ({ userId, subaccount }, i) =>
          createOrderGroup(exchange, userId, { subaccount, limit: [300, 800, 500][i] ?? 100 }).id,
      );
      // A walk of one party's fills, a page per step: its party, cursor, the fills at its start and the rows seen.
      let walk = { active: false, party: 0, cursor: '', expected: [] as string[], seen: [] as string[] };
      const ws = { yes: new Map<number, number>(), no: new Map<number, number>() };
      let read = 0;
      ops.forEach((o, step) => {
        const at = `step ${step}: ${JSON.stringify(o)}`;
        const resting = [...exchange.orders.values()].filter((x) => x.status === 'resting');
        const target = resting[('pick' in o ? o.pick : 0) % Math.max(1, resting.length)];
        const party = 'party' in o ? (PARTIES[o.party] as (typeof PARTIES)[number]) : PARTIES[0];
        const seconds = (ahead: number | undefined) =>
          ahead === undefined ? {} : { expirationTime: ahead && Math.floor(exchange.now() / 1000) + ahead };
        const live = groups.filter((id) => exchange.orderGroups.has(id));
        let fills: readonly FillRecord[] = [];
        const filledBefore = exchange.fills.length;
        try {
          if (o.kind === 'create') {
            // One of the party's own live groups (another subaccount's is refused, notes §5.14).
            const own = live.filter((id) => {
              const g = exchange.orderGroups.get(id);
              return g?.userId === party.userId && g.subaccount === party.subaccount;
            });
            const group = o.group === undefined || !own.length ? undefined : own[o.group % own.length];
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
              ...seconds(o.expiresIn),
              ...(group ? { orderGroupId: group } : {}),
            }).fills;
          } else if (o.kind === 'time') {
            exchange.advanceTime(o.seconds * 1000);
          } else if (o.kind === 'cancel-all') {
            exchange.cancelAll(party.userId, party.subaccount);
          } else if (o.kind === 'group') {
            const { id } = createOrderGroup(exchange, party.userId, {
              subaccount: party.subaccount,
              limit: o.limit * 100,
            });
            groups.push(id);
          } else if (o.kind === 'group-change') {
            const group = exchange.orderGroups.get(live[o.pick % Math.max(1, live.length)] ?? '');
            if (group && o.change === 'trigger') triggerOrderGroup(exchange, group);
            else if (group && o.change === 'reset') resetOrderGroup(exchange, group);
            else if (group && o.change === 'limit') updateOrderGroupLimit(exchange, group, o.limit * 100);
            else if (group) deleteOrderGroup(exchange, group);
          } else if (target) {
            if (o.kind === 'amend')
              fills = exchange.amendOrder(target.userId, target.orderId, {
                ticker: TICKER,
                side: target.side,
                price: o.cents * 10_000,
                count: target.fillCount + o.count,
                ...seconds(o.expiresIn),
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
        const rest = presentOrderbook(exchange, TICKER, 0) as Record<'yes_dollars' | 'no_dollars', [string, string][]>;
        const levels = (side: [string, string][]) => new Map(side.map(([p, c]) => [parseDollars(p), parseCount(c)]));
        expect({ at, yes: levels(rest.yes_dollars), no: levels(rest.no_dollars) }).toEqual({ at, ...truth });
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

        views.forEach(({ frames }, i) => {
          const { userId } = PARTIES[i] as (typeof PARTIES)[number];
          const told = new Map<string, Record<string, unknown>>();
          const filled: string[] = [];
          for (const f of frames) {
            if (f.type === 'user_order') told.set(f.msg.order_id, f.msg);
            if (f.type === 'fill') filled.push(`${f.msg.trade_id} ${f.msg.order_id} ${f.msg.subaccount}`);
          }
          for (const order of exchange.orders.values()) {
            if (order.userId !== userId) continue;
            const msg = told.get(order.orderId) ?? {};
            expect({
              at,
              order: order.orderId,
              status: msg.status,
              fill: msg.fill_count_fp,
              remaining: msg.remaining_count_fp,
              price: msg.yes_price_dollars,
            }).toEqual({
              at,
              order: order.orderId,
              status: order.status,
              fill: formatCount(order.fillCount),
              remaining: formatCount(order.remainingCount),
              price: dollars(order.price),
            });
          }
          const owned = exchange.fills.filter((f) => f.userId === userId);
          const expected = owned.map((f) => `${f.tradeId} ${f.orderId} ${exchange.orders.get(f.orderId)?.subaccount}`);
          expect({ at, filled: filled.sort() }).toEqual({ at, filled: expected.sort() });
        });
        for (const group of exchange.orderGroups.values())
          if (!group.triggered)
            expect({ at, group: group.id, over: windowTotal(exchange, group) > group.limit }).toEqual({
              at,
              group: group.id,
              over: false,
            });
        for (const order of exchange.orders.values()) {
          const group = order.orderGroupId === undefined ? undefined : exchange.orderGroups.get(order.orderGroupId);
          if (order.orderGroupId !== undefined && (!group || group.triggered))
            expect({ at, order: order.orderId, status: order.status }).not.toEqual({
              at,
              order: order.orderId,
              status: 'resting',
            });
        }

        const fillsOf = ({ userId, subaccount }: (typeof PARTIES)[number]) =>
          exchange.fills
            .filter((f) => f.userId === userId && exchange.orders.get(f.orderId)?.subaccount === subaccount)
            .reverse()
            .map((f) => f.fillId);
        if (!walk.active) {
          // A new walk: the fills as its first page is read, now; its later pages are read after the next steps.
          const party = step % PARTIES.length;
          walk = { active: true, party, cursor: '', expected: fillsOf(PARTIES[party] as never), seen: [] };
        }
        const { userId: walker, subaccount } = PARTIES[walk.party] as (typeof PARTIES)[number];
        const query = { subaccount, limit: 2, ...(walk.cursor ? { cursor: walk.cursor } : {}) };
        const page = routes.GetFills?.({ exchange, query, userId: walker, params: {} } as unknown as RouteContext)
          .body as { fills: { fill_id: string }[]; cursor: string };
        walk.seen.push(...page.fills.map((f) => f.fill_id));
        walk.cursor = page.cursor;
        if (walk.cursor === '') {
          expect({ at, walk: walk.party, fills: walk.seen }).toEqual({ at, walk: walk.party, fills: walk.expected });
          walk.active = false;
        }

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
