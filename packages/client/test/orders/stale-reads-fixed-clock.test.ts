// T-D4: the `stale-read` fault lags order reads on the mock's exchange clock (mock README). With a fixed clock
// (`now: T0`) that clock moves only when the test moves it, so a stale view never ages out by itself: the client's
// reconcile of a lost write (re-reads for up to 2.5 s, README "Using the client") confirms it only if the test calls
// `advanceTime` while the client waits. Kalshi's reads lag by a few hundred ms (kalshi-api-notes §5.11); how a fixed
// mock clock and that lag combine is the mock's own contract, documented next to `stale-read` in the README.
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { KalshiUnconfirmedWriteError } from '../../src';
import { useFakeClock } from '../helpers';
import { useKalshiMock } from '../mock-server';

const { kalshi, client } = useKalshiMock({ seed: 11, now: Date.UTC(2026, 5, 11, 18) });
const LAG = 360;

beforeEach(() => {
  useFakeClock();
});
afterEach(() => {
  vi.useRealTimers();
});

/** A resting order older than the lag, then a lost cancel answer with order reads LAG ms behind. */
async function lostCancelUnderLag() {
  const k = await client();
  const ticker = [...kalshi.exchange.markets.values()].find((m) => m.status === 'active')!.ticker;
  const placed = await k.placeOrder({ ticker, action: 'buy', side: 'yes', count: 1, priceCents: 1 });
  kalshi.exchange.advanceTime(1_000);
  kalshi.faults.add({ kind: 'stale-read', lagMs: LAG });
  kalshi.faults.add({ operation: 'CancelOrderV2', kind: 'commit-then-drop', times: 1 });
  let outcome: unknown;
  const cancel = k.cancelOrder({ order: placed }).then(
    (value) => {
      outcome = value;
    },
    (error: unknown) => {
      outcome = error;
    },
  );
  return { placed, cancel, outcome: () => outcome };
}

it('on a fixed clock the stale view never ages out by itself: the cancel stays unconfirmed', async () => {
  const { placed, cancel, outcome } = await lostCancelUnderLag();
  await vi.advanceTimersByTimeAsync(10_000); // well past the client's 2.5 s of re-reads
  await cancel;
  expect(outcome()).toBeInstanceOf(KalshiUnconfirmedWriteError);
  expect(outcome()).toMatchObject({ applied: 'maybe', orderId: placed.order_id });
  expect(kalshi.exchange.orders.get(placed.order_id)?.status).toBe('canceled');
});

it('moving the exchange clock while the client re-reads lets the reconcile see the cancel', async () => {
  const { placed, cancel, outcome } = await lostCancelUnderLag();
  for (let i = 0; i < 50 && outcome() === undefined; i++) {
    await vi.advanceTimersByTimeAsync(50);
    kalshi.exchange.advanceTime(50); // the exchange clock keeps pace with the client's timers
  }
  await cancel;
  expect(outcome()).toMatchObject({ order_id: placed.order_id, recovered: true });
});
