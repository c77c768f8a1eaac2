import { setupKalshiMockServer } from '@org/kalshi-mock/node';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createKalshiClient, KalshiMissingCredentialsError, unwrap } from '../../src';

// The client and the mock agree on the spec's bearer token (kalshiOauthAccessToken): the mock's token reads fills and
// positions, and the client keeps it from every other authenticated operation.
const kalshi = setupKalshiMockServer();
beforeAll(() => kalshi.listen());
afterAll(() => kalshi.server.close());

it("reads fills and positions with the mock's access token, and nothing else authenticated", async () => {
  const client = await createKalshiClient({ environment: 'demo', credentials: { accessToken: kalshi.accessToken } });
  const market = [...kalshi.exchange.markets.values()].find((m) => m.status === 'active');
  if (!market) throw new Error('the mock lists no active market');
  const signed = await createKalshiClient({ environment: 'demo', credentials: kalshi.credentials });
  await signed.placeOrder({ ticker: market.ticker, action: 'buy', side: 'yes', count: 1, price: '0.99' });

  const fills = [];
  for await (const fill of client.paginate('/portfolio/fills')) fills.push(fill);
  expect(fills.length).toBeGreaterThan(0);
  expect(unwrap(await client.GET('/portfolio/positions')).market_positions.map((p) => p.ticker)).toContain(
    market.ticker,
  );
  unwrap(await client.GET('/historical/fills'));
  await expect(client.GET('/portfolio/balance')).rejects.toThrow(KalshiMissingCredentialsError);

  // An extra account's token acts as that account.
  const user = kalshi.addUser();
  const other = await createKalshiClient({ environment: 'demo', credentials: { accessToken: user.accessToken } });
  expect(unwrap(await other.GET('/portfolio/fills')).fills).toEqual([]);
});
