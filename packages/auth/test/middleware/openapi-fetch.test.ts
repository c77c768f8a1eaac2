import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import createClient from 'openapi-fetch';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createAuthMiddleware, createSigner, signRequest, type VerifyResult, verifySignature } from '../../src';
import { generateKeyPair } from '../../src/node';
import { rsa } from '../helpers';

// biome-ignore lint/suspicious/noExplicitAny: a minimal paths type is enough for the middleware
type Paths = any;
const BASE = 'https://external-api.kalshi.com/trade-api/v2';
const seen: { result: VerifyResult; timestamp: string | null }[] = [];
let clockSkewMs = 0;

// A Kalshi-like endpoint that verifies every request with verifySignature, as the mock exchange does.
const server = setupServer(
  http.all(`${BASE}/*`, async ({ request }) => {
    const result = await verifySignature({
      method: request.method,
      url: request.url,
      headers: request.headers,
      publicKey: (keyId) => (keyId === rsa.keyId ? rsa.publicKeyPem : undefined),
      now: Date.now() + clockSkewMs,
    });
    seen.push({ result, timestamp: request.headers.get('KALSHI-ACCESS-TIMESTAMP') });
    return result.ok
      ? HttpResponse.json({ balance: 100 })
      : HttpResponse.json({ error: { code: result.reason } }, { status: 401 });
  }),
);

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  server.resetHandlers();
  seen.length = 0;
  clockSkewMs = 0;
});
afterAll(() => server.close());

async function client(keyPair = rsa) {
  const kalshi = createClient<Paths>({ baseUrl: BASE });
  kalshi.use(createAuthMiddleware(await createSigner({ keyId: keyPair.keyId, privateKey: keyPair.privateKeyPem })));
  return kalshi;
}

describe('createAuthMiddleware through a real openapi-fetch client', () => {
  it('signs the final request, path params encoded and query serialised, so the exchange accepts it', async () => {
    const kalshi = await client();
    const { response } = await kalshi.GET('/markets/{ticker}/orderbook', {
      params: { path: { ticker: 'KX A/B' }, query: { depth: 5 } },
    });
    expect(response.status).toBe(200);
    expect(seen[0]?.result).toEqual({ ok: true, keyId: rsa.keyId });
  });

  it('is rejected with unknown_key when signed with a key the exchange does not know', async () => {
    const kalshi = await client(await generateKeyPair());
    const { response } = await kalshi.GET('/portfolio/balance', {});
    expect(response.status).toBe(401);
    expect(seen[0]?.result).toEqual({ ok: false, reason: 'unknown_key' });
  });

  it('is rejected with stale_timestamp when the clocks are 60 s apart', async () => {
    clockSkewMs = 60_000;
    const kalshi = await client();
    await kalshi.GET('/portfolio/balance', {});
    expect(seen[0]?.result).toEqual({ ok: false, reason: 'stale_timestamp' });
  });

  it('is rejected with bad_signature when the path is tampered with after signing', async () => {
    const kalshi = await client();
    kalshi.use({ onRequest: ({ request }) => new Request(request.url.replace('/balance', '/positions'), request) });
    await kalshi.GET('/portfolio/balance', {});
    expect(seen[0]?.result).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('gives each request (and each retried attempt) a fresh timestamp and signature', async () => {
    let now = 1_781_000_000_000;
    const signer = await createSigner({ keyId: rsa.keyId, privateKey: rsa.privateKeyPem, clock: () => (now += 1000) });
    const first = await signRequest(signer, new Request(`${BASE}/portfolio/balance`));
    const retry = await signRequest(signer, first.clone());
    expect(retry.headers.get('KALSHI-ACCESS-TIMESTAMP')).toBe(
      String(Number(first.headers.get('KALSHI-ACCESS-TIMESTAMP')) + 1000),
    );
    expect(retry.headers.get('KALSHI-ACCESS-SIGNATURE')).not.toBe(first.headers.get('KALSHI-ACCESS-SIGNATURE'));
  });
});
