import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { ExchangeError } from './exchange/errors';
import { STREAM_PATH } from './generated/stream-urls';
import { CONTROL_PREFIX, CONTROL_ROUTES, createControlHandlers } from './http/control';
import { applyCors, type CorsOrigin } from './http/cors';
import { answerClientError, answerExpectation, createNodeListener } from './http/node-adapter';
import { matchRoute } from './http/router';
import { closerOf } from './http/server-close';
import { servedMark, withMarkedKeys } from './intercepting';
import { createKalshiMock, type KalshiMock, type KalshiMockOptions } from './mock';
import type { FaultRegistry } from './shared/faults';
import { checkServerOptions, mockOptionsOf } from './shared/options';
import { attachStreamServer, refuseWithoutHandshake, type StreamServer, serveIgnoringUpgrade } from './stream/upgrade';

/** Options of `startKalshiMockServer`. */
export interface KalshiMockServerOptions extends Omit<KalshiMockOptions, 'baseUrl'> {
  /** Port to listen on; 0 (default) picks a free one. */
  readonly port?: number | undefined;
  /**
   * Host to bind; default 127.0.0.1 (loopback only). The `/_mock/` control routes answer a request whose Host is
   * loopback or this host; bound to `0.0.0.0` or `::`, any Host.
   */
  readonly host?: string | undefined;
  /** WebSocket server ping interval in ms (default 10,000 as Kalshi; 0 turns pings off). */
  readonly pingIntervalMs?: number | undefined;
  /**
   * Messages a WebSocket client that stopped reading may have waiting before the subscription a message is for ends
   * with error 25 "Subscription buffer overflow" (default 100,000; Kalshi's limit is not published).
   */
  readonly streamBufferLimit?: number | undefined;
  /**
   * Answer CORS preflights and add CORS headers for this origin (`*` for any), for pages in a browser. Off by default.
   * The `/_mock/` control routes included (`POST /_mock/users` answers a private key): prefer one origin to `*`.
   */
  readonly cors?: CorsOrigin | undefined;
}

/** The mock on a listening HTTP + WebSocket server. */
export interface RunningKalshiMockServer {
  /** Base URL of the REST API, e.g. `http://127.0.0.1:4010/trade-api/v2`. */
  readonly url: string;
  /** The WebSocket API, e.g. `ws://127.0.0.1:4010/trade-api/ws/v2` (signed handshake required). */
  readonly streamUrl: string;
  /** The TCP port it listens on. */
  readonly port: number;
  /** The mock it serves: its exchange, key, faults and inspector. */
  readonly mock: KalshiMock;
  /** Open WebSocket connections, and a way to cut them all. */
  readonly stream: Pick<StreamServer, 'connections' | 'dropAll'>;
  /**
   * Stops listening, closes every WebSocket with 1001 "going away" (cut if a client does not answer within a second)
   * and every HTTP connection, and clears the mock's timer. A client stream takes the 1001 as any server going away
   * and keeps reconnecting until it is closed itself: close streams first.
   */
  close(): Promise<void>;
}

const PREFIX = '/trade-api/v2';

/**
 * How long a request may take to arrive (round 24, A10). node's defaults (60 s for the headers, 300 s for the whole
 * request, looked at every 30 s) held a half-sent request for minutes. The mock's clients are on loopback or a LAN and
 * send small requests (the largest body it takes, MAX_BODY_BYTES = 1 MiB, is 100 kB/s over 10 s): an honest request
 * arrives in milliseconds, so 5 s for the headers and 10 s for the whole request leave a wide margin, and a check
 * every second answers a stalled one (408, see answerClientError) within a second of its limit. Kalshi's own limits
 * are not recorded (the notes are silent). The answer's own time (latency faults) is not counted.
 */
export const REQUEST_TIMEOUTS = {
  headersTimeout: 5_000,
  requestTimeout: 10_000,
  connectionsCheckingInterval: 1_000,
} as const;

/**
 * On Deno, its permission to listen on host:port, asked before listen() (it prompts where Deno would, in a terminal):
 * Deno's node:net throws a denial (NotCapable) in a callback of its own, an uncaught exception with its stack that
 * neither the server's 'error' event nor this promise sees. Refused as a listen error, as a port in use is.
 */
