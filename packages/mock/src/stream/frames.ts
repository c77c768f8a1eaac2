// Server → client WebSocket text frames (RFC 6455 §5.2: FIN + opcode 1, unmasked), batched: every message sent in
// one turn of the event loop goes out in a single socket write. Writing each message through `ws.send` costs a
// write (and a writev of header and payload) per message, which dominated the feed's profile.
import { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { SharedText } from './shared-deltas';

/** Messages per write at most. */
const BATCH = 512;

export interface FrameWriter {
  send(text: string): void;
  /**
   * A sequenced data message around a msg shared by the connections an event reaches: its text is
   * `dataHead(type, sid, seq)` then `msg.text`. The msg is encoded once; each frame copies its bytes.
   */
  sendData(type: string, sid: number, seq: number, msg: SharedText): void;
  /** Writes what is pending now. */
  flush(): void;
  /**
   * The connection's Close frame is about to be written: writes what is pending, backed up or not (the session sent it
   * first), and nothing sent from now on (RFC 6455 §5.5.1: no data frame after a Close frame).
   */
  close(): void;
  /** Messages not yet handed to the socket: they pile up while a client that stopped reading keeps it backed up. */
  backlog(): number;
}

/** Messages waiting for a write: text, or (where `texts[i]` is undefined) a data message's parts. */
interface Pending {
  texts: (string | undefined)[];
  types: string[];
  sids: number[];
  seqs: number[];
  msgs: (SharedText | undefined)[];
}
const empty = (): Pending => ({ texts: [], types: [], sids: [], seqs: [], msgs: [] });

/**
 * Frames written straight to the upgraded socket, beside the `ws` library's own frames (pings, close): each write
 * holds whole frames, so the two never interleave inside a frame. The server never compresses (no
 * permessage-deflate), so plain text frames are what `ws` would send.
 *
 * While the socket is backed up (a write returned false), messages wait as parts until it drains: a msg shared by
 * many connections stays one string instead of a copy in every connection's buffered bytes.
 */
export function createFrameWriter(socket: Duplex): FrameWriter {
  // Only a TCP socket is known to let go of a chunk once it is no longer queued (a Transform, say, keeps it).
  const reusable = socket instanceof Socket;
  /** Messages not yet written, in batches of at most BATCH. */
  const batches: Pending[] = [empty()];
  let scheduled = false;
  let draining = false;
  let closed = false;
  /** Pooled buffers the socket may still be writing from (bytes of them were queued when written). */
  const held: Buffer[] = [];
  /** Once nothing is queued, the socket holds no buffer of ours: the held ones go back to the pool. */
  const release = () => {
    if (held.length > 0 && socket.writableLength === 0) for (const buffer of held.splice(0)) giveBack(buffer);
  };
  /** Writes the pending batches (all, or the full ones) until the socket asks to wait. */
  const write = (all: boolean) => {
    while (!draining && (all ? (batches[0] as Pending).texts.length > 0 : batches.length > 1)) {
      const batch = batches.length > 1 ? (batches.shift() as Pending) : (batches.splice(0, 1, empty())[0] as Pending);
      if (socket.destroyed || !socket.writable) continue;
      release();
      const { frames, pooled } = encodeFrames(batch, reusable);
      const ok = socket.write(frames);
      if (pooled) {
        held.push(pooled);
        release();
      }
      if (!ok) {
        draining = true;
        socket.once('drain', () => {
          draining = false;
          release();
          write(true);
        });
      }
    }
  };
  const flush = () => {
    scheduled = false;
    write(true);
  };
  const last = (): Pending => {
    let batch = batches[batches.length - 1] as Pending;
    if (batch.texts.length >= BATCH) {
      batch = empty();
      batches.push(batch);
    }
    return batch;
  };
  const close = () => {
    if (closed) return;
    closed = true;
    // Each batch encoded on its own (no pooled buffer: the socket may hold these bytes until it ends).
    for (const batch of batches.splice(0, batches.length, empty()))
      if (batch.texts.length > 0 && !socket.destroyed && socket.writable) socket.write(encodeFrames(batch).frames);
  };
  const queued = () => {
    // A long synchronous burst goes out in slices, so the client can start reading before it ends.
    if (batches.length > 1) write(false);
    if (!scheduled) {
      scheduled = true;
      process.nextTick(flush);
    }
  };
  return {
    send(text) {
      if (closed) return;
      const p = last();
      p.texts.push(text);
      p.types.push('');
      p.sids.push(0);
      p.seqs.push(0);
      p.msgs.push(undefined);
      queued();
    },
    sendData(type, sid, seq, msg) {
      if (closed) return;
      const p = last();
      p.texts.push(undefined);
      p.types.push(type);
      p.sids.push(sid);
      p.seqs.push(seq);
      p.msgs.push(msg);
      queued();
    },
    flush,
    close,
    backlog: () => (batches.length - 1) * BATCH + (batches[batches.length - 1] as Pending).texts.length,
  };
}

/** Text frames for each string, back to back in one buffer. */
export function encodeTextFrames(texts: readonly string[]): Buffer {
  const p = empty();
  for (const text of texts) {
    p.texts.push(text);
    p.types.push('');
    p.sids.push(0);
    p.seqs.push(0);
    p.msgs.push(undefined);
  }
  return encodeFrames(p).frames;
}

/** Data messages' fixed parts as bytes: `{"type":"<type>","sid":` per type, then `,"seq":` and `,"msg":`. */
const typePrefixes = new Map<string, Buffer>();
const SEQ = Buffer.from(',"seq":');
const MSG = Buffer.from(',"msg":');

function typePrefix(type: string): Buffer {
  let prefix = typePrefixes.get(type);
  if (!prefix) {
    prefix = Buffer.from(`{"type":"${type}","sid":`);
    typePrefixes.set(type, prefix);
  }
  return prefix;
}

function digits(n: number): number {
  if (n < 10) return 1;
  if (n < 100) return 2;
  if (n < 1_000) return 3;
  if (n < 10_000) return 4;
  if (n < 100_000) return 5;
  if (n < 1_000_000) return 6;
  let count = 7;
  for (n = Math.floor(n / 10_000_000); n > 0; n = Math.floor(n / 10)) count++;
  return count;
}

/** Copies a few bytes at `at` (a loop: `set` costs more than the copy for a handful of bytes); the position after. */
function copySmall(out: Buffer, at: number, bytes: Buffer): number {
  for (let i = 0; i < bytes.length; i++) out[at + i] = bytes[i] as number;
  return at + bytes.length;
}

/** Writes a non-negative integer's decimal digits at `at`; returns the position after them. */
function writeInt(out: Buffer, at: number, n: number, count: number): number {
  let i = at + count;
  do {
    out[--i] = 0x30 + (n % 10);
    n = Math.floor(n / 10);
  } while (n > 0);
  return at + count;
}

/**
 * Buffers the frames are encoded into, shared by every connection and reused: a fresh buffer per write cost more
 * (its pages touched for the first time, then collected) than copying the frames into it. A buffer comes back once
 * the socket it was written to has nothing queued (the kernel took every byte).
 */
const pool: Buffer[] = [];
/** Pooled buffers' size; larger batches get a buffer of their own. */
const POOLED_SIZE = 1 << 18;
/** Buffers kept at most (a backed-up connection holds one until it drains). */
const POOL_MAX = 16;

function giveBack(buffer: Buffer): void {
  if (pool.length < POOL_MAX) pool.push(buffer);
}

/** The frames of a batch, back to back in one buffer (`pooled`: the pool's buffer they were encoded into). */
function encodeFrames(p: Pending, reuse = false): { frames: Buffer; pooled: Buffer | undefined } {
  const { texts, types, sids, seqs, msgs } = p;
  const count = texts.length;
  const lengths = new Array<number>(count);
  let size = 0;
  for (let i = 0; i < count; i++) {
    const text = texts[i];
    let length: number;
    if (text !== undefined) length = Buffer.byteLength(text);
    else {
      const msg = msgs[i] as SharedText;
      // Encoded once for every connection from its second use on; ASCII text used once is copied straight in.
      if (msg.bytes === undefined && (!msg.ascii || msg.uses > 0))
        msg.bytes = Buffer.from(msg.text, msg.ascii ? 'latin1' : 'utf8');
      msg.uses++;
      length =
        typePrefix(types[i] as string).length +
        digits(sids[i] as number) +
        SEQ.length +
        digits(seqs[i] as number) +
        MSG.length +
        (msg.bytes?.length ?? msg.text.length);
    }
    lengths[i] = length;
    size += length + (length < 126 ? 2 : length < 65_536 ? 4 : 10);
  }
  let out: Buffer;
  let pooled: Buffer | undefined;
  if (!reuse || size > POOLED_SIZE) out = Buffer.allocUnsafe(size);
  else {
    pooled = pool.pop() ?? Buffer.allocUnsafe(POOLED_SIZE);
    out = pooled.subarray(0, size);
  }
  let at = 0;
  for (let i = 0; i < count; i++) {
    const length = lengths[i] as number;
    out[at++] = 0x81;
    if (length < 126) out[at++] = length;
    else if (length < 65_536) {
      out[at++] = 126;
      out[at++] = length >> 8;
      out[at++] = length & 0xff;
    } else {
      out[at++] = 127;
      out.writeBigUInt64BE(BigInt(length), at);
      at += 8;
    }
    const text = texts[i];
    if (text !== undefined) {
      at += out.write(text, at);
      continue;
    }
    at = copySmall(out, at, typePrefix(types[i] as string));
    const sid = sids[i] as number;
    at = writeInt(out, at, sid, digits(sid));
    at = copySmall(out, at, SEQ);
    const seq = seqs[i] as number;
    at = writeInt(out, at, seq, digits(seq));
    at = copySmall(out, at, MSG);
    const msg = msgs[i] as SharedText;
    if (msg.bytes === undefined) at += out.write(msg.text, at, msg.text.length, 'latin1');
    else {
      out.set(msg.bytes, at);
      at += msg.bytes.length;
    }
  }
  return { frames: out, pooled };
}
