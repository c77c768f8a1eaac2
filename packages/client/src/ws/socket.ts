// One WebSocket shape for the stream client, whichever implementation is underneath: the `ws` package (EventEmitter:
// pings, readable 401 bodies) or a WHATWG-style class (Node ≥ 22's global, Bun, Deno, msw's interceptor). Kalshi
// needs signed headers on the handshake, so every constructor is called as `new WebSocket(url, { headers })`.
import { KalshiConnectionError, KalshiValidationError } from '../errors';
import { handshakeError, standardSocketError } from './connect-error';

/** A `ws`-package-style socket (EventEmitter). */
export interface StreamSocket {
  /** The WebSocket ready state: 0 connecting, 1 open, 2 closing, 3 closed. */
  readonly readyState: number;
  /** Sends one text frame. */
  send(data: string): void;
  /** Closes the connection. */
  close(code?: number, reason?: string): void;
  /** Drops the connection at once, without a closing handshake. */
  terminate?(): void;
  /** Listens for `open`, `message`, `close`, `error` and `ping` events. */
  on(event: string, listener: (...args: never[]) => void): unknown;
}

/** A WHATWG-style socket (EventTarget). */
export interface StandardSocket {
  /** The WebSocket ready state: 0 connecting, 1 open, 2 closing, 3 closed. */
  readonly readyState: number;
  /** Sends one text frame. */
  send(data: string): void;
  /** Closes the connection. */
  close(code?: number, reason?: string): void;
  /** Listens for `open`, `message`, `close` and `error` events. */
  addEventListener(type: string, listener: (event: never) => void): void;
}

/**
 * A WebSocket class that takes the handshake headers in its second argument (a `ws`-package-style class also gets
 * `maxPayload`, see MAX_FRAME_BYTES).
 */
export type StreamSocketConstructor = new (
  url: string,
  options: { headers: Record<string, string>; maxPayload?: number },
) => StreamSocket | StandardSocket;

export interface SocketHandlers {
  open(): void;
  message(text: string): void;
  /** A binary frame, dropped (see openSocket()). */
  binary(): void;
  /** Any sign of life from the server that is not a message (pings). */
  alive(): void;
  close(): void;
  /** `date`: the `Date` header of a refused handshake's response, where the runtime shows it (the `ws` package). */
  error(error: Error, date?: string): void;
}

export interface Connection {
  readonly isOpen: () => boolean;
  send(text: string): void;
  close(code: number, reason: string): void;
  /** Cuts the connection without waiting for the server. */
  terminate(): void;
}

/** Close code the mock's msw handlers use for a refused handshake; the reason reads `401 <code>`. */
const HANDSHAKE_REFUSED = 4401;
const OPEN = 1;
/**
 * The largest frame a `ws`-package socket accepts: it buffers a whole frame before handing it over, up to 100 MiB by
 * default. Kalshi's frames are small (the largest, a snapshot, is one market's book: at most 10,000 price levels a
 * side at $0.0001 ticks, under 1 MiB of JSON), so 16 MiB is far above any real one while bounding what a faulty server
 * can make the client hold; a larger frame closes the connection (1009) and the stream reconnects. WHATWG classes
 * (Node ≥ 22's global, Bun, Deno) take no such option.
 */
export const MAX_FRAME_BYTES = 16 * 1024 * 1024;
/** How much of a refused handshake's body is read (its error names the code and message at its start). */
const MAX_REFUSAL_BODY = 64 * 1024;

