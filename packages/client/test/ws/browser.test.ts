import { createContext, runInContext } from 'node:vm';
import { generateKeyPairSync } from '@org/kalshi-auth/node';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { globalWebSocketWithHeaders } from '../../src/ws';

// Kalshi's handshake must carry the signed KALSHI-ACCESS-* headers (kalshi-api-notes §2.5); a browser's WebSocket
// constructor takes no headers, so in a browser the stream must fail at once and say so, not suggest `ws`.
const WHY = /browser's WebSocket cannot send headers.*KALSHI-ACCESS-KEY/;
const INSTEAD = /on a server \(Node ≥ 20\.19, Bun or Deno\) and relay the messages to the page/;

/** The browser bundle of @org/kalshi-client/ws (its `browser` export), run in a fresh global with only web APIs. */
async function connectInPage(WebSocket: unknown): Promise<Error> {
  const result = await build({
    stdin: {
      contents: `import { createKalshiStream } from '@org/kalshi-client/ws';
globalThis.connect = (pem) => createKalshiStream({ url: 'ws://127.0.0.1:9/trade-api/ws/v2', credentials: { keyId: 'key-1', privateKey: pem } });`,
      resolveDir: process.cwd(),
    },
    bundle: true,
    format: 'iife',
    platform: 'browser',
    write: false,
    logLevel: 'silent',
  });
  const page = createContext({
    ...(WebSocket === undefined ? {} : { WebSocket }),
    AbortController,
    AbortSignal,
    crypto: globalThis.crypto,
    CryptoKey: globalThis.CryptoKey,
    TextEncoder,
    URL,
    atob,
    btoa,
    setTimeout,
    clearTimeout,
  });
  runInContext(result.outputFiles[0]?.text ?? '', page);
  const { privateKeyPem } = generateKeyPairSync({ type: 'ed25519' });
  return (page.connect as (pem: string) => Promise<unknown>)(privateKeyPem).then(
    () => new Error('connected'),
    (e: Error) => e,
  );
}

describe('the stream in a browser', () => {
  it('globalWebSocketWithHeaders throws why and what to do in a browser-like global (a WebSocket, no Node)', () => {
    class BrowserWebSocket {}
    expect(() => globalWebSocketWithHeaders({ WebSocket: BrowserWebSocket })).toThrow(WHY);
    expect(() => globalWebSocketWithHeaders({ WebSocket: BrowserWebSocket })).toThrow(INSTEAD);
  });

  it('createKalshiStream, bundled for the browser and run in a browser-like global, rejects before opening a socket', async () => {
    const opened: string[] = [];
    class BrowserWebSocket {
      constructor(url: string) {
        opened.push(url);
      }
    }
    const error = await connectInPage(BrowserWebSocket);
    expect(error.message).toMatch(WHY);
    expect(error.message).not.toMatch(/install/i);
    expect(opened).toEqual([]);
  }, 60_000);

  // Round 24 trial, D8: the browser build does not import the optional `ws` peer (bundlers warned they could not
  // resolve it), so a runtime with no WebSocket at all is told what to pass, not to install a Node package.
  it('in a runtime with no WebSocket at all, the browser build says to pass a WebSocket class or run on a server', async () => {
    const error = await connectInPage(undefined);
    expect(error.message).toMatch(/pass a WebSocket constructor that accepts headers/);
    expect(error.message).toMatch(/on a server \(Node ≥ 20\.19, Bun or Deno\)/);
    expect(error.message).not.toMatch(/pnpm add ws/);
  }, 60_000);
});
