import { useKalshiMock } from '@org/kalshi-mock/vitest';
import { expect, it } from 'vitest';

// Issue 17 item 7: `useKalshiMock()` registers the hooks itself, so no test file can forget `listen()`. The two
// tests run in order (vitest runs a file's tests sequentially): the second sees the first's state reset.
const kalshi = useKalshiMock();

it('listens for the file’s tests without a listen() call', async () => {
  const response = await fetch('https://external-api.demo.kalshi.co/trade-api/v2/exchange/status');
  expect(await response.json()).toEqual({ exchange_active: true, trading_active: true });
  kalshi.faults.add({ operation: 'GetExchangeStatus', kind: 'status', status: 503 });
  kalshi.exchange.setBalance(kalshi.exchange.apiKeys.get(kalshi.credentials.keyId)!.userId, 0);
  expect(kalshi.inspect.balance().balance_dollars).toBe('0.0000');
});

it('resets the exchange and the faults after each test', async () => {
  expect(kalshi.faults.list()).toEqual([]);
  expect((await fetch('https://external-api.kalshi.com/trade-api/v2/exchange/status')).status).toBe(200);
  expect(kalshi.inspect.balance().balance_dollars).not.toBe('0.0000');
});
