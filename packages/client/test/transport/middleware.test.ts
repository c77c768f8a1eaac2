import { afterEach, describe, expect, it, vi } from 'vitest';
import { createKalshiClient, KalshiAbortError, type KalshiClientOptions, KalshiTimeoutError, unwrap } from '../../src';
import { BASE, json, observedClient, testSigner } from '../helpers';

/** A client whose fetch is `fetch` itself (observedClient's builds a Request of its own). */
const clientWith = async (fetch: typeof globalThis.fetch, options: KalshiClientOptions = {}) =>
  createKalshiClient({ baseUrl: BASE, credentials: await testSigner(), retry: false, ...options, fetch });

// openapi-fetch hands middleware a WHATWG Request (https://openapi-ts.dev/openapi-fetch/middleware-auth): what
// middleware does with it must reach the wire, signed and retried by the client.
it("sends what a user's middleware sets on the request's headers, and reads its body", async () => {
  const { client, requests } = await observedClient(() => json({ order_group_id: 'g1' }, 201));
  const seen: unknown[] = [];
  client.use({
    async onRequest({ request }) {
      request.headers.set('x-trace-id', 'abc');
      seen.push(await request.clone().json());
      return undefined;
    },
  });
  const created = unwrap(
    await client.POST('/portfolio/order_groups/create', { body: { contracts_limit_fp: '10.00', exchange_index: 0 } }),
  );
  expect(created.order_group_id).toBe('g1');
  expect(seen).toEqual([{ contracts_limit_fp: '10.00', exchange_index: 0 }]);
  expect(requests[0]?.headers.get('x-trace-id')).toBe('abc');
  expect(requests[0]?.headers.get('content-type')).toBe('application/json');
  expect(requests[0]?.headers.get('KALSHI-ACCESS-KEY')).toBeTruthy();
});

it('sends a real Request that a middleware returns in place of the original', async () => {
  const { client, requests } = await observedClient(() => json({ balance: 1 }));
  client.use({
    onRequest({ request }) {
      return new Request(request.url.replace('/portfolio/balance', '/portfolio/balance?x=1'), {
        method: request.method,
        headers: { 'x-replaced': 'yes' },
      });
    },
  });
  await client.GET('/portfolio/balance');
  expect(requests[0]?.url).toMatch(/\/portfolio\/balance\?x=1$/);
  expect(requests[0]?.headers.get('x-replaced')).toBe('yes');
  expect(requests[0]?.headers.get('KALSHI-ACCESS-SIGNATURE')).toBeTruthy();
});

it("resends through the client's transport (signed, its fetch) when a middleware calls options.fetch", async () => {
  const { client, requests } = await observedClient((_, attempt) =>
    attempt === 1 ? json({ error: { code: 'stale', message: 'stale' } }, 400) : json({ balance: 2 }),
  );
  const logged: unknown[] = [];
  client.use(
    {
      // Registered first, so it sees the resent response last: it can still read it.
      async onResponse({ response }) {
        logged.push(await response.clone().json());
      },
    },
    {
      async onResponse({ request, response, options }) {
        return response.status === 400 ? options.fetch(request) : undefined;
      },
    },
  );
  expect(unwrap(await client.GET('/portfolio/balance')).balance).toBe(2);
  expect(logged).toEqual([{ balance: 2 }]);
  expect(requests).toHaveLength(2);
  expect(requests[1]?.headers.get('KALSHI-ACCESS-SIGNATURE')).toBeTruthy();
});

it('lets onResponse read the response (clone, or its body as the openapi-fetch docs do)', async () => {
  const { client } = await observedClient(() => json({ error: { code: 'internal', message: 'down' } }, 500), {
    retry: false,
  });
  const seen: unknown[] = [];
  client.use({
    async onResponse({ response }) {
      seen.push(await response.clone().json());
      // https://openapi-ts.dev/openapi-fetch/middleware-auth: change the status, keep the body
      const { body, ...init } = response;
      return new Response(body, { ...init, headers: response.headers, status: 200 });
    },
  });
  const { data, response } = await client.GET('/portfolio/balance');
  expect(seen).toEqual([{ error: { code: 'internal', message: 'down' } }]);
  expect(response.status).toBe(200);
  expect(data).toEqual({ error: { code: 'internal', message: 'down' } });
});

it('lets a middleware read the body as bytes, as from a WHATWG Request (a digest header, say)', async () => {
  const { client, requests } = await observedClient(() => json({ order_group_id: 'g1' }, 201));
  client.use({
    async onRequest({ request }) {
      const bytes = await request.clone().arrayBuffer();
      const blob = await request.clone().blob();
      request.headers.set('x-body-bytes', `${bytes.byteLength} ${blob.size} ${request.bodyUsed}`);
      return undefined;
    },
  });
  await client.POST('/portfolio/order_groups/create', { body: { contracts_limit_fp: '10.00', exchange_index: 0 } });
  const sent = await requests[0]?.text();
  expect(requests[0]?.headers.get('x-body-bytes')).toBe(`${sent?.length} ${sent?.length} false`);
});

