import { expect, it } from 'vitest';
import { unwrap } from '../../src';
import { json, observedClient } from '../helpers';

// openapi-fetch hands middleware the client's own light request (not a WHATWG Request): what middleware does with it
// must still reach the wire.
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
