import { afterEach, describe, expect, it, vi } from 'vitest';
import { startKalshiMockServer } from '../../src/node';
import { harness, signedFetch } from '../helpers';

// T-D1: the mock's token buckets are test state like orders and balances. A test's afterEach (`exchange.reset()`,
// `useKalshiMock`'s hooks, `POST /_mock/reset`) must hand the next test full buckets, or a burst in one test earns
// the next one 429s and the outcome depends on test order. Kalshi has no reset (the notes are silent: this is the
// mock's own contract); a fresh bucket holds its capacity (kalshi-api-notes §8.1, token buckets per tier).

afterEach(() => {
  vi.useRealTimers();
});

// The buckets refill on the real clock: frozen, so nothing refills between the burst and the reset.
const frozen = () => vi.useFakeTimers({ toFake: ['Date'], now: Date.UTC(2026, 5, 11) });
// Basic read: 200 tokens, 10 per GET (§8.1): 20 requests, the 21st is refused.
const BURST = 20;

describe('reset restores full rate-limit buckets', () => {
  it('exchange.reset() refills the read bucket the previous test drained', async () => {
    frozen();
    const h = await harness({ empty: true, rateLimit: 'basic' });
    for (let i = 0; i < BURST; i++) expect((await h.call('GET', '/portfolio/balance')).status).toBe(200);
    expect((await h.call('GET', '/portfolio/balance')).status).toBe(429);
    h.mock.exchange.reset();
    const statuses: number[] = [];
    for (let i = 0; i <= BURST; i++) statuses.push((await h.call('GET', '/portfolio/balance')).status);
    expect(statuses).toEqual([...Array(BURST).fill(200), 429]);
  });

  it('POST /_mock/reset on the served mock refills them too', async () => {
    frozen();
    const server = await startKalshiMockServer({ empty: true, rateLimit: 'basic' });
    try {
      for (let i = 0; i < BURST; i++) expect((await signedFetch(server, 'GET', '/portfolio/balance')).status).toBe(200);
      expect((await signedFetch(server, 'GET', '/portfolio/balance')).status).toBe(429);
      const reset = await fetch(`${server.url.replace('/trade-api/v2', '')}/_mock/reset`, { method: 'POST' });
      expect(reset.status).toBe(200);
      expect((await signedFetch(server, 'GET', '/portfolio/balance')).status).toBe(200);
    } finally {
      await server.close();
    }
  });
});
