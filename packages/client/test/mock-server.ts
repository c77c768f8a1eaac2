import { useKalshiMock as useMockExchange } from '@org/kalshi-mock/vitest';
import { createKalshiClient, type KalshiClientOptions } from '../src';

export const MOCK_BASE = 'https://demo-api.kalshi.co/trade-api/v2';

/**
 * The mock exchange in msw for the calling test file (the mock's own `useKalshiMock`: strict listen, reset after each
 * test), plus a client for it with short retry delays.
 */
export function useKalshiMock(options: Parameters<typeof useMockExchange>[0] = {}) {
  const kalshi = useMockExchange({ baseUrl: MOCK_BASE, ...options });
  const client = (extra: KalshiClientOptions = {}) =>
    createKalshiClient({
      baseUrl: MOCK_BASE,
      // Key and PEM only, as credentials of one's own; the mock's not-listening guard has its own tests (test/mock).
      credentials: { keyId: kalshi.credentials.keyId, privateKey: kalshi.credentials.privateKey },
      retry: { initialDelayMs: 1, maxDelayMs: 4 },
      ...extra,
    });
  return { kalshi, client };
}
