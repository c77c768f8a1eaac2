import { setupKalshiMockServer } from '@org/kalshi-mock/node';
import { afterEach, expect, it, vi } from 'vitest';
import { createKalshiClient, KalshiMockNotListeningError, unwrap } from '../../src';

// Issue 17 item 7: with the mock's credentials, a forgotten `listen()` must not send requests to Kalshi's real hosts.
// `fetch` is replaced by a spy that answers nothing: the assertion is that it is never called.
const kalshi = setupKalshiMockServer();
const network = vi.fn(async () => new Response('{}', { status: 599 }));
afterEach(() => {
  kalshi.server.close();
  vi.unstubAllGlobals();
  network.mockClear();
});

it('refuses, before any request leaves, while the mock server is not listening', async () => {
  vi.stubGlobal('fetch', network);
  const client = await createKalshiClient({ environment: 'demo', credentials: kalshi.credentials });
  await expect(client.GET('/portfolio/balance')).rejects.toThrow(KalshiMockNotListeningError);
  await expect(client.GET('/markets')).rejects.toThrow(/Kalshi's real host external-api\.demo\.kalshi\.co.*listen\(\)/);
  const ticker = 'KX-ANY';
  await expect(client.placeOrder({ ticker, action: 'buy', side: 'yes', price: '0.01', count: 1 })).rejects.toThrow(
    KalshiMockNotListeningError,
  );
  const copy = await createKalshiClient({ environment: 'production', credentials: { ...kalshi.credentials } });
  await expect(copy.GET('/portfolio/balance')).rejects.toThrow(KalshiMockNotListeningError);
  expect(network).not.toHaveBeenCalled();
});

it('works while it listens, and refuses again once it is closed', async () => {
  const client = await createKalshiClient({ environment: 'demo', credentials: kalshi.credentials });
  kalshi.listen();
  expect(unwrap(await client.GET('/portfolio/balance')).balance).toBeGreaterThan(0);
  kalshi.server.close();
  vi.stubGlobal('fetch', network);
  await expect(client.GET('/portfolio/balance')).rejects.toThrow(KalshiMockNotListeningError);
  expect(network).not.toHaveBeenCalled();
});

it('lets the same credentials reach any other host (a mock on loopback)', async () => {
  const client = await createKalshiClient({
    baseUrl: 'http://127.0.0.1:4010/trade-api/v2',
    credentials: kalshi.credentials,
    fetch: network as unknown as typeof fetch,
    retry: false,
  });
  await client.GET('/exchange/status').catch(() => undefined);
  expect(network).toHaveBeenCalledTimes(1);
});
