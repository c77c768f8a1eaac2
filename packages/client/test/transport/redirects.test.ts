import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { type AttemptEvent, createKalshiClient, KalshiApiError } from '../../src';
import { json, observedClient, testSigner, v2Order } from '../helpers';

const order = { ...v2Order, client_order_id: 'c-1' } as const;

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((done) => s.close(done))));
});

/** A loopback server recording the requests it gets. */
async function recording(answer: (request: IncomingMessage) => [number, Record<string, string>, string]) {
  const seen: { method?: string; url?: string; signed: boolean }[] = [];
  const server = createServer((request, response) => {
    seen.push({ method: request.method, url: request.url, signed: 'kalshi-access-signature' in request.headers });
    const [status, headers, body] = answer(request);
    response.writeHead(status, headers).end(body);
  });
  servers.push(server);
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

// Kalshi's API does not redirect (neither the notes nor the spec declare a 3xx); a redirect can only come from
// something in between. Following it sends the signed headers (which bind neither host nor body, kalshi-api-notes
// §1, §2.1) to another origin, and fetch turns a 301/302 POST into a GET. Never followed; a typed error instead.
describe('redirects', () => {
  it.each([301, 302, 307, 308])(
    'a %i is not followed: the other origin gets nothing, the caller a typed error',
    async (status) => {
      const other = await recording(() => [201, { 'content-type': 'application/json' }, '{"order_id":"x"}']);
      const api = await recording((request) => [status, { location: `${other.url}${request.url}` }, '']);
      const kalshi = await createKalshiClient({ baseUrl: `${api.url}/trade-api/v2`, credentials: await testSigner() });
      const call = kalshi.POST('/portfolio/events/orders', { body: order });
      await expect(call).rejects.toThrow(KalshiApiError);
      await expect(call).rejects.toMatchObject({ status, message: expect.stringContaining(other.url) });
      expect(other.seen).toEqual([]);
      expect(api.seen.map((r) => r.method)).toEqual(['POST']); // one attempt: not retried
    },
  );

  it('a signed read redirected is not retried nor followed', async () => {
    const other = await recording(() => [200, { 'content-type': 'application/json' }, '{"balance":1}']);
    const api = await recording((request) => [302, { location: `${other.url}${request.url}` }, '']);
    const kalshi = await createKalshiClient({ baseUrl: `${api.url}/trade-api/v2`, credentials: await testSigner() });
    await expect(kalshi.GET('/portfolio/balance')).rejects.toMatchObject({ name: 'KalshiApiError', status: 302 });
    expect(api.seen).toHaveLength(1);
    expect(other.seen).toEqual([]);
  });

  // README/observe.ts: `onAttempt` is "called after each attempt, with its outcome"; the logger's debug: "every
  // attempt". A redirect was sent and answered: it is an attempt on record, like any status (outside testing, O-D5).
  it('a redirect answered is reported to onAttempt and logged at debug, with its status', async () => {
    const attempts: AttemptEvent[] = [];
    const debug: object[] = [];
    const { client, requests } = await observedClient(
      () => new Response(null, { status: 307, headers: { location: 'https://elsewhere.example/x' } }),
      {
        onAttempt: (event) => attempts.push(event),
        logLevel: 'debug',
        logger: { debug: (fields) => debug.push(fields), info() {}, warn() {}, error() {} },
      },
    );
    await expect(client.GET('/portfolio/balance')).rejects.toMatchObject({ name: 'KalshiApiError', status: 307 });
    expect(requests).toHaveLength(1);
    expect(attempts).toMatchObject([
      { operationId: 'GetBalance', method: 'GET', path: '/trade-api/v2/portfolio/balance', attempt: 1, status: 307 },
    ]);
    expect(debug).toEqual(attempts);
  });

  it("asks fetch not to follow, a call's own redirect option notwithstanding", async () => {
    const { client, requests } = await observedClient(() => json({ balance: 1 }));
    await client.GET('/portfolio/balance', { redirect: 'follow' } as object);
    expect(requests[0]?.redirect).toBe('manual');
  });

  it("a browser's opaque redirect (status 0) is an error too", async () => {
    const { client } = await observedClient(() => Response.error());
    // Response.error() is the closest a test can build to an opaqueredirect: type 'error', status 0.
    await expect(client.GET('/portfolio/balance')).rejects.toMatchObject({ name: 'KalshiApiError', status: 0 });
  });
});
