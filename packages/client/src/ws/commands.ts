// Commands sent on one connection and the replies they wait for: ids, one reply per channel or sid, Kalshi's error
// replies as KalshiStreamError. Whatever is still waiting when the connection goes is rejected in one call.
import type { Connection } from './socket';
import { KalshiStreamError } from './stream-error';

type Reply = Record<string, unknown>;

interface Pending {
  /** Runs synchronously on each reply, before later messages (a snapshot right behind `subscribed`). */
  readonly onReply?: (reply: Reply) => void;
  readonly resolve: (replies: Reply[]) => void;
  readonly reject: (error: Error) => void;
  readonly replies: Reply[];
  readonly expected: number;
}

const REPLY_TYPES: ReadonlySet<unknown> = new Set(['error', 'subscribed', 'ok', 'unsubscribed']);

export class Commands {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  /** Sends `cmd` and resolves with its `expected` replies (e.g. one `subscribed` per channel). */
  send(
    connection: Connection,
    cmd: string,
    params: Record<string, unknown>,
    expected = 1,
    onReply?: (reply: Reply) => void,
  ): Promise<Reply[]> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { onReply, resolve, reject, replies: [], expected });
      connection.send(JSON.stringify({ id, cmd, params }));
    });
  }

  /** Settles the command a reply belongs to; false if the message is not a reply to a waiting command. */
  settle(message: Reply): boolean {
    const id = typeof message.id === 'number' ? message.id : undefined;
    const pending = id !== undefined ? this.pending.get(id) : undefined;
    if (id === undefined || !pending || !REPLY_TYPES.has(message.type)) return false;
    if (message.type === 'error') {
      const msg = (message.msg ?? {}) as { code?: number; msg?: string };
      this.pending.delete(id);
      pending.reject(new KalshiStreamError(msg.code ?? 0, msg.msg ?? 'error'));
      return true;
    }
    pending.replies.push(message);
    pending.onReply?.(message);
    if (pending.replies.length >= pending.expected) {
      this.pending.delete(id);
      pending.resolve(pending.replies);
    }
    return true;
  }

  rejectAll(reason: Error): void {
    for (const pending of this.pending.values()) pending.reject(reason);
    this.pending.clear();
  }
}
