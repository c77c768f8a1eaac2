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
// `update_subscription` with `get_snapshot` is answered by the snapshots themselves, each carrying the command's id
// (AsyncAPI spec); they are data too, so they settle the command and are still delivered.
const DATA_REPLY_TYPES: ReadonlySet<unknown> = new Set(['orderbook_snapshot']);

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

  /**
   * Settles the command a reply belongs to; true if the message was only a reply (consumed), false if it is not a
   * reply to a waiting command or is a reply that is also data (a snapshot answering `get_snapshot`).
   */
  settle(message: Reply): boolean {
    const id = typeof message.id === 'number' ? message.id : undefined;
    const pending = id !== undefined ? this.pending.get(id) : undefined;
    const isData = DATA_REPLY_TYPES.has(message.type);
    if (id === undefined || !pending || !(isData || REPLY_TYPES.has(message.type))) return false;
    if (message.type === 'error') {
      const msg = (message.msg ?? {}) as { code?: number; msg?: string };
      this.pending.delete(id);
      pending.reject(new KalshiStreamError(msg.code ?? 0, msg.msg ?? 'error'));
      return true;
    }
    pending.replies.push(message);
    pending.onReply?.(message);
    // An `ok` ends a command whatever was expected (servers that still answer get_snapshot with `ok`).
    if (pending.replies.length >= pending.expected || message.type === 'ok') {
      this.pending.delete(id);
      pending.resolve(pending.replies);
    }
    return !isData;
  }

  rejectAll(reason: Error): void {
    for (const pending of this.pending.values()) pending.reject(reason);
    this.pending.clear();
  }
}
