import { createSigner } from '@org/kalshi-auth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningKalshiMockServer, startKalshiMockServer } from '../../src/node';
import { rawRequest } from '../raw-http';

// kalshi-api-notes §2.1: the string to sign is `timestamp + METHOD + path`, "the full URL path including
// `/trade-api/v2` and excluding the query string"; the auth package's message.ts: "the URL path as sent on the wire".
// §2.5: the WebSocket handshake signs `/trade-api/ws/v2` the same way. The mock verified the path after URL
// normalisation, so `/trade-api/v2/markets/../portfolio/balance` signed over `/trade-api/v2/portfolio/balance` got
// in. A path is now verified as it arrived (without the query); a signature over another path gets the recorded 401
// (§2.3, "Valid key, wrong signature"). Where such a path is routed is not recorded (the notes are silent): since
// round 24 the mock answers it as a path the spec lacks (404), signed as sent or not.
const BAD_SIGNATURE = {
  error: { code: 'authentication_error', message: 'authentication_error', details: 'INCORRECT_API_KEY_SIGNATURE' },
};

let server: RunningKalshiMockServer;
beforeAll(async () => {
  server = await startKalshiMockServer({ seed: 3 });
});
afterAll(() => server.close());

/** Headers signed over `signedPath` (sliced as given: `{ url }` with a scheme is read without normalising). */
async function signedOver(signedPath: string, method = 'GET') {
  const { keyId, privateKeyPem } = server.mock.credentials;
  const signer = await createSigner({ keyId, privateKey: privateKeyPem });
  return signer.sign({ method, url: { url: `http://127.0.0.1${signedPath}` } });
}

async function send(target: string, headers: Record<string, string>, extra = '') {
  const lines = Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`);
  return rawRequest(
    server.port,
    `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\n${extra}${lines.join('')}Connection: close\r\n\r\n`,
  );
}

describe('REST: the signature covers the path as sent', () => {
  const RAW = '/trade-api/v2/markets/../portfolio/balance';

  // Round 24, A4: a dot-segment path is one the spec lacks (see malformed-requests.test.ts), so it gets the 404 of
  // any unknown path whatever it was signed over, rather than the folded path's answer.
  it('answers a dot-segment path with 404 whether signed over its folded form or as sent', async () => {
    for (const [target, signed] of [
      [RAW, '/trade-api/v2/portfolio/balance'],
      [RAW, RAW],
      ['/trade-api/v2/markets/%2e%2e/portfolio/balance', '/trade-api/v2/portfolio/balance'],
    ] as const) {
      const response = await send(target, await signedOver(signed));
      expect({ target, signed, status: response.status }).toEqual({ target, signed, status: 404 });
    }
  });

  it('takes a path signed as sent, with a query left out of the signature', async () => {
    const query = await send(
      '/trade-api/v2/portfolio/balance?x=1',
      await signedOver('/trade-api/v2/portfolio/balance'),
    );
    expect(query.status).toBe(200);
  });

  it('refuses a path signed over another path with 401 INCORRECT_API_KEY_SIGNATURE', async () => {
    const response = await send(
      '/trade-api/v2/portfolio/balance',
      await signedOver('/trade-api/v2/portfolio/positions'),
    );
    expect(response.status).toBe(401);
    expect(JSON.parse(response.text)).toEqual(BAD_SIGNATURE);
  });
});

describe('WebSocket handshake: the signature covers the path as sent', () => {
  const UPGRADE = 'Upgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n';
  const upgrade = (target: string, headers: Record<string, string>) =>
    send(target, headers, UPGRADE.concat('Connection: Upgrade\r\n'));

  // Round 24, A4: as on REST, a dot-segment path is one the spec lacks: 404 whatever it was signed over.
  it('answers /trade-api/ws/x/../v2 with 404, signed over /trade-api/ws/v2 or as sent', async () => {
    for (const signed of ['/trade-api/ws/v2', '/trade-api/ws/x/../v2']) {
      const response = await upgrade('/trade-api/ws/x/../v2', await signedOver(signed));
      expect({ signed, status: response.status }).toEqual({ signed, status: 404 });
      expect(JSON.parse(response.text)).toMatchObject({ error: { code: 'not_found' } });
    }
  });
});
