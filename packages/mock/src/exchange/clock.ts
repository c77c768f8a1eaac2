import { ControlInputError } from '../shared/control-schema';
import { MAX_TIMESTAMP_MS } from './timestamps';

/**
 * The exchange clock: a base clock (real or fixed) plus the time `advance` has added, and the work waiting for it:
 * scheduled work (settlement timers, the activity generator's next step) and wake-ups (times when the exchange's own
 * rules have something to decide, such as an order's expiry or a market's close), earliest first.
 */
export class ExchangeClock {
  /** Whether the clock moves by itself (the real clock, or a function): due work then runs at `runDue()`. */
  readonly moves: boolean;
  private offset = 0;
  private timers: { readonly at: number; readonly run: () => void }[] = [];
  private wakeUps: number[] = [];
  private readonly base: () => number;
  private readonly earlier = new Set<() => void>();
  /** The latest time `now()` has read (what work run late must not be stamped before). */
  private shown = Number.NEGATIVE_INFINITY;
  /** While `runDue` runs work that fell due earlier, the time it runs at. */
  private runningAt: number | undefined;

  constructor(now?: number | (() => number)) {
    // Whole ms: every time the exchange shows is an integer (AsyncAPI `ts_ms`, `*_ts_ms`: `type: integer, format:
    // int64`), and a given clock (performance.now()-based, scaled) may carry a fraction.
    const start = typeof now === 'number' ? Math.floor(now) : undefined;
    this.moves = start === undefined;
    // Read Date.now at each call, not once: a test that fakes the clock after creating the mock is followed.
    this.base =
      typeof now === 'function' ? () => Math.floor(now()) : start !== undefined ? () => start : () => Date.now();
  }

  now(): number {
    if (this.runningAt !== undefined) return this.runningAt;
    const now = this.base() + this.offset;
    if (now > this.shown) this.shown = now;
    return now;
  }

  /** Back to the base clock; scheduled work and wake-ups dropped. */
  reset(): void {
    this.offset = 0;
    this.shown = Number.NEGATIVE_INFINITY;
    this.timers = [];
    this.wakeUps = [];
  }

  /**
   * Moves the clock forward by `ms`. It stops on the way at every wake-up and scheduled work, in order (those that
   * what runs adds included), so what happens there is stamped with that time: one long jump past a market's open
   * and close times opens and then closes it, as two shorter ones would. `tick` runs at each stop (before the work
   * due there) and at the end.
   */
  advance(ms: number, tick: () => void): void {
    // Markets close up to a year ahead of the clock; past that, their timestamps could no longer be shown.
    if (!Number.isSafeInteger(ms) || ms < 0 || this.now() + ms > MAX_TIMESTAMP_MS - 366 * 86_400_000)
      throw new ControlInputError(
        'advanceMs',
        `${ms} is not a whole number of ms that keeps the clock before year 9999`,
      );
    const target = this.now() + ms;
    for (let next = this.next(); next !== undefined && next <= target; next = this.next()) {
      this.offset += Math.max(0, next - this.now());
      const at = this.now();
      const wakeUp = this.wakeUps[0];
      if (wakeUp !== undefined && wakeUp <= at) {
        this.dropWakeUps(at);
        tick();
      } else {
        tick();
        this.timers.shift()?.run();
      }
    }
    this.offset += Math.max(0, target - this.now());
    tick();
    this.dropWakeUps(target);
  }

  /**
   * Runs `run` once the clock reaches `at` (ms): during `advance`, or at the next `runDue()`. A fraction of a ms is
   * rounded up: the clock reads the due time while the work runs, and it reads whole ms only.
   */
  schedule(due: number, run: () => void): void {
    const at = Math.ceil(due);
    let i = this.timers.length;
    while (i > 0 && (this.timers[i - 1] as { at: number }).at > at) i--;
    const next = this.next();
    this.timers.splice(i, 0, { at, run });
    if (next === undefined || at < next) for (const listener of this.earlier) listener();
  }

  /** Makes `at` (ms, rounded up to a whole ms) a due time: `tick` runs at the first `runDue()` on or after it. */
  wake(due: number): void {
    const at = Math.ceil(due);
    let i = this.wakeUps.length;
    while (i > 0 && (this.wakeUps[i - 1] as number) > at) i--;
    if (this.wakeUps[i - 1] === at) return;
    const next = this.next();
    this.wakeUps.splice(i, 0, at);
    if (next === undefined || at < next) for (const listener of this.earlier) listener();
  }

  /** The earliest due time (scheduled work or wake-up), if any. */
  next(): number | undefined {
    const timer = this.timers[0]?.at;
    const wakeUp = this.wakeUps[0];
    if (timer === undefined) return wakeUp;
    return wakeUp === undefined ? timer : Math.min(timer, wakeUp);
  }

  /** Calls `listener` whenever the earliest due time moves earlier (what a timer waiting for it must follow). */
  onEarlier(listener: () => void): () => void {
    this.earlier.add(listener);
    return () => this.earlier.delete(listener);
  }

  /**
   * On a clock that moves by itself, runs what is due by now, in order, each at its own time as `advance` would: the
   * clock reads the due time meanwhile (never earlier than a time it has already shown, so stamps stay in order);
   * `tick` runs at each wake-up, before the work due at the same time. Under a fixed clock, which moves only with
   * `advance`, nothing happens.
   */
  runDue(tick: () => void): void {
    if (!this.moves) return;
    const now = this.base() + this.offset;
    let at = this.shown;
    try {
      for (let next = this.next(); next !== undefined && next <= now; next = this.next()) {
        at = Math.max(at, next);
        this.runningAt = at;
        const wakeUp = this.wakeUps[0];
        if (wakeUp !== undefined && wakeUp <= at) {
          this.dropWakeUps(at);
          tick();
        } else this.timers.shift()?.run();
      }
    } finally {
      this.runningAt = undefined;
    }
  }

  /** Wake-ups up to `seen` have been seen by `tick` (which ran at `seen` or later). */
  private dropWakeUps(seen: number): void {
    let i = 0;
    while (i < this.wakeUps.length && (this.wakeUps[i] as number) <= seen) i++;
    this.wakeUps.splice(0, i);
  }
}
