// Commands sent on one connection and the replies they wait for: ids, one reply per channel or sid, Kalshi's error
// replies as KalshiStreamError, and a bound on the wait. Whatever is still waiting when the connection goes is rejected
// in one call.
import type { Connection } from './socket';
import { KalshiStreamError, streamErrorOf } from './stream-error';

type Reply = Record<string, unknown>;

interface Pending {
  readonly cmd: string;
  /** The command's `action`, if it has one (update_subscription's `add_markets`, …): named in its errors. */
  readonly action: unknown;
  /** Runs synchronously on each reply, before later messages (a snapshot right behind `subscribed`); may throw. */
  readonly onReply?: (reply: Reply) => void;
  readonly resolve: (replies: Reply[]) => void;
  readonly reject: (error: Error) => void;
  readonly replies: Reply[];
  readonly expected: number;
  timer?: ReturnType<typeof setTimeout>;
}

const REPLY_TYPES: ReadonlySet<unknown> = new Set(['error', 'subscribed', 'ok', 'unsubscribed']);
// `update_subscription` with `get_snapshot` is answered by the snapshots themselves, each carrying the command's id
// (AsyncAPI spec); they are data too, so they settle the command and are still delivered.
const DATA_REPLY_TYPES: ReadonlySet<unknown> = new Set(['orderbook_snapshot']);

export class Commands {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  /**
   * `timeoutMs`: how long a command waits for its (next) reply. A reply that never comes (the server answered with
   * an error frame without our id, or a reply type we do not know) would otherwise hold it forever on a healthy
   * connection. `expired` runs after the command has rejected, for the stream to decide about the connection.
   */
  constructor(
    private readonly timeoutMs: number,
    private readonly expired: (cmd: string) => void,
  ) {}

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
      const pending: Pending = { cmd, action: params.action, onReply, resolve, reject, replies: [], expected };
      this.pending.set(id, pending);
      this.arm(id, pending);
      connection.send(JSON.stringify({ id, cmd, params }));
    });
  }

  /** (Re)starts the wait for the command's next reply: a command with many replies is bounded between them. */
  private arm(id: number, pending: Pending): void {
    clearTimeout(pending.timer);
    pending.timer = setTimeout(() => {
      this.pending.delete(id);
      pending.reject(
        new KalshiStreamError(0, `${pending.cmd}: no reply from the server within ${this.timeoutMs} ms (id ${id})`),
      );
      this.expired(pending.cmd);
    }, this.timeoutMs);
  }

  private finish(id: number, pending: Pending): void {
    clearTimeout(pending.timer);
    this.pending.delete(id);
  }

  /**
   * Settles the command a reply belongs to; true if the message was only a reply (consumed), false if it is not a
   * reply to a waiting command or is a reply that is also data (a snapshot answering `get_snapshot`).
   *
   * An error frame without an id settles nothing, even with a single command waiting: Kalshi echoes the id (AsyncAPI
   * errorResponse; kalshi-api-notes §9.3 is silent on id-less errors), so one without it may be about anything (a
   * subscription's sid, the server's own trouble), and blaming it on the waiting command could reject a command the
   * server then applies, leaving a server subscription the client does not know. The stream logs it, and the
   * command's timeout ends the wait.
   */
  settle(message: Reply): boolean {
    const id = typeof message.id === 'number' ? message.id : undefined;
    const pending = id !== undefined ? this.pending.get(id) : undefined;
    const isData = DATA_REPLY_TYPES.has(message.type);
    if (id === undefined || !pending || !(isData || REPLY_TYPES.has(message.type))) return false;
    if (message.type === 'error') {
      const { cmd, action } = pending;
      this.finish(id, pending);
      pending.reject(streamErrorOf(message, cmd, typeof action === 'string' ? `${cmd} ${action}` : cmd));
      return true;
    }
    pending.replies.push(message);
    try {
      pending.onReply?.(message);
    } catch (error) {
      // A reply the stream refuses (a sid already in use): the command fails with that error.
      this.finish(id, pending);
      pending.reject(error as Error);
      return true;
    }
    // An `ok` ends a command whatever was expected (servers that still answer get_snapshot with `ok`).
    if (pending.replies.length >= pending.expected || message.type === 'ok') {
      this.finish(id, pending);
      pending.resolve(pending.replies);
    } else this.arm(id, pending);
    return !isData;
  }

  rejectAll(reason: Error): void {
    for (const pending of this.pending.values()) {
      clearTimeout(pending.timer);
      pending.reject(reason);
    }
    this.pending.clear();
  }
}
