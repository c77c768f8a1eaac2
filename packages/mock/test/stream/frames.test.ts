import { EventEmitter } from 'node:events';
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
    full = false;
    socket.emit('drain');
    expect(writes).toHaveLength(2);
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
