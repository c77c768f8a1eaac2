// A connection that fails before opening, as precisely as each WebSocket lets us tell: the `ws` package reports the
// network error (and, through `unexpected-response`, the status and body); a WHATWG WebSocket's `error` event has
// neither, but Bun and Deno name them in its message (recorded below), while Node ≥ 22's undici cannot be told apart.
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { KalshiAuthenticationError, KalshiConnectionError, KalshiError } from '../../src';
import { createKalshiStream, type StreamSocketConstructor } from '../../src/ws';
import { standardSocketError } from '../../src/ws/connect-error';
import { testSigner } from '../helpers';
import { fakeSockets } from './fake-socket';

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('a WHATWG error event before open', () => {
  it.each([
    ['Bun', "WebSocket connection to 'ws://127.0.0.1:1/x' failed: Failed to connect"],
    ['Deno', 'failed to connect to WebSocket: tcp connect error'],
  ])('%s, refused TCP connection: KalshiConnectionError', (_runtime, message) => {
    const error = standardSocketError({ message }, false);
    expect(error).toBeInstanceOf(KalshiConnectionError);
    expect(error.message).toContain(message);
  });

  it.each([
    ['Bun', "WebSocket connection to 'ws://127.0.0.1:9/x' failed: Expected 101 status code: 401"],
    ['Deno', 'failed to connect to WebSocket: Invalid status code: 401'],
  ])('%s, refused handshake: the typed 401 with the causes', (_runtime, message) => {
    const error = standardSocketError({ message }, false);
    expect(error).toBeInstanceOf(KalshiAuthenticationError);
    expect(error).toMatchObject({ status: 401 });
    expect(error.message).toMatch(/unknown or revoked API key.*clock/);
  });

  it.each([
    ['Node 22', 'Received network error or non-101 status code.'],
    ['Node 24', ''],
  ])('%s, either: an untyped error naming both possible causes, no invented status', (_runtime, message) => {
    const error = standardSocketError({ message, error: new TypeError(message) }, false);
    expect(error.constructor).toBe(KalshiError);
    expect(error).not.toHaveProperty('status');
    expect(error.message).toMatch(/could not be reached, or it refused the handshake/);
    expect(error.message).toMatch(/unknown or revoked API key id, a private key .* clock more than a few seconds off/);
    expect(error.message).toMatch(/'ws' package/);
    // The handshake's response is hidden, so the stream cannot measure a skew itself: the REST client can.
    expect(error.message).toMatch(/clockFrom: client/);
  });

  // Round 24 D7: REST's path on a stream URL is the classic slip (kalshi-api-notes §1: the WebSocket API is at
  // /trade-api/ws/v2). Node's error cannot tell a 404 from a refused key, but the path is known: it is named first, as
  // Bun's and Deno's 404 names it, before the key and clock causes.
  it("Node, a URL on REST's path /trade-api/v2: the path is named first, as the likeliest cause", () => {
    const error = standardSocketError({ message: '' }, false, 'ws://127.0.0.1:9/trade-api/v2', 'key-1');
    expect(error.message).toMatch(
      /^WebSocket connection failed before it opened: \/trade-api\/v2 is not Kalshi's WebSocket path \/trade-api\/ws\/v2 \(it is the REST API's\)/,
    );
    expect(error.message.indexOf('/trade-api/ws/v2')).toBeLessThan(error.message.indexOf('revoked API key'));
  });

  it("Node, a URL on Kalshi's WebSocket path: no path blamed", () => {
    const error = standardSocketError({ message: '' }, false, 'ws://127.0.0.1:9/trade-api/ws/v2', 'key-1');
    expect(error.message).not.toMatch(/is not Kalshi's WebSocket path/);
  });

  // 101 Switching Protocols is the handshake's success (RFC 6455 §4.2.2; the notes and the spec are silent on such a
  // message): a runtime naming it has not said why the connection failed, so it is no refusal with a status.
  it('a message naming status code 101: not a refusal, the untyped error naming both causes', () => {
    const error = standardSocketError({ message: 'Unexpected status code: 101' }, false);
    expect(error.constructor).toBe(KalshiError);
    expect(error).not.toHaveProperty('status');
    expect(error.message).toMatch(/could not be reached, or it refused the handshake/);
  });

  it('after open: a lost connection (KalshiConnectionError)', () => {
    expect(standardSocketError({ message: '' }, true)).toBeInstanceOf(KalshiConnectionError);
  });

  it('createKalshiStream rejects with it', async () => {
    const sockets = fakeSockets();
    sockets.refuseNext();
    await expect(
      createKalshiStream({
        url: 'ws://127.0.0.1:1/trade-api/ws/v2',
        credentials: await testSigner(),
        WebSocket: sockets.WebSocket,
      }),
    ).rejects.toThrow(/refused the handshake/);
  });
});

it('the ws package, refused TCP connection: KalshiConnectionError', async () => {
  const port = await closedPort();
  await expect(
    createKalshiStream({
      url: `ws://127.0.0.1:${port}/trade-api/ws/v2`,
      credentials: await testSigner(),
      WebSocket: WebSocket as unknown as StreamSocketConstructor,
    }),
  ).rejects.toBeInstanceOf(KalshiConnectionError);
});
