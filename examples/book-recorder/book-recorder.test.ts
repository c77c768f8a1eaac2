import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { createKalshiClient, unwrap } from '@org/kalshi-client';
import { createKalshiStream, OrderBook } from '@org/kalshi-client/ws';
import { setupKalshiMockServer } from '@org/kalshi-mock/node';
import { afterAll, afterEach, beforeAll, expect, it, vi } from 'vitest';
import { type RecordedLine, recordBooks, recordToFile, replayBooks } from './book-recorder.js';

// A file the test hands recordToFile in place of the one it would open (see the slow-disk test); none: the real one.
const disk = vi.hoisted(() => ({ current: undefined as Writable | undefined }));
vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  return {
    ...fs,
    createWriteStream: (...args: Parameters<typeof fs.createWriteStream>) =>
      disk.current ?? fs.createWriteStream(...args),
  };
});

const kalshi = setupKalshiMockServer();
beforeAll(() => kalshi.listen());
afterEach(() => kalshi.exchange.reset());
afterAll(() => kalshi.server.close());

const credentials = { keyId: kalshi.credentials.keyId, privateKey: kalshi.credentials.privateKeyPem };

it('records the snapshot, then an order arriving as a delta, with the best prices after each', async () => {
  const client = await createKalshiClient({ environment: 'demo', credentials });
  const { markets } = unwrap(await client.GET('/markets', { params: { query: { status: 'open', limit: 1 } } }));
  const ticker = markets[0]?.ticker ?? '';
  const stream = await createKalshiStream({ environment: 'demo', credentials });
  try {
    const sub = await stream.subscribe({ channels: ['orderbook_delta'], market_tickers: [ticker] });
    // A YES bid at 1¢ rests below the book (kalshi-api-notes: a delta carries price_dollars and delta_fp).
    await client.placeOrder({ ticker, action: 'buy', side: 'yes', count: 2, price: '0.01' });
    const lines: RecordedLine[] = [];
    const books = await recordBooks(sub, { write: (line) => lines.push(JSON.parse(line)), maxMessages: 2 });

    expect(lines.map((l) => [l.type, l.ticker])).toEqual([
      ['orderbook_snapshot', ticker],
      ['orderbook_delta', ticker],
    ]);
    expect(lines[1]?.msg).toMatchObject({
      market_ticker: ticker,
      side: 'yes',
      price_dollars: '0.0100',
      delta_fp: '2.00',
    });
    // The recorded best prices are the REST book's: Kalshi's GET orderbook after the order.
    const { orderbook_fp: rest } = unwrap(
      await client.GET('/markets/{ticker}/orderbook', { params: { path: { ticker } } }),
    );
    const bestOf = (levels: string[][]) => levels.map((l) => Number(l[0])).sort((a, b) => b - a)[0];
    expect(Number(lines[1]?.bestYesBid)).toBe(bestOf(rest.yes_dollars));
    expect(Number(lines[1]?.bestYesAsk)).toBeCloseTo(1 - (bestOf(rest.no_dollars) ?? Number.NaN), 6);
    // 2 contracts = 200 centi-contracts resting at 1¢ (10,000 micro-dollars) on the YES side, our order alone.
    expect(books.get(ticker)?.depthAt('yes', '0.01')).toBe(200);
  } finally {
    await stream.close();
  }
});

// kalshi-api-notes §9.6: with `use_yes_price: true` the NO-side levels come on the YES scale (1 − p): the recorded
// best YES ask and the replayed book must read them so (the REST book's NO side is always in NO prices), not take a
// 60¢ YES ask for a 40¢ one. The subscription's params are the caller's: recordBooks is told the scale.
it('a subscription with use_yes_price: the best YES ask recorded and replayed is the REST book’s', async () => {
  const client = await createKalshiClient({ environment: 'demo', credentials });
  const { markets } = unwrap(await client.GET('/markets', { params: { query: { status: 'open', limit: 1 } } }));
  const ticker = markets[0]?.ticker ?? '';
  const stream = await createKalshiStream({ environment: 'demo', credentials });
  try {
    const sub = await stream.subscribe({
      channels: ['orderbook_delta'],
      market_tickers: [ticker],
      use_yes_price: true,
    });
    const lines: string[] = [];
    const options = { write: (line: string) => lines.push(line), maxMessages: 1, useYesPrice: true };
    const books = await recordBooks(sub, options);
    const { orderbook_fp: rest } = unwrap(
      await client.GET('/markets/{ticker}/orderbook', { params: { path: { ticker } } }),
    );
    const bestNo = Math.max(...rest.no_dollars.map(([price]) => Number(price)));
    const recorded = JSON.parse(lines[0] ?? '{}') as RecordedLine;
    expect(Number(recorded.bestYesAsk)).toBeCloseTo(1 - bestNo, 6);
    expect(books.get(ticker)?.toRest().no_dollars).toEqual(rest.no_dollars);
    expect(replayBooks(lines).get(ticker)?.toRest().no_dollars).toEqual(rest.no_dollars);
  } finally {
    await stream.close();
  }
});

