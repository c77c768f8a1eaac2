import { createKalshiMock } from '@org/kalshi-mock';
import { setupKalshiMockServer } from '@org/kalshi-mock/node';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';

// As a user's test suite would use it: by package name, msw's server, strict unhandled requests, reset per test.
const kalshi = setupKalshiMockServer();
beforeAll(() => kalshi.server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  kalshi.exchange.reset();
  kalshi.faults.clear();
  kalshi.server.resetHandlers();
});
afterAll(() => kalshi.server.close());

it('intercepts fetch to Kalshi’s production and demo hosts', async () => {
  for (const host of [
    'https://external-api.kalshi.com',
    'https://api.elections.kalshi.com',
    'https://demo-api.kalshi.co',
  ]) {
    const response = await fetch(`${host}/trade-api/v2/exchange/status`);
    expect(await response.json()).toEqual({ exchange_active: true, trading_active: true });
  }
});

it('exposes the factory from the main entry too', () => {
  const mock = createKalshiMock({ baseUrl: 'http://localhost:9/trade-api/v2' });
  expect(mock.baseUrls).toEqual(['http://localhost:9/trade-api/v2']);
  expect(mock.credentials.privateKeyPem).toContain('BEGIN RSA PRIVATE KEY');
});
