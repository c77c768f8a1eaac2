// The WebSocket API on the mock's node:http server: `GET /trade-api/ws/v2` upgrades after the signed handshake is
// checked; a bad handshake gets the same 401 as REST. The server pings with payload `heartbeat` (Kalshi: every 10 s).
import { type IncomingMessage, type Server, ServerResponse, STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
// Bound at import: a shutdown's grace runs on real time even under fake timers installed later (`vi.useFakeTimers()`
// replaces the globals, not these bindings), so `close()` in a test's teardown still ends (round 14 verifier V-D3).
import { clearTimeout, setTimeout } from 'node:timers';
import { type WebSocket, WebSocketServer } from 'ws';
import { ExchangeError } from '../exchange/errors';
import type { Exchange } from '../exchange/exchange';
import { STREAM_PATH } from '../generated/stream-urls';
import { hostProblem, sendJson } from '../http/node-adapter';
import { hasDotSegment } from '../http/router';
import { asSent, httpDate } from '../shared/auth';
import type { FaultRegistry } from '../shared/faults';
import { MAX_MESSAGE_BYTES } from './frame-limit';
import { createFrameWriter } from './frames';
import { admitConnection, authenticateHandshake, HANDSHAKE_FAILED_BODY } from './handshake';
import { StreamSession } from './session';

export interface StreamServerOptions {
  readonly exchange: Exchange;
  readonly faults: FaultRegistry;
  /** Server ping interval in ms (default 10,000; 0 turns pings off). */
  readonly pingIntervalMs?: number;
  /** Messages a client that stopped reading may have waiting before a subscription ends with error 25 (100,000). */
  readonly bufferLimit?: number;
  /** Answers a request with an Upgrade offer for another path as a plain HTTP request (default: 404). */
  readonly serve?: (request: IncomingMessage, response: ServerResponse) => void;
}

export interface StreamServer {
  /** Open connections. */
  readonly connections: () => number;
  /** Cuts every connection (as a network failure would). */
  dropAll(): void;
  /**
   * Closes every connection with 1001 "going away" and resolves once each has closed; a client that does not answer
   * its Close frame within CLOSE_GRACE_MS is cut.
   */
  close(): Promise<void>;
}

/** RFC 6455 §7.4.1: "an endpoint is going away, such as a server going down". */
export const GOING_AWAY = 1001;
/** How long a shutdown waits for a client to answer its Close frame (RFC 6455 §7.1.1) before cutting it. */
export const CLOSE_GRACE_MS = 1000;

export function attachStreamServer(server: Server, options: StreamServerOptions): StreamServer {
  // No permessage-deflate: the session writes plain text frames itself (frames.ts). A client message above
  // MAX_MESSAGE_BYTES is refused from its frame header, unbuffered: `ws` closes with 1009 (frame-limit.ts).
  const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false, maxPayload: MAX_MESSAGE_BYTES });
  // Each open connection, and what stops its ping timer and its session (no frame may follow the Close frame).
  const sockets = new Map<WebSocket, () => void>();
  // A handshake `ws` refuses (a version it does not speak, a missing or malformed key or Upgrade header) is answered
  // in Kalshi's nested error shape, as every other refusal here, instead of ws's text/html (the notes are silent on
  // Kalshi's answer; the README promises its error shapes). RFC 6455 §4.4: a refused version lists the ones spoken.
  wss.on('wsClientError', (error: Error, socket: Duplex) => {
    const versions: Record<string, string> = /Sec-WebSocket-Version/.test(error.message)
      ? { 'sec-websocket-version': '13, 8' }
      : {};
    reject(socket, 400, { error: { code: 'bad_request', message: 'bad request', details: error.message } }, versions);
  });
  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    // node:http hands the raw socket over without its error listener: a client's reset (say, after a refused
    // handshake) would otherwise be an unhandled 'error' that ends the whole process. It is that client's problem.
    socket.on('error', () => socket.destroy());
    // Verification that throws (say, a registered key that is not valid PEM) is the mock's fault, not the client's.
    upgrade(request, socket, head).catch(() => reject(socket, 500, HANDSHAKE_FAILED_BODY));
  });

  async function upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    if (hostProblem(request.headers.host, request.httpVersion))
      return reject(socket, 400, {
        error: { code: 'bad_request', message: 'bad request', details: 'invalid Host header' },
      });
    let url: URL;
    try {
      url = new URL(request.url ?? '/', `http://${request.headers.host ?? 'localhost'}`);
    } catch {
      return reject(socket, 400, {
        error: { code: 'bad_request', message: 'bad request', details: 'malformed request target' },
      });
    }
    // A dot segment makes a path the spec lacks (see hasDotSegment), whatever path it folds to.
    if (url.pathname !== STREAM_PATH || hasDotSegment(request.url ?? '/')) {
      if (options.serve) return serveIgnoringUpgrade(request, socket, options.serve);
      return reject(socket, 404, { error: { code: 'not_found', message: 'not found' } });
    }
    // As REST answers a method a path does not have: 405 with Allow, before the signature is looked at.
    if (request.method !== 'GET')
      return reject(
        socket,
        405,
        {
          error: { code: 'method_not_allowed', message: 'method not allowed', details: 'method not allowed; use GET' },
        },
        { allow: 'GET' },
      );
    // The signature covers the path as sent (`/trade-api/ws/x/../v2` is not `/trade-api/ws/v2` signed): see auth.ts.
    const result = await authenticateHandshake(options.exchange, asSent(request.url ?? '/'), request.headers);
    if (!result.ok) return reject(socket, result.status, result.body);
    const release = admitConnection(options.exchange, result.userId);
    if (release instanceof ExchangeError) return reject(socket, release.status, release.body);
    // The raw socket closes with the connection, or without one if the upgrade fails from here on.
    socket.once('close', release);
    wss.handleUpgrade(request, socket, head, (ws) => {
      const writer = createFrameWriter(socket);
      // `ws` writes the Close frame itself, through close(): ours at a shutdown, its answer to the client's Close frame
      // or to a protocol error. The messages the session sent before go out first (the reply to a command that came
      // just ahead of the client's Close), none after it (RFC 6455 §5.5.1). `ws` has no hook for it but close().
      const closeWs = ws.close.bind(ws);
      ws.close = (code?: number, reason?: string | Buffer) => {
        writer.close();
        closeWs(code, reason);
      };
      const session = new StreamSession({
        exchange: options.exchange,
        userId: result.userId,
        keySubaccount: result.keySubaccount,
        faults: options.faults,
        transport: { ...writer, drop: () => ws.terminate() },
        bufferLimit: options.bufferLimit ?? 100_000,
      });
      const interval = options.pingIntervalMs ?? 10_000;
      const ping = interval > 0 ? setInterval(() => ws.ping('heartbeat'), interval) : undefined;
      const stop = () => {
        clearInterval(ping);
        session.dispose();
      };
      sockets.set(ws, stop);
      // A message above maxPayload (or a frame that breaks the protocol): `ws` closes the connection with its code
      // (1009, 1002) and then emits 'error', which would end the process without a listener. The client's problem.
      ws.on('error', () => {});
      ws.on('message', (data, binary) => {
        if (binary) session.receiveBinary();
        else session.receive(String(data));
      });
      ws.on('close', () => {
        stop();
        sockets.delete(ws);
      });
    });
  }

  return {
    connections: () => sockets.size,
    dropAll() {
      for (const ws of sockets.keys()) ws.terminate();
    },
    async close() {
      wss.close();
      await Promise.all([...sockets].map(([ws, stop]) => goAway(ws, stop)));
    },
  };
}

