// A WebSocket order-book recorder: subscribes to markets' order books and writes every snapshot and delta as one
// JSON line, with the best YES bid and ask after it (so a replay can be checked), and a gap line where messages may be
// missing (a dropped connection: the fresh snapshots follow), until stopped. `replayBooks` reads a recording back.
//
//   KALSHI_API_KEY_ID=… KALSHI_PRIVATE_KEY_PATH=kalshi.pem npx tsx book-recorder.ts books.jsonl TICKER [TICKER…]
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { formatDollars } from '@org/kalshi-client';
import { createKalshiStream, type KalshiStream, OrderBook, type Subscription } from '@org/kalshi-client/ws';

/** One line of the recording. */
export interface RecordedLine {
  /** When it was received (ms since the epoch). */
  readonly at: number;
  readonly type: 'orderbook_snapshot' | 'orderbook_delta';
  readonly ticker: string;
  /** Kalshi's message as received. */
  readonly msg: unknown;
  /** Best YES bid and ask after applying it, in dollars (null when that side is empty). */
  readonly bestYesBid: string | null;
  readonly bestYesAsk: string | null;
  /**
   * Present (true) when the subscription used `use_yes_price: true`: `msg`'s NO-side levels are on the YES scale
   * (1 − p, kalshi-api-notes §9.6), and `replayBooks` reads them so.
   */
  readonly useYesPrice?: true;
}

/**
 * The line written where messages may be missing (the stream's gap notice: a dropped connection, a re-subscribe, a
 * consumer that fell behind): Kalshi does not replay them (kalshi-api-notes §9.7), so the books may have changed
 * unseen until the fresh snapshots that follow. A replay tells an outage from a quiet book by it.
 */
export interface RecordedGap {
  /** When it was received (ms since the epoch). */
  readonly at: number;
  readonly type: 'gap';
  /** Why messages may be missing: 'reconnect', 'resubscribe', 'sequence' or 'overflow'. */
  readonly reason: string;
  /** Messages the client discarded (overflow); 0 when what was lost never reached it. */
  readonly dropped: number;
}

export interface RecordOptions {
  /**
   * Receives each line, a RecordedLine or a RecordedGap (already JSON-encoded, without the newline). A promise it
   * returns (any other value is ignored) is waited for before the next line, a file's backpressure: meanwhile the
   * messages wait in the subscription's bounded queue (`queueSize`; past it the books are re-snapshotted, with a gap
   * line).
   */
  readonly write: (line: string) => unknown;
  /**
   * Stop after this many order-book messages, gap lines not counted (default: until the subscription ends or `signal`
   * aborts).
   */
  readonly maxMessages?: number;
  readonly signal?: AbortSignal;
  /**
   * Set when the subscription used `use_yes_price: true`: its NO-side levels come on the YES scale (1 − p,
   * kalshi-api-notes §9.6), and the books, the best prices and the lines (`useYesPrice: true`) read them so.
   */
  readonly useYesPrice?: boolean;
}

/** Records an `orderbook_delta` subscription, ending it when it stops; returns the books as they stand then. */
export async function recordBooks(
  sub: Subscription<'orderbook_delta'>,
  options: RecordOptions,
): Promise<Map<string, OrderBook>> {
  const books = new Map<string, OrderBook>();
  const limit = options.maxMessages ?? Number.POSITIVE_INFINITY;
  let recorded = 0;
  if (recorded >= limit || options.signal?.aborted) {
    await sub.unsubscribe(); // as when stopped later: nothing left queuing on the caller's stream
    return books;
  }
  const stop = () => void sub.unsubscribe();
  options.signal?.addEventListener('abort', stop, { once: true });
  try {
    for await (const message of sub) {
      if (message.type === 'gap') {
        const line: RecordedGap = { at: Date.now(), type: 'gap', reason: message.reason, dropped: message.dropped };
        await options.write(JSON.stringify(line));
        continue;
      }
      if (message.type !== 'orderbook_snapshot' && message.type !== 'orderbook_delta') continue;
      const ticker = message.msg.market_ticker;
      const book = books.get(ticker) ?? new OrderBook(ticker, { useYesPrice: options.useYesPrice === true });
      books.set(ticker, book);
      if (message.type === 'orderbook_snapshot') book.applySnapshot(message.msg);
      else book.applyDelta(message.msg);
      const dollars = (level: { price: number } | undefined) => (level ? formatDollars(level.price, 4) : null);
      const line: RecordedLine = {
        at: Date.now(),
        type: message.type,
        ticker,
        msg: message.msg,
        bestYesBid: dollars(book.bestYesBid()),
        bestYesAsk: dollars(book.bestYesAsk()),
        ...(options.useYesPrice === true ? { useYesPrice: true } : {}),
      };
      await options.write(JSON.stringify(line));
      if (++recorded >= limit) break; // leaving the loop unsubscribes
    }
  } finally {
    options.signal?.removeEventListener('abort', stop);
  }
  return books;
}

