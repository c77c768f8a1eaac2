import { connect as tcp } from 'node:net';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { type RunningKalshiMockServer, startKalshiMockServer } from '../../src/node';
import { signedHeaders } from './client';

// RFC 6455 §5.5.1: "After sending a Close frame, the endpoint MUST NOT send any more data frames"; kalshi-api-notes
// §9.3: every command is answered. A client that sends a command and closes at once (its last command, then a clean
// close: one TCP segment) had the server's Close frame first and the command's reply after it, a frame every
// conforming client discards: the answer was lost. The reply is due before the Close frame, as the command came first.
let server: RunningKalshiMockServer;
beforeEach(async () => {
  server = await startKalshiMockServer({ seed: 2, pingIntervalMs: 0 });
});
afterEach(() => server.close());

/** A client frame (masked, as RFC 6455 §5.3 requires of clients). */
function clientFrame(opcode: number, payload: Buffer): Buffer {
  const mask = Buffer.from([0x12, 0x34, 0x56, 0x78]);
  const length = payload.length;
  const head =
    length < 126
      ? Buffer.from([0x80 | opcode, 0x80 | length])
      : Buffer.from([0x80 | opcode, 0xfe, length >> 8, length & 0xff]);
  return Buffer.concat([head, mask, Buffer.from(payload.map((byte, i) => byte ^ (mask[i % 4] as number)))]);
}

/** Server frames (unmasked) as opcode and text, in order. */
function serverFrames(bytes: Buffer): { opcode: number; text: string }[] {
  const frames: { opcode: number; text: string }[] = [];
  let at = 0;
  while (at + 2 <= bytes.length) {
    let length = (bytes[at + 1] as number) & 0x7f;
    let start = at + 2;
    if (length === 126) {
      length = bytes.readUInt16BE(start);
      start += 2;
    } else if (length === 127) {
      length = Number(bytes.readBigUInt64BE(start));
      start += 8;
    }
    frames.push({ opcode: (bytes[at] as number) & 0x0f, text: bytes.subarray(start, start + length).toString() });
    at = start + length;
  }
  return frames;
}

interface RawStream {
  write(bytes: Buffer): void;
  /** Every frame received so far. */
  frames(): { opcode: number; text: string }[];
  /** Resolves once a frame matching `match` has arrived. */
  until(match: (frame: { opcode: number; text: string }) => boolean): Promise<void>;
  /** Resolves once the server has closed the connection. */
  readonly ended: Promise<void>;
}

/** An upgraded raw connection that answers the server's Close frame with its own (RFC 6455 §5.5.1). */
async function rawStream(): Promise<RawStream> {
  const headers = Object.entries(await signedHeaders(server)).map(([name, value]) => `${name}: ${value}\r\n`);
  const raw = tcp(server.port, '127.0.0.1');
  let received = Buffer.alloc(0);
  let answeredClose = false;
  const waiters = new Set<() => void>();
  const frames = () => serverFrames(received.subarray(received.indexOf('\r\n\r\n') + 4));
  const ended = new Promise<void>((done) => raw.once('close', () => done()));
  const upgraded = new Promise<void>((done) =>
    raw.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      if (!received.includes('\r\n\r\n')) return;
      done();
      if (!answeredClose && frames().some((f) => f.opcode === 0x8)) {
        answeredClose = true;
        raw.write(clientFrame(0x8, Buffer.from([0x03, 0xe8])));
      }
      for (const wake of waiters) wake();
    }),
  );
  raw.write(
    `GET /trade-api/ws/v2 HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n` +
      `Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n${headers.join('')}\r\n`,
  );
  await upgraded;
  expect(received.toString('latin1')).toMatch(/^HTTP\/1\.1 101 /);
  return {
    write: (bytes) => raw.write(bytes),
    frames,
    until: (match) =>
      new Promise((done) => {
        const check = () => {
          if (!frames().some(match)) return;
          waiters.delete(check);
          done();
        };
        waiters.add(check);
        check();
      }),
    ended,
  };
}

/** Writes `bytes` in one write once upgraded, and returns every frame until the server ends the connection. */
async function sendThenRead(bytes: Buffer): Promise<{ opcode: number; text: string }[]> {
  const stream = await rawStream();
  stream.write(bytes);
  await stream.ended;
  return stream.frames();
}

it('answers a command sent right before the client’s Close frame ahead of the server’s Close frame, and nothing after it', async () => {
  const command = Buffer.from(JSON.stringify({ id: 7, cmd: 'list_subscriptions' }));
  const close = Buffer.from([0x03, 0xe8]); // 1000 normal closure
  const frames = await sendThenRead(Buffer.concat([clientFrame(0x1, command), clientFrame(0x8, close)]));
  expect(frames.map((f) => f.opcode)).toEqual([0x1, 0x8]);
  expect(JSON.parse(frames[0]?.text as string)).toEqual({ id: 7, type: 'ok', msg: [] });
});

it('sends a subscribe’s replies and snapshot before the Close frame when the client closes right after it', async () => {
  const ticker = [...server.mock.exchange.markets.values()].find((m) => m.status === 'active')?.ticker as string;
  const subscribe = { id: 1, cmd: 'subscribe', params: { channels: ['orderbook_delta'], market_tickers: [ticker] } };
  const close = Buffer.from([0x03, 0xe8]);
  const frames = await sendThenRead(
    Buffer.concat([clientFrame(0x1, Buffer.from(JSON.stringify(subscribe))), clientFrame(0x8, close)]),
  );
  expect(frames.map((f) => [f.opcode, f.opcode === 0x1 ? JSON.parse(f.text).type : 'close'])).toEqual([
    [0x1, 'subscribed'],
    [0x1, 'orderbook_snapshot'],
    [0x8, 'close'],
  ]);
});

// The same at a shutdown (close(): 1001 going away): a message the exchange caused before it was written after the
// Close frame, where the client discards it.
it('writes what an exchange event sent before a shutdown ahead of the 1001 Close frame', async () => {
  const ticker = [...server.mock.exchange.markets.values()].find((m) => m.status === 'active')?.ticker as string;
  const stream = await rawStream();
  const subscribe = { id: 1, cmd: 'subscribe', params: { channels: ['orderbook_delta'], market_tickers: [ticker] } };
  stream.write(clientFrame(0x1, Buffer.from(JSON.stringify(subscribe))));
  await stream.until((f) => f.opcode === 0x1 && JSON.parse(f.text).type === 'orderbook_snapshot');
  // In one turn: an order rests (a delta for the connection), then the server shuts down.
  server.mock.exchange.createOrder('someone', {
    ticker,
    side: 'bid',
    price: 10_000,
    count: 100,
    timeInForce: 'good_till_canceled',
    selfTradePrevention: 'maker',
  });
  const closing = server.close();
  await stream.ended;
  await closing;
  const frames = stream.frames();
  expect(frames.map((f) => (f.opcode === 0x1 ? JSON.parse(f.text).type : f.opcode))).toEqual([
    'subscribed',
    'orderbook_snapshot',
    'orderbook_delta',
    0x8,
  ]);
});
