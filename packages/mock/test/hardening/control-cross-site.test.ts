import { spawn } from 'node:child_process';
import { getResponse } from 'msw';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createKalshiMock } from '../../src';
import { createControlHandlers } from '../../src/http/control';
import { controlRefusal } from '../../src/http/control-guard';
import { type RunningKalshiMockServer, startKalshiMockServer } from '../../src/node';
import { rawRequest } from '../raw-http';
import { BIN } from '../serve-process';

// The control routes (`/_mock/…`) drive the exchange: reset it, move its clock, settle markets, open accounts (whose
// answer holds a private key). A web page open in the developer's browser must not reach them (tester S, S-D2):
// - a cross-site "simple" request needs no CORS preflight (Fetch standard: a POST whose Content-Type is text/plain,
//   form-urlencoded or multipart, or that has no body), so a POST to `/_mock/` must say `Content-Type:
//   application/json`, which only a preflighted request can, and the mock answers preflights only with `--cors`. An
//   empty POST without it is taken from a client that sends no Origin header (curl -X POST, a script): browsers
//   send Origin with every POST.
// - a DNS-rebinding page (evil.example resolved to 127.0.0.1) is same-origin with the mock, so `/_mock/` answers only
//   a Host that is loopback (localhost, *.localhost, 127.0.0.1, [::1]) or the host the server binds; bound to
//   0.0.0.0 or :: (opened to the network on purpose) it takes any Host.
// As dev servers do; Kalshi has no such routes (the notes are silent: this is the mock's own API).
const EVIL = 'http://evil.example';

function request(port: number, method: string, path: string, headers: Record<string, string>, body = '') {
  const lines = Object.entries({ ...headers, 'content-length': String(Buffer.byteLength(body)) }).map(
    ([name, value]) => `${name}: ${value}\r\n`,
  );
  return rawRequest(port, `${method} ${path} HTTP/1.1\r\n${lines.join('')}connection: close\r\n\r\n${body}`);
}

const errorOf = (text: string) => (JSON.parse(text) as { error: { code: string; details: string } }).error;

describe('/_mock/ on a loopback-bound server, without --cors', () => {
  let server: RunningKalshiMockServer;
  let host: string;
  let ticker: string;
  beforeAll(async () => {
    // A fixed clock: it moves only when told to, so a refused POST /_mock/time shows as an unchanged now().
    server = await startKalshiMockServer({ seed: 7, now: Date.UTC(2026, 11, 4) });
    host = `127.0.0.1:${server.port}`;
  });
  afterAll(() => server.close());
  beforeEach(() => {
    server.mock.exchange.reset();
    ticker = [...server.mock.exchange.markets.values()].find((m) => m.status === 'active')?.ticker as string;
  });

  it.each([
    ['time', JSON.stringify({ advanceMs: 86_400_000 })],
    ['reset', ''],
    ['pause', JSON.stringify({ kind: 'trading' })],
    ['users', '{}'],
  ])(
    'answers a cross-site text/plain POST /_mock/%s 415 naming Content-Type, and does nothing',
    async (route, body) => {
      const now = server.mock.exchange.now();
      const users = server.mock.users.length;
      const response = await request(
        server.port,
        'POST',
        `/_mock/${route}`,
        { host, origin: EVIL, 'content-type': 'text/plain;charset=UTF-8' },
        body,
      );
      expect(response.status).toBe(415);
      expect(errorOf(response.text)).toMatchObject({ code: 'invalid_content_type' });
      expect(errorOf(response.text).details).toMatch(/^Content-Type must be application\/json/);
      expect(server.mock.exchange.now()).toBe(now);
      expect(server.mock.exchange.paused).toBeFalsy();
      expect(server.mock.users.length).toBe(users);
    },
  );

  it('refuses a text/plain POST /_mock/markets/determine: the market is not settled', async () => {
    const body = JSON.stringify({ ticker, result: 'yes' });
    const response = await request(
      server.port,
      'POST',
      '/_mock/markets/determine',
      { host, origin: EVIL, 'content-type': 'text/plain' },
      body,
    );
    expect(response.status).toBe(415);
    expect(server.mock.exchange.markets.get(ticker)?.status).toBe('active');
  });

  it('refuses a body without Content-Type, and an empty POST a page sends (it carries Origin)', async () => {
    const noType = await request(server.port, 'POST', '/_mock/pause', { host }, JSON.stringify({ kind: 'trading' }));
    expect(noType.status).toBe(415);
    const fromPage = await request(server.port, 'POST', '/_mock/stream/drop', { host, origin: EVIL });
    expect(fromPage.status).toBe(415);
    expect(server.mock.exchange.paused).toBeFalsy();
  });

  it('takes what scripts send: JSON declared as such, and an empty POST without Origin', async () => {
    const time = await fetch(`http://${host}/_mock/time`, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify({ advanceMs: 1000 }),
    });
    expect(time.status).toBe(200);
    expect((await fetch(`http://${host}/_mock/reset`, { method: 'POST' })).status).toBe(200);
  });

  it('does not answer a preflight to /_mock/ (no CORS headers), so a page cannot send JSON there', async () => {
    const response = await request(server.port, 'OPTIONS', '/_mock/time', {
      host,
      origin: EVIL,
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'content-type',
    });
    expect(response.status).not.toBe(204);
    expect(response.headers['access-control-allow-origin']).toBeUndefined();
  });

  it.each([
    ['GET', '/_mock/state', ''],
    ['POST', '/_mock/users', '{}'],
  ])('answers %s %s with another Host (DNS rebinding) 403 naming the Host', async (method, path, body) => {
    const users = server.mock.users.length;
    const response = await request(
      server.port,
      method,
      path,
      {
        host: `evil.example:${server.port}`,
        origin: `http://evil.example:${server.port}`,
        'content-type': 'application/json',
      },
      body,
    );
    expect(response.status).toBe(403);
    expect(errorOf(response.text).code).toBe('forbidden');
    expect(errorOf(response.text).details).toMatch(/^Host: "evil\.example" is neither loopback/);
    expect(response.text).not.toContain('PRIVATE KEY');
    expect(server.mock.users.length).toBe(users);
  });

  // A trailing dot makes a name fully qualified (RFC 1034 §3.1): `localhost.` is loopback as `localhost` is.
  it.each(['localhost', '127.0.0.1', '[::1]', 'app.localhost', 'LOCALHOST', 'localhost.', 'app.localhost.'])(
    'answers GET /_mock/state with Host %s',
    async (name) => {
      const response = await request(server.port, 'GET', '/_mock/state', { host: `${name}:${server.port}` });
      expect(response.status).toBe(200);
      expect(JSON.parse(response.text)).toHaveProperty('orders');
    },
  );

  it('leaves the API to its signatures: another Host still reads public market data', async () => {
    const response = await request(server.port, 'GET', '/trade-api/v2/exchange/status', { host: 'evil.example' });
    expect(response.status).toBe(200);
  });
});

