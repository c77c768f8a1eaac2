// Node entry: msw's setupServer around the mock (REST and WebSocket), and the mock on a real HTTP server.
//
//   const kalshi = setupKalshiMockServer();
//   beforeAll(() => kalshi.listen()); // strict: an unhandled request fails, with msw 2 and msw 3 alike
//   afterEach(() => { kalshi.exchange.reset(); kalshi.faults.clear(); kalshi.server.resetHandlers(); });
//   afterAll(() => kalshi.server.close());
// Before msw: see deno-broadcast-channel.ts.
import './deno-broadcast-channel';
import net from 'node:net';
import { type SetupServer, setupServer } from 'msw/node';
import { WebSocket } from 'ws';
import { clockTimerOf } from './clock-timer';
import { interceptingMark, withMarkedKeys } from './intercepting';
import { createKalshiMock, type KalshiMock, type KalshiMockOptions } from './mock';

/** The mock in an msw `setupServer`: `setupKalshiMockServer`'s result. */
export interface KalshiMockServer extends KalshiMock {
  /** The msw server, with the mock's REST and stream handlers. */
  readonly server: SetupServer;
  /**
   * `server.listen()` in strict mode: a request (or WebSocket connection) no handler answers is an error, never sent
   * to the network. Right for msw 2 (`onUnhandledRequest: 'error'`) and msw 3 (renamed `onUnhandledFrame`).
   */
  listen(): void;
}

/**
 * Both spellings of msw's strict mode: msw 2 reads `onUnhandledRequest`, msw 3 `onUnhandledFrame`; each ignores
 * the other's (a non-literal object, so neither version's types reject the extra key).
 */
const STRICT = { onUnhandledRequest: 'error', onUnhandledFrame: 'error' } as const;

/**
 * The mock's REST and WebSocket handlers in an msw `setupServer` (not yet listening). Its `credentials` tell a
 * client whether the server listens, so that a forgotten `listen()` fails instead of reaching Kalshi.
 */
export function setupKalshiMockServer(options: KalshiMockOptions = {}): KalshiMockServer {
  installWebSocketGlobal();
  const mock = createKalshiMock(options);
  const server = setupServer(...mock.handlers, ...mock.streamHandlers);
  let listening = false;
  const { listen, close } = server;
  // Listening again is a no-op, as closing twice is: msw refuses a second listen() with an invariant violation that
  // does not say what was called twice (two `beforeAll(listen)` in one file).
  server.listen = (...args) => {
    if (listening) return;
    const connect = net.Socket.prototype.connect;
    const runtime = runtimeName();
    // On Bun and Deno, msw's warnings are held until it is known whether it intercepts: msw 3 on Bun warns `Failed to
    // replace a global value at "_wrapHandle"` (Bun's node:tls lacks what it patches) from inside listen(), and only
    // listening shows whether this msw patches sockets. A refused listen() speaks through its own error alone.
    const warnings: unknown[][] = [];
    // biome-ignore lint/suspicious/noConsole: msw's own warnings, held here and passed on below
    const warn = console.warn;
    const passOn = () => {
      for (const data of warnings) warn(...data); // as msw wrote them
    };
    if (runtime) console.warn = (...data: unknown[]) => void warnings.push(data);
    try {
      listen.apply(server, args);
    } catch (error) {
      console.warn = warn;
      passOn(); // msw's own failure: what it warned on the way may explain it
      throw error;
    }
    console.warn = warn;
    const patched = net.Socket.prototype.connect !== connect;
    const gap = interceptionGap(runtime, patched) ?? engineGap(runtime, patched, process.versions.node);
    if (gap) {
      // Not listening: msw's patches are undone, and a client holding the mock's key refuses Kalshi's hosts.
      close.apply(server);
      throw new KalshiMockNotInterceptingError(gap);
    }
    passOn();
    listening = true;
    clockTimerOf(mock.exchange)?.start();
  };
  // Closing leaves no timer behind; listening again restarts it. msw 3 throws on closing a server that does not
  // listen (never did, or closed already): an afterAll(close) after a forgotten listen() would fail the suite on top
  // of the test's own KalshiMockNotListeningError, so only a listening server is closed.
  server.close = () => {
    const wasListening = listening;
    listening = false;
    mock.dispose();
    // msw leaves intercepted WebSockets open; a stream on one would only notice through its watchdog.
    mock.closeStreams();
    if (wasListening) close.apply(server);
  };
  // Kalshi's real hosts reach the mock while msw listens: until then, a client refuses to send them its keys.
  const marked = withMarkedKeys(
    mock,
    interceptingMark(() => listening),
  );
  return Object.assign(marked, { server, listen: () => server.listen(STRICT) });
}

