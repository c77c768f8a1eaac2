import { describe, expect, it } from 'vitest';
import { TEST_USER_ID } from '../../src';
import { harness, order } from '../helpers';

async function setup(seed = 1) {
  const h = await harness({ seed });
  const ticker = [...h.mock.exchange.markets.values()].find((m) => m.status === 'active')!.ticker;
  return { ...h, ticker };
}

describe('fault injection', () => {
  it('returns a status with Kalshi’s body, `times` times, by operationId', async () => {
    const h = await setup();
    h.mock.faults.add({ operation: 'GetBalance', kind: 'status', status: 503, times: 2 });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await h.call('GET', '/portfolio/balance')).status);
    expect(statuses).toEqual([503, 503, 200]);
  });

  it('answers 429 with {"error":"too many requests"} by METHOD path', async () => {
    const h = await setup();
    h.mock.faults.add({ operation: 'GET /markets', kind: 'status', status: 429, times: 1 });
    expect(await h.call('GET', '/markets', undefined, false)).toMatchObject({
      status: 429,
      body: { error: 'too many requests' },
    });
  });

  it('fails with a network error without touching the exchange', async () => {
    const h = await setup();
    h.mock.faults.add({ operation: 'CreateOrderV2', kind: 'network-error', times: 1 });
    expect((await h.call('POST', '/portfolio/events/orders', order(h.ticker))).type).toBe('error');
    expect([...h.mock.exchange.orders.values()].filter((o) => o.userId === TEST_USER_ID)).toHaveLength(0);
  });

  it('commit-then-drop applies the order, then the client sees a network error', async () => {
    const h = await setup();
    h.mock.faults.add({ operation: 'CreateOrderV2', kind: 'commit-then-drop', times: 1 });
    expect((await h.call('POST', '/portfolio/events/orders', order(h.ticker, { client_order_id: 'cd-1' }))).type).toBe(
      'error',
    );
    const mine = [...h.mock.exchange.orders.values()].filter((o) => o.userId === TEST_USER_ID);
    expect(mine.map((o) => o.clientOrderId)).toEqual(['cd-1']);
  });

  it('adds latency', async () => {
    const h = await setup();
    h.mock.faults.add({ operation: 'GetExchangeStatus', kind: 'latency', ms: 50, times: 1 });
    const start = performance.now();
    await h.call('GET', '/exchange/status', undefined, false);
    expect(performance.now() - start).toBeGreaterThanOrEqual(45);
  });

  it('draws probabilities from the seed: the same seed faults the same requests', async () => {
    const pattern = async (seed: number) => {
      const h = await setup(seed);
      h.mock.faults.add({ operation: 'GetExchangeStatus', kind: 'status', status: 500, probability: 0.5 });
      const out: number[] = [];
      for (let i = 0; i < 20; i++) out.push((await h.call('GET', '/exchange/status', undefined, false)).status);
      return out.join();
    };
    const a = await pattern(11);
    expect(await pattern(11)).toBe(a);
    expect(a).toContain('500');
    expect(a).toContain('200');
  });
});

describe('reset', () => {
  it('isolates tests: orders, fills and balances go back to the seeded start', async () => {
    const h = await setup();
    const before = (await h.call('GET', '/portfolio/balance')).body.balance;
    await h.call(
      'POST',
      '/portfolio/events/orders',
      order(h.ticker, { price: '0.9900', time_in_force: 'immediate_or_cancel' }),
    );
    expect((await h.call('GET', '/portfolio/fills')).body.fills.length).toBeGreaterThan(0);
    h.mock.exchange.reset();
    h.mock.faults.clear();
    expect((await h.call('GET', '/portfolio/fills')).body.fills).toEqual([]);
    expect((await h.call('GET', '/portfolio/balance')).body.balance).toBe(before);
  });
});

describe('rate limiting (opt-in)', () => {
  it('spends Kalshi’s token costs and answers 429 when the bucket is empty', async () => {
    const h = await harness({
      rateLimit: { read: { refillRate: 1, capacity: 30 }, write: { refillRate: 1, capacity: 20 } },
    });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await h.call('GET', '/portfolio/balance')).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
  });

  it('is off by default', async () => {
    const h = await harness();
    for (let i = 0; i < 30; i++) expect((await h.call('GET', '/portfolio/balance')).status).toBe(200);
  });
});
