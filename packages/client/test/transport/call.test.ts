import { describe, expect, it } from 'vitest';
import { unwrap } from '../../src';
import { json, observedClient } from '../helpers';

// The client's methods keep openapi-fetch's documented per-call options and middleware contract
// (https://openapi-ts.dev/openapi-fetch/api), though calls no longer go through openapi-fetch's own client.

describe('per-call options', () => {
  it('serializes path and query parameters as openapi-fetch does (arrays exploded, nothing for undefined)', async () => {
    const { client, requests } = await observedClient(() => json({ markets: [], cursor: '' }));
    await client.GET('/markets', { params: { query: { status: 'open', limit: 5, cursor: undefined } } });
    await client.GET('/markets/{ticker}', { params: { path: { ticker: 'KX A/B' } } });
    expect(requests[0]?.url).toBe('https://external-api.kalshi.com/trade-api/v2/markets?status=open&limit=5');
    expect(requests[1]?.url).toBe('https://external-api.kalshi.com/trade-api/v2/markets/KX%20A%2FB');
  });

  it("takes a call's querySerializer, baseUrl and headers (null removes one)", async () => {
    const { client, requests } = await observedClient(() => json({ markets: [], cursor: '' }));
    await client.GET('/markets', {
      params: { query: { tickers: 'A,B' } },
      querySerializer: () => 'custom=1',
      baseUrl: 'http://127.0.0.1:9/trade-api/v2/',
      headers: { 'x-one': '1', 'x-two': '2' },
    });
    await client.GET('/portfolio/orders', {
      headers: { 'x-one': null } as never,
      params: { header: { 'x-three': '3' } as never },
    });
    expect(requests[0]?.url).toBe('http://127.0.0.1:9/trade-api/v2/markets?custom=1');
    expect(requests[0]?.headers.get('x-one')).toBe('1');
    expect(requests[0]?.headers.get('x-two')).toBe('2');
    expect(requests[1]?.headers.has('x-one')).toBe(false);
    expect(requests[1]?.headers.get('x-three')).toBe('3');
    expect(requests[1]?.headers.get('KALSHI-ACCESS-SIGNATURE')).toBeTruthy();
  });

  it("sends a call's params.header when the call has no headers option", async () => {
    const { client, requests } = await observedClient(() => json({ balance: 1 }));
    await client.GET('/portfolio/balance', { params: { header: { 'x-three': '3' } as never } });
    expect(requests[0]?.headers.get('x-three')).toBe('3');
  });

  it('sends a JSON body with its content type, and none on a GET', async () => {
    const { client, requests } = await observedClient(() => json({ order_group_id: 'g1' }, 201));
    await client.POST('/portfolio/order_groups/create', { body: { contracts_limit_fp: '5.00', exchange_index: 0 } });
    await client.GET('/portfolio/balance');
    expect(await requests[0]?.json()).toEqual({ contracts_limit_fp: '5.00', exchange_index: 0 });
    expect(requests[0]?.headers.get('content-type')).toBe('application/json');
    expect(requests[1]?.headers.has('content-type')).toBe(false);
  });

  it('sends a FormData body as multipart with its boundary, with or without headers, as openapi-fetch does', async () => {
    const { client, requests } = await observedClient(() => json({ order_group_id: 'g1' }, 201));
    const form = () => {
      const data = new FormData();
      data.append('contracts_limit_fp', '5.00');
      return data;
    };
    await client.POST('/portfolio/order_groups/create', { body: form() as never });
    await client.POST('/portfolio/order_groups/create', { body: form() as never, headers: { 'x-trace': '1' } });
    await client.POST('/portfolio/order_groups/create', { body: {} as never, bodySerializer: form });
    for (const request of requests) {
      expect(request.headers.get('content-type')).toMatch(/^multipart\/form-data; boundary=/);
      expect((await request.formData()).get('contracts_limit_fp')).toBe('5.00');
    }
  });

  it("hands a call's bodySerializer the headers, though the call sets none", async () => {
    const { client, requests } = await observedClient(() => json({ order_group_id: 'g1' }, 201));
    await client.POST('/portfolio/order_groups/create', {
      body: { contracts_limit_fp: '5.00', exchange_index: 0 },
      // What it got, in a field of the body (a key the operation does not take is refused: request-init's checkBody).
      bodySerializer: (body, headers?: Headers) =>
        JSON.stringify({ ...body, subaccount: headers ? Number(headers.has('x-none')) + 1 : 0 }),
    });
    expect(await requests[0]?.json()).toEqual({ contracts_limit_fp: '5.00', exchange_index: 0, subaccount: 1 });
  });

  it("sends a call with the call's own fetch, which gets a signed Request, when it gives one", async () => {
    const { client, requests } = await observedClient(() => json({ balance: 1 }));
    const own: Request[] = [];
    const { data } = await client.GET('/portfolio/balance', {
      fetch: async (request) => {
        own.push(request);
        return json({ balance: 2 });
      },
    });
    expect(data).toEqual({ balance: 2 });
    expect(requests).toHaveLength(0);
    expect(own[0]?.url).toBe('https://external-api.kalshi.com/trade-api/v2/portfolio/balance');
    expect(own[0]?.headers.get('KALSHI-ACCESS-SIGNATURE')).toBeTruthy();
  });

  it.each([
    ['text', '{"balance":1}'],
    ['json', { balance: 1 }],
  ] as const)('parses a 2xx body as %s', async (parseAs, expected) => {
    const { client } = await observedClient(() => json({ balance: 1 }));
    const { data } = await client.GET('/portfolio/balance', { parseAs });
    expect(data).toEqual(expected);
  });

  it('gives blob, arrayBuffer and stream bodies although the transport has read the body', async () => {
    const { client } = await observedClient(() => json({ balance: 1 }));
    const blob = (await client.GET('/portfolio/balance', { parseAs: 'blob' })).data as Blob;
    const buffer = (await client.GET('/portfolio/balance', { parseAs: 'arrayBuffer' })).data as ArrayBuffer;
    const stream = (await client.GET('/portfolio/balance', { parseAs: 'stream' })).data as ReadableStream;
    expect(await blob.text()).toBe('{"balance":1}');
    expect(new TextDecoder().decode(buffer)).toBe('{"balance":1}');
    expect(await new Response(stream).text()).toBe('{"balance":1}');
  });

  it('returns no data for a 204 or an empty body, and the error body of a 4xx', async () => {
    const { client } = await observedClient((request) =>
      request.method === 'DELETE'
        ? new Response(null, { status: 204 })
        : json({ error: { code: 'not_found', message: 'not found' } }, 404),
    );
    // DeleteRFQ's success is a 204 without content (one declaring a JSON object: see empty-bodies.test.ts).
    const empty = await client.DELETE('/communications/rfqs/{rfq_id}', { params: { path: { rfq_id: 'r1' } } });
    const missing = await client.GET('/markets/{ticker}', { params: { path: { ticker: 'NOPE' } } });
    expect(empty).toEqual({ data: undefined, response: expect.any(Response) });
    expect(missing.error).toEqual({ error: { code: 'not_found', message: 'not found' } });
    expect(missing.response.status).toBe(404);
  });

  it.each(['text', 'blob', 'arrayBuffer', 'stream'] as const)(
    'returns no data for a 204 with parseAs %s, as openapi-fetch does',
    async (parseAs) => {
      const { client } = await observedClient(() => new Response(null, { status: 204 }));
      const result = await client.DELETE('/communications/rfqs/{rfq_id}', {
        params: { path: { rfq_id: 'r1' } },
        parseAs,
      });
      expect(result).toEqual({ data: undefined, response: expect.any(Response) });
    },
  );

  it('calls any method by name through request()', async () => {
    const { client, requests } = await observedClient(() => json({ balance: 7 }));
    expect(unwrap(await client.request('get', '/portfolio/balance')).balance).toBe(7);
    expect(requests[0]?.method).toBe('GET');
  });
});