/**
 * Rebuilds the books from a recording's lines, as `recordBooks` wrote them (JSON text; blank lines skipped): a snapshot
 * replaces its market's book and a delta changes it. A gap line is not a delta: messages may be missing there, so every
 * book is unknown until its market's next snapshot, and a delta in between is not applied (the book it was sent for is
 * not the one replayed). A snapshot line marked `useYesPrice` makes its book read NO levels on the YES scale. Returns
 * the books as of the last line, leaving out those a gap left unknown.
 */
export function replayBooks(lines: Iterable<string>): Map<string, OrderBook> {
  const books = new Map<string, OrderBook>();
  for (const text of lines) {
    if (!text.trim()) continue;
    const line = JSON.parse(text) as RecordedLine | RecordedGap;
    if (line.type === 'gap') books.clear();
    else if (line.type === 'orderbook_snapshot') {
      const book = new OrderBook(line.ticker, { useYesPrice: line.useYesPrice === true });
      book.applySnapshot(line.msg as Parameters<OrderBook['applySnapshot']>[0]);
      books.set(line.ticker, book);
    } else if (line.type === 'orderbook_delta')
      books.get(line.ticker)?.applyDelta(line.msg as Parameters<OrderBook['applyDelta']>[0]);
  }
  return books;
}

/**
 * The command line's part: records `tickers` from `stream` into `file` (appended) until `signal` aborts or the
 * recording fails, then closes the stream and ends the file in both cases, every line written before in it. A file
 * that cannot be written (opened, or written to later) fails the recording: it rejects with the file's error.
 */
export async function recordToFile(
  stream: KalshiStream,
  file: string,
  tickers: readonly string[],
  signal?: AbortSignal,
): Promise<void> {
  const out = createWriteStream(file, { flags: 'a' });
  // Heard here: an 'error' event with no listener would crash the process, the stream left open.
  let fileError: unknown;
  const failed = new AbortController();
  out.on('error', (error) => {
    fileError ??= error;
    failed.abort();
  });
  try {
    const sub = await stream.subscribe({ channels: ['orderbook_delta'], market_tickers: [...tickers] });
    const stop = signal ? AbortSignal.any([signal, failed.signal]) : failed.signal;
    // A disk slower than the book: write() returns false once the file's buffer is full, and the next line waits for
    // 'drain' (or the stop), so memory stays bounded (written on regardless, the buffer would grow without end).
    const write = (line: string) =>
      out.write(`${line}\n`)
        ? undefined
        : once(out, 'drain', { signal: stop }).then(
            () => undefined,
            () => undefined, // stopped: the loop ends
          );
    await recordBooks(sub, { write, signal: stop });
  } finally {
    await stream.close();
    await new Promise<void>((resolve) => out.end(() => resolve())); // the buffered lines written out
  }
  if (fileError) throw fileError;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [file, ...tickers] = process.argv.slice(2);
  if (!file || tickers.length === 0) throw new Error('usage: book-recorder.ts OUT.jsonl TICKER [TICKER…]');
  const stream = await createKalshiStream({ environment: 'demo', credentials: 'env' });
  const stopped = new AbortController();
  // Ctrl-C, or the SIGTERM of a process manager (docker stop, systemd, kill), whose default would end the process with
  // lines still buffered. Heard once: a second Ctrl-C ends the process at once.
  const signals = ['SIGINT', 'SIGTERM'] as const;
  const onSignal = () => {
    for (const signal of signals) process.off(signal, onSignal);
    stopped.abort();
  };
  for (const signal of signals) process.on(signal, onSignal);
  await recordToFile(stream, file, tickers, stopped.signal);
}