it('stops when the signal aborts', async () => {
  const client = await createKalshiClient({ environment: 'demo', credentials });
  const { markets } = unwrap(await client.GET('/markets', { params: { query: { status: 'open', limit: 1 } } }));
  const stream = await createKalshiStream({ environment: 'demo', credentials });
  try {
    const sub = await stream.subscribe({ channels: ['orderbook_delta'], market_tickers: [markets[0]?.ticker ?? ''] });
    const stop = new AbortController();
    const lines: string[] = [];
    const recording = recordBooks(sub, {
      write: (line) => {
        lines.push(line);
        stop.abort(); // after the snapshot
      },
      signal: stop.signal,
    });
    await expect(recording).resolves.toBeInstanceOf(Map);
    expect(lines).toHaveLength(1);
    expect(await stream.listSubscriptions()).toEqual([]);
  } finally {
    await stream.close();
  }
});

// Stopped before it starts (a signal already aborted, maxMessages 0), it ends the subscription as it does when stopped
// later: left subscribed, the subscription would queue the book's messages on the caller's stream with no one reading.
it('a signal aborted before it starts, or maxMessages 0: nothing recorded, the subscription ended', async () => {
  const client = await createKalshiClient({ environment: 'demo', credentials });
  const { markets } = unwrap(await client.GET('/markets', { params: { query: { status: 'open', limit: 1 } } }));
  const stream = await createKalshiStream({ environment: 'demo', credentials });
  try {
    const lines: string[] = [];
    const write = (line: string) => lines.push(line);
    for (const options of [
      { write, signal: AbortSignal.abort() },
      { write, maxMessages: 0 },
    ]) {
      const sub = await stream.subscribe({ channels: ['orderbook_delta'], market_tickers: [markets[0]?.ticker ?? ''] });
      expect((await recordBooks(sub, options)).size).toBe(0);
      expect(await stream.listSubscriptions()).toEqual([]);
    }
    expect(lines).toEqual([]);
  } finally {
    await stream.close();
  }
});

// Kalshi does not replay what was sent while the connection was down (kalshi-api-notes §9.7): the reconnect brings
// fresh snapshots. A replay must tell that outage from a quiet book, so the recording marks it with a line of its own:
// {"at", "type": "gap", "reason", "dropped"} (the stream's gap notice), then the fresh snapshot.
it('a dropped connection leaves a gap line before the fresh snapshot', async () => {
  const client = await createKalshiClient({ environment: 'demo', credentials });
  const ticker = 'KXRECORD-26DEC31-B';
  kalshi.exchange.addMarket({ ticker });
  kalshi.exchange.setOrderbook(ticker, { yes: [[50_000, 100]], no: [[50_000, 100]] });
  const reconnect = { initialDelayMs: 10, maxDelayMs: 10 };
  const stream = await createKalshiStream({ environment: 'demo', credentials, reconnect });
  try {
    const sub = await stream.subscribe({ channels: ['orderbook_delta'], market_tickers: [ticker] });
    const stop = new AbortController();
    const lines: Record<string, unknown>[] = [];
    const raw: string[] = [];
    const recording = recordBooks(sub, {
      write: (line) => {
        raw.push(line);
        const parsed = JSON.parse(line);
        lines.push(parsed);
        if (parsed.type === 'orderbook_snapshot' && parsed.bestYesBid === '0.1200') stop.abort();
      },
      signal: stop.signal,
    });
    await client.placeOrder({ ticker, action: 'buy', side: 'yes', count: 1, price: '0.10' });
    kalshi.faults.add({ stream: 'orderbook_delta', kind: 'drop', times: 1 }); // the 12¢ bid's delta cuts the line
    await client.placeOrder({ ticker, action: 'buy', side: 'yes', count: 1, price: '0.12' });
    const books = await recording;
    expect(lines.map((l) => l.type)).toEqual(['orderbook_snapshot', 'orderbook_delta', 'gap', 'orderbook_snapshot']);
    expect(lines[2]).toEqual({ at: expect.any(Number), type: 'gap', reason: 'reconnect', dropped: 0 });
    // The recording replays across its gap line (not a delta) to the book recorded.
    expect(replayBooks(raw).get(ticker)?.toRest()).toEqual(books.get(ticker)?.toRest());
  } finally {
    kalshi.faults.clear();
    await stream.close();
  }
});

