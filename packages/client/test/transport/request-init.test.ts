import createClient from 'openapi-fetch';
import { describe, expect, it } from 'vitest';
import { createKalshiClient } from '../../src';
import { BASE, json, observedClient, testSigner } from '../helpers';

// openapi-fetch spreads a call's options that it does not use itself into `new Request(url, init)` and hands fetch
// that Request (setting any member the Request does not keep on it): fetch sees them all, on every attempt here.
const INIT = {
  cache: 'no-store',
  credentials: 'omit',
  integrity: 'sha256-x',
  keepalive: true,
  mode: 'same-origin',
  priority: 'high',
  redirect: 'manual',
  referrer: 'https://example.com/page',
  referrerPolicy: 'no-referrer',
} as const;
const KEYS = Object.keys(INIT) as (keyof typeof INIT)[];

/** The members of INIT as a Request (or an init) carries them. */
const members = (carrier: object) => Object.fromEntries(KEYS.map((key) => [key, (carrier as typeof INIT)[key]]));

it("openapi-fetch's Request carries a call's RequestInit members (what the tests below expect)", async () => {
  const seen: Request[] = [];
  const openapi = createClient({
    baseUrl: BASE,
    fetch: async (request: Request) => {
      seen.push(request);
      return json({ balance: 1 });
    },
  });
  await openapi.GET('/portfolio/balance' as never, INIT as never);
  expect(members(seen[0] as Request)).toEqual(INIT);
});

describe("a call's RequestInit members", () => {
  it("reach the client's fetch on every attempt", async () => {
    const inits: RequestInit[] = [];
    const client = await createKalshiClient({
      baseUrl: BASE,
      credentials: await testSigner(),
      retry: { initialDelayMs: 1, maxDelayMs: 1 },
      fetch: async (_url, init) => {
        inits.push(init ?? {});
        return inits.length === 1 ? json({ error: 'down' }, 503) : json({ balance: 1 });
      },
    });
    await client.GET('/portfolio/balance', INIT);
    expect(inits.map(members)).toEqual([INIT, INIT]);
  });

  it("reach the call's own fetch on its Request", async () => {
    const { client } = await observedClient(() => json({ balance: 1 }));
    const seen: Request[] = [];
    await client.GET('/portfolio/balance', {
      ...INIT,
      fetch: async (request) => {
        seen.push(request);
        return json({ balance: 1 });
      },
    });
    expect(members(seen[0] as Request)).toEqual(INIT);
  });

  it("are on the middleware's Request, and a middleware's change to them is sent", async () => {
    const { client, requests } = await observedClient(() => json({ balance: 1 }));
    const seen: unknown[] = [];
    client.use({
      onRequest({ request }) {
        // (A Request copied with an init has the Fetch standard's default referrer and policy again.)
        const replaced = new Request(request, { cache: 'reload', keepalive: false });
        seen.push(members(request), members(replaced));
        return replaced;
      },
    });
    await client.GET('/portfolio/balance', INIT);
    expect(seen[0]).toEqual(INIT);
    expect(seen[1]).toMatchObject({ cache: 'reload', keepalive: false, credentials: 'omit' });
    expect(members(requests[0] as Request)).toEqual(seen[1]);
  });

  it("pass undici's dispatcher on to Node's fetch", async () => {
    const dispatcher = { dispatch: () => false };
    const inits: RequestInit[] = [];
    const client = await createKalshiClient({
      baseUrl: BASE,
      credentials: await testSigner(),
      fetch: async (_url, init) => {
        inits.push(init ?? {});
        return json({ balance: 1 });
      },
    });
    await client.GET('/portfolio/balance', { dispatcher } as never);
    expect((inits[0] as { dispatcher?: unknown }).dispatcher).toBe(dispatcher);
  });
});
