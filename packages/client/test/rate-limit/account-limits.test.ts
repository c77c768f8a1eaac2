import { describe, expect, it, vi } from 'vitest';
import { ClientRateLimiter, createKalshiClient, KalshiValidationError, type RateLimitOption } from '../../src';
import { BASE, json, observedClient } from '../helpers';

// U-D5. Spec 3.31.0, GET /account/limits: "Public Predictions tiers include Basic, Advanced, Expert, Premier, Paragon,
// Prime, and Prestige"; its answer is `{ usage_tier, read: { refill_rate, bucket_capacity }, write: {…}, grants }`
// (kalshi-api-notes §8.1, recorded: `{"grants":[],"read":{"bucket_capacity":200,"refill_rate":200},
// "usage_tier":"basic","write":{"bucket_capacity":100,"refill_rate":100}}`). The notes record budgets for five tiers
// only (Basic … Prime): Expert's and Prestige's are not published, so the client takes the account's own answer.

/** An Expert account's answer; the numbers are made up for the test (Kalshi publishes none for Expert). */
const expert = {
  usage_tier: 'expert',
  read: { refill_rate: 250, bucket_capacity: 250 },
  write: { refill_rate: 150, bucket_capacity: 15 },
  grants: [],
};

/** The capacity a limiter's write bucket has: a request costing more is refused, naming it. */
const writeCapacityMessage = (limiter: ClientRateLimiter) =>
  limiter.acquire('BatchCreateOrdersV2', { orders: [{}, {}] }).then(
    () => 'taken',
    (error: Error) => error.message,
  );

describe("rateLimit: the GET /account/limits answer, Kalshi's own budget", () => {
  it('is taken as it comes, its bucket_capacity the bucket', async () => {
    await expect(writeCapacityMessage(new ClientRateLimiter(expert))).resolves.toMatch(
      /costs 20 write tokens but the bucket holds at most 15\b/,
    );
  });

  // ClientRateLimiter's doc: Kalshi's numbers, "a tier's, or the account's answer", get the 10% margin (requests reach
  // the exchange late and bunched); only custom { read, write } buckets are used as given.
  it("keeps the named tiers' 10% margin: it is Kalshi's own budget", async () => {
    vi.useFakeTimers();
    try {
      const limiter = new ClientRateLimiter({ ...expert, write: { refill_rate: 100, bucket_capacity: 100 } });
      for (let i = 0; i < 9; i++) await expect(limiter.acquire('CreateOrderV2')).resolves.toBe(0); // 10 left
      let waited: number | undefined;
      void limiter.acquire('CreateOrderV2').then((ms) => {
        waited = ms;
      });
      await vi.advanceTimersByTimeAsync(111); // 10 held back, 10 more at 90/s: 112 ms
      expect(waited).toBeUndefined();
      await vi.advanceTimersByTimeAsync(1);
      expect(waited).toBe(112);
    } finally {
      vi.useRealTimers();
    }
  });

  it("is taken straight from the client's own GET /account/limits", async () => {
    const { client } = await observedClient(() => json(expert));
    const { data } = await client.GET('/account/limits');
    if (!data) throw new Error('no answer');
    await expect(createKalshiClient({ baseUrl: BASE, rateLimit: data })).resolves.toBeDefined();
  });

  it.each([
    [{ ...expert, read: { refill_rate: 'fast', bucket_capacity: 1 } }, 'rateLimit.read.refill_rate', /got 'fast'/],
    [{ ...expert, write: { refill_rate: 1, bucket_capacity: 0 } }, 'rateLimit.write.bucket_capacity', /got 0/],
  ])('%j: KalshiValidationError naming %s', (limits, field, message) => {
    let error: unknown;
    try {
      new ClientRateLimiter(limits as RateLimitOption as never);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(KalshiValidationError);
    expect(error).toMatchObject({ field });
    expect((error as Error).message).toMatch(message);
  });
});

describe("the tiers whose budgets Kalshi has not published ('expert', 'prestige')", () => {
  it.each(['expert', 'prestige'])('%s as a name: says so and points at GET /account/limits', async (tier) => {
    const error = await createKalshiClient({ rateLimit: tier as never }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KalshiValidationError);
    expect(error).toMatchObject({ field: 'rateLimit' });
    expect((error as Error).message).toBe(
      `rateLimit: Kalshi has not published the '${tier}' tier's budgets: pass your GET /account/limits answer or { read, write } buckets`,
    );
  });
});
