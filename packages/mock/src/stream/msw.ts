// The WebSocket API as msw `ws` handlers, for in-process tests. msw sees no HTTP handshake, but a client that
// passes `{ headers }` as the constructor's second argument (the `ws` package, Node ≥ 22, Bun, Deno: how Kalshi's
// signed handshake is sent) hands them to the handler as `info.protocols`, so the signature is checked all the same.
// That holds for the global WebSocket, which msw patches. A WebSocket class used directly (the `ws` package's, given
// to a client as `WebSocket:`) sends an HTTP upgrade request instead, which msw sees as a plain request: see
// createUpgradeHandler.
// Before msw: see deno-broadcast-channel.ts.
import '../deno-broadcast-channel';
import { http, type RequestHandler, type WebSocketHandler, ws } from 'msw';
import { ExchangeError } from '../exchange/errors';
import type { Exchange } from '../exchange/exchange';
import { STREAM_PATH, STREAM_URLS } from '../generated/stream-urls';
import { dated, escapeRegExp, json } from '../http/handlers';
import type { FaultRegistry } from '../shared/faults';
import { MESSAGE_TOO_BIG, tooBig } from './frame-limit';
import { admitConnection, authenticateHandshake, HANDSHAKE_FAILED_BODY } from './handshake';
import { StreamSession } from './session';

export interface StreamHandlerContext {
  readonly exchange: Exchange;
  readonly faults: FaultRegistry;
  /** The open connections, so that they can be closed when the msw server closes (see `closeStreams`). */
  readonly connections?: Set<{ close(code?: number, reason?: string): void }>;
}

/** Close code of a connection the mock drops (the server went away, or a `drop` fault), as Kalshi's dropping would. */
export const DROPPED = 1006;

/** Close code for a refused handshake (msw cannot answer HTTP 401); the reason carries the 401 error code. */
export const HANDSHAKE_REFUSED = 4401;
/** Close code when verifying the handshake failed inside the mock (the WebSocket "internal error" code). */
export const HANDSHAKE_FAILED = 1011;

/** The stream URLs the mock answers: Kalshi's production and demo hosts, or the one beside a custom REST base URL. */
export function streamUrlsFor(baseUrl: string | undefined): string[] {
  if (!baseUrl) return [...STREAM_URLS.production, ...STREAM_URLS.demo];
  const url = new URL(baseUrl);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  url.pathname = STREAM_PATH;
  return [url.href];
}

// msw's ws.link() adds a listener to one process-wide BroadcastChannel and never removes it. One link per URL, shared
// by every mock (each adds its own handler to it), keeps a suite that makes a mock per test from leaking listeners
// (and from Node's MaxListenersExceededWarning after the third mock on Kalshi's four default URLs).
const links = new Map<string, ReturnType<typeof ws.link>>();
function linkFor(url: string): ReturnType<typeof ws.link> {
  const link = links.get(url) ?? ws.link(url);
  links.set(url, link);
  return link;
}

/**
 * The stream's msw handlers: for each URL, the upgrade-request handler (first, so that it answers before msw's own, see
 * createUpgradeHandler) and the `ws` connection handler.
 */
export function createStreamHandlers(
  ctx: StreamHandlerContext,
  urls: readonly string[],
): (RequestHandler | WebSocketHandler)[] {
  return [...urls.map((url) => createUpgradeHandler(ctx, url)), ...createConnectionHandlers(ctx, urls)];
}

/**
 * What a signed handshake that arrives as an HTTP upgrade request gets under msw: msw (≥ 2.14, `ws.onUpgrade`) would
 * answer it 101 without looking at its headers and carry none of its frames, so a client would "open" a stream that
 * never answers, whatever its key. No Fetch `Response` can hand the socket over, so it is answered as a refusal.
 */
export const UPGRADE_UNDER_MSW =
  'msw cannot carry the frames of a WebSocket opened by an HTTP upgrade (a WebSocket class used directly, such as the ' +
  "`ws` package's given as `WebSocket:`). Under setupKalshiMockServer leave `WebSocket:` out: msw intercepts the " +
  'global WebSocket, signed headers included (on Node 20 setupKalshiMockServer installs the `ws` class there). To ' +
  'stream over a real socket, use startKalshiMockServer or `kalshi-mock serve`.';

