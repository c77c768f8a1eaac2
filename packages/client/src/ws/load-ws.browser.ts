// load-ws.ts in the browser/edge build (the `browser`, `worker`, `edge-light` and `workerd` exports): no import of
// 'ws', so a page's bundler does not try to resolve the optional peer (webpack warned "Can't resolve 'ws'"). A page
// never gets here (a browser's global WebSocket refuses first, see socket.ts); a runtime with no WebSocket at all does.
import { KalshiError } from '../errors';
import type { StreamSocketConstructor } from './socket';

export async function loadWs(): Promise<StreamSocketConstructor> {
  throw new KalshiError(
    "WebSocket: this runtime has none, and the browser/edge build does not load the 'ws' package: pass a WebSocket " +
      'constructor that accepts headers, or run createKalshiStream on a server (Node ≥ 20.19, Bun or Deno)',
  );
}
