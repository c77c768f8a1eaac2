// A signer whose clock is 2 minutes slow, against the in-process msw mock (the setup the mock's README recommends for
// tests), as test/ws/clock-skew-mock.test.ts does against `kalshi-mock serve`: the mock refuses the stale signature
// with 401 `header_timestamp_expired` (kalshi-api-notes §2.2, §2.3) and a Date header, as any HTTP origin does (RFC
// 9110 §6.6.1); the client measures its offset from that Date (src/clock-skew.ts) and signs again with its own clock
// plus that offset. In one process the mock's clock is this machine's, so the offset is what Date's whole seconds
// leave: this process's Date is frozen on a whole second, where the client takes the middle of it (+500 ms).
import { createSigner } from '@org/kalshi-auth';
import { setupKalshiMockServer } from '@org/kalshi-mock/node';
import { afterAll, afterEach, beforeAll, expect, it, vi } from 'vitest';
import { createKalshiClient, unwrap } from '../../src';
import { createKalshiStream } from '../../src/ws';

const SLOW_MS = 120_000;
const kalshi = setupKalshiMockServer();
beforeAll(() => kalshi.listen());
afterAll(() => kalshi.server.close());
afterEach(() => vi.useRealTimers());

const slowSigner = () => createSigner({ ...kalshi.credentials, clock: () => Date.now() - SLOW_MS });

it('a client whose signer clock is 2 minutes slow recovers: it measures the offset from the refusal and re-signs', async () => {
  vi.useFakeTimers({ toFake: ['Date'], now: Date.UTC(2026, 11, 3, 12, 0, 0) });
  const statuses: (readonly [number, string | null])[] = [];
  const client = await createKalshiClient({
    environment: 'demo',
    credentials: await slowSigner(),
    retry: false,
    fetch: async (input, init) => {
      const response = await fetch(input, init);
      statuses.push([response.status, response.headers.get('date')]);
      return response;
    },
  });
  expect(unwrap(await client.GET('/portfolio/balance')).balance).toBeTypeOf('number');
  expect(statuses.map(([status]) => status)).toEqual([401, 200]);
  expect(statuses.every(([, date]) => date !== null)).toBe(true);
  expect(statuses[0]?.[1]).toBe('Thu, 03 Dec 2026 12:00:00 GMT');
  expect(client.clockOffsetMs).toBe(500);

  // With the offset it measured, a stream signed by the same slow clock opens at its first handshake.
  const stream = await createKalshiStream({ environment: 'demo', credentials: await slowSigner(), clockFrom: client });
  await expect(stream.listSubscriptions()).resolves.toEqual([]);
  await stream.close();
});