describe('middleware', () => {
  it('lets onResponse replace the response and onError answer for a failed request', async () => {
    let fail = false;
    const { client } = await observedClient(
      () => {
        if (fail) throw new TypeError('socket hang up');
        return json({ balance: 1 });
      },
      { retry: false },
    );
    const order: string[] = [];
    client.use(
      {
        onResponse({ response }) {
          order.push(`first ${response.status}`);
          return undefined;
        },
      },
      {
        onResponse() {
          order.push('second');
          return json({ balance: 2 });
        },
        onError({ error }) {
          return json({ balance: (error as Error).name.length });
        },
      },
    );
    expect(unwrap(await client.GET('/portfolio/balance')).balance).toBe(2);
    // onResponse runs last-registered first, on the response the later one returned.
    expect(order).toEqual(['second', 'first 200']);
    fail = true;
    // The transport's typed error reaches onError, whose Response then goes through onResponse as well.
    const recovered = unwrap(await client.GET('/portfolio/balance'));
    expect(recovered.balance).toBe(2);
  });

  it("passes onError's Error on, and a per-call middleware runs after the client's", async () => {
    const { client } = await observedClient(
      () => {
        throw new TypeError('socket hang up');
      },
      { retry: false },
    );
    const seen: string[] = [];
    client.use({
      onRequest() {
        seen.push('client');
      },
    });
    const replaced = new Error('replaced by middleware');
    const failed = client.GET('/portfolio/balance', {
      middleware: [
        {
          onRequest() {
            seen.push('call');
          },
          onError: () => replaced,
        },
      ],
    });
    await expect(failed).rejects.toBe(replaced);
    expect(seen).toEqual(['client', 'call']);
  });

  it('answers from a Response that onRequest returns, without sending', async () => {
    const { client, requests } = await observedClient(() => json({ balance: 1 }));
    client.use({ onRequest: () => json({ balance: 99 }) });
    expect(unwrap(await client.GET('/portfolio/balance')).balance).toBe(99);
    expect(requests).toHaveLength(0);
  });

  it("gives middleware the call's own baseUrl in options", async () => {
    const { client } = await observedClient(() => json({ balance: 1 }));
    const seen: string[] = [];
    client.use({
      onRequest({ options }) {
        seen.push(options.baseUrl);
      },
    });
    await client.GET('/portfolio/balance', { baseUrl: 'https://demo-api.kalshi.co/trade-api/v2/' });
    await client.GET('/portfolio/balance');
    expect(seen).toEqual(['https://demo-api.kalshi.co/trade-api/v2', 'https://external-api.kalshi.com/trade-api/v2']);
  });

  it('runs a call through the middleware registered when it started, though one ejects itself or another is added', async () => {
    const { client, requests } = await observedClient(() => json({ balance: 1 }));
    const seen: string[] = [];
    const once = {
      onRequest() {
        client.eject(once);
        client.use(late);
      },
      onResponse() {
        seen.push('once');
      },
    };
    const tag = {
      onRequest({ request }: { request: Request }) {
        request.headers.set('x-tag', '1');
      },
    };
    const late = {
      onResponse() {
        seen.push('late');
      },
    };
    client.use(once, tag);
    await client.GET('/portfolio/balance');
    expect(requests[0]?.headers.get('x-tag')).toBe('1');
    expect(seen).toEqual(['once']);
  });

  it('stops running a middleware once ejected, and refuses what is not one', async () => {
    const { client, requests } = await observedClient(() => json({ balance: 1 }));
    const tag = {
      onRequest({ request }: { request: Request }) {
        request.headers.set('x-tag', '1');
        return undefined;
      },
    };
    client.use(tag);
    await client.GET('/portfolio/balance');
    client.eject(tag);
    await client.GET('/portfolio/balance');
    expect(requests.map((r) => r.headers.get('x-tag'))).toEqual(['1', null]);
    expect(() => client.use({} as never)).toThrow(/onRequest/);
    client.use({ onRequest: () => 'nonsense' as never });
    await expect(client.GET('/portfolio/balance')).rejects.toThrow(/must return new Request\(\) or Response\(\)/);
  });

  it('ejecting a middleware that is not registered (never, or no longer) leaves the registered ones running', async () => {
    const { client, requests } = await observedClient(() => json({ balance: 1 }));
    const tag = (value: string) => ({
      onRequest({ request }: { request: Request }) {
        request.headers.append('x-tag', value);
        return undefined;
      },
    });
    const [first, second, stranger] = [tag('1'), tag('2'), tag('3')];
    client.use(first, second);
    client.eject(stranger);
    client.eject(second);
    client.eject(second);
    await client.GET('/portfolio/balance');
    expect(requests.map((r) => r.headers.get('x-tag'))).toEqual(['1']);
  });
});

