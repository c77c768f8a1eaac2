// The fault matrix (issue 11, "Must show"): 1,000 seeded order writes — create, batch create, amend, decrease,
// cancel, batch cancel — while every write request meets a fault 30% of the time (commit-then-drop, network-error,
// 429, 503, drawn from the mock's seeded generator). Afterwards the exchange holds no duplicate order and exactly
// the state the reported results imply: what was reported done happened once, what was reported failed did not.
import { expect, it } from 'vitest';
import {
  type BatchCancelResult,
  type BatchPlaceResult,
  cancelOrders,
  type KalshiClient,
  KalshiUnconfirmedWriteError,
  placeOrders,
} from '../../src';
import { lcg } from '../helpers';
import { useKalshiMock } from '../mock-server';

const { kalshi, client } = useKalshiMock({ seed: 2026 });

const WRITES = [
  'CreateOrderV2',
  'BatchCreateOrdersV2',
  'AmendOrderV2',
  'DecreaseOrderV2',
  'CancelOrderV2',
  'BatchCancelOrdersV2',
] as const;
const KINDS = [
  { kind: 'commit-then-drop' },
  { kind: 'network-error' },
  { kind: 'status', status: 429 },
  { kind: 'status', status: 503 },
] as const;
/** Four independent draws per request, each at p, fault 30% of requests: 1 − (1 − p)⁴ = 0.3. */
const P = 1 - 0.7 ** (1 / 4);
const OPERATIONS = 1_000;
const TICKERS = ['KXFAULT-26DEC01-A', 'KXFAULT-26DEC01-B'];

/** What the reported results say the exchange holds, by client_order_id. */
interface Expected {
  orderId: string;
  ticker: string;
  /** YES-leg price, micro-dollars. */
  price: number;
  /** Centi-contracts. */
  remaining: number;
  status: 'resting' | 'canceled';
}