export function openSocket(
  Socket: StreamSocketConstructor,
  url: string,
  headers: Record<string, string>,
  on: SocketHandlers,
): Connection {
  const guard = new Guard(on);
  const upgraded = upgradeCatcher(Socket);
  const emitterClass = typeof (Socket.prototype as { on?: unknown } | undefined)?.on === 'function';
  const options = upgraded
    ? { headers, dispatcher: upgraded.dispatcher }
    : emitterClass
      ? { headers, maxPayload: MAX_FRAME_BYTES }
      : { headers };
  const socket = new Socket(url, options);
  // A refused handshake names the URL and the key id it was signed with (see ./connect-error).
  const refused = (status: number, body: unknown) => handshakeError(status, body, url, headers['KALSHI-ACCESS-KEY']);
  const connection =
    'on' in socket && typeof socket.on === 'function'
      ? fromEmitter(socket as StreamSocket, guard.handlers, refused)
      : fromEventTarget(
          socket as StandardSocket,
          guard.handlers,
          refused,
          (event, opened) => standardSocketError(event, opened, url, headers['KALSHI-ACCESS-KEY']),
          upgraded?.release,
        );
  return {
    isOpen: connection.isOpen,
    send: connection.send,
    close: (code, reason) => guard.end(() => connection.close(code, reason)),
    terminate: () => guard.end(connection.terminate),
  };
}

/**
 * The stream's handlers as one socket may call them. Once we close or cut the socket ourselves they are detached: only
 * its one `close` still arrives (the stream waits for it), never an `error`, `open` or `message`. At most one `close`,
 * nothing after it. And nothing from inside our own close()/terminate() call: undici's WebSocket (Node ≥ 22's global)
 * fires `error` and `close` synchronously from close() on a socket still connecting, and a handler that closes the
 * socket again re-entered itself until the stack overflowed; such a `close` is delivered on the next microtask.
 */
class Guard {
  private detached = false;
  private closed = false;
  private closing = 0;
  readonly handlers: SocketHandlers;

  constructor(on: SocketHandlers) {
    const live =
      <A extends unknown[]>(handler: (...args: A) => void) =>
      (...args: A) => {
        if (!this.detached && !this.closed) handler(...args);
      };
    this.handlers = {
      open: live(on.open),
      message: live(on.message),
      binary: live(on.binary),
      alive: live(on.alive),
      error: live(on.error),
      close: () => {
        if (this.closed) return;
        this.closed = true;
        if (this.closing > 0) queueMicrotask(on.close);
        else on.close();
      },
    };
  }

  /** Detaches the handlers, then closes the socket (`close` may still be called later: a polite close, then a cut). */
  end(close: () => void): void {
    this.detached = true;
    this.closing++;
    try {
      close();
    } finally {
      this.closing--;
    }
  }
}

type Refused = (status: number, body: unknown) => Error;

function fromEmitter(socket: StreamSocket, on: SocketHandlers, refused: Refused): Connection {
  const listen = socket.on.bind(socket) as (event: string, listener: (...args: never[]) => void) => void;
  listen('open', on.open);
  // `ws` 8 says which frames are binary (text ones come as a Buffer too).
  listen('message', (data: unknown, isBinary?: boolean) =>
    isBinary === true ? on.binary() : on.message(String(data)),
  );
  listen('ping', on.alive);
  listen('close', on.close);
  // A refused handshake comes as `unexpected-response` below: an `error` is the network's (ECONNREFUSED, …).
  listen('error', (error: Error) =>
    on.error(new KalshiConnectionError(`WebSocket connection failed: ${error.message}`, 'WebSocket', { cause: error })),
  );
  // A refused handshake: read Kalshi's error body (e.g. 401 header_timestamp_expired) instead of a bare status.
  listen('unexpected-response', (request: { destroy(): void }, response: NodeResponse) => {
    let body = '';
    let done = false;
    // Decoded as one text: a character whose UTF-8 bytes two chunks split is kept whole (`String(chunk)` garbled it).
    const decoder = new TextDecoder();
    const finish = () => {
      if (done) return;
      done = true;
      body += decoder.decode();
      const date = response.headers?.date;
      on.error(refused(response.statusCode ?? 0, body), typeof date === 'string' ? date : undefined);
      request.destroy();
    };
    response.on('data', (chunk: unknown) => {
      if (done) return;
      body += typeof chunk === 'string' ? chunk : decoder.decode(chunk as Uint8Array, { stream: true });
      // Kalshi's refusals are small JSON bodies (kalshi-api-notes §2.3): one that keeps coming is not read to its end,
      // which may never come, buffering all of it until the connect timeout.
      if (body.length > MAX_REFUSAL_BODY) {
        body = body.slice(0, MAX_REFUSAL_BODY);
        finish();
      }
    });
    response.on('end', finish);
  });
  return {
    isOpen: () => socket.readyState === OPEN,
    send: (text) => socket.send(text),
    close: (code, reason) => socket.close(code, reason),
    terminate: () => (socket.terminate ? socket.terminate() : socket.close()),
  };
}

