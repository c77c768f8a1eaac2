import { describe, expect, it } from 'vitest';
import { harness, order } from '../helpers';

// Issue 14: the same seed and the same steps give the same ids and data, for any number of mocks in one process.
async function steps() {
  const h = await harness({ now: 1_790_000_000_000, seed: 21, users: 1 });
  const ticker = [...h.mock.exchange.markets.values()].find((m) => m.status === 'active')?.ticker as string;
  const first = await h.call('POST', '/portfolio/events/orders', order(ticker, { count: '2', price: '0.0200' }));
  const read = await h.call('GET', `/portfolio/orders/${first.body.order_id}`);
  // Presenting markets, events, fills, trades and positions must not change which ids come next.
  const markets = (await h.call('GET', '/markets?limit=3')).body;
  const reads = await Promise.all(
    ['/events?limit=2', '/series', '/portfolio/fills', '/markets/trades?limit=2', '/portfolio/positions'].map(
      async (path) => (await h.call('GET', path)).body,
    ),
  );
  const group = await h.call('POST', '/portfolio/order_groups/create', { contracts_limit: 5 });
  const second = await h.call('POST', '/portfolio/events/orders', order(ticker, { count: '1', price: '0.0300' }));
  const list = await h.call('GET', '/portfolio/orders');
  return {
    users: h.mock.users.map((u) => [u.userId, u.keyId]),
    ids: [first.body.order_id, group.body.order_group_id, second.body.order_id],
    read: read.body,
    list: list.body,
    markets,
    reads,
  };
}

describe('determinism', () => {
  it('gives two mocks in one process the same ids and data for the same seed and steps', async () => {
    const a = await steps();
    const b = await steps();
    expect(new Set(a.ids).size).toBe(3);
    expect(b).toEqual(a);
  });
});
