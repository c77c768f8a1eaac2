import { afterEach, describe, expect, it, vi } from 'vitest';
import { retryAfterMs } from '../../src';
import { json, observedClient } from '../helpers';

// RFC 9110 §10.2.3: Retry-After = HTTP-date / delay-seconds, delay-seconds = 1*DIGIT; an HTTP-date is sent as an
// IMF-fixdate (§5.6.7). Kalshi sends none (kalshi-api-notes §8.1); a proxy might. Anything else is ignored.
describe('Retry-After', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('takes delay-seconds', () => {
    expect(retryAfterMs('0')).toBe(0);
    expect(retryAfterMs('3')).toBe(3_000);
    expect(retryAfterMs('120')).toBe(120_000);
  });

  it('takes an IMF-fixdate', () => {
    vi.useFakeTimers({ now: Date.parse('2026-06-01T12:00:00Z') });
    expect(retryAfterMs('Mon, 01 Jun 2026 12:00:05 GMT')).toBe(5_000);
    expect(retryAfterMs('Mon, 01 Jun 2026 11:00:00 GMT')).toBe(0); // past: now
  });

  it.each(['later 1', 'Tue 3', '-5', '0x3', '1e1', '1.5', '+3', ' ', 'Infinity', '2026-06-01T12:00:05Z', 'soon'])(
    'ignores %j',
    (value) => {
      expect(retryAfterMs(value)).toBeUndefined();
    },
  );

  it('falls back to the normal backoff for a malformed value', async () => {
    const delays: number[] = [];
    const { client } = await observedClient(
      (_r, n) => (n === 1 ? json({ error: 'too many requests' }, 429, { 'retry-after': '1e1' }) : json({})),
      {
        retry: { initialDelayMs: 7, maxDelayMs: 7, maxRetryAfterMs: 20 },
        onRetry: (event) => delays.push(event.delayMs),
      },
    );
    await client.GET('/exchange/status');
    expect(delays).toHaveLength(1);
    expect(delays[0]).toBeLessThanOrEqual(7); // the backoff (≤ 7 ms), not 10 s capped to maxRetryAfterMs (20)
  });

  it('caps a huge value at maxRetryAfterMs', async () => {
    const delays: number[] = [];
    const { client } = await observedClient(
      (_r, n) => (n === 1 ? json({ error: 'too many requests' }, 429, { 'retry-after': '99999999999' }) : json({})),
      { onRetry: (event) => delays.push(event.delayMs) },
    );
    await client.GET('/exchange/status');
    expect(delays).toEqual([20]); // helpers' maxRetryAfterMs
  });
});