/**
 * Answers the upgrade request for one stream URL as `kalshi-mock serve` answers the handshake (stream/upgrade.ts):
 * a bad signature gets the REST 401 (kalshi-api-notes §2.3, §2.5) and a verification that throws a 500, each with
 * `Date`; a good one gets 501 `not_implemented` with UPGRADE_UNDER_MSW, since msw cannot serve it. Requests without
 * `Upgrade: websocket` are left to the handlers after it.
 */
function createUpgradeHandler(ctx: StreamHandlerContext, url: string): RequestHandler {
  const target = new URL(url);
  target.protocol = target.protocol === 'wss:' ? 'https:' : 'http:';
  const pattern = new RegExp(`^${escapeRegExp(target.href)}(?:\\?.*)?$`);
  return http.get(pattern, async ({ request }) => {
    if (request.headers.get('upgrade')?.toLowerCase() !== 'websocket') return undefined;
    try {
      const result = await authenticateHandshake(ctx.exchange, request.url, request.headers);
      if (!result.ok) return dated(json(result.body, result.status));
    } catch {
      return dated(json(HANDSHAKE_FAILED_BODY, 500));
    }
    const body = { error: { code: 'not_implemented', message: 'not implemented', details: UPGRADE_UNDER_MSW } };
    return dated(json(body, 501));
  });
}

function createConnectionHandlers(ctx: StreamHandlerContext, urls: readonly string[]): WebSocketHandler[] {
  return urls.map((url) =>
    linkFor(url).addEventListener('connection', ({ client, info }) => {
      // Frames that arrive while the handshake is being verified wait for it (undefined: a binary frame).
      const early: (string | undefined)[] = [];
      const deliver = (to: StreamSession, text: string | undefined) =>
        text === undefined ? to.receiveBinary() : to.receive(text);
      let session: StreamSession | undefined;
      // Closed before the handshake was verified (a message above the cap, or by the client): no session follows, as
      // nothing would ever dispose of it.
      let tooLong = false;
      let closed = false;
      /** Frees the connection's place under the per-user cap (admitConnection). */
      let release: (() => void) | undefined;
      ctx.connections?.add(client);
      client.addEventListener('message', (event) => {
        // Above the cap: closed unread, as the served mock does (frame-limit.ts).
        if (tooBig(event.data)) {
          tooLong = true;
          early.length = 0;
          session?.dispose();
          client.close(MESSAGE_TOO_BIG, 'message too big');
          return;
        }
        const text = typeof event.data === 'string' ? event.data : undefined;
        if (session) deliver(session, text);
        else early.push(text);
      });
      client.addEventListener('close', () => {
        closed = true;
        ctx.connections?.delete(client);
        session?.dispose();
        release?.();
      });
      authenticateHandshake(ctx.exchange, url, headersOf(info.protocols)).then(
        (result) => {
          if (tooLong || closed) return;
          if (!result.ok) {
            const code = (result.body as { error?: { code?: string } }).error?.code ?? 'unauthorized';
            client.close(HANDSHAKE_REFUSED, `${result.status} ${code}`);
            return;
          }
          const admitted = admitConnection(ctx.exchange, result.userId);
          if (admitted instanceof ExchangeError) {
            client.close(HANDSHAKE_REFUSED, `${admitted.status} too_many_requests`);
            return;
          }
          release = admitted;
          session = new StreamSession({
            exchange: ctx.exchange,
            userId: result.userId,
            keySubaccount: result.keySubaccount,
            faults: ctx.faults,
            transport: { send: (text) => client.send(text), drop: () => client.close(DROPPED, 'connection dropped') },
          });
          for (const text of early.splice(0)) deliver(session, text);
        },
        // Verification that throws (say, a registered key that is not valid PEM): close, never leave it unhandled.
        () => client.close(HANDSHAKE_FAILED, 'handshake verification failed'),
      );
    }),
  );
}

function headersOf(protocols: unknown): Record<string, string> {
  if (typeof protocols !== 'object' || protocols === null || Array.isArray(protocols)) return {};
  const headers = (protocols as { headers?: unknown }).headers;
  if (headers instanceof Headers) return Object.fromEntries(headers);
  return typeof headers === 'object' && headers !== null ? (headers as Record<string, string>) : {};
}