it('1,000 writes under 30% faults: no duplicates, and every reported result is the truth', async () => {
  // New markets with empty books: our bids never fill, so every change comes from the writes alone.
  for (const ticker of TICKERS) kalshi.exchange.addMarket({ ticker });
  for (const operation of WRITES) for (const kind of KINDS) kalshi.faults.add({ operation, ...kind, probability: P });
  const k = await client({ retry: { maxRetries: 6, initialDelayMs: 0, maxDelayMs: 0 } });
  const random = lcg(11);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;

  const expected = new Map<string, Expected>();
  const neverPlaced = new Set<string>();
  const recovered = new Map<string, number>();
  const failed = new Map<string, number>();
  const unconfirmed = new Map<string, number>();
  const count = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);
  const resting = () => [...expected.entries()].filter(([, o]) => o.status === 'resting');
  let sequence = 0;
  const newOrder = () => {
    const cents = 1 + Math.floor(random() * 5);
    const contracts = 1 + Math.floor(random() * 3);
    return {
      input: {
        ticker: pick(TICKERS),
        action: 'buy',
        side: 'yes',
        count: contracts,
        priceCents: cents,
        clientOrderId: `fm-${sequence++}`,
      } as const,
      price: cents * 10_000,
      remaining: contracts * 100,
    };
  };

  const run: Record<(typeof WRITES)[number], (k: KalshiClient) => Promise<void>> = {
    async CreateOrderV2(k) {
      const { input, price, remaining } = newOrder();
      try {
        const placed = await k.placeOrder(input);
        expected.set(input.clientOrderId, {
          orderId: placed.order_id,
          ticker: input.ticker,
          price,
          remaining,
          status: 'resting',
        });
        if (placed.recovered) count(recovered, 'create');
      } catch {
        neverPlaced.add(input.clientOrderId);
        count(failed, 'create');
      }
    },
    async BatchCreateOrdersV2(k) {
      const orders = Array.from({ length: 2 + Math.floor(random() * 3) }, newOrder);
      let results: BatchPlaceResult[];
      try {
        results = await placeOrders(
          k,
          orders.map((o) => o.input),
        );
      } catch {
        for (const o of orders) neverPlaced.add(o.input.clientOrderId);
        count(failed, 'batch create');
        return;
      }
      for (const [i, result] of results.entries()) {
        const { input, price, remaining } = orders[i]!;
        if (!result.ok) {
          neverPlaced.add(input.clientOrderId);
          continue;
        }
        expected.set(input.clientOrderId, {
          orderId: result.order.order_id,
          ticker: input.ticker,
          price,
          remaining,
          status: 'resting',
        });
        if (result.order.recovered) count(recovered, 'batch create');
      }
    },
    async AmendOrderV2(k) {
      const [, order] = pick(resting());
      const cents = 1 + Math.floor(random() * 5);
      const contracts = 1 + Math.floor(random() * 3);
      try {
        const amended = await k.amendOrder({
          orderId: order.orderId,
          ticker: order.ticker,
          action: 'buy',
          side: 'yes',
          price: `0.0${cents}`,
          count: contracts,
        });
        Object.assign(order, { price: cents * 10_000, remaining: contracts * 100 });
        if (amended.recovered) count(recovered, 'amend');
      } catch {
        count(failed, 'amend');
      }
    },
    async DecreaseOrderV2(k) {
      const [, order] = pick(resting());
      try {
        const decreased =
          order.remaining > 100
            ? await k.decreaseOrder({ orderId: order.orderId, reduceBy: 1 })
            : await k.decreaseOrder({ orderId: order.orderId, reduceTo: 0 });
        order.remaining -= Math.min(order.remaining, 100);
        if (order.remaining === 0) order.status = 'canceled';
        if (decreased.recovered) count(recovered, 'decrease');
      } catch (error) {
        if (!(error instanceof KalshiUnconfirmedWriteError)) return void count(failed, 'decrease');
        // A reduce_by whose answer was lost is never repeated and not claimed either way: take the exchange's word.
        const actual = kalshi.exchange.orders.get(order.orderId)!;
        Object.assign(order, { remaining: actual.remainingCount, status: actual.status });
        count(unconfirmed, 'decrease');
      }
    },
    async CancelOrderV2(k) {
      const [, order] = pick(resting());
      try {
        const canceled = await k.cancelOrder({ orderId: order.orderId });
        Object.assign(order, { remaining: 0, status: 'canceled' });
        if (canceled.recovered) count(recovered, 'cancel');
      } catch {
        count(failed, 'cancel');
      }
    },
    async BatchCancelOrdersV2(k) {
      const chosen = [...new Set(Array.from({ length: 3 }, () => pick(resting())[1]))];
      let results: BatchCancelResult[];
      try {
        results = await cancelOrders(k, { orderIds: chosen.map((o) => o.orderId) });
      } catch {
        count(failed, 'batch cancel');
        return;
      }
      for (const [i, result] of results.entries()) {
        if (!result.ok) continue;
        Object.assign(chosen[i]!, { remaining: 0, status: 'canceled' });
        if (result.recovered) count(recovered, 'batch cancel');
      }
    },
  };

  for (let i = 0; i < OPERATIONS; i++) {
    const operation = resting().length < 8 ? pick(WRITES.slice(0, 2)) : pick(WRITES);
    await run[operation](k);
  }

  // Every write operation met faults, and each resolved at least one lost answer.
  for (const operation of WRITES) expect(kalshi.faults.fired.get(operation) ?? 0).toBeGreaterThan(10);
  for (const write of ['create', 'batch create', 'amend', 'decrease', 'cancel', 'batch cancel'])
    expect(recovered.get(write) ?? 0, write).toBeGreaterThan(0);
  expect(unconfirmed.get('decrease') ?? 0).toBeGreaterThan(0);

  const mine = [...kalshi.exchange.orders.values()].filter((o) => TICKERS.includes(o.ticker));
  // 0 duplicates: one order per client_order_id, and only orders that were reported placed.
  expect(new Set(mine.map((o) => o.clientOrderId)).size).toBe(mine.length);
  expect(mine.length).toBe(expected.size);
  for (const id of neverPlaced)
    expect(
      mine.find((o) => o.clientOrderId === id),
      id,
    ).toBeUndefined();
  // The exchange's state is exactly what the reported results imply.
  const actual = new Map(
    mine.map((o) => [
      o.clientOrderId,
      { orderId: o.orderId, ticker: o.ticker, price: o.price, remaining: o.remainingCount, status: o.status },
    ]),
  );
  expect(actual).toEqual(expected);
}, 120_000);
