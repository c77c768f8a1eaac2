// Server → client WebSocket text frames (RFC 6455 §5.2: FIN + opcode 1, unmasked), batched: every message sent in
// one turn of the event loop goes out in a single socket write. Writing each message through `ws.send` costs a
// write (and a writev of header and payload) per message, which dominated the feed's profile.
import type { Duplex } from 'node:stream';
import type { SharedText } from './shared-deltas';

/** Messages per write at most. */
const BATCH = 512;

export interface FrameWriter {
  send(text: string): void;
  /** A message whose text is `head` (ASCII) then `tail`'s text, the tail shared by the connections an event reaches. */
  sendShared(head: string, tail: SharedText): void;
  /** Writes what is pending now (before the connection closes, say). */
  flush(): void;
}

/**
 * Frames written straight to the upgraded socket, beside the `ws` library's own frames (pings, close): each write
 * holds whole frames, so the two never interleave inside a frame. The server never compresses (no
 * permessage-deflate), so plain text frames are what `ws` would send.
 */
export function createFrameWriter(socket: Duplex): FrameWriter {
  let heads: string[] = [];
  let tails: (SharedText | undefined)[] = [];
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    if (heads.length === 0) return;
    const pending = heads;
    const shared = tails;
    heads = [];
    tails = [];
    if (socket.destroyed || !socket.writable) return;
    socket.write(encodeTextFrames(pending, shared));
  };
  const queued = () => {
    // A long synchronous burst goes out in slices, so the client can start reading before it ends.
    if (heads.length >= BATCH) flush();
    else if (!scheduled) {
      scheduled = true;
      process.nextTick(flush);
    }
  };
  return {
    send(text) {
      heads.push(text);
      tails.push(undefined);
      queued();
    },
    sendShared(head, tail) {
      heads.push(head);
      tails.push(tail);
      queued();
    },
    flush,
  };
}

/**
 * Text frames, back to back in one buffer: frame i holds `heads[i]` followed by `tails[i]`'s text (if any; then the
 * head is ASCII). ASCII text is copied as Latin-1, its bytes as they are, without a UTF-8 pass.
 */
export function encodeTextFrames(heads: readonly string[], tails?: readonly (SharedText | undefined)[]): Buffer {
  let size = 0;
  const lengths = new Array<number>(heads.length);
  for (let i = 0; i < heads.length; i++) {
    const head = heads[i] as string;
    const tail = tails?.[i];
    const length = tail
      ? head.length + (tail.ascii ? tail.text.length : Buffer.byteLength(tail.text))
      : Buffer.byteLength(head);
    lengths[i] = length;
    size += length + (length < 126 ? 2 : length < 65_536 ? 4 : 10);
  }
  const out = Buffer.allocUnsafe(size);
  let at = 0;
  for (let i = 0; i < heads.length; i++) {
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
    const tail = tails?.[i];
    if (!tail) at += out.write(heads[i] as string, at);
    else {
      at += out.write(heads[i] as string, at, 'latin1');
      at += out.write(tail.text, at, tail.ascii ? 'latin1' : 'utf8');
    }
  }
  return out;
}