/**
 * `kalshi.listen()` where msw's interception does not reach `fetch` (msw 3 on Bun or Deno): requests would go to the
 * network, a mock key's signed orders to Kalshi's real hosts. Use `startKalshiMockServer` (a real loopback server).
 * Also msw 3 on Node 20, which it does not support (every request would fail): use msw 2 there, or Node ≥ 22.12.
 */
export class KalshiMockNotInterceptingError extends Error {
  /** Always `'KalshiMockNotInterceptingError'`. */
  override name = 'KalshiMockNotInterceptingError';
}

/** Bun or Deno (each defines its global), else undefined (Node). */
const runtimeName = (): string | undefined => ('Bun' in globalThis ? 'Bun' : 'Deno' in globalThis ? 'Deno' : undefined);

/**
 * Why msw's listen() leaves `fetch` uncaught on `runtime`, or undefined when it catches it (trial 24, D1). msw 2
 * replaces `fetch` itself, which works on Node, Bun and Deno alike. msw 3 answers `fetch` at node:net's sockets
 * (its listen() patches `net.Socket.prototype.connect`, as msw 2's does not): Node's fetch opens such sockets, Bun's
 * and Deno's own fetch do not, so there msw 3's listen() succeeds and every request goes to the network. Observed with
 * msw 3.0.5 on Bun 1.4 and Deno 2 (trial 24's repro: the mock key's signed order went to Kalshi's demo host).
 */
export function interceptionGap(runtime: string | undefined, socketsPatched: boolean): string | undefined {
  if (runtime === undefined || !socketsPatched) return undefined;
  return (
    `kalshi.listen(): this msw (3) answers fetch at node:net's sockets, which ${runtime}'s fetch does not use: ` +
    "every request would go to the network, the mock key's signed ones to Kalshi's real hosts. Use " +
    'startKalshiMockServer() from @org/kalshi-mock/node (a real loopback server: its url as baseUrl, its ' +
    `mock.credentials), or msw 2, which intercepts fetch on ${runtime}`
  );
}

/**
 * Why msw 3 cannot answer on this Node, or undefined: msw 3 (the one that patches node:net's sockets) needs Node ≥
 * 22.12 (its engines; npm installs it on Node 20 with a warning only). On Node 20 its listen() succeeds and every
 * request then fails as a connection error, "Promise.withResolvers is not a function" (Node 22's API). Refused on
 * Node 20 and 21 only, where that failure is seen: on Node 22.11 msw 3.0.5 answers (round 40, checked by hand).
 */
export function engineGap(runtime: string | undefined, socketsPatched: boolean, node: string): string | undefined {
  if (runtime !== undefined || !socketsPatched || Number.parseInt(node, 10) >= 22) return undefined;
  return (
    `kalshi.listen(): this msw (3) needs Node ≥ 22.12 (its engines), and this is Node ${node}: every request would ` +
    'fail as a connection error (Promise.withResolvers is not a function). Install msw 2 (npm install -D msw@2), ' +
    'which runs on Node 20, or use Node 22.12 or later'
  );
}

/**
 * msw intercepts WebSockets by patching the global `WebSocket`, which Node 20 lacks (it arrived in Node 22): this
 * installs the `ws` package's class there when none exists. It accepts `{ headers }`, so signed handshakes work.
 * Call it before `server.listen()`; `setupKalshiMockServer` does.
 */
export function installWebSocketGlobal(): void {
  if (typeof globalThis.WebSocket === 'undefined')
    Object.defineProperty(globalThis, 'WebSocket', { value: WebSocket, configurable: true, writable: true });
}

export { type CaptureClient, type CaptureOptions, captureDataset } from './capture';
export { loadDatasetFile } from './dataset-load';
export { type KalshiMockServerOptions, type RunningKalshiMockServer, startKalshiMockServer } from './server';
/** What `faults.add` and the control routes throw for bad input (also exported by the main entry). */
export { ControlInputError } from './shared/control-schema';
