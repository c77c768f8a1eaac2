import { describe, expect, it } from 'vitest';
import { harness, order } from '../helpers';

// Pagination (kalshi-api-notes §6.2: an opaque cursor, "" on the last page) must neither drop nor repeat an order,
// stale-read fault or not: the fault changes what an order reads as (its state lagMs ago), not which orders the list
// holds (round 29, P: with the fault on, orders placed in the same millisecond shared one cursor key, and every one
// after the first page was dropped).
describe('GET /portfolio/orders pages under a stale-read fault', () => {
  it('lists every order once, however small the pages', async () => {
    const h = await harness({ now: Date.UTC(2026, 5, 11, 18), seed: 4 });
    const ticker = [...h.mock.exchange.markets.values()].find((m) => m.status === 'active')?.ticker as string;
    const placed: string[] = [];
    // Five orders in one millisecond of the (fixed) exchange clock.
    for (let i = 0; i < 5; i++)
      placed.push((await h.call('POST', '/portfolio/events/orders', order(ticker, { price: '0.0100' }))).body.order_id);
    h.mock.faults.add({ kind: 'stale-read', operation: 'GetOrders', lagMs: 100 });
    h.mock.exchange.advanceTime(1000);
    const seen: string[] = [];
    let cursor = '';
    for (let page = 0; page < 10; page++) {
      const { status, body } = await h.call('GET', `/portfolio/orders?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(status).toBe(200);
      seen.push(...body.orders.map((o: { order_id: string }) => o.order_id));
      cursor = body.cursor;
      if (!cursor) break;
    }
    expect(seen).toHaveLength(5);
    expect([...seen].sort()).toEqual([...placed].sort());
  });
});
