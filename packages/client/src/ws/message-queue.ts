// A subscription's messages between the socket and its consumer: queued until read, handed straight to a waiting
// `next()` (each concurrent `next()` gets its own message, in call order), and ended or failed exactly once.

export class MessageQueue<T> {
  private readonly items: T[] = [];
  private readonly waiters: { resolve(result: IteratorResult<T>): void; reject(error: Error): void }[] = [];
  private ended = false;
  private failure: Error | undefined;

  get length(): number {
    return this.items.length;
  }

  get isEnded(): boolean {
    return this.ended;
  }

  /** Hands the message to the oldest waiting `next()`, or queues it. Ignored once ended. */
  push(item: T): void {
    if (this.ended) return;
    const waiter = this.waiters.shift();
    if (waiter) waiter.resolve({ value: item, done: false });
    else this.items.push(item);
  }

  /** The queued message at `index` (0: the oldest, the next one read; -1: the newest). */
  at(index: number): T | undefined {
    return this.items.at(index);
  }

  /** Removes the queued message at `index` (0: the oldest). */
  removeAt(index: number): void {
    this.items.splice(index, 1);
  }

  /** Puts a message in front of the queued ones (only while some are queued, so no reader is waiting). */
  unshift(item: T): void {
    this.items.unshift(item);
  }

  /** Removes the queued messages `discard` picks, keeping the others in order; returns the ones that went. */
  discard(pick: (item: T) => boolean): T[] {
    // In place: a spread of the kept ones (splice) throws RangeError past the engine's argument limit (~125,000).
    const removed: T[] = [];
    let kept = 0;
    for (const item of this.items) {
      if (pick(item)) removed.push(item);
      else this.items[kept++] = item;
    }
    this.items.length = kept;
    return removed;
  }

  /** Queued messages first; then the failure (once), then done. */
  next(): Promise<IteratorResult<T>> {
    if (this.items.length) return Promise.resolve({ value: this.items.shift() as T, done: false });
    if (this.failure) {
      const failure = this.failure;
      this.failure = undefined;
      return Promise.reject(failure);
    }
    if (this.ended) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve, reject) => this.waiters.push({ resolve, reject }));
  }

  /** No more messages: every waiting `next()` resolves done; what is queued can still be read. */
  end(): void {
    this.ended = true;
    for (const waiter of this.waiters.splice(0)) waiter.resolve({ value: undefined, done: true });
  }

  /** Ends with an error: the first waiting (or the next) `next()` after the queued messages rejects with it. */
  fail(error: Error): void {
    if (this.ended) return;
    const [first, ...rest] = this.waiters.splice(0);
    if (first) first.reject(error);
    else this.failure = error;
    this.ended = true;
    for (const waiter of rest) waiter.resolve({ value: undefined, done: true });
  }
}
