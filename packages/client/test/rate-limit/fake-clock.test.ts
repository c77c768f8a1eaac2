import { afterEach, describe, expect, it, vi } from 'vitest';
import { ClientRateLimiter } from '../../src';

// T-D2: the limiter read the clock it found at construction (`now = Date.now`), so a client created before
// `vi.useFakeTimers()` (in beforeAll, say) refilled from the real clock while its waits ran on fake time, and one
// created under fake timers kept the frozen fake clock once they were gone. The pacing itself is Kalshi's token
// bucket (kalshi-api-notes §8.1); which clock it reads is the client's own matter (the notes are silent): the one
// installed when it is read, as the timers it sets are.

afterEach(() => {
  vi.useRealTimers();
});

// 10 read tokens refilled at 10/s: each GetBalance (10 tokens, §8.1) after the first waits 1 s.
const tier = { read: { refillRate: 10, capacity: 10 }, write: { refillRate: 10, capacity: 10 } };

/** Settles `count` balance reads on the limiter, and tells how many were served after `ms` of fake time. */
async function servedAfter(limiter: ClientRateLimiter, count: number, ms: number): Promise<number> {
  let served = 0;
  for (let i = 0; i < count; i++) void limiter.acquire('GetBalance').then(() => served++);
  await vi.advanceTimersByTimeAsync(ms);
  return served;
}

describe('the client limiter reads the clock at each call', () => {
  it('created before vi.useFakeTimers(), it refills on fake time', async () => {
    const limiter = new ClientRateLimiter(tier);
    vi.useFakeTimers();
    expect(await servedAfter(limiter, 4, 3_000)).toBe(4);
  });

  it('created under fake timers, it refills on the clock installed afterwards', async () => {
    vi.useFakeTimers();
    const limiter = new ClientRateLimiter(tier);
    vi.useRealTimers(); // the first fake clock is gone: a limiter that kept its Date.now would never refill again
    vi.useFakeTimers();
    expect(await servedAfter(limiter, 4, 3_000)).toBe(4);
  });
});
