import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withCorsDefault } from '../../src/http/cors';
import { type RunningKalshiMockServer, startKalshiMockServer } from '../../src/node';
import { checkCorsOrigin } from '../../src/shared/options';
import { spawnServe } from '../serve-process';

// Expected headers come from the Fetch standard's CORS protocol (a browser's rules), not from Kalshi: Kalshi's API
// is not documented for browser use (kalshi-api-notes are silent on CORS); this is for downstream browser tests.
const PAGE = 'http://localhost:5173';
const SIGNED_HEADERS = 'content-type,kalshi-access-key,kalshi-access-signature,kalshi-access-timestamp';

function preflight(url: string, origin: string) {
  return fetch(url, {
    method: 'OPTIONS',
    headers: {
      origin,
      'access-control-request-method': 'POST',
      'access-control-request-headers': SIGNED_HEADERS,
    },
  });
}

describe('kalshi-mock with CORS for any origin', () => {
  let server: RunningKalshiMockServer;
  beforeAll(async () => {
    server = await startKalshiMockServer({ cors: '*' });
  });
  afterAll(() => server.close());

  it('answers a preflight for a signed order with 204 and allows the method and the signed headers', async () => {
    const response = await preflight(`${server.url}/portfolio/events/orders`, PAGE);
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('access-control-allow-methods')).toContain('POST');
    expect(response.headers.get('access-control-allow-headers')).toBe(SIGNED_HEADERS);
  });

  it('adds the allow-origin header to ordinary responses, which the mock still answers', async () => {
    const response = await fetch(`${server.url}/markets?limit=1`, { headers: { origin: PAGE } });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect((await response.json()).markets).toHaveLength(1);
  });

  // Fetch standard: a preflight is an OPTIONS request with Access-Control-Request-Method; the browser then checks the
  // method it wants against Access-Control-Allow-Methods. The spec's operations use GET, POST, PUT and DELETE.
  it.each(['GET', 'POST', 'PUT', 'DELETE'])('allows %s, a method the API uses, in a preflight', async (method) => {
    const response = await fetch(`${server.url}/portfolio/order_groups/g1/reset`, {
      method: 'OPTIONS',
      headers: { origin: PAGE, 'access-control-request-method': method },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-methods')?.split(/,\s*/)).toContain(method);
  });

  it('lets the browser cache a preflight longer than its 5 s default (Access-Control-Max-Age)', async () => {
    const response = await preflight(`${server.url}/portfolio/events/orders`, PAGE);
    const maxAge = response.headers.get('access-control-max-age');
    expect(maxAge).toEqual(expect.stringMatching(/^\d+$/));
    expect(Number(maxAge)).toBeGreaterThan(5);
  });

  it('lets the page read every response header, Retry-After and the rate-limit ones included', async () => {
    // Fetch standard: without Access-Control-Expose-Headers a page reads only the CORS-safelisted response headers;
    // `*` exposes all of them to a request without credentials.
    const response = await fetch(`${server.url}/markets?limit=1`, { headers: { origin: PAGE } });
    expect(response.headers.get('access-control-expose-headers')).toBe('*');
  });

  it('passes an OPTIONS without Access-Control-Request-Method (not a preflight) to the mock', async () => {
    const response = await fetch(`${server.url}/markets`, { method: 'OPTIONS', headers: { origin: PAGE } });
    // The mock's answer to a method the path does not have: 405 listing the ones it has, with CORS headers.
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, HEAD');
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('access-control-allow-methods')).toBeNull();
  });
});

describe('kalshi-mock with CORS for one origin', () => {
  let server: RunningKalshiMockServer;
  beforeAll(async () => {
    server = await startKalshiMockServer({ cors: PAGE });
  });
  afterAll(() => server.close());

  it('allows that origin by name (and varies on Origin)', async () => {
    const response = await preflight(`${server.url}/portfolio/events/orders`, PAGE);
    expect(response.headers.get('access-control-allow-origin')).toBe(PAGE);
    expect(response.headers.get('vary')).toBe('Origin');
  });

  it('gives another origin no CORS headers, so its browser blocks the call', async () => {
    const response = await preflight(`${server.url}/portfolio/events/orders`, 'http://evil.example');
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    expect(response.headers.get('access-control-allow-headers')).toBeNull();
  });
});

describe('kalshi-mock without --cors', () => {
  it('adds no CORS headers and does not answer preflights', async () => {
    const server = await startKalshiMockServer();
    try {
      const response = await preflight(`${server.url}/portfolio/events/orders`, PAGE);
      expect(response.status).not.toBe(204);
      expect(response.headers.get('access-control-allow-origin')).toBeNull();
    } finally {
      await server.close();
    }
  });
});

describe('kalshi-mock serve --cors', () => {
  it('takes an optional origin: a bare --cors means any origin', () => {
    expect(withCorsDefault(['--cors'])).toEqual(['--cors', '*']);
    expect(withCorsDefault(['--cors', '--port', '0'])).toEqual(['--cors', '*', '--port', '0']);
    expect(withCorsDefault(['--cors', PAGE, '--port', '0'])).toEqual(['--cors', PAGE, '--port', '0']);
    // Before an option's short form too (`-h`), as the command line reads `--port -h`: an option, not a value.
    expect(withCorsDefault(['--cors', '-h'])).toEqual(['--cors', '*', '-h']);
    // After `--` nothing is an option.
    expect(withCorsDefault(['--', '--cors'])).toEqual(['--', '--cors']);
  });

  it('rejects a value that is not an origin, naming the flag', () => {
    expect(checkCorsOrigin('--cors', PAGE)).toBe(PAGE);
    expect(() => checkCorsOrigin('--cors', 'localhost:5173')).toThrow('--cors: "localhost:5173" is not an origin');
    expect(() => checkCorsOrigin('--cors', `${PAGE}/app`)).toThrow(
      '--cors: "http://localhost:5173/app" is not an origin',
    );
  });

  it('answers preflights when started from the command line with a bare --cors', async () => {
    const { url, stop } = await spawnServe(['--port', '0', '--cors']);
    try {
      const response = await preflight(`${url}/portfolio/events/orders`, PAGE);
      expect(response.status).toBe(204);
      expect(response.headers.get('access-control-allow-origin')).toBe('*');
    } finally {
      await stop();
    }
  }, 60_000);
});