interface NodeResponse {
  readonly statusCode?: number;
  readonly headers?: Readonly<Record<string, string | string[] | undefined>>;
  on(event: 'data' | 'end', listener: (chunk?: unknown) => void): void;
}

function fromEventTarget(
  socket: StandardSocket,
  on: SocketHandlers,
  refused: Refused,
  failed: (event: { message?: unknown; error?: unknown }, opened: boolean) => Error,
  release?: () => void,
): Connection {
  const listen = socket.addEventListener.bind(socket) as (type: string, listener: (event: never) => void) => void;
  let opened = false;
  listen('open', () => {
    opened = true;
    on.open();
  });
  // A binary frame's data is a Blob or an ArrayBuffer (binaryType), a text frame's a string.
  listen('message', (event: { data: unknown }) =>
    typeof event.data === 'string' ? on.message(event.data) : on.binary(),
  );
  listen('close', (event: { code: number; reason: string }) => {
    if (event.code === HANDSHAKE_REFUSED) {
      const [status, code] = event.reason.split(' ');
      on.error(refused(Number(status), { error: { code, message: code } }));
    }
    on.close();
  });
  // WHATWG error events carry no status; some runtimes say more in the message (see ./connect-error).
  listen('error', (event: { message?: unknown; error?: unknown }) => on.error(failed(event, opened)));
  return {
    isOpen: () => socket.readyState === OPEN,
    send: (text) => socket.send(text),
    close: (code, reason) => socket.close(code, reason),
    // No terminate() here: close() starts a closing handshake, and on a dead connection its reply (and so the `close`
    // event) never comes. A cut connection is closed for the stream at once, as `ws`'s terminate() does, and its TCP
    // connection is destroyed where we hold it (Node's WebSocket: see upgradeCatcher).
    terminate: () => {
      socket.close();
      release?.();
      on.close();
    },
  };
}

/** Where undici (Node's bundled copy and the npm package alike) keeps its global dispatcher. */
const UNDICI_GLOBAL_DISPATCHER = Symbol.for('undici.globalDispatcher.1');

interface Dispatcher {
  dispatch(options: unknown, handler: object): boolean;
}

/**
 * Node's WebSocket (undici: Node ≥ 22's global, Node 20's `--experimental-websocket`) has no terminate(): its close()
 * sends a Close frame, then keeps the TCP connection until the server answers, and undici sets no time limit on
 * that. A dead server never answers, so every connection the watchdog cut, and the last one at close(), stayed open
 * and kept the process alive. undici's WebSocket takes a `dispatcher` (its extension of the constructor's options):
 * this one hands the handshake to the global dispatcher (a user's `setGlobalDispatcher`, a proxy agent, still
 * applies) and keeps the socket the handshake upgrades, so cutting the connection destroys it, as `ws`'s
 * terminate() does. Only the handler's documented upgrade callback (`onUpgrade`, or undici 7's `onRequestUpgrade`)
 * is looked at. Elsewhere nothing is passed: Bun and Deno have no dispatcher, and a class with `on` is the `ws`
 * package's kind, which terminates by itself. msw's WebSocket class ignores the extra option. (Preferring the `ws`
 * package on Node would fix it only where `ws` is installed, and would bypass msw, which patches the global.)
 */