it('a recording replays to the book it recorded, across a seq gap (kalshi-api-notes §9.7: a gap is repaired by a fresh snapshot)', async () => {
  const client = await createKalshiClient({ environment: 'demo', credentials });
  const ticker = 'KXRECORD-26DEC31-A';
  kalshi.exchange.addMarket({ ticker });
  kalshi.exchange.setOrderbook(ticker, { yes: [[50_000, 100]], no: [[50_000, 100]] });
  const stream = await createKalshiStream({ environment: 'demo', credentials });
  try {
    const sub = await stream.subscribe({ channels: ['orderbook_delta'], market_tickers: [ticker] });
    const stop = new AbortController();
    const lines: RecordedLine[] = [];
    const recording = recordBooks(sub, {
      write: (line) => {
        const parsed: RecordedLine = JSON.parse(line);
        lines.push(parsed);
        if (parsed.bestYesBid === '0.1400') stop.abort(); // the last order's delta (or the snapshot that holds it)
      },
      signal: stop.signal,
    });
    const bid = (price: string) => client.placeOrder({ ticker, action: 'buy', side: 'yes', count: 1, price });
    await bid('0.10');
    kalshi.faults.add({ stream: 'orderbook_delta', kind: 'skip-seq', times: 1 });
    await bid('0.12');
    await bid('0.13');
    await bid('0.14');
    const books = await recording;

    const replayed = replayBooks(lines.map((line) => JSON.stringify(line))).get(ticker) ?? new OrderBook(ticker);
    const { orderbook_fp: rest } = unwrap(
      await client.GET('/markets/{ticker}/orderbook', { params: { path: { ticker } } }),
    );
    for (const [price = ''] of rest.yes_dollars)
      expect([price, replayed.depthAt('yes', price)]).toEqual([price, books.get(ticker)?.depthAt('yes', price)]);
    expect(rest.yes_dollars.map(([price]) => price)).toEqual(['0.0500', '0.1000', '0.1200', '0.1300', '0.1400']);
    expect(replayed.depthAt('yes', '0.12')).toBe(100);
    expect(lines.filter((l) => l.type === 'orderbook_snapshot').length).toBeGreaterThan(1); // the repair's
  } finally {
    kalshi.faults.clear();
    await stream.close();
  }
});

// A gap line says messages may be missing (kalshi-api-notes §9.7: Kalshi does not replay them): every book may have
// changed unseen, so a delta between the gap and its market's next snapshot is not applied to it (a level taken below
// what the book holds would throw; one added would count twice), and a market no snapshot follows is left out.
it('replayBooks: a gap line leaves each book unknown until its market’s next snapshot', () => {
  const snapshot = (ticker: string, yes: string[][]) =>
    JSON.stringify({ at: 1, type: 'orderbook_snapshot', ticker, msg: { market_ticker: ticker, yes_dollars_fp: yes } });
  const delta = (ticker: string, price: string, change: string) =>
    JSON.stringify({
      at: 2,
      type: 'orderbook_delta',
      ticker,
      msg: { market_ticker: ticker, side: 'yes', price_dollars: price, delta_fp: change },
    });
  const books = replayBooks([
    snapshot('KXA', [['0.4000', '10.00']]),
    snapshot('KXB', [['0.3000', '5.00']]),
    delta('KXA', '0.4000', '-4.00'),
    JSON.stringify({ at: 3, type: 'gap', reason: 'overflow', dropped: 3 }),
    delta('KXA', '0.4000', '-6.00'), // arrived before KXA's fresh snapshot: the book it applied to is unknown
    snapshot('KXA', [['0.4000', '2.00']]),
    delta('KXA', '0.4000', '1.00'),
    delta('KXB', '0.3000', '-5.00'), // KXB has no snapshot after the gap
    '', // a blank line (a file ended by its newline)
  ]);
  expect([...books.keys()]).toEqual(['KXA']);
  expect(books.get('KXA')?.depthAt('yes', '0.40')).toBe(300);
});

