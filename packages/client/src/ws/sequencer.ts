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
    const last = this.last.get(sid) ?? (fromOne ? 0 : undefined);
    if (last !== undefined && seq <= last) return 'duplicate';
    if (last !== undefined && seq !== last + 1) return 'gap';
    this.last.set(sid, seq);
    return 'next';
  }

  /** Continues `sid`'s sequence from `seq` (after a gap whose repair keeps the sid). */
  resume(sid: number, seq: number): void {
    this.last.set(sid, seq);
  }

  clear(): void {
    this.last.clear();
  }
}
