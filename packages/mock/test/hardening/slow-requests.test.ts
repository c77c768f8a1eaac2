import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type RunningKalshiMockServer, startKalshiMockServer } from '../../src/node';
import { rawRequest } from '../raw-http';

// Round 24, A10: `kalshi-mock serve` held a request whose headers never finished ~73 s, and one whose body never
// finished over 75 s (node's defaults: 60 s, 300 s, looked at every 30 s). Kalshi's limits are not recorded (the
// notes are silent); a mock on loopback, whose requests arrive in milliseconds, should let go within a few seconds.
const servers = vi.hoisted(() => [] as Server[]);
vi.mock('node:http', async (original) => {
  const http = await original<typeof import('node:http')>();
  const createServer = (...args: Parameters<typeof http.createServer>) => {
    const server = http.createServer(...args);
    servers.push(server);
    return server;
  };
  return { ...http, default: { ...http, createServer }, createServer };
});

const A_FEW_SECONDS = 10_000;

let server: RunningKalshiMockServer;
let node: Server;
beforeAll(async () => {
  server = await startKalshiMockServer({ seed: 1 });
  node = servers.at(-1) as Server;
});
afterAll(() => server.close());

describe('kalshi-mock serve: requests that never finish arriving', () => {
  it('gives the headers and the whole request a few seconds each', () => {
    expect(node.headersTimeout).toBeGreaterThan(0);
    expect(node.headersTimeout).toBeLessThanOrEqual(A_FEW_SECONDS);
    expect(node.requestTimeout).toBeGreaterThan(0);
    expect(node.requestTimeout).toBeLessThanOrEqual(A_FEW_SECONDS);
  });

  // The limits are lowered on this server so the test waits for the 408 (an event) a moment rather than seconds.
  it('answers 408 in the nested shape to headers that stop half-way and to a body that stops short', async () => {
    node.headersTimeout = 50;
    node.requestTimeout = 100;
    const host = `Host: 127.0.0.1:${server.port}\r\n`;
    const headersCut = await rawRequest(server.port, `GET /trade-api/v2/markets HTTP/1.1\r\n${host}X-Slow: 1\r\n`);
    const bodyCut = await rawRequest(
      server.port,
      `POST /trade-api/v2/portfolio/events/orders HTTP/1.1\r\n${host}Content-Type: application/json\r\n` +
        'Content-Length: 100\r\n\r\n{"ticker":',
    );
    for (const response of [headersCut, bodyCut]) {
      expect(response.status).toBe(408);
      expect(JSON.parse(response.text)).toMatchObject({ error: { code: 'bad_request' } });
      expect(response.headers.connection).toBe('close');
    }
  });
});