describe('/_mock/ on a server bound to 0.0.0.0 (opened to the network on purpose)', () => {
  let server: RunningKalshiMockServer;
  beforeAll(async () => {
    server = await startKalshiMockServer({ seed: 7, host: '0.0.0.0' });
  });
  afterAll(() => server.close());

  it('takes any Host, and still wants JSON declared on a POST', async () => {
    const state = await request(server.port, 'GET', '/_mock/state', { host: 'mock.internal:4010' });
    expect(state.status).toBe(200);
    const plain = await request(
      server.port,
      'POST',
      '/_mock/time',
      { host: 'mock.internal:4010', 'content-type': 'text/plain' },
      '{}',
    );
    expect(plain.status).toBe(415);
  });
});

describe('/_mock/ with --cors for one origin', () => {
  const PAGE = 'http://localhost:5173';
  let server: RunningKalshiMockServer;
  beforeAll(async () => {
    server = await startKalshiMockServer({ seed: 7, cors: PAGE });
  });
  afterAll(() => server.close());

  it("lets that origin's page preflight and POST JSON, and an empty POST from it through", async () => {
    const host = `127.0.0.1:${server.port}`;
    const preflight = await request(server.port, 'OPTIONS', '/_mock/time', {
      host,
      origin: PAGE,
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'content-type',
    });
    expect([preflight.status, preflight.headers['access-control-allow-origin']]).toEqual([204, PAGE]);
    const time = await request(
      server.port,
      'POST',
      '/_mock/time',
      { host, origin: PAGE, 'content-type': 'application/json' },
      '{"advanceMs":1}',
    );
    expect([time.status, time.headers['access-control-allow-origin']]).toEqual([200, PAGE]);
    expect((await request(server.port, 'POST', '/_mock/reset', { host, origin: PAGE })).status).toBe(200);
    // Another origin's empty POST is still refused (its preflight gets no CORS headers; this one needs none).
    expect((await request(server.port, 'POST', '/_mock/reset', { host, origin: EVIL })).status).toBe(415);
  });
});

