// A request held by a `latency` fault (or the `latencyMs` option) belongs to the exchange state it arrived in: once
// the exchange is reset (a test's afterEach) or the mock closed, it is dropped, never applied to the next test's
// fresh state, and its timer is cleared, so that it cannot keep a closed mock's process alive.
import type { Exchange } from '../exchange/exchange';

/** The requests a latency holds; `drop()` ends every one. */
export interface Holds {
  /** Resolves true after `ms`, or false as soon as the holds are dropped (the request must then not be applied). */
  wait(ms: number): Promise<boolean>;
  drop(): void;
}

/** Holds dropped on every `exchange.reset()` and on `drop()` (the mock's `dispose()`). */
export function createHolds(exchange: Exchange): Holds {
  const pending = new Set<() => void>();
  const drop = () => {
    for (const end of [...pending]) end();
  };
  exchange.changes.on((event) => {
    if (event.type === 'reset') drop();
  });
  return {
    drop,
    wait: (ms) =>
      new Promise((resolve) => {
        const end = (elapsed: boolean) => () => {
          clearTimeout(timer);
          pending.delete(dropped);
          resolve(elapsed);
        };
        const dropped = end(false);
        const timer = setTimeout(end(true), ms);
        pending.add(dropped);
      }),
  };
}
