import { setupKalshiMockServer } from '@org/kalshi-mock/node';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { createKalshiClient, type KalshiClientOptions } from '../src';

export const MOCK_BASE = 'https://demo-api.kalshi.co/trade-api/v2';

/** The mock exchange in msw, installed for the calling test file. */
export function useKalshiMock(options: Parameters<typeof setupKalshiMockServer>[0] = {}) {
  const kalshi = setupKalshiMockServer({ baseUrl: MOCK_BASE, ...options });
  beforeAll(() => kalshi.server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => {
    kalshi.exchange.reset();
    kalshi.faults.clear();
    kalshi.server.resetHandlers();
  });
  afterAll(() => kalshi.server.close());
  const client = (extra: KalshiClientOptions = {}) =>
    createKalshiClient({
      baseUrl: MOCK_BASE,
      credentials: { keyId: kalshi.credentials.keyId, privateKey: kalshi.credentials.privateKeyPem },
      retry: { initialDelayMs: 1, maxDelayMs: 4 },
      ...extra,
    });
  return { kalshi, client };
}
