import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningKalshiMockServer, startKalshiMockServer } from '../../src/node';
import { rawRequest } from '../raw-http';

// What never reaches a handler: node's HTTP parser refuses it. The server answers 4xx in Kalshi's nested shape
// (kalshi-api-notes §3.1; Kalshi's own answers to these are not recorded) and keeps serving.
let server: RunningKalshiMockServer;
beforeAll(async () => {
  server = await startKalshiMockServer({ seed: 2 });
});
afterAll(() => server.close());

const stillServing = async () => {
  const response = await rawRequest(
    server.port,
    'GET /trade-api/v2/exchange/status HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n',
  );
  expect(response.status).toBe(200);
  expect(JSON.parse(response.text)).toEqual({ exchange_active: true, trading_active: true });
};

describe('requests the HTTP parser refuses', () => {
  it.each([
    ['a request line that is not HTTP', 'HELLO\r\n\r\n'],
    ['a method with spaces', 'G E T / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n'],
    ['an unknown HTTP version', 'GET /trade-api/v2/markets HTTP/9.9\r\nHost: 127.0.0.1\r\n\r\n'],
    ['a header without a colon', 'GET /trade-api/v2/markets HTTP/1.1\r\nHost 127.0.0.1\r\n\r\n'],
    ['a control character in the target', 'GET /trade-api/v2/\x01markets HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n'],
    ['HTTP/1.1 without a Host header', 'GET /trade-api/v2/markets HTTP/1.1\r\nConnection: close\r\n\r\n'],
    [
      'a bad chunk size',
      'POST /trade-api/v2/portfolio/events/orders HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n',
    ],
  ])('answers %s with 400 and keeps serving', async (_name, bytes) => {
    const response = await rawRequest(server.port, bytes);
    expect(response.status).toBe(400);
    expect(JSON.parse(response.text)).toMatchObject({ error: { code: 'bad_request', message: 'bad request' } });
    await stillServing();
  });

  it('answers oversize headers with 431 and keeps serving', async () => {
    const response = await rawRequest(
      server.port,
      `GET /trade-api/v2/markets HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ${'a'.repeat(64 * 1024)}\r\n\r\n`,
    );
    expect(response.status).toBe(431);
    expect(JSON.parse(response.text)).toMatchObject({ error: { code: 'request_header_fields_too_large' } });
    await stillServing();
  });

  it('keeps serving the connections that were open when another one sent garbage', async () => {
    const pending = rawRequest(
      server.port,
      'GET /trade-api/v2/markets?limit=1 HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n',
    );
    await rawRequest(server.port, '\x00\x01\x02\r\n\r\n');
    expect((await pending).status).toBe(200);
  });
});
