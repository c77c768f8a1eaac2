import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createKalshiMock } from '../../src';
import { ExchangeError } from '../../src/exchange/errors';
import {
  createOrderGroup,
  deleteOrderGroup,
  resetOrderGroup,
  triggerOrderGroup,
  updateOrderGroupLimit,
} from '../../src/exchange/order-groups';
import { createSubaccount, transfer } from '../../src/exchange/subaccounts';
import type { AccountState, FeeType, OrderState } from '../../src/exchange/types';
import { DECI_CENT, listFeeMarket } from '../helpers';

// Money and bookkeeping at every step, not only after settlement (kalshi-api-notes §5.15, §7): every open contract
// is a YES held against a NO whose holders paid $1 for the pair together, so across all accounts
//   cash + trading fees charged + $1 × open pairs
// is what the accounts started with after every write (place, amend, decrease, cancel, cancel-all, order-group
// trigger/limit/delete). Alongside: each ledger's locked collateral is what its resting orders hold and never exceeds
// its cash; positions, fees paid and orders' counts and fees are the sums of their fills.
const TICKER = 'KXSTEP-26DEC01-T1';
const USERS = ['u1', 'u2', 'u3'] as const;
const PAIR = 10_000; // $1 per contract, in micro-dollars per centi-contract

/**
 * What each resting order among one account's `orders` in the market holds of its cash, worked out here from Kalshi's
 * amounts, apart from the engine's collateral.ts. Prices are whole mills (µ$ multiples of 1000), counts
 * centi-contracts, so every product below is exact. Kalshi's amounts (notes §5.15, D-feer): a YES bid at p pays p a
 * contract, an ask (a NO bid) 1 − p; held contracts net, so an ask selling held YES (a bid selling held NO) needs no
 * cash for those, and their proceeds (p, or 1 − p) go towards its fee; balances stay whole $0.0001. The notes are
 * silent on what Kalshi holds for fees; the mock holds the most the order's maker fills can cost however they are
 * cut (round 29, per-fill-fees.test.ts):
 * - trade fee: fills of 0.01 contract, each 0.0175 × 0.01 × P(1 − P) ≤ $0.0000438 rounded up to $0.0001 (none on
 *   `quadratic`, which charges takers only): $0.0001 per 0.01 contract left;
 * - rounding fee: none at a whole-cent price (every fill then costs whole $0.0001); at a deci-cent one, under $0.0001
 *   a fill of 0.01 (≤ $0.000099 each), with a cent rebated whenever the fills' rounding passes one: at most a cent
 *   and one fill's $0.0001;
 * and the total rounded up to $0.0001. Held contracts go to the account's resting sells in time priority.
 */
function expectedHolds(feeType: FeeType, position: number, orders: OrderState[]): Map<OrderState, number> {
  const free = { ask: Math.max(position, 0), bid: Math.max(-position, 0) }; // held YES back asks, held NO bids
  const holds = new Map<OrderState, number>();
  for (const o of orders.filter((x) => x.status === 'resting').sort((x, y) => x.priority - y.priority)) {
    const covered = Math.min(o.remainingCount, free[o.side]);
    free[o.side] -= covered;
    const mills = o.price / 1000;
    const paid = o.side === 'bid' ? mills : 1000 - mills; // what one contract bought costs, in mills
    const cost = (o.remainingCount - covered) * paid * 10; // µ$: a mill is 1000 µ$, a centi-contract 1/100
    const proceeds = covered * (1000 - paid) * 10; // what the held contracts sold bring
    const trade = feeType === 'quadratic' ? 0 : o.remainingCount * 100;
    const rounding = mills % 10 === 0 ? 0 : Math.min(o.remainingCount * 99, 10_000 + 100);
    const amount = cost + Math.max(0, trade + rounding - proceeds);
    holds.set(o, Math.ceil(amount / 100) * 100);
  }
  return holds;
}

