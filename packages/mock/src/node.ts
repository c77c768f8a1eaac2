// Node entry: msw's setupServer around the mock (REST and WebSocket), and the mock on a real HTTP server.
//
//   const kalshi = setupKalshiMockServer();
//   beforeAll(() => kalshi.server.listen({ onUnhandledRequest: 'error' }));
//   afterEach(() => { kalshi.exchange.reset(); kalshi.faults.clear(); kalshi.server.resetHandlers(); });
//   afterAll(() => kalshi.server.close());
import { type SetupServer, setupServer } from 'msw/node';
import { WebSocket } from 'ws';
import { createKalshiMock, type KalshiMock, type KalshiMockOptions } from './mock';

export interface KalshiMockServer extends KalshiMock {
  readonly server: SetupServer;
}

/** The mock's REST and WebSocket handlers in an msw `setupServer` (not yet listening). */
export function setupKalshiMockServer(options: KalshiMockOptions = {}): KalshiMockServer {
  installWebSocketGlobal();
  const mock = createKalshiMock(options);
  return { ...mock, server: setupServer(...mock.handlers, ...mock.streamHandlers) };
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
