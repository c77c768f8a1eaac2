// The size cap on a client's WebSocket message. The notes (§9.1: "All frames are JSON text") and the AsyncAPI spec
// are silent on a limit and on Kalshi's answer to a message above one: the mock takes its REST body cap
// (MAX_BODY_BYTES, 1 MiB; a command is a few hundred bytes) and closes the connection as RFC 6455 §7.4.1 has it.
import { MAX_BODY_BYTES } from '../http/request';

/** RFC 6455 §7.4.1: "a message that is too big for it to process". */
export const MESSAGE_TOO_BIG = 1009;

/** Bytes a client's message may have (its payload; fragments of one message add up). */
export const MAX_MESSAGE_BYTES = MAX_BODY_BYTES;

/**
 * Whether a message msw hands over (text, or binary data) is above MAX_MESSAGE_BYTES: counted in UTF-8 bytes, as on
 * the wire, and only as far as the cap, without copying it.
 */
export function tooBig(data: unknown): boolean {
  if (typeof data !== 'string') {
    const size =
      (data as { size?: number; byteLength?: number } | null)?.size ?? (data as { byteLength?: number })?.byteLength;
    return (size ?? 0) > MAX_MESSAGE_BYTES;
  }
  // A UTF-16 unit is 1 to 3 UTF-8 bytes (a surrogate pair 4 for 2): decided by the length alone but near the cap.
  if (data.length > MAX_MESSAGE_BYTES) return true;
  if (data.length * 3 <= MAX_MESSAGE_BYTES) return false;
  let bytes = 0;
  for (let i = 0; i < data.length && bytes <= MAX_MESSAGE_BYTES; i++) {
    const unit = data.charCodeAt(i);
    const pair = unit >= 0xd800 && unit < 0xdc00 && i + 1 < data.length;
    bytes += unit < 0x80 ? 1 : unit < 0x800 ? 2 : pair ? 4 : 3;
    if (pair) i++;
  }
  return bytes > MAX_MESSAGE_BYTES;
}
