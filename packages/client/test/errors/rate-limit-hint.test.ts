// Issue 17 item 6: errors name what they concern and, where the cause is common, the likely fix. A 429 is Kalshi's
// token bucket holding less than the request's cost (kalshi-api-notes §8.1), with no Retry-After to wait out: the fix
// is to pace the requests to the account's budget, which the client's `rateLimit` option does (package README).
import { expect, it } from 'vitest';
import { KalshiRateLimitError, unwrap } from '../../src';
import { json, observedClient } from '../helpers';

it('a 429 after the retries names the call and says how to pace requests', async () => {
  const { client } = await observedClient(() => json({ error: 'too many requests' }, 429), { retry: false });
  const error = await client
    .GET('/portfolio/orders/{order_id}', { params: { path: { order_id: 'o-1' } } })
    .then(unwrap)
    .catch((e: unknown) => e);
  expect(error).toBeInstanceOf(KalshiRateLimitError);
  expect((error as Error).message).toContain('order o-1');
  expect((error as Error).message).toContain('rateLimit');
});
