import { type RunningKalshiMockServer, startKalshiMockServer } from '@org/kalshi-mock/node';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createKalshiClient, KalshiMockNotListeningError, unwrap } from '../../src';
import { createKalshiStream, type StreamSocketConstructor } from '../../src/ws';

// Tester H, D2: the README said to pass startKalshiMockServer()'s `baseUrl`, which it does not have (`url`); a plain
// JS client given `baseUrl: srv.baseUrl` (undefined) fell back to Kalshi's production host and signed a request there
// with the mock's key. Like setupKalshiMockServer's (README: "With `kalshi.credentials`, a client ... that would reach
// Kalshi's real hosts ... fails with `KalshiMockNotListeningError`"), the server's key never goes to Kalshi's hosts:
// that mock serves only its loopback url. `fetch` is a spy that answers nothing: it must never be called.
let server: RunningKalshiMockServer;
const network = vi.fn(async () => new Response('{}', { status: 599 }));
beforeAll(async () => {
  server = await startKalshiMockServer({ port: 0 });
});
afterAll(() => server.close());

it("refuses to send startKalshiMockServer's key to Kalshi's real hosts, before any request leaves", async () => {
  const baseUrl = (server as unknown as { baseUrl?: string }).baseUrl; // what the README's old sentence led to
  const client = await createKalshiClient({
    baseUrl: baseUrl as string,
    credentials: server.mock.credentials,
    fetch: network as unknown as typeof fetch,
    retry: false,
  });
  await expect(client.GET('/portfolio/balance')).rejects.toThrow(KalshiMockNotListeningError);
  const demo = await createKalshiClient({
    environment: 'demo',
    credentials: { ...server.mock.credentials },
    fetch: network as unknown as typeof fetch,
  });
  const error = await demo.GET('/markets').catch((e: unknown) => e);
  expect((error as Error).message).toMatch(/real host external-api\.demo\.kalshi\.co/);
  // The served mock's key names its server (the same `mockServerUrl` as serve's key file): the url to pass.
  expect((error as Error).message).toContain(`url ${server.url} as baseUrl`);
  expect(network).not.toHaveBeenCalled();
});

it("refuses its extra accounts' keys on Kalshi's hosts too, and signs with them against its url", async () => {
  const counterparty = await startKalshiMockServer({ port: 0, users: 1 });
  try {
    const added = counterparty.mock.addUser();
    for (const key of [counterparty.mock.users[0], added]) {
      const demo = await createKalshiClient({
        environment: 'demo',
        credentials: key as { keyId: string; privateKey: string },
        fetch: network as unknown as typeof fetch,
      });
      const error = await demo.GET('/portfolio/balance').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(KalshiMockNotListeningError);
      expect((error as Error).message).toContain(`url ${counterparty.url} as baseUrl`);
    }
    expect(network).not.toHaveBeenCalled();
    const client = await createKalshiClient({ baseUrl: counterparty.url, credentials: added });
    expect(unwrap(await client.GET('/portfolio/balance')).balance).toBeGreaterThan(0);
  } finally {
    await counterparty.close();
  }
});

it('refuses a stream to Kalshi with that key, before any socket exists', async () => {
  const Spy = vi.fn(function Spy() {
    throw new Error('no socket should be built');
  }) as unknown as StreamSocketConstructor;
  await expect(
    createKalshiStream({ environment: 'demo', credentials: server.mock.credentials, WebSocket: Spy }),
  ).rejects.toThrow(KalshiMockNotListeningError);
  // Tester U, D1: the README said `streamUrl` for the stream; the option is `url`, and the error names it.
  await expect(
    createKalshiStream({ environment: 'demo', credentials: server.mock.credentials, WebSocket: Spy }),
  ).rejects.toThrow(/its streamUrl .* as the stream's url/);
  // Outside tester X (round 30): `kalshi-mock serve`'s key file holds the REST url only, and the refused stream was
  // told "its streamUrl" without one: it names the served mock's stream url (same port, /trade-api/ws/v2).
  await expect(
    createKalshiStream({ environment: 'demo', credentials: server.mock.credentials, WebSocket: Spy }),
  ).rejects.toThrow(`its streamUrl ${server.streamUrl} as the stream's url`);
  const keyFile = JSON.parse(JSON.stringify({ ...server.mock.credentials, mockServerUrl: server.url }));
  await expect(createKalshiStream({ credentials: keyFile, WebSocket: Spy })).rejects.toThrow(
    `its streamUrl ${server.streamUrl} as the stream's url`,
  );
  expect(Spy).not.toHaveBeenCalled();
});

// Round 19 trial, D2: `kalshi-mock serve --credentials-out` writes JSON, where the symbol above cannot go; the file
// names its server as `mockServerUrl` (the README says so), and that key file is kept from Kalshi's real hosts too.
describe('a key file of kalshi-mock serve (JSON, mockServerUrl)', () => {
  const keyFile = () =>
    JSON.parse(JSON.stringify({ ...server.mock.credentials, mockServerUrl: server.url })) as {
      keyId: string;
      privateKey: string;
    };

  it("is refused on Kalshi's real hosts, the error naming the operation and the server's url", async () => {
    const demo = await createKalshiClient({
      environment: 'demo',
      credentials: keyFile(),
      fetch: network as unknown as typeof fetch,
    });
    const error = await demo.GET('/portfolio/balance').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KalshiMockNotListeningError);
    expect(error).toMatchObject({ operationId: 'GetBalance' });
    expect((error as Error).message).toMatch(/^GetBalance: .*real host external-api\.demo\.kalshi\.co/);
    expect((error as Error).message).toContain(`url ${server.url} as baseUrl`);
    const Spy = vi.fn() as unknown as StreamSocketConstructor;
    await expect(createKalshiStream({ environment: 'demo', credentials: keyFile(), WebSocket: Spy })).rejects.toThrow(
      KalshiMockNotListeningError,
    );
    expect(Spy).not.toHaveBeenCalled();
    expect(network).not.toHaveBeenCalled();
  });

  it('signs against the server it names', async () => {
    const file = keyFile() as { keyId: string; privateKey: string; mockServerUrl: string };
    const client = await createKalshiClient({ baseUrl: file.mockServerUrl, credentials: file });
    expect(unwrap(await client.GET('/portfolio/balance')).balance).toBeGreaterThan(0);
  });
});

it('signs with the same key against its url, as the README says', async () => {
  const client = await createKalshiClient({ baseUrl: server.url, credentials: server.mock.credentials });
  expect(unwrap(await client.GET('/portfolio/balance')).balance).toBeGreaterThan(0);
});
