// Runs the market maker on the market given on the command line, re-quoting when its quotes fill or the book's best
// prices move (streamed over the WebSocket API; at most once a second) and at least once a minute, until Ctrl-C,
// SIGTERM or an error; either way it cancels its quotes before it exits.
//
//   KALSHI_API_KEY_ID=… KALSHI_PRIVATE_KEY_PATH=kalshi.pem npx tsx run.ts KXFED-26DEC-T4.25 [MAX_POSITION]
//
// MAX_POSITION: the contracts, either way, no quote may take the position past (default 10).
import { setTimeout as sleep } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import { createKalshiClient, type KalshiClient, parseCount, parseDollars } from '@org/kalshi-client';
import { createKalshiStream, type KalshiStream, OrderBook } from '@org/kalshi-client/ws';
import { MarketMaker } from './market-maker.js';

/** How often `run` re-quotes, and the position it quotes within. */
export interface RunOptions {
  /**
   * Streams the maker's fills and the market's order book: `run` then requotes as soon as a quote fills (in part too)
   * or the best YES bid or best NO bid, the account's own orders left out, is no longer the one the quotes were priced
   * from (quotes left where they were are picked off). Without it, `run` requotes on its timer only. `run` subscribes
   * and unsubscribes; closing the stream is the caller's.
   */
  readonly stream?: KalshiStream;
  /** Milliseconds between requotes with nothing streamed (default 60,000): the fallback. */
  readonly everyMs?: number;
  /**
   * The fewest milliseconds from one requote's start to the next one a fill or book move asks for (default 1,000):
   * what streams in meanwhile waits for it, as one requote, so a busy book does not become a storm of requotes.
   */
  readonly minRequoteMs?: number;
  /** The position, in contracts either way, that no quote may take it past (default 10): a loop left running alone. */
  readonly maxPosition?: number;
  /**
   * Milliseconds between the tries of the last cancel (default 2,000): one that fails is tried again, CANCEL_TRIES
   * times in all, and while a quote whose answer was lost does not show in order reads yet (they lag writes), for as
   * long as the maker looks for it (a minute).
   */
  readonly cancelRetryMs?: number;
}

/** How many times `run` tries its last cancel before it gives up (then its quotes may still rest). */
const CANCEL_TRIES = 5;

/**
 * Quotes `ticker` now, again on every fill and book move `stream` brings (at most once per `minRequoteMs`), and
 * `everyMs` after the last requote when nothing did, until `stop` aborts (a requote in flight finishes first) or a
 * requote fails (then it rejects with that error), and cancels the maker's quotes in both cases (a cancel that fails is
 * tried again, CANCEL_TRIES times in all, or while the maker looks for a quote whose answer was lost). A failed requote
 * whose cancel fails every time rejects with an AggregateError of both, the requote's first: its quotes may still rest.
 */
export async function run(
  kalshi: KalshiClient,
  ticker: string,
  stop: AbortSignal,
  { stream, everyMs = 60_000, minRequoteMs = 1_000, maxPosition = 10, cancelRetryMs = 2_000 }: RunOptions = {},
): Promise<void> {
  const maker = new MarketMaker(kalshi, { ticker, maxPosition });
  // A requote asked for by the stream, and the wait between requotes that it ends (then at minRequoteMs the soonest).
  let asked = false;
  let started = Number.NEGATIVE_INFINITY;
  let wake: (() => void) | undefined;
  const ask = () => {
    if (asked) return;
    asked = true;
    wake?.();
  };
  const turn = () =>
    new Promise<void>((resolve) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const done = () => {
        clearTimeout(timer);
        stop.removeEventListener('abort', done);
        wake = undefined;
        resolve();
      };
      const after = (ms: number) => {
        clearTimeout(timer);
        timer = setTimeout(done, Math.max(0, ms));
      };
      if (stop.aborted) return done();
      stop.addEventListener('abort', done, { once: true }); // an abort ends the wait
      after(everyMs);
      wake = () => after(Math.min(everyMs, minRequoteMs - (performance.now() - started)));
      if (asked) wake(); // asked for while the last requote ran
    });
  const feed = stream && (await follow(stream, ticker, maker, ask));
  const cancelAll = async () => {
    for (let tries = 1; ; tries++) {
      try {
        return await maker.cancelAll();
      } catch (error) {
        // A quote whose answer was lost is looked for as long as the maker looks for it (a minute), however many tries.
        if (tries >= CANCEL_TRIES && maker.lostQuotes.length === 0) throw error;
        await sleep(cancelRetryMs);
      }
    }
  };
  try {
    while (!stop.aborted) {
      asked = false;
      started = performance.now();
      console.log(ticker, await maker.requote());
      await turn();
    }
  } catch (error) {
    await feed?.stop();
    await cancelAll().catch((cancelError: unknown) => {
      const message = `run ${ticker}: the requote failed, then canceling its quotes failed too (they may still rest)`;
      throw new AggregateError([error, cancelError], message);
    });
    throw error;
  }
  await feed?.stop();
  await cancelAll();
}

