import createClient from 'openapi-fetch';
import { describe, expect, it } from 'vitest';
import { KalshiInvalidResponseError, unwrap } from '../../src';
import { BASE, json, observedClient } from '../helpers';

// openapi-fetch 0.17 decides emptiness by the headers: a 204, a HEAD, or `Content-Length: 0` (not chunked) gives
// `{ data: undefined }` or `{ error: undefined }`; any other body is read: a 2xx JSON body that turns out empty is
// `data: undefined`, and an error body is its text, parsed where it is JSON, so an empty one is `error: ''`.
// The client keeps that contract for operations whose success declares no body (UpdateSubaccountNetting: a 200
// without content) and for paths outside the manifest; where the spec declares a JSON object, see the last tests.
interface Case {
  readonly name: string;
  readonly method?: 'PUT' | 'HEAD';
  readonly parseAs?: 'json' | 'text';
  readonly response: () => Response;
  /** openapi-fetch's result, without the response: which keys it has, and their values. */
  readonly expected: Record<string, unknown>;
}

const length0 = { 'content-length': '0' };
const CASES: Case[] = [
  { name: 'an error with an empty body', response: () => new Response('', { status: 500 }), expected: { error: '' } },
  { name: 'an error with no body', response: () => new Response(null, { status: 404 }), expected: { error: '' } },
  {
    name: 'an error with Content-Length: 0',
    response: () => new Response('', { status: 500, headers: length0 }),
    expected: { error: undefined },
  },
  {
    name: 'an error with Content-Length: 0, chunked',
    response: () => new Response('', { status: 500, headers: { ...length0, 'transfer-encoding': 'chunked' } }),
    expected: { error: '' },
  },
  {
    name: 'an error whose body is not JSON',
    response: () => new Response('bad gateway', { status: 502 }),
    expected: { error: 'bad gateway' },
  },
  {
    name: 'a 2xx with an empty body',
    response: () => new Response('', { status: 200 }),
    expected: { data: undefined },
  },
  {
    name: 'a 2xx with Content-Length: 0',
    response: () => new Response('', { status: 200, headers: length0 }),
    expected: { data: undefined },
  },
  {
    name: 'a 2xx with an empty body, as text',
    parseAs: 'text',
    response: () => new Response('', { status: 200 }),
    expected: { data: '' },
  },
  { name: 'a 204', response: () => new Response(null, { status: 204 }), expected: { data: undefined } },
  { name: 'a HEAD', method: 'HEAD', response: () => json({ balance: 1 }), expected: { data: undefined } },
];

/** The result without its response: its keys (as openapi-fetch sets them) with their values. */
const shape = (result: object) => Object.fromEntries(Object.entries(result).filter(([key]) => key !== 'response'));

/** Calls PUT (or HEAD) /portfolio/subaccounts/netting on a client of either kind. */
const call = (client: unknown, c: Case) =>
  (client as { request: (m: string, p: string, i: object) => Promise<object> }).request(
    c.method ?? 'PUT',
    '/portfolio/subaccounts/netting',
    { parseAs: c.parseAs ?? 'json', ...(c.method ? {} : { body: { subaccount_number: 0, enabled: true } }) },
  );

describe.each(CASES)('$name', (c) => {
  it("is openapi-fetch's result (what the next tests expect)", async () => {
    const openapi = createClient({ baseUrl: BASE, fetch: async () => c.response() });
    expect(shape(await call(openapi, c))).toStrictEqual(c.expected);
  });

  it('is the same from the transport', async () => {
    const { client } = await observedClient(() => c.response(), { retry: false });
    expect(shape(await call(client, c))).toStrictEqual(c.expected);
  });

  it("is the same from a middleware's Response", async () => {
    const { client } = await observedClient(() => json({ balance: 1 }), { retry: false });
    client.use({ onResponse: () => c.response() });
    expect(shape(await call(client, c))).toStrictEqual(c.expected);
  });
});

// Kalshi's spec gives GetBalance a 200 with a JSON object: an empty or non-object body there is no answer. Left as
// data, it was `undefined`/`null` typed as the balance, and the caller's first field access a bare TypeError.
const NOT_AN_OBJECT: Case[] = [
  { name: 'an empty body', response: () => new Response('', { status: 200 }), expected: {} },
  { name: 'Content-Length: 0', response: () => new Response('', { status: 200, headers: length0 }), expected: {} },
  { name: 'no body at all', response: () => new Response(null, { status: 200 }), expected: {} },
  { name: 'a 204', response: () => new Response(null, { status: 204 }), expected: {} },
  { name: 'null', response: () => json(null), expected: {} },
  { name: 'a number', response: () => json(7), expected: {} },
  { name: 'a string', response: () => json('ok'), expected: {} },
  { name: 'an array', response: () => json([]), expected: {} },
];

describe.each(NOT_AN_OBJECT)('$name where the spec declares a JSON object', (c) => {
  it('is KalshiInvalidResponseError, naming the operation, from the raw call and from unwrap', async () => {
    const { client } = await observedClient(() => c.response(), { retry: false });
    const raw = await client.GET('/portfolio/balance').catch((e: unknown) => e);
    expect(raw).toBeInstanceOf(KalshiInvalidResponseError);
    expect(raw).toMatchObject({ operationId: 'GetBalance', status: c.response().status });
    expect((raw as Error).message).toMatch(/^GetBalance: a 20[04] response whose body is not a JSON object$/);
    await expect(client.GET('/portfolio/balance').then(unwrap)).rejects.toBeInstanceOf(KalshiInvalidResponseError);
  });

  it('is retried like a cut-off body: a read gets the next attempt’s answer', async () => {
    const { client, requests } = await observedClient((_, attempt) =>
      attempt === 1 ? c.response() : json({ balance: 5 }),
    );
    expect(unwrap(await client.GET('/portfolio/balance')).balance).toBe(5);
    expect(requests).toHaveLength(2);
  });
});

// The spec's 2xx answers without content: the 204s (DeleteRFQ, AcceptRFQQuote, CancelAllOrders, …), and
// UpgradeAccountApiUsageLevel's 201 and UpdateSubaccountNetting's 200.
it('keeps an empty answer as no data where the spec declares no body', async () => {
  const { client } = await observedClient((request) =>
    request.method === 'DELETE' ? new Response(null, { status: 204 }) : new Response('', { status: 201 }),
  );
  const deleted = await client.DELETE('/communications/rfqs/{rfq_id}', { params: { path: { rfq_id: 'r1' } } });
  expect(deleted.data).toBeUndefined();
  expect(deleted.response.status).toBe(204);
  const upgraded = await client.POST('/account/api_usage_level/upgrade');
  expect(upgraded.data).toBeUndefined();
  expect(upgraded.response.status).toBe(201);
});
