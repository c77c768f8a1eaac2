import { createSigner } from '@org/kalshi-auth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_BODY_BYTES } from '../../src/http/request';
import { type RunningKalshiMockServer, setupKalshiMockServer, startKalshiMockServer } from '../../src/node';
import { MESSAGE_TOO_BIG } from '../../src/stream/frame-limit';
import { connect } from './client';

// REST bodies above MAX_BODY_BYTES get 413 (http/request.ts); client frames on the stream had no cap. The notes
// (§9.1: "All frames are JSON text") and the AsyncAPI spec are silent on a size limit and on Kalshi's answer to an
// oversized frame. The mock takes the REST cap for a client message and answers one above it as RFC 6455 §7.4.1
// has it: close code 1009 "Message Too Big", without buffering or parsing the frame (the served mock refuses it from
// its header); the server goes on serving others.
const command = { id: 1, cmd: 'list_subscriptions' };
/** `command` padded with spaces to `bytes` bytes of JSON text. */
const padded = (bytes: number) => {
  const text = JSON.stringify(command);
  return `${text.slice(0, -1)}${' '.repeat(bytes - text.length)}}`;
};

describe('served mock: a client frame above the REST body cap', () => {
  let server: RunningKalshiMockServer;
  beforeAll(async () => {
    server = await startKalshiMockServer({ seed: 2, pingIntervalMs: 0 });
  });
  afterAll(() => server.close());

  it('answers a frame of exactly the cap as any command', async () => {
    const socket = await connect(server);
    socket.ws.send(padded(MAX_BODY_BYTES));
    expect((await socket.next((m) => m.id === 1)).type).toBe('ok');
    socket.ws.close();
    await socket.closed;
  });

  it('closes with 1009 Message Too Big on one byte more, and keeps serving other connections', async () => {
    const socket = await connect(server);
    socket.ws.send(padded(MAX_BODY_BYTES + 1));
    expect(await socket.closed).toBe(MESSAGE_TOO_BIG);
    expect(socket.received).toEqual([]);
    const other = await connect(server);
    other.send(command);
    expect((await other.next((m) => m.id === 1)).type).toBe('ok');
    other.ws.close();
    await other.closed;
  });

  it('closes with 1009 on a fragmented message whose fragments add up to more than the cap', async () => {
    const socket = await connect(server);
    const half = 'x'.repeat(MAX_BODY_BYTES / 2 + 1);
    socket.ws.send(half, { fin: false });
    socket.ws.send(half, { fin: true });
    expect(await socket.closed).toBe(MESSAGE_TOO_BIG);
  });
});

describe('msw: a client message above the REST body cap', () => {
  const kalshi = setupKalshiMockServer();
  const STREAM = 'wss://external-api-ws.kalshi.com/trade-api/ws/v2';
  beforeAll(() => kalshi.server.listen({ onUnhandledRequest: 'error' }));
  afterAll(() => kalshi.server.close());

  it('closes with 1009 Message Too Big, and answers a message of exactly the cap', async () => {
    const { keyId, privateKeyPem } = kalshi.credentials;
    const signer = await createSigner({ keyId, privateKey: privateKeyPem });
    const open = async () => {
      const socket = new globalThis.WebSocket(STREAM, {
        headers: await signer.sign({ method: 'GET', url: STREAM }),
      } as unknown as string[]);
      const frames: Record<string, unknown>[] = [];
      const first = new Promise<Record<string, unknown>>((resolve) =>
        socket.addEventListener('message', (event) => {
          frames.push(JSON.parse(String(event.data)));
          resolve(frames[0] as Record<string, unknown>);
        }),
      );
      const closed = new Promise<number>((resolve) => socket.addEventListener('close', (event) => resolve(event.code)));
      await new Promise((resolve) => socket.addEventListener('open', resolve));
      return { socket, frames, first, closed };
    };
    const fits = await open();
    fits.socket.send(padded(MAX_BODY_BYTES));
    expect((await fits.first).type).toBe('ok');
    fits.socket.close();

    const big = await open();
    big.socket.send(padded(MAX_BODY_BYTES + 1));
    expect(await big.closed).toBe(MESSAGE_TOO_BIG);
    expect(big.frames).toEqual([]);
  });
});
