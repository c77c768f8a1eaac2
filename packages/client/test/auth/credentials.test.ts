import { expect, it } from 'vitest';
import { createKalshiClient, KalshiMissingCredentialsError, unwrap } from '../../src';
import { json, observedClient } from '../helpers';

it('fails before sending when an authenticated operation is called without credentials, naming it and the fix', async () => {
  const { client, requests } = await observedClient(() => json({}), { credentials: undefined });
  const error = (await client.GET('/portfolio/balance').catch((e: unknown) => e)) as Error;
  expect(error).toBeInstanceOf(KalshiMissingCredentialsError);
  expect(error.message).toMatch(/GetBalance needs API credentials.*KALSHI_API_KEY_ID/);
  expect(requests).toHaveLength(0);
});

it('sends public operations without credentials, unsigned', async () => {
  const { client, requests } = await observedClient(() => json({ exchange_active: true, trading_active: true }), {
    credentials: undefined,
  });
  expect(unwrap(await client.GET('/exchange/status')).trading_active).toBe(true);
  expect(requests[0]?.headers.has('KALSHI-ACCESS-SIGNATURE')).toBe(false);
});

it("reads credentials from the environment with 'env'", async () => {
  const before = { ...process.env };
  const { key } = await import('../helpers');
  process.env.KALSHI_API_KEY_ID = key.keyId;
  process.env.KALSHI_PRIVATE_KEY = key.privateKeyPem.replace(/\n/g, '\\n');
  try {
    const client = await createKalshiClient({ credentials: 'env' });
    expect(client.signer?.keyId).toBe(key.keyId);
  } finally {
    process.env = before;
  }
});

it('uses the spec’s hosts per environment', async () => {
  expect((await createKalshiClient()).baseUrl).toBe('https://external-api.kalshi.com/trade-api/v2');
  expect((await createKalshiClient({ environment: 'demo' })).baseUrl).toBe(
    'https://external-api.demo.kalshi.co/trade-api/v2',
  );
});

// The spec (3.31.0) opens GetFills, GetPositions and GetFillsHistorical to an OAuth bearer token
// (kalshiOauthAccessToken); on those the fix may be a token, elsewhere it may not.
it('names the OAuth access token as a fix only on the operations that accept one', async () => {
  const { client } = await observedClient(() => json({}), { credentials: undefined });
  const fills = (await client.GET('/portfolio/fills').catch((e: unknown) => e)) as Error;
  const balance = (await client.GET('/portfolio/balance').catch((e: unknown) => e)) as Error;
  expect(fills.message).toMatch(/^GetFills needs API credentials: .*an OAuth \{ accessToken \}/);
  expect(balance.message).not.toContain('accessToken');
});
