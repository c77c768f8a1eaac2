import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import createClient from 'openapi-fetch';
import { afterEach, describe, expect, it } from 'vitest';
import { createAuthMiddleware, createSigner, signRequest } from '../../src';
import { rsa } from '../helpers';

// Round 24, tester A (A3): fetch follows a redirect by default and drops only Authorization, Cookie and
// Proxy-Authorization on a cross-origin hop, so Kalshi's three headers reached whatever host a 3xx named, where they
// are valid for any body while Kalshi takes their timestamp (kalshi-api-notes §2.1, §2.2). The middleware hands on a
// copy with `redirect: 'manual'`: the 3xx is the answer, and nothing goes to the other host.

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((done) => server.close(done))));
});

/** A loopback server answering `answer`, recording the headers of every request it gets. */
async function serve(answer: (res: ServerResponse) => void) {
  const seen: IncomingHttpHeaders[] = [];
  const server = createServer((req, res) => {
    seen.push(req.headers);
    answer(res);
  });
  servers.push(server);
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  return { seen, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

async function redirecting() {
  const other = await serve((res) => res.end('{"balance":1}'));
  const kalshi = await serve((res) =>
    res.writeHead(307, { location: `${other.origin}/trade-api/v2/portfolio/balance` }).end(),
  );
  const signer = await createSigner({ keyId: rsa.keyId, privateKey: rsa.privateKeyPem });
  return { other, kalshi, signer };
}

describe('a signed request does not follow a redirect', () => {
  it('through openapi-fetch and createAuthMiddleware: the 3xx is the answer, the other host gets nothing', async () => {
    const { other, kalshi, signer } = await redirecting();
    // biome-ignore lint/suspicious/noExplicitAny: a minimal paths type is enough for the middleware
    const client = createClient<any>({ baseUrl: `${kalshi.origin}/trade-api/v2` });
    client.use(createAuthMiddleware(signer));
    const { response } = await client.GET('/portfolio/balance', {});
    expect(response.status).toBe(307);
    expect(kalshi.seen[0]?.['kalshi-access-key']).toBe(rsa.keyId);
    expect(other.seen).toEqual([]);
  });

  // Verifier V (round 24): a copy used up the given request's body, so a caller sending the request it signed sent it
  // unsigned (or failed on its body), and signing it again on a retry threw. The redirect mode is the caller's here.
  it('signRequest signs the Request it is given, in place, and can sign it again', async () => {
    const { other, kalshi, signer } = await redirecting();
    const request = new Request(`${kalshi.origin}/trade-api/v2/portfolio/events/orders`, {
      method: 'POST',
      body: '{"ticker":"T"}',
      redirect: 'error',
    });
    expect(await signRequest(signer, request)).toBe(request);
    const first = request.headers.get('kalshi-access-signature');
    expect(await signRequest(signer, request)).toBe(request);
    expect(request.headers.get('kalshi-access-signature')).not.toBe(first);
    expect(request.headers.get('kalshi-access-key')).toBe(rsa.keyId);
    await expect(fetch(request)).rejects.toThrow(TypeError);
    expect(kalshi.seen[0]?.['kalshi-access-key']).toBe(rsa.keyId);
    expect(other.seen).toEqual([]);
  });

  it("createAuthMiddleware hands on a copy with redirect: 'manual', body and method kept, and keeps 'error'", async () => {
    const signer = await createSigner({ keyId: rsa.keyId, privateKey: rsa.privateKeyPem });
    const url = 'https://external-api.kalshi.com/trade-api/v2/portfolio/events/orders';
    const { onRequest } = createAuthMiddleware(signer);
    const signed = await onRequest({ request: new Request(url, { method: 'POST', body: '{"ticker":"T"}' }) });
    expect(signed.redirect).toBe('manual');
    expect(signed.method).toBe('POST');
    expect(await signed.text()).toBe('{"ticker":"T"}');
    expect(signed.headers.get('kalshi-access-key')).toBe(rsa.keyId);
    const kept = await onRequest({ request: new Request(url, { redirect: 'error' }) });
    expect(kept.redirect).toBe('error');
  });
});