/**
 * RFC 9110 §7.8: a server may ignore an Upgrade offer and answer over HTTP/1.1 (curl --http2 offers h2c on every
 * request; some clients offer websocket anywhere). node:http hands every such request to 'upgrade' alone, so it is
 * answered here as a plain request on the same socket, then the connection closes. Its body, if any, was read past
 * by node's parser: such a request is refused (400) rather than served without it. The notes are silent. A CONNECT
 * (node:http's 'connect' event, server.ts) is answered the same way.
 */
export function serveIgnoringUpgrade(
  request: IncomingMessage,
  socket: Duplex,
  serve: (request: IncomingMessage, response: ServerResponse) => void,
): void {
  const length = request.headers['content-length'];
  if (request.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0')) {
    reject(socket, 400, {
      error: {
        code: 'bad_request',
        message: 'bad request',
        details: `${request.method === 'CONNECT' ? 'a CONNECT' : 'an Upgrade offer'} on a request with a body`,
      },
    });
    return;
  }
  const answer = () => {
    const response = new ServerResponse(request);
    response.shouldKeepAlive = false;
    response.assignSocket(socket as Socket);
    response.on('finish', () => {
      response.detachSocket(socket as Socket);
      socket.end();
    });
    serve(request, response);
  };
  // Pipelined behind a request still being answered (RFC 9112 §9.3.2: answers in order): after that answer. node
  // keeps the socket's current response as `_httpMessage` (no public name for it).
  const earlier = (socket as Socket & { _httpMessage?: ServerResponse | null })._httpMessage;
  if (earlier && !earlier.writableFinished) earlier.once('finish', () => setImmediate(answer));
  else answer();
}

