// node:http ↔ Fetch, the way @mswjs/http-middleware serves msw handlers from a real server: a node request becomes
// a Fetch `Request`, the very handlers msw uses answer it, and the `Response` is written back. Auth, rate limits,
// faults and validation therefore live in one pipeline whatever the transport. What a Fetch `Request` cannot carry
// (a broken Host, a TRACE, an oversize body) is answered here, in Kalshi's error shape.
// Before msw: see deno-broadcast-channel.ts.
import '../deno-broadcast-channel';
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { getResponse, type RequestHandler } from 'msw';
import type { ErrorBody } from '../exchange/errors';
import { arrivedAs, httpDate } from '../shared/auth';
import { type DirectRoute, directRouteOf } from './handlers';
import { MAX_BODY_BYTES, tooLarge } from './request';
import { hasDotSegment } from './router';

export interface NodeAdapterOptions {
  /** Origin the handlers answer (`http://127.0.0.1:4010`); requests are rebuilt on it, whatever their Host says. */
  readonly origin: string;
  /** Methods a path supports, for the `Allow` header of a 405 to a method Fetch cannot represent (TRACE). */
  readonly allowedMethods: (pathname: string) => readonly string[];
}

/** Methods the Fetch API refuses to construct a `Request` with. */
const FORBIDDEN_METHODS = new Set(['CONNECT', 'TRACE', 'TRACK']);

const nested = (code: string, details?: string): ErrorBody => ({
  error: { code, message: code.replace(/_/g, ' '), ...(details ? { details } : {}) },
});

export function createNodeListener(handlers: readonly RequestHandler[], options: NodeAdapterOptions): RequestListener {
  return (req, res) => {
    serve(handlers, options, req, res).catch((error: unknown) => {
      // A bug, not bad input: say so without echoing anything from the request.
      if (res.headersSent) res.destroy();
      else sendJson(res, 500, nested('internal_server_error', String((error as Error)?.message ?? error)));
    });
  };
}

async function serve(
  handlers: readonly RequestHandler[],
  options: NodeAdapterOptions,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const hostError = hostProblem(req.headers.host, req.httpVersion);
  if (hostError) return sendJson(res, 400, nested('bad_request', hostError), true);
  let url: URL;
  try {
    url = new URL(req.url ?? '/', options.origin);
  } catch {
    return sendJson(res, 400, nested('bad_request', 'malformed request target'), true);
  }
  const method = (req.method ?? 'GET').toUpperCase();
  if (FORBIDDEN_METHODS.has(method)) {
    // A dot segment makes a path the spec lacks (see hasDotSegment), whatever path it folds to.
    const allowed = hasDotSegment(req.url ?? '/') ? [] : options.allowedMethods(url.pathname);
    if (!allowed.length) return sendJson(res, 404, nested('not_found'));
    res.setHeader('allow', allowed.join(', '));
    return sendJson(res, 405, nested('method_not_allowed', `method not allowed; use ${allowed.join(', ')}`));
  }
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > MAX_BODY_BYTES) return answerTooLarge(res);
  const body = method === 'GET' || method === 'HEAD' ? undefined : await readBody(req, MAX_BODY_BYTES);
  if (body === 'too-large') return answerTooLarge(res);
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    for (const item of Array.isArray(value) ? value : value === undefined ? [] : [value]) headers.append(name, item);
  }
  const request = new Request(url, { method, headers, body: body?.length ? new Uint8Array(body) : undefined });
  // Its signature covers the path as sent, not the one URL parsing leaves (`..` segments resolved): see auth.ts.
  arrivedAs(request, req.url ?? '/');
  const direct = directRoute(handlers, request.url);
  const response = direct ? await direct.answer(request) : await getResponse([...handlers], request);
  if (!response) return sendJson(res, 404, nested('not_found'));
  if (response.type === 'error') {
    // A network error (fault injection): drop the connection without an HTTP response.
    req.socket.destroy();
    return;
  }
  // node:http would date the answer by its own cached clock: the mock's is the one its signature window uses.
  res.writeHead(response.status, { date: httpDate(), ...Object.fromEntries(response.headers) });
  res.end(method === 'HEAD' ? undefined : Buffer.from(await response.arrayBuffer()));
}

/**
 * The handler msw would pick, when it is one of the exchange's own (see directRouteOf) and every handler before it
 * is too: their URL patterns decide alone, so the pick needs no msw. Otherwise undefined, and msw picks.
 */
function directRoute(handlers: readonly RequestHandler[], url: string): DirectRoute | undefined {
  for (const handler of handlers) {
    const route = directRouteOf(handler);
    if (!route) return undefined;
    if (route.urls.test(url)) return route;
  }
  return undefined;
}

/** Why a Host header cannot name this server (`a b`, `[::1`, empty), or undefined when it can. */
export function hostProblem(host: string | undefined, httpVersion: string): string | undefined {
  if (host === undefined) return httpVersion === '1.0' ? undefined : 'missing Host header'; // RFC 9112 §3.2
  if (!/^[^\s/?#@\\]+$/.test(host)) return 'invalid Host header';
  try {
    new URL(`http://${host}/`);
    return undefined;
  } catch {
    return 'invalid Host header';
  }
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer | 'too-large'> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.off('data', onData);
        req.resume();
        resolve('too-large');
      } else chunks.push(chunk);
    };
    req.on('data', onData);
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function answerTooLarge(res: ServerResponse): void {
  // The rest of the body is not read, so the connection closes after the answer.
  const { status, body } = tooLarge();
  sendJson(res, status, body, true);
}

export function sendJson(res: ServerResponse, status: number, body: unknown, close = false): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    date: httpDate(),
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    ...(close ? { connection: 'close' } : {}),
  });
  res.end(text);
}

/**
 * A request whose Expect is not `100-continue` (node:http answers it itself, 417 with an empty body, unless told):
 * RFC 9110 §10.1.1's 417, in Kalshi's nested shape as every other refusal here (the notes are silent on Kalshi's).
 */
export function answerExpectation(req: IncomingMessage, res: ServerResponse): void {
  const details = `unsupported Expect: ${JSON.stringify(req.headers.expect)} (only 100-continue is)`;
  sendJson(res, 417, nested('expectation_failed', details), true);
}

/**
 * Requests node's parser refuses before any handler sees them (a bad request line, oversize headers): a 4xx in
 * Kalshi's nested shape instead of node's empty one. The server keeps serving other connections.
 */
export function answerClientError(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const tooBig = error.code === 'HPE_HEADER_OVERFLOW';
  const status = tooBig ? 431 : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
  const text = JSON.stringify(
    nested(
      tooBig ? 'request_header_fields_too_large' : 'bad_request',
      tooBig ? 'request headers are too large' : 'malformed HTTP request',
    ),
  );
  const reason = tooBig ? 'Request Header Fields Too Large' : status === 408 ? 'Request Timeout' : 'Bad Request';
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\ndate: ${httpDate()}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(text)}\r\nconnection: close\r\n\r\n${text}`,
  );
}
