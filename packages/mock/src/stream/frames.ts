// Server → client WebSocket text frames (RFC 6455 §5.2: FIN + opcode 1, unmasked), batched: every message sent in
// one turn of the event loop goes out in a single socket write. Writing each message through `ws.send` costs a
// write (and a writev of header and payload) per message, which dominated the feed's profile.
import type { Duplex } from 'node:stream';

/** Messages per write at most. */
const BATCH = 512;

export interface FrameWriter {
  send(text: string): void;
  /** Writes what is pending now (before the connection closes, say). */
  flush(): void;
}

/**
 * Frames written straight to the upgraded socket, beside the `ws` library's own frames (pings, close): each write
 * holds whole frames, so the two never interleave inside a frame. The server never compresses (no
 * permessage-deflate), so plain text frames are what `ws` would send.
 */
export function createFrameWriter(socket: Duplex): FrameWriter {
  let pending: string[] = [];
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    if (pending.length === 0) return;
    const texts = pending;
    pending = [];
    if (socket.destroyed || !socket.writable) return;
    socket.write(encodeTextFrames(texts));
  };
  return {
    send(text) {
      // A long synchronous burst goes out in slices, so the client can start reading before it ends.
      if (pending.push(text) >= BATCH) flush();
      else if (!scheduled) {
        scheduled = true;
        process.nextTick(flush);
      }
    },
    flush,
  };
}

/** Text frames for each string, back to back in one buffer. */
export function encodeTextFrames(texts: readonly string[]): Buffer {
  let size = 0;
  const lengths = new Array<number>(texts.length);
  for (let i = 0; i < texts.length; i++) {
    const length = Buffer.byteLength(texts[i] as string);
    lengths[i] = length;
    size += length + (length < 126 ? 2 : length < 65_536 ? 4 : 10);
  }
  const out = Buffer.allocUnsafe(size);
  let at = 0;
  for (let i = 0; i < texts.length; i++) {
    const length = lengths[i] as number;
    out[at++] = 0x81;
    if (length < 126) out[at++] = length;
    else if (length < 65_536) {
      out[at++] = 126;
      out.writeUInt16BE(length, at);
      at += 2;
    } else {
      out[at++] = 127;
      out.writeBigUInt64BE(BigInt(length), at);
      at += 8;
    }
    at += out.write(texts[i] as string, at);
  }
  return out;
}
