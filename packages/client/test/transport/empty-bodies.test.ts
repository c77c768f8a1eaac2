import createClient from 'openapi-fetch';
import { describe, expect, it } from 'vitest';
import { BASE, json, observedClient } from '../helpers';

// openapi-fetch 0.17 decides emptiness by the headers: a 204, a HEAD, or `Content-Length: 0` (not chunked) gives
// `{ data: undefined }` or `{ error: undefined }`; any other body is read: a 2xx JSON body that turns out empty is
// `data: undefined`, and an error body is its text, parsed where it is JSON, so an empty one is `error: ''`.
interface Case {
  readonly name: string;
  readonly method?: 'GET' | 'HEAD';
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

/** Calls GET (or HEAD) /portfolio/balance on a client of either kind. */
const call = (client: unknown, c: Case) =>
  (client as { request: (m: string, p: string, i: object) => Promise<object> }).request(
    c.method ?? 'GET',
    '/portfolio/balance',
    { parseAs: c.parseAs ?? 'json' },
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