/** The account's own resting size at each level of the book (centi-contracts by price in micro-dollars), per side. */
type Tally = Record<'yes' | 'no', Map<number, number>>;

/**
 * Follows `ticker`'s fills and order book on `stream`, calling `ask` for a requote on a fill, on a gap (messages may be
 * missing: a fill or a move unseen) and when the book's best YES or NO bid, leaving out the account's own orders
 * (their deltas carry client_order_id, kalshi-api-notes §9.6), differs from the one `maker` priced its quotes from.
 * After a gap or a new subscription, whose missing deltas that tally could not count, it is read back from the
 * exchange (the account's resting orders). A book that breaks (a delta it cannot apply: it missed a change) or a subscription the
 * stream client gives up on is subscribed again, for a fresh snapshot (kalshi-api-notes §9.7: "unsubscribe/resubscribe
 * (new sid, seq restarts at 1)"). Only a subscribe that fails, or a new subscription that fails before its snapshot,
 * leaves `run` on its timer, with a warning.
 */
async function follow(stream: KalshiStream, ticker: string, maker: MarketMaker, ask: () => void) {
  const params = { channels: ['orderbook_delta', 'fill'] as const, market_tickers: [ticker] };
  let sub = await stream.subscribe(params);
  let stopped = false;
  let book = new OrderBook(ticker);
  let own: Tally = { yes: new Map(), no: new Map() };
  /** While the own orders are read back: their tally is incomplete, so a move is judged once the read is in. */
  let reading = false;
  let reads = 0;
  const count = (levels: Map<number, number>, price: number, change: number) => {
    const total = (levels.get(price) ?? 0) + change;
    // Kept signed while the read is on the way: a change the read does not show yet (reads lag writes,
    // kalshi-api-notes §5.11) is then counted once, when the read is added.
    if (total > 0 || (reading && total < 0)) levels.set(price, total);
    else levels.delete(price);
  };
  const othersBest = (side: 'yes' | 'no') => {
    for (const { price, count } of book.levels(side)) if (count > (own[side].get(price) ?? 0)) return price;
    return -1;
  };
  const moved = () => {
    if (reading) return false; // judged once the read is in
    const from = maker.pricedFrom;
    return from !== undefined && (othersBest('yes') !== from.yes || othersBest('no') !== from.no);
  };
  // A fresh tally, from the account's resting orders read in the maker's turn (none of its quotes change meanwhile),
  // plus the own deltas that arrive from the moment the read starts (those before are in the read).
  const reconcile = () => {
    const tally: Tally = { yes: new Map(), no: new Map() };
    const read = ++reads;
    reading = true;
    const finish = () => {
      if (read !== reads) return false; // a later read replaces this one
      reading = false;
      for (const levels of [tally.yes, tally.no])
        for (const [price, size] of levels) if (size <= 0) levels.delete(price);
      return true;
    };
    maker
      .restingOrders(() => {
        if (read === reads) own = tally;
      })
      .then(
        (orders) => {
          if (read !== reads) return;
          // kalshi-api-notes §5.4: a bid (buy YES, sell NO) rests as a YES bid at its YES price, an ask (sell YES, buy
          // NO) as a NO bid at its NO price.
          for (const order of orders) {
            const isAsk = order.book_side === 'ask';
            const price = parseDollars(isAsk ? order.no_price_dollars : order.yes_price_dollars);
            count(tally[isAsk ? 'no' : 'yes'], price, parseCount(order.remaining_count_fp));
          }
          if (finish() && moved()) ask();
        },
        (error: unknown) => {
          // Left as the deltas since the read began made it; the requote the gap asked for re-reads the book.
          if (finish()) console.warn(`run ${ticker}: reading its own orders back failed:`, error);
        },
      );
  };
  /** After a gap or a new subscription: the tally is read back at the fresh snapshot that follows (and at the gap). */
  let unsettled = false;
  const feed = async () => {
    for (;;) {
      let snapshots = 0;
      try {
        for await (const message of sub) {
          if (message.type === 'fill') ask();
          else if (message.type === 'gap') {
            // Read back now (a gap no snapshot follows: fills lost), and again at the fresh snapshot, which shows the
            // orders placed meanwhile (their deltas never sent): the reads come before the requote asked for here,
            // which waits for them (the maker's turn).
            unsettled = true;
            reconcile();
            ask();
          } else if (message.type === 'orderbook_snapshot') {
            book.applySnapshot(message.msg);
            snapshots++;
            if (unsettled) {
              unsettled = false;
              reconcile();
            }
            if (moved()) ask();
          } else if (message.type === 'orderbook_delta') {
            const delta = message.msg;
            book.applyDelta(delta);
            if (!delta.client_order_id) {
              if (moved()) ask();
              continue;
            }
            const side = delta.side === 'no' ? 'no' : 'yes';
            count(own[side], parseDollars(delta.price_dollars), parseCount(delta.delta_fp));
          }
        }
        return; // unsubscribed (stop) or the stream closed: nothing more comes
      } catch (error) {
        // A subscription that failed before its first snapshot would fail again: the timer takes over.
        if (stopped || snapshots === 0) throw error;
        console.warn(`run ${ticker}: the streamed book broke, subscribing again for a fresh snapshot:`, error);
        ask(); // a fill or a move may have gone unseen
        await sub.unsubscribe().catch(() => undefined); // ended already where the loop's exit did
        if (stopped) return;
        sub = await stream.subscribe(params);
        book = new OrderBook(ticker);
        if (stopped) return void (await sub.unsubscribe().catch(() => undefined));
        unsettled = true;
      }
    }
  };
  const done = feed().catch((error: unknown) => {
    if (!stopped) console.warn(`run ${ticker}: the stream failed, requoting on the timer only:`, error);
  });
  return {
    async stop() {
      stopped = true;
      // A stream already closed or broken has nothing to end: the quotes' cancel comes next, whatever this does.
      await sub.unsubscribe().catch(() => undefined);
      await done;
    },
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [ticker, limit] = process.argv.slice(2);
  if (!ticker) throw new Error('usage: run.ts TICKER [MAX_POSITION]');
  const maxPosition = limit === undefined ? undefined : Number(limit);
  if (maxPosition !== undefined && !(Number.isInteger(maxPosition) && maxPosition > 0))
    throw new Error(`MAX_POSITION must be a whole number of contracts above 0, got ${JSON.stringify(limit)}`);
  const kalshi = await createKalshiClient({ environment: 'demo', credentials: 'env' });
  const stream = await createKalshiStream({ environment: 'demo', credentials: 'env' });
  const stop = new AbortController();
  // Ctrl-C, or the SIGTERM of a process manager (docker stop, systemd, kill): either stops the loop and cancels the
  // quotes. Heard once: a second Ctrl-C ends the process at once.
  const signals = ['SIGINT', 'SIGTERM'] as const;
  const onSignal = () => {
    for (const signal of signals) process.off(signal, onSignal);
    stop.abort();
  };
  for (const signal of signals) process.on(signal, onSignal);
  try {
    await run(kalshi, ticker, stop.signal, { stream, maxPosition });
  } finally {
    await stream.close();
  }
}
