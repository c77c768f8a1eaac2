import { describe, expect, it } from 'vitest';
import { ControlInputError } from '../../src';
import { ExchangeClock } from '../../src/exchange/clock';
import { MAX_TIMESTAMP_MS } from '../../src/exchange/timestamps';

// The exchange clock's due work (clock.ts): scheduled work (settlement timers, the activity generator's steps) and
// wake-ups (an order's expiry, a market's open and close) run in time order, each stamped with its own time. The
// expectations follow from those rules and from what the exchange shows: a time once shown is never followed by an
// earlier one (every stream frame and REST record is stamped from this clock).

const T0 = Date.UTC(2026, 11, 1, 15);

describe('advance', () => {
  it('runs work due exactly at its end; the tick runs before the work at each stop and once at the end', () => {
    const clock = new ExchangeClock(T0);
    const log: string[] = [];
    clock.schedule(T0 + 100, () => log.push(`work at +${clock.now() - T0}`));
    clock.advance(100, () => log.push(`tick at +${clock.now() - T0}`));
    expect(log).toEqual(['tick at +100', 'work at +100', 'tick at +100']);
    expect(clock.next()).toBeUndefined();
  });

  it('runs work due at one time in the order it was scheduled, after earlier work', () => {
    const clock = new ExchangeClock(T0);
    const log: string[] = [];
    clock.schedule(T0 + 10, () => log.push('first at +10'));
    clock.schedule(T0 + 10, () => log.push('second at +10'));
    clock.schedule(T0 + 5, () => log.push('at +5'));
    clock.advance(10, () => {});
    expect(log).toEqual(['at +5', 'first at +10', 'second at +10']);
  });

  // Markets close up to a year ahead of the clock (clock.ts): a clock within a year of the last instant a timestamp
  // can show (9999-12-31T23:59:59.999Z) would list close times no response could carry.
  it('refuses to move within a year of the last showable instant, naming advanceMs', () => {
    const limit = MAX_TIMESTAMP_MS - 366 * 86_400_000;
    const clock = new ExchangeClock(limit - 10);
    expect(() => clock.advance(11, () => {})).toThrow(ControlInputError);
    expect(() => clock.advance(11, () => {})).toThrow(/advanceMs/);
    expect(clock.now()).toBe(limit - 10);
    clock.advance(10, () => {});
    expect(clock.now()).toBe(limit);
  });
});

describe('the earliest due time', () => {
  it('is the earlier of the first work and the first wake-up', () => {
    const clock = new ExchangeClock(T0);
    clock.schedule(T0 + 100, () => {});
    clock.wake(T0 + 50);
    expect(clock.next()).toBe(T0 + 50);
    clock.advance(50, () => {});
    expect(clock.next()).toBe(T0 + 100);
  });

  it('onEarlier listeners hear when it moves earlier, by work or wake-up, and not once unsubscribed', () => {
    const clock = new ExchangeClock(T0);
    let heard = 0;
    const off = clock.onEarlier(() => heard++);
    clock.schedule(T0 + 100, () => {}); // the first due time
    clock.schedule(T0 + 200, () => {}); // later: not earlier
    clock.wake(T0 + 300); // later: not earlier
    expect(heard).toBe(1);
    clock.wake(T0 + 50);
    expect(heard).toBe(2);
    clock.schedule(T0 + 20, () => {});
    expect(heard).toBe(3);
    off();
    clock.schedule(T0 + 10, () => {});
    expect(heard).toBe(3);
  });
});

describe('a clock that moves by itself', () => {
  // runDue: work that fell due while nothing ran is stamped no earlier than a time the clock has already shown.
  it('runs work that fell due before a time it has shown at that time, so stamps never go back', () => {
    let t = T0;
    const clock = new ExchangeClock(() => t);
    const seen: number[] = [];
    clock.schedule(T0 + 10, () => seen.push(clock.now()));
    clock.schedule(T0 + 20, () => seen.push(clock.now()));
    t = T0 + 50;
    expect(clock.now()).toBe(T0 + 50); // a request read the clock before the due work ran
    clock.runDue(() => {});
    expect(seen).toEqual([T0 + 50, T0 + 50]);
    expect(clock.next()).toBeUndefined();
  });
});

// AsyncAPI `ts_ms` and the `*_ts_ms` fields are `type: integer`: a start given with a fraction reads in whole ms.
describe('a fixed clock', () => {
  it('started at a fraction of a ms reads whole ms, and moves only with advance', () => {
    const clock = new ExchangeClock(T0 + 0.75);
    expect(clock.now()).toBe(T0);
    clock.advance(5, () => {});
    expect(clock.now()).toBe(T0 + 5);
  });
});

describe('reset', () => {
  it('returns to the base clock and drops due work and wake-ups', () => {
    const clock = new ExchangeClock(T0);
    let ran = false;
    clock.advance(1_000, () => {});
    clock.schedule(T0 + 2_000, () => {
      ran = true;
    });
    clock.wake(T0 + 3_000);
    clock.reset();
    expect(clock.now()).toBe(T0);
    expect(clock.next()).toBeUndefined();
    clock.advance(5_000, () => {});
    expect(ran).toBe(false);
  });
});
