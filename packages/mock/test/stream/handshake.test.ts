import { connect as connectTcp } from 'node:net';
import { createSigner } from '@org/kalshi-auth';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type RunningKalshiMockServer, startKalshiMockServer } from '../../src/node';
import { rawRequest } from '../raw-http';
import { connect, openSocket, signedHeaders } from './client';

let server: RunningKalshiMockServer;
beforeAll(async () => {
  server = await startKalshiMockServer({ pingIntervalMs: 50 });
});
afterAll(() => server.close());

describe('WebSocket handshake', () => {
  it('upgrades a signed GET /trade-api/ws/v2 and pings with "heartbeat"', async () => {
    const socket = await connect(server);
    const payload = await new Promise<string>((resolve) => socket.ws.once('ping', (data) => resolve(String(data))));
    expect(payload).toBe('heartbeat');
    expect(server.stream.connections()).toBe(1);
    socket.ws.close();
    await socket.closed;
  });

  it('refuses a bad signature with the REST 401 body', async () => {
    const headers = await signedHeaders(server);
    const signature = headers['KALSHI-ACCESS-SIGNATURE'] as string;
    const forged = { ...headers, 'KALSHI-ACCESS-SIGNATURE': `${signature.slice(0, -8)}AAAAAAA=` };
    const error = await openSocket(server.streamUrl, forged).catch((e) => e);
    expect(error.status).toBe(401);
    expect(JSON.parse(error.body)).toEqual({
      error: { code: 'authentication_error', message: 'authentication_error', details: 'INCORRECT_API_KEY_SIGNATURE' },
    });
  });

  it('refuses a stale timestamp', async () => {
    const { keyId, privateKeyPem } = server.mock.credentials;
    const signer = await createSigner({ keyId, privateKey: privateKeyPem });
    const stale = await signer.sign({ method: 'GET', url: server.streamUrl, timestamp: Date.now() - 120_000 });
    const error = await openSocket(server.streamUrl, stale).catch((e) => e);
    expect(error.status).toBe(401);
    expect(JSON.parse(error.body).error.code).toBe('header_timestamp_expired');
    // A Date header (IMF-fixdate, RFC 9110 §5.6.7), as on any HTTP answer and the REST 401s: what a client measures
    // its clock's offset from.
    expect(error.headers.date).toMatch(/^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/);
  });

  it('refuses an unsigned handshake, even though public channels exist', async () => {
    const error = await openSocket(server.streamUrl, {}).catch((e) => e);
    expect(error.status).toBe(401);
    expect(JSON.parse(error.body).error.code).toBe('access_key_is_missing_from_headers');
  });

  it('signs the path: a signature for the REST path does not open the stream', async () => {
    const headers = await signedHeaders(server, `${server.url}/portfolio/balance`);
    const error = await openSocket(server.streamUrl, headers).catch((e) => e);
    expect(error.status).toBe(401);
  });

  // Round 33, E: a request on the WebSocket API's path without a handshake (curl, a hand-written client that forgot
  // `Connection: Upgrade`) got 404 "not found", telling its author the path does not exist. Kalshi's answer is not
  // recorded (the notes are silent): the path exists, so 400 as for a handshake with a bad Upgrade header, and 405
  // with Allow for another method, as the handshake's own refusals.
  it.each(['', 'Upgrade: websocket\r\n'])(
    'answers a GET on the stream path without a handshake (%j) with 400, not 404',
    async (extra) => {
      const response = await rawRequest(
        server.port,
        `GET /trade-api/ws/v2 HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nConnection: close\r\n${extra}\r\n`,
      );
      expect(response.status).toBe(400);
      expect(JSON.parse(response.text)).toMatchObject({ error: { code: 'bad_request' } });
    },
  );

  it('answers another method on the stream path without a handshake with 405 and Allow: GET', async () => {
    const response = await rawRequest(
      server.port,
      `POST /trade-api/ws/v2 HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nConnection: close\r\ncontent-length: 0\r\n\r\n`,
    );
    expect(response.status).toBe(405);
    expect(response.headers.allow).toBe('GET');
    expect(JSON.parse(response.text)).toMatchObject({ error: { code: 'method_not_allowed' } });
  });

  it('answers 404 for other upgrade paths', async () => {
    const url = server.streamUrl.replace('/ws/v2', '/ws/v1');
    const error = await openSocket(url, await signedHeaders(server, url)).catch((e) => e);
    expect(error.status).toBe(404);
  });

  // The project README: "malformed requests get 4xx in Kalshi's error shapes" — the nested shape of notes §3.1, as the
  // handshake's 401s and 404 have; not the `ws` library's text/html. Kalshi's answers to these are not recorded (the
  // notes are silent); RFC 6455 §4.4: a refused version names the versions the server speaks.
  async function handshake(method: string, extra: string) {
    const headers = Object.entries(await signedHeaders(server)).map(([name, value]) => `${name}: ${value}\r\n`);
    return rawRequest(
      server.port,
      `${method} /trade-api/ws/v2 HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nConnection: Upgrade\r\n` +
        `Upgrade: websocket\r\n${extra}${headers.join('')}\r\n`,
    );
  }
  const KEY = 'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n';

  it.each([
    ['a WebSocket version the server does not speak', `Sec-WebSocket-Version: 7\r\n${KEY}`, 'Sec-WebSocket-Version'],
    ['no Sec-WebSocket-Key', 'Sec-WebSocket-Version: 13\r\n', 'Sec-WebSocket-Key'],
    ['a malformed Sec-WebSocket-Key', 'Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: short\r\n', 'Sec-WebSocket-Key'],
  ])('answers a signed handshake with %s with a JSON 400 naming the header', async (_, extra, header) => {
    const response = await handshake('GET', extra);
    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toBe('application/json');
    expect(JSON.parse(response.text)).toEqual({
      error: { code: 'bad_request', message: 'bad request', details: expect.stringContaining(header) },
    });
    if (header === 'Sec-WebSocket-Version') expect(response.headers['sec-websocket-version']).toBe('13, 8');
  });

  it('answers an upgrade that is not a GET with a JSON 405 and Allow: GET', async () => {
    const response = await handshake('POST', `Sec-WebSocket-Version: 13\r\n${KEY}`);
    expect(response.status).toBe(405);
    expect(response.headers['content-type']).toBe('application/json');
    expect(response.headers.allow).toBe('GET');
    expect(JSON.parse(response.text)).toMatchObject({ error: { code: 'method_not_allowed' } });
  });
});

