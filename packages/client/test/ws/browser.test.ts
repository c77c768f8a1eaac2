import { createContext, runInContext } from 'node:vm';
import { generateKeyPairSync } from '@org/kalshi-auth/node';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { KalshiValidationError } from '../../src';
import { globalWebSocketWithHeaders } from '../../src/ws';

// Kalshi's handshake must carry the signed KALSHI-ACCESS-* headers (kalshi-api-notes §2.5); a browser's WebSocket
// constructor takes no headers, so in a browser the stream must fail at once and say so, not suggest `ws`.
const WHY = /browser's WebSocket cannot send headers.*KALSHI-ACCESS-KEY/;
const INSTEAD = /on a server \(Node ≥ 20\.19, Bun or Deno\) and relay the messages to the page/;

/** The browser bundle of @org/kalshi-client/ws (its `browser` export), run in a fresh global with only web APIs. */
async function connectInPage(WebSocket: unknown, own = false): Promise<Error> {
  const result = await build({
    stdin: {
      contents: `import { createKalshiStream } from '@org/kalshi-client/ws';
globalThis.connect = (pem, own) => createKalshiStream({ url: 'ws://127.0.0.1:9/trade-api/ws/v2', credentials: { keyId: 'key-1', privateKey: pem }, ...(own ? { WebSocket } : {}) });`,
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
    DOMException,
  });
  runInContext(result.outputFiles[0]?.text ?? '', page);
  const { privateKeyPem } = generateKeyPairSync({ type: 'ed25519' });
  return (page.connect as (pem: string, own: boolean) => Promise<unknown>)(privateKeyPem, own).then(
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

  // Round 24 nit 6: the refusal was the base KalshiError, with nothing to branch on. Not a connection error to retry:
  // the option (or its default) cannot work here, named as `WebSocket`.
  it('the refusal is a KalshiValidationError on `WebSocket`, to branch on', () => {
    class BrowserWebSocket {}
    const error = (() => {
      try {
        globalWebSocketWithHeaders({ WebSocket: BrowserWebSocket });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(KalshiValidationError);
    expect(error).toMatchObject({ field: 'WebSocket' });
  });

  // Cloudflare Workers set navigator.userAgent to 'Cloudflare-Workers' (Cloudflare's docs): a Worker is not a browser,
  // and the message must not call its WebSocket a browser's (round 24 nit 6).
  it('in a Cloudflare Worker, the refusal names the Worker, not a browser', () => {
    class WorkerWebSocket {}
    const worker = { WebSocket: WorkerWebSocket, navigator: { userAgent: 'Cloudflare-Workers' } };
    expect(() => globalWebSocketWithHeaders(worker)).toThrow(/a Cloudflare Worker's WebSocket cannot send headers/);
    expect(() => globalWebSocketWithHeaders(worker)).not.toThrow(/browser/);
  });

  it('createKalshiStream, bundled for the browser and run in a browser-like global, rejects before opening a socket', async () => {
    const opened: string[] = [];
    class BrowserWebSocket {
      // As Chromium's: `protocols` other than a string or a list is read as a string, '[object Object]', refused.
      constructor(url: string, protocols?: unknown) {
        if (protocols !== undefined && typeof protocols !== 'string' && !Array.isArray(protocols))
          throw new SyntaxError(`Failed to construct 'WebSocket': The subprotocol '${protocols}' is invalid.`);
        opened.push(url);
      }
    }
    const error = await connectInPage(BrowserWebSocket);
    expect(error.message).toMatch(WHY);
    expect(error.message).not.toMatch(/install/i);
    // Round 24 D6: the page's own class, passed as the message's last sentence might suggest, is refused the same way
    // (its constructor takes (url, protocols), no headers), not tried and reported as a connection error.
    const own = await connectInPage(BrowserWebSocket, true);
    expect({ name: own.name, field: (own as { field?: unknown }).field }).toEqual({
      name: 'KalshiValidationError',
      field: 'WebSocket',
    });
    expect(own.message).toMatch(WHY);
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
