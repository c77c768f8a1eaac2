import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ExchangeError } from './exchange/errors';
import { STREAM_PATH } from './generated/stream-urls';
import { applyCors, type CorsOrigin } from './http/cors';
import type { FaultRegistry, FaultSpec } from './http/faults';
import { handle } from './http/handlers';
import { createKalshiMock, type KalshiMock, type KalshiMockOptions } from './mock';
import { attachStreamServer, type StreamServer } from './stream/upgrade';

export interface KalshiMockServerOptions extends Omit<KalshiMockOptions, 'baseUrl'> {
  /** Port to listen on; 0 (default) picks a free one. */
  readonly port?: number;
  /** Host to bind; default 127.0.0.1 (loopback only). */
  readonly host?: string;
  /** WebSocket server ping interval in ms (default 10,000 as Kalshi; 0 turns pings off). */
  readonly pingIntervalMs?: number;
  /** Answer CORS preflights and add CORS headers for this origin (`*` for any), for pages in a browser. Off by default. */
  readonly cors?: CorsOrigin;
}

export interface RunningKalshiMockServer {
  /** Base URL of the REST API, e.g. `http://127.0.0.1:4010/trade-api/v2`. */
  readonly url: string;
  /** The WebSocket API, e.g. `ws://127.0.0.1:4010/trade-api/ws/v2` (signed handshake required). */
  readonly streamUrl: string;
  readonly port: number;
  readonly mock: KalshiMock;
  /** Open WebSocket connections, and a way to cut them all. */
  readonly stream: Pick<StreamServer, 'connections' | 'dropAll'>;
  close(): Promise<void>;
}

const PREFIX = '/trade-api/v2';

/**
 * The mock exchange on a real `node:http` server (no framework), REST and WebSocket on one port: what non-JS
 * clients and end-to-end tests use.
 */
export async function startKalshiMockServer(options: KalshiMockServerOptions = {}): Promise<RunningKalshiMockServer> {
  const host = options.host ?? '127.0.0.1';
  const mock = createKalshiMock({ ...options, baseUrl: `http://${host}${PREFIX}` });
  const context = {
    exchange: mock.exchange,
    faults: mock.faults as FaultRegistry,
    latencyMs: options.latencyMs,
  };
  const server = createServer((req, res) => {
    if (options.cors !== undefined && applyCors(options.cors, req, res)) return;
    serve(mock, stream, context, req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({ error: { code: 'internal_error', message: String((error as Error)?.message ?? error) } }),
      );
    });
  });
  const stream = attachStreamServer(server, {
    exchange: mock.exchange,
    faults: context.faults,
    pingIntervalMs: options.pingIntervalMs,
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}${PREFIX}`,
    streamUrl: `ws://${host}:${port}${STREAM_PATH}`,
    port,
    mock,
    stream,
    close: () => {
      stream.close();
      return closeServer(server);
    },
  };
}

async function serve(
  mock: KalshiMock,
  stream: StreamServer,
  context: Parameters<typeof handle>[0],
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const url = new URL(req.url ?? '/', `http://${req.headers.host ?? 'localhost'}`);
  if (url.pathname.startsWith('/_mock/')) return control(mock, stream, req, res, url.pathname.slice('/_mock/'.length));
  if (!url.pathname.startsWith(PREFIX)) return send(res, 404, { error: { code: 'not_found', message: 'not found' } });
  const body = req.method === 'GET' || req.method === 'HEAD' ? undefined : await readBody(req);
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) if (typeof value === 'string') headers.set(name, value);
  const request = new Request(url, { method: req.method, headers, body: body ? new Uint8Array(body) : undefined });
  const response = await handle(context, request, PREFIX);
  if (response.type === 'error') {
    // A network error (fault injection): drop the connection without an HTTP response.
    req.socket.destroy();
    return;
  }
  res.writeHead(response.status, Object.fromEntries(response.headers));
  res.end(Buffer.from(await response.arrayBuffer()));
}

/** Control routes for tests in any language: reset, faults, clock and a state snapshot. */
async function control(
  mock: KalshiMock,
  stream: StreamServer,
  req: IncomingMessage,
  res: ServerResponse,
  route: string,
): Promise<void> {
  const { exchange, faults } = mock;
  if (route === 'stream/drop' && req.method === 'POST') {
    const dropped = stream.connections();
    stream.dropAll();
    return send(res, 200, { dropped });
  }
  if (route === 'reset' && req.method === 'POST') {
    exchange.reset();
    faults.clear();
    return send(res, 200, { ok: true });
  }
  if (route === 'faults' && req.method === 'POST') {
    const specs = JSON.parse((await readBody(req)).toString() || '[]') as FaultSpec | FaultSpec[];
    for (const spec of Array.isArray(specs) ? specs : [specs]) faults.add(spec);
    return send(res, 200, { faults: faults.list() });
  }
  if (route === 'faults' && req.method === 'DELETE') {
    faults.clear();
    return send(res, 200, { faults: [] });
  }
  if (route === 'faults' && req.method === 'GET')
    return send(res, 200, { faults: faults.list(), fired: Object.fromEntries(faults.fired) });
  if (route === 'time' && req.method === 'POST') {
    const { advanceMs = 0 } = JSON.parse((await readBody(req)).toString() || '{}') as { advanceMs?: number };
    exchange.advanceTime(advanceMs);
    return send(res, 200, { now: exchange.now() });
  }
  if (route === 'state' && req.method === 'GET') return send(res, 200, snapshot(mock));
  return send(res, 404, { error: { code: 'not_found', message: `unknown control route /_mock/${route}` } });
}

function snapshot({ exchange }: KalshiMock) {
  return {
    now: exchange.now(),
    markets: exchange.markets.size,
    orders: [...exchange.orders.values()].map((o) => ({
      order_id: o.orderId,
      client_order_id: o.clientOrderId,
      ticker: o.ticker,
      status: o.status,
      user_id: o.userId,
    })),
    fills: exchange.fills.length,
    accounts: [...exchange.accounts.values()].map((a) => ({
      user_id: a.userId,
      available_micro_dollars: a.cash - a.locked,
    })),
  };
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

export type { ExchangeError };
