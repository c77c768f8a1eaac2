// recordToFile on a disk slower than the book: Node's Writable buffers whatever write() is handed past its
// highWaterMark (write() returning false says "wait for 'drain'"), so a recorder that keeps writing grows its memory
// without bound. It must wait for 'drain': the lines not written yet then wait in the subscription's bounded queue
// (queueSize; past it the book is re-snapshotted, README "Real time"). The notes are silent on disks; this is Node's
// stream contract (node:stream, "writable.write(): … return false … wait for 'drain'").
import { Writable } from 'node:stream';
import { createKalshiClient, unwrap } from '@org/kalshi-client';
import { createKalshiStream } from '@org/kalshi-client/ws';
import { setupKalshiMockServer } from '@org/kalshi-mock/node';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';

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

const disk = { current: undefined as SlowDisk | undefined };
vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  return {
    ...fs,
    createWriteStream: (...args: Parameters<typeof fs.createWriteStream>) =>
      disk.current ?? fs.createWriteStream(...args),
  };
});

const { recordToFile } = await import('./book-recorder.js');

const kalshi = setupKalshiMockServer();
beforeAll(() => kalshi.listen());
afterAll(() => kalshi.server.close());

it('a slow disk: recordToFile waits for drain before the next line, and every line is written in order', async () => {
  const credentials = { keyId: kalshi.credentials.keyId, privateKey: kalshi.credentials.privateKeyPem };
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