function upgradeCatcher(
  Socket: StreamSocketConstructor,
  runtime: Runtime = globalThis as Runtime,
): { dispatcher: Dispatcher; release(): void } | undefined {
  if (runtime.Bun !== undefined || runtime.Deno !== undefined || runtime.process?.versions?.node === undefined) {
    return undefined;
  }
  if (typeof (Socket as { prototype?: { on?: unknown } }).prototype?.on === 'function') return undefined;
  const global = (runtime as Record<symbol, unknown>)[UNDICI_GLOBAL_DISPATCHER] as Partial<Dispatcher> | undefined;
  if (typeof global?.dispatch !== 'function') return undefined;
  const inner = global as Dispatcher;
  let upgraded: { destroy?: unknown } | undefined;
  let released = false;
  const keep = (socket: { destroy?: unknown } | undefined) => {
    upgraded = socket;
    // Cut while the handshake was still under way: the socket the server then upgrades is not wanted either.
    if (released) destroy(socket);
  };
  return {
    dispatcher: {
      dispatch: (options, handler) =>
        inner.dispatch(
          options,
          new Proxy(handler, {
            get(target, key) {
              const value: unknown = Reflect.get(target, key);
              if (typeof value !== 'function') return value;
              // The socket's place among the arguments: onUpgrade(status, headers, socket),
              // onRequestUpgrade(controller, status, headers, socket).
              const at = key === 'onUpgrade' ? 2 : key === 'onRequestUpgrade' ? 3 : undefined;
              if (at === undefined) return value.bind(target);
              return (...args: unknown[]) => {
                keep(args[at] as typeof upgraded);
                return value.apply(target, args);
              };
            },
          }),
        ),
    },
    release: () => {
      released = true;
      destroy(upgraded);
      upgraded = undefined;
    },
  };
}

function destroy(socket: { destroy?: unknown } | undefined): void {
  if (typeof socket?.destroy === 'function') socket.destroy();
}

interface Runtime {
  readonly WebSocket?: unknown;
  readonly Bun?: unknown;
  readonly Deno?: unknown;
  readonly process?: { readonly versions?: { readonly node?: string } };
  readonly navigator?: { readonly userAgent?: unknown };
}

/**
 * Why the stream cannot run in a browser (or a Cloudflare Worker), and what to do instead. kalshi-api-notes §2.5:
 * Kalshi requires the three signed KALSHI-ACCESS-* headers on the handshake; the WHATWG WebSocket constructor takes
 * no headers. A KalshiValidationError on `WebSocket`, to branch on.
 */
export function browserWebSocketError(runtime: Runtime = globalThis as Runtime): KalshiValidationError {
  // Cloudflare documents navigator.userAgent 'Cloudflare-Workers' in Workers; a Worker is no browser (round 24 nit 6).
  const worker = runtime.navigator?.userAgent === 'Cloudflare-Workers';
  return new KalshiValidationError(
    'WebSocket',
    `${worker ? "a Cloudflare Worker's" : "a browser's"} WebSocket cannot send headers, and Kalshi's WebSocket ` +
      'handshake requires the signed KALSHI-ACCESS-KEY, -TIMESTAMP and -SIGNATURE headers, so the stream cannot ' +
      `connect from ${worker ? 'a Worker' : 'a page or a web worker'}. Run createKalshiStream on a server (Node ≥ 20.19, Bun or Deno) and relay the messages to ${worker ? 'the Worker' : 'the page'}; REST works ` +
      `from ${worker ? 'a Worker' : 'the browser'}. (Pass \`WebSocket:\` only with a class that does send headers.)`,
  );
}

/**
 * The global `WebSocket` if it can send handshake headers: Bun's and Deno's take `{ headers }`, as does Node ≥ 22's
 * (undici); on Node 20 a global exists only if installed, e.g. the `ws` class that `@org/kalshi-mock/node` puts
 * there for msw, else undefined (the caller then loads the `ws` package). A browser's cannot send headers, so in a
 * browser (a global WebSocket, and no Node, Bun or Deno) this throws at once with browserWebSocketError.
 */
export function globalWebSocketWithHeaders(
  runtime: Runtime = globalThis as Runtime,
): StreamSocketConstructor | undefined {
  const Global = runtime.WebSocket as (StreamSocketConstructor & { prototype?: { on?: unknown } }) | undefined;
  if (typeof Global !== 'function') return undefined;
  if (runtime.Bun !== undefined || runtime.Deno !== undefined) return Global;
  const nodeVersion = runtime.process?.versions?.node;
  if (nodeVersion === undefined) throw browserWebSocketError(runtime);
  if (Number(nodeVersion.split('.')[0]) >= 22) return Global;
  return typeof Global.prototype?.on === 'function' ? Global : undefined;
}
