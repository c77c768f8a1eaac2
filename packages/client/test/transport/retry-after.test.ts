import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createKalshiClient, KalshiAbortError, retryAfterMs } from '../../src';
import { json, observedClient, testSigner } from '../helpers';

// RFC 9110 §10.2.3: Retry-After = HTTP-date / delay-seconds, delay-seconds = 1*DIGIT; an HTTP-date is sent as an
// IMF-fixdate (§5.6.7). Kalshi sends none (kalshi-api-notes §8.1); a proxy might. Anything else is ignored.
describe('Retry-After', () => {
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
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

  // Round 27 C1: a 0 (or a date already past) made the retry immediate, every attempt: a proxy answering 429 with
  // `Retry-After: 0` turned the retries into a hot loop. The server's value is a floor; the attempt's own backoff
  // (jittered, as without the header) is the least it waits.
  it.each(['0', 'Mon, 01 Jun 2026 11:00:00 GMT'])(
    'waits at least the normal backoff on Retry-After %j',
    async (value) => {
      vi.useFakeTimers({ now: Date.parse('2026-06-01T12:00:00Z'), toFake: ['Date'] });
      vi.spyOn(Math, 'random').mockReturnValue(0.5);
      const delays: number[] = [];
      const { client, requests } = await observedClient(
        (_r, n) => (n < 3 ? json({ error: 'too many requests' }, 429, { 'retry-after': value }) : json({})),
        {
          retry: { initialDelayMs: 4, maxDelayMs: 100, maxRetryAfterMs: 20 },
          onRetry: (event) => delays.push(event.delayMs),
        },
      );
      await client.GET('/exchange/status');
      expect(requests).toHaveLength(3);
      // Full jitter, random() 0.5: half of initialDelayMs × 2^attempt (4, then 8) for the first and second retry.
      expect(delays).toEqual([2, 4]);
    },
  );

  it('a longer Retry-After than the backoff still wins', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0.5);
    const delays: number[] = [];
    const { client } = await observedClient(
      (_r, n) => (n === 1 ? json({ error: 'too many requests' }, 429, { 'retry-after': '1' }) : json({})),
      {
        retry: { initialDelayMs: 4, maxDelayMs: 100, maxRetryAfterMs: 15 },
        onRetry: (event) => delays.push(event.delayMs),
      },
    );
    await client.GET('/exchange/status');
    expect(delays).toEqual([15]); // 1 s capped at maxRetryAfterMs, above the 2 ms backoff
  });

  // Round 27 C1: `new Headers()` trims a value, but Node's fetch (undici) keeps the trailing whitespace of a header
  // it parsed off the wire (it strips only the leading OWS): "3 " reached retryAfterMs, which ignored it. RFC 9110
  // §5.5: a field value excludes its leading and trailing whitespace (OWS: space, tab).
  it('reads a value with surrounding whitespace as sent by a real server (loopback)', async () => {
    const server = createServer((_req, res) => {
      res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '3 \t', connection: 'close' });
      res.end('{"error":"too many requests"}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const delays: number[] = [];
      const seen: (string | null)[] = [];
      const controller = new AbortController();
      const client = await createKalshiClient({
        baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/trade-api/v2`,
        credentials: await testSigner(),
        fetch: async (input, init) => {
          const response = await fetch(input, init);
          seen.push(response.headers.get('retry-after'));
          return response;
        },
        retry: { initialDelayMs: 1, maxDelayMs: 1, maxRetryAfterMs: 60_000 },
        // The delay chosen is what is checked: the wait itself is cut short, no 3 s spent.
        onRetry: (event) => {
          delays.push(event.delayMs);
          controller.abort();
        },
      });
      const error = await client.GET('/exchange/status', { signal: controller.signal }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(KalshiAbortError);
      expect(seen).toEqual(['3 \t']); // what reaches the client: the trailing whitespace kept
      expect(delays).toEqual([3_000]);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it.each(['3 ', ' 3', '\t3\t'])('reads %j as 3 s', (value) => {
    expect(retryAfterMs(value)).toBe(3_000);
  });
  // An HTTP-date is the sender's clock: once the client has measured the exchange's (a stale-timestamp 401's Date,
  // kalshi-api-notes §2.2, §2.3), a date is compared with that clock, not this machine's. Here this machine is 2 min
  // behind; the Retry-After says 5 s from the exchange's now. (The notes are silent on Retry-After: Kalshi sends none,
  // §8.1; a proxy in front might.)
  // The answer's own Date header is its sender's clock, the one its Retry-After date is written on (RFC 9110 §6.6.1,
  // §10.2.3): a proxy's clock may be neither this machine's nor the exchange's (whose offset, when measured, is the
  // exchange's only). The notes are silent on Retry-After (Kalshi sends none, §8.1). Here the proxy runs 5 min ahead
  // and asks for 5 s: 5 s is waited, not the 305 s (capped at maxRetryAfterMs) this machine's clock reads.
  it('reads an HTTP-date against the Date header of the same answer', async () => {
    vi.useFakeTimers({ now: Date.parse('2026-06-01T12:00:00Z'), toFake: ['Date'] });
    const proxyNow = () => Date.now() + 300_000;
    const delays: number[] = [];
    const controller = new AbortController();
    const { client } = await observedClient(
      () =>
        json({ error: 'too many requests' }, 429, {
          date: new Date(proxyNow()).toUTCString(),
          'retry-after': new Date(proxyNow() + 5_000).toUTCString(),
        }),
      {
        retry: { initialDelayMs: 1, maxDelayMs: 1, maxRetryAfterMs: 60_000 },
        onRetry: (event) => {
          delays.push(event.delayMs);
          controller.abort();
        },
      },
    );
    await client.GET('/portfolio/balance', { signal: controller.signal }).catch(() => undefined);
    expect(delays).toEqual([5_000]);
  });
  it('compares an HTTP-date with the exchange clock once its offset is measured', async () => {
    vi.useFakeTimers({ now: Date.parse('2026-06-01T12:00:00Z'), toFake: ['Date'] });
    const exchangeNow = () => Date.now() + 120_000;
    const delays: number[] = [];
    const controller = new AbortController();
    const { client } = await observedClient(
      (_r, n) =>
        n === 1
          ? json({ error: { code: 'header_timestamp_expired', message: 'expired' } }, 401, {
              date: new Date(exchangeNow()).toUTCString(),
            })
          : json({ error: 'too many requests' }, 429, {
              date: new Date(exchangeNow()).toUTCString(),
              'retry-after': new Date(exchangeNow() + 5_000).toUTCString(),
            }),
      {
        retry: { initialDelayMs: 1, maxDelayMs: 1, maxRetryAfterMs: 60_000 },
        // The delay chosen is what is checked: the wait itself is cut short.
        onRetry: (event) => {
          if (event.reason !== '429') return;
          delays.push(event.delayMs);
          controller.abort();
        },
      },
    );
    await client.GET('/portfolio/balance', { signal: controller.signal }).catch(() => undefined);
    expect(Math.abs(client.clockOffsetMs - 120_000)).toBeLessThanOrEqual(1_000);
    // 5 s, to within the Date header's whole second (not 125 s: this machine's clock).
    expect(delays).toHaveLength(1);
    expect(Math.abs((delays[0] as number) - 5_000)).toBeLessThanOrEqual(1_000);
  });
});
