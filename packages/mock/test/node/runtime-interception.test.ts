import net from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { KalshiMockNotInterceptingError, setupKalshiMockServer } from '../../src/node';

// Trial 24, D1: with msw 3 under `bun test` / `deno test`, kalshi.listen() succeeded, yet msw caught nothing and the
// mock key's signed order went to Kalshi's demo host. msw 3 answers fetch at node:net's sockets (its listen() patches
// `net.Socket.prototype.connect`; msw 2 replaces `fetch` itself, which Bun and Deno's fetch go through). Bun's and
// Deno's own fetch do not open node:net sockets. This repository runs msw 2 on Node: msw 3's patch and the runtime's
// global are simulated here, so nothing leaves the machine.
const simulate = vi.hoisted(() => ({ socketPatch: false, warning: undefined as string | undefined, fails: false }));
vi.mock('msw/node', async (original) => {
  const msw = await original<typeof import('msw/node')>();
  return {
    ...msw,
    setupServer: (...handlers: Parameters<typeof msw.setupServer>) => {
      const server = msw.setupServer(...handlers);
      const { listen, close } = server;
      let real: typeof net.Socket.prototype.connect | undefined;
      server.listen = (...args) => {
        listen.apply(server, args);
        if (simulate.warning) console.warn(simulate.warning);
        if (simulate.fails) throw new Error('msw: listen failed');
        if (!simulate.socketPatch) return;
        real = net.Socket.prototype.connect;
        net.Socket.prototype.connect = function (this: net.Socket, ...connectArgs: unknown[]) {
          return Reflect.apply(real as typeof net.Socket.prototype.connect, this, connectArgs);
        } as typeof net.Socket.prototype.connect;
      };
      server.close = () => {
        if (real) net.Socket.prototype.connect = real;
        real = undefined;
        close.apply(server);
      };
      return server;
    },
  };
});

const INTERCEPTING = Symbol.for('@org/kalshi-mock/intercepting');
const interceptingOf = (kalshi: ReturnType<typeof setupKalshiMockServer>) =>
  (kalshi.credentials as unknown as Record<symbol, () => boolean>)[INTERCEPTING]?.();

afterEach(() => {
  vi.unstubAllGlobals();
  simulate.socketPatch = false;
  simulate.warning = undefined;
  simulate.fails = false;
  vi.restoreAllMocks();
});

