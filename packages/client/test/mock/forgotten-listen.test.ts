import { TEST_USER_ID } from '@org/kalshi-mock';
import { setupKalshiMockServer } from '@org/kalshi-mock/node';
import { afterEach, expect, it, vi } from 'vitest';
import { createKalshiClient, KalshiMockNotListeningError, unwrap } from '../../src';
import { createKalshiStream, type StreamSocketConstructor } from '../../src/ws';

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

// The README: each of `users` "fits createKalshiClient's credentials" — a second account's key is the mock's test
// material as much as the first, and must not reach Kalshi either (before the fix, only `credentials` was guarded).
it("refuses the extra accounts' keys too, before any request leaves, while the mock server is not listening", async () => {
  vi.stubGlobal('fetch', network);
  const counterparty = setupKalshiMockServer({ users: 1 });
  const added = counterparty.addUser();
  for (const key of [counterparty.users[0], added]) {
    const client = await createKalshiClient({
      environment: 'demo',
      credentials: key as { keyId: string; privateKey: string },
    });
    await expect(client.GET('/portfolio/balance')).rejects.toThrow(KalshiMockNotListeningError);
  }
  expect(counterparty.users).toHaveLength(2);
  expect(counterparty.users[1]).toBe(added);
  expect(network).not.toHaveBeenCalled();
  counterparty.listen();
  const client = await createKalshiClient({ environment: 'demo', credentials: added });
  expect(unwrap(await client.GET('/portfolio/balance')).balance).toBeGreaterThan(0);
  counterparty.server.close();
});

// A fully qualified name (trailing dot) is the same host to DNS and TLS, a URL's host is case-insensitive, and a port
// does not change the host: written any of these ways, a baseUrl or stream url still reaches Kalshi's real hosts
// (kalshi-api-notes §1; kalshi.com itself is Kalshi's too), so it is refused as well.
it("refuses Kalshi's hosts however the URL spells them: upper case, a port, DNS's trailing dot", async () => {
  vi.stubGlobal('fetch', network);
  for (const baseUrl of [
    'https://EXTERNAL-API.KALSHI.COM/trade-api/v2',
    'https://external-api.kalshi.com:8443/trade-api/v2',
    'https://kalshi.com/trade-api/v2',
    'https://external-api.kalshi.com./trade-api/v2',
    'https://demo-api.kalshi.co./trade-api/v2',
  ]) {
    const client = await createKalshiClient({ baseUrl, credentials: kalshi.credentials, retry: false });
    await expect(client.GET('/portfolio/balance'), baseUrl).rejects.toThrow(KalshiMockNotListeningError);
  }
  expect(network).not.toHaveBeenCalled();
  const Spy = vi.fn(function Spy() {
    throw new Error('no socket should be built');
  }) as unknown as StreamSocketConstructor;
  const url = 'wss://external-api-ws.kalshi.com./trade-api/ws/v2';
  await expect(createKalshiStream({ url, credentials: kalshi.credentials, WebSocket: Spy })).rejects.toThrow(
    KalshiMockNotListeningError,
  );
  expect(Spy).not.toHaveBeenCalled();
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
  // Nor is a host refused for merely containing Kalshi's domain name: these are not Kalshi's.
  for (const baseUrl of ['http://kalshi.company.test/trade-api/v2', 'http://mykalshi.co.test/trade-api/v2']) {
    const other = await createKalshiClient({
      baseUrl,
      credentials: kalshi.credentials,
      fetch: network as unknown as typeof fetch,
      retry: false,
    });
    await other.GET('/exchange/status').catch(() => undefined);
  }
  expect(network).toHaveBeenCalledTimes(3);
});

// The stream: the same credentials, the same rule for the WebSocket handshake (msw intercepts the global WebSocket).
it('refuses to open a stream to Kalshi while the mock server is not listening, before any socket exists', async () => {
  let sockets = 0;
  const Spy = class {
    constructor() {
      sockets++;
      throw new Error('no socket should be built');
    }
  } as unknown as StreamSocketConstructor;
  await expect(
    createKalshiStream({ environment: 'demo', credentials: kalshi.credentials, WebSocket: Spy }),
  ).rejects.toThrow(KalshiMockNotListeningError);
  expect(sockets).toBe(0);
});

it('ends a stream whose mock stopped listening instead of reconnecting to Kalshi', async () => {
  kalshi.listen();
  const ticker = [...kalshi.exchange.markets.values()].find((m) => m.status === 'active')?.ticker as string;
  const stream = await createKalshiStream({
    environment: 'demo',
    credentials: kalshi.credentials,
    reconnect: { initialDelayMs: 1, maxDelayMs: 1 },
  });
  const sub = await stream.subscribe({ channels: ['orderbook_delta'], market_tickers: [ticker] });
  const iterator = sub[Symbol.asyncIterator]();
  expect((await iterator.next()).value).toMatchObject({ type: 'orderbook_snapshot' });
  // The next delta drops the connection (a stream fault); the mock is closed by then, so the reconnect must not go out.
  kalshi.faults.add({ stream: 'orderbook_delta', kind: 'drop' });
  kalshi.server.close();
  kalshi.exchange.createOrder(TEST_USER_ID, {
    ticker,
    side: 'bid',
    price: 10_000,
    count: 100,
    timeInForce: 'good_till_canceled',
    selfTradePrevention: 'maker',
  });
  // The drop's gap notice first (messages may be missing from there), then the end.
  expect((await iterator.next()).value).toEqual({ type: 'gap', reason: 'reconnect', dropped: 0 });
  await expect(iterator.next()).rejects.toThrow(KalshiMockNotListeningError);
  expect(stream.state()).toBe('closed');
  await stream.close();
});