describe('the Host rule for the host the server binds (--host)', () => {
  const get = (host: string) => new Request('http://127.0.0.1:4010/_mock/state', { headers: { host } });
  it.each([
    ['192.168.1.5', '192.168.1.5:4010', undefined],
    ['192.168.1.5', 'localhost:4010', undefined],
    ['192.168.1.5', 'evil.example:4010', 403],
    ['::1', '[::1]:4010', undefined],
    // `--host ::1` unbracketed, as a shell passes it: still a host to hold other names to.
    ['::1', 'evil.example:4010', 403],
    ['mock.lan', 'MOCK.lan:4010', undefined],
    ['mock.lan', 'other.lan:4010', 403],
    ['mock.lan', 'mock.lan.:4010', undefined],
    ['127.0.0.1', 'localhost.:4010', undefined],
    ['127.0.0.1', 'evil.com.:4010', 403],
    ['127.0.0.1', 'evil.com.localhost.evil.com.:4010', 403],
    ['127.0.0.1', 'localhost..:4010', 403],
    // 127.0.0.1 over IPv6 is this machine; 7.240.0.1 (mapped: [::ffff:7f0:1]) is not (round 25 verifier, D1).
    ['127.0.0.1', '[::ffff:127.0.0.1]:4010', undefined],
    ['127.0.0.1', '[::ffff:7.240.0.1]:4010', 403],
    ['::', 'evil.example:4010', undefined],
  ])('bound to %s, answers Host %s (refusal: %s)', (bindHost, host, status) => {
    expect(controlRefusal(get(host), { bindHost })?.status).toBe(status);
  });

  // Only a POST acts unasked from a page (Fetch standard: the "simple" requests); GET /_mock/state from another
  // origin is read by nobody without CORS headers, so it needs no Content-Type.
  it('takes a GET from another origin without Content-Type; refuses a bodiless text/plain POST with 415', () => {
    const url = 'http://127.0.0.1:4010/_mock/';
    const host = '127.0.0.1:4010';
    const fromPage = new Request(`${url}state`, { headers: { host, origin: EVIL } });
    expect(controlRefusal(fromPage, { bindHost: '127.0.0.1' })).toBeUndefined();
    const textPost = new Request(`${url}reset`, { method: 'POST', headers: { host, 'content-type': 'text/plain' } });
    expect(controlRefusal(textPost, { bindHost: '127.0.0.1' })).toMatchObject({
      status: 415,
      body: { error: { code: 'invalid_content_type' } },
    });
  });

  // A page allowed by --cors may preflight and then POST JSON anyway, so its empty POST is taken too: from any origin
  // with `--cors *`, from that origin only with `--cors ORIGIN`, from none without --cors.
  it.each([
    ['*', EVIL, undefined],
    ['http://localhost:5173', 'http://localhost:5173', undefined],
    ['http://localhost:5173', EVIL, 415],
    [undefined, EVIL, 415],
  ])('with --cors %s, an empty POST from %s (refusal: %s)', (cors, origin, status) => {
    const post = new Request('http://127.0.0.1:4010/_mock/reset', {
      method: 'POST',
      headers: { host: '127.0.0.1:4010', origin },
    });
    expect(controlRefusal(post, { bindHost: '127.0.0.1', ...(cors ? { cors } : {}) })?.status).toBe(status);
  });

  it('holds the control handlers made for an origin (no guard given) to that origin’s host', async () => {
    const mock = createKalshiMock({ seed: 7 });
    const handlers = createControlHandlers(
      { mock, stream: { connections: () => 0, dropAll() {} } },
      'http://127.0.0.1:4010',
    );
    const refused = await getResponse(handlers, get('evil.example:4010'));
    expect(refused?.status).toBe(403);
    expect(await refused?.json()).toMatchObject({ error: { code: 'forbidden' } });
    expect((await getResponse(handlers, get('127.0.0.1:4010')))?.status).toBe(200);
  });
});

// Round 24, A9: bound to a non-loopback address, `/_mock/users` hands a working private key to anyone who reaches the
// port, and `serve` said nothing. It now warns on stderr, naming what is exposed; stdout keeps its two lines, which
// tests and users parse (serve-process.ts).
// These spawn `kalshi-mock serve` (three in turn for loopback, 4 s idle): generous timeouts for a loaded 2-core machine.
describe('kalshi-mock serve --host', () => {
  /** Starts serve, stops it once both URLs are printed, and returns everything it wrote. */
  async function outputOf(args: readonly string[]) {
    const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', ...args]);
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (stdout.includes('streaming on')) child.kill('SIGTERM');
    });
    await new Promise((done) => child.once('close', done));
    return { stdout, stderr };
  }

  it('warns on stderr that a non-loopback bind exposes /_mock/users and its private keys', async () => {
    const { stdout, stderr } = await outputOf(['--host', '0.0.0.0']);
    expect(stdout).toMatch(/^listening on http:\/\/0\.0\.0\.0:\d+\/trade-api\/v2\nstreaming on ws:\/\/\S+\n$/);
    expect(stderr).toContain('warning: --host 0.0.0.0 is not loopback');
    expect(stderr).toContain('/_mock/users');
    expect(stderr).toContain('private key');
  }, 90_000);

  it('says nothing on stderr when bound to loopback', async () => {
    for (const host of ['127.0.0.1', '::1', 'localhost']) {
      const { stdout, stderr } = await outputOf(['--host', host]);
      expect({ host, stdout: stdout.split('\n').length, stderr }).toEqual({ host, stdout: 3, stderr: '' });
    }
  }, 90_000);
});
