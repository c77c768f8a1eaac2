// Kalshi's `seq` is a counter per sid: every message on a sid is the previous one + 1 (kalshi-api-notes §9.7). A seq at
// or below the last one is a duplicate; a jump means messages were missed (a gap).

export type SeqVerdict = 'next' | 'duplicate' | 'gap';

export class Sequencer {
  private readonly last = new Map<number, number>();

  /**
   * Judges a message's `seq` on `sid` and, when it is the next one (or the first seen), records it. With
   * `fromOne`, the sid's first message must be seq 1 (the snapshot after subscribing, kalshi-api-notes §9.7): a first
   * seq above 1 means the start was missed: a gap.
   */
  check(sid: number, seq: unknown, fromOne = false): SeqVerdict {
    if (typeof seq !== 'number') return 'next'; // an unsequenced channel
    // NaN: no place to count from (the sid's first seq on a channel not counted from 1, or see resume()).
    const last = this.last.get(sid) ?? (fromOne ? 0 : Number.NaN);
    if (seq <= last) return 'duplicate';
    if (seq !== last + 1 && !Number.isNaN(last)) return 'gap';
    this.last.set(sid, seq);
    return 'next';
  }

  /**
   * Continues `sid`'s sequence from `seq` (after a gap whose repair keeps the sid); from the next seq, whatever it is,
   * when `seq` is not an integer (a message without a usable one: its place is unknown, and the repair re-snapshots).
   */
  resume(sid: number, seq: unknown): void {
    this.last.set(sid, Number.isInteger(seq) ? (seq as number) : Number.NaN);
  }

  /** True when `seq` is the last one recorded on `sid` (see LiveSubscription.answersRepair()). */
  isLast(sid: number, seq: unknown): boolean {
    return this.last.get(sid) === seq;
  }

  clear(): void {
    this.last.clear();
  }
}
