import { expect, vi } from 'vitest';
import { ClientRateLimiter } from '../../src';

/**
 * The account's own numbers (no named tier's margin): the client's bucket is Kalshi's, `capacity` tokens (100 unless
 * given) refilling 100/s, for reads and writes alike.
 */
export const kalshisBucket = (capacity = 100) =>
  new ClientRateLimiter({ read: { refillRate: 100, capacity }, write: { refillRate: 100, capacity } });

/**
 * Asks `limiter` for a permit (`request`: the operation and its body) and checks that it waits: not granted after
 * `waitingMs` of fake time, granted `moreMs` later. Settles it.
 */
export async function grantedBetween(
  limiter: ClientRateLimiter,
  request: Parameters<ClientRateLimiter['permit']>,
  waitingMs: number,
  moreMs: number,
) {
  let granted = false;
  const permit = limiter.permit(...request).then((granting) => {
    granted = true;
    return granting;
  });
  await vi.advanceTimersByTimeAsync(waitingMs);
  expect(granted).toBe(false);
  await vi.advanceTimersByTimeAsync(moreMs);
  expect(granted).toBe(true);
  (await permit).settle();
}
