import { expect, it } from 'vitest';
import { TEST_USER_ID } from '../../src';
import { harness, order } from '../helpers';

// The exported state types (OrderState, MarketState, AccountState, PositionState, FillRecord, TradeRecord,
// SettlementRecord, SeriesState, EventState: `exchange.orders`, `exchange.markets`, …; PauseState, the Inspected*
// rows) declare their optional members
// `?: T`, which under a consumer's exactOptionalPropertyTypes promises "absent or a T". Outside tester V-D5: every
// OrderState held own `expirationTime: undefined` and `orderGroupId: undefined`, so `{ orderGroupId: 'g', ...order }`
// type-checked as a string and was undefined. An optional member the exchange has no value for is absent.

/** `path.key` of every own key holding undefined, in `value` and the objects, arrays and maps under it. */
function undefinedKeys(value: unknown, path: string, seen = new Set<unknown>()): string[] {
  if (typeof value !== 'object' || value === null || seen.has(value)) return [];
  seen.add(value);
  if (value instanceof Map)
    return [...value].flatMap(([key, item]) => undefinedKeys(item, `${path}.get(${JSON.stringify(key)})`, seen));
  if (value instanceof Set) return [];
  return Object.entries(value).flatMap(([key, item]) =>
    item === undefined ? [`${path}.${key}`] : undefinedKeys(item, `${path}.${key}`, seen),
  );
}

it('no state object holds an optional member as an own key set to undefined', async () => {
  const h = await harness({ seed: 3, now: Date.UTC(2026, 10, 20, 12) });
  const ex = h.mock.exchange;
  const ticker = [...ex.markets.values()].find((m) => m.status === 'active')!.ticker;
  const group = await h.call('POST', '/portfolio/order_groups/create', { contracts_limit: 100 });
  expect(group.status).toBe(201);
  const expiry = Math.floor(ex.now() / 1000) + 3600;
  const placed = [
    await h.call('POST', '/portfolio/events/orders', order(ticker)),
    await h.call('POST', '/portfolio/events/orders', order(ticker, { expiration_time: expiry })),
    await h.call(
      'POST',
      '/portfolio/events/orders',
      order(ticker, { count: '2', order_group_id: group.body.order_group_id }),
    ),
    await h.call('POST', '/portfolio/events/orders', order(ticker, { subaccount: 0, client_order_id: 'mine-1' })),
  ];
  expect(placed.map((p) => p.status)).toEqual([201, 201, 201, 201]);
  const [plain, expiring, grouped, named] = placed.map((p) => p.body.order_id as string);
  // An amend that drops the expiry, one that sets it, a decrease, a cancel, and trades against the house.
  const amend = (id: string, extra: Record<string, unknown>) =>
    h.call('POST', `/portfolio/events/orders/${id}/amend`, {
      ticker,
      side: 'bid',
      price: '0.0200',
      count: '1',
      ...extra,
    });
  expect((await amend(expiring as string, { expiration_time: 0 })).status).toBe(200);
  expect((await amend(plain as string, { expiration_time: expiry })).status).toBe(200);
  expect((await h.call('POST', `/portfolio/events/orders/${grouped}/decrease`, { reduce_by: '1' })).status).toBe(200);
  expect((await h.call('DELETE', `/portfolio/events/orders/${named}`)).status).toBe(200);
  // A YES bought from the house in two markets: one settles (a settlement row), the other stays open (a position).
  const [, other] = [...ex.markets.values()].filter((m) => m.status === 'active' && m.ticker !== ticker);
  for (const market of [ticker, other?.ticker as string]) {
    const ask = 1_000_000 - (ex.book(market).best('no')?.[0] as number);
    const taken = ex.createOrder(TEST_USER_ID, {
      ticker: market,
      side: 'bid',
      price: ask,
      count: 100,
      timeInForce: 'immediate_or_cancel',
      selfTradePrevention: 'taker_at_cross',
    });
    expect(taken.fills).not.toHaveLength(0);
  }
  ex.addMarket({ ticker: 'KXKEYS-26DEC31-A', title: undefined, closeTime: undefined });
  ex.settleMarket(ticker, 'yes');
  expect(ex.settlements).not.toHaveLength(0);
  expect(h.mock.inspect.positions()).not.toHaveLength(0);

  const state = {
    markets: ex.markets,
    orders: ex.orders,
    accounts: ex.accounts,
    fills: ex.fills,
    trades: ex.trades,
    settlements: ex.settlements,
    series: ex.series,
    events: ex.events,
    orderGroups: ex.orderGroups,
    pause: ex.pause({ kind: 'trading' }),
    inspected: [h.mock.inspect.orders(), h.mock.inspect.fills(), h.mock.inspect.positions(), h.mock.inspect.balance()],
  };
  expect(undefinedKeys(state, 'exchange')).toEqual([]);
});
