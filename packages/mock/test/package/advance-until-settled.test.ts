import { afterEach, expect, it, vi } from 'vitest';
import { ControlInputError } from '../../src';
import { type AdvanceUntilSettledOptions, advanceUntilSettled } from '../../src/vitest';

// Round 21's trial (D2): under vi.useFakeTimers(), a placeOrder whose create answer was lost (`commit-then-drop`)
// hung after one `vi.advanceTimersByTimeAsync(10_000)`: Node's fetch delivered the network error a macrotask after the
// advance looked for due timers, so the client set its retry timer once the advance had returned. `lateCall` is that
// shape without a network: ten real macrotask turns (Node's own 0 ms timers, captured before timers are faked: they
// run in order of scheduling, so the advance's own turn comes between the first and second), then a fake 250 ms timer.
const realTurn = (next: () => void) => realSetTimeout(next, 0);
const realSetTimeout = setTimeout;

function lateCall<T>(outcome: () => T, turns = 10): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const step = (left: number): unknown =>
      left === 0
        ? setTimeout(() => {
            try {
              resolve(outcome());
            } catch (error) {
              reject(error);
            }
          }, 250)
        : realTurn(() => step(left - 1));
    step(turns);
  });
}

afterEach(() => {
  vi.useRealTimers();
});

it('one advance leaves a call that sets its timer late pending; advanceUntilSettled settles it', async () => {
  vi.useFakeTimers();
  let settled = false;
  const first = lateCall(() => 'first').finally(() => {
    settled = true;
  });
  await vi.advanceTimersByTimeAsync(10_000);
  expect(settled).toBe(false); // the trap the helper is for
  expect(await advanceUntilSettled(first)).toBe('first');

  expect(await advanceUntilSettled(lateCall(() => 'second'))).toBe('second');
});

it("rethrows the call's error, never as an unhandled rejection", async () => {
  vi.useFakeTimers();
  const failing = lateCall(() => {
    throw new Error('lost');
  });
  await expect(advanceUntilSettled(failing)).rejects.toThrow('lost');
});

it('throws once maxMs of fake time pass with the call still pending', async () => {
  vi.useFakeTimers();
  const start = Date.now();
  const never = new Promise<never>(() => {});
  await expect(advanceUntilSettled(never, { stepMs: 100, maxMs: 1_000 })).rejects.toThrow(
    'advanceUntilSettled: the call is still pending after 1000 ms of fake time',
  );
  // The fake clock moved by maxMs, no further.
  expect(Date.now() - start).toBe(1_000);
});

it('without fake timers, awaits the call as it is', async () => {
  expect(await advanceUntilSettled(Promise.resolve(7))).toBe(7);
});

it('refuses a step of 0 or Infinity before touching the clock, leaving no rejection of the call unhandled', async () => {
  vi.useFakeTimers();
  const start = Date.now();
  await expect(advanceUntilSettled(Promise.resolve(1), { stepMs: 0 })).rejects.toThrow(RangeError);
  await expect(
    advanceUntilSettled(Promise.reject(new Error('lost')), {
      stepMs: Number.POSITIVE_INFINITY,
      maxMs: Number.POSITIVE_INFINITY,
    }),
  ).rejects.toThrow(RangeError);
  expect(Date.now()).toBe(start);
});

// Round 22 (A11): `{ step: 10 }` and `{ max: 500 }` were dropped and the defaults used. Refused naming the key, before
// the clock moves, the call's rejection handled.
it.each([
  [{ step: 10 }, 'advanceUntilSettled options.step: is not an option; did you mean "stepMs"?'],
  [{ max: 500 }, 'advanceUntilSettled options.max: is not an option; did you mean "maxMs"?'],
])('refuses %j, an option it does not take, before touching the clock', async (options, message) => {
  vi.useFakeTimers();
  const start = Date.now();
  const refused = advanceUntilSettled(Promise.reject(new Error('lost')), options as AdvanceUntilSettledOptions);
  await expect(refused).rejects.toThrow(message);
  await expect(refused).rejects.toBeInstanceOf(ControlInputError);
  expect(Date.now()).toBe(start);
});

// Round 21's verifier: with `toFake: ['Date']` (the README's way to move the signing clock), timers are real; the
// helper stepped Date 10 minutes on in a few real ms and gave up on a call its real timers were about to settle.
it("awaits the call when only Date is faked, moving no time: the call's timers are real", async () => {
  vi.useFakeTimers({ toFake: ['Date'] });
  const start = Date.now();
  const call = new Promise<string>((resolve) => realSetTimeout(() => resolve('real'), 5));
  expect(await advanceUntilSettled(call, { stepMs: 1, maxMs: 1 })).toBe('real');
  expect(Date.now()).toBe(start);
});

it('moves no time for a call already settled, and takes a plain value', async () => {
  vi.useFakeTimers();
  const start = Date.now();
  expect(await advanceUntilSettled(Promise.resolve('done'))).toBe('done');
  expect(await advanceUntilSettled(5)).toBe(5);
  expect(Date.now()).toBe(start);
});

it('stops at maxMs exactly when it is not a multiple of stepMs', async () => {
  vi.useFakeTimers();
  const start = Date.now();
  await expect(advanceUntilSettled(new Promise(() => {}), { stepMs: 100, maxMs: 150 })).rejects.toThrow(/150 ms/);
  expect(Date.now() - start).toBe(150);
});

// Round 40, U: `bun test` runs a vitest test file with its own `vi` (imports of 'vitest' map to bun:test), which
// fakes timers but has no `advanceTimersByTimeAsync` (Bun 1.4: advanceTimersByTime, isFakeTimers, … only). There
// advanceUntilSettled threw "TypeError: vi.advanceTimersByTimeAsync is not a function" at its first step, where the
// README's useKalshiMock and order test run as under vitest. Without it, the helper advances with the synchronous
// `advanceTimersByTime` and lets a real macrotask turn pass between steps (what the async advance does for it).
it("settles a late call with a vi that has no advanceTimersByTimeAsync (bun test's)", async () => {
  vi.useFakeTimers();
  const own = Object.getOwnPropertyDescriptor(vi, 'advanceTimersByTimeAsync');
  Object.defineProperty(vi, 'advanceTimersByTimeAsync', { value: undefined, configurable: true, writable: true });
  try {
    const start = Date.now();
    expect(await advanceUntilSettled(lateCall(() => 'bun'))).toBe('bun');
    expect(Date.now() - start).toBeGreaterThanOrEqual(250);
  } finally {
    if (own) Object.defineProperty(vi, 'advanceTimersByTimeAsync', own);
    else Reflect.deleteProperty(vi, 'advanceTimersByTimeAsync');
  }
});
