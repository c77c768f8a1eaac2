import { createSigner } from '@org/kalshi-auth';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BASE, call, harness } from '../helpers';

// Whose bucket a request spends. kalshi-api-notes §8.1 tie the Read/Write budgets to the usage tier, and `GET
// /account/limits` reports "the authenticated user's … usage tier and token-bucket limits" (spec GetAccountApiLimits;
// `usage_tier` "User's effective … tier"). The notes do not say "per user" (nor "per key") in so many words: the mock
// meters per account, so a second API key of the same account shares its buckets instead of doubling them.

afterEach(() => {
  vi.useRealTimers();
});

describe('rate-limit buckets', () => {
  it("are the account's: a second API key of the same account spends the same Basic read bucket", async () => {
    // The buckets refill on the real clock: frozen, so nothing refills mid-test.
    vi.useFakeTimers({ toFake: ['Date'], now: Date.UTC(2026, 5, 11) });
    const h = await harness({ empty: true, rateLimit: 'basic', users: 1 });
    const generated = await h.call('POST', '/api_keys/generate', { name: 'second key' });
    expect(generated.status).toBe(201);
    const second = await createSigner({ keyId: generated.body.api_key_id, privateKey: generated.body.private_key });
    const withSecond = (path: string) => call(h.mock, second, BASE, 'GET', path);
    // Basic read: 200 tokens, default cost 10 (§8.1): 20 requests for the account, whichever key signs them. Generating
    // the key was one (the Write bucket is orders, order groups and quotes; "anything not routed elsewhere" is Read).
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push((await h.call('GET', '/portfolio/balance')).status);
    for (let i = 0; i < 8; i++) statuses.push((await withSecond('/portfolio/balance')).status);
    expect(statuses).toEqual(Array(19).fill(200));
    expect((await withSecond('/portfolio/balance')).status).toBe(429);
    expect((await h.call('GET', '/portfolio/balance')).status).toBe(429);
    // Another account's bucket is its own.
    const [other] = h.mock.users;
    const otherSigner = await createSigner({ keyId: other!.keyId, privateKey: other!.privateKey });
    expect((await call(h.mock, otherSigner, BASE, 'GET', '/portfolio/balance')).status).toBe(200);
  });
});
