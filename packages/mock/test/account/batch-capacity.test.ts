import { describe, expect, it } from 'vitest';
import { harness, order } from '../helpers';

// kalshi-api-notes §8.1: a Basic account's write bucket holds 100 tokens (1 s of its 100/s budget; other tiers hold
// 2 s), a create costs 10 and a V2 cancel 2, "Batches are billed per item (25 creates = 250; 25 cancels × 2 = 50)",
// and "a request is allowed iff the bucket holds ≥ its cost": a batch billed past the capacity is 429
// `{"error": "too many requests"}` every time. The mock refuses it so without its `rateLimit` option too (nothing
// else metered), or a bot green on the mock is stuck on 429 in production.
const TICKER = 'KXBATCH-26DEC01-T1';
const creates = (n: number) => ({ orders: Array.from({ length: n }, () => order(TICKER)) });

async function account(options: Parameters<typeof harness>[0] = {}) {
  const h = await harness({ empty: true, now: 1_790_000_000_000, seed: 5, ...options });
  h.mock.exchange.addMarket({ ticker: TICKER });
  const resting = async () =>
    (await h.call('GET', `/portfolio/orders?ticker=${TICKER}&status=resting`)).body.orders as { order_id: string }[];
  return { ...h, resting };
}

describe('a batch past its bucket capacity, metering off', () => {
  it('Basic: 10 creates (100 tokens) are 201, 11 (110) are 429 in Kalshi body and rest nothing', async () => {
    const { call, resting } = await account();
    expect((await call('GET', '/account/limits')).body.usage_tier).toBe('basic');
    const ten = await call('POST', '/portfolio/events/orders/batched', creates(10));
    expect(ten.status).toBe(201);
    expect(ten.body.orders).toHaveLength(10);

    const eleven = await call('POST', '/portfolio/events/orders/batched', creates(11));
    expect(eleven).toMatchObject({ status: 429, body: { error: 'too many requests' } });
    expect(await resting()).toHaveLength(10);
    // Not metered: the refusal is the batch's size, not a spent bucket; a repeat of 10 still passes.
    expect((await call('POST', '/portfolio/events/orders/batched', creates(10))).status).toBe(201);
  });

  it('Basic: a batch cancel of 20 (2 tokens an item: 40) is 200 and cancels all 20', async () => {
    const { call, resting } = await account();
    for (let i = 0; i < 2; i++)
      expect((await call('POST', '/portfolio/events/orders/batched', creates(10))).status).toBe(201);
    const ids = (await resting()).map((o) => o.order_id);
    expect(ids).toHaveLength(20);
    const cancel = await call('DELETE', '/portfolio/events/orders/batched', {
      orders: ids.map((order_id) => ({ order_id })),
    });
    expect(cancel.status).toBe(200);
    expect(cancel.body.orders).toHaveLength(20);
    expect(await resting()).toHaveLength(0);
  });

  // Advanced's write bucket holds 600 tokens: 20 creates (200) pass, metered or not.
  it.each([{ rateLimit: 'advanced' }, { usageTier: 'advanced' }] as const)(
    'a 20-create batch is 201 with %j',
    async (options) => {
      const { call, resting } = await account(options);
      const twenty = await call('POST', '/portfolio/events/orders/batched', creates(20));
      expect(twenty.status).toBe(201);
      expect(await resting()).toHaveLength(20);
    },
  );

  // The spec's upgrade (UpgradeAccountApiUsageLevel) grants Advanced for good: the account's bucket is Advanced's.
  it('a Basic account granted Advanced by the upgrade sends a 20-create batch', async () => {
    const { call } = await account();
    expect((await call('POST', '/portfolio/events/orders/batched', creates(20))).status).toBe(429);
    expect((await call('POST', '/portfolio/events/orders', order(TICKER))).status).toBe(201);
    expect((await call('POST', '/account/api_usage_level/upgrade', {})).status).toBe(201);
    expect((await call('POST', '/portfolio/events/orders/batched', creates(20))).status).toBe(201);
  });
});

// A batch whose `orders` is not an array is a malformed body, not 1,001 items: billed by a string's `.length` it was a
// 429 (10,010 tokens past Basic's 100). Kalshi answers a body field of the wrong JSON type 400 in the flat shape with
// Go's unmarshal text (kalshi-api-notes §3.1 shape 2, §3.2 `bad_request`); §8.1 bill a batch per item and are silent
// on whether the body or the bucket is checked first, so the malformed body is what the client hears.
describe('a batch whose orders is not an array', () => {
  const malformed = 'x'.repeat(1001);
  it.each([
    ['BatchCreateOrdersV2', 'POST'],
    ['BatchCancelOrdersV2', 'DELETE'],
  ] as const)('%s with a 1,001-character string is 400 naming orders, never 429', async (operation, method) => {
    for (const options of [{}, { rateLimit: 'basic' }] as const) {
      const { call } = await account(options);
      const response = await call(method, '/portfolio/events/orders/batched', { orders: malformed });
      expect(response).toMatchObject({ status: 400, body: { code: 'bad_request', message: 'bad request' } });
      expect(response.body.details).toMatch(
        new RegExp(`^json: cannot unmarshal string into Go struct field ${operation}Request\\.orders of type `),
      );
    }
  });
});