it('the command line closes the stream and ends the file when the recording fails: every line written is kept', async () => {
  const client = await createKalshiClient({ environment: 'demo', credentials });
  const ticker = 'KXRECORD-26DEC31-B';
  kalshi.exchange.addMarket({ ticker });
  kalshi.exchange.setOrderbook(ticker, { yes: [[50_000, 100]], no: [[50_000, 100]] });
  const dir = await mkdtemp(join(tmpdir(), 'book-recorder-'));
  const stream = await createKalshiStream({ environment: 'demo', credentials });
  try {
    // The subscription fails after two messages, as when the server refuses to restore it after a reconnect (its
    // iterator then rejects with the server's error).
    const subscribe = stream.subscribe.bind(stream);
    vi.spyOn(stream, 'subscribe').mockImplementation((async (params: Parameters<typeof subscribe>[0]) => {
      const sub = await subscribe(params);
      await client.placeOrder({ ticker, action: 'buy', side: 'yes', count: 1, price: '0.10' }); // a delta
      return {
        async *[Symbol.asyncIterator]() {
          let received = 0;
          for await (const message of sub) {
            yield message;
            if (++received === 2) throw new Error('subscription refused on restore');
          }
        },
        unsubscribe: () => sub.unsubscribe(),
      };
    }) as never);
    const file = join(dir, 'books.jsonl');
    await expect(recordToFile(stream, file, [ticker])).rejects.toThrow('subscription refused on restore');
    expect(stream.state()).toBe('closed');
    const lines = (await readFile(file, 'utf8')).split('\n');
    expect(lines.pop()).toBe(''); // every line ends with its newline
    expect(lines.map((line) => (JSON.parse(line) as RecordedLine).type)).toEqual([
      'orderbook_snapshot',
      'orderbook_delta',
    ]);
  } finally {
    await stream.close();
    await rm(dir, { recursive: true, force: true });
  }
});

// The file cannot be written (here its directory does not exist; a full disk or a lost mount mid-recording alike):
// recordToFile rejects with the file's error, closing the stream, instead of an unhandled 'error' event that crashes
// the process (or, caught by a handler, leaves it recording into nothing).
it('the command line rejects with the file’s error and closes the stream when the file cannot be written', async () => {
  const ticker = 'KXRECORD-26DEC31-C';
  kalshi.exchange.addMarket({ ticker });
  const dir = await mkdtemp(join(tmpdir(), 'book-recorder-'));
  const stream = await createKalshiStream({ environment: 'demo', credentials });
  try {
    const file = join(dir, 'missing', 'books.jsonl');
    await expect(recordToFile(stream, file, [ticker])).rejects.toThrow(expect.objectContaining({ code: 'ENOENT' }));
    expect(stream.state()).toBe('closed');
  } finally {
    await stream.close();
    await rm(dir, { recursive: true, force: true });
  }
}, 20_000);

// "However it stops, it closes the stream and ends the file" (examples/README.md): a recorder left running is stopped
// by its process manager (docker stop, systemd, kill) with SIGTERM, whose default ends the process at once, lines
// still buffered lost. The command line stops on it as on Ctrl-C. SIGTERM is sent once it listens for Ctrl-C.
it('the command line stops on SIGTERM as on Ctrl-C: the stream closed, the file ended', async () => {
  const ticker = 'KXRECORD-26DEC31-D';
  kalshi.exchange.addMarket({ ticker });
  const dir = await mkdtemp(join(tmpdir(), 'book-recorder-'));
  const file = join(dir, 'books.jsonl');
  vi.stubEnv('KALSHI_API_KEY_ID', kalshi.credentials.keyId);
  vi.stubEnv('KALSHI_PRIVATE_KEY', kalshi.credentials.privateKeyPem);
  const argv = process.argv;
  process.argv = [argv[0] ?? 'node', fileURLToPath(new URL('./book-recorder.ts', import.meta.url)), file, ticker];
  const listening = (event: string | symbol) => {
    if (event === 'SIGINT') setImmediate(() => process.emit('SIGTERM'));
  };
  for (const method of ['on', 'once'] as const) {
    const original = process[method].bind(process) as (event: string | symbol, listener: () => void) => unknown;
    vi.spyOn(process, method).mockImplementation(((event: string | symbol, listener: () => void) => {
      listening(event);
      original(event, listener);
      return process;
    }) as never);
  }
  try {
    vi.resetModules(); // a fresh book-recorder.ts, whose command line now runs (Kalshi's demo host: the mock)
    await import('./book-recorder.js');
    expect(await readFile(file, 'utf8')).toMatch(/^(.+\n)*$/); // ended: every line whole
  } finally {
    vi.restoreAllMocks();
    process.argv = argv;
    vi.unstubAllEnvs();
    await rm(dir, { recursive: true, force: true });
  }
}, 20_000);

