// On a clock that moves by itself, what is due (market opens and closes, good-till-time expiries, settlement timers,
// the activity generator's steps) must happen at its time even when no request comes: stream subscribers hear of it
// then. One timer, unref'd so that it never keeps a process alive, waits for the exchange's next due time.
import type { Exchange } from './exchange/exchange';

/** The longest delay setTimeout takes (a longer one fires at once); a later due time is waited for in steps. */
const MAX_DELAY_MS = 2_147_483_647;

/** The timer that runs an exchange's due work; `stop()` clears it, `start()` arms it again. */
export interface ClockTimer {
  start(): void;
  stop(): void;
}

const timers = new WeakMap<Exchange, ClockTimer>();

/** The timer started for this exchange, if any (what `setupKalshiMockServer`'s `listen()` starts again). */
export function clockTimerOf(exchange: Exchange): ClockTimer | undefined {
  return timers.get(exchange);
}

/** A timer for the exchange's due work, started; under a fixed clock it never arms (`advanceTime` moves that one). */
export function startClockTimer(exchange: Exchange): ClockTimer {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let armedFor: number | undefined;
  let stopListening: (() => void) | undefined;

  function arm(): void {
    const next = exchange.clock.next();
    if (timer !== undefined && next === armedFor) return;
    clearTimeout(timer);
    timer = undefined;
    armedFor = next;
    if (next === undefined) return;
    timer = setTimeout(fire, Math.min(Math.max(next - exchange.now(), 0), MAX_DELAY_MS));
    timer.unref?.();
  }

  function fire(): void {
    timer = undefined;
    exchange.runDue();
    arm();
  }

  const clock: ClockTimer = {
    start() {
      if (!exchange.clock.moves || stopListening) return;
      stopListening = exchange.clock.onEarlier(arm);
      arm();
    },
    stop() {
      stopListening?.();
      stopListening = undefined;
      clearTimeout(timer);
      timer = undefined;
    },
  };
  timers.set(exchange, clock);
  clock.start();
  return clock;
}
