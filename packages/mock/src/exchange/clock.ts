import { MAX_TIMESTAMP_MS } from './timestamps';

/**
 * The exchange clock: a base clock (real or fixed) plus the time `advance` has added, and the work waiting for it
 * (the activity generator's next step), earliest first.
 */
export class ExchangeClock {
  private offset = 0;
  private timers: { readonly at: number; readonly run: () => void }[] = [];
  private readonly base: () => number;

  constructor(now?: number | (() => number)) {
    const start = typeof now === 'number' ? now : undefined;
    this.base = typeof now === 'function' ? now : start !== undefined ? () => start : Date.now;
  }

  now(): number {
    return this.base() + this.offset;
  }

  /** Back to the base clock; scheduled work dropped. */
  reset(): void {
    this.offset = 0;
    this.timers = [];
  }

  /**
   * Moves the clock forward by `ms`. Scheduled work runs at its own time on the way, in order, so what it does is
   * stamped with that time; `tick` runs at each stop (before the work due there) and at the end.
   */
  advance(ms: number, tick: () => void): void {
    // Markets close up to a year ahead of the clock; past that, their timestamps could no longer be shown.
    if (!Number.isSafeInteger(ms) || ms < 0 || this.now() + ms > MAX_TIMESTAMP_MS - 366 * 86_400_000)
      throw new RangeError(`advanceMs: ${ms} is not a whole number of ms that keeps the clock before year 9999`);
    const target = this.now() + ms;
    for (let next = this.timers[0]; next && next.at <= target; next = this.timers[0]) {
      this.offset += Math.max(0, next.at - this.now());
      tick();
      this.timers.shift();
      next.run();
    }
    this.offset += Math.max(0, target - this.now());
    tick();
  }

  /** Runs `run` once the clock reaches `at` (ms): during `advance`, or at the next `runDue()`. */
  schedule(at: number, run: () => void): void {
    let i = this.timers.length;
    while (i > 0 && (this.timers[i - 1] as { at: number }).at > at) i--;
    this.timers.splice(i, 0, { at, run });
  }

  /** Runs the scheduled work that is due by now (for a clock that moves by itself). */
  runDue(): void {
    const now = this.now();
    for (let next = this.timers[0]; next && next.at <= now; next = this.timers[0]) {
      this.timers.shift();
      next.run();
    }
  }
}
