import { afterEach, expect, it, vi } from 'vitest';
import { advanceUntilSettled } from '../../src/vitest';

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

it('refuses a step of 0 (it would never advance) before touching the clock', async () => {
  await expect(advanceUntilSettled(Promise.resolve(1), { stepMs: 0 })).rejects.toThrow(RangeError);
});
