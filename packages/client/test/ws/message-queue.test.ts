import { describe, expect, it } from 'vitest';
import { MessageQueue } from '../../src/ws/message-queue';
import { Sequencer } from '../../src/ws/sequencer';

describe('MessageQueue', () => {
  it('gives concurrent next() calls one message each, in call order', async () => {
    const queue = new MessageQueue<string>();
    const [a, b] = [queue.next(), queue.next()];
    queue.push('first');
    queue.push('second');
    expect(await a).toEqual({ value: 'first', done: false });
    expect(await b).toEqual({ value: 'second', done: false });
  });

  it('end(): waiting readers finish, queued messages can still be read, later pushes are ignored', async () => {
    const queue = new MessageQueue<string>();
    const waiting = queue.next();
    queue.end();
    expect(await waiting).toEqual({ value: undefined, done: true });
    const other = new MessageQueue<string>();
    other.push('kept');
    other.end();
    other.push('ignored');
    expect(await other.next()).toEqual({ value: 'kept', done: false });
    expect(await other.next()).toEqual({ value: undefined, done: true });
  });

  it('fail(): the error comes after the queued messages, once, then done', async () => {
    const queue = new MessageQueue<string>();
    queue.push('before');
    const error = new Error('refused');
    queue.fail(error);
    expect(await queue.next()).toEqual({ value: 'before', done: false });
    await expect(queue.next()).rejects.toBe(error);
    expect(await queue.next()).toEqual({ value: undefined, done: true });
  });

  // The module's contract: a queue is "ended or failed exactly once" (subscription.ts: an iterator ends exactly once).
  // A failure after the end (a re-subscribe refused after the consumer unsubscribed) is not delivered.
  it('fail() after end(): ignored, the reader still sees done', async () => {
    const queue = new MessageQueue<string>();
    queue.end();
    queue.fail(new Error('refused'));
    expect(await queue.next()).toEqual({ value: undefined, done: true });
  });

  it('discard() removes the picked messages in place; removeAt() and unshift() edit the front', async () => {
    const queue = new MessageQueue<string>();
    for (const item of ['book-1', 'fill-1', 'book-2', 'fill-2']) queue.push(item);
    expect(queue.discard((item) => item.startsWith('book'))).toEqual(['book-1', 'book-2']);
    queue.removeAt(0);
    queue.unshift('notice');
    expect([queue.at(0), queue.at(-1), queue.length]).toEqual(['notice', 'fill-2', 2]);
    expect(await queue.next()).toEqual({ value: 'notice', done: false });
  });

  // Round 37 (C): queueSize has no upper bound, and a consumer of a busy book may well raise it. discard() (the
  // book-first overflow) put the kept messages back with one spread call, `splice(0, n, ...kept)`, past the engine's
  // argument limit (about 125,000 on Node's main thread, a few hundred thousand in a worker) a RangeError: the stream
  // dropped every message past the bound as "malformed" (a book re-snapshotted for nothing) while the queue, its
  // push done, grew without bound.
  it('discard() keeps any number of messages (no RangeError past the engine argument limit)', () => {
    const queue = new MessageQueue<number>();
    for (let n = 0; n < 1_000_000; n++) queue.push(n);
    expect(queue.discard((n) => n % 2 === 0)).toHaveLength(500_000);
    expect([queue.length, queue.at(0), queue.at(-1)]).toEqual([500_000, 1, 999_999]);
  });

  it('fail() with readers waiting: the first rejects, the others finish', async () => {
    const queue = new MessageQueue<string>();
    const [a, b] = [queue.next(), queue.next()];
    queue.fail(new Error('refused'));
    await expect(a).rejects.toThrow('refused');
    expect(await b).toEqual({ value: undefined, done: true });
  });
});

describe('Sequencer', () => {
  // kalshi-api-notes §9.7: seq is per sid and each message is the previous + 1; seq ≤ last is a duplicate.
  it('accepts last + 1, flags duplicates and gaps per sid, and ignores unsequenced messages', () => {
    const sequencer = new Sequencer();
    expect(sequencer.check(1, 1)).toBe('next');
    expect(sequencer.check(1, 2)).toBe('next');
    expect(sequencer.check(1, 2)).toBe('duplicate');
    expect(sequencer.check(1, 3)).toBe('next');
    // seq 1 again (the snapshot resent) is a duplicate like any other: §9.7's rule has no exception for it (round 36's
    // review: read as a count started over, each resend cost a re-snapshot, and three ended the subscription).
    expect(sequencer.check(1, 1)).toBe('duplicate');
    expect(sequencer.check(1, 5)).toBe('gap');
    expect(sequencer.check(2, 7)).toBe('next'); // another sid has its own counter
    expect(sequencer.check(1, undefined)).toBe('next');
    sequencer.resume(1, 5);
    expect(sequencer.check(1, 6)).toBe('next');
    sequencer.clear();
    expect(sequencer.check(1, 1)).toBe('next');
  });

  it('fromOne: a sid whose first seq is above 1 missed its start (the snapshot), a gap', () => {
    const sequencer = new Sequencer();
    expect(sequencer.check(1, 2, true)).toBe('gap');
    expect(sequencer.check(2, 1, true)).toBe('next');
    expect(sequencer.check(3, 5)).toBe('next'); // without it, any first seq starts the count
  });
});