// recordToFile on a disk slower than the book: Node's Writable buffers whatever write() is handed past its
// highWaterMark (write() returning false says "wait for 'drain'"), so a recorder that keeps writing grows its memory
// without bound. It must wait for 'drain': the lines not written yet then wait in the subscription's bounded queue
// (queueSize; past it the book is re-snapshotted, README "Real time"). The notes are silent on disks; this is Node's
// stream contract (node:stream, "writable.write(): … return false … wait for 'drain'").
/** A disk that takes a line only once the test releases it; each write() call notes whether the stream asked to wait. */
class SlowDisk extends Writable {
  /** The lines handed to write(), in order. */
  readonly lines: string[] = [];
  /** For each write() call: true where it came while the stream was asking to wait for 'drain'. */
  readonly overruns: boolean[] = [];
  /** Resolves once someone listens for 'drain'. */
  readonly drainAwaited: Promise<void>;
  private drainListened = () => {};
  private held: (() => void)[] = [];
  private released = false;
  private waiters: { n: number; resolve: () => void }[] = [];

  constructor() {
    super({ highWaterMark: 1 }); // every line fills the buffer: each write() returns false
    this.drainAwaited = new Promise((resolve) => {
      this.drainListened = resolve;
    });
    this.on('newListener', (event) => {
      if (event === 'drain') this.drainListened();
    });
  }

  override write(chunk: unknown, ...rest: never[]): boolean {
    this.overruns.push(this.writableNeedDrain);
    this.lines.push(String(chunk));
    const written = super.write(chunk as string, ...rest);
    for (const waiter of this.waiters.filter((w) => this.lines.length >= w.n)) waiter.resolve();
    return written;
  }

  override _write(_chunk: Buffer, _encoding: string, callback: () => void): void {
    if (this.released) callback();
    else this.held.push(callback);
  }

  /** Resolves once write() has been handed `n` lines. */
  reached(n: number): Promise<void> {
    if (this.lines.length >= n) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ n, resolve }));
  }

  /** Writes the held lines out, and every later one at once. */
  release(): void {
    this.released = true;
    for (const go of this.held.splice(0)) go();
  }
}

it('a slow disk: recordToFile waits for drain before the next line, and every line is written in order', async () => {
  const client = await createKalshiClient({ environment: 'demo', credentials });
  const { markets } = unwrap(await client.GET('/markets', { params: { query: { status: 'open', limit: 1 } } }));
  const ticker = markets[0]?.ticker ?? '';
  const stream = await createKalshiStream({ environment: 'demo', credentials });
  const slow = new SlowDisk();
  disk.current = slow;
  const stop = new AbortController();
  const recording = recordToFile(stream, 'unused.jsonl', [ticker], stop.signal);
  await slow.reached(1); // the snapshot's line, held by the disk
  // Five orders, five deltas, while the disk still holds the first line.
  for (let i = 1; i <= 5; i++)
    await client.placeOrder({ ticker, action: 'buy', side: 'yes', count: i, price: '0.01', postOnly: true });
  // Either the recorder waits for 'drain' (the lines wait in the subscription's queue), or it hands the disk every
  // delta at once (they pile up in the Writable's buffer).
  await Promise.race([slow.drainAwaited, slow.reached(6)]);
  const overran = slow.overruns.some(Boolean);
  slow.release();
  // Every line comes once the disk has drained: the snapshot and the five deltas.
  await slow.reached(6);
  stop.abort();
  await recording;
  disk.current = undefined;
  expect(overran).toBe(false);
  expect(slow.lines.map((line) => JSON.parse(line).type)).toEqual([
    'orderbook_snapshot',
    ...Array(5).fill('orderbook_delta'),
  ]);
});
