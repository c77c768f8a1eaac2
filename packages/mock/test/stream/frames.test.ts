import { EventEmitter } from 'node:events';
import { type AddressInfo, connect, createServer, type Socket } from 'node:net';
import type { Duplex, Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import * as ws from 'ws';
import { createFrameWriter, encodeTextFrames } from '../../src/stream/frames';
import { SharedText } from '../../src/stream/shared-deltas';

// The `ws` package's frame parser (exported at runtime, absent from @types/ws).
const { Receiver } = ws as unknown as { Receiver: new (options: { isServer: boolean }) => Writable };

describe('encodeTextFrames', () => {
  it('writes text frames a WebSocket client decodes, across the 7-bit, 16-bit and 64-bit length forms', () => {
    // RFC 6455 §5.2: payloads < 126 bytes, < 65,536 bytes (126 + u16) and larger (127 + u64); non-ASCII counted in bytes.
    const texts = ['{"a":1}', 'x'.repeat(125), 'é'.repeat(100), 'y'.repeat(65_535), 'z'.repeat(70_000)];
    const received: string[] = [];
    const receiver = new Receiver({ isServer: false });
    receiver.on('message', (data: Buffer, isBinary: boolean) => {
      expect(isBinary).toBe(false);
      received.push(data.toString());
    });
    receiver.write(encodeTextFrames(texts));
    expect(received).toEqual(texts);
  });
});

describe('createFrameWriter', () => {
  it('writes data messages around a shared msg, sid and seq spelled per connection, beside text messages', () => {
    const writes: Buffer[] = [];
    const socket = { destroyed: false, writable: true, write: (chunk: Buffer) => writes.push(chunk) };
    const writer = createFrameWriter(socket as unknown as Duplex);
    const ascii = new SharedText('{"side":"yes"}}');
    const accented = new SharedText('{"client_order_id":"café-ü"}}');
    const long = new SharedText(`{"x":"${'é'.repeat(40_000)}"}}`);
    writer.sendData('orderbook_delta', 1, 7, ascii);
    writer.sendData('orderbook_delta', 12, 1_234_567_890, ascii);
    writer.send('{"a":"ñ"}');
    writer.sendData('orderbook_delta', 3, 10, accented);
    writer.sendData('trade', 1, 0, long);
    writer.flush();
    expect(writes).toHaveLength(1);
    const received: string[] = [];
    const receiver = new Receiver({ isServer: false });
    receiver.on('message', (data: Buffer) => received.push(data.toString()));
    receiver.write(writes[0]);
    expect(received).toEqual([
      '{"type":"orderbook_delta","sid":1,"seq":7,"msg":{"side":"yes"}}',
      '{"type":"orderbook_delta","sid":12,"seq":1234567890,"msg":{"side":"yes"}}',
      '{"a":"ñ"}',
      '{"type":"orderbook_delta","sid":3,"seq":10,"msg":{"client_order_id":"café-ü"}}',
      `{"type":"trade","sid":1,"seq":0,"msg":{"x":"${'é'.repeat(40_000)}"}}`,
    ]);
  });

  it('holds messages while the socket is backed up and writes them, in order, when it drains', () => {
    const writes: Buffer[] = [];
    let full = true;
    const socket = Object.assign(new EventEmitter(), {
      destroyed: false,
      writable: true,
      write: (chunk: Buffer) => writes.push(chunk) > 0 && !full,
    });
    const writer = createFrameWriter(socket as unknown as Duplex);
    const shared = new SharedText('{"n":1}}');
    writer.sendData('orderbook_delta', 1, 1, shared);
    writer.flush();
    // The socket said to wait: nothing more is written until it drains.
    writer.sendData('orderbook_delta', 1, 2, shared);
    writer.send('{"type":"ok"}');
    writer.flush();
    expect(writes).toHaveLength(1);
    expect(writer.backlog()).toBe(2); // what a client that stopped reading has waiting (session.ts: error 25)
    full = false;
    socket.emit('drain');
    expect(writes).toHaveLength(2);
    expect(writer.backlog()).toBe(0);
    const received: string[] = [];
    const receiver = new Receiver({ isServer: false });
    receiver.on('message', (data: Buffer) => received.push(data.toString()));
    for (const chunk of writes) receiver.write(chunk);
    expect(received).toEqual([
      '{"type":"orderbook_delta","sid":1,"seq":1,"msg":{"n":1}}',
      '{"type":"orderbook_delta","sid":1,"seq":2,"msg":{"n":1}}',
      '{"type":"ok"}',
    ]);
  });
});

/** A loopback TCP connection: the server side's socket, and the client side's (paused until read). */
async function tcpPair(): Promise<{ server: Socket; client: Socket; close: () => void }> {
  const listener = createServer();
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
  const accepted = new Promise<Socket>((resolve) => listener.once('connection', resolve));
  const client = connect((listener.address() as AddressInfo).port, '127.0.0.1');
  client.pause();
  const server = await accepted;
  return {
    server,
    client,
    close: () => {
      client.destroy();
      server.destroy();
      listener.close();
    },
  };
}

/** Every text message a client socket receives until `count` have arrived. */
function readMessages(client: Socket, count: number): Promise<string[]> {
  const received: string[] = [];
  const receiver = new Receiver({ isServer: false });
  return new Promise((resolve) => {
    receiver.on('message', (data: Buffer) => {
      received.push(data.toString());
      if (received.length === count) resolve(received);
    });
    client.on('data', (chunk) => receiver.write(chunk));
    client.resume();
  });
}

describe('createFrameWriter on TCP sockets (one encoding buffer reused across writes and connections)', () => {
  it('keeps bytes the kernel has not taken yet intact while later batches are encoded', async () => {
    // The client reads nothing until the end: once the kernel's buffers fill, the socket keeps the rest of a write
    // (and the buffer it came in) until it drains, and queues the next writes while it says it has room (below its
    // 16 kB high-water mark). 20,000 distinct 1 kB messages (20 MB) exceed any loopback buffer.
    const { server, client, close } = await tcpPair();
    try {
      const writer = createFrameWriter(server);
      const texts = Array.from(
        { length: 20_000 },
        (_, i) => `${i}:${String.fromCharCode(97 + (i % 26)).repeat(1_000)}`,
      );
      for (const text of texts) {
        writer.send(text);
        writer.flush();
      }
      expect(server.writableLength).toBeGreaterThan(0);
      expect(await readMessages(client, texts.length)).toEqual(texts);
    } finally {
      close();
    }
  }, 60_000);

  it('delivers each connection its own sid and seq around a shared msg, in order, when another closes mid-batch', async () => {
    const a = await tcpPair();
    const b = await tcpPair();
    try {
      const writerA = createFrameWriter(a.server);
      const writerB = createFrameWriter(b.server);
      const expected: string[] = [];
      // 1,500 messages per connection: three full batches and a part, interleaved as an event burst reaches both.
      for (let seq = 1; seq <= 1_500; seq++) {
        const msg = new SharedText(`{"n":${seq}}}`);
        writerA.sendData('orderbook_delta', 2, seq, msg);
        writerB.sendData('orderbook_delta', 1, seq, msg);
        expected.push(`{"type":"orderbook_delta","sid":1,"seq":${seq},"msg":{"n":${seq}}}`);
        if (seq === 700) a.server.destroy();
      }
      writerB.send('{"type":"ok"}');
      writerA.flush();
      writerB.flush();
      expected.push('{"type":"ok"}');
      expect(await readMessages(b.client, expected.length)).toEqual(expected);
    } finally {
      a.close();
      b.close();
    }
  }, 60_000);
});