// RFC 9110 §7.8: a server may ignore an Upgrade offer and answer over HTTP/1.1. `curl --http2 http://…` offers h2c on
// every request; a REST path with an offer is served as without it (notes silent on Kalshi's answer).
describe('an Upgrade offer on a REST path', () => {
  const offer = (method: string, path: string, extra = '') =>
    rawRequest(
      server.port,
      `${method} ${path} HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nConnection: Upgrade, HTTP2-Settings\r\n` +
        `Upgrade: h2c\r\nHTTP2-Settings: AAMAAABkAAQCAAAAAAIAAAAA\r\n${extra}\r\n`,
    );

  it('is ignored: the request is answered as it would be without it, then the connection closes', async () => {
    const plain = await fetch(`${server.url}/exchange/status`);
    const response = await offer('GET', '/trade-api/v2/exchange/status');
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(JSON.parse(response.text)).toEqual(await plain.json());
    expect(response.headers.connection).toBe('close');
    const missing = await offer('GET', '/trade-api/v2/markets/NO-SUCH-TICKER');
    expect(missing.status).toBe(404);
    expect(JSON.parse(missing.text)).toMatchObject({ error: { code: 'not_found' } });
  });

  // RFC 9112 §9.3.2: pipelined requests are answered in order.
  it('pipelined behind a plain request is answered after it, both in full', async () => {
    const get = (extra = '') =>
      `GET /trade-api/v2/exchange/status HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\n${extra}\r\n`;
    const raw = await new Promise<string>((resolve, reject) => {
      const socket = connectTcp(server.port, '127.0.0.1');
      let data = '';
      socket.on('data', (chunk: Buffer) => {
        data += chunk.toString('latin1');
      });
      socket.on('close', () => resolve(data));
      socket.on('error', reject);
      socket.write(
        get() +
          get('Connection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\nHTTP2-Settings: AAMAAABkAAQCAAAAAAIAAAAA\r\n'),
      );
    });
    const answers = raw.split(/(?=HTTP\/1\.1 )/);
    expect(answers.map((answer) => answer.slice(0, 15))).toEqual(['HTTP/1.1 200 OK', 'HTTP/1.1 200 OK']);
    for (const answer of answers)
      expect(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4))).toMatchObject({ exchange_active: true });
  });

  it('with a body is refused with a JSON 400 (node has read past the body)', async () => {
    const response = await offer('POST', '/trade-api/v2/portfolio/events/orders', 'Content-Length: 2\r\n\r\n{}');
    expect(response.status).toBe(400);
    expect(JSON.parse(response.text)).toEqual({
      error: { code: 'bad_request', message: 'bad request', details: 'an Upgrade offer on a request with a body' },
    });
  });
});

describe('server pings', () => {
  it('come every 10 s by default, as Kalshi sends them (kalshi-api-notes §9.1)', async () => {
    // Only the ping timer is faked: the sockets stay real. A client ping's pong follows any server ping sent before
    // it on the same connection, so counting pings after a round trip needs no wait.
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const running = await startKalshiMockServer({ empty: true });
    try {
      const socket = await connect(running);
      let pings = 0;
      socket.ws.on('ping', () => pings++);
      const roundTrip = () => new Promise<void>((resolve) => socket.ws.once('pong', () => resolve()).ping());
      vi.advanceTimersByTime(9_999);
      await roundTrip();
      expect(pings).toBe(0);
      vi.advanceTimersByTime(1);
      await roundTrip();
      expect(pings).toBe(1);
      socket.ws.close();
      await socket.closed;
    } finally {
      vi.useRealTimers();
      await running.close();
    }
  });
});
