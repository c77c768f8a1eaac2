import { describe, expect, it } from 'vitest';
import { harness, order } from '../helpers';

// kalshi-api-notes §5.11: cancels are allowed during a trading pause "but not during an exchange pause"; §5.16: an
// exchange pause "blocks everything". Deleting or triggering an order group cancels its resting orders (notes §5.14),
// so during an exchange pause it must be refused as a cancel is, and the orders stay resting; during a trading pause
// it cancels them, as a cancel does. The refusal is the mock's pause answer (pause.ts: 409 `exchange_is_paused`); the
// notes are silent on order groups during pauses.
const T0 = Date.UTC(2026, 11, 3, 8);
const TICKER = 'KXOGPAUSE-26DEC03-T1';

async function groupWithRestingOrder() {
  const h = await harness({ empty: true, seed: 4, now: T0 });
  h.mock.exchange.addMarket({ ticker: TICKER, closeTime: T0 + 86_400_000 });
  const group = await h.call('POST', '/portfolio/order_groups/create', { contracts_limit: 100 });
  expect(group.status).toBe(201);
  const groupId = group.body.order_group_id as string;
  const placed = await h.call('POST', '/portfolio/events/orders', order(TICKER, { order_group_id: groupId }));
  expect(placed.status).toBe(201);
  const orderStatus = async () =>
    (await h.call('GET', `/portfolio/orders/${placed.body.order_id}`)).body.order.status as string;
  return { h, groupId, orderStatus };
}

describe.each([
  ['DELETE', ''],
  ['PUT', '/trigger'],
])('%s /portfolio/order_groups/{id}%s', (method, suffix) => {
  it('is refused during an exchange pause (409 exchange_is_paused); its resting order stays resting', async () => {
    const { h, groupId, orderStatus } = await groupWithRestingOrder();
    h.mock.exchange.pause({ kind: 'exchange' });
    const refused = await h.call(method, `/portfolio/order_groups/${groupId}${suffix}`, {});
    expect([refused.status, refused.body?.error?.code]).toEqual([409, 'exchange_is_paused']);
    expect(refused.body.error.message).toBe('exchange is paused');
    expect(await orderStatus()).toBe('resting');
  });

  it('cancels its resting order during a trading pause, as a cancel may', async () => {
    const { h, groupId, orderStatus } = await groupWithRestingOrder();
    h.mock.exchange.pause({ kind: 'trading' });
    expect((await h.call(method, `/portfolio/order_groups/${groupId}${suffix}`, {})).status).toBe(200);
    expect(await orderStatus()).toBe('canceled');
  });
});

// The spec's ExchangeStatus.exchange_active: false means "no longer taking any state changes at all": creating,
// resetting or re-limiting a group is refused alike.
it('creating, resetting or re-limiting an order group is refused during an exchange pause', async () => {
  const { h, groupId } = await groupWithRestingOrder();
  h.mock.exchange.pause({ kind: 'exchange' });
  for (const [method, path, body] of [
    ['POST', '/portfolio/order_groups/create', { contracts_limit: 5 }],
    ['PUT', `/portfolio/order_groups/${groupId}/reset`, {}],
    ['PUT', `/portfolio/order_groups/${groupId}/limit`, { contracts_limit: 5 }],
  ] as const) {
    const refused = await h.call(method, path, body);
    expect([refused.status, refused.body?.error?.code], path).toEqual([409, 'exchange_is_paused']);
  }
  expect((await h.call('GET', '/portfolio/order_groups')).body.order_groups).toHaveLength(1);
});
