// Node entry: msw's setupServer around the mock, and the mock on a real HTTP server.
//
//   const kalshi = setupKalshiMockServer();
//   beforeAll(() => kalshi.server.listen({ onUnhandledRequest: 'error' }));
//   afterEach(() => { kalshi.exchange.reset(); kalshi.faults.clear(); kalshi.server.resetHandlers(); });
//   afterAll(() => kalshi.server.close());
import { type SetupServer, setupServer } from 'msw/node';
import { createKalshiMock, type KalshiMock, type KalshiMockOptions } from './mock';

export interface KalshiMockServer extends KalshiMock {
  readonly server: SetupServer;
}

/** The mock's handlers in an msw `setupServer` (not yet listening). */
export function setupKalshiMockServer(options: KalshiMockOptions = {}): KalshiMockServer {
  const mock = createKalshiMock(options);
  return { ...mock, server: setupServer(...mock.handlers) };
}

export { type KalshiMockServerOptions, type RunningKalshiMockServer, startKalshiMockServer } from './server';
