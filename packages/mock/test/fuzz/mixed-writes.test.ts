import fc from 'fast-check';
import { it } from 'vitest';
import { ExchangeError } from '../../src/exchange/errors';
import {
  createOrderGroup,
  orderGroup,
  resetOrderGroup,
  triggerOrderGroup,
  updateOrderGroupLimit,
} from '../../src/exchange/order-groups';
import { communications } from '../../src/exchange/rfqs';
import type { BookSide, SelfTradePrevention, TimeInForce } from '../../src/exchange/types';
import { twoTraders } from '../accounts/traders';
import { assertInvariants, cashOf } from './invariants';

// Two accounts with little cash trading one maker-fee market (kalshi-api-notes §5.15) through every write that moves
// money: orders of each time in force, both self-trade prevention modes (§5.8), post-only and reduce-only (§5.7),
// amends, decreases, cancels, order-group triggers, resets and limits (§5.14), and block trades, which fill one
// off-book trade and re-hold the parties' resting orders (rfqs.ts executePair). After every step the invariants hold:
// cash follows the fills (YES and NO netting to $1 a pair), positions net, no available balance below zero, every
// resting order holds what its remainder needs. Seeded: MIXED_SEED / MIXED_RUNS reproduce or lengthen a run.
const TICKER = 'KXMIXED-26DEC01-T1';
const SEED = Number(process.env.MIXED_SEED ?? 20_261_206);
const RUNS = Number(process.env.MIXED_RUNS ?? 100);

// Prices near the middle cross often; the rest cover the grid.
const price = fc.oneof(fc.integer({ min: 45, max: 55 }), fc.integer({ min: 1, max: 99 })).map((c) => c * 10_000);
const count = fc.integer({ min: 1, max: 8 }).map((c) => c * 100);
const who = fc.nat(1);
const step = fc.oneof(
  fc.record({
    kind: fc.constant('create' as const),
    who,
    side: fc.constantFrom<BookSide>('bid', 'ask'),
    price,
    count,
    timeInForce: fc.constantFrom<TimeInForce>('good_till_canceled', 'immediate_or_cancel', 'fill_or_kill'),
    selfTradePrevention: fc.constantFrom<SelfTradePrevention>('taker_at_cross', 'maker'),
    postOnly: fc.boolean(),
    reduceOnly: fc.boolean(),
    inGroup: fc.boolean(),
  }),
  fc.record({
    kind: fc.constantFrom('amend' as const, 'decrease' as const, 'cancel' as const),
    who,
    pick: fc.nat(20),
    price,
    count,
  }),
  fc.record({ kind: fc.constant('group' as const), who, action: fc.constantFrom('trigger', 'reset', 'limit'), count }),
  fc.record({
    kind: fc.constant('block' as const),
    who,
    price,
    count,
    makerSide: fc.constantFrom<'yes' | 'no'>('yes', 'no'),
  }),
);

it('keeps cash, positions and collateral consistent under mixed order, group and block-trade writes', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(step, { minLength: 1, maxLength: 25 }),
      fc.integer({ min: 1, max: 30 }),
      async (steps, dollars) => {
        const { mock, alice, bob } = await twoTraders(TICKER, {
          feeType: 'quadratic_with_maker_fees',
          aliceCash: dollars,
        });
        const exchange = mock.exchange;
        exchange.setBalance(bob.userId, (dollars + 3) * 1_000_000);
        const users = [alice.userId, bob.userId] as const;
        const groups = users.map((userId) => createOrderGroup(exchange, userId, { limit: 500 }).id);
        const start = cashOf(exchange);
        for (const s of steps) {
          const userId = users[s.who] as string;
          try {
            if (s.kind === 'create') {
              exchange.createOrder(userId, {
                ticker: TICKER,
                side: s.side,
                price: s.price,
                count: s.count,
                timeInForce: s.reduceOnly ? 'immediate_or_cancel' : s.timeInForce,
                selfTradePrevention: s.selfTradePrevention,
                postOnly: s.postOnly,
                reduceOnly: s.reduceOnly,
                ...(s.inGroup ? { orderGroupId: groups[s.who] as string } : {}),
              });
            } else if (s.kind === 'group') {
              const group = orderGroup(exchange, userId, groups[s.who] as string);
              if (s.action === 'trigger') triggerOrderGroup(exchange, group);
              else if (s.action === 'reset') resetOrderGroup(exchange, group);
              else updateOrderGroupLimit(exchange, group, s.count);
            } else if (s.kind === 'block') {
              const desk = communications(exchange);
              const seller = users[1 - s.who] as string;
              const proposal = desk.proposeBlockTrade(userId, {
                buyerUserId: userId,
                sellerUserId: seller,
                ticker: TICKER,
                price: s.price,
                count: s.count,
                makerSide: s.makerSide,
                expirationTime: exchange.now() + 60_000,
              });
              desk.acceptBlockTrade(seller, proposal.id);
            } else {
              const mine = [...exchange.orders.values()].filter((o) => o.userId === userId && o.status === 'resting');
              const order = mine[s.pick % Math.max(mine.length, 1)];
              if (!order) continue;
              if (s.kind === 'amend') {
                const change = { ticker: TICKER, side: order.side, price: s.price, count: order.fillCount + s.count };
                exchange.amendOrder(userId, order.orderId, change);
              } else if (s.kind === 'decrease')
                exchange.decreaseOrder(userId, order.orderId, { reduceBy: Math.min(s.count, order.remainingCount) });
              else exchange.cancelOrder(userId, order.orderId);
            }
          } catch (error) {
            if (!(error instanceof ExchangeError)) throw error; // a refusal is fine; anything else is a defect
          }
          assertInvariants(exchange, start);
        }
      },
    ),
    { seed: SEED, numRuns: RUNS },
  );
}, 120_000);