describe('bodies other than JSON', () => {
  it('sends a urlencoded body when the call sets that content type', async () => {
    const { client, requests } = await observedClient(() => json({ order_group_id: 'g1' }, 201));
    await client.POST('/portfolio/order_groups/create', {
      body: { contracts_limit_fp: '5.00', exchange_index: 0 },
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(await requests[0]?.text()).toBe('contracts_limit_fp=5.00&exchange_index=0');
    expect(requests[0]?.headers.get('content-type')).toBe('application/x-www-form-urlencoded');
  });

  it("keeps the call's own content type for a body its bodySerializer makes a Blob, as fetch would", async () => {
    const { client, requests } = await observedClient(() => json({ order_group_id: 'g1' }, 201));
    await client.POST('/portfolio/order_groups/create', {
      body: { contracts_limit_fp: '5.00', exchange_index: 0 },
      headers: { 'content-type': 'application/x-ndjson' },
      bodySerializer: (body) => new Blob([`${JSON.stringify(body)}\n`], { type: 'text/plain' }),
    });
    expect(requests[0]?.headers.get('content-type')).toBe('application/x-ndjson');
    expect(await requests[0]?.text()).toBe('{"contracts_limit_fp":"5.00","exchange_index":0}\n');
  });
});

it("sends the signer's KALSHI-ACCESS-* headers in place of a call's own", async () => {
  const { client, requests } = await observedClient(() => json({ balance: 1 }));
  await client.GET('/portfolio/balance', {
    headers: { 'KALSHI-ACCESS-KEY': 'someone-else', 'kalshi-access-signature': 'forged' },
  });
  expect(requests[0]?.headers.get('KALSHI-ACCESS-KEY')).toBe(client.signer?.keyId);
  expect(requests[0]?.headers.get('KALSHI-ACCESS-SIGNATURE')).not.toContain('forged');
});
