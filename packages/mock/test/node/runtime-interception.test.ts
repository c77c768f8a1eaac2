import net from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { KalshiMockNotInterceptingError, setupKalshiMockServer } from '../../src/node';

// Trial 24, D1: with msw 3 under `bun test` / `deno test`, kalshi.listen() succeeded, yet msw caught nothing and the
// mock key's signed order went to Kalshi's demo host. msw 3 answers fetch at node:net's sockets (its listen() patches
// `net.Socket.prototype.connect`; msw 2 replaces `fetch` itself, which Bun and Deno's fetch go through). Bun's and
// Deno's own fetch do not open node:net sockets. This repository runs msw 2 on Node: msw 3's patch and the runtime's
// global are simulated here, so nothing leaves the machine.
const simulate = vi.hoisted(() => ({ socketPatch: false }));
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

  it("listens on Node with msw 3, whose fetch opens node:net's sockets", () => {
    simulate.socketPatch = true;
    const kalshi = setupKalshiMockServer();
    kalshi.listen();
    expect(interceptingOf(kalshi)).toBe(true);
    kalshi.server.close();
  });
});
