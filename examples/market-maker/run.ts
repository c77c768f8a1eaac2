// Runs the market maker on the market given on the command line, re-quoting once a minute until Ctrl-C, SIGTERM or an
// error; either way it cancels its quotes before it exits.
//
//   KALSHI_API_KEY_ID=… KALSHI_PRIVATE_KEY_PATH=kalshi.pem npx tsx run.ts KXFED-26DEC-T4.25 [MAX_POSITION]
//
// MAX_POSITION: the contracts, either way, no quote may take the position past (default 10).
import { setTimeout as sleep } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import { createKalshiClient, type KalshiClient } from '@org/kalshi-client';
import { MarketMaker } from './market-maker.js';

/** How often `run` re-quotes, and the position it quotes within. */
export interface RunOptions {
  /** Milliseconds between requotes (default 60,000). */
  readonly everyMs?: number;
  /** The position, in contracts either way, that no quote may take it past (default 10): a loop left running alone. */
  readonly maxPosition?: number;
  /**
   * Milliseconds between the tries of the last cancel (default 2,000): one that fails, or says a quote whose answer was
   * lost does not show in order reads yet (they lag writes), is tried again, CANCEL_TRIES times in all.
   */
  readonly cancelRetryMs?: number;
}

/** How many times `run` tries its last cancel before it gives up (then its quotes may still rest). */
const CANCEL_TRIES = 5;

/**
 * Quotes `ticker` now and every `everyMs` until `stop` aborts (a requote in flight finishes first) or a requote
 * fails (then it rejects with that error), and cancels the maker's quotes in both cases (a cancel that fails is tried
 * again, CANCEL_TRIES times in all). A failed requote whose cancel fails every time rejects with an AggregateError of
 * both, the requote's first: its quotes may still rest.
 */
export async function run(
  kalshi: KalshiClient,
  ticker: string,
  stop: AbortSignal,
  { everyMs = 60_000, maxPosition = 10, cancelRetryMs = 2_000 }: RunOptions = {},
): Promise<void> {
  const maker = new MarketMaker(kalshi, { ticker, maxPosition });
  const cancelAll = async () => {
    for (let tries = 1; ; tries++) {
      try {
        return await maker.cancelAll();
      } catch (error) {
        if (tries >= CANCEL_TRIES) throw error;
        await sleep(cancelRetryMs);
      }
    }
  };
  try {
    while (!stop.aborted) {
      console.log(ticker, await maker.requote());
      await sleep(everyMs, undefined, { signal: stop }).catch(() => undefined); // an abort ends the wait
    }
  } catch (error) {
    await cancelAll().catch((cancelError: unknown) => {
      const message = `run ${ticker}: the requote failed, then canceling its quotes failed too (they may still rest)`;
      throw new AggregateError([error, cancelError], message);
    });
    throw error;
  }
  await cancelAll();
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [ticker, limit] = process.argv.slice(2);
  if (!ticker) throw new Error('usage: run.ts TICKER [MAX_POSITION]');
  const maxPosition = limit === undefined ? undefined : Number(limit);
  if (maxPosition !== undefined && !(Number.isInteger(maxPosition) && maxPosition > 0))
    throw new Error(`MAX_POSITION must be a whole number of contracts above 0, got ${JSON.stringify(limit)}`);
  const kalshi = await createKalshiClient({ environment: 'demo', credentials: 'env' });
  const stop = new AbortController();
  // Ctrl-C, or the SIGTERM of a process manager (docker stop, systemd, kill): either stops the loop and cancels the
  // quotes. Heard once: a second Ctrl-C ends the process at once.
  const signals = ['SIGINT', 'SIGTERM'] as const;
  const onSignal = () => {
    for (const signal of signals) process.off(signal, onSignal);
    stop.abort();
  };
  for (const signal of signals) process.on(signal, onSignal);
  await run(kalshi, ticker, stop.signal, { maxPosition });
}
