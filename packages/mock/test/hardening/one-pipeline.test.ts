import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_USER_ID } from '../../src';
import { type RunningKalshiMockServer, startKalshiMockServer } from '../../src/node';
import { signedFetch } from '../helpers';
import { serveUntilExit, spawnServe } from '../serve-process';

// Defect 6 of issue 13: the node server and msw share one pipeline, so `rateLimit` (auth, faults, validation)
// behave the same on both. A batch of 20 creates costs 20 × 10 tokens (kalshi-api-notes §8.1), more than the
// Basic write bucket holds (100), so it is refused whatever the clock does.
const batch = (ticker: string) => ({
  orders: Array.from({ length: 20 }, (_, i) => ({
    ticker,
    side: 'bid',
    count: '1',
    price: '0.0100',
    time_in_force: 'good_till_canceled',
    self_trade_prevention_type: 'taker_at_cross',
    client_order_id: `batch-${i}`,
  })),
});

describe('startKalshiMockServer({ rateLimit })', () => {
  let server: RunningKalshiMockServer;
  beforeAll(async () => {
    server = await startKalshiMockServer({ seed: 2, rateLimit: 'basic' });
  });
  afterAll(() => server.close());

  it('answers 429 with Kalshi body and no Retry-After when the bucket cannot pay', async () => {
    const ticker = [...server.mock.exchange.markets.values()].find((m) => m.status === 'active')!.ticker;
    const response = await signedFetch(server, 'POST', '/portfolio/events/orders/batched', batch(ticker));
    expect(response.status).toBe(429);
    expect(response.body).toEqual({ error: 'too many requests' });
    expect(server.mock.exchange.orders.size).toBe(
      [...server.mock.exchange.orders.values()].filter((o) => o.userId !== TEST_USER_ID).length,
    );
  });

  it('spends tokens per request: a custom bucket of 3 reads answers the fourth with 429', async () => {
    const custom = await startKalshiMockServer({
      seed: 2,
      rateLimit: { read: { refillRate: 0, capacity: 30 }, write: { refillRate: 0, capacity: 30 } },
    });
    try {
      const statuses = [];
      for (let i = 0; i < 4; i++) statuses.push((await signedFetch(custom, 'GET', '/portfolio/balance')).status);
      expect(statuses).toEqual([200, 200, 200, 429]);
    } finally {
      await custom.close();
    }
  });
});

describe('kalshi-mock serve --rate-limit', () => {
  it('enforces the tier over HTTP', { timeout: 90_000 }, async () => {
    const credentials = join(mkdtempSync(join(tmpdir(), 'kalshi-mock-rl-')), 'creds.json');
    const { url, stop } = await spawnServe(['--rate-limit', 'basic', '--credentials-out', credentials]);
    try {
      const { keyId, privateKey, privateKeyPem } = JSON.parse(readFileSync(credentials, 'utf8'));
      const markets = await (await fetch(`${url}/markets?status=open&limit=1`)).json();
      const server = { url, mock: { credentials: { keyId, privateKey, privateKeyPem } } };
      const response = await signedFetch(
        server,
        'POST',
        '/portfolio/events/orders/batched',
        batch(markets.markets[0].ticker),
      );
      expect(response.status).toBe(429);
      expect(response.body).toEqual({ error: 'too many requests' });
    } finally {
      await stop();
    }
  });

  it('names an unknown tier', { timeout: 60_000 }, async () => {
    const { code, stderr } = await serveUntilExit(['--rate-limit', 'gold']);
    expect(code).toBe(1);
    expect(stderr).toContain('--rate-limit: "gold" is not a tier (basic, advanced, premier, paragon, prime)');
  });
});
