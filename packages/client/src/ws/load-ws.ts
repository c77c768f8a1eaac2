// The `ws` package (an optional peer dependency), loaded only where no WebSocket class that sends headers was passed
// or found. The browser/edge build has load-ws.browser.ts in its place, with no import of 'ws' for bundlers to resolve.
import { KalshiError } from '../errors';
import type { StreamSocketConstructor } from './socket';

export async function loadWs(): Promise<StreamSocketConstructor> {
  try {
    const ws = await import('ws');
    return (ws.WebSocket ?? ws.default) as unknown as StreamSocketConstructor;
  } catch {
    throw new KalshiError(
      "WebSocket: install the 'ws' package (pnpm add ws) or pass a WebSocket constructor that accepts headers",
    );
  }
}
