import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateKeyPairSync } from '@org/kalshi-auth/node';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startKalshiMockServer } from '../../src/node';
import { harness, order, signedFetch } from '../helpers';
import { serveUntilExit, spawnServe } from '../serve-process';

// The `usageTier` option: an account's tier without metering (the mock's own API; the notes are silent on it). What
// the tier means is Kalshi's: budgets per kalshi-api-notes §8.1, gates per the spec (CreateSubaccount "Advanced API
// tier and above", CreateApiKey "Premier or Market Maker API usage levels") and notes §2.3 (403 for tier-gated
// endpoints).
const TICKER = 'KXTIER-26DEC01-T1';

afterEach(() => {
  vi.useRealTimers();
});

describe('usageTier', () => {
  it('is what GET /account/limits reports: Premier 1,000/s read (1 s), 1,000/s write (2 s)', async () => {
    const { call } = await harness({ empty: true, usageTier: 'premier' });
    expect((await call('GET', '/account/limits')).body).toEqual({
      usage_tier: 'premier',
      read: { refill_rate: 1000, bucket_capacity: 1000 },
      write: { refill_rate: 1000, bucket_capacity: 2000 },
      grants: [],
    });
  });

  it('reaches a real server: startKalshiMockServer({ usageTier }) reports it', async () => {
    const server = await startKalshiMockServer({ seed: 2, usageTier: 'prime' });
    try {
      expect((await signedFetch(server, 'GET', '/account/limits')).body.usage_tier).toBe('prime');
    } finally {
      await server.close();
    }
  });

  it('opens the Advanced gate (subaccounts) at advanced, and the Premier gate (key upload) only at premier', async () => {
    const publicKey = generateKeyPairSync({ type: 'ed25519' }).publicKeyPem;
    const advanced = await harness({ empty: true, usageTier: 'advanced' });
    expect((await advanced.call('POST', '/portfolio/subaccounts', {})).status).toBe(201);
    const upload = await advanced.call('POST', '/api_keys', { name: 'mine', public_key: publicKey });
    expect(upload.status).toBe(403);
    expect(upload.body.error.details).toMatch(/Premier.*advanced/);

    const premier = await harness({ empty: true, usageTier: 'premier' });
    expect((await premier.call('POST', '/api_keys', { name: 'mine', public_key: publicKey })).status).toBe(201);
    expect((await premier.call('POST', '/portfolio/subaccounts', {})).status).toBe(201);
  });

  // Advanced's write bucket holds 600 tokens (§8.1): four batches of 20 creates spend 800 with no time to refill,
  // which metering would refuse (the 4th, rateLimit: 'advanced' below); usageTier does not meter.
  it('meters nothing: 800 write tokens at once pass at advanced, where rateLimit would answer 429', async () => {
    // The buckets refill on the real clock: frozen, none refills between the batches however slow the machine.
    vi.useFakeTimers({ toFake: ['Date'], now: Date.UTC(2026, 5, 11) });
    const batch = { orders: Array.from({ length: 20 }, () => order(TICKER)) };
    for (const [options, fourth] of [
      [{ usageTier: 'advanced' }, 201],
      [{ rateLimit: 'advanced' }, 429],
    ] as const) {
      const { mock, call } = await harness({ empty: true, now: 1_790_000_000_000, ...options });
      mock.exchange.addMarket({ ticker: TICKER });
      const statuses = [];
      for (let i = 0; i < 4; i++) statuses.push((await call('POST', '/portfolio/events/orders/batched', batch)).status);
      expect(statuses).toEqual([201, 201, 201, fourth]);
    }
  });
});

// `kalshi-mock serve --usage-tier TIER`: the `usageTier` option from the command line, checked by the option's own rules
// (shared/options.ts) named as the flag. Spawns processes: generous timeouts, waits on events only.
describe('kalshi-mock serve --usage-tier', () => {
  it('reports the tier, meters nothing, and still refuses a request past its bucket', { timeout: 90_000 }, async () => {
    const credentials = join(mkdtempSync(join(tmpdir(), 'kalshi-mock-tier-')), 'creds.json');
    const { url, stop } = await spawnServe(['--usage-tier', 'advanced', '--credentials-out', credentials]);
    try {
      const { keyId, privateKey, privateKeyPem } = JSON.parse(readFileSync(credentials, 'utf8'));
      const server = { url, mock: { credentials: { keyId, privateKey, privateKeyPem } } };
      // Advanced per kalshi-api-notes §8.1: 300/s read (capacity 1 s), 300/s write (capacity 2 s).
      expect((await signedFetch(server, 'GET', '/account/limits')).body).toEqual({
        usage_tier: 'advanced',
        read: { refill_rate: 300, bucket_capacity: 300 },
        write: { refill_rate: 300, bucket_capacity: 600 },
        grants: [],
      });
      const ticker = (await (await fetch(`${url}/markets?status=open&limit=1`)).json()).markets[0].ticker;
      const creates = (n: number) => ({ orders: Array.from({ length: n }, () => order(ticker)) });
      // Ten batches of 20 creates spend 2,000 write tokens: metered, the bucket (600, refilling 300/s) would refuse
      // the 4th unless over a second passed between batches. Not metered: all ten are placed.
      const statuses = [];
      for (let i = 0; i < 10; i++)
        statuses.push((await signedFetch(server, 'POST', '/portfolio/events/orders/batched', creates(20))).status);
      expect(statuses).toEqual(Array(10).fill(201));
      // One request costing more than the bucket can ever hold (61 creates: 610 > 600) is Kalshi's 429 every time.
      expect(await signedFetch(server, 'POST', '/portfolio/events/orders/batched', creates(61))).toEqual({
        status: 429,
        body: { error: 'too many requests' },
      });
    } finally {
      await stop();
    }
  });

  it.each([
    [['--usage-tier', 'gold-ish'], '--usage-tier: "gold-ish" is not a tier (basic, advanced, premier, paragon, prime)'],
    [
      ['--usage-tier', 'premier', '--rate-limit', 'basic'],
      '--usage-tier: --rate-limit sets the tier too (and meters it): give one of the two',
    ],
  ])('kalshi-mock serve %j fails naming the flag', { timeout: 60_000 }, async (args, message) => {
    const { code, stderr } = await serveUntilExit(args);
    expect(code).toBe(1);
    expect(stderr).toBe(`kalshi-mock: ${message}\n`);
  });
});