/**
 * A request on the WebSocket API's path that is no handshake (curl; a client that forgot `Connection: Upgrade`, so
 * node:http did not offer it to 'upgrade'): 400 as a handshake with a bad Upgrade header gets, or 405 with Allow for
 * another method, rather than the 404 of a path that does not exist. True when answered. The notes are silent.
 */
export function refuseWithoutHandshake(request: IncomingMessage, response: ServerResponse): boolean {
  const target = request.url ?? '/';
  let pathname: string;
  try {
    pathname = new URL(target, 'http://mock').pathname;
  } catch {
    return false;
  }
  if (pathname !== STREAM_PATH || hasDotSegment(target)) return false;
  if (request.method === 'GET' || request.method === 'HEAD') {
    const details = `${STREAM_PATH} is the WebSocket API: open it with a GET carrying Connection: Upgrade and Upgrade: websocket`;
    sendJson(response, 400, { error: { code: 'bad_request', message: 'bad request', details } });
  } else {
    response.setHeader('allow', 'GET');
    const details = 'method not allowed; use GET';
    sendJson(response, 405, { error: { code: 'method_not_allowed', message: 'method not allowed', details } });
  }
  return true;
}

/** A shutdown's close of one connection: 1001, then cut if the client has not answered within the grace. */
function goAway(ws: WebSocket, stop: () => void): Promise<void> {
  return new Promise((done) => {
    stop();
    const cut = setTimeout(() => ws.terminate(), CLOSE_GRACE_MS);
    ws.once('close', () => {
      clearTimeout(cut);
      done();
    });
    ws.close(GOING_AWAY, 'server shutting down');
  });
}

/**
 * An HTTP answer to the upgrade request, written by hand (no ServerResponse exists for it). With a `Date` header as
 * every HTTP server with a clock sends (RFC 9110 §6.6.1) and as the mock's REST answers have (node:http adds it): a
 * client measures its clock's offset from the one on a 401 `header_timestamp_expired`: `httpDate`, the clock the
 * signature window is checked against (shared/auth.ts).
 */
function reject(socket: Duplex, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  if (!socket.writable) return void socket.destroy();
  const extra = Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`);
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}\r\ndate: ${httpDate()}\r\n${extra.join('')}` +
      `content-type: application/json\r\ncontent-length: ${Buffer.byteLength(text)}\r\nconnection: close\r\n\r\n${text}`,
  );
}
