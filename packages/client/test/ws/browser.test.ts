import { join } from 'node:path';
import { createContext, runInContext } from 'node:vm';
import { generateKeyPairSync } from '@org/kalshi-auth/node';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { globalWebSocketWithHeaders } from '../../src/ws';

// Kalshi's handshake must carry the signed KALSHI-ACCESS-* headers (kalshi-api-notes §2.5); a browser's WebSocket
// constructor takes no headers, so in a browser the stream must fail at once and say so, not suggest `ws`.
const WHY = /browser's WebSocket cannot send headers.*KALSHI-ACCESS-KEY/;
const INSTEAD = /on a server \(Node ≥ 20\.19, Bun or Deno\) and relay the messages to the page/;

describe('the stream in a browser', () => {
  it('globalWebSocketWithHeaders throws why and what to do in a browser-like global (a WebSocket, no Node)', () => {
    class BrowserWebSocket {}
    expect(() => globalWebSocketWithHeaders({ WebSocket: BrowserWebSocket })).toThrow(WHY);
    expect(() => globalWebSocketWithHeaders({ WebSocket: BrowserWebSocket })).toThrow(INSTEAD);
  });

  it('createKalshiStream, bundled for the browser and run in a browser-like global, rejects before opening a socket', async () => {
    // The browser bundle of @org/kalshi-client/ws, as a page would load it, run in a fresh global with only web APIs.
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
      alias: { '@org/kalshi-client/ws': join(process.cwd(), 'dist/ws/index.mjs') },
      logLevel: 'silent',
    });
    const opened: string[] = [];
    class BrowserWebSocket {
      constructor(url: string) {
        opened.push(url);
      }
    }
    const page = createContext({
      WebSocket: BrowserWebSocket,
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
    const error = await (page.connect as (pem: string) => Promise<unknown>)(privateKeyPem).then(
      () => new Error('connected'),
      (e: Error) => e,
    );
    expect((error as Error).message).toMatch(WHY);
    expect((error as Error).message).not.toMatch(/install/i);
    expect(opened).toEqual([]);
  }, 60_000);
});
