/**
 * One `abort` listener per caller's signal, shared by every call in flight with it. A signal shared by many concurrent
 * calls (an app's shutdown signal) would otherwise get one listener per attempt, rate-limit wait and retry pause, and
 * Node warns of a leak past 10 (plain fetch does not: undici raises the signal's limit, which needs node:events).
 */
const listeners = new WeakMap<AbortSignal, Set<() => void>>();

const noop = () => {};

/** Runs `run` when `signal` aborts, at once if it has; the function returned stops that. */
export function onAbort(signal: AbortSignal | undefined, run: () => void): () => void {
  if (!signal) return noop;
  if (signal.aborted) {
    run();
    return noop;
  }
  let runs = listeners.get(signal);
  if (!runs) {
    const all = new Set<() => void>();
    signal.addEventListener('abort', () => {
      for (const r of all) {
        // One that throws (a Worker's controller of an earlier request: attempt-signal.ts) stops none of the others.
        try {
          r();
        } catch {}
      }
    });
    listeners.set(signal, all);
    runs = all;
  }
  const mine = runs;
  mine.add(run);
  return () => mine.delete(run);
}

/**
 * `signal` and `other` (the client's `close()`) as one signal, and what stops following them: a controller of its own
 * only when there are both; the first to abort gives the reason (`signal`'s, when both already have).
 */
export function joined<S extends AbortSignal | undefined>(
  signal: AbortSignal | null | undefined,
  other: S,
): [AbortSignal | S, () => void] {
  if (!(signal && other)) return [signal ?? other, noop];
  const both = new AbortController();
  const stops = [signal, other].map((s) => onAbort(s, () => both.abort(s.reason)));
  return [
    both.signal,
    () => {
      for (const stop of stops) stop();
    },
  ];
}

/** `promise`, unless `signal` aborts first: then its reason (a hung signer must not outlive the caller's abort). */
export function untilAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  // Without a signal, the promise itself: no extra promise hops on every signed request.
  if (!signal) return promise;
  return new Promise((resolve, reject) => {
    const stop = onAbort(signal, () => reject(signal?.reason));
    promise.then(resolve, reject).finally(stop);
  });
}