function assertDenoMayListen(host: string, port: number): void {
  type Permissions = { requestSync?(descriptor: { name: 'net'; host: string }): { state: string } };
  const permissions = (globalThis as { Deno?: { permissions?: Permissions } }).Deno?.permissions;
  const address = `${host.includes(':') ? `[${host}]` : host}:${port}`;
  if (permissions?.requestSync?.({ name: 'net', host: address }).state !== 'denied') return;
  throw Object.assign(new Error(`cannot listen on ${address}: run Deno with --allow-net`), {
    code: 'NotCapable',
    syscall: 'listen',
  });
}

/**
 * The mock exchange on a real `node:http` server (no framework), REST and WebSocket on one port: what non-JS
 * clients and end-to-end tests use. Requests go through the mock's msw handlers (the same pipeline as in-process
 * tests: auth, rate limits, faults, validation), plus the control routes under `/_mock/`.
 */
export async function startKalshiMockServer(options: KalshiMockServerOptions = {}): Promise<RunningKalshiMockServer> {
  // Before listening: a refused option leaves nothing open.
  checkServerOptions(options);
  const host = options.host ?? '127.0.0.1';
  let listener: ReturnType<typeof createNodeListener> | undefined;
  // Nothing can connect before listen() resolves and the port is known, so `listener` is set by then.
  // A missing Host is answered by the adapter, in Kalshi's error shape, rather than by node with an empty 400.
  const serve = (req: IncomingMessage, res: ServerResponse) => {
    if (options.cors !== undefined && applyCors(options.cors, req, res)) return;
    if (refuseWithoutHandshake(req, res)) return;
    listener?.(req, res);
  };
  const server = createServer({ requireHostHeader: false, ...REQUEST_TIMEOUTS }, serve);
  server.on('clientError', answerClientError);
  server.on('checkExpectation', answerExpectation);
  // node:http hands a CONNECT to 'connect' alone, and without a listener destroys the socket unanswered: it is answered
  // as a plain request (404, or 405 with Allow: node-adapter.ts), as an Upgrade offer on a REST path is.
  server.on('connect', (request: IncomingMessage, socket: Duplex) => {
    // node:http hands the raw socket over without its error listener (see upgrade.ts).
    socket.on('error', () => socket.destroy());
    serveIgnoringUpgrade(request, socket, serve);
  });
  const closeServer = closerOf(server);
  await new Promise<void>((resolve, reject) => {
    assertDenoMayListen(host, options.port ?? 0);
    server.once('error', reject);
    server.listen(options.port ?? 0, host, resolve);
  });
  const { port } = server.address() as AddressInfo;
  const origin = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const url = `${origin}${PREFIX}`;
  let mock: KalshiMock;
  try {
    mock = createKalshiMock({ ...mockOptionsOf(options), baseUrl: url });
  } catch (error) {
    // A mock that cannot start (say, an activity market the exchange does not list) leaves nothing listening.
    await closeServer();
    throw error;
  }
  const stream = attachStreamServer(server, {
    exchange: mock.exchange,
    faults: mock.faults as FaultRegistry,
    pingIntervalMs: options.pingIntervalMs,
    bufferLimit: options.streamBufferLimit,
    serve,
  });
  // The exchange's handlers first: their URL patterns are known, so the node adapter answers them without msw.
  // The control routes answer only loopback Hosts (or the bound one) and JSON POSTs: see control-guard.ts.
  const controls = createControlHandlers({ mock, stream }, origin, { bindHost: host, cors: options.cors });
  listener = createNodeListener([...mock.handlers, ...controls], {
    origin,
    allowedMethods: (pathname) => {
      if (pathname.startsWith(CONTROL_PREFIX)) return CONTROL_ROUTES[pathname.slice(CONTROL_PREFIX.length)] ?? [];
      if (!pathname.startsWith(`${PREFIX}/`)) return [];
      const match = matchRoute('TRACE', pathname.slice(PREFIX.length));
      return match.op ? [] : match.allowed;
    },
  });
  return {
    url,
    streamUrl: `ws://${origin.slice('http://'.length)}${STREAM_PATH}`,
    port,
    // This mock serves only `url`, never Kalshi's real hosts: a client holding one of its keys and aimed at them (no
    // baseUrl, or an undefined one) fails with KalshiMockNotListeningError instead of signing a request to Kalshi.
    mock: withMarkedKeys(mock, servedMark(url)),
    stream,
    close: async () => {
      mock.dispose();
      // Stop listening first (no new connection during the WebSockets' close); resolves once every connection ended.
      const closed = closeServer();
      await stream.close();
      await closed;
    },
  };
}

export type { ExchangeError };