const who = { user: fc.constantFrom(...USERS), subaccount: fc.constantFrom(0, 1) };
const op = fc.oneof(
  fc.record({
    kind: fc.constant('create' as const),
    ...who,
    side: fc.constantFrom('bid' as const, 'ask' as const),
    mills: fc.integer({ min: 1, max: 999 }),
    count: fc.integer({ min: 1, max: 500 }),
    timeInForce: fc.constantFrom(
      'good_till_canceled' as const,
      'immediate_or_cancel' as const,
      'fill_or_kill' as const,
    ),
    stp: fc.constantFrom('maker' as const, 'taker_at_cross' as const),
    reduceOnly: fc.boolean(),
    inGroup: fc.boolean(),
  }),
  fc.record({
    kind: fc.constant('amend' as const),
    pick: fc.nat(),
    mills: fc.integer({ min: 1, max: 999 }),
    extra: fc.integer({ min: 1, max: 500 }),
  }),
  fc.record({ kind: fc.constant('decrease' as const), pick: fc.nat(), by: fc.integer({ min: 1, max: 300 }) }),
  fc.record({ kind: fc.constant('cancel' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('cancelAll' as const), ...who, all: fc.boolean() }),
  fc.record({
    kind: fc.constant('group' as const),
    ...who,
    action: fc.constantFrom('trigger' as const, 'reset' as const, 'limit' as const, 'delete' as const),
    limit: fc.integer({ min: 1, max: 5 }),
  }),
  fc.record({ kind: fc.constant('time' as const), ms: fc.integer({ min: 1, max: 20_000 }) }),
);

describe('the ledger adds up after every write', () => {
  it('conserves money and keeps locked, positions, fees and order counts equal to their sources', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('quadratic' as const, 'quadratic_with_maker_fees' as const),
        fc.array(op, { minLength: 1, maxLength: 40 }),
        fc.oneof(
          fc.constantFrom({ result: 'yes' as const }, { result: 'no' as const }),
          fc.integer({ min: 0, max: 10_000 }).map((v) => ({
            result: 'scalar' as const,
            settlementValueDollars: (v / 10_000).toFixed(4),
          })),
        ),
        (feeType, ops, outcome) => {
          const mock = createKalshiMock({ empty: true, now: 1_790_000_000_000, seed: 1 });
          const { exchange } = mock;
          // Deci-cent prices: fills of fractions of a contract then cost less than $0.0001 (rounding fees, rebates).
          listFeeMarket(exchange, TICKER, { feeType }, DECI_CENT);
          const groups = new Map<string, string>();
          for (const user of USERS) {
            exchange.account(user, 50 * 1_000_000);
            createSubaccount(exchange, user);
            transfer(exchange, user, { from: 0, to: 1, amountCents: 2_000 });
            for (const subaccount of [0, 1])
              groups.set(`${user}/${subaccount}`, createOrderGroup(exchange, user, { limit: 300, subaccount }).id);
          }
          const ledgers = (): AccountState[] => [...exchange.accounts.values()];
          const start = ledgers().reduce((sum, a) => sum + a.cash, 0);
          const opening = new Map(ledgers().map((a) => [a, a.cash]));
          const orderIds: string[] = [];
          const pick = (n: number) => orderIds[n % Math.max(1, orderIds.length)];

          const check = (where: string) => {
            const all = ledgers();
            const fees = exchange.fills.reduce((sum, f) => sum + f.fee, 0);
            let long = 0;
            let short = 0;
            for (const a of all)
              for (const p of a.positions.values()) {
                if (p.position > 0) long += p.position;
                else short -= p.position;
              }
            expect(long, `${where}: YES and NO open interest`).toBe(short);
            expect(all.reduce((sum, a) => sum + a.cash, 0) + fees + long * PAIR, `${where}: money`).toBe(start);
            const orders = [...exchange.orders.values()];
            for (const a of all) {
              const sub = a.subaccount ?? 0;
              const mine = orders.filter((o) => o.userId === a.userId && o.subaccount === sub);
              expect(a.locked, `${where}: ${a.userId}/${sub} locked`).toBe(
                mine.filter((o) => o.status === 'resting').reduce((sum, o) => sum + o.locked, 0),
              );
              expect(a.locked, `${where}: ${a.userId}/${sub} locked ≤ cash`).toBeLessThanOrEqual(a.cash);
              // What the resting orders hold is what they would hold placed afresh now (expectedHolds), the rest 0.
              const holds = expectedHolds(feeType, a.positions.get(TICKER)?.position ?? 0, mine);
              expect(
                mine.map((o) => o.locked),
                `${where}: ${a.userId}/${sub} holds up to date`,
              ).toEqual(mine.map((o) => holds.get(o) ?? 0));
              const ids = new Set(mine.map((o) => o.orderId));
              const fills = exchange.fills.filter((f) => ids.has(f.orderId));
              const p = a.positions.get(TICKER);
              // What left the ledger's cash is the open cost basis and the fees, less the P&L realized.
              const basis = p ? p.exposure + p.fees - p.realizedPnl : 0;
              expect(a.cash + basis, `${where}: ${a.userId}/${sub} cash + exposure + fees − realized P&L`).toBe(
                opening.get(a),
              );
              expect(p?.exposure ?? 0, `${where}: ${a.userId}/${sub} exposure ≥ 0`).toBeGreaterThanOrEqual(0);
              if (p?.position === 0) expect(p.exposure, `${where}: flat position's exposure`).toBe(0);
              const net = fills.reduce((sum, f) => sum + (f.side === 'bid' ? f.count : -f.count), 0);
              expect(p?.position ?? 0, `${where}: ${a.userId}/${sub} position`).toBe(net);
              expect(p?.fees ?? 0, `${where}: ${a.userId}/${sub} fees_paid`).toBe(
                fills.reduce((sum, f) => sum + f.fee, 0),
              );
            }
            for (const o of orders) {
              const fills = exchange.fills.filter((f) => f.orderId === o.orderId);
              expect(o.fillCount, `${where}: order fill count`).toBe(fills.reduce((s, f) => s + f.count, 0));
              expect(o.takerFees + o.makerFees, `${where}: order fees`).toBe(fills.reduce((s, f) => s + f.fee, 0));
              expect(o.fillCount + o.remainingCount, `${where}: fill + remaining ≤ initial`).toBeLessThanOrEqual(
                o.initialCount,
              );
              if (o.status === 'resting') expect(o.remainingCount, `${where}: resting size`).toBeGreaterThan(0);
              else expect(o.remainingCount, `${where}: finished size`).toBe(0);
            }
          };

          const attempt = (run: () => void) => {
            try {
              run();
            } catch (error) {
              if (!(error instanceof ExchangeError)) throw error;
              expect(error.status, String(error)).toBeLessThan(500);
            }
          };
          ops.forEach((o, i) => {
            const where = `step ${i} ${JSON.stringify(o)}`;
            attempt(() => {
              switch (o.kind) {
                case 'create': {
                  const { order } = exchange.createOrder(o.user, {
                    ticker: TICKER,
                    side: o.side,
                    price: o.mills * 1000,
                    count: o.count,
                    timeInForce: o.reduceOnly ? 'immediate_or_cancel' : o.timeInForce,
                    selfTradePrevention: o.stp,
                    reduceOnly: o.reduceOnly,
                    subaccount: o.subaccount,
                    ...(o.inGroup ? { orderGroupId: groups.get(`${o.user}/${o.subaccount}`) as string } : {}),
                  });
                  orderIds.push(order.orderId);
                  break;
                }
                case 'amend': {
                  const order = exchange.orders.get(pick(o.pick) ?? '');
                  if (!order) return;
                  exchange.amendOrder(order.userId, order.orderId, {
                    ticker: TICKER,
                    side: order.side,
                    price: o.mills * 1000,
                    count: order.fillCount + o.extra,
                  });
                  break;
                }
                case 'decrease': {
                  const order = exchange.orders.get(pick(o.pick) ?? '');
                  if (order) exchange.decreaseOrder(order.userId, order.orderId, { reduceBy: o.by });
                  break;
                }
                case 'cancel': {
                  const order = exchange.orders.get(pick(o.pick) ?? '');
                  if (order) exchange.cancelOrder(order.userId, order.orderId);
                  break;
                }
                case 'cancelAll':
                  exchange.cancelAll(o.user, o.all ? undefined : o.subaccount);
                  break;
                case 'group': {
                  const group = exchange.orderGroups.get(groups.get(`${o.user}/${o.subaccount}`) as string);
                  if (!group) return;
                  if (o.action === 'trigger') triggerOrderGroup(exchange, group);
                  else if (o.action === 'reset') resetOrderGroup(exchange, group);
                  else if (o.action === 'limit') updateOrderGroupLimit(exchange, group, o.limit * 100);
                  else deleteOrderGroup(exchange, group);
                  break;
                }
                case 'time':
                  exchange.advanceTime(o.ms);
                  break;
              }
            });
            check(where);
          });
          const { result, ...options } = outcome;
          exchange.determineMarket(TICKER, result, { ...options, settleAfterMs: 0 });
          const settlementFees = exchange.settlements.reduce((sum, x) => sum + x.fee, 0);
          const fees = exchange.fills.reduce((sum, f) => sum + f.fee, 0);
          expect(ledgers().reduce((sum, a) => sum + a.cash, 0) + fees + settlementFees, 'settled: money').toBe(start);
          for (const a of ledgers()) expect([a.locked, a.positions.size], 'settled: nothing held').toEqual([0, 0]);
        },
      ),
      { numRuns: 200, seed: 36 },
    );
  });
});