describe('kalshi.listen() where msw does not reach fetch', () => {
  it.each(['Bun', 'Deno'])(
    'fails on %s with msw 3 with KalshiMockNotInterceptingError naming startKalshiMockServer',
    (runtime) => {
      vi.stubGlobal(runtime, {});
      simulate.socketPatch = true;
      const connect = net.Socket.prototype.connect;
      const kalshi = setupKalshiMockServer();
      let thrown: unknown;
      try {
        kalshi.listen();
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(Error);
      expect((thrown as Error).name).toBe('KalshiMockNotInterceptingError');
      expect(thrown).toBeInstanceOf(KalshiMockNotInterceptingError);
      expect((thrown as Error).message).toContain('startKalshiMockServer()');
      expect((thrown as Error).message).toContain(`${runtime}'s fetch`);
      // Nothing is left patched, and the key's guard still says the mock does not serve Kalshi's hosts.
      expect(net.Socket.prototype.connect).toBe(connect);
      expect(interceptingOf(kalshi)).toBe(false);
      kalshi.server.close();
    },
  );

  it('listens on Bun with msw 2, which replaces fetch itself', () => {
    vi.stubGlobal('Bun', {});
    const kalshi = setupKalshiMockServer();
    kalshi.listen();
    expect(interceptingOf(kalshi)).toBe(true);
    kalshi.server.close();
  });

  it("listens on Node ≥ 22.12 with msw 3, whose fetch opens node:net's sockets", () => {
    simulate.socketPatch = true;
    const kalshi = setupKalshiMockServer();
    onNode('22.12.0', () => kalshi.listen());
    expect(interceptingOf(kalshi)).toBe(true);
    kalshi.server.close();
  });
});

/** Runs `run` with `process.versions.node` reading `version` (this repository's tests run on Node 20). */
function onNode<T>(version: string, run: () => T): T {
  const own = Object.getOwnPropertyDescriptor(process, 'versions') as PropertyDescriptor;
  Object.defineProperty(process, 'versions', { ...own, value: { ...process.versions, node: version } });
  try {
    return run();
  } finally {
    Object.defineProperty(process, 'versions', own);
  }
}

// Round 40, U: `npm install -D @org/kalshi-mock msw` (the README's line) on Node 20 installs msw 3, whose engines
// want Node ≥ 22.12 (npm only warns, EBADENGINE). kalshi.listen() succeeded there, and every request then failed as
// `KalshiConnectionError: GetBalance: connection failed (Promise.withResolvers is not a function)`, msw 3 calling an
// API Node 20 lacks: nothing said that msw's version was the cause. Now listen() refuses at once, naming both fixes.
describe('kalshi.listen() with msw 3 on a Node older than msw 3 supports', () => {
  // Node 20 (the packages' oldest) only: on Node 22.11, below msw 3's engines, msw 3.0.5 answered a request (checked
  // by hand in round 40), so listen() is not refused there.
  it.each(['20.19.0'])(
    'fails on Node %s with KalshiMockNotInterceptingError naming msw 2 and Node 22.12',
    (version) => {
      simulate.socketPatch = true;
      const connect = net.Socket.prototype.connect;
      const kalshi = setupKalshiMockServer();
      let thrown: unknown;
      onNode(version, () => {
        try {
          kalshi.listen();
        } catch (error) {
          thrown = error;
        }
      });
      expect(thrown).toBeInstanceOf(KalshiMockNotInterceptingError);
      expect((thrown as Error).message).toContain(`Node ${version}`);
      expect((thrown as Error).message).toContain('msw@2');
      expect((thrown as Error).message).toContain('Node ≥ 22.12');
      // Nothing is left patched, and the key's guard still says the mock does not serve Kalshi's hosts.
      expect(net.Socket.prototype.connect).toBe(connect);
      expect(interceptingOf(kalshi)).toBe(false);
      kalshi.server.close();
    },
  );

  it('listens on Node 20 with msw 2, which supports it', () => {
    const kalshi = setupKalshiMockServer();
    onNode('20.19.0', () => kalshi.listen());
    expect(interceptingOf(kalshi)).toBe(true);
    kalshi.server.close();
  });
});

// Round 37's leftover: msw 3.0.5 on Bun 1.4.5 printed its own `Failed to replace a global value at "_wrapHandle": not
// a global value.` (its listen() patches node:tls's TLSSocket.prototype._wrapHandle, which Bun's node:tls lacks)
// before the KalshiMockNotInterceptingError that says what happened and what to do instead. The warning comes from
// inside msw's listen(), and only listening shows whether this msw patches sockets, so listen() is still called; what
// msw warns while a listen() that is then refused runs is not shown. Our own API: the notes are silent.
const BUN_TLS_WARNING = 'Failed to replace a global value at "_wrapHandle": not a global value.';

describe("msw's warnings during listen()", () => {
  it("on Bun with msw 3, only KalshiMockNotInterceptingError speaks: msw's patch warning is not printed", () => {
    vi.stubGlobal('Bun', {});
    simulate.socketPatch = true;
    simulate.warning = BUN_TLS_WARNING;
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const kalshi = setupKalshiMockServer();
    expect(() => kalshi.listen()).toThrow(KalshiMockNotInterceptingError);
    expect(warn).not.toHaveBeenCalled();
    kalshi.server.close();
  });

  // The round-38 review: a listen() msw itself fails dropped what it had warned on the way.
  it('a listen() msw fails passes them on before its error', () => {
    vi.stubGlobal('Bun', {});
    simulate.warning = 'msw: why it is about to fail';
    simulate.fails = true;
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const kalshi = setupKalshiMockServer();
    expect(() => kalshi.listen()).toThrow('msw: listen failed');
    expect(warn.mock.calls).toEqual([['msw: why it is about to fail']]);
  });

  it('a listen() that succeeds passes them on, as msw wrote them', () => {
    vi.stubGlobal('Bun', {});
    simulate.warning = 'msw: something to say';
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const kalshi = setupKalshiMockServer();
    kalshi.listen();
    expect(warn.mock.calls).toEqual([['msw: something to say']]);
    kalshi.server.close();
  });
});
