import type { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import * as ws from 'ws';
import { encodeTextFrames } from '../../src/stream/frames';
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

  it('writes a shared tail after each head, ASCII or not, its length counted in bytes', () => {
    // Two connections sending one shared msg (sid and seq differ), then a tail with non-ASCII text and a long one.
    const ascii = new SharedText('{"side":"yes"}}');
    const accented = new SharedText('{"client_order_id":"café-ü"}}');
    const long = new SharedText(`{"x":"${'é'.repeat(40_000)}"}}`);
    const heads = [
      '{"sid":1,"seq":7,"msg":',
      '{"sid":2,"seq":3,"msg":',
      '{"sid":1,"seq":8,"msg":',
      '{"a":"ñ"}',
      '{"m":',
    ];
    const tails = [ascii, ascii, accented, undefined, long];
    const received: string[] = [];
    const receiver = new Receiver({ isServer: false });
    receiver.on('message', (data: Buffer) => received.push(data.toString()));
    receiver.write(encodeTextFrames(heads, tails));
    expect(received).toEqual([
      '{"sid":1,"seq":7,"msg":{"side":"yes"}}',
      '{"sid":2,"seq":3,"msg":{"side":"yes"}}',
      '{"sid":1,"seq":8,"msg":{"client_order_id":"café-ü"}}',
      '{"a":"ñ"}',
      `{"m":{"x":"${'é'.repeat(40_000)}"}}`,
    ]);
  });
});
