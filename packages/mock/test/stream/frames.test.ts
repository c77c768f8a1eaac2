import type { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import * as ws from 'ws';
import { encodeTextFrames } from '../../src/stream/frames';

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