describe('the request middleware gets is a WHATWG Request, as openapi-fetch builds', () => {
  it('is a Request with a signal, whose body reads, which clones and which new Request() copies', async () => {
    const { client, requests } = await observedClient(() => json({ order_group_id: 'g1' }, 201));
    const seen: unknown[] = [];
    client.use({
      async onRequest({ request }) {
        seen.push(request instanceof Request, request.signal instanceof AbortSignal, await request.clone().json());
        return new Request(request, { headers: { ...Object.fromEntries(request.headers), 'x-copied': 'yes' } });
      },
    });
    await client.POST('/portfolio/order_groups/create', { body: { contracts_limit_fp: '10.00', exchange_index: 0 } });
    expect(seen).toEqual([true, true, { contracts_limit_fp: '10.00', exchange_index: 0 }]);
    expect(requests[0]?.headers.get('x-copied')).toBe('yes');
    expect(requests[0]?.headers.get('content-type')).toBe('application/json');
    expect(await requests[0]?.json()).toEqual({ contracts_limit_fp: '10.00', exchange_index: 0 });
  });

  it("has a signal that aborts with the caller's", async () => {
    const { client } = await observedClient(() => json({ balance: 1 }));
    const controller = new AbortController();
    const signals: AbortSignal[] = [];
    client.use({
      onRequest({ request }) {
        signals.push(request.signal);
      },
    });
    await client.GET('/portfolio/balance', { signal: controller.signal });
    controller.abort();
    expect(signals[0]?.aborted).toBe(true);
  });

  // The counting stands in for a benchmark: the no-middleware path is the hot one.
  describe('is built only for a call that has middleware', () => {
    const NativeRequest = globalThis.Request;
    afterEach(() => {
      globalThis.Request = NativeRequest;
    });

    it('builds none without middleware', async () => {
      let built = 0;
      globalThis.Request = new Proxy(NativeRequest, {
        construct(target, args) {
          built++;
          return Reflect.construct(target, args);
        },
      });
      const client = await clientWith(async () => json({ order_group_id: 'g1' }, 201));
      await client.POST('/portfolio/order_groups/create', { body: { contracts_limit_fp: '1.00', exchange_index: 0 } });
      expect(built).toBe(0);
      client.use({ onRequest: () => undefined });
      await client.POST('/portfolio/order_groups/create', { body: { contracts_limit_fp: '1.00', exchange_index: 0 } });
      expect(built).toBeGreaterThan(0);
    });
  });
});

describe('aborting a call that has middleware', () => {
  /** A fetch that answers only by failing when its request's signal aborts; resolves `started` when called. */
  function hanging() {
    let started!: () => void;
    const running = new Promise<void>((resolve) => {
      started = resolve;
    });
    const fetch = (_url: RequestInfo | URL, init?: RequestInit) =>
      new Promise<Response>((_, reject) => {
        started();
        init?.signal?.addEventListener('abort', () => reject(init.signal?.reason));
      });
    return { fetch: fetch as typeof globalThis.fetch, running };
  }
  // A middleware that replaces the request with one of its own, which has a signal of its own.
  const replacing = {
    onRequest({ request }: { request: Request }) {
      return new Request(request.url, { method: request.method, headers: request.headers });
    },
  };
  afterEach(() => {
    vi.useRealTimers();
  });

  it("stops on the caller's signal, though a middleware replaced the request", async () => {
    const { fetch, running } = hanging();
    const client = await clientWith(fetch, { timeoutMs: 0 });
    client.use(replacing);
    const controller = new AbortController();
    const call = client.GET('/portfolio/balance', { signal: controller.signal });
    await running;
    controller.abort();
    await expect(call).rejects.toThrow(KalshiAbortError);
  });

  it('stops on the signal of the request a middleware handed on (fetch would follow it)', async () => {
    const { fetch, running } = hanging();
    const client = await clientWith(fetch, { timeoutMs: 0 });
    const controller = new AbortController();
    client.use({ onRequest: ({ request }) => new Request(request, { signal: controller.signal }) });
    const call = client.GET('/portfolio/balance');
    await running;
    controller.abort();
    await expect(call).rejects.toThrow(KalshiAbortError);
  });

  it('still times an attempt out', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { fetch, running } = hanging();
    const client = await clientWith(fetch);
    client.use(replacing);
    const call = client.GET('/portfolio/balance', { timeoutMs: 5_000, signal: new AbortController().signal });
    await running;
    vi.advanceTimersByTime(5_000);
    await expect(call).rejects.toThrow(KalshiTimeoutError);
  });
});
