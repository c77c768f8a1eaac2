import { generateKeyPairSync } from '@org/kalshi-auth/node';
import { expect, it } from 'vitest';
import { createKalshiClient, unwrap } from '../../src';
import { MOCK_BASE, useKalshiMock } from '../mock-server';

const { kalshi, client } = useKalshiMock();

it('keeps two clients with different keys apart: each request carries its own key id', async () => {
  const second = generateKeyPairSync();
  kalshi.exchange.addApiKey({ keyId: second.keyId, publicKeyPem: second.publicKeyPem, userId: 'second-user' });
  kalshi.exchange.setBalance('second-user', 5_000_000);
  const seen: string[] = [];
  kalshi.server.events.on('request:start', ({ request }) => {
    seen.push(request.headers.get('KALSHI-ACCESS-KEY') ?? '');
  });
  const a = await client();
  const b = await createKalshiClient({
    baseUrl: MOCK_BASE,
    credentials: { keyId: second.keyId, privateKey: second.privateKeyPem },
  });
  const [balanceA, balanceB] = await Promise.all([a.GET('/portfolio/balance'), b.GET('/portfolio/balance')]);
  expect(unwrap(balanceA).balance).toBe(1_000_000);
  expect(unwrap(balanceB).balance).toBe(500);
  await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).GET('/portfolio/balance')));
  expect(seen.filter((k) => k === kalshi.credentials.keyId)).toHaveLength(6);
  expect(seen.filter((k) => k === second.keyId)).toHaveLength(6);
  kalshi.server.events.removeAllListeners();
});

it('adds no global hooks: 100 clients leave fetch, timers and process listeners as they were', async () => {
  const fetchBefore = globalThis.fetch;
  const listenersBefore = process.eventNames().map((n) => process.listenerCount(n));
  const handlesBefore = (process as unknown as { getActiveResourcesInfo(): string[] }).getActiveResourcesInfo().length;
  const clients = await Promise.all(Array.from({ length: 100 }, () => client()));
  expect(globalThis.fetch).toBe(fetchBefore);
  expect(process.eventNames().map((n) => process.listenerCount(n))).toEqual(listenersBefore);
  expect(
    (process as unknown as { getActiveResourcesInfo(): string[] }).getActiveResourcesInfo().length,
  ).toBeLessThanOrEqual(handlesBefore);
  expect(unwrap(await clients[42]!.GET('/exchange/status')).exchange_active).toBe(true);
});

it('looks fetch up late, so msw installed after the client still intercepts', async () => {
  // The client in this file was created after listen(); create one, then swap the global fetch.
  const k = await client();
  const original = globalThis.fetch;
  let used = false;
  globalThis.fetch = (async (...args: Parameters<typeof fetch>) => {
    used = true;
    return original(...args);
  }) as typeof fetch;
  try {
    await k.GET('/exchange/status');
  } finally {
    globalThis.fetch = original;
  }
  expect(used).toBe(true);
});
