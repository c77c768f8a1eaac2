// The stream's own notice in a subscription's iterator: messages may be missing before this point. Kalshi does not
// replay (kalshi-api-notes §9.7), so a consumer of channels without snapshots (fills, orders, positions, trades)
// reconciles over REST when it reads one; an order book is repaired by the fresh snapshots that follow.
import type { ServerMessage } from '../generated/asyncapi';

/** Why messages may be missing. */
export type StreamGapReason =
  /**
   * The connection dropped (yielded as it drops, during the reconnect backoff, once per drop); the subscription is
   * restored on a new one (new sids, fresh snapshots).
   */
  | 'reconnect'
  /**
   * The server ended the subscription (terminal error 10 "Channel error" or 25 "Subscription buffer overflow"), or
   * the order book's sequence broke where no snapshot can repair it (no market list, or a repair did not mend it):
   * it was subscribed again.
   */
  | 'resubscribe'
  /**
   * A sid's `seq` jumped on a channel without snapshots (trades, lifecycle, order groups, communications): Kalshi
   * sent messages that never arrived. The message that showed the jump follows this notice: nothing there can be
   * stale, so it is delivered.
   */
  | 'sequence'
  /** The consumer fell `queueSize` messages behind: `dropped` of them were discarded, oldest first. */
  | 'overflow';

/** Not a Kalshi message: this client's notice that messages may be missing before it (never sent by the server). */
export interface StreamGap {
  /** Marks the gap notice apart from Kalshi's messages (whose `type` is never `gap`). */
  readonly type: 'gap';
  /** Why messages may be missing. */
  readonly reason: StreamGapReason;
  /** Messages this client discarded (`overflow`); 0 when what was lost never reached it. */
  readonly dropped: number;
}

/** What a subscription's iterator yields: Kalshi's messages, and the stream's gap notices. */
export type StreamMessage = ServerMessage | StreamGap;

export function gap(reason: StreamGapReason): { type: 'gap'; reason: StreamGapReason; dropped: number } {
  return { type: 'gap', reason, dropped: 0 };
}

export const isGap = (message: StreamMessage | undefined): message is StreamGap => message?.type === 'gap';
