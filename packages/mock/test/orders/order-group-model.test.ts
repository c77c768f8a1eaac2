import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TEST_USER_ID } from '../../src';
import { harness, order } from '../helpers';

// Order groups against a model of kalshi-api-notes §5.14: member fills summed over a rolling 15 s window; past the
// limit (or lowered below the window's volume) the group triggers: every resting member is canceled and new members
// are refused until a reset, which clears the counter. Members rest at one price, so they fill oldest first.
const TICKER = 'KXOGM-26DEC01-T1';
const WINDOW_MS = 15_000;

type Step =
  | { kind: 'place'; count: number }
  | { kind: 'sell'; count: number }
  | { kind: 'wait'; ms: number }
  | { kind: 'reset' }
  | { kind: 'limit'; limit: number };

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('place' as const), count: fc.integer({ min: 1, max: 600 }) }),
  fc.record({ kind: fc.constant('sell' as const), count: fc.integer({ min: 1, max: 600 }) }),
  fc.record({ kind: fc.constant('wait' as const), ms: fc.integer({ min: 1, max: 20_000 }) }),
  fc.constant({ kind: 'reset' as const }),
  fc.record({ kind: fc.constant('limit' as const), limit: fc.integer({ min: 1, max: 12 }).map((n) => n * 50 + 50) }),
);

const fmt = (centi: number) => (centi / 100).toFixed(2);

describe('order groups against a model', () => {
  it('cancels and refuses exactly when the rolling window passes the limit', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 8 }), fc.array(stepArb, { maxLength: 25 }), async (start, steps) => {
        const h = await harness({ empty: true, now: 1_790_000_000_000, seed: 2 });
        const { exchange } = h.mock;
        exchange.addMarket({ ticker: TICKER });
        let limit = start * 100;
        const created = await h.call('POST', '/portfolio/order_groups/create', { contracts_limit_fp: fmt(limit) });
        expect(created.status).toBe(201);
        const id = created.body.order_group_id as string;
        // The model.
        let triggered = false;
        let window: { time: number; count: number }[] = [];
        const members: { id: string; remaining: number; filled: number; status: string }[] = [];
        const volume = () => window.filter((f) => f.time > exchange.now() - WINDOW_MS).reduce((s, f) => s + f.count, 0);
        const trigger = () => {
          triggered = true;
          for (const m of members) if (m.status === 'resting') m.status = 'canceled';
        };
        for (const step of steps) {
          if (step.kind === 'place') {
            const placed = await h.call(
              'POST',
              '/portfolio/events/orders',
              order(TICKER, { count: fmt(step.count), price: '0.4000', order_group_id: id }),
            );
            expect(placed.status).toBe(triggered ? 400 : 201);
            if (!triggered)
              members.push({ id: placed.body.order_id, remaining: step.count, filled: 0, status: 'resting' });
          } else if (step.kind === 'sell') {
            exchange.createOrder('bob', {
              ticker: TICKER,
              side: 'ask',
              price: 400_000,
              count: step.count,
              timeInForce: 'immediate_or_cancel',
              selfTradePrevention: 'maker',
            });
            let left = step.count;
            for (const m of members) {
              if (left === 0 || m.status !== 'resting') continue;
              const fill = Math.min(left, m.remaining);
              left -= fill;
              m.remaining -= fill;
              m.filled += fill;
              if (m.remaining === 0) m.status = 'executed';
              if (!triggered) {
                window.push({ time: exchange.now(), count: fill });
                if (volume() > limit) trigger();
              }
            }
          } else if (step.kind === 'wait') {
            exchange.advanceTime(step.ms);
          } else if (step.kind === 'reset') {
            expect((await h.call('PUT', `/portfolio/order_groups/${id}/reset`, {})).status).toBe(200);
            triggered = false;
            window = [];
          } else {
            const put = await h.call('PUT', `/portfolio/order_groups/${id}/limit`, {
              contracts_limit_fp: fmt(step.limit),
            });
            expect(put.status).toBe(200);
            limit = step.limit;
            if (!triggered && volume() > limit) trigger();
          }
          const orders = (await h.call('GET', `/portfolio/orders?ticker=${TICKER}&limit=1000`)).body.orders;
          const seen = Object.fromEntries(
            orders
              .filter((o: { user_id: string }) => o.user_id === TEST_USER_ID)
              .map((o: { order_id: string; status: string; fill_count_fp: string }) => [
                o.order_id,
                [o.status, o.fill_count_fp],
              ]),
          );
          expect(seen).toEqual(Object.fromEntries(members.map((m) => [m.id, [m.status, fmt(m.filled)]])));
        }
      }),
      { numRuns: 60, seed: 33 },
    );
  });
});
