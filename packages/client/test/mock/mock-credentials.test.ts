import { setupKalshiMockServer } from '@org/kalshi-mock/node';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createKalshiClient, unwrap } from '../../src';

const kalshi = setupKalshiMockServer();
beforeAll(() => kalshi.listen());
afterAll(() => kalshi.server.close());

it("takes the mock's credentials and base URL as they are (runtime and tsc)", async () => {
  const client = await createKalshiClient({ baseUrl: kalshi.baseUrls[0], credentials: kalshi.credentials });
  expect(client.signer?.keyId).toBe(kalshi.credentials.keyId);
  // An authenticated call signed with the mock's key passes the mock's signature check.
  const balance = unwrap(await client.GET('/portfolio/balance'));
  expect(typeof balance.balance_dollars).toBe('string');
});

it("takes serve's credentials file, parsed, as it is", async () => {
  // The file holds the same object as JSON (kalshi-mock serve --credentials-out).
  const file = JSON.parse(JSON.stringify(kalshi.credentials)) as unknown as typeof kalshi.credentials;
  const client = await createKalshiClient({ environment: 'demo', credentials: file });
  expect(unwrap(await client.GET('/portfolio/balance')).balance).toBeGreaterThan(0);
});
