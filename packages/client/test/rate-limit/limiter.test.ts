import { expect, it } from 'vitest';
import { ClientRateLimiter } from '../../src';
import { useKalshiMock } from '../mock-server';

// The mock meters like Kalshi's Basic tier scaled down: 50 read tokens, refilled 100/s (10 per GET).
const tier = { read: { refillRate: 100, capacity: 50 }, write: { refillRate: 100, capacity: 50 } };
const { client } = useKalshiMock({ rateLimit: tier });

it('without a client-side limiter a burst earns 429s', async () => {
  const k = await client({ retry: false });
  const statuses = await Promise.all(
    Array.from({ length: 12 }, async () => (await k.GET('/portfolio/balance')).response.status),
  );
  expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(0);
});

it('with the same buckets on the client, the burst queues and every request succeeds', async () => {
  await new Promise((r) => setTimeout(r, 600)); // let the mock's bucket refill after the previous test
  // Slightly under the exchange's numbers: requests reach it a little after they leave the client.
  const k = await client({
    retry: false,
    rateLimit: { read: { refillRate: 90, capacity: 45 }, write: { refillRate: 90, capacity: 45 } },
  });
  const statuses = await Promise.all(
    Array.from({ length: 12 }, async () => (await k.GET('/portfolio/balance')).response.status),
  );
  expect(statuses).toEqual(Array(12).fill(200));
});

it('charges batches per item and cancels at 2 tokens, then queues until the bucket refills', async () => {
  const limiter = new ClientRateLimiter({
    read: { refillRate: 1, capacity: 10 },
    write: { refillRate: 200, capacity: 20 },
  });
  await limiter.acquire('BatchCancelOrdersV2', { orders: [{}, {}, {}] }); // 6 tokens
  await limiter.acquire('CancelOrderV2'); // 2
  await limiter.acquire('CreateOrderV2'); // 10 → 18 of 20 used
  let done = false;
  const pending = limiter.acquire('CreateOrderV2').then(() => {
    done = true;
  });
  await Promise.resolve();
  expect(done).toBe(false); // 8 more tokens needed: it waits (about 40 ms at 200/s)
  await pending;
  expect(done).toBe(true);
});
